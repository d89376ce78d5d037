//! The admin screen and the self-service screen start the same way: a worker over the
//! session's directory, the app, the terminal, the main loop, and the terminal restored.
//! An admin session can switch pool, profile or region (`:pool`, the picker): the loop then
//! connects again and starts a fresh app, keeping the terminal.

use std::process::ExitCode;
use std::sync::Arc;

use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::{App, StatusKind, Switch};
use crate::cli::Cli;
use crate::config::{ConfigFile, Settings};
use crate::directory::Access;
use crate::journal::{self, Journal};
use crate::keymap::Keymap;
use crate::retry::RetryPolicy;
use crate::run::Exit;
use crate::session::{self, Connected};
use crate::ui::Theme;
use crate::worker::{Command, Response, Worker, WorkerOptions};
use crate::{recent, run, terminal};

/// Runs the TUI until the user quits. With `settings` (admin sessions) the user may switch
/// pools; without (self-service) the session stays on its sign-in. The keymap and the theme
/// are the defaults with the user's files over them (`--keymap`, `--theme`, the config file's
/// `theme`). `warning` and any problem in the keymap or theme file show in the status line.
pub async fn run_tui(
    connected: Connected,
    cli: &Cli,
    file: &ConfigFile,
    warning: Option<String>,
    settings: Option<Settings>,
) -> ExitCode {
    let (keymap, keymap_warning) = Keymap::load(cli.keymap.as_deref());
    let theme_name = cli.theme.or(file.theme).unwrap_or_default();
    let (theme, theme_warning) = Theme::load(theme_name, None);
    let mut warning = join([warning, keymap_warning, theme_warning]);
    let mut connected = connected;
    let mut settings = settings;
    let (mut tui, guard) = match terminal::init() {
        Ok(entered) => entered,
        Err(e) => {
            crate::stderr_line!(
                "cognito-tui: cannot open the terminal ({e}): the screen needs one. Run it in a \
                 terminal, or use a subcommand (`cognito-tui --help`) from scripts."
            );
            return ExitCode::from(1);
        }
    };
    // `--search` and `--filter` shape the first session's list only.
    let mut first = Some((cli.search.as_deref(), cli.filter.as_deref()));
    let result = loop {
        let can_switch = settings.is_some();
        let (mut app, mut start, worker, responses) =
            start_session(connected, file, warning.take(), can_switch);
        if let Some((search, filter)) = first.take() {
            start.extend(crate::app::start_with(&mut app, search, filter));
        }
        match run::run(&mut tui, app, start, worker, responses, &keymap, theme).await {
            Ok(Exit::Quit) => break Ok(None),
            Ok(Exit::Signal(signal)) => break Ok(Some(signal)),
            Ok(Exit::Switch(switch)) => {
                let Some(current) = settings.clone() else {
                    break Ok(None);
                };
                match switched(cli, file, &current, &switch).await {
                    Ok((next, next_connected)) => {
                        settings = Some(next);
                        connected = next_connected;
                    }
                    Err(why) => {
                        warning = Some(format!("cannot switch: {why}"));
                        match reconnect(&current).await {
                            Ok(again) => connected = again,
                            Err(e) => break Err(e),
                        }
                    }
                }
            }
            Err(e) => break Err(e.to_string()),
        }
    };
    drop(guard);
    // The demo's scratch journal goes with its process, unless a path was asked for.
    crate::demo_scratch::finish();
    match result {
        Ok(None) => ExitCode::SUCCESS,
        // As a shell reports a process a signal ended: 128 + its number.
        Ok(Some(signal)) => ExitCode::from(u8::try_from(128 + signal).unwrap_or(u8::MAX)),
        Err(e) => {
            tracing::error!("{e}");
            crate::stderr_line!("cognito-tui: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The pool's saved views into the app; a malformed file is a warning. The demo pool's views
/// live for the session only (its pool is not the user's).
fn load_views(app: &mut App, demo: bool) -> Option<String> {
    if demo || app.session.pool_id.is_empty() {
        return None;
    }
    let path = crate::saved_views::default_path()?;
    let loaded = crate::saved_views::load_from(&path, &app.session.pool_id);
    app.views.file = Some(path);
    match loaded {
        Ok(views) => {
            app.views.views = views;
            None
        }
        Err(warning) => Some(warning),
    }
}

fn join<const N: usize>(warnings: [Option<String>; N]) -> Option<String> {
    let all: Vec<String> = warnings.into_iter().flatten().collect();
    (!all.is_empty()).then(|| all.join("; "))
}

/// The settings after a switch, connected. Config profiles resolve as on the command line
/// (`config::resolve_switch`), so a read-only profile or `--read-only` gives a session
/// without a writer.
async fn switched(
    cli: &Cli,
    file: &ConfigFile,
    current: &Settings,
    switch: &Switch,
) -> Result<(Settings, Connected), String> {
    let mut next =
        crate::config::resolve_switch(cli, file, current, switch).map_err(|e| e.to_string())?;
    // A pool given by name is looked up in the resolved region with the resolved credentials.
    if let Some(pool) = &switch.pool
        && crate::config::validate_pool_id(pool).is_err()
    {
        next.pool_id = Some(session::resolve_pool(&next, pool).await?);
        if switch.region.is_none()
            && let Some(region) = next
                .pool_id
                .as_deref()
                .and_then(crate::config::region_of_pool)
        {
            next.region = Some(region);
        }
    }
    let connected = reconnect(&next).await?;
    Ok((next, connected))
}

async fn reconnect(settings: &Settings) -> Result<Connected, String> {
    if settings.pool_id.is_none() && !settings.demo {
        session::connect_without_pool(settings).await
    } else {
        session::connect(settings).await
    }
    .map_err(|e| e.to_string())
}

/// The worker and app of one session: the journal opened, the recent pools updated.
fn start_session(
    connected: Connected,
    file: &ConfigFile,
    warning: Option<String>,
    can_switch: bool,
) -> (App, Vec<Command>, Worker, UnboundedReceiver<Response>) {
    let Connected {
        access,
        mut session,
        memory,
    } = connected;
    // The demo pool lives in memory: its journal is a scratch file, not the user's journal.
    let open_journal = || {
        if memory.is_some() {
            Journal::open(crate::demo_scratch::journal())
        } else {
            Journal::open_default()
        }
    };
    // Every change is journalled before it is sent; without a journal the session cannot write.
    // A read-only session opens none.
    let (access, journal, journal_warning) = match access {
        Access::ReadWrite { reader, writer } => match open_journal() {
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
    // The pool joins the recent pools when DescribeUserPool answers (`App::remember_pool`).
    let recent_pools = recent::load();
    let remember_pool = memory.is_none();
    let options = WorkerOptions {
        retry: RetryPolicy::default(),
        journal,
        quotas: file.quotas,
    };
    let (worker, responses) = Worker::spawn_with(access, options, &session.pool_id);
    let choosing = session.pool_id.is_empty();
    let (mut app, start) = if choosing {
        App::choosing_pool(session)
    } else {
        App::new(session)
    };
    app.can_switch = can_switch;
    app.recent = recent_pools;
    app.remember_pool = remember_pool;
    if can_switch {
        let known = crate::config::known_profiles(file, crate::aws_profiles::names());
        app.known_profiles = Some(known);
    }
    // The columns chosen for this pool before; a file that cannot be read is a warning.
    let mut columns_warning = None;
    if !app.session.pool_id.is_empty() {
        match crate::browse::saved::load(&app.session.pool_id) {
            Ok(Some(columns)) => app.columns = columns,
            Ok(None) => {}
            Err(e) => {
                tracing::warn!("{e}");
                columns_warning = Some(e);
            }
        }
    }
    let views_warning = load_views(&mut app, memory.is_some());
    if let Some(text) = join([warning, journal_warning, columns_warning, views_warning]) {
        app.set_status(StatusKind::Warning, text);
    }
    (app, start, worker, responses)
}
