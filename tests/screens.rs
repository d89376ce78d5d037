//! The rendered screen, compared as text with committed snapshots (ratatui's TestBackend and
//! insta). Colour is off, as with NO_COLOR, so what the snapshots show is what a user without
//! colour sees: selection and marks must be visible as glyphs.

mod support;

use cognito_tui::app::{Action, App, Msg, StatusKind, Viewport, update};
use cognito_tui::directory::{DirectoryError, UserPage, fixtures};
use cognito_tui::keymap::Keymap;
use cognito_tui::ui::{self, Theme, Ui};
use cognito_tui::worker::{Command, Response};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{
    LONG_REVIEW_MARKS, answer, answer_page, buffer_text, mark_attributes, press, session, started,
    started_at,
};

const WIDTH: u16 = 110;
const HEIGHT: u16 = 26;

fn draw(app: &mut App) -> ratatui::buffer::Buffer {
    support::draw(app, WIDTH, HEIGHT)
}

fn screen(app: &mut App) -> String {
    buffer_text(&draw(app))
}

fn main_app() -> App {
    started_at(40, false, WIDTH, HEIGHT)
}

#[test]
fn main_screen() {
    let mut app = main_app();
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::MoveDown);
    let text = screen(&mut app);
    assert!(text.contains(" RW "));
    assert!(text.contains("▶  user002"), "selection glyph");
    insta::assert_snapshot!(text);
}

#[test]
fn marked_attributes_are_shown_with_a_glyph() {
    let mut app = main_app();
    mark_attributes(&mut app, &["locale", "name"]);
    let text = screen(&mut app);
    assert!(text.contains("[x] locale"));
    assert!(text.contains("[x] name"));
    assert!(text.contains(" -  sub"), "locked attributes are told apart");
    assert!(text.contains("2 marked"));
    insta::assert_snapshot!(text);
}

#[test]
fn review_dialog() {
    let mut app = main_app();
    mark_attributes(&mut app, &["locale", "email_verified"]);
    press(&mut app, Action::Review);
    let text = screen(&mut app);
    assert!(text.contains("Review deletion"));
    assert!(text.contains("email_verified = true"));
    assert!(
        text.contains("leaves the email unverified"),
        "the schema warning is shown"
    );
    assert!(text.contains(" y  delete"), "the keys fit in the dialog");
    assert!(text.contains("locale         = en-GB"));
    insta::assert_snapshot!(text);
}

#[test]
fn error_in_the_status_line() {
    let mut app = main_app();
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::Review);
    let commands = press(&mut app, Action::Confirm);
    let Command::DeleteAttributes { id, plan } = commands[0].clone() else {
        panic!()
    };
    answer(
        &mut app,
        Response::AttributesDeleted {
            id,
            plan,
            result: Err(DirectoryError::from_code(
                "NotAuthorizedException",
                "User is not authorized to perform: cognito-idp:AdminDeleteUserAttributes",
            )),
        },
    );
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Error);
    let text = screen(&mut app);
    assert!(text.contains("✗ Deleting 1 attribute (locale) from user000 failed: Not authorized"));
    insta::assert_snapshot!(text);
}

#[test]
fn read_only_session() {
    let mut app = started(40, true);
    mark_attributes(&mut app, &["locale"]);
    let text = screen(&mut app);
    assert!(text.contains(" RO "));
    assert!(text.contains("read-only mode"));
    insta::assert_snapshot!(text);
}

#[test]
fn help_overlay() {
    let mut app = main_app();
    press(&mut app, Action::Help);
    let text = screen(&mut app);
    assert!(text.contains("mark attribute / choose user"));
    assert!(
        text.contains("Ctrl-c"),
        "every action fits: the last one too"
    );
    insta::assert_snapshot!(text);
}

