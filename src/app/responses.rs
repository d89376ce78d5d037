//! The worker's answers as state transitions: pages, users, groups, the pool, deletions and
//! bulk runs. Answers to reads the app has moved past are dropped; a mutation's answer never is.

use super::update::describe_names;
use super::{
    App, DeletePlan, Outcome, StatusKind, bulk_flow, columns, exporting, groups_view, journal_view,
    searching, sorting, switching, views,
};
use crate::directory::DirectoryError;
use crate::worker::{Command, Deleted, Response};

pub(super) fn on_response(app: &mut App, response: Response) -> Vec<Command> {
    if let Response::Waiting { id, wait } = response {
        on_waiting(app, id, &wait);
        return Vec::new();
    }
    if app
        .waiting
        .as_ref()
        .is_some_and(|(id, _)| *id == response.id())
    {
        // The answer came (or the read gave up): the notice of its wait is over.
        app.end_wait_notice();
    }
    match response {
        Response::UsersPage { id, result } => {
            if app.list.loading != Some(id) {
                tracing::debug!(?id, "dropping a stale page of users");
                return Vec::new();
            }
            app.list.loading = None;
            app.list.load_failed = result.is_err();
            let stopping = std::mem::take(&mut app.stopping_load);
            match result {
                Ok(page) => {
                    let commands = on_page(app, page);
                    // The page a stop waited for is in: the count now matches the header's.
                    if stopping && !app.load_all {
                        let text = super::update::stopped_loading_text(app);
                        app.set_status(StatusKind::Info, text);
                    }
                    commands
                }
                Err(e) => {
                    report(app, "Loading users failed", &e);
                    if app.list.replace_on_next_page && app.list.rows_query != app.list_query() {
                        forget_rows(app)
                    } else {
                        Vec::new()
                    }
                }
            }
        }
        Response::User {
            id,
            username,
            result,
        } => {
            if app.detail.loading != Some(id) {
                tracing::debug!(?id, %username, "dropping a stale user");
                return Vec::new();
            }
            app.detail.loading = None;
            match result {
                Ok(user) => {
                    app.detail.read_error = None;
                    on_user(app, user);
                }
                Err(e) => {
                    if app.detail.username.as_deref() == Some(username.as_str()) {
                        app.detail.read_error = Some(e.to_string());
                    }
                    report(app, &format!("Reading {username} failed"), &e);
                }
            }
            Vec::new()
        }
        Response::Groups {
            id,
            username,
            result,
        } => {
            columns::on_groups(&mut app.list.groups, id, &username, &result);
            if app.detail.groups_loading != Some(id) {
                tracing::debug!(?id, %username, "dropping stale groups");
                return Vec::new();
            }
            app.detail.groups_loading = None;
            app.detail.groups = Some(result.map_err(|e| {
                tracing::warn!(detail = e.detail(), "groups of {username}: {e}");
                e.to_string()
            }));
            Vec::new()
        }
        Response::FilterPreview { id, preview } => searching::on_filter_preview(app, id, preview),
        Response::Filtered { id, done } => searching::on_filtered(app, id, done),
        Response::Sorted { id, done } => sorting::on_sorted(app, id, done),
        Response::ColumnsSaved { result, .. } => {
            if let Err(e) = result {
                tracing::warn!("{e}");
                app.set_status(StatusKind::Warning, e);
            }
            Vec::new()
        }
        Response::Pools { id, result } => {
            switching::on_pools(app, id, result);
            Vec::new()
        }
        Response::Journal { id, result } => {
            journal_view::on_lines(app, id, result);
            Vec::new()
        }
        Response::Undone { id, result } => journal_view::on_undone(app, id, result),
        Response::BulkProgress { id, progress } => {
            bulk_flow::on_progress(app, id, progress);
            Vec::new()
        }
        Response::BulkFinished { id, result } => bulk_flow::on_finished(app, id, result),
        Response::BulkWaiting { id, retrying } => {
            bulk_flow::on_waiting(app, id, &retrying);
            Vec::new()
        }
        Response::Pool { id, result } => {
            if app.pool_request != Some(id) {
                return Vec::new();
            }
            app.pool_request = None;
            match result {
                Ok(pool) => {
                    app.pool = Some(pool);
                    app.pool_error = None;
                    return remember_pool(app);
                }
                Err(e) => {
                    app.pool_error = Some(e.to_string());
                    report(app, "Describing the pool failed", &e);
                }
            }
            Vec::new()
        }
        Response::AttributesDeleted { id, plan, result } => {
            // A mutation's answer is never stale: it says what happened on the server.
            app.deletions.remove(&id);
            on_deleted(app, plan, result)
        }
        Response::AllGroups { id, result } => {
            // The group picker and the groups view each ask; each drops an answer not its own.
            if matches!(app.overlay, Some(super::Overlay::Groups(_))) {
                groups_view::on_groups(app, id, result);
            } else {
                super::account_actions::on_all_groups(app, id, result);
            }
            Vec::new()
        }
        Response::AuthEvents { id, result, .. } => {
            super::account_actions::on_auth_events(app, id, result);
            Vec::new()
        }
        Response::ExportProgress { id, written, total } => {
            exporting::on_progress(app, id, written, total);
            Vec::new()
        }
        Response::ViewsSaved { id, result } => {
            views::on_saved(app, id, result);
            Vec::new()
        }
        Response::Exported { id, result } => {
            exporting::on_exported(app, id, result);
            Vec::new()
        }
        Response::Waiting { .. } => Vec::new(),
        Response::Superseded { id } => {
            // Only a load the app has already replaced is superseded: nothing waits for it.
            tracing::debug!(?id, "dropping a superseded detail load");
            Vec::new()
        }
        Response::Crashed { id, message } => {
            tracing::error!(?id, %message, "worker task crashed");
            if bulk_flow::on_crashed(app, id, &message) {
                return journal_view::refresh(app);
            }
            if app.undos.remove(&id) {
                app.set_status(
                    StatusKind::Error,
                    "The undo stopped unexpectedly; its outcome is not known — check the journal \
                     or the user.",
                );
                return journal_view::refresh(app);
            }
            if let Some(username) = app.deletions.remove(&id) {
                // Not a failure: the call may have reached Cognito. Marked as a bulk run's
                // users without an outcome are.
                app.outcomes.insert(username.clone(), Outcome::Unknown);
                app.set_status(
                    StatusKind::Error,
                    format!(
                        "The deletion for {username} stopped unexpectedly; its outcome is not \
                         known — check the journal ({}) or re-read the user ({}).",
                        app.key(super::Action::Journal),
                        app.key(super::Action::Refresh)
                    ),
                );
            } else {
                if app.list.loading == Some(id) {
                    app.list.loading = None;
                }
                if app.detail.loading == Some(id) {
                    app.detail.loading = None;
                }
                if app.pool_request == Some(id) {
                    app.pool_request = None;
                }
                if app.list.sorting.as_ref().is_some_and(|(i, _)| *i == id) {
                    app.list.sorting = None;
                }
                let text = format!(
                    "A background request stopped unexpectedly; see the log. Press {} to retry.",
                    app.key(super::Action::Refresh)
                );
                app.set_status(StatusKind::Error, text);
            }
            Vec::new()
        }
    }
}

