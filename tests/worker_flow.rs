//! The app, the worker and the in-memory directory together: the full flow with no terminal.

mod support;

use std::sync::Arc;
use std::time::Duration;

use cognito_tui::app::{Action, App, Msg, Outcome, update};
use cognito_tui::directory::memory::{MemoryDirectory, Operation};
use cognito_tui::directory::{Access, DirectoryError, fixtures};
use cognito_tui::retry::RetryPolicy;
use cognito_tui::session;
use cognito_tui::worker::{Command, Response, Worker};
use support::{app_on, press_settled, settle, worker_and_app};
use tokio::sync::mpsc::UnboundedReceiver;

/// Moves the attribute pane's cursor down to the attribute called `name`.
async fn move_to_attribute(
    app: &mut App,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    name: &str,
) {
    let current = |app: &App| {
        app.shown_user()
            .and_then(|u| u.attributes().get(app.detail.cursor.selected))
            .map(|a| a.name.to_owned())
    };
    while current(app).as_deref() != Some(name) {
        let before = app.detail.cursor.selected;
        press_settled(app, worker, responses, Action::MoveDown).await;
        assert_ne!(app.detail.cursor.selected, before, "no attribute {name}");
    }
}

/// A session that has deleted the first user's `locale` through the screen: pane, mark,
/// review, confirm.
async fn locale_deleted_in_the_app(
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
) -> App {
    let mut app = app_on(support::session(false), worker, responses).await;
    press_settled(&mut app, worker, responses, Action::SwitchPane).await;
    move_to_attribute(&mut app, worker, responses, "locale").await;
    press_settled(&mut app, worker, responses, Action::ToggleMark).await;
    press_settled(&mut app, worker, responses, Action::Review).await;
    press_settled(&mut app, worker, responses, Action::Confirm).await;
    app
}

fn memory(n: usize) -> Arc<MemoryDirectory> {
    Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(n)))
}

#[tokio::test]
async fn mark_review_confirm_deletes_exactly_the_marked_attributes() {
    let (directory, mut app, worker, mut responses) = read_write_app(130).await;
    assert_eq!(
        app.list.users.len(),
        130,
        "every page loaded in the background"
    );
    assert!(directory.calls(Operation::ListUsers) >= 3);

    for _ in 0..4 {
        press_settled(&mut app, &worker, &mut responses, Action::MoveDown).await;
    }
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    for (i, attribute) in fixtures::user(4).attributes().iter().enumerate() {
        if attribute.name == "locale" || attribute.name == "name" {
            while app.detail.cursor.selected < i {
                press_settled(&mut app, &worker, &mut responses, Action::MoveDown).await;
            }
            press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
        }
    }
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    assert_eq!(
        app.outcomes.get("user004"),
        Some(&Outcome::Deleted(vec!["name".into(), "locale".into()]))
    );
    let stored = directory.users();
    let user = stored.iter().find(|u| u.username() == "user004").unwrap();
    let mut expected = fixtures::user(4);
    expected.retain_attributes(|a| a.name != "name" && a.name != "locale");
    assert_eq!(user.attributes(), expected.attributes());
    // Nobody else changed.
    for (i, other) in stored.iter().enumerate().filter(|(i, _)| *i != 4) {
        assert_eq!(other.attributes(), fixtures::user(i).attributes());
    }
    // The pane shows what the server holds now.
    assert_eq!(
        app.shown_user().unwrap().attributes(),
        expected.attributes()
    );
}

#[tokio::test]
async fn a_read_only_session_has_no_writer_and_every_key_changes_nothing() {
    let connected = session::demo(true).unwrap();
    assert!(connected.access.writer().is_none());
    let directory = connected.memory.clone().unwrap();
    let before = directory.users();
    let (mut app, worker, mut responses) =
        worker_and_app(connected.access, connected.session).await;
    let mut pressed = 0;
    for round in 0..4 {
        for action in Action::ALL {
            if matches!(action, Action::Quit | Action::ForceQuit) {
                continue;
            }
            press_settled(&mut app, &worker, &mut responses, *action).await;
            pressed += 1;
        }
        if round == 1 {
            press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
        }
    }
    assert!(pressed > 40);
    assert_eq!(directory.calls(Operation::DeleteAttributes), 0);
    assert_eq!(directory.users(), before);
}

#[tokio::test]
async fn a_value_that_changed_after_the_review_is_not_deleted() {
    let (directory, mut app, worker, mut responses) = read_write_app(3).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    for name in ["name", "locale"] {
        move_to_attribute(&mut app, &worker, &mut responses, name).await;
        press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    }
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    // Meanwhile user000 is renamed (the same person: the same sub; someone else under the
    // name is refused whole, see below). The review showed "Test User 0"; the locale is the
    // same as reviewed.
    let mut renamed = fixtures::user(0);
    renamed.set_attribute("name", "Someone Else");
    directory.insert_user(renamed);
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    let stored = directory.users();
    let user = stored.iter().find(|u| u.username() == "user000").unwrap();
    assert_eq!(
        user.attribute("name"),
        Some("Someone Else"),
        "a value nobody reviewed is never deleted"
    );
    assert_eq!(user.attribute("locale"), None, "the reviewed value went");
    let status = support::status_text(&app);
    assert!(
        status.contains("Not deleted: 1 attribute (name) of user000 changed since the review"),
        "{status}"
    );
    assert!(status.contains("Deleted 1 attribute (locale)"), "{status}");
    assert_eq!(
        app.outcomes.get("user000"),
        Some(&Outcome::Deleted(vec!["locale".into()]))
    );
    assert!(
        app.detail.marks.is_empty(),
        "the new value is not marked for the next review: {:?}",
        app.detail.marks
    );
}

/// `user000` deleted and made again for someone else: the same username, another `sub`.
fn replace_user000(directory: &MemoryDirectory) {
    let mut someone_else = fixtures::user(0);
    someone_else.set_attribute("sub", "11111111-1111-4111-8111-111111111111");
    directory.insert_user(someone_else);
}

