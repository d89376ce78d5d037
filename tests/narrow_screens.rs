//! Small terminals (30x8, 40x12, 60x15, 80x24): the dialogs and views lose no text without
//! saying so, never draw rows into each other, and never panic (ratatui's TestBackend).

mod support;

use cognito_tui::app::{Action, App, Msg, update};
use cognito_tui::directory::AuthEvent;
use cognito_tui::ui;
use cognito_tui::worker::{Command, Response};
use support::{
    LONG_REVIEW_MARKS, answer_all_groups, buffer_text, command_line, group, mark_attributes,
    open_journal, pick_action, press, screen_at, select_attribute, started_at, words,
};

const SIZES: [(u16, u16); 4] = [(30, 8), (40, 12), (60, 15), (80, 24)];

fn screen(app: &mut App, (width, height): (u16, u16)) -> String {
    screen_at(app, width, height)
}

/// The rows of the box whose top border holds `title`, borders included.
fn dialog(text: &str, title: &str) -> Vec<String> {
    let rows: Vec<&str> = text.lines().collect();
    let top = rows
        .iter()
        .position(|r| r.contains(title))
        .unwrap_or_else(|| panic!("no {title:?} in:\n{text}"));
    let bottom = top
        + rows[top..]
            .iter()
            .position(|r| r.starts_with('└'))
            .unwrap_or_else(|| panic!("{title:?} has no bottom border:\n{text}"));
    rows[top..=bottom].iter().map(|r| (*r).to_owned()).collect()
}

/// The rows between a box's borders that hold text.
fn inside(rows: &[String]) -> Vec<String> {
    rows[1..rows.len() - 1]
        .iter()
        .filter(|r| !r.trim_matches(|c| c == '│' || c == ' ').is_empty())
        .cloned()
        .collect()
}

/// Scrolls the open review from its top to its end at `size` and checks that every row it
/// shows on a tall terminal of the same width is shown on the way, that while rows are out of
/// sight the box says so, and that the confirm key (`keys`) is on every screen.
fn assert_review_reads_in_full(app: &mut App, title: &str, keys: &str, size: (u16, u16)) {
    let (width, height) = size;
    let full = inside(&dialog(&screen(app, (width, 80)), title));
    press(app, Action::Top);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..200 {
        let text = screen(app, size);
        let rows = dialog(&text, title);
        assert!(rows.len() <= usize::from(height), "{text}");
        assert!(
            rows.iter().any(|r| r.contains(keys)),
            "the keys at {width}x{height}:\n{text}"
        );
        seen.extend(inside(&rows));
        let bottom = rows.last().map_or("", String::as_str);
        if !bottom.contains("more, j/k to scroll") {
            break;
        }
        press(app, Action::MoveDown);
    }
    for row in &full {
        assert!(
            seen.contains(row),
            "{row:?} is never shown at {width}x{height}; seen:\n{}",
            seen.join("\n")
        );
    }
}

#[test]
fn an_account_action_review_reads_in_full_at_every_size() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        press(&mut app, Action::Top);
        for _ in 0..3 {
            press(&mut app, Action::ToggleMark);
        }
        pick_action(&mut app, 'd');
        assert_review_reads_in_full(&mut app, "Review: disable", "y then type", size);
        press(&mut app, Action::Cancel);

        // Twelve users, a name to type: the longest keys line.
        press(&mut app, Action::Top);
        for _ in 0..9 {
            press(&mut app, Action::ToggleMark);
        }
        pick_action(&mut app, 'x');
        assert_review_reads_in_full(&mut app, "Review: delete user", "y then type", size);
    }
}

#[test]
fn a_deletion_review_reads_in_full_at_every_size() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        mark_attributes(&mut app, &LONG_REVIEW_MARKS);
        press(&mut app, Action::Review);
        assert_review_reads_in_full(&mut app, "Review deletion", "y  delete", size);
    }
}

#[test]
fn a_bulk_review_reads_in_full_at_every_size() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        mark_attributes(&mut app, &["locale"]);
        press(&mut app, Action::FocusUsers);
        press(&mut app, Action::ChooseAll);
        press(&mut app, Action::Review);
        assert_review_reads_in_full(&mut app, "Review bulk deletion", "then type 40", size);
    }
}

