//! The groups view (`M`, `:groups`): the pool's groups (`ListGroups`); Enter shows a group's users in
//! the list (`ListUsersInGroup`, paged in the background like `ListUsers`), Esc on the list
//! returns to the whole pool.

use super::{Action, App, Overlay, StatusKind};
use crate::directory::{DirectoryError, GroupInfo};
use crate::worker::{Command, RequestId};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupsView {
    /// The `ListAllGroups` in flight; an answer with another id is stale.
    pub loading: Option<RequestId>,
    pub groups: Vec<GroupInfo>,
    pub error: Option<String>,
    pub cursor: usize,
}

/// Opens the view and asks for the pool's groups.
pub fn open(app: &mut App) -> Vec<Command> {
    let id = app.next_request_id();
    app.overlay = Some(Overlay::Groups(GroupsView {
        loading: Some(id),
        ..GroupsView::default()
    }));
    vec![Command::ListAllGroups { id }]
}

/// The answer to [`open`]'s request; dropped when the view has closed or asked again.
pub fn on_groups(app: &mut App, id: RequestId, result: Result<Vec<GroupInfo>, DirectoryError>) {
    let Some(Overlay::Groups(view)) = &mut app.overlay else {
        tracing::debug!(?id, "dropping groups: the view is closed");
        return;
    };
    if view.loading != Some(id) {
        tracing::debug!(?id, "dropping stale groups");
        return;
    }
    view.loading = None;
    match result {
        Ok(mut groups) => {
            // Cognito lists groups by name; precedence first is how they apply.
            groups.sort_by(|a, b| {
                (a.precedence.unwrap_or(i32::MAX), &a.name)
                    .cmp(&(b.precedence.unwrap_or(i32::MAX), &b.name))
            });
            let current = app.group.as_deref();
            view.cursor = groups
                .iter()
                .position(|g| Some(g.name.as_str()) == current)
                .unwrap_or(0);
            view.groups = groups;
        }
        Err(e) => {
            tracing::warn!(detail = e.detail(), "ListGroups: {e}");
            view.error = Some(e.to_string());
        }
    }
}

/// A key while the view is open.
pub fn on_action(app: &mut App, action: Action) -> Vec<Command> {
    let Some(Overlay::Groups(view)) = &mut app.overlay else {
        return Vec::new();
    };
    let last = view.groups.len().saturating_sub(1);
    let page = app.viewport.list_rows.max(1);
    match action {
        Action::MoveDown => view.cursor = (view.cursor + 1).min(last),
        Action::MoveUp => view.cursor = view.cursor.saturating_sub(1),
        Action::PageDown => view.cursor = (view.cursor + page).min(last),
        Action::PageUp => view.cursor = view.cursor.saturating_sub(page),
        Action::Top => view.cursor = 0,
        Action::Bottom => view.cursor = last,
        Action::Refresh => return open(app),
        Action::Open | Action::FocusAttributes => {
            let Some(name) = view.groups.get(view.cursor).map(|g| g.name.clone()) else {
                return Vec::new();
            };
            return show_group(app, name);
        }
        // The key that opened the view closes it, as `?` does the help.
        Action::Cancel | Action::Groups => app.overlay = None,
        Action::Quit => super::update::request_quit(app),
        _ => {}
    }
    Vec::new()
}

/// Replaces the list with the users of `group`, loaded page by page.
pub(super) fn show_group(app: &mut App, group: String) -> Vec<Command> {
    app.overlay = None;
    leave_other_views(app);
    app.set_status(
        StatusKind::Progress,
        // "Reloading…" is cleared by the first page, as for `r`.
        format!(
            "Reloading: the users of group {group}… ({} returns to the pool's list)",
            app.key(Action::Cancel)
        ),
    );
    app.group = Some(group);
    app.reload()
}

/// A group's list replaces the search and the local filter.
fn leave_other_views(app: &mut App) {
    app.search = None;
    app.list.filter = None;
    app.local_filter = None;
    app.list.visible = None;
    app.list.filtering = None;
    app.list.local_cache.clear();
}

/// Esc on a group's list: back to the whole pool.
pub fn leave(app: &mut App) -> Vec<Command> {
    let Some(group) = app.group.take() else {
        return Vec::new();
    };
    app.set_status(
        StatusKind::Progress,
        format!("Reloading users: left group {group}…"),
    );
    app.reload()
}