/// A read the screen waits for (the list's page, the shown user, the pool) has had no answer
/// for a while or is being tried again: the status line says so, and the list while it is empty.
/// A notice for a read the app has moved past is dropped.
fn on_waiting(app: &mut App, id: crate::worker::RequestId, wait: &crate::retry::Wait) {
    if !app.awaited_reads().contains(&id) {
        return;
    }
    let notice = wait.sentence();
    tracing::info!("{notice}");
    let shown = app.set_wait_notice(notice.clone()).unwrap_or(notice);
    app.waiting = Some((id, shown));
}

/// Empties the list when the first page of another query is asked for, or failed: its users
/// (the whole pool, the search or group before) shown under the new query's name would pass for
/// its results, and `*` would choose them.
pub(super) fn forget_rows(app: &mut App) -> Vec<Command> {
    app.list.users = Vec::<crate::directory::User>::new().into();
    app.list.rows_query = app.list_query();
    app.list.local_cache.clear();
    app.list.filtering = None;
    app.list.groups.clear();
    let mut commands = sorting::on_users_replaced(app);
    app.list.cursor.move_to(0, 0, app.viewport.list_rows);
    commands.extend(app.follow_selection());
    commands
}

fn on_page(app: &mut App, page: crate::directory::UserPage) -> Vec<Command> {
    let mut users = page.users;
    let mut filtering = Vec::new();
    if let Some(filter) = &app.list.filter {
        // A value cut for safety was sent as a prefix: keep only the real matches.
        users.retain(|u| filter.accepts(u));
    }
    if app.list.replace_on_next_page {
        let keep = app.list.selected().map(|u| u.username().to_owned());
        // The same list read again (a reload, after a deletion): a selected user that is gone
        // leaves the cursor on the row it was on, the next user, not on the first.
        let same_query = app.list.rows_query == app.list_query();
        let was_row = app.list.cursor.selected;
        app.list.rows_query = app.list_query();
        app.list.users = users.into();
        app.list.local_cache.clear();
        app.list.filtering = None;
        app.list.groups.clear();
        app.list.replace_on_next_page = false;
        filtering.extend(sorting::on_users_replaced(app));
        filtering.extend(searching::refresh_local_filter(app));
        let rows = app.list.rows();
        let row = keep
            .and_then(|name| app.list.row_of(&name))
            .unwrap_or(if same_query {
                was_row.min(rows.saturating_sub(1))
            } else {
                0
            });
        app.list.cursor.move_to(row, rows, app.viewport.list_rows);
        if app
            .status
            .as_ref()
            .is_some_and(|s| s.kind == StatusKind::Progress && s.text.starts_with("Reloading"))
        {
            app.status = None;
        }
    } else {
        app.list.users.extend(users);
        filtering.extend(sorting::on_users_added(app));
        filtering.extend(searching::refresh_local_filter(app));
    }
    app.list.loaded_once = true;
    app.list.next_token = page.next_token;
    let mut commands = filtering;
    commands.extend(app.follow_selection());
    commands.extend(app.maybe_load_more());
    if app.list.next_token.is_none() && app.search.is_some() {
        commands.extend(searching::on_search_complete(app));
    }
    if app.load_all && app.list.next_token.is_none() {
        app.load_all = false;
        app.set_status(
            StatusKind::Info,
            format!("Loaded all {} users.", app.list.users.len()),
        );
        bulk_flow::on_all_loaded(app);
    }
    commands
}

