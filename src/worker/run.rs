//! What each command does: the directory reads within their quotas and retries, the local jobs
//! off the async threads, and the changes handed to the bulk engine.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::bulk::{CancelFlag, ChangeJob};
use crate::change::AccountAction;
use crate::directory::DirectoryError;
use crate::limiter::{Operation, QuotaCategory};

use super::bulk_runs::{delete_journalled, read_journal, run_change, run_undo};
use super::{Command, Deleted, RequestId, Response, Shared};

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
        Command::ListGroups { id, username } => {
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
