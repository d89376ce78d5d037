//! Saved views (`:view save NAME`, `:view NAME`, `:view`, `:view delete NAME`): the search, the
//! local filter, the group, the sort and the columns, named per pool. The app keeps the pool's views; saving hands the
//! whole set to the worker, which writes the file.

use std::path::PathBuf;

use super::{Action, App, Overlay, StatusKind, groups_view, searching, sorting};
use crate::browse::parse_columns;
use crate::saved_views::{SavedView, Views};
use crate::worker::{Command, RequestId};

/// The pool's saved views and where they are kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedViews {
    pub views: Views,
    /// The file; `None`: nowhere to save (no config dir).
    pub file: Option<PathBuf>,
    /// The save in flight, if any.
    pub saving: Option<RequestId>,
}

/// `:view` without a name: the pool's views, Enter recalls the one under the cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewPicker {
    pub cursor: usize,
}

/// The longest name a view takes.
const MAX_NAME: usize = 64;

/// Runs `:view …`.
pub fn run(app: &mut App, arg: Option<&str>) -> Vec<Command> {
    let arg = arg.unwrap_or("").trim();
    let (word, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
    let rest = rest.trim();
    match (word, rest) {
        ("", _) => {
            list(app);
            Vec::new()
        }
        ("save", name) => save(app, name),
        ("delete" | "rm", name) => delete(app, name),
        _ => recall(app, arg),
    }
}

/// The picker over the pool's views; without any, a sentence on how to save one.
fn list(app: &mut App) {
    if app.views.views.is_empty() {
        let text = format!(
            "No saved view for this pool: {}view save NAME keeps the current search, filter, \
             group, sort and columns.",
            app.key(super::Action::CommandLine)
        );
        app.set_status(StatusKind::Info, text);
        return;
    }
    app.overlay = Some(Overlay::Views(ViewPicker::default()));
}

/// A key while the picker is open.
pub fn on_action(app: &mut App, action: Action) -> Vec<Command> {
    let Some(Overlay::Views(picker)) = &mut app.overlay else {
        return Vec::new();
    };
    let last = app.views.views.len().saturating_sub(1);
    let page = app.viewport.list_rows.max(1);
    let at = picker.cursor.min(last);
    match action {
        Action::MoveDown => picker.cursor = (at + 1).min(last),
        Action::MoveUp => picker.cursor = at.saturating_sub(1),
        Action::PageDown => picker.cursor = (at + page).min(last),
        Action::PageUp => picker.cursor = at.saturating_sub(page),
        Action::Top => picker.cursor = 0,
        Action::Bottom => picker.cursor = last,
        Action::Open | Action::FocusAttributes => {
            let name = app.views.views.keys().nth(at).cloned();
            app.overlay = None;
            if let Some(name) = name {
                return recall(app, &name);
            }
        }
        Action::Cancel => app.overlay = None,
        Action::Quit => super::update::request_quit(app),
        _ => {}
    }
    Vec::new()
}

fn current(app: &App) -> SavedView {
    SavedView {
        search: app.search.as_ref().map(|s| s.query.text.clone()),
        filter: app.local_filter.clone(),
        group: app.group.clone(),
        sort: Some(sorting::key_text(sorting::current_key(&app.list))),
        columns: Some(app.columns.iter().map(|c| c.name().to_owned()).collect()),
    }
}

fn check_name(app: &mut App, name: &str) -> bool {
    let c = app.key(super::Action::CommandLine);
    let problem = if name.is_empty() {
        Some(format!("Name the view: {c}view save NAME."))
    } else if name.chars().count() > MAX_NAME {
        Some(format!("A view's name has at most {MAX_NAME} characters."))
    } else if matches!(name, "save" | "delete" | "rm") {
        Some(format!("{name} is a word of {c}view; choose another name."))
    } else {
        None
    };
    match problem {
        Some(text) => {
            app.set_status(StatusKind::Warning, text);
            false
        }
        None => true,
    }
}

fn save(app: &mut App, name: &str) -> Vec<Command> {
    if !check_name(app, name) {
        return Vec::new();
    }
    let view = current(app);
    let summary = view.summary();
    let replaced = app.views.views.insert(name.to_owned(), view).is_some();
    let verb = if replaced { "Replaced" } else { "Saved" };
    // The demo pool's views, or any without a config dir, are not written.
    let text = if app.views.file.is_some() {
        format!(
            "{verb} view {name} ({summary}); {}view {name} recalls it.",
            app.key(super::Action::CommandLine)
        )
    } else {
        format!("{verb} view {name} for this session only, not written to disk ({summary}).")
    };
    app.set_status(StatusKind::Info, text);
    write(app)
}

fn delete(app: &mut App, name: &str) -> Vec<Command> {
    if app.views.views.remove(name).is_none() {
        let text = format!(
            "No saved view is called {name}; {}view lists them.",
            app.key(super::Action::CommandLine)
        );
        app.set_status(StatusKind::Warning, text);
        return Vec::new();
    }
    app.set_status(StatusKind::Info, format!("Forgot view {name}."));
    write(app)
}

fn write(app: &mut App) -> Vec<Command> {
    let Some(path) = app.views.file.clone() else {
        return Vec::new();
    };
    let id = app.next_request_id();
    app.views.saving = Some(id);
    vec![Command::SaveViews {
        id,
        path,
        pool_id: app.session.pool_id.clone(),
        views: app.views.views.clone(),
    }]
}

/// The worker's answer to a save: only a failure is news.
pub fn on_saved(app: &mut App, id: RequestId, result: Result<(), String>) {
    if app.views.saving == Some(id) {
        app.views.saving = None;
    }
    if let Err(e) = result {
        tracing::warn!("{e}");
        app.set_status(StatusKind::Error, e);
    }
}

fn recall(app: &mut App, name: &str) -> Vec<Command> {
    let Some(view) = app.views.views.get(name).cloned() else {
        let known: Vec<&str> = app.views.views.keys().map(String::as_str).collect();
        let hint = if known.is_empty() {
            "none is saved for this pool".to_owned()
        } else {
            format!("saved: {}", known.join(", "))
        };
        app.set_status(
            StatusKind::Warning,
            format!("No saved view is called {name} ({hint})."),
        );
        return Vec::new();
    };
    let mut problems = Vec::new();
    // What the session does not offer (signed in as the user: no group, search, filter or
    // sort) is left out, as its keys are, rather than sent for an admin call to refuse.
    let mut view = view;
    for (part, action, what) in [
        (&mut view.group, Action::Groups, "group"),
        (&mut view.search, Action::Search, "search"),
        (&mut view.filter, Action::LocalFilter, "filter"),
        (&mut view.sort, Action::Sort, "sort"),
    ] {
        if part.is_some() && !action.offered_in(&app.session) {
            *part = None;
            problems.push(format!(
                "its {what} is left out (not offered in this session)"
            ));
        }
    }
    // The columns first: a sort may be by a column the view shows. Not saved as the pool's
    // columns: the view's shape lasts until changed.
    if let Some(names) = &view.columns {
        match parse_columns(&names.join(",")) {
            Ok(columns) => app.columns = columns,
            Err(e) => problems.push(format!("its columns are left as they are ({e})")),
        }
    }
    let mut commands = Vec::new();
    match (&view.group, &view.search) {
        (Some(group), _) => {
            if app.group.as_ref() != Some(group) || app.search.is_some() {
                commands.extend(groups_view::show_group(app, group.clone()));
            }
        }
        (None, Some(search)) => {
            let same =
                app.group.is_none() && app.search.as_ref().is_some_and(|s| &s.query.text == search);
            if !same {
                commands.extend(searching::start(app, search));
            }
        }
        (None, None) => {
            if app.group.is_some() {
                commands.extend(groups_view::leave(app));
            }
            commands.extend(searching::clear(app));
        }
    }
    commands.extend(searching::apply_local_filter(
        app,
        view.filter.as_deref().unwrap_or(""),
    ));
    // After the search: users it replaces are sorted again by the key set here.
    if let Some(text) = &view.sort {
        match sorting::parse_key(text) {
            Ok(key) if sorting::current_key(&app.list) != key.as_ref() => {
                commands.extend(sorting::set(app, key));
            }
            Ok(_) => {}
            Err(e) => problems.push(format!("its sort is left as it is ({e})")),
        }
    }
    let mut text = format!("View {name}: {}.", view.summary());
    if !problems.is_empty() {
        text = format!("{text} But {}.", problems.join("; "));
    }
    let kind = if problems.is_empty() {
        StatusKind::Info
    } else {
        StatusKind::Warning
    };
    app.set_status(kind, text);
    commands
}
