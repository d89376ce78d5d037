//! Rendering: reads the app's state and draws it; changes nothing.

mod action_menu;
mod action_review;
mod attribute_pane;
mod bulk_review_dialog;
mod column_picker;
mod describe_view;
mod group_picker;
mod groups_view;
mod header;
mod help;
mod journal_view;
mod messages_view;
mod pool_picker;
mod review_box;
mod review_dialog;
mod sign_in_history;
mod status_line;
pub mod text;
pub mod theme;
mod user_list;
mod views_picker;
mod wrap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{Action, App, Focus, KeyHint, KeyName, MouseTarget, Overlay, Viewport};
use crate::keymap::Keymap;
pub use theme::Theme;

/// What rendering needs besides the state: how to style, and which keys to name.
pub struct Ui<'a> {
    pub theme: Theme,
    pub keymap: &'a Keymap,
}

impl Ui<'_> {
    /// The keys bound to `action` as a dialog names them: `y`, or `n/Esc`.
    pub fn keys(&self, action: crate::app::Action) -> String {
        self.keymap
            .keys_for(action)
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The key a sentence names for `action`: its first key in the keymap in force (Esc for
    /// Cancel), as the status line's hints name it.
    pub fn key(&self, action: crate::app::Action) -> String {
        key_name(KeyName::Bound(action), self).unwrap_or_else(|| "(unbound)".to_owned())
    }

    /// `j/k`: the first keys of two actions, as the hints name a pair.
    pub fn key_pair(&self, one: crate::app::Action, other: crate::app::Action) -> String {
        format!("{}/{}", self.key(one), self.key(other))
    }
}

struct Areas {
    header: Rect,
    users: Rect,
    attributes: Rect,
    status: Rect,
}

fn areas(area: Rect) -> Areas {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let [users, attributes] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    Areas {
        header,
        users,
        attributes,
        status,
    }
}

/// How many rows the scrolling panes have in a terminal of this size.
pub fn viewport(width: u16, height: u16) -> Viewport {
    let a = areas(Rect::new(0, 0, width, height));
    Viewport {
        list_rows: user_list::rows(a.users),
        attribute_rows: attribute_pane::rows(a.attributes),
    }
}

/// Where the status line is drawn: its row, and the row above too (the panes' bottom border)
/// for a long warning or error, unless an overlay is open: it may reach down to that row.
fn status_area(app: &App, status: Rect) -> Rect {
    match status_line::rows(app, status.width) {
        2 if status.y > 0 && app.overlay.is_none() => Rect {
            y: status.y - 1,
            height: 2,
            ..status
        },
        _ => status,
    }
}

/// What a mouse event at its place in a terminal of this size lands on: a row or a column's
/// title of the list, an attribute, a pane, the status line's message; the wheel scrolls the
/// pane under it.
pub fn mouse_target(
    app: &App,
    ui: &Ui,
    width: u16,
    height: u16,
    event: crossterm::event::MouseEvent,
) -> Option<MouseTarget> {
    use crossterm::event::{MouseButton, MouseEventKind};
    let a = areas(Rect::new(0, 0, width, height));
    let at = ratatui::layout::Position::new(event.column, event.row);
    let click = event.kind == MouseEventKind::Down(MouseButton::Left);
    // An overlay takes the mouse as it takes the keys: the wheel scrolls it wherever the
    // pointer is, a click picks one of its rows, and nothing reaches the screen beneath.
    if app.overlay.is_some() {
        return match event.kind {
            MouseEventKind::ScrollDown => Some(MouseTarget::OverlayWheel(3)),
            MouseEventKind::ScrollUp => Some(MouseTarget::OverlayWheel(-3)),
            _ if click && app.overlay_help.is_none() => {
                overlay_rows(app, Rect::new(0, 0, width, height), ui)?
                    .entry_at(at)
                    .map(MouseTarget::OverlayRow)
            }
            _ => None,
        };
    }
    // A warning or error on two rows covers the panes' bottom border: a click there is on it.
    if click && status_area(app, a.status).contains(at) {
        let message = app.input.is_none()
            && (app.messages.missed > 0
                || app
                    .status
                    .as_ref()
                    .is_some_and(|s| status_line::is_kept(s.kind)));
        return message.then_some(MouseTarget::Messages);
    }
    let (focus, area) = if a.users.contains(at) {
        (Focus::Users, a.users)
    } else if a.attributes.contains(at) {
        (Focus::Attributes, a.attributes)
    } else {
        return None;
    };
    match event.kind {
        MouseEventKind::ScrollDown => return Some(MouseTarget::Wheel(focus, 3)),
        MouseEventKind::ScrollUp => return Some(MouseTarget::Wheel(focus, -3)),
        MouseEventKind::Down(MouseButton::Left) => {}
        _ => return None,
    }
    // Inside the border: the list's first line is its titles; the pane's first lines are the
    // account facts.
    let inside = event.row > area.y && event.row + 1 < area.bottom();
    if !inside {
        return Some(MouseTarget::Pane(focus));
    }
    let line = usize::from(event.row - area.y - 1);
    Some(match focus {
        Focus::Users if line == 0 => match user_list::column_at(area, app, event.column) {
            Some(column) => MouseTarget::Header(column.clone()),
            None => MouseTarget::Pane(focus),
        },
        Focus::Users => MouseTarget::UserRow(app.list.cursor.offset + line - 1),
        Focus::Attributes => match line.checked_sub(usize::from(attribute_pane::INFO_LINES)) {
            Some(row) => MouseTarget::AttributeRow(app.detail.cursor.offset + row),
            None => MouseTarget::Pane(focus),
        },
    })
}

/// Which entry of a list overlay each of its rows on screen shows, as its renderer lays it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OverlayRows {
    /// The overlay's box.
    area: Rect,
    /// The screen row of `entries[0]`.
    top: u16,
    /// The overlay's first row on screen, as the overlay counts its rows (an entry of a list,
    /// a line of the action menu): where it stays while the selection is among them.
    first: usize,
    /// The entry shown on each row from `top` down, `None` on a row of no entry.
    entries: Vec<Option<usize>>,
}

