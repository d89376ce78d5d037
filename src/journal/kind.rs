//! The kinds of change the journal records, with their names in the file and whether an applied
//! one can be undone.

use serde::{Deserialize, Serialize};

use crate::change::AccountAction;

/// What a change does: one kind per account action, in snake_case in the file. `delete` and
/// `undo` are the names of the first journal (attribute deletion and its undo) and stay so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Attributes are deleted (`AdminDeleteUserAttributes`).
    Delete,
    /// Deleted attributes are put back (`AdminUpdateUserAttributes`).
    Undo,
    SetAttributes,
    Disable,
    Enable,
    GlobalSignOut,
    ResetPassword,
    SetPassword,
    ResendInvitation,
    ConfirmSignUp,
    AddToGroup,
    RemoveFromGroup,
    ResetMfa,
    SetMfa,
    DeleteUser,
    CreateUser,
}

impl Kind {
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

    /// The name in the file: `delete`, `add_to_group`, …
    pub fn name(self) -> &'static str {
        match self {
            Kind::Delete => "delete",
            Kind::Undo => "undo",
            Kind::SetAttributes => "set_attributes",
            Kind::Disable => "disable",
            Kind::Enable => "enable",
            Kind::GlobalSignOut => "global_sign_out",
            Kind::ResetPassword => "reset_password",
            Kind::SetPassword => "set_password",
            Kind::ResendInvitation => "resend_invitation",
            Kind::ConfirmSignUp => "confirm_sign_up",
            Kind::AddToGroup => "add_to_group",
            Kind::RemoveFromGroup => "remove_from_group",
            Kind::ResetMfa => "reset_mfa",
            Kind::SetMfa => "set_mfa",
            Kind::DeleteUser => "delete_user",
            Kind::CreateUser => "create_user",
        }
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
}
