//! The application state and the pure `update` function that changes it.
//!
//! `update` takes the state and one message (a user action or a worker response), changes the
//! state, and returns the commands for the worker. It does no IO, so tests drive it directly.

mod account_actions;
mod action;
mod bulk_flow;
mod columns;
mod cursor;
mod describe;
mod exporting;
mod groups_view;
mod history;
mod input;
mod journal_view;
pub mod key_hints;
mod messages;
mod mouse;
mod paste;
mod picker_filter;
mod responses;
mod searching;
mod sorting;
mod switching;
mod update;
mod views;

use std::collections::{BTreeSet, HashMap, HashSet};

pub use crate::change::DeletePlan;
pub use crate::schema_rules::mark_refusal;
pub use account_actions::{
    ActionMenu, ActionPlan, Choice, Form, GroupPicker, MenuEntry, SignInHistory,
    TYPED_ACTION_ABOVE, parse_attributes,
};
pub use action::Action;
pub use bulk_flow::BulkChange;
pub use columns::{ColumnKey, ColumnPicker, GroupsCell};
pub use cursor::{Cursor, window_top};
pub use describe::{DescribeTarget, DescribeView};
pub use exporting::ExportRun;
pub use groups_view::GroupsView;
pub use history::{History, Recall};
pub use input::InputEdit;
pub use journal_view::{BatchUndo, JournalLine, JournalView};
pub use key_hints::KeyNames;
pub use key_hints::{KeyHint, KeyName};
pub use messages::{Message, Messages};
pub use searching::start_with;
pub use sorting::{Sorted, current_key as sorting_key};
pub use switching::{PickerEntry, PoolPicker, RecentPool, Switch};
pub use update::{MouseTarget, Msg, update};
pub use views::{SavedViews, ViewPicker};

use crate::directory::{PageSize, PoolInfo, User, Users};
use crate::search::local::FilterCache;
use crate::search::{Query, ServerFilter};
use crate::worker::{Command, RequestId};

/// Where the session points, for the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub pool_id: String,
    /// The AWS region, or `demo`.
    pub region: String,
    /// The config or AWS profile in use, if any.
    pub profile: Option<String>,
    pub read_only: bool,
    /// A user signed in to manage their own attributes (`cognito-tui me`): the session's
    /// writer can set and delete that user's attributes and nothing else.
    pub self_service: bool,
}

impl Session {
    /// Whether this is the demo pool (`--demo`), which lives in memory.
    pub fn is_demo(&self) -> bool {
        self.region == "demo"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Users,
    Attributes,
}

/// A dialog drawn over the main screen; it takes the keys while open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Review(DeletePlan),
    BulkReview(BulkPlan),
    PoolPicker(PoolPicker),
    Journal(JournalView),
    /// The account actions on the selected or chosen users (`a`).
    Actions(ActionMenu),
    /// The review of one account action on one or more users.
    ActionReview(ActionPlan),
    GroupPicker(GroupPicker),
    SignInHistory(SignInHistory),
    /// A user or the pool as a JSON or YAML document.
    Describe(DescribeView),
    /// The pool's groups, to show one's users.
    Groups(GroupsView),
    /// The column picker (`C`).
    Columns(ColumnPicker),
    /// The saved views (`:view`).
    Views(ViewPicker),
    /// The warnings and errors of the session, newest first, from the `scroll`th (`m`).
    Messages {
        scroll: usize,
    },
    /// The help, scrolled down by `scroll` lines where the terminal is too short for it.
    Help {
        scroll: usize,
    },
}

/// The same attributes deleted from many users: the bulk review dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkPlan {
    pub usernames: Vec<String>,
    pub names: Vec<String>,
    /// Non-blocking remarks from the pool's schema.
    pub warnings: Vec<String>,
    /// What the loaded list says of the first [`BulkPlan::PREVIEW`] users.
    pub preview: Vec<PreviewUser>,
    /// How the chosen users stand, as listed.
    pub listed: ListedCounts,
    /// What the list showed of the chosen users it holds (each one's `sub`): the run skips a
    /// user replaced since.
    pub reviewed: Vec<crate::change::Reviewed>,
}

