//! The list's columns as state transitions: the picker (`C`), `:columns a,b,c`, saving them per
//! pool, and the groups column's reads for the rows shown.

use std::collections::HashMap;

use super::{App, Overlay, StatusKind};
use crate::browse::{Column, parse_columns};
use crate::directory::DirectoryError;
use crate::worker::{Command, RequestId};

/// The column picker: every column it offers, whether shown, in the order they would show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnPicker {
    pub entries: Vec<(Column, bool)>,
    pub cursor: usize,
}

/// Keys while the column picker is open: moving, showing and reordering are fixed, as in the
/// input line (`keymap::column_key`); jumps and pages follow the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKey {
    Up,
    Down,
    /// Moves the entry under the cursor up (`K`, Shift-↑).
    MoveUp,
    /// Moves the entry under the cursor down (`J`, Shift-↓).
    MoveDown,
    /// The cursor to the first / last entry, or a page down / up: the keymap's `top`, `bottom`,
    /// `page_down`, `page_up` (`g` `G` `PgDn` `PgUp`), as in the other lists.
    First,
    Last,
    PageDown,
    PageUp,
    Toggle,
    Apply,
    Cancel,
}

/// A user's groups as the groups column knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupsCell {
    Loading(RequestId),
    Known(Vec<String>),
    Failed(String),
}

/// Users whose groups the list keeps (a few screens' worth are read at a time).
const GROUPS_KEPT: usize = 5_000;

/// `C`: the picker over the shown columns, the other fixed ones and the pool's attributes.
pub fn open_picker(app: &mut App) {
    let mut entries: Vec<(Column, bool)> = app.columns.iter().map(|c| (c.clone(), true)).collect();
    let attributes = app
        .pool
        .iter()
        .flat_map(|p| p.schema.iter())
        .map(|a| Column::Attribute(a.name.clone()))
        .filter(|c| c.name() != "email");
    for column in Column::FIXED.into_iter().chain(attributes) {
        if !entries.iter().any(|(c, _)| *c == column) {
            entries.push((column, false));
        }
    }
    app.overlay = Some(Overlay::Columns(ColumnPicker { entries, cursor: 0 }));
}

pub fn on_key(app: &mut App, key: ColumnKey) -> Vec<Command> {
    let Some(Overlay::Columns(picker)) = &mut app.overlay else {
        return Vec::new();
    };
    let last = picker.entries.len().saturating_sub(1);
    let at = picker.cursor.min(last);
    let page = app.viewport.list_rows.max(1);
    match key {
        ColumnKey::Up => picker.cursor = at.saturating_sub(1),
        ColumnKey::Down => picker.cursor = (at + 1).min(last),
        ColumnKey::First => picker.cursor = 0,
        ColumnKey::Last => picker.cursor = last,
        ColumnKey::PageDown => picker.cursor = (at + page).min(last),
        ColumnKey::PageUp => picker.cursor = at.saturating_sub(page),
        ColumnKey::MoveUp if at > 0 => {
            picker.entries.swap(at, at - 1);
            picker.cursor = at - 1;
        }
        ColumnKey::MoveDown if at < last => {
            picker.entries.swap(at, at + 1);
            picker.cursor = at + 1;
        }
        ColumnKey::MoveUp | ColumnKey::MoveDown => {}
        ColumnKey::Toggle => {
            if let Some(entry) = picker.entries.get_mut(at) {
                entry.1 = !entry.1;
            }
        }
        ColumnKey::Apply => {
            let columns: Vec<Column> = picker
                .entries
                .iter()
                .filter(|(_, on)| *on)
                .map(|(c, _)| c.clone())
                .collect();
            if columns.is_empty() {
                app.set_status(
                    StatusKind::Warning,
                    "Choose at least one column (space), then Enter.",
                );
                return Vec::new();
            }
            app.overlay = None;
            return set(app, columns);
        }
        ColumnKey::Cancel => {
            app.overlay = None;
            app.set_status(StatusKind::Info, "Columns unchanged.");
        }
    }
    Vec::new()
}