impl OverlayRows {
    /// The rows of a plain list: `rows` rows from `top`, showing the entries from `offset` on,
    /// of `len` in all.
    fn list(area: Rect, top: u16, offset: usize, rows: usize, len: usize) -> Self {
        OverlayRows {
            area,
            top,
            first: offset,
            entries: (offset..offset + rows)
                .map(|i| (i < len).then_some(i))
                .collect(),
        }
    }

    /// The entry drawn at `at`, if `at` is on one (inside the box's borders).
    fn entry_at(&self, at: ratatui::layout::Position) -> Option<usize> {
        let inner = self.area.inner(ratatui::layout::Margin::new(1, 1));
        if !inner.contains(at) {
            return None;
        }
        let row = usize::from(at.y.checked_sub(self.top)?);
        self.entries.get(row).copied().flatten()
    }
}

/// The rows of the open list overlay in `screen`: the journal, the groups, a picker or the
/// action menu; `None` for one that is not a list, or a list showing no entry.
fn overlay_rows(app: &App, screen: Rect, ui: &Ui) -> Option<OverlayRows> {
    let top = app.overlay_top;
    match app.overlay.as_ref()? {
        Overlay::Journal(view) if view.confirm_batch.is_none() => {
            Some(journal_view::rows(screen, view, top, app.mask_pii, ui))
        }
        Overlay::Groups(view) => Some(groups_view::rows(screen, view, top)),
        Overlay::GroupPicker(picker) => group_picker::rows(screen, picker, top),
        Overlay::Columns(picker) => Some(column_picker::rows(screen, picker, top, ui)),
        Overlay::Views(picker) => Some(views_picker::rows(screen, app, picker, ui)),
        Overlay::PoolPicker(picker) => Some(pool_picker::rows(screen, app, picker)),
        Overlay::Actions(menu) => Some(action_menu::rows(screen, menu, top, app.mask_pii, ui)),
        _ => None,
    }
}

/// The first row the open list overlay shows in a terminal of this size, or `None` when no
/// list is open. The main loop tells `update` ([`crate::app::Msg::OverlayTop`]), so that the
/// rows stay where they are until the selection leaves them: a click on one never moves them.
pub fn overlay_top(app: &App, ui: &Ui, width: u16, height: u16) -> Option<usize> {
    overlay_rows(app, Rect::new(0, 0, width, height), ui).map(|rows| rows.first)
}

/// The first of a list overlay's `len` entries that its `rows` rows show: from `top` as last
/// drawn, moved only as far as showing the entry under `cursor` needs.
fn window_top(top: usize, cursor: usize, rows: usize, len: usize) -> usize {
    crate::app::window_top(top, cursor..cursor + 1, rows, len)
}