/// A user the bulk review names, with the marked attributes it holds as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewUser {
    pub username: String,
    /// `(name, value)` of each marked attribute it holds; `None` when the user is not in the
    /// loaded list any more (a search replaced it).
    pub held: Option<Vec<(String, String)>>,
}

/// The chosen users of a bulk plan as the loaded list shows them. The engine reads each user
/// again before deleting, so these are what the screen knew when the plan was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListedCounts {
    /// Users holding at least one of the marked attributes.
    pub holding: usize,
    /// Users holding none of them: they will be skipped.
    pub lacking: usize,
    /// Users no longer in the list (a search replaced it): nothing is known of them here.
    pub not_loaded: usize,
}

/// Above this many users, confirming a bulk deletion means typing the count.
pub const TYPED_CONFIRMATION_ABOVE: usize = 20;

impl BulkPlan {
    /// Users the review names one by one, with their values; the rest are counted.
    pub const PREVIEW: usize = 8;

    pub fn needs_typed_confirmation(&self) -> bool {
        self.usernames.len() > TYPED_CONFIRMATION_ABOVE
    }
}

/// A bulk run in progress: a deletion or an account action.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkRun {
    pub id: RequestId,
    pub change: BulkChange,
    pub total: usize,
    pub progress: Option<crate::bulk::Progress>,
    /// Esc was pressed: no new users start; those in flight finish.
    pub stopping: bool,
    /// The users of the run, in its order (each once).
    pub usernames: Vec<String>,
    /// The users whose outcome has come in so far.
    pub answered: HashSet<String>,
    /// Why calls of the run wait to be tried again ("Cognito is throttling; 12 calls waiting
    /// to retry…"), while some do: the gauge says it, since it moves no more meanwhile.
    pub retrying: Option<String>,
}

impl BulkRun {
    pub fn new(id: RequestId, change: BulkChange, usernames: &[String]) -> Self {
        let mut seen = HashSet::new();
        let usernames: Vec<String> = usernames
            .iter()
            .filter(|u| seen.insert(u.as_str()))
            .cloned()
            .collect();
        BulkRun {
            id,
            change,
            total: usernames.len(),
            progress: None,
            stopping: false,
            usernames,
            answered: HashSet::new(),
            retrying: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Progress,
    Warning,
    Error,
}

/// The one status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

impl Status {
    /// A status on one line: a server's message may hold newlines or control characters, and
    /// the status line shows it as a plain sentence.
    pub fn new(kind: StatusKind, text: impl Into<String>) -> Self {
        Status {
            kind,
            text: crate::text::one_line(&text.into()),
        }
    }
}

/// What happened to the last deletion for a user, shown beside the user in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Deleting(Vec<String>),
    Deleted(Vec<String>),
    /// An account action (its label) sent and not yet answered.
    Applying(String),
    Applied(String),
    Skipped(String),
    Failed(String),
    /// The run stopped unexpectedly before this user's outcome came in: it may or may not have
    /// been changed.
    Unknown,
}

/// Why a user's groups are not shown signed in as the user (the pane's, the groups column's).
pub(super) const GROUPS_NOT_READABLE: &str = "not readable when signed in as the user";

/// How many rows each scrolling pane shows, from the terminal size (see `ui::layout`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    pub list_rows: usize,
    pub attribute_rows: usize,
}

impl Default for Viewport {
    fn default() -> Self {
        Self {
            list_rows: 20,
            attribute_rows: 10,
        }
    }
}

