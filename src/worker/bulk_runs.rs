//! The worker's journalled runs through the bulk engine: one user's deletion, a change for many
//! users, an undo, and the journal as the view lists it; a run's progress is sent as it goes.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::bulk::{
    Bulk, BulkReport, CancelFlag, ChangeJob, DeleteJob, Failure, ItemResult, Progress, SkipReason,
};
use crate::change::DeletePlan;
use crate::directory::{Attribute, DirectoryError};
use crate::journal::JournalLine;
use crate::retry::RunWaits;

use super::{Deleted, RequestId, Response, Shared};

/// This pool's journal entries, newest first, as the view lists them.
pub(super) fn read_journal(bulk: &Bulk) -> Result<Vec<JournalLine>, String> {
    let Some(journal) = bulk.journal() else {
        return Err("no journal".into());
    };
    let contents = journal.read().map_err(|e| e.to_string())?;
    Ok(contents.lines(bulk.pool_id()))
}

/// One user's deletion through the bulk engine, so it is schema-checked and journalled.
pub(super) async fn delete_journalled(
    bulk: &Bulk,
    plan: &DeletePlan,
) -> Result<Deleted, DirectoryError> {
    let pool = bulk.describe_pool().await?;
    // The review showed each value: one that is not the same now is not what was reviewed,
    // and none is on another person of the same username (another sub).
    let now = bulk.user_now(&plan.username).await?;
    let replaced = plan
        .sub
        .as_deref()
        .is_some_and(|sub| now.attribute("sub") != Some(sub));
    let (reviewed, changed): (Vec<&Attribute>, Vec<&Attribute>) = plan
        .attributes
        .iter()
        .partition(|a| !replaced && now.attribute(&a.name).is_none_or(|value| value == a.value));
    let changed: Vec<String> = changed.iter().map(|a| a.name.clone()).collect();
    if reviewed.is_empty() {
        return Ok(Deleted {
            already_gone: Vec::new(),
            changed,
            replaced,
        });
    }
    let names: Vec<String> = reviewed.iter().map(|a| a.name.clone()).collect();
    let job = DeleteJob {
        usernames: vec![plan.username.clone()],
        attributes: names.clone(),
        dry_run: false,
    };
    let report = bulk
        .delete_attributes(job, &pool, None, &CancelFlag::new())
        .await
        .map_err(|e| DirectoryError::Other {
            code: "NotStarted".into(),
            detail: e.to_string(),
        })?;
    match report.users.into_iter().next().map(|u| u.result) {
        Some(ItemResult::Deleted(deleted)) => Ok(Deleted {
            already_gone: names
                .into_iter()
                .filter(|n| !deleted.iter().any(|a| &a.name == n))
                .collect(),
            changed,
            replaced,
        }),
        // Already gone: the state asked for holds.
        Some(ItemResult::Skipped(SkipReason::NotPresent)) => Ok(Deleted {
            already_gone: names,
            changed,
            replaced,
        }),
        Some(ItemResult::Skipped(SkipReason::UserGone)) => Err(DirectoryError::UserNotFound {
            detail: format!("User {} does not exist.", plan.username),
        }),
        Some(ItemResult::Skipped(reason)) => Err(DirectoryError::InvalidParameter {
            detail: reason.to_string(),
        }),
        Some(ItemResult::Failed(Failure::Directory(e))) => Err(e),
        Some(ItemResult::Failed(other)) => Err(DirectoryError::Other {
            code: "NotConfirmed".into(),
            detail: other.to_string(),
        }),
        Some(other) => Err(DirectoryError::Other {
            code: "Unexpected".into(),
            detail: other.to_string(),
        }),
        None => Err(DirectoryError::Other {
            code: "NoOutcome".into(),
            detail: "the bulk engine reported no outcome".into(),
        }),
    }
}

impl Shared {
    /// The bulk engine in a batch of its own for run `id`, whose stop switch is registered; or
    /// why the run cannot start: a read-only session has no writer, and a session without a
    /// journal changes nothing (`no_journal` says what is off).
    fn start_run(&self, id: RequestId, no_journal: String) -> Result<(Bulk, CancelFlag), String> {
        let bulk = match (&self.bulk, self.access.writer()) {
            (_, None) => return Err(DirectoryError::ReadOnly.to_string()),
            (None, Some(_)) => return Err(no_journal),
            (Some(bulk), Some(_)) => bulk,
        };
        let cancel = CancelFlag::new();
        self.running().insert(id, cancel.clone());
        Ok((bulk.in_new_batch(), cancel))
    }
}

