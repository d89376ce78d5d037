//! The account-action subcommands in a terminal, as a person runs them: `set-password` asks
//! twice without echoing, and a destructive action over several users asks before it starts.
//! Needs moto: run through `scripts/test.sh`
//! (`COGNITO_TUI_SKIP_LINTS=1 COGNITO_TUI_TEST_CMD='cargo test --test cli_actions_pty' scripts/test.sh`).

mod fault_proxy;
mod moto_pool;
mod pty;

use std::time::Duration;

use cognito_tui::directory::DirectoryReader;
use fault_proxy::{FaultProxy, Faults};
use moto_pool::{Pool, moto_url, pool_args};
use pty::{Home, Tui};

const WAIT: Duration = Duration::from_secs(20);

async fn pool(label: &str) -> Pool {
    let pool = Pool::create(label).await;
    for user in ["jo", "ann"] {
        pool.create_user(user, &[("email", &format!("{user}@example.com"))])
            .await;
    }
    pool
}

fn spawn(home: &Home, pool: &Pool, args: &[&str]) -> Tui {
    spawn_at(home, pool, &moto_url(), args)
}

/// [`spawn`], its calls sent to `url` (a fault proxy in front of moto).
fn spawn_at(home: &Home, pool: &Pool, url: &str, args: &[&str]) -> Tui {
    let config = home.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    let mut all = pool_args(&pool.id, url);
    all.extend(["--config", config.to_str().unwrap()]);
    all.extend_from_slice(args);
    Tui::spawn(&all, &home.env_with_aws(), home.path())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_password_asks_twice_without_echo_and_never_shows_it() {
    let pool = pool("pty-setpw").await;
    let home = Home::new();
    let password = "Typed-Horse-99";

    // Two different answers: refused, nothing sent.
    let mut tui = spawn(&home, &pool, &["set-password", "--user", "jo"]);
    tui.wait_for("New password (not shown):", WAIT);
    tui.type_text(password);
    tui.send(b"\r");
    tui.wait_for("The same password again:", WAIT);
    tui.type_text("something-else");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 2, "{}", tui.screen());
    assert!(
        tui.screen().contains("the two passwords differ"),
        "{}",
        tui.screen()
    );
    assert_eq!(
        pool.reader().get_user("jo").await.unwrap().status(),
        "FORCE_CHANGE_PASSWORD"
    );

    let mut tui = spawn(
        &home,
        &pool,
        &["set-password", "--permanent", "--user", "jo"],
    );
    tui.wait_for("New password (not shown):", WAIT);
    tui.type_text(password);
    tui.send(b"\r");
    tui.wait_for("The same password again:", WAIT);
    tui.type_text(password);
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{}", tui.screen());
    assert!(
        tui.screen().contains("permanent password set"),
        "{}",
        tui.screen()
    );
    assert_eq!(
        pool.reader().get_user("jo").await.unwrap().status(),
        "CONFIRMED"
    );

    let raw = String::from_utf8_lossy(&tui.raw()).into_owned();
    assert!(!raw.contains(password), "the password was echoed: {raw}");
    for file in home.files() {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        assert!(
            !text.contains(password),
            "{} holds the password",
            file.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_two_users_asks_first_and_yes_goes_on() {
    let pool = pool("pty-disable").await;
    let home = Home::new();

    let mut tui = spawn(&home, &pool, &["disable", "--user", "jo", "--user", "ann"]);
    tui.wait_for("Type yes to go on:", WAIT);
    let question = tui.screen();
    assert!(
        question.contains("About to disable 2 users of pool"),
        "{question}"
    );
    assert!(question.contains("cognito-tui undo"), "{question}");
    tui.type_text("no");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 1, "{}", tui.screen());
    assert!(pool.reader().get_user("jo").await.unwrap().enabled());

    let mut tui = spawn(&home, &pool, &["disable", "--user", "jo", "--user", "ann"]);
    tui.wait_for("Type yes to go on:", WAIT);
    tui.type_text("yes");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{}", tui.screen());
    assert!(!pool.reader().get_user("jo").await.unwrap().enabled());
    assert!(!pool.reader().get_user("ann").await.unwrap().enabled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_asks_before_any_call_and_a_no_makes_none() {
    let pool = pool("pty-undo-no").await;
    let home = Home::new();
    let mut tui = spawn(
        &home,
        &pool,
        &["disable", "--user", "jo", "--user", "ann", "--yes"],
    );
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{}", tui.screen());
    let screen = tui.screen();
    let batch = screen
        .split("undo --batch ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| c == '`' || c.is_whitespace()).next())
        .unwrap_or_else(|| panic!("no batch named: {screen}"))
        .to_owned();

    // The question names the users and the pool from the journal: Cognito is not asked
    // anything (DescribeUserPool included) before the answer, nor after a "no".
    let proxy = FaultProxy::start(&moto_url(), Faults::default()).await;
    let mut tui = spawn_at(&home, &pool, proxy.url(), &["undo", "--batch", &batch]);
    tui.wait_for("Type yes to go on:", WAIT);
    tui.type_text("no");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 1, "{}", tui.screen());
    let stats = proxy.stats();
    assert_eq!(stats.requests, 0, "{:?}", stats.operations);
    assert!(!pool.reader().get_user("jo").await.unwrap().enabled());

    // A "yes" undoes them.
    let mut tui = spawn_at(&home, &pool, proxy.url(), &["undo", "--batch", &batch]);
    tui.wait_for("Type yes to go on:", WAIT);
    tui.type_text("yes");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    assert!(status.success(), "{}", tui.screen());
    assert!(pool.reader().get_user("jo").await.unwrap().enabled());
    assert!(pool.reader().get_user("ann").await.unwrap().enabled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_named_are_read_before_the_question_and_one_made_again_meanwhile_is_left_alone() {
    use cognito_tui::change::AccountAction;
    use cognito_tui::directory::DirectoryWriter;
    let pool = pool("pty-named-again").await;
    let home = Home::new();
    let mut tui = spawn(
        &home,
        &pool,
        &[
            "disable", "--user", "jo", "--user", "ghost", "--user", "ann",
        ],
    );
    tui.wait_for("Type yes to go on:", WAIT);
    let question = tui.screen();
    // The name the pool has not got is said before the question, which is of the other two.
    assert!(
        question.contains(&format!("not in pool {}, so not changed: ghost", pool.id)),
        "{question}"
    );
    assert!(
        question.contains("About to disable 2 users of pool"),
        "{question}"
    );
    // While the question waits, jo is deleted and made again for someone else.
    pool.writer()
        .apply("jo", &AccountAction::DeleteUser)
        .await
        .unwrap();
    pool.create_user("jo", &[("email", "jo.again@example.com")])
        .await;
    tui.type_text("yes");
    tui.send(b"\r");
    let status = tui.wait_exit(WAIT);
    let screen = tui.screen();
    assert_eq!(
        status.exit_code(),
        2,
        "a name the pool has not got: {screen}"
    );
    assert!(screen.contains("replaced since the review"), "{screen}");
    assert!(screen.contains("no such user"), "{screen}");
    assert!(
        pool.reader().get_user("jo").await.unwrap().enabled(),
        "the new jo was not asked about"
    );
    assert!(!pool.reader().get_user("ann").await.unwrap().enabled());
}