#[tokio::test]
async fn an_account_action_on_a_user_replaced_since_the_review_changes_nothing() {
    let (directory, mut app, worker, mut responses) = read_write_app(3).await;
    press_settled(&mut app, &worker, &mut responses, Action::AccountActions).await;
    let commands = support::letter(&mut app, 'd');
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(
        support::action_review(&app).action,
        cognito_tui::change::AccountAction::Disable
    );
    replace_user000(&directory);
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    let user = directory.user("user000").unwrap();
    assert!(user.enabled(), "the person nobody reviewed is not disabled");
    let status = support::status_text(&app);
    assert!(status.contains("replaced since the review"), "{status}");
}

#[tokio::test]
async fn a_bulk_run_skips_a_user_replaced_since_the_review_and_says_so() {
    let (directory, mut app, worker, mut responses) = read_write_app(3).await;
    press_settled(&mut app, &worker, &mut responses, Action::ChooseAll).await;
    press_settled(&mut app, &worker, &mut responses, Action::AccountActions).await;
    let commands = support::letter(&mut app, 'o');
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(support::action_review(&app).usernames.len(), 3);
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    support::type_text(&mut app, "3");
    replace_user000(&directory);
    let commands = support::submit(&mut app);
    settle(&mut app, &worker, &mut responses, commands).await;

    assert_eq!(
        directory.calls(Operation::Apply(
            cognito_tui::limiter::Operation::AdminUserGlobalSignOut
        )),
        2,
        "only the users reviewed are signed out"
    );
    let status = support::status_text(&app);
    assert!(status.contains("2 done, 1 skipped"), "{status}");
    assert!(
        matches!(app.outcomes.get("user000"), Some(Outcome::Skipped(why)) if why.contains("replaced since the review")),
        "{:?}",
        app.outcomes.get("user000")
    );
}

#[tokio::test]
async fn an_edit_keeps_a_value_changed_since_the_review_and_names_it() {
    let (directory, mut app, worker, mut responses) = read_write_app(3).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    move_to_attribute(&mut app, &worker, &mut responses, "locale").await;
    press_settled(&mut app, &worker, &mut responses, Action::EditValue).await;
    update(
        &mut app,
        Msg::Input(cognito_tui::app::InputEdit::ClearToStart),
    );
    support::type_text(&mut app, "fr-FR");
    let commands = support::submit(&mut app);
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(support::action_review(&app).before[0].0, "locale");
    // Meanwhile someone else sets the locale the review said would be replaced.
    let mut changed = directory.user("user000").unwrap();
    changed.set_attribute("locale", "de-DE");
    directory.insert_user(changed);
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    assert_eq!(
        directory.user("user000").unwrap().attribute("locale"),
        Some("de-DE"),
        "a value nobody reviewed replacing is kept"
    );
    let status = support::status_text(&app);
    assert!(
        status.contains("changed since the review: locale not set"),
        "{status}"
    );
}

#[tokio::test]
async fn a_deletion_from_the_pane_spares_a_user_replaced_since_the_review() {
    let (directory, mut app, worker, mut responses) = read_write_app(3).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    move_to_attribute(&mut app, &worker, &mut responses, "locale").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    // Someone else under the same name, with the very locale the review showed.
    replace_user000(&directory);
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    assert_eq!(
        directory.user("user000").unwrap().attribute("locale"),
        Some("en-GB"),
        "nothing is deleted from a person nobody reviewed"
    );
    let status = support::status_text(&app);
    assert!(status.contains("replaced since the review"), "{status}");
}

