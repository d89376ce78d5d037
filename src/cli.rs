//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod actions;

pub use actions::{
    ActionArgs, CreateUserArgs, DestructiveArgs, EventsArgs, GroupArgs, Selection,
    SetAttributeArgs, SetPasswordArgs,
};

const EXAMPLES: &str = "\
Examples:
  cognito-tui --demo                          try it on the built-in demo pool
  cognito-tui --pool-id eu-west-1_AbC123      browse a pool (region taken from the pool id)
  cognito-tui --profile support --read-only   a profile from the config file, no changes possible
  AWS_PROFILE=admin cognito-tui --pool-id us-east-1_XyZ --region us-east-1

Exit codes: 0 success, 1 the app stopped on an error, 2 bad arguments or configuration (from
every command, a pool id that names no pool in the region and credentials that cannot be had),
128 + n when signal n (SIGHUP, SIGINT, SIGTERM) ended it.";

/// The most synthetic users `--demo-users` adds (about 1.5 KB of memory each).
pub const MAX_DEMO_USERS: i64 = 2_000_000;

/// A terminal account manager for Amazon Cognito user pools.
#[derive(Debug, Clone, Parser, Default)]
#[command(name = "cognito-tui", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CommandLine>,

    /// The user pool id, e.g. eu-west-1_AbC123.
    #[arg(long, global = true, value_name = "ID", env = "COGNITO_TUI_POOL_ID")]
    pub pool_id: Option<String>,

    /// AWS region; defaults to the config profile's, then the pool id's prefix, then the AWS chain's.
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,

    /// A profile of the config file; when the file has none of that name, an AWS profile.
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Send requests to this endpoint instead of AWS (also AWS_ENDPOINT_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Config file [default: the platform config dir's cognito-tui/config.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Browse only: the session holds no means of changing the pool.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Open the built-in demo pool; no AWS account needed.
    #[arg(long, global = true, conflicts_with_all = ["pool_id", "endpoint_url"])]
    pub demo: bool,

    /// With --demo: add N synthetic users (deterministic) to the demo pool, to try it at scale.
    #[arg(long, global = true, value_name = "N", requires = "demo",
          value_parser = clap::value_parser!(u32).range(..=MAX_DEMO_USERS))]
    pub demo_users: Option<u32>,

    /// Log file [default: the platform data dir's cognito-tui/cognito-tui.log].
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,

    /// Key bindings merged over the defaults [default: the platform config dir's
    /// cognito-tui/keymap.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,

    /// Start the list already searched: a Cognito search as `/` takes it (email, phone, name,
    /// `attr = value`, `attr ^= prefix`). Text over several lines is one line, as a paste is.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,

    /// Start the list already filtered by the local filter (`f`): fuzzy words over every
    /// attribute of the loaded users. Text over several lines is one line, as a paste is.
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,

    /// Built-in colour theme (over it: the config dir's cognito-tui/theme.toml); NO_COLOR wins.
    #[arg(long, global = true, value_enum, value_name = "NAME")]
    pub theme: Option<crate::ui::theme::ThemeName>,
}

