//! End to end: the built binary in a pseudo-terminal, keys in, the screen read back through a
//! vt100 emulator, against moto behind a recording proxy (tests/fault_proxy, no faults) that
//! logs the X-Amz-Target of every request.
//!
//! - mark → review → confirm deletes exactly the marked attribute on the server, nothing else;
//! - read-only: every key of the keymap, and the mutating sequences, send no mutating call and
//!   leave the server as it was;
//! - a panic (the test-only switch `COGNITO_TUI_TEST_PANIC_ON_KEY`, see src/run.rs) and
//!   SIGTERM / SIGINT / SIGHUP mid-session leave the terminal restored: the alternate screen
//!   left after it was last entered, the emulated terminal on the main screen, the pty out of
//!   raw mode (read from the pty's termios);
//! - SIGTERM or SIGINT mid-bulk-deletion leaves a journal where every intent has an outcome or is
//!   pending, `cognito-tui journal --pending` lists exactly the pending ones, and the server
//!   matches (also after `journal --resolve`);
//! - a bulk deletion over 300 users through faults (20 % TooManyRequests, 5 % HTTP 500, 2 %
//!   dropped connections) ends with every user accounted for, the server equal to the journal,
//!   nothing deleted twice or silently skipped.
//!
//! The moto tests need `COGNITO_TUI_MOTO_URL` (scripts/test.sh); without it they fail loudly.
//! Figures (keys pressed, calls seen, outcomes) are printed past the harness's capture.

mod fault_proxy;
mod moto_pool;
mod pty;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use cognito_tui::journal::{self, Verdict};
use fault_proxy::{FaultProxy, Faults, Hang};
use moto_pool::{Pool, moto_url, pool_args};
use nix::sys::signal::Signal;
use pty::{Home, Tui, default_keymap, figure, select_attribute};

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// Calls that read. Anything else the proxy sees is a change.
const READ_CALLS: &[&str] = &[
    "ListUsers",
    "AdminGetUser",
    "DescribeUserPool",
    "AdminListGroupsForUser",
    "GetCSVHeader",
    // The groups view (`M`).
    "ListGroups",
    "ListUsersInGroup",
];

fn env_for(home: &Home) -> Vec<(String, String)> {
    let mut env = home.env_with_aws();
    env.push(("COGNITO_TUI_LOG".into(), "debug".into()));
    env
}

fn moto_args<'a>(pool: &'a Pool, endpoint: &'a str, log: &'a str) -> Vec<&'a str> {
    let mut args = pool_args(&pool.id, endpoint);
    args.extend(["--log-file", log]);
    args
}

/// Waits until the list is complete and the pool's schema is in (the header shows the
/// estimate only then).
fn wait_loaded(tui: &Tui, first_user: &str) {
    tui.wait_for("users (~", START);
    tui.wait_for(&format!("Attributes of {first_user}"), START);
    tui.wait_until("the user's groups", START, |s| {
        s.contents().contains("Groups   none")
    });
}

/// Waits until a bulk run has started (or already ended): the status line shows it.
fn wait_bulk_started(tui: &Tui) {
    tui.wait_until("the bulk run to start", STEP, |s| {
        let text = s.contents();
        text.contains("Deleting locale from")
            || text.contains("deleting locale")
            || text.contains("Bulk deletion of")
    });
}

/// With all `users` chosen: marks `locale` in the attribute pane, opens the bulk review,
/// accepts it and types the number of users, stopping short of Enter.
fn mark_locale_and_type_the_count(tui: &mut Tui, users: usize) {
    tui.key("tab");
    select_attribute(tui, "locale");
    tui.key("space");
    tui.wait_for("1 marked", STEP);
    tui.key("d");
    tui.wait_for("Review bulk deletion", STEP);
    tui.key("y");
    tui.wait_for("type the number of users to confirm", STEP);
    tui.type_text(&users.to_string());
}

/// Presses `j` in the user list until `username` is shown in the attribute pane.
fn show_user(tui: &mut Tui, username: &str) {
    let title = format!("Attributes of {username} ");
    for _ in 0..50 {
        if tui.screen().contains(&title) {
            tui.wait_until("the user's details", STEP, |s| {
                s.contents().contains("Groups   none")
            });
            return;
        }
        // Wait for this move to show before the next, so a slow frame never makes it overshoot.
        match list_row(&tui.screen()) {
            Some(row) => {
                tui.key("j");
                tui.wait_for(&format!(" Users {}/", row + 1), STEP);
            }
            None => {
                tui.key("j");
                tui.settle(Duration::from_millis(60), Duration::from_secs(2));
            }
        }
    }
    panic!("{username} never shown; the screen:\n{}", tui.screen());
}

