//! Sorting the loaded users by a column: the order is a permutation of their indexes, built
//! once and then kept as pages arrive (each new page is sorted on its own and merged in, so the
//! result is the order a sort of everything would give).
//!
//! Text compares without regard to ASCII case first (`ann` beside `Ann`), then byte by byte, so
//! the order is total; users without a value come last whichever the direction; equal values keep
//! the order the users were loaded in. A sort of 1,000,000 users reads each user's value once and
//! sorts (8-byte prefix, value, index) entries, comparing whole values only where prefixes tie;
//! above [`FOREGROUND_USERS`] it runs as a [`SortJob`] on the worker's blocking threads.

use std::cmp::Ordering;
use std::num::NonZeroUsize;
use std::sync::Arc;

use super::Column;
use crate::directory::{User, Users};

/// How many users the app thread sorts itself (a few milliseconds); more go to the worker.
pub const FOREGROUND_USERS: usize = 20_000;

/// New users merged into a sorted order on the app thread at once; a longer tail is merged by a
/// [`SortJob`].
pub const FOREGROUND_MERGE: usize = 5_000;

/// Below this many users a sort runs on one thread.
const PARALLEL_FROM: usize = 50_000;

/// What the list is sorted by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub column: Column,
    pub descending: bool,
}

impl SortKey {
    pub fn ascending(column: Column) -> Self {
        SortKey {
            column,
            descending: false,
        }
    }

    /// `email ▲`, as the header shows it.
    pub fn label(&self) -> String {
        format!("{} {}", self.column.name(), self.arrow())
    }

    pub fn arrow(&self) -> &'static str {
        if self.descending { "▼" } else { "▲" }
    }
}

/// A user's value in a column, as the sort compares it.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    Text(&'a str),
    Number(i64),
}

fn value<'a>(user: &'a User, column: &Column) -> Option<Value<'a>> {
    Some(match column {
        Column::Username => Value::Text(user.username()),
        Column::Email => Value::Text(user.email()?),
        Column::Status => Value::Text(user.status()),
        Column::Enabled => Value::Number(i64::from(user.enabled())),
        Column::Created => Value::Number(user.created()?),
        Column::Modified => Value::Number(user.last_modified()?),
        Column::Groups => return None,
        Column::Attribute(name) => Value::Text(user.attribute(name)?),
    })
}

/// One user to sort: the first bytes of its value as a number (the whole value for numbers),
/// the value, and where the user is in the list.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    prefix: u64,
    /// `None`: the user has no value; `Some("")` for numbers (the prefix holds them).
    text: Option<&'a str>,
    index: u32,
}

fn entry<'a>(user: &'a User, index: usize, column: &Column) -> Entry<'a> {
    let index = u32::try_from(index).unwrap_or(u32::MAX);
    match value(user, column) {
        None => Entry {
            prefix: 0,
            text: None,
            index,
        },
        Some(Value::Number(n)) => Entry {
            // Order-preserving: the sign bit flipped makes i64 order u64 order.
            prefix: (n as u64) ^ (1 << 63),
            text: Some(""),
            index,
        },
        Some(Value::Text(text)) => {
            let mut bytes = [0u8; 8];
            for (b, c) in bytes.iter_mut().zip(text.bytes()) {
                *b = c.to_ascii_lowercase();
            }
            Entry {
                prefix: u64::from_be_bytes(bytes),
                text: Some(text),
                index,
            }
        }
    }
}

/// Text without regard to ASCII case, then byte by byte.
fn compare_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

fn compare(a: &Entry, b: &Entry, descending: bool) -> Ordering {
    let by_value = match (a.text, b.text) {
        (None, None) => Ordering::Equal,
        // No value: last, whichever the direction.
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(x), Some(y)) => a.prefix.cmp(&b.prefix).then_with(|| compare_text(x, y)),
    };
    let by_value = if descending {
        by_value.reverse()
    } else {
        by_value
    };
    by_value.then(a.index.cmp(&b.index))
}

