//! The journal view: this pool's journalled changes, newest first, and undo of one of them or
//! of a whole run (`U`: one batch over many users, the TUI's `undo --batch`).

use super::bulk_flow::{BulkChange, outcome_of};
use super::{Action, App, BulkRun, Overlay, StatusKind};
use crate::bulk::{BulkReport, ItemResult};
use crate::change::AccountAction;
pub use crate::journal::JournalLine;
use crate::journal::Kind;
use crate::worker::{Command, RequestId};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JournalView {
    pub loading: Option<RequestId>,
    pub lines: Vec<JournalLine>,
    pub error: Option<String>,
    pub cursor: usize,
    /// The entry whose undo waits for `y`.
    pub confirm_undo: Option<String>,
    /// The run whose undo is under review, waiting for `y`.
    pub confirm_batch: Option<BatchUndo>,
}

/// The undo of one run's changes, as its review shows it: what is undone on whom, and what is
/// left out and why. The entries to undo are those `u` would undo one by one; the run (the
/// bulk engine's `undo`, as `undo --batch` runs it) checks each again against the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchUndo {
    pub batch: String,
    /// The run's changes to undo, newest first.
    pub undo: Vec<JournalLine>,
    /// The run's changes left as they are; each line's `undo_refusal` says why.
    pub skipped: Vec<JournalLine>,
}

impl BatchUndo {
    /// The run's changes in `lines` that `selected` is one of; `None` when `selected` is an
    /// undo itself.
    pub fn of(lines: &[JournalLine], selected: &JournalLine) -> Option<Self> {
        if selected.is_undo {
            return None;
        }
        let (undo, skipped) = lines
            .iter()
            .filter(|l| l.batch == selected.batch && !l.is_undo)
            .cloned()
            .partition(|l| l.undo_refusal.is_none());
        Some(Self {
            batch: selected.batch.clone(),
            undo,
            skipped,
        })
    }