/// The cursor's row (1-based) as the list's title shows it: ` Users 2/3 `.
fn list_row(screen: &str) -> Option<usize> {
    let rest = &screen[screen.find(" Users ")? + 7..];
    rest[..rest.find('/')?].trim().parse().ok()
}

fn operations_summary(ops: &BTreeMap<String, usize>) -> String {
    ops.iter()
        .map(|(op, n)| format!("{op}×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn mutating_calls(ops: &BTreeMap<String, usize>) -> Vec<String> {
    ops.keys()
        .filter(|op| !READ_CALLS.contains(&op.as_str()))
        .cloned()
        .collect()
}

// ------------------------------------------------------------ mark, review, confirm --

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn marking_reviewing_and_confirming_deletes_exactly_the_marked_attribute() {
    let pool = Pool::create("e2e-flow").await;
    pool.create_user(
        "alice",
        &[
            ("email", "alice@example.com"),
            ("given_name", "Alice"),
            ("locale", "en-GB"),
        ],
    )
    .await;
    pool.create_user(
        "bob",
        &[
            ("email", "bob@example.com"),
            ("given_name", "Bob"),
            ("family_name", "Builder"),
            ("locale", "fr-FR"),
            ("nickname", "bobby"),
            ("custom:plan", "gold"),
        ],
    )
    .await;
    pool.create_user(
        "carol",
        &[("email", "carol@example.com"), ("locale", "de-DE")],
    )
    .await;
    let before = pool.snapshot().await;
    let proxy = FaultProxy::start(&moto_url(), Faults::default()).await;

    let home = Home::new();
    let log = home.path().join("app.log").display().to_string();
    let mut tui = Tui::spawn(
        &moto_args(&pool, proxy.url(), &log),
        &env_for(&home),
        home.path(),
    );
    wait_loaded(&tui, "alice");
    assert_eq!(tui.raw_mode(), Some(true), "raw mode during the session");
    show_user(&mut tui, "bob");
    tui.key("tab");
    select_attribute(&mut tui, "locale");
    tui.key("space");
    tui.wait_for("Attributes of bob — 1 marked", STEP);
    tui.key("d");
    tui.wait_for("Review deletion", STEP);
    let dialog = tui.screen();
    assert!(
        dialog.contains("Delete these attributes of user bob?"),
        "{dialog}"
    );
    assert!(
        dialog.contains("locale") && dialog.contains("fr-FR"),
        "{dialog}"
    );
    assert_eq!(
        proxy
            .stats()
            .operations
            .get("AdminDeleteUserAttributes")
            .copied(),
        None,
        "nothing is sent before the confirmation"
    );
    tui.key("y");
    tui.wait_until("the deletion's outcome", STEP, |s| {
        let text = s.contents();
        text.contains("Deleted 1 attribute (locale) from bob.")
    });
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "exit status {status:?}");
    let restored = tui.assert_terminal_restored("quit with q");

    let after = pool.snapshot().await;
    let mut expected = before.clone();
    expected.get_mut("bob").unwrap().remove("locale");
    assert_eq!(
        after, expected,
        "exactly bob's locale is gone; nothing else changed"
    );
    let stats = proxy.stats();
    assert_eq!(stats.operations.get("AdminDeleteUserAttributes"), Some(&1));
    assert_eq!(
        mutating_calls(&stats.operations),
        vec!["AdminDeleteUserAttributes".to_owned()]
    );
    let contents = journal::read(&home.journal()).unwrap();
    assert_eq!(contents.entries.len(), 1, "{contents:?}");
    let entry = &contents.entries[0];
    assert_eq!(entry.intent.username, "bob");
    assert_eq!(entry.intent.pool_id, pool.id);
    assert_eq!(entry.intent.names(), vec!["locale".to_owned()]);
    assert_eq!(entry.intent.attributes[0].before.as_deref(), Some("fr-FR"));
    assert_eq!(entry.outcome.as_ref().map(|o| o.result), Some(Verdict::Ok));

    figure(&format!(
        "e2e flow: {} keys pressed; {} calls ({}); server: bob lost [locale], {} other \
         attribute(s) of 3 users unchanged; journal 1 intent, outcome ok",
        tui.keys,
        stats.requests,
        operations_summary(&stats.operations),
        before.values().map(|a| a.len()).sum::<usize>() - 1,
    ));
    figure(&format!("e2e flow: {restored}"));
}

// ----------------------------------------------------------------------- read-only --

/// Presses keys and remembers which.
struct Presser<'a> {
    tui: &'a mut Tui,
    pressed: BTreeSet<String>,
}

