//! The account-action subcommands (`disable`, `add-to-group GROUP`, `set-attribute`, …) and
//! `delete-attributes`: each only builds its [`AccountAction`] ([`request`]); one runner
//! ([`run`]) takes the selection,
//! confirms what needs confirming, and hands the change to the bulk engine, which journals it.

use std::io::BufRead;
use std::path::Path;
use std::process::ExitCode;

use crate::bulk::{CancelFlag, ChangeJob};
use crate::change::{AccountAction, Secret, Undo};
use crate::cli::{CommandLine, Selection};
use crate::config::{ConfigFile, Settings};
use crate::directory::DirectoryError;
use crate::schema_rules;

use super::{
    EXIT_BAD_INPUT, EXIT_FAILED, bad_input, confirm, connect, engine, failed, journal_path,
    notice_pending, open_journal, print_report, print_warnings, question, read_usernames,
    retry_hint, show_progress, skip_summary, stdin_is_terminal, stop_on_ctrl_c, stopped_by, warn,
};

/// An account action asked for on the command line: what, for whom, and how to run it again.
#[derive(Debug)]
pub struct Request {
    pub action: AccountAction,
    pub selection: Selection,
    /// The subcommand and its arguments without the selection (`add-to-group support`), for the
    /// hint that runs the failed users again. Never holds a password.
    pub rerun: String,
}

/// The request of an action subcommand, `None` for other commands. Reads the password of
/// `set-password` and `create-user --password-stdin` here, before anything is sent — unless
/// the session is `read_only`, which [`run`] refuses without asking; `Err` is the exit code of
/// bad input.
pub fn request(command: &CommandLine, read_only: bool) -> Option<Result<Request, ExitCode>> {
    use CommandLine as C;
    let simple = |action: AccountAction, rerun: &str, selection: &Selection| {
        Some(Ok(Request {
            action,
            selection: selection.clone(),
            rerun: rerun.to_owned(),
        }))
    };
    match command {
        C::Disable(a) => simple(AccountAction::Disable, "disable", &a.selection),
        C::Enable(a) => simple(AccountAction::Enable, "enable", &a.selection),
        C::SignOut(a) => simple(AccountAction::GlobalSignOut, "sign-out", &a.selection),
        C::ResetPassword(a) => simple(AccountAction::ResetPassword, "reset-password", &a.selection),
        C::ResendInvitation(a) => simple(
            AccountAction::ResendInvitation,
            "resend-invitation",
            &a.selection,
        ),
        C::Confirm(a) => simple(AccountAction::ConfirmSignUp, "confirm", &a.selection),
        C::ResetMfa(a) => simple(AccountAction::ResetMfa, "reset-mfa", &a.selection),
        C::DeleteUser(a) => simple(AccountAction::DeleteUser, "delete-user", &a.selection),
        C::AddToGroup(a) => simple(
            AccountAction::AddToGroup {
                group: a.group.clone(),
            },
            &format!("add-to-group {}", shell_word(&a.group)),
            &a.selection,
        ),
        C::RemoveFromGroup(a) => simple(
            AccountAction::RemoveFromGroup {
                group: a.group.clone(),
            },
            &format!("remove-from-group {}", shell_word(&a.group)),
            &a.selection,
        ),
        C::SetAttribute(a) => Some(assignments(&a.assignments).map_err(bad_input).map(
            |attributes| Request {
                rerun: format!(
                    "set-attribute {}",
                    a.assignments
                        .iter()
                        .map(|s| shell_word(s))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                action: AccountAction::SetAttributes { attributes },
                selection: a.selection.clone(),
            },
        )),
        C::SetPassword(a) => Some(
            if a.selection.dry_run || read_only {
                // Nothing will be sent: no password is asked for.
                Ok(Secret::new(""))
            } else if a.password_stdin {
                password_from_stdin()
            } else {
                password_from_prompt()
            }
            .map_err(bad_input)
            .map(|password| Request {
                action: AccountAction::SetPassword {
                    password,
                    permanent: a.permanent,
                },
                selection: a.selection.clone(),
                rerun: if a.permanent {
                    "set-password --permanent".to_owned()
                } else {
                    "set-password".to_owned()
                },
            }),
        ),
        C::CreateUser(a) => Some(create_user(a, read_only)),
        C::DeleteAttributes(a) => Some(Ok(Request {
            action: AccountAction::DeleteAttributes {
                names: a.attributes.clone(),
            },
            selection: a.selection.clone(),
            rerun: format!(
                "delete-attributes{}",
                a.attributes
                    .iter()
                    .map(|n| format!(" --attribute {}", shell_word(n)))
                    .collect::<String>()
            ),
        })),
        _ => None,
    }
}

fn create_user(a: &crate::cli::CreateUserArgs, read_only: bool) -> Result<Request, ExitCode> {
    let attributes = assignments(&a.assignments).map_err(bad_input)?;
    let temporary_password = if a.password_stdin && !a.dry_run && !read_only {
        Some(password_from_stdin().map_err(bad_input)?)
    } else {
        None
    };
    Ok(Request {
        action: AccountAction::CreateUser {
            attributes,
            temporary_password,
            send_invitation: a.send_invitation,
        },
        selection: Selection {
            users: vec![a.username.clone()],
            dry_run: a.dry_run,
            yes: true,
            journal: a.journal.clone(),
            concurrency: 1,
            ..Selection::default()
        },
        rerun: "create-user".to_owned(),
    })
}

/// `NAME=VALUE` pairs; the value may be empty or hold `=`.
fn assignments(args: &[String]) -> Result<Vec<(String, String)>, String> {
    args.iter()
        .map(|arg| match arg.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_owned(), value.to_owned()))
            }
            _ => Err(format!(
                "expected NAME=VALUE (e.g. locale=en-GB), got {:?}",
                crate::text::safe(arg)
            )),
        })
        .collect()
}

