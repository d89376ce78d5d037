//! Retrying calls that failed for a passing reason (throttling, server faults, network), with
//! exponential backoff and jitter so that many retries do not arrive together.
//!
//! The SDK's own retries are switched off (see `session.rs`), so this is the one place where the
//! policy lives, and it applies alike to Cognito and to the in-memory directory.

use std::future::Future;
use std::time::Duration;

use crate::directory::DirectoryError;

mod run_waits;
pub use run_waits::{CallWaits, Counted, Retrying, RunWaits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls made in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Who hears of a wait when the caller gives no notice of its own (`run`, `run_within`).
    pub waits: Waits,
}

/// Where a wait is told when the call's caller does not listen for it itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Waits {
    /// Only the log: the screen's worker listens for its reads itself (`Response::Waiting`),
    /// and a line on the terminal would tear the screen.
    #[default]
    Logged,
    /// One line on standard error per notice, for the command line: a script's standard output
    /// stays its results alone.
    Stderr,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            waits: Waits::Logged,
        }
    }
}

impl RetryPolicy {
    /// The policy of the command line: the default, its waits told on standard error.
    pub fn for_cli() -> Self {
        Self {
            waits: Waits::Stderr,
            ..Self::default()
        }
    }

    /// The wait before retry number `retry` (0 for the first retry), "equal jitter": half of the
    /// exponential step is fixed, the other half is `jitter` (0.0..=1.0) of it.
    pub fn delay(&self, retry: u32, jitter: f64) -> Duration {
        let step = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// Runs `call` until it succeeds, fails for good, or the attempts run out, within the
    /// whole-operation limit of `[timeouts]` (retries and waits included). A timed-out call is
    /// retried like throttling; the error that ends it names the call (`what`).
    pub async fn run<T, F, Fut>(&self, what: &str, call: F) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        self.run_within(crate::timeouts::current().operation(), what, call)
            .await
    }

    /// `run`, telling `notice` whenever the call has had no answer for half an attempt's limit
    /// and whenever it is tried again, so the screen can say why it still waits.
    pub async fn run_noticed<T, F, Fut>(
        &self,
        what: &str,
        call: F,
        notice: impl FnMut(Wait),
    ) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        self.run_within_noticed(crate::timeouts::current().operation(), what, call, notice)
            .await
    }

    /// `run` with an explicit whole-operation limit.
    pub async fn run_within<T, F, Fut>(
        &self,
        limit: Duration,
        what: &str,
        call: F,
    ) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        let waits = self.waits;
        self.run_within_noticed(limit, what, call, |wait| match waits {
            Waits::Logged => {}
            Waits::Stderr => {
                use std::io::IsTerminal as _;
                let line = wait.stderr_line(std::io::stderr().is_terminal());
                crate::stderr_line!("{line}");
            }
        })
        .await
    }

    /// `run_noticed` with an explicit whole-operation limit.
    pub async fn run_within_noticed<T, F, Fut>(
        &self,
        limit: Duration,
        what: &str,
        call: F,
        notice: impl FnMut(Wait),
    ) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        let attempts = self.attempts(limit, what, call, notice);
        let result = match tokio::time::timeout(limit, attempts).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(
                    what,
                    "no answer within the {} s operation limit",
                    limit.as_secs()
                );
                Err(DirectoryError::TimedOut {
                    operation: String::new(),
                    secs: limit.as_secs().max(1),
                })
            }
        };
        result.map_err(|error| match error {
            DirectoryError::TimedOut { operation, secs } if operation.is_empty() => {
                DirectoryError::TimedOut {
                    operation: what.to_owned(),
                    secs,
                }
            }
            other => other,
        })
    }

    async fn attempts<T, F, Fut>(
        &self,
        limit: Duration,
        what: &str,
        mut call: F,
        mut notice: impl FnMut(Wait),
    ) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        let attempt_limit = crate::timeouts::current().attempt();
        // Half an attempt's limit without an answer is worth saying; less is ordinary latency
        // (and under a second, the retry's notice comes soon enough).
        let silent = match attempt_limit.as_secs() / 2 {
            0 => Duration::MAX,
            secs => Duration::from_secs(secs),
        };
        let mut retry = 0;
        loop {
            let answer = call();
            tokio::pin!(answer);
            let answer = tokio::select! {
                answer = &mut answer => answer,
                () = tokio::time::sleep(silent) => {
                    notice(Wait {
                        operation: what.to_owned(),
                        attempt: retry + 1,
                        attempts: self.attempts_within(limit, attempt_limit.as_secs()),
                        happened: Happened::NoAnswerYet { secs: silent.as_secs() },
                    });
                    answer.await
                }
            };
            match answer {
                Err(error) if error.is_transient() && retry + 1 < self.max_attempts => {
                    let (happened, attempts) = match &error {
                        DirectoryError::TimedOut { secs, .. } => (
                            Happened::NoAnswer { secs: *secs },
                            self.attempts_within(limit, *secs),
                        ),
                        DirectoryError::TooManyRequests { .. } => {
                            (Happened::Throttled, self.max_attempts)
                        }
                        DirectoryError::Network { .. } => {
                            (Happened::Unreachable, self.max_attempts)
                        }
                        _ => (Happened::ServerFault, self.max_attempts),
                    };
                    notice(Wait {
                        operation: what.to_owned(),
                        attempt: retry + 2,
                        attempts,
                        happened,
                    });
                    let wait = self.delay(retry, fastrand::f64());
                    // Not the error's sentence: it is written for when the retries ran out.
                    tracing::warn!(
                        what,
                        detail = error.detail(),
                        "attempt {} of {} failed ({}); retrying in {} ms",
                        retry + 1,
                        self.max_attempts,
                        error.code(),
                        wait.as_millis()
                    );
                    tokio::time::sleep(wait).await;
                    retry += 1;
                }
                result => return result,
            }
        }
    }
}