/// The loaded users and how loading goes on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserList {
    pub users: Users,
    /// With a local filter: the indexes into `users` the list shows, the matches best first, or
    /// in the sort's order when the list is sorted. Without a filter the rows are the sort's
    /// order, or the users as loaded.
    pub visible: Option<Vec<usize>>,
    /// The local filter's matches, best first: `visible` is made of them and the sort.
    pub matches: Option<Vec<usize>>,
    /// The order applied, when the list is sorted (`s`, `S`, `:sort`).
    pub sort: Option<Sorted>,
    /// A sort or merge running on the worker, and the key it sorts by.
    pub sorting: Option<(RequestId, crate::browse::SortKey)>,
    /// Changes whenever the users are replaced: a sort of the users before is dropped.
    pub generation: u64,
    /// The groups column's knowledge, by username: read for the rows shown only.
    pub groups: HashMap<String, GroupsCell>,
    /// The local filter's earlier results over `users`; cleared whenever a loaded user changes.
    pub local_cache: FilterCache,
    /// The local filter's background pass in flight; its answer sets `visible`.
    pub filtering: Option<RequestId>,
    /// The pass in flight has shown its first screenful ([`searching::on_filter_preview`]).
    pub previewed: bool,
    /// The server-side filter every page of this list is asked with.
    pub filter: Option<ServerFilter>,
    /// Users chosen for a bulk deletion, by username.
    pub chosen: BTreeSet<String>,
    pub cursor: Cursor,
    /// Where the next page starts; `None` once the last page is in.
    pub next_token: Option<String>,
    /// The page request in flight; an answer with another id is stale.
    pub loading: Option<RequestId>,
    /// The next page starts a reload: it replaces the list instead of extending it.
    pub replace_on_next_page: bool,
    /// Whether the first page ever arrived.
    pub loaded_once: bool,
    /// The last page asked for failed: the list holds what came before it, so an empty one
    /// says nothing about the pool or the search.
    pub load_failed: bool,
    /// The query the loaded users were listed with (`App::list_query`; `None`: the whole
    /// pool). A search or group whose first page fails must not show another query's users
    /// under its name.
    pub rows_query: Option<String>,
}

impl UserList {
    /// How many rows the list shows: the matches of the local filter, or every user.
    pub fn rows(&self) -> usize {
        self.visible.as_ref().map_or(self.users.len(), Vec::len)
    }

    /// Where the user shown at `row` is in `users`.
    pub fn index_at(&self, row: usize) -> Option<usize> {
        if let Some(visible) = &self.visible {
            return visible.get(row).copied();
        }
        let index = match &self.sort {
            Some(sorted) => match sorted.order.get(row) {
                Some(&index) => index as usize,
                // Users loaded since the last merge follow, as loaded, until it lands.
                None => sorted.covered + (row - sorted.order.len()),
            },
            None => row,
        };
        (index < self.users.len()).then_some(index)
    }

    /// The user shown at `row`.
    pub fn user_at(&self, row: usize) -> Option<&User> {
        self.users.get(self.index_at(row)?)
    }

    pub fn selected(&self) -> Option<&User> {
        self.user_at(self.cursor.selected)
    }

    /// Where the selected user is in `users`.
    pub fn selected_index(&self) -> Option<usize> {
        self.index_at(self.cursor.selected)
    }

    /// The loaded user called `username`, looking at the selected row first: the user a
    /// response is about is almost always the one selected, and 100,000 users are 12 MB to walk.
    pub fn index_of(&self, username: &str) -> Option<usize> {
        self.selected_index()
            .filter(|&i| self.users.get(i).is_some_and(|u| u.username() == username))
            .or_else(|| self.users.position(|u| u.username() == username))
    }

    /// The row showing the user at `index` of `users`, if it is shown.
    pub fn row_of_index(&self, index: usize) -> Option<usize> {
        if let Some(visible) = &self.visible {
            return visible.iter().position(|&i| i == index);
        }
        if index >= self.users.len() {
            return None;
        }
        match &self.sort {
            Some(sorted) if index < sorted.covered => {
                sorted.order.iter().position(|&i| i as usize == index)
            }
            Some(sorted) => Some(sorted.order.len() + (index - sorted.covered)),
            None => Some(index),
        }
    }

    /// The row showing the user called `username`, if it is shown.
    pub fn row_of(&self, username: &str) -> Option<usize> {
        let index = self.users.position(|u| u.username() == username)?;
        self.row_of_index(index)
    }

