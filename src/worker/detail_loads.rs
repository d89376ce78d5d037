//! Detail loads (the selected user's record and groups) wait for the cursor to settle: a load
//! replaced by one for another user before its read is sent is never sent.

use std::time::Duration;

use tokio::task::AbortHandle;
use tokio::time::Instant;

/// How long a detail load (`GetUser`, `ListGroups`: the selected user's AdminGetUser and
/// AdminListGroupsForUser) waits before its read is sent when it follows the previous one within
/// this time. Moving the cursor fast asks for a user per row passed; a load that is replaced in
/// the meantime is never sent, so only the row the cursor stops on is read. A single move, after
/// a pause, is read at once; a stop after fast moves is read this much later, too short to see.
pub const DETAIL_SETTLE: Duration = Duration::from_millis(60);

/// The latest detail load of one kind: when it arrived, and whom the task running it reads.
#[derive(Default)]
pub(super) struct DetailLoads {
    arrived: Option<Instant>,
    pending: Option<(String, AbortHandle)>,
}

impl DetailLoads {
    /// A load of `username` arrives: the pending load of another user is aborted (the app
    /// only waits for the latest), and the answer is how long the new load waits first.
    /// A repeated read of the same user (`r`, the read after a deletion) is asked for on
    /// purpose and runs.
    pub(super) fn arrive(&mut self, username: &str) -> Duration {
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

    pub(super) fn started(&mut self, username: &str, task: AbortHandle) {
        self.pending = Some((username.to_owned(), task));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A load's task that runs until it is aborted.
    fn load() -> tokio::task::JoinHandle<()> {
        tokio::spawn(std::future::pending())
    }

    #[tokio::test(start_paused = true)]
    async fn a_load_close_behind_another_waits_and_replaces_the_one_for_another_user() {
        let mut loads = DetailLoads::default();
        assert_eq!(
            loads.arrive("ada"),
            Duration::ZERO,
            "a single move is read at once"
        );
        let mut first = load();
        loads.started("ada", first.abort_handle());

        assert_eq!(loads.arrive("ada"), DETAIL_SETTLE);
        let still_running = tokio::time::timeout(Duration::from_millis(1), &mut first).await;
        assert!(
            still_running.is_err(),
            "a repeated read of the same user runs"
        );
        let second = load();
        loads.started("ada", second.abort_handle());

        assert_eq!(loads.arrive("bob"), DETAIL_SETTLE);
        assert!(second.await.unwrap_err().is_cancelled());
        let third = load();
        loads.started("bob", third.abort_handle());

        tokio::time::advance(DETAIL_SETTLE).await;
        assert_eq!(loads.arrive("cy"), Duration::ZERO, "after a pause: at once");
        assert!(third.await.unwrap_err().is_cancelled());
        first.abort();
    }
}