impl RetryPolicy {
    /// Attempts that can be made within `limit` when each takes `attempt_secs`: no more than
    /// `max_attempts`, and at least the one running.
    fn attempts_within(&self, limit: Duration, attempt_secs: u64) -> u32 {
        let fit = limit.as_secs().div_ceil(attempt_secs.max(1));
        u32::try_from(fit)
            .unwrap_or(u32::MAX)
            .clamp(1, self.max_attempts.max(1))
    }
}

/// A notice as the commands print it on standard error ([`Wait::stderr_line`]).
fn stderr_notice(sentence: &str, terminal: bool) -> String {
    let clear = if terminal { "\r\x1b[2K" } else { "" };
    format!("{clear}cognito-tui: {sentence}")
}

/// A call still waiting for its answer, as the screen is told of it: which call, which attempt
/// of how many at most, and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    /// The call's name (`ListUsers`).
    pub operation: String,
    /// The attempt running, the first being 1.
    pub attempt: u32,
    /// Attempts that can be made at most, within the operation's limit.
    pub attempts: u32,
    pub happened: Happened,
}

/// Why a call is still being waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happened {
    /// The attempt running has had no answer for this long (it has not timed out yet).
    NoAnswerYet {
        secs: u64,
    },
    /// The attempt before had no answer within its limit.
    NoAnswer {
        secs: u64,
    },
    Throttled,
    Unreachable,
    ServerFault,
}

impl Wait {
    /// The notice as the commands print it on standard error. On a terminal their progress line
    /// is redrawn in place, with no newline: it is cleared first, so that the notice stands on a
    /// line of its own and the next redraw puts the progress back below it.
    pub fn stderr_line(&self, terminal: bool) -> String {
        stderr_notice(&self.sentence(), terminal)
    }

