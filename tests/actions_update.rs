//! Account actions in the app, through `update` only: the menu, the input an action needs, the
//! one review, `Command::Apply`, outcomes and retry, and read-only sessions that never apply.

mod support;

use std::time::Duration;

use cognito_tui::app::{
    Action, App, Choice, Focus, Form, GroupsCell, InputEdit, InputKind, Msg, Outcome, Overlay,
    update,
};
use cognito_tui::bulk::{BulkReport, Failure, ItemResult, UserReport};
use cognito_tui::change::AccountAction;
use cognito_tui::directory::DirectoryError;
use cognito_tui::worker::{Command, RequestId, Response};
use support::{
    action_review, answer, answer_all_groups, choose_first, group, letter, open_journal,
    pick_action, press, select_attribute, started, status_text, submit, type_text,
};

/// Whether `commands` read `username` (AdminGetUser) again.
fn reads_user(commands: &[Command], username: &str) -> bool {
    commands
        .iter()
        .any(|c| matches!(c, Command::GetUser { username: u, .. } if u == username))
}

fn apply_of(commands: &[Command]) -> (RequestId, Vec<String>, AccountAction) {
    commands
        .iter()
        .find_map(|c| match c {
            Command::Apply {
                id,
                usernames,
                action,
                ..
            } => Some((*id, usernames.clone(), action.clone())),
            _ => None,
        })
        .expect("no Command::Apply sent")
}

fn reviewed(app: &App) -> (Vec<String>, AccountAction) {
    let plan = action_review(app);
    (plan.usernames.clone(), plan.action.clone())
}

fn user_report(user: &str, result: ItemResult) -> UserReport {
    UserReport {
        username: user.into(),
        journal_id: None,
        result,
        warnings: Vec::new(),
    }
}

fn finished(id: RequestId, users: Vec<UserReport>) -> Response {
    Response::BulkFinished {
        id,
        result: Ok(BulkReport {
            batch: Some("b1".into()),
            users,
            cancelled: false,
            elapsed: Duration::from_millis(200),
        }),
    }
}

/// The journal's undo of one change to `user`, done: `applied` says what it did.
fn undone(user: &str, applied: &str) -> Response {
    Response::Undone {
        id: RequestId(99),
        result: Ok(BulkReport {
            batch: None,
            users: vec![user_report(user, ItemResult::Applied(applied.into()))],
            cancelled: false,
            elapsed: Duration::from_millis(20),
        }),
    }
}

/// The read of a user among `commands` (AdminGetUser): its id and the username.
fn user_read(commands: &[Command]) -> (RequestId, String) {
    commands
        .iter()
        .find_map(|c| match c {
            Command::GetUser { id, username } => Some((*id, username.clone())),
            _ => None,
        })
        .expect("a user is read")
}

/// Cognito throttles read `id` (an `operation`), which is tried again.
fn throttled(id: RequestId, operation: &str) -> Response {
    Response::Waiting {
        id,
        wait: cognito_tui::retry::Wait {
            operation: operation.into(),
            attempt: 2,
            attempts: 6,
            happened: cognito_tui::retry::Happened::Throttled,
        },
    }
}

/// The read `id` of `username` lands.
fn user_read_lands(app: &mut App, id: RequestId, username: String) {
    answer(
        app,
        Response::User {
            id,
            username,
            result: Ok(cognito_tui::directory::fixtures::user(0)),
        },
    );
}

#[test]
fn the_menu_offers_what_fits_the_user_and_says_why_not() {
    let mut app = started(10, false);
    assert!(press(&mut app, Action::AccountActions).is_empty());
    let Some(Overlay::Actions(menu)) = &app.overlay else {
        panic!("no menu");
    };
    assert_eq!(menu.usernames, ["user000"]);
    let keys: Vec<char> = menu.entries.iter().map(|e| e.key).collect();
    assert!(
        keys.contains(&'d'),
        "user000 is enabled: disable is offered"
    );
    assert!(!keys.contains(&'e'), "not enable");
    let resend = menu.entries.iter().find(|e| e.key == 'i').unwrap();
    assert!(
        resend
            .unavailable
            .as_deref()
            .unwrap()
            .contains("FORCE_CHANGE_PASSWORD"),
        "resend is refused with the reason"
    );
    assert!(app.takes_letters());
    assert!(letter(&mut app, 'i').is_empty());
    assert!(status_text(&app).contains("FORCE_CHANGE_PASSWORD"));
    assert!(
        matches!(app.overlay, Some(Overlay::Actions(_))),
        "still open"
    );
    press(&mut app, Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn disable_is_reviewed_then_applied_and_the_list_follows_the_outcome() {
    let mut app = started(10, false);
    press(&mut app, Action::AccountActions);
    assert!(
        letter(&mut app, 'd').is_empty(),
        "nothing is sent before review"
    );
    assert_eq!(
        reviewed(&app),
        (vec!["user000".to_owned()], AccountAction::Disable)
    );
    let commands = press(&mut app, Action::Confirm);
    let (id, usernames, action) = apply_of(&commands);
    assert_eq!(
        (usernames, action),
        (vec!["user000".to_owned()], AccountAction::Disable)
    );
    assert!(app.overlay.is_none());
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Applying(_))
    ));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report("user000", ItemResult::Applied("done".into()))],
        ),
    );
    assert!(app.bulk.is_none());
    assert!(
        !app.list.users[0].enabled(),
        "the list shows user000 disabled"
    );
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Applied(_))
    ));
    assert_eq!(status_text(&app), "user000: done.");
    assert!(reads_user(&after, "user000"), "the user is read back");
}

#[test]
fn a_read_only_session_opens_the_menu_but_never_applies() {
    let mut app = started(10, true);
    press(&mut app, Action::AccountActions);
    let Some(Overlay::Actions(menu)) = app.overlay.clone() else {
        panic!("the menu opens read-only too");
    };
    assert!(menu.read_only);
    press(&mut app, Action::Cancel);
    let mut sent = Vec::new();
    for entry in &menu.entries {
        press(&mut app, Action::AccountActions);
        let commands = letter(&mut app, entry.key);
        if entry.choice == Choice::SignInHistory {
            assert!(matches!(commands[..], [Command::AuthEvents { .. }]));
            press(&mut app, Action::Cancel);
        } else {
            assert!(commands.is_empty(), "{:?} sent {commands:?}", entry.choice);
            assert!(
                status_text(&app).contains("read-only"),
                "{:?}: {}",
                entry.key,
                status_text(&app)
            );
            for key in [Action::Confirm, Action::Open] {
                sent.extend(press(&mut app, key));
            }
            sent.extend(submit(&mut app));
        }
        press(&mut app, Action::Cancel);
    }
    // Every other way in: editing a value, :create, retry.
    select_attribute(&mut app, "locale");
    sent.extend(press(&mut app, Action::EditValue));
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    sent.extend(submit(&mut app));
    sent.extend(type_text(&mut app, "jo"));
    sent.extend(submit(&mut app));
    sent.extend(press(&mut app, Action::RetryFailed));
    sent.extend(press(&mut app, Action::Confirm));
    assert!(
        !sent.iter().any(|c| matches!(c, Command::Apply { .. })),
        "{sent:?}"
    );
    assert!(app.form.is_none(), ":create opens no form read-only");
}