/// The help's rows in a terminal `width` columns wide (tall enough for all of them): the text
/// inside its box.
fn help_rows(app: &mut App, width: u16) -> Vec<String> {
    press(app, Action::Help);
    let text = buffer_text(&support::draw(app, width, 80));
    press(app, Action::Cancel);
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let (top, left) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            let s: String = l.iter().collect();
            s.find("┌ Help").map(|byte| (i, s[..byte].chars().count()))
        })
        .expect("the help is shown");
    let right = left + lines[top][left..].iter().position(|c| *c == '┐').unwrap();
    lines[top + 1..]
        .iter()
        .take_while(|l| l[left] != '└')
        .map(|l| l[left + 1..right].iter().collect::<String>())
        .collect()
}

#[test]
fn no_help_line_is_cut_mid_word() {
    let mut app = started(5, false);
    for width in [80, 100, 110] {
        let rows = help_rows(&mut app, width).join(" ");
        let words: Vec<&str> = rows.split_whitespace().collect();
        // No word ends as if cut short ("group…").
        for word in &words {
            let mut chars = word.trim_end_matches(')').chars().rev();
            if chars.next() == Some('…') {
                assert!(
                    !chars.next().is_some_and(char::is_alphanumeric),
                    "{word:?} at {width}:\n{rows}"
                );
            }
        }
        // Each description's words, in order, each whole.
        for action in Action::ALL {
            let described = action.describe_with_keys(|a| app.key(a));
            let said: Vec<&str> = described.split_whitespace().collect();
            assert!(
                words.windows(said.len()).any(|w| w == said.as_slice()),
                "{action:?} at {width}: {described:?} in\n{rows}"
            );
        }
    }
}

#[test]
fn the_read_only_help_offers_no_undo() {
    let mut app = started(5, true);
    for width in [80, 110] {
        let rows = help_rows(&mut app, width).join("\n");
        assert!(rows.contains("journal of changes"), "{rows}");
        assert!(!rows.contains("undo"), "{rows}");
    }
}

#[test]
fn the_self_service_help_names_no_bulk_run_nor_search() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    for width in [80, 110] {
        let rows = help_rows(&mut app, width).join("\n");
        assert!(rows.contains("go to the bottom"), "{rows}");
        assert!(rows.contains("mark attribute"), "{rows}");
        for gone in ["loads more", "search", "chosen", "bulk", "choose user"] {
            assert!(!rows.contains(gone), "{gone:?} at {width}:\n{rows}");
        }
    }
}

#[test]
fn loading_and_empty_pool() {
    let (mut app, commands) = App::new(session(false));
    let text = screen(&mut app);
    assert!(text.contains("Loading users…"));
    let Command::ListUsers { id, .. } = commands[1].clone() else {
        panic!()
    };
    answer(
        &mut app,
        Response::UsersPage {
            id,
            result: Ok(UserPage::default()),
        },
    );
    let text = screen(&mut app);
    assert!(text.contains("This pool has no users."));
    insta::assert_snapshot!(text);
}

#[test]
fn hostile_text_is_shown_escaped_never_interpreted() {
    let mut app = started(0, false);
    let mut user = fixtures::user(0);
    user.set_username("evil\x1b[2J\u{202e}name");
    user.push_attribute(cognito_tui::directory::Attribute::new(
        "nickname",
        "x".repeat(10_000),
    ));
    let (mut app2, commands) = App::new(session(false));
    let Command::ListUsers { id, .. } = commands[1].clone() else {
        panic!()
    };
    answer_page(&mut app2, id, vec![user], None);
    let text = screen(&mut app2);
    assert!(!text.contains('\x1b'));
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("evil\\u{1b}[2J\\u{202e}name"));
    assert!(text.contains("xxx…"), "a long value is cut, not wrapped");
    let _ = screen(&mut app);
}

#[test]
fn tiny_terminals_do_not_panic() {
    let mut app = main_app();
    press(&mut app, Action::Help);
    for (w, h) in [(1, 1), (10, 3), (30, 8), (200, 2)] {
        update(
            &mut app,
            Msg::Resize(Viewport {
                list_rows: 1,
                attribute_rows: 1,
            }),
        );
        let keymap = Keymap::default();
        let ui = Ui {
            theme: Theme::high_contrast(),
            keymap: &keymap,
        };
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|frame| ui::render(frame, &app, &ui)).unwrap();
    }
}