/// `:columns a,b,c` sets the columns; `:columns` alone opens the picker.
pub fn command(app: &mut App, arg: Option<&str>) -> Vec<Command> {
    let Some(arg) = arg else {
        open_picker(app);
        return Vec::new();
    };
    let parsed = parse_columns(arg).and_then(|columns| match unknown_attribute(app, &columns) {
        Some(e) => Err(e),
        None => Ok(columns),
    });
    match parsed {
        Ok(columns) => set(app, columns),
        Err(e) => {
            app.set_status(StatusKind::Warning, e);
            Vec::new()
        }
    }
}

/// Why one of `columns` names no attribute of the pool, once its schema is known: a misspelt
/// name would show an empty column (saved for the pool) or sort by nothing. `identities` and
/// `cognito:*` are Cognito's own and in no schema.
pub fn unknown_attribute(app: &App, columns: &[Column]) -> Option<String> {
    let pool = app.pool.as_ref().filter(|p| !p.schema.is_empty())?;
    columns.iter().find_map(|column| match column {
        Column::Attribute(name)
            if name != "identities"
                && !name.starts_with("cognito:")
                && pool.schema_attribute(name).is_none() =>
        {
            Some(format!(
                "This pool has no attribute {name:?}; :columns alone lists the columns to choose from."
            ))
        }
        _ => None,
    })
}

/// Shows `columns` and saves them for the pool.
pub fn set(app: &mut App, columns: Vec<Column>) -> Vec<Command> {
    let names: Vec<&str> = columns.iter().map(Column::name).collect();
    app.set_status(
        StatusKind::Info,
        format!("Columns: {} (saved for this pool).", names.join(", ")),
    );
    app.columns = columns.clone();
    let id = app.next_request_id();
    vec![Command::SaveColumns {
        id,
        pool_id: app.session.pool_id.clone(),
        columns,
    }]
}

/// With the groups column shown: `AdminListGroupsForUser` for each row on screen whose groups
/// are not known or asked yet. Never for rows off screen.
pub fn request_visible_groups(app: &mut App) -> Vec<Command> {
    if !app.columns.contains(&Column::Groups) {
        return Vec::new();
    }
    let first = app.list.cursor.offset;
    let last = (first + app.viewport.list_rows.max(1)).min(app.list.rows());
    let wanted: Vec<String> = (first..last)
        .filter_map(|row| app.list.user_at(row))
        .filter(|u| !app.list.groups.contains_key(u.username()))
        .map(|u| u.username().to_owned())
        .collect();
    if app.session.self_service {
        // The user's own token reads no groups (AdminListGroupsForUser), as the pane says.
        for username in wanted {
            let why = super::GROUPS_NOT_READABLE.to_owned();
            app.list.groups.insert(username, GroupsCell::Failed(why));
        }
        return Vec::new();
    }
    if app.list.groups.len() + wanted.len() > GROUPS_KEPT {
        app.list
            .groups
            .retain(|_, cell| matches!(cell, GroupsCell::Loading(_)));
    }
    wanted
        .into_iter()
        .map(|username| {
            let id = app.next_request_id();
            app.list
                .groups
                .insert(username.clone(), GroupsCell::Loading(id));
            Command::RowGroups { id, username }
        })
        .collect()
}

/// Users whose groups a change (or its undo) just changed: the column forgets what it read of
/// them, reads again those on screen now, and the others when they come into view. No reload.
pub fn reread_groups(app: &mut App, usernames: &[&str]) -> Vec<Command> {
    for name in usernames {
        app.list.groups.remove(*name);
    }
    request_visible_groups(app)
}

/// A user's groups arrived: kept for the column when the column asked, or when they are news.
pub fn on_groups(
    groups: &mut HashMap<String, GroupsCell>,
    id: RequestId,
    username: &str,
    result: &Result<Vec<String>, DirectoryError>,
) {
    let asked = matches!(groups.get(username), Some(GroupsCell::Loading(i)) if *i == id);
    if !asked && !groups.contains_key(username) {
        // The attribute pane's read: the column may as well show it.
        if let Ok(names) = result {
            groups.insert(username.to_owned(), GroupsCell::Known(names.clone()));
        }
        return;
    }
    if asked {
        let cell = match result {
            Ok(names) => GroupsCell::Known(names.clone()),
            Err(e) => GroupsCell::Failed(e.to_string()),
        };
        groups.insert(username.to_owned(), cell);
    }
}
