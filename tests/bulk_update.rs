//! Bulk deletion in the app: choosing users, review, typed confirmation, progress, stop, retry.

mod support;

use std::time::Duration;

use cognito_tui::app::{
    Action, App, BulkPlan, Focus, InputEdit, InputKind, ListedCounts, Msg, Outcome, Overlay,
    PreviewUser, update,
};
use cognito_tui::bulk::{BulkReport, Failure, ItemResult, Progress, UserReport};
use cognito_tui::directory::{Attribute, DirectoryError};
use cognito_tui::worker::{Command, RequestId, Response};
use support::{
    answer, answer_page, choose_first, mark_attributes, press, select_attribute, started,
    status_text,
};

fn mark_locale(app: &mut App) {
    select_attribute(app, "locale");
    press(app, Action::ToggleMark);
}

fn bulk_command(commands: &[Command]) -> (RequestId, Vec<String>, Vec<String>) {
    commands
        .iter()
        .find_map(|c| match c {
            Command::BulkDelete {
                id,
                usernames,
                names,
                ..
            } => Some((*id, usernames.clone(), names.clone())),
            _ => None,
        })
        .expect("no bulk deletion sent")
}

fn report(user: &str, result: ItemResult) -> UserReport {
    UserReport {
        username: user.into(),
        journal_id: None,
        result,
        warnings: Vec::new(),
    }
}

#[test]
fn space_in_the_list_chooses_users_and_d_reviews_them_all() {
    let mut app = started(10, false);
    choose_first(&mut app, 3);
    assert_eq!(app.list.chosen.len(), 3);
    assert_eq!(app.list.cursor.selected, 3, "space moves on");
    mark_locale(&mut app);
    assert!(press(&mut app, Action::Review).is_empty());
    let Some(Overlay::BulkReview(plan)) = &app.overlay else {
        panic!("no bulk review")
    };
    assert_eq!(plan.usernames, ["user000", "user001", "user002"]);
    assert_eq!(plan.names, ["locale"]);
    assert!(!plan.needs_typed_confirmation());
    let commands = press(&mut app, Action::Confirm);
    let (_, usernames, names) = bulk_command(&commands);
    assert_eq!(usernames.len(), 3);
    assert_eq!(names, ["locale"]);
    assert!(app.bulk.is_some());
    assert!(app.list.chosen.is_empty());
    assert!(matches!(
        app.outcomes.get("user001"),
        Some(Outcome::Deleting(_))
    ));
}

#[test]
fn the_review_shows_what_the_list_holds_of_each_chosen_user() {
    let mut app = started(12, false);
    // user001 holds no locale; "gone" is chosen but no longer in the list.
    let mut user = app.list.users[1].clone();
    user.retain_attributes(|a| a.name != "locale");
    app.list.users.set(1, user);
    choose_first(&mut app, 10);
    app.list.chosen.insert("gone".to_owned());
    mark_attributes(&mut app, &["locale", "name"]);
    press(&mut app, Action::Review);
    let Some(Overlay::BulkReview(plan)) = &app.overlay else {
        panic!("no bulk review")
    };
    assert_eq!(plan.usernames.len(), 11);
    assert_eq!(
        plan.listed,
        ListedCounts {
            holding: 10,
            lacking: 0,
            not_loaded: 1
        },
        "user001 still holds a name"
    );
    // The preview follows the plan's order ("gone" sorts first) and shows the values held.
    assert_eq!(plan.preview.len(), BulkPlan::PREVIEW);
    let preview = |username: &str, held: Option<Vec<(&str, &str)>>| PreviewUser {
        username: username.to_owned(),
        held: held.map(|pairs| {
            pairs
                .into_iter()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect()
        }),
    };
    assert_eq!(plan.preview[0], preview("gone", None));
    assert_eq!(
        plan.preview[1],
        preview(
            "user000",
            Some(vec![("locale", "en-GB"), ("name", "Test User 0")])
        )
    );
    assert_eq!(
        plan.preview[2],
        preview("user001", Some(vec![("name", "Test User 1")]))
    );

    // With only the locale marked, user001 holds none of it and is counted as skipped.
    press(&mut app, Action::Cancel);
    mark_attributes(&mut app, &["name"]);
    press(&mut app, Action::Review);
    let Some(Overlay::BulkReview(plan)) = &app.overlay else {
        panic!("no bulk review")
    };
    assert_eq!(plan.names, ["locale"]);
    assert_eq!(
        plan.listed,
        ListedCounts {
            holding: 9,
            lacking: 1,
            not_loaded: 1
        }
    );
    assert_eq!(plan.preview[2], preview("user001", Some(Vec::new())));
}