#[tokio::test]
async fn the_worker_refuses_a_deletion_when_it_holds_no_writer() {
    let directory = memory(3);
    let (worker, mut responses) = Worker::spawn(
        Access::ReadOnly {
            reader: directory.clone(),
        },
        RetryPolicy::default(),
    );
    let plan = cognito_tui::app::DeletePlan::new(&fixtures::user(0), &["locale".to_string()]);
    worker
        .commands
        .send(Command::DeleteAttributes {
            id: cognito_tui::worker::RequestId(9),
            plan,
        })
        .unwrap();
    match responses.recv().await.unwrap() {
        Response::AttributesDeleted { id, result, .. } => {
            assert_eq!(id.0, 9);
            assert_eq!(result, Err(DirectoryError::ReadOnly));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(directory.calls(Operation::DeleteAttributes), 0);
}

#[tokio::test]
async fn the_worker_sends_no_deletion_without_a_journal() {
    let directory = memory(3);
    let (worker, mut responses) = Worker::spawn(
        Access::ReadWrite {
            reader: directory.clone(),
            writer: directory.clone(),
        },
        RetryPolicy::default(),
    );
    let plan = cognito_tui::app::DeletePlan::new(&fixtures::user(0), &["locale".to_string()]);
    worker
        .commands
        .send(Command::DeleteAttributes {
            id: cognito_tui::worker::RequestId(10),
            plan,
        })
        .unwrap();
    match responses.recv().await.unwrap() {
        Response::AttributesDeleted { id, result, .. } => {
            assert_eq!(id.0, 10);
            assert_eq!(result, Err(DirectoryError::ReadOnly));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(directory.calls(Operation::DeleteAttributes), 0);
}

#[tokio::test]
async fn a_run_needs_a_writer_and_a_journal_and_says_which_is_missing() {
    use cognito_tui::change::AccountAction;
    use cognito_tui::worker::RequestId;
    let directory = memory(3);
    let runs = || {
        [
            Command::BulkDelete {
                id: RequestId(1),
                usernames: vec!["user000".into()],
                names: vec!["locale".into()],
                reviewed: Vec::new(),
            },
            Command::Undo {
                id: RequestId(2),
                ids: vec!["x-1".into()],
            },
            Command::Apply {
                id: RequestId(3),
                usernames: vec!["user000".into()],
                action: AccountAction::Disable,
                reviewed: Vec::new(),
            },
        ]
    };
    let read_only = DirectoryError::ReadOnly.to_string();
    for (access, said) in [
        (
            Access::ReadOnly {
                reader: directory.clone(),
            },
            [read_only.as_str(); 3],
        ),
        (
            Access::ReadWrite {
                reader: directory.clone(),
                writer: directory.clone(),
            },
            [
                "no journal: bulk deletion is disabled",
                "no journal: undo is not possible",
                "no journal: disable is disabled (every change is journalled first)",
            ],
        ),
    ] {
        let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
        let mut refusals = Vec::new();
        for command in runs() {
            let (answer, progress) = answer_of(&worker, &mut responses, command).await;
            assert_eq!(progress, 0, "a refused run sends no progress");
            match answer {
                Response::BulkFinished { result, .. } | Response::Undone { result, .. } => {
                    refusals.push(result.unwrap_err())
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(refusals, said);
    }
    assert_eq!(directory.calls(Operation::DeleteAttributes), 0);
    assert!(
        directory
            .users()
            .iter()
            .all(|u| u.attribute("locale").is_some())
    );
}

#[tokio::test(start_paused = true)]
async fn throttled_pages_are_retried_and_nothing_is_skipped() {
    let directory = memory(150);
    for _ in 0..3 {
        directory.inject(
            Operation::ListUsers,
            DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
        );
    }
    let (app, _worker, _responses) = worker_and_app(
        Access::ReadOnly {
            reader: directory.clone(),
        },
        support::session(true),
    )
    .await;
    assert_eq!(app.list.users.len(), 150);
    assert_eq!(app.status, None, "retried throttling is not an error");
    assert_eq!(directory.calls(Operation::ListUsers), 3 + 3);
}

#[tokio::test]
async fn a_user_deleted_under_us_gives_a_clear_message_and_the_app_goes_on() {
    let (directory, mut app, worker, mut responses) = read_write_app(5).await;
    directory.remove_user("user001");
    press_settled(&mut app, &worker, &mut responses, Action::MoveDown).await;
    let status = app.status.clone().unwrap();
    assert!(status.text.contains("User not found"), "{}", status.text);
    press_settled(&mut app, &worker, &mut responses, Action::Refresh).await;
    assert_eq!(app.list.users.len(), 4);
}

fn journalled_worker(
    directory: &Arc<MemoryDirectory>,
    journal_path: &std::path::Path,
) -> (Worker, UnboundedReceiver<Response>) {
    let journal = Arc::new(cognito_tui::journal::Journal::open(journal_path).unwrap());
    let options = cognito_tui::worker::WorkerOptions {
        retry: RetryPolicy::default(),
        journal: Some(journal),
        quotas: cognito_tui::limiter::Quotas::default(),
    };
    Worker::spawn_with(
        Access::ReadWrite {
            reader: directory.clone(),
            writer: directory.clone(),
        },
        options,
        "eu-west-1_Test1",
    )
}

/// A deletion from the attribute pane goes through the bulk engine: its waits (a throttled
/// call) reach the screen as a run's do, not only the log.
#[tokio::test]
async fn a_deletion_whose_call_is_throttled_tells_the_screen_it_waits() {
    let dir = tempfile::tempdir().unwrap();
    let directory = memory(3);
    directory.inject(
        Operation::DeleteAttributes,
        DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
    );
    let (worker, mut responses) = journalled_worker(&directory, &dir.path().join("j.jsonl"));
    let id = cognito_tui::worker::RequestId(11);
    let plan = cognito_tui::app::DeletePlan::new(&fixtures::user(0), &["locale".to_string()]);
    worker
        .commands
        .send(Command::DeleteAttributes { id, plan })
        .unwrap();
    let mut told = Vec::new();
    loop {
        match responses.recv().await.unwrap() {
            Response::BulkWaiting {
                id: waited,
                retrying,
            } => {
                assert_eq!(waited, id);
                told.push(retrying.sentence());
            }
            Response::AttributesDeleted { result, .. } => {
                assert!(result.is_ok(), "{result:?}");
                break;
            }
            _ => {}
        }
    }
    assert_eq!(
        told.first().map(String::as_str),
        Some("Cognito is throttling AdminDeleteUserAttributes; trying again (2 of 6)…"),
        "{told:?}"
    );
}

#[tokio::test]
async fn a_confirmed_deletion_is_journalled_with_the_previous_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(3);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let app = locale_deleted_in_the_app(&worker, &mut responses).await;
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Deleted(_))
    ));
    let contents = cognito_tui::journal::read(&path).unwrap();
    assert_eq!(contents.entries.len(), 1);
    let entry = &contents.entries[0];
    assert_eq!(entry.intent.username, "user000");
    assert_eq!(entry.intent.names(), ["locale"]);
    assert!(entry.applied());
    let json = std::fs::read_to_string(&path).unwrap();
    assert!(
        json.contains("en-GB"),
        "the previous value is kept for undo"
    );
}

#[tokio::test]
async fn a_bulk_deletion_through_the_worker_accounts_for_every_user() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    // Two users lack the attribute already: they are skipped, not failed.
    let mut users = fixtures::users(45);
    for i in [10, 20] {
        users[i].retain_attributes(|a| a.name != "custom:plan");
    }
    let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), users));
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let mut app = app_on(support::session(false), &worker, &mut responses).await;
    press_settled(&mut app, &worker, &mut responses, Action::ChooseAll).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    move_to_attribute(&mut app, &worker, &mut responses, "custom:plan").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    for c in "45".chars() {
        let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
        settle(&mut app, &worker, &mut responses, commands).await;
    }
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    settle(&mut app, &worker, &mut responses, commands).await;
    // Progress answers keep coming until the run finishes.
    while app.bulk.is_some() {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .unwrap()
            .unwrap();
        let commands = update(&mut app, Msg::Response(response));
        settle(&mut app, &worker, &mut responses, commands).await;
    }
    let status = app.status.clone().unwrap().text;
    assert!(
        status.contains("43 deleted, 2 skipped, 0 failed"),
        "{status}"
    );
    let stored = directory.users();
    assert!(stored.iter().all(|u| u.attribute("custom:plan").is_none()));
    let contents = cognito_tui::journal::read(&path).unwrap();
    assert_eq!(contents.entries.len(), 43, "one intent per deleted user");
    assert!(contents.entries.iter().all(|e| e.applied()));
}

