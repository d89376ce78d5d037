//! The describe view, export of the view, saved views and the groups view, driven through
//! `update` with no terminal, and their screens as snapshots.

mod support;

use cognito_tui::app::{Action, App, DescribeTarget, Msg, Overlay, update};
use cognito_tui::describe::Format;
use cognito_tui::worker::{Command, Response};
use support::{answer, buffer_text, draw, press, serve, started, status_text};

const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;

fn screen(app: &mut App) -> String {
    buffer_text(&draw(app, WIDTH, HEIGHT))
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

#[test]
fn describe_user_json_screen() {
    let mut app = started(10, false);
    press(&mut app, Action::Describe);
    let text = screen(&mut app);
    assert!(text.contains("user000 — JSON · Tab YAML"));
    insta::assert_snapshot!(text);
}

#[test]
fn describe_user_yaml_screen() {
    let mut app = started(10, false);
    press(&mut app, Action::Describe);
    press(&mut app, Action::SwitchPane);
    let text = screen(&mut app);
    assert!(text.contains("Username: user000"));
    insta::assert_snapshot!(text);
}

#[test]
fn describe_pool_screen() {
    let mut app = started(10, false);
    press(&mut app, Action::DescribePool);
    press(&mut app, Action::SwitchPane);
    let text = screen(&mut app);
    assert!(text.contains("MinimumLength: 12"));
    insta::assert_snapshot!(text);
}
