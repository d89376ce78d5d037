//! The waits of many calls at once (a bulk run's users), told as one notice rather than one per
//! call: at `--concurrency 16`, sixteen throttled users are one line, "Cognito is throttling;
//! 16 calls waiting…", not sixteen.
//!
//! A call joins the count when the retry loop tells of its wait (throttled, failed, or no answer
//! yet for half an attempt's limit) and leaves it when it is tried again or ends. The command
//! line tells once per wait period, as soon as the first call waits, counting the run's calls
//! then in flight: they all wait for Cognito, and the others slowed or throttled with it join in
//! the moments after. The period lasts until no call waits and a call of an operation that
//! waited is answered without waiting: Cognito answers again. A count of none alone does not
//! end it: at `--concurrency 1` every user's call waits alone, one after the other, and that is
//! one wait, not one per user. The run's users starting begin a period of their own, so that
//! their wait is told apart from one of the reads before them. The screen is told of every change, and of the end (no call
//! waiting), for a line redrawn in place.

use std::sync::{Arc, Mutex, PoisonError};

use super::{Happened, Wait, Waits};

/// Calls of a run waiting for Cognito, as one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retrying {
    /// Calls counted (what they are: `counted`); 0 once the wait is over.
    pub calls: usize,
    /// The last wait told, for what happened (and the call's own words when it is the only one).
    pub last: Wait,
    /// What `calls` counts.
    pub counted: Counted,
}

/// What a [`Retrying`] notice counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counted {
    /// Calls waiting to be tried again (the screen's gauge, told at every change).
    #[default]
    ToRetry,
    /// The run's calls in flight when its first call began to wait (the command line's one
    /// notice per wait period): all of them wait for Cognito, some still for an answer.
    InFlight,
}

