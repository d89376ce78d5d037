//! Pasted text is data, never keys; a confirm in the burst that opened a review does not act.

mod support;

use cognito_tui::app::{Action, InputEdit, InputKind, Msg, Overlay, update};
use cognito_tui::change::AccountAction;
use cognito_tui::worker::Command;
use support::{
    action_review, mark_attributes, pick_action, press, select_attribute, started, status_text,
    submit,
};

fn is_delete(commands: &[Command]) -> bool {
    commands.iter().any(|c| format!("{c:?}").contains("Delete"))
}

#[test]
fn a_paste_on_the_main_screen_opens_the_search_box_holding_it() {
    let mut app = started(3, false);
    let commands = update(&mut app, Msg::Paste("Sandy\n".into()));
    assert!(commands.is_empty());
    let input = app.input.as_ref().expect("the search box is open");
    assert_eq!(input.kind, InputKind::Search);
    assert_eq!(input.text, "Sandy");
    assert_eq!(app.overlay, None);
}

#[test]
fn a_paste_with_an_attribute_marked_neither_reviews_nor_deletes() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    let commands = update(&mut app, Msg::Paste("dy".into()));
    assert!(!is_delete(&commands));
    assert_eq!(app.overlay, None);
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("dy"));
    assert!(app.detail.marks.contains("locale"));
}

#[test]
fn a_paste_inside_an_input_is_inserted_at_the_cursor_as_one_line() {
    let mut app = started(3, false);
    press(&mut app, Action::CommandLine);
    update(&mut app, Msg::Paste("pool\tx\r\n".into()));
    let input = app.input.as_ref().expect("the command line is open");
    assert_eq!(input.kind, InputKind::Command);
    assert_eq!(input.text, "pool x");
}

#[test]
fn a_paste_in_a_dialog_is_ignored_with_a_message() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::Review);
    let commands = update(&mut app, Msg::Paste("y".into()));
    assert!(commands.is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Review(_))));
    assert!(status_text(&app).contains("Pasted text ignored"));
}

#[test]
fn a_confirm_in_the_burst_that_opened_the_review_does_not_delete() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    update(&mut app, Msg::BurstStart);
    press(&mut app, Action::Review);
    let commands = press(&mut app, Action::Confirm);
    assert!(!is_delete(&commands), "{commands:?}");
    assert!(matches!(app.overlay, Some(Overlay::Review(_))));
    assert!(status_text(&app).contains("Confirmation ignored"));
    // A later key press, in its own burst, confirms.
    update(&mut app, Msg::BurstStart);
    let commands = press(&mut app, Action::Confirm);
    assert!(is_delete(&commands), "{commands:?}");
}

#[test]
fn q_during_an_undo_asks_again_as_during_a_deletion() {
    use cognito_tui::app::JournalLine;
    use cognito_tui::worker::Response;
    let mut app = started(3, false);
    let commands = press(&mut app, Action::Journal);
    let Some(Command::ReadJournal { id }) = commands.first().cloned() else {
        panic!("the journal is read: {commands:?}");
    };
    let line = JournalLine {
        id: "e1".into(),
        batch: "b".into(),
        is_undo: false,
        time: "2026-01-01T00:00:00Z".into(),
        username: "user000".into(),
        kind: "delete".into(),
        names: vec!["locale".into()],
        what: "delete locale".into(),
        state: "ok".into(),
        message: None,
        undo_refusal: None,
        sub_unknown: false,
    };
    update(
        &mut app,
        Msg::Response(Response::Journal {
            id,
            result: Ok(vec![line]),
        }),
    );
    press(&mut app, Action::Undo);
    let commands = press(&mut app, Action::Confirm);
    assert!(
        commands.iter().any(|c| matches!(c, Command::Undo { .. })),
        "{commands:?}"
    );
    press(&mut app, Action::Quit);
    assert!(!app.should_quit);
    assert!(status_text(&app).contains("undo run(s) still running"));
    press(&mut app, Action::Quit);
    assert!(app.should_quit);
}

fn reviewed(app: &cognito_tui::app::App) -> AccountAction {
    action_review(app).action.clone()
}

#[test]
fn a_pasted_password_keeps_its_spaces_and_loses_only_the_line_break() {
    let mut app = started(3, false);
    pick_action(&mut app, 't');
    update(&mut app, Msg::Paste("  pass\tword  \r\n".into()));
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("  pass word  ")
    );
    submit(&mut app);
    update(&mut app, Msg::Paste("  pass\tword  \n".into()));
    submit(&mut app);
    let AccountAction::SetPassword { password, .. } = reviewed(&app) else {
        panic!("{:?}", app.overlay);
    };
    assert_eq!(password.expose(), "  pass word  ");
}

#[test]
fn a_pasted_value_keeps_its_spaces_and_the_search_box_trims() {
    let mut app = started(3, false);
    select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    update(&mut app, Msg::Paste(" fr FR \n".into()));
    submit(&mut app);
    assert_eq!(
        reviewed(&app),
        AccountAction::SetAttributes {
            attributes: vec![("locale".into(), " fr FR ".into())]
        }
    );
    press(&mut app, Action::Cancel);
    // The search box and the filter are trimmed: spaces at their ends are never meant.
    update(&mut app, Msg::Paste("  Sandy \n".into()));
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("Sandy"));
    update(&mut app, Msg::Input(InputEdit::Cancel));
    press(&mut app, Action::LocalFilter);
    update(&mut app, Msg::Paste(" user00 \n".into()));
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("user00"));
}
