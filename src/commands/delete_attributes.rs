//! `cognito-tui delete-attributes`: the bulk deletion from the command line.

use std::path::Path;
use std::process::ExitCode;

use crate::bulk::{CancelFlag, DeleteJob};
use crate::cli::DeleteAttributesArgs;
use crate::config::{ConfigFile, Settings};
use crate::schema_rules;

use super::{
    EXIT_FAILED, bad_input, confirm, connect, engine, failed, journal_path, notice_pending,
    open_journal, print_report, print_warnings, show_progress, skip_summary, stdin_is_terminal,
    stop_on_ctrl_c, warn,
};

/// Above this many users, confirming means typing their number.
const TYPE_THE_COUNT_ABOVE: usize = 20;
/// Users named in the confirmation.
const USERS_SHOWN: usize = 10;

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
        let (question, expected) = question(&usernames, &args.attributes, &pool.id);
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
        let journal = bulk.journal().map(|j| j.path());
        retry_hint(
            &failed_users,
            &args.attributes,
            journal,
            report.batch.as_deref(),
        );
    }
    if counts.failed > 0 || report.cancelled {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// The confirmation question, and the answer that confirms it.
fn question(usernames: &[String], attributes: &[String], pool_id: &str) -> (String, String) {
    let n = usernames.len();
    let mut text = format!(
        "About to delete {} from {n} user{} of pool {pool_id}:\n",
        attributes.join(", "),
        if n == 1 { "" } else { "s" }
    );
    for user in usernames.iter().take(USERS_SHOWN) {
        text.push_str(&format!("  {}\n", crate::ui::text::safe(user)));
    }
    if n > USERS_SHOWN {
        text.push_str(&format!("  … and {} more\n", n - USERS_SHOWN));
    }
    text.push_str("The values are journalled: `cognito-tui undo` can put them back.\n");
    if n > TYPE_THE_COUNT_ABOVE {
        text.push_str(&format!("Type the number of users ({n}) to go on: "));
        (text, n.to_string())
    } else {
        text.push_str("Type yes to go on: ");
        (text, "yes".to_owned())
    }
}

fn read_usernames(path: &Path) -> Result<Vec<String>, String> {
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

/// Writes the failed usernames beside the journal and says how to run them again.
fn retry_hint(
    failed_users: &[String],
    attributes: &[String],
    journal: Option<&Path>,
    batch: Option<&str>,
) {
    let flags: String = attributes
        .iter()
        .map(|a| format!(" --attribute {a}"))
        .collect();
    let file = journal
        .and_then(Path::parent)
        .zip(batch)
        .map(|(dir, batch)| dir.join(format!("failed-{batch}.txt")));
    match file {
        Some(file) if write_private(&file, &(failed_users.join("\n") + "\n")).is_ok() => {
            eprintln!(
                "cognito-tui: {} failed; to try them again: cognito-tui delete-attributes{flags} \
                 --users-file {}",
                failed_users.len(),
                file.display()
            );
        }
        _ => eprintln!(
            "cognito-tui: {} failed (the lines marked failed above); to try them again, pass \
             them with --users-file",
            failed_users.len()
        ),
    }
}

/// Writes a file only its owner can read: usernames are user data.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_to_twenty_users_confirm_with_yes_above_with_the_count() {
        let few: Vec<String> = (0..3).map(|i| format!("u{i}")).collect();
        let (text, expected) = question(&few, &["locale".into()], "eu-west-1_P");
        assert_eq!(expected, "yes");
        assert!(text.contains("delete locale from 3 users of pool eu-west-1_P"));
        assert!(text.contains("  u2\n"));
        let many: Vec<String> = (0..21).map(|i| format!("u{i}")).collect();
        let (text, expected) = question(&many, &["locale".into(), "name".into()], "p");
        assert_eq!(expected, "21");
        assert!(text.contains("locale, name"));
        assert!(text.contains("  u9\n") && !text.contains("  u10\n"));
        assert!(text.contains("… and 11 more"));
    }
}
