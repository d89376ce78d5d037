//! The file format: what one line of the journal says. An [`Intent`] (who, which kind of change,
//! the values before and after) is written before the call, an [`Outcome`] with its id after.

use serde::{Deserialize, Serialize};

use super::Kind;

/// The account state a change touches, as read before it (or, for a re-creation, as it
/// rebuilds it). Only what the kind needs is filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Cognito's `UserStatus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// MFA methods set up (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
}

/// One attribute's value before and after the change; `None` is "no value".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Change {
    /// `name` going from `before` to `after` (`None`: no value).
    pub fn new(name: impl Into<String>, before: Option<String>, after: Option<String>) -> Self {
        Self {
            name: name.into(),
            before,
            after,
        }
    }

    /// A deletion of `name`, whose value was `before`.
    pub fn deleted(name: impl Into<String>, before: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            before: Some(before.into()),
            after: None,
        }
    }

    /// `name` set back to `value`, where it had none.
    pub fn restored(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            before: None,
            after: Some(value.into()),
        }
    }
}

/// Written, and synced, before a change is sent. Never holds a password: the action's
/// [`Secret`](crate::change::Secret) is not part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub id: String,
    /// RFC 3339, UTC.
    pub time: String,
    /// The run that wrote it: every intent of one bulk deletion shares it.
    pub batch: String,
    pub pool_id: String,
    pub username: String,
    /// The `sub` of the user changed, as read before the change (`None`: an older version wrote
    /// it, or the change creates the user: then its [`Outcome`] holds it). Undo refuses a user
    /// of this name with another `sub`: deleted and made again since, another person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    pub kind: Kind,
    /// Attribute values before and after: deleted, set, or those of a deleted or created user.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Change>,
    /// The group added to or removed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The account state before the change, as far as undo and `check` need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<AccountState>,
    /// The account state the change sets where attributes do not say it (a re-created user's
    /// groups and enabled flag, the status a password change leads to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<AccountState>,
    /// For an undo: the id of the change it reverses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<String>,
}

impl Intent {
    pub fn names(&self) -> Vec<String> {
        self.attributes.iter().map(|c| c.name.clone()).collect()
    }

    /// Whether it reverses another change (an attribute undo, or the undo of any other kind):
    /// not a change of its own to undo.
    pub fn is_undo(&self) -> bool {
        self.kind == Kind::Undo || self.undo_of.is_some()
    }
}

/// How a change went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The call succeeded.
    Ok,
    /// The call failed; the message says how. Nothing was changed.
    Error,
    /// The server was read afterwards and shows the change applied.
    Verified,
    /// The server was read afterwards and shows the change not applied.
    NotApplied,
}

impl Verdict {
    /// The verdict in words, as the journal view and `journal` print it.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Error => "error",
            Verdict::Verified => "verified",
            Verdict::NotApplied => "not applied",
        }
    }

    /// Whether the server holds the change.
    pub fn applied(self) -> bool {
        matches!(self, Verdict::Ok | Verdict::Verified)
    }
}

/// Written after the call, with the intent's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: String,
    pub time: String,
    pub result: Verdict,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The `sub` of a user the change created, read back after the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Intent(Box<Intent>),
    Outcome(Outcome),
}

/// Ada's intent of `kind`, with nothing else recorded, for tests.
#[cfg(test)]
pub(super) fn intent(kind: Kind) -> Intent {
    Intent {
        id: "1".into(),
        time: String::new(),
        batch: "b".into(),
        pool_id: "p".into(),
        username: "ada".into(),
        sub: None,
        kind,
        attributes: Vec::new(),
        group: None,
        before: None,
        after: None,
        undo_of: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::Contents;

    #[test]
    fn a_line_written_before_account_actions_still_parses() {
        let text = concat!(
            r#"{"type":"intent","id":"19a6f3c2b1e4f-1","time":"2025-06-01T08:00:00Z","batch":"19a6f3c2b1e4f","pool_id":"eu-west-1_AbC","username":"ada","kind":"delete","attributes":[{"name":"locale","before":"en-GB"}]}"#,
            "\n",
            r#"{"type":"outcome","id":"19a6f3c2b1e4f-1","time":"2025-06-01T08:00:00Z","result":"ok"}"#,
            "\n",
            r#"{"type":"intent","id":"19a6f3c2b1e4f-2","time":"2025-06-01T08:01:00Z","batch":"19a6f3c2b1e4f","pool_id":"eu-west-1_AbC","username":"ada","kind":"undo","attributes":[{"name":"locale","after":"en-GB"}],"undo_of":"19a6f3c2b1e4f-1"}"#,
            "\n"
        );
        let contents = Contents::parse(text);
        assert!(contents.unreadable_lines.is_empty());
        let delete = &contents.entries[0];
        assert_eq!(delete.intent.kind, Kind::Delete);
        assert_eq!(delete.intent.before, None);
        assert_eq!(delete.intent.group, None);
        assert!(delete.applied());
        assert_eq!(contents.entries[1].intent.kind, Kind::Undo);
        assert_eq!(contents.lines("eu-west-1_AbC")[1].what, "delete locale");
        // Written again, an old entry reads the same: no new field appears.
        let line = serde_json::to_string(&Record::Intent(Box::new(delete.intent.clone()))).unwrap();
        assert_eq!(line, text.lines().next().unwrap());
    }
}
