//! Bulk deletion as state transitions: choosing users, reviewing, confirming (typing the count
//! above 20 users), following progress, stopping, and retrying the failed set.

use std::collections::{HashMap, HashSet};

use super::{
    App, BulkPlan, BulkRun, InputKind, InputLine, ListedCounts, Outcome, Overlay, PreviewUser,
    StatusKind,
};
use crate::bulk::{BulkReport, ItemResult, Progress, UserReport};
use crate::schema_rules;
use crate::worker::{Command, RequestId};

/// Space in the user list: choose or unchoose the selected user, then move down.
pub fn toggle_user(app: &mut App) -> Vec<Command> {
    let Some(name) = app.list.selected().map(|u| u.username.clone()) else {
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
    let shown: Vec<String> = (0..app.list.rows())
        .filter_map(|row| app.list.user_at(row).map(|u| u.username.clone()))
        .collect();
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

/// Whether every user the list shows is chosen (and at least one is).
pub fn all_shown_chosen(app: &App) -> bool {
    let rows = app.list.rows();
    rows > 0
        && (0..rows).all(|row| {
            app.list
                .user_at(row)
                .is_some_and(|u| app.list.chosen.contains(&u.username))
        })
}

/// Every page is in after `*` then `L`: every shown user is chosen, and the status says how many
/// the review will cover.
pub fn on_all_loaded(app: &mut App) {
    if !std::mem::take(&mut app.choose_when_loaded) {
        return;
    }
    if app.list.filtering.is_some() {
        app.set_status(
            StatusKind::Info,
            "Every page is loaded; the filter is still matching: * chooses all it shows.",
        );
        return;
    }
    let shown: Vec<String> = (0..app.list.rows())
        .filter_map(|row| app.list.user_at(row).map(|u| u.username.clone()))
        .collect();
    app.list.chosen.extend(shown);
    app.set_status(
        StatusKind::Info,
        format!(
            "Every page is loaded: all {} matches are chosen. d reviews them.",
            app.list.chosen.len()
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
             page is in. Esc stops loading."
        )
    } else {
        format!(
            "{chosen} chosen of {total}: only the loaded users are chosen. L loads every match \
             and chooses them all; d reviews just these {chosen}."
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
            format!(
                "{n} user(s) chosen. Tab to the attributes, mark the ones to delete, then d to review."
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
                "Still loading every match to choose them all ({} loaded): d again once they \
                 are in, or Esc to stop loading and keep the {} chosen.",
                app.list.users.len(),
                app.list.chosen.len()
            ),
        );
        return;
    }
    if app.bulk.is_some() {
        app.set_status(
            StatusKind::Warning,
            "a bulk deletion is running; wait for it to end (Esc stops it)",
        );
        return;
    }
    let names: Vec<String> = app.detail.marks.iter().cloned().collect();
    if names.is_empty() {
        app.set_status(
            StatusKind::Info,
            "Mark the attributes to delete (Tab, then space); they apply to every chosen user.",
        );
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
    for user in app.list.users.iter() {
        if !chosen.contains(user.username.as_str()) {
            continue;
        }
        found += 1;
        if names.iter().any(|name| user.attribute(name).is_some()) {
            listed.holding += 1;
        } else {
            listed.lacking += 1;
        }
        if shown.contains(user.username.as_str()) {
            let held = names
                .iter()
                .filter_map(|name| Some((name.clone(), user.attribute(name)?.to_owned())))
                .collect();
            values.insert(user.username.as_str(), held);
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
    }
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
    app.bulk = Some(BulkRun {
        id,
        names: plan.names.clone(),
        total: plan.usernames.len(),
        progress: None,
        stopping: false,
    });
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
    }]
}

/// Esc while a bulk run goes on: start no new users.
pub fn stop(app: &mut App) -> Vec<Command> {
    let Some(run) = &mut app.bulk else {
        return Vec::new();
    };
    run.stopping = true;
    let id = run.id;
    app.set_status(
        StatusKind::Progress,
        "Stopping: no new users are started; those in flight finish.",
    );
    vec![Command::StopBulk { id }]
}

/// `R`: review the last run's failed users again.
pub fn retry_failed(app: &mut App) {
    match app.retry_failed.clone() {
        Some((usernames, names)) if !usernames.is_empty() => {
            app.overlay = Some(Overlay::BulkReview(plan(app, usernames, names, Vec::new())));
        }
        _ => app.set_status(StatusKind::Info, "No failed users to retry."),
    }
}

fn outcome_of(report: &UserReport) -> Outcome {
    match &report.result {
        ItemResult::Deleted(attributes) => {
            Outcome::Deleted(attributes.iter().map(|a| a.name.clone()).collect())
        }
        ItemResult::Skipped(reason) => Outcome::Skipped(reason.to_string()),
        ItemResult::Failed(failure) => Outcome::Failed(failure.to_string()),
        other => Outcome::Skipped(other.to_string()),
    }
}

pub fn on_progress(app: &mut App, id: RequestId, progress: Progress) {
    let Some(run) = app.bulk.as_mut().filter(|r| r.id == id) else {
        return;
    };
    if let Some(last) = &progress.last {
        app.outcomes.insert(last.username.clone(), outcome_of(last));
    }
    let stopping = run.stopping;
    let names = run.names.join(", ");
    run.progress = Some(progress.clone());
    let done = progress.done + progress.skipped + progress.failed;
    let width = 20;
    let filled = (done * width).checked_div(progress.total).unwrap_or(width);
    let bar: String = "█".repeat(filled) + &"░".repeat(width - filled);
    app.set_status(
        StatusKind::Progress,
        format!(
            "{bar} {done}/{} · deleted {} · skipped {} · failed {} · {:.1}/s — deleting {names}{}",
            progress.total,
            progress.done,
            progress.skipped,
            progress.failed,
            progress.rate,
            if stopping {
                " — stopping"
            } else {
                " — Esc stops"
            }
        ),
    );
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
                app.outcomes.insert(user.username.clone(), outcome_of(user));
            }
            let counts = report.counts();
            let failed = report.failed_usernames();
            let mut text = format!(
                "Bulk deletion of {}: {} deleted, {} skipped, {} failed in {:.1} s{}.",
                run.names.join(", "),
                counts.done,
                counts.skipped,
                counts.failed,
                report.elapsed.as_secs_f64(),
                if report.cancelled { " (stopped)" } else { "" }
            );
            if !failed.is_empty() {
                text.push_str(&format!(" R retries the {} failed.", failed.len()));
            }
            let kind = if failed.is_empty() {
                StatusKind::Info
            } else {
                StatusKind::Error
            };
            app.retry_failed = Some((failed, run.names));
            app.set_status(kind, text);
            // The shown user may have changed: read it back.
            app.load_detail().into_iter().collect()
        }
        Err(why) => {
            for (name, outcome) in app.outcomes.iter_mut() {
                if matches!(outcome, Outcome::Deleting(_)) {
                    *outcome = Outcome::Failed(format!("not started: {why}"));
                    tracing::warn!(user = %name, "bulk run did not start: {why}");
                }
            }
            app.set_status(
                StatusKind::Error,
                format!("The bulk deletion could not start: {why}"),
            );
            Vec::new()
        }
    }
}
