//! The describe view: a user or the pool as a JSON or YAML document, scrolled.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered};
use crate::app::{App, DescribeTarget, DescribeView};

pub fn render(frame: &mut Frame, app: &App, view: &DescribeView, ui: &Ui) {
    let t = &ui.theme;
    let area = centered(
        frame.area(),
        frame.area().width.saturating_sub(4).clamp(20, 120),
        frame.area().height.saturating_sub(2).max(6),
    );
    let rows = usize::from(area.height.saturating_sub(3)).max(1);
    let width = usize::from(area.width.saturating_sub(2));
    let who = match &view.target {
        DescribeTarget::User(name) if app.mask_pii => crate::pii::username(name).into_owned(),
        DescribeTarget::User(name) => name.clone(),
        DescribeTarget::Pool => app
            .pool
            .as_ref()
            .map_or_else(|| app.session.pool_id.clone(), |p| p.name.clone()),
    };
    let mut lines: Vec<Line> = Vec::new();
    match app.describe_text(view) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            let first = view.scroll.min(all.len().saturating_sub(rows));
            lines.extend(
                all.iter()
                    .skip(first)
                    .take(rows)
                    .map(|l| Line::raw(truncate(&safe(l), width).into_owned())),
            );
            let last = (first + rows).min(all.len());
            lines.resize(rows, Line::raw(""));
            lines.push(Line::styled(
                format!(" lines {}–{last} of {}", first + 1, all.len()),
                t.dim(),
            ));
        }
        Err(why) => {
            // A sentence of why there is no document: wrapped, not cut at the border.
            let why = Line::styled(format!(" {}", safe(&why)), t.progress());
            lines.extend(super::wrap::hang(
                why,
                1,
                u16::try_from(width).unwrap_or(u16::MAX),
            ));
        }
    };
    // Its keys are in the status line.
    let title = format!(" {} — {} ", truncate(&safe(&who), 40), view.format.name());
    let title = super::fit_title(title, &safe(&who), area.width.saturating_sub(2));
    let block = super::overlay_block(t, title);
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
