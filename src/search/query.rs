//! What a typed query means: an email, a phone number, a `sub`, an explicit `attr = value`, or a
//! name to try on several attributes in turn.

use super::SearchError;
use crate::directory::filter::{FILTERABLE, MatchKind};

/// One way to look for the query: which attribute, how, and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub attribute: String,
    pub kind: MatchKind,
    pub value: String,
}

impl Attempt {
    fn new(attribute: &str, kind: MatchKind, value: &str) -> Self {
        Attempt {
            attribute: attribute.to_owned(),
            kind,
            value: value.to_owned(),
        }
    }
}

/// A recognised query: the attempts, tried in order until one finds somebody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub attempts: Vec<Attempt>,
}

/// Attributes a plain word is tried on after `username` finds nobody.
const NAME_FALLBACKS: &[&str] = &[
    "email",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
];

/// Recognises what `text` asks for.
pub fn recognise(text: &str) -> Result<Query, SearchError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SearchError::Empty);
    }
    let attempts = if let Some(explicit) = explicit(trimmed)? {
        vec![explicit]
    } else if is_uuid(trimmed) {
        vec![Attempt::new(
            "sub",
            MatchKind::Exact,
            &trimmed.to_ascii_lowercase(),
        )]
    } else if is_e164(trimmed) {
        vec![Attempt::new("phone_number", MatchKind::Exact, trimmed)]
    } else if trimmed.contains('@') {
        vec![Attempt::new("email", MatchKind::Prefix, trimmed)]
    } else {
        std::iter::once("username")
            .chain(NAME_FALLBACKS.iter().copied())
            .map(|attribute| Attempt::new(attribute, MatchKind::Prefix, trimmed))
            .collect()
    };
    Ok(Query {
        text: trimmed.to_owned(),
        attempts,
    })
}

/// `name = value` or `name ^= value`, the value quoted or not. Text without an operator after a
/// name-like word is not explicit; a name Cognito cannot search is an error that says so.
fn explicit(text: &str) -> Result<Option<Attempt>, SearchError> {
    let name_end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    let (name, rest) = text.split_at(name_end);
    let rest = rest.trim_start();
    let (kind, value) = if let Some(v) = rest.strip_prefix("^=") {
        (MatchKind::Prefix, v)
    } else if let Some(v) = rest.strip_prefix('=') {
        (MatchKind::Exact, v)
    } else {
        return Ok(None);
    };
    if name.is_empty() {
        return Ok(None);
    }
    if !FILTERABLE.contains(&name) {
        return Err(SearchError::NotFilterable(name.to_owned()));
    }
    let value = value.trim();
    // Quotes around the whole value are the filter syntax; any inside are part of the value.
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    Ok(Some(Attempt::new(name, kind, value)))
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_e164(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (7..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Attempt {
        recognise(text).unwrap().attempts.remove(0)
    }

    #[test]
    fn recognises_each_kind_of_query() {
        assert_eq!(
            first("jo@example.com"),
            Attempt::new("email", MatchKind::Prefix, "jo@example.com")
        );
        assert_eq!(
            first("+15555550100"),
            Attempt::new("phone_number", MatchKind::Exact, "+15555550100")
        );
        assert_eq!(
            first("49B8CA30-D040-4EC4-8A2A-9D1FFDB41F85"),
            Attempt::new(
                "sub",
                MatchKind::Exact,
                "49b8ca30-d040-4ec4-8a2a-9d1ffdb41f85"
            )
        );
        let plain = recognise("  Ada ").unwrap();
        assert_eq!(plain.text, "Ada");
        let tried: Vec<&str> = plain
            .attempts
            .iter()
            .map(|a| a.attribute.as_str())
            .collect();
        assert_eq!(
            tried,
            [
                "username",
                "email",
                "name",
                "given_name",
                "family_name",
                "preferred_username"
            ]
        );
    }

    #[test]
    fn explicit_filters_keep_their_value_as_data() {
        assert_eq!(
            first(r#"given_name = "Bob "The" \ Builder""#),
            Attempt::new("given_name", MatchKind::Exact, r#"Bob "The" \ Builder"#)
        );
        assert_eq!(
            first("family_name ^= O'Br"),
            Attempt::new("family_name", MatchKind::Prefix, "O'Br")
        );
        assert_eq!(
            first(r#"cognito:user_status = "CONFIRMED""#).attribute,
            "cognito:user_status"
        );
    }

    #[test]
    fn unfilterable_names_and_empty_text_are_errors() {
        assert_eq!(
            recognise("custom:plan = pro"),
            Err(SearchError::NotFilterable("custom:plan".into()))
        );
        assert!(recognise("locale=en").is_err());
        assert_eq!(recognise("   "), Err(SearchError::Empty));
    }

    #[test]
    fn near_misses_are_plain_words() {
        assert_eq!(first("+12ab").attribute, "username");
        assert_eq!(first("12345678-1234").attribute, "username");
        assert_eq!(first("=x").attribute, "username");
    }
}