impl Presser<'_> {
    fn press(&mut self, keys: &[&str]) {
        for key in keys {
            self.tui.key(key);
            self.pressed.insert((*key).to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_every_key_sends_no_mutating_call_and_changes_nothing() {
    let pool = Pool::create("e2e-ro").await;
    pool.create_user(
        "alice",
        &[
            ("email", "alice@example.com"),
            ("given_name", "Alice"),
            ("family_name", "Liddell"),
            ("locale", "en-GB"),
            ("nickname", "al"),
            ("custom:plan", "gold"),
        ],
    )
    .await;
    pool.create_user("bob", &[("email", "bob@example.com"), ("locale", "fr-FR")])
        .await;
    pool.create_user("carol", &[("email", "carol@example.com")])
        .await;
    let before = pool.snapshot().await;
    let proxy = FaultProxy::start(&moto_url(), Faults::default()).await;
    let home = Home::new();
    let log = home.path().join("app.log").display().to_string();
    let mut args = moto_args(&pool, proxy.url(), &log);
    args.push("--read-only");

    // Session 1: every key, ending with q.
    let mut tui = Tui::spawn(&args, &env_for(&home), home.path());
    wait_loaded(&tui, "alice");
    assert!(tui.screen().contains(" RO "), "the RO badge");
    let mut p = Presser {
        tui: &mut tui,
        pressed: BTreeSet::new(),
    };
    // Moving in the list, and between the panes.
    p.press(&[
        "j", "down", "k", "up", "G", "end", "g", "home", "pagedown", "ctrl-d", "pageup", "ctrl-u",
    ]);
    p.press(&["tab", "backtab", "l", "right", "h", "left"]);
    // Choosing users, reviewing, confirming, retrying from the list.
    p.press(&["space", "*", "d", "y", "R", "n", "esc"]);
    p.tui.wait_for("read-only mode", STEP);
    // The attribute pane: mark, review, confirm, cancel, every attribute.
    p.press(&["tab"]);
    p.tui.settle(Duration::from_millis(60), STEP);
    for _ in 0..8 {
        p.press(&["space", "d", "y", "j"]);
    }
    p.tui.wait_for("read-only mode", STEP);
    p.press(&["g", "space", "d", "y", "n", "esc", "c", "p", "p", "R"]);
    // The typed-count sequence of a bulk deletion.
    p.press(&["h", "*", "tab", "space", "d", "y"]);
    p.tui.type_text("3");
    p.press(&["enter", "esc"]);
    // Search, local filter, load all, refresh, help.
    p.press(&["/"]);
    p.tui.type_text("ali");
    p.press(&["enter"]);
    p.tui.wait_for("search:", STEP);
    p.tui.settle(Duration::from_millis(100), STEP);
    p.press(&["esc", "f"]);
    p.tui.type_text("bo");
    p.press(&["esc", "L", "r", "?"]);
    p.tui.wait_for("Help —", STEP);
    p.press(&["f1", "c"]);
    // Any key of the keymap not pressed yet (keys added later included), each followed by Esc
    // in case it opened something; the quitting keys come last.
    let every_key: BTreeSet<String> = default_keymap().into_iter().flat_map(|(_, k)| k).collect();
    let rest: Vec<String> = every_key
        .difference(&p.pressed)
        .filter(|k| !["q", "ctrl-c"].contains(&k.as_str()))
        .cloned()
        .collect();
    for key in &rest {
        p.press(&[key.as_str(), "esc"]);
    }
    p.tui.settle(Duration::from_millis(150), STEP);
    p.press(&["q"]);
    let pressed_first = p.pressed.clone();
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "exit status {status:?}");
    let restored = tui.assert_terminal_restored("read-only session, q");
    let keys_first = tui.keys;

    // Session 2: Ctrl-C, the last key of the keymap.
    let mut tui = Tui::spawn(&args, &env_for(&home), home.path());
    wait_loaded(&tui, "alice");
    let mut p = Presser {
        tui: &mut tui,
        pressed: pressed_first,
    };
    p.press(&["tab", "space", "d", "y", "ctrl-c"]);
    let pressed = p.pressed.clone();
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "exit status {status:?}");
    tui.assert_terminal_restored("read-only session, ctrl-c");

    let keymap = default_keymap();
    let missed: Vec<&String> = every_key.difference(&pressed).collect();
    assert!(
        missed.is_empty(),
        "keys of the keymap not pressed: {missed:?}"
    );

    let stats = proxy.stats();
    let mutating = mutating_calls(&stats.operations);
    assert!(
        mutating.is_empty(),
        "a read-only session sent {mutating:?} ({})",
        operations_summary(&stats.operations)
    );
    assert_eq!(pool.snapshot().await, before, "the server state changed");
    // The session may create the (empty) journal file; it must hold no record.
    let records = std::fs::read_to_string(home.journal()).unwrap_or_default();
    assert!(
        records.trim().is_empty(),
        "a read-only session journalled something:\n{records}"
    );
    figure(&format!(
        "read-only: {} keys pressed in 2 sessions, covering all {} keys of {} actions ({} not in \
         the scripted sequences: {rest:?}); {} calls seen by the proxy ({}), {} mutating; server \
         state unchanged ({} users)",
        keys_first + tui.keys,
        every_key.len(),
        keymap.len(),
        rest.len(),
        stats.requests,
        operations_summary(&stats.operations),
        mutating.len(),
        before.len()
    ));
    figure(&format!("read-only: {restored}"));
}

// ------------------------------------------------------------ panics and signals --

fn demo_session(home: &Home, extra_env: &[(&str, &str)]) -> Tui {
    let log = home.path().join("app.log").display().to_string();
    let mut env = env_for(home);
    env.extend(
        extra_env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let tui = Tui::spawn(&["--demo", "--log-file", &log], &env, home.path());
    tui.wait_for("jo.bloggs", START);
    tui.wait_for("users (~", START);
    tui
}

#[test]
fn a_panic_leaves_the_terminal_restored_and_the_exit_status_failed() {
    let home = Home::new();
    let mut tui = demo_session(&home, &[("COGNITO_TUI_TEST_PANIC_ON_KEY", "!")]);
    assert_eq!(tui.raw_mode(), Some(true), "raw mode during the session");
    assert!(tui.alternate_screen());
    tui.keys(&["j", "tab", "space", "?"]);
    tui.wait_for("Help —", STEP);
    tui.key("!");
    let status = tui.wait_exit(STEP);
    assert!(!status.success(), "a panic exits non-zero, not {status:?}");
    let restored = tui.assert_terminal_restored("panic");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        raw.contains("test-only panic on key '!'"),
        "the panic message reaches the (restored) terminal"
    );
    let log = std::fs::read_to_string(home.path().join("app.log")).unwrap();
    assert!(log.contains("panic"), "the panic is logged");
    figure(&format!(
        "panic: {} keys pressed, exit code {}; {restored}",
        tui.keys,
        status.exit_code()
    ));
}

#[test]
fn a_panic_in_a_runs_task_keeps_the_session_and_q_quits() {
    let home = Home::new();
    let mut tui = demo_session(&home, &[("COGNITO_TUI_TEST_PANIC_IN_RUN", "0")]);
    tui.keys(&["a", "d"]);
    tui.wait_for("y  disable", STEP);
    tui.key("y");
    tui.wait_for("stopped unexpectedly", STEP);
    let screen = tui.screen();
    assert!(
        screen.contains("The run to disable stopped unexpectedly: 0 of 1 users have an outcome"),
        "{screen}"
    );
    assert!(screen.contains("1 not known"), "{screen}");
    assert_eq!(tui.raw_mode(), Some(true), "still in raw mode");
    assert!(tui.alternate_screen(), "still on the alternate screen");
    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(
        !raw.contains("test-only panic in a run"),
        "the task's panic is not printed over the screen"
    );
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "q quits at once, not {status:?}");
    let log = std::fs::read_to_string(home.path().join("app.log")).unwrap();
    assert!(
        log.contains("panic in a background task"),
        "the panic is logged"
    );
}