#[test]
fn a_review_scrolls_no_further_than_its_end_and_starts_at_the_top() {
    let mut app = started_at(40, false, 30, 8);
    press(&mut app, Action::Top);
    pick_action(&mut app, 'd');
    let top = screen(&mut app, (30, 8));
    assert!(top.contains("↓"), "{top}");
    press(&mut app, Action::Bottom);
    let end = screen(&mut app, (30, 8));
    assert!(end.contains("↑") && !end.contains("↓"), "{end}");
    // Past the end, one k is one row back up.
    for _ in 0..20 {
        press(&mut app, Action::MoveDown);
    }
    press(&mut app, Action::MoveUp);
    let back = screen(&mut app, (30, 8));
    assert!(back.contains("↓ 1 more"), "{back}");
    // Cancelled and opened again, it starts at the top.
    press(&mut app, Action::Cancel);
    pick_action(&mut app, 'd');
    assert_eq!(screen(&mut app, (30, 8)), top);
}

fn with_history(size: (u16, u16), n: i64) -> App {
    let mut app = started_at(40, false, size.0, size.1);
    let commands = pick_action(&mut app, 'h');
    let [Command::AuthEvents { id, .. }] = commands[..] else {
        panic!("{commands:?}");
    };
    let events = (1..=n)
        .map(|i| AuthEvent {
            event_id: format!("e{i}"),
            event_type: if i % 2 == 0 {
                "ForgotPassword"
            } else {
                "SignIn"
            }
            .into(),
            created: Some(1_760_000_000 - i * 3600),
            response: if i == 2 { "Fail" } else { "Pass" }.into(),
            risk_level: Some("Medium".into()),
            ip_address: Some(format!("203.0.113.{i}")),
            device: Some("Firefox 133 on Linux".into()),
            city: Some("London".into()),
            country: Some("United Kingdom".into()),
        })
        .collect();
    update(
        &mut app,
        Msg::Response(Response::AuthEvents {
            id,
            username: "user000".into(),
            result: Ok(events),
        }),
    );
    app
}

#[test]
fn the_sign_in_history_has_one_row_per_event_at_every_size() {
    for size in SIZES {
        let mut app = with_history(size, 3);
        let text = screen(&mut app, size);
        let rows = inside(&dialog(&text, "istory of user000"));
        let body: Vec<&str> = rows
            .iter()
            .map(|r| r.trim_start_matches('│').trim_start())
            .collect();
        assert!(body[0].starts_with("When"), "{text}");
        // Every other row is one event, starting with its time: none spills into the next.
        assert!(
            body[1..].iter().all(|r| r.starts_with("2025-10-09")),
            "{size:?}:\n{text}"
        );
        let shown = body.len() - 1;
        assert!(
            shown == 3 || shown == usize::from(size.1) - 7,
            "{size:?}:\n{text}"
        );
        // Columns left out for want of width are counted on the border.
        if size.0 < 110 {
            assert!(text.contains("need more width"), "{size:?}:\n{text}");
        }
    }
}

#[test]
fn a_long_sign_in_history_says_how_many_events_are_below() {
    let mut app = with_history((40, 12), 9);
    let text = screen(&mut app, (40, 12));
    assert!(text.contains("↓ 4 more"), "{text}");
    assert!(
        text.contains("2025-10-09 06:53"),
        "the second event:\n{text}"
    );
}

#[test]
fn the_help_wraps_every_description_and_scrolls_to_its_end_at_every_size() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        press(&mut app, Action::Help);
        let mut seen = Vec::new();
        let mut last = String::new();
        for _ in 0..200 {
            let text = screen(&mut app, size);
            let rows = dialog(&text, " Help");
            seen.extend(inside(&rows));
            if text == last {
                break;
            }
            last = text;
            press(&mut app, Action::MoveDown);
        }
        let seen = words(&seen.join("\n"));
        for action in Action::ALL {
            assert!(
                seen.contains(&words(action.describe())),
                "{size:?}: {:?} is cut:\n{seen}",
                action.describe()
            );
        }
        assert!(seen.contains("Filter words"), "{size:?}: the end:\n{seen}");
    }
}

