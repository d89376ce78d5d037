//! Issue 13: with `p` on, no personal value shows on any screen. Users with known personal
//! data (usernames that are emails, email, phone, name, a custom attribute, `identities`) are
//! loaded, every screen is drawn, and the frames are searched for pieces of those values. With
//! masking off the same pieces do show, so the test can fail.

mod support;

use cognito_tui::app::{Action, App, InputEdit, JournalLine, Msg, update};
use cognito_tui::directory::{Attribute, User, UserPage, fixtures};
use cognito_tui::worker::{Command, Deleted, Response};
use support::{press, screen_at, select_attribute, session};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 40;

/// Pieces of the personal values below that no mask can produce.
const PIECES: &[&str] = &[
    "ann.lee",
    "ann.work",
    "7700900123",
    "Lee-Smith",
    "99417",
    "1098765",
    "bob@",
    "Quist",
];

fn user(username: &str, email: &str, phone: &str, name: &str, tenant: &str) -> User {
    User::from(cognito_tui::directory::UserParts {
        attributes: vec![
            Attribute::new("sub", format!("00000000-0000-4000-8000-{:012}", name.len())),
            Attribute::new("email", email),
            Attribute::new("email_verified", "true"),
            Attribute::new("phone_number", phone),
            Attribute::new("name", name),
            Attribute::new("locale", "en-GB"),
            Attribute::new("custom:plan", tenant),
            Attribute::new(
                "identities",
                r#"[{"userId":"1098765","providerName":"Google"}]"#,
            ),
        ]
        .into(),
        username: username.to_owned(),
        ..fixtures::user(0).to_parts()
    })
}

fn users() -> Vec<User> {
    vec![
        user(
            "ann.lee@example.org",
            "ann.work@example.org",
            "+447700900123",
            "Ann Lee-Smith",
            "plan-99417",
        ),
        user(
            "bob@example.net",
            "bob@example.net",
            "+15550001111",
            "Bob Quist",
            "plan-1",
        ),
    ]
}

/// Answers whatever commands come back the way an in-memory directory holding `users()` would
/// (deletions succeed), until none is left; commands it has no answer for are dropped.
fn serve(app: &mut App, commands: Vec<Command>) {
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
                    users: users(),
                    next_token: None,
                }),
            },
            Command::GetUser { id, username } => {
                let found = users().into_iter().find(|u| u.username() == username);
                Response::User {
                    id,
                    username,
                    result: Ok(found.unwrap()),
                }
            }
            Command::ListGroups { id, username } | Command::RowGroups { id, username } => {
                Response::Groups {
                    id,
                    username,
                    result: Ok(vec![]),
                }
            }
            Command::FilterUsers { id, job } => Response::Filtered {
                id,
                done: job.run(),
            },
            Command::DeleteAttributes { id, plan } => Response::AttributesDeleted {
                id,
                plan,
                result: Ok(Deleted::default()),
            },
            Command::ReadJournal { id } => Response::Journal {
                id,
                result: Ok(vec![JournalLine {
                    id: "e1".into(),
                    batch: "b".into(),
                    is_undo: false,
                    time: "2026-01-01T00:00:00Z".into(),
                    username: "ann.lee@example.org".into(),
                    kind: "delete".into(),
                    names: vec!["email".into(), "name".into()],
                    what: "delete email, name".into(),
                    state: "ok".into(),
                    message: None,
                    undo_refusal: None,
                    sub_unknown: false,
                }]),
            },
            _ => continue,
        };
        queue.extend(update(app, Msg::Response(response)));
    }
}

fn act(app: &mut App, action: Action) {
    let commands = press(app, action);
    serve(app, commands);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let commands = update(app, Msg::Input(InputEdit::Insert(c)));
        serve(app, commands);
    }
}

fn screen(app: &mut App) -> String {
    screen_at(app, WIDTH, HEIGHT)
}

/// Every screen, named, as drawn with masking `on` or off.
fn screens(on: bool) -> Vec<(&'static str, String)> {
    let (mut app, commands) = App::new(session(false));
    serve(&mut app, commands);
    if on {
        act(&mut app, Action::MaskPii);
        assert!(app.mask_pii);
    }
    let mut shots = Vec::new();
    // The first user is selected and its attributes are in the pane.
    shots.push(("main screen", screen(&mut app)));

    for name in ["phone_number", "name", "custom:plan"] {
        select_attribute(&mut app, name);
        act(&mut app, Action::ToggleMark);
    }
    act(&mut app, Action::Review);
    shots.push(("review dialog", screen(&mut app)));
    act(&mut app, Action::Confirm);
    shots.push(("status line after a deletion", screen(&mut app)));

    act(&mut app, Action::Journal);
    shots.push(("journal view", screen(&mut app)));
    act(&mut app, Action::Cancel);

    act(&mut app, Action::SwitchPane);
    act(&mut app, Action::ChooseAll);
    select_attribute(&mut app, "name");
    act(&mut app, Action::ToggleMark);
    act(&mut app, Action::Review);
    shots.push(("bulk review", screen(&mut app)));
    act(&mut app, Action::Cancel);

    act(&mut app, Action::Search);
    type_text(&mut app, "ann.lee@example.org");
    shots.push(("search box", screen(&mut app)));
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    serve(&mut app, commands);
    shots.push(("after a search", screen(&mut app)));

    act(&mut app, Action::LocalFilter);
    type_text(&mut app, "Quist");
    shots.push(("filter box", screen(&mut app)));
    let commands = update(&mut app, Msg::Input(InputEdit::Cancel));
    serve(&mut app, commands);

    act(&mut app, Action::Help);
    shots.push(("help", screen(&mut app)));
    shots
}

#[test]
fn with_masking_on_no_personal_value_shows_on_any_screen() {
    for (name, text) in screens(true) {
        for piece in PIECES {
            assert!(
                !text.contains(piece),
                "{name} shows {piece:?} with masking on:\n{text}"
            );
        }
    }
}

#[test]
fn with_masking_off_the_same_values_show() {
    let shots = screens(false);
    let shown = |name: &str, piece: &str| {
        let (_, text) = shots.iter().find(|(n, _)| *n == name).unwrap();
        assert!(text.contains(piece), "{name} lacks {piece:?}:\n{text}");
    };
    for piece in [
        "ann.lee",
        "ann.work",
        "7700900123",
        "Lee-Smith",
        "99417",
        "1098765",
    ] {
        shown("main screen", piece);
    }
    shown("main screen", "bob@");
    for piece in ["ann.lee", "7700900123", "Lee-Smith", "99417"] {
        shown("review dialog", piece);
    }
    shown("status line after a deletion", "from ann.lee@example.org");
    shown("journal view", "ann.lee@example.org");
    shown("bulk review", "Quist");
    shown("bulk review", "bob@");
    shown("search box", "search: ann.lee@example.org");
    shown("filter box", "filter: Quist");
}
