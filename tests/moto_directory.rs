//! The AWS directory (`AwsReader`, `AwsWriter`, the worker over them) against moto, through the
//! real SDK client that `session::cognito_client` builds.
//!
//! These tests need moto: run them through `scripts/test.sh`, which starts it and exports
//! `COGNITO_TUI_MOTO_URL`. Without it they fail, never skip. Each test makes its own pool, so
//! they run in parallel without seeing each other's users.

mod moto_pool;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::Credentials;
use cognito_tui::app::DeletePlan;
use cognito_tui::directory::aws::{AwsReader, AwsWriter};
use cognito_tui::directory::{
    Access, DirectoryError, DirectoryReader, DirectoryWriter, ListUsersRequest, PageSize, User,
};
use cognito_tui::worker::{Command, RequestId, Response};
use moto_pool::{Pool, client_for, moto_client};

const UNKNOWN_POOL: &str = "us-east-1_doesNotExist1";

/// Standard attributes (an immutable `sub`, a required `email`), a mutable `custom:plan` and an
/// immutable `custom:tenant`. Moto lists only these.
const SCHEMA: &[(&str, bool, bool)] = &[
    ("sub", true, false),
    ("email", true, true),
    ("given_name", false, true),
    ("family_name", false, true),
    ("locale", false, true),
    ("plan", false, true),
    ("tenant", false, false),
];

/// A fresh pool on moto with [`SCHEMA`].
async fn new_pool(label: &str) -> Pool {
    Pool::create_with_schema(&format!("cognito-tui-{label}"), Some(SCHEMA)).await
}

/// A user with every attribute the schema has, values told apart by the username.
async fn create_full_user(pool: &Pool, username: &str) {
    pool.create_user(
        username,
        &[
            ("email", &format!("{username}@example.com")),
            ("given_name", &format!("{username}-given")),
            ("family_name", &format!("{username}-family")),
            ("locale", "en-GB"),
            ("custom:plan", &format!("{username}-plan")),
            ("custom:tenant", &format!("{username}-tenant")),
        ],
    )
    .await;
}

fn attribute_map(user: &User) -> BTreeMap<String, String> {
    user.attributes()
        .iter()
        .map(|a| (a.name.to_owned(), a.value.to_owned()))
        .collect()
}

fn usernames(users: &[User]) -> BTreeSet<String> {
    users.iter().map(|u| u.username().to_owned()).collect()
}

async fn list_all(reader: &AwsReader, filter: &str) -> Vec<User> {
    let page = reader
        .list_users(ListUsersRequest {
            filter: Some(filter.to_owned()),
            ..Default::default()
        })
        .await
        .expect("ListUsers with a filter");
    assert_eq!(page.next_token, None, "a small result fits in one page");
    page.users
}

#[tokio::test]
async fn lists_130_users_in_pages_of_at_most_60_each_user_once() {
    let pool = new_pool("paging").await;
    let created: BTreeSet<String> = (0..130).map(|i| format!("user{i:03}")).collect();
    for username in &created {
        pool.create_user(username, &[("email", &format!("{username}@example.com"))])
            .await;
    }
    let reader = pool.reader();

    let mut page_sizes = Vec::new();
    let mut listed = Vec::new();
    let mut token = None;
    loop {
        let page = reader
            .list_users(ListUsersRequest {
                filter: None,
                page_size: PageSize::MAX,
                token: token.take(),
            })
            .await
            .expect("a page of users");
        page_sizes.push(page.users.len());
        listed.extend(page.users.into_iter().map(|u| u.username().to_owned()));
        assert!(page_sizes.len() <= 5, "paging does not end: {page_sizes:?}");
        match page.next_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }

    assert!(page_sizes.iter().all(|&n| n <= 60), "{page_sizes:?}");
    assert_eq!(page_sizes, [60, 60, 10]);
    assert_eq!(listed.len(), 130, "no user listed twice");
    assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), created);

    // Moto would return 1000 users if asked; the page size type never asks for more than 60.
    assert_eq!(PageSize::clamped(1000), PageSize::MAX);
    let page = reader
        .list_users(ListUsersRequest {
            page_size: PageSize::clamped(1000),
            ..Default::default()
        })
        .await
        .expect("a page of users");
    assert_eq!(page.users.len(), 60);
    assert!(page.next_token.is_some());
}