#[test]
fn a_narrow_list_marks_every_cut_and_the_selection_spans_the_row() {
    let mut app = main_app();
    press(&mut app, Action::MoveDown);
    let buffer = support::draw(&mut app, 60, 20);
    let text = buffer_text(&buffer);
    let row = |name: &str| {
        text.lines()
            .position(|line| line.contains(name))
            .unwrap_or_else(|| panic!("{name} in\n{text}"))
    };
    // Columns narrower than their text end in an ellipsis, never in a silently cut word; the
    // username stays whole, and a column on the right drops before it is cut.
    let selected = text.lines().nth(row("▶")).unwrap();
    assert!(
        selected.starts_with("│▶  user001 user1@… CONFIR…"),
        "{text}"
    );
    // The selection bar covers the list's whole width, gaps included, and stops at its border.
    let y = row("▶") as u16;
    let reversed = |x: u16| {
        buffer[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    };
    let border = (1..60).find(|&x| buffer[(x, y)].symbol() == "│").unwrap();
    assert!((1..border).all(reversed), "{text}");
    assert!(!reversed(border));
    assert!(!reversed(0));
}

#[test]
fn on_a_short_terminal_the_reviews_scroll_say_what_is_below_and_keep_their_keys() {
    let mut app = main_app();
    mark_attributes(&mut app, &LONG_REVIEW_MARKS);
    let marked = app.detail.marks.len();
    assert!(marked >= 4, "{marked} marked");
    press(&mut app, Action::Review);
    let text = buffer_text(&support::draw(&mut app, 110, 7));
    assert!(text.contains(" y  delete"), "the keys show:\n{text}");
    assert!(text.contains("more, j/k to scroll"), "{text}");
    let shown = text.matches("  ✗ ").count();
    assert!(shown >= 1 && shown < marked, "{shown} of {marked}:\n{text}");
    // Scrolled to the end, the last attributes show, with the keys.
    press(&mut app, Action::Bottom);
    let text = buffer_text(&support::draw(&mut app, 110, 7));
    assert!(text.contains("above, k/g back"), "{text}");
    assert!(
        text.contains("Nothing else about the user changes."),
        "{text}"
    );
    assert!(text.contains(" y  delete"), "{text}");
    assert!(!text.contains("more, j/k"), "{text}");
    // At full height every attribute is listed and nothing is said to be out of sight.
    let text = buffer_text(&support::draw(&mut app, 110, 40));
    assert_eq!(text.matches("  ✗ ").count(), marked, "{text}");
    assert!(
        !text.contains("more, j/k") && !text.contains("above"),
        "{text}"
    );
    press(&mut app, Action::Cancel);

    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::ChooseAll);
    press(&mut app, Action::Review);
    let text = buffer_text(&support::draw(&mut app, 110, 16));
    assert!(text.contains("then type 40"), "the keys show:\n{text}");
    assert!(text.contains("more, j/k to scroll"), "{text}");
    press(&mut app, Action::Bottom);
    let text = buffer_text(&support::draw(&mut app, 110, 16));
    assert!(text.contains("As listed: 40 hold some of them."), "{text}");
    assert!(text.contains("… and 32 more"), "{text}");
}

#[test]
fn a_help_taller_than_the_terminal_scrolls_and_says_so() {
    let mut app = main_app();
    press(&mut app, Action::Help);
    let text = buffer_text(&support::draw(&mut app, 80, 24));
    assert!(text.contains("j/k scroll"), "{text}");
    assert!(text.contains("move down"), "{text}");
    assert!(!text.contains("Filter words"), "{text}");
    press(&mut app, Action::Bottom);
    let text = buffer_text(&support::draw(&mut app, 80, 24));
    assert!(
        text.contains("Filter words"),
        "the end is reachable:\n{text}"
    );
    assert!(!text.contains("move down"), "{text}");
    // Where it fits, nothing scrolls and the title says how to close it.
    let text = buffer_text(&support::draw(&mut app, 120, 40));
    assert!(text.contains("Help — ? or Esc to close"), "{text}");
    assert!(
        text.contains("move down") && text.contains("Filter words"),
        "{text}"
    );
}

