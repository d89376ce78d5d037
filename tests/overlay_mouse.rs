//! The mouse over the overlays: the wheel scrolls the one open as its ↓/↑ keys do, a click on
//! a row of a list selects it, a second click on it acts as Enter where Enter only opens, and
//! nothing reaches the screen beneath. Rows are found where the screen draws them.

mod support;

use cognito_tui::app::{
    Action, App, ColumnKey, GroupPicker, GroupsView, JournalLine, MouseTarget, Msg, Overlay, update,
};
use cognito_tui::directory::GroupInfo;
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use support::{buffer_text, draw, open_journal, press, started};

const SIZES: [(u16, u16); 2] = [(100, 30), (40, 12)];

fn click(column: u16, row: u16) -> MouseEvent {
    MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }
}

fn wheel(down: bool) -> MouseEvent {
    MouseEvent {
        kind: if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        },
        ..click(0, 0)
    }
}

fn groups(n: usize) -> Vec<GroupInfo> {
    (0..n)
        .map(|i| GroupInfo {
            name: format!("group{i:02}"),
            ..GroupInfo::default()
        })
        .collect()
}

fn journal(app: &mut App, n: usize) {
    let lines = (0..n)
        .map(|i| JournalLine {
            id: format!("b-{i}"),
            batch: "b".into(),
            is_undo: false,
            time: "2026-01-01T08:00:00Z".into(),
            username: format!("user{i:03}"),
            kind: "disable".into(),
            names: Vec::new(),
            what: format!("disable #{i}"),
            state: "ok".into(),
            message: None,
            undo_refusal: None,
            sub_unknown: false,
        })
        .collect();
    open_journal(app, lines);
}

fn group_picker(app: &mut App, n: usize) {
    app.overlay = Some(Overlay::GroupPicker(GroupPicker {
        usernames: vec!["user000".into()],
        add: true,
        groups: Some(Ok(groups(n))),
        loading: None,
        cursor: 0,
        filter: String::new(),
    }));
}

fn groups_view(app: &mut App, n: usize) {
    app.overlay = Some(Overlay::Groups(GroupsView {
        loading: None,
        groups: groups(n),
        error: None,
        cursor: 0,
    }));
}

/// Each scrolling overlay, open over the main screen, and whether three rows of wheel must move
/// it at 40x12 (some have nothing to scroll there).
type Open = Box<dyn Fn(&mut App)>;

fn overlays() -> Vec<(&'static str, Open, bool)> {
    fn open(f: impl Fn(&mut App) + 'static) -> Open {
        Box::new(f)
    }
    vec![
        ("journal", open(|app| journal(app, 40)), true),
        (
            "help",
            open(|app| {
                press(app, Action::Help);
            }),
            true,
        ),
        (
            "journal's help",
            open(|app| {
                journal(app, 3);
                press(app, Action::Help);
            }),
            true,
        ),
        (
            "messages",
            open(|app| {
                press(app, Action::Messages);
            }),
            false,
        ),
        (
            "describe",
            open(|app| {
                press(app, Action::Describe);
            }),
            true,
        ),
        (
            "sign-in history",
            open(|app| {
                press(app, Action::AccountActions);
                update(app, Msg::Letter('h'));
            }),
            false,
        ),
        (
            "action review",
            open(|app| {
                press(app, Action::AccountActions);
                update(app, Msg::Letter('d'));
            }),
            true,
        ),
        ("groups view", open(|app| groups_view(app, 30)), true),
        ("group picker", open(|app| group_picker(app, 30)), true),
        (
            "column picker",
            open(|app| {
                press(app, Action::Columns);
            }),
            true,
        ),
        (
            "action menu",
            open(|app| {
                press(app, Action::AccountActions);
            }),
            true,
        ),
        (
            "saved views",
            open(|app| {
                app.overlay = Some(Overlay::Views(Default::default()));
            }),
            false,
        ),
        (
            "pool picker",
            open(|app| {
                app.overlay = Some(Overlay::PoolPicker(Default::default()));
            }),
            false,
        ),
    ]
}