/// The password from the first line of standard input (`--password-stdin`).
fn password_from_stdin() -> Result<Secret, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err("no password on standard input; nothing was changed".into());
    }
    Ok(Secret::new(password))
}

/// The password typed twice on the terminal, not echoed.
fn password_from_prompt() -> Result<Secret, String> {
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| {
            format!(
                "cannot ask for the password on the terminal ({e}); pipe it in with \
                 --password-stdin"
            )
        })
    };
    let first = ask("New password (not shown): ")?;
    if first.is_empty() {
        return Err("no password typed; nothing was changed".into());
    }
    let second = ask("The same password again: ")?;
    if first != second {
        return Err("the two passwords differ; nothing was changed".into());
    }
    Ok(Secret::new(first))
}

/// An argument as the shell reads it back, for the hint that runs failed users again.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:=@+,/".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// Runs one account action over the selected users: the read-only and confirmation rules,
/// the selection, the engine (journal, quota, retries), the report and the exit code.
pub async fn run(request: Request, settings: &Settings, file: &ConfigFile) -> ExitCode {
    let Request {
        action,
        selection: args,
        rerun,
    } = request;
    let command = rerun.split(' ').next().unwrap_or_default().to_owned();
    if settings.read_only && !args.dry_run {
        return bad_input(format!(
            "this session is read-only (--read-only or a read-only profile): {command} cannot \
             change the pool (--dry-run can show what it would do)"
        ));
    }
    let reading_stdin = args.users_file.as_deref() == Some(Path::new("-"));
    let mut usernames = args.users.clone();
    if let Some(path) = &args.users_file {
        match read_usernames(path) {
            Ok(list) => usernames.extend(list),
            Err(e) => return bad_input(e),
        }
    }
    let asks = |n: usize| !args.dry_run && !args.yes && confirms(&action, n);
    let cannot_ask = reading_stdin || !stdin_is_terminal();
    let refusal = |n: Option<usize>| {
        let whom = match n {
            Some(1) => "1 user".to_owned(),
            Some(n) => format!("{n} users"),
            None => "the users".to_owned(),
        };
        bad_input(format!(
            "refusing to change {whom} ({}) without confirmation: standard input is not a \
             terminal to ask on; pass --yes to confirm on the command line",
            action.label(),
        ))
    };
    // Refused at once, before any call, when it is known a question would be asked: the users
    // are named, or the action asks whatever their number.
    if cannot_ask && args.filter.is_none() && asks(usernames.len()) {
        return refusal(Some(usernames.len()));
    }
    if cannot_ask && asks(0) {
        return refusal(None);
    }

    let connected = match connect(settings).await {
        Ok(connected) => connected,
        Err(code) => return code,
    };
    let mut bulk = engine(&connected, &file.quotas, args.concurrency);
    if !args.dry_run {
        let path = match journal_path(args.journal.as_deref(), settings) {
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
        Err(e) => return stopped_by(&e, format!("cannot describe the pool: {e}")),
    };
    // Refuse what the schema forbids before reading any user.
    if let Some(refusal) = schema_refusal(&action, &pool) {
        return bad_input(format!("nothing changed: {refusal}"));
    }
    // A group action on a group the pool does not have would fail for every user (or, in a dry
    // run, say each would be done): refused first, by name.
    if let AccountAction::AddToGroup { group } | AccountAction::RemoveFromGroup { group } = &action
    {
        match bulk.pool_groups().await {
            Ok(groups) => {
                if let Some(refusal) = group_refusal(group, &groups, &pool.id) {
                    return bad_input(format!("nothing changed: {refusal}"));
                }
            }
            Err(e) => return stopped_by(&e, format!("cannot list the pool's groups: {e}")),
        }
    }

    let cancel = CancelFlag::new();
    let mut listed = Vec::new();
    if let Some(filter) = &args.filter {
        let filter = Some(filter.as_str()).filter(|f| !f.trim().is_empty());
        crate::stderr_line!(
            "cognito-tui: listing the users {}…",
            filter.map_or("of the pool".to_owned(), |f| format!("matching {f}"))
        );
        match bulk.list_users_seen(filter, &cancel).await {
            Ok(list) => {
                usernames = list.iter().map(|u| u.username.clone()).collect();
                listed = list;
            }
            // The filter is the caller's text: one Cognito cannot parse is bad input, as a
            // username the pool has not got is, not a call that failed on the way.
            Err(e @ DirectoryError::InvalidParameter { .. }) if filter.is_some() => {
                return bad_input(format!("--filter is not a filter Cognito takes: {e}"));
            }
            Err(e) => return stopped_by(&e, format!("cannot list the users: {e}")),
        }
        if cancel.is_cancelled() {
            return failed("stopped while listing the users; nothing was changed");
        }
    }
    let mut seen = std::collections::HashSet::new();
    usernames.retain(|u| seen.insert(u.clone()));
    if usernames.is_empty() {
        crate::stderr_line!("cognito-tui: no users to change");
        return ExitCode::SUCCESS;
    }
    let pool_warnings = match &action {
        AccountAction::DeleteAttributes { names } => schema_rules::warnings(names, &pool, None),
        _ => Vec::new(),
    };
    for warning in &pool_warnings {
        warn(warning);
    }
    // Names typed are read before the question, so that the run holds each user to the one
    // asked about (one deleted and made again in between is skipped as replaced), and a name
    // the pool has not got is said before the question, not found out after it. Only a run that
    // asks reads them: without a question (`--yes`, `--dry-run`, one user) no review stands
    // between the names and the calls, and each user's own read just before its call is the
    // only one worth making — a second read of every user of a long file would double the
    // run's reads for nothing.
    let named = usernames.clone();
    let mut unknown = Vec::new();
    if args.filter.is_none() && asks(usernames.len()) {
        if usernames.len() > 1 {
            crate::stderr_line!("cognito-tui: reading the {} users named…", usernames.len());
        }
        match bulk.read_named(&usernames).await {
            Ok((seen, missing)) => {
                listed = seen;
                unknown = missing;
            }
            Err(e) => return stopped_by(&e, format!("cannot read the users named: {e}")),
        }
        if !unknown.is_empty() {
            crate::stderr_line!(
                "cognito-tui: not in pool {}, so not changed: {}",
                pool.id,
                unknown
                    .iter()
                    .map(|u| crate::text::safe(u))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let unknown: std::collections::HashSet<&String> = unknown.iter().collect();
            usernames.retain(|u| !unknown.contains(u));
        }
    }
    if !usernames.is_empty() && asks(usernames.len()) {
        if cannot_ask {
            return refusal(Some(usernames.len()));
        }
        let what = match &action {
            AccountAction::DeleteAttributes { names } => {
                format!("delete {} from", names.join(", "))
            }
            _ => action.label().to_owned(),
        };
        let (question, expected) = question(&what, &usernames, &pool.id, &undo_line(&action));
        if !confirm(format!("{}\n{question}", action.summary()), expected).await {
            return failed("not confirmed; nothing was changed");
        }
    }

    // From here on, Ctrl-C stops the run cleanly instead of killing the process.
    let stopper = stop_on_ctrl_c(cancel.clone());
    let (progress, printer) = if args.dry_run {
        show_progress("dry run", "would be done")
    } else {
        show_progress(action.label(), "done")
    };
    let job = ChangeJob {
        usernames,
        action: action.clone(),
        dry_run: args.dry_run,
        // The users listed or read before the question: one replaced since is not the one
        // asked about.
        reviewed: listed,
    };
    let mut report = match bulk.apply(job, &pool, Some(progress), &cancel).await {
        Ok(report) => report,
        Err(e) => return failed(e),
    };
    report.add_unknown_users(&named, &unknown);
    // Names typed by hand: one the pool has not got is a typo until shown otherwise. Those a
    // filter listed were there a moment ago: gone, not unknown.
    if args.filter.is_none() {
        report.name_unknown_users();
    }
    let _ = printer.await;
    stopper.abort();

    print_report(&report);
    print_warnings(&report, &pool_warnings);
    let counts = report.counts();
    let deleting = matches!(action, AccountAction::DeleteAttributes { .. });
    crate::stderr_line!(
        "cognito-tui: {}: {} {}, {} skipped, {} failed in {:.1?} ({:.1} users/s){}",
        action.label(),
        counts.done,
        match (deleting, args.dry_run) {
            (true, true) => "would be deleted",
            (true, false) => "deleted",
            (false, true) => "would be done",
            (false, false) => "done",
        },
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
        crate::stderr_line!("cognito-tui: skipped: {}", skip_summary(&report));
    }
    if let Some(batch) = &report.batch
        && counts.done > 0
    {
        match action.undo() {
            Undo::By(how) => crate::stderr_line!(
                "cognito-tui: journal batch {batch}; `cognito-tui undo --batch {batch}` reverses \
                 it: {how}"
            ),
            Undo::Impossible(why) => {
                crate::stderr_line!(
                    "cognito-tui: journal batch {batch}; this cannot be undone: {why}"
                )
            }
        }
    }
    let failed_users = report.failed_usernames();
    // One user is created at a time: its failure needs no file of users to run again.
    if !failed_users.is_empty() && !matches!(action, AccountAction::CreateUser { .. }) {
        retry_hint(
            &failed_users,
            &rerun,
            bulk.journal().map(|j| j.path()),
            report.batch.as_deref(),
        );
    }
    let unknown = report.unknown_users();
    if counts.failed > 0 || report.cancelled {
        ExitCode::from(EXIT_FAILED)
    } else if unknown > 0 {
        crate::stderr_line!(
            "cognito-tui: {unknown} of the users named {} not in pool {}",
            if unknown == 1 { "is" } else { "are" },
            pool.id
        );
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why a group action cannot run: the pool has no group of that name. Names are
/// case-sensitive, so one that differs only in case is offered; else the pool's groups, when
/// few.
fn group_refusal(
    group: &str,
    groups: &[crate::directory::GroupInfo],
    pool_id: &str,
) -> Option<String> {
    if groups.iter().any(|g| g.name == group) {
        return None;
    }
    let group = crate::text::safe(group);
    let mut refusal = format!("pool {pool_id} has no group {group}");
    if let Some(near) = groups.iter().find(|g| g.name.eq_ignore_ascii_case(&group)) {
        refusal.push_str(&format!(
            " (group names are case-sensitive: did you mean {}?)",
            crate::text::safe(&near.name)
        ));
    } else if groups.is_empty() {
        refusal.push_str(" (it has no groups)");
    } else if groups.len() <= 10 {
        let names: Vec<_> = groups.iter().map(|g| crate::text::safe(&g.name)).collect();
        refusal.push_str(&format!("; its groups: {}", names.join(", ")));
    } else {
        refusal.push_str(&format!("; it has {} groups", groups.len()));
    }
    Some(refusal)
}

/// Whether running it for `n` users asks first (unless `--yes`; above 20 users by their number
/// typed): deleting attributes always, as it always has; the actions that ask for the count
/// ([`AccountAction::needs_typed_count`]) when more than one user is chosen.
fn confirms(action: &AccountAction, n: usize) -> bool {
    matches!(action, AccountAction::DeleteAttributes { .. })
        || (action.needs_typed_count() && n > 1)
}

/// Why the schema forbids the whole run, before any user is read: an attribute that may not be
/// deleted or set, or one the pool does not have.
fn schema_refusal(action: &AccountAction, pool: &crate::directory::PoolInfo) -> Option<String> {
    let (refusals, unknown): (Vec<String>, Vec<&str>) = match action {
        AccountAction::DeleteAttributes { names } => (
            names
                .iter()
                .filter_map(|n| schema_rules::mark_refusal(n, Some(pool)))
                .collect(),
            schema_rules::not_in_schema(names, pool),
        ),
        AccountAction::SetAttributes { attributes } => (
            attributes
                .iter()
                .filter_map(|(n, _)| schema_rules::edit_refusal(n, pool))
                .collect(),
            Vec::new(),
        ),
        _ => return None,
    };
    if !refusals.is_empty() {
        Some(refusals.join("; "))
    } else if !unknown.is_empty() {
        Some(format!(
            "not attributes of pool {}: {}",
            pool.id,
            unknown.join(", ")
        ))
    } else {
        None
    }
}

/// What the confirmation says of undoing it.
fn undo_line(action: &AccountAction) -> String {
    match action.undo() {
        Undo::By(how) => format!("It is journalled; `cognito-tui undo` reverses it: {how}."),
        Undo::Impossible(why) => format!("This cannot be undone: {why}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> CommandLine {
        let mut argv = vec!["cognito-tui"];
        argv.extend_from_slice(args);
        crate::cli::Cli::try_parse_from(argv)
            .expect("valid arguments")
            .command
            .expect("a subcommand")
    }

    fn built(args: &[&str]) -> Request {
        request(&parse(args), false)
            .expect("an action subcommand")
            .expect("a valid request")
    }

    #[test]
    fn a_missing_group_is_refused_with_the_near_name_or_the_pools_groups() {
        let groups = |names: &[&str]| -> Vec<crate::directory::GroupInfo> {
            names
                .iter()
                .map(|n| crate::directory::GroupInfo {
                    name: (*n).to_owned(),
                    description: None,
                    precedence: None,
                })
                .collect()
        };
        assert_eq!(group_refusal("ops", &groups(&["ops"]), "p"), None);
        assert_eq!(
            group_refusal("Ops", &groups(&["ops", "dev"]), "p").as_deref(),
            Some("pool p has no group Ops (group names are case-sensitive: did you mean ops?)")
        );
        assert_eq!(
            group_refusal("x", &groups(&["ops", "dev"]), "p").as_deref(),
            Some("pool p has no group x; its groups: ops, dev")
        );
        assert_eq!(
            group_refusal("x", &[], "p").as_deref(),
            Some("pool p has no group x (it has no groups)")
        );
        let many: Vec<String> = (0..11).map(|i| format!("g{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            group_refusal("x", &groups(&many), "p").as_deref(),
            Some("pool p has no group x; it has 11 groups")
        );
    }

    #[test]
    fn each_subcommand_builds_its_action_with_the_shared_selection() {
        let cases: [(&[&str], AccountAction); 9] = [
            (&["disable", "--user", "jo"], AccountAction::Disable),
            (&["enable", "--user", "jo"], AccountAction::Enable),
            (&["sign-out", "--user", "jo"], AccountAction::GlobalSignOut),
            (
                &["reset-password", "--user", "jo"],
                AccountAction::ResetPassword,
            ),
            (
                &["resend-invitation", "--user", "jo"],
                AccountAction::ResendInvitation,
            ),
            (&["confirm", "--user", "jo"], AccountAction::ConfirmSignUp),
            (&["reset-mfa", "--user", "jo"], AccountAction::ResetMfa),
            (&["delete-user", "--user", "jo"], AccountAction::DeleteUser),
            (
                &["add-to-group", "support", "--user", "jo"],
                AccountAction::AddToGroup {
                    group: "support".into(),
                },
            ),
        ];
        for (args, action) in cases {
            let request = built(args);
            assert_eq!(request.action, action, "{args:?}");
            assert_eq!(request.selection.users, ["jo"]);
            assert!(request.rerun.starts_with(args[0]));
        }
        let request = built(&[
            "remove-from-group",
            "support team",
            "--filter",
            "email ^= \"t\"",
            "--dry-run",
            "--yes",
        ]);
        assert_eq!(
            request.action,
            AccountAction::RemoveFromGroup {
                group: "support team".into()
            }
        );
        assert_eq!(request.rerun, "remove-from-group 'support team'");
        assert_eq!(request.selection.filter.as_deref(), Some("email ^= \"t\""));
        assert!(request.selection.dry_run && request.selection.yes);
    }

    #[test]
    fn set_attribute_takes_name_value_pairs_and_refuses_anything_else() {
        let built = built(&[
            "set-attribute",
            "locale=en-GB",
            "email_verified=true",
            "nickname=",
            "--user",
            "jo",
        ]);
        assert_eq!(
            built.action,
            AccountAction::SetAttributes {
                attributes: vec![
                    ("locale".into(), "en-GB".into()),
                    ("email_verified".into(), "true".into()),
                    ("nickname".into(), String::new()),
                ]
            }
        );
        assert_eq!(
            assignments(&["a=b=c".into()]),
            Ok(vec![("a".into(), "b=c".into())])
        );
        for bad in ["locale", "=en-GB", " =x"] {
            assert!(assignments(&[bad.into()]).is_err(), "{bad}");
        }
        assert!(matches!(
            request(&parse(&["set-attribute", "locale", "--user", "jo"]), false),
            Some(Err(_))
        ));
    }

    #[test]
    fn every_action_needs_a_selection_and_a_password_is_never_an_argument() {
        use clap::Parser;
        for args in [
            &["disable"][..],
            &["add-to-group", "support"],
            &["set-attribute", "locale=en"],
        ] {
            let mut argv = vec!["cognito-tui"];
            argv.extend_from_slice(args);
            assert!(crate::cli::Cli::try_parse_from(argv).is_err(), "{args:?}");
        }
        for args in [
            &["set-password", "--user", "jo", "--password", "x"][..],
            &["set-password", "hunter2", "--user", "jo"],
            &["create-user", "jo", "--password", "x"],
        ] {
            let mut argv = vec!["cognito-tui"];
            argv.extend_from_slice(args);
            assert!(crate::cli::Cli::try_parse_from(argv).is_err(), "{args:?}");
        }
        // A dry run asks for no password.
        let request = built(&["set-password", "--permanent", "--user", "jo", "--dry-run"]);
        assert!(matches!(
            request.action,
            AccountAction::SetPassword {
                permanent: true,
                ..
            }
        ));
        assert_eq!(request.rerun, "set-password --permanent");
        // Nor does a read-only session, which the runner refuses.
        assert!(matches!(
            super::request(&parse(&["set-password", "--user", "jo"]), true),
            Some(Ok(_))
        ));
    }

    #[test]
    fn create_user_is_one_named_user_with_its_attributes() {
        let request = built(&[
            "create-user",
            "newbie",
            "email=new@example.com",
            "--send-invitation",
        ]);
        assert_eq!(
            request.action,
            AccountAction::CreateUser {
                attributes: vec![("email".into(), "new@example.com".into())],
                temporary_password: None,
                send_invitation: true,
            }
        );
        assert_eq!(request.selection.users, ["newbie"]);
        assert!(request.selection.filter.is_none() && request.selection.yes);
    }

    #[test]
    fn other_commands_are_not_actions() {
        assert!(request(&parse(&["journal"]), false).is_none());
        assert!(request(&parse(&["events", "jo"]), false).is_none());
    }

    #[test]
    fn the_confirmation_says_whether_it_can_be_undone() {
        assert!(undo_line(&AccountAction::Disable).contains("enabled again"));
        assert!(undo_line(&AccountAction::GlobalSignOut).starts_with("This cannot be undone"));
    }
}
