//! The groups view's reads against moto through the real SDK: `ListGroups` for the pool, then
//! `ListUsersInGroup` page by page, directly and through the worker.
//!
//! These tests need moto: run them through `scripts/test.sh`
//! (`COGNITO_TUI_TEST_CMD='cargo test --test moto_groups'`), which starts it.

mod moto_pool;

use std::collections::BTreeSet;

use cognito_tui::directory::{Access, DirectoryError, DirectoryReader};
use cognito_tui::retry::RetryPolicy;
use cognito_tui::worker::{Command, RequestId, Response, Worker};
use moto_pool::Pool;

async fn add_group(pool: &Pool, group: &str, members: impl IntoIterator<Item = String>) {
    pool.client
        .create_group()
        .user_pool_id(&pool.id)
        .group_name(group)
        .description(format!("the {group}"))
        .send()
        .await
        .expect("CreateGroup on moto");
    for username in members {
        pool.client
            .admin_add_user_to_group()
            .user_pool_id(&pool.id)
            .group_name(group)
            .username(&username)
            .send()
            .await
            .expect("AdminAddUserToGroup on moto");
    }
}

#[tokio::test]
async fn a_groups_users_come_in_pages_of_at_most_60_each_once() {
    let pool = Pool::create("groups-paging").await;
    let all: Vec<String> = (0..75).map(|i| format!("user{i:03}")).collect();
    for username in &all {
        pool.create_user(username, &[("email", &format!("{username}@example.com"))])
            .await;
    }
    // 65 of the 75 in "staff": more than a page; 3 in "admins".
    let staff: BTreeSet<String> = all.iter().take(65).cloned().collect();
    add_group(&pool, "staff", staff.iter().cloned()).await;
    add_group(&pool, "admins", all.iter().skip(70).take(3).cloned()).await;
    let reader = pool.reader();

    let groups = reader.list_all_groups().await.expect("ListGroups");
    let names: BTreeSet<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["admins", "staff"]));

    let mut listed = Vec::new();
    let mut sizes = Vec::new();
    let mut token = None;
    loop {
        let page = reader
            .list_users_in_group("staff", token.take())
            .await
            .expect("ListUsersInGroup");
        sizes.push(page.users.len());
        assert!(
            page.users.iter().all(|u| u.email().is_some()),
            "attributes come too"
        );
        listed.extend(page.users.into_iter().map(|u| u.username().to_owned()));
        assert!(sizes.len() <= 4, "paging does not end: {sizes:?}");
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    assert!(sizes.iter().all(|&n| n <= 60), "{sizes:?}");
    assert!(sizes.len() >= 2, "65 users take two pages: {sizes:?}");
    assert_eq!(listed.len(), 65, "no user twice");
    assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), staff);

    let admins = reader
        .list_users_in_group("admins", None)
        .await
        .expect("ListUsersInGroup admins");
    assert_eq!(admins.users.len(), 3);
    assert_eq!(admins.next_token, None);
}

#[tokio::test]
async fn an_unknown_group_is_an_error_not_an_empty_list() {
    let pool = Pool::create("groups-unknown").await;
    let e = pool
        .reader()
        .list_users_in_group("nobody-here", None)
        .await
        .expect_err("a group that does not exist");
    // Named as the group, not said to be a pool that does not exist.
    assert_eq!(
        e,
        DirectoryError::GroupNotFound {
            group: "nobody-here".into()
        }
    );
}

#[tokio::test]
async fn the_worker_answers_a_group_page_as_a_users_page() {
    let pool = Pool::create("groups-worker").await;
    pool.create_user("ann", &[("email", "ann@example.com")])
        .await;
    pool.create_user("bob", &[("email", "bob@example.com")])
        .await;
    add_group(&pool, "support", ["bob".to_owned()]).await;
    let access = Access::ReadOnly {
        reader: std::sync::Arc::new(pool.reader()),
    };
    let (worker, mut responses) = Worker::spawn(access, RetryPolicy::default());
    worker
        .commands
        .send(Command::ListUsersInGroup {
            id: RequestId(7),
            group: "support".into(),
            token: None,
        })
        .unwrap();
    let response = responses.recv().await.expect("an answer");
    let Response::UsersPage { id, result } = response else {
        panic!("{response:?}")
    };
    assert_eq!(id, RequestId(7));
    let page = result.expect("the group's users");
    let names: Vec<String> = page
        .users
        .into_iter()
        .map(|u| u.username().to_owned())
        .collect();
    assert_eq!(names, ["bob"]);
}