#[test]
fn the_help_scrolled_to_its_end_comes_back_one_row_per_key() {
    let mut app = started_at(40, false, 40, 12);
    press(&mut app, Action::Help);
    screen(&mut app, (40, 12));
    press(&mut app, Action::Bottom);
    let end = screen(&mut app, (40, 12));
    press(&mut app, Action::MoveUp);
    let up = screen(&mut app, (40, 12));
    assert_ne!(end, up, "one k moves up from the end");
    press(&mut app, Action::MoveDown);
    assert_eq!(screen(&mut app, (40, 12)), end);
}

#[test]
fn a_menu_taller_than_the_terminal_counts_the_rows_below() {
    let mut app = started_at(40, false, 30, 8);
    press(&mut app, Action::AccountActions);
    let text = screen(&mut app, (30, 8));
    assert!(text.contains("more, ↑↓ to move"), "{text}");
    for _ in 0..30 {
        press(&mut app, Action::MoveDown);
    }
    let text = screen(&mut app, (30, 8));
    assert!(text.contains("▶ h  sign-in history"), "{text}");
    // The keys' legend is still below, and counted.
    assert!(text.contains("↓ 3 more"), "{text}");
}

#[test]
fn the_groups_view_keeps_each_precedence_whole_and_counts_the_groups_below() {
    use cognito_tui::directory::GroupInfo;
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        let commands = press(&mut app, Action::Groups);
        let groups = (1..=12)
            .map(|i| GroupInfo {
                name: format!("group-with-a-long-name-{i:02}"),
                description: Some(format!("the customers of tier {i} and their support")),
                precedence: Some(i * 10),
            })
            .collect();
        answer_all_groups(&mut app, &commands, Ok(groups));
        let text = screen(&mut app, size);
        let rows = inside(&dialog(&text, "Groups (12)"));
        let shown: Vec<&String> = rows.iter().filter(|r| r.contains("group-")).collect();
        for (i, row) in shown.iter().enumerate() {
            let precedence = format!(" {}", (i + 1) * 10);
            assert!(row.contains(&precedence), "{size:?}: {row}\n{text}");
        }
        let below = 12 - shown.len();
        if below > 0 {
            assert!(
                text.contains(&format!("↓ {below} more")),
                "{size:?}:\n{text}"
            );
        }
    }
}

#[test]
fn the_column_picker_keeps_its_keys_and_counts_the_columns_below() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        press(&mut app, Action::Columns);
        let text = screen(&mut app, size);
        let all = words(&text);
        assert!(
            all.contains("Enter apply") && all.contains("Esc cancel"),
            "{size:?}:\n{text}"
        );
        let rows = dialog(&text, " Columns ");
        let shown = rows.iter().filter(|r| r.contains("] ")).count();
        let total = match &app.overlay {
            Some(cognito_tui::app::Overlay::Columns(picker)) => picker.entries.len(),
            other => panic!("{other:?}"),
        };
        if shown < total {
            assert!(
                text.contains(&format!("↓ {} more", total - shown)),
                "{size:?}:\n{text}"
            );
        }
    }
}

#[test]
fn titles_too_long_for_the_box_are_shortened_with_a_sign() {
    let mut app = started_at(40, false, 30, 8);
    press(&mut app, Action::Describe);
    let text = screen(&mut app, (30, 8));
    assert!(text.contains(" user000 — JSON "), "{text}");
    // Narrower, the short title; narrower still, it is cut with a sign.
    let text = screen(&mut app, (14, 8));
    assert!(
        text.contains(" user000 ") && !text.contains("JSON"),
        "{text}"
    );
    let text = screen(&mut app, (9, 8));
    assert!(text.contains(" user… "), "{text}");
}

#[test]
fn a_status_or_hint_too_long_for_the_line_ends_in_an_ellipsis() {
    use cognito_tui::app::InputEdit;
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        press(&mut app, Action::CommandLine);
        let text = screen(&mut app, size);
        let last = text.lines().last().unwrap_or("").to_owned();
        assert!(last.starts_with(" :"), "{size:?}:\n{text}");
        assert!(
            last.ends_with('…'),
            "{size:?}: the hint is cut with a sign: {last:?}"
        );
        // A message longer than the line.
        for c in "view".chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        update(&mut app, Msg::Input(InputEdit::Submit));
        let text = screen(&mut app, size);
        let last = text.lines().last().unwrap_or("").to_owned();
        assert!(last.contains("No saved view"), "{size:?}:\n{text}");
        assert!(last.ends_with('…'), "{size:?}: {last:?}");
    }
}

