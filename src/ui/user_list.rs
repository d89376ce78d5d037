//! The user list: username, email, status, enabled, and the last deletion's outcome. Only the
//! visible rows are built, however many users are loaded.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Ui;
use super::text::{fit, mask, runs};
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

    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = columns(inner);
    let buf = frame.buffer_mut();
    // The column titles, then one line per visible user.
    let mut lines = (inner.y..inner.bottom()).map(|y| Rect {
        y,
        height: 1,
        ..inner
    });
    let Some(header) = lines.next() else {
        return;
    };
    buf.set_style(header, t.title());
    for (column, title) in columns.iter().zip(TITLES) {
        put(buf, column, header.y, title, Style::new());
    }
    let start = list.cursor.offset.min(list.rows());
    let mut matcher = app.local_filter.as_deref().map(LocalMatcher::new);
    for (line, row) in lines.zip(start..list.rows()) {
        draw_row(buf, line, &columns, row, app, ui, &mut matcher);
    }
}

const TITLES: [&str; 6] = ["", "Username", "Email", "Status", "On", ""];

/// The six columns in `inner`: pointer, username, email, status, enabled, outcome.
fn columns(inner: Rect) -> std::rc::Rc<[Rect]> {
    // Pointer, enabled and outcome columns, and the five gaps between the six columns.
    let fixed = 2 + 3 + 1 + 5;
    let flexible = (inner.width as usize).saturating_sub(fixed);
    let status_width = (flexible / 4).clamp(9, 21);
    let name_width = ((flexible - status_width.min(flexible)) * 2 / 5).max(8);
    let email_width = flexible.saturating_sub(status_width + name_width).max(8);
    Layout::horizontal([
        Constraint::Length(2),
        Constraint::Length(name_width as u16),
        Constraint::Length(email_width as u16),
        Constraint::Length(status_width as u16),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .spacing(1)
    .split(inner)
}

/// The user shown at `row` of the list, on `line`.
fn draw_row(
    buf: &mut Buffer,
    line: Rect,
    columns: &[Rect],
    row: usize,
    app: &App,
    ui: &Ui,
    matcher: &mut Option<LocalMatcher>,
) {
    let Some(user) = app.list.user_at(row) else {
        return;
    };
    let t = &ui.theme;
    let selected = row == app.list.cursor.selected;
    if selected {
        buf.set_style(line, t.selected(app.focus == Focus::Users));
    }
    let y = line.y;
    let pointer = match (selected, app.list.chosen.contains(&user.username)) {
        (true, true) => "▶●",
        (true, false) => "▶ ",
        (false, true) => " ●",
        (false, false) => "  ",
    };
    put(buf, &columns[0], y, pointer, Style::new());

    let email = user.email().unwrap_or("");
    // A username can be an email address; it is hidden with the rest.
    let (username, email): (Cow<str>, Cow<str>) = if app.mask_pii {
        (crate::pii::username(&user.username), mask(email).into())
    } else {
        (user.username.as_str().into(), email.into())
    };
    for (column, text) in [(&columns[1], username), (&columns[2], email)] {
        let shown = fit(text, column.width as usize);
        match matcher.as_mut() {
            // The characters the local filter matched, underlined, run by run.
            Some(m) => {
                let mut rest = *column;
                for (run, lit) in runs(&shown, m.highlights(&shown)) {
                    let style = if lit { t.highlight() } else { Style::new() };
                    let x = put(buf, &rest, y, run, style);
                    rest.width -= x - rest.x;
                    rest.x = x;
                }
            }
            None => {
                put(buf, column, y, &shown, Style::new());
            }
        }
    }
    let status = fit(user.status.as_str().into(), columns[3].width as usize);
    put(buf, &columns[3], y, &status, Style::new());
    let (enabled, style) = if user.enabled {
        ("yes", Style::new())
    } else {
        ("NO", t.disabled_user())
    };
    put(buf, &columns[4], y, enabled, style);
    let (outcome, style) = match app.outcomes.get(&user.username) {
        Some(Outcome::Deleting(_) | Outcome::Applying(_)) => ("…", t.progress()),
        Some(Outcome::Deleted(_) | Outcome::Applied(_)) => ("✓", t.success()),
        Some(Outcome::Failed(_)) => ("✗", t.error()),
        Some(Outcome::Skipped(_)) => ("–", t.dim()),
        None => (" ", Style::new()),
    };
    put(buf, &columns[5], y, outcome, style);
}

/// Writes `text` at the start of `column` on line `y`, cut at the column's end (and the
/// buffer's); returns the column after the last character written.
///
/// The list writes its cells straight into the buffer rather than through a `Table` of `Text`
/// cells: building a `Text` per cell (two allocations each) and laying out the `Table` took 40 %
/// of a frame with the local filter applied (docs/PERFORMANCE.md).
fn put(buf: &mut Buffer, column: &Rect, y: u16, text: &str, style: Style) -> u16 {
    let width = column.right().saturating_sub(column.x);
    if width == 0 {
        return column.x;
    }
    buf.set_stringn(column.x, y, text, width as usize, style).0
}