/// What the wheel may change: the overlay, its help, a review's scroll; and the list beneath.
type Seen = (
    Option<Overlay>,
    Option<usize>,
    usize,
    cognito_tui::app::Cursor,
    cognito_tui::app::Focus,
);

fn seen(app: &App) -> Seen {
    (
        app.overlay.clone(),
        app.overlay_help,
        app.review_scroll,
        app.list.cursor,
        app.focus,
    )
}

fn arrow(app: &mut App, down: bool) {
    if matches!(app.overlay, Some(Overlay::Columns(_))) && app.overlay_help.is_none() {
        let key = if down { ColumnKey::Down } else { ColumnKey::Up };
        update(app, Msg::Columns(key));
    } else {
        press(
            app,
            if down {
                Action::MoveDown
            } else {
                Action::MoveUp
            },
        );
    }
}

fn height(overlay: &str) -> u16 {
    if ["journal's help", "action review"].contains(&overlay) {
        8
    } else {
        12
    }
}

#[test]
fn the_wheel_moves_every_overlay_as_three_arrow_keys_and_never_the_screen_beneath() {
    for (name, open, moves) in overlays() {
        // The same overlay twice: one for the wheel, one for the keys.
        let [mut app, mut keys] = [(); 2].map(|_| {
            let mut app = started(30, false);
            open(&mut app);
            assert!(app.overlay.is_some(), "{name}");
            // At the smallest size, so that the help and the review scroll (a journal's help
            // and a review of one action fit in 12 rows: 8 for them).
            draw(&mut app, 40, height(name));
            app
        });
        let target = support::mouse_target(&app, 40, height(name), wheel(true));
        assert_eq!(target, Some(MouseTarget::OverlayWheel(3)), "{name}");
        let before = seen(&app);
        update(&mut app, Msg::Mouse(MouseTarget::OverlayWheel(3)));
        (0..3).for_each(|_| arrow(&mut keys, true));
        assert_eq!(seen(&app), seen(&keys), "{name}: down");
        if moves {
            assert_ne!(seen(&app), before, "{name}: the wheel moved nothing");
        }
        let target = support::mouse_target(&app, 40, height(name), wheel(false));
        assert_eq!(target, Some(MouseTarget::OverlayWheel(-3)), "{name}");
        update(&mut app, Msg::Mouse(MouseTarget::OverlayWheel(-3)));
        (0..3).for_each(|_| arrow(&mut keys, false));
        assert_eq!(seen(&app), seen(&keys), "{name}: up");
        assert_eq!(seen(&app), before, "{name}: back where it was");
    }
}

/// The first screen row that shows `what`.
fn row_of(screen: &str, what: &str) -> Option<u16> {
    screen
        .lines()
        .position(|l| l.contains(what))
        .and_then(|y| u16::try_from(y).ok())
}

/// The row of the overlay's `▶`: the last drawn, below the user list's own.
fn pointer_row(screen: &str) -> Option<u16> {
    screen
        .lines()
        .collect::<Vec<_>>()
        .iter()
        .rposition(|l| l.contains('▶'))
        .and_then(|y| u16::try_from(y).ok())
}

fn cursor_of(app: &App) -> usize {
    match &app.overlay {
        Some(Overlay::Journal(v)) => v.cursor,
        Some(Overlay::Groups(v)) => v.cursor,
        Some(Overlay::GroupPicker(p)) => p.cursor,
        Some(Overlay::Columns(p)) => p.cursor,
        Some(Overlay::Actions(m)) => m.cursor,
        other => panic!("no list open: {other:?}"),
    }
}