#[test]
fn a_self_service_session_offers_no_account_action_nor_create() {
    // `cognito-tui me` holds the user's own token: it sets and deletes that user's attributes
    // and can make none of the admin calls the menu and `:create` lead to.
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    let mut sent = press(&mut app, Action::AccountActions);
    assert_eq!(app.overlay, None, "no action menu");
    assert!(
        status_text(&app).contains("only your own attributes"),
        "{}",
        status_text(&app)
    );
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    sent.extend(submit(&mut app));
    assert!(app.form.is_none(), ":create opens no form");
    assert!(status_text(&app).contains("only your own attributes"));
    assert!(sent.is_empty(), "{sent:?}");
    // No groups are asked for (the token cannot read them): the pane says why in plain words.
    assert_eq!(
        app.detail.groups,
        Some(Err("not readable when signed in as the user".to_owned()))
    );
    // Editing one's own value still reviews.
    select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    assert!(matches!(app.form, Some(Form::AttributeValue { .. })));

    // Read-only too, it says read-only rather than offering the edits it refuses.
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(true)
    });
    support::serve(&mut app, commands, 1);
    press(&mut app, Action::AccountActions);
    assert_eq!(app.overlay, None);
    assert!(
        status_text(&app).contains("read-only"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn a_self_service_session_reaches_no_bulk_run() {
    // Signed in as the user there is one user and no admin call: space in the user list, `*`
    // and `R` choose no one, and `d` reviews no bulk run.
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    app.focus = Focus::Users;
    let mut sent = press(&mut app, Action::ToggleMark);
    assert!(app.list.chosen.is_empty(), "{:?}", app.list.chosen);
    assert!(
        status_text(&app).contains("no bulk run"),
        "{}",
        status_text(&app)
    );
    sent.extend(press(&mut app, Action::ChooseAll));
    assert!(app.list.chosen.is_empty(), "{:?}", app.list.chosen);
    sent.extend(press(&mut app, Action::RetryFailed));
    sent.extend(press(&mut app, Action::Review));
    assert!(
        !matches!(app.overlay, Some(Overlay::BulkReview(_))),
        "{:?}",
        app.overlay
    );
    assert!(sent.is_empty(), "{sent:?}");
}

/// A session of `started(n)`'s users, signed in as the user when `self_service`.
fn started_as(n: usize, read_only: bool, self_service: bool) -> App {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service,
        ..support::session(read_only)
    });
    support::serve(&mut app, commands, n);
    app
}

#[test]
fn a_key_the_help_leaves_out_does_nothing_but_say_why() {
    // The help and the hints list what `Action::offered_in` offers; a key they leave out (load
    // all, sort, filter, groups… signed in as the user; the changes read-only) sends nothing,
    // opens nothing, and says why.
    for (read_only, self_service) in [(false, true), (true, true), (true, false)] {
        let mut app = started_as(1, read_only, self_service);
        app.focus = Focus::Users;
        let left_out: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| !a.offered_in(&app.session))
            .collect();
        assert!(!left_out.is_empty());
        for action in left_out {
            let before = (app.list.clone(), app.focus, app.detail.clone());
            let sent = press(&mut app, action);
            let what = format!("{action:?} (read-only {read_only}, self-service {self_service})");
            assert!(sent.is_empty(), "{what} sent {sent:?}");
            assert_eq!(app.overlay, None, "{what} opened an overlay");
            assert!(app.input.is_none(), "{what} opened the input line");
            assert!(!app.load_all, "{what} loads the pool");
            assert_eq!(
                (app.list.clone(), app.focus, app.detail.clone()),
                before,
                "{what} changed the screen"
            );
            let status = status_text(&app);
            let said = (read_only && status.starts_with("read-only mode: "))
                || (self_service && status.starts_with("self-service: "));
            assert!(said, "{what}: {status}");
            app.status = None;
        }
    }
}

#[test]
fn a_self_service_command_line_runs_no_command_its_keys_leave_out() {
    let mut app = started_as(1, false, true);
    for text in ["groups", "sort username desc", "pool", "describe pool"] {
        press(&mut app, Action::CommandLine);
        type_text(&mut app, text);
        let sent = submit(&mut app);
        assert!(sent.is_empty(), ":{text} sent {sent:?}");
        assert_eq!(app.overlay, None, ":{text} opened {:?}", app.overlay);
        assert_eq!(app.list.sort, None, ":{text}");
        assert!(
            status_text(&app).starts_with("self-service"),
            ":{text}: {}",
            status_text(&app)
        );
    }
}

#[test]
fn a_saved_view_recalled_signed_in_as_the_user_applies_only_what_is_offered() {
    // A view saved by an admin of the pool: its group, search, filter and sort are left out
    // signed in as the user, as their keys are; its columns apply.
    let mut app = started_as(1, false, true);
    app.views.views.insert(
        "team".into(),
        cognito_tui::saved_views::SavedView {
            search: Some("email ^= \"jo\"".into()),
            filter: Some("jo".into()),
            group: Some("support".into()),
            sort: Some("email desc".into()),
            columns: Some(vec!["username".into(), "email".into()]),
        },
    );
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "view team");
    let sent = submit(&mut app);
    assert!(
        !sent.iter().any(|c| matches!(
            c,
            Command::ListUsers { .. }
                | Command::ListUsersInGroup { .. }
                | Command::SortUsers { .. }
                | Command::FilterUsers { .. }
        )),
        "{sent:?}"
    );
    assert_eq!(app.group, None);
    assert!(app.search.is_none());
    assert_eq!(app.list.sort, None);
    assert_eq!(app.columns.len(), 2, "the columns apply");
    let status = status_text(&app);
    assert!(status.contains("its group is left out"), "{status}");
    assert!(status.contains("its sort is left out"), "{status}");
}