#[tokio::test]
async fn describe_pool_reports_name_user_count_and_schema_flags() {
    let pool = new_pool("describe").await;
    for username in ["ann", "ben", "cat"] {
        create_full_user(&pool, username).await;
    }

    let info = pool
        .reader()
        .describe_pool()
        .await
        .expect("DescribeUserPool");

    assert_eq!(info.id, pool.id);
    assert_eq!(info.name, pool.name);
    assert_eq!(info.estimated_users, Some(3));
    let names: BTreeSet<&str> = info.schema.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "sub",
            "email",
            "given_name",
            "family_name",
            "locale",
            "custom:plan",
            "custom:tenant",
        ])
    );
    let flags = |name: &str| {
        let a = info
            .schema_attribute(name)
            .unwrap_or_else(|| panic!("{name} in the schema"));
        (a.required, a.mutable, a.custom, a.data_type.as_str())
    };
    // (required, mutable, custom, data type)
    assert_eq!(flags("sub"), (true, false, false, "String"));
    assert_eq!(flags("email"), (true, true, false, "String"));
    assert_eq!(flags("given_name"), (false, true, false, "String"));
    assert_eq!(flags("custom:plan"), (false, true, true, "String"));
    assert_eq!(flags("custom:tenant"), (false, false, true, "String"));
}

#[tokio::test]
async fn deleting_two_attributes_removes_exactly_those_two() {
    let pool = new_pool("delete").await;
    create_full_user(&pool, "alice").await;
    create_full_user(&pool, "bob").await;
    let alice_before = pool.server_attributes("alice").await;
    let bob_before = pool.server_attributes("bob").await;
    assert_eq!(alice_before.len(), 7, "six given attributes and sub");

    pool.writer()
        .delete_attributes("alice", &["given_name".into(), "custom:plan".into()])
        .await
        .expect("AdminDeleteUserAttributes");

    let mut expected = alice_before.clone();
    expected.remove("given_name");
    expected.remove("custom:plan");
    assert_eq!(pool.server_attributes("alice").await, expected);
    let through_reader = pool.reader().get_user("alice").await.expect("AdminGetUser");
    assert_eq!(attribute_map(&through_reader), expected);
    assert_eq!(pool.server_attributes("bob").await, bob_before);
}

#[tokio::test]
async fn unknown_user_is_user_not_found() {
    let pool = new_pool("unknown-user").await;
    create_full_user(&pool, "alice").await;

    let read = pool.reader().get_user("nobody").await;
    let write = pool
        .writer()
        .delete_attributes("nobody", &["given_name".into()])
        .await;

    for result in [read.map(|_| ()), write] {
        let error = result.expect_err("an unknown user is an error");
        assert!(
            matches!(error, DirectoryError::UserNotFound { .. }),
            "{error:?}"
        );
        assert!(error.to_string().starts_with("User not found"), "{error}");
        assert!(error.detail().contains("does not exist"), "{error:?}");
    }
}

#[tokio::test]
async fn unknown_pool_is_resource_not_found_for_every_call() {
    let client = moto_client().await;
    let reader = AwsReader::new(client.clone(), UNKNOWN_POOL);
    let writer = AwsWriter::new(client, UNKNOWN_POOL);

    let results = [
        (
            "ListUsers",
            reader
                .list_users(ListUsersRequest::default())
                .await
                .map(|_| ()),
        ),
        ("AdminGetUser", reader.get_user("alice").await.map(|_| ())),
        ("DescribeUserPool", reader.describe_pool().await.map(|_| ())),
        (
            "AdminDeleteUserAttributes",
            writer
                .delete_attributes("alice", &["given_name".into()])
                .await,
        ),
    ];

    for (call, result) in results {
        let error = result.expect_err(call);
        assert!(
            matches!(error, DirectoryError::ResourceNotFound { .. }),
            "{call}: {error:?}"
        );
        assert!(
            error.to_string().contains("user pool does not exist"),
            "{call}: {error}"
        );
        assert!(error.detail().contains(UNKNOWN_POOL), "{call}: {error:?}");
    }
}

