//! The mouse: what a click or a wheel turn does where it landed (`ui::mouse_target` finds
//! where, from the layout the screen is drawn with). A click selects and focuses, the wheel
//! scrolls, a column's title sorts; over an overlay the mouse acts on the overlay only, as its
//! keys would; while the input line is open it does what the line's arrows do. No click
//! confirms a change.

use super::Action;
use super::update::{move_by, on_action, review_open, review_scroll_max};
use super::{App, ColumnKey, Focus, InputKind, Overlay, columns, messages, sorting};
use crate::worker::Command;

/// Where a mouse event landed, as the screen's layout says (`ui::mouse_target`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MouseTarget {
    /// A click on a row of the user list.
    UserRow(usize),
    /// A click on a column's title in the list.
    Header(crate::browse::Column),
    /// A click on an attribute of the pane.
    AttributeRow(usize),
    /// A click elsewhere in a pane: focuses it.
    Pane(Focus),
    /// The wheel over a pane: rows to scroll (negative: up).
    Wheel(Focus, isize),
    /// A click on the status line's warning or error, or its count of those not shown: opens
    /// the messages, as `m` does.
    Messages,
    /// The wheel while an overlay is open, wherever the pointer is: rows to scroll it by, or
    /// to move its cursor by (negative: up).
    OverlayWheel(isize),
    /// A click on an entry of a list overlay (the journal, the groups, a picker, the action
    /// menu): the index of the entry, as its cursor counts.
    OverlayRow(usize),
}

/// A click selects and focuses, the wheel scrolls, a column's title sorts. Over a dialog the
/// mouse acts on the dialog only, as its keys would.
pub(super) fn on_mouse(app: &mut App, target: MouseTarget) -> Vec<Command> {
    if let Some(input) = &app.input {
        return while_typing(app, input.kind, target);
    }
    if app.overlay.is_some() {
        return on_overlay_mouse(app, target);
    }
    on_screen_mouse(app, target)
}

/// While the input line is open its keys are text, and the mouse does what the line's ↑/↓
/// do: in the list's filter it picks among the users that match (a click on one, the wheel
/// over the list), in the group picker's filter among the groups. Over a review waiting for a
/// typed confirmation, or any step of a form, the wheel scrolls the review and a click does
/// nothing. In the search and command lines, whose arrows walk their history, the mouse does
/// nothing. It never closes the line, nor opens, picks or confirms anything.
fn while_typing(app: &mut App, kind: InputKind, target: MouseTarget) -> Vec<Command> {
    match (kind, target) {
        (
            InputKind::LocalFilter,
            target @ (MouseTarget::UserRow(_) | MouseTarget::Wheel(Focus::Users, _)),
        ) => on_screen_mouse(app, target),
        (InputKind::GroupFilter | InputKind::PoolFilter, MouseTarget::OverlayWheel(delta)) => {
            overlay_steps(app, delta)
        }
        (InputKind::GroupFilter | InputKind::PoolFilter, MouseTarget::OverlayRow(row)) => {
            let Some(cursor) = overlay_cursor(app) else {
                return Vec::new();
            };
            overlay_steps(app, signed(row) - signed(cursor))
        }
        (InputKind::ConfirmCount | InputKind::Form, MouseTarget::OverlayWheel(delta))
            if review_open(app) =>
        {
            app.review_scroll = app
                .review_scroll
                .saturating_add_signed(delta)
                .min(review_scroll_max(app));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// The main screen's targets.
fn on_screen_mouse(app: &mut App, target: MouseTarget) -> Vec<Command> {
    match target {
        MouseTarget::UserRow(row) => {
            app.focus = Focus::Users;
            let rows = app.list.rows();
            if row >= rows {
                return Vec::new();
            }
            app.list.cursor.move_to(row, rows, app.viewport.list_rows);
            let mut commands = app.follow_selection();
            commands.extend(app.maybe_load_more());
            commands
        }
        MouseTarget::Header(column) => {
            app.focus = Focus::Users;
            sorting::by_column(app, column)
        }
        MouseTarget::AttributeRow(row) => {
            app.focus = Focus::Attributes;
            let len = app.shown_user().map_or(0, |u| u.attributes().len());
            if row < len {
                app.detail
                    .cursor
                    .move_to(row, len, app.viewport.attribute_rows);
            }
            Vec::new()
        }
        MouseTarget::Pane(focus) => {
            app.focus = focus;
            Vec::new()
        }
        MouseTarget::Wheel(focus, delta) => {
            app.focus = focus;
            move_by(app, delta)
        }
        MouseTarget::Messages => messages::open(app),
        MouseTarget::OverlayWheel(_) | MouseTarget::OverlayRow(_) => Vec::new(),
    }
}

/// The wheel scrolls the overlay, or moves its cursor, as its ↓/↑ keys do; a click on an entry
/// of a list selects it, and a click on the selected entry acts as Enter where Enter only opens,
/// recalls or picks (a change it leads to still has its review). The screen's own targets do
/// nothing beneath an overlay.
fn on_overlay_mouse(app: &mut App, target: MouseTarget) -> Vec<Command> {
    match target {
        MouseTarget::OverlayWheel(delta) => overlay_steps(app, delta),
        // Over an overlay's help the help has the mouse, and it is no list.
        MouseTarget::OverlayRow(_) if app.overlay_help.is_some() => Vec::new(),
        MouseTarget::OverlayRow(row) => {
            let Some(cursor) = overlay_cursor(app) else {
                return Vec::new();
            };
            if row != cursor {
                return overlay_steps(app, signed(row) - signed(cursor));
            }
            match app.overlay {
                Some(Overlay::Columns(_)) => columns::on_key(app, ColumnKey::Apply),
                Some(
                    Overlay::PoolPicker(_)
                    | Overlay::Actions(_)
                    | Overlay::GroupPicker(_)
                    | Overlay::Groups(_)
                    | Overlay::Views(_),
                ) => on_action(app, Action::Open),
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// `delta` presses of the open overlay's ↓ (↑ when negative).
fn overlay_steps(app: &mut App, delta: isize) -> Vec<Command> {
    let columns = matches!(app.overlay, Some(Overlay::Columns(_))) && app.overlay_help.is_none();
    let mut commands = Vec::new();
    for _ in 0..delta.unsigned_abs() {
        commands.extend(match (columns, delta > 0) {
            (true, true) => columns::on_key(app, ColumnKey::Down),
            (true, false) => columns::on_key(app, ColumnKey::Up),
            (false, true) => on_action(app, Action::MoveDown),
            (false, false) => on_action(app, Action::MoveUp),
        });
    }
    commands
}

/// The selected entry of the open list overlay, as its cursor counts.
fn overlay_cursor(app: &App) -> Option<usize> {
    Some(match app.overlay.as_ref()? {
        Overlay::Journal(view) => view.cursor,
        Overlay::Groups(view) => view.cursor,
        Overlay::GroupPicker(picker) => picker.cursor,
        Overlay::Columns(picker) => picker.cursor,
        Overlay::Views(picker) => picker.cursor.min(app.views.views.len().saturating_sub(1)),
        Overlay::PoolPicker(picker) => picker.cursor,
        Overlay::Actions(menu) => menu.cursor,
        _ => return None,
    })
}
