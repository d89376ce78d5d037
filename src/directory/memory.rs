//! An in-memory directory: serves the demo pool and the tests, with injectable failures and
//! latency so both can show how the app behaves when Cognito is slow or says no.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

use super::filter::Filter;
use super::{
    Attribute, DirectoryError, DirectoryReader, DirectoryWriter, ListUsersRequest, PoolInfo, User,
    UserPage,
};

/// The calls the directory answers, for fault injection and call counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    ListUsers,
    GetUser,
    DescribePool,
    ListGroups,
    DeleteAttributes,
    UpdateAttributes,
}

#[derive(Default)]
struct State {
    users: Vec<User>,
    groups: HashMap<String, Vec<String>>,
    faults: HashMap<Operation, VecDeque<DirectoryError>>,
    calls: HashMap<Operation, usize>,
}

pub struct MemoryDirectory {
    pool: PoolInfo,
    latency: Duration,
    state: Mutex<State>,
}

impl MemoryDirectory {
    pub fn new(pool: PoolInfo, users: Vec<User>) -> Self {
        Self {
            pool,
            latency: Duration::ZERO,
            state: Mutex::new(State {
                users,
                ..State::default()
            }),
        }
    }

    /// Puts `username` in the named groups.
    pub fn with_groups(self, username: &str, groups: &[&str]) -> Self {
        self.lock().groups.insert(
            username.to_owned(),
            groups.iter().map(|g| (*g).to_owned()).collect(),
        );
        self
    }

    /// Every call waits this long before answering.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The next call of `operation` fails with `error` (queued: inject twice, fail twice).
    pub fn inject(&self, operation: Operation, error: DirectoryError) {
        self.lock()
            .faults
            .entry(operation)
            .or_default()
            .push_back(error);
    }

    /// How many times `operation` was called, failed calls included.
    pub fn calls(&self, operation: Operation) -> usize {
        self.lock().calls.get(&operation).copied().unwrap_or(0)
    }

    /// A copy of the stored users, for tests to compare against.
    pub fn users(&self) -> Vec<User> {
        self.lock().users.clone()
    }

    pub fn remove_user(&self, username: &str) {
        self.lock().users.retain(|u| u.username != username);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts the call, waits the latency, then fails if a fault is queued for it.
    async fn enter(&self, operation: Operation) -> Result<(), DirectoryError> {
        *self.lock().calls.entry(operation).or_default() += 1;
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        match self
            .lock()
            .faults
            .get_mut(&operation)
            .and_then(VecDeque::pop_front)
        {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn not_found(username: &str) -> DirectoryError {
        DirectoryError::UserNotFound {
            detail: format!("User {username} does not exist."),
        }
    }
}

#[async_trait]
impl DirectoryReader for MemoryDirectory {
    async fn csv_header(&self) -> Result<Vec<String>, DirectoryError> {
        Ok(super::import_columns::fallback_header(&self.pool))
    }

    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        self.enter(Operation::ListUsers).await?;
        let filter = match &request.filter {
            Some(text) => {
                Some(
                    Filter::parse(text).map_err(|e| DirectoryError::InvalidParameter {
                        detail: e.to_string(),
                    })?,
                )
            }
            None => None,
        };
        let start = match &request.token {
            Some(token) => {
                token
                    .parse::<usize>()
                    .map_err(|_| DirectoryError::InvalidParameter {
                        detail: "The pagination token is invalid.".into(),
                    })?
            }
            None => 0,
        };
        let state = self.lock();
        let mut matching = state
            .users
            .iter()
            .filter(|u| filter.as_ref().is_none_or(|f| f.matches(u)))
            .skip(start);
        let users: Vec<User> = matching
            .by_ref()
            .take(request.page_size.get())
            .map(|u| User {
                // ListUsers does not report MFA settings; only AdminGetUser does.
                mfa: None,
                ..u.clone()
            })
            .collect();
        let next_token = matching
            .next()
            .map(|_| (start + request.page_size.get()).to_string());
        Ok(UserPage { users, next_token })
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        self.enter(Operation::GetUser).await?;
        self.lock()
            .users
            .iter()
            .find(|u| u.username == username)
            .map(|u| User {
                mfa: Some(u.mfa.clone().unwrap_or_default()),
                ..u.clone()
            })
            .ok_or_else(|| Self::not_found(username))
    }

    async fn list_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        self.enter(Operation::ListGroups).await?;
        let state = self.lock();
        if !state.users.iter().any(|u| u.username == username) {
            return Err(Self::not_found(username));
        }
        Ok(state.groups.get(username).cloned().unwrap_or_default())
    }

    async fn list_pools(&self) -> Result<Vec<crate::directory::PoolSummary>, DirectoryError> {
        self.enter(Operation::DescribePool).await?;
        Ok(vec![crate::directory::PoolSummary {
            id: self.pool.id.clone(),
            name: self.pool.name.clone(),
            estimated_users: Some(self.lock().users.len() as u64),
        }])
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        self.enter(Operation::DescribePool).await?;
        let count = self.lock().users.len() as u64;
        Ok(PoolInfo {
            estimated_users: Some(count),
            ..self.pool.clone()
        })
    }
}

#[async_trait]
impl DirectoryWriter for MemoryDirectory {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.enter(Operation::DeleteAttributes).await?;
        // Cognito itself refuses these; the in-memory pool does too, so the demo is honest.
        for name in names {
            if let Some(schema) = self.pool.schema_attribute(name)
                && (schema.required || !schema.mutable)
            {
                return Err(DirectoryError::InvalidParameter {
                    detail: format!("Cannot delete the required or immutable attribute {name}."),
                });
            }
        }
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.username == username)
            .ok_or_else(|| Self::not_found(username))?;
        user.attributes
            .retain(|a| !names.iter().any(|n| n == a.name));
        user.last_modified = now();
        Ok(())
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.enter(Operation::UpdateAttributes).await?;
        // Cognito never changes `sub`, nor an immutable attribute once it has a value.
        let mut state = self.lock();
        let user = state
            .users
            .iter_mut()
            .find(|u| u.username == username)
            .ok_or_else(|| Self::not_found(username))?;
        for attribute in attributes {
            let immutable = attribute.name == "sub"
                || self
                    .pool
                    .schema_attribute(&attribute.name)
                    .is_some_and(|s| !s.mutable);
            if immutable && user.attribute(&attribute.name).is_some() {
                return Err(DirectoryError::InvalidParameter {
                    detail: format!("Cannot modify the immutable attribute {}.", attribute.name),
                });
            }
        }
        for attribute in attributes {
            user.attributes.set(&attribute.name, &attribute.value);
        }
        user.last_modified = now();
        Ok(())
    }
}

