//! The user list: the chosen columns (username, email, status, enabled by default; any
//! attribute, created, modified, groups), the sort in the column's title, and the last deletion's
//! outcome. Only the visible rows are built, however many users are loaded; columns that do not
//! fit drop from the right.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Ui;
use super::text::{fit, is_personal, mask, runs};
use crate::app::sorting_key as current_key;
use crate::app::{Action, App, Focus, GroupsCell, Outcome};
use crate::browse::Column;
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
    } else if list.filtering.is_some() && list.previewed {
        // A filter pass's first screenful: more matches are to come.
        format!(" Users {}/{}… ", list.cursor.selected + 1, list.rows())
    } else {
        format!(" Users {}/{} ", list.cursor.selected + 1, list.rows())
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Span::styled(title, t.border(focused)));

    if list.rows() == 0 {
        let text = if let Some(notice) = app.waiting_for(list.loading) {
            // An empty list that only says "Loading users…" for 30 s looks frozen.
            notice
        } else if !list.loaded_once && list.loading.is_some() {
            "Loading users…"
        } else if app.local_filter.is_some() {
            "No loaded user matches the filter."
        } else if list.load_failed && list.loading.is_none() {
            &format!(
                "Loading failed ({} says why); {} tries again.",
                ui.key(Action::Messages),
                ui.key(Action::Refresh)
            )
        } else if list.filter.is_some() && list.loading.is_some() {
            "Searching…"
        } else if list.loading.is_some() {
            // A group's or the pool's first page (or an empty page before more) is on its way.
            "Loading users…"
        } else if list.filter.is_some() {
            &format!(
                "Nobody matches the search. {} shows the whole pool.",
                ui.key(Action::Cancel)
            )
        } else if app.group.is_some() && list.loaded_once {
            &format!(
                "This group has no users. {} returns to the pool's list.",
                ui.key(Action::Cancel)
            )
        } else if list.loaded_once {
            "This pool has no users."
        } else {
            "No users loaded."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(t.dim())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }

    let inner = block.inner(area);
    frame.render_widget(block, area);
    let cells = cells(inner, &app.columns, username_room(app, inner));
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
    let sort = current_key(list);
    for (column, rect) in &cells.columns {
        // A title too long for its column is cut with a sign; the sort's arrow stays.
        let width = rect.width as usize;
        let title = match sort {
            Some(key) if key.column == **column => {
                let pending = if list.sorting.is_some() { "…" } else { "" };
                let mark = format!(" {}{pending}", key.arrow());
                let room = width.saturating_sub(mark.chars().count());
                format!("{}{mark}", fit(column.title().into(), room))
            }
            _ => fit(column.title().into(), width).into_owned(),
        };
        put(buf, rect, header.y, &title, Style::new());
    }
    let start = list.cursor.offset.min(list.rows());
    let mut matcher = app.local_filter.as_deref().map(LocalMatcher::new);
    for (line, row) in lines.zip(start..list.rows()) {
        draw_row(buf, line, &cells, row, app, ui, &mut matcher);
    }
}

/// Where each part of a list line is: the pointer, each shown column, the outcome.
struct Cells<'a> {
    pointer: Rect,
    columns: Vec<(&'a Column, Rect)>,
    outcome: Rect,
}

/// The narrowest a column may get (a few characters and an ellipsis) before columns drop from
/// the right; the username's is `username` ([`username_room`]).
fn min_width(column: &Column, username: usize) -> usize {
    match column {
        Column::Username => username,
        Column::Enabled => 3,
        Column::Status => 6,
        Column::Created | Column::Modified => 10,
        _ => 5,
    }
}

/// A column of its own width (`None`: it shares what is left).
fn fixed_width(column: &Column) -> Option<usize> {
    match column {
        Column::Enabled => Some(3),
        Column::Created | Column::Modified => Some(16),
        _ => None,
    }
}

/// How much of what is left a flexible column takes, against the others.
fn weight(column: &Column) -> usize {
    match column {
        Column::Email => 3,
        _ => 2,
    }
}

/// The least room the username column keeps: the username names the row, so the columns on its
/// right drop before it is cut below a name one can read. As wide as the longest username on
/// screen, from 5 to 12 columns (`olivia.jones`): short names leave the rest to other columns.
fn username_room(app: &App, inner: Rect) -> usize {
    let start = app.list.cursor.offset;
    let rows = usize::from(inner.height.saturating_sub(1));
    (start..start + rows)
        .filter_map(|row| app.list.user_at(row))
        .map(|user| unicode_width::UnicodeWidthStr::width(user.username()))
        .max()
        .unwrap_or(0)
        .clamp(5, 12)
}