fn on_user(app: &mut App, user: crate::directory::User) {
    if let Some(index) = app.list.index_of(user.username()) {
        if app.list.users[index].attributes() != user.attributes() {
            // The local filter matches attribute values: its earlier results may be wrong now.
            app.list.local_cache.clear();
        }
        let before = &app.list.users[index];
        let moved = before.attributes() != user.attributes()
            || before.status() != user.status()
            || before.enabled() != user.enabled()
            || before.last_modified() != user.last_modified();
        let mfa = before
            .mfa()
            .map(<[String]>::to_vec)
            .or(user.mfa().map(<[String]>::to_vec));
        app.list.users.set(
            index,
            crate::directory::User::from(crate::directory::UserParts {
                mfa,
                ..user.to_parts()
            }),
        );
        if moved {
            sorting::on_user_changed(app, index);
        }
    }
    app.detail
        .marks
        .retain(|name| user.attributes().iter().any(|a| a.name == name));
    let len = user.attributes().len();
    app.detail.user = Some(user);
    app.detail
        .cursor
        .scroll_into_view(len, app.viewport.attribute_rows);
}

fn on_deleted(
    app: &mut App,
    plan: DeletePlan,
    result: Result<Deleted, DirectoryError>,
) -> Vec<Command> {
    let mut names = plan.names();
    match result {
        Ok(deleted) => {
            // What changed since the review is still there, as the server has it.
            names.retain(|n| !deleted.changed.contains(n));
            let kind = if deleted.changed.is_empty() {
                StatusKind::Info
            } else {
                StatusKind::Warning
            };
            app.outcomes
                .insert(plan.username.clone(), Outcome::Deleted(names.clone()));
            app.set_status(kind, deleted_status(&plan, &deleted));
            if let Some(user) = app
                .list
                .index_of(&plan.username)
                .and_then(|index| app.list.users.get_mut(index))
            {
                user.retain_attributes(|a| !names.iter().any(|n| n == a.name));
                app.list.local_cache.clear();
            }
            if let Some(user) = app
                .detail
                .user
                .as_mut()
                .filter(|u| u.username() == plan.username)
            {
                user.retain_attributes(|a| !names.iter().any(|n| n == a.name));
            }
            if app.detail.username.as_deref() == Some(plan.username.as_str()) {
                // A value that changed since the review is unmarked too: deleting the new one
                // takes a mark and a review of its own.
                let planned = plan.names();
                app.detail.marks.retain(|m| !planned.contains(m));
                // Read the user back so the pane shows the server's state, not our guess.
                return app.load_detail().into_iter().collect();
            }
            Vec::new()
        }
        Err(e) => {
            app.outcomes
                .insert(plan.username.clone(), Outcome::Failed(e.to_string()));
            report(
                app,
                &format!(
                    "Deleting {} from {} failed",
                    describe_names(&names),
                    plan.username
                ),
                &e,
            );
            // Re-read the user so the pane shows what the server holds after the failure.
            if app.detail.username.as_deref() == Some(plan.username.as_str()) {
                return app.load_detail().into_iter().collect();
            }
            Vec::new()
        }
    }
}

