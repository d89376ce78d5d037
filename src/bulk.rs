//! The bulk engine: carries out any account action on many users ([`Bulk::apply`]; attribute
//! deletion is one of them), undoes journalled changes, and resolves journal entries left
//! pending — at Cognito's pace, with every user accounted for.
//!
//! Per user, a change is: read what the action changes (`AdminGetUser`, and
//! `AdminListGroupsForUser` for groups and deletion) → skip it when nothing would change, refuse
//! what the schema forbids → journal the intent with the state before → the action's call,
//! within its own quota category → journal the outcome. Calls wait for the [`Limiter`], are
//! retried by the [`RetryPolicy`], and run a few at a time ([`Bulk::with_concurrency`]) so
//! latency is hidden while the quota, not the round trip, sets the pace. A call that fails in a
//! way that leaves the change uncertain (a 5xx, a dropped connection) is settled by reading the
//! user back, so the journal says what the server holds.
//!
//! Every user ends as done, skipped (with the reason) or failed (with the error), in the
//! [`BulkReport`]; [`Progress`] events on a channel feed a gauge while it runs; a [`CancelFlag`]
//! stops new users from being started while those in flight finish.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use thiserror::Error;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::change::{AccountAction, Reviewed};
use crate::directory::{
    Access, Attribute, DirectoryError, DirectoryReader, DirectoryWriter, ListUsersRequest,
    PageSize, PoolInfo, User,
};
use crate::journal::{self, Change, Details, Intent, Journal, Kind, Verdict};
use crate::limiter::{Limiter, Operation};
use crate::retry::{RetryPolicy, RunWaits};
use crate::schema_rules;

/// Users in flight at once unless told otherwise: enough to keep a 25-per-second quota busy
/// over ~100 ms round trips with retries waiting, few enough to be gentle.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// What to delete from whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteJob {
    pub usernames: Vec<String>,
    pub attributes: Vec<String>,
    /// Read and report only: no deletion, no journal entry.
    pub dry_run: bool,
}

/// Stops a run from starting more users; those in flight finish. Cheap to clone and share.
#[derive(Debug, Clone, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A run could not start.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum BulkError {
    #[error("this session is read-only: no change can be sent")]
    ReadOnly,
    #[error("a deletion needs a journal to record the values it removes")]
    NoJournal,
    #[error("no attribute names given")]
    NoAttributes,
    #[error("{0}")]
    Journal(String),
    #[error("{0}")]
    Directory(#[from] DirectoryError),
}

/// The engine over one pool. Cheap to clone: every part is shared.
#[derive(Clone)]
pub struct Bulk {
    reader: Arc<dyn DirectoryReader>,
    writer: Option<Arc<dyn DirectoryWriter>>,
    pool_id: String,
    limiter: Arc<Limiter>,
    retry: RetryPolicy,
    /// Where the calls' waits are told, as one notice for all the users of a run.
    waits: RunWaits,
    journal: Option<Arc<Journal>>,
    /// The journal batch this engine's runs write to; `None`: the journal's own.
    batch: Option<String>,
    concurrency: usize,
}

