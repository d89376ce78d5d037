//! The subcommands that run without the screen: the account actions (`delete-attributes`,
//! `disable`, `add-to-group`, … in [`actions`]), `events`, `journal`, `undo`. Each
//! prints its results on standard output (one line per user, tab-separated, for scripts) and
//! its progress, warnings and summary on standard error.
//!
//! Exit codes: 0 all done (skips included), 1 something failed or was stopped, 2 bad input
//! (a named user the pool has not got included, when nothing failed).

pub mod actions;
pub mod events;
pub mod journal;
pub mod undo;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::bulk::{Bulk, BulkReport, CancelFlag, ItemResult, Progress};
use crate::config::Settings;
use crate::journal::Journal;
use crate::limiter::{Limiter, Quotas};
use crate::retry::RetryPolicy;
use crate::session::{self, Connected};
use crate::text::one_line;

/// Exit code: every user done or skipped.
pub const EXIT_OK: u8 = 0;
/// Exit code: some user failed, or the run was stopped or declined.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: bad arguments, configuration or input (a named user the pool has not got).
pub const EXIT_BAD_INPUT: u8 = 2;

pub(crate) fn bad_input(message: impl std::fmt::Display) -> ExitCode {
    crate::stderr_line!("cognito-tui: {}", one_line(&message.to_string()));
    ExitCode::from(EXIT_BAD_INPUT)
}

pub(crate) fn failed(message: impl std::fmt::Display) -> ExitCode {
    crate::stderr_line!("cognito-tui: {}", one_line(&message.to_string()));
    ExitCode::from(EXIT_FAILED)
}

/// A command stopped by `error`: bad input (2) when it says the pool or the credentials are
/// wrong (as `lookup` and `export` exit for them), else failed (1).
pub(crate) fn stopped_by(
    error: &crate::directory::DirectoryError,
    message: impl std::fmt::Display,
) -> ExitCode {
    if error.is_bad_setup() {
        bad_input(message)
    } else {
        failed(message)
    }
}

/// A command says first that the config file was not used (`warning`), as the screen does.
pub fn warn_unused_config(warning: Option<String>) {
    if let Some(warning) = warning {
        warn(warning);
    }
}

pub(crate) fn warn(message: impl std::fmt::Display) {
    crate::stderr_line!("cognito-tui: warning: {}", one_line(&message.to_string()));
}

/// The journal file: `--journal FILE`, else the demo pool's own (`--demo`: never the user's
/// journal, see `demo_scratch`), else the platform data dir's.
pub(crate) fn journal_path(
    explicit: Option<&Path>,
    settings: &Settings,
) -> Result<PathBuf, String> {
    match explicit {
        Some(path) => Ok(path.to_owned()),
        None if settings.demo => Ok(crate::demo_scratch::journal()),
        None => crate::journal::default_path()
            .ok_or_else(|| "no data directory for the journal; pass --journal FILE".to_owned()),
    }
}

pub(crate) fn open_journal(path: &Path) -> Result<Arc<Journal>, ExitCode> {
    Journal::open(path).map(Arc::new).map_err(failed)
}

/// Says so on standard error when the journal holds changes with no outcome.
pub(crate) fn notice_pending(path: &Path) {
    if let Some(notice) = crate::journal::pending_notice(path) {
        warn(notice);
    }
}

pub(crate) async fn connect(settings: &Settings) -> Result<Connected, ExitCode> {
    session::connect(settings).await.map_err(bad_input)
}

/// The engine over a session, at the configured quotas.
pub(crate) fn engine(connected: &Connected, quotas: &Quotas, concurrency: usize) -> Bulk {
    Bulk::new(
        &connected.access,
        connected.session.pool_id.clone(),
        Arc::new(Limiter::new(quotas)),
        RetryPolicy::for_cli(),
    )
    .with_concurrency(concurrency)
}

/// The settings for the pool a journal entry names, when no pool was given: its region is the
/// pool id's prefix unless one was given.
pub(crate) fn settings_for_pool(settings: &Settings, pool_id: &str) -> Settings {
    let region = settings.region.clone().or_else(|| {
        pool_id
            .split_once('_')
            .map(|(r, _)| r.to_owned())
            .filter(|r| r.matches('-').count() >= 2)
    });
    Settings {
        pool_id: Some(pool_id.to_owned()),
        region,
        ..settings.clone()
    }
}

