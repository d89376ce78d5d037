//! The journal view as a user meets it: the lines a real journal file gives, drawn, and `u`
//! pressed on them. A failed change shows Cognito's reason; `u` is offered, and works, only on
//! an entry it can undo, and says in one line why not on the others.

mod support;

use cognito_tui::app::{Action, App, Overlay};
use cognito_tui::journal::Contents;
use cognito_tui::worker::{Command, Response};
use support::{answer, draw, open_journal, press, screen_at, started, status_text, words};

const POOL: &str = "eu-west-1_Test1";

/// A journal, oldest first: user000 disabled, then enabled again by an undo; a failed group
/// change; a deletion of attributes that had no value to keep; a sign-out.
fn journal() -> Contents {
    let intent = |id: &str, time: &str, kind: &str, extra: &str| {
        format!(
            r#"{{"type":"intent","id":"{id}","time":"2026-01-01T{time}Z","batch":"b","pool_id":"{POOL}","username":"user000","kind":"{kind}"{extra}}}"#
        )
    };
    let outcome = |id: &str, result: &str, message: &str| {
        format!(
            r#"{{"type":"outcome","id":"{id}","time":"2026-01-01T00:00:00Z","result":"{result}"{message}}}"#
        )
    };
    Contents::parse(
        &[
            intent("b-1", "08:00:00", "disable", ""),
            outcome("b-1", "ok", ""),
            intent("b-2", "08:01:00", "enable", r#","undo_of":"b-1""#),
            outcome("b-2", "ok", ""),
            intent("b-3", "08:02:00", "add_to_group", r#","group":"support""#),
            outcome(
                "b-3",
                "error",
                r#","message":"ResourceNotFoundException: Group not found. The group support was deleted from the pool before the change was sent""#,
            ),
            intent(
                "b-4",
                "08:03:00",
                "delete",
                r#","attributes":[{"name":"locale"}]"#,
            ),
            outcome("b-4", "ok", ""),
            intent("b-5", "08:04:00", "disable", ""),
            outcome("b-5", "ok", ""),
        ]
        .join("\n"),
    )
}

/// The app with the journal view open on [`journal`], newest entry selected.
fn opened() -> App {
    let mut app = started(3, false);
    open_journal(&mut app, journal().lines(POOL));
    app
}

fn select(app: &mut App, what: &str) {
    press(app, Action::Top);
    for _ in 0..10 {
        let Some(Overlay::Journal(view)) = &app.overlay else {
            panic!("no journal view");
        };
        if view.lines[view.cursor].what.starts_with(what) {
            return;
        }
        press(app, Action::MoveDown);
    }
    panic!("no entry {what}");
}

fn pending_undo(app: &App) -> Option<String> {
    match &app.overlay {
        Some(Overlay::Journal(view)) => view.confirm_undo.clone(),
        _ => None,
    }
}

#[test]
fn a_failed_change_shows_cognitos_reason_wrapped_even_on_a_narrow_terminal() {
    let mut app = opened();
    select(&mut app, "add to group");
    let reason = "ResourceNotFoundException: Group not found. The group support was deleted \
                  from the pool before the change was sent";
    for (width, height) in [(110, 30), (60, 24), (40, 20)] {
        let text = screen_at(&mut app, width, height);
        assert!(
            words(&text).contains(&format!("✗ {reason}")),
            "{width}x{height}: the reason in full:\n{text}"
        );
        assert!(
            text.lines()
                .all(|l| l.chars().count() <= usize::from(width)),
            "{text}"
        );
    }
    // The table keeps a column for the change on a narrow terminal.
    let text = screen_at(&mut app, 60, 24);
    let row = text.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(row.contains("01-01 08:02:00 error"), "{text}");
    assert!(row.contains("add to"), "{text}");
    // Not on another entry: the detail is the selected one's.
    select(&mut app, "disable");
    let text = screen_at(&mut app, 120, 30);
    assert!(!text.contains("ResourceNotFound"), "{text}");
}

#[test]
fn u_is_not_offered_on_an_undo_and_says_why_instead_of_asking() {
    let mut app = opened();
    select(&mut app, "enable");
    let text = screen_at(&mut app, 120, 30);
    assert!(
        text.contains("enable (undo of disable at 2026-01-01 08:00:00)"),
        "an undo names what it undid, not an id: {text}"
    );
    assert!(!text.contains("u undo"), "{text}");
    assert!(text.contains("no undo: it is an undo itself"), "{text}");
    assert!(press(&mut app, Action::Undo).is_empty());
    let status = status_text(&app);
    assert!(
        status.starts_with("Cannot undo this entry: it is an undo itself"),
        "{status}"
    );
    assert!(!status.contains('\n'), "one line: {status}");
    assert_eq!(pending_undo(&app), None, "no y is waited for");
    assert!(
        press(&mut app, Action::Confirm).is_empty(),
        "y sends nothing"
    );
}

#[test]
fn u_is_not_offered_on_a_failed_an_undone_or_an_empty_change() {
    let mut app = opened();
    for (what, why) in [
        ("add to group", "the change was not applied"),
        ("disable", "it is already undone (at 2026-01-01 08:01:00)"),
        ("delete locale", "no earlier value to put back"),
    ] {
        // The older disable is the undone one.
        select(&mut app, what);
        if what == "disable" {
            press(&mut app, Action::Bottom);
        }
        let text = screen_at(&mut app, 120, 30);
        assert!(!text.contains("u undo"), "{what}: {text}");
        assert!(text.contains(why), "{what}: {text}");
        press(&mut app, Action::Undo);
        assert!(status_text(&app).contains(why), "{}", status_text(&app));
        assert_eq!(pending_undo(&app), None);
    }
}

#[test]
fn u_is_offered_and_asks_on_an_applied_change() {
    let mut app = opened();
    select(&mut app, "disable");
    let text = screen_at(&mut app, 120, 30);
    assert!(text.contains("u undo (then y)"), "{text}");
    press(&mut app, Action::Undo);
    assert_eq!(pending_undo(&app).as_deref(), Some("b-5"));
    let commands = press(&mut app, Action::Confirm);
    assert!(
        matches!(commands.as_slice(), [Command::Undo { ids, .. }] if ids == &["b-5"]),
        "{commands:?}"
    );
}

#[test]
fn page_keys_move_through_a_long_journal() {
    let mut app = opened();
    let Some(Overlay::Journal(view)) = &mut app.overlay else {
        panic!("no journal view");
    };
    let line = view.lines[0].clone();
    view.lines = (0..100)
        .map(|i| cognito_tui::app::JournalLine {
            id: format!("b-{i}"),
            ..line.clone()
        })
        .collect();
    let cursor = |app: &App| match &app.overlay {
        Some(Overlay::Journal(view)) => view.cursor,
        _ => panic!("no journal view"),
    };
    press(&mut app, Action::PageDown);
    let page = cursor(&app);
    assert!(page > 1, "a page down moves more than a row: {page}");
    press(&mut app, Action::PageDown);
    assert_eq!(cursor(&app), 2 * page);
    press(&mut app, Action::PageUp);
    assert_eq!(cursor(&app), page);
}

#[test]
fn an_undo_that_enables_again_is_counted_as_undone_not_restored() {
    use cognito_tui::bulk::{BulkReport, ItemResult, UserReport};
    let mut app = opened();
    answer(
        &mut app,
        Response::Undone {
            id: cognito_tui::worker::RequestId(99),
            result: Ok(BulkReport {
                batch: None,
                users: vec![UserReport {
                    username: "user000".into(),
                    journal_id: None,
                    result: ItemResult::Applied("enabled".into()),
                    warnings: Vec::new(),
                }],
                cancelled: false,
                elapsed: std::time::Duration::from_millis(20),
            }),
        },
    );
    let status = status_text(&app);
    assert!(status.starts_with("Undo: 1 undone, 0 skipped"), "{status}");
}

#[test]
fn u_waits_for_the_running_undo_so_the_same_change_is_not_undone_twice() {
    let mut app = opened();
    select(&mut app, "disable");
    press(&mut app, Action::Undo);
    assert!(!press(&mut app, Action::Confirm).is_empty());
    // The view still lists the change as applied until the undo's answer comes.
    press(&mut app, Action::Undo);
    assert_eq!(pending_undo(&app), None);
    assert!(
        status_text(&app).contains("An undo is still running"),
        "{}",
        status_text(&app)
    );
    assert!(press(&mut app, Action::Confirm).is_empty());
}

#[test]
fn an_empty_journal_still_names_its_keys_and_offers_no_undo() {
    let mut app = started(3, false);
    open_journal(&mut app, Vec::new());
    let text = screen_at(&mut app, 100, 30);
    assert!(text.contains("No change to this pool"), "{text}");
    assert!(text.contains("r reload · Esc close"), "{text}");
    assert!(!text.contains("u undo"), "{text}");
}

/// A journal with one run over four users ("r": user001 undone since, user004 failed), the
/// undo of user001's change (its own run), and a change made alone ("s").
fn run_journal() -> Contents {
    let intent = |id: &str, batch: &str, user: &str, kind: &str, extra: &str| {
        format!(
            r#"{{"type":"intent","id":"{id}","time":"2026-01-01T08:00:00Z","batch":"{batch}","pool_id":"{POOL}","username":"{user}","kind":"{kind}"{extra}}}"#
        )
    };
    let outcome = |id: &str, result: &str| {
        format!(
            r#"{{"type":"outcome","id":"{id}","time":"2026-01-01T00:00:00Z","result":"{result}"}}"#
        )
    };
    let mut lines = Vec::new();
    for (i, user) in ["user001", "user002", "user003", "user004"]
        .iter()
        .enumerate()
    {
        let id = format!("r-{i}");
        lines.push(intent(&id, "r", user, "disable", ""));
        lines.push(outcome(
            &id,
            if *user == "user004" { "error" } else { "ok" },
        ));
    }
    lines.push(intent(
        "u-1",
        "u",
        "user001",
        "enable",
        r#","undo_of":"r-0""#,
    ));
    lines.push(outcome("u-1", "ok"));
    lines.push(intent("s-1", "s", "user000", "disable", ""));
    lines.push(outcome("s-1", "ok"));
    Contents::parse(&lines.join("\n"))
}

fn opened_on(contents: Contents) -> App {
    let mut app = started(3, false);
    open_journal(&mut app, contents.lines(POOL));
    app
}

fn select_id(app: &mut App, id: &str) {
    press(app, Action::Top);
    for _ in 0..10 {
        let Some(Overlay::Journal(view)) = &app.overlay else {
            panic!("no journal view");
        };
        if view.lines[view.cursor].id == id {
            return;
        }
        press(app, Action::MoveDown);
    }
    panic!("no entry {id}");
}

fn batch_review(app: &App) -> Option<cognito_tui::app::BatchUndo> {
    match &app.overlay {
        Some(Overlay::Journal(view)) => view.confirm_batch.clone(),
        _ => None,
    }
}

#[test]
fn big_u_reviews_the_undo_of_a_whole_run_with_what_is_left_out_and_why() {
    let mut app = opened_on(run_journal());
    select_id(&mut app, "r-2");
    let text = screen_at(&mut app, 120, 30);
    assert!(text.contains("U undo its run"), "{text}");
    assert!(
        press(&mut app, Action::UndoBatch).is_empty(),
        "a review first"
    );
    let review = batch_review(&app).expect("the run's review");
    let ids: Vec<&str> = review.undo.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["r-2", "r-1"]);
    let text = words(&screen_at(&mut app, 120, 30));
    assert!(
        text.contains("Undo 2 changes on 2 users of one run"),
        "{text}"
    );
    assert!(
        text.contains("undo disable on 2 users: enable them again"),
        "{text}"
    );
    assert!(
        text.contains("user002, user003") || text.contains("user003, user002"),
        "{text}"
    );
    assert!(
        text.contains("Left as they are: 2 of the run's changes"),
        "{text}"
    );
    assert!(text.contains("the change was not applied"), "{text}");
    assert!(text.contains("user004"), "{text}");
    assert!(text.contains("already undone"), "{text}");
    assert!(text.contains("y undo the run"), "{text}");
    // The undo of user001 is a run of its own, not one of the changes to undo.
    assert!(review.skipped.iter().all(|l| l.id != "u-1"));
}

#[test]
fn the_runs_undo_goes_as_one_undo_run_with_a_gauge_and_each_users_outcome() {
    use cognito_tui::app::Outcome;
    use cognito_tui::bulk::{BulkReport, ItemResult, Progress, SkipReason, UserReport};
    let mut app = opened_on(run_journal());
    select_id(&mut app, "r-1");
    press(&mut app, Action::UndoBatch);
    let commands = press(&mut app, Action::Confirm);
    let [Command::Undo { id, ids }] = commands.as_slice() else {
        panic!("one undo run: {commands:?}");
    };
    assert_eq!(ids, &["r-2", "r-1"]);
    assert!(batch_review(&app).is_none());
    assert!(app.bulk.is_some(), "the run shows a gauge");
    // A second run is refused while this one goes.
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_none());
    let user = |name: &str, result| UserReport {
        username: name.into(),
        journal_id: None,
        result,
        warnings: Vec::new(),
    };
    let enabled = user("user003", ItemResult::Applied("enabled".into()));
    answer(
        &mut app,
        Response::BulkProgress {
            id: *id,
            progress: Progress {
                total: 2,
                done: 1,
                skipped: 0,
                failed: 0,
                remaining: 1,
                in_flight: 1,
                rate: 1.0,
                last: Some(enabled.clone()),
            },
        },
    );
    let status = status_text(&app);
    assert!(status.contains("1/2"), "{status}");
    assert!(status.contains("undoing the run"), "{status}");
    let gone = user("user002", ItemResult::Skipped(SkipReason::UserGone));
    answer(
        &mut app,
        Response::Undone {
            id: *id,
            result: Ok(BulkReport {
                batch: Some("u2".into()),
                users: vec![enabled, gone],
                cancelled: false,
                elapsed: std::time::Duration::from_millis(20),
            }),
        },
    );
    assert!(app.bulk.is_none(), "the gauge ends with the run");
    assert_eq!(app.undos_running(), 0);
    let status = status_text(&app);
    assert!(
        status.starts_with("Undo: 1 undone, 1 skipped, 0 failed"),
        "{status}"
    );
    assert_eq!(
        app.outcomes.get("user003"),
        Some(&Outcome::Applied("enabled".into()))
    );
    assert!(
        matches!(app.outcomes.get("user002"), Some(Outcome::Skipped(_))),
        "{:?}",
        app.outcomes
    );
}

