//! An account action as a value: what is done to a user, without the user. The review shows it,
//! the journal records it (never a password), the bulk engine carries it out for one user or
//! many, and [`AccountAction::undo`] says how it is reversed. Each action names its Cognito operation
//! once ([`AccountAction::operation`]); the quota category follows from [`Operation::category`].

use std::fmt;

use crate::limiter::Operation;

/// A password typed by the admin. It is never printed, logged, serialised or journalled: its
/// `Debug` hides it and it has no `Display` or `Serialize`; only the call that sends it reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The password itself, for the one call that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(********)")
    }
}

/// What a change does to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAction {
    /// `AdminDeleteUserAttributes`.
    DeleteAttributes { names: Vec<String> },
    /// `AdminUpdateUserAttributes`: set values (a `*_verified` flag is an attribute too).
    SetAttributes { attributes: Vec<(String, String)> },
    /// `AdminDisableUser`.
    Disable,
    /// `AdminEnableUser`.
    Enable,
    /// `AdminUserGlobalSignOut`: every refresh token of the user is revoked.
    GlobalSignOut,
    /// `AdminResetUserPassword`: the password stops working; Cognito sends a code.
    ResetPassword,
    /// `AdminSetUserPassword`: a temporary password (changed at next sign-in) or a permanent one.
    SetPassword { password: Secret, permanent: bool },
    /// `AdminCreateUser` with `MessageAction=RESEND`.
    ResendInvitation,
    /// `AdminConfirmSignUp`.
    ConfirmSignUp,
    /// `AdminAddUserToGroup`.
    AddToGroup { group: String },
    /// `AdminRemoveUserFromGroup`.
    RemoveFromGroup { group: String },
    /// `AdminSetUserMFAPreference` with SMS and TOTP both off. Email MFA (`EMAIL_OTP`), which
    /// a pool of the Essentials or Plus plan may offer, is left as it is: the call is sent
    /// without its settings, as not every pool accepts them.
    ResetMfa,
    /// `AdminSetUserMFAPreference` turning the named methods on (the others off): how a reset
    /// of MFA is undone, from the methods journalled before it.
    SetMfa { sms: bool, totp: bool },
    /// `AdminDeleteUser`.
    DeleteUser,
    /// `AdminCreateUser`; with `send_invitation` false the message is suppressed.
    CreateUser {
        attributes: Vec<(String, String)>,
        temporary_password: Option<Secret>,
        send_invitation: bool,
    },
}

