//! The bulk engine against the in-memory directory, by theme; the set-up they share is here.

mod actions;
mod deletion;
mod lost_answers;
mod undo;

use super::*;

use std::time::Duration;

use crate::directory::fixtures;
use crate::directory::memory::MemoryDirectory;

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(4),
        ..RetryPolicy::default()
    }
}

fn unlimited() -> Arc<Limiter> {
    Arc::new(Limiter::new(&crate::limiter::Quotas {
        user_update: 100_000,
        user_list: 100_000,
        user_read: 100_000,
        user_resource_read: 100_000,
        user_pool_read: 100_000,
        user_account_recovery: 100_000,
        user_creation: 100_000,
    }))
}

struct Setup {
    _dir: tempfile::TempDir,
    directory: Arc<MemoryDirectory>,
    journal: Arc<Journal>,
    bulk: Bulk,
}

fn setup(n: usize) -> Setup {
    setup_with(Arc::new(MemoryDirectory::new(
        fixtures::pool(),
        fixtures::users(n),
    )))
}

fn setup_with(directory: Arc<MemoryDirectory>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(dir.path().join("journal.jsonl")).unwrap());
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let bulk = Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
        .with_journal(Arc::clone(&journal))
        .with_concurrency(4);
    Setup {
        _dir: dir,
        directory,
        journal,
        bulk,
    }
}

impl Setup {
    /// An engine that reads this set-up's directory and journals to its journal, but writes
    /// through `writer` (one that fails in some way on purpose).
    fn writing_through(&self, writer: Arc<dyn DirectoryWriter>) -> Bulk {
        let access = Access::ReadWrite {
            reader: self.directory.clone(),
            writer,
        };
        Bulk::new(&access, "eu-west-1_Test1", unlimited(), fast_retry())
            .with_journal(Arc::clone(&self.journal))
    }
}

fn job(users: &[&str], attributes: &[&str], dry_run: bool) -> DeleteJob {
    DeleteJob {
        usernames: users.iter().map(|u| u.to_string()).collect(),
        attributes: attributes.iter().map(|a| a.to_string()).collect(),
        dry_run,
    }
}

/// Runs `job` through `bulk` on `pool`, with no one watching its progress and no cancel.
async fn delete(bulk: &Bulk, job: DeleteJob, pool: &PoolInfo) -> BulkReport {
    bulk.delete_attributes(job, pool, None, &CancelFlag::new())
        .await
        .unwrap()
}

fn usernames(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("user{i:03}")).collect()
}

fn attribute_of(directory: &MemoryDirectory, username: &str, name: &str) -> Option<String> {
    directory
        .users()
        .into_iter()
        .find(|u| u.username() == username)
        .and_then(|u| u.attribute(name).map(str::to_owned))
}
