//! The state transitions of the app, driven through `update` with no terminal and no network.

mod support;

use cognito_tui::app::{Action, App, Outcome, Overlay, StatusKind};
use cognito_tui::directory::{DirectoryError, PageSize, fixtures};
use cognito_tui::worker::{Command, RequestId, Response};
use support::{
    answer, answer_page, mark_attributes, press, select_attribute, serve, session, started,
    status_text,
};

#[test]
fn start_describes_the_pool_and_asks_for_a_first_page_of_at_most_60() {
    let (app, commands) = App::new(session(false));
    assert!(matches!(commands[0], Command::DescribePool { .. }));
    match &commands[1] {
        Command::ListUsers { id, request } => {
            assert_eq!(request.page_size, PageSize::MAX);
            assert_eq!(request.token, None);
            assert_eq!(app.list.loading, Some(*id));
        }
        other => panic!("expected ListUsers, got {other:?}"),
    }
    assert_eq!(commands.len(), 2, "no user is selected yet");
}

#[test]
fn pages_grow_the_list_and_the_next_page_is_asked_for_in_the_background() {
    let (mut app, commands) = App::new(session(false));
    let Command::ListUsers { id, .. } = commands[1].clone() else {
        panic!()
    };
    let next = answer_page(&mut app, id, fixtures::users(60), Some("t1".into()));
    assert_eq!(app.list.users.len(), 60);
    // The first user is shown and read fresh; the next page is already on its way.
    assert!(
        next.iter()
            .any(|c| matches!(c, Command::GetUser { username, .. } if username == "user000"))
    );
    let Some(Command::ListUsers { id: id2, request }) = next
        .iter()
        .find(|c| matches!(c, Command::ListUsers { .. }))
        .cloned()
    else {
        panic!("no next page requested: {next:?}")
    };
    assert_eq!(request.token.as_deref(), Some("t1"));
    answer_page(&mut app, id2, (60..90).map(fixtures::user).collect(), None);
    assert_eq!(app.list.users.len(), 90);
    assert_eq!(app.list.users[89].username(), "user089");
    assert!(app.list.is_complete());
}

#[test]
fn a_page_from_before_a_refresh_is_dropped() {
    let (mut app, commands) = App::new(session(false));
    let Command::ListUsers { id: old, .. } = commands[1].clone() else {
        panic!()
    };
    let refresh = press(&mut app, Action::Refresh);
    assert!(
        refresh
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. }))
    );
    answer_page(&mut app, old, fixtures::users(5), None);
    assert!(app.list.users.is_empty(), "stale page must not be shown");
    assert_ne!(app.list.loading, Some(old));
}

#[test]
fn a_user_read_after_the_cursor_moved_on_is_dropped() {
    let mut app = started(10, false);
    press(&mut app, Action::MoveDown);
    let old_id = RequestId(1);
    let stale = Response::User {
        id: old_id,
        username: "user000".into(),
        result: Ok(fixtures::user(0)),
    };
    answer(&mut app, stale);
    assert_eq!(app.detail.username.as_deref(), Some("user001"));
    assert_eq!(app.shown_user().unwrap().username(), "user001");
}

#[test]
fn moving_selects_a_user_and_asks_for_its_detail() {
    let mut app = started(10, false);
    let commands = press(&mut app, Action::MoveDown);
    assert_eq!(app.list.cursor.selected, 1);
    assert!(matches!(
        &commands[..],
        [Command::GetUser { username, .. }, Command::ListGroups { username: g, .. }]
            if username == "user001" && g == "user001"
    ));
    press(&mut app, Action::Bottom);
    assert_eq!(app.list.cursor.selected, 9);
    press(&mut app, Action::MoveDown);
    assert_eq!(app.list.cursor.selected, 9, "clamped at the end");
    press(&mut app, Action::Top);
    assert_eq!(app.list.cursor.selected, 0);
}

