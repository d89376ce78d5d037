//! The describe view, export of the view, saved views and the groups view, driven through
//! `update` with no terminal, and their screens as snapshots.

mod support;

use cognito_tui::app::{Action, App, DescribeTarget, Msg, Overlay, update};
use cognito_tui::describe::Format;
use cognito_tui::worker::{Command, Response};
use support::{
    answer, answer_all_groups, answer_page, buffer_text, draw, group, press, screen_at, serve,
    settle, started, status_text, worker_and_app,
};

const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;

fn screen(app: &mut App) -> String {
    screen_at(app, WIDTH, HEIGHT)
}

fn describe_view(app: &App) -> &cognito_tui::app::DescribeView {
    match &app.overlay {
        Some(Overlay::Describe(view)) => view,
        other => panic!("no describe view: {other:?}"),
    }
}

fn command_line(app: &mut App, text: &str) -> Vec<Command> {
    press(app, Action::CommandLine);
    update(app, Msg::Paste(text.to_owned()));
    update(app, Msg::Input(cognito_tui::app::InputEdit::Submit))
}

#[test]
fn d_describes_the_selected_user_and_tab_switches_to_yaml() {
    let mut app = started(10, false);
    let commands = press(&mut app, Action::MoveDown);
    serve(&mut app, commands, 10);
    press(&mut app, Action::Describe);
    let view = describe_view(&app);
    assert_eq!(view.target, DescribeTarget::User("user001".into()));
    assert_eq!(view.format, Format::Json);
    let json = app.describe_text(view).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["Username"], "user001");
    assert_eq!(value["Groups"][0], "pro-customers", "the pane's groups");
    assert_eq!(value["UserStatus"], "CONFIRMED");
    press(&mut app, Action::SwitchPane);
    let view = describe_view(&app);
    assert_eq!(view.format, Format::Yaml);
    let yaml = app.describe_text(view).unwrap();
    assert!(yaml.starts_with("Username: user001\n"), "{yaml}");
    press(&mut app, Action::Cancel);
    assert!(app.overlay.is_none());
    press(&mut app, Action::Describe);
    assert_eq!(
        describe_view(&app).format,
        Format::Yaml,
        "the format chosen last is kept"
    );
}

#[test]
fn the_view_scrolls_within_the_document_and_copies_it() {
    let mut app = started(10, false);
    press(&mut app, Action::Describe);
    let lines = app
        .describe_text(describe_view(&app))
        .unwrap()
        .lines()
        .count();
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::MoveDown);
    assert_eq!(describe_view(&app).scroll, 2);
    press(&mut app, Action::Bottom);
    assert_eq!(describe_view(&app).scroll, lines - 1);
    press(&mut app, Action::PageDown);
    assert_eq!(describe_view(&app).scroll, lines - 1, "never past the end");
    press(&mut app, Action::Top);
    assert_eq!(describe_view(&app).scroll, 0);
    let commands = press(&mut app, Action::Copy);
    let expected = app.describe_text(describe_view(&app)).unwrap();
    assert_eq!(commands, vec![Command::Copy { text: expected }]);
    assert!(status_text(&app).contains("Copied the JSON document"));
}