#[tokio::test(start_paused = true)]
async fn the_worker_keeps_reads_within_the_client_side_quota() {
    let directory = memory(3);
    let options = cognito_tui::worker::WorkerOptions {
        retry: RetryPolicy::default(),
        journal: None,
        quotas: cognito_tui::limiter::Quotas {
            user_read: 2,
            ..cognito_tui::limiter::Quotas::default()
        },
    };
    let (worker, mut responses) = Worker::spawn_with(
        Access::ReadOnly {
            reader: directory.clone(),
        },
        options,
        "eu-west-1_Test1",
    );
    let start = tokio::time::Instant::now();
    for i in 0..8 {
        worker
            .commands
            .send(Command::GetUser {
                id: cognito_tui::worker::RequestId(i),
                username: "user001".into(),
            })
            .unwrap();
    }
    for _ in 0..8 {
        responses.recv().await.unwrap();
    }
    // 8 reads at 2 per second: well over 2 seconds whatever the burst allowance.
    assert!(
        start.elapsed() >= Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(directory.calls(Operation::GetUser), 8);
}

#[tokio::test]
async fn the_journal_view_undoes_a_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(3);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let mut app = locale_deleted_in_the_app(&worker, &mut responses).await;
    assert_eq!(directory.users()[0].attribute("locale"), None);
    let deleted = app.list.users[0].username().to_owned();
    assert!(matches!(
        app.outcomes.get(&deleted),
        Some(cognito_tui::app::Outcome::Deleted(_))
    ));

    press_settled(&mut app, &worker, &mut responses, Action::Journal).await;
    let Some(cognito_tui::app::Overlay::Journal(view)) = &app.overlay else {
        panic!("no journal view")
    };
    assert_eq!(view.lines.len(), 1);
    assert_eq!(
        (view.lines[0].kind.as_str(), view.lines[0].state.as_str()),
        ("delete", "ok")
    );
    press_settled(&mut app, &worker, &mut responses, Action::Undo).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    assert_eq!(directory.users()[0].attribute("locale"), Some("en-GB"));
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("1 undone"), "{status}");
    let Some(cognito_tui::app::Overlay::Journal(view)) = &app.overlay else {
        panic!("the view stays open")
    };
    assert_eq!(view.lines[1].state, "undone");
    assert_eq!(view.lines[0].kind, "undo");
    assert_eq!(
        view.lines[0].undo_refusal.as_deref(),
        Some("it is an undo itself, not a change to reverse"),
        "u is not offered on the undo"
    );
    assert!(view.lines[1].undo_refusal.is_some(), "nor on what it undid");
    assert_eq!(
        app.outcomes.get(&deleted),
        None,
        "the restored user's row drops the deletion's mark"
    );
}

/// An app over a worker that reads and writes an in-memory pool of `users` users.
async fn read_write_app(
    users: usize,
) -> (
    Arc<MemoryDirectory>,
    App,
    Worker,
    UnboundedReceiver<Response>,
) {
    let directory = memory(users);
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let (app, worker, responses) = worker_and_app(access, support::session(false)).await;
    (directory, app, worker, responses)
}

/// A read-only app of 130 users over a worker, its local filter open with a budget of ten users
/// a keystroke, so that a pass goes to the worker.
async fn filtering_130_users() -> (App, Worker, UnboundedReceiver<Response>) {
    let access = Access::ReadOnly {
        reader: memory(130),
    };
    let (mut app, worker, mut responses) = worker_and_app(access, support::session(true)).await;
    app.list.local_cache = cognito_tui::search::local::FilterCache::with_foreground_users(10);
    let commands = update(&mut app, Msg::Action(Action::LocalFilter));
    settle(&mut app, &worker, &mut responses, commands).await;
    (app, worker, responses)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_runs_large_local_filter_passes_and_the_answer_is_shown() {
    let (mut app, worker, mut responses) = filtering_130_users().await;
    let mut commands = Vec::new();
    for c in "user12".chars() {
        commands.extend(update(
            &mut app,
            Msg::Input(cognito_tui::app::InputEdit::Insert(c)),
        ));
    }
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::FilterUsers { .. })),
        "130 users are over a budget of 10: {commands:?}"
    );
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(app.list.filtering, None);
    assert_eq!(
        app.list.visible.as_deref(),
        Some(&cognito_tui::search::local::filter(&app.list.users, "user12")[..])
    );
    assert_eq!(app.list.user_at(0).unwrap().username(), "user012");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_sends_a_passs_first_screenful_before_its_end() {
    let (mut app, worker, mut responses) = filtering_130_users().await;
    // Every username starts with `u`: the best a `u` can score, so the first screenful is
    // known from the first users on.
    let commands = update(
        &mut app,
        Msg::Input(cognito_tui::app::InputEdit::Insert('u')),
    );
    let [Command::FilterUsers { id, .. }] = commands.as_slice() else {
        panic!("one background pass: {commands:?}");
    };
    let id = *id;
    for command in commands {
        worker.commands.send(command).unwrap();
    }
    let mut seen = Vec::new();
    loop {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .unwrap()
            .unwrap();
        let end = matches!(response, Response::Filtered { .. });
        assert_eq!(response.id(), id);
        seen.push(matches!(response, Response::FilterPreview { .. }));
        update(&mut app, Msg::Response(response));
        if seen.len() == 1 {
            // The first screenful is on screen, best first, while the pass is not over.
            let all = cognito_tui::search::local::filter(&app.list.users, "u");
            assert_eq!(app.list.filtering, Some(id));
            assert_eq!(app.list.visible.as_deref(), Some(&all[..app.list.rows()]));
            assert!(app.list.rows() >= app.viewport.list_rows.max(1));
        }
        if end {
            break;
        }
    }
    assert_eq!(seen, [true, false], "a first screenful, then the end");
    assert_eq!(app.list.filtering, None);
    assert_eq!(app.list.rows(), 130);
}

#[tokio::test]
async fn an_attribute_deleted_behind_the_apps_back_is_reported_as_already_gone() {
    use cognito_tui::directory::DirectoryWriter;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(3);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let mut app = app_on(support::session(false), &worker, &mut responses).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    for name in ["name", "locale"] {
        move_to_attribute(&mut app, &worker, &mut responses, name).await;
        press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    }
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    // Someone else deletes `locale` while the review dialog is open.
    directory
        .delete_attributes("user000", &["locale".to_owned()])
        .await
        .unwrap();
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    let status = support::status_text(&app);
    assert!(
        status
            .contains("Deleted 1 attribute (name) from user000; 1 attribute (locale) already gone"),
        "{status}"
    );
    let users = directory.users();
    let user = users.iter().find(|u| u.username() == "user000").unwrap();
    assert!(user.attribute("name").is_none() && user.attribute("locale").is_none());
}

