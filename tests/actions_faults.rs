//! Account actions through the bulk engine against moto, through the real SDK, behind the
//! fault-injecting proxy: a bulk disable and a bulk group add, every user accounted for, the
//! server matching the journal, undo restoring the state before.
//!
//! These tests need moto: run them through `scripts/test.sh --test actions_faults`, which starts
//! it and exports `COGNITO_TUI_MOTO_URL`. Without it they fail, never skip.

mod fault_proxy;
mod moto_pool;

use std::collections::{BTreeSet, HashMap};

use cognito_tui::bulk::{Bulk, BulkReport, CancelFlag, ChangeJob, ItemResult, SkipReason};
use cognito_tui::change::AccountAction;
use cognito_tui::directory::PoolInfo;
use cognito_tui::journal::Kind;
use fault_proxy::{FaultProxy, Faults, assert_none_failed, journalled_bulk};
use moto_pool::{Pool, client_for, moto_url};

const USERS: usize = 120;

/// `USERS` users `act-000`…, 8 at a time.
async fn populate(pool: &Pool) -> Vec<String> {
    let usernames: Vec<String> = (0..USERS).map(|i| format!("act-{i:03}")).collect();
    for chunk in usernames.chunks(8) {
        let creations = chunk.iter().map(|u| {
            let email = format!("{u}@example.com");
            async move { pool.create_user(u, &[("email", email.as_str())]).await }
        });
        futures_util::future::join_all(creations).await;
    }
    usernames
}

async fn run(bulk: &Bulk, usernames: &[String], action: AccountAction) -> BulkReport {
    bulk.apply(
        ChangeJob {
            usernames: usernames.to_vec(),
            action,
            dry_run: false,
            reviewed: Vec::new(),
        },
        &PoolInfo::default(),
        None,
        &CancelFlag::new(),
    )
    .await
    .expect("the run starts")
}

async fn undo_all(bulk: &Bulk, report: &BulkReport) -> BulkReport {
    let ids: Vec<String> = report
        .users
        .iter()
        .filter(|u| matches!(u.result, ItemResult::Applied(_)))
        .filter_map(|u| u.journal_id.clone())
        .collect();
    bulk.undo(&ids, None, &CancelFlag::new())
        .await
        .expect("the undo starts")
}

/// Each user's enabled flag, read directly (no proxy).
async fn enabled_flags(pool: &Pool, usernames: &[String]) -> HashMap<String, bool> {
    let mut out = HashMap::new();
    for chunk in usernames.chunks(16) {
        let reads = chunk.iter().map(|u| async move {
            let user = pool
                .client
                .admin_get_user()
                .user_pool_id(&pool.id)
                .username(u)
                .send()
                .await
                .expect("AdminGetUser");
            (u.clone(), user.enabled())
        });
        out.extend(futures_util::future::join_all(reads).await);
    }
    out
}

/// The members of `group`, read directly (no proxy).
async fn members(pool: &Pool, group: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut token = None;
    loop {
        let page = pool
            .client
            .list_users_in_group()
            .user_pool_id(&pool.id)
            .group_name(group)
            .set_next_token(token)
            .send()
            .await
            .expect("ListUsersInGroup");
        out.extend(
            page.users()
                .iter()
                .filter_map(|u| u.username().map(str::to_owned)),
        );
        match page.next_token() {
            Some(next) => token = Some(next.to_owned()),
            None => return out,
        }
    }
}

