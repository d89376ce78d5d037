//! The crawl over the in-memory directory: parts, splits, order, filters, quota, failures.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::*;
use crate::directory::memory::{MemoryDirectory, Operation};
use crate::directory::{PoolInfo, fixtures, synthetic};
use crate::limiter::Quotas;

/// A directory that records the filters it is asked with and how many calls overlap.
struct Recording {
    inner: MemoryDirectory,
    filters: Mutex<Vec<Option<String>>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Recording {
    fn new(users: Vec<User>) -> Self {
        Self::with(MemoryDirectory::new(fixtures::pool(), users))
    }

    fn with(inner: MemoryDirectory) -> Self {
        Self {
            inner,
            filters: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        }
    }

    fn filters(&self) -> Vec<Option<String>> {
        self.filters.lock().unwrap().clone()
    }
}

#[async_trait]
impl DirectoryReader for Recording {
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        self.filters.lock().unwrap().push(request.filter.clone());
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let result = self.inner.list_users(request).await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        result
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        self.inner.get_user(username).await
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        self.inner.describe_pool().await
    }
}

fn unlimited() -> Arc<Limiter> {
    Arc::new(Limiter::new(&Quotas {
        user_list: 1_000_000,
        ..Quotas::default()
    }))
}

fn names(users: &[User]) -> Vec<String> {
    users.iter().map(|u| u.username().to_owned()).collect()
}

fn sub(user: &User) -> &str {
    user.attribute("sub").unwrap()
}

/// The answers a one-digit crawl needs: each part's pages, an empty part one answer.
fn one_digit_requests(users: &[User], page: usize) -> usize {
    (0..16)
        .map(|d| {
            let digit = char::from_digit(d, 16).unwrap();
            let n = users.iter().filter(|u| sub(u).starts_with(digit)).count();
            n.div_ceil(page).max(1)
        })
        .sum()
}

/// Every user exactly once: no duplicate, none missing.
fn assert_exactly_once(got: &[User], expected: &[User]) {
    let got_names = names(got);
    let set: HashSet<&String> = got_names.iter().collect();
    assert_eq!(set.len(), got_names.len(), "a user came twice");
    let want: HashSet<String> = names(expected).into_iter().collect();
    let got: HashSet<String> = got_names.into_iter().collect();
    assert_eq!(got, want);
}

