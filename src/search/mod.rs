//! Finding people: what a typed query means, the Cognito filters that find it safely, and the
//! instant local filter over the users already loaded.

mod escape;
pub mod find;
pub mod local;
mod query;

pub use escape::{MAX_FILTER_LEN, ServerFilter, build_filter};
pub use query::{Attempt, Query, recognise};

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SearchError {
    #[error("type something to search for")]
    Empty,
    #[error(
        "Cognito cannot search on {0} (only standard identity attributes); press f to filter the loaded users locally instead"
    )]
    NotFilterable(String),
    #[error("the search is {0} characters long as a Cognito filter; the limit is 256")]
    TooLong(usize),
    /// A value starting with `"`, `\` or a control character leaves no safe prefix to send,
    /// and `attr ^= ""` would read the whole pool.
    #[error(
        "Cognito cannot search for a value that starts with a quote, a backslash or a control character; press f to filter the loaded users locally instead"
    )]
    UnsafeStart,
}
