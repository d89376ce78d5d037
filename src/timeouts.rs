//! How long a call to Cognito may take (`[timeouts]` in the config file): connecting, one
//! attempt, and a whole operation with its retries. Without them a stalled connection (a proxy
//! that holds a request) would keep a lookup, a detail load or a bulk user waiting forever.

use std::sync::OnceLock;
use std::time::Duration;

use serde::Deserialize;

/// The limits, in seconds. Each must be at least 1; a 0 is read as 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timeouts {
    /// Opening the connection (TCP and TLS).
    pub connect_secs: u64,
    /// One attempt: from sending the request to the whole answer.
    pub attempt_secs: u64,
    /// A whole operation, its retries and the waits between them included.
    pub operation_secs: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect_secs: 3,
            attempt_secs: 10,
            operation_secs: 30,
        }
    }
}

impl Timeouts {
    pub fn connect(&self) -> Duration {
        Duration::from_secs(self.connect_secs.max(1))
    }

    pub fn attempt(&self) -> Duration {
        Duration::from_secs(self.attempt_secs.max(1))
    }

    pub fn operation(&self) -> Duration {
        Duration::from_secs(self.operation_secs.max(1))
    }

    /// The SDK's form: connect and per-attempt limits on the client. The operation limit is
    /// kept by `RetryPolicy::run`, since our own loop makes the retries.
    pub fn sdk_config(&self) -> aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig {
        aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig::builder()
            .connect_timeout(self.connect())
            .operation_attempt_timeout(self.attempt())
            .operation_timeout(self.attempt())
            .build()
    }
}

static INSTALLED: OnceLock<Timeouts> = OnceLock::new();

/// Sets the process's limits once, from the config file, before any client is built. A second
/// call changes nothing.
pub fn install(timeouts: Timeouts) {
    let _ = INSTALLED.set(timeouts);
}

/// The limits in force: the config file's, or the defaults.
pub fn current() -> Timeouts {
    INSTALLED.get().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_table_keeps_the_other_defaults() {
        let t: Timeouts = toml::from_str("attempt_secs = 2").unwrap();
        assert_eq!(t.attempt(), Duration::from_secs(2));
        assert_eq!(t.connect(), Duration::from_secs(3));
        assert_eq!(t.operation(), Duration::from_secs(30));
    }

    #[test]
    fn zero_is_read_as_one_second() {
        let t: Timeouts = toml::from_str("operation_secs = 0").unwrap();
        assert_eq!(t.operation(), Duration::from_secs(1));
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<Timeouts>("read_secs = 2").is_err());
    }
}
