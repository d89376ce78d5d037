//! A stalled connection (issue 13): the fault proxy holds one operation's requests without
//! answering, and every command ends anyway, within the `[timeouts]` the test sets (1 s per
//! attempt, 3 s in all), with one plain sentence. Needs moto (run through `scripts/test.sh`).

mod fault_proxy;
mod moto_pool;

use std::path::Path;
use std::time::Duration;

use fault_proxy::{FaultProxy, Faults, Hang};
use moto_pool::cli::{Run, run_bounded};
use moto_pool::{Pool, moto_url};

const TIMEOUTS: &str = "[timeouts]\nconnect_secs = 1\nattempt_secs = 1\noperation_secs = 3\n";

/// Runs `cognito-tui ARGS` against `endpoint` and `pool_id`, with short timeouts in its config
/// file and its log and data in `dir`. A run longer than a minute is killed: it hung.
fn run_cli(dir: &Path, endpoint: &str, pool_id: &str, args: &[&str]) -> Run {
    let config = dir.join("config.toml");
    std::fs::write(&config, TIMEOUTS).unwrap();
    run_bounded(
        dir,
        endpoint,
        pool_id,
        &config,
        args,
        Duration::from_secs(60),
    )
}

/// Runs the CLI off the runtime's threads, so the proxy (on the runtime) keeps serving.
async fn run(dir: &Path, endpoint: &str, pool_id: &str, args: &[&str]) -> Run {
    let (dir, endpoint, pool_id) = (dir.to_owned(), endpoint.to_owned(), pool_id.to_owned());
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_cli(&dir, &endpoint, &pool_id, &args)
    })
    .await
    .unwrap()
}

async fn hanging(hang: Vec<Hang>) -> FaultProxy {
    FaultProxy::start(
        &moto_url(),
        Faults {
            hang,
            ..Faults::default()
        },
    )
    .await
}