#[test]
fn marking_toggles_and_sub_required_and_immutable_are_refused_with_the_reason() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    assert!(app.detail.marks.contains("locale"));
    press(&mut app, Action::ToggleMark);
    assert!(!app.detail.marks.contains("locale"));

    for (name, reason) in [
        ("sub", "permanent id"),
        ("email", "required"),
        ("custom:tenant_id", "immutable"),
    ] {
        select_attribute(&mut app, name);
        press(&mut app, Action::ToggleMark);
        assert!(app.detail.marks.is_empty(), "{name} must not be marked");
        let status = app.status.clone().unwrap();
        assert_eq!(status.kind, StatusKind::Warning);
        assert!(status.text.contains(reason), "{name}: {}", status.text);
    }
}

#[test]
fn marking_in_the_user_list_explains_how_to_mark() {
    let mut app = started(3, false);
    press(&mut app, Action::ToggleMark);
    assert!(app.detail.marks.is_empty());
    assert!(status_text(&app).contains("Tab"));
}

#[test]
fn marks_belong_to_one_user_and_are_cleared_when_the_selection_moves() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::MoveDown);
    assert!(app.detail.marks.is_empty());
}

#[test]
fn review_shows_the_exact_plan_and_sends_nothing() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale", "name"]);
    let commands = press(&mut app, Action::Review);
    assert!(commands.is_empty());
    let Some(Overlay::Review(plan)) = &app.overlay else {
        panic!("no review dialog")
    };
    assert_eq!(plan.username, "user000");
    assert_eq!(plan.names(), vec!["name", "locale"]);
    assert_eq!(plan.attributes[0].value, "Test User 0");
}

#[test]
fn review_with_nothing_marked_says_how_to_mark() {
    let mut app = started(3, false);
    assert!(press(&mut app, Action::Review).is_empty());
    assert_eq!(app.overlay, None);
    assert!(status_text(&app).contains("Nothing marked"));
}

#[test]
fn cancel_closes_the_review_keeps_the_marks_and_sends_nothing() {
    let mut app = started(3, false);
    mark_attributes(&mut app, &["locale"]);
    press(&mut app, Action::Review);
    assert!(press(&mut app, Action::Cancel).is_empty());
    assert_eq!(app.overlay, None);
    assert!(app.detail.marks.contains("locale"));
    assert!(status_text(&app).contains("cancelled"));
}

/// Deletes user000's locale through the review, and answers the deletion with `result` as the
/// worker would.
fn delete_locale_answered(
    app: &mut App,
    result: Result<cognito_tui::worker::Deleted, DirectoryError>,
) -> Vec<Command> {
    let (id, plan) = confirm_locale_deletion(app);
    answer(app, Response::AttributesDeleted { id, plan, result })
}

fn confirm_locale_deletion(app: &mut App) -> (RequestId, cognito_tui::app::DeletePlan) {
    select_attribute(app, "locale");
    press(app, Action::ToggleMark);
    press(app, Action::Review);
    let commands = press(app, Action::Confirm);
    match &commands[..] {
        [Command::DeleteAttributes { id, plan }] => (*id, plan.clone()),
        other => panic!("expected one deletion, got {other:?}"),
    }
}

#[test]
fn confirm_sends_one_deletion_and_blocks_a_second_one_on_that_user() {
    let mut app = started(3, false);
    let (_, plan) = confirm_locale_deletion(&mut app);
    assert_eq!(plan.names(), vec!["locale"]);
    assert_eq!(app.overlay, None);
    assert_eq!(
        app.outcomes.get("user000"),
        Some(&Outcome::Deleting(vec!["locale".into()]))
    );
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Progress);
    // While it runs, no new mark or review for that user.
    mark_attributes(&mut app, &["name"]);
    assert!(!app.detail.marks.contains("name"));
    assert!(status_text(&app).contains("still running"));
    assert!(press(&mut app, Action::Review).is_empty());
}