/// Issue 13: `:profile ro` from a writable profile used to keep the writer.
#[tokio::test]
async fn switching_to_a_read_only_profile_builds_a_session_without_a_writer() {
    use cognito_tui::config::{self, Switch};
    let file = support::rw_and_ro_profiles();
    let cli = support::demo_on_rw();
    let start = config::resolve(&cli, &file, None).unwrap();
    // The same keys on the writable profile do delete: the keys are right.
    let (deleted, _) = mark_delete_confirm(session::connect(&start).await.unwrap()).await;
    assert!(deleted > 0);
    let switch = Switch {
        profile: Some("ro".into()),
        ..Switch::default()
    };
    let next = config::resolve_switch(&cli, &file, &start, &switch).unwrap();
    let connected = session::connect(&next).await.unwrap();
    assert!(connected.access.writer().is_none());
    assert!(matches!(connected.access, Access::ReadOnly { .. }));
    assert!(connected.session.read_only);
    assert_eq!(connected.session.profile.as_deref(), Some("ro"));
    let (deleted, unchanged) = mark_delete_confirm(connected).await;
    assert_eq!(deleted, 0);
    assert!(unchanged);
}

/// Marks the first attributes, reviews and confirms; the delete calls and whether the
/// users are as before.
async fn mark_delete_confirm(connected: session::Connected) -> (usize, bool) {
    let directory = connected.memory.clone().unwrap();
    let before = directory.users();
    let (mut app, worker, mut responses) =
        worker_and_app(connected.access, connected.session).await;
    for action in [
        Action::SwitchPane,
        Action::MoveDown,
        Action::ToggleMark,
        Action::MoveDown,
        Action::ToggleMark,
        Action::Review,
        Action::Confirm,
    ] {
        press_settled(&mut app, &worker, &mut responses, action).await;
    }
    (
        directory.calls(Operation::DeleteAttributes),
        directory.users() == before,
    )
}