    /// The notice in one sentence: "No answer from Cognito to ListUsers for 10 s; trying again
    /// (2 of 3)…".
    pub fn sentence(&self) -> String {
        let op = &self.operation;
        let (n, of) = (self.attempt, self.attempts);
        match self.happened {
            Happened::NoAnswerYet { secs } => {
                let attempt = if n > 1 {
                    format!(" (attempt {n} of {of})")
                } else {
                    String::new()
                };
                format!("No answer from Cognito to {op} for {secs} s yet; still waiting{attempt}…")
            }
            Happened::NoAnswer { secs } => {
                format!("No answer from Cognito to {op} for {secs} s; trying again ({n} of {of})…")
            }
            Happened::Throttled => {
                format!("Cognito is throttling {op}; trying again ({n} of {of})…")
            }
            Happened::Unreachable => {
                format!("Could not reach Cognito for {op}; trying again ({n} of {of})…")
            }
            Happened::ServerFault => {
                format!("Cognito had an internal error on {op}; trying again ({n} of {of})…")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn throttled() -> DirectoryError {
        DirectoryError::from_code("TooManyRequestsException", "Rate exceeded")
    }

    #[test]
    fn delay_grows_exponentially_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(0, 0.0), Duration::from_millis(100));
        assert_eq!(p.delay(0, 1.0), Duration::from_millis(200));
        assert_eq!(p.delay(3, 1.0), Duration::from_millis(1600));
        assert_eq!(p.delay(30, 1.0), Duration::from_secs(10));
        assert_eq!(p.delay(30, 0.0), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_is_retried_with_backoff_until_success() {
        let calls = AtomicU32::new(0);
        let start = tokio::time::Instant::now();
        let result = RetryPolicy::default()
            .run("test", || async {
                if calls.fetch_add(1, Ordering::SeqCst) < 3 {
                    Err(throttled())
                } else {
                    Ok(7)
                }
            })
            .await;
        assert_eq!(result, Ok(7));
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        // Three waits of at least 100, 200 and 400 ms on the paused clock.
        assert!(start.elapsed() >= Duration::from_millis(700));
    }

    /// Log lines written while `f` runs on this thread.
    async fn logged<F: Future>(f: F) -> String {
        #[derive(Clone, Default)]
        struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
        impl std::io::Write for Sink {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                if let Ok(mut held) = self.0.lock() {
                    held.extend_from_slice(bytes);
                }
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        // A log line's call site keeps whether any subscriber wants it, worked out when it is
        // first met: if a test on another thread (with no subscriber) met it first, this one's
        // lines would be dropped. Working it out again now counts this subscriber.
        tracing::callsite::rebuild_interest_cache();
        f.await;
        drop(guard);
        let bytes = sink.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_logs_the_attempt_the_code_and_the_wait_not_the_final_sentence() {
        let calls = AtomicU32::new(0);
        let log = logged(RetryPolicy::default().run("ListUsers", || async {
            if calls.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(throttled())
            } else {
                Ok(())
            }
        }))
        .await;
        assert!(
            log.contains("attempt 1 of 6 failed (TooManyRequests); retrying in "),
            "{log}"
        );
        assert!(log.contains("attempt 2 of 6 failed"), "{log}");
        assert!(!log.contains("ran out"), "{log}");
        assert!(!log.contains("every retry"), "{log}");
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_after_max_attempts_with_the_last_error() {
        let calls = AtomicU32::new(0);
        let result: Result<(), _> = RetryPolicy::default()
            .run("test", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(throttled())
            })
            .await;
        assert_eq!(result, Err(throttled()));
        assert_eq!(calls.load(Ordering::SeqCst), 6);
    }

    #[tokio::test(start_paused = true)]
    async fn permanent_errors_are_not_retried() {
        let calls = AtomicU32::new(0);
        let result: Result<(), _> = RetryPolicy::default()
            .run("test", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(DirectoryError::from_code("UserNotFoundException", ""))
            })
            .await;
        assert!(matches!(result, Err(DirectoryError::UserNotFound { .. })));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    fn timed_out() -> DirectoryError {
        DirectoryError::TimedOut {
            operation: String::new(),
            secs: 10,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_timed_out_call_is_retried_and_the_last_error_names_the_call() {
        let calls = AtomicU32::new(0);
        let result: Result<(), _> = RetryPolicy::default()
            .run_within(Duration::from_secs(3600), "ListUsers", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err(timed_out())
            })
            .await;
        assert_eq!(calls.load(Ordering::SeqCst), 6);
        let error = result.unwrap_err();
        assert_eq!(
            error.to_string(),
            "Cognito did not answer ListUsers within 10 s."
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_that_never_answers_ends_at_the_operation_limit() {
        let result: Result<(), _> = RetryPolicy::default()
            .run_within(Duration::from_secs(30), "AdminGetUser", || {
                std::future::pending()
            })
            .await;
        assert_eq!(
            result.unwrap_err().to_string(),
            "Cognito did not answer AdminGetUser within 30 s."
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_that_never_answers_is_noticed_while_it_waits_and_at_each_retry() {
        let calls = AtomicU32::new(0);
        let mut notices = Vec::new();
        let start = tokio::time::Instant::now();
        // As the SDK does: each attempt times out after 10 s.
        let result: Result<(), _> = RetryPolicy::default()
            .run_within_noticed(
                Duration::from_secs(30),
                "ListUsers",
                || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    Err(timed_out())
                },
                |wait| notices.push((start.elapsed().as_secs(), wait.sentence())),
            )
            .await;
        assert!(result.is_err());
        assert_eq!(
            notices[..3],
            [
                (
                    5,
                    "No answer from Cognito to ListUsers for 5 s yet; still waiting…".into()
                ),
                (
                    10,
                    "No answer from Cognito to ListUsers for 10 s; trying again (2 of 3)…".into()
                ),
                (
                    15,
                    "No answer from Cognito to ListUsers for 5 s yet; still waiting (attempt 2 of \
                     3)…"
                    .into()
                ),
            ],
            "{notices:#?}"
        );
        assert!(
            notices
                .iter()
                .any(|(_, n)| n.ends_with("trying again (3 of 3)…")),
            "{notices:#?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_is_noticed_with_the_attempts_it_may_take() {
        let calls = AtomicU32::new(0);
        let mut notices = Vec::new();
        let result = RetryPolicy::default()
            .run_noticed(
                "AdminGetUser",
                || async {
                    if calls.fetch_add(1, Ordering::SeqCst) < 1 {
                        Err(throttled())
                    } else {
                        Ok(1)
                    }
                },
                |wait| notices.push(wait.sentence()),
            )
            .await;
        assert_eq!(result, Ok(1));
        assert_eq!(
            notices,
            ["Cognito is throttling AdminGetUser; trying again (2 of 6)…"]
        );
    }

    #[test]
    fn a_notice_on_a_terminal_clears_the_progress_line_first() {
        let wait = Wait {
            operation: "ListUsers".into(),
            attempt: 2,
            attempts: 6,
            happened: Happened::Throttled,
        };
        let line = "cognito-tui: Cognito is throttling ListUsers; trying again (2 of 6)…";
        assert_eq!(wait.stderr_line(false), line);
        assert_eq!(wait.stderr_line(true), format!("\r\x1b[2K{line}"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_quick_answer_is_not_noticed() {
        let mut notices = Vec::new();
        let result = RetryPolicy::default()
            .run_noticed(
                "ListUsers",
                || async {
                    tokio::time::sleep(Duration::from_secs(4)).await;
                    Ok(())
                },
                |wait| notices.push(wait),
            )
            .await;
        assert_eq!(result, Ok(()));
        assert!(notices.is_empty(), "{notices:?}");
    }
}
