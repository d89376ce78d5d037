//! `cognito-tui events USERNAME [--json]`: the user's sign-in history
//! (`AdminListUserAuthEvents`, within the UserResourceRead quota), newest first.

use std::io::Write;
use std::process::ExitCode;

use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};

use crate::cli::EventsArgs;
use crate::config::{ConfigFile, Settings};
use crate::directory::{AuthEvent, DirectoryReader};
use crate::limiter::{Limiter, Operation};
use crate::reader_gone::is_reader_gone;
use crate::retry::RetryPolicy;
use crate::text::safe;

use super::{connect, failed};

pub async fn run(args: &EventsArgs, settings: &Settings, file: &ConfigFile) -> ExitCode {
    let connected = match connect(settings).await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let limiter = Limiter::new(&file.quotas);
    let events = match read(connected.access.reader().as_ref(), &limiter, &args.username).await {
        Ok(events) => events,
        Err(e) => return super::stopped_by(&e, &e),
    };
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        writeln!(out, "{}", json(&events))
    } else {
        write_table(&mut out, &events)
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && !is_reader_gone(&e)
    {
        return failed(format!("cannot write to standard output: {e}"));
    }
    crate::stderr_line!(
        "cognito-tui: {} sign-in event{} of {}",
        events.len(),
        if events.len() == 1 { "" } else { "s" },
        safe(&args.username)
    );
    ExitCode::SUCCESS
}

/// The events, within the call's quota and retried.
pub async fn read(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    username: &str,
) -> Result<Vec<AuthEvent>, crate::directory::DirectoryError> {
    let op = Operation::AdminListUserAuthEvents;
    RetryPolicy::for_cli()
        .run(op.name(), || async {
            limiter.acquire_for(op).await;
            reader.auth_events(username).await
        })
        .await
}

/// `2026-12-06T02:15:39Z`, or `-` when Cognito gave no time.
fn time(secs: Option<i64>) -> String {
    secs.and_then(|s| DateTime::from_secs(s).fmt(DateTimeFormat::DateTime).ok())
        .unwrap_or_else(|| "-".to_owned())
}

fn location(event: &AuthEvent) -> String {
    match (&event.city, &event.country) {
        (Some(city), Some(country)) => format!("{city}, {country}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => "-".to_owned(),
    }
}

fn write_table(out: &mut impl Write, events: &[AuthEvent]) -> std::io::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    writeln!(out, "TIME\tEVENT\tRESPONSE\tRISK\tIP\tDEVICE\tLOCATION")?;
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    for e in events {
        let cells = [
            time(e.created),
            e.event_type.clone(),
            e.response.clone(),
            or_dash(&e.risk_level),
            or_dash(&e.ip_address),
            or_dash(&e.device),
            location(e),
        ];
        let cells: Vec<String> = cells.iter().map(|c| safe(c).replace('\t', " ")).collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

fn json(events: &[AuthEvent]) -> String {
    let list: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            serde_json::json!({
                "event_id": e.event_id,
                "event_type": e.event_type,
                "time": e.created.map(|s| time(Some(s))),
                "response": e.response,
                "risk_level": e.risk_level,
                "ip_address": e.ip_address,
                "device": e.device,
                "city": e.city,
                "country": e.country,
            })
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::DirectoryError;

    fn event() -> AuthEvent {
        AuthEvent {
            event_id: "e1".into(),
            event_type: "SignIn".into(),
            created: Some(1_765_000_000),
            response: "Fail".into(),
            risk_level: Some("High".into()),
            ip_address: Some("203.0.113.9".into()),
            device: Some("Evil\x1b[2J\tDevice".into()),
            city: None,
            country: Some("United Kingdom".into()),
        }
    }

    #[test]
    fn the_table_is_one_safe_tab_separated_line_per_event() {
        let mut out = Vec::new();
        write_table(&mut out, &[event()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "TIME\tEVENT\tRESPONSE\tRISK\tIP\tDEVICE\tLOCATION"
        );
        let cells: Vec<&str> = lines[1].split('\t').collect();
        assert_eq!(cells.len(), 7, "{cells:?}");
        assert_eq!(cells[0], "2025-12-06T05:46:40Z");
        assert_eq!(&cells[1..5], ["SignIn", "Fail", "High", "203.0.113.9"]);
        assert!(!cells[5].contains('\x1b'), "{:?}", cells[5]);
        assert_eq!(cells[6], "United Kingdom");
    }

    #[test]
    fn json_keeps_every_field_and_missing_ones_as_null() {
        let value: serde_json::Value = serde_json::from_str(&json(&[event()])).unwrap();
        assert_eq!(value[0]["event_type"], "SignIn");
        assert_eq!(value[0]["time"], "2025-12-06T05:46:40Z");
        assert_eq!(value[0]["city"], serde_json::Value::Null);
        assert_eq!(value[0]["device"], "Evil\x1b[2J\tDevice");
    }

    #[tokio::test]
    async fn a_pool_without_threat_protection_is_one_sentence() {
        struct NoThreatProtection;
        #[async_trait::async_trait]
        impl DirectoryReader for NoThreatProtection {
            async fn list_users(
                &self,
                _: crate::directory::ListUsersRequest,
            ) -> Result<crate::directory::UserPage, DirectoryError> {
                unreachable!("the events command reads only sign-in events")
            }
            async fn get_user(&self, _: &str) -> Result<crate::directory::User, DirectoryError> {
                unreachable!("the events command reads only sign-in events")
            }
            async fn describe_pool(&self) -> Result<crate::directory::PoolInfo, DirectoryError> {
                unreachable!("the events command reads only sign-in events")
            }
            async fn auth_events(&self, _: &str) -> Result<Vec<AuthEvent>, DirectoryError> {
                Err(DirectoryError::from_code(
                    "UserPoolAddOnNotEnabledException",
                    "Advanced security is not enabled",
                ))
            }
        }
        let limiter = Limiter::new(&Default::default());
        let err = read(&NoThreatProtection, &limiter, "jo")
            .await
            .expect_err("refused");
        assert_eq!(
            err.to_string(),
            "Sign-in history needs threat protection (advanced security) on this pool."
        );
    }
}
