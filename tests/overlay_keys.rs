//! While an overlay is open the status line names its keys, not the main screen's; `?` over
//! it shows its help, and Esc returns to it. Any key dismisses an error.

mod support;

use cognito_tui::app::{Action, App, Msg, Overlay, PoolPicker, StatusKind, ViewPicker, update};
use support::{
    buffer_text, draw, last_line, letter, mark_attributes, open_journal, press, select_attribute,
    started, status_text,
};

fn journal(app: &mut App) {
    open_journal(app, Vec::new());
}

/// Each overlay, opened as a user opens it (or set, where that takes a pool's answers), with
/// the words its status line must hold.
fn overlays() -> Vec<(&'static str, App, &'static [&'static str])> {
    let open = |f: &dyn Fn(&mut App)| {
        let mut app = started(3, false);
        f(&mut app);
        assert!(app.overlay.is_some());
        app
    };
    vec![
        (
            "journal",
            open(&|app| journal(app)),
            &["j/k move", "r reload", "Esc close"],
        ),
        (
            "describe",
            open(&|app| {
                press(app, Action::Describe);
            }),
            &["j/k scroll", "Tab JSON/YAML", "c copy", "Esc close"],
        ),
        (
            "groups view",
            open(&|app| {
                press(app, Action::Groups);
            }),
            &["Enter list its users", "Esc close"],
        ),
        (
            "columns",
            open(&|app| {
                press(app, Action::Columns);
            }),
            &["space show/hide", "Enter apply", "Esc cancel"],
        ),
        (
            "views",
            open(&|app| app.overlay = Some(Overlay::Views(ViewPicker::default()))),
            &["Enter recall", "Esc close"],
        ),
        (
            "pool picker",
            open(&|app| app.overlay = Some(Overlay::PoolPicker(PoolPicker::default()))),
            &["Enter open", ": command", "Esc close"],
        ),
        (
            "action menu",
            open(&|app| {
                press(app, Action::AccountActions);
            }),
            &["letter choose", "Esc close"],
        ),
        (
            "group picker",
            open(&|app| {
                press(app, Action::AccountActions);
                letter(app, 'g');
            }),
            &["Enter pick", "f filter", "Esc close"],
        ),
        (
            "sign-in history",
            open(&|app| {
                press(app, Action::AccountActions);
                letter(app, 'h');
            }),
            &["j/k scroll", "r reload", "Esc close"],
        ),
        (
            "action review",
            open(&|app| {
                press(app, Action::AccountActions);
                letter(app, 'd');
            }),
            &["y confirm", "Esc cancel"],
        ),
        (
            "deletion review",
            open(&|app| {
                press(app, Action::SwitchPane);
                select_attribute(app, "custom:plan");
                press(app, Action::ToggleMark);
                press(app, Action::Review);
            }),
            &["y confirm", "Esc cancel"],
        ),
        (
            "help",
            open(&|app| {
                press(app, Action::Help);
            }),
            &["j/k scroll", "Esc close"],
        ),
    ]
}

#[test]
fn the_status_line_names_the_keys_of_the_open_overlay() {
    let main = last_line(&buffer_text(&draw(&mut started(3, false), 120, 30))).to_owned();
    for main_key in ["space choose", "d delete", "a actions"] {
        assert!(main.contains(main_key), "{main}");
    }
    for (name, mut app, words) in overlays() {
        // The help is as tall as the terminal allows, over the status line when that is short.
        let height = if name == "help" { 70 } else { 30 };
        for width in [120, 80] {
            let text = buffer_text(&draw(&mut app, width, height));
            let line = last_line(&text);
            for main_key in ["space choose", "d delete", "a actions", "/ search"] {
                assert!(!line.contains(main_key), "{name} at {width}: {line}");
            }
            for word in words {
                assert!(line.contains(word), "{name} at {width}: {word:?} in {line}");
            }
            if name != "help" {
                assert!(line.contains("? help"), "{name} at {width}: {line}");
            }
        }
    }
}

#[test]
fn question_mark_over_any_overlay_shows_its_keys_and_esc_returns_to_it() {
    for (name, mut app, words) in overlays() {
        if name == "help" {
            continue;
        }
        let before = app.overlay.clone();
        press(&mut app, Action::Help);
        let text = buffer_text(&draw(&mut app, 100, 30));
        assert!(text.contains("— keys"), "{name}:\n{text}");
        // The help lists what the status line names, one key a line.
        let first = words[0].split_once(' ').unwrap();
        assert!(
            text.lines()
                .any(|l| l.contains(first.0) && l.contains(first.1)),
            "{name}: {first:?}\n{text}"
        );
        assert!(text.contains("back to "), "{name}:\n{text}");
        assert_eq!(last_line(&text).trim(), "j/k scroll · Esc back", "{name}");
        // Its keys are the help's: j scrolls it, y confirms nothing.
        assert!(press(&mut app, Action::MoveDown).is_empty(), "{name}");
        assert!(press(&mut app, Action::Confirm).is_empty(), "{name}");
        press(&mut app, Action::Cancel);
        assert_eq!(app.overlay, before, "{name}: Esc returns to it unchanged");
        assert_eq!(app.overlay_help, None);
        let text = buffer_text(&draw(&mut app, 100, 30));
        assert!(!text.contains("— keys"), "{name}:\n{text}");
        // `?` again opens it, and `?` closes it too.
        press(&mut app, Action::Help);
        assert_eq!(app.overlay_help, Some(0));
        press(&mut app, Action::Help);
        assert_eq!(app.overlay_help, None);
        assert_eq!(app.overlay, before);
    }
}

#[test]
fn the_overlays_help_goes_when_its_overlay_closes() {
    let mut app = started(3, false);
    press(&mut app, Action::Describe);
    press(&mut app, Action::Help);
    assert_eq!(app.overlay_help, Some(0));
    app.overlay = None;
    update(&mut app, Msg::OtherKey);
    assert_eq!(app.overlay_help, None);
    let text = buffer_text(&draw(&mut app, 100, 30));
    assert!(last_line(&text).contains("space choose"), "{text}");
}

#[test]
fn the_journal_names_undo_only_where_an_entry_can_be_undone() {
    let mut app = started(3, false);
    journal(&mut app);
    let text = buffer_text(&draw(&mut app, 100, 30));
    assert!(!last_line(&text).contains("u undo"), "{text}");
    // Its keys are in the status line, not also inside the box.
    assert_eq!(text.matches("r reload").count(), 1, "{text}");
}

#[test]
fn any_key_dismisses_an_error_and_does_its_own_job() {
    let error =
        |app: &mut App| app.status = Some(cognito_tui::app::Status::new(StatusKind::Error, "boom"));
    let mut app = started(3, false);
    // A key bound to nothing.
    error(&mut app);
    update(&mut app, Msg::OtherKey);
    assert_eq!(app.status, None);
    // A column picker's key: dismissed, and the picker's cursor moves.
    press(&mut app, Action::Columns);
    error(&mut app);
    update(&mut app, Msg::Columns(cognito_tui::app::ColumnKey::Down));
    assert_eq!(app.status, None);
    let Some(Overlay::Columns(picker)) = &app.overlay else {
        panic!("the picker stays open");
    };
    assert_eq!(picker.cursor, 1);
    // Esc only dismisses it; another key does its job too.
    press(&mut app, Action::Cancel);
    error(&mut app);
    press(&mut app, Action::MoveDown);
    assert_eq!(app.status, None);
    assert_eq!(app.list.cursor.selected, 1);
    error(&mut app);
    press(&mut app, Action::Cancel);
    assert_eq!(status_text(&app), "");
}

#[test]
fn a_note_from_before_gives_way_to_the_keys_of_the_overlay_opened() {
    let mut app = started(3, false);
    let note = |app: &mut App, kind| app.status = Some(cognito_tui::app::Status::new(kind, "note"));
    note(&mut app, StatusKind::Info);
    journal(&mut app);
    assert_eq!(app.status, None);
    assert!(last_line(&buffer_text(&draw(&mut app, 100, 30))).contains("r reload"));
    // A note made by the key itself stays: cancelling a review says nothing was changed.
    press(&mut app, Action::Cancel);
    press(&mut app, Action::SwitchPane);
    mark_attributes(&mut app, &["custom:plan"]);
    press(&mut app, Action::Review);
    press(&mut app, Action::Cancel);
    assert!(
        status_text(&app).contains("nothing was changed"),
        "{}",
        status_text(&app)
    );
    // A warning, an error or progress stays over any overlay.
    for kind in [StatusKind::Warning, StatusKind::Progress] {
        note(&mut app, kind);
        press(&mut app, Action::Help);
        assert_eq!(status_text(&app), "note");
        press(&mut app, Action::Help);
    }
    // A warning goes once the overlay it was about is closed (`m` keeps it); progress stays.
    journal(&mut app);
    note(&mut app, StatusKind::Warning);
    press(&mut app, Action::Cancel);
    assert_eq!(app.overlay, None);
    assert_eq!(status_text(&app), "");
    journal(&mut app);
    note(&mut app, StatusKind::Progress);
    press(&mut app, Action::Cancel);
    assert_eq!(status_text(&app), "note");
}