fn now() -> Option<i64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, PageSize, SchemaAttribute};

    fn directory(n: usize) -> MemoryDirectory {
        let users = (0..n)
            .map(|i| User {
                username: format!("user{i:03}"),
                status: "CONFIRMED".into(),
                enabled: true,
                created: None,
                last_modified: None,
                mfa: Some(vec![]),
                attributes: vec![
                    Attribute::new("sub", format!("sub-{i}")),
                    Attribute::new("email", format!("user{i}@example.com")),
                    Attribute::new("locale", "en"),
                ]
                .into(),
            })
            .collect();
        let pool = PoolInfo {
            schema: vec![SchemaAttribute {
                name: "sub".into(),
                data_type: "String".into(),
                required: true,
                mutable: false,
                custom: false,
            }],
            ..PoolInfo::default()
        };
        MemoryDirectory::new(pool, users)
    }

    #[tokio::test]
    async fn pages_never_exceed_sixty_and_cover_every_user_once() {
        let dir = directory(130);
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let page = dir
                .list_users(ListUsersRequest {
                    filter: None,
                    page_size: PageSize::clamped(500),
                    token,
                })
                .await
                .unwrap();
            assert!(page.users.len() <= 60);
            seen.extend(page.users.into_iter().map(|u| u.username));
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen.len(), 130);
        seen.dedup();
        assert_eq!(seen.len(), 130);
        assert_eq!(dir.calls(Operation::ListUsers), 3);
    }

    #[tokio::test]
    async fn injected_faults_fail_once_each_in_order() {
        let dir = directory(1);
        dir.inject(
            Operation::GetUser,
            DirectoryError::from_code("TooManyRequestsException", ""),
        );
        assert!(matches!(
            dir.get_user("user000").await,
            Err(DirectoryError::TooManyRequests { .. })
        ));
        assert!(dir.get_user("user000").await.is_ok());
    }

    #[tokio::test]
    async fn deletes_only_the_named_attributes_and_refuses_required_ones() {
        let dir = directory(2);
        dir.delete_attributes("user001", &["locale".into()])
            .await
            .unwrap();
        let user = dir.get_user("user001").await.unwrap();
        assert_eq!(user.attribute("locale"), None);
        assert_eq!(user.attribute("email"), Some("user1@example.com"));
        assert_eq!(
            dir.get_user("user000").await.unwrap().attribute("locale"),
            Some("en")
        );
        assert!(matches!(
            dir.delete_attributes("user001", &["sub".into()]).await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert!(matches!(
            dir.delete_attributes("nobody", &["locale".into()]).await,
            Err(DirectoryError::UserNotFound { .. })
        ));
    }

    #[tokio::test]
    async fn updates_set_and_add_attributes_but_never_sub() {
        let dir = directory(1);
        dir.update_attributes(
            "user000",
            &[
                Attribute::new("locale", "fr"),
                Attribute::new("zoneinfo", "UTC"),
            ],
        )
        .await
        .unwrap();
        let user = dir.get_user("user000").await.unwrap();
        assert_eq!(user.attribute("locale"), Some("fr"));
        assert_eq!(user.attribute("zoneinfo"), Some("UTC"));
        assert!(matches!(
            dir.update_attributes("user000", &[Attribute::new("sub", "x")])
                .await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert_eq!(dir.calls(Operation::UpdateAttributes), 2);
    }
}