#[test]
fn a_deletion_waiting_for_cognito_says_so_in_the_status_line_until_the_wait_is_over() {
    let mut app = started(3, false);
    let (id, plan) = confirm_locale_deletion(&mut app);
    let notice = |calls| cognito_tui::retry::Retrying {
        calls,
        last: cognito_tui::retry::Wait {
            operation: "AdminDeleteUserAttributes".into(),
            attempt: 2,
            attempts: 6,
            happened: cognito_tui::retry::Happened::Throttled,
        },
        counted: cognito_tui::retry::Counted::ToRetry,
    };
    answer(
        &mut app,
        Response::BulkWaiting {
            id,
            retrying: notice(1),
        },
    );
    let text = status_text(&app);
    assert!(
        text.contains("Cognito is throttling AdminDeleteUserAttributes; trying again (2 of 6)…"),
        "{text}"
    );
    answer(
        &mut app,
        Response::BulkWaiting {
            id,
            retrying: notice(0),
        },
    );
    let text = status_text(&app);
    assert!(!text.contains("throttling"), "the wait is over: {text}");
    assert!(
        text.contains("Deleting 1 attribute (locale) from user000…"),
        "{text}"
    );
    // Another deletion's notice is not this one's.
    answer(
        &mut app,
        Response::BulkWaiting {
            id: RequestId(9_999),
            retrying: notice(1),
        },
    );
    assert!(!status_text(&app).contains("throttling"));
    answer(
        &mut app,
        Response::AttributesDeleted {
            id,
            plan,
            result: Ok(cognito_tui::worker::Deleted::default()),
        },
    );
    assert!(status_text(&app).contains("Deleted 1 attribute (locale) from user000"));
}

#[test]
fn a_successful_deletion_is_reported_and_the_user_read_back() {
    let mut app = started(3, false);
    let commands = delete_locale_answered(&mut app, Ok(cognito_tui::worker::Deleted::default()));
    assert_eq!(
        app.outcomes.get("user000"),
        Some(&Outcome::Deleted(vec!["locale".into()]))
    );
    assert!(status_text(&app).contains("Deleted 1 attribute (locale) from user000"));
    assert!(app.shown_user().unwrap().attribute("locale").is_none());
    assert!(app.detail.marks.is_empty());
    assert!(matches!(&commands[..], [Command::GetUser { username, .. }] if username == "user000"));
    assert_eq!(app.deletions_in_flight(), 0);
}

#[test]
fn an_attribute_deleted_elsewhere_meanwhile_is_reported_as_already_gone() {
    let mut app = started(3, false);
    delete_locale_answered(
        &mut app,
        Ok(cognito_tui::worker::Deleted {
            already_gone: vec!["locale".into()],
            changed: Vec::new(),
            replaced: false,
        }),
    );
    let text = status_text(&app);
    assert!(
        text.contains("Nothing to delete: 1 attribute (locale) already gone from user000"),
        "{text}"
    );
    assert!(!text.contains("Deleted"), "{text}");
    assert!(app.shown_user().unwrap().attribute("locale").is_none());
}

#[test]
fn a_servers_message_with_newlines_and_quotes_reaches_the_status_line_as_plain_text() {
    let mut app = started(3, false);
    delete_locale_answered(
        &mut app,
        Err(DirectoryError::from_code(
            "InvalidParameterException",
            "1 validation error detected:\nValue \"lo\\cale\" is invalid",
        )),
    );
    let text = app.status.clone().unwrap().text;
    assert!(
        text.contains("1 validation error detected: Value \"lo\\cale\" is invalid"),
        "{text}"
    );
    assert!(
        !text.contains('\n') && !text.contains("\\u{") && !text.contains("\\\""),
        "{text}"
    );
}

#[test]
fn a_failed_deletion_is_reported_in_plain_words_and_the_marks_are_kept() {
    let mut app = started(3, false);
    delete_locale_answered(
        &mut app,
        Err(DirectoryError::from_code(
            "UserNotFoundException",
            "User does not exist.",
        )),
    );
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("User not found"), "{}", status.text);
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Failed(_))
    ));
    assert!(
        app.detail.marks.contains("locale"),
        "a retry is one review away"
    );
}

