//! The pool picker: recent pools, then the account's pools with their estimated users.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::{App, PickerEntry, PoolPicker};

/// The picker's box in `screen` for `len` entries, how many it shows and from which (`top` as
/// last drawn).
fn layout(screen: Rect, picker: &PoolPicker, len: usize, top: usize) -> (Rect, usize, usize) {
    let area = centered(screen, 84, (len as u16 + 6).clamp(8, 30));
    // The borders and the titles; two rows more for a sentence under the pools, if any.
    let sentence = picker.loading.is_some() || picker.error.is_some() || len == 0;
    let rows = area.height.saturating_sub(if sentence { 5 } else { 3 }) as usize;
    let offset = super::window_top(top, picker.cursor, rows, len);
    (area, rows, offset)
}

/// The pools' rows on screen, under the titles.
pub(super) fn rows(screen: Rect, app: &App, picker: &PoolPicker) -> super::OverlayRows {
    let len = app.picker_entries(picker).len();
    let (area, rows, offset) = layout(screen, picker, len, app.overlay_top);
    super::OverlayRows::list(area, area.y + 2, offset, rows, len)
}

pub fn render(frame: &mut Frame, app: &App, picker: &PoolPicker, ui: &Ui) {
    let t = &ui.theme;
    let entries = app.picker_entries(picker);
    let (area, rows, offset) = layout(frame.area(), picker, entries.len(), app.overlay_top);
    let inner = usize::from(area.width.saturating_sub(2));
    // The name's column narrows to keep the pool id in view; each row is cut with `…`.
    let name_width = inner.saturating_sub(2 + 1 + 30 + 1 + 10).clamp(12, 34);
    // The titles over the rows' columns: as wide as a row's pointer (`▶ `) before the name.
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                "{:<2}{:<name_width$} {:<30} {:>10}",
                "", "Name", "Pool id", "Users"
            ),
            inner,
        )
        .into_owned(),
        t.title(),
    )];
    for (i, entry) in entries.iter().enumerate().skip(offset).take(rows) {
        let pointer = if i == picker.cursor { "▶ " } else { "  " };
        let text = match entry {
            PickerEntry::Recent(r) => format!(
                "{pointer}{:<name_width$} {:<30} {:>10}",
                truncate(
                    &format!("(recent) {}", r.profile.as_deref().unwrap_or("")),
                    name_width
                ),
                truncate(&safe(&r.pool_id), 30),
                r.region
            ),
            PickerEntry::Listed(p) => format!(
                "{pointer}{:<name_width$} {:<30} {:>10}",
                truncate(&safe(&p.name), name_width),
                truncate(&safe(&p.id), 30),
                p.estimated_users.map_or("?".to_owned(), |n| n.to_string())
            ),
        };
        let style = if i == picker.cursor {
            t.selected(true)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(truncate(&text, inner).into_owned(), style));
    }
    if picker.loading.is_some() {
        // A held or retried ListUserPools says so here too, not only in the status line.
        let text = app
            .waiting_for(picker.loading)
            .unwrap_or("Listing the account's pools…");
        lines.push(Line::styled(format!("  {text}"), t.progress()));
    } else if let Some(error) = &picker.error {
        lines.push(Line::styled(format!("  {error}"), t.error()));
    } else if entries.is_empty() && !picker.filter.is_empty() {
        lines.push(Line::styled(
            // Esc in the input line is not rebindable (`keymap::input_edit`).
            format!(
                "  No pool matches the filter ({} to change it, Esc in it to clear it).",
                ui.key(crate::app::Action::LocalFilter)
            ),
            t.dim(),
        ));
    } else if entries.is_empty() {
        lines.push(Line::styled(
            format!(
                "  No user pools in this region. {}region R looks elsewhere.",
                ui.key(crate::app::Action::CommandLine)
            ),
            t.dim(),
        ));
    }
    let below = entries.len().saturating_sub(offset + rows);
    // Its keys are in the status line.
    let title = if picker.filter.is_empty() {
        " Choose a user pool ".to_owned()
    } else {
        format!(" Choose a user pool — filter: {} ", safe(&picker.filter))
    };
    let mut block = super::overlay_block(
        t,
        super::fit_title(title, "Pools", area.width.saturating_sub(2)),
    );
    if let Some(note) = super::hidden_note(offset, below) {
        block = block.title_bottom(Span::styled(note, t.dim()));
    }
    // A sentence (listing, an error, none found) wraps; the rows are already cut to fit.
    let lines = super::wrap::hanging(lines, u16::try_from(inner).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