#[test]
fn search_box() {
    let mut app = main_app();
    press(&mut app, Action::Search);
    for c in "jo@ex".chars() {
        update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
    }
    let text = screen(&mut app);
    assert!(text.lines().last().unwrap().starts_with(" search: jo@ex"));
    insta::assert_snapshot!(text);
}

#[test]
fn local_filter_highlights_the_matched_characters() {
    let mut app = main_app();
    press(&mut app, Action::LocalFilter);
    for c in "user01".chars() {
        update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
    }
    let text = screen(&mut app);
    assert!(text.contains("filter: user01"));
    insta::assert_snapshot!(text);
    // The matched characters are underlined, so they show without colour.
    let buffer = draw(&mut app);
    let row = (0..HEIGHT)
        .find(|&y| {
            (0..WIDTH)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect::<String>()
                .contains("▶  user010")
        })
        .expect("user010 shown");
    let line: Vec<_> = (0..WIDTH).map(|x| &buffer[(x, row)]).collect();
    let start = (0..line.len())
        .find(|&x| line[x].symbol() == "u" && line[x + 1].symbol() == "s")
        .unwrap();
    let underlined = |x: usize| {
        line[x]
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    };
    let marks: Vec<bool> = (start..start + 8).map(underlined).collect();
    assert!(
        (start..start + 6).all(underlined),
        "user01 is highlighted: {marks:?}"
    );
    assert!(
        !underlined(start + 6),
        "the last 0 is not part of the match"
    );
}

#[test]
fn bulk_review_asks_for_the_count_above_twenty_users() {
    let mut app = main_app();
    press(&mut app, Action::ChooseAll);
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::Review);
    let text = screen(&mut app);
    assert!(text.contains("Delete locale from 40 users?"));
    assert!(text.contains("… and 32 more"));
    assert!(text.contains("y then type 40"));
    assert!(
        text.contains("│ ● user00"),
        "chosen users are marked with a glyph:\n{text}"
    );
    // Each named user with the value it holds, as listed, and the count of all of them.
    assert!(text.contains("• user000  locale = en-GB"), "{text}");
    assert!(text.contains("As listed: 40 hold it."), "{text}");
    insta::assert_snapshot!(text);
}

/// Issue 13: the header said `RW … profile ro` after `:profile ro`.
#[tokio::test]
async fn the_header_says_ro_after_switching_to_a_read_only_profile() {
    use cognito_tui::config::{self, Switch};
    let file = support::rw_and_ro_profiles();
    let cli = support::demo_on_rw();
    let header = |settings: &config::Settings| {
        let settings = settings.clone();
        async move {
            let connected = cognito_tui::session::connect(&settings).await.unwrap();
            let (mut app, _) = App::new(connected.session);
            let text = screen(&mut app);
            text.lines().next().unwrap_or_default().to_owned()
        }
    };
    let start = config::resolve(&cli, &file, None).unwrap();
    let first = header(&start).await;
    assert!(first.contains(" RW ") && first.contains("rw"), "{first}");
    let switch = Switch {
        profile: Some("ro".into()),
        ..Switch::default()
    };
    let next = config::resolve_switch(&cli, &file, &start, &switch).unwrap();
    let after = header(&next).await;
    assert!(after.contains(" RO "), "{after}");
    assert!(after.contains("ro") && !after.contains(" RW "), "{after}");
}

#[test]
fn a_search_that_failed_does_not_say_nobody_matches() {
    let mut app = main_app();
    press(&mut app, Action::Search);
    for c in "zzz".chars() {
        update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
    }
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .expect("the search is sent");
    answer(
        &mut app,
        Response::UsersPage {
            id,
            result: Err(DirectoryError::TooManyRequests {
                detail: "Rate exceeded".into(),
            }),
        },
    );
    // The error is dismissed by the next key; the pane must not then claim an empty result.
    app.status = None;
    let text = screen(&mut app);
    assert!(!text.contains("Nobody matches"), "{text}");
    assert!(text.contains("Loading failed"), "{text}");
    // Nor are the whole pool's users shown under the search's name, as if they matched it.
    assert!(!text.contains("user001"), "{text}");
}

