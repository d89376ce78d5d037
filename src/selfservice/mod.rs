//! Self-service mode, `cognito-tui me`: a user signs in and manages their own attributes.
//!
//! It reuses the whole app: [`directory::SelfReader`] and [`directory::SelfWriter`] implement
//! the directory traits with the calls a user's access token authorises (`GetUser`,
//! `DeleteUserAttributes`), so the list shows one user, and marking, review and confirm work as
//! in the admin screen. The token's claims are checked locally before any call ([`token`]).
//!
//! The password, the client secret and the access token are held in types whose `Debug` hides
//! them and that have no `Display`; nothing here logs or prints them.

pub mod directory;
pub mod secret;
pub mod signin;
pub mod token;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use thiserror::Error;

use crate::app::Session;
use crate::cli::{Cli, MeArgs};
use crate::config::{self, ConfigError, Settings};
use crate::directory::Access;
use crate::session::{self, Connected, SessionError};
use directory::{SelfReader, SelfWriter, SignedIn};
use secret::Secret;
use signin::{InputError, SignIn, SignInError};
use token::{AccessToken, TokenError};

/// How a self-service session's header names it in place of a profile: `me: USER (expires …)`.
pub const LABEL_PREFIX: &str = "me: ";

/// Why self-service could not start. Arguments and configuration exit with 2, a refused sign-in
/// or token with 1.
#[derive(Debug, Error)]
pub enum SelfServiceError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("cannot read the access token from {path}: {source}")]
    TokenFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    SignIn(#[from] SignInError),
    #[error(
        "the access token was issued by user pool {token}, not {asked} ({}); {}",
        from.as_deref().map_or("--pool-id".to_owned(), |p| format!("the pool of profile {p} in the config file")),
        from.as_ref().map_or("leave --pool-id out or use a token of that pool".to_owned(), |_| format!("pass --pool-id {token} or use a token of that pool")),
    )]
    PoolMismatch {
        token: String,
        asked: String,
        /// The config profile the pool asked for came from; `None` when it is `--pool-id`'s.
        from: Option<String>,
    },
}

impl SelfServiceError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Token(_) | Self::SignIn(_) => ExitCode::FAILURE,
            _ => ExitCode::from(2),
        }
    }
}

/// `cognito-tui me`: resolves the settings, signs in (or reads a token), checks the token, and
/// runs the same TUI as the admin screen over the signed-in user's directory.
pub async fn run(cli: &Cli, args: &MeArgs, log_warning: Option<String>) -> ExitCode {
    let config::Startup {
        cli,
        file,
        warning: config_warning,
        settings,
    } = config::start(cli);
    let cli = &cli;
    let connected = match settings {
        Ok(settings) => connect(&settings, args).await.map_err(|e| match e {
            // Without --pool-id (nor its variable) the pool was the profile's.
            SelfServiceError::PoolMismatch { token, asked, .. } if cli.pool_id.is_none() => {
                SelfServiceError::PoolMismatch {
                    token,
                    asked,
                    from: settings.profile_label.clone(),
                }
            }
            other => other,
        }),
        Err(e) => Err(e.into()),
    };
    match connected {
        Ok(connected) => {
            crate::tui::run_tui(connected, cli, &file, config_warning.or(log_warning), None).await
        }
        Err(e) => {
            tracing::warn!("self-service did not start: {e}");
            if let Some(warning) = config_warning {
                crate::stderr_line!("cognito-tui: warning: {warning}");
            }
            crate::stderr_line!("cognito-tui: {e}");
            e.exit_code()
        }
    }
}

/// Signs in (or reads the token), refuses a token that cannot work before any call with it, and
/// builds the session: a reader, and a writer unless the session is read-only.
pub async fn connect(settings: &Settings, args: &MeArgs) -> Result<Connected, SelfServiceError> {
    if settings.demo {
        return Err(SelfServiceError::Usage(
            "--demo has no self-service mode: `cognito-tui me` signs in to a real user pool".into(),
        ));
    }
    let (token, client) = match &args.access_token_file {
        Some(path) => {
            let token = read_token(path)?;
            let mut settings = settings.clone();
            if settings.region.is_none() {
                // A token of AWS Cognito names its region in the issuer.
                settings.region = token::decode(&token)
                    .ok()
                    .and_then(|c| c.region().map(str::to_owned));
            }
            (token, session::cognito_client(&settings).await?)
        }
        None => {
            let (Some(client_id), Some(username)) = (&args.client_id, &args.username) else {
                return Err(SelfServiceError::Usage(
                    "`cognito-tui me` needs --client-id ID and --username NAME to sign in, or --access-token-file FILE (- for standard input)".into(),
                ));
            };
            let client = session::cognito_client(settings).await?;
            let password = password(args, username)?;
            let client_secret = args
                .client_secret_env
                .as_deref()
                .map(|var| signin::secret_from_env(var, "--client-secret-env"))
                .transpose()?;
            let request = SignIn {
                client_id,
                username,
                password: &password,
                client_secret: client_secret.as_ref(),
            };
            tracing::info!(%client_id, %username, "signing in (USER_PASSWORD_AUTH)");
            let token = signin::sign_in(&client, request).await?;
            (token, client)
        }
    };
    let signed_in = SignedIn::new(token)?;
    let now = token::now();
    signed_in.check(now)?;
    let claims = signed_in.claims();
    if let Some(asked) = &settings.pool_id
        && asked != signed_in.pool_id()
    {
        return Err(SelfServiceError::PoolMismatch {
            token: signed_in.pool_id().to_owned(),
            asked: asked.clone(),
            from: None,
        });
    }
    let expires = token::clock(claims.exp, now);
    tracing::info!(
        username = %claims.username,
        pool = %signed_in.pool_id(),
        client_id = %claims.client_id,
        %expires,
        read_only = settings.read_only,
        "self-service session starting"
    );
    let session = Session {
        pool_id: signed_in.pool_id().to_owned(),
        region: client
            .config()
            .region()
            .map(|r| r.to_string())
            .unwrap_or_default(),
        profile: Some(format!(
            "{LABEL_PREFIX}{} (expires {expires})",
            claims.username
        )),
        read_only: settings.read_only,
        self_service: true,
    };
    let signed_in = Arc::new(signed_in);
    let reader = Arc::new(SelfReader::new(client.clone(), signed_in.clone()));
    let access = if settings.read_only {
        // No SelfWriter is ever built for a read-only session.
        Access::ReadOnly { reader }
    } else {
        Access::ReadWrite {
            reader,
            writer: Arc::new(SelfWriter::new(client, signed_in)),
        }
    };
    Ok(Connected {
        access,
        session,
        memory: None,
    })
}

fn read_token(path: &Path) -> Result<AccessToken, SelfServiceError> {
    token::read_file(path).map_err(|source| SelfServiceError::TokenFile {
        path: path.to_owned(),
        source,
    })
}

/// From the variable named by `--password-env`, else typed at a no-echo prompt.
fn password(args: &MeArgs, username: &str) -> Result<Secret, InputError> {
    match &args.password_env {
        Some(var) => signin::secret_from_env(var, "--password-env"),
        None => signin::prompt_password(username),
    }
}
