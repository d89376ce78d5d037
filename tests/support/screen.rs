//! The app drawn as a terminal would show it (ratatui's TestBackend, without colour), and the
//! screen read back as text.

use cognito_tui::app::{App, Msg, update};

/// The screen as text, drawn at 160x40 without colour.
pub fn screen_text(app: &mut App) -> String {
    buffer_text(&draw(app, 160, 40))
}

/// One frame of `app` at `width` x `height`, without colour (as with NO_COLOR).
pub fn draw(app: &mut App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    draw_with_keymap(app, width, height, &cognito_tui::keymap::Keymap::default())
}

/// [`draw`] with the keys of `keymap`.
pub fn draw_with_keymap(
    app: &mut App,
    width: u16,
    height: u16,
    keymap: &cognito_tui::keymap::Keymap,
) -> ratatui::buffer::Buffer {
    use cognito_tui::ui::{self, Theme, Ui};
    use ratatui::{Terminal, backend::TestBackend};
    update(app, Msg::Resize(ui::viewport(width, height)));
    let ui = Ui {
        theme: Theme::no_color(),
        keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::render(frame, app, &ui)).unwrap();
    // As the main loop does: a review learns how far it scrolls at this size.
    if let Some(max) = ui::scroll_max(app, &ui, width, height) {
        update(app, Msg::ScrollMax(max));
    }
    // As the main loop does: a list overlay's rows stay where they are drawn.
    if let Some(top) = ui::overlay_top(app, &ui, width, height) {
        update(app, Msg::OverlayTop(top));
    }
    terminal.backend().buffer().clone()
}

/// What a mouse event lands on in a terminal of this size, with the default keys.
pub fn mouse_target(
    app: &App,
    width: u16,
    height: u16,
    event: crossterm::event::MouseEvent,
) -> Option<cognito_tui::app::MouseTarget> {
    use cognito_tui::ui::{self, Theme, Ui};
    let keymap = cognito_tui::keymap::Keymap::default();
    let ui = Ui {
        theme: Theme::no_color(),
        keymap: &keymap,
    };
    ui::mouse_target(app, &ui, width, height, event)
}

/// A frame's text, line by line, without trailing blanks.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| {
            let line: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            line.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The last line of a screen's text (empty for an empty screen).
pub fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

/// The screen as text, drawn at `width` x `height` without colour.
pub fn screen_at(app: &mut App, width: u16, height: u16) -> String {
    buffer_text(&draw(app, width, height))
}

/// A screen's words in order, one space apart: wrapping, padding and box sides (`│`) fall away.
pub fn words(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