#[test]
fn big_u_says_why_not_on_a_lone_change_or_an_undo_and_esc_leaves_its_review() {
    let mut app = opened_on(run_journal());
    select_id(&mut app, "s-1");
    let text = screen_at(&mut app, 120, 30);
    assert!(!text.contains("U undo its run"), "{text}");
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_none());
    assert!(
        status_text(&app).contains("the only change its run journalled"),
        "{}",
        status_text(&app)
    );

    select_id(&mut app, "u-1");
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_none());
    assert!(
        status_text(&app).contains("an undo itself"),
        "{}",
        status_text(&app)
    );

    // Esc leaves a review without sending anything.
    select_id(&mut app, "r-3");
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_some());
    assert!(press(&mut app, Action::Cancel).is_empty());
    assert!(batch_review(&app).is_none());
    assert!(matches!(app.overlay, Some(Overlay::Journal(_))));
}

#[test]
fn the_entries_a_runs_undo_would_undo_stand_out_in_the_table() {
    let mut app = opened_on(run_journal());
    select_id(&mut app, "r-2");
    press(&mut app, Action::UndoBatch);
    let buffer = draw(&mut app, 120, 40);
    // Bold on a table row's time: the rows to undo are; one left out (user001, undone) is not.
    let bold_row = |user: &str| {
        (0..buffer.area.height).find_map(|y| {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_owned())
                .collect();
            let x = row.find("2026-01-01")?;
            (row.contains(user) && row.contains("disable") && !row.contains("undo of")).then(|| {
                let column = u16::try_from(row[..x].chars().count()).unwrap();
                buffer[(column, y)]
                    .modifier
                    .contains(ratatui::style::Modifier::BOLD)
            })
        })
    };
    assert_eq!(bold_row("user002"), Some(true));
    assert_eq!(bold_row("user003"), Some(true));
    assert_eq!(bold_row("user001"), Some(false));
}

