//! Full listing of 10,000 users from moto through a proxy that adds 100 ms to every request and
//! enforces Cognito's 30 ListUsers a second (issue 5, benchmark 5): pages per second for the
//! parallel crawl and for a one-page-at-a-time listing, in the same run. Needs moto:
//!
//! ```sh
//! scripts/bench.sh crawl
//! # or, with moto already up:
//! COGNITO_TUI_MOTO_URL=http://127.0.0.1:PORT cargo bench --bench crawl
//! cargo bench --bench crawl -- stub        # only the stub backend: no moto needed
//! ```
//!
//! Two backends behind the same proxy: `moto` (what the issue asks for) and `stub`
//! (`support/stub_cognito.rs`, the same users answered from memory by a few lines of Rust).
//! moto spends ~65 ms of Python on each filtered ListUsers of a 10,000-user pool and serves about
//! 15 a second whatever the concurrency, so behind moto the figure is moto's ceiling; behind the
//! stub only the proxy's latency and quota limit the crawl, as Cognito's do.
//!
//! Knobs: `COGNITO_TUI_BENCH_CRAWL_USERS` (default 10000), `COGNITO_TUI_BENCH_ROUNDS` (default 3:
//! each listing runs that many times, alternating), `COGNITO_TUI_BENCH_CONCURRENCY` (the crawl's,
//! default `crawl::DEFAULT_CONCURRENCY`).

#[path = "../tests/fault_proxy/mod.rs"]
mod fault_proxy;
#[path = "support/stub_cognito.rs"]
mod stub_cognito;
mod support;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::Credentials;
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, MessageActionType};
use cognito_tui::config::Settings;
use cognito_tui::crawl::{Crawl, DEFAULT_CONCURRENCY, Progress};
use cognito_tui::directory::aws::AwsReader;
use cognito_tui::directory::{DirectoryReader, User};
use cognito_tui::limiter::Limiter;
use cognito_tui::session::cognito_client;
use fault_proxy::{FaultProxy, Faults, Quota};
use support::result;
use tokio::task::JoinSet;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// The client the app builds (SDK retries off), with dummy credentials: moto and the stub
/// check none, and the benchmark must not go looking for real ones.
async fn client_for(endpoint: &str) -> Client {
    let config = cognito_client(&Settings {
        endpoint_url: Some(endpoint.to_owned()),
        region: Some("us-east-1".into()),
        ..Default::default()
    })
    .await
    .expect("a client for an explicit region")
    .config()
    .to_builder()
    .credentials_provider(Credentials::new("test", "test", None, None, "bench"))
    .build();
    Client::from_conf(config)
}

fn main() {
    // `cargo bench` passes `--bench`; `moto` and `stub` pick backends (default: both).
    let picked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |name: &str| picked.is_empty() || picked.iter().any(|p| p == name);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!("crawl: load average {}", support::load_average());
    if wants("moto") {
        let moto = std::env::var("COGNITO_TUI_MOTO_URL").unwrap_or_else(|_| {
            panic!(
                "COGNITO_TUI_MOTO_URL is not set: run this benchmark through scripts/bench.sh \
                 (or pass `stub` for the moto-free backend only)"
            )
        });
        runtime.block_on(run_moto(&moto));
    }
    if wants("stub") {
        runtime.block_on(run_stub());
    }
}