#[test]
fn the_groups_column_signed_in_as_the_user_asks_for_no_groups() {
    let mut app = started_as(1, false, true);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "columns username,groups");
    let sent = submit(&mut app);
    assert!(row_groups(&sent).is_empty(), "{sent:?}");
    assert!(
        matches!(app.list.groups.get("user000"), Some(GroupsCell::Failed(why)) if why.contains("signed in as the user")),
        "{:?}",
        app.list.groups
    );
}

#[test]
fn adding_several_users_to_a_group_asks_for_their_number_typed() {
    let mut app = started(10, false);
    choose_first(&mut app, 3);
    let commands = pick_action(&mut app, 'g');
    answer_all_groups(&mut app, &commands, Ok(vec![group("admins")]));
    press(&mut app, Action::Open);
    let (usernames, action) = reviewed(&app);
    assert_eq!(usernames.len(), 3);
    assert!(
        matches!(action, AccountAction::AddToGroup { .. }),
        "{action:?}"
    );
    assert!(
        press(&mut app, Action::Confirm).is_empty(),
        "y alone does not add three users to a group"
    );
    assert!(matches!(
        &app.form,
        Some(Form::TypeToConfirm { word, .. }) if word == "3"
    ));
    type_text(&mut app, "3");
    let (_, usernames, _) = apply_of(&submit(&mut app));
    assert_eq!(usernames, ["user000", "user001", "user002"]);
}

#[test]
fn a_destructive_action_on_several_users_asks_for_their_number_typed() {
    let mut app = started(10, false);
    choose_first(&mut app, 3);
    pick_action(&mut app, 'x');
    let (usernames, action) = reviewed(&app);
    assert_eq!(usernames.len(), 3);
    assert_eq!(action, AccountAction::DeleteUser);
    assert!(
        press(&mut app, Action::Confirm).is_empty(),
        "y alone does not delete"
    );
    assert!(matches!(
        &app.form,
        Some(Form::TypeToConfirm { word, .. }) if word == "3"
    ));
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::Form);
    type_text(&mut app, "2");
    assert!(
        submit(&mut app).is_empty(),
        "the wrong number does not confirm"
    );
    assert!(status_text(&app).contains("Type the number of users, 3,"));
    type_text(&mut app, "3");
    let (_, usernames, action) = apply_of(&submit(&mut app));
    assert_eq!(usernames, ["user000", "user001", "user002"]);
    assert_eq!(action, AccountAction::DeleteUser);
    assert!(app.list.chosen.is_empty());
}

#[test]
fn a_bulk_review_counts_the_users_the_list_shows_the_action_would_not_change() {
    // user005 is the one disabled user of the first ten; user003 the one UNCONFIRMED.
    let mut app = started(10, false);
    choose_first(&mut app, 6);
    pick_action(&mut app, 'e');
    let plan = action_review(&app);
    assert_eq!(
        plan.warnings,
        vec!["As listed, 5 of the 6 users will be skipped: already enabled.".to_owned()]
    );
    press(&mut app, Action::Cancel);
    pick_action(&mut app, 'd');
    let plan = action_review(&app);
    assert_eq!(
        plan.warnings,
        vec!["As listed, 1 of the 6 users will be skipped: already disabled.".to_owned()]
    );
    press(&mut app, Action::Cancel);
    pick_action(&mut app, 'c');
    let plan = action_review(&app);
    assert_eq!(
        plan.warnings,
        vec!["As listed, 5 of the 6 users will be skipped: not UNCONFIRMED.".to_owned()]
    );
    press(&mut app, Action::Cancel);
    // An action the list cannot tell about warns of nothing.
    pick_action(&mut app, 'o');
    let plan = action_review(&app);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn a_password_reset_warns_of_users_with_nowhere_to_send_the_code() {
    // Even users' email_verified is "true", odd users' "false"; none has a phone number.
    let mut app = started(10, false);
    let warnings = |app: &App| action_review(app).warnings.clone();
    pick_action(&mut app, 'r');
    assert!(warnings(&app).is_empty(), "{:?}", warnings(&app));
    press(&mut app, Action::Cancel);
    press(&mut app, Action::MoveDown);
    pick_action(&mut app, 'r');
    assert!(
        warnings(&app)
            .iter()
            .any(|w| w.starts_with("The user has no verified email or phone number")),
        "{:?}",
        warnings(&app)
    );
    press(&mut app, Action::Cancel);
    choose_first(&mut app, 4);
    pick_action(&mut app, 'r');
    assert!(
        warnings(&app)
            .iter()
            .any(|w| w.starts_with("As listed, 2 of the 4 users have no verified email")),
        "{:?}",
        warnings(&app)
    );
}

#[test]
fn a_non_destructive_bulk_action_needs_only_y() {
    let mut app = started(10, false);
    choose_first(&mut app, 3);
    pick_action(&mut app, 'm');
    let (_, usernames, action) = apply_of(&press(&mut app, Action::Confirm));
    assert_eq!(usernames.len(), 3);
    assert_eq!(action, AccountAction::ResetMfa);
}

#[test]
fn a_password_is_typed_twice_and_never_kept_in_the_input_or_the_status() {
    let mut app = started(10, false);
    pick_action(&mut app, 't');
    assert!(matches!(
        app.form,
        Some(Form::Password {
            permanent: false,
            ..
        })
    ));
    type_text(&mut app, "Hunter2-Secret!");
    submit(&mut app);
    assert_eq!(
        app.input.as_ref().unwrap().text,
        "",
        "the second entry starts empty"
    );
    type_text(&mut app, "Hunter2-Other!");
    submit(&mut app);
    assert!(status_text(&app).contains("differ"));
    assert!(app.overlay.is_none(), "no review for differing passwords");
    type_text(&mut app, "Hunter2-Secret!");
    submit(&mut app);
    type_text(&mut app, "Hunter2-Secret!");
    submit(&mut app);
    let (_, action) = reviewed(&app);
    assert_eq!(action.secret().unwrap().expose(), "Hunter2-Secret!");
    assert!(app.input.is_none() && app.form.is_none());
    let debug = format!("{:?} {:?}", app.overlay, app.status);
    assert!(!debug.contains("Hunter2"), "{debug}");
    let (_, _, sent) = apply_of(&press(&mut app, Action::Confirm));
    assert!(matches!(
        sent,
        AccountAction::SetPassword {
            permanent: false,
            ..
        }
    ));
    assert!(!status_text(&app).contains("Hunter2"));
}

#[test]
fn add_to_group_picks_among_the_pools_groups_the_user_is_not_in() {
    let mut app = started(10, false);
    let commands = pick_action(&mut app, 'g');
    let [Command::ListAllGroups { id }] = commands[..] else {
        panic!("{commands:?}");
    };
    // A stale answer is dropped.
    answer(
        &mut app,
        Response::AllGroups {
            id: RequestId(id.0 + 100),
            result: Ok(vec![group("stale")]),
        },
    );
    let Some(Overlay::GroupPicker(picker)) = &app.overlay else {
        panic!("no picker");
    };
    assert!(picker.groups.is_none());
    answer(
        &mut app,
        Response::AllGroups {
            id,
            result: Ok(vec![
                group("support"),
                group("pro-customers"),
                group("admins"),
            ]),
        },
    );
    let Some(Overlay::GroupPicker(picker)) = &app.overlay else {
        panic!("no picker");
    };
    let names: Vec<&str> = picker
        .groups
        .as_ref()
        .unwrap()
        .as_ref()
        .unwrap()
        .iter()
        .map(|g| g.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["admins", "support"],
        "sorted, without the user's own group"
    );
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::Open);
    assert_eq!(
        reviewed(&app).1,
        AccountAction::AddToGroup {
            group: "support".into()
        }
    );
}

