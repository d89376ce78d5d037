//! The main loop: draw, wait for a key, a worker answer, a signal or the worker's end; update;
//! send the commands.

use crossterm::event::{Event, EventStream, KeyCode, KeyEventKind, KeyModifiers};
use std::time::Duration;

use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::{Action, App, Msg, Overlay, update};
use crate::keymap::Keymap;
use crate::ui::{self, Theme, Ui};
use crate::worker::{Command, Response, Worker};

/// How a run of the main loop ended.
#[derive(Debug)]
pub enum Exit {
    Quit,
    /// SIGTERM, SIGINT or SIGHUP (its number) ended the session.
    Signal(i32),
    /// The user asked for another pool, profile or region.
    Switch(crate::app::Switch),
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("terminal error: {0}")]
    Terminal(#[from] std::io::Error),
    #[error("the background worker stopped unexpectedly ({0}); see the log for details")]
    WorkerDied(String),
    /// The worker stopped while a bulk run or an undo went on: what is known of it.
    #[error("the background worker stopped unexpectedly ({why}). {run} See the log for details.")]
    WorkerDiedDuringRun { why: String, run: String },
}

pub async fn run(
    terminal: &mut DefaultTerminal,
    mut app: App,
    start: Vec<Command>,
    worker: Worker,
    responses: UnboundedReceiver<Response>,
    keymap: &Keymap,
    theme: Theme,
) -> Result<Exit, RunError> {
    let ui = Ui { theme, keymap };
    app.key_names = keymap.names();
    match run_loop(terminal, &mut app, start, worker, responses, &ui).await {
        Err(RunError::WorkerDied(why)) => Err(match app.on_worker_died(&why) {
            Some(run) => RunError::WorkerDiedDuringRun { why, run },
            None => RunError::WorkerDied(why),
        }),
        other => other,
    }
}

async fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    start: Vec<Command>,
    worker: Worker,
    mut responses: UnboundedReceiver<Response>,
    ui: &Ui<'_>,
) -> Result<Exit, RunError> {
    let keymap = ui.keymap;
    let Worker {
        commands: worker,
        task: mut worker_task,
    } = worker;
    let send = |commands: Vec<Command>| -> Result<(), RunError> {
        for command in commands {
            if let Command::Copy { text } = &command {
                copy_to_clipboard(text)?;
                continue;
            }
            if let Command::SaveRecent { pools } = &command {
                crate::recent::save(pools);
                continue;
            }
            worker
                .send(command)
                .map_err(|e| RunError::WorkerDied(e.to_string()))?;
        }
        Ok(())
    };
    send(start)?;
    let size = terminal.size()?;
    update(app, Msg::Resize(ui::viewport(size.width, size.height)));
    let mut events = EventStream::new();
    let mut signals = Signals::new()?;
    let panic_key = test_panic_key();
    loop {
        let drawn = terminal.draw(|frame| ui::render(frame, app, ui))?.area;
        // A review or the help too tall for the terminal scrolls; `update` learns where it ends.
        if let Some(max) = ui::scroll_max(app, ui, drawn.width, drawn.height)
            && app.scroll_max != Some(max)
        {
            send(update(app, Msg::ScrollMax(max)))?;
        }
        // A list's rows stay where they were drawn until its selection leaves them.
        if let Some(top) = ui::overlay_top(app, ui, drawn.width, drawn.height)
            && app.overlay_top != top
        {
            send(update(app, Msg::OverlayTop(top)))?;
        }
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => {
                    // Events already waiting belong to this burst: pasted text on a terminal
                    // without bracketed paste arrives this way, and must not answer a dialog
                    // it opened itself.
                    send(update(app, Msg::BurstStart))?;
                    let mut next = Some(event);
                    while let Some(event) = next.take() {
                        if let Some(msg) = event_msg(app, keymap, panic_key, event) {
                            send(update(app, msg))?;
                        }
                        if app.should_quit || app.switch.is_some() {
                            break;
                        }
                        // Not `now_or_never` on the stream: its wake-up thread would then
                        // hold a waker that goes nowhere and the next key would wait.
                        next = if crossterm::event::poll(Duration::ZERO)? {
                            Some(crossterm::event::read()?)
                        } else {
                            None
                        };
                    }
                    None
                }
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(Exit::Quit),
            },
            response = responses.recv() => match response {
                Some(response) => Some(Msg::Response(response)),
                None => return Err(RunError::WorkerDied("its channel closed".into())),
            },
            signal = signals.next() => {
                tracing::info!(signal, "terminating on signal");
                return Ok(Exit::Signal(signal));
            }
            ended = &mut worker_task => {
                let why = match ended {
                    Err(e) if e.is_panic() => "it panicked".to_owned(),
                    Err(e) => e.to_string(),
                    Ok(()) => "its task ended".to_owned(),
                };
                return Err(RunError::WorkerDied(why));
            }
        };
        if let Some(msg) = msg {
            send(update(app, msg))?;
        }
        if app.should_quit {
            return Ok(Exit::Quit);
        }
        if let Some(switch) = app.switch.take() {
            return Ok(Exit::Switch(switch));
        }
    }
}

