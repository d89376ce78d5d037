//! The data the app shows: users, their attributes and the pool's schema, independent of the SDK.

use serde::Deserialize;

use super::attributes::Attributes;

/// Seconds since the Unix epoch, as Cognito reports creation and modification times.
pub type EpochSeconds = i64;

/// A user of the pool. Read through its accessors; built from [`UserParts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    username: String,
    status: String,
    enabled: bool,
    created: Option<EpochSeconds>,
    last_modified: Option<EpochSeconds>,
    mfa: Option<Vec<String>>,
    attributes: Attributes,
}

/// Everything a [`User`] holds, as plain fields: what builders and tests fill in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserParts {
    pub username: String,
    /// Cognito's `UserStatus`, e.g. `CONFIRMED` or `FORCE_CHANGE_PASSWORD`.
    pub status: String,
    pub enabled: bool,
    pub created: Option<EpochSeconds>,
    pub last_modified: Option<EpochSeconds>,
    /// MFA methods the user has set up; `None` when the source did not say (ListUsers does not).
    pub mfa: Option<Vec<String>>,
    pub attributes: Attributes,
}

impl From<UserParts> for User {
    fn from(p: UserParts) -> User {
        User {
            username: p.username,
            status: p.status,
            enabled: p.enabled,
            created: p.created,
            last_modified: p.last_modified,
            mfa: p.mfa,
            attributes: p.attributes,
        }
    }
}

impl User {
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Cognito's `UserStatus`, e.g. `CONFIRMED` or `FORCE_CHANGE_PASSWORD`.
    pub fn status(&self) -> &str {
        &self.status
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    pub fn created(&self) -> Option<EpochSeconds> {
        self.created
    }

    pub fn last_modified(&self) -> Option<EpochSeconds> {
        self.last_modified
    }

    /// MFA methods the user has set up; `None` when the source did not say (ListUsers does not).
    pub fn mfa(&self) -> Option<&[String]> {
        self.mfa.as_deref()
    }

    pub fn attributes(&self) -> &Attributes {
        &self.attributes
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.value_of(name)
    }

    pub fn email(&self) -> Option<&str> {
        self.attribute("email")
    }

    /// The same user as plain fields, to change several at once.
    pub fn to_parts(&self) -> UserParts {
        UserParts {
            username: self.username.clone(),
            status: self.status.clone(),
            enabled: self.enabled,
            created: self.created,
            last_modified: self.last_modified,
            mfa: self.mfa.clone(),
            attributes: self.attributes.clone(),
        }
    }

    /// The same user with `mfa` instead.
    pub fn with_mfa(mut self, mfa: Option<Vec<String>>) -> User {
        self.set_mfa(mfa);
        self
    }

    pub fn set_username(&mut self, username: &str) {
        self.username = username.to_owned();
    }

    pub fn set_status(&mut self, status: &str) {
        self.status = status.to_owned();
    }

    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    pub fn set_created(&mut self, created: Option<EpochSeconds>) {
        self.created = created;
    }

    pub fn set_last_modified(&mut self, last_modified: Option<EpochSeconds>) {
        self.last_modified = last_modified;
    }

    pub fn set_mfa(&mut self, mfa: Option<Vec<String>>) {
        self.mfa = mfa;
    }

    /// Replaces every attribute.
    pub fn set_attributes(&mut self, attributes: Attributes) {
        self.attributes = attributes;
    }

    /// Sets the attribute `name` to `value`, adding it at the end when the user has none.
    pub fn set_attribute(&mut self, name: &str, value: &str) {
        self.attributes.set(name, value);
    }

    /// Adds an attribute at the end.
    pub fn push_attribute(&mut self, attribute: super::Attribute) {
        self.attributes.push(attribute);
    }

    /// Keeps the attributes for which `keep` says so.
    pub fn retain_attributes(
        &mut self,
        keep: impl FnMut(super::attributes::AttributeRef<'_>) -> bool,
    ) {
        self.attributes.retain(keep);
    }
}

/// One page of `ListUsers`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserPage {
    pub users: Vec<User>,
    pub next_token: Option<String>,
}

/// How many users one `ListUsers` call may return. Cognito refuses more than 60; the type makes a
/// larger page impossible to ask for, whatever the server would accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize(u8);

impl PageSize {
    pub const MAX: PageSize = PageSize(60);

    /// A page size, clamped into Cognito's range 1..=60.
    pub fn clamped(n: usize) -> Self {
        PageSize(n.clamp(1, Self::MAX.0 as usize) as u8)
    }

    pub fn get(self) -> usize {
        self.0 as usize
    }
}

impl Default for PageSize {
    fn default() -> Self {
        Self::MAX
    }
}

/// A `ListUsers` request: an optional Cognito filter expression and where to continue.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListUsersRequest {
    pub filter: Option<String>,
    pub page_size: PageSize,
    pub token: Option<String>,
}