#[test]
fn above_twenty_users_the_count_must_be_typed() {
    let mut app = started(30, false);
    press(&mut app, Action::ChooseAll);
    assert_eq!(app.list.chosen.len(), 30);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    assert!(
        press(&mut app, Action::Confirm).is_empty(),
        "y alone is not enough"
    );
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::ConfirmCount);
    for c in "29".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    assert!(update(&mut app, Msg::Input(InputEdit::Submit)).is_empty());
    assert!(status_text(&app).contains("Type 30"));
    for c in "30".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    let (_, usernames, _) = bulk_command(&commands);
    assert_eq!(usernames.len(), 30);
}

#[test]
fn esc_at_the_count_prompt_cancels_and_sends_nothing() {
    let mut app = started(30, false);
    press(&mut app, Action::ChooseAll);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    press(&mut app, Action::Confirm);
    assert!(update(&mut app, Msg::Input(InputEdit::Cancel)).is_empty());
    assert_eq!(app.overlay, None);
    assert!(app.bulk.is_none());
}

#[test]
fn progress_updates_outcomes_and_esc_asks_the_worker_to_stop() {
    let mut app = started(5, false);
    choose_first(&mut app, 5);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    let (id, _, _) = bulk_command(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: Progress {
                total: 5,
                done: 1,
                skipped: 0,
                failed: 0,
                remaining: 4,
                in_flight: 2,
                rate: 12.5,
                last: Some(report(
                    "user000",
                    ItemResult::Deleted(vec![Attribute::new("locale", "en-GB")]),
                )),
            },
        },
    );
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Deleted(_))
    ));
    assert!(status_text(&app).contains("1/5"), "{}", status_text(&app));
    assert!(
        status_text(&app).contains("2 waiting for Cognito"),
        "{}",
        status_text(&app)
    );
    press(&mut app, Action::FocusUsers);
    let commands = press(&mut app, Action::Cancel);
    assert_eq!(commands, vec![Command::StopBulk { id }]);
    assert!(app.bulk.as_ref().unwrap().stopping);
    // The gauge stays while those in flight finish, saying it stops.
    let text = status_text(&app);
    assert!(text.contains("1/5"), "{text}");
    assert!(text.contains("2 waiting for Cognito"), "{text}");
    assert!(text.contains("stopping"), "{text}");
}

#[test]
fn the_summary_accounts_for_every_user_and_r_retries_the_failed() {
    let mut app = started(5, false);
    choose_first(&mut app, 3);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    let (id, _, _) = bulk_command(&press(&mut app, Action::Confirm));
    let finished = BulkReport {
        batch: Some("b1".into()),
        users: vec![
            report(
                "user000",
                ItemResult::Deleted(vec![Attribute::new("locale", "en-GB")]),
            ),
            report(
                "user001",
                ItemResult::Skipped(cognito_tui::bulk::SkipReason::NotPresent),
            ),
            report(
                "user002",
                ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
                    "InternalErrorException",
                    "boom",
                ))),
            ),
        ],
        cancelled: false,
        elapsed: Duration::from_millis(1500),
    };
    answer(
        &mut app,
        Response::BulkFinished {
            id,
            result: Ok(finished),
        },
    );
    assert!(app.bulk.is_none());
    let text = status_text(&app);
    assert!(text.contains("1 deleted, 1 skipped, 1 failed"), "{text}");
    assert!(text.contains("R retries the 1 failed"), "{text}");
    assert!(matches!(
        app.outcomes.get("user001"),
        Some(Outcome::Skipped(_))
    ));
    assert!(matches!(
        app.outcomes.get("user002"),
        Some(Outcome::Failed(_))
    ));
    press(&mut app, Action::RetryFailed);
    let Some(Overlay::BulkReview(plan)) = &app.overlay else {
        panic!("retry opens the review")
    };
    assert_eq!(plan.usernames, ["user002"]);
    assert_eq!(plan.names, ["locale"]);
}

#[test]
fn read_only_refuses_choosing_users() {
    let mut app = started(5, true);
    assert_eq!(app.focus, Focus::Users);
    press(&mut app, Action::ToggleMark);
    press(&mut app, Action::ChooseAll);
    assert!(app.list.chosen.is_empty());
    assert!(status_text(&app).starts_with("read-only mode"));
}

