//! The group picker of add to / remove from group.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::{Action, GroupPicker};

/// The picker's box in `screen`, how many groups it shows and from which (`top` as last drawn).
fn layout(screen: Rect, picker: &GroupPicker, top: usize) -> (Rect, usize, usize) {
    let count = match &picker.groups {
        Some(Ok(groups)) => groups.len(),
        _ => 1,
    };
    let area = centered(screen, 72, (count as u16 + 5).clamp(7, 24));
    // The borders and the titles: a sentence (none found, an error) shows in place of groups.
    let rows = area.height.saturating_sub(3) as usize;
    let offset = super::window_top(top, picker.cursor, rows, picker.shown().len());
    (area, rows, offset)
}

/// The groups' rows on screen, under the titles; `None` while it shows no group.
pub(super) fn rows(screen: Rect, picker: &GroupPicker, top: usize) -> Option<super::OverlayRows> {
    let Some(Ok(_)) = &picker.groups else {
        return None;
    };
    let (area, rows, offset) = layout(screen, picker, top);
    let len = picker.shown().len();
    Some(super::OverlayRows::list(
        area,
        area.y + 2,
        offset,
        rows,
        len,
    ))
}

pub fn render(frame: &mut Frame, picker: &GroupPicker, top: usize, ui: &Ui) {
    let t = &ui.theme;
    let (area, rows, offset) = layout(frame.area(), picker, top);
    let inner = usize::from(area.width.saturating_sub(2));
    // The name's column narrows to keep the precedence in view; each row is cut with `…`.
    let name_width = inner.saturating_sub(3 + 6 + 2 + 2).clamp(8, 32);
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                "   {:<name_width$} {:>5}  {}",
                "Group", "Prec.", "Description"
            ),
            inner,
        )
        .into_owned(),
        t.title(),
    )];
    match &picker.groups {
        None => lines.push(Line::styled("  Listing the pool's groups…", t.progress())),
        Some(Err(why)) => lines.push(Line::styled(
            format!("  The groups could not be listed: {}", safe(why)),
            t.error(),
        )),
        Some(Ok(groups)) if groups.is_empty() => lines.push(Line::styled(
            if picker.add {
                "  No group to add to: the pool has none, or the user is in all of them."
            } else {
                "  The user is in no group."
            },
            t.dim(),
        )),
        Some(Ok(_)) if picker.shown().is_empty() => lines.push(Line::styled(
            // Esc in the input line is not rebindable (`keymap::input_edit`).
            format!(
                "  No group matches the filter ({} to change it, Esc in it to clear it).",
                ui.key(Action::LocalFilter)
            ),
            t.dim(),
        )),
        Some(Ok(_)) => {
            for (i, group) in picker
                .shown()
                .into_iter()
                .enumerate()
                .skip(offset)
                .take(rows)
            {
                let selected = i == picker.cursor;
                let text = format!(
                    "{} {:<name_width$} {:>5}  {}",
                    if selected { "▶ " } else { "  " },
                    truncate(&safe(&group.name), name_width),
                    group.precedence.map_or(String::new(), |p| p.to_string()),
                    truncate(&safe(group.description.as_deref().unwrap_or("")), 28)
                );
                let style = if selected {
                    t.selected(true)
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::styled(truncate(&text, inner).into_owned(), style));
            }
        }
    }
    let verb = if picker.add {
        "Add to group"
    } else {
        "Remove from group"
    };
    // Its keys are in the status line.
    let title = if picker.filter.is_empty() {
        format!(" {verb} ")
    } else {
        format!(" {verb} — filter: {} ", safe(&picker.filter))
    };
    let title = super::fit_title(title, verb, area.width.saturating_sub(2));
    let below = picker.shown().len().saturating_sub(offset + rows);
    let mut block = super::overlay_block(t, title);
    if let Some(note) = super::hidden_note(offset, below) {
        block = block.title_bottom(Span::styled(note, t.dim()));
    }
    // A sentence (no match, an error) wraps; the groups' rows are already cut to fit.
    let lines = super::wrap::hanging(lines, u16::try_from(inner).unwrap_or(u16::MAX));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
