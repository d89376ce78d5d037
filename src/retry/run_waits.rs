//! The waits of many calls at once (a bulk run's users), told as one notice rather than one per
//! call: at `--concurrency 16`, sixteen throttled users are one line, "Cognito is throttling;
//! 12 calls waiting to retry…", not sixteen.
//!
//! A call joins the count when the retry loop tells of its wait, and leaves it when it is tried
//! again or ends. The command line tells once per wait period (from the first call waiting to
//! none), at the first retry of it, when the calls throttled together have all joined; the
//! screen is told of every change, and of the end (no call waiting), for a line redrawn in place.

use std::sync::{Arc, Mutex, PoisonError};

use super::{Happened, Wait, Waits};

/// Calls of a run waiting to be tried again, as one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrying {
    /// Calls waiting; 0 once the wait is over.
    pub calls: usize,
    /// The last wait told, for what happened (and the call's own words when it is the only one).
    pub last: Wait,
}

impl Retrying {
    /// "Cognito is throttling; 12 calls waiting to retry…"; one call says it as a read does.
    pub fn sentence(&self) -> String {
        let n = self.calls;
        if n <= 1 {
            return self.last.sentence();
        }
        match self.last.happened {
            Happened::NoAnswerYet { secs } => {
                format!("No answer from Cognito for {secs} s yet; {n} calls still waiting…")
            }
            Happened::NoAnswer { secs } => {
                format!("No answer from Cognito for {secs} s; {n} calls waiting to retry…")
            }
            Happened::Throttled => format!("Cognito is throttling; {n} calls waiting to retry…"),
            Happened::Unreachable => {
                format!("Could not reach Cognito; {n} calls waiting to retry…")
            }
            Happened::ServerFault => {
                format!("Cognito had internal errors; {n} calls waiting to retry…")
            }
        }
    }
}

type Tell = Arc<dyn Fn(&Retrying) + Send + Sync>;

/// When the count is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Once per wait period, at its first retry.
    Once,
    /// At every change, the end included.
    Live,
}

/// The count of a run's calls waiting to be retried, and where it is told. Cheap to clone: the
/// clones share the count.
#[derive(Clone)]
pub struct RunWaits {
    pace: Pace,
    tell: Tell,
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    /// Calls waiting to be tried again.
    calls: usize,
    /// Calls tried again after a wait, with no answer yet: a retry throttled again goes on
    /// with the same wait period, so a last straggler is not a new notice at each retry.
    retried: usize,
    /// This period's notice is out (`Pace::Once`).
    told: bool,
}

impl State {
    fn after_change(&mut self) {
        if self.calls == 0 && self.retried == 0 {
            self.told = false;
        }
    }
}

impl RunWaits {
    /// One notice per wait period, where `waits` says: standard error for the command line (its
    /// standard output stays the results), or the log.
    pub fn once(waits: Waits) -> Self {
        Self::once_to(move |retrying: &Retrying| match waits {
            Waits::Logged => tracing::info!("{}", retrying.sentence()),
            Waits::Stderr => {
                use std::io::IsTerminal as _;
                let terminal = std::io::stderr().is_terminal();
                let line = super::stderr_notice(&retrying.sentence(), terminal);
                crate::stderr_line!("{line}");
            }
        })
    }

    /// One notice per wait period, to `tell`.
    pub fn once_to(tell: impl Fn(&Retrying) + Send + Sync + 'static) -> Self {
        Self::new(Pace::Once, tell)
    }

    /// Every change of the count to `tell`, and the end of the wait (`calls` 0): for the screen,
    /// whose status line is redrawn in place.
    pub fn live(tell: impl Fn(&Retrying) + Send + Sync + 'static) -> Self {
        Self::new(Pace::Live, tell)
    }

    fn new(pace: Pace, tell: impl Fn(&Retrying) + Send + Sync + 'static) -> Self {
        Self {
            pace,
            tell: Arc::new(tell),
            state: Arc::default(),
        }
    }

    /// One call's part in the count, for the length of the call (all its attempts).
    pub fn call(&self) -> CallWaits<'_> {
        CallWaits {
            waits: self,
            state: Mutex::new(Call::Idle),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Told under the lock: notices go out in the order of the count.
    fn tell(&self, calls: usize, last: &Wait) {
        (self.tell)(&Retrying {
            calls,
            last: last.clone(),
        });
    }

    /// A call waits (again, after `was`), or tells again why it still waits.
    fn join(&self, wait: &Wait, was: &Call) {
        let mut state = self.state();
        match was {
            Call::Idle => state.calls += 1,
            Call::Retried => {
                state.retried -= 1;
                state.calls += 1;
            }
            Call::Waiting(_) => {}
        }
        if self.pace == Pace::Live {
            self.tell(state.calls, wait);
        }
    }

    /// A call's wait is over: it is tried again (`retried`), or it ended.
    fn leave(&self, last: &Wait, retried: bool) {
        let mut state = self.state();
        match self.pace {
            // At the first retry, the calls throttled together have all joined.
            Pace::Once if retried && !state.told => {
                state.told = true;
                self.tell(state.calls, last);
            }
            Pace::Once => {}
            Pace::Live => self.tell(state.calls.saturating_sub(1), last),
        }
        state.calls = state.calls.saturating_sub(1);
        if retried {
            state.retried += 1;
        }
        state.after_change();
    }

    /// A call tried again after a wait ended (answered, or gave up).
    fn retried_ended(&self) {
        let mut state = self.state();
        state.retried = state.retried.saturating_sub(1);
        state.after_change();
    }
}

/// Where one call is in its waits.
#[derive(Debug)]
enum Call {
    Idle,
    /// Waiting to be tried again, after this wait was told.
    Waiting(Wait),
    /// Tried again after a wait; no answer yet.
    Retried,
}

/// One call's part in a [`RunWaits`] count: give [`notice`](Self::notice) to the retry loop
/// and call [`retrying`](Self::retrying) at each attempt; dropped, the call's part ends.
pub struct CallWaits<'a> {
    waits: &'a RunWaits,
    state: Mutex<Call>,
}

