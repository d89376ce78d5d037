//! Account actions as state transitions, one path for all of them: the action menu (`a`) on the
//! selected user or the chosen ones, the little input an action needs (a group picked, a
//! password typed twice, a value edited, a new user's fields), then the one review of an
//! [`ActionPlan`], then `Command::Apply`, whose progress and outcome the bulk flow follows.

use super::{Action, App, Focus, InputKind, InputLine, Overlay, StatusKind, bulk_flow, update};
use crate::change::{AccountAction, Reviewed, Secret};
use crate::directory::{AuthEvent, DirectoryError, GroupInfo, PoolInfo, User};
use crate::worker::{Command, RequestId};

/// One action on one or more users, as the review shows it and `y` sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionPlan {
    pub usernames: Vec<String>,
    pub action: AccountAction,
    /// For one user's attributes set: each attribute's value as shown now (`None`: it has
    /// none), so the review reads "old → new".
    pub before: Vec<(String, Option<String>)>,
    /// What the review warns of before the confirm: a new username a loaded user has in
    /// another case.
    pub warnings: Vec<String>,
    /// Sent with the user's own token (`cognito-tui me`), not an admin call.
    pub self_service: bool,
    /// What the review showed of each user it knew (its `sub`; for an edit, the values it
    /// replaces), sent with the change: the worker refuses a user replaced since the review
    /// and keeps a value changed since.
    pub reviewed: Vec<Reviewed>,
}

/// Above this many users, the actions that ask for the count typed
/// ([`AccountAction::needs_typed_count`]) ask for it: every bulk one does.
pub const TYPED_ACTION_ABOVE: usize = 1;

impl ActionPlan {
    /// Users the review names one by one; the rest are counted.
    pub const PREVIEW: usize = 8;

    pub fn needs_typed_confirmation(&self) -> bool {
        self.action.needs_typed_count() && self.usernames.len() > TYPED_ACTION_ABOVE
    }

    /// What is typed to confirm: the number of users, as a bulk deletion of attributes and the
    /// CLI ask for it. A name would be no safer and can be hard to type: a federated user's
    /// (`Google_104839…`), a 36-character id, or one masking hides.
    pub fn confirm_word(&self) -> String {
        self.usernames.len().to_string()
    }

    /// Seconds the run takes at Cognito's default quota of the action's category.
    pub fn estimated_seconds(&self) -> f64 {
        let rate = crate::limiter::Quotas::default().get(self.action.operation().category());
        self.usernames.len() as f64 / f64::from(rate.max(1))
    }
}

/// What a menu line leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// An action that needs no more input: straight to the review.
    Ready(AccountAction),
    /// A password typed twice first.
    SetPassword {
        permanent: bool,
    },
    /// A group picked first.
    AddToGroup,
    RemoveFromGroup,
    /// The sign-in history view (a read).
    SignInHistory,
}

impl Choice {
    pub fn label(&self) -> &'static str {
        match self {
            Choice::Ready(action) => action.label(),
            Choice::SetPassword { permanent: true } => "set permanent password…",
            Choice::SetPassword { .. } => "set temporary password…",
            Choice::AddToGroup => "add to group…",
            Choice::RemoveFromGroup => "remove from group…",
            Choice::SignInHistory => "sign-in history",
        }
    }

    fn writes(&self) -> bool {
        !matches!(self, Choice::SignInHistory)
    }
}

/// One line of the action menu: its letter, what it does, and why it cannot now, if it cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub key: char,
    pub choice: Choice,
    pub unavailable: Option<String>,
}

/// The action menu over the selected user or the chosen users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionMenu {
    pub usernames: Vec<String>,
    pub entries: Vec<MenuEntry>,
    pub cursor: usize,
    pub read_only: bool,
}

/// The group picker of add to / remove from group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPicker {
    pub usernames: Vec<String>,
    pub add: bool,
    /// `None` while the pool's groups load.
    pub groups: Option<Result<Vec<GroupInfo>, String>>,
    pub loading: Option<RequestId>,
    /// The cursor, among the groups shown.
    pub cursor: usize,
    /// Typed (`f` or `/`) to narrow a long list: groups whose name or description holds it.
    pub filter: String,
}

impl GroupPicker {
    /// Removing users while the list shows a group's users: the cursor starts on that group,
    /// not on the first in the alphabet, so Enter reviews what the view suggests.
    fn start_on(&mut self, shown_group: Option<&str>) {
        if self.add {
            return;
        }
        if let Some(at) = shown_group.and_then(|g| self.shown().iter().position(|s| s.name == g)) {
            self.cursor = at;
        }
    }

    /// The groups listed, narrowed by the filter (case-insensitive).
    pub fn shown(&self) -> Vec<&GroupInfo> {
        let Some(Ok(groups)) = &self.groups else {
            return Vec::new();
        };
        let needle = self.filter.trim().to_lowercase();
        groups
            .iter()
            .filter(|g| {
                needle.is_empty()
                    || g.name.to_lowercase().contains(&needle)
                    || g.description
                        .as_deref()
                        .is_some_and(|d| d.to_lowercase().contains(&needle))
            })
            .collect()
    }
}

