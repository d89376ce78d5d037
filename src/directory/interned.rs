//! Strings many users share (attribute names, statuses, MFA method lists), stored once for the
//! life of the process and named by a 16-bit id: a pool has a few dozen attribute names, a
//! handful of statuses and MFA combinations, so a user stores two bytes instead of a string.
//!
//! Reading an id back takes no lock: ids index a two-level table of `OnceLock`s that is only
//! ever appended to. Adding a value takes the table's mutex.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock, PoisonError};

const PAGE: usize = 128;

/// How many values a table holds: ids fit 14 bits, as a user writes them (7 bits a byte).
const LIMIT: u16 = (1 << 14) - 1;

/// An append-only table of `&'static T`, read by id without a lock.
pub(super) struct Table<T: ?Sized + 'static> {
    pages: [OnceLock<Box<[OnceLock<&'static T>]>>; PAGE],
    ids: Mutex<Option<HashMap<&'static T, u16>>>,
}

impl<T: ?Sized + Eq + Hash + 'static> Table<T> {
    pub(super) const fn new() -> Self {
        Table {
            pages: [const { OnceLock::new() }; PAGE],
            ids: Mutex::new(None),
        }
    }

    /// The id of `value`, adding it (leaked once, via `leak`) when it is new. `None` once 16,383
    /// distinct values are held, which no Cognito pool comes near.
    pub(super) fn intern(&self, value: &T, leak: impl FnOnce(&T) -> &'static T) -> Option<u16> {
        let mut ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        let ids = ids.get_or_insert_with(HashMap::new);
        if let Some(&id) = ids.get(value) {
            return Some(id);
        }
        let id = u16::try_from(ids.len()).ok().filter(|&id| id < LIMIT)?;
        let leaked = leak(value);
        let page = self.pages[usize::from(id) / PAGE]
            .get_or_init(|| (0..PAGE).map(|_| OnceLock::new()).collect());
        // Set under the mutex, once per id: it cannot be set already.
        let _ = page[usize::from(id) % PAGE].set(leaked);
        ids.insert(leaked, id);
        Some(id)
    }

    /// The value with id `id`, if one was interned under it.
    pub(super) fn get(&self, id: u16) -> Option<&'static T> {
        let page = self.pages.get(usize::from(id) / PAGE)?.get()?;
        page[usize::from(id) % PAGE].get().copied()
    }
}

pub(super) static NAMES: Table<str> = Table::new();
pub(super) static STATUSES: Table<str> = Table::new();
pub(super) static MFA: Table<[String]> = Table::new();

pub(super) fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

pub(super) fn leak_list(list: &[String]) -> &'static [String] {
    Box::leak(list.to_vec().into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_value_gets_the_same_id_and_reads_back() {
        static T: Table<str> = Table::new();
        let a = T.intern("email", leak_str).unwrap();
        let b = T.intern("custom:plan", leak_str).unwrap();
        assert_ne!(a, b);
        assert_eq!(T.intern("email", leak_str), Some(a));
        assert_eq!(T.get(a), Some("email"));
        assert_eq!(T.get(b), Some("custom:plan"));
        assert_eq!(T.get(b + 1), None);
        for i in 0..600 {
            let id = T.intern(&format!("n{i}"), leak_str).unwrap();
            assert_eq!(T.get(id), Some(format!("n{i}").as_str()));
        }
    }
}
