//! The kinds of change the journal records, with their names in the file and whether an applied
//! one can be undone.

use serde::{Deserialize, Serialize};

use crate::change::AccountAction;

/// Declares [`Kind`] from one list of kinds and their names in the file: the names serde reads
/// and writes, [`Kind::name`] and [`Kind::ALL`] cannot drift apart.
macro_rules! kinds {
    ($($(#[$doc:meta])* $kind:ident = $name:literal),+ $(,)?) => {
        /// What a change does: one kind per account action, in snake_case in the file. `delete`
        /// and `undo` are the names of the first journal (attribute deletion and its undo) and
        /// stay so.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Kind {
            $($(#[$doc])* #[serde(rename = $name)] $kind),+
        }

        impl Kind {
            /// Every kind, in the order declared.
            pub const ALL: [Kind; [$($name),+].len()] = [$(Kind::$kind),+];

            /// The name in the file: `delete`, `add_to_group`, …
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => $name),+
                }
            }
        }
    };
}

kinds![
    /// Attributes are deleted (`AdminDeleteUserAttributes`).
    Delete = "delete",
    /// Deleted attributes are put back (`AdminUpdateUserAttributes`).
    Undo = "undo",
    SetAttributes = "set_attributes",
    Disable = "disable",
    Enable = "enable",
    GlobalSignOut = "global_sign_out",
    ResetPassword = "reset_password",
    SetPassword = "set_password",
    ResendInvitation = "resend_invitation",
    ConfirmSignUp = "confirm_sign_up",
    AddToGroup = "add_to_group",
    RemoveFromGroup = "remove_from_group",
    ResetMfa = "reset_mfa",
    SetMfa = "set_mfa",
    DeleteUser = "delete_user",
    CreateUser = "create_user",
];

/// What the undo of a user's deletion cannot put back: the user is created anew.
pub const RECREATED_USER: &str = "re-created without its sub, password, MFA devices or federated \
                                  links; it signs in with a new password";

impl Kind {
    /// Whether the user's own token (self-service) can undo an applied change of this kind: an
    /// attribute deletion or change, put back by `UpdateUserAttributes`; every other undo is an
    /// admin call.
    pub fn undone_with_own_token(self) -> bool {
        matches!(self, Kind::Delete | Kind::SetAttributes)
    }

    /// The kind an action is journalled as.
    pub fn of(action: &AccountAction) -> Kind {
        use AccountAction as A;
        match action {
            A::DeleteAttributes { .. } => Kind::Delete,
            A::SetAttributes { .. } => Kind::SetAttributes,
            A::Disable => Kind::Disable,
            A::Enable => Kind::Enable,
            A::GlobalSignOut => Kind::GlobalSignOut,
            A::ResetPassword => Kind::ResetPassword,
            A::SetPassword { .. } => Kind::SetPassword,
            A::ResendInvitation => Kind::ResendInvitation,
            A::ConfirmSignUp => Kind::ConfirmSignUp,
            A::AddToGroup { .. } => Kind::AddToGroup,
            A::RemoveFromGroup { .. } => Kind::RemoveFromGroup,
            A::ResetMfa => Kind::ResetMfa,
            A::SetMfa { .. } => Kind::SetMfa,
            A::DeleteUser => Kind::DeleteUser,
            A::CreateUser { .. } => Kind::CreateUser,
        }
    }

    /// The kind named `name` in the file, if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether an applied change of this kind can be undone (an undo of attribute deletion
    /// cannot: it is itself the undo).
    pub fn has_undo(self) -> bool {
        self != Kind::Undo && self.undo_refusal().is_none()
    }

    /// Why an applied change of this kind cannot be undone, or `None` when it can: the
    /// sentence [`AccountAction::undo`] gives, so the review and the refusal say the same.
    pub fn undo_refusal(self) -> Option<&'static str> {
        use crate::change::{Secret, Undo};
        let action = match self {
            Kind::GlobalSignOut => AccountAction::GlobalSignOut,
            Kind::ResetPassword => AccountAction::ResetPassword,
            Kind::SetPassword => AccountAction::SetPassword {
                password: Secret::new(""),
                permanent: false,
            },
            Kind::ResendInvitation => AccountAction::ResendInvitation,
            Kind::ConfirmSignUp => AccountAction::ConfirmSignUp,
            _ => return None,
        };
        match action.undo() {
            Undo::Impossible(why) => Some(why),
            Undo::By(_) => None,
        }
    }

    /// What the undo of an applied change of this kind cannot put back, or does beyond
    /// reversing it, in words: said before the undo is confirmed.
    pub fn undo_caveat(self) -> Option<&'static str> {
        match self {
            Kind::DeleteUser => Some(RECREATED_USER),
            Kind::CreateUser => Some("the user is deleted, with any password or sign-ins since"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_a_snake_case_name_and_an_undo_or_a_reason() {
        assert_eq!(Kind::GlobalSignOut.name(), "global_sign_out");
        assert!(Kind::Disable.has_undo() && !Kind::Undo.has_undo());
        assert_eq!(
            Kind::ConfirmSignUp.undo_refusal(),
            Some("Cognito cannot un-confirm a user")
        );
    }

    #[test]
    fn the_file_names_each_kind_by_its_name() {
        for kind in Kind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(Kind::ALL.len(), 16);
        assert_eq!(Kind::from_name("rename"), None);
    }
}
