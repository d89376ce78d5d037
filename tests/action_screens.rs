//! The account actions' screens, compared as text with committed snapshots (tests/screens.rs
//! style): the menu, the review (one user, many, destructive with the typed word), the password
//! input, the group picker and the sign-in history.

mod support;

use cognito_tui::app::{Action, App, InputEdit, Msg, update};
use cognito_tui::directory::{AuthEvent, DirectoryError, GroupInfo};
use cognito_tui::ui;
use cognito_tui::worker::{Command, Response};
use support::{
    answer_all_groups, buffer_text, choose_first, last_line, letter, pick_action, press, screen_at,
    started, started_at, type_text,
};

const WIDTH: u16 = 110;
const HEIGHT: u16 = 30;

fn screen(app: &mut App) -> String {
    screen_at(app, WIDTH, HEIGHT)
}

/// The screen's bottom line: the input line while one is open, else the status line.
fn bottom_line(app: &mut App) -> String {
    last_line(&screen(app)).to_owned()
}

fn main_app(read_only: bool) -> App {
    started_at(40, read_only, WIDTH, HEIGHT)
}

#[test]
fn action_menu() {
    let mut app = main_app(false);
    press(&mut app, Action::AccountActions);
    let text = screen(&mut app);
    assert!(text.contains("Actions on user000"));
    assert!(text.contains("d  disable"));
    assert!(text.contains("(only for UNCONFIRMED users; this one is CONFIRMED)"));
    insta::assert_snapshot!(text);
}

#[test]
fn action_menu_read_only_offers_only_reads() {
    let mut app = main_app(true);
    press(&mut app, Action::AccountActions);
    let text = screen(&mut app);
    assert!(text.contains("Read-only session: only reads are offered."));
    assert!(text.contains("x  delete user  (read-only session)"));
    assert!(text.contains("h  sign-in history"));
    insta::assert_snapshot!(text);
}

#[test]
fn review_of_one_user() {
    let mut app = main_app(false);
    pick_action(&mut app, 'r');
    let text = screen(&mut app);
    assert!(text.contains("Review: reset password"));
    assert!(text.contains("quota UserAccountRecovery"));
    assert!(text.contains("Cannot be undone"));
    insta::assert_snapshot!(text);
}

#[test]
fn review_of_a_bulk_destructive_action_asks_for_the_count_typed() {
    let mut app = main_app(false);
    choose_first(&mut app, 12);
    pick_action(&mut app, 'x');
    let text = screen(&mut app);
    assert!(text.contains("On 12 users:"));
    assert!(text.contains("… and 4 more"));
    assert!(text.contains("for 12 users"), "an estimated time");
    assert!(text.contains("cannot come back"));
    assert!(text.contains("y then type 12"));
    insta::assert_snapshot!("bulk_destructive_review", text);
    press(&mut app, Action::Confirm);
    type_text(&mut app, "1");
    let text = screen(&mut app);
    assert!(text.contains("type the number of users, 12, to confirm: 1"));
    insta::assert_snapshot!("bulk_destructive_typing", text);
    // A wrong count is refused; the right one starts the run.
    update(&mut app, Msg::Input(InputEdit::Submit));
    assert!(support::status_text(&app).starts_with("Type the number of users, 12, to confirm"));
    type_text(&mut app, "12");
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    assert!(!commands.is_empty(), "the run starts");
}

#[test]
fn review_with_masking_hides_names_and_values() {
    let mut app = main_app(false);
    press(&mut app, Action::MaskPii);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "jo@example.com");
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "email=jo@example.com; locale=fr");
    update(&mut app, Msg::Input(InputEdit::Submit));
    update(&mut app, Msg::Input(InputEdit::Submit));
    update(&mut app, Msg::Input(InputEdit::Submit));
    let text = screen(&mut app);
    assert!(!text.contains("jo@example.com"), "{text}");
    assert!(text.contains("locale = fr"));
    insta::assert_snapshot!(text);
}

