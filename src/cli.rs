//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  cognito-tui --demo                          try it on the built-in demo pool
  cognito-tui --pool-id eu-west-1_AbC123      browse a pool (region taken from the pool id)
  cognito-tui --profile support --read-only   a profile from the config file, no changes possible
  AWS_PROFILE=admin cognito-tui --pool-id us-east-1_XyZ --region us-east-1

Exit codes: 0 success, 1 the app stopped on an error, 2 bad arguments or configuration.";

/// A terminal account manager for Amazon Cognito user pools.
#[derive(Debug, Clone, Parser, Default)]
#[command(name = "cognito-tui", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CommandLine>,

    /// The user pool id, e.g. eu-west-1_AbC123.
    #[arg(long, global = true, value_name = "ID", env = "COGNITO_TUI_POOL_ID")]
    pub pool_id: Option<String>,

    /// AWS region; defaults to the profile's, then the AWS chain's, then the pool id's prefix.
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
    #[arg(long, conflicts_with_all = ["pool_id", "endpoint_url"])]
    pub demo: bool,

    /// Log file [default: the platform data dir's cognito-tui/cognito-tui.log].
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
}

/// Commands besides the default admin screen.
#[derive(Debug, Clone, Subcommand)]
pub enum CommandLine {
    /// Self-service: sign in as a user and manage that user's own attributes.
    Me(MeArgs),
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