    /// The users whose changes are undone, each once.
    pub fn users(&self) -> usize {
        let mut names: Vec<&str> = self.undo.iter().map(|l| l.username.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names.len()
    }
}

pub fn open(app: &mut App) -> Vec<Command> {
    let id = app.next_request_id();
    app.overlay = Some(Overlay::Journal(JournalView {
        loading: Some(id),
        ..JournalView::default()
    }));
    vec![Command::ReadJournal { id }]
}

fn view(app: &mut App) -> Option<&mut JournalView> {
    match &mut app.overlay {
        Some(Overlay::Journal(view)) => Some(view),
        _ => None,
    }
}

pub fn on_lines(app: &mut App, id: RequestId, result: Result<Vec<JournalLine>, String>) {
    let self_service = app.session.self_service;
    let Some(view) = view(app) else {
        return;
    };
    if view.loading != Some(id) {
        return;
    }
    view.loading = None;
    match result {
        Ok(mut lines) => {
            if self_service {
                // The user's token puts attributes back; every other undo is an admin call.
                for line in lines.iter_mut().filter(|l| l.undo_refusal.is_none()) {
                    if !Kind::from_name(&line.kind).is_some_and(Kind::undone_with_own_token) {
                        line.undo_refusal = Some(
                            "its undo needs admin rights; signed in as the user, only attribute \
                             changes are undone"
                                .into(),
                        );
                    }
                }
            }
            view.cursor = view.cursor.min(lines.len().saturating_sub(1));
            view.lines = lines;
        }
        Err(e) => view.error = Some(e),
    }
}

pub fn move_cursor(app: &mut App, delta: isize) {
    if let Some(view) = view(app) {
        view.confirm_undo = None;
        view.confirm_batch = None;
        view.cursor = view
            .cursor
            .saturating_add_signed(delta)
            .min(view.lines.len().saturating_sub(1));
    }
}

/// `u` on an entry: ask for `y` first, or say in one line why it cannot be undone (an undo
/// itself, a failed change, one undone already, one with nothing to put back).
pub fn ask_undo(app: &mut App) {
    // The journal shows an entry as undone only once its undo has an outcome: until then a
    // second `u` would send the same undo again.
    if app.undos_running() > 0 {
        app.set_status(
            StatusKind::Warning,
            "An undo is still running; wait for its outcome, then undo the next entry.",
        );
        return;
    }
    let Some(view) = view(app) else {
        return;
    };
    let Some(line) = view.lines.get(view.cursor).cloned() else {
        return;
    };
    if let Some(why) = &line.undo_refusal {
        app.set_status(
            StatusKind::Warning,
            // The entry is on screen: the reason alone fits the status line.
            format!("Cannot undo this entry: {}.", why.trim_end_matches('.')),
        );
        return;
    }
    view.confirm_undo = Some(line.id.clone());
    // The keys before the caveat: over the view the status line has one row, and cuts the end.
    app.set_status(
        StatusKind::Warning,
        format!(
            "Undo {} on {}? {} to confirm, {} to keep things as they are{}.",
            line.what,
            line.username,
            app.key(Action::Confirm),
            app.key(Action::Cancel),
            line.undo_caveat()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
        ),
    );
}

/// `U` on an entry: review the undo of every change of its run, or say in one line why not.
pub fn ask_undo_batch(app: &mut App) {
    if app.undos_running() > 0 || app.bulk.is_some() {
        app.set_status(
            StatusKind::Warning,
            "A run is still going on; wait for its outcome, then undo this one.",
        );
        return;
    }
    let Some(view) = view(app).filter(|v| v.loading.is_none()) else {
        return;
    };
    let Some(line) = view.lines.get(view.cursor).cloned() else {
        return;
    };
    let Some(plan) = BatchUndo::of(&view.lines, &line) else {
        app.set_status(
            StatusKind::Warning,
            format!(
                "This entry is an undo itself; {} undoes a run of changes.",
                app.key(Action::UndoBatch)
            ),
        );
        return;
    };
    if plan.undo.len() + plan.skipped.len() < 2 {
        app.set_status(
            StatusKind::Info,
            format!(
                "This is the only change its run journalled (the others, if any, changed nothing): {} undoes it.",
                app.key(Action::Undo)
            ),
        );
        return;
    }
    if plan.undo.is_empty() {
        let first = plan
            .skipped
            .iter()
            .find_map(|l| l.undo_refusal.as_deref())
            .unwrap_or_default();
        app.set_status(
            StatusKind::Warning,
            format!(
                "Nothing of this run can be undone: its {} changes are left as they are \
                 (first: {}).",
                plan.skipped.len(),
                first.trim_end_matches('.')
            ),
        );
        return;
    }
    view.confirm_batch = Some(plan);
    app.review_scroll = 0;
    let text = format!(
        "Review the undo of the run: {} to confirm, {} to keep things as they are.",
        app.key(Action::Confirm),
        app.key(Action::Cancel)
    );
    app.set_status(StatusKind::Warning, text);
}

/// `y` in the view: send the undo asked for.
pub fn confirm(app: &mut App) -> Vec<Command> {
    if let Some(plan) = view(app).and_then(|v| v.confirm_batch.take()) {
        return confirm_batch(app, plan);
    }
    let Some((entry, words)) = view(app).and_then(|v| {
        let entry = v.confirm_undo.take()?;
        // The status names the change and the user, not the entry's id.
        let words = v
            .lines
            .iter()
            .find(|l| l.id == entry)
            .map(|l| format!("{} on {}", l.what, l.username));
        Some((entry, words))
    }) else {
        return Vec::new();
    };
    if app.session.read_only {
        app.set_status(StatusKind::Warning, super::update::READ_ONLY_REFUSAL);
        return Vec::new();
    }
    let id = app.next_request_id();
    app.undos.insert(id);
    app.set_status(
        StatusKind::Progress,
        format!(
            "Undoing {}… (waiting for Cognito; the outcome shows here and in the journal)",
            words.as_deref().unwrap_or(&entry)
        ),
    );
    vec![Command::Undo {
        id,
        ids: vec![entry],
    }]
}

/// `y` in a run's review: its changes go to the worker as one undo run, with a gauge and each
/// user's outcome in the list as it comes.
fn confirm_batch(app: &mut App, plan: BatchUndo) -> Vec<Command> {
    if app.session.read_only {
        app.set_status(StatusKind::Warning, super::update::READ_ONLY_REFUSAL);
        return Vec::new();
    }
    if super::bulk_flow::refused_while_running(app) {
        return Vec::new();
    }
    let id = app.next_request_id();
    app.undos.insert(id);
    let usernames: Vec<String> = plan.undo.iter().map(|l| l.username.clone()).collect();
    let mut run = BulkRun::new(id, BulkChange::Undo, &usernames);
    // The gauge counts the changes undone; a user may have several.
    run.total = plan.undo.len();
    app.bulk = Some(run);
    app.set_status(
        StatusKind::Progress,
        format!(
            "Undoing {} changes on {} users… (the outcome shows here and in the journal)",
            plan.undo.len(),
            plan.users()
        ),
    );
    vec![Command::Undo {
        id,
        ids: plan.undo.into_iter().map(|l| l.id).collect(),
    }]
}

pub fn on_undone(app: &mut App, id: RequestId, result: Result<BulkReport, String>) -> Vec<Command> {
    app.undos.remove(&id);
    // A run's undo ends its gauge; each user's outcome stays in the list.
    let run = app.bulk.take_if(|r| r.id == id);
    let outcomes = match (&run, &result) {
        (Some(run), Ok(report)) => report
            .users
            .iter()
            .map(|u| (u.username.clone(), outcome_of(u, &run.change)))
            .collect(),
        _ => Vec::new(),
    };
    let commands = report_undo(app, result);
    app.outcomes.extend(outcomes);
    commands
}

/// The undo's outcome in the status line; the list, the journal and the user as they are now.
fn report_undo(app: &mut App, result: Result<BulkReport, String>) -> Vec<Command> {
    match result {
        Ok(report) => {
            let counts = report.counts();
            let mut text = format!(
                // "undone", not "restored": most undos put no value back (an enable, a group).
                "Undo: {} undone, {} skipped, {} failed.",
                counts.done, counts.skipped, counts.failed
            );
            for warning in report.users.iter().flat_map(|u| &u.warnings) {
                text.push(' ');
                text.push_str(warning);
            }
            // Why a user was skipped or failed: the counts alone leave the support desk guessing.
            let reasons: Vec<String> = report
                .users
                .iter()
                .filter_map(|u| match &u.result {
                    ItemResult::Failed(why) => Some(format!("{}: {why}", u.username)),
                    ItemResult::Skipped(why) => Some(format!("{}: {why}", u.username)),
                    _ => None,
                })
                .collect();
            if let Some(first) = reasons.first() {
                text.push(' ');
                text.push_str(first.trim_end_matches('.'));
                text.push('.');
                if reasons.len() > 1 {
                    text.push_str(&format!(" (And {} more.)", reasons.len() - 1));
                }
            }
            // What the undo could not put back (a re-created user's password) is a warning:
            // kept in the messages, and not hidden by a read's wait after it.
            let kind = if counts.failed > 0 {
                StatusKind::Error
            } else if report.users.iter().any(|u| !u.warnings.is_empty()) {
                StatusKind::Warning
            } else {
                StatusKind::Info
            };
            app.set_status(kind, text);
            // A restored user's row no longer shows the deletion's mark.
            let mut reload = false;
            // Users put back in or out of a group: their groups are read again (the pane's,
            // the column's), as after the change itself.
            let regrouped: Vec<String> = report
                .users
                .iter()
                .filter(|u| {
                    matches!(&u.result, ItemResult::Applied(what)
                        if AccountAction::done_changes_groups(what))
                })
                .map(|u| u.username.clone())
                .collect();
            for user in &report.users {
                match &user.result {
                    ItemResult::Restored(_) => {
                        app.outcomes.remove(&user.username);
                    }
                    ItemResult::Applied(what) => {
                        app.outcomes.remove(&user.username);
                        // An undone disable or enable shows in the list's On column at once.
                        for (word, enabled) in [("enabled", true), ("disabled", false)] {
                            if what.starts_with(word) {
                                super::bulk_flow::set_enabled(app, &[&user.username], enabled);
                            }
                        }
                        // A user re-created or deleted again changes the list itself, and so
                        // does one put in or out of the group the list shows.
                        let in_or_out_of_shown_group = app.group.as_ref().is_some_and(|group| {
                            *what
                                == AccountAction::AddToGroup {
                                    group: group.clone(),
                                }
                                .done()
                                || *what
                                    == AccountAction::RemoveFromGroup {
                                        group: group.clone(),
                                    }
                                    .done()
                        });
                        reload |= what.contains("created")
                            || what.contains("deleted")
                            || in_or_out_of_shown_group
                            || app.list.index_of(&user.username).is_none();
                    }
                    _ => {}
                }
            }
            if reload {
                let deleted: Vec<&str> = report
                    .users
                    .iter()
                    .filter(|u| matches!(&u.result, ItemResult::Applied(what) if what.contains("deleted")))
                    .map(|u| u.username.as_str())
                    .collect();
                let mut commands = app.reload_after_deleting(&deleted);
                if matches!(app.overlay, Some(Overlay::Journal(_))) {
                    commands.extend(open(app));
                }
                return commands;
            }
            let mut commands = refresh(app);
            if regrouped
                .iter()
                .any(|u| app.detail.username.as_ref() == Some(u))
            {
                commands.extend(app.load_groups());
            }
            let regrouped: Vec<&str> = regrouped.iter().map(String::as_str).collect();
            commands.extend(super::columns::reread_groups(app, &regrouped));
            return commands;
        }
        Err(e) => app.set_status(StatusKind::Error, format!("Undo failed: {e}")),
    }
    refresh(app)
}

/// Shows the journal (when open) and the user as they are now.
pub(super) fn refresh(app: &mut App) -> Vec<Command> {
    let mut commands = Vec::new();
    if matches!(app.overlay, Some(Overlay::Journal(_))) {
        commands.extend(open(app));
    }
    commands.extend(app.load_detail());
    commands
}