/// The message for one terminal event: keys go to the input line while it is open, else to the
/// keymap; a paste is always text.
fn event_msg(app: &App, keymap: &Keymap, panic_key: Option<char>, event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if let Some(c) = panic_key.filter(|c| key.code == KeyCode::Char(*c)) {
                test_panic(c);
            }
            if app.input.is_some() {
                crate::keymap::input_edit(key).map(Msg::Input)
            } else if let (true, KeyCode::Char(c)) = (
                app.takes_letters() && !key.modifiers.contains(KeyModifiers::CONTROL),
                key.code,
            ) {
                // The menu's letters win; the masking key (`p`) and the help (`?`) still work
                // over the menu.
                let action = keymap
                    .action(key)
                    .filter(|a| matches!(a, Action::MaskPii | Action::Help));
                let menu_letter = matches!(&app.overlay,
                    Some(Overlay::Actions(menu)) if menu.entries.iter().any(|e| e.key == c));
                match action {
                    Some(action) if !menu_letter => Some(Msg::Action(action)),
                    _ => Some(Msg::Letter(c)),
                }
            } else if let Some(column_key) = (matches!(app.overlay, Some(Overlay::Columns(_)))
                && app.overlay_help.is_none())
            .then(|| crate::keymap::column_key(key))
            .flatten()
            {
                Some(Msg::Columns(column_key))
            } else {
                // A key bound to nothing here still dismisses an error.
                Some(keymap.action(key).map_or(Msg::OtherKey, Msg::Action))
            }
        }
        Event::Mouse(mouse) => {
            let (width, height) = crossterm::terminal::size().ok()?;
            // The layout of an overlay's rows names keys; the theme does not change it.
            let ui = Ui {
                theme: Theme::default(),
                keymap,
            };
            ui::mouse_target(app, &ui, width, height, mouse).map(Msg::Mouse)
        }
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize(ui::viewport(width, height))),
        _ => None,
    }
}

/// Test-only: `COGNITO_TUI_TEST_PANIC_ON_KEY=<char>` makes that key panic, in debug builds only
/// (release builds ignore it), so tests/e2e_pty.rs can show a panic leaves the terminal restored.
fn test_panic_key() -> Option<char> {
    if !cfg!(debug_assertions) {
        return None;
    }
    std::env::var("COGNITO_TUI_TEST_PANIC_ON_KEY")
        .ok()?
        .chars()
        .next()
}

#[allow(clippy::panic, reason = "the test-only panic switch")]
fn test_panic(key: char) -> ! {
    panic!("test-only panic on key {key:?} (COGNITO_TUI_TEST_PANIC_ON_KEY)")
}

/// Puts text on the clipboard with the OSC 52 escape, which terminals honour over SSH too.
fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// SIGTERM, SIGINT and SIGHUP end the session cleanly, terminal restored.
struct Signals {
    #[cfg(unix)]
    streams: Vec<(i32, tokio::signal::unix::Signal)>,
}

/// Their numbers, the same on every Unix.
const SIGHUP: i32 = 1;
const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

impl Signals {
    fn new() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                streams: vec![
                    (SIGTERM, signal(SignalKind::terminate())?),
                    (SIGINT, signal(SignalKind::interrupt())?),
                    (SIGHUP, signal(SignalKind::hangup())?),
                ],
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// The next signal's number.
    async fn next(&mut self) -> i32 {
        #[cfg(unix)]
        {
            let waits = self.streams.iter_mut().map(|(number, stream)| {
                Box::pin(async move {
                    stream.recv().await;
                    *number
                })
            });
            futures_util::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            SIGINT
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Session;
    use crossterm::event::KeyEvent;

    fn session() -> Session {
        Session {
            pool_id: "eu-west-1_Test1".into(),
            region: "eu-west-1".into(),
            profile: None,
            read_only: false,
            self_service: false,
        }
    }

    #[test]
    fn p_masks_over_the_action_menu_and_its_letters_stay_letters() {
        let (mut app, commands) = App::new(session());
        for command in commands {
            if let Command::ListUsers { id, .. } = command {
                let page = crate::directory::UserPage {
                    users: crate::directory::fixtures::users(3),
                    next_token: None,
                };
                update(
                    &mut app,
                    Msg::Response(Response::UsersPage {
                        id,
                        result: Ok(page),
                    }),
                );
            }
        }
        update(&mut app, Msg::Action(Action::AccountActions));
        assert!(matches!(app.overlay, Some(Overlay::Actions(_))));
        let keymap = Keymap::default();
        let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(
            event_msg(&app, &keymap, None, key('p')),
            Some(Msg::Action(Action::MaskPii))
        );
        assert_eq!(
            event_msg(&app, &keymap, None, key('P')),
            Some(Msg::Letter('P'))
        );
        assert_eq!(
            event_msg(&app, &keymap, None, key('d')),
            Some(Msg::Letter('d'))
        );
        // `?` is the menu's help, and while that is open the keys are the help's.
        assert_eq!(
            event_msg(&app, &keymap, None, key('?')),
            Some(Msg::Action(Action::Help))
        );
        update(&mut app, Msg::Action(Action::Help));
        assert_eq!(
            event_msg(&app, &keymap, None, key('j')),
            Some(Msg::Action(Action::MoveDown))
        );
    }

    #[test]
    fn a_key_bound_to_nothing_still_reaches_update_to_dismiss_an_error() {
        let (mut app, _) = App::new(session());
        let keymap = Keymap::default();
        let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        assert_eq!(
            event_msg(&app, &keymap, None, key('x')),
            Some(Msg::OtherKey)
        );
        // In the column picker, its own keys first, then the keymap's, then nothing.
        update(&mut app, Msg::Action(Action::Columns));
        assert!(matches!(
            event_msg(&app, &keymap, None, key('j')),
            Some(Msg::Columns(_))
        ));
        assert_eq!(
            event_msg(&app, &keymap, None, key('?')),
            Some(Msg::Action(Action::Help))
        );
        assert_eq!(
            event_msg(&app, &keymap, None, key('x')),
            Some(Msg::OtherKey)
        );
        update(&mut app, Msg::Action(Action::Help));
        assert_eq!(
            event_msg(&app, &keymap, None, key('j')),
            Some(Msg::Action(Action::MoveDown))
        );
    }
}