/// The cells of a line of `inner`: the pointer, as many of `columns` as fit (they drop from the
/// right), the outcome. The status column takes a quarter of the room (9 to 21), the flexible
/// ones share the rest by weight, the last of them taking what is left.
fn cells<'a>(inner: Rect, columns: &'a [Column], username: usize) -> Cells<'a> {
    let min_width = |column: &Column| min_width(column, username);
    let width = inner.width as usize;
    // The pointer, the outcome, and a gap after all but the last cell.
    let frame_of = |n: usize| 2 + 1 + (n + 1);
    let mut shown: &[Column] = columns;
    while shown.len() > 1
        && frame_of(shown.len()) + shown.iter().map(min_width).sum::<usize>() > width
    {
        shown = &shown[..shown.len() - 1];
    }
    let fixed: usize = shown.iter().filter_map(fixed_width).sum();
    let flexible = width.saturating_sub(frame_of(shown.len()) + fixed);
    let status = if shown.contains(&Column::Status) {
        (flexible / 4).clamp(9, 21)
    } else {
        0
    };
    let rest = flexible.saturating_sub(status.min(flexible));
    let sharing: Vec<&Column> = shown
        .iter()
        .filter(|c| fixed_width(c).is_none() && **c != Column::Status)
        .collect();
    let total_weight: usize = sharing.iter().map(|c| weight(c)).sum::<usize>().max(1);
    let mut left = rest;
    let widths: Vec<usize> = shown
        .iter()
        .map(|column| {
            if let Some(w) = fixed_width(column) {
                return w;
            }
            if *column == Column::Status {
                return status;
            }
            let last = sharing.last().is_some_and(|c| *c == column);
            let share = if last {
                left
            } else {
                (rest * weight(column) / total_weight)
                    .max(8)
                    .max(min_width(column))
            };
            left = left.saturating_sub(share);
            share.max(8)
        })
        .collect();
    let widths = within(
        widths,
        shown,
        width.saturating_sub(frame_of(shown.len())),
        username,
    );
    let constraints = std::iter::once(2)
        .chain(widths)
        .chain(std::iter::once(1))
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    let rects = Layout::horizontal(constraints).spacing(1).split(inner);
    Cells {
        pointer: rects[0],
        columns: shown
            .iter()
            .zip(rects[1..rects.len() - 1].iter().copied())
            .collect(),
        outcome: rects[rects.len() - 1],
    }
}

/// `widths` narrowed to add up to `room` at most: the dates lose their time first, then the
/// widest of the others gives a column at a time, none below its narrowest. Without this the
/// layout would squeeze the cells itself, cutting a date or a title where the pane ends.
fn within(mut widths: Vec<usize>, columns: &[Column], room: usize, username: usize) -> Vec<usize> {
    let min_width = |column: &Column| min_width(column, username);
    let mut over = widths.iter().sum::<usize>().saturating_sub(room);
    // A date loses its whole time or none of it: what it frees beyond the need goes to the
    // last column that shares the room.
    let mut spare = 0;
    for (w, column) in widths.iter_mut().zip(columns) {
        if over > 0 && matches!(column, Column::Created | Column::Modified) {
            let take = w.saturating_sub(min_width(column));
            *w -= take;
            spare += take.saturating_sub(over);
            over = over.saturating_sub(take);
        }
    }
    let sharing = columns
        .iter()
        .rposition(|c| fixed_width(c).is_none() && *c != Column::Status);
    if let Some(last) = sharing {
        widths[last] += spare;
    }
    while over > 0 {
        let widest = widths
            .iter_mut()
            .zip(columns)
            .filter(|(w, column)| **w > min_width(column))
            .max_by_key(|(w, _)| **w);
        let Some((w, _)) = widest else {
            break;
        };
        *w -= 1;
        over -= 1;
    }
    widths
}

/// The column whose title is at `x` on the header line of a list drawn in `area`.
pub fn column_at(area: Rect, app: &App, x: u16) -> Option<&Column> {
    let inner = Block::default().borders(Borders::ALL).inner(area);
    cells(inner, &app.columns, username_room(app, inner))
        .columns
        .into_iter()
        .find(|(_, r)| x >= r.x && x < r.right())
        .map(|(c, _)| c)
}

