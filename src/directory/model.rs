//! The data the app shows: users, their attributes and the pool's schema, independent of the SDK.

use serde::Deserialize;

use super::attributes::Attributes;

/// Seconds since the Unix epoch, as Cognito reports creation and modification times.
pub type EpochSeconds = i64;

/// A user of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
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

impl User {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.value_of(name)
    }

    pub fn email(&self) -> Option<&str> {
        self.attribute("email")
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
}

impl PoolInfo {
    pub fn schema_attribute(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema.iter().find(|a| a.name == name)
    }
}