/// A run of `args` (given a directory it may write in) on a pool holding alice, behind a proxy
/// that holds every ListUsers: it fails, saying in one sentence that Cognito did not answer.
async fn ends_when_list_users_is_held(label: &str, args: impl FnOnce(&Path) -> Vec<String>) {
    let pool = Pool::create(label).await;
    pool.create_user("alice", &[("email", "alice@example.com")])
        .await;
    let proxy = hanging(vec![Hang::operation("ListUsers")]).await;
    let dir = tempfile::tempdir().unwrap();
    let args = args(dir.path());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let out = run(dir.path(), proxy.url(), &pool.id, &args).await;

    assert_ne!(out.code, Some(0), "stdout: {}", out.out);
    assert!(
        out.err.contains("Cognito did not answer ListUsers within"),
        "stderr: {}",
        out.err
    );
    assert!(proxy.stats().hung >= 1, "{:?}", proxy.stats());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_behind_a_proxy_that_holds_list_users_ends_with_one_sentence() {
    ends_when_list_users_is_held("hang-lookup", |_| {
        vec!["lookup".into(), "alice@example.com".into()]
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_behind_a_proxy_that_holds_list_users_ends_with_one_sentence() {
    ends_when_list_users_is_held("hang-export", |dir| {
        let output = dir.join("users.csv");
        vec![
            "export".into(),
            "--output".into(),
            output.to_str().unwrap().into(),
        ]
    })
    .await;
}

/// A command whose first `operation` call has no answer: stderr says, in one line, that it is
/// tried again, and the command goes on to its result, on stdout alone.
async fn goes_on_past_one_stall(label: &str, operation: &str, args: &[&str]) -> Run {
    let pool = Pool::create(label).await;
    pool.create_user("alice", &[("email", "alice@example.com")])
        .await;
    let proxy = hanging(vec![Hang::operation(operation).only(1)]).await;
    let dir = tempfile::tempdir().unwrap();
    // Room for the retry: one attempt held for its second, the next answered.
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[timeouts]\nconnect_secs = 1\nattempt_secs = 1\noperation_secs = 30\n",
    )
    .unwrap();
    let (path, url, id) = (
        dir.path().to_owned(),
        proxy.url().to_owned(),
        pool.id.clone(),
    );
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let out = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_bounded(&path, &url, &id, &config, &args, Duration::from_secs(60))
    })
    .await
    .unwrap();

    assert_eq!(
        out.code,
        Some(0),
        "stdout: {}\nstderr: {}",
        out.out,
        out.err
    );
    assert_eq!(proxy.stats().hung, 1, "{:?}", proxy.stats());
    let notices: Vec<&str> = out
        .err
        .lines()
        .filter(|l| l.contains("trying again"))
        .collect();
    assert_eq!(
        notices,
        [format!(
            "cognito-tui: No answer from Cognito to {operation} for 1 s; trying again (2 of 6)…"
        )],
        "stderr: {}",
        out.err
    );
    assert!(
        !out.out.contains("Cognito"),
        "stdout holds the results only: {}",
        out.out
    );
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_says_on_stderr_that_a_stalled_read_is_tried_again_and_goes_on() {
    let out = goes_on_past_one_stall(
        "stall-lookup",
        "ListUsers",
        &["lookup", "alice@example.com", "--json"],
    )
    .await;
    let found: serde_json::Value = serde_json::from_str(&out.out).expect("stdout is JSON");
    assert_eq!(found[0]["username"], "alice", "{found}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_says_on_stderr_that_a_stalled_read_is_tried_again_and_goes_on() {
    let out = goes_on_past_one_stall("stall-export", "DescribeUserPool", &["export"]).await;
    assert!(out.out.contains("alice@example.com"), "{}", out.out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_says_on_stderr_that_a_stalled_read_is_tried_again_and_goes_on() {
    let out = goes_on_past_one_stall(
        "stall-disable",
        "AdminGetUser",
        &["disable", "--user", "alice", "--dry-run"],
    )
    .await;
    assert!(out.out.starts_with("alice\t"), "{}", out.out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_deletion_leaves_that_user_pending_and_the_others_done() {
    let pool = Pool::create("hang-delete").await;
    for name in ["ana", "bo", "cy"] {
        pool.create_user(
            name,
            &[("email", &format!("{name}@example.com")), ("locale", "fr")],
        )
        .await;
    }
    // bo's deletion is held, and so is reading bo back to check it (after the plan's read):
    // its outcome cannot be known.
    let proxy = hanging(vec![
        Hang::user("AdminDeleteUserAttributes", "bo"),
        Hang::user("AdminGetUser", "bo").after(1),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();

    let out = run(
        dir.path(),
        proxy.url(),
        &pool.id,
        &[
            "delete-attributes",
            "--attribute",
            "locale",
            "--user",
            "ana",
            "--user",
            "bo",
            "--user",
            "cy",
            "--yes",
        ],
    )
    .await;

    assert_ne!(
        out.code,
        Some(0),
        "stdout: {}\nstderr: {}",
        out.out,
        out.err
    );
    let report = format!("{}{}", out.out, out.err);
    assert!(
        report.contains("Cognito did not answer AdminDeleteUserAttributes within"),
        "{report}"
    );
    assert!(proxy.stats().hung >= 1, "{:?}", proxy.stats());
    // The others were done; bo kept its value (the proxy never sent the call on).
    assert!(!pool.server_attributes("ana").await.contains_key("locale"));
    assert!(!pool.server_attributes("cy").await.contains_key("locale"));
    assert_eq!(
        pool.server_attributes("bo")
            .await
            .get("locale")
            .map(String::as_str),
        Some("fr")
    );

    // bo's journal entry is pending, and `journal --resolve` (with no fault) settles it.
    let pending = run(dir.path(), &moto_url(), &pool.id, &["journal", "--pending"]).await;
    assert!(
        pending.out.contains("bo"),
        "pending: {}{}",
        pending.out,
        pending.err
    );
    assert!(!pending.out.contains("ana"), "pending: {}", pending.out);
    let resolved = run(dir.path(), &moto_url(), &pool.id, &["journal", "--resolve"]).await;
    assert_eq!(resolved.code, Some(0), "{}{}", resolved.out, resolved.err);
    let after = run(dir.path(), &moto_url(), &pool.id, &["journal", "--pending"]).await;
    assert!(!after.out.contains("bo"), "still pending: {}", after.out);
}

/// The TUI's worker: a detail load held by the proxy ends with the timed-out sentence, and the
/// next load (another user) is answered — the app goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_detail_load_in_the_worker_ends_timed_out_and_the_next_one_answers() {
    use cognito_tui::config::Settings;
    use cognito_tui::directory::Access;
    use cognito_tui::directory::aws::AwsReader;
    use cognito_tui::retry::RetryPolicy;
    use cognito_tui::session::cognito_client;
    use cognito_tui::timeouts::{self, Timeouts};
    use cognito_tui::worker::{Command, RequestId, Response, Worker};
    use std::sync::Arc;

    timeouts::install(toml::from_str::<Timeouts>(&TIMEOUTS.replace("[timeouts]\n", "")).unwrap());
    let pool = Pool::create("hang-worker").await;
    pool.create_user("ana", &[("email", "ana@example.com")])
        .await;
    pool.create_user("bo", &[("email", "bo@example.com")]).await;
    let proxy = hanging(vec![Hang::user("AdminGetUser", "bo")]).await;
    let client = cognito_client(&Settings {
        endpoint_url: Some(proxy.url().to_owned()),
        region: Some("us-east-1".into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let access = Access::ReadOnly {
        reader: Arc::new(AwsReader::new(client, pool.id.clone())),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());

    let mut next_user = async |id: u64, username: &str| {
        worker
            .commands
            .send(Command::GetUser {
                id: RequestId(id),
                username: username.to_owned(),
            })
            .unwrap();
        // A bound far above the 3 s operation limit: only a hang reaches it. The notices
        // that the read waits come before its answer.
        let response = loop {
            match tokio::time::timeout(Duration::from_secs(60), responses.recv())
                .await
                .expect("the worker answered")
                .expect("the worker is running")
            {
                Response::Waiting { .. } => continue,
                response => break response,
            }
        };
        match response {
            Response::User {
                id: got, result, ..
            } => {
                assert_eq!(got, RequestId(id));
                result
            }
            other => panic!("unexpected answer {other:?}"),
        }
    };

    let held = next_user(1, "bo").await.unwrap_err();
    assert!(
        held.to_string()
            .starts_with("Cognito did not answer AdminGetUser within"),
        "{held}"
    );
    let answered = next_user(2, "ana").await.unwrap();
    assert_eq!(answered.username(), "ana");
    assert!(proxy.stats().hung >= 1);
}
