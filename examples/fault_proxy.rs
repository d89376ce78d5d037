//! The tests' fault proxy on its own, for trying the app by hand against a faulty server:
//!
//! ```sh
//! FAULT_UPSTREAM=http://127.0.0.1:5000 FAULT_FILE=/tmp/faults cargo run --example fault_proxy
//! ```
//!
//! It prints its URL (give it to the app as `--endpoint-url`) and then, every second, reads
//! `FAULT_FILE` (if set) for the faults to apply from then on: whitespace-separated `key=value`
//! words, e.g. `latency_ms=3000 throttle=0.5 error=0.2 hang=ListUsers`. Keys: `latency_ms`,
//! `throttle`, `error` (rates 0..=1), `only` (the operations throttle and error hit; all when
//! absent), `hang` (operations held unanswered); operations are comma-separated.
//! An empty or missing file means no faults. It stops after `FAULT_MINUTES` (default 30).

#[path = "../tests/fault_proxy/mod.rs"]
mod fault_proxy;

use std::time::Duration;

use fault_proxy::{FaultProxy, Faults, Hang};

/// Faults from the file's `key=value` words; unknown words are ignored.
fn parse_faults(text: &str) -> Faults {
    let mut faults = Faults::default();
    for (key, value) in text.split_whitespace().filter_map(|w| w.split_once('=')) {
        match key {
            "latency_ms" => {
                faults.latency = Duration::from_millis(value.parse().unwrap_or(0));
            }
            "throttle" => faults.throttle_rate = value.parse().unwrap_or(0.0),
            "error" => faults.server_error_rate = value.parse().unwrap_or(0.0),
            "only" => {
                faults.only = value
                    .split(',')
                    .filter(|o| !o.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            "hang" => {
                faults.hang = value
                    .split(',')
                    .filter(|o| !o.is_empty())
                    .map(Hang::operation)
                    .collect();
            }
            _ => {}
        }
    }
    faults
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let upstream = std::env::var("FAULT_UPSTREAM").expect("FAULT_UPSTREAM=http://127.0.0.1:PORT");
    let file = std::env::var("FAULT_FILE").ok();
    let minutes: u64 = std::env::var("FAULT_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(30);
    let proxy = FaultProxy::start(&upstream, Faults::default()).await;
    println!("fault proxy at {}", proxy.url());
    let mut last = String::new();
    for _ in 0..minutes * 60 {
        let text = file
            .as_deref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .unwrap_or_default();
        if text != last {
            println!("faults now: {}", text.trim());
            proxy.set_faults(Faults {
                max_requests: usize::MAX,
                ..parse_faults(&text)
            });
            last = text;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    println!("stats: {:?}", proxy.stats());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_read_from_key_value_words() {
        let faults = parse_faults(
            "latency_ms=250 throttle=0.5 error=1 only=AdminDisableUser hang=ListUsers,AdminGetUser x",
        );
        assert_eq!(faults.latency, Duration::from_millis(250));
        assert_eq!(faults.throttle_rate, 0.5);
        assert_eq!(faults.server_error_rate, 1.0);
        let held: Vec<_> = faults.hang.iter().map(|h| h.operation.as_str()).collect();
        assert_eq!(held, ["ListUsers", "AdminGetUser"]);
        assert_eq!(faults.only, ["AdminDisableUser"]);
        assert!(parse_faults("").hang.is_empty());
    }
}
