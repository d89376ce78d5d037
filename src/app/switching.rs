//! Moving to another pool, profile or region without restarting: the `:` command line and the
//! pool picker. The app only asks for the switch ([`App::switch`]); the main loop carries it out.

use super::{App, InputKind, InputLine, Overlay, StatusKind};
use crate::directory::{DirectoryError, PoolSummary};
use crate::worker::{Command, RequestId};

/// Where to go; resolved against the config file by `config::resolve_switch`.
pub use crate::config::Switch;

/// A pool used before, kept across sessions for the picker.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecentPool {
    pub pool_id: String,
    pub region: String,
    #[serde(default)]
    pub profile: Option<String>,
}

/// The pool picker: recent pools first, then the account's pools in this region.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolPicker {
    pub loading: Option<RequestId>,
    pub pools: Vec<PoolSummary>,
    pub error: Option<String>,
    /// The cursor, among the entries shown.
    pub cursor: usize,
    /// Typed (`f` or `/`) to narrow a long list: pools whose name or id holds it (a recent
    /// pool's id or profile), in any case.
    pub filter: String,
}

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerEntry<'a> {
    Recent(&'a RecentPool),
    Listed(&'a PoolSummary),
}

impl App {
    /// The picker's lines, in order, narrowed by its filter.
    pub fn picker_entries<'a>(&'a self, picker: &'a PoolPicker) -> Vec<PickerEntry<'a>> {
        let needle = picker.filter.trim().to_lowercase();
        let holds = |text: &str| text.to_lowercase().contains(&needle);
        self.recent
            .iter()
            .filter(|r| r.pool_id != self.session.pool_id)
            .filter(|r| {
                needle.is_empty() || holds(&r.pool_id) || r.profile.as_deref().is_some_and(holds)
            })
            .map(PickerEntry::Recent)
            .chain(
                picker
                    .pools
                    .iter()
                    .filter(|p| needle.is_empty() || holds(&p.name) || holds(&p.id))
                    .map(PickerEntry::Listed),
            )
            .collect()
    }
}

pub fn open_command_line(app: &mut App) {
    app.input = Some(InputLine::new(InputKind::Command, ""));
}

/// Opens the picker and asks for the account's pools; read again (`r`), it keeps its filter.
pub fn open_picker(app: &mut App) -> Vec<Command> {
    let id = app.next_request_id();
    let filter = match &app.overlay {
        Some(Overlay::PoolPicker(picker)) => picker.filter.clone(),
        _ => String::new(),
    };
    app.overlay = Some(Overlay::PoolPicker(PoolPicker {
        loading: Some(id),
        filter,
        ..PoolPicker::default()
    }));
    vec![Command::ListPools { id }]
}

/// Runs a `:` command.
pub fn run_command(app: &mut App, text: &str) -> Vec<Command> {
    let text = text.trim().trim_start_matches(':');
    let (verb, arg) = match text.split_once(char::is_whitespace) {
        Some((verb, arg)) => (verb, Some(arg.trim()).filter(|a| !a.is_empty())),
        None => (text, None),
    };
    // A command that does what a key does is offered where the key is (`Action::offered_in`).
    let as_key = match (verb, arg) {
        ("pool" | "pools", None) => Some(super::Action::Open),
        ("describe", Some("pool")) => Some(super::Action::DescribePool),
        ("groups", None) => Some(super::Action::Groups),
        ("sort", _) => Some(super::Action::Sort),
        _ => None,
    };
    if let Some(why) = as_key.and_then(|action| super::update::not_offered(app, action)) {
        app.set_status(StatusKind::Warning, why);
        return Vec::new();
    }
    match (verb, arg) {
        ("pool", None) | ("pools", None) => open_picker(app),
        ("pool", Some(pool)) => request(
            app,
            Switch {
                pool: Some(pool.to_owned()),
                ..Switch::default()
            },
        ),
        ("profile", Some(profile)) if !is_known_profile(app, profile) => {
            let known = app.known_profiles.as_deref().unwrap_or_default();
            let refusal = crate::config::no_such_profile(profile, known);
            app.set_status(StatusKind::Warning, refusal.to_string());
            Vec::new()
        }
        ("profile", Some(profile)) => request(
            app,
            Switch {
                profile: Some(profile.to_owned()),
                ..Switch::default()
            },
        ),
        ("region", Some(region)) => request(
            app,
            Switch {
                region: Some(region.to_owned()),
                ..Switch::default()
            },
        ),
        ("create", None) => {
            super::account_actions::open_create(app);
            Vec::new()
        }
        ("describe", None | Some("user")) => super::describe::open_user(app),
        ("describe", Some("pool")) => super::describe::open_pool(app),
        ("export", arg) => super::exporting::start(app, arg, false),
        ("export!", arg) => super::exporting::start(app, arg, true),
        ("groups", None) => super::groups_view::open(app),
        ("messages" | "msgs", None) => super::messages::open(app),
        ("view" | "views", arg) => super::views::run(app, arg),
        ("q" | "quit", None) => {
            app.should_quit = app.deletions_in_flight() == 0;
            if !app.should_quit {
                let text = format!(
                    "a change is still running; wait for it, or press {} to quit anyway",
                    app.key(super::Action::ForceQuit)
                );
                app.set_status(StatusKind::Warning, text);
            }
            Vec::new()
        }
        ("columns" | "cols", arg) => super::columns::command(app, arg),
        ("sort", arg) => super::sorting::command(app, arg),
        ("", None) => Vec::new(),
        _ => {
            let c = app.key(super::Action::CommandLine);
            app.set_status(
                StatusKind::Warning,
                format!(
                    "unknown command {c}{text}; try {c}pool NAME-OR-ID, {c}pool (picker), \
                     {c}profile NAME, {c}region REGION, {c}create, {c}columns A,B, \
                     {c}sort COLUMN [desc], {c}groups, {c}describe pool, \
                     {c}export csv|json PATH, {c}view [save|delete] NAME, {c}messages, {c}q"
                ),
            );
            Vec::new()
        }
    }
}

/// Whether `:profile NAME` names a profile of the config file or an AWS one (or the names are
/// not known, and the switch finds out).
fn is_known_profile(app: &App, name: &str) -> bool {
    app.known_profiles
        .as_ref()
        .is_none_or(|known| known.iter().any(|k| k == name))
}

fn request(app: &mut App, switch: Switch) -> Vec<Command> {
    if app.deletions_in_flight() > 0 {
        app.set_status(
            StatusKind::Warning,
            "a change is still running; switch when it has finished",
        );
        return Vec::new();
    }
    if !app.can_switch {
        app.set_status(
            StatusKind::Warning,
            "this session cannot switch pools (self-service is tied to its sign-in)",
        );
        return Vec::new();
    }
    app.set_status(StatusKind::Progress, "Switching…");
    app.switch = Some(switch);
    Vec::new()
}

/// Enter in the picker: open the chosen pool.
pub fn choose(app: &mut App) -> Vec<Command> {
    let Some(Overlay::PoolPicker(picker)) = app.overlay.clone() else {
        return Vec::new();
    };
    let switch = match app.picker_entries(&picker).get(picker.cursor) {
        Some(PickerEntry::Recent(recent)) => Switch {
            pool: Some(recent.pool_id.clone()),
            region: Some(recent.region.clone()),
            profile: recent.profile.clone(),
        },
        Some(PickerEntry::Listed(pool)) => Switch {
            pool: Some(pool.id.clone()),
            ..Switch::default()
        },
        None => return Vec::new(),
    };
    app.overlay = None;
    request(app, switch)
}

pub fn move_cursor(app: &mut App, delta: isize) {
    let Some(Overlay::PoolPicker(picker)) = app.overlay.clone() else {
        return;
    };
    let len = app.picker_entries(&picker).len();
    if let Some(Overlay::PoolPicker(picker)) = &mut app.overlay {
        picker.cursor = picker
            .cursor
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }
}

pub fn on_pools(app: &mut App, id: RequestId, result: Result<Vec<PoolSummary>, DirectoryError>) {
    let Some(Overlay::PoolPicker(picker)) = &mut app.overlay else {
        return;
    };
    if picker.loading != Some(id) {
        return;
    }
    picker.loading = None;
    match result {
        Ok(mut pools) => {
            pools.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            picker.pools = pools;
        }
        Err(e) => {
            tracing::warn!(detail = e.detail(), "ListUserPools failed: {e}");
            picker.error = Some(e.to_string());
        }
    }
}