#[test]
fn remove_from_group_picks_among_the_users_groups_without_a_call() {
    let mut app = started(10, false);
    press(&mut app, Action::AccountActions);
    assert!(letter(&mut app, 'G').is_empty());
    press(&mut app, Action::Open);
    assert_eq!(
        reviewed(&app).1,
        AccountAction::RemoveFromGroup {
            group: "pro-customers".into()
        }
    );
}

#[test]
fn editing_a_value_reviews_the_new_one_and_sub_is_refused_up_front() {
    let mut app = started(10, false);
    select_attribute(&mut app, "sub");
    press(&mut app, Action::EditValue);
    assert!(app.input.is_none());
    assert!(status_text(&app).contains("permanent id"));

    select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    assert_eq!(
        app.input.as_ref().unwrap().text,
        "en-GB",
        "starts from the value"
    );
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    update(&mut app, Msg::Paste("fr-FR\n".into()));
    submit(&mut app);
    assert_eq!(
        reviewed(&app),
        (
            vec!["user000".to_owned()],
            AccountAction::SetAttributes {
                attributes: vec![("locale".into(), "fr-FR".into())]
            }
        )
    );
    press(&mut app, Action::Cancel);
    assert!(status_text(&app).contains("nothing was changed"));

    select_attribute(&mut app, "email_verified");
    press(&mut app, Action::EditValue);
    assert_eq!(
        reviewed(&app).1,
        AccountAction::SetAttributes {
            attributes: vec![("email_verified".into(), "false".into())]
        },
        "a verified flag toggles"
    );
}

#[test]
fn a_new_email_for_a_verified_user_warns_that_the_flag_may_drop() {
    let mut app = started(10, false);
    // user000's email_verified is "true", user001's "false".
    for (user, warned) in [(0, true), (1, false)] {
        press(&mut app, Action::FocusUsers);
        press(&mut app, Action::Top);
        for _ in 0..user {
            press(&mut app, Action::MoveDown);
        }
        select_attribute(&mut app, "email");
        press(&mut app, Action::EditValue);
        update(&mut app, Msg::Input(InputEdit::ClearToStart));
        type_text(&mut app, "new@example.com");
        submit(&mut app);
        let plan = action_review(&app);
        let warning = plan
            .warnings
            .iter()
            .any(|w| w.contains("email_verified to false"));
        assert_eq!(warning, warned, "user{user:03}: {:?}", plan.warnings);
        press(&mut app, Action::Cancel);
    }
    // Another attribute warns of nothing.
    press(&mut app, Action::FocusUsers);
    press(&mut app, Action::Top);
    select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    type_text(&mut app, "x");
    submit(&mut app);
    let plan = action_review(&app);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

#[test]
fn an_edit_that_changes_nothing_is_not_reviewed() {
    let mut app = started(10, false);
    select_attribute(&mut app, "locale");
    press(&mut app, Action::EditValue);
    let sent = submit(&mut app);
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(app.overlay, None, "no review of a value set to itself");
    assert!(
        status_text(&app).contains("locale already holds this value"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("en-GB"));
    type_text(&mut app, "-x");
    submit(&mut app);
    assert_eq!(
        reviewed(&app).1,
        AccountAction::SetAttributes {
            attributes: vec![("locale".into(), "en-GB-x".into())]
        }
    );
}

#[test]
fn create_asks_for_the_fields_then_reviews_the_new_user() {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    assert_eq!(app.form, Some(Form::NewUsername));
    type_text(&mut app, "jo bloggs");
    submit(&mut app);
    assert!(status_text(&app).contains("without spaces"));
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    type_text(&mut app, "jo");
    submit(&mut app);
    type_text(&mut app, "email=jo@example.com; name=Jo Bloggs");
    submit(&mut app);
    // The question is answered by typing n, as asked: nothing prefilled to erase first.
    type_text(&mut app, "n");
    submit(&mut app);
    assert!(
        matches!(
            app.form,
            Some(Form::NewPassword {
                send_invitation: false,
                ..
            })
        ),
        "{:?} {}",
        app.form,
        status_text(&app)
    );
    submit(&mut app);
    assert_eq!(
        reviewed(&app),
        (
            vec!["jo".to_owned()],
            AccountAction::CreateUser {
                attributes: vec![
                    ("email".into(), "jo@example.com".into()),
                    ("name".into(), "Jo Bloggs".into())
                ],
                temporary_password: None,
                send_invitation: false,
            }
        )
    );
    let plan = action_review(&app);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("nobody will know it")),
        "created silently with Cognito's password: {:?}",
        plan.warnings
    );
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report("jo", ItemResult::Applied("done".into()))],
        ),
    );
    assert!(
        after.iter().any(|c| matches!(c, Command::ListUsers { .. })),
        "a created user reloads the list"
    );
}

