//! What the app asks of the worker: a [`Command`], with the [`RequestId`] its answer carries.

use crate::browse::{Column, SortJob};
use crate::change::{AccountAction, DeletePlan, Reviewed};
use crate::directory::ListUsersRequest;
use crate::search::local::FilterJob;

/// Identifies a request so its answer can be matched, or dropped when the app has moved on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Work for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    ListUsers {
        id: RequestId,
        request: ListUsersRequest,
    },
    GetUser {
        id: RequestId,
        username: String,
    },
    DescribePool {
        id: RequestId,
    },
    DeleteAttributes {
        id: RequestId,
        plan: DeletePlan,
    },
    /// The selected user's groups, for the pane: a newer one replaces a pending one.
    ListGroups {
        id: RequestId,
        username: String,
    },
    /// One row's groups, for the groups column: sent for every row on screen at once, so none
    /// replaces another. Answered with `Groups`, as `ListGroups`.
    RowGroups {
        id: RequestId,
        username: String,
    },
    /// Delete the same attributes from many users, journalled, within the quotas.
    BulkDelete {
        id: RequestId,
        usernames: Vec<String>,
        names: Vec<String>,
        /// What the review showed of the users: one replaced since is skipped.
        reviewed: Vec<Reviewed>,
    },
    /// Stop starting users of a bulk run; those in flight finish.
    StopBulk {
        id: RequestId,
    },
    ListPools {
        id: RequestId,
    },
    /// This pool's journal, newest first.
    ReadJournal {
        id: RequestId,
    },
    /// Undo journalled changes of any kind that has an undo (answered with `Undone`).
    Undo {
        id: RequestId,
        ids: Vec<String>,
    },
    /// Match the local filter against more users than a keystroke may take; local, no call.
    FilterUsers {
        id: RequestId,
        job: FilterJob,
    },
    /// Sort the loaded users, or merge new ones into their order; local, no call.
    SortUsers {
        id: RequestId,
        job: SortJob,
    },
    /// Save the list's columns for a pool in the config dir.
    SaveColumns {
        id: RequestId,
        pool_id: String,
        columns: Vec<Column>,
    },
    /// Carry out one account action on each user, journalled, within the action's quota.
    /// Answered with `BulkProgress` and `BulkFinished`, like `BulkDelete`.
    Apply {
        id: RequestId,
        usernames: Vec<String>,
        action: AccountAction,
        /// What the review showed of the users (and, for an edit, of the values it replaces):
        /// the worker changes nobody and nothing else.
        reviewed: Vec<Reviewed>,
    },
    /// One page of a group's users (`ListUsersInGroup`), answered with `UsersPage`.
    ListUsersInGroup {
        id: RequestId,
        group: String,
        token: Option<String>,
    },
    /// Every group of the pool (`ListGroups`).
    ListAllGroups {
        id: RequestId,
    },
    /// A user's sign-in history (`AdminListUserAuthEvents`).
    AuthEvents {
        id: RequestId,
        username: String,
    },
    /// Write the users shown to a file; local, no call. Answered with `ExportProgress` and
    /// `Exported`.
    ExportView {
        id: RequestId,
        export: Box<crate::export_view::ViewExport>,
    },
    /// Write this pool's saved views to their file; local, no call.
    SaveViews {
        id: RequestId,
        path: std::path::PathBuf,
        pool_id: String,
        views: crate::saved_views::Views,
    },
    /// For the terminal, not the worker: put text on the clipboard (OSC 52).
    Copy {
        text: String,
    },
    /// For the main loop, not the worker: save the recent pools (`recent::save`).
    SaveRecent {
        pools: Vec<crate::app::RecentPool>,
    },
}

impl Command {
    pub fn id(&self) -> RequestId {
        match self {
            Command::ListUsers { id, .. }
            | Command::GetUser { id, .. }
            | Command::DescribePool { id }
            | Command::DeleteAttributes { id, .. }
            | Command::ListGroups { id, .. }
            | Command::RowGroups { id, .. }
            | Command::BulkDelete { id, .. }
            | Command::StopBulk { id }
            | Command::ListPools { id }
            | Command::ReadJournal { id }
            | Command::Undo { id, .. }
            | Command::FilterUsers { id, .. }
            | Command::SortUsers { id, .. }
            | Command::SaveColumns { id, .. }
            | Command::Apply { id, .. }
            | Command::ListAllGroups { id }
            | Command::AuthEvents { id, .. }
            | Command::ExportView { id, .. }
            | Command::ListUsersInGroup { id, .. }
            | Command::SaveViews { id, .. } => *id,
            Command::Copy { .. } | Command::SaveRecent { .. } => RequestId(0),
        }
    }
}
