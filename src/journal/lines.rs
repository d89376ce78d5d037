//! The journal as the journal view lists it: one line per change, newest first.

use super::{Contents, Kind, NO_SUB_IN_JOURNAL, NotUndoable};

/// One journalled change, as the view lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalLine {
    pub id: String,
    /// The run it was part of: `U` undoes the run's changes together.
    pub batch: String,
    /// It reverses another entry: not one of its run's changes to undo.
    pub is_undo: bool,
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
    /// What the outcome says: Cognito's error for a failed change ("UserNotFound: …"), how a
    /// check went for a resolved one.
    pub message: Option<String>,
    /// Why `u` cannot undo it, in words; `None` when it can.
    pub undo_refusal: Option<String>,
    /// The entry holds no `sub` of the user (an older version wrote it): its undo cannot tell
    /// that user from one deleted and made again since under the same username.
    pub sub_unknown: bool,
}

impl JournalLine {
    /// What its undo cannot put back, or does beyond reversing it, in words: said before the
    /// undo is confirmed.
    pub fn undo_caveat(&self) -> Option<String> {
        let kind = Kind::from_name(&self.kind)?;
        // A deleted user is re-created only where no user has its name: no `sub` to hold.
        let unheld = (self.sub_unknown && kind != Kind::DeleteUser).then_some(NO_SUB_IN_JOURNAL);
        let caveats: Vec<&str> = kind.undo_caveat().into_iter().chain(unheld).collect();
        (!caveats.is_empty()).then(|| caveats.join("; "))
    }
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
                        Some(o) => o.result.words().to_owned(),
                    }
                };
                // The view shows no ids: an undo names the change it reverses and its time.
                let what = match e.intent.undo_of.as_deref().and_then(|of| self.find(of)) {
                    Some(undone) => format!(
                        "{} (undo of {} at {})",
                        e.intent.words(),
                        undone.intent.words(),
                        when(&undone.intent.time)
                    ),
                    None => e.intent.describe(),
                };
                JournalLine {
                    id: e.intent.id.clone(),
                    batch: e.intent.batch.clone(),
                    is_undo: e.intent.is_undo(),
                    time: e.intent.time.clone(),
                    username: e.intent.username.clone(),
                    kind: e.intent.kind.name().to_owned(),
                    names: e.intent.names(),
                    what,
                    state,
                    message: e.outcome.as_ref().and_then(|o| o.message.clone()),
                    undo_refusal: self.why_not_undoable(e).map(|why| match &why {
                        NotUndoable::AlreadyUndone(by) => match self.find(by) {
                            Some(undo) => {
                                format!("it is already undone (at {})", when(&undo.intent.time))
                            }
                            None => why.to_string(),
                        },
                        _ => why.to_string(),
                    }),
                    sub_unknown: e.sub().is_none(),
                }
            })
            .collect()
    }
}

/// An RFC 3339 time as the view shows it: `2025-06-01 08:00:00`.
pub fn when(time: &str) -> String {
    time.replace('T', " ").chars().take(19).collect()
}
