//! Whether a journal entry can be undone, and why not: the one test the journal view (which
//! offers `u`) and the undo run (which skips) both apply.

use super::{Contents, Entry, Kind};

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

impl Contents {
    /// Why `entry` cannot be undone, or `None` when it can. The one test the journal view
    /// (which offers `u`) and the undo run (which skips) both apply.
    pub fn why_not_undoable(&self, entry: &Entry) -> Option<NotUndoable> {
        let intent = &entry.intent;
        if let Some(why) = intent.kind.undo_refusal() {
            return Some(NotUndoable::Kind(why));
        }
        if intent.is_undo() {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::write::open_temp;
    use crate::journal::{Change, Verdict};

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
}
