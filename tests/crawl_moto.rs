//! The parallel crawl (`crawl.rs`) against moto through the real SDK: every user exactly once,
//! in parts of `sub` whatever the page size, with and without a filter.
//!
//! These tests need moto: run them through `scripts/test.sh`, which starts it and exports
//! `COGNITO_TUI_MOTO_URL`. Without it they fail, never skip:
//!
//! ```sh
//! COGNITO_TUI_TEST_CMD='cargo test --test crawl_moto' scripts/test.sh
//! ```

mod moto_pool;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use cognito_tui::crawl::{Crawl, Plan, Progress};
use cognito_tui::directory::{DirectoryReader, PageSize, User};
use cognito_tui::limiter::{Limiter, Quotas};
use moto_pool::Pool;
use tokio::task::JoinSet;

const USERS: usize = 300;

/// A fresh pool (no schema) holding `n` users `crawl-000` …, created 16 at a time; moto gives
/// each a random (uuid4) sub.
async fn pool_with_users(label: &str, n: usize) -> (Arc<dyn DirectoryReader>, Vec<String>) {
    let pool = Pool::create_with_schema(&format!("cognito-tui-crawl-{label}"), None).await;
    let usernames: Vec<String> = (0..n).map(|i| format!("crawl-{i:03}")).collect();
    let mut tasks = JoinSet::new();
    for username in usernames.clone() {
        if tasks.len() >= 16 {
            tasks.join_next().await.expect("a task").expect("joined");
        }
        let pool = pool.clone();
        tasks.spawn(async move {
            let email = format!("{username}@example.com");
            pool.create_user(&username, &[("email", &email)]).await;
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.expect("joined");
    }
    let reader: Arc<dyn DirectoryReader> = Arc::new(pool.reader());
    (reader, usernames)
}

/// A limiter that never binds: moto has no quota, and the tests should not wait for one.
fn fast() -> Arc<Limiter> {
    Arc::new(Limiter::new(&Quotas {
        user_list: 10_000,
        ..Quotas::default()
    }))
}

fn sub(user: &User) -> &str {
    user.attribute("sub").expect("moto gives every user a sub")
}

/// Each expected user exactly once, and nobody else.
fn assert_exactly_once(users: &[User], expected: &[String]) {
    let names: Vec<&str> = users.iter().map(|u| u.username()).collect();
    let unique: HashSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a user came twice");
    let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let got: BTreeSet<&str> = unique.into_iter().collect();
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, unexpected {extra:?}"
    );
}

#[tokio::test]
async fn a_crawl_of_three_hundred_users_returns_each_exactly_once() {
    let (reader, usernames) = pool_with_users("all", USERS).await;
    let estimate = reader.describe_pool().await.unwrap().estimated_users;
    assert_eq!(estimate, Some(USERS as u64));

    let mut last = Progress::default();
    let crawl = Crawl::new(Arc::clone(&reader), fast()).estimated_users(estimate);
    assert_eq!(
        crawl.plan(),
        Plan::Partitioned {
            base: String::new()
        }
    );
    let users = crawl.collect(|p| last = *p).await.expect("the crawl");
    assert_exactly_once(&users, &usernames);
    assert_eq!(last.users, USERS);
    assert_eq!(last.parts, 16, "300 users are no reason to split");
    assert_eq!(last.discarded_pages, 0);
    // ~19 users a part: one page each.
    assert_eq!(last.requests, 16);
    // Ordered by part: first hex digits never go down.
    for pair in users.windows(2) {
        assert!(sub(&pair[0])[..1] <= sub(&pair[1])[..1]);
    }

    // The same users as a one-page-at-a-time listing (users were created concurrently, so
    // moto's creation order is not the names' order: compare as sorted lists).
    let sequential = Crawl::new(Arc::clone(&reader), fast())
        .partitioned(false)
        .collect(|_| {})
        .await
        .expect("the sequential listing");
    let mut in_order: Vec<&str> = sequential.iter().map(|u| u.username()).collect();
    in_order.sort_unstable();
    let mut expected: Vec<&str> = usernames.iter().map(String::as_str).collect();
    expected.sort_unstable();
    assert_eq!(in_order, expected);

    // And the same order from one crawl to the next.
    let again = Crawl::new(reader, fast())
        .estimated_users(estimate)
        .concurrency(3)
        .collect(|_| {})
        .await
        .expect("the crawl again");
    assert_eq!(
        again.iter().map(|u| u.username()).collect::<Vec<_>>(),
        users.iter().map(|u| u.username()).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn split_parts_on_moto_still_give_everyone_once() {
    let (reader, usernames) = pool_with_users("split", USERS).await;
    // Pages of 5 and an estimate large enough to split every part into two hex digits: moto
    // pages each of the 272 filters with its own tokens.
    let mut last = Progress::default();
    let users = Crawl::new(reader, fast())
        .page_size(PageSize::clamped(5))
        .estimated_users(Some(1_000_000))
        .collect(|p| last = *p)
        .await
        .expect("the crawl");
    assert_exactly_once(&users, &usernames);
    assert_eq!(
        last.discarded_pages, 16,
        "every part's full first page was dropped"
    );
    assert_eq!(last.parts, 16 + 256);
    for pair in users.windows(2) {
        assert!(sub(&pair[0])[..2] <= sub(&pair[1])[..2]);
    }
}

#[tokio::test]
async fn filters_keep_their_meaning() {
    let (reader, usernames) = pool_with_users("filters", USERS).await;
    let everyone = Crawl::new(Arc::clone(&reader), fast())
        .collect(|_| {})
        .await
        .expect("the crawl");

    // A prefix of sub: partitioned below it, exactly the users it selects.
    let digit = &sub(&everyone[everyone.len() / 2])[..1];
    let filter = format!("sub ^= \"{digit}\"");
    let crawl = Crawl::new(Arc::clone(&reader), fast()).filter(Some(filter.clone()));
    assert_eq!(
        crawl.plan(),
        Plan::Partitioned {
            base: digit.to_owned()
        }
    );
    let got = crawl.collect(|_| {}).await.expect("the sub crawl");
    let expected: Vec<String> = everyone
        .iter()
        .filter(|u| sub(u).starts_with(digit))
        .map(|u| u.username().to_owned())
        .collect();
    assert!(!expected.is_empty());
    assert_exactly_once(&got, &expected);

    // Another attribute: one chain of pages with the filter as given (moto's order).
    let filter = r#"email ^= "crawl-1""#.to_owned();
    let crawl = Crawl::new(Arc::clone(&reader), fast())
        .filter(Some(filter.clone()))
        .page_size(PageSize::clamped(30));
    assert_eq!(
        crawl.plan(),
        Plan::Sequential {
            filter: Some(filter)
        }
    );
    let got = crawl.collect(|_| {}).await.expect("the email listing");
    let expected: Vec<String> = usernames
        .iter()
        .filter(|u| u.starts_with("crawl-1"))
        .cloned()
        .collect();
    assert_eq!(expected.len(), 100);
    let mut got: Vec<String> = got.iter().map(|u| u.username().to_owned()).collect();
    got.sort_unstable();
    let mut expected = expected;
    expected.sort_unstable();
    assert_eq!(got, expected);
}