#[test]
fn the_group_picker_keeps_each_precedence_and_cuts_descriptions_with_a_sign() {
    use cognito_tui::directory::GroupInfo;
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        let commands = pick_action(&mut app, 'g');
        let groups = (1..=3)
            .map(|i| GroupInfo {
                name: format!("group-with-a-rather-long-name-{i}"),
                precedence: Some(i * 10),
                description: Some("A description longer than any narrow box is".into()),
            })
            .collect();
        answer_all_groups(&mut app, &commands, Ok(groups));
        let text = screen(&mut app, size);
        let rows = inside(&dialog(&text, "Add to group"));
        let shown: Vec<&String> = rows.iter().filter(|r| r.contains("group-")).collect();
        assert!(!shown.is_empty(), "{size:?}:\n{text}");
        for (i, row) in shown.iter().enumerate() {
            assert!(
                row.contains(&format!(" {}", (i + 1) * 10)),
                "{size:?}: {row}"
            );
            assert!(row.contains("…│"), "{size:?}: {row}");
        }
    }
}

#[test]
fn the_attribute_panes_facts_end_in_an_ellipsis_where_cut() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        let text = screen(&mut app, size);
        let Some(status) = text.lines().find(|l| l.contains("Status ")) else {
            continue;
        };
        // "CONFIRMED — can sign in" whole, or cut with a sign.
        assert!(
            status.contains("can sign in") || status.contains("…│"),
            "{size:?}:\n{text}"
        );
    }
}

#[test]
fn the_saved_views_picker_keeps_its_keys_and_counts_the_views_below() {
    for size in SIZES {
        let mut app = started_at(40, false, size.0, size.1);
        for name in ["first", "second", "third", "fourth", "fifth", "sixth"] {
            command_line(&mut app, &format!("view save {name}"));
        }
        command_line(&mut app, "view");
        let text = screen(&mut app, size);
        let all = words(&text);
        assert!(
            all.contains("Enter recalls · :view delete NAME forgets · Esc closes"),
            "{size:?}:\n{text}"
        );
        let rows = dialog(&text, "Saved views (6)");
        let shown = rows.iter().filter(|r| r.contains("the whole")).count();
        assert!(shown >= 1, "{size:?}:\n{text}");
        if shown < 6 {
            assert!(
                text.contains(&format!("↓ {} more", 6 - shown)),
                "{size:?}:\n{text}"
            );
        }
    }
}

#[test]
fn the_saved_views_legend_and_the_input_line_name_the_keys_in_force() {
    let keymap = cognito_tui::keymap::Keymap::default()
        .with_overrides(
            std::path::Path::new("keymap.toml"),
            "open = [\"o\"]\ncancel = [\"x\"]\ncommand_line = [\";\"]\n",
        )
        .unwrap();
    let mut app = started_at(40, false, 100, 30);
    command_line(&mut app, "view save first");
    command_line(&mut app, "view");
    let text = buffer_text(&support::draw_with_keymap(&mut app, 100, 30, &keymap));
    let legend = "o recalls · ;view delete NAME forgets · x closes";
    assert!(words(&text).contains(legend), "{text}");
    // The input line's keys edit text and are not rebindable: they keep their names.
    press(&mut app, Action::Cancel);
    press(&mut app, Action::Search);
    let text = buffer_text(&support::draw_with_keymap(&mut app, 160, 30, &keymap));
    assert!(
        text.contains(" search:   (email, +phone, sub, name or attr = value · Enter search · ↑ earlier · Esc cancel)"),
        "{text}"
    );
}

