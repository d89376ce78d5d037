//! What a bulk run reports: each user's outcome, the counts, and the progress events a gauge
//! shows while it runs.

use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::time::Instant;

use crate::directory::{Attribute, DirectoryError};
use crate::journal::Verdict;

/// How far back the "current rate" of [`Progress`] looks.
const RATE_WINDOW: Duration = Duration::from_secs(5);

/// Why a user was left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The schema forbids deleting one of the attributes (sub, required, immutable).
    Refused(String),
    /// The user has none of the attributes.
    NotPresent,
    /// The user no longer exists.
    UserGone,
    /// A user named on the command line that the pool has not got: never there, as far as this
    /// run knows (see [`BulkReport::name_unknown_users`]).
    NoSuchUser,
    /// The run was stopped before this user was started.
    Cancelled,
    /// Undo: the entry is not a deletion known to be applied (pending, failed, an undo itself).
    NotUndoable(String),
    /// Undo: the deletion was already undone, by this entry.
    AlreadyUndone(String),
    /// Undo: every attribute has a value again; the warnings say which.
    NothingToRestore,
    /// The journal entry belongs to another pool than this session's.
    OtherPool(String),
    /// The user is already as the action would leave it ("already disabled", "already in
    /// support"), or an undo finds nothing left to reverse.
    Unchanged(String),
    /// The user of this name is not the one the review showed: deleted and made again for
    /// someone else (another `sub`) since. Nothing was sent.
    Replaced,
    /// Undo: the user of this name is not the one the change was made on (another `sub`):
    /// deleted and made again since. Nothing was sent.
    ReplacedSinceChange,
    /// Every value the edit would replace changed since the review: none was set.
    ChangedSinceReview(Vec<String>),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Refused(reason) => write!(f, "refused: {reason}"),
            SkipReason::NotPresent => f.write_str("none of the attributes is present"),
            SkipReason::UserGone => f.write_str("the user no longer exists"),
            SkipReason::NoSuchUser => f.write_str("no such user"),
            SkipReason::Cancelled => f.write_str("stopped before this user was started"),
            SkipReason::NotUndoable(why) => write!(f, "cannot be undone: {why}"),
            SkipReason::AlreadyUndone(by) => write!(f, "already undone by {by}"),
            SkipReason::NothingToRestore => {
                f.write_str("nothing to restore: every attribute has a value again")
            }
            SkipReason::OtherPool(pool) => write!(f, "belongs to pool {pool}, not this one"),
            SkipReason::Unchanged(why) => write!(f, "nothing to do: {why}"),
            SkipReason::Replaced => f.write_str(
                "replaced since the review: the user of this name is another person now (another \
                 sub); nothing was changed",
            ),
            SkipReason::ReplacedSinceChange => f.write_str(
                "the user of this name was deleted and made again since the change (another \
                 sub): another person; not undone",
            ),
            SkipReason::ChangedSinceReview(names) => write!(
                f,
                "changed since the review: {} not set (review again to change the new value)",
                names.join(", ")
            ),
        }
    }
}

/// Why a user failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Cognito said no, or could not be reached, after the retries.
    Directory(DirectoryError),
    /// The intent could not be journalled, so nothing was sent.
    Journal(String),
    /// The call failed in a way that may or may not have applied it, and the user could not be
    /// read to find out: the journal entry stays pending for `journal --resolve`.
    Uncertain(String),
    /// The task handling the user died.
    Crashed(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Directory(e) => write!(f, "{e}"),
            Failure::Journal(e) => write!(f, "not sent, the journal cannot be written: {e}"),
            Failure::Uncertain(e) => write!(f, "{e}"),
            Failure::Crashed(e) => write!(f, "internal error: {e}"),
        }
    }
}

