//! The background worker: runs directory calls on tokio tasks and answers with [`Response`]s
//! that carry the id of the [`Command`] they answer. The app never awaits a call itself.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};
use tokio::time::Instant;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::browse::{Column, SortDone, SortJob};
use crate::bulk::{
    Bulk, BulkReport, CancelFlag, ChangeJob, DeleteJob, Failure, ItemResult, Progress, SkipReason,
};
use crate::change::{AccountAction, DeletePlan};
use crate::directory::{
    Access, AuthEvent, DirectoryError, GroupInfo, ListUsersRequest, PoolInfo, PoolSummary, User,
    UserPage,
};
use crate::journal::Journal;
use crate::journal::JournalLine;
use crate::limiter::{Limiter, Operation, QuotaCategory, Quotas};
use crate::retry::RetryPolicy;
use crate::search::local::{FilterDone, FilterJob};

/// Identifies a request so its answer can be matched, or dropped when the app has moved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Work for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    ListUsers {
        id: RequestId,
        request: ListUsersRequest,
    },
    GetUser {
        id: RequestId,
        username: String,
    },
    DescribePool {
        id: RequestId,
    },
    DeleteAttributes {
        id: RequestId,
        plan: DeletePlan,
    },
    /// The selected user's groups, for the pane: a newer one replaces a pending one.
    ListGroups {
        id: RequestId,
        username: String,
    },
    /// One row's groups, for the groups column: sent for every row on screen at once, so none
    /// replaces another. Answered with `Groups`, as `ListGroups`.
    RowGroups {
        id: RequestId,
        username: String,
    },
    /// Delete the same attributes from many users, journalled, within the quotas.
    BulkDelete {
        id: RequestId,
        usernames: Vec<String>,
        names: Vec<String>,
    },
    /// Stop starting users of a bulk run; those in flight finish.
    StopBulk {
        id: RequestId,
    },
    ListPools {
        id: RequestId,
    },
    /// This pool's journal, newest first.
    ReadJournal {
        id: RequestId,
    },
    /// Undo journalled changes of any kind that has an undo (answered with `Undone`).
    Undo {
        id: RequestId,
        ids: Vec<String>,
    },
    /// Match the local filter against more users than a keystroke may take; local, no call.
    FilterUsers {
        id: RequestId,
        job: FilterJob,
    },
    /// Sort the loaded users, or merge new ones into their order; local, no call.
    SortUsers {
        id: RequestId,
        job: SortJob,
    },
    /// Save the list's columns for a pool in the config dir.
    SaveColumns {
        id: RequestId,
        pool_id: String,
        columns: Vec<Column>,
    },
    /// Carry out one account action on each user, journalled, within the action's quota.
    /// Answered with `BulkProgress` and `BulkFinished`, like `BulkDelete`.
    Apply {
        id: RequestId,
        usernames: Vec<String>,
        action: AccountAction,
    },
    /// One page of a group's users (`ListUsersInGroup`), answered with `UsersPage`.
    ListUsersInGroup {
        id: RequestId,
        group: String,
        token: Option<String>,
    },
    /// Every group of the pool (`ListGroups`).
    ListAllGroups {
        id: RequestId,
    },
    /// A user's sign-in history (`AdminListUserAuthEvents`).
    AuthEvents {
        id: RequestId,
        username: String,
    },
    /// Write the users shown to a file; local, no call. Answered with `ExportProgress` and
    /// `Exported`.
    ExportView {
        id: RequestId,
        export: Box<crate::export_view::ViewExport>,
    },
    /// Write this pool's saved views to their file; local, no call.
    SaveViews {
        id: RequestId,
        path: std::path::PathBuf,
        pool_id: String,
        views: crate::saved_views::Views,
    },
    /// For the terminal, not the worker: put text on the clipboard (OSC 52).
    Copy {
        text: String,
    },
    /// For the main loop, not the worker: save the recent pools (`recent::save`).
    SaveRecent {
        pools: Vec<crate::app::RecentPool>,
    },
}

impl Command {
    pub fn id(&self) -> RequestId {
        match self {
            Command::ListUsers { id, .. }
            | Command::GetUser { id, .. }
            | Command::DescribePool { id }
            | Command::DeleteAttributes { id, .. }
            | Command::ListGroups { id, .. }
            | Command::RowGroups { id, .. }
            | Command::BulkDelete { id, .. }
            | Command::StopBulk { id }
            | Command::ListPools { id }
            | Command::ReadJournal { id }
            | Command::Undo { id, .. }
            | Command::FilterUsers { id, .. }
            | Command::SortUsers { id, .. }
            | Command::SaveColumns { id, .. }
            | Command::Apply { id, .. }
            | Command::ListAllGroups { id }
            | Command::AuthEvents { id, .. }
            | Command::ExportView { id, .. }
            | Command::ListUsersInGroup { id, .. }
            | Command::SaveViews { id, .. } => *id,
            Command::Copy { .. } | Command::SaveRecent { .. } => RequestId(0),
        }
    }
}