/// The sign-in history of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInHistory {
    pub username: String,
    pub loading: Option<RequestId>,
    pub events: Option<Result<Vec<AuthEvent>, String>>,
    pub scroll: usize,
}

/// The input an action asks for, step by step on the input line. A password typed is moved out
/// of the line into a [`Secret`] as soon as Enter is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    Password {
        usernames: Vec<String>,
        permanent: bool,
        first: Option<Secret>,
    },
    AttributeValue {
        username: String,
        name: String,
    },
    NewUsername,
    NewAttributes {
        username: String,
    },
    NewInvitation {
        username: String,
        attributes: Vec<(String, String)>,
    },
    NewPassword {
        username: String,
        attributes: Vec<(String, String)>,
        send_invitation: bool,
        first: Option<Secret>,
    },
    /// A destructive action on several users: `word` typed confirms it.
    TypeToConfirm {
        plan: ActionPlan,
        word: String,
    },
}

impl Form {
    /// Whether what is typed here may be personal data, hidden like the search box's while
    /// masking (`p`) is on: a new username (often an email), the new user's attributes, and
    /// the value of a personal attribute being edited.
    pub fn holds_personal_data(&self) -> bool {
        match self {
            Form::NewUsername | Form::NewAttributes { .. } => true,
            Form::AttributeValue { name, .. } => crate::pii::is_personal(name),
            _ => false,
        }
    }

    /// The input line's prompt and hint, and whether what is typed is hidden.
    pub fn prompt(&self) -> (String, &'static str, bool) {
        match self {
            Form::NewPassword { first: None, .. } => (
                " temporary password (empty: Cognito makes one): ".into(),
                "  (hidden · Enter next · Esc cancel)",
                true,
            ),
            Form::Password { first: None, .. } => (
                " new password: ".into(),
                "  (hidden · Enter next · Esc cancel)",
                true,
            ),
            Form::Password { .. } | Form::NewPassword { .. } => (
                " the same password again: ".into(),
                "  (hidden · Enter review · Esc cancel)",
                true,
            ),
            Form::AttributeValue { name, .. } => (
                format!(" {name} = "),
                "  (Enter review · Esc cancel)",
                false,
            ),
            Form::NewUsername => (
                " new user's username: ".into(),
                "  (Enter next · Esc cancel)",
                false,
            ),
            Form::NewAttributes { .. } => (
                " attributes (name=value; name=value): ".into(),
                "  (e.g. email=jo@example.com; name=Jo · Enter next)",
                false,
            ),
            Form::NewInvitation { .. } => (
                " send the invitation message? (Y/n): ".into(),
                "  (Enter: yes · n: created silently)",
                false,
            ),
            Form::TypeToConfirm { word, .. } => (
                format!(" type the number of users, {word}, to confirm: "),
                "  (Enter confirm · Esc cancel)",
                false,
            ),
        }
    }
}

/// `a`: the action menu over the chosen users, or the selected one.
/// (Signed in as the user, `a` is not offered: `update` refuses it before it comes here.)
pub fn open_menu(app: &mut App) {
    let usernames: Vec<String> = if app.list.chosen.is_empty() {
        match app.shown_user() {
            Some(user) => vec![user.username().to_owned()],
            None => {
                app.set_status(StatusKind::Info, "No user selected.");
                return;
            }
        }
    } else {
        app.list.chosen.iter().cloned().collect()
    };
    let read_only = app.session.read_only;
    let single = (usernames.len() == 1)
        .then(|| app.shown_user().filter(|u| u.username() == usernames[0]))
        .flatten();
    let entries = menu_entries(
        single,
        app.detail.groups.as_ref(),
        usernames.len(),
        read_only,
    );
    // The cursor starts on the first entry that can be chosen (the history, read-only).
    let cursor = entries
        .iter()
        .position(|e| e.unavailable.is_none())
        .unwrap_or(0);
    app.overlay = Some(Overlay::Actions(ActionMenu {
        usernames,
        entries,
        cursor,
        read_only,
    }));
}