#[test]
fn password_input_never_shows_the_password() {
    let mut app = main_app(false);
    pick_action(&mut app, 'P');
    type_text(&mut app, "Hunter2-Secret!");
    let text = screen(&mut app);
    assert!(!text.contains("Hunter2"), "{text}");
    assert!(text.contains("new password: •••••••••••••••"));
    insta::assert_snapshot!("password_first", text);
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "Hunter2-Secret!");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let text = screen(&mut app);
    assert!(!text.contains("Hunter2"), "{text}");
    assert!(text.contains("Set a permanent password"));
    insta::assert_snapshot!("password_review", text);
}

#[test]
fn group_picker() {
    let mut app = main_app(false);
    let commands = pick_action(&mut app, 'g');
    assert!(screen(&mut app).contains("Listing the pool's groups…"));
    let group = |name: &str, precedence, description: &str| GroupInfo {
        name: name.into(),
        precedence: Some(precedence),
        description: Some(description.into()),
    };
    answer_all_groups(
        &mut app,
        &commands,
        Ok(vec![
            group("support", 1, "Support staff"),
            group("admins", 0, "Administrators"),
            group("free-tier", 30, "Free plan"),
        ]),
    );
    press(&mut app, Action::MoveDown);
    let text = screen(&mut app);
    assert!(text.contains("Add to group"));
    assert!(text.contains("▶  free-tier"));
    insta::assert_snapshot!(text);
}

fn open_history(app: &mut App) -> cognito_tui::worker::RequestId {
    press(app, Action::AccountActions);
    let commands = letter(app, 'h');
    let [Command::AuthEvents { id, .. }] = commands[..] else {
        panic!("{commands:?}");
    };
    id
}

#[test]
fn sign_in_history() {
    let mut app = main_app(false);
    let id = open_history(&mut app);
    let event = |i: i64, kind: &str, response: &str, risk: &str| AuthEvent {
        event_id: format!("e{i}"),
        event_type: kind.into(),
        created: Some(1_760_000_000 - i * 3600),
        response: response.into(),
        risk_level: Some(risk.into()),
        ip_address: Some(format!("203.0.113.{i}")),
        device: Some("Firefox 133 on Linux".into()),
        city: Some("London".into()),
        country: Some("United Kingdom".into()),
    };
    update(
        &mut app,
        Msg::Response(Response::AuthEvents {
            id,
            username: "user000".into(),
            result: Ok(vec![
                event(1, "SignIn", "Pass", "Low"),
                event(2, "SignIn", "Fail", "Medium"),
                event(3, "ForgotPassword", "Pass", "Low"),
            ]),
        }),
    );
    let text = screen(&mut app);
    assert!(text.contains("Sign-in history of user000"));
    assert!(text.contains("ForgotPassword"));
    assert!(text.contains("203.0.113.2"));
    insta::assert_snapshot!(text);
}