#[test]
fn an_undo_run_whose_task_dies_ends_its_gauge_and_q_quits_at_once() {
    use cognito_tui::app::Outcome;
    use cognito_tui::bulk::{ItemResult, Progress, UserReport};
    let mut app = opened_on(run_journal());
    select_id(&mut app, "r-1");
    press(&mut app, Action::UndoBatch);
    let commands = press(&mut app, Action::Confirm);
    let [Command::Undo { id, .. }] = commands.as_slice() else {
        panic!("one undo run: {commands:?}");
    };
    let id = *id;
    let enabled = UserReport {
        username: "user003".into(),
        journal_id: None,
        result: ItemResult::Applied("enabled".into()),
        warnings: Vec::new(),
    };
    answer(
        &mut app,
        Response::BulkProgress {
            id,
            progress: Progress {
                total: 2,
                done: 1,
                skipped: 0,
                failed: 0,
                remaining: 1,
                in_flight: 1,
                rate: 1.0,
                last: Some(enabled),
            },
        },
    );
    let commands = answer(
        &mut app,
        Response::Crashed {
            id,
            message: "task panicked".into(),
        },
    );
    assert!(app.bulk.is_none(), "the gauge ends");
    assert_eq!(app.undos_running(), 0);
    let status = status_text(&app);
    assert!(
        status.contains("The undo of the run stopped unexpectedly: 1 of 2 users have an outcome (user003); 1 not known — check the journal or the pool (user002)"),
        "{status}"
    );
    assert_eq!(app.outcomes.get("user002"), Some(&Outcome::Unknown));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ReadJournal { .. })),
        "the journal is read again to show what it holds: {commands:?}"
    );
    press(&mut app, Action::Quit);
    assert!(app.should_quit, "nothing runs: q quits without asking");
}

