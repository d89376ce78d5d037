//! The bulk engine against moto, through the real SDK, behind the fault-injecting proxy: every
//! user accounted for, the server matching the journal exactly, undo restoring every value.
//!
//! These tests need moto: run them through `scripts/test.sh --test bulk_moto`, which starts it
//! and exports `COGNITO_TUI_MOTO_URL`. Without it they fail, never skip.

mod fault_proxy;
mod moto_pool;

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use cognito_tui::bulk::{CancelFlag, DeleteJob, ItemResult, SkipReason};
use cognito_tui::journal::{self, Kind};
use cognito_tui::limiter::Quotas;
use fault_proxy::{
    FaultProxy, Faults, Quota, assert_none_failed, bulk_over, generous_quotas, journalled_bulk,
    temp_journal,
};
use moto_pool::cli::Cli;
use moto_pool::{Attributes, Pool, client_for, moto_url};

/// A fresh pool on moto, reached directly (no proxy) to set up and to check the final state.
async fn new_pool(label: &str) -> Pool {
    Pool::create_with_schema(
        &format!("cognito-tui-bulk-{label}"),
        Some(&[
            ("sub", true, false),
            ("email", true, true),
            ("given_name", false, true),
            ("locale", false, true),
            ("plan", false, true),
            ("tenant", false, false),
        ]),
    )
    .await
}

/// Creates `n` users `bulk-000`…, 8 at a time; every 15th has neither `locale` nor
/// `custom:plan`. Returns each user's attributes as created.
async fn populate(pool: &Pool, n: usize) -> BTreeMap<String, Vec<(String, String)>> {
    let mut users = BTreeMap::new();
    for i in 0..n {
        let username = format!("bulk-{i:03}");
        let mut attributes = vec![
            ("email".to_owned(), format!("{username}@example.com")),
            ("given_name".to_owned(), format!("Given {i}")),
            ("custom:tenant".to_owned(), format!("tenant-{}", i % 4)),
        ];
        if i % 15 != 7 {
            attributes.push((
                "locale".to_owned(),
                ["en-GB", "fr-FR", "de-DE"][i % 3].to_owned(),
            ));
            attributes.push(("custom:plan".to_owned(), format!("plan \"{i}\" ✓")));
        }
        users.insert(username, attributes);
    }
    let list: Vec<_> = users.iter().collect();
    for chunk in list.chunks(8) {
        let creations = chunk
            .iter()
            .map(|(username, attributes)| pool.create_user_from(username, attributes));
        futures_util::future::join_all(creations).await;
    }
    users
}

/// Every user's attributes, read directly one user at a time (AdminGetUser), 16 at a time.
async fn server_snapshot(
    pool: &Pool,
    usernames: impl Iterator<Item = &String>,
) -> HashMap<String, Attributes> {
    let names: Vec<&String> = usernames.collect();
    let mut out = HashMap::new();
    for chunk in names.chunks(16) {
        let reads = chunk
            .iter()
            .map(|u| async move { ((*u).clone(), pool.server_attributes(u).await) });
        out.extend(futures_util::future::join_all(reads).await);
    }
    out
}