impl Bulk {
    /// An engine over `access`'s pool (`pool_id` is what the journal records). A read-only
    /// access can only dry-run and resolve.
    pub fn new(
        access: &Access,
        pool_id: impl Into<String>,
        limiter: Arc<Limiter>,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            reader: Arc::clone(access.reader()),
            writer: access.writer().cloned(),
            pool_id: pool_id.into(),
            limiter,
            waits: RunWaits::once(retry.waits),
            retry,
            journal: None,
            batch: None,
            concurrency: DEFAULT_CONCURRENCY,
        }
    }

    pub fn with_journal(mut self, journal: Arc<Journal>) -> Self {
        self.journal = Some(journal);
        self
    }

    /// The same engine writing to a journal batch of its own, so one run of a long session
    /// can be undone as a whole.
    pub fn in_new_batch(&self) -> Self {
        let mut bulk = self.clone();
        bulk.batch = self.journal.as_ref().map(|j| j.new_batch());
        bulk
    }

    /// The same engine telling its calls' waits to `waits` (the screen's, for one run).
    pub fn with_waits(mut self, waits: RunWaits) -> Self {
        self.waits = waits;
        self
    }

    /// Users in flight at once (1..=64).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.clamp(1, 64);
        self
    }

    /// `AdminGetUser` at the engine's quota and retries: the user as the server has it now.
    pub async fn user_now(&self, username: &str) -> Result<User, DirectoryError> {
        self.read_user(username).await
    }

    pub fn journal(&self) -> Option<&Arc<Journal>> {
        self.journal.as_ref()
    }

    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// `DescribeUserPool`, within the UserPoolRead quota and retried.
    pub async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        let reader = &self.reader;
        self.call(Operation::DescribeUserPool, || reader.describe_pool())
            .await
    }

    /// The pool's groups (every page), within the ListGroups quota: a group action checks its
    /// group is one of them before it reads a user.
    pub async fn pool_groups(&self) -> Result<Vec<crate::directory::GroupInfo>, DirectoryError> {
        let reader = &self.reader;
        self.call(Operation::ListGroups, || reader.list_all_groups())
            .await
    }

    /// The usernames matching a Cognito filter expression (every user with `None`), through
    /// every page, in the server's order without repeats. Stops early when cancelled.
    pub async fn list_usernames(
        &self,
        filter: Option<&str>,
        cancel: &CancelFlag,
    ) -> Result<Vec<String>, DirectoryError> {
        let users = self.list_users_seen(filter, cancel).await?;
        Ok(users.into_iter().map(|u| u.username).collect())
    }

    /// The users matching a Cognito filter expression as [`Bulk::list_usernames`] lists them,
    /// each with its `sub`: what a run asked about after the listing holds each user to.
    pub async fn list_users_seen(
        &self,
        filter: Option<&str>,
        cancel: &CancelFlag,
    ) -> Result<Vec<Reviewed>, DirectoryError> {
        let mut names = Vec::new();
        let mut seen = HashSet::new();
        let mut token = None;
        loop {
            let request = ListUsersRequest {
                filter: filter.map(str::to_owned),
                page_size: PageSize::MAX,
                token: token.take(),
            };
            let reader = &self.reader;
            let page = self
                .call(Operation::ListUsers, || reader.list_users(request.clone()))
                .await?;
            for user in page.users {
                if seen.insert(user.username().to_owned()) {
                    names.push(Reviewed::of(&user));
                }
            }
            match page.next_token {
                Some(next) if !cancel.is_cancelled() => token = Some(next),
                _ => return Ok(names),
            }
        }
    }

    /// Each of `usernames` (named on the command line) read as a review holds it, with its
    /// `sub`, and the names the pool has not got, both in the order given. The reads
    /// (`AdminGetUser`) keep to the user-read quota, `concurrency` at a time; a read that fails
    /// otherwise than "no such user" ends it.
    pub async fn read_named(
        &self,
        usernames: &[String],
    ) -> Result<(Vec<Reviewed>, Vec<String>), DirectoryError> {
        use futures_util::{StreamExt, stream};
        let reads: Vec<(&String, Result<User, DirectoryError>)> = stream::iter(
            usernames
                .iter()
                .map(|u| async move { (u, self.read_user(u).await) }),
        )
        .buffered(self.concurrency.max(1))
        .collect()
        .await;
        let (mut seen, mut missing) = (Vec::new(), Vec::new());
        for (username, read) in reads {
            match read {
                Ok(user) => seen.push(Reviewed::of(&user)),
                Err(DirectoryError::UserNotFound { .. }) => missing.push(username.clone()),
                Err(e) => return Err(e),
            }
        }
        Ok((seen, missing))
    }

    /// Deletes `job.attributes` from every user of `job.usernames` (repeats ignored), or with
    /// `dry_run` only reads them and reports what would go: [`Bulk::apply`] with
    /// [`AccountAction::DeleteAttributes`].
    pub async fn delete_attributes(
        &self,
        job: DeleteJob,
        pool: &PoolInfo,
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
    ) -> Result<BulkReport, BulkError> {
        let job = ChangeJob {
            usernames: job.usernames,
            action: AccountAction::DeleteAttributes {
                names: job.attributes,
            },
            dry_run: job.dry_run,
            reviewed: Vec::new(),
        };
        self.apply(job, pool, progress, cancel).await
    }

    /// Journals the outcome of a change and says how the user ends. When some attempt failed
    /// in a way that may have applied it anyway (5xx, lost connection) — so a later answer such
    /// as moto's "attribute does not exist" proves nothing — the user is read back to settle it.
    async fn settle(
        &self,
        journal: &Arc<Journal>,
        intent: &Intent,
        result: Result<(), DirectoryError>,
        uncertain: bool,
        success: ItemResult,
    ) -> (ItemResult, Vec<String>) {
        let mut notes = Vec::new();
        // A user this change made: its `sub`, for the undo to hold to (no undo to hold).
        let creates = intent.kind == Kind::CreateUser && !intent.is_undo();
        let mut created_sub = None;
        let (verdict, message, item) = match result {
            Ok(()) => {
                if creates {
                    created_sub = self
                        .read_user(&intent.username)
                        .await
                        .ok()
                        .and_then(|u| u.attribute("sub").map(str::to_owned));
                }
                (Verdict::Ok, None, success)
            }
            Err(error) if uncertain => {
                match self.read_state(intent).await {
                    Ok((None, _)) if intent.kind != Kind::DeleteUser => (
                        Verdict::NotApplied,
                        Some("the user no longer exists".into()),
                        ItemResult::Skipped(SkipReason::UserGone),
                    ),
                    Ok((user, groups)) => {
                        let (verdict, checked) =
                            journal::check_with_groups(intent, user.as_ref(), groups.as_deref());
                        let message = Some(format!("{checked} after the call failed: {error}"));
                        if creates && verdict.applied() {
                            created_sub = user
                                .as_ref()
                                .and_then(|u| u.attribute("sub").map(str::to_owned));
                        }
                        if verdict.applied() {
                            (verdict, message, success)
                        } else {
                            (
                                Verdict::Error,
                                message,
                                ItemResult::Failed(Failure::Directory(error)),
                            )
                        }
                    }
                    Err(read_error) => {
                        // Unknown either way: leave the intent pending for `journal --resolve`.
                        tracing::warn!(id = %intent.id, "outcome unknown: {error}; then {read_error}");
                        return (
                            ItemResult::Failed(Failure::Uncertain(format!(
                                "{error} — and the user could not be read to check whether the \
                                 change was applied ({read_error}); `journal --resolve` checks later"
                            ))),
                            notes,
                        );
                    }
                }
            }
            Err(DirectoryError::UserNotFound { detail }) => (
                Verdict::Error,
                Some(format!("the user no longer exists ({detail})")),
                ItemResult::Skipped(SkipReason::UserGone),
            ),
            Err(error) => (
                Verdict::Error,
                Some(describe(&error)),
                ItemResult::Failed(Failure::Directory(error)),
            ),
        };
        if let Err(e) = self
            .write_outcome(journal, &intent.id, verdict, message, created_sub)
            .await
        {
            tracing::error!(id = %intent.id, "journal: {e}");
            notes.push(format!(
                "journal: the outcome could not be written ({e}); the entry stays pending"
            ));
        }
        (item, notes)
    }

    // ----------------------------------------------------------------------- plumbing --

    /// Runs `work` over `items` with at most `concurrency` in flight, reporting progress, and
    /// marks the items never started (after a cancel) as skipped. Reports keep the input order.
    async fn run_all<T, F, Fut>(
        &self,
        items: Vec<(String, T)>,
        progress: Option<UnboundedSender<Progress>>,
        cancel: &CancelFlag,
        work: F,
    ) -> (Vec<UserReport>, bool)
    where
        T: Send + 'static,
        F: Fn(String, T) -> Fut,
        Fut: Future<Output = UserReport> + Send + 'static,
    {
        self.waits.users_start();
        let total = items.len();
        let mut reports: Vec<Option<UserReport>> = vec![None; total];
        let mut gauge = Gauge::new(total, progress);
        let mut tasks = JoinSet::new();
        let mut in_flight = HashMap::new();
        let mut queue = items.into_iter().enumerate();
        let mut cancelled = false;
        let mut started = false;
        loop {
            while tasks.len() < self.concurrency && !cancelled {
                if cancel.is_cancelled() {
                    cancelled = true;
                    break;
                }
                let Some((index, (username, item))) = queue.next() else {
                    break;
                };
                let handle = tasks.spawn(work(username.clone(), item));
                in_flight.insert(handle.id(), (index, username));
            }
            if !started {
                // The first gauge counts the users sent: with a server that does not answer,
                // it is all the screen has to say until the timeout.
                started = true;
                gauge.send(tasks.len(), None);
            }
            let report = match tasks.join_next_with_id().await {
                None => break,
                Some(Ok((id, report))) => in_flight.remove(&id).map(|(i, _)| (i, report)),
                Some(Err(e)) => in_flight.remove(&e.id()).map(|(i, username)| {
                    tracing::error!(user = %username, "bulk task died: {e}");
                    let failure = Failure::Crashed(e.to_string());
                    (i, UserReport::new(username, ItemResult::Failed(failure)))
                }),
            };
            if let Some((index, report)) = report {
                gauge.finish(&report.result);
                gauge.send(tasks.len(), Some(report.clone()));
                reports[index] = Some(report);
            }
        }
        for (index, (username, _)) in queue {
            let report = UserReport::new(username, ItemResult::Skipped(SkipReason::Cancelled));
            gauge.finish(&report.result);
            reports[index] = Some(report);
        }
        if cancelled {
            gauge.send(0, None);
        }
        (reports.into_iter().flatten().collect(), cancelled)
    }

    /// A change within its operation's quota, retried; also says whether any attempt failed in
    /// a way that may have applied it all the same.
    async fn mutate<F, Fut>(&self, op: Operation, call: F) -> (Result<(), DirectoryError>, bool)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<(), DirectoryError>>,
    {
        let uncertain = AtomicBool::new(false);
        let result = self
            .call(op, || {
                let attempt = call();
                let uncertain = &uncertain;
                async move {
                    let result = attempt.await;
                    if let Err(error) = &result
                        && may_have_applied(error)
                    {
                        uncertain.store(true, Ordering::Relaxed);
                    }
                    result
                }
            })
            .await;
        (result, uncertain.into_inner())
    }

    /// One call within its quota, retried while the failure is transient. Every attempt takes
    /// its own token: a retry is a request like any other to Cognito. Its waits are told with
    /// the run's others ([`RunWaits`]).
    async fn call<T, F, Fut>(&self, op: Operation, call: F) -> Result<T, DirectoryError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        let limiter = &self.limiter;
        // The waits of every user's calls are counted together: one notice, not one per user.
        let waits = self.waits.call(op.name());
        self.retry
            .run_noticed(
                op.name(),
                || {
                    waits.retrying();
                    let attempt = call();
                    async move {
                        limiter.acquire_for(op).await;
                        attempt.await
                    }
                },
                |wait| waits.notice(wait),
            )
            .await
    }

    async fn read_user(&self, username: &str) -> Result<User, DirectoryError> {
        let reader = &self.reader;
        self.call(Operation::AdminGetUser, || reader.get_user(username))
            .await
    }

    async fn read_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        let reader = &self.reader;
        self.call(Operation::AdminListGroupsForUser, || {
            reader.list_groups(username)
        })
        .await
    }

    /// The user as the server has it now (`None`: gone), with its groups when checking
    /// `intent` needs them.
    async fn read_state(
        &self,
        intent: &Intent,
    ) -> Result<(Option<User>, Option<Vec<String>>), DirectoryError> {
        let user = match self.read_user(&intent.username).await {
            Ok(user) => user,
            Err(DirectoryError::UserNotFound { .. }) => return Ok((None, None)),
            Err(e) => return Err(e),
        };
        let groups = if intent.needs_groups() {
            Some(self.read_groups(&intent.username).await?)
        } else {
            None
        };
        Ok((Some(user), groups))
    }

    /// Writes an intent off the async threads: it waits for the disk.
    async fn write_record(
        &self,
        journal: &Arc<Journal>,
        username: &str,
        details: Details,
    ) -> Result<Intent, String> {
        let (journal, pool_id, username, batch) = (
            Arc::clone(journal),
            self.pool_id.clone(),
            username.to_owned(),
            self.batch.clone(),
        );
        tokio::task::spawn_blocking(move || match batch {
            Some(batch) => journal.record_in(&batch, &pool_id, &username, details),
            None => journal.record(&pool_id, &username, details),
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
    }

    async fn write_outcome(
        &self,
        journal: &Arc<Journal>,
        id: &str,
        verdict: Verdict,
        message: Option<String>,
        sub: Option<String>,
    ) -> Result<(), String> {
        let (journal, id) = (Arc::clone(journal), id.to_owned());
        tokio::task::spawn_blocking(move || {
            journal
                .outcome_with_sub(&id, verdict, message, sub)
                .map(|_| ())
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
    }

    fn batch_if(&self, journalled: bool) -> Option<String> {
        self.journal
            .as_ref()
            .filter(|_| journalled)
            .map(|j| self.batch.clone().unwrap_or_else(|| j.batch().to_owned()))
    }
}

/// Whether a failed mutation may have been applied all the same: a server fault or a lost
/// connection can come after Cognito made the change. Throttling and 4xx errors come before.
fn may_have_applied(error: &DirectoryError) -> bool {
    matches!(
        error,
        DirectoryError::InternalError { .. }
            | DirectoryError::Network { .. }
            | DirectoryError::TimedOut { .. }
            | DirectoryError::Other { .. }
    )
}

/// The error as the journal keeps it: the plain sentence, and the server's words.
fn describe(error: &DirectoryError) -> String {
    let detail = error.detail();
    let text = error.to_string();
    if detail.is_empty() || text.contains(detail) {
        text
    } else {
        format!("{text} ({detail})")
    }
}

/// Reports in the order asked: `slots` holds, per entry asked, the index of its report in
/// `ran` or the report it got without running.
fn in_order(slots: Vec<Result<usize, UserReport>>, ran: Vec<UserReport>) -> Vec<UserReport> {
    let mut ran: Vec<Option<UserReport>> = ran.into_iter().map(Some).collect();
    slots
        .into_iter()
        .filter_map(|slot| match slot {
            Ok(i) => ran.get_mut(i).and_then(Option::take),
            Err(report) => Some(report),
        })
        .collect()
}

/// The list without repeats, first occurrence kept.
fn dedup(list: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    list.into_iter()
        .filter(|s| seen.insert(s.clone()))
        .collect()
}

mod change;
mod report;
mod undo;

pub use change::ChangeJob;

use report::Gauge;
pub use report::{BulkReport, Counts, Failure, ItemResult, Progress, SkipReason, UserReport};

#[cfg(test)]
mod tests;