/// First Ctrl-C: stop starting users, let those in flight finish. Second: quit at once (the
/// journal keeps any change in flight as pending).
pub(crate) fn stop_on_ctrl_c(cancel: CancelFlag) -> JoinHandle<()> {
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        cancel.cancel();
        crate::stderr_line!(
            "\ncognito-tui: stopping: no new users are started; those in flight finish \
             (Ctrl-C again to quit at once)"
        );
        if tokio::signal::ctrl_c().await.is_ok() {
            crate::stderr_line!(
                "cognito-tui: quit; `cognito-tui journal --pending` shows changes left unsettled"
            );
            std::process::exit(130);
        }
    })
}

/// Shows progress on standard error: a line redrawn in place on a terminal, a line every few
/// seconds otherwise. `done` names the users done: "done", or "would be done" in a dry run.
pub(crate) fn show_progress(
    label: &'static str,
    done: &'static str,
) -> (UnboundedSender<Progress>, JoinHandle<()>) {
    let (tx, mut rx) = unbounded_channel::<Progress>();
    let terminal = std::io::stderr().is_terminal();
    let every = if terminal {
        Duration::from_millis(100)
    } else {
        Duration::from_secs(5)
    };
    let task = tokio::spawn(async move {
        let mut last_shown: Option<Instant> = None;
        let mut drawn = false;
        while let Some(p) = rx.recv().await {
            let finished = p.remaining == 0;
            if !finished && last_shown.is_some_and(|t| t.elapsed() < every) {
                continue;
            }
            last_shown = Some(Instant::now());
            let line = format!(
                "{label}: {}/{} · {} {done} · {} skipped · {} failed · {:.1} users/s",
                p.total - p.remaining,
                p.total,
                p.done,
                p.skipped,
                p.failed,
                p.rate
            );
            let mut err = std::io::stderr().lock();
            if terminal {
                let _ = write!(err, "\r\x1b[2K{line}");
                drawn = true;
            } else if p.total > 0 {
                let _ = writeln!(err, "{line}");
            }
            let _ = err.flush();
        }
        if drawn {
            crate::stderr_line!();
        }
    });
    (tx, task)
}

/// One line per user on standard output: `USER<TAB>STATUS<TAB>DETAIL<TAB>JOURNAL ID`.
pub(crate) fn print_report(report: &BulkReport) {
    write_report(&mut std::io::stdout().lock(), report);
}