/// One attribute of the pool's schema.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SchemaAttribute {
    pub name: String,
    #[serde(default = "default_data_type")]
    pub data_type: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default = "default_true")]
    pub mutable: bool,
    #[serde(default)]
    pub custom: bool,
}

fn default_data_type() -> String {
    "String".to_owned()
}

fn default_true() -> bool {
    true
}

/// One sign-in or other authentication event of a user (`AdminListUserAuthEvents`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthEvent {
    pub event_id: String,
    /// `SignIn`, `SignUp`, `ForgotPassword`, …
    pub event_type: String,
    pub created: Option<EpochSeconds>,
    /// `Pass`, `Fail` or `InProgress`.
    pub response: String,
    /// The risk Cognito saw (`Low`, `Medium`, `High`, `NoRisk`) when threat protection is on.
    pub risk_level: Option<String>,
    pub ip_address: Option<String>,
    pub device: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// One group of the pool (`ListGroups`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupInfo {
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
}

/// One pool of the account, for the pool picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSummary {
    pub id: String,
    pub name: String,
    pub estimated_users: Option<u64>,
}

/// What the app knows of the pool from `DescribeUserPool`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolInfo {
    pub id: String,
    pub name: String,
    pub estimated_users: Option<u64>,
    pub schema: Vec<SchemaAttribute>,
    /// `OFF`, `ON` or `OPTIONAL`.
    pub mfa_configuration: Option<String>,
    pub username_attributes: Vec<String>,
    pub alias_attributes: Vec<String>,
    /// The rest of `DescribeUserPool`, for the pool's describe view; empty where the directory
    /// does not say.
    pub details: Box<PoolDetails>,
}

/// What `DescribeUserPool` tells beyond the schema and MFA: shown by the describe view only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PoolDetails {
    pub arn: Option<String>,
    pub created: Option<EpochSeconds>,
    pub last_modified: Option<EpochSeconds>,
    pub password_policy: Option<PasswordPolicy>,
    /// The Lambda triggers set: `(trigger, function ARN)`, in Cognito's order.
    pub triggers: Vec<(String, String)>,
    pub auto_verified_attributes: Vec<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub deletion_protection: Option<String>,
    /// `LITE`, `ESSENTIALS` or `PLUS`.
    pub tier: Option<String>,
    pub domain: Option<String>,
}

/// The pool's password policy.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PasswordPolicy {
    pub minimum_length: Option<i32>,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub temporary_password_validity_days: Option<i32>,
}

impl PoolInfo {
    /// The schema's entry for `name`, or Cognito's own for a standard attribute the server left
    /// out (moto's `DescribeUserPool` omits most): every pool has the standard attributes.
    pub fn schema_attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema
            .iter()
            .find(|a| a.name == name)
            .or_else(|| standard_attribute(name))
    }
}

/// Cognito's standard attributes, which every pool has: `sub` and the 19 of OpenID Connect.
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];

/// Cognito's default schema entry for a standard attribute: `sub` is required and immutable,
/// the others optional and mutable (a pool may make some required; its schema then says so).
pub fn standard_attribute(name: &str) -> Option<&'static SchemaAttribute> {
    static STANDARD: std::sync::LazyLock<Vec<SchemaAttribute>> = std::sync::LazyLock::new(|| {
        STANDARD_ATTRIBUTES
            .iter()
            .map(|&name| SchemaAttribute {
                name: name.to_owned(),
                data_type: match name {
                    "email_verified" | "phone_number_verified" => "Boolean",
                    "updated_at" => "Number",
                    _ => "String",
                }
                .to_owned(),
                required: name == "sub",
                mutable: name != "sub",
                custom: false,
            })
            .collect()
    });
    STANDARD.iter().find(|a| a.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_attributes_are_part_of_every_pool_with_cognitos_flags() {
        assert_eq!(STANDARD_ATTRIBUTES.len(), 20);
        let pool = PoolInfo {
            schema: vec![SchemaAttribute {
                name: "email".into(),
                data_type: "String".into(),
                required: true,
                mutable: true,
                custom: false,
            }],
            ..PoolInfo::default()
        };
        assert!(
            pool.schema_attribute("email").unwrap().required,
            "the pool's own entry wins"
        );
        let birthdate = pool.schema_attribute("birthdate").unwrap();
        assert!(!birthdate.required && birthdate.mutable && !birthdate.custom);
        let sub = pool.schema_attribute("sub").unwrap();
        assert!(sub.required && !sub.mutable);
        assert_eq!(
            pool.schema_attribute("email_verified").unwrap().data_type,
            "Boolean"
        );
        assert!(pool.schema_attribute("identities").is_none());
        assert!(pool.schema_attribute("custom:plan").is_none());
    }
}