impl Retrying {
    /// "Cognito is throttling; 12 calls waiting to retry…"; one call says it as a read does.
    pub fn sentence(&self) -> String {
        let n = self.calls;
        if n <= 1 {
            return self.last.sentence();
        }
        if self.counted == Counted::InFlight {
            return match self.last.happened {
                Happened::NoAnswerYet { secs } => {
                    format!(
                        "Cognito is slow to answer; {n} calls waiting, the longest for {secs} s…"
                    )
                }
                Happened::NoAnswer { secs } => {
                    format!("No answer from Cognito within {secs} s; {n} calls waiting…")
                }
                Happened::Throttled => format!("Cognito is throttling; {n} calls waiting…"),
                Happened::Unreachable => format!("Could not reach Cognito; {n} calls waiting…"),
                Happened::ServerFault => {
                    format!("Cognito had internal errors; {n} calls waiting…")
                }
            };
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
    /// Once per wait period, when its first call waits.
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
    /// The operations whose calls waited this period: one of them answered without a wait,
    /// with no call waiting, ends it.
    waited: Vec<String>,
    /// Calls of the run not yet ended, waiting or not.
    in_flight: usize,
}

impl State {
    /// A call of `operation` was answered (or gave up) without waiting.
    fn answered_at_once(&mut self, operation: &str) {
        if self.calls == 0 && self.retried == 0 && self.waited.iter().any(|o| o == operation) {
            self.told = false;
            self.waited.clear();
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

    /// One call's part in the count, for the length of the call (all its attempts), of
    /// `operation` (`AdminGetUser`, …).
    pub fn call(&self, operation: &str) -> CallWaits<'_> {
        self.state().in_flight += 1;
        CallWaits {
            waits: self,
            operation: operation.to_owned(),
            state: Mutex::new(Call::Idle),
            waited: Mutex::new(false),
        }
    }

    /// The run's users start (after the pool and its groups were read): a wait from here on is
    /// told afresh, counting them, even if the reads before waited too and no call was
    /// answered at once since.
    pub fn users_start(&self) {
        let mut state = self.state();
        state.told = false;
        state.waited.clear();
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Told under the lock: notices go out in the order of the count.
    fn tell(&self, calls: usize, last: &Wait, counted: Counted) {
        (self.tell)(&Retrying {
            calls,
            last: last.clone(),
            counted,
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
        if !state.waited.contains(&wait.operation) {
            state.waited.push(wait.operation.clone());
        }
        match self.pace {
            Pace::Live => self.tell(state.calls, wait, Counted::ToRetry),
            // The first call of the period to wait: told now, not at its retry (a backoff
            // later) nor at its answer (a slow call answered in time has no retry).
            Pace::Once if !state.told => {
                state.told = true;
                let calls = state.in_flight.max(state.calls);
                self.tell(calls, wait, Counted::InFlight);
            }
            Pace::Once => {}
        }
    }

    /// A call's wait is over: it is tried again (`retried`), or it ended.
    fn leave(&self, last: &Wait, retried: bool) {
        let mut state = self.state();
        if self.pace == Pace::Live {
            self.tell(state.calls.saturating_sub(1), last, Counted::ToRetry);
        }
        state.calls = state.calls.saturating_sub(1);
        if retried {
            state.retried += 1;
        }
    }

    /// A call tried again after a wait ended (answered, or gave up).
    fn retried_ended(&self) {
        let mut state = self.state();
        state.retried = state.retried.saturating_sub(1);
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
    operation: String,
    state: Mutex<Call>,
    /// Some attempt of it waited.
    waited: Mutex<bool>,
}

impl CallWaits<'_> {
    /// The retry loop tells of a wait (`RetryPolicy::run_noticed`).
    pub fn notice(&self, wait: Wait) {
        *self.waited.lock().unwrap_or_else(PoisonError::into_inner) = true;
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
        let waited = *self.waited.lock().unwrap_or_else(PoisonError::into_inner);
        let mut state = self.waits.state();
        state.in_flight = state.in_flight.saturating_sub(1);
        if !waited {
            state.answered_at_once(&self.operation);
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

    fn slow() -> Wait {
        Wait {
            operation: "AdminGetUser".into(),
            attempt: 1,
            attempts: 3,
            happened: Happened::NoAnswerYet { secs: 5 },
        }
    }

    fn sentences(notices: &Mutex<Vec<Retrying>>) -> Vec<String> {
        notices
            .lock()
            .unwrap()
            .iter()
            .map(Retrying::sentence)
            .collect()
    }

    #[test]
    fn twelve_calls_throttled_together_are_told_once_when_the_first_is_throttled() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let calls: Vec<CallWaits> = (0..12).map(|_| waits.call("AdminGetUser")).collect();
        for call in &calls {
            call.retrying();
        }
        calls[0].notice(throttled());
        assert_eq!(
            sentences(&notices),
            ["Cognito is throttling; 12 calls waiting…"],
            "told at the first throttling, not a backoff later"
        );
        for call in &calls[1..] {
            call.notice(throttled());
        }
        for call in &calls {
            call.retrying();
            // Throttled again, as the calls of a busy pool are.
            call.notice(throttled());
        }
        for call in &calls {
            call.retrying();
        }
        assert_eq!(sentences(&notices).len(), 1, "{:?}", sentences(&notices));
        // The calls are answered, and the next without a wait: the wait is over, and the next
        // is told again, one call as a read's is.
        drop(calls);
        answered_at_once(&waits);
        let call = waits.call("AdminGetUser");
        call.retrying();
        call.notice(throttled());
        call.retrying();
        assert_eq!(
            sentences(&notices)[1..],
            ["Cognito is throttling AdminGetUser; trying again (2 of 6)…"]
        );
    }

    #[test]
    fn slow_calls_answered_within_their_attempt_are_told_once() {
        // No call is retried: before, the run said nothing while they waited.
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let calls: Vec<CallWaits> = (0..12).map(|_| waits.call("AdminGetUser")).collect();
        for call in &calls {
            call.retrying();
        }
        for call in &calls {
            call.notice(slow());
        }
        drop(calls);
        assert_eq!(
            sentences(&notices),
            ["Cognito is slow to answer; 12 calls waiting, the longest for 5 s…"]
        );
    }

    #[test]
    fn a_last_call_throttled_again_and_again_is_still_the_same_wait() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let (a, b) = (waits.call("AdminGetUser"), waits.call("AdminGetUser"));
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

    /// A call of `AdminGetUser` answered at its first attempt.
    fn answered_at_once(waits: &RunWaits) {
        let call = waits.call("AdminGetUser");
        call.retrying();
    }

    #[test]
    fn a_wait_that_ends_without_a_retry_leaves_the_count() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        {
            let call = waits.call("AdminGetUser");
            call.notice(slow());
            // Dropped: answered in time, or the call gave up (its operation's time ran out).
        }
        answered_at_once(&waits);
        let call = waits.call("AdminGetUser");
        call.notice(throttled());
        let told = notices.lock().unwrap();
        assert_eq!(told.len(), 2);
        assert_eq!(told[1].calls, 1, "the call dropped no longer counts");
    }

    #[test]
    fn calls_waiting_one_after_the_other_are_one_wait_until_one_is_answered_at_once() {
        // `--concurrency 1`: each user's call is throttled alone, retried and answered before
        // the next starts; no call waits between them, yet Cognito throttles throughout.
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        for _ in 0..5 {
            let call = waits.call("AdminGetUser");
            call.retrying();
            call.notice(throttled());
            call.retrying();
        }
        // Another operation answered at once says nothing of this one's throttling.
        let write = waits.call("AdminDisableUser");
        write.retrying();
        drop(write);
        let call = waits.call("AdminGetUser");
        call.notice(throttled());
        drop(call);
        assert_eq!(
            sentences(&notices),
            ["Cognito is throttling AdminGetUser; trying again (2 of 6)…"]
        );
        // Answered at once: the wait is over; the next is a new one.
        answered_at_once(&waits);
        let call = waits.call("AdminGetUser");
        call.notice(throttled());
        assert_eq!(sentences(&notices).len(), 2);
    }

    #[test]
    fn the_users_waits_are_told_apart_from_a_wait_of_the_reads_before_them() {
        let (waits, notices) = told(|tell| RunWaits::once_to(tell));
        let describe = waits.call("DescribeUserPool");
        describe.notice(slow());
        drop(describe);
        waits.users_start();
        let call = waits.call("AdminGetUser");
        call.notice(slow());
        assert_eq!(sentences(&notices).len(), 2);
    }

    #[test]
    fn the_screen_is_told_every_change_and_the_end() {
        let (waits, notices) = told(|tell| RunWaits::live(tell));
        let calls: Vec<CallWaits> = (0..3).map(|_| waits.call("AdminGetUser")).collect();
        for call in &calls {
            call.notice(throttled());
        }
        calls[1].retrying();
        drop(calls);
        let counts: Vec<usize> = notices.lock().unwrap().iter().map(|r| r.calls).collect();
        assert_eq!(counts, [1, 2, 3, 2, 1, 0]);
    }
}
