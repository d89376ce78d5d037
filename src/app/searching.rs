//! Server searches and the local filter, as state transitions.

use super::{App, InputKind, InputLine, ServerSearch, StatusKind};
use crate::search::local::{Answer, FilterDone, FilterJob, FilterPreview};
use crate::search::{build_filter, recognise};
use crate::worker::{Command, RequestId};

pub fn open_input(app: &mut App, kind: InputKind) {
    let text = match kind {
        InputKind::Search => app
            .search
            .as_ref()
            .map(|s| s.query.text.clone())
            .unwrap_or_default(),
        InputKind::LocalFilter => app.local_filter.clone().unwrap_or_default(),
        InputKind::ConfirmCount
        | InputKind::Command
        | InputKind::Form
        | InputKind::GroupFilter
        | InputKind::PoolFilter => String::new(),
    };
    app.input = Some(InputLine::new(kind, text));
}

/// Starts a server search for `text`; empty text goes back to the whole pool.
pub fn start(app: &mut App, text: &str) -> Vec<Command> {
    if text.trim().is_empty() {
        return clear(app);
    }
    match recognise(text) {
        Ok(query) => {
            // A search makes a new list; a filter over the old one would hide its results.
            // It searches the whole pool: a group's list is left.
            app.group = None;
            app.local_filter = None;
            app.list.matches = None;
            app.list.visible = None;
            app.list.filtering = None;
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
            app.choose_when_loaded = false;
            let mut commands = app.forget_rows_of_another_query();
            commands.push(app.request_page(None));
            // A user still shown (the same query asked again) is read again; marks do not
            // carry over.
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
            format!(
                "Found {found} {noun} (filter sent: {sent}). {} shows the whole pool again.",
                app.key(super::Action::Cancel)
            ),
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

/// Applies the local filter's text to the loaded users: at once when the earlier results or a
/// small list answer it, else by a background pass whose answer [`on_filtered`] takes. A key
/// typed while a pass runs stops that pass (asking the cache for a text tells the passes
/// started before to stop) and starts its own, so fast typing never queues passes. As in fzf,
/// the best match is selected; clearing the filter keeps the selected user, shown among all
/// the others.
pub fn apply_local_filter(app: &mut App, text: &str) -> Vec<Command> {
    if text.is_empty() {
        app.local_filter = None;
        app.list.filtering = None;
        // The earlier results hold up to 8 bytes a user each: not kept once the filter is off.
        app.list.local_cache.clear();
        let keep = app.list.selected_index();
        app.list.matches = None;
        app.list.visible = None;
        return show_rows(app, keep);
    }
    app.local_filter = Some(text.to_owned());
    match app.list.local_cache.answer(&app.list.users, text) {
        Answer::Ready(rows) => {
            app.list.filtering = None;
            set_rows(app, rows, Select::Best)
        }
        Answer::Background(job) => start_pass(app, job),
    }
}

/// Hands a pass to the worker; its answer goes to [`on_filtered`]. When the list shows its
/// matches best first (no sort), the pass shows a screenful of its best matches as soon as
/// they are known ([`on_filter_preview`]).
fn start_pass(app: &mut App, job: FilterJob) -> Vec<Command> {
    let id = app.next_request_id();
    app.list.filtering = Some(id);
    app.list.previewed = false;
    let job = if app.list.sort.is_none() {
        job.preview(app.viewport.list_rows.max(MIN_SCREENFUL))
    } else {
        job
    };
    vec![Command::FilterUsers { id, job }]
}

/// The rows a preview holds at least, whatever the screen's height (a test's, or before the
/// first frame, may be 0).
const MIN_SCREENFUL: usize = 20;

/// A background pass's first screenful: the best matches of the text, the first rows its
/// answer will have. Shown at once, with the best selected; the header says the filter is
/// still matching until [`on_filtered`] brings the rest, which keeps the row chosen meanwhile.
pub fn on_filter_preview(app: &mut App, id: RequestId, preview: FilterPreview) -> Vec<Command> {
    if app.list.filtering != Some(id) || app.list.sort.is_some() {
        return Vec::new();
    }
    let Some(text) = app.local_filter.as_deref() else {
        return Vec::new();
    };
    let Some(rows) = app
        .list
        .local_cache
        .preview_rows(&app.list.users, text, &preview)
    else {
        return Vec::new();
    };
    app.list.previewed = true;
    set_rows(app, rows, Select::Best)
}

/// A background pass's answer: shown when its text is still the filter's and the users have
/// not changed since it started; otherwise remembered (it may narrow the text typed since)
/// and the current text asked again.
pub fn on_filtered(app: &mut App, id: RequestId, done: FilterDone) -> Vec<Command> {
    if app.list.filtering != Some(id) {
        tracing::debug!(?id, "dropping a stale filter result");
        return Vec::new();
    }
    app.list.filtering = None;
    // After a first screenful, the row chosen on it stays chosen: it is among the rows.
    let select = if std::mem::take(&mut app.list.previewed) {
        Select::Same
    } else {
        Select::Best
    };
    let Some(text) = app.local_filter.clone() else {
        return Vec::new();
    };
    let current = done.text() == text;
    match app.list.local_cache.accept(&app.list.users, done) {
        Some(rows) if current => set_rows(app, rows, select),
        _ => apply_local_filter(app, &text),
    }
}

/// Which row is selected when the filter's rows change.
enum Select {
    /// The first: the text changed, and the best match is what is looked for.
    Best,
    /// The selected user's, when still shown: more users were matched, the text is the same.
    Same,
}

/// Shows `rows` (indexes into the users) as the list.
fn set_rows(app: &mut App, rows: Vec<usize>, select: Select) -> Vec<Command> {
    let keep = match select {
        Select::Best => None,
        Select::Same => app.list.selected_index(),
    };
    app.list.matches = Some(rows);
    super::sorting::compose(&mut app.list);
    show_rows(app, keep)
}

/// Selects the row of the user at `keep` (an index into the users) when it is shown, else the
/// first row.
pub(super) fn show_rows(app: &mut App, keep: Option<usize>) -> Vec<Command> {
    let row = keep
        .and_then(|index| app.list.row_of_index(index))
        .unwrap_or(0);
    let rows = app.list.rows();
    app.list.cursor.move_to(row, rows, app.viewport.list_rows);
    app.follow_selection()
}

/// Re-applies the local filter after the loaded users changed.
pub fn refresh_local_filter(app: &mut App) -> Vec<Command> {
    if app.list.filtering.is_some() {
        // The new users are matched when the pass in flight lands.
        return Vec::new();
    }
    let Some(text) = app.local_filter.clone() else {
        return Vec::new();
    };
    match app.list.local_cache.answer(&app.list.users, &text) {
        Answer::Ready(rows) => set_rows(app, rows, Select::Same),
        Answer::Background(job) => start_pass(app, job),
    }
}

/// `--search TEXT` / `--filter TEXT`: the list starts searched on the server, locally filtered,
/// or both (the filter then applies to the search's results as they arrive). Each is taken as
/// a paste into its box is: one line, trimmed (a value copied over several lines is one).
pub fn start_with(app: &mut App, search: Option<&str>, filter: Option<&str>) -> Vec<Command> {
    let mut commands = Vec::new();
    let one_line = |text: Option<&str>| text.map(super::paste::one_line).filter(|t| !t.is_empty());
    if let Some(text) = one_line(search) {
        app.search_history.push(&text);
        commands.extend(start(app, &text));
    }
    if let Some(text) = one_line(filter) {
        commands.extend(apply_local_filter(app, &text));
    }
    commands
}
