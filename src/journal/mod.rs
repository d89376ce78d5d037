//! The journal: an append-only JSON-lines file of every change the app makes to a pool, so that
//! nothing is lost if the process dies mid-run and every deletion can be undone.
//!
//! Before each mutation an [`Intent`] is written and synced to disk: who, which attributes, and
//! their values before the change (a deletion cannot be undone without them: Cognito keeps no
//! copy, and CloudTrail hides the values). After the call, an [`Outcome`] with the same id says
//! how it went. An intent without an outcome is *pending*: the process stopped between the two,
//! and only the server can say whether the change happened ([`check`] compares).
//!
//! The file is `journal.jsonl` in the platform data dir, mode 0600: it holds user data
//! (attribute values) and nothing else — never tokens, passwords or secrets.
//!
//! ```text
//! {"type":"intent","id":"19a6f3c2b1e4f-1","time":"2025-06-01T08:00:00Z","batch":"19a6f3c2b1e4f","pool_id":"eu-west-1_AbC","username":"ada","kind":"delete","attributes":[{"name":"locale","before":"en-GB"}]}
//! {"type":"outcome","id":"19a6f3c2b1e4f-1","time":"2025-06-01T08:00:00Z","result":"ok"}
//! ```

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::change::AccountAction;
use crate::directory::User;

mod lines;

pub use lines::{JournalLine, when};

/// The journal's file name in the data dir.
pub const FILE_NAME: &str = "journal.jsonl";

/// `<data dir>/journal.jsonl` (`~/.local/share/cognito-tui/journal.jsonl` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cognito-tui").map(|d| d.data_dir().join(FILE_NAME))
}

#[derive(Debug, Error)]
pub enum JournalError {
    #[error("no data directory to keep the journal in; pass --journal FILE")]
    NoDataDir,
    #[error("journal {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("journal: cannot encode a record: {0}")]
    Encode(#[from] serde_json::Error),
}

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

    /// Whether checking it against the server needs the user's groups too.
    pub fn needs_groups(&self) -> bool {
        matches!(self.kind, Kind::AddToGroup | Kind::RemoveFromGroup)
            || self.after.as_ref().is_some_and(|a| a.groups.is_some())
    }

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

/// What an intent records, before the journal gives it an id and a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub kind: Kind,
    pub attributes: Vec<Change>,
    pub group: Option<String>,
    pub before: Option<AccountState>,
    pub after: Option<AccountState>,
    pub undo_of: Option<String>,
}

impl Details {
    pub fn new(kind: Kind) -> Self {
        Self {
            kind,
            attributes: Vec::new(),
            group: None,
            before: None,
            after: None,
            undo_of: None,
        }
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
}

/// Why a journal entry cannot be undone, as far as the journal alone can tell (the server may
/// still show, when the undo runs, that there is nothing left to reverse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotUndoable {
    /// Cognito has no way back from this kind of change; the sentence says why.
    Kind(&'static str),
    /// It is itself an undo.
    IsUndo,
    /// The process stopped between the call and its outcome.
    Pending,
    /// The call failed, or the server showed it not applied: there is nothing to reverse.
    Failed,
    /// An applied undo reverses it already: this entry's id.
    AlreadyUndone(String),
    /// The entry holds no earlier value to put back.
    NothingToRestore,
}

impl std::fmt::Display for NotUndoable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotUndoable::Kind(why) => f.write_str(why),
            NotUndoable::IsUndo => f.write_str("it is an undo itself, not a change to reverse"),
            NotUndoable::Pending => {
                f.write_str("its outcome is unknown; `journal --resolve` checks it first")
            }
            NotUndoable::Failed => f.write_str("the change was not applied, so nothing changed"),
            NotUndoable::AlreadyUndone(by) => write!(f, "it is already undone (by {by})"),
            NotUndoable::NothingToRestore => {
                f.write_str("the journal holds no earlier value to put back")
            }
        }
    }
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Intent(Box<Intent>),
    Outcome(Outcome),
}

/// An intent and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub intent: Intent,
    /// The last outcome written for it; `None` while pending.
    pub outcome: Option<Outcome>,
}