    pub fn is_complete(&self) -> bool {
        self.loaded_once && self.next_token.is_none() && !self.replace_on_next_page
    }
}

/// Which text the input line edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A query for Cognito, run on Enter.
    Search,
    /// The instant local filter, applied on every keystroke.
    LocalFilter,
    /// The count of users, typed to confirm a large bulk deletion.
    ConfirmCount,
    /// A `:` command: `pool`, `profile`, `region`, `create`, `q`.
    Command,
    /// A step of the input an account action asks for ([`App::form`] says which).
    Form,
    /// The group picker's filter, applied as it changes.
    GroupFilter,
    /// The pool picker's filter, applied as it changes.
    PoolFilter,
}

/// The one-line text input; while open, keys are text, not actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputLine {
    pub kind: InputKind,
    pub text: String,
    /// The cursor, in characters.
    pub cursor: usize,
    /// Where Up and Down have taken the line in its history, if they have.
    pub recall: Option<Recall>,
}

/// A server search in progress or shown: the query and which of its attempts is running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSearch {
    pub query: Query,
    pub attempt: usize,
}

/// The attribute pane: which user it shows, the freshest copy of that user, and the marks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    pub username: Option<String>,
    /// The user as read by `AdminGetUser`; until it arrives, the list's copy is shown.
    pub user: Option<User>,
    pub loading: Option<RequestId>,
    /// Why the last `AdminGetUser` of this user failed ("User not found…"), until one succeeds:
    /// the list's copy shown meanwhile may be out of date.
    pub read_error: Option<String>,
    pub cursor: Cursor,
    /// Names of the attributes marked for deletion.
    pub marks: BTreeSet<String>,
    /// The user's groups: `None` while loading, then the names or why they are unknown.
    pub groups: Option<Result<Vec<String>, String>>,
    pub groups_loading: Option<RequestId>,
}

