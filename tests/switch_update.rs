//! Switching pools: the `:` command line and the pool picker, as state transitions.

mod support;

use cognito_tui::app::{Action, App, Overlay, Switch};
use cognito_tui::directory::PoolSummary;
use cognito_tui::worker::{Command, Response};
use support::{answer, command_line, press, session, started, status_text};

fn pools() -> Vec<PoolSummary> {
    ["support", "staging"]
        .iter()
        .enumerate()
        .map(|(i, name)| PoolSummary {
            id: format!("us-east-1_Pool{i}"),
            name: (*name).into(),
            estimated_users: Some(10 * i as u64),
        })
        .collect()
}

#[test]
fn colon_pool_asks_the_loop_to_switch() {
    let mut app = started(3, false);
    assert!(command_line(&mut app, "pool staging").is_empty());
    assert_eq!(
        app.switch,
        Some(Switch {
            pool: Some("staging".into()),
            ..Switch::default()
        })
    );
    let mut app = started(3, false);
    command_line(&mut app, "region eu-central-1");
    assert_eq!(app.switch.unwrap().region.as_deref(), Some("eu-central-1"));
    let mut app = started(3, false);
    command_line(&mut app, "profile admin");
    assert_eq!(app.switch.unwrap().profile.as_deref(), Some("admin"));
}

#[test]
fn unknown_commands_say_what_exists() {
    let mut app = started(3, false);
    command_line(&mut app, "fly away");
    assert_eq!(app.switch, None);
    assert!(status_text(&app).contains(":pool NAME-OR-ID"));
}

#[test]
fn the_picker_lists_pools_sorted_and_enter_opens_the_chosen_one() {
    let (mut app, commands) = App::choosing_pool(session(false));
    let [Command::ListPools { id }] = commands[..] else {
        panic!("the picker asks for the pools: {commands:?}")
    };
    answer(
        &mut app,
        Response::Pools {
            id,
            result: Ok(pools()),
        },
    );
    let Some(Overlay::PoolPicker(picker)) = &app.overlay else {
        panic!("no picker")
    };
    assert_eq!(picker.pools[0].name, "staging", "sorted by name");
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::Open);
    assert_eq!(app.overlay, None);
    assert_eq!(app.switch.unwrap().pool.as_deref(), Some("us-east-1_Pool0"));
}

#[test]
fn a_self_service_session_cannot_switch() {
    let mut app = started(3, false);
    app.can_switch = false;
    command_line(&mut app, "pool other");
    assert_eq!(app.switch, None);
    assert!(status_text(&app).contains("cannot switch"));
}

#[test]
fn no_switch_while_a_deletion_runs() {
    let mut app = started(3, false);
    support::select_attribute(&mut app, "locale");
    press(&mut app, Action::ToggleMark);
    press(&mut app, Action::Review);
    press(&mut app, Action::Confirm);
    command_line(&mut app, "pool other");
    assert_eq!(app.switch, None);
    assert!(status_text(&app).contains("still running"));
}

/// Issue 13: every way of switching ends in `config::resolve_switch`, so the read-only of a
/// profile or of `--read-only` holds and a config profile's pool is opened.
#[test]
fn every_switch_path_resolves_config_profiles_and_keeps_read_only() {
    use cognito_tui::app::RecentPool;
    use cognito_tui::cli::Cli;
    use cognito_tui::config::{self, Settings};
    let file = support::rw_and_ro_profiles();
    let on = |profile: &str, read_only: bool| {
        let cli = Cli {
            profile: Some(profile.into()),
            read_only,
            ..Cli::default()
        };
        let settings = config::resolve(&cli, &file, None).unwrap();
        (cli, settings)
    };
    let resolved = |(cli, current): &(Cli, Settings), switch: Switch| {
        config::resolve_switch(cli, &file, current, &switch).unwrap()
    };
    let by_command = |text: &str| {
        let mut app = started(3, false);
        command_line(&mut app, text);
        app.switch.expect("a switch")
    };

    // `:profile ro` from rw: ro's pool, read-only, labelled ro.
    let s = resolved(&on("rw", false), by_command("profile ro"));
    assert_eq!(s.pool_id.as_deref(), Some("us-east-1_Ro1"));
    assert_eq!(s.profile_label.as_deref(), Some("ro"));
    assert!(s.read_only);
    // `:profile rw` from ro: writable, unless --read-only was given.
    assert!(!resolved(&on("ro", false), by_command("profile rw")).read_only);
    assert!(resolved(&on("rw", true), by_command("profile rw")).read_only);
    // `:pool` and `:region` stay on the profile and keep its read-only.
    for text in ["pool us-east-1_Other", "region eu-central-1"] {
        let s = resolved(&on("ro", false), by_command(text));
        assert!(s.read_only, "{text}");
        assert_eq!(s.profile_label.as_deref(), Some("ro"), "{text}");
    }

    // The picker: a listed pool stays on the profile; a recent entry replays its own.
    let picked = |recent: Vec<RecentPool>, down: usize| {
        let (mut app, _) = App::choosing_pool(session(false));
        app.recent = recent;
        let Some(Overlay::PoolPicker(picker)) = &mut app.overlay else {
            panic!("no picker")
        };
        let id = picker.loading.unwrap();
        answer(
            &mut app,
            Response::Pools {
                id,
                result: Ok(pools()),
            },
        );
        for _ in 0..down {
            press(&mut app, Action::MoveDown);
        }
        press(&mut app, Action::Open);
        app.switch.expect("a switch")
    };
    let s = resolved(&on("ro", false), picked(Vec::new(), 0));
    assert!(
        s.pool_id
            .as_deref()
            .is_some_and(|p| p.starts_with("us-east-1_Pool"))
    );
    assert!(s.read_only);
    let recent = RecentPool {
        pool_id: "us-east-1_Ro2".into(),
        region: "us-east-1".into(),
        profile: Some("ro".into()),
    };
    let switch = picked(vec![recent], 0);
    assert_eq!(switch.profile.as_deref(), Some("ro"));
    let s = resolved(&on("rw", false), switch);
    assert_eq!(s.pool_id.as_deref(), Some("us-east-1_Ro2"));
    assert_eq!(s.profile_label.as_deref(), Some("ro"));
    assert!(s.read_only, "the recent entry's profile is read-only");
}

