//! The messages: an error that lands right after another does not hide it, and a long one can
//! be read in full.

mod support;

use std::time::{Duration, SystemTime};

use cognito_tui::app::{Action, App, Overlay, StatusKind};
use cognito_tui::directory::DirectoryError;
use cognito_tui::worker::{Command, Response};
use support::{answer, buffer_text, draw, last_line, press, started, status_text};

/// 14:03:07 UTC on some day.
fn at_14_03() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(20_000 * 86_400 + 14 * 3600 + 3 * 60 + 7)
}

const DENIED: &str = "User: arn:aws:iam::123456789012:user/support is not authorized to perform: \
    cognito-idp:AdminGetUser on resource: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/\
    eu-west-1_Test1 because no identity-based policy allows the cognito-idp:AdminGetUser action";

/// A refresh whose page fails, then whose read of the shown user fails, both before any key.
fn two_failures() -> App {
    let mut app = started(3, false);
    app.clock = at_14_03;
    let commands = press(&mut app, Action::Refresh);
    let page = commands.iter().find_map(|c| match c {
        Command::ListUsers { id, .. } => Some(*id),
        _ => None,
    });
    let read = commands.iter().find_map(|c| match c {
        Command::GetUser { id, username } => Some((*id, username.clone())),
        _ => None,
    });
    let (page, (read, username)) = (page.unwrap(), read.unwrap());
    answer(
        &mut app,
        Response::UsersPage {
            id: page,
            result: Err(DirectoryError::from_code("TooManyRequestsException", "")),
        },
    );
    answer(
        &mut app,
        Response::User {
            id: read,
            username,
            result: Err(DirectoryError::from_code("NotAuthorizedException", DENIED)),
        },
    );
    app
}

#[test]
fn an_error_right_after_another_does_not_hide_it() {
    let mut app = two_failures();
    assert!(status_text(&app).starts_with("Reading user000 failed"));
    let texts: Vec<_> = app.messages.list.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts[0].starts_with("Loading users failed"), "{texts:?}");
    assert!(texts[1].ends_with("allows the cognito-idp:AdminGetUser action"));
    assert!(
        app.messages
            .list
            .iter()
            .all(|m| m.kind == StatusKind::Error)
    );
    assert_eq!(app.messages.missed, 1);
    // Too long for a row, the error takes two (over the panes' bottom border).
    let screen = buffer_text(&draw(&mut app, 120, 30));
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[28].starts_with(" ✗ Reading user000 failed: Not authorized: User: arn:aws:iam"),
        "{screen}"
    );
    assert!(
        rows[29].starts_with("   cognito-idp:AdminGetUser on resource"),
        "{screen}"
    );
    assert!(rows[29].ends_with("… [+1 more · m]"), "{screen}");

    // The first key dismisses the error; the one it hid is still counted.
    press(&mut app, Action::Cancel);
    let screen = buffer_text(&draw(&mut app, 120, 30));
    assert_eq!(last_line(&screen), " ! 1 message not shown: m lists them");

    // `m` lists both, newest first, each in full with its time.
    press(&mut app, Action::Messages);
    assert_eq!(app.overlay, Some(Overlay::Messages { scroll: 0 }));
    assert_eq!(app.messages.missed, 0);
    let screen = buffer_text(&draw(&mut app, 100, 30));
    let newest = screen.find("14:03:07 ✗ Reading user000 failed").unwrap();
    let oldest = screen.find("14:03:07 ✗ Loading users failed").unwrap();
    assert!(newest < oldest, "{screen}");
    assert!(
        screen.contains("allows the cognito-idp:AdminGetUser action"),
        "{screen}"
    );
    assert!(screen.contains("TooManyRequests"), "{screen}");
    press(&mut app, Action::Cancel);
    assert_eq!(app.overlay, None);
    let screen = buffer_text(&draw(&mut app, 120, 30));
    assert!(!last_line(&screen).contains("not shown"), "{screen}");
}

#[test]
fn an_error_that_fits_two_rows_is_shown_whole_and_the_panes_keep_their_rows() {
    let mut app = started(3, false);
    let before = buffer_text(&draw(&mut app, 80, 24));
    app.known_profiles = Some(
        [
            "admin",
            "audit-readonly",
            "billing",
            "production-eu",
            "production-us",
            "sso-dev",
            "staging",
            "support",
        ]
        .map(String::from)
        .to_vec(),
    );
    press(&mut app, Action::CommandLine);
    for c in "profile typo".chars() {
        cognito_tui::app::update(
            &mut app,
            cognito_tui::app::Msg::Input(cognito_tui::app::InputEdit::Insert(c)),
        );
    }
    cognito_tui::app::update(
        &mut app,
        cognito_tui::app::Msg::Input(cognito_tui::app::InputEdit::Submit),
    );
    let screen = buffer_text(&draw(&mut app, 80, 24));
    let rows: Vec<&str> = screen.lines().collect();
    assert_eq!(
        rows[22],
        " ! no such profile: typo (known: admin, audit-readonly, billing, production-eu,"
    );
    assert_eq!(rows[23], "   production-us, sso-dev, staging, support)");
    // The panes above are drawn as before: only their bottom border is covered.
    let old: Vec<&str> = before.lines().collect();
    assert_eq!(rows[..22], old[..22]);
    assert!(!screen.contains("in full"), "{screen}");
}