impl Entry {
    pub fn is_pending(&self) -> bool {
        self.outcome.is_none()
    }

    /// Whether the change is known to be on the server.
    pub fn applied(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| o.result.applied())
    }
}

/// The journal as read from disk, in the order the intents were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contents {
    pub entries: Vec<Entry>,
    /// Line numbers (1-based) that could not be read, e.g. a line cut short by a crash.
    pub unreadable_lines: Vec<usize>,
}

impl Contents {
    /// Parses the file's text. Bad lines are counted, not fatal.
    pub fn parse(text: &str) -> Self {
        let mut contents = Contents::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(Record::Intent(intent)) => {
                    index.insert(intent.id.clone(), contents.entries.len());
                    contents.entries.push(Entry {
                        intent: *intent,
                        outcome: None,
                    });
                }
                Ok(Record::Outcome(outcome)) => match index.get(&outcome.id) {
                    Some(&i) => contents.entries[i].outcome = Some(outcome),
                    None => contents.unreadable_lines.push(n + 1),
                },
                Err(_) => contents.unreadable_lines.push(n + 1),
            }
        }
        contents
    }

    pub fn find(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.intent.id == id)
    }

    /// Intents with no outcome: the process stopped between the call and its outcome.
    pub fn pending(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.is_pending())
    }

    /// The entries of one run.
    pub fn batch<'a>(&'a self, batch: &'a str) -> impl Iterator<Item = &'a Entry> {
        self.entries.iter().filter(move |e| e.intent.batch == batch)
    }

    /// Why `entry` cannot be undone, or `None` when it can. The one test the journal view
    /// (which offers `u`) and the undo run (which skips) both apply.
    pub fn why_not_undoable(&self, entry: &Entry) -> Option<NotUndoable> {
        let intent = &entry.intent;
        if let Some(why) = intent.kind.undo_refusal() {
            return Some(NotUndoable::Kind(why));
        }
        if intent.kind == Kind::Undo || intent.undo_of.is_some() {
            return Some(NotUndoable::IsUndo);
        }
        if entry.is_pending() {
            return Some(NotUndoable::Pending);
        }
        if !entry.applied() {
            return Some(NotUndoable::Failed);
        }
        if let Some(undo) = self.undo_of(&intent.id) {
            return Some(NotUndoable::AlreadyUndone(undo.intent.id.clone()));
        }
        let nothing = match intent.kind {
            Kind::Delete => intent.attributes.iter().all(|c| c.before.is_none()),
            Kind::SetAttributes => intent.attributes.iter().all(|c| c.before == c.after),
            Kind::ResetMfa => intent
                .before
                .as_ref()
                .and_then(|b| b.mfa.as_ref())
                .is_none_or(Vec::is_empty),
            _ => false,
        };
        nothing.then_some(NotUndoable::NothingToRestore)
    }

    /// The applied undo of change `id`, if there is one.
    pub fn undo_of(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.intent.undo_of.as_deref() == Some(id) && e.applied())
    }
}

/// Reads a journal file; a missing file is an empty journal.
pub fn read(path: &Path) -> Result<Contents, JournalError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Contents::parse(&text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Contents::default()),
        Err(source) => Err(JournalError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// One sentence for the start of a session when intents are pending, else `None`.
pub fn pending_notice(path: &Path) -> Option<String> {
    let contents = read(path).ok()?;
    let n = contents.pending().count();
    (n > 0).then(|| {
        format!(
            "{n} journalled change{} ha{} no outcome (the process stopped mid-call): \
             `cognito-tui journal --pending` lists them, `--resolve` checks them against the pool",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "ve" }
        )
    })
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

/// The journal open for appending. Shared (`Arc`) by every task of a run; each record is one
/// `write` of one line on an `O_APPEND` file, then `fdatasync`, under a lock.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    batch: String,
    next: AtomicU64,
    runs: AtomicU64,
}

