//! Sorting the loaded users by a column: the order is a permutation of their indexes, built
//! once and then kept as pages arrive (each new page is sorted on its own and merged in, so the
//! result is the order a sort of everything would give).
//!
//! Text compares without regard to ASCII case first (`ann` beside `Ann`), then byte by byte, so
//! the order is total; users without a value come last whichever the direction; equal values keep
//! the order the users were loaded in. A sort reads each user's value once into an entry (a
//! key of the first 23 bytes, case-folded, with the length, and the index), sorts those as
//! integers on both cores and merges the halves; only runs of equal keys are ordered further,
//! by the next 23 bytes as keys. Above [`FOREGROUND_USERS`] it runs as a [`SortJob`] on the
//! worker's blocking threads.

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

/// The one place the sort reads a user: its value in `column`, `None` when it has none.
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

/// Text without regard to ASCII case, then byte by byte.
fn compare_text(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        .then_with(|| a.cmp(b))
}

fn compare_values(a: Value, b: Value) -> Ordering {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) => compare_text(x, y),
        (Value::Number(x), Value::Number(y)) => x.cmp(&y),
        // A column holds one kind; numbers first should it ever mix.
        (Value::Number(_), Value::Text(_)) => Ordering::Less,
        (Value::Text(_), Value::Number(_)) => Ordering::Greater,
    }
}

/// The order of two users by their values and places in the list: the order [`sort`] gives.
fn compare(a: (Option<Value>, u32), b: (Option<Value>, u32), descending: bool) -> Ordering {
    let by_value = match (a.0, b.0) {
        (None, None) => Ordering::Equal,
        // No value: last, whichever the direction.
        (None, Some(_)) => return Ordering::Greater,
        (Some(_), None) => return Ordering::Less,
        (Some(x), Some(y)) if descending => compare_values(x, y).reverse(),
        (Some(x), Some(y)) => compare_values(x, y),
    };
    by_value.then(a.1.cmp(&b.1))
}

/// Bytes of a text value its key holds; values that long or longer tie on their keys and are
/// compared in full.
const PREFIX: usize = 23;

/// In a key's last byte (after the length): the value has an ASCII capital in its first
/// [`PREFIX`] bytes, so values with its key but other bytes may exist.
const CAPITAL: u64 = 1;

/// One user with a value to sort: a 192-bit key whose order is the values' order wherever two
/// keys differ, and where the user is in the list. Sorting entries as integers (then by index)
/// is the sort, except within runs of keys equal but for [`CAPITAL`], which [`resolve`] orders.
///
/// Text: the first [`PREFIX`] bytes, ASCII-lowercased as [`compare_text`] folds them and padded
/// with zeros, then a byte of `min(length, PREFIX + 1) << 1 | capital`. Equal keys below the
/// length cap are values equal once folded, identical when neither has a capital. Numbers: the
/// number with its sign bit flipped (so i64 order is u64 order), then zero. Descending: every
/// bit inverted, which reverses the order of keys and keeps the index ascending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    high: u64,
    middle: u64,
    low: u64,
    index: u32,
}

impl Entry {
    fn new(value: Value, index: u32, descending: bool) -> Self {
        let key = match value {
            Value::Number(n) => ((n as u64) ^ (1 << 63), 0, 0),
            Value::Text(text) => text_key(text.as_bytes()),
        };
        Entry::keyed(key, index, descending)
    }

    fn keyed((high, middle, low): (u64, u64, u64), index: u32, descending: bool) -> Self {
        if descending {
            Entry {
                high: !high,
                middle: !middle,
                low: !low,
                index,
            }
        } else {
            Entry {
                high,
                middle,
                low,
                index,
            }
        }
    }

    /// Whether `other` is in the same run: keys equal but for [`CAPITAL`].
    fn same_run(&self, other: &Entry) -> bool {
        self.high == other.high && self.middle == other.middle && self.low >> 1 == other.low >> 1
    }

