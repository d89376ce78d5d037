//! The loaded users of a list, in chunks that can be shared: [`Users::share`] hands a
//! background task (the local filter's full passes) a read-only view of 100,000 users for the
//! price of cloning a few hundred `Arc`s, and the list can go on changing meanwhile — a chunk
//! a task still reads is copied before it is changed (`Arc::make_mut`).
//!
//! The local filter reads each user's text in place ([`Users::fields`]): a `User` is one heap
//! block with its username and values laid out one after another, so no second copy is kept.

use std::sync::Arc;

use super::User;

/// Users a chunk holds: small enough that copying one on write is cheap, large enough that
/// the chunk table stays short.
const CHUNK: usize = 256;

/// The users of a list, in order.
#[derive(Clone, Default)]
pub struct Users {
    chunks: Vec<Arc<Chunk>>,
    len: usize,
}

#[derive(Clone, Default)]
struct Chunk {
    users: Vec<User>,
}

/// One user's fields, as [`Users::fields`] reads them: the username, then every value.
pub type UserFields<'a> = super::model::Fields<'a>;

impl Users {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&User> {
        self.chunks.get(index / CHUNK)?.users.get(index % CHUNK)
    }

    /// The user at `index`, to change; a chunk shared with a background task is copied first.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut User> {
        let chunk = self.chunks.get_mut(index / CHUNK)?;
        Arc::make_mut(chunk).users.get_mut(index % CHUNK)
    }

    /// Puts `user` at `index`.
    pub fn set(&mut self, index: usize, user: User) {
        if let Some(slot) = self.get_mut(index) {
            *slot = user;
        }
    }

    /// The text the local filter matches of the user at `index`: the username, then every
    /// attribute value, read from the user itself. Empty past the end.
    pub fn fields(&self, index: usize) -> UserFields<'_> {
        self.get(index).map_or_else(UserFields::none, User::fields)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &User> {
        self.chunks.iter().flat_map(|c| c.users.iter())
    }

    /// Where the first user for which `f` holds is.
    pub fn position(&self, f: impl FnMut(&User) -> bool) -> Option<usize> {
        self.iter().position(f)
    }

    /// Adds users at the end.
    pub fn extend(&mut self, users: impl IntoIterator<Item = User>) {
        for user in users {
            match self.chunks.last_mut() {
                Some(last) if last.users.len() < CHUNK => {
                    let users = &mut Arc::make_mut(last).users;
                    users.push(user);
                    if users.len() == CHUNK {
                        // A full chunk's users are read in order by every pass over the
                        // list: one allocation, read straight through.
                        super::model::share_blocks(users);
                    }
                }
                _ => {
                    let mut users = Vec::with_capacity(CHUNK);
                    users.push(user);
                    self.chunks.push(Arc::new(Chunk { users }));
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
        &self.chunks[index / CHUNK].users[index % CHUNK]
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
    fn a_full_chunks_users_lie_in_one_allocation() {
        let users: Users = fixtures::users(CHUNK + 10).into();
        assert!((1..CHUNK).all(|i| users[i].shares_allocation_with(&users[0])));
        assert!(!users[CHUNK].shares_allocation_with(&users[0]));
        assert!(!users[CHUNK + 1].shares_allocation_with(&users[CHUNK]));
        assert_eq!(
            users.iter().cloned().collect::<Vec<_>>(),
            fixtures::users(CHUNK + 10)
        );
    }

    #[test]
    fn holds_users_in_order_across_chunks() {
        let users: Users = fixtures::users(CHUNK * 2 + 3).into();
        assert_eq!(users.len(), CHUNK * 2 + 3);
        assert_eq!(users[CHUNK + 1].username(), format!("user{:03}", CHUNK + 1));
        assert_eq!(users.get(CHUNK * 2 + 3), None);
        let names: Vec<String> = users.iter().map(|u| u.username().to_owned()).collect();
        let expected: Vec<String> = fixtures::users(CHUNK * 2 + 3)
            .into_iter()
            .map(|u| u.username().to_owned())
            .collect();
        assert_eq!(names, expected);
        assert_eq!(users.position(|u| u.username() == "user300"), Some(300));
    }

    fn fields_of(user: &User) -> Vec<String> {
        std::iter::once(user.username().to_owned())
            .chain(user.attributes().values().map(str::to_owned))
            .collect()
    }

    #[test]
    fn fields_are_each_users_username_and_values_and_follow_changes() {
        let mut users: Users = fixtures::users(CHUNK + 5).into();
        for i in [0, 1, CHUNK - 1, CHUNK, CHUNK + 4] {
            let read: Vec<String> = users.fields(i).map(str::to_owned).collect();
            assert_eq!(read, fields_of(&users[i]), "user {i}");
        }
        assert_eq!(users.fields(CHUNK + 5).count(), 0);
        // A change, and users added to a chunk already read, show in the fields.
        let seen = users.share();
        if let Some(u) = users.get_mut(1) {
            u.set_attribute("name", "Zoë Changed");
        }
        users.extend(fixtures::users(3));
        assert!(users.fields(1).any(|f| f == "Zoë Changed"));
        assert_eq!(
            users
                .fields(CHUNK + 7)
                .map(str::to_owned)
                .collect::<Vec<_>>(),
            fields_of(&users[CHUNK + 7])
        );
        // The shared view still reads what it saw.
        assert!(!seen.fields(1).any(|f| f == "Zoë Changed"));
        // An update that changes a value shows; one that changes nothing the filter reads
        // keeps the fields as they were.
        let mut changed = users[2].clone();
        changed.set_attribute("locale", "fr-FR");
        users.set(2, changed.clone());
        assert!(users.fields(2).any(|f| f == "fr-FR"));
        changed.set_mfa(Some(vec!["SOFTWARE_TOKEN_MFA".into()]));
        users.set(2, changed);
        assert_eq!(users[2].mfa().map(<[String]>::len), Some(1));
        assert!(users.fields(2).any(|f| f == "fr-FR"));
    }

    #[test]
    fn a_shared_view_keeps_what_it_saw_while_the_list_changes() {
        let mut users: Users = fixtures::users(10).into();
        let seen = users.share();
        if let Some(u) = users.get_mut(3) {
            u.set_username("renamed");
        }
        users.extend(fixtures::users(2));
        assert_eq!(seen.len(), 10);
        assert_eq!(seen[3].username(), "user003");
        assert_eq!(users[3].username(), "renamed");
        assert_eq!(users.len(), 12);
    }
}
