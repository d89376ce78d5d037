//! Sorting the list (`s`, `S`, `:sort`, a click on a column's title), as state transitions. A
//! sort of more users than the app's thread may take runs on the worker ([`SortJob`]) and its
//! answer is applied when it comes back, unless the list moved on. New pages merge into the
//! order; the selected user stays selected.

use std::sync::Arc;

use super::{App, StatusKind, UserList};
use crate::browse::sort::{self, FOREGROUND_USERS, SortDone, SortJob, SortKey};
use crate::browse::{Column, parse_columns};
use crate::worker::{Command, RequestId};

/// The order the list is sorted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorted {
    pub key: SortKey,
    /// The indexes of the first `covered` users, in order; later ones follow as loaded until
    /// they are merged in.
    pub order: Arc<Vec<u32>>,
    pub covered: usize,
}

/// The key the list is sorted by, or will be once the sort running lands.
pub fn current_key(list: &UserList) -> Option<&SortKey> {
    match &list.sorting {
        Some((_, key)) => Some(key),
        None => list.sort.as_ref().map(|s| &s.key),
    }
}

/// `s`: the next column shown sorts the list, after the last the list is as loaded again.
pub fn cycle(app: &mut App) -> Vec<Command> {
    let sortable: Vec<Column> = app
        .columns
        .iter()
        .filter(|c| c.sortable())
        .cloned()
        .collect();
    let next = match current_key(&app.list) {
        None => sortable.first().cloned(),
        Some(key) => match sortable.iter().position(|c| *c == key.column) {
            Some(i) => sortable.get(i + 1).cloned(),
            None => sortable.first().cloned(),
        },
    };
    set(app, next.map(SortKey::ascending))
}

/// `S`: the other direction (the first column, descending, when the list is not sorted).
pub fn reverse(app: &mut App) -> Vec<Command> {
    let key = match current_key(&app.list) {
        Some(key) => SortKey {
            descending: !key.descending,
            ..key.clone()
        },
        None => match app.columns.iter().find(|c| c.sortable()) {
            Some(column) => SortKey {
                column: column.clone(),
                descending: true,
            },
            None => return Vec::new(),
        },
    };
    set(app, Some(key))
}

/// A click on a column's title: sorts by it, or reverses it when it already sorts the list.
pub fn by_column(app: &mut App, column: Column) -> Vec<Command> {
    match current_key(&app.list) {
        Some(key) if key.column == column => reverse(app),
        _ => set(app, Some(SortKey::ascending(column))),
    }
}

/// `:sort COLUMN [asc|desc]`; `:sort` alone (or `:sort off`) goes back to the loaded order.
pub fn command(app: &mut App, arg: Option<&str>) -> Vec<Command> {
    let parsed = parse_key(arg.unwrap_or("")).and_then(|key| {
        let unknown = key
            .as_ref()
            .and_then(|k| super::columns::unknown_attribute(app, std::slice::from_ref(&k.column)));
        match unknown {
            Some(e) => Err(e),
            None => Ok(key),
        }
    });
    match parsed {
        Ok(key) => set(app, key),
        Err(e) => {
            app.set_status(StatusKind::Warning, e);
            Vec::new()
        }
    }
}

/// A sort as `:sort` takes it (`email desc`); `None` for the loaded order (empty, `off`, `none`).
pub fn parse_key(text: &str) -> Result<Option<SortKey>, String> {
    let mut words = text.split_whitespace();
    let column = match words.next() {
        None | Some("off" | "none") => return Ok(None),
        Some(column) => column,
    };
    let descending = match words.next() {
        None | Some("asc" | "ascending" | "up") => false,
        Some("desc" | "descending" | "down") => true,
        Some(other) => {
            return Err(format!(
                "{other:?} is not a direction; try :sort email desc"
            ));
        }
    };
    let mut columns = parse_columns(column)?;
    Ok(Some(SortKey {
        column: columns.remove(0),
        descending,
    }))
}

/// A sort as [`parse_key`] reads it back: `email desc`, `off` for the loaded order.
pub fn key_text(key: Option<&SortKey>) -> String {
    match key {
        None => "off".to_owned(),
        Some(key) if key.descending => format!("{} desc", key.column.name()),
        Some(key) => key.column.name().to_owned(),
    }
}

/// Sorts the list by `key` (`None`: as loaded), keeping the selected user selected.
pub fn set(app: &mut App, key: Option<SortKey>) -> Vec<Command> {
    let keep = app.list.selected_index();
    let Some(key) = key else {
        app.list.sorting = None;
        app.list.sort = None;
        app.set_status(StatusKind::Info, "The list is in the order loaded.");
        return show(app, keep);
    };
    if !key.column.sortable() {
        app.set_status(
            StatusKind::Warning,
            "The list cannot sort by groups: they are read only for the rows shown.",
        );
        return Vec::new();
    }
    let commands = start(app, key);
    if app.list.sorting.is_some() {
        app.set_status(
            StatusKind::Progress,
            format!("Sorting {} users in the background…", app.list.users.len()),
        );
        return commands;
    }
    clear_progress(app);
    note_hidden_column(app);
    show(app, keep)
}

/// A sort by a column not shown has no title to carry its arrow: the status line names it.
fn note_hidden_column(app: &mut App) {
    let Some(key) = current_key(&app.list) else {
        return;
    };
    if !app.columns.contains(&key.column) {
        let text = format!(
            "Sorted by {} {}, a column not shown (:columns shows it).",
            key.column.name(),
            key.arrow()
        );
        app.set_status(StatusKind::Info, text);
    }
}

