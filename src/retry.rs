//! Retrying calls that failed for a passing reason (throttling, server faults, network), with
//! exponential backoff and jitter so that many retries do not arrive together.
//!
//! The SDK's own retries are switched off (see `session.rs`), so this is the one place where the
//! policy lives, and it applies alike to Cognito and to the in-memory directory.

use std::future::Future;
use std::time::Duration;

use crate::directory::DirectoryError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Calls made in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
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
        let result = match tokio::time::timeout(limit, self.attempts(what, call)).await {
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

    async fn attempts<T, F, Fut>(&self, what: &str, mut call: F) -> Result<T, DirectoryError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, DirectoryError>>,
    {
        let mut retry = 0;
        loop {
            match call().await {
                Err(error) if error.is_transient() && retry + 1 < self.max_attempts => {
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
}