/// One change for many users through the bulk engine, its progress sent as it goes.
pub(super) async fn run_change(
    shared: &Shared,
    id: RequestId,
    job: ChangeJob,
    no_journal: String,
    outbox: UnboundedSender<Response>,
) -> Result<BulkReport, String> {
    let (bulk, cancel) = shared.start_run(id, no_journal)?;
    let bulk = bulk.with_waits(told_to_screen(id, &outbox));
    let pool = bulk.describe_pool().await.map_err(|e| e.to_string())?;
    with_progress(id, outbox, |progress| {
        bulk.apply(job, &pool, Some(progress), &cancel)
    })
    .await
}

/// Undo of journal entries through the bulk engine, the same run as `undo --batch`, its
/// progress sent as it goes (the journal view's `U` shows it for a whole batch).
pub(super) async fn run_undo(
    shared: &Shared,
    id: RequestId,
    ids: &[String],
    outbox: UnboundedSender<Response>,
) -> Result<BulkReport, String> {
    let (bulk, cancel) = shared.start_run(id, "no journal: undo is not possible".to_owned())?;
    let bulk = bulk.with_waits(told_to_screen(id, &outbox));
    with_progress(id, outbox, |progress| {
        bulk.undo(ids, Some(progress), &cancel)
    })
    .await
}

/// Run `id`'s waits for Cognito, as the screen is told of them: one notice for all its users
/// (a deletion from the attribute pane, one user's, says them as a read does).
pub(super) fn told_to_screen(id: RequestId, outbox: &UnboundedSender<Response>) -> RunWaits {
    let outbox = outbox.clone();
    RunWaits::live(move |retrying| {
        // The app may have quit; then nobody waits for the notice.
        let _ = outbox.send(Response::BulkWaiting {
            id,
            retrying: retrying.clone(),
        });
    })
}

/// Runs `run`, given a channel for its progress, while a task sends that progress on as
/// `BulkProgress`; the task ends once the run drops the sender.
async fn with_progress<Run, E>(
    id: RequestId,
    outbox: UnboundedSender<Response>,
    run: impl FnOnce(UnboundedSender<Progress>) -> Run,
) -> Result<BulkReport, String>
where
    Run: Future<Output = Result<BulkReport, E>>,
    E: std::fmt::Display,
{
    let (progress_tx, mut progress_rx) = unbounded_channel::<Progress>();
    // Progress goes out as it comes, while the run goes on.
    let forward = tokio::spawn(async move {
        while let Some(progress) = progress_rx.recv().await {
            if outbox
                .send(Response::BulkProgress { id, progress })
                .is_err()
            {
                break;
            }
        }
    });
    let result = panics_if_asked(run(progress_tx))
        .await
        .map_err(|e| e.to_string());
    // The sender is gone with the run; the forwarder drains what is left and ends.
    let _ = forward.await;
    result
}

/// Test-only: `COGNITO_TUI_TEST_PANIC_IN_RUN=<ms>` makes a bulk run's or an undo's task panic
/// that long after it starts, in debug builds only (release builds ignore it), so a run whose
/// task dies can be tried by hand on the demo pool.
async fn panics_if_asked<T>(run: impl Future<Output = T>) -> T {
    let after = cfg!(debug_assertions)
        .then(|| std::env::var("COGNITO_TUI_TEST_PANIC_IN_RUN").ok())
        .flatten()
        .and_then(|ms| ms.parse().ok())
        .map(Duration::from_millis);
    let Some(after) = after else {
        return run.await;
    };
    tokio::select! {
        done = run => done,
        () = tokio::time::sleep(after) => test_panic(),
    }
}

#[allow(clippy::panic, reason = "the test-only panic switch")]
fn test_panic() -> ! {
    panic!("test-only panic in a run (COGNITO_TUI_TEST_PANIC_IN_RUN)")
}