#[test]
fn create_refuses_attributes_the_pool_does_not_have_before_the_password() {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    type_text(&mut app, "jo");
    submit(&mut app);
    for (typed, why) in [
        (
            "email=jo@example.com; plan=pro",
            "the custom one is custom:plan",
        ),
        (
            "emial=jo@example.com",
            "emial is not an attribute of the pool's schema",
        ),
        ("sub=1234", "sub is set by Cognito itself"),
        (
            "email=jo@example.com name=Jo Bloggs",
            "The value of email holds name=: separate attributes with ';'",
        ),
    ] {
        update(&mut app, Msg::Input(InputEdit::Home));
        update(&mut app, Msg::Input(InputEdit::End));
        while app.input.as_ref().is_some_and(|i| !i.text.is_empty()) {
            update(&mut app, Msg::Input(InputEdit::Backspace));
        }
        type_text(&mut app, typed);
        submit(&mut app);
        assert!(
            matches!(app.form, Some(Form::NewAttributes { .. })),
            "{typed}: {:?}",
            app.form
        );
        assert!(
            status_text(&app).contains(why),
            "{typed}: {}",
            status_text(&app)
        );
        assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some(typed));
    }
    // Standard and custom attributes of the schema go through.
    while app.input.as_ref().is_some_and(|i| !i.text.is_empty()) {
        update(&mut app, Msg::Input(InputEdit::Backspace));
    }
    type_text(
        &mut app,
        "email=jo@example.com; custom:plan=pro; nickname=jo",
    );
    submit(&mut app);
    assert!(
        matches!(app.form, Some(Form::NewInvitation { .. })),
        "{:?} {}",
        app.form,
        status_text(&app)
    );
}

#[test]
fn create_in_a_pool_of_email_usernames_refuses_a_plain_name_up_front() {
    let mut app = started(10, false);
    app.pool = Some(cognito_tui::directory::PoolInfo {
        username_attributes: vec!["email".into()],
        ..cognito_tui::directory::fixtures::pool()
    });
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    type_text(&mut app, "jo");
    submit(&mut app);
    assert_eq!(app.form, Some(Form::NewUsername), "asked again");
    assert!(
        status_text(&app).contains("the username must be an email address"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.input.as_ref().map(|i| i.text.as_str()), Some("jo"));
    type_text(&mut app, "@example.com");
    submit(&mut app);
    assert!(
        matches!(app.form, Some(Form::NewAttributes { .. })),
        "{:?}",
        app.form
    );
}

#[test]
fn create_sends_the_invitation_when_the_question_is_answered_with_enter() {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    type_text(&mut app, "jo");
    submit(&mut app);
    type_text(&mut app, "email=jo@example.com");
    submit(&mut app);
    submit(&mut app);
    submit(&mut app);
    let (_, action) = reviewed(&app);
    assert!(
        matches!(
            action,
            AccountAction::CreateUser {
                send_invitation: true,
                ..
            }
        ),
        "{action:?}"
    );
    let plan = action_review(&app);
    assert!(
        plan.warnings.is_empty(),
        "the invitation carries the password: {:?}",
        plan.warnings
    );
}

#[test]
fn sign_in_history_reads_and_an_error_is_kept_in_the_view() {
    let mut app = started(10, false);
    let commands = pick_action(&mut app, 'h');
    let [Command::AuthEvents { id, ref username }] = commands[..] else {
        panic!("{commands:?}");
    };
    assert_eq!(username, "user000");
    answer(
        &mut app,
        Response::AuthEvents {
            id,
            username: "user000".into(),
            result: Err(DirectoryError::from_code(
                "UserPoolAddOnNotEnabledException",
                "Advanced security features are not enabled",
            )),
        },
    );
    let Some(Overlay::SignInHistory(view)) = &app.overlay else {
        panic!("no history view");
    };
    assert!(matches!(view.events, Some(Err(_))));
    let again = press(&mut app, Action::Refresh);
    assert!(matches!(again[..], [Command::AuthEvents { .. }]));
    press(&mut app, Action::Cancel);
    assert!(app.overlay.is_none());
}

#[test]
fn failed_users_are_retried_with_the_same_action() {
    let mut app = started(10, false);
    choose_first(&mut app, 2);
    pick_action(&mut app, 'g');
    let Some(Overlay::GroupPicker(picker)) = &app.overlay else {
        panic!("no picker");
    };
    let id = picker.loading.unwrap();
    answer(
        &mut app,
        Response::AllGroups {
            id,
            result: Ok(vec![group("support")]),
        },
    );
    press(&mut app, Action::Open);
    // Adding to a group asks for the number of users typed.
    press(&mut app, Action::Confirm);
    type_text(&mut app, "2");
    let (id, _, action) = apply_of(&submit(&mut app));
    // Esc stops the run.
    assert!(matches!(
        press(&mut app, Action::Cancel)[..],
        [Command::StopBulk { .. }]
    ));
    answer(
        &mut app,
        finished(
            id,
            vec![
                user_report("user000", ItemResult::Applied("done".into())),
                user_report(
                    "user001",
                    ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
                        "InternalErrorException",
                        "boom",
                    ))),
                ),
            ],
        ),
    );
    assert!(status_text(&app).contains("R retries the 1 failed"));
    assert!(matches!(
        app.outcomes.get("user001"),
        Some(Outcome::Failed(_))
    ));
    press(&mut app, Action::RetryFailed);
    assert_eq!(reviewed(&app), (vec!["user001".to_owned()], action));
}

