//! Building a session's directory from its settings: the demo pool, or Cognito through the SDK
//! and the standard AWS chain (env vars, profiles, SSO, `AWS_ENDPOINT_URL`).

use std::sync::Arc;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_cognitoidentityprovider::config::Region;
use aws_types::service_config::ServiceConfigKey;
use thiserror::Error;

use crate::app::Session;
use crate::config::Settings;
use crate::directory::aws::{AwsReader, AwsWriter};
use crate::directory::lazy_pool::LazyPool;
use crate::directory::memory::MemoryDirectory;
use crate::directory::{Access, demo};
use crate::endpoint::{self, Endpoint};

#[derive(Debug, Error)]
pub enum SessionError {
    #[error(
        "no user pool given: pass --pool-id ID, set pool_id in a config profile, or try --demo"
    )]
    NoPool,
    #[error("no AWS region: pass --region, set region in the config profile, or set AWS_REGION")]
    NoRegion,
    #[error("{0}")]
    Demo(String),
    #[error(transparent)]
    Endpoint(#[from] crate::endpoint::BadEndpoint),
}

/// The directory access and header facts of a session.
pub struct Connected {
    pub access: Access,
    pub session: Session,
    /// The demo directory, kept for tests that inspect it: the demo pool's own users and those
    /// created (not the synthetic users of `--demo-users`).
    pub memory: Option<Arc<MemoryDirectory>>,
}

/// Gives out only the access the settings allow: a read-only session gets no writer.
fn access_to<D>(directory: Arc<D>, read_only: bool) -> Access
where
    D: crate::directory::DirectoryReader + crate::directory::DirectoryWriter + 'static,
{
    if read_only {
        Access::ReadOnly { reader: directory }
    } else {
        Access::ReadWrite {
            reader: directory.clone(),
            writer: directory,
        }
    }
}

pub fn demo(read_only: bool) -> Result<Connected, SessionError> {
    demo_with_users(read_only, 0)
}

/// The seed of `--demo-users`: the same N always gives the same pool.
pub const DEMO_USERS_SEED: u64 = 0x0063_6f67_6e69_746f;

/// The demo pool with `extra` synthetic users after its own (`--demo-users N`), made on demand
/// rather than held (`directory/lazy_pool.rs`): the app's loaded list is their only copy.
pub fn demo_with_users(read_only: bool, extra: usize) -> Result<Connected, SessionError> {
    let data = demo::load().map_err(SessionError::Demo)?;
    let session = Session {
        pool_id: data.pool.id.clone(),
        region: "demo".to_owned(),
        profile: None,
        read_only,
        self_service: false,
    };
    let pool = data.pool.clone();
    let directory = Arc::new(data.into_directory());
    let access = if extra == 0 {
        access_to(directory.clone(), read_only)
    } else {
        let lazy = LazyPool::new(directory.clone(), pool, extra, DEMO_USERS_SEED);
        access_to(Arc::new(lazy), read_only)
    };
    Ok(Connected {
        access,
        session,
        memory: Some(directory),
    })
}

/// The SDK client for these settings. The SDK's own retries are off: `retry.rs` retries, once.
/// Connecting and each attempt are bounded (`[timeouts]`), so a stalled connection ends.
pub async fn cognito_client(
    settings: &Settings,
) -> Result<aws_sdk_cognitoidentityprovider::Client, SessionError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::disabled())
        .timeout_config(crate::timeouts::current().sdk_config());
    if let Some(profile) = &settings.aws_profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let endpoint = endpoint::resolve(settings.endpoint_url.as_deref(), |name| {
        std::env::var(name).ok()
    })?;
    if let Endpoint::Url(url) = &endpoint {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(SessionError::NoRegion);
    }
    let mut client = aws_sdk_cognitoidentityprovider::config::Builder::from(&config);
    if !matches!(endpoint, Endpoint::Url(_)) {
        // What the client took from the AWS config file (a `[services]` section's, else the
        // profile's `endpoint_url`), as `Builder::from` reads it: a blank one would be the URL.
        let from_file = config
            .service_config()
            .zip(cognito_endpoint_key())
            .and_then(|(c, key)| c.load_config(key))
            .or_else(|| config.endpoint_url().map(str::to_owned));
        match from_file {
            Some(url) if !url.trim().is_empty() => {
                endpoint::check(&url, "endpoint_url in the AWS config file")?;
            }
            _ => {
                client.set_endpoint_url(None);
            }
        }
    }
    Ok(aws_sdk_cognitoidentityprovider::Client::from_conf(
        client.build(),
    ))
}