    /// The key before any inversion for a descending sort.
    fn ascending_low(&self, descending: bool) -> u64 {
        if descending { !self.low } else { self.low }
    }

    /// Whether the text's key holds an ASCII capital.
    fn capital(&self, descending: bool) -> bool {
        self.ascending_low(descending) & CAPITAL != 0
    }

    /// Whether the text is longer than its key holds.
    fn long(&self, descending: bool) -> bool {
        (self.ascending_low(descending) >> 1) & 0x7f > PREFIX as u64
    }

    /// Whether values in this entry's run may differ, so the run needs ordering further.
    fn may_differ(&self, descending: bool) -> bool {
        self.capital(descending) || self.long(descending)
    }
}

/// The key of text (see [`Entry`]): its first [`PREFIX`] bytes folded, its length and whether
/// they hold a capital.
fn text_key(text: &[u8]) -> (u64, u64, u64) {
    let mut bytes = [0u8; PREFIX + 1];
    let mut capital = false;
    for (b, c) in bytes[..PREFIX].iter_mut().zip(text) {
        capital |= c.is_ascii_uppercase();
        *b = c.to_ascii_lowercase();
    }
    let length = text.len().min(PREFIX + 1) as u8;
    bytes[PREFIX] = (length << 1) | u8::from(capital);
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_be_bytes(w)
    };
    (word(0), word(8), word(16))
}

/// The users `range` of `users` with a value, as sorted entries, and those without one.
fn sorted_part(
    users: &Users,
    column: &Column,
    descending: bool,
    range: std::ops::Range<usize>,
) -> (Vec<Entry>, Vec<u32>) {
    let mut entries = Vec::with_capacity(range.len());
    let mut missing = Vec::new();
    let start = range.start;
    for (i, user) in users.iter().skip(start).take(range.len()).enumerate() {
        let index = u32::try_from(start + i).unwrap_or(u32::MAX);
        match value(user, column) {
            Some(v) => entries.push(Entry::new(v, index, descending)),
            None => missing.push(index),
        }
    }
    entries.sort_unstable();
    (entries, missing)
}