#[test]
fn a_password_the_pool_refused_is_typed_anew_to_retry() {
    let mut app = started(10, false);
    choose_first(&mut app, 2);
    pick_action(&mut app, 't');
    for _ in 0..2 {
        type_text(&mut app, "short");
        submit(&mut app);
    }
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        finished(
            id,
            vec![
                user_report("user000", ItemResult::Applied("done".into())),
                user_report(
                    "user001",
                    ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
                        "InvalidPasswordException",
                        "Password did not conform with policy",
                    ))),
                ),
            ],
        ),
    );
    assert!(status_text(&app).contains("R retries the 1 failed"));
    // R asks for a password for the failed user instead of reviewing the refused one again.
    let sent = press(&mut app, Action::RetryFailed);
    assert!(sent.is_empty(), "{sent:?}");
    assert!(
        !matches!(app.overlay, Some(Overlay::ActionReview(_))),
        "{:?}",
        app.overlay
    );
    assert_eq!(
        app.form,
        Some(Form::Password {
            usernames: vec!["user001".to_owned()],
            permanent: false,
            first: None,
        })
    );
    for _ in 0..2 {
        type_text(&mut app, "Longer-Pa55word");
        submit(&mut app);
    }
    let (_, action) = reviewed(&app);
    match action {
        AccountAction::SetPassword {
            password,
            permanent: false,
        } => assert_eq!(password.expose(), "Longer-Pa55word"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_apply_that_cannot_start_says_so_in_one_sentence() {
    let mut app = started(10, false);
    pick_action(&mut app, 'o');
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        Response::BulkFinished {
            id,
            result: Err("no writer".into()),
        },
    );
    assert_eq!(
        status_text(&app),
        "sign out everywhere could not start: no writer"
    );
    assert!(matches!(
        app.outcomes.get("user000"),
        Some(Outcome::Failed(_))
    ));
}

#[test]
fn a_confirm_in_the_burst_that_opened_the_review_is_ignored() {
    let mut app = started(10, false);
    update(&mut app, Msg::BurstStart);
    pick_action(&mut app, 'x');
    assert!(press(&mut app, Action::Confirm).is_empty(), "typed ahead");
    assert!(status_text(&app).contains("Confirmation ignored"));
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    update(&mut app, Msg::BurstStart);
    apply_of(&press(&mut app, Action::Confirm));
}

#[test]
fn a_review_opened_by_enter_is_not_confirmed_by_the_same_burst() {
    let mut app = started(10, false);
    pick_action(&mut app, 't');
    type_text(&mut app, "Pa55-word!");
    submit(&mut app);
    update(&mut app, Msg::BurstStart);
    type_text(&mut app, "Pa55-word!");
    submit(&mut app);
    assert!(press(&mut app, Action::Confirm).is_empty());
    update(&mut app, Msg::BurstStart);
    apply_of(&press(&mut app, Action::Confirm));
}

#[test]
fn quitting_during_a_run_asks_again() {
    let mut app = started(10, false);
    pick_action(&mut app, 'd');
    apply_of(&press(&mut app, Action::Confirm));
    press(&mut app, Action::Quit);
    assert!(!app.should_quit);
    assert!(status_text(&app).contains("1 change(s) still running"));
    press(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn deleting_the_shown_user_reloads_the_list_without_reading_the_deleted_user() {
    let mut app = started(10, false);
    pick_action(&mut app, 'x');
    assert_eq!(
        reviewed(&app),
        (vec!["user000".to_owned()], AccountAction::DeleteUser)
    );
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Applied("user deleted".into()),
            )],
        ),
    );
    assert!(
        after.iter().any(|c| matches!(c, Command::ListUsers { .. })),
        "the list is read again: {after:?}"
    );
    assert!(
        !reads_user(&after, "user000"),
        "the deleted user is not read again (it would only answer not found): {after:?}"
    );
    assert_eq!(status_text(&app), "user000: user deleted.");
}

#[test]
fn after_deleting_the_selected_user_the_next_one_is_selected_not_the_first() {
    let mut app = started(10, false);
    for _ in 0..3 {
        press(&mut app, Action::MoveDown);
    }
    pick_action(&mut app, 'x');
    assert_eq!(reviewed(&app).0, vec!["user003".to_owned()]);
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user003",
                ItemResult::Applied("user deleted".into()),
            )],
        ),
    );
    let page = after
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .expect("the list is read again");
    let users: Vec<_> = cognito_tui::directory::fixtures::users(10)
        .into_iter()
        .filter(|u| u.username() != "user003")
        .collect();
    support::answer_page(&mut app, page, users, None);
    assert_eq!(
        app.shown_user().map(|u| u.username().to_owned()),
        Some("user004".to_owned()),
        "the user after the deleted one, where the support desk was"
    );
}

#[test]
fn an_undone_disable_shows_the_user_enabled_in_the_list() {
    let mut app = started(10, false);
    let row = |app: &App, name: &str| {
        let i = app.list.index_of(name).unwrap();
        app.list.users[i].enabled()
    };
    assert!(!row(&app, "user005"), "the fixture's user005 is disabled");
    answer(
        &mut app,
        Response::Undone {
            id: RequestId(999),
            result: Ok(BulkReport {
                batch: None,
                users: vec![user_report(
                    "user005",
                    ItemResult::Applied("enabled".into()),
                )],
                cancelled: false,
                elapsed: Duration::from_millis(20),
            }),
        },
    );
    assert!(row(&app, "user005"), "the On column follows the undo");
    answer(
        &mut app,
        Response::Undone {
            id: RequestId(1000),
            result: Ok(BulkReport {
                batch: None,
                users: vec![user_report(
                    "user005",
                    ItemResult::Applied("disabled".into()),
                )],
                cancelled: false,
                elapsed: Duration::from_millis(20),
            }),
        },
    );
    assert!(!row(&app, "user005"));
}

#[test]
fn p_hides_personal_data_over_a_review_and_keeps_it_open() {
    let mut app = started(10, false);
    pick_action(&mut app, 'r');
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    assert!(press(&mut app, Action::MaskPii).is_empty());
    assert!(app.mask_pii, "p works without closing the review");
    assert!(matches!(app.overlay, Some(Overlay::ActionReview(_))));
    press(&mut app, Action::MaskPii);
    assert!(!app.mask_pii);
    press(&mut app, Action::Cancel);
    press(&mut app, Action::Journal);
    press(&mut app, Action::MaskPii);
    assert!(app.mask_pii, "and over the journal");
    assert!(matches!(app.overlay, Some(Overlay::Journal(_))));
}

#[test]
fn an_undo_under_way_names_the_change_and_the_user() {
    use cognito_tui::app::JournalLine;
    let mut app = started(3, false);
    let line = JournalLine {
        id: "1a249df4c9c2b-3".into(),
        batch: "1a249df4c9c2b".into(),
        is_undo: false,
        time: "2026-01-01T00:00:00Z".into(),
        username: "user001".into(),
        kind: "disable".into(),
        names: Vec::new(),
        what: "disable".into(),
        state: "ok".into(),
        message: None,
        undo_refusal: None,
        sub_unknown: false,
    };
    open_journal(&mut app, vec![line]);
    press(&mut app, Action::Undo);
    press(&mut app, Action::Confirm);
    let text = status_text(&app);
    assert!(text.contains("Undoing disable on user001…"), "{text}");
    assert!(
        !text.contains("1a249df4c9c2b"),
        "not the entry's id: {text}"
    );
}

#[test]
fn an_undo_that_fails_or_skips_says_why() {
    answer_undo_says(
        ItemResult::Failed(Failure::Directory(DirectoryError::from_code(
            "InternalErrorException",
            "boom",
        ))),
        "user001: Cognito had an internal error",
    );
    answer_undo_says(
        ItemResult::Skipped(cognito_tui::bulk::SkipReason::NotPresent),
        "user001: ",
    );
}

fn answer_undo_says(result: ItemResult, expected: &str) {
    let mut app = started(3, false);
    answer(
        &mut app,
        Response::Undone {
            id: RequestId(99),
            result: Ok(BulkReport {
                batch: None,
                users: vec![user_report("user001", result)],
                cancelled: false,
                elapsed: Duration::from_millis(20),
            }),
        },
    );
    let text = status_text(&app);
    assert!(text.starts_with("Undo: 0 undone"), "{text}");
    assert!(text.contains(expected), "{text}");
}