/// The user shown at `row` of the list, on `line`.
fn draw_row(
    buf: &mut Buffer,
    line: Rect,
    cells: &Cells,
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
    let pointer = match (selected, app.list.chosen.contains(user.username())) {
        (true, true) => "▶●",
        (true, false) => "▶ ",
        (false, true) => " ●",
        (false, false) => "  ",
    };
    put(buf, &cells.pointer, y, pointer, Style::new());

    for (column, rect) in &cells.columns {
        let text: Cow<str> = match column {
            // A username can be an email address; it is hidden with the rest.
            Column::Username if app.mask_pii => crate::pii::username(user.username()),
            Column::Username => user.username().into(),
            Column::Email => {
                let email = user.email().unwrap_or("");
                if app.mask_pii {
                    mask(email).into()
                } else {
                    email.into()
                }
            }
            Column::Attribute(name) => {
                let value = user.attribute(name).unwrap_or("");
                if app.mask_pii && is_personal(name) {
                    mask(value).into()
                } else {
                    value.into()
                }
            }
            Column::Status => {
                let status = fit(user.status().into(), rect.width as usize);
                put(buf, rect, y, &status, Style::new());
                continue;
            }
            Column::Enabled => {
                let (enabled, style) = if user.enabled() {
                    ("yes", Style::new())
                } else {
                    ("NO", t.disabled_user())
                };
                put(buf, rect, y, enabled, style);
                continue;
            }
            Column::Created | Column::Modified => {
                let secs = if **column == Column::Created {
                    user.created()
                } else {
                    user.last_modified()
                };
                // Narrow: the date alone rather than a time cut in the middle.
                let time = short_time(secs);
                let shown = match time.get(..10) {
                    Some(date) if rect.width < 16 => date,
                    _ => &time,
                };
                put(buf, rect, y, shown, Style::new());
                continue;
            }
            Column::Groups => {
                let (text, style) = match app.list.groups.get(user.username()) {
                    Some(GroupsCell::Known(names)) if names.is_empty() => ("—".into(), t.dim()),
                    Some(GroupsCell::Known(names)) => (names.join(",").into(), Style::new()),
                    Some(GroupsCell::Loading(_)) | None => ("…".into(), t.dim()),
                    Some(GroupsCell::Failed(_)) => ("?".into(), t.error()),
                };
                let shown = fit(text, rect.width as usize);
                put(buf, rect, y, &shown, style);
                continue;
            }
        };
        let shown = fit(text, rect.width as usize);
        match matcher.as_mut() {
            // The characters the local filter matched, underlined, run by run.
            Some(m) => {
                let mut rest = *rect;
                for (run, lit) in runs(&shown, m.highlights(&shown)) {
                    let style = if lit { t.highlight() } else { Style::new() };
                    let x = put(buf, &rest, y, run, style);
                    rest.width -= x - rest.x;
                    rest.x = x;
                }
            }
            None => {
                put(buf, rect, y, &shown, Style::new());
            }
        }
    }
    let (outcome, style) = match app.outcomes.get(user.username()) {
        Some(Outcome::Deleting(_) | Outcome::Applying(_)) => ("…", t.progress()),
        Some(Outcome::Deleted(_) | Outcome::Applied(_)) => ("✓", t.success()),
        Some(Outcome::Failed(_)) => ("✗", t.error()),
        Some(Outcome::Skipped(_)) => ("–", t.dim()),
        Some(Outcome::Unknown) => ("?", t.warning()),
        None => (" ", Style::new()),
    };
    put(buf, &cells.outcome, y, outcome, style);
}

/// `2024-06-01 08:00` (UTC) from epoch seconds, without allocating a formatter per cell.
fn short_time(secs: Option<i64>) -> String {
    let Some(secs) = secs else {
        return "—".to_owned();
    };
    let days = secs.div_euclid(86_400);
    let minutes = secs.rem_euclid(86_400) / 60;
    // Days to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minutes / 60,
        minutes % 60
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_short_of_room_loses_its_whole_time_and_the_rest_goes_to_the_last_shared_column() {
        let columns = [
            Column::Username,
            Column::Created,
            Column::Modified,
            Column::Attribute("sub".into()),
        ];
        let widths = within(vec![10, 16, 16, 10], &columns, 48, 5);
        assert_eq!(widths, [10, 10, 16, 12]);
        assert_eq!(
            within(vec![10, 16, 16, 10], &columns, 60, 5),
            [10, 16, 16, 10]
        );
    }

    #[test]
    fn columns_drop_from_the_right_before_the_username_is_cut_below_a_readable_name() {
        // A wide session's columns, shown in a narrow list.
        let columns = [
            Column::Username,
            Column::Email,
            Column::Status,
            Column::Enabled,
            Column::Created,
            Column::Modified,
            Column::Groups,
            Column::Attribute("custom:plan".into()),
            Column::Attribute("phone_number".into()),
        ];
        for width in [30, 40, 60, 78, 100] {
            let cells = cells(Rect::new(0, 0, width, 1), &columns, 12);
            let (first, rect) = cells.columns[0];
            assert_eq!(*first, Column::Username);
            assert!(rect.width >= 12, "{width}: {}", rect.width);
            assert!(
                cells
                    .columns
                    .iter()
                    .all(|(c, r)| usize::from(r.width) >= min_width(c, 12)),
                "{width}"
            );
            assert!(cells.outcome.right() <= width, "{width}");
        }
    }
}
