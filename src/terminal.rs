//! Putting the terminal into raw mode and the alternate screen, and always taking it back out:
//! on return, on error and on panic.

use ratatui::DefaultTerminal;

/// Restores the terminal when dropped: the second net behind the panic hook.
pub struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Installs the panic hook that logs a panic, then enters the TUI. `ratatui::init` chains its own
/// hook in front, so a panic first restores the terminal, then is logged and printed.
pub fn init() -> (DefaultTerminal, TerminalGuard) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        previous(info);
    }));
    let terminal = ratatui::init();
    (terminal, TerminalGuard)
}
