//! The user list: username, email, status, enabled, and the last deletion's outcome. Only the
//! visible rows are built, however many users are loaded.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};

use super::Ui;
use super::text::{highlighted, mask, safe, truncate};
use crate::app::{App, Focus, Outcome};
use crate::search::local::LocalMatcher;

/// Rows of users that fit in `area`: borders and the column header take three.
pub fn rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
    let focused = app.focus == Focus::Users;
    let list = &app.list;
    let title = if list.rows() == 0 {
        " Users ".to_owned()
    } else {
        format!(" Users {}/{} ", list.cursor.selected + 1, list.rows())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Span::styled(title, t.border(focused)));

    if list.rows() == 0 {
        let text = if !list.loaded_once && list.loading.is_some() {
            "Loading users…"
        } else if app.local_filter.is_some() {
            "No loaded user matches the filter."
        } else if list.filter.is_some() && list.loading.is_some() {
            "Searching…"
        } else if list.filter.is_some() {
            "Nobody matches the search. Esc shows the whole pool."
        } else if list.loaded_once {
            "This pool has no users."
        } else {
            "No users loaded."
        };
        frame.render_widget(Paragraph::new(text).style(t.dim()).block(block), area);
        return;
    }

    let inner_width = area.width.saturating_sub(2) as usize;
    // Pointer, enabled and outcome columns, and the five gaps between the six columns.
    let fixed = 2 + 3 + 1 + 5;
    let flexible = inner_width.saturating_sub(fixed);
    let status_width = (flexible / 4).clamp(9, 21);
    let name_width = ((flexible - status_width.min(flexible)) * 2 / 5).max(8);
    let email_width = flexible.saturating_sub(status_width + name_width).max(8);

    let height = rows(area);
    let start = list.cursor.offset.min(list.rows());
    let end = (start + height).min(list.rows());
    let mut matcher = app.local_filter.as_deref().map(LocalMatcher::new);
    let rows = (start..end)
        .filter_map(|row| Some((row, list.user_at(row)?)))
        .map(|(row, user)| {
            let selected = row == list.cursor.selected;
            let email = user.email().unwrap_or("");
            // A username can be an email address; it is hidden with the rest.
            let (username, email) = if app.mask_pii {
                let name = if user.username.contains('@') {
                    mask(&user.username)
                } else {
                    user.username.clone()
                };
                (name, mask(email))
            } else {
                (user.username.clone(), email.to_owned())
            };
            let mut cell = |text: &str, width: usize| {
                let shown = truncate(&safe(text), width).into_owned();
                match matcher.as_mut() {
                    Some(m) => {
                        Cell::from(highlighted(&shown, &m.highlights(&shown), t.highlight()))
                    }
                    None => Cell::from(shown),
                }
            };
            let chosen = list.chosen.contains(&user.username);
            let pointer = match (selected, chosen) {
                (true, true) => "▶●",
                (true, false) => "▶ ",
                (false, true) => " ●",
                (false, false) => "  ",
            };
            let outcome = match app.outcomes.get(&user.username) {
                Some(Outcome::Deleting(_)) => Span::styled("…", t.progress()),
                Some(Outcome::Deleted(_)) => Span::styled("✓", t.success()),
                Some(Outcome::Failed(_)) => Span::styled("✗", t.error()),
                Some(Outcome::Skipped(_)) => Span::styled("–", t.dim()),
                None => Span::raw(" "),
            };
            let enabled = if user.enabled {
                Span::raw("yes")
            } else {
                Span::styled("NO", t.disabled_user())
            };
            let row = Row::new(vec![
                Cell::from(pointer),
                cell(&username, name_width),
                cell(&email, email_width),
                Cell::from(truncate(&safe(&user.status), status_width).into_owned()),
                Cell::from(Line::from(enabled)),
                Cell::from(Line::from(outcome)),
            ]);
            if selected {
                row.style(t.selected(focused))
            } else {
                row
            }
        });
    let header = Row::new(vec!["", "Username", "Email", "Status", "On", ""]).style(t.title());
    let widths = [
        Constraint::Length(2),
        Constraint::Length(name_width as u16),
        Constraint::Length(email_width as u16),
        Constraint::Length(status_width as u16),
        Constraint::Length(3),
        Constraint::Length(1),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .block(block)
        .style(Style::new());
    frame.render_widget(table, area);
}