#[test]
fn masking_applies_to_the_document_and_its_copy() {
    let mut app = started(10, false);
    let email = app.list.selected().unwrap().email().unwrap().to_owned();
    press(&mut app, Action::MaskPii);
    press(&mut app, Action::Describe);
    let commands = press(&mut app, Action::Copy);
    let [Command::Copy { text }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert!(!text.contains(&email), "{text}");
    assert!(status_text(&app).contains("personal data masked"));
    assert!(!screen(&mut app).contains(&email));
}

#[test]
fn describe_pool_from_the_command_line_and_its_key() {
    let mut app = started(10, false);
    let commands = command_line(&mut app, "describe pool");
    assert!(commands.is_empty(), "the pool is known: {commands:?}");
    assert_eq!(describe_view(&app).target, DescribeTarget::Pool);
    let text = app.describe_text(describe_view(&app)).unwrap();
    assert!(text.contains("\"PasswordPolicy\""), "{text}");
    press(&mut app, Action::DescribePool);
    assert!(app.overlay.is_none(), "I again closes it");
    command_line(&mut app, "describe");
    assert_eq!(
        describe_view(&app).target,
        DescribeTarget::User("user000".into())
    );
}

#[test]
fn a_pool_not_yet_described_is_asked_for_and_shown_when_it_arrives() {
    let (mut app, _) = App::new(support::session(false));
    let _ = answer(
        &mut app,
        Response::Pool {
            id: cognito_tui::worker::RequestId(1),
            result: Err(cognito_tui::directory::DirectoryError::from_code(
                "AccessDeniedException",
                "no",
            )),
        },
    );
    press(&mut app, Action::Cancel);
    let commands = press(&mut app, Action::DescribePool);
    let Some(Command::DescribePool { id }) = commands.first() else {
        panic!("{commands:?}")
    };
    let err = app.describe_text(describe_view(&app)).unwrap_err();
    assert!(err.contains("could not be described"), "{err}");
    answer(
        &mut app,
        Response::Pool {
            id: *id,
            result: Ok(cognito_tui::directory::fixtures::pool()),
        },
    );
    assert!(app.describe_text(describe_view(&app)).is_ok());
}

/// The screen of ten users after `actions`.
fn screen_after(actions: &[Action]) -> String {
    let mut app = started(10, false);
    for action in actions {
        press(&mut app, *action);
    }
    screen(&mut app)
}

#[test]
fn describe_user_json_screen() {
    let text = screen_after(&[Action::Describe]);
    assert!(text.contains("user000 — JSON"));
    assert!(
        text.contains("Tab JSON/YAML"),
        "its keys in the status line"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn describe_user_yaml_screen() {
    let text = screen_after(&[Action::Describe, Action::SwitchPane]);
    assert!(text.contains("Username: user000"));
    insta::assert_snapshot!(text);
}

#[test]
fn describe_pool_screen() {
    let text = screen_after(&[Action::DescribePool, Action::SwitchPane]);
    assert!(text.contains("MinimumLength: 12"));
    insta::assert_snapshot!(text);
}

async fn memory_app(
    n: usize,
) -> (
    App,
    cognito_tui::worker::Worker,
    tokio::sync::mpsc::UnboundedReceiver<Response>,
) {
    use cognito_tui::directory::{Access, fixtures, memory::MemoryDirectory};
    use std::sync::Arc;
    let directory = Arc::new(MemoryDirectory::new(fixtures::pool(), fixtures::users(n)));
    let access = Access::ReadOnly { reader: directory };
    worker_and_app(access, support::session(true)).await
}

#[tokio::test]
async fn export_writes_the_filtered_view_as_csv_and_json() {
    let (mut app, worker, mut responses) = memory_app(130).await;
    assert_eq!(app.list.users.len(), 130);
    let dir = tempfile::tempdir().unwrap();
    // The local filter shows user010..user019 (and user100..user109…): those are exported.
    let commands = press(&mut app, Action::LocalFilter);
    settle(&mut app, &worker, &mut responses, commands).await;
    for c in "'user01".chars() {
        let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
        settle(&mut app, &worker, &mut responses, commands).await;
    }
    update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let shown = app.list.rows();
    assert_eq!(shown, 10, "user010..user019");
    let csv_path = dir.path().join("view.csv");
    let commands = command_line(&mut app, &format!("export csv {}", csv_path.display()));
    assert!(matches!(commands.as_slice(), [Command::ExportView { .. }]));
    assert!(app.export.is_some());
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(app.export.is_none());
    let status = status_text(&app);
    assert!(
        status.contains(&format!("Exported 10 users to {}", csv_path.display())),
        "{status}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&csv_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the export holds personal data");
    }
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[0], "username");
    assert!(header.iter().any(|h| h == "email"));
    let names: Vec<String> = rows.records().map(|r| r.unwrap()[0].to_owned()).collect();
    let expected: Vec<String> = (0..shown)
        .map(|row| app.list.user_at(row).unwrap().username().to_owned())
        .collect();
    assert_eq!(names, expected, "the rows shown, in their order");

    let json_path = dir.path().join("view.json");
    let commands = command_line(&mut app, &format!("export {}", json_path.display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let users = value.as_array().unwrap();
    assert_eq!(users.len(), 10);
    assert_eq!(users[0]["username"], expected[0].as_str());
    assert_eq!(
        users[0]["attributes"]["email"],
        app.list.user_at(0).unwrap().email().unwrap()
    );
}

#[tokio::test]
async fn an_export_to_an_unwritable_path_is_one_sentence() {
    let (mut app, worker, mut responses) = memory_app(5).await;
    let commands = command_line(&mut app, "export json /nonexistent-dir/users.json");
    settle(&mut app, &worker, &mut responses, commands).await;
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, cognito_tui::app::StatusKind::Error);
    assert!(
        status
            .text
            .starts_with("Cannot write /nonexistent-dir/users.json:"),
        "{}",
        status.text
    );
    assert!(!std::path::Path::new("/nonexistent-dir").exists());
}

#[tokio::test]
async fn an_export_in_a_format_it_does_not_know_is_refused_naming_the_formats() {
    let (mut app, _worker, _responses) = memory_app(5).await;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a");
    let commands = command_line(&mut app, &format!("export xml {}", target.display()));
    assert!(commands.is_empty(), "nothing written: {commands:?}");
    assert!(app.export.is_none());
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, cognito_tui::app::StatusKind::Error);
    assert!(
        status
            .text
            .starts_with("Unknown export format xml: the formats are csv and json"),
        "{}",
        status.text
    );
    // A path whose first word has its extension or a folder in it is still a path.
    let commands = command_line(&mut app, "export my.csv");
    assert!(matches!(commands.as_slice(), [Command::ExportView { .. }]));
}

#[test]
fn x_prompts_for_a_path_in_the_current_directory_and_progress_shows_a_gauge() {
    let mut app = started(10, false);
    press(&mut app, Action::ExportView);
    let input = app.input.clone().unwrap();
    assert_eq!(input.text, "export csv cognito-users-eu-west-1_Test1.csv");
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let [Command::ExportView { id, export }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(
        export.path,
        std::path::PathBuf::from("cognito-users-eu-west-1_Test1.csv")
    );
    assert_eq!(export.len(), 10);
    let again = command_line(&mut app, "export json x.json");
    assert!(again.is_empty(), "one export at a time");
    assert!(status_text(&app).contains("still running"));
    answer(
        &mut app,
        Response::ExportProgress {
            id: *id,
            written: 5,
            total: 10,
        },
    );
    let status = status_text(&app);
    assert!(
        status.contains("5 of 10 users ▕██████████░░░░░░░░░░▏ 50%"),
        "{status}"
    );
    // A stale answer (another id) changes nothing.
    answer(
        &mut app,
        Response::Exported {
            id: cognito_tui::worker::RequestId(9999),
            result: Err("x".into()),
        },
    );
    assert!(app.export.is_some());
}

fn groups() -> Vec<cognito_tui::directory::GroupInfo> {
    use cognito_tui::directory::GroupInfo;
    vec![
        GroupInfo {
            name: "support".into(),
            description: Some("Support staff".into()),
            precedence: Some(5),
        },
        GroupInfo {
            name: "admins".into(),
            description: Some("Full access".into()),
            precedence: Some(1),
        },
        group("beta"),
    ]
}

/// Answers the one `ListAllGroups` in `commands` with [`groups`].
fn answer_groups(app: &mut App, commands: Vec<Command>) {
    answer_all_groups(app, &commands, Ok(groups()));
}

/// `:groups` answered with [`groups`].
fn groups_open(app: &mut App) {
    let commands = command_line(app, "groups");
    answer_groups(app, commands);
}

#[test]
fn groups_lists_the_pools_groups_and_enter_shows_a_groups_users() {
    let mut app = started(10, false);
    groups_open(&mut app);
    let Some(Overlay::Groups(view)) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    let names: Vec<&str> = view.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["admins", "support", "beta"], "by precedence");
    press(&mut app, Action::MoveDown);
    let commands = press(&mut app, Action::Open);
    assert!(app.overlay.is_none());
    assert_eq!(app.group.as_deref(), Some("support"));
    let page = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsersInGroup { group, token, .. } => Some((group.clone(), token.clone())),
            _ => None,
        })
        .expect("a ListUsersInGroup");
    assert_eq!(page, ("support".to_owned(), None));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. })),
        "{commands:?}"
    );
    serve(&mut app, commands, 10);
    assert_eq!(
        app.list.users.len(),
        3,
        "the group's users replace the list"
    );
    assert!(screen(&mut app).contains("group: support (Esc leaves)"));
    // Esc returns to the whole pool.
    let commands = press(&mut app, Action::Cancel);
    assert_eq!(app.group, None);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. }))
    );
    serve(&mut app, commands, 10);
    assert_eq!(app.list.users.len(), 10);
}