/// The indexes of the users `from..` of `users`, sorted by `key`.
fn sort_range(users: &Users, key: &SortKey, from: usize) -> Vec<u32> {
    let count = users.len().saturating_sub(from);
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(count / PARALLEL_FROM)
        .max(1);
    let run = |part: std::ops::Range<usize>| -> Vec<Entry<'_>> {
        let mut entries: Vec<Entry> = part
            .filter_map(|i| users.get(from + i).map(|u| entry(u, from + i, &key.column)))
            .collect();
        entries.sort_unstable_by(|a, b| compare(a, b, key.descending));
        entries
    };
    let sorted = if threads == 1 {
        run(0..count)
    } else {
        let chunk = count.div_ceil(threads);
        let parts: Vec<Vec<Entry>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let part = (t * chunk).min(count)..((t + 1) * chunk).min(count);
                    scope.spawn(move || run(part))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        parts
            .into_iter()
            .reduce(|a, b| merge_entries(a, b, key.descending))
            .unwrap_or_default()
    };
    sorted.into_iter().map(|e| e.index).collect()
}

fn merge_entries<'a>(a: Vec<Entry<'a>>, b: Vec<Entry<'a>>, descending: bool) -> Vec<Entry<'a>> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if compare(x, y, descending) != Ordering::Greater {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

/// Every loaded user's index, sorted by `key`.
pub fn sort(users: &Users, key: &SortKey) -> Vec<u32> {
    sort_range(users, key, 0)
}

/// `order` (the users before `from`, sorted by `key`) with the users `from..` merged in: the
/// order [`sort`] of them all gives. The new users are sorted on their own, then each finds its
/// place by binary search, so a page costs a copy of the order, not a sort of it.
pub fn merge(users: &Users, key: &SortKey, order: &[u32], from: usize) -> Vec<u32> {
    let tail = sort_range(users, key, from);
    if tail.is_empty() {
        return order.to_vec();
    }
    let entry_at = |i: u32| {
        users
            .get(i as usize)
            .map(|u| entry(u, i as usize, &key.column))
    };
    let mut out = Vec::with_capacity(order.len() + tail.len());
    let mut done = 0;
    for index in tail {
        let Some(new) = entry_at(index) else {
            continue;
        };
        let rest = &order[done..];
        let place = rest.partition_point(|&old| {
            entry_at(old).is_some_and(|e| compare(&e, &new, key.descending) == Ordering::Less)
        });
        out.extend_from_slice(&rest[..place]);
        out.push(index);
        done += place;
    }
    out.extend_from_slice(&order[done..]);
    out
}

/// `order` with the user at `index` moved to where its value now puts it (its value changed).
/// Returns `None` when it was not in `order`.
pub fn reposition(users: &Users, key: &SortKey, order: &[u32], index: usize) -> Option<Vec<u32>> {
    let at = order.iter().position(|&i| i as usize == index)?;
    let user = users.get(index)?;
    let moved = entry(user, index, &key.column);
    let mut out: Vec<u32> = order.to_vec();
    out.remove(at);
    let place = out.partition_point(|&old| {
        users
            .get(old as usize)
            .map(|u| entry(u, old as usize, &key.column))
            .is_some_and(|e| compare(&e, &moved, key.descending) == Ordering::Less)
    });
    out.insert(place, index as u32);
    Some(out)
}

/// A sort or a merge too large for the app's thread, over a shared view of the users.
#[derive(Clone, PartialEq, Eq)]
pub struct SortJob {
    pub key: SortKey,
    users: Users,
    /// An order of the first `covered` users to merge the rest into; without it, a full sort.
    base: Option<(Arc<Vec<u32>>, usize)>,
    /// The list's generation when the job started: a result for users since replaced is dropped.
    pub generation: u64,
}

/// A job's result: the order of the first `covered` users.
#[derive(Clone, PartialEq, Eq)]
pub struct SortDone {
    pub key: SortKey,
    pub order: Arc<Vec<u32>>,
    pub covered: usize,
    pub generation: u64,
}

impl SortJob {
    pub fn new(
        key: SortKey,
        users: Users,
        base: Option<(Arc<Vec<u32>>, usize)>,
        generation: u64,
    ) -> Self {
        SortJob {
            key,
            users,
            base,
            generation,
        }
    }

    pub fn run(self) -> SortDone {
        let order = match &self.base {
            Some((order, covered)) => merge(&self.users, &self.key, order, *covered),
            None => sort(&self.users, &self.key),
        };
        SortDone {
            key: self.key,
            order: Arc::new(order),
            covered: self.users.len(),
            generation: self.generation,
        }
    }
}

// Summaries: a job or a result can hold a million indexes.
impl std::fmt::Debug for SortJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SortJob")
            .field("key", &self.key.label())
            .field("users", &self.users.len())
            .field("merging", &self.base.as_ref().map(|(_, covered)| covered))
            .finish()
    }
}

