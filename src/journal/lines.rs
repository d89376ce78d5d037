//! The journal as the journal view lists it: one line per change, newest first.

use super::Contents;

/// One journalled change, as the view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    pub id: String,
    pub time: String,
    pub username: String,
    /// The kind as the file names it: `delete`, `undo`, `disable`, `add_to_group`, …
    pub kind: String,
    /// The attributes it touches (deleted, restored, set; those of a deleted or created user).
    pub names: Vec<String>,
    /// What it does, in words: "delete locale", "add to group support", "enable (undo of …)".
    pub what: String,
    /// `ok`, `pending`, `error`, `verified`, `not applied`, or `undone`.
    pub state: String,
}

impl Contents {
    /// This pool's entries, newest first, as the view lists them.
    pub fn lines(&self, pool_id: &str) -> Vec<JournalLine> {
        self.entries
            .iter()
            .rev()
            .filter(|e| e.intent.pool_id == pool_id)
            .map(|e| {
                let state = if self.undo_of(&e.intent.id).is_some() {
                    "undone".to_owned()
                } else {
                    match &e.outcome {
                        None => "pending".to_owned(),
                        Some(o) => format!("{:?}", o.result)
                            .to_lowercase()
                            .replace("notapplied", "not applied"),
                    }
                };
                JournalLine {
                    id: e.intent.id.clone(),
                    time: e.intent.time.clone(),
                    username: e.intent.username.clone(),
                    kind: e.intent.kind.name().to_owned(),
                    names: e.intent.names(),
                    what: e.intent.describe(),
                    state,
                }
            })
            .collect()
    }
}
