#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::ExitCode;

use clap::Parser;

use cognito_tui::cli::{Cli, CommandLine};
use cognito_tui::{commands, config, export, logging, lookup, selfservice, session, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Generated from the clap definition: no config, no logging, no AWS.
    let generated = match &cli.command {
        Some(CommandLine::Completions(args)) => Some(cognito_tui::cli::write_completions(
            args.shell,
            &mut std::io::stdout(),
        )),
        Some(CommandLine::Man) => Some(cognito_tui::cli::write_man_page(&mut std::io::stdout())),
        _ => None,
    };
    if let Some(result) = generated {
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if cognito_tui::reader_gone::is_reader_gone(&e) => ExitCode::SUCCESS,
            Err(e) => {
                cognito_tui::stderr_line!("cognito-tui: cannot write: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            cognito_tui::stderr_line!("cognito-tui: cannot start the async runtime: {e}");
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
    if let Some(CommandLine::Me(args)) = &cli.command {
        return selfservice::run(&cli, args, log_warning).await;
    }

    let config::Startup {
        cli,
        file,
        warning: config_warning,
        settings,
    } = config::start(&cli);
    let settings = match settings {
        Ok(settings) => settings,
        Err(e) => return fail(&e.to_string(), config_warning.as_deref()),
    };
    if let Some(request) = cli
        .command
        .as_ref()
        .and_then(|c| commands::actions::request(c, settings.read_only))
    {
        return match request {
            Ok(request) => {
                commands::warn_unused_config(config_warning);
                demo_ended(
                    &settings,
                    commands::actions::run(request, &settings, &file).await,
                )
            }
            Err(code) => code,
        };
    }
    match &cli.command {
        Some(CommandLine::Events(args)) => {
            commands::warn_unused_config(config_warning);
            return commands::events::run(args, &settings, &file).await;
        }
        Some(CommandLine::Journal(args)) => {
            commands::warn_unused_config(config_warning);
            let code = commands::journal::run(args, &settings, &file).await;
            return demo_ended(&settings, code);
        }
        Some(CommandLine::Undo(args)) => {
            commands::warn_unused_config(config_warning);
            let code = commands::undo::run(args, &settings, &file).await;
            return demo_ended(&settings, code);
        }
        _ => {}
    }
    // Without a pool the screen opens on the pool picker; scripts need one.
    let connected = if settings.pool_id.is_none() && !settings.demo && cli.command.is_none() {
        session::connect_without_pool(&settings).await
    } else {
        session::connect(&settings).await
    };
    let connected = match connected {
        Ok(connected) => connected,
        Err(e) => return fail(&e.to_string(), config_warning.as_deref()),
    };
    // The scripts' commands say that the file was not used, as the screen does.
    if matches!(
        cli.command,
        Some(CommandLine::Lookup(_) | CommandLine::Export(_))
    ) && let Some(warning) = &config_warning
    {
        cognito_tui::stderr_line!("cognito-tui: warning: {warning}");
    }
    match &cli.command {
        Some(CommandLine::Lookup(args)) => {
            let reader = connected.access.reader();
            let limiter = cognito_tui::limiter::Limiter::new(&file.quotas);
            return lookup::run(reader.as_ref(), &limiter, &args.query, args.json).await;
        }
        Some(CommandLine::Export(args)) => {
            let reader = connected.access.reader();
            let mut out: Box<dyn std::io::Write> = match &args.output {
                Some(path) => match std::fs::File::create(path) {
                    Ok(file) => Box::new(std::io::BufWriter::new(file)),
                    Err(e) => return fail(&format!("cannot create {}: {e}", path.display()), None),
                },
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let limiter = std::sync::Arc::new(cognito_tui::limiter::Limiter::new(&file.quotas));
            let options = export::Options {
                filter: args.filter.clone(),
                format: args.format,
                mfa: args.mfa,
            };
            return export::run(reader.clone(), limiter, options, &mut out).await;
        }
        _ => {}
    }
    tracing::info!(
        pool = %connected.session.pool_id,
        region = %connected.session.region,
        read_only = connected.session.read_only,
        "session starting"
    );

    tui::run_tui(
        connected,
        &cli,
        &file,
        config_warning.or(log_warning),
        Some(settings),
    )
    .await
}

fn fail(message: &str, warning: Option<&str>) -> ExitCode {
    if let Some(warning) = warning {
        cognito_tui::stderr_line!("cognito-tui: warning: {warning}");
    }
    cognito_tui::stderr_line!("cognito-tui: {message}");
    ExitCode::from(2)
}

/// A command on the demo pool has ended: its scratch journal goes with it (the demo pool itself
/// is made anew by the next process).
fn demo_ended(settings: &cognito_tui::config::Settings, code: ExitCode) -> ExitCode {
    if settings.demo {
        cognito_tui::demo_scratch::finish();
    }
    code
}