#[test]
fn a_single_undo_whose_task_dies_is_no_longer_waited_for() {
    let mut app = opened();
    select(&mut app, "disable");
    press(&mut app, Action::Undo);
    let commands = press(&mut app, Action::Confirm);
    let [Command::Undo { id, .. }] = commands.as_slice() else {
        panic!("one undo: {commands:?}");
    };
    assert_eq!(app.undos_running(), 1);
    answer(
        &mut app,
        Response::Crashed {
            id: *id,
            message: "task panicked".into(),
        },
    );
    assert_eq!(app.undos_running(), 0);
    let status = status_text(&app);
    assert!(
        status.starts_with("The undo stopped unexpectedly; its outcome is not known"),
        "{status}"
    );
    press(&mut app, Action::Quit);
    assert!(app.should_quit);
}

/// A run of two deleted users ("d"), a user created alone ("c") and a run of two sign-outs
/// ("o"), which no undo can reverse.
fn lifecycle_journal() -> Contents {
    let entry = |id: &str, batch: &str, user: &str, kind: &str, extra: &str| {
        format!(
            "{{\"type\":\"intent\",\"id\":\"{id}\",\"time\":\"2026-01-01T08:00:00Z\",\"batch\":\"{batch}\",\"pool_id\":\"{POOL}\",\"username\":\"{user}\",\"kind\":\"{kind}\"{extra}}}\n\
             {{\"type\":\"outcome\",\"id\":\"{id}\",\"time\":\"2026-01-01T08:00:01Z\",\"result\":\"ok\"}}"
        )
    };
    let deleted = r#","attributes":[{"name":"email","before":"a@example.com"}],"before":{"enabled":true,"status":"CONFIRMED","groups":[]}"#;
    Contents::parse(
        &[
            entry("d-1", "d", "user001", "delete_user", deleted),
            entry("d-2", "d", "user002", "delete_user", deleted),
            entry(
                "c-1",
                "c",
                "user009",
                "create_user",
                r#","attributes":[{"name":"email","after":"n@example.com"}]"#,
            ),
            entry("o-1", "o", "user001", "global_sign_out", ""),
            entry("o-2", "o", "user002", "global_sign_out", ""),
        ]
        .join("\n"),
    )
}

