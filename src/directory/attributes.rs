//! A user's attributes, stored compactly: a pool with 100,000 users loaded holds a million
//! attributes, and two `String`s each (a name repeated in every user, and a value) cost more
//! in allocator overhead and cache misses than the text itself.
//!
//! [`Attributes`] keeps every value of a user in one string and, per attribute, the interned
//! name and where its value ends: two allocations a user instead of two an attribute. Reading
//! yields [`AttributeRef`]s (`name`, `value` as `&str`); [`Attribute`] is the owned form for
//! building, journals and requests.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// One attribute of a user, as Cognito stores it: a name and a string value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

impl Attribute {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// One attribute as read from [`Attributes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttributeRef<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

impl AttributeRef<'_> {
    pub fn to_owned(self) -> Attribute {
        Attribute::new(self.name, self.value)
    }
}

/// The attributes of one user, in the order the source gave them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    /// Every value, one after the other.
    text: Box<str>,
    entries: Box<[Entry]>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    name: Name,
    /// Where the value ends in `text`; it starts where the previous one ends.
    end: u32,
}

impl Attributes {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The attribute at `index`, in the source's order.
    pub fn get(&self, index: usize) -> Option<AttributeRef<'_>> {
        let entry = self.entries.get(index)?;
        let start = match index {
            0 => 0,
            i => self.entries[i - 1].end as usize,
        };
        Some(AttributeRef {
            name: entry.name.as_str(),
            value: &self.text[start..entry.end as usize],
        })
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            attributes: self,
            start: 0,
            index: 0,
        }
    }

    /// Every value, in order: what the local filter reads.
    pub fn values(&self) -> impl Iterator<Item = &str> + Clone {
        self.iter().map(|a| a.value)
    }

    /// The value of the attribute called `name`.
    pub fn value_of(&self, name: &str) -> Option<&str> {
        self.iter().find(|a| a.name == name).map(|a| a.value)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name.as_str() == name)
    }

    pub fn to_vec(&self) -> Vec<Attribute> {
        self.iter().map(AttributeRef::to_owned).collect()
    }

    /// Adds an attribute at the end.
    pub fn push(&mut self, attribute: Attribute) {
        let mut all = self.to_vec();
        all.push(attribute);
        *self = all.into_iter().collect();
    }

    /// Sets `name` to `value`, adding it at the end when the user has none.
    pub fn set(&mut self, name: &str, value: &str) {
        let mut all = self.to_vec();
        match all.iter_mut().find(|a| a.name == name) {
            Some(a) => a.value = value.to_owned(),
            None => all.push(Attribute::new(name, value)),
        }
        *self = all.into_iter().collect();
    }

    /// Keeps the attributes for which `keep` says so.
    pub fn retain(&mut self, mut keep: impl FnMut(AttributeRef<'_>) -> bool) {
        if self.iter().all(&mut keep) {
            return;
        }
        *self = self
            .iter()
            .filter(|a| keep(*a))
            .map(AttributeRef::to_owned)
            .collect();
    }
}

impl std::fmt::Debug for Attributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|a| (a.name, a.value)))
            .finish()
    }
}