impl std::fmt::Debug for SortDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SortDone")
            .field("key", &self.key.label())
            .field("covered", &self.covered)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, fixtures};

    fn named(names: &[Option<&str>]) -> Users {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut u = fixtures::user(i);
                u.set_attributes(match n {
                    Some(n) => vec![Attribute::new("custom:team", *n)].into(),
                    None => Vec::<Attribute>::new().into(),
                });
                u
            })
            .collect()
    }

    #[test]
    fn text_ignores_case_missing_last_ties_in_load_order() {
        let users = named(&[Some("b"), None, Some("A"), Some("a"), Some("B"), Some("a")]);
        let key = SortKey::ascending(Column::Attribute("custom:team".into()));
        // "A" before "a" (bytes), the two "a" in load order, no value last.
        assert_eq!(sort(&users, &key), vec![2, 3, 5, 4, 0, 1]);
        let down = SortKey {
            descending: true,
            ..key
        };
        assert_eq!(sort(&users, &down), vec![0, 4, 3, 5, 2, 1]);
    }

    #[test]
    fn long_values_sharing_a_prefix_compare_in_full() {
        let users = named(&[
            Some("user0000002@x"),
            Some("user0000001@x"),
            Some("user00000"),
        ]);
        let key = SortKey::ascending(Column::Attribute("custom:team".into()));
        assert_eq!(sort(&users, &key), vec![2, 1, 0]);
    }

    #[test]
    fn numbers_sort_as_numbers() {
        let mut list = fixtures::users(4);
        list[0].set_created(Some(-5));
        list[1].set_created(Some(100));
        list[2].set_created(None);
        list[3].set_created(Some(7));
        let users: Users = list.into();
        assert_eq!(
            sort(&users, &SortKey::ascending(Column::Created)),
            vec![0, 3, 1, 2]
        );
    }

    #[test]
    fn merging_pages_gives_the_sort_of_everything() {
        let users: Users = fixtures::users(300).into_iter().rev().collect();
        let key = SortKey::ascending(Column::Username);
        let mut order = sort_range(&users, &key, 0);
        order.retain(|&i| i < 120);
        let merged = merge(&users, &key, &order, 120);
        assert_eq!(merged, sort(&users, &key));
    }

    #[test]
    fn a_changed_value_moves_its_user_to_its_place() {
        let mut list = fixtures::users(6);
        let key = SortKey::ascending(Column::Username);
        let users: Users = list.clone().into();
        let order = sort(&users, &key);
        list[1].set_username("zz");
        let users: Users = list.into();
        assert_eq!(
            reposition(&users, &key, &order, 1),
            Some(sort(&users, &key))
        );
    }

    #[test]
    fn a_parallel_sort_equals_one_thread() {
        let users: Users = (0..PARALLEL_FROM * 2 + 7)
            .map(|i| {
                let mut u = fixtures::user(i % 997);
                u.set_username(&format!("u{}", (i * 7919) % 100_003));
                u
            })
            .collect();
        let key = SortKey::ascending(Column::Username);
        let mut one: Vec<Entry> = users
            .iter()
            .enumerate()
            .map(|(i, u)| entry(u, i, &key.column))
            .collect();
        one.sort_by(|a, b| compare(a, b, false));
        let one: Vec<u32> = one.into_iter().map(|e| e.index).collect();
        assert_eq!(sort(&users, &key), one);
    }
}
