//! Every hint that names a key names it as the keymap in force binds it: with keys rebound, the
//! screens and the status texts show the new keys, not the defaults.

mod support;

use cognito_tui::app::{Action, App, InputEdit, Msg, update};
use cognito_tui::directory::{UserPage, fixtures};
use cognito_tui::keymap::Keymap;
use cognito_tui::worker::{Command, Response};
use support::{
    action_review, answer, answer_all_groups, buffer_text, command_line, draw_with_keymap, group,
    mark_attributes, pick_action, press, started,
};

const REBOUND: &str = "cancel = [\"x\"]\nhelp = [\"H\"]\nlocal_filter = [\"F\"]\njournal = [\"K\"]\n\
undo = [\"Z\"]\ncommand_line = [\";\"]\nswitch_pane = [\"T\"]\ntoggle_mark = [\"v\"]\n\
move_down = [\"o\"]\nmove_up = [\"i\"]\nrefresh = [\"w\"]\n";

fn keymap() -> Keymap {
    Keymap::default()
        .with_overrides(std::path::Path::new("keymap.toml"), REBOUND)
        .unwrap()
}

/// An app of `n` users whose texts name the rebound keys, as the main loop sets them.
fn app(n: usize) -> (App, Keymap) {
    let keymap = keymap();
    let mut app = started(n, false);
    app.key_names = keymap.names();
    (app, keymap)
}

fn screen(app: &mut App, keymap: &Keymap) -> String {
    buffer_text(&draw_with_keymap(app, 140, 30, keymap))
}

/// The screen's text with each run of spaces as one, so wrapped or padded text still matches.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_help_and_messages_titles_name_the_rebound_keys() {
    let (mut app, keymap) = app(3);
    press(&mut app, Action::Help);
    let text = screen(&mut app, &keymap);
    assert!(text.contains("Help — H or x to close"), "{text}");
    assert!(!text.contains("? or Esc"), "{text}");
    assert!(text.contains("load the whole pool (x stops)"), "{text}");
    assert!(text.contains(";pool ;region ;create ;q …"), "{text}");
    press(&mut app, Action::Cancel);
    press(&mut app, Action::Messages);
    let text = screen(&mut app, &keymap);
    assert!(text.contains("Messages (UTC) · x closes"), "{text}");
}

#[test]
fn the_command_prompt_is_the_key_that_opens_it() {
    let (mut app, keymap) = app(3);
    press(&mut app, Action::CommandLine);
    let text = screen(&mut app, &keymap);
    let bottom = text.lines().last().unwrap_or_default();
    assert!(bottom.starts_with(" ;  (pool NAME-OR-ID"), "{bottom}");
}

#[test]
fn the_deletion_review_names_the_rebound_journal_and_undo_keys() {
    let (mut app, keymap) = app(3);
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::Review);
    let text = words(&screen(&mut app, &keymap));
    assert!(text.contains("(undo: K, then Z)"), "{text}");
    assert!(!text.contains("J, then u"), "{text}");
    // On a short terminal the review scrolls, with the keys that scroll it.
    let text = buffer_text(&draw_with_keymap(&mut app, 100, 6, &keymap));
    assert!(text.contains("more, o/i to scroll"), "{text}");
}

#[test]
fn an_empty_search_names_the_rebound_cancel_key() {
    let (mut app, keymap) = app(3);
    press(&mut app, Action::Search);
    for c in "zzz".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    // Every query the search sends finds nobody.
    let mut queue = update(&mut app, Msg::Input(InputEdit::Submit));
    while let Some(command) = queue.pop() {
        if let Command::ListUsers { id, .. } = command {
            queue.extend(answer(
                &mut app,
                Response::UsersPage {
                    id,
                    result: Ok(UserPage {
                        users: Vec::new(),
                        next_token: None,
                    }),
                },
            ));
        }
    }
    let text = screen(&mut app, &keymap);
    assert!(
        text.contains("Nobody matches the search. x shows the whole pool."),
        "{text}"
    );
}

