//! What the pool's schema and settings say about deleting attributes: refusals, which block a
//! deletion, and warnings, which the review shows without blocking.
//!
//! Cognito itself refuses some of these, but not every implementation does (moto deletes `sub`
//! when asked), so the app refuses them on its own, before any call is sent.

use crate::directory::{PoolInfo, User};

/// Why an attribute cannot be marked for deletion, or `None` when it can.
///
/// `sub` identifies the user for good; required attributes must always have a value; immutable
/// ones can never change once set. Cognito refuses all three; refusing at mark time says why.
pub fn mark_refusal(name: &str, pool: Option<&PoolInfo>) -> Option<String> {
    if let Some(reason) = refusal_without_schema(name) {
        return Some(reason);
    }
    let pool = pool?;
    let Some(schema) = pool.schema_attribute(name) else {
        // An empty schema is an unknown one: let Cognito decide.
        return (!pool.schema.is_empty()).then(|| {
            format!("{name} is not an attribute of the pool's schema; Cognito refuses to delete it")
        });
    };
    if schema.required {
        Some(format!(
            "{name} is required by the pool's schema and cannot be deleted"
        ))
    } else if !schema.mutable {
        Some(format!(
            "{name} is immutable in the pool's schema and cannot be changed or deleted"
        ))
    } else {
        None
    }
}

/// Why Cognito refuses to delete `name` whatever the pool's schema says, or `None`: `sub`, the
/// `identities` of federated users, and the `cognito:` values Cognito keeps itself. Self-service
/// uses this alone, since it cannot read the schema.
pub fn refusal_without_schema(name: &str) -> Option<String> {
    if name == "sub" {
        Some("sub is the user's permanent id and can never be deleted".into())
    } else if name == "identities" {
        Some(
            "identities lists the user's linked sign-in providers; Cognito does not delete it \
             (unlink the provider instead)"
                .into(),
        )
    } else if name.starts_with("cognito:") {
        Some(format!(
            "{name} is kept by Cognito itself and cannot be deleted"
        ))
    } else {
        None
    }
}

/// Why Cognito refuses to set `name` with `AdminUpdateUserAttributes`, or `None`: `sub`, the
/// values Cognito keeps itself, attributes the pool does not have, and immutable ones (set only
/// when the user is created).
pub fn edit_refusal(name: &str, pool: &PoolInfo) -> Option<String> {
    if let Some(reason) = refusal_without_schema(name) {
        return Some(
            reason
                .replace("deleted", "changed")
                .replace("delete", "change"),
        );
    }
    match pool.schema_attribute(name) {
        None if !pool.schema.is_empty() => Some(format!(
            "{name} is not an attribute of the pool's schema; Cognito refuses to set it"
        )),
        Some(schema) if !schema.mutable => Some(format!(
            "{name} is immutable in the pool's schema: it is set only when the user is created"
        )),
        _ => None,
    }
}

/// The names that are not attributes of the pool: Cognito refuses to delete them. Unknown only
/// when the schema is known (not empty).
pub fn not_in_schema<'a>(names: &'a [String], pool: &PoolInfo) -> Vec<&'a str> {
    if pool.schema.is_empty() {
        return Vec::new();
    }
    names
        .iter()
        .filter(|n| pool.schema_attribute(n).is_none())
        .map(String::as_str)
        .collect()
}