fn menu_entries(
    user: Option<&User>,
    groups: Option<&Result<Vec<String>, String>>,
    n: usize,
    read_only: bool,
) -> Vec<MenuEntry> {
    let status = user.map(|u| u.status());
    let mut entries = Vec::new();
    let mut add = |key, choice, unavailable: Option<String>| {
        entries.push(MenuEntry {
            key,
            choice,
            unavailable,
        })
    };
    match user.map(|u| u.enabled()) {
        Some(true) => add('d', Choice::Ready(AccountAction::Disable), None),
        Some(false) => add('e', Choice::Ready(AccountAction::Enable), None),
        None => {
            add('d', Choice::Ready(AccountAction::Disable), None);
            add('e', Choice::Ready(AccountAction::Enable), None);
        }
    }
    add('o', Choice::Ready(AccountAction::GlobalSignOut), None);
    add('r', Choice::Ready(AccountAction::ResetPassword), None);
    add('t', Choice::SetPassword { permanent: false }, None);
    add('P', Choice::SetPassword { permanent: true }, None);
    add(
        'i',
        Choice::Ready(AccountAction::ResendInvitation),
        status.filter(|s| *s != "FORCE_CHANGE_PASSWORD").map(|s| {
            format!("only before the first sign-in (FORCE_CHANGE_PASSWORD); this one is {s}")
        }),
    );
    add(
        'c',
        Choice::Ready(AccountAction::ConfirmSignUp),
        status
            .filter(|s| *s != "UNCONFIRMED")
            .map(|s| format!("only for UNCONFIRMED users; this one is {s}")),
    );
    add('g', Choice::AddToGroup, None);
    let in_no_group = matches!(groups, Some(Ok(g)) if g.is_empty()) && user.is_some();
    add(
        'G',
        Choice::RemoveFromGroup,
        in_no_group.then(|| "the user is in no group".to_owned()),
    );
    add('m', Choice::Ready(AccountAction::ResetMfa), None);
    add('x', Choice::Ready(AccountAction::DeleteUser), None);
    add(
        'h',
        Choice::SignInHistory,
        (n > 1).then(|| "one user at a time: choose none and select the user".to_owned()),
    );
    if read_only {
        for entry in entries.iter_mut().filter(|e| e.choice.writes()) {
            entry.unavailable = Some("read-only session".into());
        }
    }
    entries
}

fn menu(app: &App) -> Option<&ActionMenu> {
    match &app.overlay {
        Some(Overlay::Actions(menu)) => Some(menu),
        _ => None,
    }
}

/// A letter while the menu is open: the entry with that letter; `j`/`k` move, `q` closes.
pub fn on_menu_letter(app: &mut App, letter: char) -> Vec<Command> {
    let Some(menu) = menu(app) else {
        return Vec::new();
    };
    match letter {
        'j' => move_menu(app, 1),
        'k' => move_menu(app, -1),
        'q' => app.overlay = None,
        _ => match menu.entries.iter().position(|e| e.key == letter) {
            Some(index) => return choose(app, index),
            None => app.set_status(
                StatusKind::Info,
                format!(
                    "No action on {letter}: press one of the letters shown, or {}.",
                    app.key(Action::Cancel)
                ),
            ),
        },
    }
    Vec::new()
}

/// Keys of the keymap while the menu is open: arrows move, Enter chooses, Esc closes.
pub fn on_menu_action(app: &mut App, action: super::Action) -> Vec<Command> {
    use super::Action;
    match action {
        Action::MoveDown => move_menu(app, 1),
        Action::MoveUp => move_menu(app, -1),
        Action::Open | Action::Confirm => {
            if let Some(menu) = menu(app) {
                return choose(app, menu.cursor);
            }
        }
        Action::Cancel | Action::AccountActions => app.overlay = None,
        _ => {}
    }
    Vec::new()
}

fn move_menu(app: &mut App, delta: isize) {
    if let Some(Overlay::Actions(menu)) = &mut app.overlay {
        let last = menu.entries.len().saturating_sub(1);
        menu.cursor = menu.cursor.saturating_add_signed(delta).min(last);
    }
}

fn choose(app: &mut App, index: usize) -> Vec<Command> {
    let Some(menu) = menu(app).cloned() else {
        return Vec::new();
    };
    let Some(entry) = menu.entries.get(index) else {
        return Vec::new();
    };
    if let Some(why) = &entry.unavailable {
        let text = if menu.read_only && entry.choice.writes() {
            update::READ_ONLY_REFUSAL.to_owned()
        } else {
            format!(
                "Cannot {}: {why}.",
                entry.choice.label().trim_end_matches('…')
            )
        };
        app.set_status(StatusKind::Warning, text);
        return Vec::new();
    }
    app.overlay = None;
    let usernames = menu.usernames;
    match entry.choice.clone() {
        Choice::Ready(action) => {
            review(app, usernames, action);
            Vec::new()
        }
        Choice::SetPassword { permanent } => {
            ask_password(app, usernames, permanent);
            Vec::new()
        }
        Choice::AddToGroup => {
            let id = app.next_request_id();
            app.overlay = Some(Overlay::GroupPicker(GroupPicker {
                usernames,
                add: true,
                groups: None,
                loading: Some(id),
                cursor: 0,
                filter: String::new(),
            }));
            vec![Command::ListAllGroups { id }]
        }
        Choice::RemoveFromGroup => {
            // One user whose groups are known: pick among them; else among the pool's groups.
            let own = match (&usernames[..], &app.detail.groups) {
                ([one], Some(Ok(groups))) if app.detail.username.as_deref() == Some(one) => {
                    Some(groups.clone())
                }
                _ => None,
            };
            let (groups, loading, commands) = match own {
                Some(names) => (
                    Some(Ok(names
                        .into_iter()
                        .map(|name| GroupInfo {
                            name,
                            ..GroupInfo::default()
                        })
                        .collect())),
                    None,
                    Vec::new(),
                ),
                None => {
                    let id = app.next_request_id();
                    (None, Some(id), vec![Command::ListAllGroups { id }])
                }
            };
            let mut picker = GroupPicker {
                usernames,
                add: false,
                groups,
                loading,
                cursor: 0,
                filter: String::new(),
            };
            picker.start_on(app.group.as_deref());
            app.overlay = Some(Overlay::GroupPicker(picker));
            commands
        }
        Choice::SignInHistory => {
            let id = app.next_request_id();
            let username = usernames.into_iter().next().unwrap_or_default();
            app.overlay = Some(Overlay::SignInHistory(SignInHistory {
                username: username.clone(),
                loading: Some(id),
                events: None,
                scroll: 0,
            }));
            vec![Command::AuthEvents { id, username }]
        }
    }
}

