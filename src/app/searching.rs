//! Server searches and the local filter, as state transitions.

use super::{App, InputKind, InputLine, ServerSearch, StatusKind};
use crate::search::{self, build_filter, recognise};
use crate::worker::Command;

pub fn open_input(app: &mut App, kind: InputKind) {
    let text = match kind {
        InputKind::Search => app
            .search
            .as_ref()
            .map(|s| s.query.text.clone())
            .unwrap_or_default(),
        InputKind::LocalFilter => app.local_filter.clone().unwrap_or_default(),
        InputKind::ConfirmCount | InputKind::Command => String::new(),
    };
    app.input = Some(InputLine {
        kind,
        cursor: text.chars().count(),
        text,
    });
}

/// Starts a server search for `text`; empty text goes back to the whole pool.
pub fn start(app: &mut App, text: &str) -> Vec<Command> {
    if text.trim().is_empty() {
        return clear(app);
    }
    match recognise(text) {
        Ok(query) => {
            // A search makes a new list; a filter over the old one would hide its results.
            app.local_filter = None;
            app.list.visible = None;
            app.search = Some(ServerSearch { query, attempt: 0 });
            run_attempt(app)
        }
        Err(e) => {
            app.set_status(StatusKind::Warning, e.to_string());
            Vec::new()
        }
    }
}

/// Back to the whole pool.
pub fn clear(app: &mut App) -> Vec<Command> {
    let had_search = app.search.take().is_some();
    app.list.filter = None;
    if had_search {
        app.set_status(StatusKind::Progress, "Reloading users…");
        app.reload()
    } else {
        Vec::new()
    }
}

/// Sends the current attempt's filter, replacing the list with its results.
fn run_attempt(app: &mut App) -> Vec<Command> {
    let Some(search) = &app.search else {
        return Vec::new();
    };
    let Some(attempt) = search.query.attempts.get(search.attempt) else {
        return Vec::new();
    };
    match build_filter(attempt) {
        Ok(filter) => {
            app.set_status(
                StatusKind::Progress,
                format!("Searching: filter sent {}", filter.expression),
            );
            app.list.filter = Some(filter);
            app.list.replace_on_next_page = true;
            app.list.next_token = None;
            let mut commands = vec![app.request_page(None)];
            // The shown user stays until results arrive; marks do not carry over.
            commands.extend(app.load_detail());
            commands
        }
        Err(e) => {
            app.search = None;
            app.set_status(StatusKind::Warning, e.to_string());
            Vec::new()
        }
    }
}

/// Called when a searched list has all its pages: report, or try the next attempt.
pub fn on_search_complete(app: &mut App) -> Vec<Command> {
    let Some(search) = &app.search else {
        return Vec::new();
    };
    let sent = app
        .list
        .filter
        .as_ref()
        .map(|f| f.expression.clone())
        .unwrap_or_default();
    let found = app.list.users.len();
    if found > 0 {
        let noun = if found == 1 { "user" } else { "users" };
        app.set_status(
            StatusKind::Info,
            format!("Found {found} {noun} (filter sent: {sent}). Esc shows the whole pool again."),
        );
        return Vec::new();
    }
    if search.attempt + 1 < search.query.attempts.len() {
        if let Some(search) = &mut app.search {
            search.attempt += 1;
        }
        return run_attempt(app);
    }
    let tried: Vec<String> = search
        .query
        .attempts
        .iter()
        .filter_map(|a| build_filter(a).ok().map(|f| f.expression))
        .collect();
    let case_hint = if search
        .query
        .attempts
        .iter()
        .any(|a| matches!(a.attribute.as_str(), "username" | "status"))
    {
        " Cognito compares username and status case-sensitively: check the exact case."
    } else {
        ""
    };
    app.set_status(
        StatusKind::Warning,
        format!("Nobody matches {}.{case_hint}", tried.join(", then ")),
    );
    Vec::new()
}

/// Applies the local filter's text to the loaded users.
pub fn apply_local_filter(app: &mut App, text: &str) -> Vec<Command> {
    let keep = app.list.selected().map(|u| u.username.clone());
    if text.is_empty() {
        app.local_filter = None;
        app.list.visible = None;
    } else {
        app.local_filter = Some(text.to_owned());
        app.list.visible = Some(search::local::filter(&app.list.users, text));
    }
    let row = keep.and_then(|name| app.list.row_of(&name)).unwrap_or(0);
    let rows = app.list.rows();
    app.list.cursor.move_to(row, rows, app.viewport.list_rows);
    app.follow_selection()
}

/// Re-applies the local filter after the loaded users changed.
pub fn refresh_local_filter(app: &mut App) {
    if let Some(text) = app.local_filter.clone() {
        app.list.visible = Some(search::local::filter(&app.list.users, &text));
    }
}
