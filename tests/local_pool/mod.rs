//! Pools and users on cognito-local, made with the raw SDK: what the self-service tests
//! (`self_service`, `secrets_scan`) share. Needs `COGNITO_TUI_COGNITO_LOCAL_URL` (scripts/test.sh
//! exports it): without it the tests fail loudly, never skip.
#![allow(dead_code)]

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::retry::RetryConfig;
use aws_sdk_cognitoidentityprovider::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, ExplicitAuthFlowsType, MessageActionType, SchemaAttributeType,
};

/// cognito-local's URL; panics (never skips) when it is not set.
pub fn cognito_local_url() -> String {
    std::env::var("COGNITO_TUI_COGNITO_LOCAL_URL").unwrap_or_else(|_| {
        panic!(
            "COGNITO_TUI_COGNITO_LOCAL_URL is not set: these tests need cognito-local. Run them \
             through scripts/test.sh (e.g. COGNITO_TUI_TEST_CMD='cargo test --test {}' \
             scripts/test.sh).",
            env!("CARGO_CRATE_NAME")
        )
    })
}

/// A client for setting up and checking, with credentials (admin calls are signed).
pub fn admin_client(url: &str) -> Client {
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

/// A fresh pool on cognito-local with one app client for USER_PASSWORD_AUTH (and refreshing),
/// and one with a secret.
pub struct LocalPool {
    pub url: String,
    pub admin: Client,
    pub id: String,
    pub client_id: String,
    pub secret_client_id: String,
    pub client_secret: String,
}

impl LocalPool {
    /// A pool named after `label`, with `schema` besides the standard attributes.
    pub async fn create(label: &str, schema: Vec<SchemaAttributeType>) -> Self {
        let url = cognito_local_url();
        let admin = admin_client(&url);
        let pool = admin
            .create_user_pool()
            .pool_name(format!("{label}-{}", fastrand::u32(..)))
            .set_schema((!schema.is_empty()).then_some(schema))
            .send()
            .await
            .expect("CreateUserPool on cognito-local");
        let id = pool.user_pool().and_then(|p| p.id()).unwrap().to_owned();
        let client = admin
            .create_user_pool_client()
            .user_pool_id(&id)
            .client_name("tui")
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
            .send()
            .await
            .expect("CreateUserPoolClient");
        let client_id = client
            .user_pool_client()
            .and_then(|c| c.client_id())
            .unwrap()
            .to_owned();
        let with_secret = admin
            .create_user_pool_client()
            .user_pool_id(&id)
            .client_name("tui-with-secret")
            .generate_secret(true)
            .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
            .send()
            .await
            .expect("CreateUserPoolClient with a secret");
        let with_secret = with_secret.user_pool_client().unwrap();
        LocalPool {
            url,
            admin,
            id,
            client_id,
            secret_client_id: with_secret.client_id().unwrap().to_owned(),
            client_secret: with_secret
                .client_secret()
                .expect("cognito-local generates client secrets")
                .to_owned(),
        }
    }

    /// A user with the given attributes; `password` makes it CONFIRMED, else it must change
    /// its temporary password at first sign-in.
    pub async fn user(&self, username: &str, password: Option<&str>, attributes: &[(&str, &str)]) {
        let mut call = self
            .admin
            .admin_create_user()
            .user_pool_id(&self.id)
            .username(username)
            .message_action(MessageActionType::Suppress)
            .temporary_password("Temporary-Pa55word");
        for (name, value) in attributes {
            call = call.user_attributes(
                AttributeType::builder()
                    .name(*name)
                    .value(*value)
                    .build()
                    .unwrap(),
            );
        }
        call.send().await.expect("AdminCreateUser");
        if let Some(password) = password {
            self.admin
                .admin_set_user_password()
                .user_pool_id(&self.id)
                .username(username)
                .password(password)
                .permanent(true)
                .send()
                .await
                .expect("AdminSetUserPassword");
        }
    }
}
