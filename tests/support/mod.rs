//! Driving the app's `update` as the worker would answer it, for tests with no terminal.
#![allow(dead_code)]

use cognito_tui::app::{Action, App, Focus, Msg, Session, update};
use cognito_tui::directory::{Access, DirectoryError, GroupInfo, User, UserPage, fixtures};
use cognito_tui::retry::RetryPolicy;
use cognito_tui::worker::{Command, RequestId, Response, Worker};
use tokio::sync::mpsc::UnboundedReceiver;

pub mod input;
pub mod screen;

// Every test file takes what it needs of these; not every one takes any.
#[allow(unused_imports)]
pub use input::*;
#[allow(unused_imports)]
pub use screen::*;

pub fn session(read_only: bool) -> Session {
    Session {
        pool_id: "eu-west-1_Test1".into(),
        region: "eu-west-1".into(),
        profile: None,
        read_only,
        self_service: false,
    }
}

pub fn press(app: &mut App, action: Action) -> Vec<Command> {
    update(app, Msg::Action(action))
}

pub fn answer(app: &mut App, response: Response) -> Vec<Command> {
    update(app, Msg::Response(response))
}

/// Answers every command the way a healthy directory holding `n` users in one page would.
pub fn serve(app: &mut App, commands: Vec<Command>, n: usize) {
    let mut queue = commands;
    while let Some(command) = queue.pop() {
        let response = match command {
            Command::DescribePool { id } => Response::Pool {
                id,
                result: Ok(fixtures::pool()),
            },
            Command::ListUsers { id, .. } => Response::UsersPage {
                id,
                result: Ok(UserPage {
                    users: fixtures::users(n),
                    next_token: None,
                }),
            },
            // Every group holds the first three users.
            Command::ListUsersInGroup { id, .. } => Response::UsersPage {
                id,
                result: Ok(UserPage {
                    users: fixtures::users(n.min(3)),
                    next_token: None,
                }),
            },
            Command::GetUser { id, username } => {
                let index = username[4..].parse().unwrap();
                Response::User {
                    id,
                    username,
                    result: Ok(fixtures::user(index)),
                }
            }
            Command::ListGroups { id, username } | Command::RowGroups { id, username } => {
                Response::Groups {
                    id,
                    username,
                    result: Ok(vec!["pro-customers".into()]),
                }
            }
            Command::FilterUsers { id, job } => Response::Filtered {
                id,
                done: job.run(),
            },
            Command::SortUsers { id, job } => Response::Sorted {
                id,
                done: job.run(),
            },
            Command::SaveColumns { id, .. } => Response::ColumnsSaved { id, result: Ok(()) },
            Command::Copy { .. }
            | Command::SaveRecent { .. }
            | Command::ExportView { .. }
            | Command::SaveViews { .. } => {
                continue;
            }
            Command::DeleteAttributes { .. } | Command::BulkDelete { .. } => {
                panic!("a deletion was sent unasked")
            }
            Command::StopBulk { .. } | Command::ListPools { .. } | Command::ReadJournal { .. } => {
                continue;
            }
            Command::Undo { .. } => panic!("an undo was sent unasked"),
            Command::Apply { .. } => panic!("an account action was sent unasked"),
            Command::ListAllGroups { id } => Response::AllGroups {
                id,
                result: Ok(Vec::new()),
            },
            Command::AuthEvents { id, username } => Response::AuthEvents {
                id,
                username,
                result: Ok(Vec::new()),
            },
        };
        queue.extend(answer(app, response));
    }
}

/// Opens the journal view and answers its read with `lines`.
pub fn open_journal(app: &mut App, lines: Vec<cognito_tui::app::JournalLine>) -> Vec<Command> {
    let commands = press(app, Action::Journal);
    let Some(Command::ReadJournal { id }) = commands.first().cloned() else {
        panic!("the journal is read: {commands:?}");
    };
    answer(
        app,
        Response::Journal {
            id,
            result: Ok(lines),
        },
    )
}

/// Answers the one `ListAllGroups` in `commands` with `result`.
pub fn answer_all_groups(
    app: &mut App,
    commands: &[Command],
    result: Result<Vec<GroupInfo>, DirectoryError>,
) -> Vec<Command> {
    let [Command::ListAllGroups { id }] = commands else {
        panic!("the pool's groups are asked for: {commands:?}");
    };
    answer(app, Response::AllGroups { id: *id, result })
}

/// A group called `name`, with no description nor precedence.
pub fn group(name: &str) -> GroupInfo {
    GroupInfo {
        name: name.into(),
        ..GroupInfo::default()
    }
}

/// Answers the page asked for by request `id` with `users`, and `next_token` for the next.
pub fn answer_page(
    app: &mut App,
    id: RequestId,
    users: Vec<User>,
    next_token: Option<String>,
) -> Vec<Command> {
    answer(
        app,
        Response::UsersPage {
            id,
            result: Ok(UserPage { users, next_token }),
        },
    )
}

pub fn started(n: usize, read_only: bool) -> App {
    let (mut app, commands) = App::new(session(read_only));
    serve(&mut app, commands, n);
    app
}