/// What a deletion did, in one sentence: what went, what was already gone, and what was kept
/// because its value was no longer the one reviewed.
fn deleted_status(plan: &DeletePlan, deleted: &Deleted) -> String {
    let user = &plan.username;
    let gone = &deleted.already_gone;
    let changed = &deleted.changed;
    let removed: Vec<String> = plan
        .names()
        .into_iter()
        .filter(|n| !gone.contains(n) && !changed.contains(n))
        .collect();
    let done = match (removed.is_empty(), gone.is_empty()) {
        (false, true) => format!("Deleted {} from {user}.", describe_names(&removed)),
        (false, false) => format!(
            "Deleted {} from {user}; {} already gone.",
            describe_names(&removed),
            describe_names(gone)
        ),
        (true, false) => format!(
            "Nothing to delete: {} already gone from {user} (changed since it was read).",
            describe_names(gone)
        ),
        (true, true) => String::new(),
    };
    if deleted.replaced {
        return format!(
            "Not deleted: {user} was replaced since the review (another person under the same \
             username: another sub); the pane shows them now."
        );
    }
    if changed.is_empty() {
        return done;
    }
    let kept = format!(
        "Not deleted: {} of {user} changed since the review (the pane shows the value now; \
         mark it again to delete it).",
        describe_names(changed)
    );
    if done.is_empty() {
        kept
    } else {
        format!("{kept} {done}")
    }
}

/// Shows an error in the status line as one sentence; the detail goes to the log, and where the
/// sentence replaced the SDK's words (credentials), to the messages list too, for support.
fn report(app: &mut App, what: &str, error: &DirectoryError) {
    tracing::error!(detail = error.detail(), "{what}: {error}");
    app.set_status(StatusKind::Error, format!("{what}: {error}"));
    if let Some(detail) = error.support_detail() {
        app.messages.add_detail(detail);
    }
}

/// The pool, once Cognito has described it, at the front of the recent pools, saved: a pool
/// that does not exist never reaches the picker's list. A self-service session is tied to its
/// sign-in, not to a profile: reopened from an admin session's picker it would open the pool
/// with admin credentials under the label `me: USER`, so it is not remembered.
fn remember_pool(app: &mut App) -> Vec<Command> {
    if !std::mem::take(&mut app.remember_pool)
        || app.session.pool_id.is_empty()
        || app.session.self_service
    {
        return Vec::new();
    }
    let pool = switching::RecentPool {
        pool_id: app.session.pool_id.clone(),
        region: app.session.region.clone(),
        profile: app.session.profile.clone(),
    };
    app.recent = crate::recent::with(std::mem::take(&mut app.recent), pool);
    vec![Command::SaveRecent {
        pools: app.recent.clone(),
    }]
}
