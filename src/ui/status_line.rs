//! The status line: the current message, or a reminder of the main keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Ui;
use unicode_width::UnicodeWidthStr;

use super::text::safe;
use crate::app::{Action, App, InputKind, StatusKind};

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
    if let Some(input) = &app.input {
        let (prompt, hint) = match input.kind {
            InputKind::Search => (
                " search: ",
                "  (email, +phone, sub, name or attr = value · Enter search · ↑ earlier · Esc cancel)",
            ),
            InputKind::LocalFilter => (
                " filter: ",
                "  (matches as you type · ↑↓ pick · Enter keep · Esc clear)",
            ),
            InputKind::Command => (
                " :",
                "  (pool NAME-OR-ID · pool · profile NAME · region REGION · q · ↑ earlier)",
            ),
            InputKind::ConfirmCount => (
                " type the number of users to confirm: ",
                "  (Enter confirm · Esc cancel)",
            ),
        };
        let text = safe(&input.text);
        let before: String = input.text.chars().take(input.cursor).collect();
        let cursor_x = area.x + (prompt.width() + safe(&before).width()) as u16;
        frame.render_widget(
            Line::from(vec![
                Span::styled(prompt, t.title()),
                Span::raw(text.into_owned()),
                Span::styled(hint, t.dim()),
            ]),
            area,
        );
        frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let line = match &app.status {
        Some(status) => {
            let (prefix, style) = match status.kind {
                StatusKind::Info => ("", t.info()),
                StatusKind::Progress => ("⟳ ", t.progress()),
                StatusKind::Warning => ("! ", t.warning()),
                StatusKind::Error => ("✗ ", t.error()),
            };
            Line::from(Span::styled(format!(" {prefix}{}", status.text), style))
        }
        None => {
            let hint = |action: Action, words: &str| {
                ui.keymap
                    .keys_for(action)
                    .first()
                    .map(|k| format!("{} {words}", k.label()))
            };
            let parts: Vec<String> = [
                hint(Action::MoveDown, "down"),
                hint(Action::SwitchPane, "pane"),
                hint(Action::ToggleMark, "mark"),
                hint(Action::Review, "delete…"),
                hint(Action::Search, "search"),
                hint(Action::LocalFilter, "filter"),
                hint(Action::Refresh, "refresh"),
                hint(Action::Help, "help"),
                hint(Action::Quit, "quit"),
            ]
            .into_iter()
            .flatten()
            .collect();
            Line::styled(format!(" {}", parts.join(" · ")), t.dim())
        }
    };
    frame.render_widget(line, area);
}
