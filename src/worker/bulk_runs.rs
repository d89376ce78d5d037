//! The worker's journalled runs through the bulk engine: one user's deletion, a change for many
//! users, an undo, and the journal as the view lists it; a run's progress is sent as it goes.

use std::time::Duration;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use crate::bulk::{
    Bulk, BulkReport, CancelFlag, ChangeJob, DeleteJob, Failure, ItemResult, Progress, SkipReason,
};
use crate::change::DeletePlan;
use crate::directory::DirectoryError;
use crate::journal::JournalLine;

use super::{Deleted, RequestId, Response};

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
    let job = DeleteJob {
        usernames: vec![plan.username.clone()],
        attributes: plan.names(),
        dry_run: false,
    };
    let report = bulk
        .delete_attributes(job, &pool, None, &CancelFlag::new())
        .await
        .map_err(|e| DirectoryError::Other {
            code: "NotStarted".into(),
            detail: e.to_string(),
        })?;
    let names = plan.names();
    match report.users.into_iter().next().map(|u| u.result) {
        Some(ItemResult::Deleted(deleted)) => Ok(Deleted {
            already_gone: names
                .into_iter()
                .filter(|n| !deleted.iter().any(|a| &a.name == n))
                .collect(),
        }),
        // Already gone: the state asked for holds.
        Some(ItemResult::Skipped(SkipReason::NotPresent)) => Ok(Deleted {
            already_gone: names,
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

/// Undo of journal entries through the bulk engine, the same run as `undo --batch`, its
/// progress sent as it goes (the journal view's `U` shows it for a whole batch).
pub(super) async fn run_undo(
    bulk: &Bulk,
    id: RequestId,
    ids: &[String],
    cancel: &CancelFlag,
    outbox: UnboundedSender<Response>,
) -> Result<BulkReport, String> {
    let (progress_tx, forward) = forward_progress(id, outbox);
    let result = panics_if_asked(bulk.undo(ids, Some(progress_tx), cancel))
        .await
        .map_err(|e| e.to_string());
    let _ = forward.await;
    result
}

/// A channel for a run's progress, and the task that sends it on as `BulkProgress` while the
/// run goes on; the task ends once the run drops the sender.
fn forward_progress(
    id: RequestId,
    outbox: UnboundedSender<Response>,
) -> (UnboundedSender<Progress>, tokio::task::JoinHandle<()>) {
    let (progress_tx, mut progress_rx) = unbounded_channel::<Progress>();
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
    (progress_tx, forward)
}

/// One change for many users through the bulk engine, its progress sent as it goes.
pub(super) async fn run_change(
    bulk: &Bulk,
    id: RequestId,
    job: ChangeJob,
    cancel: &CancelFlag,
    outbox: UnboundedSender<Response>,
) -> Result<BulkReport, String> {
    let pool = bulk.describe_pool().await.map_err(|e| e.to_string())?;
    // Progress goes out as it comes, while the run goes on.
    let (progress_tx, forward) = forward_progress(id, outbox);
    let result = panics_if_asked(bulk.apply(job, &pool, Some(progress_tx), cancel))
        .await
        .map_err(|e| e.to_string());
    // The sender is gone with the run; the forwarder drains what is left and ends.
    let _ = forward.await;
    result
}

/// Test-only: `COGNITO_TUI_TEST_PANIC_IN_RUN=<ms>` makes a bulk run's or an undo's task panic
/// that long after it starts, in debug builds only (release builds ignore it), so a run whose
/// task dies can be tried by hand on the demo pool.
async fn panics_if_asked<T>(run: impl std::future::Future<Output = T>) -> T {
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