/// A click `dy` rows below (above when negative) the drawn `▶` of the selected entry selects
/// the entry `dy` after it; then the `▶` is drawn on the row clicked.
fn click_by(app: &mut App, name: &str, (w, h): (u16, u16), dy: i16) {
    let screen = buffer_text(&draw(app, w, h));
    let at = pointer_row(&screen).unwrap_or_else(|| panic!("{name}: no ▶\n{screen}"));
    let cursor = cursor_of(app);
    assert_eq!(
        support::mouse_target(app, w, h, click(w / 2, at)),
        Some(MouseTarget::OverlayRow(cursor)),
        "{name} {w}x{h}: the selected row\n{screen}"
    );
    let y = at.saturating_add_signed(dy);
    let want = cursor.saturating_add_signed(dy.into());
    let target = support::mouse_target(app, w, h, click(w / 2, y));
    assert_eq!(
        target,
        Some(MouseTarget::OverlayRow(want)),
        "{name} {w}x{h}: {dy} rows off\n{screen}"
    );
    // What the box shows on a row: the 30 columns after the pointer's.
    let x = screen
        .lines()
        .nth(at.into())
        .unwrap()
        .chars()
        .position(|c| c == '▶')
        .unwrap();
    let entry = |screen: &str, y: u16| -> String {
        let line = screen.lines().nth(y.into()).unwrap_or_default();
        line.chars().skip(x + 1).take(30).collect()
    };
    let clicked = entry(&screen, y);
    update(app, Msg::Mouse(target.unwrap()));
    assert_eq!(cursor_of(app), want, "{name} {w}x{h}");
    // The `▶` is on the entry clicked.
    let screen = buffer_text(&draw(app, w, h));
    let at = pointer_row(&screen).expect("▶");
    assert_eq!(entry(&screen, at), clicked, "{name} {w}x{h}\n{screen}");
}

#[test]
fn a_click_on_a_row_of_a_list_selects_it_where_it_is_drawn() {
    for size in SIZES {
        let lists: Vec<(&str, Open)> = vec![
            ("journal", Box::new(|app| journal(app, 40))),
            ("groups view", Box::new(|app| groups_view(app, 30))),
            ("group picker", Box::new(|app| group_picker(app, 30))),
            (
                "column picker",
                Box::new(|app| {
                    press(app, Action::Columns);
                }),
            ),
        ];
        for (name, open) in lists {
            let mut app = started(30, false);
            open(&mut app);
            click_by(&mut app, name, size, 1);
            // Scrolled down the list, the clicks still land where it draws (the journal shows
            // two entries at 40x12): one row up, and back down.
            (0..25).for_each(|_| arrow(&mut app, true));
            click_by(&mut app, name, size, -1);
            click_by(&mut app, name, size, 1);
        }
    }
}

/// The screen row and column where `what` is drawn.
fn find(screen: &str, what: &str) -> Option<(u16, u16)> {
    let y = row_of(screen, what)?;
    let line = screen.lines().nth(y.into())?;
    let x = line[..line.find(what)?].chars().count();
    Some((u16::try_from(x).ok()?, y))
}

#[test]
fn a_click_on_an_action_selects_it_even_where_entries_wrap() {
    for (w, h) in SIZES {
        let mut app = started(3, false);
        press(&mut app, Action::AccountActions);
        let screen = buffer_text(&draw(&mut app, w, h));
        let Some(Overlay::Actions(menu)) = &app.overlay else {
            panic!("no menu");
        };
        let entries = menu.entries.clone();
        // Every row of every entry drawn selects that entry.
        for (i, entry) in entries.iter().enumerate() {
            let label: String = entry.choice.label().chars().take(8).collect();
            let label = format!("{}  {label}", entry.key);
            let Some((x, y)) = find(&screen, &label) else {
                continue;
            };
            assert_eq!(
                support::mouse_target(&app, w, h, click(x, y)),
                Some(MouseTarget::OverlayRow(i)),
                "{label} {w}x{h}\n{screen}"
            );
        }
        // The title and the keys' legend are no entry.
        let (x, y) = find(&screen, "Actions on").expect("title");
        assert_eq!(support::mouse_target(&app, w, h, click(x, y)), None);
    }
}