async fn create_pool(direct: &Client, n: usize) -> String {
    let pool_id = direct
        .create_user_pool()
        .pool_name(format!("cognito-tui-crawl-bench-{}", std::process::id()))
        .send()
        .await
        .map_err(|e| DisplayErrorContext(e).to_string())
        .expect("CreateUserPool")
        .user_pool()
        .and_then(|p| p.id())
        .expect("a pool id")
        .to_owned();
    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for i in 0..n {
        if tasks.len() >= 16 {
            tasks.join_next().await.expect("a task").expect("joined");
        }
        let (client, pool_id) = (direct.clone(), pool_id.clone());
        tasks.spawn(async move {
            let username = format!("crawl-{i:05}");
            let attribute = |name: &str, value: String| {
                AttributeType::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .expect("an attribute")
            };
            client
                .admin_create_user()
                .user_pool_id(&pool_id)
                .username(&username)
                .message_action(MessageActionType::Suppress)
                .user_attributes(attribute("email", format!("{username}@example.com")))
                .user_attributes(attribute("name", format!("Crawl User {i}")))
                .send()
                .await
                .map_err(|e| DisplayErrorContext(e).to_string())
                .expect("AdminCreateUser");
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.expect("joined");
    }
    println!(
        "crawl: created {n} users in moto in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    pool_id
}

struct Listing {
    users: Vec<User>,
    progress: Progress,
    elapsed: Duration,
}

impl Listing {
    fn pages_per_second(&self) -> f64 {
        self.progress.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn users_per_second(&self) -> f64 {
        self.users.len() as f64 / self.elapsed.as_secs_f64()
    }
}

async fn list(crawl: Crawl) -> Listing {
    let start = Instant::now();
    let mut progress = Progress::default();
    let users = crawl
        .collect(|p| progress = *p)
        .await
        .unwrap_or_else(|e| panic!("listing failed: {e} ({})", e.detail()));
    Listing {
        users,
        progress,
        elapsed: start.elapsed(),
    }
}

fn check_complete(listing: &Listing, n: usize, what: &str) {
    let names: HashSet<&str> = listing.users.iter().map(|u| u.username()).collect();
    assert_eq!(listing.users.len(), n, "{what}: every user");
    assert_eq!(names.len(), n, "{what}: each user once");
}

fn users_wanted() -> usize {
    env_number("COGNITO_TUI_BENCH_CRAWL_USERS", 10_000)
}

async fn run_moto(moto: &str) {
    let n = users_wanted();
    let direct = client_for(moto).await;
    let pool_id = create_pool(&direct, n).await;
    moto_ceiling(&direct, &pool_id).await;
    measure("moto", moto, &pool_id, n).await;
}

/// How many ListUsers a second moto itself serves for this pool, straight (no proxy): what
/// bounds any listing through it.
async fn moto_ceiling(direct: &Client, pool_id: &str) {
    let reader: Arc<dyn DirectoryReader> =
        Arc::new(AwsReader::new(direct.clone(), pool_id.to_owned()));
    for (what, filtered) in [("unfiltered", false), ("filtered (sub ^= \"x\")", true)] {
        for clients in [1usize, 8] {
            let requests = 40;
            let start = Instant::now();
            let mut tasks = JoinSet::new();
            for i in 0..requests {
                if tasks.len() >= clients {
                    tasks.join_next().await.expect("a task").expect("joined");
                }
                let reader = Arc::clone(&reader);
                tasks.spawn(async move {
                    let filter = filtered.then(|| format!("sub ^= \"{:x}\"", i % 16));
                    reader
                        .list_users(cognito_tui::directory::ListUsersRequest {
                            filter,
                            ..Default::default()
                        })
                        .await
                        .expect("ListUsers straight to moto");
                });
            }
            while let Some(joined) = tasks.join_next().await {
                joined.expect("joined");
            }
            let rate = requests as f64 / start.elapsed().as_secs_f64();
            println!(
                "crawl/moto: straight to moto, {what} ListUsers, {clients} at once: {rate:.1} a second"
            );
            result(
                &format!(
                    "crawl.moto.direct.{}.{clients}_clients",
                    if filtered { "filtered" } else { "unfiltered" }
                ),
                rate,
                "req/s",
                None,
            );
        }
    }
}

async fn run_stub() {
    let n = users_wanted();
    let stub = stub_cognito::StubCognito::start(support::users(n)).await;
    measure("stub", stub.url(), "us-east-1_Stub", n).await;
}

/// Both listings, `rounds` times each, through the proxy in front of `upstream`.
async fn measure(backend: &str, upstream: &str, pool_id: &str, n: usize) {
    let rounds = env_number("COGNITO_TUI_BENCH_ROUNDS", 3).max(1);
    let concurrency = env_number("COGNITO_TUI_BENCH_CONCURRENCY", DEFAULT_CONCURRENCY);
    let proxy = FaultProxy::start(
        upstream,
        Faults {
            latency: Duration::from_millis(100),
            quotas: vec![Quota {
                per_second: 30,
                operations: vec!["ListUsers".into()],
            }],
            max_requests: 1_000_000,
            ..Faults::default()
        },
    )
    .await;
    let reader: Arc<dyn DirectoryReader> = Arc::new(AwsReader::new(
        client_for(proxy.url()).await,
        pool_id.to_owned(),
    ));
    let estimate = reader
        .describe_pool()
        .await
        .expect("DescribeUserPool")
        .estimated_users;
    println!(
        "crawl/{backend}: pool {pool_id}, estimated users {estimate:?}, crawl concurrency {concurrency}"
    );

    let mut sequential = Vec::new();
    let mut parallel = Vec::new();
    for round in 0..rounds {
        // A fresh limiter and a quiet second between listings: no run inherits another's window.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let before = proxy.stats().over_quota;
        let one =
            list(Crawl::new(Arc::clone(&reader), Arc::new(Limiter::default())).partitioned(false))
                .await;
        let throttled_one = proxy.stats().over_quota - before;
        check_complete(&one, n, "sequential");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let before = proxy.stats().over_quota;
        let many = list(
            Crawl::new(Arc::clone(&reader), Arc::new(Limiter::default()))
                .estimated_users(estimate)
                .concurrency(concurrency),
        )
        .await;
        let throttled_many = proxy.stats().over_quota - before;
        check_complete(&many, n, "crawl");
        for (what, l, throttled) in [
            ("one page at a time", &one, throttled_one),
            ("parallel crawl", &many, throttled_many),
        ] {
            println!(
                "crawl/{backend}: round {} {what:<18}: {} users in {:>6.2} s, {:>4} pages ({} parts, {} discarded), {:>5.1} pages/s, {:>6.0} users/s, {throttled} throttled by the proxy",
                round + 1,
                l.users.len(),
                l.elapsed.as_secs_f64(),
                l.progress.requests,
                l.progress.parts,
                l.progress.discarded_pages,
                l.pages_per_second(),
                l.users_per_second(),
            );
        }
        sequential.push(one);
        parallel.push(many);
    }
    let median = |listings: &[Listing], f: fn(&Listing) -> f64| {
        let mut values: Vec<f64> = listings.iter().map(f).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let seq_pages = median(&sequential, Listing::pages_per_second);
    let par_pages = median(&parallel, Listing::pages_per_second);
    let seq_secs = median(&sequential, |l| l.elapsed.as_secs_f64());
    let par_secs = median(&parallel, |l| l.elapsed.as_secs_f64());
    let key = format!("crawl.{backend}");
    result(
        &format!("{key}.sequential.pages_per_s"),
        seq_pages,
        "pages/s",
        None,
    );
    result(
        &format!("{key}.parallel.pages_per_s"),
        par_pages,
        "pages/s",
        Some(("≥ 27 pages/s", par_pages >= 27.0)),
    );
    result(
        &format!("{key}.speedup.pages_per_s"),
        par_pages / seq_pages,
        "x",
        Some(("≥ 3x", par_pages / seq_pages >= 3.0)),
    );
    result(&format!("{key}.sequential.seconds"), seq_secs, "s", None);
    result(&format!("{key}.parallel.seconds"), par_secs, "s", None);
    result(
        &format!("{key}.speedup.wall_clock"),
        seq_secs / par_secs,
        "x",
        None,
    );
    let stats = proxy.stats();
    println!(
        "crawl/{backend}: proxy saw {} requests, {} over quota",
        stats.requests, stats.over_quota
    );
}
