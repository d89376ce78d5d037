//! Reading the journal: the file's lines paired into [`Entry`]s (an intent and its outcome), and
//! what a run or a session asks of them (the pending ones, a run's, the undo of one).

use std::collections::HashMap;
use std::path::Path;

use super::{Intent, JournalError, Outcome, Record};

/// Said of the undo of an entry that holds no `sub`: it cannot tell the user it was made on
/// from one deleted and made again under the same username since.
pub const NO_SUB_IN_JOURNAL: &str = "the journal entry holds no sub (an older version wrote \
                                     it): undone on whoever has this username now";

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

    /// The `sub` of the user the change was made on: read before it, or, for a user it
    /// created, after. `None`: an older version wrote the entry.
    pub fn sub(&self) -> Option<&str> {
        self.intent
            .sub
            .as_deref()
            .or_else(|| self.outcome.as_ref().and_then(|o| o.sub.as_deref()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::write::{deletion, open_temp};
    use crate::journal::{Change, Kind, Verdict};

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
        let delete = deletion(&journal, "ada", "a", "1");
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
}
