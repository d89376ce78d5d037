//! The demo pool shipped in `assets/demo_pool.json`, served by the in-memory directory so the app
//! runs with no AWS account.

use aws_sdk_cognitoidentityprovider::primitives::{DateTime, DateTimeFormat};
use serde::Deserialize;

use super::memory::MemoryDirectory;
use super::{
    Attribute, EpochSeconds, GroupInfo, PasswordPolicy, PoolDetails, PoolInfo, SchemaAttribute,
    User,
};

const DEMO_POOL: &str = include_str!("../../assets/demo_pool.json");

#[derive(Deserialize)]
struct DemoFile {
    pool: DemoPool,
    users: Vec<DemoUser>,
}

#[derive(Deserialize)]
struct DemoPool {
    id: String,
    name: String,
    region: String,
    mfa_configuration: Option<String>,
    #[serde(default)]
    username_attributes: Vec<String>,
    #[serde(default)]
    alias_attributes: Vec<String>,
    schema: Vec<SchemaAttribute>,
}

#[derive(Deserialize)]
struct DemoUser {
    username: String,
    status: String,
    enabled: bool,
    created: Option<String>,
    last_modified: Option<String>,
    #[serde(default)]
    mfa: Vec<String>,
    attributes: Vec<Attribute>,
}

/// The demo pool: its region (for the header) and a directory serving it.
pub struct DemoPoolData {
    pub region: String,
    pub pool: PoolInfo,
    pub users: Vec<User>,
}

impl DemoPoolData {
    pub fn into_directory(self) -> MemoryDirectory {
        // The demo file holds no groups; give each user the groups its plan implies.
        let members: Vec<(String, &'static [&'static str])> = self
            .users
            .iter()
            .map(|u| (u.username().to_owned(), plan_groups(u)))
            .collect();
        let mut directory = MemoryDirectory::new(self.pool, self.users).with_pool_groups(groups());
        for (username, names) in members {
            if !names.is_empty() {
                directory = directory.with_groups(&username, names);
            }
        }
        directory
    }
}

/// The demo pool's groups, in the order defined.
pub fn groups() -> Vec<GroupInfo> {
    let group = |name: &str, description: &str, precedence: i32| GroupInfo {
        name: name.into(),
        description: Some(description.into()),
        precedence: Some(precedence),
    };
    vec![
        group("admins", "Support-desk administrators", 0),
        group("support", "Support staff", 1),
        group("priority-support", "Customers with a support contract", 5),
        group("enterprise-customers", "Enterprise plan", 10),
        group("pro-customers", "Pro plan", 20),
        group("free-tier", "Free plan", 30),
    ]
}

/// The groups a demo (or synthetic) user is in: those its plan implies.
pub fn plan_groups(user: &User) -> &'static [&'static str] {
    match user.attribute("custom:plan") {
        Some("enterprise") => &["enterprise-customers", "priority-support"],
        Some("pro") => &["pro-customers"],
        Some(_) => &["free-tier"],
        None => &[],
    }
}

/// Loads the embedded demo pool. It is part of the binary, so failing to parse it is a build
/// defect that the tests catch; the error still reaches the user as text rather than a panic.
pub fn load() -> Result<DemoPoolData, String> {
    let file: DemoFile =
        serde_json::from_str(DEMO_POOL).map_err(|e| format!("the demo pool is damaged: {e}"))?;
    let users = file
        .users
        .into_iter()
        .map(|u| {
            User::from(crate::directory::UserParts {
                username: u.username,
                status: u.status,
                enabled: u.enabled,
                created: u.created.as_deref().and_then(parse_time),
                last_modified: u.last_modified.as_deref().and_then(parse_time),
                mfa: Some(u.mfa),
                attributes: u.attributes.into(),
            })
        })
        .collect();
    Ok(DemoPoolData {
        region: file.pool.region,
        pool: PoolInfo {
            id: file.pool.id,
            name: file.pool.name,
            estimated_users: None,
            schema: file.pool.schema,
            mfa_configuration: file.pool.mfa_configuration,
            username_attributes: file.pool.username_attributes,
            alias_attributes: file.pool.alias_attributes,
            // The demo file has no policies: show what a new pool's defaults are.
            details: Box::new(PoolDetails {
                password_policy: Some(PasswordPolicy {
                    minimum_length: Some(8),
                    require_uppercase: true,
                    require_lowercase: true,
                    require_numbers: true,
                    require_symbols: true,
                    temporary_password_validity_days: Some(7),
                }),
                auto_verified_attributes: vec!["email".to_owned()],
                deletion_protection: Some("INACTIVE".to_owned()),
                tier: Some("ESSENTIALS".to_owned()),
                ..PoolDetails::default()
            }),
        },
        users,
    })
}

fn parse_time(text: &str) -> Option<EpochSeconds> {
    DateTime::from_str(text, DateTimeFormat::DateTime)
        .ok()
        .map(|t| t.secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_pool_is_rich_enough_to_show_the_app() {
        let demo = load().unwrap();
        assert!(demo.users.len() >= 200);
        assert!(demo.users.iter().any(|u| !u.enabled()));
        assert!(
            demo.users
                .iter()
                .any(|u| u.attribute("email_verified") == Some("false"))
        );
        assert!(demo.users.iter().any(|u| {
            u.attributes()
                .iter()
                .any(|a| a.value.contains('"') || a.value.contains('\''))
        }));
        assert!(
            demo.users
                .iter()
                .any(|u| u.attributes().iter().any(|a| !a.value.is_ascii()))
        );
        assert!(demo.users.iter().all(|u| u.attribute("sub").is_some()));
        assert!(demo.users.iter().all(|u| u.created().is_some()));
        assert!(demo.pool.schema.iter().any(|a| a.custom));
    }
}