#[test]
fn sign_in_history_without_threat_protection_is_one_sentence() {
    let mut app = main_app(false);
    let id = open_history(&mut app);
    update(
        &mut app,
        Msg::Response(Response::AuthEvents {
            id,
            username: "user000".into(),
            result: Err(DirectoryError::from_code(
                "UserPoolAddOnNotEnabledException",
                "Advanced security features are not enabled for this user pool",
            )),
        }),
    );
    let text = screen(&mut app);
    assert!(
        text.contains("Sign-in history needs threat protection (advanced security) on this pool."),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn editing_a_value_reviews_old_and_new() {
    let mut app = main_app(false);
    support::select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    let text = screen(&mut app);
    assert!(
        text.contains(" locale = en-GB"),
        "the input starts from the value"
    );
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    type_text(&mut app, "fr-FR");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let text = screen(&mut app);
    assert!(text.contains("locale = en-GB → fr-FR"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_step_given_again_says_why_beside_the_input() {
    let mut app = main_app(false);
    pick_action(&mut app, 'P');
    type_text(&mut app, "Hunter2-Secret!");
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "Hunter2-Secret?");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let last = bottom_line(&mut app);
    assert!(last.contains("new password:"), "{last}");
    assert!(
        last.contains("! The two passwords differ"),
        "the input line says why it asks again: {last}"
    );
    // The reason belongs to that step: the next one does not repeat it.
    type_text(&mut app, "Hunter2-Secret!");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let last = bottom_line(&mut app);
    assert!(last.contains("the same password again:"), "{last}");
    assert!(!last.contains("differ"), "{last}");
    assert!(!last.contains("Hunter2"), "{last}");
}

#[test]
fn masking_hides_what_is_typed_where_it_is_personal_data() {
    let mut app = main_app(false);
    support::select_attribute(&mut app, "name");
    press(&mut app, Action::MaskPii);
    press(&mut app, Action::EditValue);
    let last = bottom_line(&mut app);
    assert!(last.contains(" name = •"), "{last}");
    assert!(!last.contains("Test User"), "{last}");
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    type_text(&mut app, "Zoë");
    let last = bottom_line(&mut app);
    assert!(!last.contains("Zoë"), "{last}");
    update(&mut app, Msg::Input(InputEdit::Cancel));

    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "zoe@example.com");
    let last = bottom_line(&mut app);
    assert!(!last.contains("zoe@example.com"), "{last}");
    update(&mut app, Msg::Input(InputEdit::Submit));
    type_text(&mut app, "name Zoë Ångström");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let last = bottom_line(&mut app);
    assert!(last.contains("! Each attribute is name=value"), "{last}");
    assert!(!last.contains("Zoë"), "neither typed nor quoted: {last}");
}

#[test]
fn a_self_service_edit_names_the_call_the_users_token_makes() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    support::select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    type_text(&mut app, "-x");
    update(&mut app, Msg::Input(InputEdit::Submit));
    let text = screen(&mut app);
    assert!(text.contains("Review: set attributes"), "{text}");
    assert!(
        text.contains("UpdateUserAttributes, with your own sign-in (no admin rights used)"),
        "{text}"
    );
    assert!(!text.contains("AdminUpdateUserAttributes"), "{text}");
}

#[test]
fn a_self_service_session_offers_no_account_actions_nor_groups_in_its_keys() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    let text = screen(&mut app);
    let footer = text.lines().last().unwrap_or_default();
    assert!(!footer.contains("actions…"), "{footer}");
    // A user's token cannot list the pool's groups: M only says so.
    assert!(!footer.contains("groups"), "{footer}");
    assert!(footer.contains("help"), "{footer}");
    let mut app = main_app(false);
    let text = screen(&mut app);
    let footer = text.lines().last().unwrap_or_default();
    assert!(footer.contains("a actions…"), "{footer}");
}

#[test]
fn a_disabled_confirmed_user_is_not_said_to_be_able_to_sign_in() {
    let mut app = main_app(false);
    for _ in 0..5 {
        press(&mut app, Action::MoveDown);
    }
    let user = app.shown_user().unwrap();
    assert_eq!((user.status(), user.enabled()), ("CONFIRMED", false));
    let text = screen(&mut app);
    assert!(!text.contains("can sign in"), "{text}");
    assert!(
        text.contains("Status   CONFIRMED — cannot sign in while disabled"),
        "{text}"
    );
}

#[test]
fn a_users_outcome_and_its_reason_show_in_its_pane() {
    use cognito_tui::bulk::{BulkReport, Failure, ItemResult, UserReport};
    let mut app = main_app(false);
    pick_action(&mut app, 'o');
    let id = press(&mut app, Action::Confirm)
        .iter()
        .find_map(|c| match c {
            Command::Apply { id, .. } => Some(*id),
            _ => None,
        })
        .expect("no Command::Apply sent");
    let text = screen(&mut app);
    assert!(
        text.contains("… sign out everywhere: waiting for Cognito"),
        "{text}"
    );
    support::answer(
        &mut app,
        Response::BulkFinished {
            id,
            result: Ok(BulkReport {
                batch: Some("b1".into()),
                users: vec![UserReport {
                    username: "user000".into(),
                    journal_id: None,
                    result: ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
                        "InternalErrorException",
                        "boom",
                    ))),
                    warnings: Vec::new(),
                }],
                cancelled: false,
                elapsed: std::time::Duration::from_millis(200),
            }),
        },
    );
    let text = screen(&mut app);
    assert!(text.contains("│✗ failed: "), "{text}");
    assert!(
        text.contains("✗ failed: Cognito had an internal error"),
        "the reason, not only the mark: {text}"
    );
    let status = support::status_text(&app);
    assert!(
        status.starts_with("user000: sign out everywhere failed: Cognito had an internal error"),
        "one user's failure says why in the status line too: {status}"
    );
    assert!(status.ends_with("R retries the 1 failed."), "{status}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_action_menu_scrolls_to_its_cursor_on_a_short_terminal() {
    let mut app = started(10, false);
    update(&mut app, Msg::Resize(ui::viewport(40, 10)));
    press(&mut app, Action::AccountActions);
    for _ in 0..20 {
        press(&mut app, Action::MoveDown);
    }
    let text = buffer_text(&support::draw(&mut app, 40, 10));
    assert!(text.contains("▶ h  sign-in history"), "{text}");
    for _ in 0..20 {
        press(&mut app, Action::MoveUp);
    }
    let text = buffer_text(&support::draw(&mut app, 40, 10));
    assert!(text.contains("▶ d  disable"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn the_group_picker_narrows_to_what_is_typed_or_pasted() {
    let mut app = main_app(false);
    let commands = pick_action(&mut app, 'g');
    let group = |name: &str, description: &str| GroupInfo {
        name: name.into(),
        precedence: None,
        description: Some(description.into()),
    };
    let groups = vec![
        group("support", "Support staff"),
        group("admins", "Support-desk administrators"),
        group("free-tier", "Free plan"),
        group("beta", "Early access"),
    ];
    answer_all_groups(&mut app, &commands, Ok(groups.clone()));
    press(&mut app, Action::LocalFilter);
    update(&mut app, Msg::Paste("SUP\r\n".into()));
    let text = screen(&mut app);
    assert!(text.contains("filter: SUP"), "{text}");
    assert!(text.contains(" group filter: SUP"), "{text}");
    assert!(
        text.contains("admins") && text.contains("support"),
        "{text}"
    );
    assert!(
        !text.contains("free-tier") && !text.contains("beta"),
        "{text}"
    );
    insta::assert_snapshot!(text);
    // Enter keeps the filter; the picked group is the one shown under the cursor.
    update(&mut app, Msg::Input(InputEdit::Submit));
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::Open);
    let text = screen(&mut app);
    assert!(text.contains("Add to group support"), "{text}");
    // Esc in the filter clears it.
    press(&mut app, Action::Cancel);
    let commands = pick_action(&mut app, 'g');
    let result = Ok(groups);
    answer_all_groups(&mut app, &commands, result);
    press(&mut app, Action::Search);
    type_text(&mut app, "zzz");
    assert!(screen(&mut app).contains("No group matches the filter"));
    update(&mut app, Msg::Input(InputEdit::Cancel));
    assert!(!screen(&mut app).contains("No group matches"));
}

#[test]
fn a_review_on_a_short_terminal_keeps_whom_and_the_keys() {
    let mut app = started_at(40, false, 60, 13);
    choose_first(&mut app, 3);
    pick_action(&mut app, 'd');
    let text = buffer_text(&support::draw(&mut app, 60, 13));
    assert!(text.contains("Review: disable"), "{text}");
    assert!(text.contains("• user000"), "on whom: {text}");
    assert!(text.contains("y then type 3"), "the keys: {text}");
    insta::assert_snapshot!(text);
}

/// At 60 columns the review's and the menu's long lines wrap under their own text (after the
/// `!` or the action's letter), not at the dialog's edge.
#[test]
fn narrow_review_and_menu_keep_the_hanging_indent() {
    const NARROW: u16 = 60;
    let mut app = started_at(40, false, NARROW, 24);
    choose_first(&mut app, 3);
    press(&mut app, Action::AccountActions);
    let menu = buffer_text(&support::draw(&mut app, NARROW, 24));
    insta::assert_snapshot!("narrow_action_menu", menu);
    letter(&mut app, 'x');
    let review = buffer_text(&support::draw(&mut app, NARROW, 24));
    // Each wrapped row of the warning starts under its text, three columns in.
    let rows: Vec<&str> = review.lines().collect();
    let warning = rows
        .iter()
        .position(|r| r.contains("! Undo:"))
        .unwrap_or_else(|| panic!("{review}"));
    let inside = |row: &str| row.split('│').nth(1).unwrap_or("").to_owned();
    assert!(inside(rows[warning]).starts_with(" ! Undo:"), "{review}");
    let next = inside(rows[warning + 1]);
    assert!(
        next.starts_with("   ") && !next.starts_with("    "),
        "{next:?} in\n{review}"
    );
    insta::assert_snapshot!("narrow_bulk_delete_review", review);
}

/// The help of a session, drawn tall and wide enough to hold all of it.
fn help_text(session: cognito_tui::app::Session) -> String {
    let (mut app, commands) = App::new(session);
    support::serve(&mut app, commands, 1);
    press(&mut app, Action::Help);
    buffer_text(&support::draw(&mut app, 120, 60))
}

#[test]
fn the_help_lists_only_what_works_in_self_service_and_read_only() {
    let admin = help_text(support::session(false));
    let me = help_text(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    // Admin calls, the pool's search, filter, load, sort and picker: not for a user's own
    // sign-in, which lists that one user.
    for gone in [
        "account actions",
        "browse the pool by group",
        "describe the pool",
        "search the pool",
        "filter loaded users",
        "load the whole pool",
        "choose every user shown",
        "retry the users that failed",
        "sort by the next column",
        "reverse the sort",
        "open the chosen pool",
        ":pool :region :create",
        "Filter words",
    ] {
        assert!(admin.contains(gone), "the admin's help has {gone}: {admin}");
        assert!(!me.contains(gone), "self-service lists {gone}: {me}");
    }
    for kept in [
        "edit the attribute's value",
        "mark attribute",
        "review the deletion",
        "describe the user",
        "journal of changes",
        ":describe :export :view :q",
    ] {
        assert!(me.contains(kept), "self-service lacks {kept}: {me}");
    }

    // Read-only, marks, deletions, edits and undo are refused: not listed, self-service or not.
    for session in [
        support::session(true),
        cognito_tui::app::Session {
            self_service: true,
            ..support::session(true)
        },
    ] {
        let text = help_text(session);
        for gone in [
            "mark attribute",
            "review the deletion",
            "confirm in the review",
            "edit the attribute's value",
            "undo the journal entry",
            "choose every user shown",
        ] {
            assert!(!text.contains(gone), "read-only lists {gone}: {text}");
        }
        assert!(text.contains("describe the user"), "{text}");
    }
}

#[test]
fn a_self_service_session_hints_edit_not_search_and_slash_says_why() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    update(&mut app, Msg::Resize(ui::viewport(WIDTH, HEIGHT)));
    let footer = bottom_line(&mut app);
    assert!(footer.contains("e edit"), "{footer}");
    assert!(!footer.contains("search"), "{footer}");
    assert!(!footer.contains("filter"), "{footer}");

    // `/` opens no search: one user is listed, and searching the pool is an admin call.
    press(&mut app, Action::Search);
    assert!(app.input.is_none());
    let footer = bottom_line(&mut app);
    assert!(footer.contains("only your own user is here"), "{footer}");

    // The command line names the commands it takes, not :pool or :create.
    update(&mut app, Msg::Action(Action::Cancel));
    press(&mut app, Action::CommandLine);
    let footer = bottom_line(&mut app);
    assert!(footer.contains("export csv|json PATH"), "{footer}");
    assert!(!footer.contains("pool NAME-OR-ID"), "{footer}");
    assert!(!footer.contains("create"), "{footer}");

    // Read-only, no edit is offered either.
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(true)
    });
    support::serve(&mut app, commands, 1);
    let footer = bottom_line(&mut app);
    assert!(!footer.contains("edit"), "{footer}");
    assert!(!footer.contains("delete"), "{footer}");
}
