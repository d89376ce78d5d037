//! Pools and users on moto, made and read back with the raw SDK: the one place the moto tests
//! (`e2e_pty`, `bad_input`, `moto_directory`, `moto_lookup`, `bulk_moto`, `crawl_moto`) get
//! their clients, pools and users from. Needs `COGNITO_TUI_MOTO_URL` (scripts/test.sh exports
//! it): without it the tests fail loudly, never skip.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, MessageActionType, SchemaAttributeType,
};
use cognito_tui::config::Settings;
use cognito_tui::directory::aws::{AwsReader, AwsWriter};
use cognito_tui::session::cognito_client;

pub mod cli;

pub const MOTO_URL_VAR: &str = "COGNITO_TUI_MOTO_URL";

/// A user's attributes by name.
pub type Attributes = BTreeMap<String, String>;
/// Every user of a pool, by username.
pub type Snapshot = BTreeMap<String, Attributes>;

/// A schema entry for [`Pool::create_with_schema`]: `(name, required, mutable)`, every one a
/// `String`. A name that is not a standard attribute becomes `custom:<name>`.
pub type SchemaEntry<'a> = (&'a str, bool, bool);

/// The schema [`Pool::create`] gives its pools: an immutable required `sub`, a required
/// `email`, mutable `given_name`, `family_name`, `locale`, `nickname`, `custom:plan`, and an
/// immutable `custom:tenant`.
pub const POOL_SCHEMA: &[SchemaEntry] = &[
    ("sub", true, false),
    ("email", true, true),
    ("given_name", false, true),
    ("family_name", false, true),
    ("locale", false, true),
    ("nickname", false, true),
    ("plan", false, true),
    ("tenant", false, false),
];

/// The command-line arguments that open pool `pool_id` of us-east-1 on the emulator at `endpoint`.
pub fn pool_args<'a>(pool_id: &'a str, endpoint: &'a str) -> Vec<&'a str> {
    vec![
        "--pool-id",
        pool_id,
        "--endpoint-url",
        endpoint,
        "--region",
        "us-east-1",
    ]
}

/// Moto's URL; panics (never skips) when it is not set.
pub fn moto_url() -> String {
    std::env::var(MOTO_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{MOTO_URL_VAR} is not set: these tests need moto. Run them through scripts/test.sh \
             (e.g. COGNITO_TUI_TEST_CMD='cargo test --test {}' scripts/test.sh).",
            env!("CARGO_CRATE_NAME")
        )
    })
}

/// The client the app builds for an endpoint (SDK retries off).
pub async fn client_for(endpoint: &str) -> Client {
    cognito_client(&Settings {
        endpoint_url: Some(endpoint.to_owned()),
        region: Some("us-east-1".into()),
        ..Default::default()
    })
    .await
    .expect("a client for an explicit region")
}

/// The client for setting pools up: it waits up to 60 s a call, since a test binary may install
/// short `[timeouts]` process-wide for the code under test, and moto on a loaded machine can take
/// longer than those to create a pool.
async fn patient_client_for(endpoint: &str) -> Client {
    let client = client_for(endpoint).await;
    let patient = aws_sdk_cognitoidentityprovider::config::timeout::TimeoutConfig::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .operation_attempt_timeout(std::time::Duration::from_secs(60))
        .operation_timeout(std::time::Duration::from_secs(60))
        .build();
    Client::from_conf(client.config().to_builder().timeout_config(patient).build())
}

/// The client for moto; panics (never skips) when moto is not configured or not answering.
pub async fn moto_client() -> Client {
    let url = moto_url();
    let client = patient_client_for(&url).await;
    if let Err(e) = client.list_user_pools().max_results(1).send().await {
        panic!(
            "moto does not answer at {url} ({}). Run the tests through scripts/test.sh.",
            DisplayErrorContext(&e)
        );
    }
    client
}

/// `label` made unique to this process and call, for pool names.
pub fn unique_name(label: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{label}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// A `String` schema attribute.
pub fn schema_attribute(name: &str, required: bool, mutable: bool) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::String)
        .required(required)
        .mutable(mutable)
        .build()
}

/// A fresh pool on moto, named after a label (see [`unique_name`]).
#[derive(Clone)]
pub struct Pool {
    pub client: Client,
    pub id: String,
    pub name: String,
}

impl Pool {
    /// A pool with [`POOL_SCHEMA`].
    pub async fn create(label: &str) -> Pool {
        Self::create_with_schema(label, Some(POOL_SCHEMA)).await
    }