#[test]
fn the_groups_key_opens_the_view_on_the_group_shown_and_closes_it() {
    let mut app = started(10, false);
    let commands = press(&mut app, Action::Groups);
    answer_groups(&mut app, commands);
    press(&mut app, Action::Bottom);
    let commands = press(&mut app, Action::Open);
    serve(&mut app, commands, 10);
    assert_eq!(app.group.as_deref(), Some("beta"));
    // Again on the group's list: the cursor starts on the group shown; the key closes the view.
    let commands = press(&mut app, Action::Groups);
    answer_groups(&mut app, commands);
    let Some(Overlay::Groups(view)) = &app.overlay else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(view.cursor, 2);
    assert!(press(&mut app, Action::Groups).is_empty());
    assert!(app.overlay.is_none());
    assert_eq!(
        app.group.as_deref(),
        Some("beta"),
        "closing keeps the group"
    );
}

#[test]
fn a_groups_next_pages_are_asked_for_that_group() {
    let mut app = started(10, false);
    groups_open(&mut app);
    let commands = press(&mut app, Action::Open);
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsersInGroup { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    let more = answer_page(
        &mut app,
        id,
        cognito_tui::directory::fixtures::users(2),
        Some("t2".into()),
    );
    assert!(
        more.iter().any(|c| matches!(
            c,
            Command::ListUsersInGroup { group, token: Some(t), .. } if group == "admins" && t == "t2"
        )),
        "{more:?}"
    );
}

#[test]
fn stale_or_failed_group_lists_are_handled() {
    let mut app = started(10, false);
    let commands = command_line(&mut app, "groups");
    let [Command::ListAllGroups { id: first }] = commands.as_slice() else {
        panic!()
    };
    let first = *first;
    // r asks again: the first answer is stale.
    let commands = press(&mut app, Action::Refresh);
    let [Command::ListAllGroups { id: second }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    answer(
        &mut app,
        Response::AllGroups {
            id: first,
            result: Ok(groups()),
        },
    );
    let Some(Overlay::Groups(view)) = &app.overlay else {
        panic!()
    };
    assert!(view.groups.is_empty() && view.loading == Some(*second));
    answer(
        &mut app,
        Response::AllGroups {
            id: *second,
            result: Err(cognito_tui::directory::DirectoryError::from_code(
                "AccessDeniedException",
                "not allowed",
            )),
        },
    );
    let text = screen(&mut app);
    assert!(
        text.contains("not allowed") || text.contains("denied"),
        "{text}"
    );
    press(&mut app, Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn a_search_leaves_the_group() {
    let mut app = started(10, false);
    groups_open(&mut app);
    let commands = press(&mut app, Action::Open);
    serve(&mut app, commands, 10);
    press(&mut app, Action::Search);
    update(&mut app, Msg::Paste("user001".into()));
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    assert_eq!(app.group, None);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { request, .. } if request.filter.is_some()))
    );
}

#[test]
fn groups_view_screen() {
    let mut app = started(10, false);
    groups_open(&mut app);
    let text = screen(&mut app);
    assert!(text.contains("▶ admins"));
    insta::assert_snapshot!(text);
}

#[tokio::test]
async fn the_memory_directory_pages_a_groups_users_and_knows_unknown_groups() {
    use cognito_tui::directory::{
        DirectoryError, DirectoryReader, fixtures, memory::MemoryDirectory,
    };
    let mut directory = MemoryDirectory::new(fixtures::pool(), fixtures::users(130));
    for i in (0..130).filter(|i| i % 2 == 0) {
        directory = directory.with_groups(&format!("user{i:03}"), &["even"]);
    }
    let first = directory.list_users_in_group("even", None).await.unwrap();
    assert_eq!(first.users.len(), 60);
    assert_eq!(first.users[1].username(), "user002");
    let second = directory
        .list_users_in_group("even", first.next_token)
        .await
        .unwrap();
    assert_eq!(second.users.len(), 5);
    assert_eq!(second.next_token, None);
    assert!(matches!(
        directory.list_users_in_group("odd", None).await,
        Err(DirectoryError::GroupNotFound { .. })
    ));
}

#[tokio::test]
async fn views_are_saved_to_their_file_recalled_listed_and_deleted() {
    let (mut app, worker, mut responses) = memory_app(130).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.json");
    app.views.file = Some(path.clone());
    // The whole pool is a view too (its sort and columns).
    let commands = command_line(&mut app, "view save all");
    settle(&mut app, &worker, &mut responses, commands).await;
    // A search, then a local filter over its results.
    press(&mut app, Action::Search);
    update(&mut app, Msg::Paste("user01".into()));
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    settle(&mut app, &worker, &mut responses, commands).await;
    let found = app.list.users.len();
    assert!(found > 0);
    press(&mut app, Action::LocalFilter);
    update(&mut app, Msg::Paste("5".into()));
    update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let filtered = app.list.rows();
    assert!(filtered < found);
    let commands = command_line(&mut app, "view save fives");
    assert!(
        status_text(&app).contains("Saved view fives"),
        "{}",
        status_text(&app)
    );
    settle(&mut app, &worker, &mut responses, commands).await;
    let saved = cognito_tui::saved_views::load_from(&path, "eu-west-1_Test1").unwrap();
    let view = &saved["fives"];
    assert_eq!(view.search.as_deref(), Some("user01"));
    assert_eq!(view.filter.as_deref(), Some("5"));

    // Back to the whole pool, then recall.
    press(&mut app, Action::Cancel);
    let commands = press(&mut app, Action::Cancel);
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(app.search.is_none() && app.local_filter.is_none());
    assert_eq!(app.list.users.len(), 130);
    let commands = command_line(&mut app, "view fives");
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(app.search.as_ref().unwrap().query.text, "user01");
    assert_eq!(app.local_filter.as_deref(), Some("5"));
    assert_eq!(app.list.rows(), filtered);

    // `:view` alone: the picker; Enter recalls the view under the cursor.
    command_line(&mut app, "view");
    assert!(matches!(app.overlay, Some(Overlay::Views(_))));
    let text = screen(&mut app);
    assert!(text.contains("Saved views (2)"), "{text}");
    assert!(
        text.contains("▶ all                  the whole pool, order loaded, columns username,email,status,enabled"),
        "{text}"
    );
    assert!(
        text.contains("  fives                search user01, filter 5, order loaded"),
        "{text}"
    );
    insta::assert_snapshot!("saved_views_picker", text);
    press(&mut app, Action::MoveDown);
    let commands = press(&mut app, Action::Open);
    assert!(app.overlay.is_none());
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(app.local_filter.as_deref(), Some("5"));
    let commands = command_line(&mut app, "view delete all");
    settle(&mut app, &worker, &mut responses, commands).await;
    command_line(&mut app, "view nope");
    assert!(status_text(&app).contains("No saved view is called nope"));
    let commands = command_line(&mut app, "view delete fives");
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(app.views.views.is_empty());
    assert_eq!(
        cognito_tui::saved_views::load_from(&path, "eu-west-1_Test1").unwrap(),
        Default::default()
    );
}

#[test]
fn a_group_can_be_a_saved_view_and_a_failed_save_is_one_sentence() {
    let mut app = started(10, false);
    // A path under a plain file cannot be made a directory, even by root.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let path = blocker.join("views.json");
    app.views.file = Some(path.clone());
    groups_open(&mut app);
    let commands = press(&mut app, Action::Open);
    serve(&mut app, commands, 10);
    let commands = command_line(&mut app, "view save admins");
    let [Command::SaveViews { id, views, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(views["admins"].group.as_deref(), Some("admins"));
    let e = cognito_tui::saved_views::save_to(&path, "p", views).unwrap_err();
    answer(
        &mut app,
        Response::ViewsSaved {
            id: *id,
            result: Err(e),
        },
    );
    let status = status_text(&app);
    assert!(
        status.starts_with(&format!("Cannot save the views to {}", path.display())),
        "{status}"
    );
    assert!(!status.contains('\n'));
    // Esc dismisses the error, Esc again leaves the group; then recall it.
    press(&mut app, Action::Cancel);
    let commands = press(&mut app, Action::Cancel);
    serve(&mut app, commands, 10);
    assert_eq!(app.group, None);
    let commands = command_line(&mut app, "view admins");
    assert_eq!(app.group.as_deref(), Some("admins"));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsersInGroup { .. }))
    );
}