/// How an applied action is reversed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// By another action, built from the state journalled before the change.
    By(&'static str),
    /// It cannot be: the sentence says why, and the review shows it before confirming.
    Impossible(&'static str),
}

impl AccountAction {
    /// The Cognito call that carries it out, and so its quota category.
    pub fn operation(&self) -> Operation {
        use AccountAction::*;
        match self {
            DeleteAttributes { .. } => Operation::AdminDeleteUserAttributes,
            SetAttributes { .. } => Operation::AdminUpdateUserAttributes,
            Disable => Operation::AdminDisableUser,
            Enable => Operation::AdminEnableUser,
            GlobalSignOut => Operation::AdminUserGlobalSignOut,
            ResetPassword => Operation::AdminResetUserPassword,
            SetPassword { .. } => Operation::AdminSetUserPassword,
            ResendInvitation | CreateUser { .. } => Operation::AdminCreateUser,
            ConfirmSignUp => Operation::AdminConfirmSignUp,
            AddToGroup { .. } => Operation::AdminAddUserToGroup,
            RemoveFromGroup { .. } => Operation::AdminRemoveUserFromGroup,
            ResetMfa | SetMfa { .. } => Operation::AdminSetUserMFAPreference,
            DeleteUser => Operation::AdminDeleteUser,
        }
    }

    /// A short name for lists, menus and the journal ("disable", "add to group").
    pub fn label(&self) -> &'static str {
        use AccountAction::*;
        match self {
            DeleteAttributes { .. } => "delete attributes",
            SetAttributes { .. } => "set attributes",
            Disable => "disable",
            Enable => "enable",
            GlobalSignOut => "sign out everywhere",
            ResetPassword => "reset password",
            SetPassword {
                permanent: true, ..
            } => "set permanent password",
            SetPassword { .. } => "set temporary password",
            ResendInvitation => "resend invitation",
            ConfirmSignUp => "confirm sign-up",
            AddToGroup { .. } => "add to group",
            RemoveFromGroup { .. } => "remove from group",
            ResetMfa => "reset MFA",
            SetMfa { .. } => "set MFA",
            DeleteUser => "delete user",
            CreateUser { .. } => "create user",
        }
    }

    /// What will happen, as the review states it: "Disable the user: they cannot sign in".
    pub fn summary(&self) -> String {
        use AccountAction::*;
        match self {
            DeleteAttributes { names } => format!("Delete {}", names.join(", ")),
            SetAttributes { attributes } => format!(
                "Set {}",
                attributes
                    .iter()
                    .map(|(n, v)| format!("{n} = {v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Disable => "Disable the user: they cannot sign in until enabled".into(),
            Enable => "Enable the user: they can sign in again".into(),
            GlobalSignOut => "Sign the user out of every device (refresh tokens revoked)".into(),
            ResetPassword => {
                "Reset the password: the old one stops working, Cognito sends a code".into()
            }
            SetPassword {
                permanent: true, ..
            } => "Set a permanent password (the one typed, never shown)".into(),
            SetPassword { .. } => {
                "Set a temporary password (the one typed): changed at next sign-in".into()
            }
            ResendInvitation => "Resend the invitation message".into(),
            ConfirmSignUp => "Confirm the user's sign-up".into(),
            AddToGroup { group } => format!("Add to group {group}"),
            RemoveFromGroup { group } => format!("Remove from group {group}"),
            ResetMfa => "Turn SMS and TOTP MFA off (email MFA, where set up, stays on)".into(),
            SetMfa { sms, totp } => format!(
                "Turn SMS MFA {} and TOTP MFA {}",
                if *sms { "on" } else { "off" },
                if *totp { "on" } else { "off" }
            ),
            DeleteUser => "Delete the user".into(),
            CreateUser {
                send_invitation, ..
            } => {
                if *send_invitation {
                    "Create the user and send the invitation".into()
                } else {
                    "Create the user without sending a message".into()
                }
            }
        }
    }

    /// What was done, in the past tense, for a report line: "disabled", "added to support".
    pub fn done(&self) -> String {
        use AccountAction::*;
        match self {
            DeleteAttributes { names } => format!("deleted {}", names.join(", ")),
            SetAttributes { attributes } => format!(
                "set {}",
                attributes
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Disable => "disabled".into(),
            Enable => "enabled".into(),
            GlobalSignOut => "signed out everywhere".into(),
            ResetPassword => "password reset".into(),
            SetPassword {
                permanent: true, ..
            } => "permanent password set".into(),
            SetPassword { .. } => "temporary password set".into(),
            ResendInvitation => "invitation resent".into(),
            ConfirmSignUp => "sign-up confirmed".into(),
            AddToGroup { group } => format!("added to {group}"),
            RemoveFromGroup { group } => format!("removed from {group}"),
            ResetMfa => "MFA reset".into(),
            SetMfa { .. } => "MFA preference set".into(),
            DeleteUser => "user deleted".into(),
            CreateUser { .. } => "user created".into(),
        }
    }

    /// Whether `done`, a report line's words from [`Self::done`], says a user was put in or out
    /// of a group (an undo's report holds only these words).
    pub fn done_changes_groups(done: &str) -> bool {
        done.starts_with("added to ") || done.starts_with("removed from ")
    }

    /// How it is undone, or why it cannot be.
    pub fn undo(&self) -> Undo {
        use AccountAction::*;
        match self {
            DeleteAttributes { .. } => Undo::By("the deleted values are set again"),
            SetAttributes { .. } => {
                Undo::By("the previous values are set again (or deleted where there were none)")
            }
            Disable => Undo::By("the user is enabled again"),
            Enable => Undo::By("the user is disabled again"),
            GlobalSignOut => Undo::Impossible("signed-out sessions cannot be restored"),
            ResetPassword => Undo::Impossible(
                "the old password cannot be restored: the user sets a new one with the code",
            ),
            SetPassword { .. } => Undo::Impossible("the previous password cannot be restored"),
            ResendInvitation => Undo::Impossible("a sent message cannot be recalled"),
            ConfirmSignUp => Undo::Impossible("Cognito cannot un-confirm a user"),
            AddToGroup { .. } => Undo::By("the user is removed from the group again"),
            RemoveFromGroup { .. } => Undo::By("the user is added to the group again"),
            ResetMfa => Undo::By("the previous MFA preference is set again"),
            SetMfa { .. } => Undo::By("the previous MFA preference is set again"),
            DeleteUser => Undo::By(
                "the user is created again with the same username, attributes and groups; \
                 the sub, the password, MFA devices and federated links cannot come back",
            ),
            CreateUser { .. } => Undo::By("the user is deleted"),
        }
    }

    /// Whether confirming it for several users asks for their number typed, not `y` alone: it
    /// locks people out, cannot be undone in full, or grants a privilege (a group may be an
    /// admin group). The one table the review (`y`, then the count) and the command line's
    /// question read; every action is named, so a new one is decided here, not by default.
    pub fn needs_typed_count(&self) -> bool {
        use AccountAction::*;
        match self {
            DeleteAttributes { .. }
            | Disable
            | GlobalSignOut
            | ResetPassword
            | AddToGroup { .. }
            | DeleteUser => true,
            SetAttributes { .. }
            | Enable
            | SetPassword { .. }
            | ResendInvitation
            | ConfirmSignUp
            | RemoveFromGroup { .. }
            | ResetMfa
            | SetMfa { .. }
            | CreateUser { .. } => false,
        }
    }

    /// The password it sends, if any: the one value the journal, logs and screens never hold.
    pub fn secret(&self) -> Option<&Secret> {
        match self {
            AccountAction::SetPassword { password, .. } => Some(password),
            AccountAction::CreateUser {
                temporary_password, ..
            } => temporary_password.as_ref(),
            _ => None,
        }
    }
}

/// Whether the MFA method `method` (as `AdminGetUser` names it) is one
/// [`AccountAction::ResetMfa`] and [`AccountAction::SetMfa`] set: SMS and TOTP, not email.
pub fn mfa_method_set_here(method: &str) -> bool {
    matches!(method, "SMS_MFA" | "SOFTWARE_TOKEN_MFA")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::QuotaCategory;

    #[test]
    fn each_action_names_its_operation_and_quota_category() {
        let cases = [
            (
                AccountAction::Disable,
                "AdminDisableUser",
                QuotaCategory::UserUpdate,
            ),
            (
                AccountAction::ResetPassword,
                "AdminResetUserPassword",
                QuotaCategory::UserAccountRecovery,
            ),
            (
                AccountAction::ResendInvitation,
                "AdminCreateUser",
                QuotaCategory::UserCreation,
            ),
            (
                AccountAction::AddToGroup {
                    group: "support".into(),
                },
                "AdminAddUserToGroup",
                QuotaCategory::UserUpdate,
            ),
        ];
        for (action, name, category) in cases {
            assert_eq!(action.operation().name(), name);
            assert_eq!(action.operation().category(), category);
        }
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let action = AccountAction::SetPassword {
            password: Secret::new("hunter2-Secret!"),
            permanent: true,
        };
        let text = format!("{action:?} {}", action.summary());
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(action.secret().unwrap().expose(), "hunter2-Secret!");
    }

    #[test]
    fn destructive_and_irreversible_actions_say_so() {
        assert!(AccountAction::DeleteUser.needs_typed_count());
        assert!(!AccountAction::Enable.needs_typed_count());
        let admins = AccountAction::AddToGroup {
            group: "admins".into(),
        };
        assert!(admins.needs_typed_count(), "a group may grant a privilege");
        assert!(matches!(
            AccountAction::GlobalSignOut.undo(),
            Undo::Impossible(_)
        ));
        assert!(matches!(AccountAction::Disable.undo(), Undo::By(_)));
    }
}