#[test]
fn choose_all_with_pages_still_to_come_says_only_the_loaded_are_chosen() {
    let mut app = started(10, false);
    app.list.next_token = Some("more".to_owned());
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    assert_eq!(app.list.chosen.len(), 10);
    let text = status_text(&app);
    assert!(text.contains("10 chosen of"), "{text}");
    assert!(text.contains("only the loaded users are chosen"), "{text}");
}

#[test]
fn choose_all_with_every_page_in_says_nothing_of_pages() {
    let mut app = started(10, false);
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    assert_eq!(app.list.chosen.len(), 10);
    assert!(!status_text(&app).contains("only the loaded"));
}

#[test]
fn choose_all_over_the_whole_pool_counts_against_the_pools_estimate() {
    let mut app = started(10, false);
    app.list.next_token = Some("more".to_owned());
    app.pool.as_mut().unwrap().estimated_users = Some(600);
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    let text = status_text(&app);
    assert!(
        text.contains("10 chosen of ~600 (the pool's estimate)"),
        "{text}"
    );
}

/// The one ListUsers command among `commands`, answered with `users` as the last page.
fn answer_last_page(app: &mut App, commands: &[Command], users: Vec<cognito_tui::directory::User>) {
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .expect("no page asked for");
    answer_page(app, id, users, None);
}

#[test]
fn star_then_l_loads_every_match_and_the_review_covers_them_all() {
    let mut app = started(10, false);
    app.list.next_token = Some("more".to_owned());
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    assert!(
        status_text(&app).contains("L loads every match"),
        "{}",
        status_text(&app)
    );

    let commands = press(&mut app, Action::LoadAll);
    assert!(app.choose_when_loaded);
    assert!(status_text(&app).contains("all are chosen once loaded"));
    // While pages still come, the review waits: it would cover only the first ones.
    mark_locale(&mut app);
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::Review);
    assert!(app.overlay.is_none());
    assert!(status_text(&app).contains("Still loading every match"));

    let rest: Vec<_> = cognito_tui::directory::fixtures::users(25)
        .into_iter()
        .skip(10)
        .collect();
    answer_last_page(&mut app, &commands, rest);
    assert_eq!(app.list.chosen.len(), 25);
    assert!(
        status_text(&app).contains("all 25 matches are chosen"),
        "{}",
        status_text(&app)
    );
    press(&mut app, Action::Review);
    let Some(Overlay::BulkReview(plan)) = &app.overlay else {
        panic!("no review: {}", status_text(&app));
    };
    assert_eq!(plan.usernames.len(), 25);
    assert_eq!(plan.listed.not_loaded, 0);
}

#[test]
fn esc_while_loading_every_match_stops_and_keeps_the_chosen() {
    let mut app = started(10, false);
    app.list.next_token = Some("more".to_owned());
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    let commands = press(&mut app, Action::LoadAll);
    press(&mut app, Action::Cancel);
    assert!(!app.load_all && !app.choose_when_loaded);
    assert_eq!(app.list.chosen.len(), 10);
    // A page that was already asked for still lands, but chooses nothing more; the count is
    // said once it is in, as the header counts.
    assert!(
        status_text(&app).contains("the page on its way still lands"),
        "{}",
        status_text(&app)
    );
    let rest: Vec<_> = cognito_tui::directory::fixtures::users(15)
        .into_iter()
        .skip(10)
        .collect();
    answer_last_page(&mut app, &commands, rest);
    assert_eq!(app.list.chosen.len(), 10);
    assert_eq!(
        status_text(&app),
        "Loaded all 15 users; the 10 chosen stay chosen."
    );
}

#[test]
fn l_after_choosing_a_few_by_hand_does_not_choose_the_rest() {
    let mut app = started(10, false);
    app.list.next_token = Some("more".to_owned());
    choose_first(&mut app, 3);
    press(&mut app, Action::LoadAll);
    assert!(app.load_all);
    assert!(!app.choose_when_loaded);
    // Moving through the list already asked for the next page.
    let id = app.list.loading.expect("a page is asked for");
    let rest: Vec<_> = cognito_tui::directory::fixtures::users(15)
        .into_iter()
        .skip(10)
        .collect();
    answer_page(&mut app, id, rest, None);
    assert_eq!(app.list.users.len(), 15);
    assert_eq!(app.list.chosen.len(), 3);
}