#[tokio::test]
async fn export_follows_the_sort_and_the_lists_columns() {
    let (mut app, worker, mut responses) = memory_app(30).await;
    // Columns as the picker would leave them (set directly: `:columns` saves to the config dir).
    app.columns = cognito_tui::browse::parse_columns("username,email,status,groups").unwrap();
    let commands = command_line(&mut app, "sort username desc");
    settle(&mut app, &worker, &mut responses, commands).await;
    assert_eq!(app.list.user_at(0).unwrap().username(), "user029");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sorted.csv");
    let commands = command_line(&mut app, &format!("export csv {}", path.display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0], "username,email,status",
        "the list's columns, groups left out"
    );
    assert!(
        lines[1].starts_with("user029,user29@example.com,"),
        "{}",
        lines[1]
    );
    assert!(lines[30].starts_with("user000,"), "{}", lines[30]);
    assert_eq!(lines.len(), 31);
}

#[test]
fn without_a_views_file_a_view_lasts_for_the_session() {
    let mut app = started(10, false);
    app.local_filter = Some("user00".into());
    let commands = command_line(&mut app, "view save mine");
    assert!(commands.is_empty(), "nothing to write: {commands:?}");
    let status = status_text(&app);
    assert!(
        status
            == "Saved view mine for this session only, not written to disk (filter user00, order loaded, 4 columns).",
        "{status}"
    );
    assert!(app.views.views.contains_key("mine"));
}

