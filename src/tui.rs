//! The admin screen and the self-service screen start the same way: a worker over the
//! session's directory, the app, the terminal, the main loop, and the terminal restored.

use std::process::ExitCode;

use crate::app::{App, Status, StatusKind};
use crate::cli::Cli;
use crate::config::ConfigFile;
use crate::directory::Access;
use crate::journal::{self, Journal};
use crate::keymap::Keymap;
use crate::retry::RetryPolicy;
use crate::session::Connected;
use crate::ui::Theme;
use crate::worker::{Worker, WorkerOptions};
use crate::{run, terminal};
use std::sync::Arc;

/// Runs the TUI over a connected session until the user quits. The keymap and the theme are
/// the defaults with the user's files over them (`--keymap`, `--theme`, the config file's
/// `theme`). `warning` (a broken config file, logging off) and any problem in the keymap or
/// theme file are shown in the status line at start.
pub async fn run_tui(
    connected: Connected,
    cli: &Cli,
    file: &ConfigFile,
    warning: Option<String>,
) -> ExitCode {
    let (keymap, keymap_warning) = Keymap::load(cli.keymap.as_deref());
    let theme_name = cli.theme.or(file.theme).unwrap_or_default();
    let (theme, theme_warning) = Theme::load(theme_name, None);
    let Connected {
        access,
        mut session,
        memory,
    } = connected;
    // The demo pool lives in memory: its journal is a scratch file, not the user's journal.
    let opened = if memory.is_some() {
        Journal::open(
            std::env::temp_dir().join(format!("cognito-tui-demo-{}.jsonl", std::process::id())),
        )
    } else {
        Journal::open_default()
    };
    // Every change is journalled before it is sent; without a journal the session cannot write.
    let (access, journal, journal_warning) = match access {
        Access::ReadWrite { reader, writer } => match opened {
            Ok(journal) => {
                let notice = journal::pending_notice(journal.path());
                (
                    Access::ReadWrite { reader, writer },
                    Some(Arc::new(journal)),
                    notice,
                )
            }
            Err(e) => {
                session.read_only = true;
                (
                    Access::ReadOnly { reader },
                    None,
                    Some(format!(
                        "the journal cannot be opened ({e}), so this session is read-only"
                    )),
                )
            }
        },
        read_only => (read_only, None, None),
    };
    let warnings: Vec<String> = [warning, journal_warning, keymap_warning, theme_warning]
        .into_iter()
        .flatten()
        .collect();

    let options = WorkerOptions {
        retry: RetryPolicy::default(),
        journal,
        quotas: file.quotas.clone(),
    };
    let (worker, responses) = Worker::spawn_with(access, options, &session.pool_id);
    let (mut app, start) = App::new(session);
    if !warnings.is_empty() {
        app.status = Some(Status {
            kind: StatusKind::Warning,
            text: warnings.join("; "),
        });
    }
    let (mut tui, guard) = terminal::init();
    let result = run::run(&mut tui, app, start, worker, responses, &keymap, theme).await;
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