#[test]
fn a_deletion_answer_is_never_dropped_even_after_the_user_moved_on() {
    let mut app = started(3, false);
    let (id, plan) = confirm_locale_deletion(&mut app);
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::Refresh);
    answer(
        &mut app,
        Response::AttributesDeleted {
            id,
            plan,
            result: Ok(cognito_tui::worker::Deleted::default()),
        },
    );
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Deleted(_))
    ));
    assert!(status_text(&app).contains("Deleted"));
}

#[test]
fn a_crashed_deletion_is_reported_as_unknown_not_lost() {
    let mut app = started(3, false);
    let (id, _) = confirm_locale_deletion(&mut app);
    answer(
        &mut app,
        Response::Crashed {
            id,
            message: "boom".into(),
        },
    );
    assert!(status_text(&app).contains("outcome is not known"));
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Unknown)
    ));
    assert_eq!(app.deletions_in_flight(), 0);
}

#[test]
fn read_only_refuses_every_mutating_key_and_sends_nothing() {
    let mut app = started(3, true);
    select_attribute(&mut app, "locale");
    for action in [Action::ToggleMark, Action::Review, Action::Confirm] {
        let commands = press(&mut app, action);
        assert!(commands.is_empty());
        assert!(status_text(&app).starts_with("read-only mode"));
    }
    assert!(app.detail.marks.is_empty());
    assert_eq!(app.overlay, None);
}

#[test]
fn no_key_sequence_in_read_only_mode_produces_a_deletion() {
    let mut app = started(20, true);
    for round in 0..3 {
        for action in Action::ALL {
            if matches!(action, Action::Quit | Action::ForceQuit) {
                continue;
            }
            let commands = press(&mut app, *action);
            assert!(
                !commands
                    .iter()
                    .any(|c| matches!(c, Command::DeleteAttributes { .. })),
                "round {round}: {action:?} produced a deletion"
            );
            serve(&mut app, commands, 20);
        }
    }
}

#[test]
fn an_error_is_shown_as_one_sentence_and_the_next_key_dismisses_it() {
    let (mut app, commands) = App::new(session(false));
    let Command::ListUsers { id, .. } = commands[1].clone() else {
        panic!()
    };
    answer(
        &mut app,
        Response::UsersPage {
            id,
            result: Err(DirectoryError::from_code(
                "ResourceNotFoundException",
                "User pool eu-west-1_Test1 does not exist.",
            )),
        },
    );
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.starts_with("Loading users failed: Not found"));
    assert!(!status.text.contains('\n'));
    press(&mut app, Action::Cancel);
    assert_eq!(app.status, None);
}

#[test]
fn quitting_with_a_deletion_in_flight_asks_for_a_second_q() {
    let mut app = started(3, false);
    confirm_locale_deletion(&mut app);
    press(&mut app, Action::Quit);
    assert!(!app.should_quit);
    assert!(status_text(&app).contains("q again"));
    press(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn help_opens_and_closes_and_swallows_other_keys() {
    let mut app = started(3, false);
    press(&mut app, Action::Help);
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    press(&mut app, Action::MoveDown);
    assert_eq!(app.list.cursor.selected, 0);
    // j/k scroll the help itself, within its length.
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 1 }));
    press(&mut app, Action::MoveUp);
    press(&mut app, Action::MoveUp);
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    for _ in 0..200 {
        press(&mut app, Action::MoveDown);
    }
    let Some(Overlay::Help { scroll }) = app.overlay else {
        panic!("the help closed")
    };
    assert!(scroll <= Action::ALL.len() + 16, "{scroll}");
    press(&mut app, Action::ToggleMark);
    assert!(app.detail.marks.is_empty(), "other keys are swallowed");
    press(&mut app, Action::Cancel);
    assert_eq!(app.overlay, None);
}

#[test]
fn marking_waits_for_the_schema_and_says_so() {
    let (mut app, commands) = App::new(session(false));
    let Command::ListUsers { id, .. } = commands[1].clone() else {
        panic!()
    };
    answer_page(&mut app, id, fixtures::users(2), None);
    mark_attributes(&mut app, &["locale"]);
    assert!(app.detail.marks.is_empty());
    assert!(status_text(&app).contains("schema"));
}

