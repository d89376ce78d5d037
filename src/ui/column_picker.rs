//! The column picker (`C`): every column offered, a tick on those shown, in the order they show.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text::safe;
use super::{Ui, centered};
use crate::app::ColumnPicker;

/// Where the picker is drawn in `area`: its box, its keys' legend, how many columns it shows
/// and from which (`top` as last drawn).
fn layout<'a>(
    area: Rect,
    picker: &ColumnPicker,
    top: usize,
    ui: &Ui,
) -> (Rect, Vec<Line<'a>>, usize, usize) {
    let t = &ui.theme;
    // The keys' legend, broken to the box's width.
    let inner = 44.min(area.width).saturating_sub(2);
    // Tall, the box covers the status line: it names the keys itself.
    let mut legend = super::wrap::hanging(
        vec![Line::styled(
            super::keys_legend(crate::app::key_hints::COLUMN_PICKER, ui),
            t.dim(),
        )],
        inner,
    );
    // A blank line before the legend, where every column fits with it.
    if picker.entries.len() + legend.len() + 3 <= usize::from(area.height) {
        legend.insert(0, Line::raw(""));
    }
    let height = u16::try_from(picker.entries.len() + legend.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = centered(area, 44, height);
    let rows = usize::from(rect.height.saturating_sub(2)).saturating_sub(legend.len());
    let first = super::window_top(top, picker.cursor, rows, picker.entries.len());
    (rect, legend, rows, first)
}

/// The columns' rows on screen.
pub(super) fn rows(screen: Rect, picker: &ColumnPicker, top: usize, ui: &Ui) -> super::OverlayRows {
    let (rect, _, rows, first) = layout(screen, picker, top, ui);
    super::OverlayRows::list(rect, rect.y + 1, first, rows, picker.entries.len())
}

pub fn render(frame: &mut Frame, picker: &ColumnPicker, top: usize, ui: &Ui) {
    let t = &ui.theme;
    let (rect, legend, rows, first) = layout(frame.area(), picker, top, ui);
    let mut lines: Vec<Line> = picker
        .entries
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, (column, on))| {
            let tick = if *on { "[x] " } else { "[ ] " };
            let pointer = if i == picker.cursor { "▶ " } else { "  " };
            let style = if i == picker.cursor {
                t.selected(true)
            } else if *on {
                Style::new()
            } else {
                t.dim()
            };
            Line::from(vec![
                Span::raw(pointer),
                Span::styled(format!("{tick}{}", safe(column.name())), style),
            ])
        })
        .collect();
    lines.extend(legend);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(" Columns ", t.border(true)));
    let below = picker.entries.len().saturating_sub(first + rows);
    if let Some(note) = super::hidden_note(first, below) {
        block = block.title_bottom(Span::styled(note, t.warning()));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