#[test]
fn sigterm_sigint_and_sighup_mid_session_restore_the_terminal() {
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        let home = Home::new();
        let mut tui = demo_session(&home, &[]);
        assert_eq!(tui.raw_mode(), Some(true), "raw mode during the session");
        // Mid-session: a user shown, an attribute marked, the review dialog open.
        tui.keys(&["j", "j", "tab"]);
        select_attribute(&mut tui, "locale");
        tui.keys(&["space", "d"]);
        tui.wait_for("Review deletion", STEP);
        let started = Instant::now();
        tui.signal(signal);
        let status = tui.wait_exit(STEP);
        let took = started.elapsed();
        let code = status.exit_code();
        assert_eq!(code, 128 + signal as u32, "{signal}: exit code");
        let restored = tui.assert_terminal_restored(&format!("{signal}"));
        let log = std::fs::read_to_string(home.path().join("app.log")).unwrap();
        assert!(log.contains("terminating on signal"), "{signal}: {log}");
        figure(&format!(
            "{signal}: {} keys pressed, exited in {took:.2?} with code {code}; {restored}",
            tui.keys
        ));
    }
}

// ------------------------------------------------ SIGTERM / SIGINT mid-bulk-deletion --

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_mid_bulk_deletion_leaves_no_silent_loss() {
    signal_mid_bulk_deletion(Signal::SIGTERM).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_mid_bulk_deletion_leaves_no_silent_loss() {
    signal_mid_bulk_deletion(Signal::SIGINT).await;
}

async fn signal_mid_bulk_deletion(signal: Signal) {
    const USERS: usize = 40;
    let pool = Pool::create("e2e-bulk").await;
    for i in 0..USERS {
        pool.create_user(
            &format!("user{i:02}"),
            &[
                ("email", &format!("user{i:02}@example.com")),
                ("given_name", "Test"),
                ("locale", "en-GB"),
            ],
        )
        .await;
    }
    let before = pool.snapshot().await;
    // Each call a little slow, and the app's own limiter at 8 deletions a second: the run
    // takes seconds, so the signal lands with deletions in flight.
    let proxy = FaultProxy::start(
        &moto_url(),
        Faults {
            latency: Duration::from_millis(60),
            ..Faults::default()
        },
    )
    .await;
    let home = Home::new();
    std::fs::create_dir_all(home.config().parent().unwrap()).unwrap();
    std::fs::write(home.config(), "[quotas]\nuser_update = 8\n").unwrap();
    let log = home.path().join("app.log").display().to_string();
    let env = env_for(&home);
    let mut tui = Tui::spawn(&moto_args(&pool, proxy.url(), &log), &env, home.path());
    wait_loaded(&tui, "user00");
    tui.key("*");
    tui.wait_for(&format!("{USERS} user(s) chosen"), STEP);
    mark_locale_and_type_the_count(&mut tui, USERS);
    tui.key("enter");
    wait_bulk_started(&tui);

    // Mid-run: a few outcomes written, most users still to go.
    let deadline = Instant::now() + START;
    let outcomes_at_kill = loop {
        let contents = journal::read(&home.journal()).unwrap();
        let done = contents.entries.iter().filter(|e| !e.is_pending()).count();
        if done >= 5 {
            break done;
        }
        assert!(
            Instant::now() < deadline,
            "the bulk run made no progress; the screen:\n{}",
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    tui.signal(signal);
    let status = tui.wait_exit(STEP);
    let restored = tui.assert_terminal_restored(&format!("{signal} mid-bulk"));
    // Calls still in flight at the proxy end with the process; let them land first.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let contents = journal::read(&home.journal()).unwrap();
    assert!(
        contents.unreadable_lines.is_empty(),
        "unreadable journal lines {:?}",
        contents.unreadable_lines
    );
    let after = pool.snapshot().await;
    assert_eq!(after.len(), USERS);
    let mut journalled = BTreeSet::new();
    let (mut ok, mut error, mut pending) = (0, 0, Vec::new());
    for entry in &contents.entries {
        let user = &entry.intent.username;
        assert!(journalled.insert(user.clone()), "{user} journalled twice");
        assert_eq!(entry.intent.names(), vec!["locale".to_owned()]);
        assert_eq!(entry.intent.attributes[0].before.as_deref(), Some("en-GB"));
        let has_locale = after[user].contains_key("locale");
        match entry.outcome.as_ref().map(|o| o.result) {
            Some(Verdict::Ok) => {
                ok += 1;
                assert!(!has_locale, "{user}: outcome ok, but the server has locale");
            }
            Some(Verdict::Error) => {
                error += 1;
                assert!(has_locale, "{user}: outcome error, but locale is gone");
            }
            Some(other) => panic!("{user}: unexpected outcome {other:?}"),
            None => pending.push(entry.intent.id.clone()),
        }
    }
    // Nothing changed without an intent: users never started keep every attribute.
    for (user, attributes) in &after {
        if !journalled.contains(user) {
            assert_eq!(
                attributes, &before[user],
                "{user} changed without an intent"
            );
        } else {
            let mut expected = before[user].clone();
            expected.remove("locale");
            let unchanged = attributes == &before[user];
            assert!(
                unchanged || attributes == &expected,
                "{user}: more than locale changed"
            );
        }
    }

    // `journal --pending` lists exactly the pending ones.
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
            .args(args)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = run(&["journal", "--pending"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let listed: BTreeSet<String> = stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_owned)
        .collect();
    let expected_pending: BTreeSet<String> = pending.iter().cloned().collect();
    assert_eq!(
        listed, expected_pending,
        "journal --pending:\n{stdout}{stderr}"
    );
    assert!(
        stdout.lines().skip(1).all(|l| l.ends_with("PENDING")),
        "{stdout}"
    );

    // `journal --resolve` settles them against the server, and the server agrees.
    let (code, stdout, stderr) = run(&[
        "journal",
        "--resolve",
        "--pool-id",
        &pool.id,
        "--endpoint-url",
        &moto_url(),
        "--region",
        "us-east-1",
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let resolved = journal::read(&home.journal()).unwrap();
    assert_eq!(resolved.pending().count(), 0, "{stdout}{stderr}");
    let final_state = pool.snapshot().await;
    let mut applied = 0;
    for entry in &resolved.entries {
        let gone = !final_state[&entry.intent.username].contains_key("locale");
        assert_eq!(
            entry.applied(),
            gone,
            "{}: journal says applied={}, server says gone={gone}",
            entry.intent.username,
            entry.applied()
        );
        applied += usize::from(gone);
    }
    let gone_on_server = final_state
        .values()
        .filter(|a| !a.contains_key("locale"))
        .count();
    assert_eq!(
        applied, gone_on_server,
        "every deletion on the server is journalled"
    );
    let stats = proxy.stats();
    figure(&format!(
        "{signal} mid-bulk: {} keys pressed; {USERS} users chosen; signalled after {outcomes_at_kill} \
         outcome(s); exit code {}; journal: {} intent(s) = {ok} ok + {error} error + {} pending, \
         {} user(s) never started; `journal --pending` listed {}; after --resolve: {applied} \
         applied = {gone_on_server} deleted on the server; {} call(s) ({})",
        tui.keys,
        status.exit_code(),
        contents.entries.len(),
        pending.len(),
        USERS - journalled.len(),
        listed.len(),
        stats.requests,
        operations_summary(&stats.operations),
    ));
    figure(&format!("{signal} mid-bulk: {restored}"));
}

// ------------------------------------------------- a bulk deletion through faults --

/// `(deleted, skipped, failed)` from the status line a finished bulk run leaves.
fn bulk_counts(screen: &str) -> Option<(usize, usize, usize)> {
    let line = screen.lines().find(|l| l.contains("Bulk deletion of "))?;
    let numbers: Vec<usize> = ["deleted", "skipped", "failed"]
        .iter()
        .map(|word| {
            let before = &line[..line.find(&format!(" {word}"))?];
            before
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
        .collect::<Option<_>>()?;
    Some((numbers[0], numbers[1], numbers[2]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_deletion_of_300_users_through_faults_accounts_for_every_user() {
    use futures_util::StreamExt as _;
    const USERS: usize = 300;
    const WITHOUT: usize = 10;
    let pool = Pool::create("e2e-faults").await;
    // 10 users without a locale (they must come out skipped, not lost), then 290 with one,
    // eight at a time (so in no set order after the first 10).
    for i in 0..WITHOUT {
        let name = format!("u{i:03}");
        pool.create_user(&name, &[("email", &format!("{name}@example.com"))])
            .await;
    }
    futures_util::stream::iter(WITHOUT..USERS)
        .map(|i| {
            let pool = &pool;
            async move {
                let name = format!("u{i:03}");
                let email = format!("{name}@example.com");
                pool.create_user(
                    &name,
                    &[
                        ("email", email.as_str()),
                        ("given_name", "Test"),
                        ("locale", "en-GB"),
                    ],
                )
                .await;
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<()>>()
        .await;
    let before = pool.snapshot().await;
    assert_eq!(before.len(), USERS);
    let proxy = FaultProxy::start(&moto_url(), Faults::default()).await;
    let home = Home::new();
    let log = home.path().join("app.log").display().to_string();
    let mut tui = Tui::spawn(
        &moto_args(&pool, proxy.url(), &log),
        &env_for(&home),
        home.path(),
    );
    tui.wait_for("Attributes of u000", START);
    tui.key("L");
    tui.wait_for(&format!("{USERS} users (~{USERS} est.)"), START);
    tui.wait_until("the user's groups", START, |s| {
        s.contents().contains("Groups   none")
    });
    tui.key("*");
    tui.wait_for(&format!("{USERS} user(s) chosen"), STEP);
    // u000 has no locale: show the last user, who has one, to mark it.
    tui.key("G");
    tui.wait_until("the last user's details", STEP, |s| {
        let text = s.contents();
        !text.contains("Attributes of u000 ")
            && text.contains("] locale ")
            && text.contains("Groups   none")
    });
    mark_locale_and_type_the_count(&mut tui, USERS);
    // The faults start with the deletion.
    let loading = proxy.stats();
    proxy.set_faults(Faults {
        throttle_rate: 0.20,
        server_error_rate: 0.05,
        drop_rate: 0.02,
        max_drops: 8,
        seed: 20_261_201,
        ..Faults::default()
    });
    tui.key("enter");
    wait_bulk_started(&tui);
    let mut rounds = Vec::new();
    let mut to_retry = USERS;
    for round in 0..4 {
        tui.wait_until("the bulk run's end", Duration::from_secs(90), |s| {
            bulk_counts(&s.contents()).is_some()
        });
        let counts = bulk_counts(&tui.screen()).unwrap();
        assert_eq!(
            counts.0 + counts.1 + counts.2,
            to_retry,
            "round {round}: every user accounted for"
        );
        rounds.push(counts);
        if counts.2 == 0 {
            break;
        }
        // R reviews the failed users again.
        to_retry = counts.2;
        tui.key("R");
        tui.wait_for("Review bulk deletion", STEP);
        tui.key("y");
        if to_retry > 20 {
            tui.wait_for("type the number of users to confirm", STEP);
            tui.type_text(&to_retry.to_string());
            tui.key("enter");
        }
        wait_bulk_started(&tui);
    }
    let faults = proxy.stats();
    proxy.set_faults(Faults::default());
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "{status:?}");
    tui.assert_terminal_restored("bulk through faults");
    assert_eq!(
        rounds.last().map(|r| r.2),
        Some(0),
        "failures remain: {rounds:?}"
    );

    // Calls dropped after the server applied them may still be landing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = pool.snapshot().await;
    let contents = journal::read(&home.journal()).unwrap();
    assert!(contents.unreadable_lines.is_empty());
    assert_eq!(contents.pending().count(), 0, "no entry left pending");
    let mut applied: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &contents.entries {
        if entry.applied() {
            *applied.entry(entry.intent.username.clone()).or_default() += 1;
        }
    }
    let twice: Vec<_> = applied.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "deleted twice: {twice:?}");
    for (user, attributes) in &after {
        let had = before[user].contains_key("locale");
        let has = attributes.contains_key("locale");
        assert!(!has, "{user} still has its locale: silently skipped");
        assert_eq!(
            applied.contains_key(user),
            had,
            "{user}: the journal and the server disagree (had locale: {had})"
        );
        let mut expected = before[user].clone();
        expected.remove("locale");
        assert_eq!(attributes, &expected, "{user}: more than locale changed");
    }
    let skipped_total: usize = rounds.iter().map(|r| r.1).sum();
    assert_eq!(
        skipped_total, WITHOUT,
        "the users without a locale are the skipped ones"
    );
    let deleting = |s: &fault_proxy::Stats| {
        s.operations
            .get("AdminDeleteUserAttributes")
            .copied()
            .unwrap_or(0)
    };
    figure(&format!(
        "faults: bulk deletion over {USERS} users ({WITHOUT} without the attribute), {} keys \
         pressed; injected {} TooManyRequests, {} HTTP 500, {} dropped connections ({} before, \
         {} after the server) over {} requests ({} AdminDeleteUserAttributes); rounds \
         (deleted, skipped, failed): {rounds:?}; journal {} entries, {} applied, 0 pending, 0 \
         deleted twice; server: {} of {} locales gone, each journalled once",
        tui.keys,
        faults.throttled - loading.throttled,
        faults.server_errors - loading.server_errors,
        faults.dropped() - loading.dropped(),
        faults.dropped_before - loading.dropped_before,
        faults.dropped_after - loading.dropped_after,
        faults.requests - loading.requests,
        deleting(&faults) - deleting(&loading),
        contents.entries.len(),
        applied.len(),
        before
            .iter()
            .filter(|(u, a)| a.contains_key("locale") && !after[*u].contains_key("locale"))
            .count(),
        USERS - WITHOUT,
    ));
}

/// Issue 13: `:profile ro` from a writable profile opened writable and deletions went through.
#[test]
fn switching_to_a_read_only_profile_makes_the_session_read_only() {
    let home = Home::new();
    let config = home.path().join("switch.toml");
    std::fs::write(&config, support::RW_AND_RO_PROFILES).unwrap();
    let config = config.display().to_string();
    let env = env_for(&home);
    let mut tui = Tui::spawn(
        &["--demo", "--config", &config, "--profile", "rw"],
        &env,
        home.path(),
    );
    tui.wait_for("jo.bloggs", START);
    tui.wait_for(" RW ", START);
    tui.key(":");
    tui.type_text("profile ro");
    tui.key("enter");
    tui.wait_for(" RO ", STEP);
    let header = tui.screen().lines().next().unwrap_or_default().to_owned();
    assert!(
        header.contains("ro") && !header.contains(" RW "),
        "{header}"
    );
    tui.wait_for("jo.bloggs", STEP);
    tui.keys(&["tab", "j", "space", "d", "y"]);
    tui.wait_for("read-only mode", STEP);
    assert!(!tui.screen().contains("deleted"), "{}", tui.screen());
}

/// A stalled connection (issue 13): behind a proxy that holds every AdminGetUser without
/// answering, the pane's read ends within the config file's `[timeouts]` with one sentence, the
/// list stays usable, and `q` quits with the terminal restored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_the_server_never_answers_ends_in_one_sentence_and_the_app_goes_on() {
    let pool = Pool::create("pty-hang").await;
    pool.create_user("alice", &[("email", "alice@example.com")])
        .await;
    pool.create_user("bob", &[("email", "bob@example.com")])
        .await;
    let proxy = FaultProxy::start(
        &moto_url(),
        Faults {
            hang: vec![Hang::operation("AdminGetUser")],
            ..Faults::default()
        },
    )
    .await;
    let home = Home::new();
    std::fs::create_dir_all(home.config().parent().unwrap()).unwrap();
    std::fs::write(
        home.config(),
        "[timeouts]\nconnect_secs = 1\nattempt_secs = 1\noperation_secs = 2\n",
    )
    .unwrap();
    let log = home.path().join("app.log").display().to_string();
    let mut tui = Tui::spawn(
        &moto_args(&pool, proxy.url(), &log),
        &env_for(&home),
        home.path(),
    );
    tui.wait_for("users (~", START);
    tui.wait_for("Cognito did not answer AdminGetUser within", START);
    assert!(proxy.stats().hung >= 1, "{:?}", proxy.stats());
    // The list still moves: the next user is shown while its read is held too.
    tui.key("j");
    tui.wait_for("Attributes of bob", STEP);
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "exit status {status:?}");
    tui.assert_terminal_restored("quit after a read that never came back");
}
