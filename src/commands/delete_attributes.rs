//! `cognito-tui delete-attributes`: the bulk deletion from the command line.

use std::path::Path;
use std::process::ExitCode;

use crate::bulk::{CancelFlag, DeleteJob};
use crate::cli::DeleteAttributesArgs;
use crate::config::{ConfigFile, Settings};
use crate::schema_rules;

use super::{
    EXIT_FAILED, bad_input, confirm, connect, engine, failed, journal_path, notice_pending,
    open_journal, print_report, print_warnings, question, read_usernames, retry_hint,
    show_progress, skip_summary, stdin_is_terminal, stop_on_ctrl_c, warn,
};

pub async fn run(
    args: &DeleteAttributesArgs,
    settings: &Settings,
    file: &ConfigFile,
    config_warning: Option<String>,
) -> ExitCode {
    if let Some(warning) = config_warning {
        warn(warning);
    }
    if settings.read_only && !args.dry_run {
        return bad_input(
            "this session is read-only (--read-only or a read-only profile): delete-attributes \
             cannot change the pool (--dry-run can show what it would do)",
        );
    }
    let reading_stdin = args.users_file.as_deref() == Some(Path::new("-"));
    if !args.dry_run && !args.yes && (reading_stdin || !stdin_is_terminal()) {
        return bad_input(
            "refusing to delete without confirmation: standard input is not a terminal to ask \
             on; pass --yes to confirm on the command line",
        );
    }
    let mut usernames = args.users.clone();
    if let Some(path) = &args.users_file {
        match read_usernames(path) {
            Ok(list) => usernames.extend(list),
            Err(e) => return bad_input(e),
        }
    }

    let connected = match connect(settings).await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let mut bulk = engine(&connected, &file.quotas, args.concurrency);
    if !args.dry_run {
        let path = match journal_path(args.journal.as_deref()) {
            Ok(path) => path,
            Err(e) => return bad_input(e),
        };
        notice_pending(&path);
        match open_journal(&path) {
            Ok(journal) => bulk = bulk.with_journal(journal),
            Err(code) => return code,
        }
    }
    let pool = match bulk.describe_pool().await {
        Ok(pool) => pool,
        Err(e) => return failed(format!("cannot describe the pool: {e}")),
    };

    // Refuse what the schema forbids before reading any user.
    let refusals: Vec<String> = args
        .attributes
        .iter()
        .filter_map(|n| schema_rules::mark_refusal(n, Some(&pool)))
        .collect();
    if !refusals.is_empty() {
        return bad_input(format!("nothing deleted: {}", refusals.join("; ")));
    }
    let unknown = schema_rules::not_in_schema(&args.attributes, &pool);
    if !unknown.is_empty() {
        return bad_input(format!(
            "nothing deleted: not attributes of pool {}: {}",
            pool.id,
            unknown.join(", ")
        ));
    }

    let cancel = CancelFlag::new();
    if let Some(filter) = &args.filter {
        let filter = Some(filter.as_str()).filter(|f| !f.trim().is_empty());
        eprintln!(
            "cognito-tui: listing the users {}…",
            filter.map_or("of the pool".to_owned(), |f| format!("matching {f}"))
        );
        match bulk.list_usernames(filter, &cancel).await {
            Ok(list) => usernames = list,
            Err(e) => return failed(format!("cannot list the users: {e}")),
        }
        if cancel.is_cancelled() {
            return failed("stopped while listing the users; nothing was changed");
        }
    }
    let mut seen = std::collections::HashSet::new();
    usernames.retain(|u| seen.insert(u.clone()));
    if usernames.is_empty() {
        eprintln!("cognito-tui: no users to change");
        return ExitCode::SUCCESS;
    }

    let pool_warnings = schema_rules::warnings(&args.attributes, &pool, None);
    for warning in &pool_warnings {
        warn(warning);
    }
    if !args.dry_run && !args.yes {
        let (question, expected) = question(
            &format!("delete {} from", args.attributes.join(", ")),
            &usernames,
            &pool.id,
            "The values are journalled: `cognito-tui undo` can put them back.",
        );
        if !confirm(question, expected).await {
            return failed("not confirmed; nothing was changed");
        }
    }

    // From here on, Ctrl-C stops the run cleanly instead of killing the process.
    let stopper = stop_on_ctrl_c(cancel.clone());
    let (progress, printer) = show_progress(if args.dry_run { "dry run" } else { "deleting" });
    let job = DeleteJob {
        usernames,
        attributes: args.attributes.clone(),
        dry_run: args.dry_run,
    };
    let report = match bulk
        .delete_attributes(job, &pool, Some(progress), &cancel)
        .await
    {
        Ok(report) => report,
        Err(e) => return failed(e),
    };
    let _ = printer.await;
    stopper.abort();

    print_report(&report);
    print_warnings(&report, &pool_warnings);
    let counts = report.counts();
    let verb = if args.dry_run {
        "would be deleted"
    } else {
        "deleted"
    };
    eprintln!(
        "cognito-tui: {} {verb}, {} skipped, {} failed in {:.1?} ({:.1} users/s){}",
        counts.done,
        counts.skipped,
        counts.failed,
        report.elapsed,
        report.rate(),
        if report.cancelled {
            " — stopped before the end"
        } else {
            ""
        }
    );
    if counts.skipped > 0 {
        eprintln!("cognito-tui: skipped: {}", skip_summary(&report));
    }
    if let Some(batch) = &report.batch
        && counts.done > 0
    {
        eprintln!(
            "cognito-tui: journal batch {batch}; `cognito-tui undo --batch {batch}` puts the \
             values back"
        );
    }
    let failed_users = report.failed_usernames();
    if !failed_users.is_empty() {
        let flags: String = args
            .attributes
            .iter()
            .map(|a| format!(" --attribute {a}"))
            .collect();
        retry_hint(
            &failed_users,
            &format!("delete-attributes{flags}"),
            bulk.journal().map(|j| j.path()),
            report.batch.as_deref(),
        );
    }
    if counts.failed > 0 || report.cancelled {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
