//! Small, fixed pools and users for tests and benchmarks: deterministic, so rendered screens
//! can be compared line by line.

use super::{Attribute, PoolInfo, SchemaAttribute, User};

fn schema(name: &str, required: bool, mutable: bool) -> SchemaAttribute {
    SchemaAttribute {
        name: name.to_owned(),
        data_type: "String".to_owned(),
        required,
        mutable,
        custom: name.starts_with("custom:"),
    }
}

/// A pool whose schema has `sub` (immutable), `email` (required), an immutable custom attribute
/// and a few ordinary ones.
pub fn pool() -> PoolInfo {
    PoolInfo {
        id: "eu-west-1_Test1".to_owned(),
        name: "test-pool".to_owned(),
        estimated_users: Some(500),
        schema: vec![
            schema("sub", true, false),
            schema("email", true, true),
            schema("email_verified", false, true),
            schema("name", false, true),
            schema("locale", false, true),
            schema("phone_number", false, true),
            schema("custom:tenant_id", false, false),
            schema("custom:plan", false, true),
        ],
        mfa_configuration: Some("OPTIONAL".to_owned()),
        username_attributes: Vec::new(),
        alias_attributes: vec!["email".to_owned()],
        details: Box::new(crate::directory::PoolDetails {
            arn: Some(
                "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Test1".to_owned(),
            ),
            created: Some(1_700_000_000),
            last_modified: Some(1_717_228_800),
            password_policy: Some(crate::directory::PasswordPolicy {
                minimum_length: Some(12),
                require_uppercase: true,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: false,
                temporary_password_validity_days: Some(7),
            }),
            triggers: vec![(
                "PreSignUp".to_owned(),
                "arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up".to_owned(),
            )],
            auto_verified_attributes: vec!["email".to_owned()],
            deletion_protection: Some("ACTIVE".to_owned()),
            tier: Some("ESSENTIALS".to_owned()),
            domain: None,
        }),
    }
}

/// User number `i`: `user000`, `user001`, … with a fixed set of attributes.
pub fn user(i: usize) -> User {
    User::from(crate::directory::UserParts {
        username: format!("user{i:03}"),
        status: if i % 7 == 3 {
            "UNCONFIRMED".to_owned()
        } else {
            "CONFIRMED".to_owned()
        },
        enabled: i % 11 != 5,
        created: Some(1_700_000_000 + i as i64 * 3600),
        last_modified: Some(1_710_000_000 + i as i64 * 60),
        mfa: None,
        attributes: vec![
            Attribute::new("sub", format!("00000000-0000-4000-8000-{i:012}")),
            Attribute::new("email", format!("user{i}@example.com")),
            Attribute::new(
                "email_verified",
                if i.is_multiple_of(2) { "true" } else { "false" },
            ),
            Attribute::new("name", format!("Test User {i}")),
            Attribute::new("locale", "en-GB"),
            Attribute::new("custom:tenant_id", format!("tenant-{}", i % 3)),
            Attribute::new("custom:plan", "pro"),
        ]
        .into(),
    })
}

/// A confirmed, enabled user `ada` holding only `attributes`, with no dates and no MFA read.
pub fn ada(attributes: &[(&str, &str)]) -> User {
    User::from(crate::directory::UserParts {
        username: "ada".into(),
        status: "CONFIRMED".into(),
        enabled: true,
        created: None,
        last_modified: None,
        mfa: None,
        attributes: attributes
            .iter()
            .map(|(n, v)| Attribute::new(*n, *v))
            .collect(),
    })
}

pub fn users(n: usize) -> Vec<User> {
    (0..n).map(user).collect()
}