/// Commands besides the default admin screen.
#[derive(Debug, Clone, Subcommand)]
pub enum CommandLine {
    /// Self-service: sign in as a user and manage that user's own attributes.
    Me(MeArgs),
    /// Find users by email, phone, sub, name or `attr = value`; exit 0 found, 1 none, 2 error.
    Lookup(LookupArgs),
    /// Stream the pool's users as CSV (import-ready columns) or JSON, progress on stderr.
    Export(ExportArgs),
    /// Delete attributes from many users, within Cognito's quotas, journalled for undo.
    DeleteAttributes(DeleteAttributesArgs),
    /// Disable users: they cannot sign in until enabled (undo enables them).
    Disable(DestructiveArgs),
    /// Enable users again (undo disables them).
    Enable(ActionArgs),
    /// Sign users out of every device: their refresh tokens are revoked (no undo).
    SignOut(DestructiveArgs),
    /// Reset users' passwords: the old one stops working, Cognito sends a code (no undo).
    ResetPassword(DestructiveArgs),
    /// Set a temporary or permanent password, typed without echo or read from stdin (no undo).
    SetPassword(SetPasswordArgs),
    /// Resend the invitation to users who have not signed in yet (no undo).
    ResendInvitation(ActionArgs),
    /// Confirm users' sign-ups (no undo).
    Confirm(ActionArgs),
    /// Add users to a group (undo removes them).
    AddToGroup(GroupArgs),
    /// Remove users from a group (undo adds them back).
    RemoveFromGroup(GroupArgs),
    /// Turn users' SMS and TOTP MFA off (undo turns on what they had).
    ResetMfa(ActionArgs),
    /// Set attribute values, `*_verified` flags included (undo sets the previous values).
    SetAttribute(SetAttributeArgs),
    /// Delete users (undo re-creates them with their attributes and groups, not their password).
    DeleteUser(DestructiveArgs),
    /// Create a user, with or without Cognito's invitation (undo deletes it).
    CreateUser(CreateUserArgs),
    /// A user's sign-in history (needs threat protection on the pool).
    Events(EventsArgs),
    /// List the journal of changes; check entries left pending against the pool.
    Journal(JournalArgs),
    /// Reverse journalled changes: put deleted values back, re-enable, re-add, re-create, ….
    Undo(UndoArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `cognito-tui man | man -l -`.
    Man,
}

/// `cognito-tui lookup QUERY`.
#[derive(Debug, Clone, Args)]
pub struct LookupArgs {
    /// An email, an E.164 phone number, a sub, a name, or `attribute = value` / `^= prefix`.
    pub query: String,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `cognito-tui export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// A Cognito filter expression, e.g. `email ^= "jo"`; default: every user.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: crate::export::Format,

    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Read each user's MFA settings (one AdminGetUser a user, within the UserRead quota), so
    /// `cognito:mfa_enabled` and the JSON's `mfa` are filled; ListUsers does not report MFA.
    #[arg(long)]
    pub mfa: bool,
}

/// `cognito-tui me`: the attribute pane for a signed-in user (DeleteUserAttributes).
#[derive(Debug, Clone, Args)]
pub struct MeArgs {
    /// The app client id to sign in with.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// The username to sign in as (USER_PASSWORD_AUTH); the password is prompted for.
    #[arg(long, value_name = "NAME")]
    pub username: Option<String>,

    /// Read the password from this environment variable instead of prompting.
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,

    /// Read the app client's secret from this environment variable (for SECRET_HASH).
    #[arg(long, value_name = "VAR")]
    pub client_secret_env: Option<String>,

    /// Use an existing access token from this file (`-` for standard input) instead of signing in.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["username", "password_env"])]
    pub access_token_file: Option<PathBuf>,
}

/// `cognito-tui delete-attributes`: the bulk deletion, for scripts and terminals.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Prints one line per user on standard output (USER<TAB>deleted|skipped|failed<TAB>DETAIL), \
progress and a summary on standard error.\n\
Without --yes it asks first; above 20 users, by typing their number. \
Exit codes: 0 every user done or skipped, 1 some failed or it was stopped, 2 bad input (a pool \
that does not exist included; or, when none failed, a user named with --user or --users-file \
that the pool has not got: skipped as `no such user`)."
)]
pub struct DeleteAttributesArgs {
    /// An attribute to delete; repeat for more (--attribute locale --attribute custom:plan).
    #[arg(long = "attribute", value_name = "NAME", required = true, value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub attributes: Vec<String>,

    #[command(flatten)]
    pub selection: crate::cli::actions::Selection,
}

/// `cognito-tui journal`: what was changed, and what is pending.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Lists ID, TIME, POOL, USER, CHANGE, ATTRIBUTES and OUTCOME, tab-separated. \
An entry is PENDING when the process stopped between a change and its outcome."
)]
pub struct JournalArgs {
    /// Only the entries with no outcome.
    #[arg(long)]
    pub pending: bool,

    /// Check the pending entries against the pool and record whether each change was applied.
    #[arg(long)]
    pub resolve: bool,

    /// Only the last N entries.
    #[arg(long, value_name = "N")]
    pub last: Option<usize>,

    /// The journal file [default: the platform data dir's cognito-tui/journal.jsonl; with --demo, a
    /// scratch file of the process, never the user's journal].
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

/// `cognito-tui undo`: reverse journalled changes.
#[derive(Debug, Clone, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["ids", "batch"])))]
pub struct UndoArgs {
    /// Journal entry ids (see `cognito-tui journal`).
    #[arg(value_name = "ID", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub ids: Vec<String>,

    /// Every undoable change of this run (the batch id printed at the end of the run).
    #[arg(long, value_name = "BATCH", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub batch: Vec<String>,

    /// Do not ask for confirmation (asked when the changes are of more than one user).
    #[arg(long)]
    pub yes: bool,

    /// Read the users and say, per entry, what undoing it would do; change nothing, journal
    /// nothing (allowed read-only).
    #[arg(long)]
    pub dry_run: bool,

    /// The journal file [default: the platform data dir's cognito-tui/journal.jsonl; with --demo, a
    /// scratch file of the process, never the user's journal].
    #[arg(long, value_name = "FILE")]
    pub journal: Option<PathBuf>,
}

/// `cognito-tui completions SHELL`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Writes the completion script for `shell`, generated from the clap definition.
pub fn write_completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use clap::CommandFactory;
    // Generated into memory first: the generator panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cognito-tui", &mut script);
    out.write_all(&script)
}

/// Writes the man page (roff), generated from the clap definition: the options, then every
/// command with its own options, the examples and the exit status of `--help`.
pub fn write_man_page(to: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    use std::io::Write;
    let mut command = Cli::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    let out = &mut page;
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let positionals: String = sub
            .get_positionals()
            .map(|a| format!(" \\fI{}\\fR", roff_escape(&value_names(a))))
            .collect();
        writeln!(out, ".TP")?;
        writeln!(
            out,
            "\\fBcognito\\-tui {}\\fR{positionals}",
            roff_escape(sub.get_name())
        )?;
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            writeln!(out, "{}", roff_escape(&about.to_string()))?;
        }
        let args: Vec<_> = sub
            .get_arguments()
            .filter(|a| !a.is_global_set() && !a.is_hide_set() && a.get_id() != "help")
            .collect();
        if let Some(after) = sub.get_after_long_help().or_else(|| sub.get_after_help()) {
            writeln!(out, ".IP")?;
            writeln!(out, "{}", roff_escape(&after.to_string()))?;
        }
        if !args.is_empty() {
            writeln!(out, ".RS")?;
            for arg in args {
                writeln!(out, ".TP")?;
                writeln!(out, "{}", roff_escape(&arg_label(arg)))?;
                if let Some(help) = arg.get_long_help().or_else(|| arg.get_help()) {
                    writeln!(out, "{}", roff_escape(&help.to_string()))?;
                }
            }
            writeln!(out, ".RE")?;
        }
    }
    let (examples, exit_codes) = match EXAMPLES.split_once("\n\nExit codes:") {
        Some((examples, codes)) => (examples, Some(codes.trim())),
        None => (EXAMPLES, None),
    };
    let examples = examples
        .trim()
        .trim_start_matches("Examples:")
        .trim_matches('\n');
    writeln!(out, ".SH EXAMPLES\n.nf\n{}\n.fi", roff_escape(examples))?;
    if let Some(codes) = exit_codes {
        writeln!(out, ".SH \"EXIT STATUS\"\n{}", roff_escape(codes))?;
    }
    man.render_version_section(out)?;
    // Each section rendered alone repeats roff's two-line preamble; keep the first.
    let page = String::from_utf8_lossy(&page);
    let mut written = std::collections::HashSet::new();
    for line in page.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if preamble && !written.insert(line) {
            continue;
        }
        writeln!(to, "{line}")?;
    }
    Ok(())
}

/// `-o, --output <FILE>` and the like, with the possible and default values.
fn arg_label(arg: &clap::Arg) -> String {
    let mut label = String::new();
    if let Some(short) = arg.get_short() {
        label.push_str(&format!("-{short}"));
    }
    if let Some(long) = arg.get_long() {
        if !label.is_empty() {
            label.push_str(", ");
        }
        label.push_str(&format!("--{long}"));
    }
    if arg.get_action().takes_values() {
        if !label.is_empty() {
            label.push(' ');
        }
        label.push_str(&value_names(arg));
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !possible.is_empty() && arg.get_action().takes_values() {
        label.push_str(&format!(" [{}]", possible.join("|")));
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        label.push_str(&format!(" (default: {})", defaults.join(", ")));
    }
    label
}

fn value_names(arg: &clap::Arg) -> String {
    let names = arg
        .get_value_names()
        .map(|names| {
            names
                .iter()
                .map(|n| format!("<{n}>"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| format!("<{}>", arg.get_id().as_str().to_uppercase()));
    let many = arg.get_num_args().is_some_and(|n| n.max_values() > 1);
    if many { format!("{names}...") } else { names }
}

/// Text as roff reads it: backslashes and dashes escaped, no line taken for a request.
fn roff_escape(text: &str) -> String {
    text.lines()
        .map(|line| {
            let line = line.replace('\\', "\\e").replace('-', "\\-");
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