fn merge_entries(a: Vec<Entry>, b: Vec<Entry>) -> Vec<Entry> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The indexes of sorted `entries`, each run of keys that may hide different values (see
/// [`Entry`]) ordered by the values in full.
fn resolve(users: &Users, column: &Column, descending: bool, entries: &[Entry]) -> Vec<u32> {
    let mut out = Vec::with_capacity(entries.len());
    let mut rest = entries;
    while let Some(first) = rest.first() {
        let run = rest
            .iter()
            .position(|e| !first.same_run(e))
            .unwrap_or(rest.len());
        let (this, next) = rest.split_at(run);
        rest = next;
        if run == 1 || !this.iter().any(|e| e.may_differ(descending)) {
            out.extend(this.iter().map(|e| e.index));
            continue;
        }
        let texts: Option<Vec<(&str, u32)>> = this
            .iter()
            .map(
                |e| match users.get(e.index as usize).and_then(|u| value(u, column)) {
                    Some(Value::Text(text)) => Some((text, e.index)),
                    _ => None,
                },
            )
            .collect();
        match texts {
            Some(mut texts) => order_texts(&mut out, &mut texts, 0, false, descending),
            // Only text keys tie on unequal values; this is not reached.
            None => out.extend(this.iter().map(|e| e.index)),
        }
    }
    out
}

/// Appends to `out` the indexes of `run` in order: texts that are equal, once folded, in their
/// first `offset` bytes (`capital`: some of them have a capital there), ordered by the next
/// [`PREFIX`] bytes as keys, then by the bytes after those where keys tie, and so on; values
/// that differ only in case are compared in full.
fn order_texts(
    out: &mut Vec<u32>,
    run: &mut [(&str, u32)],
    offset: usize,
    capital: bool,
    descending: bool,
) {
    // By index, so that an entry's place in `run` orders ties as the index would.
    run.sort_unstable_by_key(|&(_, index)| index);
    let mut entries: Vec<Entry> = run
        .iter()
        .enumerate()
        .map(|(at, (text, _))| {
            let rest = text.as_bytes().get(offset..).unwrap_or_default();
            Entry::keyed(text_key(rest), at as u32, descending)
        })
        .collect();
    entries.sort_unstable();
    let mut rest = &entries[..];
    while let Some(first) = rest.first() {
        let length = rest
            .iter()
            .position(|e| !first.same_run(e))
            .unwrap_or(rest.len());
        let (this, next) = rest.split_at(length);
        rest = next;
        let capitals = capital || this.iter().any(|e| e.capital(descending));
        if length == 1 || (!capitals && !first.long(descending)) {
            out.extend(this.iter().map(|e| run[e.index as usize].1));
            continue;
        }
        let mut sub: Vec<(&str, u32)> = this.iter().map(|e| run[e.index as usize]).collect();
        if first.long(descending) {
            order_texts(out, &mut sub, offset + PREFIX, capitals, descending);
        } else {
            // Equal once folded: their bytes decide, then their places.
            sub.sort_unstable_by(|a, b| {
                let by_text = compare_text(a.0, b.0);
                let by_text = if descending {
                    by_text.reverse()
                } else {
                    by_text
                };
                by_text.then(a.1.cmp(&b.1))
            });
            out.extend(sub.into_iter().map(|(_, index)| index));
        }
    }
}

/// The indexes of the users `from..` of `users`, sorted by `key`.
fn sort_range(users: &Users, key: &SortKey, from: usize) -> Vec<u32> {
    let count = users.len().saturating_sub(from);
    let (column, descending) = (&key.column, key.descending);
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(count / PARALLEL_FROM)
        .max(1);
    let (entries, missing) = if threads == 1 {
        sorted_part(users, column, descending, from..from + count)
    } else {
        let parts = crate::parallel::split(count, threads)
            .into_iter()
            .map(|part| from + part.start..from + part.end)
            .collect();
        let parts =
            crate::parallel::map(parts, |part| sorted_part(users, column, descending, part));
        parts
            .into_iter()
            .reduce(|(a, mut ma), (b, mb)| {
                ma.extend(mb);
                (merge_entries(a, b), ma)
            })
            .unwrap_or_default()
    };
    let mut order = resolve_in_parts(users, column, descending, &entries, threads);
    order.extend(missing);
    order
}

/// [`resolve`] on `threads` threads, each over a part of `entries` that splits no run.
fn resolve_in_parts(
    users: &Users,
    column: &Column,
    descending: bool,
    entries: &[Entry],
    threads: usize,
) -> Vec<u32> {
    if threads <= 1 {
        return resolve(users, column, descending, entries);
    }
    let mut bounds = vec![0];
    for t in 1..threads {
        let last = bounds.last().copied().unwrap_or(0);
        let mut at = (entries.len() * t / threads).max(last);
        while at > 0 && at < entries.len() && entries[at - 1].same_run(&entries[at]) {
            at += 1;
        }
        bounds.push(at);
    }
    bounds.push(entries.len());
    let parts = bounds.windows(2).map(|w| &entries[w[0]..w[1]]).collect();
    crate::parallel::map(parts, |part| resolve(users, column, descending, part)).concat()
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
    let at = |i: u32| (users.get(i as usize).and_then(|u| value(u, &key.column)), i);
    let mut out = Vec::with_capacity(order.len() + tail.len());
    let mut done = 0;
    for index in tail {
        let new = at(index);
        let rest = &order[done..];
        let place =
            rest.partition_point(|&old| compare(at(old), new, key.descending) == Ordering::Less);
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
    let was = order.iter().position(|&i| i as usize == index)?;
    users.get(index)?;
    let at = |i: u32| (users.get(i as usize).and_then(|u| value(u, &key.column)), i);
    let moved = at(u32::try_from(index).ok()?);
    let mut out: Vec<u32> = order.to_vec();
    out.remove(was);
    let place =
        out.partition_point(|&old| compare(at(old), moved, key.descending) == Ordering::Less);
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

    /// The order the sort must give: a stable sort of the list by the users' values alone.
    fn reference(users: &Users, key: &SortKey) -> Vec<u32> {
        let mut order: Vec<u32> = (0..users.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let at = |i: u32| users.get(i as usize).and_then(|u| value(u, &key.column));
            // Equal places, so only the values decide; the stable sort keeps list order.
            compare((at(a), 0), (at(b), 0), key.descending)
        });
        order
    }

    #[test]
    fn a_parallel_sort_equals_the_reference() {
        let users: Users = (0..PARALLEL_FROM * 2 + 7)
            .map(|i| {
                let mut u = fixtures::user(i % 997);
                u.set_username(&match i % 5 {
                    0 => format!("u{}", (i * 7919) % 100_003),
                    1 => format!("Shared-prefix-of-a-long-name-{}", i % 37),
                    2 => format!("shared-prefix-of-a-long-name-{}", i % 41),
                    3 => ["ann", "Ann", "ANN", "ännä"][i % 4].to_owned(),
                    _ => format!("user{}", i % 3),
                });
                u
            })
            .collect();
        for descending in [false, true] {
            let key = SortKey {
                column: Column::Username,
                descending,
            };
            assert_eq!(sort(&users, &key), reference(&users, &key));
        }
    }

    /// Values built from pieces that make ties, case-only differences, non-ASCII and zero
    /// bytes, and prefixes longer than the key holds.
    fn values() -> impl proptest::strategy::Strategy<Value = Option<String>> {
        use proptest::prelude::*;
        let piece = proptest::sample::select(vec![
            "a",
            "A",
            "b",
            "B",
            "z",
            "é",
            "É",
            "\0",
            "~",
            "0123456789abcdef",
            "0123456789ABCDEF",
        ]);
        proptest::option::weighted(0.85, proptest::collection::vec(piece, 0..4))
            .prop_map(|pieces| pieces.map(|p| p.concat()))
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(256))]

        /// Whatever the values, the sort, a merge of the later users into the sort of the
        /// earlier ones, and moving a changed user give the reference order.
        #[test]
        fn sorting_equals_a_stable_sort_by_value(
            names in proptest::collection::vec(values(), 0..80),
            descending: bool,
            split in 0usize..80,
            changed in 0usize..80,
            new_value in values(),
        ) {
            let mut list: Vec<User> = named(&names.iter().map(Option::as_deref).collect::<Vec<_>>())
                .iter()
                .cloned()
                .collect();
            for (i, u) in list.iter_mut().enumerate() {
                // Usernames that tie past the key's prefix, and numbers that tie.
                u.set_username(&format!("{}{}", names[i].as_deref().unwrap_or("x"), i % 3));
                u.set_created((i % 4 != 1).then_some((i as i64 % 5) - 2));
            }
            let users: Users = list.clone().into();
            for column in [
                Column::Attribute("custom:team".into()),
                Column::Username,
                Column::Created,
            ] {
                let key = SortKey { column, descending };
                let expected = reference(&users, &key);
                proptest::prop_assert_eq!(&sort(&users, &key), &expected);
                let split = split.min(users.len());
                let mut head = expected.clone();
                head.retain(|&i| (i as usize) < split);
                proptest::prop_assert_eq!(&merge(&users, &key, &head, split), &expected);
                if changed < list.len() {
                    let mut list = list.clone();
                    list[changed].set_attributes(match &new_value {
                        Some(v) => vec![Attribute::new("custom:team", v)].into(),
                        None => Vec::<Attribute>::new().into(),
                    });
                    list[changed].set_username(&new_value.clone().unwrap_or_default());
                    list[changed].set_created(None);
                    let users: Users = list.into();
                    proptest::prop_assert_eq!(
                        reposition(&users, &key, &expected, changed),
                        Some(reference(&users, &key))
                    );
                }
            }
        }
    }
}
