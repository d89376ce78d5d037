//! Putting the terminal into raw mode and the alternate screen, and always taking it back out:
//! on return, on error and on panic.

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped: the second net behind the panic hook.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves mouse capture and bracketed paste, then raw mode and the alternate screen. Errors are
/// ignored: this runs on the way out, where nothing better can be done.
pub fn restore() {
    leave_modes();
    ratatui::restore();
}

/// Clicks, the wheel and drags (1000, 1002) in SGR encoding (1006), not every motion (1003,
/// which crossterm's `EnableMouseCapture` turns on): a pointer moving over the screen would
/// otherwise send an event, and a frame, per cell crossed.
fn enable_mouse() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out
        .write_all(b"\x1b[?1000h\x1b[?1002h\x1b[?1006h")
        .and_then(|()| out.flush());
}

/// Mouse capture and bracketed paste off: ours to turn off, ratatui knows neither.
fn leave_modes() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::event::DisableBracketedPaste
    );
}

/// Installs the panic hook that logs a panic, then enters the TUI. `ratatui::init` chains its own
/// hook in front, so a panic of the drawing thread first restores the terminal, then is logged
/// and printed; a background task's panic is only logged.
///
/// Fails, with the terminal left as it was, when there is no terminal to draw on (standard
/// input or output is not a tty).
pub fn init() -> std::io::Result<(DefaultTerminal, TerminalGuard)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // ratatui's hook (chained below, so it runs first) restores raw mode and the screen;
        // mouse capture and bracketed paste are ours to turn off.
        leave_modes();
        tracing::error!("panic: {info}");
        previous(info);
    }));
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(std::io::Error::other("standard output is not a terminal"));
    }
    let terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            ratatui::restore();
            leave_modes();
            return Err(e);
        }
    };
    // Only a panic of this thread, the one drawing, ends the session. A worker task's panic is
    // caught by tokio and answered for by the worker (the app says the run stopped); restoring
    // the terminal or printing over the screen then would leave the session drawing on a
    // broken screen.
    let ui_thread = std::thread::current().id();
    let restore_and_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            restore_and_report(info);
        } else {
            tracing::error!(
                "panic in a background task: {info}\n{}",
                std::backtrace::Backtrace::capture()
            );
        }
    }));
    // Pasted text then arrives as one paste event, not as keys that could act; clicks and the
    // wheel arrive as mouse events.
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    enable_mouse();
    Ok((terminal, TerminalGuard))
}
