//! The `Directory`: everything the app asks of a user pool, split into reading and writing.
//!
//! Read-only mode is a type, not a flag: a session built read-only holds a [`DirectoryReader`]
//! and no [`DirectoryWriter`] at all, so there is no value through which a mutating call could be
//! sent. The AWS implementation keeps the same split ([`aws::AwsReader`], [`aws::AwsWriter`]).

mod attributes;
pub mod aws;
pub mod credentials;
pub mod demo;
mod error;
pub mod filter;
pub mod fixtures;
pub mod import_columns;
mod interned;
pub mod lazy_pool;
pub mod memory;
mod model;
pub mod synthetic;
mod users;

use std::sync::Arc;

use async_trait::async_trait;

use crate::change::AccountAction;

pub use attributes::{AsAttribute, Attribute, AttributeRef, Attributes};
pub use error::DirectoryError;
pub use model::{
    AuthEvent, EpochSeconds, Fields, GroupInfo, ListUsersRequest, PageSize, PasswordPolicy,
    PoolDetails, PoolInfo, PoolSummary, SchemaAttribute, User, UserAttributes, UserAttributesIter,
    UserPage, UserParts,
};
pub use users::{UserFields, Users};

/// Reading a pool: users page by page, one user, and the pool's description.
#[async_trait]
pub trait DirectoryReader: Send + Sync {
    /// One page of users (at most [`PageSize::MAX`]), optionally filtered by a Cognito filter
    /// expression such as `email ^= "jo"`.
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError>;

    /// One user with everything Cognito knows of it, MFA settings included.
    async fn get_user(&self, username: &str) -> Result<User, DirectoryError>;

    /// The pool's name, schema, MFA configuration and estimated number of users.
    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError>;

    /// The names of the groups the user belongs to (`AdminListGroupsForUser`).
    /// Directories that cannot tell (self-service has no admin rights) answer `Unsupported`.
    async fn list_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        let _ = username;
        Err(DirectoryError::Unsupported {
            detail: "groups are not available in this session".into(),
        })
    }

    /// The account's pools in this region (`ListUserPools`), with their estimated users.
    async fn list_pools(&self) -> Result<Vec<PoolSummary>, DirectoryError> {
        Err(DirectoryError::Unsupported {
            detail: "this session cannot list pools".into(),
        })
    }

    /// The estimated users of another pool of the account (`DescribeUserPool` of `pool_id`):
    /// `ListUserPools` does not count them. The picker asks one pool at a time, each call
    /// within the UserPoolRead quota. `None` where the directory cannot tell.
    async fn pool_size(&self, pool_id: &str) -> Result<Option<u64>, DirectoryError> {
        let _ = pool_id;
        Ok(None)
    }

    /// Every group of the pool (`ListGroups`, all pages), for the group picker and groups view.
    async fn list_all_groups(&self) -> Result<Vec<GroupInfo>, DirectoryError> {
        Err(unsupported(
            "the pool's groups are not available in this session",
        ))
    }

    /// One page (at most [`PageSize::MAX`]) of the users in `group` (`ListUsersInGroup`),
    /// from `token`; the page's `next_token` continues it.
    async fn list_users_in_group(
        &self,
        group: &str,
        token: Option<String>,
    ) -> Result<UserPage, DirectoryError> {
        let _ = (group, token);
        Err(unsupported(
            "the members of a group are not available in this session",
        ))
    }

    /// The user's recent authentication events, newest first (`AdminListUserAuthEvents`).
    async fn auth_events(&self, username: &str) -> Result<Vec<AuthEvent>, DirectoryError> {
        let _ = username;
        Err(unsupported(
            "sign-in history is not available in this session",
        ))
    }

    /// The columns of the pool's CSV user-import file (`GetCSVHeader`).
    async fn csv_header(&self) -> Result<Vec<String>, DirectoryError> {
        Err(DirectoryError::Unsupported {
            detail: "this directory has no CSV header".into(),
        })
    }
}

/// Changing a pool. Only sessions that may write ever build one.
#[async_trait]
pub trait DirectoryWriter: Send + Sync {
    /// Deletes the named attributes of one user (`AdminDeleteUserAttributes`).
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError>;

    /// Sets the given attributes of one user, adding those it lacks
    /// (`AdminUpdateUserAttributes`). Undo uses it to put deleted values back.
    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError>;

    /// Carries out one account action on one user: the single call
    /// [`AccountAction::operation`] names. The caller journals, limits and retries it.
    async fn apply(&self, username: &str, action: &AccountAction) -> Result<(), DirectoryError> {
        let _ = username;
        Err(unsupported(&format!(
            "this directory cannot {} ({})",
            action.label(),
            action.operation().name()
        )))
    }
}

fn unsupported(detail: &str) -> DirectoryError {
    DirectoryError::Unsupported {
        detail: detail.into(),
    }
}

/// What a session may do with its pool. Read-only sessions have no writer to hand out.
#[derive(Clone)]
pub enum Access {
    ReadOnly {
        reader: Arc<dyn DirectoryReader>,
    },
    ReadWrite {
        reader: Arc<dyn DirectoryReader>,
        writer: Arc<dyn DirectoryWriter>,
    },
}

impl Access {
    pub fn reader(&self) -> &Arc<dyn DirectoryReader> {
        match self {
            Access::ReadOnly { reader } | Access::ReadWrite { reader, .. } => reader,
        }
    }

    pub fn writer(&self) -> Option<&Arc<dyn DirectoryWriter>> {
        match self {
            Access::ReadOnly { .. } => None,
            Access::ReadWrite { writer, .. } => Some(writer),
        }
    }

    pub fn is_read_only(&self) -> bool {
        matches!(self, Access::ReadOnly { .. })
    }
}
