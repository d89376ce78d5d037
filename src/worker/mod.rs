//! The background worker: runs directory calls on tokio tasks and answers with [`Response`]s
//! that carry the id of the [`Command`] they answer. The app never awaits a call itself.
//!
//! The parts, a module each: what the app asks (`command`: [`Command`]) and what comes back
//! (`response`: [`Response`]); how a detail load waits for the cursor to settle
//! (`detail_loads`); what each command does (`run`); the journalled runs through the bulk
//! engine (`bulk_runs`). Here: the handle the app keeps and the loop that starts a task per
//! command.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use crate::bulk::{Bulk, CancelFlag};
use crate::directory::Access;
use crate::journal::Journal;
use crate::limiter::{Limiter, Quotas};
use crate::retry::RetryPolicy;

mod bulk_runs;
mod command;
mod detail_loads;
mod response;
mod run;

pub use command::{Command, RequestId};
pub use detail_loads::DETAIL_SETTLE;
pub use response::{Deleted, Response};

use detail_loads::DetailLoads;
use run::run_after;

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
    /// Where changes are journalled. Every change goes through the bulk engine: schema checks,
    /// the journal, the quotas; without a journal the worker reads and changes nothing, as a
    /// read-only session.
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
    /// Starts the worker on the current tokio runtime, without a journal: it reads, and
    /// refuses every change.
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