fn assert_accounted(report: &BulkReport, skipped: usize) {
    assert_eq!(report.users.len(), USERS);
    assert_eq!(report.counts().skipped, skipped, "{:?}", report.users);
    assert_none_failed(report);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_disable_through_faults_matches_the_journal_and_undo_enables_again() {
    let pool = Pool::create("cognito-tui-actions-disable").await;
    let usernames = populate(&pool).await;
    // Three users are disabled already: skipped, and left disabled by the undo.
    for u in &usernames[..3] {
        pool.disable_user(u).await;
    }
    let proxy = FaultProxy::start(&moto_url(), Faults::rough(20_261_206)).await;
    let (_dir, journal, bulk) = journalled_bulk(client_for(proxy.url()).await, &pool.id);

    let report = run(&bulk, &usernames, AccountAction::Disable).await;
    let stats = proxy.stats();
    eprintln!("disable: {:?}; proxy {stats:?}", report.counts());
    assert_accounted(&report, 3);
    assert!(report.users[..3].iter().all(|u| matches!(
        &u.result,
        ItemResult::Skipped(SkipReason::Unchanged(why)) if why == "already disabled"
    )));
    assert!(stats.throttled > 5 && stats.server_errors > 0, "{stats:?}");

    // The server matches the journal: every applied intent's user is disabled, with the flag
    // before journalled; no intent is left pending.
    let contents = journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    let applied: Vec<_> = contents
        .entries
        .iter()
        .filter(|e| e.intent.kind == Kind::Disable && e.applied())
        .collect();
    assert_eq!(applied.len(), USERS - 3);
    assert!(
        applied
            .iter()
            .all(|e| e.intent.before.as_ref().unwrap().enabled == Some(true))
    );
    let flags = enabled_flags(&pool, &usernames).await;
    assert!(flags.values().all(|enabled| !enabled));

    let undo = undo_all(&bulk, &report).await;
    assert_eq!(
        undo.counts().done,
        USERS - 3,
        "{:?}",
        undo.failed_usernames()
    );
    let flags = enabled_flags(&pool, &usernames).await;
    for (i, u) in usernames.iter().enumerate() {
        assert_eq!(flags[u], i >= 3, "{u}");
    }
    let contents = journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    assert!(
        applied
            .iter()
            .all(|e| contents.undo_of(&e.intent.id).is_some())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_group_add_through_faults_matches_the_journal_and_undo_removes_again() {
    let pool = Pool::create("cognito-tui-actions-group").await;
    let usernames = populate(&pool).await;
    pool.create_group("support").await;
    // Two users are members already: skipped, and kept in the group by the undo.
    for u in &usernames[..2] {
        pool.add_to_group(u, "support").await;
    }
    let proxy = FaultProxy::start(&moto_url(), Faults::rough(20_261_206)).await;
    let (_dir, journal, bulk) = journalled_bulk(client_for(proxy.url()).await, &pool.id);

    let add = AccountAction::AddToGroup {
        group: "support".into(),
    };
    let report = run(&bulk, &usernames, add).await;
    let stats = proxy.stats();
    eprintln!("group add: {:?}; proxy {stats:?}", report.counts());
    assert_accounted(&report, 2);
    assert!(stats.throttled > 5 && stats.server_errors > 0, "{stats:?}");
    let contents = journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    let applied: Vec<_> = contents
        .entries
        .iter()
        .filter(|e| e.intent.kind == Kind::AddToGroup && e.applied())
        .collect();
    assert_eq!(applied.len(), USERS - 2);
    assert!(
        applied
            .iter()
            .all(|e| e.intent.group.as_deref() == Some("support"))
    );
    let all: BTreeSet<String> = usernames.iter().cloned().collect();
    assert_eq!(members(&pool, "support").await, all);

    let undo = undo_all(&bulk, &report).await;
    assert_eq!(
        undo.counts().done,
        USERS - 2,
        "{:?}",
        undo.failed_usernames()
    );
    let kept: BTreeSet<String> = usernames[..2].iter().cloned().collect();
    assert_eq!(members(&pool, "support").await, kept);

    // A group the pool does not have: every user fails with one clear sentence, none is sent
    // twice in vain (GroupNotFound is not retried), and the journal says so.
    let missing = run(
        &bulk,
        &usernames[..3],
        AccountAction::AddToGroup {
            group: "nope".into(),
        },
    )
    .await;
    for user in &missing.users {
        let text = user.result.to_string();
        assert!(text.contains("Group nope does not exist"), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_user_is_re_created_on_moto_with_its_attributes_groups_and_disabled_flag() {
    let pool = Pool::create("cognito-tui-actions-recreate").await;
    pool.create_user(
        "jo",
        &[
            ("email", "jo@example.com"),
            ("email_verified", "true"),
            ("name", "Jo Bloggs"),
        ],
    )
    .await;
    for group in ["support", "admins"] {
        pool.create_group(group).await;
        pool.add_to_group("jo", group).await;
    }
    pool.disable_user("jo").await;
    let before = pool.server_attributes("jo").await;
    let (_dir, journal, bulk) = journalled_bulk(client_for(&moto_url()).await, &pool.id);
    let jo = vec!["jo".to_owned()];

    let deleted = run(&bulk, &jo, AccountAction::DeleteUser).await;
    assert_eq!(
        deleted.users[0].result,
        ItemResult::Applied("user deleted".into()),
        "{:?}",
        deleted.users[0]
    );
    assert!(
        pool.client
            .admin_get_user()
            .user_pool_id(&pool.id)
            .username("jo")
            .send()
            .await
            .is_err(),
        "gone"
    );

    let undone = undo_all(&bulk, &deleted).await;
    assert!(undone.users[0].result.is_done(), "{:?}", undone.users[0]);
    let after = pool.server_attributes("jo").await;
    for name in ["email", "email_verified", "name"] {
        assert_eq!(after.get(name), before.get(name), "{name}");
    }
    assert_ne!(after.get("sub"), before.get("sub"), "a new sub");
    let flags = enabled_flags(&pool, &jo).await;
    assert!(!flags["jo"], "disabled again");
    for group in ["support", "admins"] {
        assert!(members(&pool, group).await.contains("jo"), "{group}");
    }
    let contents = journal.read().unwrap();
    assert_eq!(contents.pending().count(), 0);
    let recreate = contents.entries.last().unwrap();
    assert_eq!(recreate.intent.kind, Kind::CreateUser);
    assert!(recreate.applied());
}