#[test]
fn a_second_click_opens_as_enter_does_and_never_confirms_a_change() {
    // The groups view: the second click lists the group's users, as Enter does.
    let [mut app, mut enter] = [(); 2].map(|_| {
        let mut app = started(3, false);
        groups_view(&mut app, 5);
        update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(2)));
        app
    });
    let commands = update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(2)));
    assert_eq!(commands, press(&mut enter, Action::Open));
    assert_eq!(app.overlay, enter.overlay);
    assert_eq!(app.group.as_deref(), Some("group02"));
    // The group picker: the second click picks the group, and the change waits for its review.
    let mut app = started(3, false);
    group_picker(&mut app, 5);
    update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(1)));
    assert!(matches!(app.overlay, Some(Overlay::GroupPicker(_))));
    let commands = update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(1)));
    assert!(commands.is_empty(), "nothing is sent: {commands:?}");
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    // A click on the review, anywhere, does not confirm it.
    for (w, h) in SIZES {
        let screen = buffer_text(&draw(&mut app, w, h));
        let y = row_of(&screen, "y confirm").unwrap_or(h / 2);
        for x in 0..w {
            let target = support::mouse_target(&app, w, h, click(x, y));
            assert_eq!(target, None, "{x},{y}\n{screen}");
        }
    }
    assert!(update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(0))).is_empty());
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    // The action menu: a second click on "disable" opens its review; nothing is sent.
    let mut app = started(3, false);
    press(&mut app, Action::AccountActions);
    let screen = buffer_text(&draw(&mut app, 100, 30));
    let (x, y) = find(&screen, "sign out").expect("sign out offered");
    let target = support::mouse_target(&app, 100, 30, click(x, y));
    update(&mut app, Msg::Mouse(target.expect("on sign out")));
    let (x, y) = find(&screen, " disable").expect("disable offered");
    for _ in 0..2 {
        let target = support::mouse_target(&app, 100, 30, click(x, y));
        assert!(
            matches!(target, Some(MouseTarget::OverlayRow(_))),
            "{target:?}"
        );
        let commands = update(&mut app, Msg::Mouse(target.unwrap()));
        assert!(commands.is_empty(), "{commands:?}");
    }
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    // The journal: Enter does nothing there, so neither does a second click; no undo is asked.
    let mut app = started(3, false);
    journal(&mut app, 5);
    update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(1)));
    let before = app.overlay.clone();
    assert!(update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(1))).is_empty());
    assert_eq!(app.overlay, before);
    // The column picker: a second click applies, as Enter does.
    let [mut app, mut enter] = [(); 2].map(|_| {
        let mut app = started(3, false);
        press(&mut app, Action::Columns);
        app
    });
    update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(0)));
    update(&mut enter, Msg::Columns(ColumnKey::Apply));
    assert_eq!(app.overlay, None);
    assert_eq!(app.columns, enter.columns);
}

#[test]
fn a_click_off_the_rows_of_an_overlay_does_nothing_to_it_or_beneath() {
    for (w, h) in SIZES {
        let mut app = started(30, false);
        groups_view(&mut app, 30);
        let screen = buffer_text(&draw(&mut app, w, h));
        // Outside the box, on its border, on its titles: nothing.
        for (x, y) in [(0, 0), (0, h - 1), (w - 1, h / 2)] {
            assert_eq!(
                support::mouse_target(&app, w, h, click(x, y)),
                None,
                "{x},{y}\n{screen}"
            );
        }
        let title = row_of(&screen, "Group").expect("titles");
        assert_eq!(
            support::mouse_target(&app, w, h, click(w / 2, title)),
            None,
            "{screen}"
        );
        // The screen's own targets do nothing while an overlay is open.
        let before = (app.list.cursor, app.focus, app.overlay.clone());
        for target in [
            MouseTarget::UserRow(5),
            MouseTarget::Wheel(cognito_tui::app::Focus::Users, 3),
            MouseTarget::Messages,
        ] {
            update(&mut app, Msg::Mouse(target));
        }
        assert_eq!((app.list.cursor, app.focus, app.overlay.clone()), before);
        // Over the overlay's help, a click is on no row.
        press(&mut app, Action::Help);
        let screen = buffer_text(&draw(&mut app, w, h));
        for y in 0..h {
            assert_eq!(
                support::mouse_target(&app, w, h, click(w / 2, y)),
                None,
                "{y}\n{screen}"
            );
        }
        update(&mut app, Msg::Mouse(MouseTarget::OverlayRow(3)));
        assert_eq!(cursor_of(&app), 0);
    }
}

