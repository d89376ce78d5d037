//! Switching pools: the `:` command line and the pool picker, as state transitions.

mod support;

use cognito_tui::app::{Action, App, InputEdit, Msg, Overlay, Switch, update};
use cognito_tui::directory::PoolSummary;
use cognito_tui::worker::{Command, Response};
use support::{answer, press, session, started, status_text};

fn command(app: &mut App, text: &str) -> Vec<Command> {
    press(app, Action::CommandLine);
    for c in text.chars() {
        update(app, Msg::Input(InputEdit::Insert(c)));
    }
    update(app, Msg::Input(InputEdit::Submit))
}

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
    assert!(command(&mut app, "pool staging").is_empty());
    assert_eq!(
        app.switch,
        Some(Switch {
            pool: Some("staging".into()),
            ..Switch::default()
        })
    );
    let mut app = started(3, false);
    command(&mut app, "region eu-central-1");
    assert_eq!(app.switch.unwrap().region.as_deref(), Some("eu-central-1"));
    let mut app = started(3, false);
    command(&mut app, "profile admin");
    assert_eq!(app.switch.unwrap().profile.as_deref(), Some("admin"));
}

#[test]
fn unknown_commands_say_what_exists() {
    let mut app = started(3, false);
    command(&mut app, "fly away");
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
    command(&mut app, "pool other");
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
    command(&mut app, "pool other");
    assert_eq!(app.switch, None);
    assert!(status_text(&app).contains("still running"));
}