#[test]
fn an_undo_with_a_warning_is_a_warning_that_the_reload_after_it_does_not_hide() {
    let mut app = started(3, false);
    let mut recreated = user_report(
        "user001",
        ItemResult::Applied("re-created with 1 attribute".into()),
    );
    recreated.warnings = vec![format!(
        "{} (status FORCE_CHANGE_PASSWORD)",
        cognito_tui::journal::RECREATED_USER
    )];
    let commands = answer(
        &mut app,
        Response::Undone {
            id: RequestId(99),
            result: Ok(BulkReport {
                batch: None,
                users: vec![recreated],
                cancelled: false,
                elapsed: Duration::from_millis(20),
            }),
        },
    );
    let outcome = app.status.clone().expect("the undo's outcome");
    assert_eq!(outcome.kind, cognito_tui::app::StatusKind::Warning);
    assert!(
        outcome.text.contains("signs in with a new password"),
        "{outcome:?}"
    );
    assert!(app.messages.list.iter().any(|m| m.text == outcome.text));
    // The list is read again for the re-created user; that read is throttled, then lands.
    let page = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .expect("the list is read again");
    answer(&mut app, throttled(page, "ListUsers"));
    assert_eq!(app.status.as_ref(), Some(&outcome));
    support::answer_page(&mut app, page, Vec::new(), None);
    assert_eq!(app.status.as_ref(), Some(&outcome));
}

#[test]
fn an_undos_outcome_is_on_the_status_line_again_once_the_read_after_it_has_waited() {
    let mut app = started(3, false);
    let commands = answer(&mut app, undone("user000", "enabled"));
    let outcome = app.status.clone().expect("the undo's outcome");
    assert!(outcome.text.starts_with("Undo: 1 undone"), "{outcome:?}");
    // The shown user is read again; that read is throttled (its notice takes the line), then
    // lands: the outcome comes back rather than an empty line.
    let (read, username) = user_read(&commands);
    answer(&mut app, throttled(read, "AdminGetUser"));
    assert!(status_text(&app).starts_with("Cognito is throttling AdminGetUser"));
    user_read_lands(&mut app, read, username);
    assert_eq!(app.status.as_ref(), Some(&outcome));
}

#[test]
fn create_refuses_a_loaded_username_before_the_review_and_warns_of_one_in_another_case() {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    type_text(&mut app, "user003");
    submit(&mut app);
    assert_eq!(app.form, Some(Form::NewUsername), "asked again");
    let status = status_text(&app);
    assert!(
        status.contains("user003 already exists in this pool"),
        "{status}"
    );
    assert_eq!(
        app.input.as_ref().unwrap().text,
        "user003",
        "kept to correct"
    );
    update(&mut app, Msg::Input(InputEdit::ClearToStart));
    // Another case: Cognito accepts it only where usernames are case-sensitive.
    type_text(&mut app, "User003");
    submit(&mut app);
    type_text(&mut app, "email=u3@example.com");
    submit(&mut app);
    submit(&mut app);
    submit(&mut app);
    let plan = action_review(&app);
    assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
    assert!(
        plan.warnings[0].contains("named user003"),
        "{:?}",
        plan.warnings
    );
    let text = support::screen_text(&mut app);
    assert!(text.contains("! A loaded user is named user003"), "{text}");
    // The confirm stays possible.
    let (_, usernames, _) = apply_of(&press(&mut app, Action::Confirm));
    assert_eq!(usernames, ["User003"]);
}

#[test]
fn create_keeps_a_refused_username_to_be_corrected() {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    type_text(&mut app, "create");
    submit(&mut app);
    type_text(&mut app, "jo bloggs");
    submit(&mut app);
    assert_eq!(app.form, Some(Form::NewUsername), "asked again");
    assert!(
        status_text(&app).contains("one word without spaces"),
        "{}",
        status_text(&app)
    );
    assert_eq!(app.input.as_ref().unwrap().text, "jo bloggs");
    // Corrected in place: the space goes, the rest stays.
    for edit in [InputEdit::Home]
        .into_iter()
        .chain(std::iter::repeat_n(InputEdit::Right, 2))
        .chain([InputEdit::Delete])
    {
        update(&mut app, Msg::Input(edit));
    }
    submit(&mut app);
    assert!(
        matches!(&app.form, Some(Form::NewAttributes { username }) if username == "jobloggs"),
        "{:?}",
        app.form
    );
}

/// `:groups`, then Enter on its one group, `pro-customers`: the list shows the group's users.
fn in_group_view(app: &mut App) {
    press(app, Action::CommandLine);
    update(app, Msg::Paste("groups".into()));
    let commands = submit(app);
    let [Command::ListAllGroups { id }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    answer(
        app,
        Response::AllGroups {
            id: *id,
            result: Ok(vec![group("pro-customers")]),
        },
    );
    let commands = press(app, Action::Open);
    support::serve(app, commands, 10);
    assert_eq!(app.group.as_deref(), Some("pro-customers"));
    assert_eq!(app.list.users.len(), 3);
}

#[test]
fn removing_users_from_the_group_shown_reads_the_groups_users_again() {
    let mut app = started(10, false);
    in_group_view(&mut app);
    press(&mut app, Action::AccountActions);
    letter(&mut app, 'G');
    press(&mut app, Action::Open);
    assert_eq!(
        reviewed(&app),
        (
            vec!["user000".to_owned()],
            AccountAction::RemoveFromGroup {
                group: "pro-customers".into()
            }
        )
    );
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Applied("removed from pro-customers".into()),
            )],
        ),
    );
    assert!(
        after.iter().any(
            |c| matches!(c, Command::ListUsersInGroup { group, .. } if group == "pro-customers")
        ),
        "the group's users are read again, rather than list one no longer in it: {after:?}"
    );
    assert!(
        !reads_user(&after, "user000"),
        "the user who left the list is not shown in the pane: {after:?}"
    );
    assert_eq!(status_text(&app), "user000: removed from pro-customers.");
}

#[test]
fn undoing_an_add_to_the_group_shown_reads_the_groups_users_again() {
    // The journal's undo of "added to pro-customers" takes user001 out of the group the list
    // shows: the list follows, as it does after the change itself.
    let mut app = started(10, false);
    in_group_view(&mut app);
    assert!(app.list.index_of("user001").is_some());
    let after = answer(&mut app, undone("user001", "removed from pro-customers"));
    assert!(
        after.iter().any(
            |c| matches!(c, Command::ListUsersInGroup { group, .. } if group == "pro-customers")
        ),
        "the group's users are read again: {after:?}"
    );
}