/// The screen's lines from the top down to row `to`, the `▶` left out: what a click on a row
/// above the selection must not move.
fn lines_down_to(screen: &str, to: u16) -> Vec<String> {
    screen
        .lines()
        .take(usize::from(to) + 1)
        .map(|l| l.replace('▶', " "))
        .collect()
}

#[test]
fn in_a_scrolled_list_a_click_above_the_selection_moves_no_row() {
    for (w, h) in SIZES {
        let lists: Vec<(&str, Open)> = vec![
            ("journal", Box::new(|app| journal(app, 40))),
            ("groups view", Box::new(|app| groups_view(app, 30))),
            ("group picker", Box::new(|app| group_picker(app, 30))),
            (
                "column picker",
                Box::new(|app| {
                    press(app, Action::Columns);
                }),
            ),
            (
                "action menu",
                Box::new(|app| {
                    press(app, Action::AccountActions);
                }),
            ),
        ];
        for (name, open) in lists {
            let mut app = started(30, false);
            open(&mut app);
            draw(&mut app, w, h);
            (0..25).for_each(|_| arrow(&mut app, true));
            let mut clicked = 0;
            for dy in [1, 2, 1] {
                let screen = buffer_text(&draw(&mut app, w, h));
                let at = pointer_row(&screen).expect("▶");
                let y = at - dy;
                let target = support::mouse_target(&app, w, h, click(w / 2, y));
                // A row of the selected entry (the menu wraps) or no entry: no click here.
                let Some(MouseTarget::OverlayRow(row)) = target else {
                    continue;
                };
                if row == cursor_of(&app) {
                    continue;
                }
                let commands = update(&mut app, Msg::Mouse(target.unwrap()));
                assert!(commands.is_empty(), "{name}: {commands:?}");
                assert_eq!(cursor_of(&app), row, "{name} {w}x{h}");
                let after = buffer_text(&draw(&mut app, w, h));
                assert_eq!(
                    pointer_row(&after),
                    Some(y),
                    "{name} {w}x{h}: the ▶ is on the row clicked\n{screen}\n{after}"
                );
                assert_eq!(
                    lines_down_to(&after, at),
                    lines_down_to(&screen, at),
                    "{name} {w}x{h}: the rows moved\n{screen}\n{after}"
                );
                clicked += 1;
            }
            assert!(clicked > 0, "{name} {w}x{h}: no row above to click");
            // ↑ moves the selection up the rows as they stand, as in the user list.
            let screen = buffer_text(&draw(&mut app, w, h));
            let at = pointer_row(&screen).expect("▶");
            let top = support::mouse_target(&app, w, h, click(w / 2, at - 1));
            if matches!(top, Some(MouseTarget::OverlayRow(row)) if row < cursor_of(&app)) {
                arrow(&mut app, false);
                let after = buffer_text(&draw(&mut app, w, h));
                assert!(pointer_row(&after) < Some(at), "{name} {w}x{h}\n{after}");
                assert_eq!(
                    lines_down_to(&after, at),
                    lines_down_to(&screen, at),
                    "{name} {w}x{h}: ↑ moved the rows\n{screen}\n{after}"
                );
            }
        }
    }
}

/// The group picker with its filter line open, narrowed to `group1*`.
fn filtering_groups(app: &mut App) {
    group_picker(app, 30);
    press(app, Action::LocalFilter);
    for c in "group1".chars() {
        update(app, Msg::Input(cognito_tui::app::InputEdit::Insert(c)));
    }
}