/// Sorts now when the list is small, else hands the sort to the worker; moves no cursor.
fn start(app: &mut App, key: SortKey) -> Vec<Command> {
    let len = app.list.users.len();
    if len <= FOREGROUND_USERS {
        app.list.sorting = None;
        app.list.sort = Some(Sorted {
            order: Arc::new(sort::sort(&app.list.users, &key)),
            key,
            covered: len,
        });
        compose(&mut app.list);
        return Vec::new();
    }
    start_job(app, key, None)
}

fn start_job(app: &mut App, key: SortKey, base: Option<(Arc<Vec<u32>>, usize)>) -> Vec<Command> {
    let id = app.next_request_id();
    let job = SortJob::new(
        key.clone(),
        app.list.users.share(),
        base,
        app.list.generation,
    );
    app.list.sorting = Some((id, key));
    vec![Command::SortUsers { id, job }]
}

/// Users were added at the end of the list (a page): merged into the order, at once when the
/// list is small, else by the worker (one merge at a time; pages arriving meanwhile wait for
/// the next).
pub fn on_users_added(app: &mut App) -> Vec<Command> {
    if app.list.sorting.is_some() {
        return Vec::new();
    }
    let Some(sorted) = &app.list.sort else {
        return Vec::new();
    };
    let len = app.list.users.len();
    if sorted.covered >= len {
        return Vec::new();
    }
    let (key, order, covered) = (
        sorted.key.clone(),
        Arc::clone(&sorted.order),
        sorted.covered,
    );
    if len > FOREGROUND_USERS {
        return start_job(app, key, Some((order, covered)));
    }
    let keep = app.list.selected_index();
    let merged = sort::merge(&app.list.users, &key, &order, covered);
    app.list.sort = Some(Sorted {
        key,
        order: Arc::new(merged),
        covered: len,
    });
    compose(&mut app.list);
    let row = keep.and_then(|i| app.list.row_of_index(i)).unwrap_or(0);
    let rows = app.list.rows();
    app.list.cursor.move_to(row, rows, app.viewport.list_rows);
    Vec::new()
}

/// The user at `index` was read again and its values changed: it moves to its place in the
/// order (the selection stays on the user selected).
pub fn on_user_changed(app: &mut App, index: usize) {
    let Some(sorted) = &app.list.sort else {
        return;
    };
    let Some(order) = sort::reposition(&app.list.users, &sorted.key, &sorted.order, index) else {
        return;
    };
    let keep = app.list.selected_index();
    if let Some(sorted) = &mut app.list.sort {
        sorted.order = Arc::new(order);
    }
    compose(&mut app.list);
    let row = keep.and_then(|i| app.list.row_of_index(i)).unwrap_or(0);
    let rows = app.list.rows();
    app.list.cursor.move_to(row, rows, app.viewport.list_rows);
}

/// The users were replaced (a reload, a search): sorted again by the same key; moves no cursor.
pub fn on_users_replaced(app: &mut App) -> Vec<Command> {
    app.list.generation = app.list.generation.wrapping_add(1);
    let key = current_key(&app.list).cloned();
    app.list.sort = None;
    app.list.sorting = None;
    match key {
        Some(key) => start(app, key),
        None => Vec::new(),
    }
}

/// A background sort's answer: applied when it is the one awaited and the users are those it
/// sorted; a sort of users since replaced starts again on the new ones.
pub fn on_sorted(app: &mut App, id: RequestId, done: SortDone) -> Vec<Command> {
    match &app.list.sorting {
        Some((awaited, _)) if *awaited == id => {}
        _ => {
            tracing::debug!(?id, "dropping a stale sort");
            return Vec::new();
        }
    }
    let Some((_, key)) = app.list.sorting.take() else {
        return Vec::new();
    };
    if done.generation != app.list.generation || done.covered > app.list.users.len() {
        return start(app, key);
    }
    let keep = app.list.selected_index();
    app.list.sort = Some(Sorted {
        key: done.key,
        order: done.order,
        covered: done.covered,
    });
    if clear_progress(app) {
        note_hidden_column(app);
    }
    let mut commands = show(app, keep);
    commands.extend(on_users_added(app));
    commands
}

/// Clears the sort's progress from the status line; whether it was there.
fn clear_progress(app: &mut App) -> bool {
    let sorting = app
        .status
        .as_ref()
        .is_some_and(|s| s.kind == StatusKind::Progress && s.text.starts_with("Sorting"));
    if sorting {
        app.status = None;
    }
    sorting
}

/// Shows the rows after the order changed, with the user at `keep` (an index into the users)
/// still selected.
fn show(app: &mut App, keep: Option<usize>) -> Vec<Command> {
    compose(&mut app.list);
    super::searching::show_rows(app, keep)
}

/// The rows a local filter shows: its matches, in the sort's order when the list is sorted.
pub fn compose(list: &mut UserList) {
    list.visible = match (&list.matches, &list.sort) {
        (None, _) => None,
        (Some(matches), None) => Some(matches.clone()),
        (Some(matches), Some(sorted)) => {
            let mut matched = vec![false; list.users.len()];
            for &i in matches {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
            }
            let mut rows: Vec<usize> = sorted
                .order
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| matched.get(i).copied().unwrap_or(false))
                .collect();
            rows.extend(matches.iter().filter(|&&i| i >= sorted.covered));
            Some(rows)
        }
    };
}