/// What happened to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemResult {
    /// These attributes, with the values they had, were deleted.
    Deleted(Vec<Attribute>),
    /// Dry run: these attributes, with these values, would be deleted.
    WouldDelete(Vec<Attribute>),
    /// Undo: these attributes were given back these values.
    Restored(Vec<Attribute>),
    /// An account action was carried out: what was done, in the past tense ("disabled",
    /// "added to support", "enabled (undo of …)").
    Applied(String),
    /// Dry run: what the action would do to this user ("would disable").
    WouldApply(String),
    /// A pending journal entry was checked against the server and given this outcome.
    Resolved {
        verdict: Verdict,
        message: String,
    },
    Skipped(SkipReason),
    Failed(Failure),
}

/// One plain sentence for the status line and the command line (never Debug output).
impl fmt::Display for ItemResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |attributes: &[Attribute]| {
            attributes
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            ItemResult::Deleted(a) => write!(f, "deleted {}", names(a)),
            ItemResult::WouldDelete(a) => write!(f, "would delete {}", names(a)),
            ItemResult::Restored(a) => write!(f, "restored {}", names(a)),
            ItemResult::Applied(what) => f.write_str(what),
            ItemResult::WouldApply(what) => write!(f, "would {what}"),
            ItemResult::Resolved { message, .. } => write!(f, "resolved: {message}"),
            ItemResult::Skipped(reason) => write!(f, "skipped: {reason}"),
            ItemResult::Failed(failure) => write!(f, "failed: {failure}"),
        }
    }
}

impl ItemResult {
    pub fn is_done(&self) -> bool {
        !matches!(self, ItemResult::Skipped(_) | ItemResult::Failed(_))
    }
}

/// One user's line in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserReport {
    pub username: String,
    /// The journal entry written for this user's change, if any.
    pub journal_id: Option<String>,
    pub result: ItemResult,
    /// Non-blocking remarks: schema warnings, attributes an undo left alone, journal trouble.
    pub warnings: Vec<String>,
}

impl UserReport {
    pub(super) fn new(username: impl Into<String>, result: ItemResult) -> Self {
        Self {
            username: username.into(),
            journal_id: None,
            result,
            warnings: Vec::new(),
        }
    }

    pub(super) fn journalled(mut self, id: &str) -> Self {
        self.journal_id = Some(id.to_owned());
        self
    }

    pub(super) fn warned(mut self, warnings: Vec<String>) -> Self {
        self.warnings.extend(warnings);
        self
    }
}

/// Sent after each user finishes (and once at the start): enough for a live gauge.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Not finished yet, in flight included.
    pub remaining: usize,
    pub in_flight: usize,
    /// Users finished per second over the last few seconds.
    pub rate: f64,
    /// The user that just finished.
    pub last: Option<UserReport>,
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub done: usize,
    pub skipped: usize,
    pub failed: usize,
}

/// The end of a run: one line per user, in the order they were given.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkReport {
    /// The journal batch of this run, when it journalled.
    pub batch: Option<String>,
    pub users: Vec<UserReport>,
    /// The run was stopped before every user was started.
    pub cancelled: bool,
    pub elapsed: Duration,
}

impl BulkReport {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for user in &self.users {
            match user.result {
                ItemResult::Skipped(_) => counts.skipped += 1,
                ItemResult::Failed(_) => counts.failed += 1,
                _ => counts.done += 1,
            }
        }
        counts
    }

    /// Says "no such user" for the users found gone before anything was sent to them, when
    /// their names came from the command line: nothing shows they ever existed, so the name
    /// is most likely a typo. A user journalled first was read, then found gone when the call
    /// was made: deleted during the run, it keeps "no longer exists".
    pub fn name_unknown_users(&mut self) {
        for user in &mut self.users {
            if user.journal_id.is_none()
                && matches!(user.result, ItemResult::Skipped(SkipReason::UserGone))
            {
                user.result = ItemResult::Skipped(SkipReason::NoSuchUser);
            }
        }
    }

    /// Puts in, as skipped (`no such user`), the users of `named` found `unknown` before the
    /// run and so left out of it, each where `named` has it.
    pub fn add_unknown_users(&mut self, named: &[String], unknown: &[String]) {
        if unknown.is_empty() {
            return;
        }
        let unknown: std::collections::HashSet<&String> = unknown.iter().collect();
        let mut ran = std::mem::take(&mut self.users).into_iter().peekable();
        for name in named {
            if unknown.contains(name) {
                self.users.push(UserReport::new(
                    name,
                    ItemResult::Skipped(SkipReason::NoSuchUser),
                ));
            } else if let Some(report) = ran.next_if(|r| &r.username == name) {
                self.users.push(report);
            }
        }
        self.users.extend(ran);
    }

    /// The users named on the command line that the pool has not got.
    pub fn unknown_users(&self) -> usize {
        self.users
            .iter()
            .filter(|u| matches!(u.result, ItemResult::Skipped(SkipReason::NoSuchUser)))
            .count()
    }

    /// The users that failed, to run again.
    pub fn failed_usernames(&self) -> Vec<String> {
        self.users
            .iter()
            .filter(|u| matches!(u.result, ItemResult::Failed(_)))
            .map(|u| u.username.clone())
            .collect()
    }

    /// Users finished per second over the whole run.
    pub fn rate(&self) -> f64 {
        self.users.len() as f64 / self.elapsed.as_secs_f64().max(0.001)
    }
}