#[test]
fn undoing_a_deletion_or_a_creation_says_what_it_cannot_bring_back_before_y() {
    let mut app = opened_on(lifecycle_journal());
    select_id(&mut app, "d-1");
    press(&mut app, Action::Undo);
    assert!(pending_undo(&app).is_some());
    let status = status_text(&app);
    assert!(
        status.contains("without its sub, password, MFA devices or federated links"),
        "{status}"
    );
    press(&mut app, Action::Cancel);
    select_id(&mut app, "c-1");
    press(&mut app, Action::Undo);
    let status = status_text(&app);
    assert!(status.contains("the user is deleted"), "{status}");
    press(&mut app, Action::Cancel);

    // The run's review says it too.
    select_id(&mut app, "d-2");
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_some());
    let text = words(&screen_at(&mut app, 120, 30));
    assert!(
        text.contains("! re-created without its sub, password, MFA devices or federated links"),
        "{text}"
    );
}

#[test]
fn a_run_with_nothing_to_undo_says_so_in_one_plain_sentence() {
    let mut app = opened_on(lifecycle_journal());
    select_id(&mut app, "o-1");
    press(&mut app, Action::UndoBatch);
    assert!(batch_review(&app).is_none());
    let status = status_text(&app);
    assert!(
        status.starts_with(
            "Nothing of this run can be undone: its 2 changes are left as they are (first: "
        ),
        "{status:?}"
    );
    assert!(!status.contains("  "), "{status:?}");
}

