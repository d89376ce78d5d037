//! The admin screen and the self-service screen start the same way: a worker over the
//! session's directory, the app, the terminal, the main loop, and the terminal restored.

use std::process::ExitCode;

use crate::app::{App, Status, StatusKind};
use crate::keymap::Keymap;
use crate::retry::RetryPolicy;
use crate::session::Connected;
use crate::worker::Worker;
use crate::{run, terminal};

/// Runs the TUI over a connected session until the user quits. `warning` (a broken config
/// file, logging off) is shown in the status line at start.
pub async fn run_tui(connected: Connected, warning: Option<String>) -> ExitCode {
    let (worker, responses) = Worker::spawn(connected.access, RetryPolicy::default());
    let (mut app, start) = App::new(connected.session);
    if let Some(text) = warning {
        app.status = Some(Status {
            kind: StatusKind::Warning,
            text,
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