#[test]
fn typing_past_the_end_of_the_input_line_keeps_the_cursor_and_the_last_letters_in_sight() {
    use cognito_tui::app::InputEdit;
    use cognito_tui::ui::{self, Theme, Ui};
    use ratatui::{Terminal, backend::TestBackend};
    let typed = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(3) + "ABCDEFGHIJ";
    let keymap = cognito_tui::keymap::Keymap::default();
    for (width, height) in SIZES {
        let mut app = started_at(40, false, width, height);
        press(&mut app, Action::Search);
        for c in typed.chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        let ui = Ui {
            theme: Theme::no_color(),
            keymap: &keymap,
        };
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| ui::render(frame, &app, &ui)).unwrap();
        let text = buffer_text(terminal.backend().buffer());
        let line = text.lines().last().unwrap().to_owned();
        assert!(line.starts_with(" search: …"), "{width}x{height}: {line:?}");
        assert!(line.ends_with("GHIJ"), "{width}x{height}: {line:?}");
        let cursor = terminal.get_cursor_position().unwrap();
        assert_eq!(
            (cursor.x, cursor.y),
            (line.chars().count() as u16, height - 1),
            "{width}x{height}: the cursor follows the last letter of {line:?}"
        );
        // Home brings the start back into sight, the cursor on its first letter.
        update(&mut app, Msg::Input(InputEdit::Home));
        terminal.draw(|frame| ui::render(frame, &app, &ui)).unwrap();
        let text = buffer_text(terminal.backend().buffer());
        assert!(
            text.lines().last().unwrap().starts_with(" search: abc"),
            "{width}x{height}: {text}"
        );
        assert_eq!(terminal.get_cursor_position().unwrap().x, 9);
    }
}

#[test]
fn no_screen_or_dialog_panics_on_a_tiny_terminal() {
    let tiny = [(1, 1), (5, 3), (12, 4), (20, 5), (30, 6)];
    let open: [&dyn Fn(&mut App); 8] = [
        &|_| {},
        &|app| {
            press(app, Action::Help);
        },
        &|app| {
            press(app, Action::AccountActions);
        },
        &|app| {
            press(app, Action::AccountActions);
            update(app, Msg::Letter('x'));
        },
        &|app| {
            select_attribute(app, "locale");
            press(app, Action::ToggleMark);
            press(app, Action::Review);
        },
        &|app| {
            press(app, Action::Columns);
        },
        &|app| {
            press(app, Action::Describe);
        },
        &|app| {
            command_line(app, "view save one");
            command_line(app, "view");
        },
    ];
    for size in tiny {
        for step in &open {
            let mut app = started_at(40, false, size.0, size.1);
            step(&mut app);
            screen(&mut app, size);
            press(&mut app, Action::Bottom);
            screen(&mut app, size);
        }
        screen(&mut with_history(size, 5), size);
    }
}

/// The list's column titles and dates are whole or end in `…`, at every width: columns that
/// cannot all have their room share what there is, rather than spill past the pane and be cut
/// wherever the pane ends (`custom:`, `2024-12-`).
#[test]
fn the_lists_titles_and_dates_are_whole_or_cut_with_a_sign() {
    let titles = ["Username", "custom:plan", "Groups", "Created", "Modified"];
    for width in [40, 60, 80, 100, 120, 200] {
        let mut app = started_at(40, false, width, 12);
        command_line(
            &mut app,
            "columns username,custom:plan,groups,created,modified",
        );
        let text = screen(&mut app, (width, 12));
        // The list pane's rows: from its left border to the next border.
        let rows: Vec<String> = text
            .lines()
            .skip(2)
            .take(9)
            .map(|r| r.chars().skip(1).take_while(|c| *c != '│').collect())
            .collect();
        for title in rows[0].split_whitespace() {
            assert!(
                titles.contains(&title) || title.ends_with('…'),
                "title {title:?} at {width}:\n{text}"
            );
        }
        for row in &rows[1..] {
            for word in row.split_whitespace() {
                if word.starts_with(|c: char| c.is_ascii_digit()) {
                    let date = word.len() == 10 && word.as_bytes()[4] == b'-';
                    let time = word.len() == 5 && word.as_bytes()[2] == b':';
                    assert!(date || time, "{word:?} at {width}:\n{text}");
                }
            }
        }
    }
}