pub struct App {
    pub session: Session,
    /// The user list's columns, in order (saved per pool).
    pub columns: Vec<crate::browse::Column>,
    pub pool: Option<PoolInfo>,
    pool_request: Option<RequestId>,
    /// Why the pool could not be described, if it could not.
    pub pool_error: Option<String>,
    pub list: UserList,
    pub detail: Detail,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    /// The open overlay's help (`?` over it), drawn over it and scrolled by this many lines;
    /// it takes the keys until Esc returns to the overlay.
    pub overlay_help: Option<usize>,
    /// The first row the open list overlay showed when last drawn ([`Msg::OverlayTop`]): the
    /// renderer keeps its rows there while the selection stays among them
    /// ([`window_top`]); 0 when another overlay opens.
    pub overlay_top: usize,
    pub input: Option<InputLine>,
    /// Searches and `:` commands entered this session, for Up and Down in their lines.
    pub search_history: History,
    pub command_history: History,
    pub search: Option<ServerSearch>,
    /// The local filter's text while one applies.
    pub local_filter: Option<String>,
    pub status: Option<Status>,
    /// A read the screen waits for that has had no answer for a while or is being tried again,
    /// and the notice the status line was given for it (cleared when its answer comes).
    pub waiting: Option<(RequestId, String)>,
    /// The note, warning or error a wait's notice took the status line from: back when the
    /// notice ends, so the outcome it replaced is not lost ([`App::set_wait_notice`]).
    pub hidden_by_wait: Option<Status>,
    /// Every warning and error the status line was given (`m`).
    pub messages: Messages,
    /// The time a message is stamped with (fixed in tests).
    pub clock: fn() -> std::time::SystemTime,
    pub outcomes: HashMap<String, Outcome>,
    /// Emails, phones and names are hidden on screen (for screen sharing).
    pub mask_pii: bool,
    /// Loading every page of the pool, on request; Esc stops it.
    pub load_all: bool,
    /// `*` chose every shown user and `L` loads the rest: once every page is in, every shown
    /// user is chosen, so the review covers all the matches, not only the first pages.
    pub choose_when_loaded: bool,
    /// Esc stopped `L` while a page was on its way: that page still lands, so the count of
    /// users loaded is said once it has, not before.
    pub stopping_load: bool,
    pub bulk: Option<BulkRun>,
    /// A switch of pool, profile or region asked for; the main loop carries it out.
    pub switch: Option<Switch>,
    /// Whether this session may switch (self-service may not).
    pub can_switch: bool,
    /// Pools used before, for the picker.
    pub recent: Vec<RecentPool>,
    /// Whether this session's pool joins the recent pools once Cognito has described it (not
    /// the demo pool's).
    pub remember_pool: bool,
    /// The profiles `:profile` may name (the config file's and the AWS ones), sorted; `None`:
    /// not known, any name is tried.
    pub known_profiles: Option<Vec<String>>,
    /// The last bulk run's failed users and what they failed at, for a retry.
    pub retry_failed: Option<(Vec<String>, BulkChange)>,
    /// The step of an account action's input the input line is on.
    pub form: Option<Form>,
    /// Deletions sent and not yet answered, by request id.
    deletions: HashMap<RequestId, String>,
    pub viewport: Viewport,
    /// Users to load in the background before waiting for the cursor to near the end.
    pub preload: usize,
    next_id: u64,
    quit_requested: bool,
    pub should_quit: bool,
    /// The input burst being read (0: the loop does not report bursts, as in most tests).
    pub burst: u64,
    /// The burst the open review dialog was opened in: a confirm from that same burst is
    /// pasted or typed ahead, not an answer to a review the user has seen.
    pub dialog_burst: Option<u64>,
    /// Undo runs sent and not yet answered: `q` asks again while one runs, as for deletions.
    undos: HashSet<RequestId>,
    /// What the keys are called, for the status texts that name one.
    pub key_names: KeyNames,
    /// The bulk run that stopped unexpectedly: its outcomes still on their way are recorded.
    lost_run: Option<(RequestId, BulkChange)>,
    /// The group whose users the list shows (`:groups`, Enter); `None`: the whole pool.
    pub group: Option<String>,
    /// This pool's saved views (`:view`).
    pub views: SavedViews,
    /// The export of the shown users in progress.
    pub export: Option<ExportRun>,
    /// The format the describe view last showed, for the next one.
    pub describe_format: crate::describe::Format,
    /// Rows the open review dialog is scrolled down by, where the terminal is too short for it
    /// (the renderer stops at its last row); 0 when no review is open.
    pub review_scroll: usize,
    /// How far the open review or help scrolls at most at the terminal's size, once the main
    /// loop has drawn it.
    pub scroll_max: Option<usize>,
}

/// Users loaded at start before further pages wait for the cursor to come near the end.
pub const DEFAULT_PRELOAD: usize = 600;

impl App {
    /// An app with no pool yet: the pool picker is open and asks for the account's pools.
    pub fn choosing_pool(session: Session) -> (Self, Vec<Command>) {
        let (mut app, _) = App::new(session);
        app.pool_request = None;
        app.list.loading = None;
        app.list.replace_on_next_page = false;
        let commands = switching::open_picker(&mut app);
        (app, commands)
    }

    /// A new app and the commands that start it: describe the pool, load the first page.
    pub fn new(session: Session) -> (Self, Vec<Command>) {
        let mut app = App {
            session,
            columns: crate::browse::Column::DEFAULT.to_vec(),
            pool: None,
            pool_request: None,
            pool_error: None,
            list: UserList::default(),
            detail: Detail::default(),
            focus: Focus::Users,
            overlay: None,
            overlay_help: None,
            overlay_top: 0,
            input: None,
            search_history: History::default(),
            command_history: History::default(),
            search: None,
            local_filter: None,
            status: None,
            waiting: None,
            hidden_by_wait: None,
            messages: Messages::default(),
            clock: std::time::SystemTime::now,
            outcomes: HashMap::new(),
            mask_pii: false,
            load_all: false,
            choose_when_loaded: false,
            stopping_load: false,
            bulk: None,
            switch: None,
            can_switch: true,
            recent: Vec::new(),
            remember_pool: false,
            known_profiles: None,
            retry_failed: None,
            form: None,
            deletions: HashMap::new(),
            viewport: Viewport::default(),
            preload: DEFAULT_PRELOAD,
            next_id: 0,
            quit_requested: false,
            burst: 0,
            dialog_burst: None,
            undos: HashSet::new(),
            key_names: KeyNames::default(),
            lost_run: None,
            describe_format: crate::describe::Format::default(),
            export: None,
            group: None,
            views: SavedViews::default(),
            should_quit: false,
            review_scroll: 0,
            scroll_max: None,
        };
        let commands = app.reload();
        (app, commands)
    }

