//! The background worker: runs directory calls on tokio tasks and answers with [`Response`]s
//! that carry the id of the [`Command`] they answer. The app never awaits a call itself.

use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::app::DeletePlan;
use crate::directory::{Access, DirectoryError, ListUsersRequest, PoolInfo, User, UserPage};
use crate::retry::RetryPolicy;

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
    ListGroups {
        id: RequestId,
        username: String,
    },
    /// For the terminal, not the worker: put text on the clipboard (OSC 52).
    Copy {
        text: String,
    },
}

impl Command {
    pub fn id(&self) -> RequestId {
        match self {
            Command::ListUsers { id, .. }
            | Command::GetUser { id, .. }
            | Command::DescribePool { id }
            | Command::DeleteAttributes { id, .. }
            | Command::ListGroups { id, .. } => *id,
            Command::Copy { .. } => RequestId(0),
        }
    }
}

/// The worker's answer to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        result: Result<(), DirectoryError>,
    },
    Groups {
        id: RequestId,
        username: String,
        result: Result<Vec<String>, DirectoryError>,
    },
    /// The task running a command died; the command's outcome is unknown.
    Crashed { id: RequestId, message: String },
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

impl Worker {
    /// Starts the worker on the current tokio runtime.
    pub fn spawn(access: Access, retry: RetryPolicy) -> (Worker, UnboundedReceiver<Response>) {
        let (commands, mut inbox) = unbounded_channel::<Command>();
        let (outbox, responses) = unbounded_channel();
        let access = Arc::new(access);
        let task = tokio::spawn(async move {
            while let Some(command) = inbox.recv().await {
                let access = Arc::clone(&access);
                let outbox = outbox.clone();
                tokio::spawn(async move {
                    let id = command.id();
                    // A panic inside the call must not lose the answer: report it instead.
                    let response = match tokio::spawn(run(command, access, retry)).await {
                        Ok(response) => response,
                        Err(e) => Response::Crashed {
                            id,
                            message: e.to_string(),
                        },
                    };
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

#[derive(Debug, thiserror::Error)]
#[error("the background worker has stopped")]
pub struct WorkerStopped;

async fn run(command: Command, access: Arc<Access>, retry: RetryPolicy) -> Response {
    let reader = access.reader();
    match command {
        Command::ListUsers { id, request } => Response::UsersPage {
            id,
            result: retry
                .run("ListUsers", || reader.list_users(request.clone()))
                .await,
        },
        Command::GetUser { id, username } => {
            let result = retry
                .run("AdminGetUser", || reader.get_user(&username))
                .await;
            Response::User {
                id,
                username,
                result,
            }
        }
        Command::ListGroups { id, username } => {
            let result = retry
                .run("AdminListGroupsForUser", || reader.list_groups(&username))
                .await;
            Response::Groups {
                id,
                username,
                result,
            }
        }
        Command::Copy { .. } => Response::Crashed {
            id: RequestId(0),
            message: "a clipboard command reached the worker".into(),
        },
        Command::DescribePool { id } => Response::Pool {
            id,
            result: retry
                .run("DescribeUserPool", || reader.describe_pool())
                .await,
        },
        Command::DeleteAttributes { id, plan } => {
            let result = match access.writer() {
                Some(writer) => {
                    let names = plan.names();
                    tracing::info!(user = %plan.username, attributes = ?names, "deleting attributes");
                    retry
                        .run("AdminDeleteUserAttributes", || {
                            writer.delete_attributes(&plan.username, &names)
                        })
                        .await
                }
                None => Err(DirectoryError::ReadOnly),
            };
            match &result {
                Ok(()) => tracing::info!(user = %plan.username, "attributes deleted"),
                Err(e) => {
                    tracing::error!(user = %plan.username, detail = e.detail(), "delete failed: {e}")
                }
            }
            Response::AttributesDeleted { id, plan, result }
        }
    }
}