#[test]
fn with_the_group_filter_open_the_mouse_picks_among_the_matches_as_the_arrows_do() {
    use cognito_tui::app::InputEdit;
    for (w, h) in SIZES {
        let [mut app, mut keys] = [(); 2].map(|_| {
            let mut app = started(3, false);
            filtering_groups(&mut app);
            draw(&mut app, w, h);
            app
        });
        let line = app.input.clone();
        assert!(line.is_some());
        // The wheel: three presses of ↓, which pick among the matches while typing goes on.
        let target = support::mouse_target(&app, w, h, wheel(true));
        assert_eq!(target, Some(MouseTarget::OverlayWheel(3)));
        assert!(update(&mut app, Msg::Mouse(target.unwrap())).is_empty());
        (0..3).for_each(|_| {
            update(&mut keys, Msg::Input(InputEdit::Next));
        });
        assert_eq!(cursor_of(&app), 3, "{w}x{h}");
        assert_eq!(app.overlay, keys.overlay);
        update(&mut app, Msg::Mouse(MouseTarget::OverlayWheel(-3)));
        assert_eq!(cursor_of(&app), 0);
        // A click on a match selects it; a second click on it picks nothing while typing.
        let screen = buffer_text(&draw(&mut app, w, h));
        let (_, y) = find(&screen, "group12").expect("group12 listed");
        for _ in 0..2 {
            let target = support::mouse_target(&app, w, h, click(w / 2, y));
            assert_eq!(target, Some(MouseTarget::OverlayRow(2)), "{screen}");
            assert!(update(&mut app, Msg::Mouse(target.unwrap())).is_empty());
            assert_eq!(cursor_of(&app), 2);
            assert!(matches!(app.overlay, Some(Overlay::GroupPicker(_))));
            assert_eq!(app.input, line, "the line stays open as it was");
        }
    }
}

#[test]
fn over_a_review_waiting_for_a_typed_confirmation_the_wheel_scrolls_and_no_click_confirms() {
    use cognito_tui::app::{InputEdit, InputKind};
    // A deletion of 30 users, typed "30" to confirm; and a bulk deletion of an attribute.
    let delete_users = |app: &mut App| {
        press(app, Action::ChooseAll);
        press(app, Action::AccountActions);
        update(app, Msg::Letter('x'));
        assert!(press(app, Action::Confirm).is_empty());
    };
    let bulk_delete = |app: &mut App| {
        press(app, Action::ChooseAll);
        support::select_attribute(app, "locale");
        press(app, Action::ToggleMark);
        press(app, Action::Review);
        assert!(press(app, Action::Confirm).is_empty());
    };
    for (kind, open) in [
        (InputKind::Form, &delete_users as &dyn Fn(&mut App)),
        (InputKind::ConfirmCount, &bulk_delete),
    ] {
        let mut app = started(30, false);
        open(&mut app);
        assert_eq!(app.input.as_ref().map(|i| i.kind), Some(kind));
        for c in "30".chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        let (w, h) = (40, 12);
        let screen = buffer_text(&draw(&mut app, w, h));
        let before = (app.overlay.clone(), app.input.clone());
        let target = support::mouse_target(&app, w, h, wheel(true));
        assert_eq!(target, Some(MouseTarget::OverlayWheel(3)));
        assert!(update(&mut app, Msg::Mouse(target.unwrap())).is_empty());
        assert_eq!(
            app.review_scroll, 3,
            "{kind:?}: the wheel scrolls\n{screen}"
        );
        update(&mut app, Msg::Mouse(MouseTarget::OverlayWheel(-3)));
        assert_eq!(app.review_scroll, 0);
        // No click lands on the review; nor does any target reach it.
        for y in 0..h {
            for x in 0..w {
                assert_eq!(support::mouse_target(&app, w, h, click(x, y)), None);
            }
        }
        for target in [
            MouseTarget::OverlayRow(0),
            MouseTarget::UserRow(1),
            MouseTarget::Wheel(cognito_tui::app::Focus::Users, 3),
            MouseTarget::Pane(cognito_tui::app::Focus::Attributes),
            MouseTarget::Messages,
        ] {
            let commands = update(&mut app, Msg::Mouse(target.clone()));
            assert!(commands.is_empty(), "{kind:?} {target:?}: {commands:?}");
        }
        assert_eq!((app.overlay.clone(), app.input.clone()), before, "{kind:?}");
    }
}