/// The worker's answer to one command.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    UsersPage {
        id: RequestId,
        result: Result<UserPage, DirectoryError>,
    },
    User {
        id: RequestId,
        username: String,
        result: Result<User, DirectoryError>,
    },
    Pool {
        id: RequestId,
        result: Result<PoolInfo, DirectoryError>,
    },
    AttributesDeleted {
        id: RequestId,
        plan: DeletePlan,
        result: Result<Deleted, DirectoryError>,
    },
    Groups {
        id: RequestId,
        username: String,
        result: Result<Vec<String>, DirectoryError>,
    },
    Pools {
        id: RequestId,
        result: Result<Vec<PoolSummary>, DirectoryError>,
    },
    Journal {
        id: RequestId,
        result: Result<Vec<JournalLine>, String>,
    },
    Undone {
        id: RequestId,
        result: Result<BulkReport, String>,
    },
    /// How a bulk run is going; sent at its start and after each user.
    BulkProgress { id: RequestId, progress: Progress },
    /// A bulk run ended: every user's outcome, or why it could not start.
    BulkFinished {
        id: RequestId,
        result: Result<BulkReport, String>,
    },
    /// The pool's groups.
    AllGroups {
        id: RequestId,
        result: Result<Vec<GroupInfo>, DirectoryError>,
    },
    /// A user's sign-in history, newest first.
    AuthEvents {
        id: RequestId,
        username: String,
        result: Result<Vec<AuthEvent>, DirectoryError>,
    },
    /// How far an export of the view has come.
    ExportProgress {
        id: RequestId,
        written: usize,
        total: usize,
    },
    /// The saved views were written, or why not.
    ViewsSaved {
        id: RequestId,
        result: Result<(), String>,
    },
    /// An export of the view ended.
    Exported {
        id: RequestId,
        result: Result<crate::export_view::Exported, crate::export_view::ExportError>,
    },
    /// The local filter's background pass is done.
    Filtered { id: RequestId, done: FilterDone },
    /// A background sort is done.
    Sorted { id: RequestId, done: SortDone },
    /// The columns were saved, or why not.
    ColumnsSaved {
        id: RequestId,
        result: Result<(), String>,
    },
    /// The task running a command died; the command's outcome is unknown.
    Crashed { id: RequestId, message: String },
    /// A detail load replaced by a newer one for another user before it finished: its read was
    /// not sent, or its answer not awaited. The app has moved on and drops it.
    Superseded { id: RequestId },
}

/// The handle the app keeps: where to send commands, and the task to watch.
pub struct Worker {
    pub commands: CommandSender,
    pub task: JoinHandle<()>,
}

/// Sends commands to the worker.
#[derive(Clone)]
pub struct CommandSender(UnboundedSender<Command>);

impl CommandSender {
    /// Queues a command. Fails only when the worker has stopped.
    pub fn send(&self, command: Command) -> Result<(), WorkerStopped> {
        self.0.send(command).map_err(|_| WorkerStopped)
    }
}

/// How the worker calls the directory.
#[derive(Clone)]
pub struct WorkerOptions {
    pub retry: RetryPolicy,
    /// Where mutations are journalled. With one, every deletion goes through the bulk engine:
    /// schema checks, the journal, the quotas. The app always runs with one; tests of the
    /// plain directory calls may run without.
    pub journal: Option<Arc<Journal>>,
    pub quotas: Quotas,
}

impl WorkerOptions {
    pub fn new(retry: RetryPolicy) -> Self {
        Self {
            retry,
            journal: None,
            quotas: Quotas::default(),
        }
    }
}

/// How long a detail load (`GetUser`, `ListGroups`: the selected user's AdminGetUser and
/// AdminListGroupsForUser) waits before its read is sent when it follows the previous one within
/// this time. Moving the cursor fast asks for a user per row passed; a load that is replaced in
/// the meantime is never sent, so only the row the cursor stops on is read. A single move, after
/// a pause, is read at once; a stop after fast moves is read this much later, too short to see.
pub const DETAIL_SETTLE: Duration = Duration::from_millis(60);

/// The latest detail load of one kind: when it arrived, and whom the task running it reads.
#[derive(Default)]
struct DetailLoads {
    arrived: Option<Instant>,
    pending: Option<(String, AbortHandle)>,
}