/// [`started`] in a terminal of `width` x `height`.
pub fn started_at(n: usize, read_only: bool, width: u16, height: u16) -> App {
    let mut app = started(n, read_only);
    update(
        &mut app,
        Msg::Resize(cognito_tui::ui::viewport(width, height)),
    );
    app
}

/// Focus the attribute pane and put the cursor on the attribute called `name`.
pub fn select_attribute(app: &mut App, name: &str) {
    if app.focus != Focus::Attributes {
        press(app, Action::SwitchPane);
    }
    press(app, Action::Top);
    let index = app
        .shown_user()
        .unwrap()
        .attributes()
        .iter()
        .position(|a| a.name == name)
        .unwrap();
    for _ in 0..index {
        press(app, Action::MoveDown);
    }
}

/// The five attributes the tests of a long deletion review mark: more rows than a short
/// terminal's review shows.
pub const LONG_REVIEW_MARKS: [&str; 5] = [
    "name",
    "locale",
    "custom:plan",
    "email_verified",
    "custom:tenant_id",
];

/// The attributes called `names` marked for deletion in the attribute pane, one after another.
pub fn mark_attributes(app: &mut App, names: &[&str]) {
    for name in names {
        select_attribute(app, name);
        press(app, Action::ToggleMark);
    }
}

pub fn status_text(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Runs commands through a worker and feeds every answer to `update` until each command has its
/// final answer (an export's progress reports are not final).
pub async fn settle(
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
        let response = tokio::time::timeout(std::time::Duration::from_secs(30), responses.recv())
            .await
            .expect("the worker did not answer within 30 s")
            .expect("the worker stopped");
        // Progress, a notice that a read still waits, or a filter pass's first screenful, is
        // not an answer: the end is.
        if !matches!(
            response,
            Response::ExportProgress { .. }
                | Response::BulkProgress { .. }
                | Response::Waiting { .. }
                | Response::FilterPreview { .. }
        ) {
            pending -= 1;
        }
        for command in update(app, Msg::Response(response)) {
            worker.commands.send(command).unwrap();
            pending += 1;
        }
    }
}

/// A journal of its own for one worker of a test, under cargo's directory for tests' files:
/// a worker sends no change without one, as the app's does.
pub fn test_journal() -> std::sync::Arc<cognito_tui::journal::Journal> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("journals");
    let path = dir.join(format!(
        "{}-{}.jsonl",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_file(&path);
    std::sync::Arc::new(cognito_tui::journal::Journal::open(path).expect("a test journal"))
}

/// A worker over `access` with the default retries, journalling into a journal of its own when
/// it may write, as the app's does.
pub fn worker_for(access: Access, pool_id: &str) -> (Worker, UnboundedReceiver<Response>) {
    let journal = matches!(access, Access::ReadWrite { .. }).then(test_journal);
    let options = cognito_tui::worker::WorkerOptions {
        journal,
        ..cognito_tui::worker::WorkerOptions::new(RetryPolicy::default())
    };
    Worker::spawn_with(access, options, pool_id)
}

/// A worker over `access` (see [`worker_for`]), and an app on `session` with every start-up
/// answer in.
pub async fn worker_and_app(
    access: Access,
    session: Session,
) -> (App, Worker, UnboundedReceiver<Response>) {
    let (worker, mut responses) = worker_for(access, &session.pool_id);
    let app = app_on(session, &worker, &mut responses).await;
    (app, worker, responses)
}

/// An app on `session` served by `worker`, with every start-up answer in.
pub async fn app_on(
    session: Session,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
) -> App {
    let (mut app, start) = App::new(session);
    settle(&mut app, worker, responses, start).await;
    app
}

/// Presses `action` and runs the commands it gives through the worker until all is quiet.
pub async fn press_settled(
    app: &mut App,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    action: Action,
) {
    let commands = update(app, Msg::Action(action));
    settle(app, worker, responses, commands).await;
}

/// The account action under review; a test that expects a review open fails without one.
pub fn action_review(app: &App) -> &cognito_tui::app::ActionPlan {
    match &app.overlay {
        Some(cognito_tui::app::Overlay::ActionReview(plan)) => plan,
        other => panic!("no review open: {other:?}"),
    }
}

/// The usernames of the list's rows, top to bottom.
pub fn listed_usernames(app: &App) -> Vec<String> {
    (0..app.list.rows())
        .map(|r| app.list.user_at(r).unwrap().username().to_owned())
        .collect()
}

/// A config file of two profiles on pools of their own: `rw`, writable, and `ro`, read-only.
pub const RW_AND_RO_PROFILES: &str = "[profiles.rw]\npool_id = \"us-east-1_Rw1\"\n[profiles.ro]\npool_id = \"us-east-1_Ro1\"\nread_only = true\n";

/// [`RW_AND_RO_PROFILES`] as the app reads it.
pub fn rw_and_ro_profiles() -> cognito_tui::config::ConfigFile {
    cognito_tui::config::parse(std::path::Path::new("c.toml"), RW_AND_RO_PROFILES).unwrap()
}

/// The command line of the demo started on the `rw` profile.
pub fn demo_on_rw() -> cognito_tui::cli::Cli {
    cognito_tui::cli::Cli {
        demo: true,
        profile: Some("rw".into()),
        ..cognito_tui::cli::Cli::default()
    }
}