/// The list of `started(10)` with the groups column shown and every row's groups read: each
/// user is in pro-customers.
fn with_groups_column() -> App {
    let mut app = started(10, false);
    press(&mut app, Action::CommandLine);
    update(&mut app, Msg::Paste("columns username,groups".into()));
    let commands = submit(&mut app);
    support::serve(&mut app, commands, 10);
    assert_eq!(
        app.list.groups.get("user003"),
        Some(&GroupsCell::Known(vec!["pro-customers".into()]))
    );
    app
}

/// The `RowGroups` reads in `commands`, by username.
fn row_groups(commands: &[Command]) -> Vec<(RequestId, String)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::RowGroups { id, username } => Some((*id, username.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn undoing_a_group_change_reads_that_users_groups_again_for_the_column() {
    // The list shows the pool, not the group: the undo changes no row, only user003's groups.
    let mut app = with_groups_column();
    let after = answer(&mut app, undone("user003", "removed from pro-customers"));
    assert!(
        !after.iter().any(|c| matches!(c, Command::ListUsers { .. })),
        "no reload: {after:?}"
    );
    let asked = row_groups(&after);
    assert_eq!(
        asked.iter().map(|(_, u)| u.as_str()).collect::<Vec<_>>(),
        ["user003"],
        "{after:?}"
    );
    answer(
        &mut app,
        Response::Groups {
            id: asked[0].0,
            username: "user003".into(),
            result: Ok(Vec::new()),
        },
    );
    assert_eq!(
        app.list.groups.get("user003"),
        Some(&GroupsCell::Known(Vec::new())),
        "the row's groups follow the undo"
    );
    assert_eq!(
        app.list.groups.get("user002"),
        Some(&GroupsCell::Known(vec!["pro-customers".into()])),
        "the other rows keep theirs"
    );
    // The pane's user: the pane's groups are read again too.
    let after = answer(
        &mut app,
        Response::Undone {
            id: RequestId(100),
            result: Ok(BulkReport {
                batch: None,
                users: vec![user_report(
                    "user000",
                    ItemResult::Applied("added to support".into()),
                )],
                cancelled: false,
                elapsed: Duration::from_millis(20),
            }),
        },
    );
    assert!(
        after
            .iter()
            .any(|c| matches!(c, Command::ListGroups { username, .. } if username == "user000")),
        "{after:?}"
    );
    assert_eq!(app.detail.groups, None, "the pane's groups are loading");
}

#[test]
fn undoing_a_disable_reads_no_groups() {
    let mut app = with_groups_column();
    let after = answer(&mut app, undone("user003", "enabled"));
    assert!(row_groups(&after).is_empty(), "{after:?}");
}

#[test]
fn removing_a_user_from_a_group_reads_their_groups_again_for_the_column() {
    // user000, the pane's user, leaves pro-customers: its row's groups are read again, not kept
    // as the column first read them.
    let mut app = with_groups_column();
    press(&mut app, Action::AccountActions);
    letter(&mut app, 'G');
    press(&mut app, Action::Open);
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Applied("removed from pro-customers".into()),
            )],
        ),
    );
    for c in after {
        if let Command::ListGroups { id, username } | Command::RowGroups { id, username } = c {
            answer(
                &mut app,
                Response::Groups {
                    id,
                    username,
                    result: Ok(Vec::new()),
                },
            );
        }
    }
    assert_eq!(
        app.list.groups.get("user000"),
        Some(&GroupsCell::Known(Vec::new())),
        "the row's groups follow the change"
    );
}

#[test]
fn a_user_gone_before_the_change_is_said_and_leaves_the_list_without_a_read() {
    let mut app = started(10, false);
    press(&mut app, Action::AccountActions);
    letter(&mut app, 'd');
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let after = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Skipped(cognito_tui::bulk::SkipReason::UserGone),
            )],
        ),
    );
    assert_eq!(
        status_text(&app),
        "user000: disable skipped: the user no longer exists.",
        "why, rather than only a count of one skipped"
    );
    assert!(
        after.iter().any(|c| matches!(c, Command::ListUsers { .. })),
        "the list is read again, as after a deletion: {after:?}"
    );
    assert!(
        !reads_user(&after, "user000"),
        "the gone user is not read again (its \"not found\" would replace the reason): {after:?}"
    );
}

#[test]
fn one_user_that_failed_is_named_with_the_action_mid_sentence() {
    let mut app = started(10, false);
    press(&mut app, Action::AccountActions);
    letter(&mut app, 'd');
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Failed(Failure::Crashed("boom".into())),
            )],
        ),
    );
    assert!(
        status_text(&app).starts_with("user000: disable failed: "),
        "{}",
        status_text(&app)
    );
}

#[test]
fn a_failed_change_stays_on_the_status_line_while_the_user_read_after_it_waits() {
    let mut app = started(10, false);
    press(&mut app, Action::AccountActions);
    letter(&mut app, 'r');
    let (id, _, _) = apply_of(&press(&mut app, Action::Confirm));
    let refused = DirectoryError::from_code("NotAuthorizedException", "User is disabled");
    let commands = answer(
        &mut app,
        finished(
            id,
            vec![user_report(
                "user000",
                ItemResult::Failed(Failure::Directory(refused)),
            )],
        ),
    );
    let failed = status_text(&app);
    assert!(failed.contains("reset password failed"), "{failed}");
    // The user is read again after the change; that read is throttled and retried, then lands.
    let (read, username) = user_read(&commands);
    answer(&mut app, throttled(read, "AdminGetUser"));
    assert_eq!(
        status_text(&app),
        failed,
        "the wait does not hide the failure"
    );
    user_read_lands(&mut app, read, username);
    assert_eq!(status_text(&app), failed);
    assert_eq!(app.messages.missed, 0);
}

#[test]
fn removing_users_in_a_group_view_starts_the_picker_on_the_group_shown() {
    let mut app = started(10, false);
    in_group_view(&mut app);
    choose_first(&mut app, 2);
    press(&mut app, Action::AccountActions);
    let commands = letter(&mut app, 'G');
    let [Command::ListAllGroups { id }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    answer(
        &mut app,
        Response::AllGroups {
            id: *id,
            result: Ok(vec![
                group("support"),
                group("admins"),
                group("pro-customers"),
            ]),
        },
    );
    // Enter at once removes them from the group the list shows, not from the first in the
    // alphabet (admins).
    press(&mut app, Action::Open);
    assert_eq!(
        reviewed(&app),
        (
            vec!["user000".to_owned(), "user001".to_owned()],
            AccountAction::RemoveFromGroup {
                group: "pro-customers".into()
            }
        )
    );
}
