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
//!
//! The parts, a module each: what a line of the file says (`record`: [`Intent`], [`Outcome`]) and
//! the kinds of change (`kind`); writing (`write`: [`Journal`]); reading (`read`: [`Contents`]);
//! resolving a pending intent against the server (`check`); whether an entry can be undone
//! (`undoable`); an entry in words (`words`) and as the journal view lists it (`lines`).

use std::path::PathBuf;

use thiserror::Error;

mod check;
mod kind;
mod lines;
mod read;
mod record;
mod undoable;
mod words;
mod write;

pub use check::{check, check_with_groups};
pub use kind::{Kind, RECREATED_USER};
pub use lines::{JournalLine, when};
pub use read::{Contents, Entry, NO_SUB_IN_JOURNAL, pending_notice, read};
pub use record::{AccountState, Change, Intent, Outcome, Record, Verdict};
pub use undoable::NotUndoable;
pub use write::{Details, Journal};

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