#[test]
fn a_journal_longer_than_its_box_counts_the_entries_out_of_sight() {
    let lines: Vec<String> = (0..40)
        .flat_map(|i| {
            [
                format!(
                    "{{\"type\":\"intent\",\"id\":\"x-{i}\",\"time\":\"2026-01-01T08:{:02}:00Z\",\"batch\":\"x{i}\",\"pool_id\":\"{POOL}\",\"username\":\"user000\",\"kind\":\"disable\"}}",
                    i % 60
                ),
                format!(
                    "{{\"type\":\"outcome\",\"id\":\"x-{i}\",\"time\":\"2026-01-01T08:00:01Z\",\"result\":\"ok\"}}"
                ),
            ]
        })
        .collect();
    let mut app = opened_on(Contents::parse(&lines.join("\n")));
    for (width, height) in [(40, 12), (120, 30)] {
        press(&mut app, Action::Top);
        let text = screen_at(&mut app, width, height);
        let shown = text
            .lines()
            .filter(|l| l.contains(" ok           user000"))
            .count();
        assert!(shown >= 1, "{text}");
        assert!(
            text.contains(&format!("↓ {} more", 40 - shown)),
            "{width}x{height}: {shown} shown\n{text}"
        );
        press(&mut app, Action::Bottom);
        let text = screen_at(&mut app, width, height);
        assert!(
            text.contains(&format!("↑ {} above", 40 - shown)),
            "{width}x{height}\n{text}"
        );
    }
}

#[test]
fn signed_in_as_the_user_only_attribute_changes_are_offered_for_undo() {
    let (mut app, commands) = App::new(cognito_tui::app::Session {
        self_service: true,
        ..support::session(false)
    });
    support::serve(&mut app, commands, 1);
    let entry = |id: &str, kind: &str, extra: &str| {
        format!(
            "{{\"type\":\"intent\",\"id\":\"{id}\",\"time\":\"2026-01-01T08:00:00Z\",\"batch\":\"{id}\",\"pool_id\":\"{POOL}\",\"username\":\"user000\",\"kind\":\"{kind}\"{extra}}}\n\
             {{\"type\":\"outcome\",\"id\":\"{id}\",\"time\":\"2026-01-01T08:00:01Z\",\"result\":\"ok\"}}"
        )
    };
    let contents = Contents::parse(
        &[
            entry(
                "a-1",
                "delete",
                r#","attributes":[{"name":"locale","before":"en-GB"}]"#,
            ),
            entry("a-2", "disable", ""),
        ]
        .join("\n"),
    );
    open_journal(&mut app, contents.lines(POOL));
    select_id(&mut app, "a-2");
    assert!(press(&mut app, Action::Undo).is_empty());
    assert!(pending_undo(&app).is_none(), "no y is asked for");
    assert!(
        status_text(&app).contains("needs admin rights"),
        "{}",
        status_text(&app)
    );
    select_id(&mut app, "a-1");
    press(&mut app, Action::Undo);
    assert_eq!(pending_undo(&app).as_deref(), Some("a-1"));
}

