//! The journal view: this pool's journalled changes, newest first.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::JournalView;

pub fn render(frame: &mut Frame, view: &JournalView, mask_pii: bool, ui: &Ui) {
    let t = &ui.theme;
    let area = centered(
        frame.area(),
        110,
        frame.area().height.saturating_sub(4).max(8),
    );
    let rows = area.height.saturating_sub(4) as usize;
    let offset = view.cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = vec![Line::styled(
        format!(
            "  {:<20} {:<12} {:<24} {}",
            "When (UTC)", "State", "User", "Change"
        ),
        t.title(),
    )];
    for (i, line) in view.lines.iter().enumerate().skip(offset).take(rows) {
        let selected = i == view.cursor;
        let pending = view.confirm_undo.as_deref() == Some(line.id.as_str());
        let when: String = line.time.replace('T', " ").chars().take(19).collect();
        let text = format!(
            "{}{:<20} {:<12} {:<24} {}",
            if selected { "▶ " } else { "  " },
            when,
            line.state,
            truncate(
                &safe(&if mask_pii {
                    crate::pii::username(&line.username)
                } else {
                    line.username.as_str().into()
                }),
                24
            ),
            safe(&line.what)
        );
        let style = if pending {
            t.warning()
        } else if selected {
            t.selected(true)
        } else if line.state == "pending" || line.state == "error" {
            t.error()
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    if view.loading.is_some() {
        lines.push(Line::styled("  Reading the journal…", t.progress()));
    } else if let Some(error) = &view.error {
        let error = if mask_pii {
            crate::pii::redact(error, &[])
        } else {
            error.clone()
        };
        lines.push(Line::styled(format!("  {error}"), t.error()));
    } else if view.lines.is_empty() {
        lines.push(Line::styled(
            "  No change to this pool has been journalled yet.",
            t.dim(),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(
            " Journal — u undo the entry (then y) · r reload · Esc close ",
            t.title(),
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