/// The pool picker of an account with many pools narrows to what is typed (`f` or `/`): a
/// pool's name or id, in any case. Enter keeps the filter, and opens the pool under the cursor
/// next; Esc in the filter clears it.
#[test]
fn the_pool_picker_narrows_to_what_is_typed() {
    use cognito_tui::app::{InputEdit, Overlay};
    use cognito_tui::directory::PoolSummary;
    const SIZE: (u16, u16) = (80, 24);
    let mut app = started_at(40, false, SIZE.0, SIZE.1);
    press(&mut app, Action::CommandLine);
    update(&mut app, Msg::Paste("pool".into()));
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    let [Command::ListPools { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    let teams = ["billing", "support", "staging", "mobile"];
    let pools: Vec<PoolSummary> = (0..83)
        .map(|i| PoolSummary {
            id: format!("eu-west-1_Pool{i:02}"),
            name: format!("{}-{i:02}", teams[i % teams.len()]),
            estimated_users: Some(i as u64 * 10),
        })
        .collect();
    answer(
        &mut app,
        Response::Pools {
            id,
            result: Ok(pools),
        },
    );
    let shown = |app: &mut App| buffer_text(&support::draw(app, SIZE.0, SIZE.1));
    let unfiltered = shown(&mut app);
    assert!(
        unfiltered.contains("↓ "),
        "a list longer than the box:\n{unfiltered}"
    );
    let full = unfiltered.matches("eu-west-1_Pool").count();
    // By id, in any case.
    press(&mut app, Action::LocalFilter);
    support::type_text(&mut app, "pool4");
    let text = shown(&mut app);
    assert!(text.contains("filter: pool4"), "{text}");
    assert!(text.contains(" pool filter: pool4"), "{text}");
    let listed = text.matches("eu-west-1_Pool").count();
    assert_eq!(listed, 10, "Pool40 to Pool49:\n{text}");
    insta::assert_snapshot!(text);
    // By name; the arrows move among the matches while typing goes on.
    update(&mut app, Msg::Input(InputEdit::Cancel));
    assert_eq!(shown(&mut app), unfiltered, "Esc cleared the filter");
    assert!(full > 10, "{unfiltered}");
    press(&mut app, Action::Search);
    support::type_text(&mut app, "STAGING-1");
    update(&mut app, Msg::Input(InputEdit::Next));
    let text = shown(&mut app);
    assert!(text.contains("▶ staging-14"), "{text}");
    assert!(!text.contains("billing"), "{text}");
    // Enter keeps the filter; Enter again opens the pool under the cursor.
    update(&mut app, Msg::Input(InputEdit::Submit));
    let Some(Overlay::PoolPicker(picker)) = &app.overlay else {
        panic!("the picker stays open")
    };
    assert_eq!(picker.filter, "STAGING-1");
    press(&mut app, Action::Open);
    assert_eq!(
        app.switch.as_ref().and_then(|s| s.pool.as_deref()),
        Some("eu-west-1_Pool14")
    );
    // Nothing matches: the box says how to change it.
    let mut app = started_at(40, false, SIZE.0, SIZE.1);
    let commands = update(&mut app, Msg::Action(Action::CommandLine));
    assert!(commands.is_empty());
    update(&mut app, Msg::Paste("pool".into()));
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    let [Command::ListPools { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    answer(
        &mut app,
        Response::Pools {
            id,
            result: Ok(vec![PoolSummary {
                id: "eu-west-1_Only".into(),
                name: "only".into(),
                estimated_users: None,
            }]),
        },
    );
    press(&mut app, Action::LocalFilter);
    support::type_text(&mut app, "zzz");
    let text = shown(&mut app);
    assert!(
        text.contains("No pool matches the filter (f to change it, Esc in it to clear it)."),
        "{text}"
    );
}
