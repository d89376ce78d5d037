//! The status line: the current message, or a reminder of the main keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Ui;
use crate::app::{Action, App, StatusKind};

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
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