#[test]
fn a_pool_joins_the_recent_pools_only_once_cognito_has_described_it() {
    use cognito_tui::directory::{DirectoryError, fixtures};
    let describe = |commands: &[Command]| {
        commands
            .iter()
            .find_map(|c| match c {
                Command::DescribePool { id } => Some(*id),
                _ => None,
            })
            .expect("the start describes the pool")
    };
    // A pool that does not exist: nothing is saved and the picker's list stays as it was.
    let (mut app, commands) = App::new(session(false));
    app.remember_pool = true;
    let id = describe(&commands);
    let answered = answer(
        &mut app,
        Response::Pool {
            id,
            result: Err(DirectoryError::from_code("ResourceNotFoundException", "")),
        },
    );
    assert!(
        !answered
            .iter()
            .any(|c| matches!(c, Command::SaveRecent { .. })),
        "{answered:?}"
    );
    assert!(app.recent.is_empty());

    // A pool that answers is saved at the front of the list, once.
    let (mut app, commands) = App::new(session(false));
    app.remember_pool = true;
    let id = describe(&commands);
    let answered = answer(
        &mut app,
        Response::Pool {
            id,
            result: Ok(fixtures::pool()),
        },
    );
    let saved: Vec<_> = answered
        .iter()
        .filter_map(|c| match c {
            Command::SaveRecent { pools } => Some(pools.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(saved.len(), 1, "{answered:?}");
    assert_eq!(saved[0][0].pool_id, "eu-west-1_Test1");
    assert_eq!(app.recent, saved[0]);
    let again = press(&mut app, Action::Refresh);
    let id = describe(&again);
    let answered = answer(
        &mut app,
        Response::Pool {
            id,
            result: Ok(fixtures::pool()),
        },
    );
    assert!(
        !answered
            .iter()
            .any(|c| matches!(c, Command::SaveRecent { .. }))
    );
}

#[test]
fn a_self_service_pool_never_joins_the_recent_pools() {
    use cognito_tui::directory::fixtures;
    // Self-service: its profile is the label `me: USER (expires …)`; chosen from an admin
    // session's picker it would open the pool with admin credentials under that label.
    let mut session = session(false);
    session.self_service = true;
    session.profile = Some("me: alice (expires 2026-12-08 05:02 UTC)".into());
    let (mut app, commands) = App::new(session);
    app.remember_pool = true;
    app.can_switch = false;
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::DescribePool { id } => Some(*id),
            _ => None,
        })
        .expect("the start describes the pool");
    let answered = answer(
        &mut app,
        Response::Pool {
            id,
            result: Ok(fixtures::pool()),
        },
    );
    assert!(
        !answered
            .iter()
            .any(|c| matches!(c, Command::SaveRecent { .. })),
        "{answered:?}"
    );
    assert!(app.recent.is_empty(), "{:?}", app.recent);
}

#[test]
fn colon_profile_refuses_a_name_no_file_knows_and_lists_the_known_ones() {
    let mut app = started(3, false);
    app.known_profiles = Some(vec!["admin".into(), "sso-dev".into(), "support".into()]);
    command_line(&mut app, "profile typo");
    assert_eq!(
        app.switch, None,
        "no switch to a profile that does not exist"
    );
    assert_eq!(
        status_text(&app),
        "no such profile: typo (known: admin, sso-dev, support)"
    );
    // A real one (an SSO profile of ~/.aws/config here) still switches.
    command_line(&mut app, "profile sso-dev");
    assert_eq!(app.switch.unwrap().profile.as_deref(), Some("sso-dev"));
}