#[test]
fn read_only_the_journal_offers_no_undo_in_its_keys_nor_its_help() {
    let mut app = started(3, true);
    let commands = press(&mut app, Action::Journal);
    let Some(Command::ReadJournal { id }) = commands.first().cloned() else {
        panic!("the journal is read: {commands:?}");
    };
    answer(
        &mut app,
        Response::Journal {
            id,
            result: Ok(journal().lines(POOL)),
        },
    );
    select(&mut app, "disable");
    let text = screen_at(&mut app, 120, 30);
    assert!(text.contains("r reload"), "{text}");
    assert!(!text.contains("undo (then y)"), "{text}");
    assert!(!text.contains("undo its run"), "{text}");
    press(&mut app, Action::Help);
    let text = screen_at(&mut app, 120, 30);
    assert!(text.contains("Journal — keys"), "{text}");
    assert!(text.contains("back to Journal"), "{text}");
    assert!(!text.contains("undo (then"), "{text}");
    assert!(!text.contains("undo its run"), "{text}");
}

#[test]
fn undoing_an_entry_that_holds_no_sub_says_it_goes_to_whoever_has_the_name() {
    // b-5 was written by a version that kept no sub; an entry with one says nothing more.
    let mut app = opened();
    select(&mut app, "disable");
    press(&mut app, Action::Undo);
    let status = status_text(&app);
    assert!(
        status.contains("holds no sub") && status.contains("whoever has this username now"),
        "{status}"
    );
    press(&mut app, Action::Cancel);
    let held = Contents::parse(&format!(
        "{}\n{}",
        r#"{"type":"intent","id":"s-1","time":"2026-01-01T08:00:00Z","batch":"s","pool_id":"eu-west-1_Test1","username":"user000","sub":"5f6c1a2e-0000-4000-8000-000000000000","kind":"disable","before":{"enabled":true}}"#,
        r#"{"type":"outcome","id":"s-1","time":"2026-01-01T08:00:01Z","result":"ok"}"#
    ));
    let mut app = opened_on(held);
    select_id(&mut app, "s-1");
    press(&mut app, Action::Undo);
    assert!(pending_undo(&app).is_some());
    let status = status_text(&app);
    assert!(!status.contains("sub"), "{status}");
}

#[test]
fn the_question_of_an_undo_names_its_keys_where_the_status_line_cuts_its_caveat() {
    let deleted = Contents::parse(&format!(
        "{}\n{}",
        r#"{"type":"intent","id":"d-1","time":"2026-01-01T08:00:00Z","batch":"d","pool_id":"eu-west-1_Test1","username":"user001","kind":"delete_user","attributes":[{"name":"email","before":"jo@example.com"}],"before":{"enabled":true,"status":"CONFIRMED","mfa":[],"groups":[]}}"#,
        r#"{"type":"outcome","id":"d-1","time":"2026-01-01T08:00:01Z","result":"ok"}"#
    ));
    let mut app = started(3, false);
    open_journal(&mut app, deleted.lines(POOL));
    press(&mut app, Action::Undo);
    assert_eq!(pending_undo(&app).as_deref(), Some("d-1"));
    // The caveat is said in full in the messages; the line over the view keeps the keys.
    assert!(status_text(&app).contains("re-created without its sub"));
    for (width, height) in [(120, 35), (80, 24)] {
        let text = screen_at(&mut app, width, height);
        let line = support::last_line(&text);
        assert!(
            line.contains("Undo delete user on user001? y to confirm, Esc to keep"),
            "{width}x{height}: {line}"
        );
    }
}

#[test]
fn a_change_too_long_for_its_row_ends_in_an_ellipsis() {
    let mut app = started(3, false);
    let removed = Contents::parse(&format!(
        "{}\n{}",
        r#"{"type":"intent","id":"g-1","time":"2026-01-01T08:00:00Z","batch":"g","pool_id":"eu-west-1_Test1","username":"user001","kind":"remove_from_group","group":"customer-support-escalations"}"#,
        r#"{"type":"outcome","id":"g-1","time":"2026-01-01T08:00:01Z","result":"ok"}"#
    ));
    open_journal(&mut app, removed.lines(POOL));
    let text = screen_at(&mut app, 80, 24);
    let row = text.lines().find(|l| l.contains('▶')).unwrap_or_default();
    assert!(row.contains("remove from group"), "{text}");
    assert!(row.contains("…│"), "cut with an ellipsis: {row}");
    assert!(
        words(&text).contains("remove from group customer-support-escalations"),
        "in full below: {text}"
    );
}