fn progress_after(user: &str, done: usize, total: usize) -> Progress {
    Progress {
        total,
        done,
        skipped: 0,
        failed: 0,
        remaining: total - done,
        in_flight: 1,
        rate: 1.0,
        last: Some(report(
            user,
            ItemResult::Deleted(vec![Attribute::new("locale", "en-GB")]),
        )),
    }
}

#[test]
fn a_run_whose_task_dies_ends_its_gauge_and_names_the_users_without_an_outcome() {
    let mut app = started(4, false);
    choose_first(&mut app, 4);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    let (id, _, _) = bulk_command(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: progress_after("user001", 1, 4),
        },
    );
    answer(
        &mut app,
        Response::Crashed {
            id,
            message: "task 12 panicked".into(),
        },
    );
    assert!(app.bulk.is_none(), "the gauge ends");
    let text = status_text(&app);
    assert!(text.contains("stopped unexpectedly"), "{text}");
    assert!(
        text.contains("1 of 4 users have an outcome (user001)"),
        "{text}"
    );
    assert!(
        text.contains("3 not known — check the journal or the pool (user000, user002, user003)"),
        "{text}"
    );
    assert!(matches!(
        app.outcomes.get("user001"),
        Some(Outcome::Deleted(_))
    ));
    for user in ["user000", "user002", "user003"] {
        assert_eq!(app.outcomes.get(user), Some(&Outcome::Unknown), "{user}");
    }
    // An outcome sent before the task died and read after it still counts.
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: progress_after("user002", 2, 4),
        },
    );
    assert!(matches!(
        app.outcomes.get("user002"),
        Some(Outcome::Deleted(_))
    ));
    assert!(app.bulk.is_none(), "a late progress brings no gauge back");
    // Nothing runs any more: q quits at once.
    press(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn a_worker_that_dies_during_a_run_says_which_users_have_no_outcome() {
    let mut app = started(3, false);
    assert_eq!(app.on_worker_died("it panicked"), None, "nothing ran");
    choose_first(&mut app, 3);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    let (id, _, _) = bulk_command(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: progress_after("user000", 1, 3),
        },
    );
    let said = app
        .on_worker_died("it panicked")
        .expect("the run is told of");
    assert!(
        said.contains("1 of 3 users have an outcome (user000)"),
        "{said}"
    );
    assert!(said.contains("2 not known"), "{said}");
    assert!(said.contains("(user001, user002)"), "{said}");
    assert!(app.bulk.is_none());
    let error = cognito_tui::run::RunError::WorkerDiedDuringRun {
        why: "it panicked".into(),
        run: said,
    };
    assert!(
        error.to_string().starts_with(
            "the background worker stopped unexpectedly (it panicked). The bulk deletion of locale"
        ),
        "{error}"
    );
}

#[test]
fn a_run_whose_calls_wait_to_be_retried_says_so_in_its_gauge_once_for_all_users() {
    let mut app = started(5, false);
    choose_first(&mut app, 5);
    mark_locale(&mut app);
    press(&mut app, Action::Review);
    let (id, _, _) = bulk_command(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: progress_after("user000", 1, 5),
        },
    );
    let notice = |calls| cognito_tui::retry::Retrying {
        calls,
        last: cognito_tui::retry::Wait {
            operation: "AdminDeleteUserAttributes".into(),
            attempt: 2,
            attempts: 6,
            happened: cognito_tui::retry::Happened::Throttled,
        },
        counted: cognito_tui::retry::Counted::ToRetry,
    };
    let retrying = |calls| Response::BulkWaiting {
        id,
        retrying: notice(calls),
    };
    answer(&mut app, retrying(4));
    let text = status_text(&app);
    assert!(text.contains("1/5"), "still the gauge: {text}");
    assert!(
        text.contains("Cognito is throttling; 4 calls waiting to retry…"),
        "{text}"
    );
    answer(&mut app, retrying(0));
    let text = status_text(&app);
    assert!(text.contains("1/5"), "{text}");
    assert!(!text.contains("throttling"), "the wait is over: {text}");
    // Another run's notice is not this one's.
    answer(
        &mut app,
        Response::BulkWaiting {
            id: RequestId(9_999),
            retrying: notice(3),
        },
    );
    assert!(!status_text(&app).contains("throttling"));
}