#[tokio::test]
async fn filter_finds_the_right_users_and_a_bad_filter_is_invalid_parameter() {
    let pool = new_pool("filter").await;
    pool.create_user("alice", &[("email", "alice@example.com")])
        .await;
    pool.create_user("alina", &[("email", "alina@example.org")])
        .await;
    pool.create_user("bob", &[("email", "bob@example.com")])
        .await;
    let reader = pool.reader();

    let bob = list_all(&reader, r#"email ^= "bob""#).await;
    assert_eq!(usernames(&bob), BTreeSet::from(["bob".to_owned()]));
    assert_eq!(bob[0].email(), Some("bob@example.com"));
    let ali = list_all(&reader, r#"email ^= "ali""#).await;
    assert_eq!(
        usernames(&ali),
        BTreeSet::from(["alice".to_owned(), "alina".to_owned()])
    );

    let error = reader
        .list_users(ListUsersRequest {
            filter: Some(r#"custom:plan = "x""#.into()),
            ..Default::default()
        })
        .await
        .expect_err("custom attributes cannot be searched");
    assert!(
        matches!(error, DirectoryError::InvalidParameter { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("custom:plan"), "{error}");
}

/// Sends one command to a worker and waits (at most 30 s) for its answer.
async fn ask(access: Access, command: Command) -> Response {
    let (worker, mut responses) = support::worker_for(access, "");
    worker
        .commands
        .send(command)
        .expect("the worker is running");
    let response = tokio::time::timeout(Duration::from_secs(30), responses.recv())
        .await
        .expect("the worker answers within 30 s")
        .expect("the worker is still running");
    worker.task.abort();
    response
}

#[tokio::test]
async fn worker_deletes_attributes_with_a_read_write_session() {
    let pool = new_pool("worker-rw").await;
    create_full_user(&pool, "alice").await;
    let before = pool.server_attributes("alice").await;
    let user = pool.reader().get_user("alice").await.expect("AdminGetUser");
    let plan = DeletePlan::new(&user, &["custom:plan".to_owned(), "locale".to_owned()]);
    assert_eq!(plan.names(), ["locale", "custom:plan"]);
    let access = Access::ReadWrite {
        reader: Arc::new(pool.reader()),
        writer: Arc::new(pool.writer()),
    };

    let response = ask(
        access,
        Command::DeleteAttributes {
            id: RequestId(41),
            plan: plan.clone(),
        },
    )
    .await;

    assert_eq!(
        response,
        Response::AttributesDeleted {
            id: RequestId(41),
            plan,
            result: Ok(cognito_tui::worker::Deleted::default()),
        }
    );
    let mut expected = before;
    expected.remove("custom:plan");
    expected.remove("locale");
    assert_eq!(pool.server_attributes("alice").await, expected);
}

#[tokio::test]
async fn worker_refuses_to_delete_with_a_read_only_session() {
    let pool = new_pool("worker-ro").await;
    create_full_user(&pool, "alice").await;
    let before = pool.server_attributes("alice").await;
    let user = pool.reader().get_user("alice").await.expect("AdminGetUser");
    let plan = DeletePlan::new(&user, &["custom:plan".to_owned()]);
    assert!(!plan.is_empty());
    let access = Access::ReadOnly {
        reader: Arc::new(pool.reader()),
    };

    let response = ask(
        access,
        Command::DeleteAttributes {
            id: RequestId(42),
            plan: plan.clone(),
        },
    )
    .await;

    assert_eq!(
        response,
        Response::AttributesDeleted {
            id: RequestId(42),
            plan,
            result: Err(DirectoryError::ReadOnly),
        }
    );
    assert_eq!(pool.server_attributes("alice").await, before);
}

#[tokio::test]
async fn refused_connection_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("its address").port()
    };
    // Credentials are given here so that the outcome does not depend on the environment's.
    let config = client_for(&format!("http://127.0.0.1:{port}"))
        .await
        .config()
        .to_builder()
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .build();
    let reader = AwsReader::new(Client::from_conf(config), UNKNOWN_POOL);

    let error = reader
        .list_users(ListUsersRequest::default())
        .await
        .expect_err("nothing listens on the port");

    assert!(matches!(error, DirectoryError::Network { .. }), "{error:?}");
    assert!(error.is_transient());
    assert!(
        error.to_string().starts_with("Could not reach Cognito: "),
        "{error}"
    );
    assert!(!error.detail().is_empty());
}
