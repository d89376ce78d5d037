//! The bulk-deletion and bulk-disable benchmark (run on demand, never as a test). 1,000 users on moto
//! behind the fault proxy set to 100 ms latency and Cognito's default quotas (UserUpdate 25
//! per second, UserRead 120), the engine with its defaults: prints the achieved deletion rate,
//! then the rate of disabling the same users, as a share of the quota, the throttled answers,
//! and the failures the user would see.
//!
//! ```sh
//! COGNITO_TUI_TEST_CMD='cargo bench --bench bulk_quota' scripts/test.sh
//! ```
//! `COGNITO_TUI_BENCH_USERS` changes the number of users. The figures go in docs/PERFORMANCE.md.

#[path = "../tests/fault_proxy/mod.rs"]
mod fault_proxy;

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, MessageActionType, SchemaAttributeType,
};
use cognito_tui::bulk::{Bulk, CancelFlag, ChangeJob, DeleteJob};
use cognito_tui::change::AccountAction;
use cognito_tui::config::Settings;
use cognito_tui::directory::Access;
use cognito_tui::directory::aws::{AwsReader, AwsWriter};
use cognito_tui::journal::Journal;
use cognito_tui::limiter::{Limiter, Quotas};
use cognito_tui::retry::RetryPolicy;
use cognito_tui::session::cognito_client;
use fault_proxy::{FaultProxy, Faults, Quota};

async fn client_for(endpoint: &str) -> Client {
    cognito_client(&Settings {
        endpoint_url: Some(endpoint.to_owned()),
        region: Some("us-east-1".into()),
        ..Default::default()
    })
    .await
    .expect("a client for an explicit region")
}

fn schema(name: &str) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::String)
        .required(name == "email")
        .mutable(name != "sub")
        .build()
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(bulk_deletion_at_the_user_update_quota());
}

async fn bulk_deletion_at_the_user_update_quota() {
    let moto = std::env::var("COGNITO_TUI_MOTO_URL")
        .expect("COGNITO_TUI_MOTO_URL: run the benchmark through scripts/test.sh");
    let n: usize = std::env::var("COGNITO_TUI_BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let direct = client_for(&moto).await;
    let pool_id = direct
        .create_user_pool()
        .pool_name(format!("cognito-tui-bench-{}", std::process::id()))
        .schema(schema("sub"))
        .schema(schema("email"))
        .schema(schema("locale"))
        .send()
        .await
        .expect("CreateUserPool")
        .user_pool()
        .and_then(|p| p.id())
        .expect("a pool id")
        .to_owned();
    let usernames: Vec<String> = (0..n).map(|i| format!("bench-{i:04}")).collect();
    for chunk in usernames.chunks(8) {
        let creations = chunk.iter().map(|username| {
            direct
                .admin_create_user()
                .user_pool_id(&pool_id)
                .username(username)
                .message_action(MessageActionType::Suppress)
                .user_attributes(
                    AttributeType::builder()
                        .name("email")
                        .value(format!("{username}@example.com"))
                        .build()
                        .unwrap(),
                )
                .user_attributes(
                    AttributeType::builder()
                        .name("locale")
                        .value("en-GB")
                        .build()
                        .unwrap(),
                )
                .send()
        });
        for result in futures_util::future::join_all(creations).await {
            if let Err(e) = result {
                panic!("AdminCreateUser: {}", DisplayErrorContext(&e));
            }
        }
    }

    let proxy = FaultProxy::start(
        &moto,
        Faults {
            latency: Duration::from_millis(100),
            quotas: vec![
                Quota {
                    per_second: 25,
                    operations: vec![
                        "AdminDeleteUserAttributes".into(),
                        "AdminUpdateUserAttributes".into(),
                        "AdminDisableUser".into(),
                    ],
                },
                Quota {
                    per_second: 120,
                    operations: vec!["AdminGetUser".into()],
                },
            ],
            ..Faults::default()
        },
    )
    .await;
    let client = client_for(proxy.url()).await;
    let access = Access::ReadWrite {
        reader: Arc::new(AwsReader::new(client.clone(), pool_id.clone())),
        writer: Arc::new(AwsWriter::new(client, pool_id.clone())),
    };
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(dir.path().join("journal.jsonl")).unwrap());
    let quotas = Quotas::default();
    let bulk = Bulk::new(
        &access,
        pool_id,
        Arc::new(Limiter::new(&quotas)),
        RetryPolicy::default(),
    )
    .with_journal(journal);
    let pool = bulk.describe_pool().await.expect("DescribeUserPool");
    let before = proxy.stats();
    let report = bulk
        .delete_attributes(
            DeleteJob {
                usernames,
                attributes: vec!["locale".into()],
                dry_run: false,
            },
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .expect("the run starts");
    let stats = proxy.stats();
    let counts = report.counts();
    let deletions = stats.operations["AdminDeleteUserAttributes"]
        - before
            .operations
            .get("AdminDeleteUserAttributes")
            .copied()
            .unwrap_or(0);
    let rate = counts.done as f64 / report.elapsed.as_secs_f64();
    println!(
        "bulk benchmark: {n} users, 100 ms latency, UserUpdate quota {} rps, concurrency {}",
        quotas.user_update,
        cognito_tui::bulk::DEFAULT_CONCURRENCY
    );
    println!(
        "  {} deleted, {} skipped, {} failed in {:.1?}",
        counts.done, counts.skipped, counts.failed, report.elapsed
    );
    println!(
        "  achieved {rate:.2} deletions/s = {:.1} % of the quota",
        100.0 * rate / f64::from(quotas.user_update)
    );
    println!(
        "  AdminDeleteUserAttributes sent {deletions}; throttled (over quota) {:?}; proxy {stats:?}",
        stats.over_quota_by
    );
    assert_eq!(counts.failed, 0, "no failure shown to the user");
    assert_eq!(counts.done, n);

    // The same users disabled: one AdminGetUser (the flag before) and one AdminDisableUser each,
    // through the same path as every account action, at the UserUpdate quota.
    let before = proxy.stats();
    let report = bulk
        .apply(
            ChangeJob {
                usernames: report.users.iter().map(|u| u.username.clone()).collect(),
                action: AccountAction::Disable,
                dry_run: false,
                reviewed: Vec::new(),
            },
            &pool,
            None,
            &CancelFlag::new(),
        )
        .await
        .expect("the run starts");
    let stats = proxy.stats();
    let counts = report.counts();
    let sent = |name: &str| {
        stats.operations.get(name).copied().unwrap_or(0)
            - before.operations.get(name).copied().unwrap_or(0)
    };
    let rate = counts.done as f64 / report.elapsed.as_secs_f64();
    println!(
        "  bulk disable: {} disabled, {} skipped, {} failed in {:.1?}",
        counts.done, counts.skipped, counts.failed, report.elapsed
    );
    println!(
        "  achieved {rate:.2} disables/s = {:.1} % of the UserUpdate quota",
        100.0 * rate / f64::from(quotas.user_update)
    );
    println!(
        "  AdminDisableUser sent {}; AdminGetUser {}; throttled (over quota) {:?}",
        sent("AdminDisableUser"),
        sent("AdminGetUser"),
        stats.over_quota_by
    );
    assert_eq!(counts.failed, 0, "no failure shown to the user");
    assert_eq!(counts.done, n);
}