impl Journal {
    /// Opens (creating it, mode 0600, and its folder) the journal at `path`.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, JournalError> {
        let path = path.into();
        let io = |source| JournalError::Io {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(io)?;
        #[cfg(unix)]
        {
            // A file made by hand or by an older version may be wider open: close it.
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
        // A crash can leave a last line without its newline; start ours on a line of its own.
        let len = file.metadata().map_err(io)?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(io)?;
            file.read_exact(&mut last).map_err(io)?;
            if last[0] != b'\n' {
                file.write_all(b"\n").map_err(io)?;
            }
        }
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        Ok(Self {
            path,
            file: Mutex::new(file),
            batch: format!("{millis:x}{:02x}", fastrand::u8(..)),
            next: AtomicU64::new(1),
            runs: AtomicU64::new(1),
        })
    }

    /// Opens the journal at [`default_path`].
    pub fn open_default() -> Result<Self, JournalError> {
        Self::open(default_path().ok_or(JournalError::NoDataDir)?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This run's id, shared by every intent it writes.
    pub fn batch(&self) -> &str {
        &self.batch
    }

    /// Writes and syncs the intent to change `username`'s attributes; returns it with its new id.
    pub fn intent(
        &self,
        pool_id: &str,
        username: &str,
        kind: Kind,
        attributes: Vec<Change>,
        undo_of: Option<String>,
    ) -> Result<Intent, JournalError> {
        self.record(
            pool_id,
            username,
            Details {
                attributes,
                undo_of,
                ..Details::new(kind)
            },
        )
    }

    /// A batch id of its own for one run of a long session (the TUI makes many runs over one
    /// open journal, and `undo --batch` should reverse one run, not the session): this
    /// journal's id with the run's number.
    pub fn new_batch(&self) -> String {
        format!(
            "{}.{}",
            self.batch,
            self.runs.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Writes and syncs the intent of any change; returns it with its new id.
    pub fn record(
        &self,
        pool_id: &str,
        username: &str,
        details: Details,
    ) -> Result<Intent, JournalError> {
        self.record_in(&self.batch, pool_id, username, details)
    }

    /// [`Journal::record`] in batch `batch` (one of [`Journal::new_batch`]'s).
    pub fn record_in(
        &self,
        batch: &str,
        pool_id: &str,
        username: &str,
        details: Details,
    ) -> Result<Intent, JournalError> {
        let intent = Intent {
            id: format!(
                "{}-{}",
                self.batch,
                self.next.fetch_add(1, Ordering::Relaxed)
            ),
            time: now(),
            batch: batch.to_owned(),
            pool_id: pool_id.to_owned(),
            username: username.to_owned(),
            kind: details.kind,
            attributes: details.attributes,
            group: details.group,
            before: details.before,
            after: details.after,
            undo_of: details.undo_of,
        };
        self.append(&Record::Intent(Box::new(intent.clone())))?;
        Ok(intent)
    }

    /// Writes and syncs the outcome of intent `id`.
    pub fn outcome(
        &self,
        id: &str,
        result: Verdict,
        message: Option<String>,
    ) -> Result<Outcome, JournalError> {
        let outcome = Outcome {
            id: id.to_owned(),
            time: now(),
            result,
            message,
        };
        self.append(&Record::Outcome(outcome.clone()))?;
        Ok(outcome)
    }

    /// Reads the whole file again.
    pub fn read(&self) -> Result<Contents, JournalError> {
        read(&self.path)
    }

    fn append(&self, record: &Record) -> Result<(), JournalError> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        let io = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        // A panic elsewhere cannot leave a half-written line behind the lock: keep going.
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(&line).map_err(io)?;
        file.sync_data().map_err(io)
    }
}

/// Now, as RFC 3339 in UTC.
fn now() -> String {
    use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};
    DateTime::from(SystemTime::now())
        .fmt(DateTimeFormat::DateTime)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::Attribute;

    fn user(attributes: &[(&str, &str)]) -> User {
        User::from(crate::directory::UserParts {
            username: "ada".into(),
            status: "CONFIRMED".into(),
            enabled: true,
            created: None,
            last_modified: None,
            mfa: None,
            attributes: attributes
                .iter()
                .map(|(n, v)| Attribute::new(*n, *v))
                .collect(),
        })
    }

    fn open_temp() -> (tempfile::TempDir, Journal) {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open(dir.path().join("sub/journal.jsonl")).unwrap();
        (dir, journal)
    }

    #[test]
    fn intents_and_outcomes_round_trip_and_pending_ones_are_found() {
        let (_dir, journal) = open_temp();
        let a = journal
            .intent(
                "eu-west-1_P",
                "ada",
                Kind::Delete,
                vec![Change::deleted("locale", "en-GB")],
                None,
            )
            .unwrap();
        let b = journal
            .intent(
                "eu-west-1_P",
                "bob",
                Kind::Delete,
                vec![Change::deleted("locale", "fr")],
                None,
            )
            .unwrap();
        assert_ne!(a.id, b.id);
        assert!(a.id.starts_with(journal.batch()));
        journal.outcome(&a.id, Verdict::Ok, None).unwrap();

        let contents = journal.read().unwrap();
        assert_eq!(contents.entries.len(), 2);
        assert!(contents.unreadable_lines.is_empty());
        assert!(contents.find(&a.id).unwrap().applied());
        let pending: Vec<_> = contents
            .pending()
            .map(|e| e.intent.username.as_str())
            .collect();
        assert_eq!(pending, ["bob"]);
        assert_eq!(contents.find(&b.id).unwrap().intent, b);
        assert_eq!(contents.batch(journal.batch()).count(), 2);
        assert!(
            pending_notice(journal.path())
                .unwrap()
                .contains("1 journalled change has")
        );
    }

    #[test]
    fn the_file_is_private_and_holds_only_the_change() {
        let (_dir, journal) = open_temp();
        let intent = journal
            .intent(
                "eu-west-1_P",
                "ada",
                Kind::Delete,
                vec![Change::deleted("custom:plan", "pro")],
                None,
            )
            .unwrap();
        journal
            .outcome(&intent.id, Verdict::Error, Some("Rate exceeded".into()))
            .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(journal.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let text = std::fs::read_to_string(journal.path()).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(
            keys(&lines[0]),
            [
                "attributes",
                "batch",
                "id",
                "kind",
                "pool_id",
                "time",
                "type",
                "username"
            ]
        );
        assert_eq!(lines[0]["attributes"][0]["before"], "pro");
        assert_eq!(keys(&lines[1]), ["id", "message", "result", "time", "type"]);
        assert_eq!(lines[1]["result"], "error");
    }

    #[test]
    fn a_torn_last_line_is_reported_and_the_next_record_starts_a_new_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let first = Journal::open(&path).unwrap();
        let kept = first
            .intent(
                "p",
                "ada",
                Kind::Delete,
                vec![Change::deleted("a", "1")],
                None,
            )
            .unwrap();
        drop(first);
        // The process died in the middle of writing a line.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"type":"intent","id":"x"#).unwrap();
        drop(file);

        let second = Journal::open(&path).unwrap();
        assert_ne!(second.batch(), kept.batch, "a new run has a new batch id");
        let next = second
            .intent(
                "p",
                "bob",
                Kind::Delete,
                vec![Change::deleted("a", "2")],
                None,
            )
            .unwrap();
        let contents = second.read().unwrap();
        assert_eq!(contents.unreadable_lines, [2]);
        assert!(contents.find(&kept.id).is_some());
        assert!(contents.find(&next.id).is_some());
    }

    #[test]
    fn a_missing_journal_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let contents = read(&dir.path().join("none.jsonl")).unwrap();
        assert!(contents.entries.is_empty());
        assert_eq!(pending_notice(&dir.path().join("none.jsonl")), None);
    }

    #[test]
    fn undo_entries_point_back_at_their_deletion() {
        let (_dir, journal) = open_temp();
        let delete = journal
            .intent(
                "p",
                "ada",
                Kind::Delete,
                vec![Change::deleted("a", "1")],
                None,
            )
            .unwrap();
        journal.outcome(&delete.id, Verdict::Ok, None).unwrap();
        let undo = journal
            .intent(
                "p",
                "ada",
                Kind::Undo,
                vec![Change::restored("a", "1")],
                Some(delete.id.clone()),
            )
            .unwrap();
        assert_eq!(journal.read().unwrap().undo_of(&delete.id), None, "pending");
        journal.outcome(&undo.id, Verdict::Verified, None).unwrap();
        let contents = journal.read().unwrap();
        assert_eq!(contents.undo_of(&delete.id).unwrap().intent.id, undo.id);
    }

    #[test]
    fn why_not_undoable_is_what_the_view_and_the_undo_run_both_say() {
        let (_dir, journal) = open_temp();
        let delete = |before: Option<&str>| {
            journal
                .intent(
                    "p",
                    "ada",
                    Kind::Delete,
                    vec![Change::new("a", before.map(str::to_owned), None)],
                    None,
                )
                .unwrap()
        };
        let applied = delete(Some("1"));
        journal.outcome(&applied.id, Verdict::Ok, None).unwrap();
        let pending = delete(Some("1"));
        let failed = delete(Some("1"));
        journal
            .outcome(
                &failed.id,
                Verdict::Error,
                Some("UserNotFound: gone".into()),
            )
            .unwrap();
        let empty = delete(None);
        journal.outcome(&empty.id, Verdict::Ok, None).unwrap();
        let signed_out = journal
            .intent("p", "ada", Kind::GlobalSignOut, Vec::new(), None)
            .unwrap();
        journal.outcome(&signed_out.id, Verdict::Ok, None).unwrap();
        let contents = journal.read().unwrap();
        let why = |id: &str| contents.why_not_undoable(contents.find(id).unwrap());
        assert_eq!(why(&applied.id), None);
        assert_eq!(why(&pending.id), Some(NotUndoable::Pending));
        assert_eq!(why(&failed.id), Some(NotUndoable::Failed));
        assert_eq!(why(&empty.id), Some(NotUndoable::NothingToRestore));
        assert!(matches!(why(&signed_out.id), Some(NotUndoable::Kind(_))));
        let lines = contents.lines("p");
        let failed_line = lines.iter().find(|l| l.id == failed.id).unwrap();
        assert_eq!(failed_line.message.as_deref(), Some("UserNotFound: gone"));
        assert_eq!(
            failed_line.undo_refusal.as_deref(),
            Some("the change was not applied, so nothing changed")
        );
    }

    #[test]
    fn check_compares_an_intent_with_the_server() {
        let delete = Intent {
            id: "1".into(),
            time: String::new(),
            batch: "b".into(),
            pool_id: "p".into(),
            username: "ada".into(),
            kind: Kind::Delete,
            attributes: vec![
                Change::deleted("locale", "en"),
                Change::deleted("name", "Ada"),
            ],
            group: None,
            before: None,
            after: None,
            undo_of: None,
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

    #[test]
    fn each_kind_has_a_snake_case_name_and_words() {
        let (_dir, journal) = open_temp();
        let intent = journal
            .record(
                "p",
                "ada",
                Details {
                    group: Some("support".into()),
                    ..Details::new(Kind::AddToGroup)
                },
            )
            .unwrap();
        let text = std::fs::read_to_string(journal.path()).unwrap();
        assert!(text.contains(r#""kind":"add_to_group""#), "{text}");
        assert!(text.contains(r#""group":"support""#), "{text}");
        assert!(
            !text.contains("attributes"),
            "empty lists are left out: {text}"
        );
        assert_eq!(intent.describe(), "add to group support");
        let undo = Intent {
            kind: Kind::Enable,
            undo_of: Some("x-1".into()),
            ..intent.clone()
        };
        assert_eq!(undo.describe(), "enable (undo of x-1)");
        assert_eq!(Kind::GlobalSignOut.name(), "global_sign_out");
        assert!(Kind::Disable.has_undo() && !Kind::Undo.has_undo());
        assert_eq!(
            Kind::ConfirmSignUp.undo_refusal(),
            Some("Cognito cannot un-confirm a user")
        );
    }

    #[test]
    fn check_knows_every_kind() {
        let base = Intent {
            id: "1".into(),
            time: String::new(),
            batch: "b".into(),
            pool_id: "p".into(),
            username: "ada".into(),
            kind: Kind::Disable,
            attributes: Vec::new(),
            group: None,
            before: None,
            after: None,
            undo_of: None,
        };
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