/// Opens the review of `action` on `usernames`, unless a run is going on.
pub fn review(app: &mut App, usernames: Vec<String>, action: AccountAction) {
    if app.session.read_only {
        app.set_status(StatusKind::Warning, update::READ_ONLY_REFUSAL);
        return;
    }
    if super::bulk_flow::refused_while_running(app) {
        return;
    }
    let before = match (&action, &usernames[..], app.shown_user()) {
        (AccountAction::SetAttributes { attributes }, [one], Some(user))
            if user.username() == *one =>
        {
            attributes
                .iter()
                .map(|(name, _)| (name.clone(), user.attribute(name).map(str::to_owned)))
                .collect()
        }
        _ => Vec::new(),
    };
    let verified = |flag: &str| match (&usernames[..], app.shown_user()) {
        ([one], Some(user)) if user.username() == *one => user.attribute(flag) == Some("true"),
        _ => false,
    };
    let mut warnings = verification_lost(&action, verified);
    if let AccountAction::CreateUser {
        temporary_password: None,
        send_invitation: false,
        ..
    } = &action
    {
        warnings.push(format!(
            "No message is sent and Cognito makes the password: nobody will know it. Type one \
             ({}, then {}create again) or set one later ({}, then t).",
            app.key(Action::Cancel),
            app.key(Action::CommandLine),
            app.key(Action::AccountActions),
        ));
    }
    warnings.extend(listed_as_done(app, &usernames, &action));
    warnings.extend(no_code_destination(app, &usernames, &action));
    if let (AccountAction::CreateUser { .. }, [new]) = (&action, &usernames[..]) {
        let shown = |name: &str| shown_username(app, name);
        match taken_username(app, new) {
            Some(Taken::Exactly) => {
                app.set_status(StatusKind::Warning, username_exists(&shown(new)));
                return;
            }
            Some(Taken::OtherCase(existing)) => warnings.push(format!(
                "A loaded user is named {}: a pool whose usernames ignore case (the default) \
                 refuses {} as the same name.",
                shown(&existing),
                shown(new)
            )),
            None => {}
        }
    }
    let reviewed = reviewed_users(app, &usernames, &action, &before);
    app.overlay = Some(Overlay::ActionReview(ActionPlan {
        usernames,
        action,
        before,
        warnings,
        self_service: app.session.self_service,
        reviewed,
    }));
}

/// What the review shows of `usernames`, as the loaded users have them: each one's `sub`, and
/// for one user's edit the values it replaces. A new user has none: it is not there yet.
fn reviewed_users(
    app: &App,
    usernames: &[String],
    action: &AccountAction,
    before: &[(String, Option<String>)],
) -> Vec<Reviewed> {
    if matches!(action, AccountAction::CreateUser { .. }) {
        return Vec::new();
    }
    if let [one] = usernames
        && let Some(user) = app.shown_user().filter(|u| u.username() == *one)
    {
        return vec![Reviewed::of(user).with_values(before.to_vec())];
    }
    bulk_flow::reviewed_in_list(app, usernames)
}

/// A new email or phone number may make Cognito set its `*_verified` flag to false (and send a
/// code, as the pool's verification settings say): the review says so for a user whose flag is
/// `true` now, since undo puts the old value back but not the flag.
fn verification_lost(action: &AccountAction, verified: impl Fn(&str) -> bool) -> Vec<String> {
    let AccountAction::SetAttributes { attributes } = action else {
        return Vec::new();
    };
    let sets = |name: &str| attributes.iter().any(|(n, _)| n == name);
    ["email", "phone_number"]
        .into_iter()
        .filter_map(|name| {
            let flag = format!("{name}_verified");
            (sets(name) && !sets(&flag) && verified(&flag)).then(|| {
                format!(
                    "Changing {name}: Cognito may set {flag} to false and send a code to the new \
                     value (as the pool's verification settings say); undo puts the old {name} \
                     back, not the flag."
                )
            })
        })
        .collect()
}