#[test]
fn a_group_whose_first_page_failed_does_not_show_the_pools_users_as_its_members() {
    let mut app = started(10, false);
    groups_open(&mut app);
    let commands = press(&mut app, Action::Open);
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsersInGroup { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::UsersPage {
            id,
            result: Err(cognito_tui::directory::DirectoryError::InternalError {
                detail: "boom".into(),
            }),
        },
    );
    assert_eq!(app.group.as_deref(), Some("admins"));
    assert_eq!(app.list.rows(), 0, "the pool's users are not the group's");
    assert!(app.list.load_failed);
    assert_eq!(app.detail.username, None, "no user of the pool stays shown");
}

/// A file already at the path is kept: the export says so and names the command that replaces
/// it (`:export!`), which then does.
#[tokio::test]
async fn an_export_keeps_a_file_already_there_unless_told_to_replace_it() {
    let (mut app, worker, mut responses) = memory_app(5).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.csv");
    std::fs::write(&path, "precious\n").unwrap();
    let commands = command_line(&mut app, &format!("export csv {}", path.display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(app.export.is_none());
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, cognito_tui::app::StatusKind::Warning);
    assert!(
        status.text.contains("already exists")
            && status
                .text
                .contains(&format!(":export! csv {}", path.display())),
        "{}",
        status.text
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious\n");
    let commands = command_line(&mut app, &format!("export! csv {}", path.display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(
        status_text(&app).starts_with("Exported 5 users"),
        "{}",
        status_text(&app)
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("username,")
    );
}

/// A path ending in `/` names a folder: the file goes in it under the name `X` offers.
#[tokio::test]
async fn an_export_to_a_folder_writes_the_usual_file_in_it() {
    let (mut app, worker, mut responses) = memory_app(5).await;
    let dir = tempfile::tempdir().unwrap();
    let commands = command_line(&mut app, &format!("export json {}/", dir.path().display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    let path = dir.path().join("cognito-users-eu-west-1_Test1.json");
    assert!(path.is_file(), "{}", status_text(&app));
    // Without the `/`, a folder is refused in a sentence that says how.
    let commands = command_line(&mut app, &format!("export json {}", dir.path().display()));
    settle(&mut app, &worker, &mut responses, commands).await;
    assert!(
        status_text(&app).contains("is a folder"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn self_service_says_the_pool_cannot_be_described_and_still_describes_its_user() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    serve(&mut app, commands, 1);
    let commands = press(&mut app, Action::DescribePool);
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(app.overlay, None);
    assert!(
        status_text(&app).contains("describing the pool needs admin rights"),
        "{}",
        status_text(&app)
    );
    let commands = command_line(&mut app, "describe pool");
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(app.overlay, None);
    press(&mut app, Action::Describe);
    assert!(matches!(app.overlay, Some(Overlay::Describe(_))));
}

#[test]
fn a_user_cognito_could_not_read_is_not_described_from_the_lists_copy() {
    let mut app = started(10, false);
    let commands = press(&mut app, Action::MoveDown);
    let Some((id, username)) = commands.iter().find_map(|c| match c {
        Command::GetUser { id, username } => Some((*id, username.clone())),
        _ => None,
    }) else {
        panic!("{commands:?}")
    };
    assert_eq!(username, "user001");
    answer(
        &mut app,
        Response::User {
            id,
            username,
            result: Err(cognito_tui::directory::DirectoryError::from_code(
                "UserNotFoundException",
                "User does not exist.",
            )),
        },
    );
    press(&mut app, Action::Describe);
    let text = app.describe_text(describe_view(&app));
    let Err(why) = text else {
        panic!("the list's copy was described as if read: {text:?}")
    };
    assert!(
        why.starts_with("user001 could not be read (AdminGetUser): "),
        "{why}"
    );
}

#[test]
fn why_a_user_is_not_described_is_wrapped_in_the_view() {
    let mut app = started(10, false);
    let commands = press(&mut app, Action::MoveDown);
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::GetUser { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::User {
            id,
            username: "user001".into(),
            result: Err(cognito_tui::directory::DirectoryError::from_code(
                "UserNotFoundException",
                "User does not exist.",
            )),
        },
    );
    press(&mut app, Action::Describe);
    let text = buffer_text(&draw(&mut app, 60, 20));
    assert!(text.contains("user001 could not be read"), "{text}");
    assert!(
        text.contains("loaded (press r to refresh)."),
        "the sentence's end shows on a later row: {text}"
    );
}
