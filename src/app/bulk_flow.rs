//! Bulk runs as state transitions: choosing users, reviewing a deletion, confirming (typing the
//! count above 20 users), following progress of a deletion or an account action, stopping, and
//! retrying the failed set.

use std::collections::{HashMap, HashSet};

use super::{
    Action, App, BulkPlan, BulkRun, InputKind, InputLine, ListedCounts, Outcome, Overlay,
    PreviewUser, StatusKind,
};
use crate::bulk::{BulkReport, ItemResult, Progress, SkipReason, UserReport};
use crate::change::{AccountAction, Reviewed};
use crate::schema_rules;
use crate::worker::{Command, RequestId};

/// What a bulk run does to each user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkChange {
    /// Delete these attributes.
    Delete(Vec<String>),
    /// Carry out this account action.
    Apply(AccountAction),
    /// Undo the journalled changes of one run (the journal view's `U`).
    Undo,
}

impl BulkChange {
    /// What the status line says is being done: "deleting locale", "disable".
    fn doing(&self) -> String {
        match self {
            BulkChange::Delete(names) => format!("deleting {}", names.join(", ")),
            BulkChange::Apply(action) => action.label().to_owned(),
            BulkChange::Undo => "undoing the run".to_owned(),
        }
    }

    fn done_word(&self) -> &'static str {
        match self {
            BulkChange::Delete(_) => "deleted",
            BulkChange::Apply(_) => "done",
            BulkChange::Undo => "undone",
        }
    }

    fn title(&self) -> String {
        match self {
            BulkChange::Delete(names) => format!("Bulk deletion of {}", names.join(", ")),
            BulkChange::Apply(action) => {
                let label = action.label();
                let mut chars = label.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
            BulkChange::Undo => "Undo of the run".to_owned(),
        }
    }

    /// The title after a username ("jo: disable failed: …"): its first letter in lower case,
    /// attribute names as they are.
    fn title_mid_sentence(&self) -> String {
        let title = self.title();
        let mut chars = title.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// A user's own sign-in (`cognito-tui me`) has one user and no admin calls: no user is chosen
/// and no bulk run starts; space marks attributes in the attribute pane instead.
pub(super) fn no_bulk_run(app: &App) -> String {
    format!(
        "self-service: there is no bulk run here; {} to the attribute pane, then {} marks an \
         attribute",
        app.key(Action::SwitchPane),
        app.key(Action::ToggleMark)
    )
}

/// Space in the user list signed in as the user (`*` and `R` are not offered there at all).
fn refused_in_self_service(app: &mut App) -> bool {
    if app.session.self_service {
        let text = no_bulk_run(app);
        app.set_status(StatusKind::Warning, text);
    }
    app.session.self_service
}

/// Space in the user list: choose or unchoose the selected user, then move down.
pub fn toggle_user(app: &mut App) -> Vec<Command> {
    if refused_in_self_service(app) {
        return Vec::new();
    }
    let Some(name) = app.list.selected().map(|u| u.username().to_owned()) else {
        return Vec::new();
    };
    if !app.list.chosen.remove(&name) {
        app.list.chosen.insert(name);
    }
    chosen_status(app);
    let rows = app.list.rows();
    app.list.cursor.move_by(1, rows, app.viewport.list_rows);
    app.follow_selection()
}

/// Chooses every user shown (all matches of the search or filter); again, unchooses them.
pub fn choose_all(app: &mut App) {
    if app.list.filtering.is_some() {
        // The rows shown are the previous text's matches until the pass lands.
        app.set_status(
            StatusKind::Warning,
            "The filter is still matching; choose all once its matches are shown.",
        );
        return;
    }
    let shown = shown_usernames(app);
    if shown.iter().all(|u| app.list.chosen.contains(u)) {
        for u in &shown {
            app.list.chosen.remove(u);
        }
        app.choose_when_loaded = false;
    } else {
        app.list.chosen.extend(shown);
        // While `L` loads the rest, the rest is chosen too once it is in.
        app.choose_when_loaded = app.load_all;
    }
    chosen_status(app);
    if !app.list.chosen.is_empty() && !app.list.is_complete() {
        partial_status(app);
    }
}

/// The usernames of the rows the list shows, in their order.
fn shown_usernames(app: &App) -> Vec<String> {
    (0..app.list.rows())
        .filter_map(|row| app.list.user_at(row).map(|u| u.username().to_owned()))
        .collect()
}

/// Whether every user the list shows is chosen (and at least one is).
pub fn all_shown_chosen(app: &App) -> bool {
    let rows = app.list.rows();
    rows > 0
        && (0..rows).all(|row| {
            app.list
                .user_at(row)
                .is_some_and(|u| app.list.chosen.contains(u.username()))
        })
}

/// Every page is in after `*` then `L`: every shown user is chosen, and the status says how many
/// the review will cover.
pub fn on_all_loaded(app: &mut App) {
    if !std::mem::take(&mut app.choose_when_loaded) {
        return;
    }
    if app.list.filtering.is_some() {
        let text = format!(
            "Every page is loaded; the filter is still matching: {} chooses all it shows.",
            app.key(Action::ChooseAll)
        );
        app.set_status(StatusKind::Info, text);
        return;
    }
    let shown = shown_usernames(app);
    app.list.chosen.extend(shown);
    app.set_status(
        StatusKind::Info,
        format!(
            "Every page is loaded: all {} matches are chosen. {} reviews them.",
            app.list.chosen.len(),
            app.key(Action::Review)
        ),
    );
}

/// After `*` while pages are still to come: says that only the loaded matches are chosen, and
/// of how many. A filtered listing gives no total; the pool's estimate is only for the whole pool.
fn partial_status(app: &mut App) {
    let chosen = app.list.chosen.len();
    let loaded = app.list.users.len();
    let estimate = match (&app.list.filter, app.pool.as_ref()) {
        (None, Some(pool)) => pool.estimated_users.filter(|&n| n > loaded as u64),
        _ => None,
    };
    let total = match estimate {
        Some(n) => format!("~{n} (the pool's estimate)"),
        None => format!("≥ {loaded}"),
    };
    let text = if app.choose_when_loaded {
        format!(
            "{chosen} chosen of {total}: the rest are still loading and are chosen once every \
             page is in. {} stops loading.",
            app.key(Action::Cancel)
        )
    } else {
        format!(
            "{chosen} chosen of {total}: only the loaded users are chosen. {} loads every match \
             and chooses them all; {} reviews just these {chosen}.",
            app.key(Action::LoadAll),
            app.key(Action::Review)
        )
    };
    app.set_status(StatusKind::Warning, text);
}

fn chosen_status(app: &mut App) {
    let n = app.list.chosen.len();
    if n == 0 {
        app.set_status(StatusKind::Info, "No user chosen.");
    } else {
        app.set_status(
            StatusKind::Info,
            // Short enough for a 70-column terminal; the help tells how to mark attributes.
            format!(
                "{n} user(s) chosen: {} acts on all; {}, {}, {} deletes attributes.",
                app.key(Action::AccountActions),
                app.key(Action::SwitchPane),
                app.key(Action::ToggleMark),
                app.key(Action::Review)
            ),
        );
    }
}

/// `d` with users chosen: the plan for deleting the marked attributes from all of them.
pub fn review(app: &mut App) {
    if app.load_all && app.choose_when_loaded {
        app.set_status(
            StatusKind::Warning,
            format!(
                "Still loading every match to choose them all ({} loaded): {} again once they \
                 are in, or {} to stop loading and keep the {} chosen.",
                app.list.users.len(),
                app.key(Action::Review),
                app.key(Action::Cancel),
                app.list.chosen.len()
            ),
        );
        return;
    }
    if app.bulk.is_some() {
        let text = format!(
            "a bulk deletion is running; wait for it to end ({} stops it)",
            app.key(Action::Cancel)
        );
        app.set_status(StatusKind::Warning, text);
        return;
    }
    let names: Vec<String> = app.detail.marks.iter().cloned().collect();
    if names.is_empty() {
        let text = format!(
            "Mark the attributes to delete ({}, then {}); they apply to every chosen user.",
            app.key(Action::SwitchPane),
            app.key(Action::ToggleMark)
        );
        app.set_status(StatusKind::Info, text);
        return;
    }
    let Some(pool) = &app.pool else {
        app.set_status(
            StatusKind::Warning,
            "the pool's schema is still loading; try again in a moment",
        );
        return;
    };
    let warnings = schema_rules::warnings(&names, pool, None);
    let usernames = app.list.chosen.iter().cloned().collect();
    app.overlay = Some(Overlay::BulkReview(plan(app, usernames, names, warnings)));
}

/// The plan for deleting `names` from `usernames`, with what the loaded list shows of them:
/// one pass over the loaded users, however many are chosen.
fn plan(app: &App, usernames: Vec<String>, names: Vec<String>, warnings: Vec<String>) -> BulkPlan {
    let chosen: HashSet<&str> = usernames.iter().map(String::as_str).collect();
    let shown: HashSet<&str> = usernames
        .iter()
        .take(BulkPlan::PREVIEW)
        .map(String::as_str)
        .collect();
    let mut listed = ListedCounts::default();
    let mut values: HashMap<&str, Vec<(String, String)>> = HashMap::new();
    let mut found = 0;
    let mut reviewed = Vec::new();
    for user in app.list.users.iter() {
        if !chosen.contains(user.username()) {
            continue;
        }
        found += 1;
        reviewed.push(Reviewed::of(user));
        if names.iter().any(|name| user.attribute(name).is_some()) {
            listed.holding += 1;
        } else {
            listed.lacking += 1;
        }
        if shown.contains(user.username()) {
            let held = names
                .iter()
                .filter_map(|name| Some((name.clone(), user.attribute(name)?.to_owned())))
                .collect();
            values.insert(user.username(), held);
        }
    }
    listed.not_loaded = chosen.len() - found.min(chosen.len());
    let preview = usernames
        .iter()
        .take(BulkPlan::PREVIEW)
        .map(|u| PreviewUser {
            username: u.clone(),
            held: values.remove(u.as_str()),
        })
        .collect();
    BulkPlan {
        usernames,
        names,
        warnings,
        preview,
        listed,
        reviewed,
    }
}

/// What the loaded list shows of `usernames` (each one's `sub`), in one pass over it: a run
/// holds each user to it. Users not loaded have nothing to hold them to.
pub(super) fn reviewed_in_list(app: &App, usernames: &[String]) -> Vec<Reviewed> {
    let chosen: HashSet<&str> = usernames.iter().map(String::as_str).collect();
    app.list
        .users
        .iter()
        .filter(|u| chosen.contains(u.username()))
        .map(Reviewed::of)
        .collect()
}

/// `y` in the bulk review: start, or ask for the count to be typed first.
pub fn confirm(app: &mut App, plan: BulkPlan) -> Vec<Command> {
    if plan.needs_typed_confirmation() {
        app.overlay = Some(Overlay::BulkReview(plan));
        app.input = Some(InputLine::new(InputKind::ConfirmCount, ""));
        return Vec::new();
    }
    start(app, plan)
}

/// Enter in the count prompt: start when the count typed is right.
pub fn confirm_typed(app: &mut App, typed: &str) -> Vec<Command> {
    let Some(Overlay::BulkReview(plan)) = app.overlay.clone() else {
        return Vec::new();
    };
    if typed.trim() == plan.usernames.len().to_string() {
        start(app, plan)
    } else {
        app.input = Some(InputLine::new(InputKind::ConfirmCount, ""));
        app.set_status(
            StatusKind::Warning,
            format!(
                "Type {} (the number of users) to confirm, or Esc to cancel.",
                plan.usernames.len()
            ),
        );
        Vec::new()
    }
}

fn start(app: &mut App, plan: BulkPlan) -> Vec<Command> {
    if app.session.read_only {
        app.set_status(StatusKind::Warning, super::update::READ_ONLY_REFUSAL);
        return Vec::new();
    }
    app.overlay = None;
    app.input = None;
    let id = app.next_request_id();
    for username in &plan.usernames {
        app.outcomes
            .insert(username.clone(), Outcome::Deleting(plan.names.clone()));
    }
    app.bulk = Some(BulkRun::new(
        id,
        BulkChange::Delete(plan.names.clone()),
        &plan.usernames,
    ));
    app.list.chosen.clear();
    app.detail.marks.clear();
    app.set_status(
        StatusKind::Progress,
        format!(
            "Deleting {} from {} users…",
            plan.names.join(", "),
            plan.usernames.len()
        ),
    );
    vec![Command::BulkDelete {
        id,
        usernames: plan.usernames,
        names: plan.names,
        reviewed: plan.reviewed,
    }]
}

/// Esc while a bulk run goes on: start no new users.
pub fn stop(app: &mut App) -> Vec<Command> {
    let stop_key = app.key(Action::Cancel);
    let Some(run) = &mut app.bulk else {
        return Vec::new();
    };
    run.stopping = true;
    let id = run.id;
    // The gauge stays, saying it stops: a server that does not answer can hold the users in
    // flight for the whole operation timeout, and the counts are what tells the user so.
    let text = match &run.progress {
        Some(progress) => gauge(run, progress, &stop_key),
        None => "Stopping: no new users are started; those in flight finish.".to_owned(),
    };
    app.set_status(StatusKind::Progress, text);
    vec![Command::StopBulk { id }]
}

/// Whether a bulk run (or an undo run) is going on, which another cannot start beside; the
/// status then says so.
pub fn refused_while_running(app: &mut App) -> bool {
    if app.bulk.is_none() {
        return false;
    }
    let text = format!(
        "a bulk run is going on; wait for it to end ({} stops it)",
        app.key(Action::Cancel)
    );
    app.set_status(StatusKind::Warning, text);
    true
}

/// An account action on users, reviewed and confirmed: the run starts.
pub fn start_action(app: &mut App, plan: super::ActionPlan) -> Vec<Command> {
    if refused_while_running(app) {
        return Vec::new();
    }
    let id = app.next_request_id();
    let label = plan.action.label();
    for username in &plan.usernames {
        app.outcomes
            .insert(username.clone(), Outcome::Applying(label.to_owned()));
    }
    app.bulk = Some(BulkRun::new(
        id,
        BulkChange::Apply(plan.action.clone()),
        &plan.usernames,
    ));
    app.list.chosen.clear();
    let whom = match &plan.usernames[..] {
        [one] if !app.mask_pii || !crate::pii::looks_personal(one) => one.clone(),
        _ => format!("{} users", plan.usernames.len()),
    };
    app.set_status(StatusKind::Progress, format!("{label}: {whom}…"));
    vec![Command::Apply {
        id,
        usernames: plan.usernames,
        action: plan.action,
        reviewed: plan.reviewed,
    }]
}

/// `R`: review the last run's failed users again.
pub fn retry_failed(app: &mut App) {
    match app.retry_failed.clone() {
        Some((usernames, BulkChange::Delete(names))) if !usernames.is_empty() => {
            app.overlay = Some(Overlay::BulkReview(plan(app, usernames, names, Vec::new())));
        }
        // A password the pool's policy refused would only be refused again: it is typed anew.
        Some((usernames, BulkChange::Apply(AccountAction::SetPassword { permanent, .. })))
            if !usernames.is_empty() =>
        {
            let n = usernames.len();
            super::account_actions::ask_password(app, usernames, permanent);
            app.set_status(
                StatusKind::Warning,
                format!(
                    "Type a new password for the {n} failed user(s): the last one is not sent \
                     again."
                ),
            );
        }
        Some((usernames, BulkChange::Apply(action))) if !usernames.is_empty() => {
            super::account_actions::review(app, usernames, action);
        }
        _ => app.set_status(StatusKind::Info, "No failed users to retry."),
    }
}

pub(super) fn outcome_of(report: &UserReport, change: &BulkChange) -> Outcome {
    match (&report.result, change) {
        (ItemResult::Deleted(attributes), _) => {
            Outcome::Deleted(attributes.iter().map(|a| a.name.clone()).collect())
        }
        (ItemResult::Skipped(reason), _) => Outcome::Skipped(reason.to_string()),
        (ItemResult::Failed(failure), _) => Outcome::Failed(failure.to_string()),
        (ItemResult::Applied(what), _) => Outcome::Applied(what.clone()),
        (ItemResult::Restored(_), _) => Outcome::Applied(report.result.to_string()),
        (_, BulkChange::Apply(action)) => Outcome::Applied(action.label().to_owned()),
        (other, BulkChange::Undo) => Outcome::Applied(other.to_string()),
        (other, BulkChange::Delete(_)) => Outcome::Skipped(other.to_string()),
    }
}

pub fn on_progress(app: &mut App, id: RequestId, progress: Progress) {
    if let (Some((lost, change)), Some(last)) = (&app.lost_run, &progress.last)
        && *lost == id
    {
        // Sent before the run stopped, read after: the user's outcome is known after all.
        let outcome = outcome_of(last, change);
        let enabled = enabled_by(change).filter(|_| matches!(outcome, Outcome::Applied(_)));
        let username = last.username.clone();
        app.outcomes.insert(username.clone(), outcome);
        if let Some(enabled) = enabled {
            set_enabled(app, &[&username], enabled);
        }
        return;
    }
    let stop_key = app.key(Action::Cancel);
    let Some(run) = app.bulk.as_mut().filter(|r| r.id == id) else {
        return;
    };
    if let Some(last) = &progress.last {
        app.outcomes
            .insert(last.username.clone(), outcome_of(last, &run.change));
        run.answered.insert(last.username.clone());
    }
    run.progress = Some(progress.clone());
    let text = gauge(run, &progress, &stop_key);
    app.set_status(StatusKind::Progress, text);
}

/// Calls of run `id` wait to be tried again, or no longer: the gauge says so (its status
/// line, before the first progress). One notice for the run, however many users wait. An undo
/// of one entry and a deletion from the attribute pane have no gauge: their status line says
/// it, as a read's wait does.
pub fn on_waiting(app: &mut App, id: RequestId, retrying: &crate::retry::Retrying) {
    let notice = (retrying.calls > 0).then(|| retrying.sentence());
    let stop_key = app.key(Action::Cancel);
    if let Some(run) = app.bulk.as_mut().filter(|r| r.id == id) {
        run.retrying = notice.clone();
        // Before its first gauge (the pool described first), the notice alone.
        if let Some(text) = match &run.progress {
            Some(progress) => Some(gauge(run, progress, &stop_key)),
            None => notice,
        } {
            app.set_status(StatusKind::Progress, text);
        }
        return;
    }
    // An undo, or a deletion from the attribute pane: the notice alone, as a read's.
    if !app.undos.contains(&id) && !app.deletions.contains_key(&id) {
        return;
    }
    match notice {
        Some(notice) => {
            tracing::info!("{notice}");
            let shown = app.set_wait_notice(notice.clone()).unwrap_or(notice);
            // Cleared when the outcome comes, as a read's notice is.
            app.waiting = Some((id, shown));
        }
        // The wait is over, the change goes on: its notice is gone (cleared as any answer to
        // `id` clears it, `responses::on_response`), and a deletion says again what it does.
        None if app.status.is_none() => {
            let deleting =
                app.deletions
                    .get(&id)
                    .and_then(|username| match app.outcomes.get(username) {
                        Some(super::Outcome::Deleting(names)) => {
                            Some(super::update::deleting_text(names, username))
                        }
                        _ => None,
                    });
            if let Some(text) = deleting {
                app.set_status(StatusKind::Progress, text);
            }
        }
        None => {}
    }
}

/// The run's gauge: the bar, the counts, the users waiting for Cognito, the rate, and why calls
/// wait to be retried while they do.
fn gauge(run: &BulkRun, progress: &Progress, stop_key: &str) -> String {
    let (doing, done_word) = (run.change.doing(), run.change.done_word());
    let done = progress.done + progress.skipped + progress.failed;
    let width = 20;
    let filled = (done * width).checked_div(progress.total).unwrap_or(width);
    let bar: String = "█".repeat(filled) + &"░".repeat(width.saturating_sub(filled));
    let waiting = match (progress.in_flight, &run.retrying) {
        (0, _) => String::new(),
        (n, None) => format!(" · {n} waiting for Cognito"),
        (n, Some(retrying)) => format!(" · {n} waiting for Cognito · {retrying}"),
    };
    format!(
        "{bar} {done}/{} · {done_word} {} · skipped {} · failed {}{waiting} · {:.1}/s — {doing}{}",
        progress.total,
        progress.done,
        progress.skipped,
        progress.failed,
        progress.rate,
        if run.stopping {
            " — stopping: no new users start".to_owned()
        } else {
            format!(" — {stop_key} stops")
        }
    )
}

pub fn on_finished(
    app: &mut App,
    id: RequestId,
    result: Result<BulkReport, String>,
) -> Vec<Command> {
    if app.bulk.as_ref().is_none_or(|r| r.id != id) {
        return Vec::new();
    }
    let Some(run) = app.bulk.take() else {
        return Vec::new();
    };
    match result {
        Ok(report) => {
            for user in &report.users {
                app.outcomes
                    .insert(user.username.clone(), outcome_of(user, &run.change));
            }
            let counts = report.counts();
            let failed = report.failed_usernames();
            let mut text = format!(
                "{}: {} {}, {} skipped, {} failed in {:.1} s{}.",
                run.change.title(),
                counts.done,
                run.change.done_word(),
                counts.skipped,
                counts.failed,
                report.elapsed.as_secs_f64(),
                if report.cancelled { " (stopped)" } else { "" }
            );
            if let [one] = &report.users[..]
                && let ItemResult::Applied(what) = &one.result
            {
                // One user: what was done to whom, in words.
                text = format!("{}: {what}.", one.username);
            }
            if let [one] = &report.users[..]
                && let ItemResult::Skipped(why) = &one.result
            {
                // One user left alone: why ("the user no longer exists", "already disabled").
                text = format!(
                    "{}: {} skipped: {why}.",
                    one.username,
                    run.change.title_mid_sentence()
                );
            }
            if let [one] = &report.users[..]
                && let ItemResult::Failed(why) = &one.result
            {
                // One user that failed: why, without looking for it in the pane.
                text = format!(
                    "{}: {} failed: {}.",
                    one.username,
                    run.change.title_mid_sentence(),
                    why.to_string().trim_end_matches('.')
                );
            }
            if !failed.is_empty() {
                text.push_str(&format!(
                    " {} retries the {} failed.",
                    app.key(Action::RetryFailed),
                    failed.len()
                ));
            }
            let kind = if failed.is_empty() {
                StatusKind::Info
            } else {
                StatusKind::Error
            };
            let commands = after_run(app, &run.change, &report);
            app.retry_failed = Some((failed, run.change));
            app.set_status(kind, text);
            commands
        }
        Err(why) => {
            for (name, outcome) in app.outcomes.iter_mut() {
                if matches!(outcome, Outcome::Deleting(_) | Outcome::Applying(_)) {
                    *outcome = Outcome::Failed(format!("not started: {why}"));
                    tracing::warn!(user = %name, "bulk run did not start: {why}");
                }
            }
            let what = match &run.change {
                BulkChange::Delete(_) => "The bulk deletion".to_owned(),
                BulkChange::Apply(action) => action.label().to_owned(),
                BulkChange::Undo => "The undo".to_owned(),
            };
            app.set_status(StatusKind::Error, format!("{what} could not start: {why}"));
            Vec::new()
        }
    }
}

/// The task running the bulk run (or the undo run) `id` stopped without a report (it panicked):
/// the gauge ends, the users whose outcome came in keep it, the others are marked as not known,
/// and the status says which is which. The journal holds what was done. Returns whether `id`
/// was that run.
pub fn on_crashed(app: &mut App, id: RequestId, message: &str) -> bool {
    let Some(run) = app.bulk.take_if(|r| r.id == id) else {
        return false;
    };
    app.undos.remove(&id);
    let (answered, unknown): (Vec<&String>, Vec<&String>) = run
        .usernames
        .iter()
        .partition(|u| run.answered.contains(*u));
    for username in &unknown {
        app.outcomes.insert((*username).clone(), Outcome::Unknown);
    }
    // The list's On column follows the users the run did disable or enable.
    if let Some(enabled) = enabled_by(&run.change) {
        let done: Vec<&str> = answered
            .iter()
            .filter(|u| matches!(app.outcomes.get(u.as_str()), Some(Outcome::Applied(_))))
            .map(|u| u.as_str())
            .collect();
        set_enabled(app, &done, enabled);
    }
    tracing::error!(
        ?id,
        %message,
        answered = ?answered,
        unknown = ?unknown,
        "a bulk run stopped unexpectedly"
    );
    let what = match &run.change {
        BulkChange::Delete(names) => format!("The bulk deletion of {}", names.join(", ")),
        BulkChange::Apply(action) => format!("The run to {}", action.label()),
        BulkChange::Undo => "The undo of the run".to_owned(),
    };
    let mut text = format!(
        "{what} stopped unexpectedly: {} of {} users have an outcome{}",
        answered.len(),
        run.usernames.len(),
        named(&answered)
    );
    if unknown.is_empty() {
        text.push('.');
    } else {
        text.push_str(&format!(
            "; {} not known — check the journal or the pool{}.",
            unknown.len(),
            named(&unknown)
        ));
    }
    app.set_status(StatusKind::Error, text);
    app.lost_run = Some((id, run.change));
    true
}

/// The enabled flag a change leaves a user it was done to with, when it sets one.
fn enabled_by(change: &BulkChange) -> Option<bool> {
    match change {
        BulkChange::Apply(AccountAction::Disable) => Some(false),
        BulkChange::Apply(AccountAction::Enable) => Some(true),
        _ => None,
    }
}

/// ` (alice, bob)` for a few users, ` (alice, bob … and 40 more)` for many; nothing for none.
fn named(usernames: &[&String]) -> String {
    const NAMED: usize = 10;
    if usernames.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = usernames.iter().take(NAMED).map(|u| u.as_str()).collect();
    let more = match usernames.len().saturating_sub(NAMED) {
        0 => String::new(),
        n => format!(" … and {n} more"),
    };
    format!(" ({}{more})", shown.join(", "))
}

/// The loaded users' enabled flags as a run (or an undo) left them.
pub(super) fn set_enabled(app: &mut App, usernames: &[&str], enabled: bool) {
    for name in usernames {
        if let Some(user) = app
            .list
            .index_of(name)
            .and_then(|i| app.list.users.get_mut(i))
        {
            user.set_enabled(enabled);
        }
    }
    app.list.local_cache.clear();
}

/// After a run: the loaded users it changed are brought up to date. Enabled flags are set from
/// the outcomes; a user deleted or created changes the list, which is read again; otherwise the
/// shown user (and its groups) is read back, so the pane shows the server's state.
fn after_run(app: &mut App, change: &BulkChange, report: &BulkReport) -> Vec<Command> {
    let done: Vec<&str> = report
        .users
        .iter()
        .filter(|u| !matches!(u.result, ItemResult::Skipped(_) | ItemResult::Failed(_)))
        .map(|u| u.username.as_str())
        .collect();
    let shown_group = |group: &String| app.group.as_ref() == Some(group);
    // The users who leave the list: those deleted, those removed from the group it shows, and
    // those found gone (reading any of them again would only answer "not found").
    let leaving_by_change = match change {
        BulkChange::Apply(AccountAction::DeleteUser) => true,
        BulkChange::Apply(AccountAction::RemoveFromGroup { group }) => shown_group(group),
        _ => false,
    };
    let left: Vec<&str> = report
        .users
        .iter()
        .filter(|u| match &u.result {
            ItemResult::Skipped(SkipReason::UserGone) => true,
            ItemResult::Skipped(_) | ItemResult::Failed(_) => false,
            _ => leaving_by_change,
        })
        .map(|u| u.username.as_str())
        .collect();
    // Users who join it: those created, those added to the group it shows.
    let joined = !done.is_empty()
        && match change {
            BulkChange::Apply(AccountAction::CreateUser { .. }) => true,
            BulkChange::Apply(AccountAction::AddToGroup { group }) => shown_group(group),
            _ => false,
        };
    match change {
        BulkChange::Apply(AccountAction::Disable) => set_enabled(app, &done, false),
        BulkChange::Apply(AccountAction::Enable) => set_enabled(app, &done, true),
        _ => {}
    }
    if !left.is_empty() || joined {
        return app.reload_after_deleting(&left);
    }
    let mut commands: Vec<Command> = app.load_detail().into_iter().collect();
    if matches!(
        change,
        BulkChange::Apply(AccountAction::AddToGroup { .. } | AccountAction::RemoveFromGroup { .. })
    ) {
        commands.extend(app.load_groups());
        commands.extend(super::columns::reread_groups(app, &done));
    }
    commands
}