    /// A pool with this schema; with `None`, none is sent and moto gives the pool every
    /// standard attribute. With a schema, moto lists only the attributes in it.
    pub async fn create_with_schema(label: &str, schema: Option<&[SchemaEntry<'_>]>) -> Pool {
        let client = moto_client().await;
        let name = unique_name(label);
        let schema = schema.map(|entries| {
            entries
                .iter()
                .map(|&(name, required, mutable)| schema_attribute(name, required, mutable))
                .collect()
        });
        let output = client
            .create_user_pool()
            .pool_name(&name)
            .set_schema(schema)
            .send()
            .await
            .expect("CreateUserPool on moto");
        let id = output
            .user_pool()
            .and_then(|p| p.id())
            .expect("the new pool's id")
            .to_owned();
        Pool { client, id, name }
    }

    /// The app's reader for this pool, over the raw client.
    pub fn reader(&self) -> AwsReader {
        AwsReader::new(self.client.clone(), self.id.clone())
    }

    /// The app's writer for this pool, over the raw client.
    pub fn writer(&self) -> AwsWriter {
        AwsWriter::new(self.client.clone(), self.id.clone())
    }

    /// AdminCreateUser, with no message sent.
    pub async fn create_user(&self, username: &str, attributes: &[(&str, &str)]) {
        self.create_user_from(username, attributes).await;
    }

    /// [`Pool::create_user`] for attributes held as any pairs of strings, e.g.
    /// `(String, String)`. (`create_user` keeps its `&str` pairs so that a list mixing `&str`
    /// and `&String` values still coerces.)
    pub async fn create_user_from<N, V>(&self, username: &str, attributes: &[(N, V)])
    where
        N: AsRef<str>,
        V: AsRef<str>,
    {
        let attributes = attributes
            .iter()
            .map(|(name, value)| {
                AttributeType::builder()
                    .name(name.as_ref())
                    .value(value.as_ref())
                    .build()
                    .expect("an attribute with a name")
            })
            .collect();
        self.client
            .admin_create_user()
            .user_pool_id(&self.id)
            .username(username)
            .message_action(MessageActionType::Suppress)
            .set_user_attributes(Some(attributes))
            .send()
            .await
            .unwrap_or_else(|e| panic!("AdminCreateUser {username}: {}", DisplayErrorContext(&e)));
    }

    /// CreateGroup, with no description.
    pub async fn create_group(&self, group: &str) {
        self.client
            .create_group()
            .user_pool_id(&self.id)
            .group_name(group)
            .send()
            .await
            .expect("CreateGroup");
    }

    /// AdminAddUserToGroup.
    pub async fn add_to_group(&self, username: &str, group: &str) {
        self.client
            .admin_add_user_to_group()
            .user_pool_id(&self.id)
            .username(username)
            .group_name(group)
            .send()
            .await
            .expect("AdminAddUserToGroup");
    }

    /// AdminDisableUser.
    pub async fn disable_user(&self, username: &str) {
        self.client
            .admin_disable_user()
            .user_pool_id(&self.id)
            .username(username)
            .send()
            .await
            .expect("AdminDisableUser");
    }

    /// AdminSetUserMFAPreference: SMS MFA on and preferred.
    pub async fn prefer_sms_mfa(&self, username: &str) {
        self.client
            .admin_set_user_mfa_preference()
            .user_pool_id(&self.id)
            .username(username)
            .sms_mfa_settings(
                aws_sdk_cognitoidentityprovider::types::SmsMfaSettingsType::builder()
                    .enabled(true)
                    .preferred_mfa(true)
                    .build(),
            )
            .send()
            .await
            .expect("AdminSetUserMFAPreference");
    }

    /// The user's attributes as the server has them now (AdminGetUser).
    pub async fn server_attributes(&self, username: &str) -> Attributes {
        let output = self
            .client
            .admin_get_user()
            .user_pool_id(&self.id)
            .username(username)
            .send()
            .await
            .unwrap_or_else(|e| panic!("AdminGetUser {username}: {}", DisplayErrorContext(&e)));
        output
            .user_attributes()
            .iter()
            .map(|a| {
                (
                    a.name().to_owned(),
                    a.value().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// Every user and their attributes, as the server has them now (ListUsers, every page).
    pub async fn snapshot(&self) -> Snapshot {
        let mut out = Snapshot::new();
        let mut token: Option<String> = None;
        loop {
            let page = self
                .client
                .list_users()
                .user_pool_id(&self.id)
                .set_pagination_token(token.clone())
                .send()
                .await
                .expect("ListUsers");
            for user in page.users() {
                let attributes = user
                    .attributes()
                    .iter()
                    .map(|a| {
                        (
                            a.name().to_owned(),
                            a.value().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect();
                out.insert(user.username().unwrap_or_default().to_owned(), attributes);
            }
            token = page.pagination_token().map(str::to_owned);
            if token.is_none() {
                return out;
            }
        }
    }
}