pub fn render(frame: &mut Frame, app: &App, ui: &Ui) {
    let a = areas(frame.area());
    header::render(frame, a.header, app, ui);
    user_list::render(frame, a.users, app, ui);
    attribute_pane::render(frame, a.attributes, app, ui);
    status_line::render(frame, status_area(app, a.status), app, ui);
    match &app.overlay {
        Some(Overlay::Review(_) | Overlay::BulkReview(_) | Overlay::ActionReview(_)) => {
            if let Some(review) = review(app, frame.area().width, ui) {
                review_box::draw(frame, review, app.review_scroll, ui);
            }
        }
        Some(Overlay::PoolPicker(picker)) => pool_picker::render(frame, app, picker, ui),
        Some(Overlay::Journal(view)) => {
            let demo = app.session.is_demo();
            journal_view::render(frame, view, app.overlay_top, app.mask_pii, demo, ui);
            if let Some(review) = review(app, frame.area().width, ui) {
                review_box::draw(frame, review, app.review_scroll, ui);
            }
        }
        Some(Overlay::Help { scroll }) => help::render(frame, *scroll, &app.session, ui),
        Some(Overlay::Messages { scroll }) => messages_view::render(frame, app, *scroll, ui),
        Some(Overlay::Actions(menu)) => {
            action_menu::render(frame, menu, app.overlay_top, app.mask_pii, ui)
        }
        Some(Overlay::GroupPicker(picker)) => {
            group_picker::render(frame, picker, app.overlay_top, ui)
        }
        Some(Overlay::SignInHistory(view)) => {
            sign_in_history::render(frame, view, app.mask_pii, ui)
        }
        Some(Overlay::Describe(view)) => describe_view::render(frame, app, view, ui),
        Some(Overlay::Groups(view)) => groups_view::render(frame, app, view, ui),
        Some(Overlay::Columns(picker)) => column_picker::render(frame, picker, app.overlay_top, ui),
        Some(Overlay::Views(picker)) => views_picker::render(frame, app, picker, ui),
        None => {}
    }
    if let (Some(overlay), Some(scroll)) = (&app.overlay, app.overlay_help) {
        help::render_overlay(frame, overlay, &app.session, scroll, ui);
    }
}

/// The open review dialog's content, if one is open, for a terminal `width` wide.
fn review<'a>(app: &App, width: u16, ui: &Ui) -> Option<review_box::ReviewBox<'a>> {
    Some(match &app.overlay {
        Some(Overlay::Review(plan)) => review_dialog::review(plan, app.mask_pii, width, ui),
        Some(Overlay::BulkReview(plan)) => bulk_review_dialog::review(plan, app.mask_pii, ui),
        Some(Overlay::ActionReview(plan)) => {
            action_review::review(plan, app.mask_pii, app.form.is_some(), ui)
        }
        Some(Overlay::Journal(view)) => {
            journal_view::batch_review(view.confirm_batch.as_ref()?, app.mask_pii, ui)
        }
        _ => return None,
    })
}

/// How far the open review dialog, help or overlay's help scrolls at most in a terminal of this
/// size (0 when it fits), or `None` when none is open. The main loop tells `update`, so that
/// j/k and G stop at the end.
pub fn scroll_max(app: &App, ui: &Ui, width: u16, height: u16) -> Option<usize> {
    if let (Some(overlay), Some(_)) = (&app.overlay, app.overlay_help) {
        return Some(help::overlay_max_scroll(
            overlay,
            &app.session,
            ui,
            width,
            height,
        ));
    }
    if let Some(Overlay::Help { .. }) = app.overlay {
        return Some(help::max_scroll(ui, &app.session, width, height));
    }
    review(app, width, ui).map(|r| review_box::max_scroll(&r, (width, height)))
}

/// Personal data of the users a message is likely to name (the one shown, those on screen, those
/// under review), for masking it out of messages: their personal attributes' values and their
/// usernames when these are emails or phones. Not the whole pool: this runs every frame.
fn personal_values(app: &App) -> Vec<&str> {
    let mut users: Vec<&crate::directory::User> = app.shown_user().into_iter().collect();
    let first = app.list.cursor.offset;
    users
        .extend((first..first + app.viewport.list_rows.max(1)).filter_map(|r| app.list.user_at(r)));
    let mut values = Vec::new();
    for user in users {
        if crate::pii::looks_personal(user.username()) {
            values.push(user.username());
        }
        values.extend(
            user.attributes()
                .iter()
                .filter(|a| crate::pii::is_personal(a.name))
                .map(|a| a.value),
        );
    }
    if let Some(Overlay::Review(plan)) = &app.overlay {
        values.extend(
            plan.attributes
                .iter()
                .filter(|a| crate::pii::is_personal(&a.name))
                .map(|a| a.value.as_str()),
        );
    }
    values
}

