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
use tokio::sync::mpsc::UnboundedReceiver;

/// Runs commands through the worker and feeds every answer to `update` until all is quiet.
async fn settle(
    app: &mut App,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    commands: Vec<Command>,
) {
    let mut pending = 0usize;
    for command in commands {
        worker.commands.send(command).unwrap();
        pending += 1;
    }
    while pending > 0 {
        let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
            .await
            .expect("the worker did not answer within 30 s")
            .expect("the worker stopped");
        pending -= 1;
        for command in update(app, Msg::Response(response)) {
            worker.commands.send(command).unwrap();
            pending += 1;
        }
    }
}

async fn press(
    app: &mut App,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    action: Action,
) {
    let commands = update(app, Msg::Action(action));
    settle(app, worker, responses, commands).await;
}

fn memory(n: usize) -> Arc<MemoryDirectory> {
    Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(n)))
}

#[tokio::test]
async fn mark_review_confirm_deletes_exactly_the_marked_attributes() {
    let directory = memory(130);
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
    let (mut app, start) = App::new(support::session(false));
    settle(&mut app, &worker, &mut responses, start).await;
    assert_eq!(
        app.list.users.len(),
        130,
        "every page loaded in the background"
    );
    assert!(directory.calls(Operation::ListUsers) >= 3);

    for _ in 0..4 {
        press(&mut app, &worker, &mut responses, Action::MoveDown).await;
    }
    press(&mut app, &worker, &mut responses, Action::SwitchPane).await;
    for (i, attribute) in fixtures::user(4).attributes.iter().enumerate() {
        if attribute.name == "locale" || attribute.name == "name" {
            while app.detail.cursor.selected < i {
                press(&mut app, &worker, &mut responses, Action::MoveDown).await;
            }
            press(&mut app, &worker, &mut responses, Action::ToggleMark).await;
        }
    }
    press(&mut app, &worker, &mut responses, Action::Review).await;
    press(&mut app, &worker, &mut responses, Action::Confirm).await;

    assert_eq!(
        app.outcomes.get("user004"),
        Some(&Outcome::Deleted(vec!["name".into(), "locale".into()]))
    );
    let stored = directory.users();
    let user = stored.iter().find(|u| u.username == "user004").unwrap();
    let mut expected = fixtures::user(4).attributes;
    expected.retain(|a| a.name != "name" && a.name != "locale");
    assert_eq!(user.attributes, expected);
    // Nobody else changed.
    for (i, other) in stored.iter().enumerate().filter(|(i, _)| *i != 4) {
        assert_eq!(other.attributes, fixtures::user(i).attributes);
    }
    // The pane shows what the server holds now.
    assert_eq!(app.shown_user().unwrap().attributes, expected);
}

#[tokio::test]
async fn a_read_only_session_has_no_writer_and_every_key_changes_nothing() {
    let connected = session::demo(true).unwrap();
    assert!(connected.access.writer().is_none());
    let directory = connected.memory.clone().unwrap();
    let before = directory.users();
    let (worker, mut responses) = Worker::spawn(connected.access, RetryPolicy::default());
    let (mut app, start) = App::new(connected.session);
    settle(&mut app, &worker, &mut responses, start).await;
    let mut pressed = 0;
    for round in 0..4 {
        for action in Action::ALL {
            if matches!(action, Action::Quit | Action::ForceQuit) {
                continue;
            }
            press(&mut app, &worker, &mut responses, *action).await;
            pressed += 1;
        }
        if round == 1 {
            press(&mut app, &worker, &mut responses, Action::SwitchPane).await;
        }
    }
    assert!(pressed > 40);
    assert_eq!(directory.calls(Operation::DeleteAttributes), 0);
    assert_eq!(directory.users(), before);
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

#[tokio::test(start_paused = true)]
async fn throttled_pages_are_retried_and_nothing_is_skipped() {
    let directory = memory(150);
    for _ in 0..3 {
        directory.inject(
            Operation::ListUsers,
            DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
        );
    }
    let (worker, mut responses) = Worker::spawn(
        Access::ReadOnly {
            reader: directory.clone(),
        },
        RetryPolicy::default(),
    );
    let (mut app, start) = App::new(support::session(true));
    settle(&mut app, &worker, &mut responses, start).await;
    assert_eq!(app.list.users.len(), 150);
    assert_eq!(app.status, None, "retried throttling is not an error");
    assert_eq!(directory.calls(Operation::ListUsers), 3 + 3);
}

#[tokio::test]
async fn a_user_deleted_under_us_gives_a_clear_message_and_the_app_goes_on() {
    let directory = memory(5);
    let access = Access::ReadWrite {
        reader: directory.clone(),
        writer: directory.clone(),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
    let (mut app, start) = App::new(support::session(false));
    settle(&mut app, &worker, &mut responses, start).await;
    directory.remove_user("user001");
    press(&mut app, &worker, &mut responses, Action::MoveDown).await;
    let status = app.status.clone().unwrap();
    assert!(status.text.contains("User not found"), "{}", status.text);
    press(&mut app, &worker, &mut responses, Action::Refresh).await;
    assert_eq!(app.list.users.len(), 4);
}
