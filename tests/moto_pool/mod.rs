//! Pools and users on moto, made and read back with the raw SDK, for the tests that run the
//! built binary against it. Needs `COGNITO_TUI_MOTO_URL` (scripts/test.sh exports it): without
//! it the tests fail loudly, never skip.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::error::DisplayErrorContext;
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, MessageActionType, SchemaAttributeType,
};
use cognito_tui::config::Settings;
use cognito_tui::session::cognito_client;

pub const MOTO_URL_VAR: &str = "COGNITO_TUI_MOTO_URL";

/// A user's attributes by name.
pub type Attributes = BTreeMap<String, String>;
/// Every user of a pool, by username.
pub type Snapshot = BTreeMap<String, Attributes>;

pub fn moto_url() -> String {
    std::env::var(MOTO_URL_VAR).unwrap_or_else(|_| {
        panic!(
            "{MOTO_URL_VAR} is not set: these tests need moto. Run them through scripts/test.sh \
             (e.g. COGNITO_TUI_TEST_CMD='cargo test --test e2e_pty' scripts/test.sh)."
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

fn unique_name(label: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!(
        "{label}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn schema_attribute(name: &str, required: bool, mutable: bool) -> SchemaAttributeType {
    SchemaAttributeType::builder()
        .name(name)
        .attribute_data_type(AttributeDataType::String)
        .required(required)
        .mutable(mutable)
        .build()
}

/// A fresh pool on moto. Schema: an immutable required `sub`, a required `email`, mutable
/// `given_name`, `family_name`, `locale`, `nickname`, `custom:plan`, immutable `custom:tenant`.
pub struct Pool {
    pub client: Client,
    pub id: String,
    pub name: String,
}

impl Pool {
    pub async fn create(label: &str) -> Pool {
        let url = moto_url();
        let client = client_for(&url).await;
        if let Err(e) = client.list_user_pools().max_results(1).send().await {
            panic!(
                "moto does not answer at {url} ({}). Run the tests through scripts/test.sh.",
                DisplayErrorContext(&e)
            );
        }
        let name = unique_name(label);
        let output = client
            .create_user_pool()
            .pool_name(&name)
            .schema(schema_attribute("sub", true, false))
            .schema(schema_attribute("email", true, true))
            .schema(schema_attribute("given_name", false, true))
            .schema(schema_attribute("family_name", false, true))
            .schema(schema_attribute("locale", false, true))
            .schema(schema_attribute("nickname", false, true))
            .schema(schema_attribute("plan", false, true))
            .schema(schema_attribute("tenant", false, false))
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

    pub async fn create_user(&self, username: &str, attributes: &[(&str, &str)]) {
        let mut call = self
            .client
            .admin_create_user()
            .user_pool_id(&self.id)
            .username(username)
            .message_action(MessageActionType::Suppress);
        for (name, value) in attributes {
            call = call.user_attributes(
                AttributeType::builder()
                    .name(*name)
                    .value(*value)
                    .build()
                    .expect("an attribute"),
            );
        }
        call.send()
            .await
            .unwrap_or_else(|e| panic!("AdminCreateUser {username}: {}", DisplayErrorContext(&e)));
    }

    /// Every user and their attributes, as the server has them now.
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