impl DetailLoads {
    /// A load of `username` arrives: the pending load of another user is aborted (the app
    /// only waits for the latest), and the answer is how long the new load waits first.
    /// A repeated read of the same user (`r`, the read after a deletion) is asked for on
    /// purpose and runs.
    fn arrive(&mut self, username: &str) -> Duration {
        let now = Instant::now();
        let wait = match self.arrived {
            Some(previous) if now.duration_since(previous) < DETAIL_SETTLE => DETAIL_SETTLE,
            _ => Duration::ZERO,
        };
        self.arrived = Some(now);
        if let Some((previous, task)) = self.pending.take()
            && previous != username
        {
            task.abort();
        }
        wait
    }

    fn started(&mut self, username: &str, task: AbortHandle) {
        self.pending = Some((username.to_owned(), task));
    }
}

/// What every task of the worker shares.
struct Shared {
    access: Access,
    retry: RetryPolicy,
    bulk: Option<Bulk>,
    limiter: Arc<Limiter>,
    /// Stop switches of the bulk runs in progress.
    running: Mutex<HashMap<RequestId, CancelFlag>>,
}

impl Worker {
    /// Starts the worker on the current tokio runtime, without a journal.
    pub fn spawn(access: Access, retry: RetryPolicy) -> (Worker, UnboundedReceiver<Response>) {
        Self::spawn_with(access, WorkerOptions::new(retry), "")
    }

    /// Starts the worker; `pool_id` is what the journal records for this session's changes.
    pub fn spawn_with(
        access: Access,
        options: WorkerOptions,
        pool_id: &str,
    ) -> (Worker, UnboundedReceiver<Response>) {
        let (commands, mut inbox) = unbounded_channel::<Command>();
        let (outbox, responses) = unbounded_channel();
        // One limiter for every call of the session: the screen's reads and bulk runs share
        // the account's quotas.
        let limiter = Arc::new(Limiter::new(&options.quotas));
        let bulk = options.journal.map(|journal| {
            Bulk::new(&access, pool_id, Arc::clone(&limiter), options.retry).with_journal(journal)
        });
        let shared = Arc::new(Shared {
            access,
            retry: options.retry,
            bulk,
            limiter,
            running: Mutex::new(HashMap::new()),
        });
        let task = tokio::spawn(async move {
            let (mut user_loads, mut group_loads) =
                (DetailLoads::default(), DetailLoads::default());
            while let Some(command) = inbox.recv().await {
                if let Command::StopBulk { id } = &command {
                    if let Some(flag) = shared.running().get(id) {
                        flag.cancel();
                    }
                    continue;
                }
                let mut detail = match &command {
                    Command::GetUser { username, .. } => Some((&mut user_loads, username.clone())),
                    Command::ListGroups { username, .. } => {
                        Some((&mut group_loads, username.clone()))
                    }
                    _ => None,
                };
                let wait = match &mut detail {
                    Some((loads, username)) => loads.arrive(username),
                    None => Duration::ZERO,
                };
                let id = command.id();
                let call = tokio::spawn(run_after(
                    wait,
                    command,
                    Arc::clone(&shared),
                    outbox.clone(),
                ));
                if let Some((loads, username)) = detail {
                    loads.started(&username, call.abort_handle());
                }
                let shared = Arc::clone(&shared);
                let outbox = outbox.clone();
                tokio::spawn(async move {
                    // A panic inside the call must not lose the answer: report it instead.
                    let response = match call.await {
                        Ok(response) => response,
                        Err(e) if e.is_cancelled() => Response::Superseded { id },
                        Err(e) => Response::Crashed {
                            id,
                            message: e.to_string(),
                        },
                    };
                    shared.running().remove(&id);
                    // The app may have quit; then nobody waits for the answer.
                    let _ = outbox.send(response);
                });
            }
        });
        (
            Worker {
                commands: CommandSender(commands),
                task,
            },
            responses,
        )
    }
}