/// For several users: how many the list already shows as the action would leave them (or in a
/// state it does not apply to), so the review does not count them among those that change.
/// The run reads each user again and skips them with the reason. No names: the warning is text
/// that masking (`p`) could not hide later.
fn listed_as_done(app: &App, usernames: &[String], action: &AccountAction) -> Option<String> {
    let (skipped, why): (fn(&User) -> bool, &str) = match action {
        AccountAction::Disable => (|u| !u.enabled(), "already disabled"),
        AccountAction::Enable => (|u| u.enabled(), "already enabled"),
        AccountAction::ResendInvitation => (
            |u| u.status() != "FORCE_CHANGE_PASSWORD",
            "past their first sign-in (not FORCE_CHANGE_PASSWORD)",
        ),
        AccountAction::ConfirmSignUp => (|u| u.status() != "UNCONFIRMED", "not UNCONFIRMED"),
        _ => return None,
    };
    if usernames.len() < 2 {
        return None;
    }
    let k = listed_where(app, usernames, skipped);
    if k == 0 {
        return None;
    }
    let n = usernames.len();
    Some(if k == n {
        format!("As listed, all {n} users will be skipped: {why}.")
    } else {
        format!("As listed, {k} of the {n} users will be skipped: {why}.")
    })
}

/// How many of `usernames` the list shows as `holds` says.
fn listed_where(app: &App, usernames: &[String], holds: impl Fn(&User) -> bool) -> usize {
    let asked: std::collections::HashSet<&str> = usernames.iter().map(String::as_str).collect();
    app.list
        .users
        .iter()
        .filter(|u| asked.contains(u.username()) && holds(u))
        .count()
}

/// A password reset sends a code to a verified email or phone number: users the list shows
/// with neither cannot receive it (Cognito refuses the reset, or it leaves them stuck).
fn no_code_destination(app: &App, usernames: &[String], action: &AccountAction) -> Option<String> {
    if *action != AccountAction::ResetPassword {
        return None;
    }
    let k = listed_where(app, usernames, |u| {
        u.attribute("email_verified") != Some("true")
            && u.attribute("phone_number_verified") != Some("true")
    });
    let why = "no verified email or phone number to send the code to";
    match (k, usernames.len()) {
        (0, _) => None,
        (_, 1) => Some(format!(
            "The user has {why}: Cognito refuses the reset (or the user cannot finish it). \
             Set a temporary password instead (t)."
        )),
        (k, n) => Some(format!(
            "As listed, {k} of the {n} users have {why}: their reset fails. Set a temporary \
             password for them instead (t)."
        )),
    }
}

/// How a new username meets the loaded users.
enum Taken {
    /// One of them has it: Cognito refuses it whatever the pool's settings.
    Exactly,
    /// One has it in another case (this one's name): refused where usernames ignore case.
    OtherCase(String),
}

fn taken_username(app: &App, new: &str) -> Option<Taken> {
    if app.list.index_of(new).is_some() {
        return Some(Taken::Exactly);
    }
    let lower = new.to_lowercase();
    app.list
        .users
        .iter()
        .find(|u| u.username().to_lowercase() == lower)
        .map(|u| Taken::OtherCase(u.username().to_owned()))
}

/// A username as messages show it: masked while personal data is hidden.
fn shown_username(app: &App, name: &str) -> String {
    if app.mask_pii {
        crate::pii::username(name).into_owned()
    } else {
        name.to_owned()
    }
}

fn username_exists(name: &str) -> String {
    // Short: it shares the row with the input line.
    format!("{name} already exists in this pool: type another username, or Esc to cancel.")
}

/// The password for `usernames`, typed twice, then the review.
pub(super) fn ask_password(app: &mut App, usernames: Vec<String>, permanent: bool) {
    open_form(
        app,
        Form::Password {
            usernames,
            permanent,
            first: None,
        },
        "",
    );
}

fn open_form(app: &mut App, form: Form, text: &str) {
    app.form = Some(form);
    app.input = Some(InputLine::new(InputKind::Form, text));
    // The input line takes the status line's place and shows a warning beside the step it
    // was given for (see `retry`); one left from before would speak of another step.
    app.status = None;
}

/// The pool's groups arrived for the picker.
pub fn on_all_groups(app: &mut App, id: RequestId, result: Result<Vec<GroupInfo>, DirectoryError>) {
    let user_groups = app.detail.groups.clone();
    let shown = app.detail.username.clone();
    let shown_group = app.group.clone();
    let Some(Overlay::GroupPicker(picker)) = &mut app.overlay else {
        return;
    };
    if picker.loading != Some(id) {
        return;
    }
    picker.loading = None;
    picker.groups = Some(match result {
        Ok(mut groups) => {
            // Adding one user: the groups it is already in are left out.
            if let ([one], true, Some(Ok(own))) = (&picker.usernames[..], picker.add, &user_groups)
                && shown.as_deref() == Some(one)
            {
                groups.retain(|g| !own.contains(&g.name));
            }
            groups.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(groups)
        }
        Err(e) => {
            tracing::warn!(detail = e.detail(), "listing the pool's groups: {e}");
            Err(e.to_string())
        }
    });
    picker.start_on(shown_group.as_deref());
}