    fn next_request_id(&mut self) -> RequestId {
        self.next_id += 1;
        RequestId(self.next_id)
    }

    /// The user the attribute pane shows: the fresh copy when it is in, else the list's.
    pub fn shown_user(&self) -> Option<&User> {
        let name = self.detail.username.as_deref()?;
        match &self.detail.user {
            Some(user) if user.username() == name => Some(user),
            // The pane follows the selection: the selected row is almost always it, and looking
            // there first keeps a frame from walking every loaded user.
            _ => match self.list.selected() {
                Some(user) if user.username() == name => Some(user),
                _ => self.list.users.iter().find(|u| u.username() == name),
            },
        }
    }

    /// Whether a deletion for this user is in flight.
    pub fn is_deleting(&self, username: &str) -> bool {
        self.deletions.values().any(|u| u == username)
    }

    /// Whether keys are read as letters (the action menu) rather than through the keymap.
    pub fn takes_letters(&self) -> bool {
        self.input.is_none()
            && self.overlay_help.is_none()
            && matches!(self.overlay, Some(Overlay::Actions(_)))
    }

    /// The worker is gone, and with it the runs it had: the bulk run or undo going on ends as
    /// one whose task died. What the status line then says of it, if one went on.
    pub fn on_worker_died(&mut self, why: &str) -> Option<String> {
        if let Some(id) = self.bulk.as_ref().map(|r| r.id) {
            bulk_flow::on_crashed(self, id, why);
            return self.status.as_ref().map(|s| s.text.clone());
        }
        if self.undos.is_empty() {
            return None;
        }
        self.undos.clear();
        Some(
            "An undo was going on; its outcome is not known — check the journal or the user."
                .into(),
        )
    }

    /// The key bound to `action`, as a status text names it.
    pub fn key(&self, action: Action) -> String {
        self.key_names.get(action)
    }

