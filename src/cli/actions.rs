//! The command line of the account actions: one subcommand per action, each with the same
//! selection flags as `delete-attributes` ([`Selection`]), and `events` (read only).

use std::path::PathBuf;

use clap::Args;

const SELECTION_HELP: &str = "Prints one line per user on standard output \
(USER<TAB>done|would|skipped|failed<TAB>DETAIL<TAB>JOURNAL ID), progress and a summary on standard \
error. Every change is journalled: `cognito-tui journal` lists it, `cognito-tui undo` reverses \
what can be reversed. \
Exit codes: 0 every user done or skipped, 1 some failed or it was stopped, 2 bad input (a pool or \
group that does not exist included; or, when none failed, a user named with --user or \
--users-file that the pool has not got: skipped as `no such user`).";

const DESTRUCTIVE_HELP: &str = "Prints one line per user on standard output \
(USER<TAB>done|would|skipped|failed<TAB>DETAIL<TAB>JOURNAL ID), progress and a summary on standard \
error. For more than one user it asks first unless --yes (above 20 users, by typing their \
number), having read the users named: one the pool has not got is said before the question, and \
one deleted and made again before the answer is skipped as replaced. Every change is journalled: \
`cognito-tui journal` lists it. \
Exit codes: 0 every user done or skipped, 1 some failed, it was stopped or not confirmed, 2 bad \
input (a pool or group that does not exist included; or, when none failed, a user named with \
--user or --users-file that the pool has not got: skipped as `no such user`).";

/// Whom an action is for, and how it runs: the flags every action subcommand shares.
#[derive(Debug, Clone, Default, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["users", "filter", "users_file"])))]
pub struct Selection {
    /// A user to change; repeat for more (--user jo --user ann).
    #[arg(long = "user", value_name = "USERNAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub users: Vec<String>,

    /// Every user matching this Cognito filter, e.g. 'email ^= "test-"' ("" for every user).
    #[arg(long, value_name = "EXPR", conflicts_with_all = ["users", "users_file"])]
    pub filter: Option<String>,

    /// Read the usernames from this file, one a line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub users_file: Option<PathBuf>,

    /// Read the users and say what would be done; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,

    /// The journal file [default: the platform data dir's cognito-tui/journal.jsonl; with --demo, a
    /// scratch file of the process, never the user's journal].
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,

    /// Users handled at once (the quotas still set the pace).
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub concurrency: usize,
}

/// An action that needs nothing but its users.
#[derive(Debug, Clone, Args)]
#[command(after_help = SELECTION_HELP)]
pub struct ActionArgs {
    #[command(flatten)]
    pub selection: Selection,
}

/// A destructive action that needs nothing but its users: it asks before changing several.
#[derive(Debug, Clone, Args)]
#[command(after_help = DESTRUCTIVE_HELP)]
pub struct DestructiveArgs {
    #[command(flatten)]
    pub selection: Selection,
}

/// `add-to-group GROUP` / `remove-from-group GROUP`.
#[derive(Debug, Clone, Args)]
#[command(after_help = SELECTION_HELP)]
pub struct GroupArgs {
    /// The group's name (case-sensitive).
    #[arg(value_name = "GROUP", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub group: String,

    #[command(flatten)]
    pub selection: Selection,
}

/// `set-attribute NAME=VALUE...`.
#[derive(Debug, Clone, Args)]
#[command(after_help = SELECTION_HELP)]
pub struct SetAttributeArgs {
    /// The attributes to set, e.g. locale=en-GB email_verified=true (an empty value is allowed).
    #[arg(value_name = "NAME=VALUE", required = true, num_args = 1..)]
    pub assignments: Vec<String>,

    #[command(flatten)]
    pub selection: Selection,
}

/// `set-password`: the password is typed at a prompt that does not echo it (twice), or read
/// from standard input; never from the command line.
#[derive(Debug, Clone, Args)]
#[command(after_help = SELECTION_HELP)]
pub struct SetPasswordArgs {
    /// A permanent password (the user signs in with it); without, a temporary one that must be
    /// changed at the next sign-in.
    #[arg(long)]
    pub permanent: bool,

    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long, conflicts_with = "users_file")]
    pub password_stdin: bool,

    #[command(flatten)]
    pub selection: Selection,
}

/// `create-user USERNAME [NAME=VALUE...]`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Prints one line on standard output (USERNAME<TAB>done|failed<TAB>DETAIL<TAB>JOURNAL ID). \
Without --send-invitation no message is sent; Cognito makes a temporary password unless \
--password-stdin gives one. `cognito-tui undo ID` deletes the user again. \
Exit codes: 0 created, 1 failed, 2 bad input (a pool that does not exist included)."
)]
pub struct CreateUserArgs {
    /// The new user's username.
    #[arg(value_name = "USERNAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub username: String,

    /// Attributes of the new user, e.g. email=jo@example.com email_verified=true.
    #[arg(value_name = "NAME=VALUE")]
    pub assignments: Vec<String>,

    /// Send Cognito's invitation message (email or SMS, to what the attributes give).
    #[arg(long)]
    pub send_invitation: bool,

    /// Read a temporary password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,

    /// Say what would be done; change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// The journal file [default: the platform data dir's cognito-tui/journal.jsonl; with --demo, a
    /// scratch file of the process, never the user's journal].
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

/// `events USERNAME`: the user's sign-in history.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Lists TIME, EVENT, RESPONSE, RISK, IP, DEVICE and LOCATION, newest first \
(AdminListUserAuthEvents; needs threat protection, formerly advanced security, on the pool). \
Exit codes: 0 listed, 1 the call failed, 2 bad input (a pool that does not exist included)."
)]
pub struct EventsArgs {
    /// The user whose sign-ins to list.
    #[arg(value_name = "USERNAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub username: String,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