/// Reads the attributes in order.
#[derive(Clone)]
pub struct Iter<'a> {
    attributes: &'a Attributes,
    start: usize,
    index: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = AttributeRef<'a>;

    fn next(&mut self) -> Option<AttributeRef<'a>> {
        let entry = self.attributes.entries.get(self.index)?;
        let end = entry.end as usize;
        let value = &self.attributes.text[self.start..end];
        self.start = end;
        self.index += 1;
        Some(AttributeRef {
            name: entry.name.as_str(),
            value,
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.attributes.entries.len() - self.index;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Attributes {
    type Item = AttributeRef<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<A: AsAttribute> FromIterator<A> for Attributes {
    fn from_iter<I: IntoIterator<Item = A>>(iter: I) -> Self {
        let mut text = String::new();
        let mut entries = Vec::new();
        for attribute in iter {
            let (name, value) = attribute.parts();
            text.push_str(value);
            // A user's attributes are at most a few kilobytes (Cognito caps a value at 2,048
            // characters and a pool at 50 custom attributes); the cap only guards the index.
            let end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            entries.push(Entry {
                name: Name::intern(name),
                end,
            });
        }
        Attributes {
            text: text.into_boxed_str(),
            entries: entries.into_boxed_slice(),
        }
    }
}

impl From<Vec<Attribute>> for Attributes {
    fn from(attributes: Vec<Attribute>) -> Self {
        attributes.into_iter().collect()
    }
}

/// What an `Attributes` can be built from.
pub trait AsAttribute {
    fn parts(&self) -> (&str, &str);
}

impl AsAttribute for Attribute {
    fn parts(&self) -> (&str, &str) {
        (&self.name, &self.value)
    }
}

impl AsAttribute for &Attribute {
    fn parts(&self) -> (&str, &str) {
        (&self.name, &self.value)
    }
}

impl AsAttribute for AttributeRef<'_> {
    fn parts(&self) -> (&str, &str) {
        (self.name, self.value)
    }
}

impl<N: AsRef<str>, V: AsRef<str>> AsAttribute for (N, V) {
    fn parts(&self) -> (&str, &str) {
        (self.0.as_ref(), self.1.as_ref())
    }
}

/// An attribute name, interned: each distinct name is stored once for the life of the process
/// and shared by every user. A pool has a few dozen names (Cognito's standard attributes and at
/// most 50 custom ones), so the table stays small; a thin pointer keeps an entry at 16 bytes.
#[derive(Clone, Copy)]
struct Name(&'static String);

static NAMES: Mutex<Option<HashMap<&'static str, &'static String>>> = Mutex::new(None);

impl Name {
    fn intern(name: &str) -> Name {
        let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
        let names = names.get_or_insert_with(HashMap::new);
        if let Some(&known) = names.get(name) {
            return Name(known);
        }
        let leaked: &'static String = Box::leak(Box::new(name.to_owned()));
        names.insert(leaked.as_str(), leaked);
        Name(leaked)
    }

    fn as_str(self) -> &'static str {
        self.0.as_str()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        std::ptr::eq(self.0, other.0) || self.0 == other.0
    }
}

impl Eq for Name {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Attributes {
        [
            ("sub", "1f2e"),
            ("email", "zoë@example.org"),
            ("locale", ""),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn reads_back_what_it_was_built_from_in_order() {
        let a = sample();
        assert_eq!(a.len(), 3);
        let read: Vec<(&str, &str)> = a.iter().map(|a| (a.name, a.value)).collect();
        assert_eq!(
            read,
            vec![
                ("sub", "1f2e"),
                ("email", "zoë@example.org"),
                ("locale", "")
            ]
        );
        assert_eq!(a.get(1).map(|a| a.value), Some("zoë@example.org"));
        assert_eq!(a.get(2).map(|a| a.value), Some(""));
        assert_eq!(a.get(3), None);
        assert_eq!(a.value_of("email"), Some("zoë@example.org"));
        assert_eq!(a.value_of("name"), None);
        assert_eq!(
            format!("{a:?}"),
            r#"{"sub": "1f2e", "email": "zoë@example.org", "locale": ""}"#
        );
    }

    #[test]
    fn push_set_and_retain_change_only_what_they_name() {
        let mut a = sample();
        a.push(Attribute::new("name", "Zoë"));
        a.set("locale", "fr-FR");
        a.set("custom:plan", "gold");
        a.retain(|x| x.name != "sub");
        assert_eq!(
            a.to_vec(),
            vec![
                Attribute::new("email", "zoë@example.org"),
                Attribute::new("locale", "fr-FR"),
                Attribute::new("name", "Zoë"),
                Attribute::new("custom:plan", "gold"),
            ]
        );
        assert!(a.contains("custom:plan") && !a.contains("sub"));
    }

    #[test]
    fn equal_attributes_compare_equal_however_they_were_built() {
        let built: Attributes = vec![Attribute::new("email", "a@b.c")].into();
        let collected: Attributes = [("email", "a@b.c")].into_iter().collect();
        assert_eq!(built, collected);
        let other: Attributes = [("email", "a@b.cd")].into_iter().collect();
        assert_ne!(built, other);
        // The same text split differently is not the same attributes.
        let split: Attributes = [("a", "xy"), ("b", "z")].into_iter().collect();
        let moved: Attributes = [("a", "x"), ("b", "yz")].into_iter().collect();
        assert_ne!(split, moved);
    }

    #[test]
    fn names_are_interned_once() {
        let a = sample();
        let b = sample();
        assert!(std::ptr::eq(a.entries[1].name.0, b.entries[1].name.0));
    }
}
