//! What a journalled change says in words, for the journal view and the `journal` command:
//! "delete locale", "add to group support", "enable (undo of …)".

use super::{Intent, Kind};

impl Intent {
    /// What it changes, in words, for the journal view and `journal`: "add to group support".
    pub fn describe(&self) -> String {
        let text = self.words();
        match &self.undo_of {
            Some(of) if self.kind != Kind::Undo => format!("{text} (undo of {of})"),
            _ => text,
        }
    }

    /// [`describe`](Self::describe) without the id of the change an undo reverses.
    pub fn words(&self) -> String {
        let names = self.names().join(", ");
        let group = self.group.as_deref().unwrap_or("?");
        match self.kind {
            Kind::Delete => format!("delete {names}"),
            Kind::Undo => format!("restore {names}"),
            Kind::SetAttributes => format!("set {names}"),
            Kind::Disable => "disable".into(),
            Kind::Enable => "enable".into(),
            Kind::GlobalSignOut => "sign out everywhere".into(),
            Kind::ResetPassword => "reset password".into(),
            Kind::SetPassword => "set password".into(),
            Kind::ResendInvitation => "resend invitation".into(),
            Kind::ConfirmSignUp => "confirm sign-up".into(),
            Kind::AddToGroup => format!("add to group {group}"),
            Kind::RemoveFromGroup => format!("remove from group {group}"),
            Kind::ResetMfa => "reset MFA".into(),
            Kind::SetMfa => "restore MFA".into(),
            Kind::DeleteUser => "delete user".into(),
            Kind::CreateUser if self.undo_of.is_some() => "re-create user".into(),
            Kind::CreateUser => "create user".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::intent;

    #[test]
    fn an_intent_says_what_it_changes_and_what_it_undoes() {
        let intent = Intent {
            group: Some("support".into()),
            ..intent(Kind::AddToGroup)
        };
        assert_eq!(intent.describe(), "add to group support");
        let undo = Intent {
            kind: Kind::Enable,
            undo_of: Some("x-1".into()),
            ..intent.clone()
        };
        assert_eq!(undo.describe(), "enable (undo of x-1)");
    }
}