/// The attribute pane's title gives way to the user's name, then is cut with a sign, rather
/// than run into the pane's corner (`Attributes of use┐`).
#[test]
fn the_attribute_panes_title_is_never_cut_without_a_sign() {
    for (width, height) in SIZES {
        let mut app = started_at(40, false, width, height);
        let text = screen(&mut app, (width, height));
        let top = text.lines().nth(1).unwrap();
        let before_corner = top.trim_end().chars().rev().nth(1).unwrap();
        assert!(
            matches!(before_corner, '─' | ' ' | '…'),
            "{top:?} at {width}x{height}:\n{text}"
        );
    }
    let mut app = started_at(40, false, 40, 12);
    mark_attributes(&mut app, &["locale"]);
    let text = screen(&mut app, (40, 12));
    assert!(
        text.lines().nth(1).unwrap().contains(" user… — 1 marked "),
        "{text}"
    );
}

/// A warning on two rows takes the panes' bottom border; an overlay open over the panes keeps
/// it, and the warning gives way to one row (cut, with where to read it in full) rather than
/// both being drawn over each other.
#[test]
fn an_overlay_and_a_long_warning_do_not_overlap() {
    for (width, height) in [(40, 12), (60, 15), (80, 24)] {
        let mut app = started_at(40, false, width, height);
        command_line(&mut app, &format!("view save {}", "x".repeat(30)));
        command_line(&mut app, &format!("view {}", "y".repeat(120)));
        let text = screen(&mut app, (width, height));
        let rows: Vec<&str> = text.lines().collect();
        let last = usize::from(height) - 1;
        assert!(
            rows[last - 1].starts_with(" !"),
            "two rows at first:\n{text}"
        );
        for action in [Action::Messages, Action::Help, Action::Columns] {
            press(&mut app, action);
            let text = screen(&mut app, (width, height));
            let rows: Vec<&str> = text.lines().collect();
            assert!(
                !rows[last - 1].starts_with(" !"),
                "{action:?} at {width}x{height}:\n{text}"
            );
            press(&mut app, Action::Cancel);
        }
    }
}

/// A pool id too long for a narrow header is cut with a sign, not dropped: the header always
/// says which pool this is.
#[test]
fn a_long_pool_id_is_cut_in_the_header_not_dropped() {
    let session = cognito_tui::app::Session {
        pool_id: "us-east-1_f2bea7343b0d4299bcfbc5096899025e".into(),
        ..support::session(false)
    };
    let (mut app, commands) = App::new(session);
    support::serve(&mut app, commands, 5);
    update(&mut app, Msg::Resize(ui::viewport(40, 12)));
    let text = screen(&mut app, (40, 12));
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with(" RW  pool us-east-1_f2bea") && header.trim_end().ends_with('…'),
        "{text}"
    );
}

/// What shapes the list (a filter, a search, a group) stays in the header over a long pool id,
/// which is cut to make room: "Users 1/2" with no word of why would mislead.
#[test]
fn the_header_cuts_a_long_pool_id_before_it_drops_the_filter() {
    use cognito_tui::app::InputEdit;
    let session = cognito_tui::app::Session {
        pool_id: "us-east-1_f2bea7343b0d4299bcfbc5096899025e".into(),
        ..support::session(false)
    };
    let (mut app, commands) = App::new(session);
    support::serve(&mut app, commands, 30);
    update(&mut app, Msg::Resize(ui::viewport(60, 15)));
    press(&mut app, Action::LocalFilter);
    for c in "user01".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    update(&mut app, Msg::Input(InputEdit::Submit));
    let text = screen(&mut app, (60, 15));
    let header = text.lines().next().unwrap();
    assert!(
        header.contains("filter: user01 (") && header.contains(" pool us-east-1_f2b"),
        "{text}"
    );
}

/// The words of the rows of the box titled `title`, joined by single spaces.
fn box_words(text: &str, title: &str) -> String {
    inside(&dialog(text, title))
        .iter()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' ').to_owned())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why the groups or pools could not be listed, and that no group matches a filter, wrap within
