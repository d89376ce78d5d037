//! The shaped list on screen, compared with committed snapshots: the sort in a column's title,
//! chosen columns, the column picker, and columns dropping from the right on a narrow terminal.

mod support;

use cognito_tui::app::{Action, App, Focus};
use support::{answer_all_groups, buffer_text, command_line, group, press, started};

#[test]
fn sorted_header_and_chosen_columns() {
    let mut app = started(40, false);
    command_line(&mut app, "columns username,created,custom:plan,status");
    command_line(&mut app, "sort created desc");
    press(&mut app, Action::Top);
    app.status = None;
    let text = buffer_text(&support::draw(&mut app, 130, 16));
    assert!(text.contains("Created ▼"), "{text}");
    assert!(text.contains("user039"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn column_picker() {
    let mut app = started(10, false);
    press(&mut app, Action::Columns);
    let text = buffer_text(&support::draw(&mut app, 110, 26));
    assert!(text.contains("[x] username"), "{text}");
    assert!(text.contains("[ ] custom:plan"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn on_a_narrow_terminal_columns_drop_from_the_right() {
    let mut app = started(10, false);
    command_line(&mut app, "columns username,email,created,modified,status");
    let text = buffer_text(&support::draw(&mut app, 70, 12));
    let line = text.lines().nth(2).unwrap();
    let titles = line.split("││").next().unwrap();
    assert!(
        titles.contains("Username") && titles.contains("Email"),
        "{text}"
    );
    assert!(
        !titles.contains("Status"),
        "the last column went first: {text}"
    );
    insta::assert_snapshot!(text);
}

/// The very first page failing (a server with no answer, a pool that is not there) leaves the
/// list saying so and which key tries again, once the key after the error has put it away.
#[test]
fn a_first_load_that_failed_says_so_and_names_the_key_that_retries() {
    use cognito_tui::directory::DirectoryError;
    use cognito_tui::worker::{Command, Response};
    let (mut app, commands) = App::new(support::session(false));
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    support::answer(
        &mut app,
        Response::UsersPage {
            id,
            result: Err(DirectoryError::from_code(
                "InternalErrorException",
                "no answer",
            )),
        },
    );
    press(&mut app, Action::Cancel);
    let text = buffer_text(&support::draw(&mut app, 100, 12));
    assert!(
        text.contains("Loading failed (m says why); r tries again."),
        "{text}"
    );
    // Narrow, the sentence wraps in the list's pane rather than being cut at its border.
    let text = buffer_text(&support::draw(&mut app, 60, 15));
    let pane: Vec<String> = text
        .lines()
        .skip(2)
        .take(11)
        .map(|r| {
            r.chars()
                .skip(1)
                .take_while(|c| *c != '│')
                .collect::<String>()
        })
        .collect();
    let words: Vec<&str> = pane.iter().flat_map(|r| r.split_whitespace()).collect();
    assert_eq!(
        words.join(" "),
        "Loading failed (m says why); r tries again.",
        "{text}"
    );
    let pane: Vec<String> = text
        .lines()
        .skip(2)
        .take(11)
        .map(|r| {
            r.chars()
                .skip(31)
                .take_while(|c| *c != '│')
                .collect::<String>()
        })
        .collect();
    let words: Vec<&str> = pane.iter().flat_map(|r| r.split_whitespace()).collect();
    assert_eq!(
        words.join(" "),
        "Select a user to see their attributes.",
        "{text}"
    );
}

/// Space chooses the user in the user list and marks the attribute in the attribute pane: the
/// hint line says which, and a user's own sign-in (no one to choose) names it only where it
/// marks.
#[test]
fn the_hint_for_space_says_what_it_does_where_the_focus_is() {
    let mut app = started(5, false);
    app.focus = Focus::Users;
    let hints = support::last_line(&buffer_text(&support::draw(&mut app, 100, 20))).to_owned();
    assert!(hints.contains("space choose"), "{hints}");
    assert!(!hints.contains("mark"), "{hints}");
    app.focus = Focus::Attributes;
    let hints = support::last_line(&buffer_text(&support::draw(&mut app, 100, 20))).to_owned();
    assert!(hints.contains("space mark"), "{hints}");

    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    app.focus = Focus::Users;
    let hints = support::last_line(&buffer_text(&support::draw(&mut app, 100, 20))).to_owned();
    assert!(!hints.contains("space"), "{hints}");
    app.focus = Focus::Attributes;
    let hints = support::last_line(&buffer_text(&support::draw(&mut app, 100, 20))).to_owned();
    assert!(hints.contains("space mark"), "{hints}");
}

/// A read-only session's hint line offers no key it would refuse ("read-only mode"): no mark,
/// no delete; the room goes to keys that work.
#[test]
fn a_read_only_sessions_hints_leave_out_the_keys_it_refuses() {
    let text = buffer_text(&support::draw(&mut started(5, false), 100, 20));
    let hints = support::last_line(&text).to_owned();
    assert!(
        hints.contains("space choose") && hints.contains("d delete…"),
        "{hints}"
    );
    let text = buffer_text(&support::draw(&mut started(5, true), 100, 20));
    let hints = support::last_line(&text);
    assert!(
        !hints.contains("mark") && !hints.contains("delete"),
        "{hints}"
    );
    assert!(hints.contains("r refresh"), "{hints}");
}

/// An empty list while a page is on its way says it is loading, not that the group or the pool
/// has no users.
#[test]
fn an_empty_list_waiting_for_its_first_page_says_it_is_loading() {
    let mut app = started(5, false);
    let commands = press(&mut app, Action::Groups);
    let group = group("admins");
    answer_all_groups(&mut app, &commands, Ok(vec![group]));
    press(&mut app, Action::Open);
    let text = buffer_text(&support::draw(&mut app, 100, 12));
    assert!(
        text.contains("Loading users…") && !text.contains("no users"),
        "{text}"
    );
    // Back to the pool: the same until its first page.
    press(&mut app, Action::Cancel);
    let text = buffer_text(&support::draw(&mut app, 100, 12));
    assert!(
        text.contains("Loading users…") && !text.contains("no users"),
        "{text}"
    );
}