/// Moving the cursor fast: 50 detail loads for successive users, sent at once.
#[tokio::test(start_paused = true)]
async fn quick_detail_loads_read_only_the_last_user_and_answer_every_id() {
    let directory = memory(60);
    let access = Access::ReadOnly {
        reader: directory.clone(),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
    for i in 0..50u64 {
        let username = format!("user{i:03}");
        worker
            .commands
            .send(Command::GetUser {
                id: cognito_tui::worker::RequestId(2 * i),
                username: username.clone(),
            })
            .unwrap();
        worker
            .commands
            .send(Command::ListGroups {
                id: cognito_tui::worker::RequestId(2 * i + 1),
                username,
            })
            .unwrap();
    }
    let (mut users, mut groups, mut superseded) = (Vec::new(), Vec::new(), 0);
    for _ in 0..100 {
        match responses.recv().await.unwrap() {
            Response::User { id, result, .. } => users.push((id, result.unwrap())),
            Response::Groups { id, result, .. } => groups.push((id, result.unwrap())),
            Response::Superseded { .. } => superseded += 1,
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert!(directory.calls(Operation::GetUser) <= 5);
    assert!(directory.calls(Operation::ListGroups) <= 5);
    assert!(superseded >= 90, "{superseded} superseded");
    let (id, last) = users.last().expect("the last load is answered");
    assert_eq!(*id, cognito_tui::worker::RequestId(98));
    assert_eq!(last.username(), "user049");
    assert_eq!(last.attributes(), fixtures::user(49).attributes());
    assert_eq!(groups.last().unwrap().0, cognito_tui::worker::RequestId(99));
}

/// A single move after a pause is read at once: no settle wait (paused time, so exact).
#[tokio::test(start_paused = true)]
async fn a_single_detail_load_is_sent_without_waiting() {
    let directory = memory(3);
    let access = Access::ReadOnly {
        reader: directory.clone(),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
    let start = tokio::time::Instant::now();
    worker
        .commands
        .send(Command::GetUser {
            id: cognito_tui::worker::RequestId(1),
            username: "user002".into(),
        })
        .unwrap();
    let Response::User { result, .. } = responses.recv().await.unwrap() else {
        panic!("not a user")
    };
    assert_eq!(result.unwrap().username(), "user002");
    assert!(start.elapsed() < cognito_tui::worker::DETAIL_SETTLE);
    assert_eq!(directory.calls(Operation::GetUser), 1);
}

/// The same through the app: 50 presses of Down before any answer; the pane shows the user
/// the cursor stopped on and the directory was read a handful of times.
#[tokio::test(start_paused = true)]
async fn fast_cursor_moves_in_the_app_show_the_last_user() {
    let directory = memory(130);
    let access = Access::ReadOnly {
        reader: directory.clone(),
    };
    let (mut app, worker, mut responses) = worker_and_app(access, support::session(true)).await;
    let reads_before = directory.calls(Operation::GetUser);
    let mut commands = Vec::new();
    for _ in 0..50 {
        commands.extend(update(&mut app, Msg::Action(Action::MoveDown)));
    }
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(app.detail.username.as_deref(), Some("user050"));
    assert_eq!(app.detail.loading, None);
    assert_eq!(app.shown_user().map(|u| u.username()), Some("user050"));
    assert!(app.detail.user.is_some(), "the read of user050 arrived");
    assert!(directory.calls(Operation::GetUser) - reads_before <= 5);
}

/// A directory of several pools that ListUserPools lists without a size: the picker asks each
/// one's DescribeUserPool.
struct ManyPools;

#[async_trait::async_trait]
impl cognito_tui::directory::DirectoryReader for ManyPools {
    async fn list_users(
        &self,
        _: cognito_tui::directory::ListUsersRequest,
    ) -> Result<cognito_tui::directory::UserPage, DirectoryError> {
        unreachable!("the picker lists no users")
    }
    async fn get_user(&self, _: &str) -> Result<cognito_tui::directory::User, DirectoryError> {
        unreachable!("the picker reads no user")
    }
    async fn describe_pool(&self) -> Result<cognito_tui::directory::PoolInfo, DirectoryError> {
        Ok(fixtures::pool())
    }
    async fn list_pools(&self) -> Result<Vec<cognito_tui::directory::PoolSummary>, DirectoryError> {
        Ok((0..4)
            .map(|i| cognito_tui::directory::PoolSummary {
                id: format!("eu-west-1_Pool{i}"),
                name: format!("pool {i}"),
                estimated_users: None,
            })
            .collect())
    }
    async fn pool_size(&self, pool_id: &str) -> Result<Option<u64>, DirectoryError> {
        Ok(Some(pool_id.len() as u64))
    }
}

#[tokio::test(start_paused = true)]
async fn the_pickers_describe_calls_keep_within_the_pool_read_quota() {
    let options = cognito_tui::worker::WorkerOptions {
        retry: RetryPolicy::default(),
        journal: None,
        quotas: cognito_tui::limiter::Quotas {
            user_pool_read: 1,
            ..cognito_tui::limiter::Quotas::default()
        },
    };
    let (worker, mut responses) = Worker::spawn_with(
        Access::ReadOnly {
            reader: Arc::new(ManyPools),
        },
        options,
        "",
    );
    let start = tokio::time::Instant::now();
    worker
        .commands
        .send(Command::ListPools {
            id: cognito_tui::worker::RequestId(1),
        })
        .unwrap();
    let Response::Pools { result, .. } = responses.recv().await.unwrap() else {
        panic!("not the pools' answer");
    };
    let pools = result.unwrap();
    assert!(
        pools.iter().all(|p| p.estimated_users == Some(15)),
        "{pools:?}"
    );
    // One ListUserPools and four DescribeUserPool at one a second.
    assert!(
        start.elapsed() >= Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

/// Sends `command` and collects answers until the one that ends it (not progress).
async fn answer_of(
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    command: Command,
) -> (Response, usize) {
    worker.commands.send(command).unwrap();
    let mut progress = 0;
    loop {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .unwrap()
            .unwrap();
        match response {
            Response::BulkProgress { .. } | Response::Waiting { .. } => progress += 1,
            other => return (other, progress),
        }
    }
}

#[tokio::test]
async fn an_account_action_through_the_worker_is_journalled_and_undone() {
    use cognito_tui::bulk::ItemResult;
    use cognito_tui::change::AccountAction;
    use cognito_tui::worker::RequestId;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(12);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let usernames: Vec<String> = (0..12).map(|i| format!("user{i:03}")).collect();
    let (finished, progress) = answer_of(
        &worker,
        &mut responses,
        Command::Apply {
            id: RequestId(1),
            usernames: usernames.clone(),
            action: AccountAction::Disable,
            reviewed: Vec::new(),
        },
    )
    .await;
    let Response::BulkFinished { id, result } = finished else {
        panic!("{finished:?}")
    };
    assert_eq!(id, RequestId(1));
    let report = result.unwrap();
    // user005 is disabled in the fixtures: skipped; the others disabled.
    assert_eq!((report.counts().done, report.counts().skipped), (11, 1));
    assert_eq!(progress, 13, "one at the start, one per user");
    assert!(directory.users().iter().all(|u| !u.enabled()));

    let ids: Vec<String> = report
        .users
        .iter()
        .filter(|u| matches!(u.result, ItemResult::Applied(_)))
        .filter_map(|u| u.journal_id.clone())
        .collect();
    let (undone, _) = answer_of(
        &worker,
        &mut responses,
        Command::Undo {
            id: RequestId(2),
            ids,
        },
    )
    .await;
    let Response::Undone { result, .. } = undone else {
        panic!("{undone:?}")
    };
    assert_eq!(result.unwrap().counts().done, 11);
    let stored = directory.users();
    assert!(
        stored
            .iter()
            .filter(|u| u.username() != "user005")
            .all(|u| u.enabled())
    );
    assert!(!stored[5].enabled(), "the user disabled before stays so");
    let contents = cognito_tui::journal::read(&path).unwrap();
    assert_eq!(contents.entries.len(), 22);
    assert!(contents.entries.iter().all(|e| e.applied()));

    // A read-only session has no writer to send it with.
    let (read_only, mut answers) = Worker::spawn(
        Access::ReadOnly {
            reader: directory.clone(),
        },
        RetryPolicy::default(),
    );
    let (refused, _) = answer_of(
        &read_only,
        &mut answers,
        Command::Apply {
            id: RequestId(3),
            usernames,
            action: AccountAction::DeleteUser,
            reviewed: Vec::new(),
        },
    )
    .await;
    let Response::BulkFinished { result, .. } = refused else {
        panic!("{refused:?}")
    };
    assert!(result.unwrap_err().contains("read-only"));
    assert_eq!(directory.users().len(), 12);
}

#[tokio::test]
async fn stop_bulk_cancels_an_account_action_run() {
    use cognito_tui::bulk::{ItemResult, SkipReason};
    use cognito_tui::change::AccountAction;
    use cognito_tui::worker::RequestId;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(200))
            .with_latency(Duration::from_millis(20)),
    );
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let usernames: Vec<String> = (0..200).map(|i| format!("user{i:03}")).collect();
    worker
        .commands
        .send(Command::Apply {
            id: RequestId(7),
            usernames,
            action: AccountAction::GlobalSignOut,
            reviewed: Vec::new(),
        })
        .unwrap();
    let mut stopped = false;
    let report = loop {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .unwrap()
            .unwrap();
        match response {
            Response::BulkProgress { progress, .. } if !stopped && progress.done > 0 => {
                worker
                    .commands
                    .send(Command::StopBulk { id: RequestId(7) })
                    .unwrap();
                stopped = true;
            }
            Response::BulkFinished { result, .. } => break result.unwrap(),
            _ => {}
        }
    };
    assert!(report.cancelled);
    assert_eq!(report.users.len(), 200, "every user accounted");
    let never_started = report
        .users
        .iter()
        .filter(|u| u.result == ItemResult::Skipped(SkipReason::Cancelled))
        .count();
    assert!(never_started > 100, "{never_started}");
    let contents = cognito_tui::journal::read(&path).unwrap();
    assert_eq!(contents.entries.len(), 200 - never_started);
    assert_eq!(contents.pending().count(), 0, "those in flight finished");
}

#[tokio::test]
async fn the_journal_view_undoes_a_whole_bulk_run_and_only_that_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(4);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let mut app = app_on(support::session(false), &worker, &mut responses).await;
    // One run: locale deleted from every user.
    press_settled(&mut app, &worker, &mut responses, Action::ChooseAll).await;
    press_settled(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    move_to_attribute(&mut app, &worker, &mut responses, "locale").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    assert!(
        directory
            .users()
            .iter()
            .all(|u| u.attribute("locale").is_none())
    );
    // Another run of the same session: the name of the user shown.
    press_settled(&mut app, &worker, &mut responses, Action::Top).await;
    move_to_attribute(&mut app, &worker, &mut responses, "name").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    assert_eq!(directory.users()[0].attribute("name"), None);

    press_settled(&mut app, &worker, &mut responses, Action::Journal).await;
    let Some(cognito_tui::app::Overlay::Journal(view)) = &app.overlay else {
        panic!("no journal view")
    };
    assert_eq!(view.lines.len(), 5, "{:?}", view.lines);
    assert_ne!(
        view.lines[0].batch, view.lines[1].batch,
        "two runs, two batches"
    );
    // On one of the run's entries, U reviews the run's four changes.
    press_settled(&mut app, &worker, &mut responses, Action::MoveDown).await;
    press_settled(&mut app, &worker, &mut responses, Action::UndoBatch).await;
    let Some(cognito_tui::app::Overlay::Journal(view)) = &app.overlay else {
        panic!("no journal view")
    };
    assert_eq!(view.confirm_batch.as_ref().map(|b| b.undo.len()), Some(4));
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    for user in directory.users() {
        assert!(user.attribute("locale").is_some(), "{user:?}");
    }
    assert_eq!(
        directory.users()[0].attribute("name"),
        None,
        "the other run is left as it is"
    );
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("4 undone, 0 skipped, 0 failed"), "{status}");
    assert!(app.bulk.is_none());
    let Some(cognito_tui::app::Overlay::Journal(view)) = &app.overlay else {
        panic!("the view stays open")
    };
    let undone = view.lines.iter().filter(|l| l.state == "undone").count();
    assert_eq!(undone, 4, "{:?}", view.lines);
    // The undo run is journalled as one batch of its own.
    let undos: Vec<&str> = view
        .lines
        .iter()
        .filter(|l| l.is_undo)
        .map(|l| l.batch.as_str())
        .collect();
    assert_eq!(undos.len(), 4);
    assert!(undos.iter().all(|b| *b == undos[0]));
}

/// The in-memory pool, whose `describe_pool` panics once armed: a bulk run's task reads the
/// pool before it starts, so arming it makes that task die.
struct PanicsOnDescribe {
    memory: Arc<MemoryDirectory>,
    armed: std::sync::atomic::AtomicBool,
}

#[async_trait::async_trait]
impl cognito_tui::directory::DirectoryReader for PanicsOnDescribe {
    async fn list_users(
        &self,
        request: cognito_tui::directory::ListUsersRequest,
    ) -> Result<cognito_tui::directory::UserPage, DirectoryError> {
        self.memory.list_users(request).await
    }

    async fn get_user(
        &self,
        username: &str,
    ) -> Result<cognito_tui::directory::User, DirectoryError> {
        self.memory.get_user(username).await
    }

    async fn describe_pool(&self) -> Result<cognito_tui::directory::PoolInfo, DirectoryError> {
        if self.armed.load(std::sync::atomic::Ordering::SeqCst) {
            panic!("describe_pool panics on purpose");
        }
        self.memory.describe_pool().await
    }
}

#[tokio::test]
async fn a_bulk_run_whose_task_panics_ends_its_gauge_and_q_quits() {
    let memory = memory(3);
    let reader = Arc::new(PanicsOnDescribe {
        memory: memory.clone(),
        armed: false.into(),
    });
    let dir = tempfile::tempdir().unwrap();
    let journal =
        Arc::new(cognito_tui::journal::Journal::open(dir.path().join("journal.jsonl")).unwrap());
    let options = cognito_tui::worker::WorkerOptions {
        retry: RetryPolicy::default(),
        journal: Some(journal),
        quotas: cognito_tui::limiter::Quotas::default(),
    };
    let (worker, mut responses) = Worker::spawn_with(
        Access::ReadWrite {
            reader: reader.clone(),
            writer: memory.clone(),
        },
        options,
        "eu-west-1_Test1",
    );
    let mut app = app_on(support::session(false), &worker, &mut responses).await;
    press_settled(&mut app, &worker, &mut responses, Action::AccountActions).await;
    let commands = update(&mut app, Msg::Letter('d'));
    settle(&mut app, &worker, &mut responses, commands).await;
    reader
        .armed
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let commands = update(&mut app, Msg::Action(Action::Confirm));
    assert!(
        commands.iter().any(|c| matches!(c, Command::Apply { .. })),
        "{commands:?}"
    );
    assert!(app.bulk.is_some(), "the gauge shows while the run goes");
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(app.bulk.is_none(), "the gauge ends with the task");
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.contains("The run to disable stopped unexpectedly: 0 of 1 users have an outcome"),
        "{status}"
    );
    assert!(status.contains("1 not known"), "{status}");
    assert_eq!(app.outcomes.get("user000"), Some(&Outcome::Unknown));
    assert!(
        !worker.task.is_finished(),
        "the worker itself goes on serving"
    );
    update(&mut app, Msg::Action(Action::Quit));
    assert!(app.should_quit, "nothing runs: q quits without asking");
}

/// The groups column asks for every row on screen at once: none of those reads replaces
/// another, as the pane's load of the selected user's groups does, so every row gets its groups.
#[tokio::test]
async fn the_groups_column_fills_every_row_on_screen() {
    use cognito_tui::app::{GroupsCell, InputEdit, Viewport};
    let access = Access::ReadOnly { reader: memory(30) };
    let (mut app, worker, mut responses) = worker_and_app(access, support::session(true)).await;
    update(
        &mut app,
        Msg::Resize(Viewport {
            list_rows: 8,
            attribute_rows: 8,
        }),
    );
    update(&mut app, Msg::Action(Action::CommandLine));
    for c in "columns username,groups".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    let commands = update(&mut app, Msg::Input(InputEdit::Submit))
        .into_iter()
        // Not the user's config dir.
        .filter(|c| !matches!(c, Command::SaveColumns { .. }))
        .collect();
    settle(&mut app, &worker, &mut responses, commands).await;
    for row in 0..8 {
        let username = app.list.user_at(row).unwrap().username().to_owned();
        assert!(
            matches!(app.list.groups.get(&username), Some(GroupsCell::Known(_))),
            "{username}: {:?}",
            app.list.groups.get(&username)
        );
    }
}

/// A pool whose ListUsers has no answer, as a server that never answers: each attempt ends as
/// the SDK's does, timed out after 10 s, until `answers_after` attempts have failed.
struct Silent {
    directory: Arc<MemoryDirectory>,
    answers_after: usize,
    attempts: std::sync::atomic::AtomicUsize,
}

#[async_trait::async_trait]
impl cognito_tui::directory::DirectoryReader for Silent {
    async fn list_users(
        &self,
        request: cognito_tui::directory::ListUsersRequest,
    ) -> Result<cognito_tui::directory::UserPage, DirectoryError> {
        let attempt = self
            .attempts
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if attempt < self.answers_after {
            tokio::time::sleep(Duration::from_secs(10)).await;
            return Err(DirectoryError::TimedOut {
                operation: String::new(),
                secs: 10,
            });
        }
        self.directory.list_users(request).await
    }
    async fn get_user(&self, name: &str) -> Result<cognito_tui::directory::User, DirectoryError> {
        self.directory.get_user(name).await
    }
    async fn describe_pool(&self) -> Result<cognito_tui::directory::PoolInfo, DirectoryError> {
        self.directory.describe_pool().await
    }
}

#[tokio::test(start_paused = true)]
async fn a_page_with_no_answer_says_so_while_it_waits_and_is_retried() {
    let silent = Silent {
        directory: memory(3),
        answers_after: 2,
        attempts: Default::default(),
    };
    let (worker, mut responses) = Worker::spawn(
        Access::ReadOnly {
            reader: Arc::new(silent),
        },
        RetryPolicy::default(),
    );
    let (mut app, commands) = App::new(support::session(true));
    for command in commands {
        worker.commands.send(command).unwrap();
    }
    let start = tokio::time::Instant::now();
    // What the status line and the empty list said, and when.
    let mut said: Vec<(u64, String, String)> = Vec::new();
    while app.list.users.is_empty() {
        let response = responses.recv().await.unwrap();
        for command in update(&mut app, Msg::Response(response)) {
            worker.commands.send(command).unwrap();
        }
        let status = app
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default();
        if app.list.users.is_empty() && said.last().is_none_or(|(_, s, _)| *s != status) {
            let screen = support::buffer_text(&support::draw(&mut app, 120, 20));
            said.push((start.elapsed().as_secs(), status, screen));
        }
    }
    let notices: Vec<(u64, &str)> = said
        .iter()
        .filter(|(_, s, _)| !s.is_empty())
        .map(|(at, s, _)| (*at, s.as_str()))
        .collect();
    assert_eq!(
        notices,
        [
            (
                5,
                "No answer from Cognito to ListUsers for 5 s yet; still waiting…"
            ),
            (
                10,
                "No answer from Cognito to ListUsers for 10 s; trying again (2 of 3)…"
            ),
            (
                15,
                "No answer from Cognito to ListUsers for 5 s yet; still waiting (attempt 2 of 3)…"
            ),
            (
                20,
                "No answer from Cognito to ListUsers for 10 s; trying again (3 of 3)…"
            ),
        ],
        "{said:#?}"
    );
    // The empty list says it too, not only "Loading users…".
    let (_, _, screen) = &said[2];
    assert!(screen.contains("trying again (2 of 3)"), "{screen}");
    // The page came on the third attempt: the notice is over.
    assert_eq!(app.list.users.len(), 3);
    assert_eq!(app.status, None);
    // Keys still work while a read waits: q quits (nothing is being changed).
    update(&mut app, Msg::Action(Action::Quit));
    assert!(app.should_quit);
}

#[tokio::test(start_paused = true)]
async fn a_throttled_run_tells_the_screen_its_waits_as_one_notice_that_ends() {
    use cognito_tui::change::AccountAction;
    use cognito_tui::worker::RequestId;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = Arc::new(
        MemoryDirectory::new(fixtures::pool(), fixtures::users(6))
            .with_latency(Duration::from_millis(20)),
    );
    // Each user's first AdminGetUser is throttled.
    for _ in 0..6 {
        directory.inject(
            Operation::GetUser,
            DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
        );
    }
    let (worker, mut responses) = journalled_worker(&directory, &path);
    worker
        .commands
        .send(Command::Apply {
            id: RequestId(7),
            usernames: (0..6).map(|i| format!("user{i:03}")).collect(),
            action: AccountAction::GlobalSignOut,
            reviewed: Vec::new(),
        })
        .unwrap();
    let mut counts = Vec::new();
    let report = loop {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .unwrap()
            .unwrap();
        match response {
            Response::BulkWaiting { id, retrying } => {
                assert_eq!(id, RequestId(7));
                counts.push(retrying.calls);
            }
            Response::Waiting { .. } => panic!("a notice per call: {response:?}"),
            Response::BulkFinished { result, .. } => break result.unwrap(),
            _ => {}
        }
    };
    assert_eq!(report.counts().failed, 0);
    assert_eq!(counts.iter().max(), Some(&6), "{counts:?}");
    assert_eq!(
        counts.last(),
        Some(&0),
        "the wait is said to be over: {counts:?}"
    );
}

#[tokio::test]
async fn the_journal_view_does_not_undo_on_a_user_made_again_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let directory = memory(3);
    let (worker, mut responses) = journalled_worker(&directory, &path);
    let mut app = locale_deleted_in_the_app(&worker, &mut responses).await;
    // Deleted and made again under the same username since: another person (another sub).
    let mut again = directory.users()[0].clone();
    again.set_attribute("sub", "99999999-9999-4999-8999-999999999999");
    directory.insert_user(again.clone());

    press_settled(&mut app, &worker, &mut responses, Action::Journal).await;
    press_settled(&mut app, &worker, &mut responses, Action::Undo).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    assert_eq!(
        directory.user(again.username()),
        Some(again),
        "the new person is left as they are"
    );
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("0 undone"), "{status}");
    let said: Vec<String> = app.messages.list.iter().map(|m| m.text.clone()).collect();
    assert!(
        said.iter()
            .chain([&status])
            .any(|t| t.contains("deleted and made again since the change")),
        "{status} {said:?}"
    );
}