#[test]
fn groups_of_the_selected_user_are_read_and_stale_ones_dropped() {
    let mut app = started(3, false);
    assert_eq!(app.detail.groups, Some(Ok(vec!["pro-customers".into()])));
    let commands = press(&mut app, Action::MoveDown);
    let Some(Command::ListGroups { id, .. }) = commands
        .iter()
        .find(|c| matches!(c, Command::ListGroups { .. }))
        .cloned()
    else {
        panic!("no groups asked for")
    };
    press(&mut app, Action::MoveDown);
    answer(
        &mut app,
        Response::Groups {
            id,
            username: "user001".into(),
            result: Ok(vec!["stale".into()]),
        },
    );
    assert_eq!(
        app.detail.groups, None,
        "the answer for user001 came too late"
    );
}

#[test]
fn copy_sends_the_value_under_the_cursor_to_the_terminal() {
    let mut app = started(3, false);
    let commands = press(&mut app, Action::Copy);
    assert_eq!(
        commands,
        vec![Command::Copy {
            text: "user000".into()
        }]
    );
    select_attribute(&mut app, "email");
    let commands = press(&mut app, Action::Copy);
    assert_eq!(
        commands,
        vec![Command::Copy {
            text: "user0@example.com".into()
        }]
    );
    assert!(status_text(&app).contains("Copied email"));
}

#[test]
fn pii_mask_toggles() {
    let mut app = started(3, true);
    press(&mut app, Action::MaskPii);
    assert!(app.mask_pii);
    press(&mut app, Action::MaskPii);
    assert!(!app.mask_pii);
}

#[test]
fn load_all_on_a_loaded_pool_counts_its_users_in_plain_words() {
    for (n, said) in [
        (0, "There are no users to load."),
        (1, "The one user is loaded."),
        (3, "All 3 users are loaded."),
    ] {
        let mut app = started(n, false);
        let commands = press(&mut app, Action::LoadAll);
        assert!(commands.is_empty());
        assert_eq!(status_text(&app), said, "{n} users");
    }
}

#[test]
fn load_all_pages_to_the_end_and_esc_stops_it() {
    let (mut app, start) = App::new(session(true));
    app.preload = 60;
    let Command::ListUsers { id, .. } = start[1].clone() else {
        panic!()
    };
    let more = answer_page(&mut app, id, fixtures::users(60), Some("t1".into()));
    assert!(
        !more.iter().any(|c| matches!(c, Command::ListUsers { .. })),
        "the preload is reached: no more pages until asked"
    );
    let commands = press(&mut app, Action::LoadAll);
    assert!(app.load_all);
    let Some(Command::ListUsers { id, request }) = commands.into_iter().next() else {
        panic!("load all asks for the next page")
    };
    assert_eq!(request.token.as_deref(), Some("t1"));
    let next = answer_page(
        &mut app,
        id,
        (60..120).map(fixtures::user).collect(),
        Some("t2".into()),
    );
    let Some(Command::ListUsers { id, .. }) = next
        .into_iter()
        .find(|c| matches!(c, Command::ListUsers { .. }))
    else {
        panic!("the next page is asked for")
    };
    press(&mut app, Action::Cancel);
    assert!(!app.load_all);
    // The page on its way still lands: a count said now would be short of the header's.
    let said = status_text(&app);
    assert!(!said.contains("120"), "{said}");
    assert!(
        said.contains("still lands") && said.contains("L resumes"),
        "{said}"
    );
    answer_page(
        &mut app,
        id,
        (120..180).map(fixtures::user).collect(),
        Some("t3".into()),
    );
    assert_eq!(app.list.users.len(), 180);
    assert_eq!(
        status_text(&app),
        "Stopped loading at 180 users; L resumes where it stopped."
    );
    assert_eq!(app.list.next_token.as_deref(), Some("t3"), "resumable");
    assert!(!app.load_all);
}

