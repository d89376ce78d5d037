//! `cognito-tui undo ID... | --batch B`: reverses journalled changes (deleted values put back, a
//! disabled user enabled, a deleted user re-created, …), each through the bulk engine.

use std::collections::BTreeSet;
use std::process::ExitCode;

use crate::bulk::CancelFlag;
use crate::cli::UndoArgs;
use crate::config::{ConfigFile, Settings};
use crate::journal;

use super::{
    EXIT_FAILED, bad_input, connect, engine, failed, journal_path, notice_pending, open_journal,
    print_report, print_warnings, settings_for_pool, show_progress, skip_summary, stop_on_ctrl_c,
};

pub async fn run(args: &UndoArgs, settings: &Settings, file: &ConfigFile) -> ExitCode {
    if settings.read_only {
        return bad_input(
            "this session is read-only (--read-only or a read-only profile): undo cannot change \
             the pool",
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

    notice_pending(&path);
    let connected = match connect(&settings).await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let journal = match open_journal(&path) {
        Ok(journal) => journal,
        Err(code) => return code,
    };
    let bulk =
        engine(&connected, &file.quotas, crate::bulk::DEFAULT_CONCURRENCY).with_journal(journal);
    let cancel = CancelFlag::new();
    let stopper = stop_on_ctrl_c(cancel.clone());
    let (progress, printer) = show_progress("restoring", "done");
    let report = match bulk.undo(&ids, Some(progress), &cancel).await {
        Ok(report) => report,
        Err(e) => return failed(e),
    };
    let _ = printer.await;
    stopper.abort();

    print_report(&report);
    print_warnings(&report, &[]);
    let counts = report.counts();
    crate::stderr_line!(
        "cognito-tui: {} restored, {} skipped, {} failed in {:.1?}{}",
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
        crate::stderr_line!("cognito-tui: skipped: {}", skip_summary(&report));
    }
    if counts.failed > 0 || report.cancelled {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
