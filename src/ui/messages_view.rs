//! The messages: every warning and error of the session with its time, newest first, each in
//! full, wrapped under itself (the status line cuts a long one).

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::safe;
use super::{Ui, centered};
use crate::app::{Action, App, StatusKind};

/// Columns before a message's text: `HH:MM:SS ✗ `.
const TEXT_COLUMN: usize = 11;

pub fn render(frame: &mut Frame, app: &App, scroll: usize, ui: &Ui) {
    let t = &ui.theme;
    let screen = frame.area();
    let width = screen.width.saturating_sub(4).clamp(20, 110);
    let inner = width.saturating_sub(2);
    let known = if app.mask_pii {
        super::personal_values(app)
    } else {
        Vec::new()
    };
    let total = app.messages.list.len();
    let scroll = scroll.min(total.saturating_sub(1));
    let mut lines: Vec<Line> = Vec::new();
    for message in app.messages.list.iter().rev().skip(scroll) {
        let (marker, style) = match message.kind {
            StatusKind::Error => ("✗", t.error()),
            StatusKind::Warning => ("!", t.warning()),
            StatusKind::Info | StatusKind::Progress => (" ", t.info()),
        };
        let text = if app.mask_pii {
            crate::pii::redact(&message.text, &known)
        } else {
            message.text.clone()
        };
        let line = Line::from(vec![
            Span::styled(format!("{} ", clock_time(message.at)), t.dim()),
            Span::styled(format!("{marker} "), style),
            Span::raw(safe(&text).into_owned()),
        ]);
        lines.extend(super::wrap::hang(line, TEXT_COLUMN, inner));
    }
    if lines.is_empty() {
        lines.push(Line::styled(" No errors or warnings so far.", t.dim()));
    }
    // As tall as the messages, within the screen; j/k bring older ones up.
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(screen, width, height.min(screen.height.saturating_sub(2)));
    let close = ui.key(Action::Cancel);
    let title = if total > 1 {
        format!(
            " Messages (UTC) {}/{total}, newest first · {} · {close} closes ",
            scroll + 1,
            ui.key_pair(Action::MoveDown, Action::MoveUp)
        )
    } else {
        format!(" Messages (UTC) · {close} closes ")
    };
    let title = super::fit_title(title, &format!(" Messages · {close} "), inner);
    let block = super::overlay_block(t, title);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// `HH:MM:SS` of a time, in UTC.
fn clock_time(at: std::time::SystemTime) -> String {
    let secs = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        % 86_400;
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}