    /// The reads the screen waits on: the list's page, the shown user and their groups, the
    /// pool, and the open overlay's (the pool picker, the groups view, the group picker, the
    /// sign-in history). A read held up or tried again says so while it is one of them.
    pub fn awaited_reads(&self) -> Vec<RequestId> {
        let overlay = match &self.overlay {
            Some(Overlay::PoolPicker(picker)) => picker.loading,
            Some(Overlay::Groups(view)) => view.loading,
            Some(Overlay::GroupPicker(picker)) => picker.loading,
            Some(Overlay::SignInHistory(view)) => view.loading,
            _ => None,
        };
        [
            self.list.loading,
            self.detail.loading,
            self.detail.groups_loading,
            self.pool_request,
            overlay,
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The notice of a wait for the read `id`, while there is one.
    pub fn waiting_for(&self, id: Option<RequestId>) -> Option<&str> {
        match &self.waiting {
            Some((waited, notice)) if id == Some(*waited) => Some(notice),
            _ => None,
        }
    }

    /// Undo runs sent and not yet answered.
    pub fn undos_running(&self) -> usize {
        self.undos.len()
    }

    pub fn deletions_in_flight(&self) -> usize {
        self.deletions.len() + usize::from(self.bulk.is_some())
    }

    /// Starts over: describe the pool and load the list from its first page.
    pub(super) fn reload(&mut self) -> Vec<Command> {
        let pool_id = self.next_request_id();
        self.pool_request = Some(pool_id);
        let mut commands = vec![Command::DescribePool { id: pool_id }];
        self.list.replace_on_next_page = true;
        self.list.next_token = None;
        self.choose_when_loaded = false;
        commands.extend(self.forget_rows_of_another_query());
        commands.push(self.request_page(None));
        commands.extend(self.load_detail());
        commands
    }

    /// Before the first page of a query other than the rows' (a search, a group, back to the
    /// pool): the rows go, rather than stand under the new query's name until its page comes.
    pub(super) fn forget_rows_of_another_query(&mut self) -> Vec<Command> {
        if self.list.rows_query == self.list_query() {
            return Vec::new();
        }
        responses::forget_rows(self)
    }

    /// [`reload`](Self::reload) after users were deleted (or removed from the group the list
    /// shows): the shown user, when it is one of them, is not read again (it would only answer
    /// "not found", or show a user the list no longer holds); the list's next page selects and
    /// reads another.
    pub(super) fn reload_after_deleting(&mut self, deleted: &[&str]) -> Vec<Command> {
        if self
            .detail
            .username
            .as_deref()
            .is_some_and(|shown| deleted.contains(&shown))
        {
            self.detail = Detail::default();
        }
        self.reload()
    }

    /// What the list is asked for: a group's users, a search's filter, or (`None`) the pool.
    pub(super) fn list_query(&self) -> Option<String> {
        match (&self.group, &self.list.filter) {
            (Some(group), _) => Some(format!("group {group}")),
            (None, Some(filter)) => Some(filter.expression.clone()),
            (None, None) => None,
        }
    }

    pub(super) fn request_page(&mut self, token: Option<String>) -> Command {
        let id = self.next_request_id();
        self.list.loading = Some(id);
        // Another page asked for: the one a stop waited for is no longer awaited.
        self.stopping_load = false;
        if let Some(group) = &self.group {
            return Command::ListUsersInGroup {
                id,
                group: group.clone(),
                token,
            };
        }
        Command::ListUsers {
            id,
            request: crate::directory::ListUsersRequest {
                filter: self.list.filter.as_ref().map(|f| f.expression.clone()),
                page_size: PageSize::MAX,
                token,
            },
        }
    }

    /// Asks for the next page when there is one, none is in flight, and the list is short of the
    /// preload or the cursor nears its end.
    fn maybe_load_more(&mut self) -> Option<Command> {
        let token = self.list.next_token.clone()?;
        if self.list.loading.is_some() {
            return None;
        }
        let len = self.list.users.len();
        let near_end =
            self.list.cursor.selected + 2 * self.viewport.list_rows.max(1) >= self.list.rows();
        (self.load_all || len < self.preload || near_end).then(|| self.request_page(Some(token)))
    }

    /// Points the attribute pane at the selected user and asks for a fresh copy of it.
    pub(super) fn follow_selection(&mut self) -> Vec<Command> {
        let selected = self.list.selected().map(|u| u.username().to_owned());
        if selected == self.detail.username {
            return Vec::new();
        }
        self.detail = Detail {
            username: selected,
            ..Detail::default()
        };
        let mut commands: Vec<Command> = self.load_detail().into_iter().collect();
        commands.extend(self.load_groups());
        commands
    }

    pub(super) fn load_groups(&mut self) -> Option<Command> {
        let username = self.detail.username.clone()?;
        if self.session.self_service {
            // The user's own token reads no groups (that takes AdminListGroupsForUser).
            self.detail.groups = Some(Err(GROUPS_NOT_READABLE.into()));
            return None;
        }
        let id = self.next_request_id();
        self.detail.groups = None;
        self.detail.groups_loading = Some(id);
        Some(Command::ListGroups { id, username })
    }

    pub(super) fn load_detail(&mut self) -> Option<Command> {
        let username = self.detail.username.clone()?;
        let id = self.next_request_id();
        self.detail.loading = Some(id);
        Some(Command::GetUser { id, username })
    }
}
