//! The groups view: the pool's groups, Enter to list a group's users.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::{App, GroupsView};

/// The view's box in `screen`, how many groups it shows and from which (`top` as last drawn).
fn layout(screen: Rect, view: &GroupsView, top: usize) -> (Rect, usize, usize) {
    let area = centered(screen, 90, screen.height.saturating_sub(4).max(8));
    let rows = usize::from(area.height.saturating_sub(3)).max(1);
    let offset = super::window_top(top, view.cursor, rows, view.groups.len());
    (area, rows, offset)
}

/// The groups' rows on screen, under the titles.
pub(super) fn rows(screen: Rect, view: &GroupsView, top: usize) -> super::OverlayRows {
    let (area, rows, offset) = layout(screen, view, top);
    super::OverlayRows::list(area, area.y + 2, offset, rows, view.groups.len())
}

pub fn render(frame: &mut Frame, app: &App, view: &GroupsView, ui: &Ui) {
    let t = &ui.theme;
    let (area, rows, offset) = layout(frame.area(), view, app.overlay_top);
    let inner = usize::from(area.width.saturating_sub(2));
    // The name's column narrows to leave the precedence in view; each row is cut with `…`.
    let name_width = inner.saturating_sub(2 + 11 + 2).clamp(8, 28);
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                "  {:<name_width$} {:>10}  {}",
                "Group", "Precedence", "Description"
            ),
            inner,
        )
        .into_owned(),
        t.title(),
    )];
    for (i, group) in view.groups.iter().enumerate().skip(offset).take(rows) {
        let selected = i == view.cursor;
        let current = app.group.as_deref() == Some(group.name.as_str());
        let text = format!(
            "{}{:<name_width$} {:>10}  {}{}",
            if selected { "▶ " } else { "  " },
            truncate(&safe(&group.name), name_width),
            group.precedence.map_or(String::new(), |p| p.to_string()),
            truncate(&safe(group.description.as_deref().unwrap_or("")), 40),
            if current { "  (shown)" } else { "" },
        );
        let style = if selected {
            t.selected(true)
        } else {
            Style::new()
        };
        lines.push(Line::styled(truncate(&text, inner).into_owned(), style));
    }
    if view.loading.is_some() {
        let text = app
            .waiting_for(view.loading)
            .unwrap_or("Listing the groups…");
        lines.push(Line::styled(format!("  {text}"), t.progress()));
    } else if let Some(error) = &view.error {
        lines.push(Line::styled(format!("  {}", safe(error)), t.error()));
    } else if view.groups.is_empty() {
        lines.push(Line::styled("  This pool has no groups.", t.dim()));
    }
    // Its keys are in the status line.
    let title = super::fit_title(
        format!(" Groups ({}) ", view.groups.len()),
        "Groups",
        area.width.saturating_sub(2),
    );
    let mut block = super::overlay_block(t, title);
    let below = view.groups.len().saturating_sub(offset + rows);
    if let Some(note) = super::hidden_note(offset, below) {
        block = block.title_bottom(Span::styled(note, t.dim()));
    }
    // A sentence (listing, an error, none found) wraps; the rows are already cut to fit.
    let lines = super::wrap::hanging(lines, u16::try_from(inner).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