#[test]
fn an_error_seen_before_the_next_is_not_counted_as_missed() {
    let mut app = started(3, false);
    press(&mut app, Action::Messages);
    press(&mut app, Action::Messages);
    assert_eq!(app.overlay, None, "m opens and closes the messages");
    let commands = press(&mut app, Action::Refresh);
    let page = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::UsersPage {
            id: page,
            result: Err(DirectoryError::from_code("InternalErrorException", "")),
        },
    );
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::ToggleMark);
    assert_eq!(app.messages.missed, 0);
    assert_eq!(app.messages.list.len(), 1);
}

#[test]
fn a_long_error_says_where_to_read_it_in_full_and_the_command_opens_it() {
    let mut app = two_failures();
    press(&mut app, Action::Messages);
    press(&mut app, Action::Cancel);
    // Another error, seen on its own: the line is cut, and says where the rest is.
    let commands = press(&mut app, Action::Refresh);
    let (read, username) = commands
        .iter()
        .find_map(|c| match c {
            Command::GetUser { id, username } => Some((*id, username.clone())),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::User {
            id: read,
            username,
            result: Err(DirectoryError::from_code("NotAuthorizedException", DENIED)),
        },
    );
    let screen = buffer_text(&draw(&mut app, 80, 24));
    assert!(last_line(&screen).ends_with("… [m: in full]"), "{screen}");
    assert!(!last_line(&screen).contains("more"), "{screen}");
    press(&mut app, Action::CommandLine);
    for c in "messages".chars() {
        cognito_tui::app::update(
            &mut app,
            cognito_tui::app::Msg::Input(cognito_tui::app::InputEdit::Insert(c)),
        );
    }
    cognito_tui::app::update(
        &mut app,
        cognito_tui::app::Msg::Input(cognito_tui::app::InputEdit::Submit),
    );
    assert_eq!(app.overlay, Some(Overlay::Messages { scroll: 0 }));
    // At 80 columns the whole sentence is there, wrapped under its text.
    let screen = buffer_text(&draw(&mut app, 80, 24));
    let flat: String = screen
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("allows the cognito-idp:AdminGetUser action"),
        "{screen}"
    );
    press(&mut app, Action::MoveDown);
    assert_eq!(app.overlay, Some(Overlay::Messages { scroll: 1 }));
}

#[test]
fn a_click_on_a_two_row_error_opens_the_messages_and_the_rows_above_stay_clickable() {
    use cognito_tui::app::{Focus, MouseTarget, Msg, update};
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let mut app = started(3, false);
    app.known_profiles = Some(
        ["admin", "audit-readonly", "billing", "production-eu"]
            .map(String::from)
            .to_vec(),
    );
    // One row: the keys; a click on them does nothing, nor on the border above.
    draw(&mut app, 80, 24);
    let target = |app: &App, column, row| support::mouse_target(app, 80, 24, click(column, row));
    assert_eq!(target(&app, 10, 23), None);
    assert_eq!(target(&app, 10, 22), Some(MouseTarget::Pane(Focus::Users)));
    press(&mut app, Action::CommandLine);
    for c in "profile typo-that-is-long-enough-to-take-two-rows".chars() {
        update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
    }
    update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let screen = buffer_text(&draw(&mut app, 80, 24));
    let rows: Vec<&str> = screen.lines().collect();
    assert!(rows[22].starts_with(" ! no such profile"), "{screen}");
    // The row above the status line shows the message's first row: a click there, on either
    // pane's side, is on the message.
    for column in [10, 60] {
        for row in [22, 23] {
            assert_eq!(
                target(&app, column, row),
                Some(MouseTarget::Messages),
                "{column},{row}:\n{screen}"
            );
        }
    }
    // The rows above it are the panes' as before.
    assert_eq!(target(&app, 10, 21), Some(MouseTarget::UserRow(18)));
    // The wheel over it still scrolls the pane.
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(10, 22)
    };
    assert_eq!(
        support::mouse_target(&app, 80, 24, wheel),
        Some(MouseTarget::Wheel(Focus::Users, 3))
    );
    update(&mut app, Msg::Mouse(MouseTarget::Messages));
    assert!(matches!(app.overlay, Some(Overlay::Messages { .. })));
    let screen = buffer_text(&draw(&mut app, 80, 24));
    assert!(screen.contains("typo-that-is-long"), "{screen}");
}

/// The SDK's words when no provider of the chain had credentials (keys unset, no ~/.aws).
const NO_CREDENTIALS: &str = "dispatch failure: other: the credential provider was not enabled: \
    no credentials found in chain. Attempted:; Environment: the credential provider was not \
    enabled: environment variable not set; Profile: the credential provider was not enabled";

#[test]
fn missing_credentials_say_what_to_do_and_the_messages_keep_the_sdks_words() {
    let mut app = started(3, false);
    let commands = press(&mut app, Action::Refresh);
    let page = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::UsersPage {
            id: page,
            result: Err(DirectoryError::Credentials {
                profile: "dev".into(),
                detail: NO_CREDENTIALS.into(),
            }),
        },
    );
    let status = status_text(&app);
    assert!(
        status.starts_with("Loading users failed: No AWS credentials found for profile dev: "),
        "{status}"
    );
    assert!(status.contains("aws sso login --profile dev"), "{status}");
    assert!(!status.contains("dispatch failure"), "{status}");
    let kept = &app.messages.list.last().unwrap().text;
    assert!(kept.starts_with(&status), "{kept}");
    assert!(kept.contains("no credentials found in chain"), "{kept}");
}
