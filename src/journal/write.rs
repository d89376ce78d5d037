//! Writing the journal: [`Journal`] appends one line per record and syncs it before the call it
//! records is made.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::{
    AccountState, Change, Contents, Intent, JournalError, Kind, Outcome, Record, Verdict,
    default_path, read,
};

/// What an intent records, before the journal gives it an id and a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub kind: Kind,
    /// The `sub` of the user, as read before the change.
    pub sub: Option<String>,
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
            sub: None,
            attributes: Vec::new(),
            group: None,
            before: None,
            after: None,
            undo_of: None,
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
            sub: details.sub,
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
        self.outcome_with_sub(id, result, message, None)
    }

    /// [`Journal::outcome`] of a change that created a user, with the `sub` it was given.
    pub fn outcome_with_sub(
        &self,
        id: &str,
        result: Verdict,
        message: Option<String>,
        sub: Option<String>,
    ) -> Result<Outcome, JournalError> {
        let outcome = Outcome {
            id: id.to_owned(),
            time: now(),
            result,
            message,
            sub,
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

/// A journal in a folder of its own that does not exist yet, for tests.
#[cfg(test)]
pub(super) fn open_temp() -> (tempfile::TempDir, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(dir.path().join("sub/journal.jsonl")).unwrap();
    (dir, journal)
}

/// Writes the intent to delete `username`'s attribute `name`, whose value is `before`, in pool
/// `p`, for tests.
#[cfg(test)]
pub(super) fn deletion(journal: &Journal, username: &str, name: &str, before: &str) -> Intent {
    journal
        .intent(
            "p",
            username,
            Kind::Delete,
            vec![Change::deleted(name, before)],
            None,
        )
        .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::pending_notice;

    #[test]
    fn intents_and_outcomes_round_trip_and_pending_ones_are_found() {
        let (_dir, journal) = open_temp();
        let a = deletion(&journal, "ada", "locale", "en-GB");
        let b = deletion(&journal, "bob", "locale", "fr");
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
        let intent = deletion(&journal, "ada", "custom:plan", "pro");
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
        let kept = deletion(&first, "ada", "a", "1");
        drop(first);
        // The process died in the middle of writing a line.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"type":"intent","id":"x"#).unwrap();
        drop(file);

        let second = Journal::open(&path).unwrap();
        assert_ne!(second.batch(), kept.batch, "a new run has a new batch id");
        let next = deletion(&second, "bob", "a", "2");
        let contents = second.read().unwrap();
        assert_eq!(contents.unreadable_lines, [2]);
        assert!(contents.find(&kept.id).is_some());
        assert!(contents.find(&next.id).is_some());
    }

    #[test]
    fn a_line_holds_the_kind_by_its_name_and_leaves_out_what_is_empty() {
        let (_dir, journal) = open_temp();
        journal
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
    }
}
