#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use clap::Parser;

use cognito_tui::app::App;
use cognito_tui::cli::Cli;
use cognito_tui::keymap::Keymap;
use cognito_tui::retry::RetryPolicy;
use cognito_tui::worker::Worker;
use cognito_tui::{config, logging, run, session, terminal};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cognito-tui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(start(cli))
}

async fn start(cli: Cli) -> ExitCode {
    let log_path = cli.log_file.clone().unwrap_or_else(logging::default_path);
    let log_warning = logging::init(&log_path)
        .err()
        .map(|e| format!("logging is off: cannot open {}: {e}", log_path.display()));

    // A broken config file does not stop the app: the defaults apply and the user is told.
    let (file, file_path, config_warning) = match config::load(cli.config.as_deref()) {
        Ok((file, path)) => (file, path, None),
        Err(e) => {
            tracing::warn!("{e}");
            (
                config::ConfigFile::default(),
                None,
                Some(format!("{e}; using defaults")),
            )
        }
    };
    let settings = match config::resolve(&cli, &file, file_path.as_deref()) {
        Ok(settings) => settings,
        Err(e) => return fail(&e.to_string(), config_warning.as_deref()),
    };
    let connected = match session::connect(&settings).await {
        Ok(connected) => connected,
        Err(e) => return fail(&e.to_string(), config_warning.as_deref()),
    };
    tracing::info!(
        pool = %connected.session.pool_id,
        region = %connected.session.region,
        read_only = connected.session.read_only,
        "session starting"
    );

    let (worker, responses) = Worker::spawn(connected.access, RetryPolicy::default());
    let (mut app, start) = App::new(connected.session);
    if let Some(warning) = config_warning.or(log_warning) {
        app.status = Some(cognito_tui::app::Status {
            kind: cognito_tui::app::StatusKind::Warning,
            text: warning,
        });
    }
    let keymap = Keymap::default();
    let (mut tui, guard) = terminal::init();
    let result = run::run(&mut tui, app, start, worker, responses, &keymap).await;
    drop(guard);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("cognito-tui: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fail(message: &str, warning: Option<&str>) -> ExitCode {
    if let Some(warning) = warning {
        eprintln!("cognito-tui: warning: {warning}");
    }
    eprintln!("cognito-tui: {message}");
    ExitCode::from(2)
}
