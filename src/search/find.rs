//! Running a recognised query to the end, for scripts: every attempt in turn, every page, each
//! result checked against the full condition.

use super::{Query, ServerFilter, build_filter};
use crate::directory::{DirectoryError, DirectoryReader, ListUsersRequest, PageSize, User};
use crate::limiter::{Limiter, Operation};
use crate::retry::RetryPolicy;

/// What a lookup found, and with which filter.
pub struct Found {
    pub filter: Option<ServerFilter>,
    pub users: Vec<User>,
    /// Every filter sent, in order.
    pub tried: Vec<String>,
}

/// The most results a lookup collects; a query matching more is too broad for a person.
pub const MAX_RESULTS: usize = 10_000;

/// Every page waits for `limiter`'s UserList token, each retry attempt too.
pub async fn find(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    query: &Query,
    retry: RetryPolicy,
) -> Result<Found, FindError> {
    let mut tried = Vec::new();
    for attempt in &query.attempts {
        let filter = build_filter(attempt).map_err(FindError::Search)?;
        tried.push(filter.expression.clone());
        let users = all_pages(reader, limiter, Some(&filter), retry).await?;
        if !users.is_empty() {
            return Ok(Found {
                filter: Some(filter),
                users,
                tried,
            });
        }
    }
    Ok(Found {
        filter: None,
        users: Vec::new(),
        tried,
    })
}

/// Every user matching `filter` (all users without one), page by page.
async fn all_pages(
    reader: &dyn DirectoryReader,
    limiter: &Limiter,
    filter: Option<&ServerFilter>,
    retry: RetryPolicy,
) -> Result<Vec<User>, FindError> {
    let mut users = Vec::new();
    let mut token = None;
    loop {
        let request = ListUsersRequest {
            filter: filter.map(|f| f.expression.clone()),
            page_size: PageSize::MAX,
            token,
        };
        let page = retry
            .run(Operation::ListUsers.name(), || async {
                limiter.acquire_for(Operation::ListUsers).await;
                reader.list_users(request.clone()).await
            })
            .await
            .map_err(FindError::Directory)?;
        users.extend(
            page.users
                .into_iter()
                .filter(|u| filter.is_none_or(|f| f.accepts(u))),
        );
        if users.len() > MAX_RESULTS {
            return Err(FindError::TooMany);
        }
        token = page.next_token;
        if token.is_none() {
            return Ok(users);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("{0}")]
    Search(super::SearchError),
    #[error("{0}")]
    Directory(DirectoryError),
    #[error("more than {MAX_RESULTS} users match; narrow the query")]
    TooMany,
}