#[test]
fn plans_follow_the_filter() {
    let partitioned = |base: &str| Plan::Partitioned { base: base.into() };
    let sequential = |f: &str| Plan::Sequential {
        filter: Some(f.into()),
    };
    assert_eq!(Plan::for_filter(None), partitioned(""));
    assert_eq!(Plan::for_filter(Some("  ")), partitioned(""));
    assert_eq!(Plan::for_filter(Some(r#"sub ^= """#)), partitioned(""));
    assert_eq!(Plan::for_filter(Some(r#"sub ^= "4f""#)), partitioned("4f"));
    assert_eq!(Plan::for_filter(Some(r#"sub^="0""#)), partitioned("0"));
    for other in [
        r#"email ^= "jo""#,
        r#"username = "jo""#,
        r#"sub = "4f"#,
        r#"sub = "49b8ca30-d040-4ec4-8a2a-9d1ffdb41f85""#,
        // Not lowercase hex, or past the first hyphen: Cognito's own answer stands.
        r#"sub ^= "4F""#,
        r#"sub ^= "49b8ca30-""#,
        r#"sub ^= "49b8ca30""#,
        "garbage",
    ] {
        assert_eq!(Plan::for_filter(Some(other)), sequential(other), "{other}");
    }
}

#[tokio::test]
async fn the_whole_pool_comes_once_in_sixteen_parts_ordered_by_part_then_page() {
    let users = synthetic::generate(1_000, 5);
    let directory = Arc::new(Recording::new(users.clone()));
    let got = Crawl::new(directory.clone(), unlimited())
        .concurrency(4)
        .collect(|_| {})
        .await
        .unwrap();
    assert_exactly_once(&got, &users);
    // By part: first hex digits never go down; within a part, Cognito's order (creation).
    for pair in got.windows(2) {
        let (a, b) = (sub(&pair[0]), sub(&pair[1]));
        assert!(a[..1] <= b[..1], "{a} before {b}");
        if a[..1] == b[..1] {
            assert!(pair[0].created() <= pair[1].created());
        }
    }
    let filters = directory.filters();
    let parts: HashSet<_> = filters.iter().cloned().collect();
    assert_eq!(parts.len(), 16);
    for digit in "0123456789abcdef".chars() {
        assert!(parts.contains(&Some(format!("sub ^= \"{digit}\""))));
    }
    assert_eq!(filters.len(), one_digit_requests(&users, 60));
    assert!(directory.max_in_flight.load(Ordering::SeqCst) <= 4);
}

#[tokio::test]
async fn the_order_is_the_same_from_run_to_run_whatever_the_timing() {
    let users = synthetic::generate(700, 9);
    let directory = Arc::new(Recording::with(
        MemoryDirectory::new(fixtures::pool(), users).with_latency(Duration::from_millis(1)),
    ));
    let mut orders = Vec::new();
    for concurrency in [1, 3, 16] {
        let got = Crawl::new(directory.clone(), unlimited())
            .concurrency(concurrency)
            .page_size(PageSize::clamped(7))
            .collect(|_| {})
            .await
            .unwrap();
        orders.push(names(&got));
    }
    assert_eq!(orders[0], orders[1]);
    assert_eq!(orders[0], orders[2]);
}

#[tokio::test]
async fn large_parts_split_into_two_digits_and_still_give_everyone_once() {
    let users = synthetic::generate(3_000, 21);
    let directory = Arc::new(Recording::new(users.clone()));
    // Pages of 5: a part of ~187 users is "large" when the estimate says each of its 16
    // children fills 4 pages (320 users a part).
    let mut last = Progress::default();
    let got = Crawl::new(directory.clone(), unlimited())
        .page_size(PageSize::clamped(5))
        .estimated_users(Some(16 * 320))
        .collect(|p| last = *p)
        .await
        .unwrap();
    assert_exactly_once(&got, &users);
    let filters = directory.filters();
    let two_digit = filters
        .iter()
        .flatten()
        .filter(|f| f.len() == r#"sub ^= "ab""#.len())
        .count();
    assert!(two_digit >= 256, "every part split: {two_digit}");
    assert!(
        !filters
            .iter()
            .flatten()
            .any(|f| f.len() > r#"sub ^= "ab""#.len()),
        "never deeper than two digits"
    );
    assert_eq!(last.discarded_pages, 16);
    assert_eq!(last.parts, 16 + 256);
    assert_eq!(last.parts_done, last.parts);
    assert_eq!(last.users, 3_000);
    assert_eq!(last.requests, filters.len());
    // Ordered by two-digit part.
    for pair in got.windows(2) {
        assert!(sub(&pair[0])[..2] <= sub(&pair[1])[..2]);
    }
}

#[tokio::test]
async fn small_or_unknown_pools_are_not_split() {
    let users = synthetic::generate(2_000, 4);
    for estimate in [None, Some(2_000)] {
        let directory = Arc::new(Recording::new(users.clone()));
        let got = Crawl::new(directory.clone(), unlimited())
            .estimated_users(estimate)
            .collect(|_| {})
            .await
            .unwrap();
        assert_exactly_once(&got, &users);
        let filters = directory.filters();
        assert!(
            filters
                .iter()
                .flatten()
                .all(|f| f.len() == r#"sub ^= "a""#.len())
        );
        // No page is asked twice, none is discarded.
        assert_eq!(
            filters.len(),
            one_digit_requests(&users, 60),
            "{estimate:?}"
        );
    }
}

#[tokio::test]
async fn a_part_with_nobody_is_one_empty_answer() {
    // fixtures' subs all start with 0: fifteen parts are empty.
    let users = fixtures::users(130);
    let directory = Arc::new(Recording::new(users.clone()));
    let got = Crawl::new(directory.clone(), unlimited())
        .collect(|_| {})
        .await
        .unwrap();
    // One part holds everyone, in Cognito's order.
    assert_eq!(names(&got), names(&users));
    assert_eq!(directory.filters().len(), 3 + 15);
}

#[tokio::test]
async fn a_filter_on_another_attribute_is_paged_sequentially_as_given() {
    let users = synthetic::generate(800, 2);
    let directory = Arc::new(Recording::new(users.clone()));
    let filter = r#"email ^= "s""#.to_owned();
    let got = Crawl::new(directory.clone(), unlimited())
        .filter(Some(filter.clone()))
        .collect(|_| {})
        .await
        .unwrap();
    let expected: Vec<User> = users
        .iter()
        .filter(|u| u.email().unwrap().starts_with('s'))
        .cloned()
        .collect();
    assert!(expected.len() > 60, "more than one page");
    // Same users, same order as one-page-at-a-time listing.
    assert_eq!(names(&got), names(&expected));
    assert!(
        directory
            .filters()
            .iter()
            .all(|f| f.as_ref() == Some(&filter))
    );
}

#[tokio::test]
async fn a_sub_prefix_filter_is_partitioned_below_its_prefix() {
    let users = synthetic::generate(4_000, 8);
    let directory = Arc::new(Recording::new(users.clone()));
    let got = Crawl::new(directory.clone(), unlimited())
        .filter(Some(r#"sub ^= "c""#.into()))
        .collect(|_| {})
        .await
        .unwrap();
    let expected: Vec<User> = users
        .iter()
        .filter(|u| sub(u).starts_with('c'))
        .cloned()
        .collect();
    assert_exactly_once(&got, &expected);
    let filters: HashSet<_> = directory.filters().into_iter().flatten().collect();
    assert_eq!(filters.len(), 16);
    assert!(filters.contains(r#"sub ^= "c0""#));
    assert!(filters.contains(r#"sub ^= "cf""#));
}

#[tokio::test]
async fn partitioning_can_be_turned_off_for_cognitos_own_order() {
    let users = synthetic::generate(300, 6);
    let directory = Arc::new(Recording::new(users.clone()));
    let crawl = Crawl::new(directory.clone(), unlimited()).partitioned(false);
    assert_eq!(crawl.plan(), Plan::Sequential { filter: None });
    let got = crawl.collect(|_| {}).await.unwrap();
    assert_eq!(names(&got), names(&users));
    assert_eq!(directory.filters(), vec![None; 5]);
}

#[tokio::test(start_paused = true)]
async fn requests_keep_to_the_user_list_quota() {
    let users = synthetic::generate(2_000, 12);
    let directory = Arc::new(Recording::new(users.clone()));
    let limiter = Arc::new(Limiter::new(&Quotas::default()));
    let start = Instant::now();
    let got = Crawl::new(directory.clone(), limiter)
        .concurrency(16)
        .collect(|_| {})
        .await
        .unwrap();
    assert_exactly_once(&got, &users);
    let requests = directory.filters().len();
    // 30 a second, evenly spaced: n requests take at least (n - 1) / 30 s.
    let floor = Duration::from_secs(1) * (requests as u32 - 1) / 30;
    assert!(
        start.elapsed() >= floor,
        "{:?} < {floor:?}",
        start.elapsed()
    );
    assert!(start.elapsed() < floor + Duration::from_millis(100));
}

#[tokio::test(start_paused = true)]
async fn no_more_parts_than_the_concurrency_are_paged_at_once() {
    let users = synthetic::generate(1_500, 13);
    let directory = Arc::new(Recording::with(
        MemoryDirectory::new(fixtures::pool(), users.clone())
            .with_latency(Duration::from_millis(100)),
    ));
    let start = Instant::now();
    let got = Crawl::new(directory.clone(), unlimited())
        .concurrency(5)
        .collect(|_| {})
        .await
        .unwrap();
    assert_exactly_once(&got, &users);
    assert_eq!(directory.max_in_flight.load(Ordering::SeqCst), 5);
    // Answers of 100 ms each, 5 at a time at most.
    let requests = directory.filters().len() as u32;
    assert_eq!(requests as usize, one_digit_requests(&users, 60));
    assert!(start.elapsed() >= Duration::from_millis(100) * requests.div_ceil(5));
}

#[tokio::test(start_paused = true)]
async fn throttling_is_retried_and_the_crawl_still_completes() {
    let users = synthetic::generate(500, 14);
    let memory = MemoryDirectory::new(fixtures::pool(), users.clone());
    for _ in 0..3 {
        memory.inject(
            Operation::ListUsers,
            DirectoryError::from_code("TooManyRequestsException", "Rate exceeded"),
        );
    }
    let directory = Arc::new(Recording::with(memory));
    let got = Crawl::new(directory.clone(), unlimited())
        .collect(|_| {})
        .await
        .unwrap();
    assert_exactly_once(&got, &users);
    assert_eq!(directory.inner.calls(Operation::ListUsers), 16 + 3);
}

#[tokio::test]
async fn a_lasting_failure_stops_the_crawl_with_its_error() {
    let memory = MemoryDirectory::new(fixtures::pool(), synthetic::generate(500, 15));
    memory.inject(
        Operation::ListUsers,
        DirectoryError::from_code("NotAuthorizedException", "no"),
    );
    let result = crawl(Arc::new(memory), None, unlimited(), 4, |_| {}).await;
    assert!(matches!(result, Err(DirectoryError::NotAuthorized { .. })));
}

#[tokio::test]
async fn streaming_hands_on_the_same_order_and_a_sink_error_stops_it() {
    let users = synthetic::generate(900, 16);
    let directory: Arc<dyn DirectoryReader> = Arc::new(Recording::new(users.clone()));
    let collected = Crawl::new(directory.clone(), unlimited())
        .collect(|_| {})
        .await
        .unwrap();
    let mut streamed = Vec::new();
    let mut batches = 0;
    let summary = Crawl::new(directory.clone(), unlimited())
        .stream(
            |page| {
                assert!(!page.is_empty() && page.len() <= 60);
                batches += 1;
                streamed.extend(page);
                Ok::<_, String>(())
            },
            |_| {},
        )
        .await
        .unwrap();
    assert_eq!(names(&streamed), names(&collected));
    assert_eq!(summary.users, 900);
    assert!(batches >= 16);

    let mut taken = 0;
    let result = Crawl::new(directory, unlimited())
        .stream(
            |page| {
                taken += page.len();
                Err::<(), _>("disk full".to_owned())
            },
            |_| {},
        )
        .await;
    assert_eq!(result, Err(CrawlError::Sink("disk full".to_owned())));
    assert!(taken <= 60);
}

#[tokio::test]
async fn progress_counts_users_as_they_arrive() {
    let users = synthetic::generate(400, 17);
    let seen = Mutex::new(Vec::new());
    let got = crawl(
        Arc::new(MemoryDirectory::new(fixtures::pool(), users)),
        None,
        unlimited(),
        8,
        |n| seen.lock().unwrap().push(n),
    )
    .await
    .unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(seen.last(), Some(&got.len()));
}