/// Counts and the recent rate, for progress events.
pub(super) struct Gauge {
    total: usize,
    counts: Counts,
    recent: VecDeque<Instant>,
    started: Instant,
    sender: Option<UnboundedSender<Progress>>,
}

impl Gauge {
    pub(super) fn new(total: usize, sender: Option<UnboundedSender<Progress>>) -> Self {
        Self {
            total,
            counts: Counts::default(),
            recent: VecDeque::new(),
            started: Instant::now(),
            sender,
        }
    }

    pub(super) fn finish(&mut self, result: &ItemResult) {
        match result {
            ItemResult::Skipped(_) => self.counts.skipped += 1,
            ItemResult::Failed(_) => self.counts.failed += 1,
            _ => self.counts.done += 1,
        }
        let now = Instant::now();
        self.recent.push_back(now);
        while self
            .recent
            .front()
            .is_some_and(|t| now.duration_since(*t) > RATE_WINDOW)
        {
            self.recent.pop_front();
        }
    }

    pub(super) fn rate(&self) -> f64 {
        let window = self.started.elapsed().min(RATE_WINDOW);
        if window < Duration::from_millis(100) {
            return 0.0;
        }
        self.recent.len() as f64 / window.as_secs_f64()
    }

    pub(super) fn send(&self, in_flight: usize, last: Option<UserReport>) {
        let Some(sender) = &self.sender else {
            return;
        };
        let finished = self.counts.done + self.counts.skipped + self.counts.failed;
        // Nobody listening any more is no reason to stop the run.
        let _ = sender.send(Progress {
            total: self.total,
            done: self.counts.done,
            skipped: self.counts.skipped,
            failed: self.counts.failed,
            remaining: self.total.saturating_sub(finished),
            in_flight,
            rate: self.rate(),
            last,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_reads_as_a_plain_sentence() {
        let attributes = vec![
            Attribute::new("locale", "en"),
            Attribute::new("zoneinfo", "UTC"),
        ];
        let cases = [
            (
                ItemResult::Deleted(attributes.clone()),
                "deleted locale, zoneinfo",
            ),
            (
                ItemResult::WouldDelete(attributes.clone()),
                "would delete locale, zoneinfo",
            ),
            (
                ItemResult::Restored(attributes),
                "restored locale, zoneinfo",
            ),
            (
                ItemResult::Applied("added to support".into()),
                "added to support",
            ),
            (ItemResult::WouldApply("disable".into()), "would disable"),
            (
                ItemResult::Skipped(SkipReason::Unchanged("already disabled".into())),
                "skipped: nothing to do: already disabled",
            ),
            (
                ItemResult::Resolved {
                    verdict: Verdict::Verified,
                    message: "the change is on the server".into(),
                },
                "resolved: the change is on the server",
            ),
        ];
        for (result, text) in cases {
            assert_eq!(result.to_string(), text);
            assert!(!result.to_string().contains('"'));
        }
    }
}
