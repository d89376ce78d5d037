//! `cognito-tui undo ID... | --batch B`: reverses journalled changes (deleted values put back, a
//! disabled user enabled, a deleted user re-created, …), each through the bulk engine.

use std::collections::BTreeSet;
use std::process::ExitCode;

use crate::bulk::CancelFlag;
use crate::cli::UndoArgs;
use crate::config::{ConfigFile, Settings};
use crate::journal;

use super::{
    EXIT_FAILED, bad_input, confirm, connect, engine, failed, journal_path, notice_pending,
    open_journal, print_report, print_warnings, question, settings_for_pool, show_progress,
    skip_summary, stdin_is_terminal, stop_on_ctrl_c, stopped_by,
};

pub async fn run(args: &UndoArgs, settings: &Settings, file: &ConfigFile) -> ExitCode {
    if settings.read_only && !args.dry_run {
        return bad_input(
            "this session is read-only (--read-only or a read-only profile): undo cannot change \
             the pool (--dry-run can show what it would do)",
        );
    }
    let path = match journal_path(args.journal.as_deref(), settings) {
        Ok(path) => path,
        Err(e) => return bad_input(e),
    };
    let contents = match journal::read(&path) {
        Ok(contents) => contents,
        Err(e) => return failed(e),
    };

    let mut ids = args.ids.clone();
    for batch in &args.batch {
        let before = ids.len();
        ids.extend(
            contents
                .batch(batch)
                .filter(|e| e.intent.kind.has_undo() && e.intent.undo_of.is_none())
                .map(|e| e.intent.id.clone()),
        );
        if ids.len() == before {
            return bad_input(format!(
                "no undoable change of batch {batch} in {}",
                path.display()
            ));
        }
    }
    let unknown: Vec<&String> = ids
        .iter()
        .filter(|id| contents.find(id).is_none())
        .collect();
    if !unknown.is_empty() {
        return bad_input(format!(
            "not in {}: {}",
            path.display(),
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    // The pool: the one given, else the one the entries name.
    let pools: BTreeSet<&str> = ids
        .iter()
        .filter_map(|id| contents.find(id))
        .map(|e| e.intent.pool_id.as_str())
        .collect();
    let settings = match (&settings.pool_id, pools.len()) {
        (Some(_), _) => settings.clone(),
        (None, 1) => settings_for_pool(settings, pools.first().copied().unwrap_or_default()),
        (None, _) => {
            return bad_input(format!(
                "these entries are of several pools ({}): pass --pool-id to undo one pool's",
                pools.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    };

    let connected = match connect(&settings).await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let bulk = engine(&connected, &file.quotas, crate::bulk::DEFAULT_CONCURRENCY);
    // A pool that is not there is bad configuration (2), as for every command, not a failure
    // of each entry: found out before any entry is read or undone. The question needs nothing
    // of the pool (the entries name the users, the settings the pool), so a "no" makes no call.
    let pool_missing = async || match bulk.describe_pool().await {
        Ok(_) => None,
        Err(e) => Some(stopped_by(&e, format!("cannot describe the pool: {e}"))),
    };
    if args.dry_run {
        if let Some(code) = pool_missing().await {
            return code;
        }
        let cancel = CancelFlag::new();
        let (progress, printer) = show_progress("dry run", "would be done");
        let report = match bulk
            .undo_dry_run(&contents, &ids, Some(progress), &cancel)
            .await
        {
            Ok(report) => report,
            Err(e) => return failed(e),
        };
        let _ = printer.await;
        return summarise(&report, "would be done");
    }

    // Undoing many users' changes is a change to many users: asked first, as an action is.
    let mut users: Vec<String> = Vec::new();
    for entry in ids.iter().filter_map(|id| contents.find(id)) {
        if !users.contains(&entry.intent.username) {
            users.push(entry.intent.username.clone());
        }
    }
    if users.len() > 1 && !args.yes {
        if !stdin_is_terminal() {
            return bad_input(format!(
                "refusing to undo the changes of {} users without confirmation: standard input \
                 is not a terminal to ask on; pass --yes to confirm on the command line",
                users.len()
            ));
        }
        let pool_id = settings.pool_id.clone().unwrap_or_default();
        let what = format!(
            "undo {} journalled change{} of",
            ids.len(),
            if ids.len() == 1 { "" } else { "s" }
        );
        let (question, expected) = question(
            &what,
            &users,
            &pool_id,
            "A change made again since, or one that cannot be undone, is skipped with the reason.",
        );
        if !confirm(question, expected).await {
            return failed("not confirmed; nothing was changed");
        }
    }
    if let Some(code) = pool_missing().await {
        return code;
    }

    notice_pending(&path);
    let journal = match open_journal(&path) {
        Ok(journal) => journal,
        Err(code) => return code,
    };
    let bulk = bulk.with_journal(journal);
    let cancel = CancelFlag::new();
    let stopper = stop_on_ctrl_c(cancel.clone());
    let (progress, printer) = show_progress("restoring", "done");
    let report = match bulk.undo(&ids, Some(progress), &cancel).await {
        Ok(report) => report,
        Err(e) => return failed(e),
    };
    let _ = printer.await;
    stopper.abort();
    summarise(&report, "restored")
}

/// The report's lines, warnings and summary, and the exit code.
fn summarise(report: &crate::bulk::BulkReport, done: &str) -> ExitCode {
    print_report(report);
    print_warnings(report, &[]);
    let counts = report.counts();
    crate::stderr_line!(
        "cognito-tui: {} {done}, {} skipped, {} failed in {:.1?}{}",
        counts.done,
        counts.skipped,
        counts.failed,
        report.elapsed,
        if report.cancelled {
            " — stopped before the end"
        } else {
            ""
        }
    );
    if counts.skipped > 0 {
        crate::stderr_line!("cognito-tui: skipped: {}", skip_summary(report));
    }
    if counts.failed > 0 || report.cancelled {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