/// Consequences of deleting `names` that the admin should read before confirming.
///
/// With a `user`, the warnings are about that user (their MFA methods, the attributes they
/// have); without one (a bulk review, before any user is read) they say what may happen to each
/// user. An empty list means nothing beyond the deletion itself.
pub fn warnings(names: &[String], pool: &PoolInfo, user: Option<&User>) -> Vec<String> {
    let deleting = |name: &str| names.iter().any(|n| n == name);
    let mut out = Vec::new();

    if deleting("phone_number") && sms_mfa_possible(pool) {
        let mfa = pool.mfa_configuration.as_deref().unwrap_or("ON");
        match user.and_then(|u| u.mfa()) {
            Some(methods) if methods.iter().any(|m| m == "SMS_MFA") => out.push(format!(
                "phone_number carries this user's SMS MFA (pool MFA {mfa}): without it the SMS \
                 code cannot be sent{}",
                if mfa == "ON" && methods.len() == 1 {
                    ", and with MFA required and no other method the user cannot sign in"
                } else {
                    ""
                }
            )),
            Some(_) => {}
            None => out.push(format!(
                "the pool's MFA is {mfa}: users who receive their MFA code by SMS lose it with \
                 phone_number{}",
                if mfa == "ON" {
                    " and, with no other method set up, can no longer sign in"
                } else {
                    ""
                }
            )),
        }
    }

    for name in names {
        let has = |n: &str| user.is_none_or(|u| u.attribute(n).is_some());
        if pool.username_attributes.iter().any(|a| a == name) && has(name) {
            out.push(format!(
                "the pool uses {name} as the username: users sign in with it, and without it \
                 they can no longer sign in that way"
            ));
        } else if pool.alias_attributes.iter().any(|a| a == name) && has(name) {
            out.push(format!(
                "{name} is a sign-in alias in this pool: the user can no longer sign in with it"
            ));
        }
    }

    for (address, flag) in [
        ("email", "email_verified"),
        ("phone_number", "phone_number_verified"),
    ] {
        let has = |n: &str| user.is_none_or(|u| u.attribute(n).is_some());
        if deleting(address) && !deleting(flag) && has(address) && has(flag) {
            let value = user
                .and_then(|u| u.attribute(flag))
                .map(|v| format!(" (now {v})"))
                .unwrap_or_default();
            out.push(format!(
                "{address} is deleted but {flag}{value} is not: delete {flag} with it, or it \
                 stays behind with nothing to verify; an undo then restores {address} as \
                 unverified, and Cognito may send the user a verification code"
            ));
        }
        if deleting(flag) && !deleting(address) && has(address) {
            out.push(format!(
                "deleting {flag} but keeping {address} leaves the {address} unverified: it no \
                 longer receives password-reset codes{}",
                if address == "email" {
                    " or, as an alias, sign-ins"
                } else {
                    ""
                }
            ));
        }
    }
    out
}

