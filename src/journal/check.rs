//! Resolving a pending intent: the user as the server has it now says whether the change was
//! applied (`journal --resolve`, and the undo run's look before it reverses anything).

use crate::directory::User;

use super::{Intent, Kind, Verdict};

impl Intent {
    /// Whether checking it against the server needs the user's groups too.
    pub fn needs_groups(&self) -> bool {
        matches!(self.kind, Kind::AddToGroup | Kind::RemoveFromGroup)
            || self.after.as_ref().is_some_and(|a| a.groups.is_some())
    }
}

/// Compares a pending intent with the user as the server has it now: applied or not.
/// `user` is `None` when the user no longer exists. Group changes need the user's groups:
/// [`check_with_groups`].
pub fn check(intent: &Intent, user: Option<&User>) -> (Verdict, String) {
    check_with_groups(intent, user, None)
}

/// [`check`], with the user's groups (`None` when they were not read).
pub fn check_with_groups(
    intent: &Intent,
    user: Option<&User>,
    groups: Option<&[String]>,
) -> (Verdict, String) {
    let verified = |what: &str| (Verdict::Verified, format!("verified {what}"));
    let not_applied = |why: String| (Verdict::NotApplied, format!("not applied: {why}"));
    let Some(user) = user else {
        return if intent.kind == Kind::DeleteUser {
            verified("deleted")
        } else {
            (Verdict::NotApplied, "the user no longer exists".into())
        };
    };
    let plural = |n: usize| if n == 1 { "s" } else { "ve" };
    // Attributes whose value on the server is not the one the change leaves.
    let differing = || -> Vec<&str> {
        intent
            .attributes
            .iter()
            .filter(|c| c.name != "sub" && user.attribute(&c.name) != c.after.as_deref())
            .map(|c| c.name.as_str())
            .collect()
    };
    let in_group = |group: &str| groups.map(|g| g.iter().any(|x| x == group));
    match intent.kind {
        Kind::Delete => {
            let remaining: Vec<&str> = intent
                .attributes
                .iter()
                .filter(|c| user.attribute(&c.name).is_some())
                .map(|c| c.name.as_str())
                .collect();
            if remaining.is_empty() {
                verified("deleted")
            } else {
                not_applied(format!(
                    "{} still ha{} a value",
                    remaining.join(", "),
                    plural(remaining.len())
                ))
            }
        }
        Kind::Undo | Kind::SetAttributes => {
            let missing = differing();
            if missing.is_empty() {
                verified(if intent.kind == Kind::Undo {
                    "restored"
                } else {
                    "set"
                })
            } else if intent.kind == Kind::Undo {
                not_applied(format!("{} not restored", missing.join(", ")))
            } else {
                not_applied(format!("{} not set", missing.join(", ")))
            }
        }
        Kind::Disable | Kind::Enable => {
            let want = intent.kind == Kind::Enable;
            if user.enabled() == want {
                verified(if want { "enabled" } else { "disabled" })
            } else {
                not_applied(format!(
                    "the user is still {}",
                    if want { "disabled" } else { "enabled" }
                ))
            }
        }
        Kind::ConfirmSignUp => {
            if user.status() == "UNCONFIRMED" {
                not_applied("the user is still UNCONFIRMED".into())
            } else {
                verified("confirmed")
            }
        }
        Kind::ResetPassword | Kind::SetPassword => {
            let was = intent.before.as_ref().and_then(|b| b.status.as_deref());
            match intent.after.as_ref().and_then(|a| a.status.as_deref()) {
                // A status the user had already proves nothing (a temporary password set
                // again on a FORCE_CHANGE_PASSWORD user leaves it so either way).
                Some(status) if was == Some(status) => (
                    Verdict::NotApplied,
                    format!(
                        "unknown: the status was {status} before the call too, so the user's \
                         record cannot show it; repeat it to be sure"
                    ),
                ),
                Some(status) if user.status() == status => verified(&format!("status {status}")),
                Some(status) => not_applied(format!(
                    "the status is {} where the change leads to {status}",
                    user.status()
                )),
                None => {
                    not_applied("the user's record cannot show it; repeat it to be sure".into())
                }
            }
        }
        Kind::GlobalSignOut | Kind::ResendInvitation => not_applied(
            "the user's record cannot show whether it happened; it is safe to repeat".into(),
        ),
        Kind::AddToGroup | Kind::RemoveFromGroup => {
            let group = intent.group.as_deref().unwrap_or_default();
            let want = intent.kind == Kind::AddToGroup;
            match in_group(group) {
                None => not_applied("the user's groups were not read".into()),
                Some(is) if is == want => verified(if want {
                    "in the group"
                } else {
                    "out of the group"
                }),
                Some(_) => not_applied(format!(
                    "the user is {} {group}",
                    if want { "not in" } else { "still in" }
                )),
            }
        }
        Kind::ResetMfa | Kind::SetMfa => {
            let want: Vec<String> = match intent.kind {
                Kind::ResetMfa => Vec::new(),
                _ => intent
                    .after
                    .as_ref()
                    .and_then(|a| a.mfa.clone())
                    .unwrap_or_default(),
            };
            // Only the methods the call sets: email MFA is left as it was.
            let mut have: Vec<String> = user
                .mfa()
                .unwrap_or_default()
                .iter()
                .filter(|m| crate::change::mfa_method_set_here(m))
                .cloned()
                .collect();
            have.sort();
            let mut want = want;
            want.sort();
            if have == want {
                verified("MFA preference")
            } else {
                not_applied(format!("MFA is {:?}", have))
            }
        }
        Kind::DeleteUser => not_applied("the user still exists".into()),
        Kind::CreateUser => {
            let missing = differing();
            let after = intent.after.clone().unwrap_or_default();
            let groups_missing: Vec<&String> = match (&after.groups, groups) {
                (Some(want), Some(have)) => want.iter().filter(|g| !have.contains(g)).collect(),
                _ => Vec::new(),
            };
            if !missing.is_empty() {
                not_applied(format!("{} not as created", missing.join(", ")))
            } else if !groups_missing.is_empty() {
                not_applied(format!(
                    "the user exists but is not in {}",
                    groups_missing
                        .iter()
                        .map(|g| g.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            } else if after.enabled.is_some_and(|e| e != user.enabled()) {
                not_applied("the user exists but its enabled flag is not restored".into())
            } else {
                verified("created")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::intent;
    use crate::journal::{AccountState, Change};

    fn user(attributes: &[(&str, &str)]) -> User {
        crate::directory::fixtures::ada(attributes)
    }

    #[test]
    fn check_compares_an_intent_with_the_server() {
        let delete = Intent {
            attributes: vec![
                Change::deleted("locale", "en"),
                Change::deleted("name", "Ada"),
            ],
            ..intent(Kind::Delete)
        };
        let gone = user(&[("email", "a@x")]);
        assert_eq!(check(&delete, Some(&gone)).0, Verdict::Verified);
        assert_eq!(check(&delete, Some(&gone)).1, "verified deleted");
        let kept = user(&[("locale", "en"), ("name", "Ada")]);
        let (verdict, message) = check(&delete, Some(&kept));
        assert_eq!(verdict, Verdict::NotApplied);
        assert!(
            message.contains("locale, name still have a value"),
            "{message}"
        );
        assert_eq!(check(&delete, None).0, Verdict::NotApplied);

        let undo = Intent {
            kind: Kind::Undo,
            attributes: vec![Change::restored("locale", "en")],
            undo_of: Some("1".into()),
            ..delete
        };
        assert_eq!(check(&undo, Some(&kept)).0, Verdict::Verified);
        assert_eq!(check(&undo, Some(&gone)).0, Verdict::NotApplied);
    }

    #[test]
    fn check_knows_every_kind() {
        let base = intent(Kind::Disable);
        let mut ada = user(&[("locale", "fr")]);
        assert_eq!(check(&base, Some(&ada)).0, Verdict::NotApplied);
        ada.set_enabled(false);
        assert_eq!(check(&base, Some(&ada)).1, "verified disabled");
        let deleted = Intent {
            kind: Kind::DeleteUser,
            ..base.clone()
        };
        assert_eq!(check(&deleted, None).0, Verdict::Verified);
        assert_eq!(check(&deleted, Some(&ada)).0, Verdict::NotApplied);
        let added = Intent {
            kind: Kind::AddToGroup,
            group: Some("support".into()),
            ..base.clone()
        };
        assert!(added.needs_groups());
        let groups = vec!["support".to_owned()];
        assert_eq!(
            check_with_groups(&added, Some(&ada), Some(&groups)).0,
            Verdict::Verified
        );
        assert_eq!(
            check_with_groups(&added, Some(&ada), Some(&[])).0,
            Verdict::NotApplied
        );
        let set = Intent {
            kind: Kind::SetAttributes,
            attributes: vec![Change::new("locale", Some("en".into()), Some("fr".into()))],
            ..base.clone()
        };
        assert_eq!(check(&set, Some(&ada)).0, Verdict::Verified);
        let reset = Intent {
            kind: Kind::ResetPassword,
            after: Some(AccountState {
                status: Some("RESET_REQUIRED".into()),
                ..AccountState::default()
            }),
            ..base.clone()
        };
        assert_eq!(check(&reset, Some(&ada)).0, Verdict::NotApplied);
        ada.set_status("RESET_REQUIRED");
        assert_eq!(check(&reset, Some(&ada)).0, Verdict::Verified);
        // A status the user had before the call proves nothing.
        let again = Intent {
            kind: Kind::SetPassword,
            before: Some(AccountState {
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                ..AccountState::default()
            }),
            after: Some(AccountState {
                status: Some("FORCE_CHANGE_PASSWORD".into()),
                ..AccountState::default()
            }),
            ..base.clone()
        };
        ada.set_status("FORCE_CHANGE_PASSWORD");
        let (verdict, message) = check(&again, Some(&ada));
        assert_eq!(verdict, Verdict::NotApplied, "{message}");
        assert!(message.contains("repeat it to be sure"), "{message}");
        let signed_out = Intent {
            kind: Kind::GlobalSignOut,
            ..base
        };
        assert!(check(&signed_out, Some(&ada)).1.contains("safe to repeat"));
    }
}