const DELETED: [&str; 2] = ["locale", "custom:plan"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_users_through_faults_end_accounted_matching_the_journal_and_undo_restores_them()
 {
    let pool = new_pool("faults").await;
    let created = populate(&pool, 300).await;
    let proxy = FaultProxy::start(&moto_url(), Faults::rough(20_250_601)).await;
    let (_dir, journal, bulk) = journalled_bulk(client_for(proxy.url()).await, &pool.id);
    let cancel = CancelFlag::new();

    // Users come from a filter, through every page, faults and all.
    let usernames = bulk
        .list_usernames(Some("username ^= \"bulk-\""), &cancel)
        .await
        .expect("ListUsers through the proxy");
    assert_eq!(usernames.len(), 300);
    let info = bulk.describe_pool().await.expect("DescribeUserPool");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let counter = tokio::spawn(async move {
        let mut events = 0;
        let mut last = None;
        while let Some(p) = rx.recv().await {
            events += 1;
            last = Some(p);
        }
        (events, last)
    });
    let report = bulk
        .delete_attributes(
            DeleteJob {
                usernames: usernames.clone(),
                attributes: DELETED.iter().map(|s| s.to_string()).collect(),
                dry_run: false,
            },
            &info,
            Some(tx),
            &cancel,
        )
        .await
        .expect("the run starts");
    let (events, last) = counter.await.unwrap();
    let deletion_stats = proxy.stats();
    let counts = report.counts();
    eprintln!(
        "deletion: {counts:?} in {:.2?} ({:.0} users/s); proxy: {deletion_stats:?}",
        report.elapsed,
        report.rate()
    );

    // Every user accounted for.
    assert_eq!(report.users.len(), 300);
    assert_eq!(counts.done + counts.skipped + counts.failed, 300);
    assert_eq!(counts.skipped, 20, "the 20 users without the attributes");
    assert_none_failed(&report);
    assert!(report.users.iter().all(|u| match &u.result {
        ItemResult::Skipped(reason) => *reason == SkipReason::NotPresent,
        ItemResult::Deleted(_) => true,
        _ => false,
    }));
    assert_eq!(events, 301);
    let last = last.unwrap();
    assert_eq!((last.done, last.skipped, last.remaining), (280, 20, 0));
    // The faults really happened.
    assert!(deletion_stats.throttled > 20, "{deletion_stats:?}");
    assert!(deletion_stats.server_errors > 3, "{deletion_stats:?}");
    assert!(deletion_stats.dropped() > 0, "{deletion_stats:?}");

    // The server matches the journal exactly.
    let contents = journal.read().unwrap();
    assert!(contents.unreadable_lines.is_empty());
    assert_eq!(
        contents.pending().count(),
        0,
        "every intent has its outcome"
    );
    let applied: HashMap<&str, &journal::Entry> = contents
        .entries
        .iter()
        .filter(|e| e.intent.kind == Kind::Delete && e.applied())
        .map(|e| (e.intent.username.as_str(), e))
        .collect();
    assert_eq!(applied.len(), counts.done);
    let server = server_snapshot(&pool, created.keys()).await;
    for (username, attributes) in &created {
        let now = &server[username];
        match applied.get(username.as_str()) {
            Some(entry) => {
                for name in DELETED {
                    assert!(!now.contains_key(name), "{username} still has {name}");
                }
                // The journal holds exactly the values that were there.
                for change in &entry.intent.attributes {
                    let original = attributes.iter().find(|(n, _)| *n == change.name).unwrap();
                    assert_eq!(change.before.as_ref(), Some(&original.1));
                }
            }
            None => {
                for (name, value) in attributes {
                    assert_eq!(now.get(name), Some(value), "{username}: {name}");
                }
            }
        }
        assert!(now.contains_key("sub") && now.contains_key("email"));
    }

    // Undo everything, still through the faults.
    let ids: Vec<String> = report
        .users
        .iter()
        .filter(|u| matches!(u.result, ItemResult::Deleted(_)))
        .map(|u| u.journal_id.clone().unwrap())
        .collect();
    let undo = bulk
        .undo(&ids, None, &cancel)
        .await
        .expect("the undo starts");
    let undo_counts = undo.counts();
    let total_stats = proxy.stats();
    eprintln!(
        "undo: {undo_counts:?} in {:.2?}; proxy since start: {total_stats:?}",
        undo.elapsed
    );
    assert_eq!(undo_counts.done, 280, "{:?}", undo.failed_usernames());
    assert!(
        undo.users
            .iter()
            .all(|u| matches!(u.result, ItemResult::Restored(ref a) if a.len() == 2))
    );
    let server = server_snapshot(&pool, created.keys()).await;
    for (username, attributes) in &created {
        for (name, value) in attributes {
            assert_eq!(
                server[username].get(name),
                Some(value),
                "{username}: {name}"
            );
        }
    }
    let contents = journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    assert!(ids.iter().all(|id| contents.undo_of(id).is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sub_required_and_immutable_attributes_are_refused_though_moto_would_delete_them() {
    let pool = new_pool("refuse").await;
    let created = populate(&pool, 3).await;
    let (_dir, journal, bulk) = journalled_bulk(client_for(&moto_url()).await, &pool.id);
    let info = bulk.describe_pool().await.unwrap();
    for refused in ["sub", "email", "custom:tenant"] {
        let report = bulk
            .delete_attributes(
                DeleteJob {
                    usernames: created.keys().cloned().collect(),
                    attributes: vec!["locale".into(), refused.into()],
                    dry_run: false,
                },
                &info,
                None,
                &CancelFlag::new(),
            )
            .await
            .unwrap();
        assert_eq!(report.counts().skipped, 3);
        assert!(report.users.iter().all(|u| matches!(
            &u.result,
            ItemResult::Skipped(SkipReason::Refused(r)) if r.contains(refused)
        )));
    }
    for username in created.keys() {
        let now = pool.server_attributes(username).await;
        assert!(now.contains_key("sub") && now.contains_key("email"));
        assert!(now.contains_key("custom:tenant") && now.contains_key("locale"));
    }
    assert!(journal.read().unwrap().entries.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limiter_keeps_deletions_under_a_quota_the_proxy_enforces() {
    let pool = new_pool("quota").await;
    let created = populate(&pool, 40).await;
    let proxy = FaultProxy::start(
        &moto_url(),
        Faults {
            latency: Duration::from_millis(20),
            quotas: vec![Quota {
                per_second: 25,
                operations: vec!["AdminDeleteUserAttributes".into()],
            }],
            ..Faults::default()
        },
    )
    .await;
    let (_dir, journal) = temp_journal();
    let quotas = Quotas {
        user_update: 22,
        ..generous_quotas()
    };
    let bulk = bulk_over(client_for(proxy.url()).await, &pool.id, journal, &quotas);
    let info = bulk.describe_pool().await.unwrap();
    let report = bulk
        .delete_attributes(
            DeleteJob {
                usernames: created.keys().cloned().collect(),
                attributes: vec!["locale".into()],
                dry_run: false,
            },
            &info,
            None,
            &CancelFlag::new(),
        )
        .await
        .unwrap();
    let stats = proxy.stats();
    eprintln!(
        "quota run: {:?} in {:.2?}; {stats:?}",
        report.counts(),
        report.elapsed
    );
    assert_eq!(report.counts().failed, 0);
    let deletions = report.counts().done;
    // 37 deletions at 22 per second take at least 36 intervals.
    assert!(
        report.elapsed >= Duration::from_millis(36 * 1000 / 22),
        "{:?}",
        report.elapsed
    );
    assert_eq!(
        stats.operations["AdminDeleteUserAttributes"],
        deletions + stats.over_quota
    );
    assert!(stats.over_quota <= 2, "paced under the quota: {stats:?}");
}

/// The CLI: `delete-attributes`, `journal` and `undo` as a script would run them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_deletes_lists_and_undoes() {
    let pool = new_pool("cli").await;
    let created = populate(&pool, 25).await;
    let cli = Cli::new(&pool);
    let journal_path = cli.path("journal.jsonl");
    let journal_arg = journal_path.to_str().unwrap();
    // Every run journals to the same file.
    let run = |args: &[&str]| {
        let mut args = args.to_vec();
        args.extend(["--journal", journal_arg]);
        let run = cli.run(&args, None);
        (run.code, run.out, run.err)
    };

    // No terminal and no --yes: refused, nothing sent.
    let (code, _, err) = run(&[
        "delete-attributes",
        "--attribute",
        "locale",
        "--filter",
        "username ^= \"bulk-\"",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--yes"), "{err}");
    // Read-only: refused at once.
    let (code, _, err) = run(&[
        "--read-only",
        "delete-attributes",
        "--attribute",
        "locale",
        "--user",
        "bulk-000",
        "--yes",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("read-only"), "{err}");
    // A refused attribute is bad input.
    let (code, _, err) = run(&[
        "delete-attributes",
        "--attribute",
        "sub",
        "--user",
        "bulk-000",
        "--yes",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("sub"), "{err}");
    // A dry run reports and changes nothing.
    let (code, out, err) = run(&[
        "delete-attributes",
        "--attribute",
        "locale",
        "--user",
        "bulk-000",
        "--user",
        "bulk-007",
        "--dry-run",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("bulk-000\twould delete\tlocale"), "{out}");
    assert!(out.contains("bulk-007\tskipped"), "{out}");
    assert!(!journal_path.exists() || journal::read(&journal_path).unwrap().entries.is_empty());

    // The real thing, over every user of a filter, with --yes.
    let (code, out, err) = run(&[
        "delete-attributes",
        "--attribute",
        "locale",
        "--attribute",
        "custom:plan",
        "--filter",
        "username ^= \"bulk-\"",
        "--yes",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().filter(|l| l.contains("\tdeleted\t")).count(),
        23,
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.contains("\tskipped\t")).count(),
        2,
        "{out}"
    );
    assert!(err.contains("23 deleted, 2 skipped, 0 failed"), "{err}");
    assert!(
        !pool
            .server_attributes("bulk-000")
            .await
            .contains_key("locale")
    );

    // The journal lists them; nothing is pending.
    let (code, out, err) = run(&["journal"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out.lines().filter(|l| l.contains("delete")).count(),
        23,
        "{out}"
    );
    let (code, out, _) = run(&["journal", "--pending"]);
    assert_eq!(code, Some(0));
    assert!(out.trim().is_empty() || out.contains("no pending"), "{out}");

    // Undo the whole batch.
    let batch = journal::read(&journal_path).unwrap().entries[0]
        .intent
        .batch
        .clone();
    let (code, out, err) = run(&["undo", "--batch", &batch, "--yes"]);
    assert_eq!(code, Some(0), "{err}\n{out}");
    assert_eq!(
        out.lines().filter(|l| l.contains("\trestored\t")).count(),
        23,
        "{out}"
    );
    for (username, attributes) in &created {
        let now = pool.server_attributes(username).await;
        for (name, value) in attributes {
            assert_eq!(now.get(name), Some(value), "{username}: {name}");
        }
    }
    // Undoing again changes nothing and says why.
    let (code, out, _) = run(&["undo", "--batch", &batch, "--yes"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("already undone"), "{out}");
}

/// moto's DescribeUserPool leaves out standard attributes the pool still has: `birthdate` is
/// deleted all the same, and `identities` is refused with the reason before any call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_deletes_a_standard_attribute_moto_leaves_out_of_the_schema() {
    let pool = new_pool("standard").await;
    let attributes = vec![
        ("email".to_owned(), "std@example.com".to_owned()),
        ("birthdate".to_owned(), "1990-01-01".to_owned()),
    ];
    pool.create_user_from("std-user", &attributes).await;
    assert!(
        pool.server_attributes("std-user")
            .await
            .contains_key("birthdate")
    );
    let cli = Cli::new(&pool);
    let journal = cli.path("journal.jsonl");
    let run = |attribute: &str| {
        let run = cli.run(
            &[
                "delete-attributes",
                "--attribute",
                attribute,
                "--user",
                "std-user",
                "--yes",
                "--journal",
                journal.to_str().unwrap(),
            ],
            None,
        );
        (run.code, run.out, run.err)
    };
    let (code, _, err) = run("identities");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("sign-in providers"), "{err}");
    let (code, out, err) = run("birthdate");
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("deleted"), "{out}");
    assert!(
        !pool
            .server_attributes("std-user")
            .await
            .contains_key("birthdate")
    );
}

/// `--concurrency 16` against a pool that throttles: the waits are told on standard error in a
/// line per wait, not a line per user's retry, and standard output holds the results alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_command_line_run_tells_its_waits_in_one_line_not_one_per_user() {
    let pool = new_pool("cli-throttled").await;
    let created = populate(&pool, 16).await;
    let proxy = FaultProxy::start(
        &moto_url(),
        Faults {
            quotas: vec![Quota {
                per_second: 6,
                operations: vec!["AdminGetUser".into()],
            }],
            ..Faults::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    let journal = dir.path().join("journal.jsonl");
    let mut args = vec!["disable", "--concurrency", "16", "--yes"];
    args.extend(["--journal", journal.to_str().unwrap()]);
    for username in created.keys() {
        args.extend(["--user", username]);
    }
    let (path, url, id) = (
        dir.path().to_owned(),
        proxy.url().to_owned(),
        pool.id.clone(),
    );
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let run = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        moto_pool::cli::run_bounded(&path, &url, &id, &config, &args, Duration::from_secs(120))
    })
    .await
    .unwrap();
    let stats = proxy.stats();
    assert_eq!(run.code, Some(0), "{}\n{stats:?}", run.err);
    assert!(stats.over_quota >= 10, "the pool throttled: {stats:?}");
    let notices: Vec<&str> = run
        .err
        .lines()
        .filter(|l| l.contains("Cognito is throttling"))
        .collect();
    assert!(!notices.is_empty(), "the wait is told: {}", run.err);
    // One line per wait; the users throttled together share it.
    assert!(
        notices.len() <= 2,
        "{} throttled: {notices:#?}",
        stats.over_quota
    );
    assert!(notices[0].contains("calls waiting…"), "{notices:#?}");
    assert_eq!(run.out.lines().count(), 16, "{}", run.out);
    assert!(!run.out.contains("Cognito"), "{}", run.out);
}

/// A pool slow to answer, but within each attempt: no call is retried, and the run still says
/// on standard error why it waits, in a line per wait rather than per user.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_command_line_run_tells_its_wait_in_one_line_not_one_per_user() {
    let pool = new_pool("cli-slow").await;
    let created = populate(&pool, 8).await;
    let proxy = FaultProxy::start(
        &moto_url(),
        Faults {
            // Past half of the 4 s attempt (when a read says it still waits), within the attempt.
            latency: Duration::from_millis(2_500),
            ..Faults::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("timeouts.toml");
    std::fs::write(
        &config,
        "[timeouts]\nattempt_secs = 4\noperation_secs = 60\n",
    )
    .unwrap();
    let journal = dir.path().join("journal.jsonl");
    let mut args = vec!["disable", "--concurrency", "8", "--yes"];
    args.extend(["--journal", journal.to_str().unwrap()]);
    for username in created.keys() {
        args.extend(["--user", username]);
    }
    let (path, url, id) = (
        dir.path().to_owned(),
        proxy.url().to_owned(),
        pool.id.clone(),
    );
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let run = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        moto_pool::cli::run_bounded(&path, &url, &id, &config, &args, Duration::from_secs(180))
    })
    .await
    .unwrap();
    assert_eq!(run.code, Some(0), "{}", run.err);
    let notices: Vec<&str> = run
        .err
        .lines()
        .filter(|l| l.contains("Cognito is slow to answer"))
        .collect();
    assert!(!notices.is_empty(), "the wait is told: {}", run.err);
    // Eight users, a read and a write each: a line per wait, the users waiting together share it.
    assert!(notices.len() <= 4, "{notices:#?}");
    assert!(
        notices[0].contains("calls waiting, the longest for 2 s…"),
        "{notices:#?}"
    );
    assert_eq!(run.out.lines().count(), 8, "{}", run.out);
    assert!(!run.out.contains("Cognito"), "{}", run.out);
}