fn write_report(out: &mut impl Write, report: &BulkReport) {
    for user in &report.users {
        let names = |attributes: &[crate::directory::Attribute]| {
            attributes
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        let (status, detail) = match &user.result {
            ItemResult::Deleted(a) => ("deleted", names(a)),
            ItemResult::WouldDelete(a) => ("would delete", names(a)),
            ItemResult::Restored(a) => ("restored", names(a)),
            ItemResult::Applied(what) => ("done", one_line(what)),
            ItemResult::WouldApply(what) => ("would", one_line(what)),
            ItemResult::Resolved { verdict, message } => (
                if verdict.applied() {
                    "applied"
                } else {
                    "not applied"
                },
                // Messages (the server's words among them) as one plain line, not escapes.
                one_line(message),
            ),
            ItemResult::Skipped(reason) => ("skipped", one_line(&reason.to_string())),
            ItemResult::Failed(failure) => ("failed", one_line(&failure.to_string())),
        };
        let _ = writeln!(
            out,
            "{}\t{status}\t{}\t{}",
            crate::text::safe(&user.username),
            crate::text::safe(&detail),
            user.journal_id.as_deref().unwrap_or("-")
        );
    }
}

/// Warnings of the report's users on standard error, the same warning once with its count,
/// leaving out those `shown` already.
pub(crate) fn print_warnings(report: &BulkReport, shown: &[String]) {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let fresh = report
        .users
        .iter()
        .flat_map(|u| &u.warnings)
        .filter(|w| !shown.contains(w));
    for warning in fresh {
        match seen.iter_mut().find(|(w, _)| w == warning) {
            Some((_, n)) => *n += 1,
            None => seen.push((warning.clone(), 1)),
        }
    }
    for (warning, n) in seen {
        if n == 1 {
            warn(warning);
        } else {
            warn(format!("{warning} ({n} users)"));
        }
    }
}

/// Skip reasons with their counts, for the summary.
pub(crate) fn skip_summary(report: &BulkReport) -> String {
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for user in &report.users {
        if let ItemResult::Skipped(reason) = &user.result {
            let text = reason.to_string();
            match reasons.iter_mut().find(|(r, _)| *r == text) {
                Some((_, n)) => *n += 1,
                None => reasons.push((text, 1)),
            }
        }
    }
    reasons
        .iter()
        .map(|(r, n)| format!("{n}× {r}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Asks on the terminal; `true` when the answer is `expected`.
pub(crate) async fn confirm(question: String, expected: String) -> bool {
    tokio::task::spawn_blocking(move || {
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer).is_ok() && answer.trim() == expected
    })
    .await
    .unwrap_or(false)
}

/// Above this many users, confirming means typing their number.
const TYPE_THE_COUNT_ABOVE: usize = 20;
/// Users named in the confirmation.
const USERS_SHOWN: usize = 10;

/// The confirmation question — "About to {what} 3 users of pool P:", the users, `undo_line` —
/// and the answer that confirms it: `yes`, or above 20 users their number.
pub(crate) fn question(
    what: &str,
    usernames: &[String],
    pool_id: &str,
    undo_line: &str,
) -> (String, String) {
    let n = usernames.len();
    let mut text = format!(
        "About to {what} {n} user{} of pool {pool_id}:\n",
        if n == 1 { "" } else { "s" }
    );
    for user in usernames.iter().take(USERS_SHOWN) {
        text.push_str(&format!("  {}\n", crate::text::safe(user)));
    }
    if n > USERS_SHOWN {
        text.push_str(&format!("  … and {} more\n", n - USERS_SHOWN));
    }
    text.push_str(undo_line);
    text.push('\n');
    if n > TYPE_THE_COUNT_ABOVE {
        text.push_str(&format!("Type the number of users ({n}) to go on: "));
        (text, n.to_string())
    } else {
        text.push_str("Type yes to go on: ");
        (text, "yes".to_owned())
    }
}

/// The usernames of `--users-file`, one a line (`-` for standard input).
pub(crate) fn read_usernames(path: &Path) -> Result<Vec<String>, String> {
    let text = if path == Path::new("-") {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| format!("cannot read the usernames from standard input: {e}"))?
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the usernames from {}: {e}", path.display()))?
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Writes the failed usernames beside the journal and says how to run them again:
/// `cognito-tui {rerun} --users-file FILE`.
pub(crate) fn retry_hint(
    failed_users: &[String],
    rerun: &str,
    journal: Option<&Path>,
    batch: Option<&str>,
) {
    let file = journal
        .and_then(Path::parent)
        .zip(batch)
        .map(|(dir, batch)| dir.join(format!("failed-{batch}.txt")));
    match file {
        Some(file) if write_private(&file, &(failed_users.join("\n") + "\n")).is_ok() => {
            crate::stderr_line!(
                "cognito-tui: {} failed; to try them again: cognito-tui {rerun} --users-file {}",
                failed_users.len(),
                file.display()
            );
        }
        _ => crate::stderr_line!(
            "cognito-tui: {} failed (the lines marked failed above); to try them again, pass \
             them with --users-file",
            failed_users.len()
        ),
    }
}

/// Writes a file only its owner can read: usernames are user data.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

pub(crate) fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::{Failure, UserReport};
    use crate::directory::DirectoryError;

    #[test]
    fn up_to_twenty_users_confirm_with_yes_above_with_the_count() {
        let few: Vec<String> = (0..3).map(|i| format!("u{i}")).collect();
        let (text, expected) = question("delete locale from", &few, "eu-west-1_P", "undo line");
        assert_eq!(expected, "yes");
        assert!(text.contains("delete locale from 3 users of pool eu-west-1_P"));
        assert!(text.contains("  u2\n"));
        assert!(text.contains("undo line\nType yes"));
        let many: Vec<String> = (0..21).map(|i| format!("u{i}")).collect();
        let (text, expected) = question("disable", &many, "p", "");
        assert_eq!(expected, "21");
        assert!(text.starts_with("About to disable 21 users of pool p:"));
        assert!(text.contains("  u9\n") && !text.contains("  u10\n"));
        assert!(text.contains("… and 11 more"));
    }

    #[test]
    fn a_servers_message_with_newlines_and_quotes_is_one_plain_line_on_stdout() {
        let report = BulkReport {
            batch: None,
            users: vec![UserReport {
                username: "ann".into(),
                journal_id: None,
                result: ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
                    "InvalidParameterException",
                    "1 validation error:\nValue \"x\" is invalid",
                ))),
                warnings: Vec::new(),
            }],
            cancelled: false,
            elapsed: Duration::ZERO,
        };
        let mut out = Vec::new();
        write_report(&mut out, &report);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.contains("1 validation error: Value \"x\" is invalid"),
            "{out}"
        );
        assert!(!out.contains("\\u{") && !out.contains("\\\""), "{out}");
    }
}
