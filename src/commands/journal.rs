//! `cognito-tui journal`: lists the journal, and with `--resolve` settles the entries left
//! pending by checking the users on the server.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use crate::bulk::{CancelFlag, ItemResult, SkipReason};
use crate::cli::JournalArgs;
use crate::config::{ConfigFile, Settings};
use crate::journal::{self, Contents, Entry, Kind};
use crate::text::safe;

use super::{
    EXIT_FAILED, connect, engine, failed, journal_path, open_journal, print_report,
    settings_for_pool, show_progress, warn,
};

pub async fn run(args: &JournalArgs, settings: &Settings, file: &ConfigFile) -> ExitCode {
    let path = match journal_path(args.journal.as_deref(), settings) {
        Ok(path) => path,
        Err(e) => return super::bad_input(e),
    };
    let contents = match journal::read(&path) {
        Ok(contents) => contents,
        Err(e) => return failed(e),
    };
    if !contents.unreadable_lines.is_empty() {
        warn(format!(
            "{}: line(s) {} could not be read (cut short by a crash?) and are ignored",
            path.display(),
            contents
                .unreadable_lines
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if args.resolve {
        return resolve(&contents, &path, settings, file).await;
    }

    let entries: Vec<&Entry> = contents
        .entries
        .iter()
        .filter(|e| !args.pending || e.is_pending())
        .collect();
    let shown = &entries[entries
        .len()
        .saturating_sub(args.last.unwrap_or(usize::MAX))..];
    let mut out = std::io::stdout().lock();
    if !shown.is_empty() {
        let _ = writeln!(out, "ID\tTIME\tPOOL\tUSER\tCHANGE\tATTRIBUTES\tOUTCOME");
    }
    for entry in shown {
        let _ = writeln!(out, "{}", row(entry, &contents));
    }
    if contents.entries.is_empty() && !path.exists() {
        // A mistyped --journal reads as an empty journal otherwise.
        crate::stderr_line!(
            "cognito-tui: no journal file at {}: nothing has been journalled there",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    let pending = contents.pending().count();
    crate::stderr_line!(
        "cognito-tui: {} entr{} in {}; {pending} pending{}",
        contents.entries.len(),
        if contents.entries.len() == 1 {
            "y"
        } else {
            "ies"
        },
        path.display(),
        if pending > 0 {
            " — `cognito-tui journal --resolve` checks them against the pool"
        } else if args.pending {
            " (no pending entries)"
        } else {
            ""
        }
    );
    ExitCode::SUCCESS
}

fn row(entry: &Entry, contents: &Contents) -> String {
    let intent = &entry.intent;
    let change = match (&intent.kind, &intent.undo_of) {
        (Kind::Delete, _) => "delete".to_owned(),
        (Kind::Undo, Some(of)) => format!("undo of {of}"),
        (Kind::Undo, None) => "undo".to_owned(),
        _ => intent.describe(),
    };
    let mut outcome = match &entry.outcome {
        None => "PENDING".to_owned(),
        Some(o) => {
            let verdict = o.result.words();
            match &o.message {
                Some(m) => format!("{verdict}: {m}"),
                None => verdict.to_owned(),
            }
        }
    };
    if let Some(undo) = contents.undo_of(&intent.id) {
        outcome.push_str(&format!(" (undone by {})", undo.intent.id));
    }
    format!(
        "{}\t{}\t{}\t{}\t{change}\t{}\t{}",
        intent.id,
        intent.time,
        intent.pool_id,
        safe(&intent.username),
        safe(&intent.names().join(",")),
        safe(&outcome)
    )
}

/// Checks every pending entry against its pool (the one given, else each pool the entries
/// name) and writes the outcome.
async fn resolve(
    contents: &Contents,
    path: &std::path::Path,
    settings: &Settings,
    file: &ConfigFile,
) -> ExitCode {
    let pools: BTreeSet<&str> = contents
        .pending()
        .map(|e| e.intent.pool_id.as_str())
        .filter(|p| settings.pool_id.as_deref().is_none_or(|given| given == *p))
        .collect();
    if pools.is_empty() {
        crate::stderr_line!(
            "cognito-tui: nothing pending to resolve in {}",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    let journal = match open_journal(path) {
        Ok(journal) => journal,
        Err(code) => return code,
    };
    let mut trouble = false;
    let mut bad_setup = false;
    for pool_id in pools {
        let connected = match connect(&settings_for_pool(settings, pool_id)).await {
            Ok(connected) => connected,
            Err(code) => return code,
        };
        let bulk = engine(&connected, &file.quotas, 8).with_journal(journal.clone());
        // A pool that is not there is bad configuration (2), as for every command, not a
        // failure of each of its entries; the other pools are still settled.
        if let Err(e) = bulk.describe_pool().await {
            if e.is_bad_setup() {
                super::bad_input(format!("pool {pool_id}: cannot describe the pool: {e}"));
                bad_setup = true;
            } else {
                failed(format!("pool {pool_id}: cannot describe the pool: {e}"));
                trouble = true;
            }
            continue;
        }
        let (progress, printer) = show_progress("resolving", "done");
        let report = match bulk
            .resolve_pending(Some(progress), &CancelFlag::new())
            .await
        {
            Ok(report) => report,
            Err(e) => return failed(e),
        };
        let _ = printer.await;
        let mut report = report;
        report
            .users
            .retain(|u| !matches!(u.result, ItemResult::Skipped(SkipReason::OtherPool(_))));
        print_report(&report);
        let applied = report
            .users
            .iter()
            .filter(
                |u| matches!(&u.result, ItemResult::Resolved { verdict, .. } if verdict.applied()),
            )
            .count();
        let counts = report.counts();
        crate::stderr_line!(
            "cognito-tui: pool {pool_id}: {} resolved ({applied} applied, {} not applied), {} \
             could not be checked",
            counts.done,
            counts.done - applied,
            counts.failed
        );
        trouble |= counts.failed > 0;
    }
    if bad_setup {
        ExitCode::from(super::EXIT_BAD_INPUT)
    } else if trouble {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
