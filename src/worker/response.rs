//! What the worker answers: a [`Response`] per command, with the id of the command it answers.

use crate::browse::SortDone;
use crate::bulk::{BulkReport, Progress};
use crate::change::DeletePlan;
use crate::directory::{
    AuthEvent, DirectoryError, GroupInfo, PoolInfo, PoolSummary, User, UserPage,
};
use crate::journal::JournalLine;
use crate::search::local::{FilterDone, FilterPreview};

use super::RequestId;

/// The worker's answer to one command.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    UsersPage {
        id: RequestId,
        result: Result<UserPage, DirectoryError>,
    },
    User {
        id: RequestId,
        username: String,
        result: Result<User, DirectoryError>,
    },
    Pool {
        id: RequestId,
        result: Result<PoolInfo, DirectoryError>,
    },
    AttributesDeleted {
        id: RequestId,
        plan: DeletePlan,
        result: Result<Deleted, DirectoryError>,
    },
    Groups {
        id: RequestId,
        username: String,
        result: Result<Vec<String>, DirectoryError>,
    },
    Pools {
        id: RequestId,
        result: Result<Vec<PoolSummary>, DirectoryError>,
    },
    Journal {
        id: RequestId,
        result: Result<Vec<JournalLine>, String>,
    },
    Undone {
        id: RequestId,
        result: Result<BulkReport, String>,
    },
    /// How a bulk run is going; sent at its start and after each user.
    BulkProgress { id: RequestId, progress: Progress },
    /// A bulk run ended: every user's outcome, or why it could not start.
    BulkFinished {
        id: RequestId,
        result: Result<BulkReport, String>,
    },
    /// The pool's groups.
    AllGroups {
        id: RequestId,
        result: Result<Vec<GroupInfo>, DirectoryError>,
    },
    /// A user's sign-in history, newest first.
    AuthEvents {
        id: RequestId,
        username: String,
        result: Result<Vec<AuthEvent>, DirectoryError>,
    },
    /// How far an export of the view has come.
    ExportProgress {
        id: RequestId,
        written: usize,
        total: usize,
    },
    /// The saved views were written, or why not.
    ViewsSaved {
        id: RequestId,
        result: Result<(), String>,
    },
    /// An export of the view ended.
    Exported {
        id: RequestId,
        result: Result<crate::export_view::Exported, crate::export_view::ExportError>,
    },
    /// The local filter's background pass knows its first screenful of matches; its
    /// [`Response::Filtered`] is still to come.
    FilterPreview {
        id: RequestId,
        preview: FilterPreview,
    },
    /// The local filter's background pass is done.
    Filtered { id: RequestId, done: FilterDone },
    /// A background sort is done.
    Sorted { id: RequestId, done: SortDone },
    /// The columns were saved, or why not.
    ColumnsSaved {
        id: RequestId,
        result: Result<(), String>,
    },
    /// A read has had no answer for a while, or is being tried again: sent while the command's
    /// answer is still to come, so the screen can say why it waits.
    Waiting {
        id: RequestId,
        wait: crate::retry::Wait,
    },
    /// Calls of a run (a change over users, an undo) wait to be tried again, or no longer
    /// (`calls` 0): one notice for all its users, while its gauge shows no progress.
    BulkWaiting {
        id: RequestId,
        retrying: crate::retry::Retrying,
    },
    /// The task running a command died; the command's outcome is unknown.
    Crashed { id: RequestId, message: String },
    /// A detail load replaced by a newer one for another user before it finished: its read was
    /// not sent, or its answer not awaited. The app has moved on and drops it.
    Superseded { id: RequestId },
}

impl Response {
    /// The id of the command it answers.
    pub fn id(&self) -> RequestId {
        match self {
            Response::UsersPage { id, .. }
            | Response::User { id, .. }
            | Response::Pool { id, .. }
            | Response::AttributesDeleted { id, .. }
            | Response::Groups { id, .. }
            | Response::Pools { id, .. }
            | Response::Journal { id, .. }
            | Response::Undone { id, .. }
            | Response::BulkProgress { id, .. }
            | Response::BulkFinished { id, .. }
            | Response::AllGroups { id, .. }
            | Response::AuthEvents { id, .. }
            | Response::ExportProgress { id, .. }
            | Response::ViewsSaved { id, .. }
            | Response::Exported { id, .. }
            | Response::FilterPreview { id, .. }
            | Response::Filtered { id, .. }
            | Response::Sorted { id, .. }
            | Response::ColumnsSaved { id, .. }
            | Response::Waiting { id, .. }
            | Response::BulkWaiting { id, .. }
            | Response::Crashed { id, .. }
            | Response::Superseded { id } => *id,
        }
    }
}

/// How a deletion from one user went, when it did not fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deleted {
    /// Attributes of the plan the user no longer had when the deletion ran (deleted by someone
    /// else since the pane was read): nothing was done for them.
    pub already_gone: Vec<String>,
    /// Attributes whose value is no longer the one reviewed (changed, or the user replaced by
    /// another of the same name): not deleted, as nobody reviewed deleting the new value.
    pub changed: Vec<String>,
    /// The user of this name is not the one reviewed (another `sub`): nothing was deleted.
    pub replaced: bool,
}
