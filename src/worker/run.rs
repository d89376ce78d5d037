//! What each command does: the directory reads within their quotas and retries, the local jobs
//! off the async threads, and the changes handed to the bulk engine.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::bulk::ChangeJob;
use crate::change::AccountAction;
use crate::directory::DirectoryError;
use crate::limiter::Operation;

use super::bulk_runs::{delete_journalled, read_journal, run_change, run_undo, told_to_screen};
use super::{Command, RequestId, Response, Shared};

/// Runs `command` after `wait` (a detail load's settle time; zero for everything else).
pub(super) async fn run_after(
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
    let reader = shared.access.reader();
    match command {
        Command::ListUsers { id, request } => Response::UsersPage {
            id,
            result: shared
                .read(id, &outbox, Operation::ListUsers, || {
                    reader.list_users(request.clone())
                })
                .await,
        },
        Command::ListUsersInGroup { id, group, token } => Response::UsersPage {
            id,
            result: shared
                .read(id, &outbox, Operation::ListUsersInGroup, || {
                    reader.list_users_in_group(&group, token.clone())
                })
                .await,
        },
        Command::GetUser { id, username } => {
            let result = shared
                .read(id, &outbox, Operation::AdminGetUser, || {
                    reader.get_user(&username)
                })
                .await;
            Response::User {
                id,
                username,
                result,
            }
        }
        Command::ListGroups { id, username } | Command::RowGroups { id, username } => {
            let result = shared
                .read(id, &outbox, Operation::AdminListGroupsForUser, || {
                    reader.list_groups(&username)
                })
                .await;
            Response::Groups {
                id,
                username,
                result,
            }
        }
        Command::ListPools { id } => {
            let mut result = shared
                .read(id, &outbox, Operation::ListUserPools, || {
                    reader.list_pools()
                })
                .await;
            // ListUserPools does not count users: one DescribeUserPool per pool, each within
            // the UserPoolRead quota. A pool that cannot be described shows no count.
            if let Ok(pools) = &mut result {
                for pool in pools.iter_mut().filter(|p| p.estimated_users.is_none()) {
                    shared
                        .limiter
                        .acquire_for(Operation::DescribeUserPool)
                        .await;
                    pool.estimated_users = reader.pool_size(&pool.id).await.ok().flatten();
                }
            }
            Response::Pools { id, result }
        }
        Command::DescribePool { id } => Response::Pool {
            id,
            result: shared
                .read(id, &outbox, Operation::DescribeUserPool, || {
                    reader.describe_pool()
                })
                .await,
        },
        Command::DeleteAttributes { id, plan } => {
            // Every deletion is journalled before it is sent: a worker without a writer or
            // without a journal (a session whose journal would not open is read-only) sends
            // nothing.
            let result = match (&shared.bulk, shared.access.writer()) {
                (Some(bulk), Some(_)) => {
                    delete_journalled(&bulk.clone().with_waits(told_to_screen(id, &outbox)), &plan)
                        .await
                }
                _ => Err(DirectoryError::ReadOnly),
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
            reviewed,
        } => {
            let job = ChangeJob {
                usernames,
                action: AccountAction::DeleteAttributes { names },
                dry_run: false,
                reviewed,
            };
            let no_journal = "no journal: bulk deletion is disabled".to_owned();
            let result = run_change(&shared, id, job, no_journal, outbox).await;
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
            let result = run_undo(&shared, id, &ids, outbox).await;
            Response::Undone { id, result }
        }
        Command::FilterUsers { id, job } => {
            // CPU-bound.
            let preview = outbox.clone();
            let pass = move || {
                job.run_showing(&|first| {
                    let _ = preview.send(Response::FilterPreview { id, preview: first });
                })
            };
            match off_thread("the local filter", pass).await {
                Ok(done) => Response::Filtered { id, done },
                Err(message) => Response::Crashed { id, message },
            }
        }
        Command::ExportView { id, export } => {
            let total = export.len();
            let progress = outbox.clone();
            // Blocking file IO over up to a million users.
            let run = off_thread("the export", move || {
                export.run(|written| {
                    let _ = progress.send(Response::ExportProgress { id, written, total });
                })
            });
            match run.await {
                Ok(result) => Response::Exported { id, result },
                Err(message) => Response::Crashed { id, message },
            }
        }
        Command::SaveViews {
            id,
            path,
            pool_id,
            views,
        } => {
            let write = off_thread("saving the views", move || {
                crate::saved_views::save_to(&path, &pool_id, &views)
            });
            Response::ViewsSaved {
                id,
                result: write.await.and_then(|saved| saved),
            }
        }
        Command::SortUsers { id, job } => match off_thread("the sort", move || job.run()).await {
            Ok(done) => Response::Sorted { id, done },
            Err(message) => Response::Crashed { id, message },
        },
        Command::SaveColumns {
            id,
            pool_id,
            columns,
        } => {
            let result = off_thread("saving the columns", move || {
                crate::browse::saved::save(&pool_id, &columns)
            })
            .await
            .and_then(|saved| saved);
            Response::ColumnsSaved { id, result }
        }
        Command::StopBulk { id } => Response::Crashed {
            id,
            message: "a stop request reached a task".into(),
        },
        Command::ListAllGroups { id } => Response::AllGroups {
            id,
            result: shared
                .read(id, &outbox, Operation::ListGroups, || {
                    reader.list_all_groups()
                })
                .await,
        },
        Command::AuthEvents { id, username } => {
            let result = shared
                .read(id, &outbox, Operation::AdminListUserAuthEvents, || {
                    reader.auth_events(&username)
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
            reviewed,
        } => {
            let no_journal = format!(
                "no journal: {} is disabled (every change is journalled first)",
                action.label()
            );
            let job = ChangeJob {
                usernames,
                action,
                dry_run: false,
                reviewed,
            };
            let result = run_change(&shared, id, job, no_journal, outbox).await;
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

impl Shared {
    /// A read of `op`, retried: every attempt waits for a token of the op's quota. The call's
    /// name and its quota both come from the one table of operations. While it has no answer,
    /// and when it is tried again, the app is told (`Response::Waiting` for `id`).
    async fn read<T, Call>(
        &self,
        id: RequestId,
        outbox: &UnboundedSender<Response>,
        op: Operation,
        call: impl Fn() -> Call,
    ) -> Result<T, DirectoryError>
    where
        Call: Future<Output = Result<T, DirectoryError>>,
    {
        self.retry
            .run_noticed(
                op.name(),
                || async {
                    self.limiter.acquire_for(op).await;
                    call().await
                },
                |wait| {
                    // The app may have quit; then nobody waits for the notice.
                    let _ = outbox.send(Response::Waiting { id, wait });
                },
            )
            .await
    }
}

/// Runs `job` (blocking IO, or CPU-bound) off the async threads, so answers to other commands
/// are not held up; `Err` says that `what` stopped (the job panicked).
async fn off_thread<T: Send + 'static>(
    what: &str,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| format!("{what} stopped: {e}"))
}