impl Shared {
    fn running(&self) -> std::sync::MutexGuard<'_, HashMap<RequestId, CancelFlag>> {
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the background worker has stopped")]
pub struct WorkerStopped;

/// Runs `command` after `wait` (a detail load's settle time; zero for everything else).
async fn run_after(
    wait: Duration,
    command: Command,
    shared: Arc<Shared>,
    outbox: UnboundedSender<Response>,
) -> Response {
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
    run(command, shared, outbox).await
}

async fn run(command: Command, shared: Arc<Shared>, outbox: UnboundedSender<Response>) -> Response {
    let (access, retry) = (&shared.access, shared.retry);
    let reader = access.reader();
    // Every attempt, retries included, waits for its quota's token.
    let limited = |category: QuotaCategory| {
        let limiter = Arc::clone(&shared.limiter);
        async move { limiter.acquire(category).await }
    };
    match command {
        Command::ListUsers { id, request } => Response::UsersPage {
            id,
            result: retry
                .run("ListUsers", || async {
                    limited(QuotaCategory::UserList).await;
                    reader.list_users(request.clone()).await
                })
                .await,
        },
        Command::ListUsersInGroup { id, group, token } => Response::UsersPage {
            id,
            result: retry
                .run(Operation::ListUsersInGroup.name(), || async {
                    limited(Operation::ListUsersInGroup.category()).await;
                    reader.list_users_in_group(&group, token.clone()).await
                })
                .await,
        },
        Command::GetUser { id, username } => {
            let result = retry
                .run("AdminGetUser", || async {
                    limited(QuotaCategory::UserRead).await;
                    reader.get_user(&username).await
                })
                .await;
            Response::User {
                id,
                username,
                result,
            }
        }
        Command::ListGroups { id, username } | Command::RowGroups { id, username } => {
            let result = retry
                .run("AdminListGroupsForUser", || async {
                    limited(Operation::AdminListGroupsForUser.category()).await;
                    reader.list_groups(&username).await
                })
                .await;
            Response::Groups {
                id,
                username,
                result,
            }
        }
        Command::ListPools { id } => {
            let mut result = retry
                .run(Operation::ListUserPools.name(), || async {
                    limited(Operation::ListUserPools.category()).await;
                    reader.list_pools().await
                })
                .await;
            // ListUserPools does not count users: one DescribeUserPool per pool, each within
            // the UserPoolRead quota. A pool that cannot be described shows no count.
            if let Ok(pools) = &mut result {
                for pool in pools.iter_mut().filter(|p| p.estimated_users.is_none()) {
                    limited(Operation::DescribeUserPool.category()).await;
                    pool.estimated_users = reader.pool_size(&pool.id).await.ok().flatten();
                }
            }
            Response::Pools { id, result }
        }
        Command::DescribePool { id } => Response::Pool {
            id,
            result: retry
                .run("DescribeUserPool", || async {
                    limited(QuotaCategory::UserPoolRead).await;
                    reader.describe_pool().await
                })
                .await,
        },
        Command::DeleteAttributes { id, plan } => {
            let result = match (&shared.bulk, access.writer()) {
                (_, None) => Err(DirectoryError::ReadOnly),
                (Some(bulk), Some(_)) => delete_journalled(bulk, &plan).await,
                (None, Some(writer)) => {
                    let names = plan.names();
                    retry
                        .run("AdminDeleteUserAttributes", || {
                            writer.delete_attributes(&plan.username, &names)
                        })
                        .await
                        .map(|()| Deleted::default())
                }
            };
            match &result {
                Ok(_) => tracing::info!(user = %plan.username, "attributes deleted"),
                Err(e) => {
                    tracing::error!(user = %plan.username, detail = e.detail(), "delete failed: {e}")
                }
            }
            Response::AttributesDeleted { id, plan, result }
        }
        Command::BulkDelete {
            id,
            usernames,
            names,
        } => {
            let result = match (&shared.bulk, access.writer()) {
                (_, None) => Err(DirectoryError::ReadOnly.to_string()),
                (None, Some(_)) => Err("no journal: bulk deletion is disabled".to_owned()),
                (Some(bulk), Some(_)) => {
                    let cancel = CancelFlag::new();
                    shared.running().insert(id, cancel.clone());
                    let job = ChangeJob {
                        usernames,
                        action: AccountAction::DeleteAttributes { names },
                        dry_run: false,
                    };
                    run_change(&bulk.in_new_batch(), id, job, &cancel, outbox).await
                }
            };
            Response::BulkFinished { id, result }
        }
        Command::ReadJournal { id } => Response::Journal {
            id,
            result: match &shared.bulk {
                Some(bulk) => read_journal(bulk),
                None => {
                    Err("this session keeps no journal (read-only sessions change nothing)".into())
                }
            },
        },
        Command::Undo { id, ids } => {
            let result = match (&shared.bulk, access.writer()) {
                (_, None) => Err(DirectoryError::ReadOnly.to_string()),
                (None, Some(_)) => Err("no journal: undo is not possible".to_owned()),
                (Some(bulk), Some(_)) => {
                    let cancel = CancelFlag::new();
                    shared.running().insert(id, cancel.clone());
                    run_undo(&bulk.in_new_batch(), id, &ids, &cancel, outbox).await
                }
            };
            Response::Undone { id, result }
        }
        Command::FilterUsers { id, job } => {
            // CPU-bound: off the async threads, so answers to other commands are not held up.
            match tokio::task::spawn_blocking(move || job.run()).await {
                Ok(done) => Response::Filtered { id, done },
                Err(e) => Response::Crashed {
                    id,
                    message: format!("the local filter stopped: {e}"),
                },
            }
        }
        Command::ExportView { id, export } => {
            let total = export.len();
            let progress = outbox.clone();
            // Blocking file IO over up to a million users: off the async threads.
            let run = tokio::task::spawn_blocking(move || {
                export.run(|written| {
                    let _ = progress.send(Response::ExportProgress { id, written, total });
                })
            });
            match run.await {
                Ok(result) => Response::Exported { id, result },
                Err(e) => Response::Crashed {
                    id,
                    message: format!("the export stopped: {e}"),
                },
            }
        }
        Command::SaveViews {
            id,
            path,
            pool_id,
            views,
        } => {
            let write = tokio::task::spawn_blocking(move || {
                crate::saved_views::save_to(&path, &pool_id, &views)
            });
            Response::ViewsSaved {
                id,
                result: write
                    .await
                    .unwrap_or_else(|e| Err(format!("saving the views stopped: {e}"))),
            }
        }
        Command::SortUsers { id, job } => {
            match tokio::task::spawn_blocking(move || job.run()).await {
                Ok(done) => Response::Sorted { id, done },
                Err(e) => Response::Crashed {
                    id,
                    message: format!("the sort stopped: {e}"),
                },
            }
        }
        Command::SaveColumns {
            id,
            pool_id,
            columns,
        } => {
            let result =
                tokio::task::spawn_blocking(move || crate::browse::saved::save(&pool_id, &columns))
                    .await
                    .unwrap_or_else(|e| Err(format!("saving the columns stopped: {e}")));
            Response::ColumnsSaved { id, result }
        }
        Command::StopBulk { id } => Response::Crashed {
            id,
            message: "a stop request reached a task".into(),
        },
        Command::ListAllGroups { id } => Response::AllGroups {
            id,
            result: retry
                .run(Operation::ListGroups.name(), || async {
                    limited(Operation::ListGroups.category()).await;
                    reader.list_all_groups().await
                })
                .await,
        },
        Command::AuthEvents { id, username } => {
            let op = Operation::AdminListUserAuthEvents;
            let result = retry
                .run(op.name(), || async {
                    limited(op.category()).await;
                    reader.auth_events(&username).await
                })
                .await;
            Response::AuthEvents {
                id,
                username,
                result,
            }
        }
        Command::Apply {
            id,
            usernames,
            action,
        } => {
            let result = match (&shared.bulk, access.writer()) {
                (_, None) => Err(DirectoryError::ReadOnly.to_string()),
                (None, Some(_)) => Err(format!(
                    "no journal: {} is disabled (every change is journalled first)",
                    action.label()
                )),
                (Some(bulk), Some(_)) => {
                    let cancel = CancelFlag::new();
                    shared.running().insert(id, cancel.clone());
                    let job = ChangeJob {
                        usernames,
                        action,
                        dry_run: false,
                    };
                    run_change(&bulk.in_new_batch(), id, job, &cancel, outbox).await
                }
            };
            Response::BulkFinished { id, result }
        }
        Command::Copy { .. } => Response::Crashed {
            id: RequestId(0),
            message: "a clipboard command reached the worker".into(),
        },
        Command::SaveRecent { .. } => Response::Crashed {
            id: RequestId(0),
            message: "saving the recent pools reached the worker".into(),
        },
    }
}

/// This pool's journal entries, newest first, as the view lists them.
fn read_journal(bulk: &Bulk) -> Result<Vec<JournalLine>, String> {
    let Some(journal) = bulk.journal() else {
        return Err("no journal".into());
    };
    let contents = journal.read().map_err(|e| e.to_string())?;
    Ok(contents.lines(bulk.pool_id()))
}

/// How a deletion from one user went, when it did not fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deleted {
    /// Attributes of the plan the user no longer had when the deletion ran (deleted by someone
    /// else since the pane was read): nothing was done for them.
    pub already_gone: Vec<String>,
}

/// One user's deletion through the bulk engine, so it is schema-checked and journalled.
async fn delete_journalled(bulk: &Bulk, plan: &DeletePlan) -> Result<Deleted, DirectoryError> {
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
async fn run_undo(
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
async fn run_change(
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