/// Whether the pool lets users receive MFA codes by SMS at all.
fn sms_mfa_possible(pool: &PoolInfo) -> bool {
    matches!(pool.mfa_configuration.as_deref(), Some("ON" | "OPTIONAL"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::SchemaAttribute;

    fn pool() -> PoolInfo {
        let attr = |name: &str, required, mutable| SchemaAttribute {
            name: name.into(),
            data_type: "String".into(),
            required,
            mutable,
            custom: name.starts_with("custom:"),
        };
        PoolInfo {
            schema: vec![
                attr("sub", true, false),
                attr("email", true, true),
                attr("custom:tenant_id", false, false),
                attr("locale", false, true),
            ],
            ..PoolInfo::default()
        }
    }

    fn user(mfa: &[&str], attributes: &[(&str, &str)]) -> User {
        User::from(crate::directory::UserParts {
            mfa: Some(mfa.iter().map(|m| m.to_string()).collect()),
            ..crate::directory::fixtures::ada(attributes).to_parts()
        })
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn sub_is_refused_even_without_a_schema() {
        assert!(mark_refusal("sub", None).is_some());
    }

    #[test]
    fn required_and_immutable_are_refused_with_the_reason() {
        let p = pool();
        assert!(
            mark_refusal("email", Some(&p))
                .unwrap()
                .contains("required")
        );
        assert!(
            mark_refusal("custom:tenant_id", Some(&p))
                .unwrap()
                .contains("immutable")
        );
        assert_eq!(mark_refusal("locale", Some(&p)), None);
        assert!(
            mark_refusal("not_in_schema", Some(&p))
                .unwrap()
                .contains("not an attribute of the pool's schema")
        );
        assert_eq!(
            mark_refusal("not_in_schema", Some(&PoolInfo::default())),
            None
        );
    }

    #[test]
    fn standard_attributes_missing_from_the_described_schema_can_be_marked() {
        // moto's DescribeUserPool lists few attributes; birthdate is still the pool's.
        let p = pool();
        assert_eq!(mark_refusal("birthdate", Some(&p)), None);
        assert_eq!(mark_refusal("nickname", Some(&p)), None);
    }

    #[test]
    fn identities_and_cognito_values_are_refused_with_the_reason_even_without_a_schema() {
        // Self-service knows no schema (an empty one): these are still refused there.
        let unknown = PoolInfo::default();
        for pool in [None, Some(&pool()), Some(&unknown)] {
            let why = mark_refusal("identities", pool).unwrap();
            assert!(why.contains("sign-in providers"), "{why}");
            let why = mark_refusal("cognito:user_status", pool).unwrap();
            assert!(why.contains("kept by Cognito"), "{why}");
        }
        assert_eq!(refusal_without_schema("locale"), None);
        assert!(refusal_without_schema("sub").is_some());
    }

    #[test]
    fn names_outside_a_known_schema_are_reported() {
        let p = pool();
        let asked = names(&["locale", "nickname", "custom:tenant_id", "custom:plan"]);
        assert_eq!(not_in_schema(&asked, &p), ["custom:plan"]);
        assert!(not_in_schema(&asked, &PoolInfo::default()).is_empty());
    }

    #[test]
    fn phone_number_warns_only_when_the_user_receives_sms_mfa() {
        let mut p = pool();
        let phone = [("phone_number", "+4411"), ("phone_number_verified", "true")];
        let deleting = names(&["phone_number", "phone_number_verified"]);
        p.mfa_configuration = Some("OFF".into());
        assert!(warnings(&deleting, &p, Some(&user(&["SMS_MFA"], &phone))).is_empty());

        p.mfa_configuration = Some("OPTIONAL".into());
        let w = warnings(&deleting, &p, Some(&user(&["SMS_MFA"], &phone)));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("SMS MFA") && !w[0].contains("cannot sign in"));
        assert!(warnings(&deleting, &p, Some(&user(&["SOFTWARE_TOKEN_MFA"], &phone))).is_empty());

        p.mfa_configuration = Some("ON".into());
        let w = warnings(&deleting, &p, Some(&user(&["SMS_MFA"], &phone)));
        assert!(w[0].contains("cannot sign in"), "{w:?}");
        // Without a user (bulk review), the warning says what may happen.
        let w = warnings(&deleting, &p, None);
        assert!(
            w[0].contains("users who receive their MFA code by SMS"),
            "{w:?}"
        );
    }

    #[test]
    fn alias_and_username_attributes_warn() {
        let mut p = pool();
        p.alias_attributes = vec!["preferred_username".into()];
        p.username_attributes = vec!["phone_number".into()];
        let u = user(
            &[],
            &[("preferred_username", "ada"), ("phone_number", "+4411")],
        );
        let w = warnings(&names(&["preferred_username"]), &p, Some(&u));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("sign-in alias"), "{w:?}");
        let w = warnings(&names(&["phone_number"]), &p, Some(&u));
        assert!(w.iter().any(|w| w.contains("as the username")), "{w:?}");
        // Nothing to say about an alias the user does not have.
        let bare = user(&[], &[("locale", "en")]);
        assert!(warnings(&names(&["preferred_username"]), &p, Some(&bare)).is_empty());
        assert!(warnings(&names(&["locale"]), &p, Some(&bare)).is_empty());
    }

    #[test]
    fn deleting_an_address_without_its_verified_flag_warns_and_so_does_the_reverse() {
        let p = pool();
        let u = user(&[], &[("email", "a@x"), ("email_verified", "true")]);
        let w = warnings(&names(&["email"]), &p, Some(&u));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("email_verified (now true) is not"), "{w:?}");
        assert!(warnings(&names(&["email", "email_verified"]), &p, Some(&u)).is_empty());
        let w = warnings(&names(&["email_verified"]), &p, Some(&u));
        assert!(w[0].contains("unverified"), "{w:?}");
        // A user without the flag gets no warning about it.
        let no_flag = user(&[], &[("email", "a@x")]);
        assert!(warnings(&names(&["email"]), &p, Some(&no_flag)).is_empty());
    }
}