/// A notice that a read is being tried again, for the read `id`.
fn retrying(id: RequestId) -> Response {
    Response::Waiting {
        id,
        wait: cognito_tui::retry::Wait {
            operation: "ListUsers".into(),
            attempt: 2,
            attempts: 3,
            happened: cognito_tui::retry::Happened::NoAnswer { secs: 10 },
        },
    }
}

#[test]
fn a_retry_notice_shows_until_its_answer_and_one_for_a_read_moved_past_is_dropped() {
    let mut app = started(3, false);
    let page = press(&mut app, Action::Refresh)
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    assert!(answer(&mut app, retrying(page)).is_empty());
    assert_eq!(
        status_text(&app),
        "No answer from Cognito to ListUsers for 10 s; trying again (2 of 3)…"
    );
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Progress);
    assert!(app.messages.list.is_empty(), "a notice is not a warning");
    answer_page(&mut app, page, fixtures::users(3), None);
    assert_eq!(app.status, None, "the answer ends the notice");

    // A notice for a page the app no longer waits for says nothing.
    answer(&mut app, retrying(page));
    assert_eq!(app.status, None);
    assert_eq!(app.waiting, None);
}

/// Shows the notice of a retried read `id`, checks the status line says it, then answers the
/// read and checks the notice is gone.
fn noticed_until_answered(app: &mut App, id: RequestId, what: &str, answered: Response) {
    answer(app, retrying(id));
    assert_eq!(
        status_text(app),
        "No answer from Cognito to ListUsers for 10 s; trying again (2 of 3)…",
        "{what}"
    );
    assert_eq!(app.waiting.as_ref().map(|(w, _)| *w), Some(id), "{what}");
    answer(app, answered);
    assert_eq!(app.status, None, "{what}: the answer ends the notice");
    assert_eq!(app.waiting, None, "{what}");
}

#[test]
fn every_read_the_screen_waits_on_says_when_it_is_tried_again() {
    use cognito_tui::app::{Msg, update};

    // The pool picker.
    let (mut app, commands) = App::choosing_pool(session(false));
    let [Command::ListPools { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    let pools = Response::Pools {
        id,
        result: Ok(Vec::new()),
    };
    noticed_until_answered(&mut app, id, "the pool picker", pools);

    // The groups view.
    let mut app = started(3, false);
    let commands = press(&mut app, Action::Groups);
    let [Command::ListAllGroups { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    let groups = Response::AllGroups {
        id,
        result: Ok(Vec::new()),
    };
    noticed_until_answered(&mut app, id, "the groups view", groups);

    // The group picker of add to group.
    let mut app = started(3, false);
    press(&mut app, Action::AccountActions);
    let commands = update(&mut app, Msg::Letter('g'));
    let [Command::ListAllGroups { id }] = commands[..] else {
        panic!("{commands:?}")
    };
    let groups = Response::AllGroups {
        id,
        result: Ok(Vec::new()),
    };
    noticed_until_answered(&mut app, id, "the group picker", groups);

    // The sign-in history.
    let mut app = started(3, false);
    press(&mut app, Action::AccountActions);
    let commands = update(&mut app, Msg::Letter('h'));
    let [Command::AuthEvents { id, ref username }] = commands[..] else {
        panic!("{commands:?}")
    };
    let events = Response::AuthEvents {
        id,
        username: username.clone(),
        result: Ok(Vec::new()),
    };
    noticed_until_answered(&mut app, id, "the sign-in history", events);

    // The shown user's groups, read beside the user.
    let mut app = started(3, false);
    let commands = press(&mut app, Action::MoveDown);
    let Some((id, username)) = commands.iter().find_map(|c| match c {
        Command::ListGroups { id, username } => Some((*id, username.clone())),
        _ => None,
    }) else {
        panic!("{commands:?}")
    };
    let groups = Response::Groups {
        id,
        username,
        result: Ok(Vec::new()),
    };
    noticed_until_answered(&mut app, id, "the shown user's groups", groups);
}
