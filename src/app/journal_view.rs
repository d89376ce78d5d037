//! The journal view: this pool's journalled changes, newest first, and undo of one of them.

use super::{App, Overlay, StatusKind};
use crate::bulk::{BulkReport, ItemResult};
pub use crate::journal::JournalLine;
use crate::worker::{Command, RequestId};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JournalView {
    pub loading: Option<RequestId>,
    pub lines: Vec<JournalLine>,
    pub error: Option<String>,
    pub cursor: usize,
    /// The entry whose undo waits for `y`.
    pub confirm_undo: Option<String>,
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
    let Some(view) = view(app) else {
        return;
    };
    if view.loading != Some(id) {
        return;
    }
    view.loading = None;
    match result {
        Ok(lines) => {
            view.cursor = view.cursor.min(lines.len().saturating_sub(1));
            view.lines = lines;
        }
        Err(e) => view.error = Some(e),
    }
}

pub fn move_cursor(app: &mut App, delta: isize) {
    if let Some(view) = view(app) {
        view.confirm_undo = None;
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
    if app.undos_running > 0 {
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
    app.set_status(
        StatusKind::Warning,
        format!(
            "Undo {} on {}? y to confirm, n to keep things as they are.",
            line.what, line.username
        ),
    );
}

/// `y` in the view: send the undo asked for.
pub fn confirm(app: &mut App) -> Vec<Command> {
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
    app.undos_running += 1;
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

pub fn on_undone(app: &mut App, result: Result<BulkReport, String>) -> Vec<Command> {
    app.undos_running = app.undos_running.saturating_sub(1);
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
            let kind = if counts.failed > 0 {
                StatusKind::Error
            } else {
                StatusKind::Info
            };
            app.set_status(kind, text);
            // A restored user's row no longer shows the deletion's mark.
            let mut reload = false;
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
                        // A user re-created or deleted again changes the list itself.
                        reload |= what.contains("created")
                            || what.contains("deleted")
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
        }
        Err(e) => app.set_status(StatusKind::Error, format!("Undo failed: {e}")),
    }
    // Show the journal and the user as they are now.
    let mut commands = Vec::new();
    if matches!(app.overlay, Some(Overlay::Journal(_))) {
        commands.extend(open(app));
    }
    commands.extend(app.load_detail());
    commands
}