/// the groups view, the pool picker and the group picker rather than being cut at their border.
#[test]
fn the_group_overlays_wrap_their_sentences() {
    use cognito_tui::directory::DirectoryError;
    let failure = || -> Result<Vec<cognito_tui::directory::GroupInfo>, DirectoryError> {
        Err(DirectoryError::from_code(
            "TooManyRequestsException",
            "Rate exceeded",
        ))
    };
    for size in [(40, 12), (60, 15)] {
        let mut app = started_at(40, false, size.0, size.1);
        let commands = press(&mut app, Action::Groups);
        answer_all_groups(&mut app, &commands, failure());
        let text = screen(&mut app, size);
        let sentence = failure().unwrap_err().to_string();
        let words = box_words(&text, "Groups (0)");
        assert!(words.ends_with(&sentence), "{size:?} {sentence:?}:\n{text}");
        press(&mut app, Action::Cancel);
        press(&mut app, Action::Cancel);

        press(&mut app, Action::CommandLine);
        update(&mut app, Msg::Paste("pool".into()));
        let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
        let [Command::ListPools { id: listing }] = commands[..] else {
            panic!("{commands:?}")
        };
        update(
            &mut app,
            Msg::Response(Response::Pools {
                id: listing,
                result: Err(failure().unwrap_err()),
            }),
        );
        let text = screen(&mut app, size);
        let words = box_words(&text, "Choose a user pool");
        assert!(words.ends_with(&sentence), "{size:?}:\n{text}");
        press(&mut app, Action::Cancel);
        press(&mut app, Action::Cancel);

        let commands = pick_action(&mut app, 'g');
        let groups = vec![group("support")];
        answer_all_groups(&mut app, &commands, Ok(groups));
        press(&mut app, Action::LocalFilter);
        update(&mut app, Msg::Paste("nothing-like-it".into()));
        let text = screen(&mut app, size);
        let words = box_words(&text, "Add to group");
        assert!(
            words.ends_with("No group matches the filter (f to change it, Esc in it to clear it)."),
            "{size:?}:\n{text}"
        );
    }
}

/// The pool picker, like the other lists, says how many pools are out of sight below or above.
#[test]
fn the_pool_picker_counts_the_pools_out_of_sight() {
    use cognito_tui::directory::PoolSummary;
    let mut app = started_at(40, false, 40, 12);
    press(&mut app, Action::CommandLine);
    update(&mut app, Msg::Paste("pool".into()));
    let commands = update(&mut app, Msg::Input(cognito_tui::app::InputEdit::Submit));
    let [Command::ListPools { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    let pools = (0..20)
        .map(|i| PoolSummary {
            id: format!("eu-west-1_Pool{i:02}"),
            name: format!("pool-{i:02}"),
            estimated_users: Some(10),
        })
        .collect();
    update(
        &mut app,
        Msg::Response(Response::Pools {
            id,
            result: Ok(pools),
        }),
    );
    let text = screen(&mut app, (40, 12));
    let shown = text.matches("pool-").count();
    assert!(text.contains(&format!("↓ {} more", 20 - shown)), "{text}");
    press(&mut app, Action::Bottom);
    let text = screen(&mut app, (40, 12));
    let shown = text.matches("pool-").count();
    assert!(text.contains(&format!("↑ {} above", 20 - shown)), "{text}");
}

/// The group picker, like the other lists, says how many groups are out of sight.
#[test]
fn the_group_picker_counts_the_groups_out_of_sight() {
    use cognito_tui::directory::GroupInfo;
    let mut app = started_at(40, false, 40, 12);
    let commands = pick_action(&mut app, 'g');
    let groups = (0..20)
        .map(|i| GroupInfo {
            name: format!("group-{i:02}"),
            precedence: Some(i),
            description: None,
        })
        .collect();
    answer_all_groups(&mut app, &commands, Ok(groups));
    let text = screen(&mut app, (40, 12));
    let shown = text.matches("group-").count();
    assert!(text.contains(&format!("↓ {} more", 20 - shown)), "{text}");
    press(&mut app, Action::Bottom);
    let text = screen(&mut app, (40, 12));
    let shown = text.matches("group-").count();
    assert!(text.contains(&format!("↑ {} above", 20 - shown)), "{text}");
}

/// The journal's note (empty, reading, why it could not be read) wraps under its table
/// rather than being cut at the box's border.
#[test]
fn the_journals_note_wraps() {
    for size in [(40, 12), (60, 15)] {
        let mut app = started_at(40, false, size.0, size.1);
        open_journal(&mut app, Vec::new());
        let text = screen(&mut app, size);
        let words = box_words(&text, "Journal");
        assert!(
            words.contains("No change to this pool has been journalled yet."),
            "{size:?}:\n{text}"
        );
    }
}