#[test]
fn loading_the_whole_pool_names_the_rebound_stop_key() {
    let keymap = keymap();
    let (mut app, commands) = App::new(support::session(false));
    app.key_names = keymap.names();
    for command in commands {
        match command {
            Command::DescribePool { id } => {
                answer(
                    &mut app,
                    Response::Pool {
                        id,
                        result: Ok(fixtures::pool()),
                    },
                );
            }
            Command::ListUsers { id, .. } => {
                answer(
                    &mut app,
                    Response::UsersPage {
                        id,
                        result: Ok(UserPage {
                            users: fixtures::users(3),
                            next_token: Some("more".into()),
                        }),
                    },
                );
            }
            _ => {}
        }
    }
    press(&mut app, Action::LoadAll);
    let text = screen(&mut app, &keymap);
    assert!(text.contains("loading all (x stops)"), "{text}");
    assert!(
        text.contains("Loading the whole pool in the background… x stops."),
        "{text}"
    );
}

#[test]
fn the_group_pickers_empty_filter_names_the_rebound_filter_key() {
    let (mut app, keymap) = app(3);
    let commands = pick_action(&mut app, 'g');
    let groups = vec![group("support")];
    answer_all_groups(&mut app, &commands, Ok(groups));
    press(&mut app, Action::LocalFilter);
    for c in "zzz".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    let text = screen(&mut app, &keymap);
    assert!(
        text.contains("No group matches the filter (F to change it, Esc in it to clear it)."),
        "{text}"
    );
}

#[test]
fn status_texts_name_the_rebound_keys() {
    let (mut app, keymap) = app(3);
    // The mark key in the list chooses the user and says what comes next.
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ToggleMark);
    let text = screen(&mut app, &keymap);
    assert!(
        text.contains("1 user(s) chosen: a acts on all; T, v, d deletes attributes."),
        "{text}"
    );
    // With nothing marked, the review says how to mark.
    press(&mut app, Action::Review);
    let text = screen(&mut app, &keymap);
    assert!(
        text.contains("Mark the attributes to delete (T, then v)"),
        "{text}"
    );
    // A task that stopped unexpectedly: the retry key is the rebound one.
    answer(
        &mut app,
        Response::Crashed {
            id: cognito_tui::worker::RequestId(999),
            message: "boom".into(),
        },
    );
    let text = screen(&mut app, &keymap);
    assert!(text.contains("Press w to retry."), "{text}");
}

#[test]
fn commands_are_named_after_the_rebound_command_line_key() {
    let (mut app, keymap) = app(3);
    command_line(&mut app, "view");
    let text = screen(&mut app, &keymap);
    assert!(
        text.contains("No saved view for this pool: ;view save NAME keeps"),
        "{text}"
    );
    command_line(&mut app, "nonsense");
    let text = words(&screen(&mut app, &keymap));
    assert!(
        text.contains("unknown command ;nonsense; try ;pool NAME-OR-ID"),
        "{text}"
    );
}

#[test]
fn a_silent_creation_without_a_password_names_the_rebound_keys_to_type_one() {
    let (mut app, _) = app(3);
    command_line(&mut app, "create");
    for text in ["jo", "email=jo@example.com", "n", ""] {
        for c in text.chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        update(&mut app, Msg::Input(InputEdit::Submit));
    }
    let plan = action_review(&app);
    let warning = plan
        .warnings
        .iter()
        .find(|w| w.contains("nobody will know it"))
        .expect("the warning");
    assert!(
        warning.contains("(x, then ;create again) or set one later (a, then t)"),
        "{warning}"
    );
}

#[test]
fn the_help_lists_an_unbound_action_as_unbound_not_under_a_blank_key() {
    let keymap = Keymap::default()
        .with_overrides(std::path::Path::new("keymap.toml"), "review = []\n")
        .unwrap();
    let mut app = started(3, false);
    app.key_names = keymap.names();
    press(&mut app, Action::Help);
    let text = buffer_text(&draw_with_keymap(&mut app, 140, 40, &keymap));
    let line = text
        .lines()
        .find(|l| l.contains("review the deletion"))
        .expect("the review's entry");
    assert!(
        words(line).contains("(unbound) review the deletion"),
        "{line}"
    );
}
