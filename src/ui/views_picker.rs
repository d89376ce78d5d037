//! The saved views of the pool (`:view`): each name with what it recalls; Enter recalls one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::key_hints::VIEWS_LEGEND;
use crate::app::{App, ViewPicker};

/// Columns of a view's name.
const NAME_WIDTH: usize = 20;

/// Where the picker is drawn in `screen`: its box, its keys' legend, how many views it shows
/// and from which.
struct Layout<'a> {
    area: Rect,
    legend: Vec<Line<'a>>,
    rows: usize,
    offset: usize,
}

fn layout<'a>(screen: Rect, app: &App, picker: &ViewPicker, ui: &Ui) -> Layout<'a> {
    let views = &app.views.views;
    let width = 100.min(screen.width);
    // The keys' legend, broken to the box's width.
    let legend = super::wrap::hanging(
        vec![Line::styled(
            format!("  {}", super::keys_legend(VIEWS_LEGEND, ui)),
            ui.theme.dim(),
        )],
        width.saturating_sub(2),
    );
    let height = u16::try_from(views.len() + 3 + legend.len()).unwrap_or(u16::MAX);
    let area = centered(screen, width, height);
    let rows = usize::from(area.height.saturating_sub(3))
        .saturating_sub(legend.len())
        .max(1);
    let cursor = picker.cursor.min(views.len().saturating_sub(1));
    let offset = super::window_top(app.overlay_top, cursor, rows, views.len());
    Layout {
        area,
        legend,
        rows,
        offset,
    }
}

/// The views' rows on screen.
pub(super) fn rows(screen: Rect, app: &App, picker: &ViewPicker, ui: &Ui) -> super::OverlayRows {
    let Layout {
        area, rows, offset, ..
    } = layout(screen, app, picker, ui);
    super::OverlayRows::list(area, area.y + 1, offset, rows, app.views.views.len())
}

pub fn render(frame: &mut Frame, app: &App, picker: &ViewPicker, ui: &Ui) {
    let t = &ui.theme;
    let views = &app.views.views;
    let Layout {
        area,
        legend,
        rows,
        offset,
    } = layout(frame.area(), app, picker, ui);
    let inner = usize::from(area.width.saturating_sub(2));
    let cursor = picker.cursor.min(views.len().saturating_sub(1));
    let name_width = NAME_WIDTH.min(inner.saturating_sub(2) / 2).max(8);
    let summary_width = inner.saturating_sub(name_width + 3);
    let mut lines: Vec<Line> = views
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, (name, view))| {
            let selected = i == cursor;
            let text = format!(
                "{}{:<w$} {}",
                if selected { "▶ " } else { "  " },
                truncate(&safe(name), name_width),
                truncate(&safe(&view.details()), summary_width),
                w = name_width,
            );
            let style = if selected {
                t.selected(true)
            } else {
                Style::new()
            };
            Line::styled(text, style)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.extend(legend);
    let below = views.len().saturating_sub(offset + rows);
    let block = super::overlay_block(t, format!(" Saved views ({}) ", views.len()));
    let block = match super::hidden_note(offset, below) {
        Some(note) => block.title_bottom(Span::styled(note, t.dim())),
        None => block,
    };
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
