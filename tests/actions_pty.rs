//! Account actions in the built binary (`--demo`, in a pseudo-terminal), as a new user would try
//! them: disable then undo from the journal, set a password (never on screen, in the journal or
//! the log, even at debug level), add to a group, delete and re-create.

#[path = "pty/mod.rs"]
mod pty;

use std::time::Duration;

use pty::{Home, Tui, figure};

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);
const PASSWORD: &str = "Pty-Secret-Pa55-q7Zk";

fn demo(home: &Home) -> Tui {
    demo_with(home, Vec::new())
}

fn demo_with(home: &Home, extra_env: Vec<(String, String)>) -> Tui {
    let log = home.path().join("app.log").display().to_string();
    let mut env = home.env_with_aws();
    env.extend(extra_env);
    env.push(("COGNITO_TUI_LOG".into(), "debug".into()));
    let tui = Tui::spawn(&["--demo", "--log-file", &log], &env, home.path());
    tui.wait_for("jo.bloggs", START);
    tui.wait_for("users (~", START);
    tui
}

/// Opens the menu on the selected user and picks `letter`; waits for the review.
fn review(tui: &mut Tui, letter: &str, title: &str) {
    tui.key("a");
    tui.wait_for("Account actions", STEP);
    tui.key(letter);
    tui.wait_for(title, STEP);
}

#[test]
fn disable_undo_password_group_delete_and_recreate_in_the_demo() {
    let home = Home::new();
    // The demo's journal is kept where asked, for the checks below.
    let journal = home.path().join("demo-journal.jsonl");
    let mut tui = demo_with(
        &home,
        vec![(
            "COGNITO_TUI_DEMO_JOURNAL".into(),
            journal.display().to_string(),
        )],
    );

    review(&mut tui, "d", "Review: disable");
    tui.key("y");
    tui.wait_for("jo.bloggs: disabled", STEP);
    tui.wait_for("NO — the account is disabled", STEP);

    tui.key("J");
    tui.wait_for("▶ 20", STEP);
    tui.keys(&["u", "y"]);
    tui.wait_for("enable (undo of", STEP);
    tui.key("esc");
    tui.wait_for("Enabled  yes", STEP);

    tui.key("a");
    tui.wait_for("Account actions", STEP);
    tui.key("P");
    tui.wait_for("new password:", STEP);
    tui.type_text(PASSWORD);
    tui.key("enter");
    tui.wait_for("the same password again:", STEP);
    tui.type_text(PASSWORD);
    tui.key("enter");
    tui.wait_for("Review: set permanent password", STEP);
    tui.key("y");
    tui.wait_for("jo.bloggs: ", STEP);
    tui.settle(Duration::from_millis(300), STEP);

    tui.key("a");
    tui.wait_for("Account actions", STEP);
    tui.key("g");
    tui.wait_for("support", STEP);
    tui.keys(&["G", "enter"]);
    tui.wait_for("Review: add to group", STEP);
    tui.key("y");
    tui.wait_for("added to", STEP);

    review(&mut tui, "x", "Review: delete user");
    tui.wait_for("cannot come back", STEP);
    tui.key("y");
    tui.wait_for("jo.bloggs: user deleted", STEP);
    tui.key("J");
    tui.wait_for("▶ 20", STEP);
    tui.wait_for("delete user", STEP);
    tui.keys(&["u", "y"]);
    tui.wait_for("re-create user", STEP);
    tui.key("esc");
    tui.wait_for("240 users", STEP);
    // The re-created user is back, with its groups.
    tui.key("f");
    tui.type_text("'jo.bloggs");
    tui.key("enter");
    tui.wait_for("Attributes of jo.bloggs", STEP);
    tui.wait_for("pro-customers, support", STEP);

    tui.key("q");
    tui.wait_exit(STEP);
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(!raw.contains(PASSWORD), "the password reached the terminal");
    let mut scanned = 0;
    for file in home.files() {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains(PASSWORD),
            "the password is in {}",
            file.display()
        );
        scanned += 1;
    }
    let journal = std::fs::read_to_string(&journal).expect("the demo's journal, kept");
    for kind in [
        "disable",
        "enable",
        "set_password",
        "add_to_group",
        "delete_user",
        "create_user",
    ] {
        assert!(
            journal.contains(&format!("\"{kind}\"")),
            "no {kind} in the journal"
        );
    }
    figure(&format!(
        "actions in the demo: {scanned} files and the terminal free of the password"
    ));
}

#[test]
fn the_demo_journal_is_a_scratch_file_removed_at_exit() {
    let home = Home::new();
    let mut tui = demo(&home);
    review(&mut tui, "d", "Review: disable");
    tui.key("y");
    tui.wait_for("jo.bloggs: disabled", STEP);
    let scratch = || {
        home.files()
            .into_iter()
            .filter(|f| f.to_string_lossy().contains("cognito-tui-demo-"))
            .collect::<Vec<_>>()
    };
    // While it runs, the change is journalled in the temp dir (beside the lock that says its
    // process runs), and the view says so.
    assert_eq!(scratch().len(), 2, "{:?}", home.files());
    tui.key("J");
    tui.wait_for("▶ 20", STEP);
    tui.wait_for("demo: not kept", STEP);
    tui.key("esc");
    tui.key("q");
    tui.wait_exit(STEP);
    assert_eq!(scratch(), Vec::<std::path::PathBuf>::new());
    figure("demo journal: removed at exit");
}

#[test]
fn a_killed_demos_scratch_journal_is_removed_by_the_next_demo() {
    let home = Home::new();
    let scratch = || {
        let mut files: Vec<String> = home
            .files()
            .into_iter()
            .filter_map(|f| {
                let name = f.file_name()?.to_string_lossy().into_owned();
                name.starts_with("cognito-tui-demo-").then_some(name)
            })
            .collect();
        files.sort();
        files
    };
    let mut killed = demo(&home);
    let pid = killed.pid();
    let left = [
        format!("cognito-tui-demo-{pid}.jsonl"),
        format!("cognito-tui-demo-{pid}.lock"),
    ];
    assert_eq!(scratch(), left);
    killed.signal(nix::sys::signal::Signal::SIGKILL);
    let _ = killed.wait_exit(STEP);
    assert_eq!(scratch(), left, "a killed process removes nothing");
    // A demo still running keeps its journal while another starts and ends.
    let mut next = demo(&home);
    let next_pid = next.pid();
    assert_eq!(
        scratch(),
        [
            format!("cognito-tui-demo-{next_pid}.jsonl"),
            format!("cognito-tui-demo-{next_pid}.lock"),
        ],
        "the killed demo's journal is gone, the running one's is there"
    );
    let mut other = demo(&home);
    other.key("q");
    other.wait_exit(STEP);
    assert_eq!(scratch().len(), 2, "{:?}", scratch());
    next.key("q");
    next.wait_exit(STEP);
    assert_eq!(scratch(), Vec::<String>::new());
}