/// Keys in the group picker: move, Enter picks, Esc closes.
pub fn on_picker_action(app: &mut App, action: super::Action) -> Vec<Command> {
    use super::Action;
    let Some(Overlay::GroupPicker(picker)) = &mut app.overlay else {
        return Vec::new();
    };
    let len = picker.shown().len();
    match action {
        Action::LocalFilter | Action::Search => super::picker_filter::open(app),
        Action::MoveDown => picker.cursor = (picker.cursor + 1).min(len.saturating_sub(1)),
        Action::MoveUp => picker.cursor = picker.cursor.saturating_sub(1),
        Action::Top => picker.cursor = 0,
        Action::Bottom => picker.cursor = len.saturating_sub(1),
        Action::Open | Action::Confirm => {
            let Some(group) = picker.shown().get(picker.cursor).map(|g| g.name.clone()) else {
                return Vec::new();
            };
            let usernames = picker.usernames.clone();
            let action = if picker.add {
                AccountAction::AddToGroup { group }
            } else {
                AccountAction::RemoveFromGroup { group }
            };
            app.overlay = None;
            review(app, usernames, action);
        }
        Action::Cancel => app.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// The sign-in history arrived.
pub fn on_auth_events(
    app: &mut App,
    id: RequestId,
    result: Result<Vec<AuthEvent>, DirectoryError>,
) {
    let Some(Overlay::SignInHistory(view)) = &mut app.overlay else {
        return;
    };
    if view.loading != Some(id) {
        return;
    }
    view.loading = None;
    view.events = Some(result.map_err(|e| {
        tracing::warn!(detail = e.detail(), "sign-in history: {e}");
        e.to_string()
    }));
}

/// Keys in the sign-in history: scroll, `r` reads it again, Esc closes.
pub fn on_history_action(app: &mut App, action: super::Action) -> Vec<Command> {
    use super::Action;
    let page = app.viewport.list_rows.max(1);
    let Some(Overlay::SignInHistory(view)) = &mut app.overlay else {
        return Vec::new();
    };
    let len = match &view.events {
        Some(Ok(events)) => events.len(),
        _ => 0,
    };
    let last = len.saturating_sub(1);
    match action {
        Action::MoveDown => view.scroll = (view.scroll + 1).min(last),
        Action::MoveUp => view.scroll = view.scroll.saturating_sub(1),
        Action::PageDown => view.scroll = (view.scroll + page).min(last),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = last,
        Action::Refresh => {
            let username = view.username.clone();
            let id = app.next_request_id();
            app.overlay = Some(Overlay::SignInHistory(SignInHistory {
                username: username.clone(),
                loading: Some(id),
                events: None,
                scroll: 0,
            }));
            return vec![Command::AuthEvents { id, username }];
        }
        Action::Cancel => app.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// Keys in the review: `y` confirms (or asks for the word typed), Esc cancels.
pub fn on_review_action(app: &mut App, action: super::Action, plan: ActionPlan) -> Vec<Command> {
    use super::Action;
    match action {
        Action::Confirm => {
            if plan.needs_typed_confirmation() {
                let word = plan.confirm_word();
                open_form(app, Form::TypeToConfirm { plan, word }, "");
                Vec::new()
            } else {
                start(app, plan)
            }
        }
        Action::Cancel => {
            app.overlay = None;
            app.set_status(
                StatusKind::Info,
                format!(
                    "{} cancelled; nothing was changed.",
                    capital(plan.action.label())
                ),
            );
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Sends the plan: the bulk flow follows it from here (gauge, Esc, outcomes, `R`).
pub fn start(app: &mut App, plan: ActionPlan) -> Vec<Command> {
    app.overlay = None;
    app.input = None;
    app.form = None;
    if app.session.read_only {
        app.set_status(StatusKind::Warning, update::READ_ONLY_REFUSAL);
        return Vec::new();
    }
    bulk_flow::start_action(app, plan)
}

/// `e` in the attribute pane: edit the value under the cursor (a `*_verified` flag toggles).
pub fn edit_value(app: &mut App) {
    if app.focus != Focus::Attributes {
        app.set_status(
            StatusKind::Info,
            format!(
                "Press {} to move to the attribute pane, then {} on the attribute to edit.",
                app.key(Action::SwitchPane),
                app.key(Action::EditValue)
            ),
        );
        return;
    }
    let Some(user) = app.shown_user() else {
        return;
    };
    let Some(attribute) = user.attributes().get(app.detail.cursor.selected) else {
        return;
    };
    let (username, name, value) = (
        user.username().to_owned(),
        attribute.name.to_owned(),
        attribute.value.to_owned(),
    );
    let refusal = match &app.pool {
        Some(pool) => crate::schema_rules::edit_refusal(&name, pool),
        None => crate::schema_rules::refusal_without_schema(&name)
            .map(|r| r.replace("deleted", "changed").replace("delete", "change")),
    };
    if let Some(why) = refusal {
        app.set_status(StatusKind::Warning, why);
        return;
    }
    if name.ends_with("_verified") {
        let flipped = if value == "true" { "false" } else { "true" };
        review(
            app,
            vec![username],
            AccountAction::SetAttributes {
                attributes: vec![(name, flipped.to_owned())],
            },
        );
        return;
    }
    open_form(app, Form::AttributeValue { username, name }, &value);
}

/// `:create`: a new user, field by field.
pub fn open_create(app: &mut App) {
    if app.session.read_only {
        app.set_status(StatusKind::Warning, update::READ_ONLY_REFUSAL);
        return;
    }
    if app.session.self_service {
        app.set_status(StatusKind::Warning, update::SELF_SERVICE_REFUSAL);
        return;
    }
    open_form(app, Form::NewUsername, "");
}

/// Enter or Esc on the input line while a form step is open.
pub fn on_form_input(app: &mut App, submit: bool) -> Vec<Command> {
    let Some(form) = app.form.take() else {
        app.input = None;
        return Vec::new();
    };
    // What was typed leaves the input line at once: a password must not linger there.
    let text = app
        .input
        .take()
        .map(|mut i| std::mem::take(&mut i.text))
        .unwrap_or_default();
    if !submit {
        if matches!(form, Form::TypeToConfirm { .. }) {
            app.overlay = None;
        }
        app.set_status(StatusKind::Info, "Cancelled; nothing was changed.");
        return Vec::new();
    }
    match form {
        Form::Password {
            usernames,
            permanent,
            first: None,
        } => {
            if text.is_empty() {
                retry(
                    app,
                    Form::Password {
                        usernames,
                        permanent,
                        first: None,
                    },
                    "The password is empty: type one, or Esc to cancel.",
                );
            } else {
                open_form(
                    app,
                    Form::Password {
                        usernames,
                        permanent,
                        first: Some(Secret::new(text)),
                    },
                    "",
                );
            }
        }
        Form::Password {
            usernames,
            permanent,
            first: Some(first),
        } => {
            if first.expose() == text {
                review(
                    app,
                    usernames,
                    AccountAction::SetPassword {
                        password: first,
                        permanent,
                    },
                );
            } else {
                retry(
                    app,
                    Form::Password {
                        usernames,
                        permanent,
                        first: None,
                    },
                    "The two passwords differ: type the new password again.",
                );
            }
        }
        Form::AttributeValue { username, name } => {
            // The value as typed or pasted: spaces at its ends are part of it.
            let value = text.to_owned();
            if value.trim().is_empty() {
                let why = format!(
                    "An empty value is not set: to remove the attribute, mark it ({}) and press {}.",
                    app.key(Action::ToggleMark),
                    app.key(Action::Review)
                );
                retry(app, Form::AttributeValue { username, name }, &why);
            } else if app
                .shown_user()
                .filter(|u| u.username() == username)
                .and_then(|u| u.attribute(&name))
                == Some(value.as_str())
            {
                // Nothing would change: no review of "A → A".
                let why = format!(
                    "{name} already holds this value: change it, or {} to cancel.",
                    app.key(Action::Cancel)
                );
                open_form(app, Form::AttributeValue { username, name }, &value);
                app.set_status(StatusKind::Warning, why);
            } else {
                review(
                    app,
                    vec![username],
                    AccountAction::SetAttributes {
                        attributes: vec![(name, value)],
                    },
                );
            }
        }
        Form::NewUsername => {
            let username = text.trim().to_owned();
            // A refused name stays in the line, as a refused attributes line does, to be
            // corrected rather than typed again.
            if username.is_empty() || username.chars().any(char::is_whitespace) {
                open_form(app, Form::NewUsername, &text);
                app.set_status(
                    StatusKind::Warning,
                    "A username is one word without spaces: correct it, or Esc to cancel.",
                );
            } else if let Some(Taken::Exactly) = taken_username(app, &username) {
                // Refused before the attributes and password are typed for nothing.
                let why = username_exists(&shown_username(app, &username));
                open_form(app, Form::NewUsername, &username);
                app.set_status(StatusKind::Warning, why);
            } else if let Some(why) = app
                .pool
                .as_ref()
                .and_then(|pool| username_kind_refusal(&username, pool))
            {
                open_form(app, Form::NewUsername, &username);
                app.set_status(StatusKind::Warning, why);
            } else {
                open_form(app, Form::NewAttributes { username }, "");
            }
        }
        Form::NewAttributes { username } => match parse_attributes(&text).and_then(|attributes| {
            match app
                .pool
                .as_ref()
                .and_then(|pool| new_user_refusal(&attributes, pool))
            {
                Some(why) => Err(why),
                None => Ok(attributes),
            }
        }) {
            Ok(attributes) => open_form(
                app,
                Form::NewInvitation {
                    username,
                    attributes,
                },
                // Nothing typed is yes: a prefilled `y` would make the `n` typed after it `yn`.
                "",
            ),
            Err(why) => {
                open_form(app, Form::NewAttributes { username }, &text);
                app.set_status(StatusKind::Warning, why);
            }
        },
        Form::NewInvitation {
            username,
            attributes,
        } => match text.trim().to_ascii_lowercase().as_str() {
            answer @ ("" | "y" | "yes" | "n" | "no") => open_form(
                app,
                Form::NewPassword {
                    username,
                    attributes,
                    send_invitation: !answer.starts_with('n'),
                    first: None,
                },
                "",
            ),
            _ => retry(
                app,
                Form::NewInvitation {
                    username,
                    attributes,
                },
                "Answer y (send the invitation) or n (create silently).",
            ),
        },
        Form::NewPassword {
            username,
            attributes,
            send_invitation,
            first,
        } => {
            let create = |temporary_password| AccountAction::CreateUser {
                attributes: attributes.clone(),
                temporary_password,
                send_invitation,
            };
            match first {
                None if text.is_empty() => review(app, vec![username], create(None)),
                None => open_form(
                    app,
                    Form::NewPassword {
                        username,
                        attributes: attributes.clone(),
                        send_invitation,
                        first: Some(Secret::new(text)),
                    },
                    "",
                ),
                Some(first) if first.expose() == text => {
                    review(app, vec![username], create(Some(first)))
                }
                Some(_) => retry(
                    app,
                    Form::NewPassword {
                        username,
                        attributes: attributes.clone(),
                        send_invitation,
                        first: None,
                    },
                    "The two passwords differ: type the temporary password again.",
                ),
            }
        }
        Form::TypeToConfirm { plan, word } => {
            if text.trim() == word {
                return start(app, plan);
            }
            let why = format!(
                "Type the number of users, {word}, to confirm, or {} to cancel.",
                app.key(super::Action::Cancel)
            );
            open_form(app, Form::TypeToConfirm { plan, word }, "");
            app.set_status(StatusKind::Warning, why);
        }
    }
    Vec::new()
}

fn retry(app: &mut App, form: Form, why: &str) {
    open_form(app, form, "");
    app.set_status(StatusKind::Warning, why);
}

/// A pool whose users sign in with their email or phone number (`UsernameAttributes`) takes only
/// those as usernames: anything else is refused by Cognito, so it is refused here first.
fn username_kind_refusal(username: &str, pool: &PoolInfo) -> Option<String> {
    let allows = |kind: &str| pool.username_attributes.iter().any(|a| a == kind);
    if pool.username_attributes.is_empty() {
        return None;
    }
    let email = username
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    let phone = username.len() > 1
        && username.starts_with('+')
        && username[1..].chars().all(|c| c.is_ascii_digit());
    if (allows("email") && email) || (allows("phone_number") && phone) {
        return None;
    }
    let what = match (allows("email"), allows("phone_number")) {
        (true, true) => "an email address or a phone number (+15555550100)",
        (false, true) => "a phone number (+15555550100)",
        _ => "an email address",
    };
    Some(format!(
        "This pool's users sign in with their email or phone: the username must be {what}."
    ))
}

/// Why Cognito would refuse to create a user with `attributes`, before the password is typed for
/// nothing: one it sets itself, or one the pool's schema does not have (a custom one typed
/// without its `custom:` prefix is named).
fn new_user_refusal(attributes: &[(String, String)], pool: &PoolInfo) -> Option<String> {
    attributes.iter().find_map(|(name, value)| {
        // `email=jo@example.com name=Jo` is two attributes missing their `;`, not an address.
        if let Some(other) = value
            .split_whitespace()
            .skip(1)
            .filter_map(|word| word.split_once('=').map(|(n, _)| n))
            .find(|n| !n.is_empty() && pool.schema_attribute(n).is_some())
        {
            return Some(format!(
                "The value of {name} holds {other}=: separate attributes with ';' \
                 ({name}=…; {other}=…)."
            ));
        }
        if name == "sub" || name == "identities" || name.starts_with("cognito:") {
            return Some(format!("{name} is set by Cognito itself, not given."));
        }
        if pool.schema.is_empty() || pool.schema_attribute(name).is_some() {
            return None;
        }
        let custom = format!("custom:{name}");
        Some(if pool.schema_attribute(&custom).is_some() {
            format!("{name} is not an attribute of the pool: the custom one is {custom}.")
        } else {
            format!("{name} is not an attribute of the pool's schema; Cognito refuses it.")
        })
    })
}

/// `email=jo@example.com; name=Jo Bloggs` as name/value pairs; empty text is none.
pub fn parse_attributes(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
                out.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            _ => {
                return Err(format!(
                    "Each attribute is name=value, separated by ';': {part:?} is not."
                ));
            }
        }
    }
    Ok(out)
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_parse_as_name_value_pairs() {
        assert_eq!(
            parse_attributes(" email=jo@example.com ; name=Jo Bloggs;"),
            Ok(vec![
                ("email".to_owned(), "jo@example.com".to_owned()),
                ("name".to_owned(), "Jo Bloggs".to_owned())
            ])
        );
        assert_eq!(parse_attributes(""), Ok(Vec::new()));
        assert!(parse_attributes("email").is_err());
    }

    #[test]
    fn the_word_typed_to_confirm_is_the_number_of_users() {
        let plan = ActionPlan {
            usernames: vec!["jo@example.com".into(), "ada".into()],
            action: AccountAction::DeleteUser,
            before: Vec::new(),
            warnings: Vec::new(),
            self_service: false,
            reviewed: Vec::new(),
        };
        assert!(plan.needs_typed_confirmation());
        assert_eq!(plan.confirm_word(), "2");
        let one = ActionPlan {
            usernames: vec!["ada".into()],
            ..plan
        };
        assert!(!one.needs_typed_confirmation());
        assert!((one.estimated_seconds() - 1.0 / 25.0).abs() < 1e-9);
    }
}