impl CallWaits<'_> {
    /// The retry loop tells of a wait (`RetryPolicy::run_noticed`).
    pub fn notice(&self, wait: Wait) {
        let was = self.swap(Call::Waiting(wait.clone()));
        self.waits.join(&wait, &was);
    }

    /// An attempt starts: a wait before it is over.
    pub fn retrying(&self) {
        match self.swap(Call::Idle) {
            Call::Waiting(last) => {
                self.swap(Call::Retried);
                self.waits.leave(&last, true);
            }
            // Tried again with no wait told in between: the retry before has ended.
            Call::Retried => self.waits.retried_ended(),
            // The first attempt.
            Call::Idle => {}
        }
    }

    fn swap(&self, call: Call) -> Call {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::replace(&mut *state, call)
    }
}

impl Drop for CallWaits<'_> {
    fn drop(&mut self) {
        match self.swap(Call::Idle) {
            Call::Waiting(last) => self.waits.leave(&last, false),
            Call::Retried => self.waits.retried_ended(),
            Call::Idle => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled() -> Wait {
        Wait {
            operation: "AdminGetUser".into(),
            attempt: 2,
            attempts: 6,
            happened: Happened::Throttled,
        }
    }

    type Sink = Box<dyn Fn(&Retrying) + Send + Sync>;

    /// A `RunWaits` made by `make`, and the notices it told.
    fn told(make: fn(Sink) -> RunWaits) -> (RunWaits, Arc<Mutex<Vec<Retrying>>>) {
        let notices = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&notices);
        let waits = make(Box::new(move |r: &Retrying| {
            sink.lock().unwrap().push(r.clone())
        }));
        (waits, notices)
    }

    #[test]
    fn twelve_calls_throttled_together_are_told_once_per_wait() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let calls: Vec<CallWaits> = (0..12).map(|_| waits.call()).collect();
        for call in &calls {
            call.notice(throttled());
        }
        assert!(
            notices.lock().unwrap().is_empty(),
            "told at the first retry, not before"
        );
        for call in &calls {
            call.retrying();
            // Throttled again, as the calls of a busy pool are.
            call.notice(throttled());
        }
        for call in &calls {
            call.retrying();
        }
        let told: Vec<String> = notices
            .lock()
            .unwrap()
            .iter()
            .map(Retrying::sentence)
            .collect();
        assert_eq!(told, ["Cognito is throttling; 12 calls waiting to retry…"]);
        // The calls are answered: the wait is over, and the next is told again, one call as a
        // read's is.
        drop(calls);
        let call = waits.call();
        call.retrying();
        call.notice(throttled());
        call.retrying();
        let told: Vec<String> = notices
            .lock()
            .unwrap()
            .iter()
            .map(Retrying::sentence)
            .collect();
        assert_eq!(
            told[1..],
            ["Cognito is throttling AdminGetUser; trying again (2 of 6)…"]
        );
    }

    #[test]
    fn a_last_call_throttled_again_and_again_is_still_the_same_wait() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let (a, b) = (waits.call(), waits.call());
        a.notice(throttled());
        b.notice(throttled());
        a.retrying();
        b.retrying();
        drop(b);
        for _ in 0..4 {
            // No call waits between these, but `a`'s retry was not answered: the same wait.
            a.notice(throttled());
            a.retrying();
        }
        assert_eq!(notices.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_wait_that_ends_without_a_retry_is_not_told_once_but_leaves_the_count() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        {
            let call = waits.call();
            call.notice(throttled());
            // Dropped: the call gave up (its operation's time ran out).
        }
        let call = waits.call();
        call.notice(throttled());
        call.retrying();
        let told = notices.lock().unwrap();
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].calls, 1, "the call dropped no longer counts");
    }

    #[test]
    fn the_screen_is_told_every_change_and_the_end() {
        let (waits, notices) = told(|tell| RunWaits::live(tell));
        let calls: Vec<CallWaits> = (0..3).map(|_| waits.call()).collect();
        for call in &calls {
            call.notice(throttled());
        }
        calls[1].retrying();
        drop(calls);
        let counts: Vec<usize> = notices.lock().unwrap().iter().map(|r| r.calls).collect();
        assert_eq!(counts, [1, 2, 3, 2, 1, 0]);
    }
}