/// The key the SDK reads Cognito's own endpoint by, as its `config.rs` names it.
fn cognito_endpoint_key() -> Option<ServiceConfigKey<'static>> {
    ServiceConfigKey::builder()
        .service_id("Cognito Identity Provider")
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok()
}

/// The AWS profile the chain reads credentials from, as a sentence names it: `--profile` (or
/// the config profile's `aws_profile`), else `AWS_PROFILE`, else `default`.
pub fn aws_profile_name(settings: &Settings) -> String {
    settings
        .aws_profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_owned())
}

/// The region `client` calls (empty when it has none).
fn region_of(client: &aws_sdk_cognitoidentityprovider::Client) -> String {
    client
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default()
}

/// A session with no pool yet, for the pool picker: it can list the account's pools and
/// nothing else, so it holds no writer.
pub async fn connect_without_pool(settings: &Settings) -> Result<Connected, SessionError> {
    let client = cognito_client(settings).await?;
    let region = region_of(&client);
    Ok(Connected {
        access: Access::ReadOnly {
            reader: Arc::new(AwsReader::new(client, "").with_profile(aws_profile_name(settings))),
        },
        session: Session {
            pool_id: String::new(),
            region,
            profile: settings.profile_label.clone(),
            read_only: settings.read_only,
            self_service: false,
        },
        memory: None,
    })
}

/// The id of the pool called `name_or_id` in this region: an id is taken as it is, a name is
/// looked up with `ListUserPools` (exactly, then ignoring case).
pub async fn resolve_pool(settings: &Settings, name_or_id: &str) -> Result<String, String> {
    if crate::config::validate_pool_id(name_or_id).is_ok() {
        return Ok(name_or_id.to_owned());
    }
    let client = cognito_client(settings).await.map_err(|e| e.to_string())?;
    let reader = AwsReader::new(client, "").with_profile(aws_profile_name(settings));
    let pools = crate::directory::DirectoryReader::list_pools(&reader)
        .await
        .map_err(|e| e.to_string())?;
    pools
        .iter()
        .find(|p| p.name == name_or_id)
        .or_else(|| {
            pools
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name_or_id))
        })
        .map(|p| p.id.clone())
        .ok_or_else(|| format!("no user pool is called {name_or_id} in this region"))
}

pub async fn connect(settings: &Settings) -> Result<Connected, SessionError> {
    if settings.demo {
        // The profile's name shows in the header, as for a real pool.
        let mut connected = demo_with_users(settings.read_only, settings.demo_users)?;
        connected.session.profile = settings.profile_label.clone();
        return Ok(connected);
    }
    let pool_id = settings.pool_id.clone().ok_or(SessionError::NoPool)?;
    let client = cognito_client(settings).await?;
    let region = region_of(&client);
    let profile = aws_profile_name(settings);
    let reader = Arc::new(AwsReader::new(client.clone(), pool_id.clone()).with_profile(&profile));
    let access = if settings.read_only {
        // No AwsWriter is ever built for a read-only session.
        Access::ReadOnly { reader }
    } else {
        Access::ReadWrite {
            reader,
            writer: Arc::new(AwsWriter::new(client, pool_id.clone()).with_profile(profile)),
        }
    };
    Ok(Connected {
        access,
        session: Session {
            pool_id,
            region,
            profile: settings.profile_label.clone(),
            read_only: settings.read_only,
            self_service: false,
        },
        memory: None,
    })
}
