//! The loaded users of a list, in chunks that can be shared: [`Users::share`] hands a
//! background task (the local filter's full passes) a read-only view of 100,000 users for the
//! price of cloning a few hundred `Arc`s, and the list can go on changing meanwhile — a chunk
//! a task still reads is copied before it is changed (`Arc::make_mut`).

use std::sync::Arc;

use super::User;

/// Users a chunk holds: small enough that copying one on write is cheap, large enough that
/// the chunk table stays short.
const CHUNK: usize = 256;

/// The users of a list, in order.
#[derive(Clone, Default)]
pub struct Users {
    chunks: Vec<Arc<Vec<User>>>,
    len: usize,
}

impl Users {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&User> {
        self.chunks.get(index / CHUNK)?.get(index % CHUNK)
    }

    /// The user at `index`, to change; a chunk shared with a background task is copied first.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut User> {
        let chunk = self.chunks.get_mut(index / CHUNK)?;
        Arc::make_mut(chunk).get_mut(index % CHUNK)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &User> {
        self.chunks.iter().flat_map(|c| c.iter())
    }

    /// Where the first user for which `f` holds is.
    pub fn position(&self, f: impl FnMut(&User) -> bool) -> Option<usize> {
        self.iter().position(f)
    }

    /// Adds users at the end.
    pub fn extend(&mut self, users: impl IntoIterator<Item = User>) {
        for user in users {
            match self.chunks.last_mut() {
                Some(last) if last.len() < CHUNK => Arc::make_mut(last).push(user),
                _ => {
                    let mut chunk = Vec::with_capacity(CHUNK);
                    chunk.push(user);
                    self.chunks.push(Arc::new(chunk));
                }
            }
            self.len += 1;
        }
    }

    /// The same users, shared: what a background task reads while the list goes on.
    pub fn share(&self) -> Users {
        self.clone()
    }
}

impl std::ops::Index<usize> for Users {
    type Output = User;

    fn index(&self, index: usize) -> &User {
        &self.chunks[index / CHUNK][index % CHUNK]
    }
}

impl From<Vec<User>> for Users {
    fn from(users: Vec<User>) -> Self {
        let mut out = Users::default();
        out.extend(users);
        out
    }
}

impl FromIterator<User> for Users {
    fn from_iter<I: IntoIterator<Item = User>>(iter: I) -> Self {
        let mut out = Users::default();
        out.extend(iter);
        out
    }
}

impl PartialEq for Users {
    fn eq(&self, other: &Users) -> bool {
        self.len == other.len && self.iter().eq(other.iter())
    }
}

impl Eq for Users {}

impl std::fmt::Debug for Users {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Users({} loaded)", self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::fixtures;

    #[test]
    fn holds_users_in_order_across_chunks() {
        let users: Users = fixtures::users(CHUNK * 2 + 3).into();
        assert_eq!(users.len(), CHUNK * 2 + 3);
        assert_eq!(users[CHUNK + 1].username, format!("user{:03}", CHUNK + 1));
        assert_eq!(users.get(CHUNK * 2 + 3), None);
        let names: Vec<String> = users.iter().map(|u| u.username.clone()).collect();
        let expected: Vec<String> = fixtures::users(CHUNK * 2 + 3)
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(names, expected);
        assert_eq!(users.position(|u| u.username == "user300"), Some(300));
    }

    #[test]
    fn a_shared_view_keeps_what_it_saw_while_the_list_changes() {
        let mut users: Users = fixtures::users(10).into();
        let seen = users.share();
        if let Some(u) = users.get_mut(3) {
            u.username = "renamed".into();
        }
        users.extend(fixtures::users(2));
        assert_eq!(seen.len(), 10);
        assert_eq!(seen[3].username, "user003");
        assert_eq!(users[3].username, "renamed");
        assert_eq!(users.len(), 12);
    }
}