/// Rows that `lines` take when wrapped to `width` columns, plus two for a border.
fn boxed_height(lines: &[ratatui::text::Line], width: u16) -> u16 {
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

/// Rows `lines` take inside a box `width` wide, borders excluded, wrapped at words as
/// `Paragraph`'s `Wrap` does (closer than [`boxed_height`], which counts characters).
fn wrapped_rows(lines: &[ratatui::text::Line], width: u16) -> u16 {
    use unicode_width::UnicodeWidthStr;
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let mut rows = 0usize;
    for line in lines {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let (mut row, mut col) = (1usize, 0usize);
        for word in text.split_inclusive(' ') {
            let visible = word.trim_end_matches(' ').width();
            if col > 0 && col + visible > inner {
                row += 1;
                col = 0;
            }
            if visible > inner {
                row += (visible - 1) / inner;
                col = visible % inner;
            } else {
                col += word.width();
            }
        }
        rows += row;
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// A box's title: `full` where it fits in `inner` columns, else `short`, cut with `…` if even
/// that is too long, so that a title is never cut off without a sign.
fn fit_title(full: String, short: &str, inner: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let inner = usize::from(inner);
    if full.width() <= inner {
        return full;
    }
    format!(
        " {} ",
        text::truncate(short.trim(), inner.saturating_sub(2).max(1))
    )
}

/// A key's name in the keymap in force: the first key bound to its action (Esc for Cancel,
/// where `n` would read as "no"); `None` when its action is unbound.
fn key_name(key: KeyName, ui: &Ui) -> Option<String> {
    let first = |action: Action| ui.keymap.name(action);
    match key {
        KeyName::Bound(action) => first(action),
        KeyName::Pair(one, other) => Some(format!("{}/{}", first(one)?, first(other)?)),
        KeyName::Fixed(name) => Some(name.to_owned()),
        KeyName::Command(text) => Some(format!("{}{text}", first(Action::CommandLine)?)),
    }
}

/// A key and what it does, as the status line and an overlay's help write it: `u undo (then y)`.
fn hint_text(hint: &KeyHint, ui: &Ui) -> Option<String> {
    Some(format!(
        "{} {}",
        key_name(hint.key, ui)?,
        hint_does(hint, ui)
    ))
}

/// What a key does, with the key that follows it: `undo (then y)`.
fn hint_does(hint: &KeyHint, ui: &Ui) -> String {
    match hint
        .then
        .and_then(|then| key_name(KeyName::Bound(then), ui))
    {
        Some(then) => format!("{} (then {then})", hint.does),
        None => hint.does.to_owned(),
    }
}

/// Keys as a box that may hide the status line writes them inside itself: `a · b · c`.
fn keys_legend(hints: &[KeyHint], ui: &Ui) -> String {
    hints
        .iter()
        .filter_map(|hint| hint_text(hint, ui))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An overlay's box: every border in the focused style, `title` in the title style.
fn overlay_block<'a>(
    t: &Theme,
    title: impl Into<std::borrow::Cow<'a, str>>,
) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(t.border(true))
        .title(ratatui::text::Span::styled(title, t.title()))
}

/// A note for a box's bottom border when rows are out of sight: how many below, or above.
fn hidden_note(above: usize, below: usize) -> Option<String> {
    if below > 0 {
        Some(format!(" ↓ {below} more "))
    } else if above > 0 {
        Some(format!(" ↑ {above} above "))
    } else {
        None
    }
}

/// A rectangle of at most `width` x `height` in the middle of `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Formats epoch seconds as `2024-06-01 08:00:00 UTC`.
fn timestamp(secs: Option<i64>) -> String {
    use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};
    secs.and_then(|s| DateTime::from_secs(s).fmt(DateTimeFormat::DateTime).ok())
        .map(|t| format!("{} UTC", t.trim_end_matches('Z').replacen('T', " ", 1)))
        .unwrap_or_else(|| "—".to_owned())
}
