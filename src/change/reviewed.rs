//! What a review showed of one user, carried with the change so the worker can refuse to change
//! anyone or anything the review did not show: a user deleted and made again under the same
//! username is another person (another `sub`), and a value changed since is not the one the
//! review said would be replaced.

use crate::directory::User;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub username: String,
    /// The user's `sub` as the review knew it; `None`: not read before the review, so there is
    /// nothing to hold it to.
    pub sub: Option<String>,
    /// For an edit of attributes: each value it replaces, as shown (`None`: it had none).
    pub values: Vec<(String, Option<String>)>,
}

impl Reviewed {
    /// `user` as the review shows it: its username and `sub`.
    pub fn of(user: &User) -> Self {
        Self {
            username: user.username().to_owned(),
            sub: user.attribute("sub").map(str::to_owned),
            values: Vec::new(),
        }
    }

    /// The same, with the values an edit replaces as the review showed them.
    pub fn with_values(mut self, values: Vec<(String, Option<String>)>) -> Self {
        self.values = values;
        self
    }

    /// Whether `now`, the user as the server has it, is another person than the one reviewed.
    pub fn replaced_by(&self, now: &User) -> bool {
        self.sub
            .as_deref()
            .is_some_and(|sub| now.attribute("sub") != Some(sub))
    }

    /// The value of `name` the review showed, if it showed one (`Some(None)`: it had none).
    pub fn value(&self, name: &str) -> Option<Option<&str>> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref())
    }
}
