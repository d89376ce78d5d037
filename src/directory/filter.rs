//! Cognito `ListUsers` filter expressions: `name = "value"` and `name ^= "value"`.
//!
//! The in-memory directory evaluates them the way Cognito does, so the demo and the tests see the
//! same results as a real pool.

use thiserror::Error;

use super::User;

/// Attributes Cognito's `ListUsers` can filter on.
pub const FILTERABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// `=`: the whole value.
    Exact,
    /// `^=`: the value starts with.
    Prefix,
}

/// A parsed filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub attribute: String,
    pub kind: MatchKind,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FilterError {
    #[error("a filter looks like: email ^= \"jo\" (attribute, = or ^=, quoted value)")]
    Syntax,
    #[error("Cognito cannot filter on {0}; filterable attributes are: {list}", list = FILTERABLE.join(", "))]
    NotFilterable(String),
}

impl Filter {
    /// A request's filter, if it has one: text that does not parse is the `InvalidParameter`
    /// Cognito answers for it.
    pub fn of_request(text: Option<&str>) -> Result<Option<Self>, super::DirectoryError> {
        text.map(|text| {
            Self::parse(text).map_err(|e| super::DirectoryError::InvalidParameter {
                detail: e.to_string(),
            })
        })
        .transpose()
    }

    /// Parses `name = "value"` or `name ^= "value"` as Cognito does: the value is everything
    /// between the first and the last quote, taken literally.
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        let text = text.trim();
        let name_end = text
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(text.len());
        let (name, rest) = text.split_at(name_end);
        let rest = rest.trim_start();
        let (kind, rest) = if let Some(r) = rest.strip_prefix("^=") {
            (MatchKind::Prefix, r)
        } else if let Some(r) = rest.strip_prefix('=') {
            (MatchKind::Exact, r)
        } else {
            return Err(FilterError::Syntax);
        };
        let value = rest
            .trim_start()
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'))
            .ok_or(FilterError::Syntax)?;
        if name.is_empty() {
            return Err(FilterError::Syntax);
        }
        if !FILTERABLE.contains(&name) {
            return Err(FilterError::NotFilterable(name.to_owned()));
        }
        Ok(Filter {
            attribute: name.to_owned(),
            kind,
            value: value.to_owned(),
        })
    }

    /// Whether a user matches, compared as Cognito does (case-sensitively, on the literal text).
    pub fn matches(&self, user: &User) -> bool {
        let actual = match self.attribute.as_str() {
            "username" => Some(user.username()),
            "cognito:user_status" => Some(user.status()),
            "status" => Some(if user.enabled() {
                "Enabled"
            } else {
                "Disabled"
            }),
            name => user.attribute(name),
        };
        match (actual, self.kind) {
            (Some(actual), MatchKind::Exact) => actual == self.value,
            (Some(actual), MatchKind::Prefix) => actual.starts_with(&self.value),
            (None, _) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, DirectoryError};

    #[test]
    fn a_requests_filter_that_does_not_parse_is_an_invalid_parameter() {
        assert_eq!(Filter::of_request(None), Ok(None));
        assert_eq!(
            Filter::of_request(Some("email ^= \"jo\"")),
            Ok(Some(Filter::parse("email ^= \"jo\"").unwrap()))
        );
        assert_eq!(
            Filter::of_request(Some("email")),
            Err(DirectoryError::InvalidParameter {
                detail: FilterError::Syntax.to_string()
            })
        );
    }

    fn user() -> User {
        User::from(crate::directory::UserParts {
            username: "jo.bloggs".into(),
            status: "CONFIRMED".into(),
            enabled: false,
            created: None,
            last_modified: None,
            mfa: None,
            attributes: vec![Attribute::new("email", "jo@example.com")].into(),
        })
    }

    #[test]
    fn parses_exact_and_prefix() {
        let f = Filter::parse(r#"email ^= "jo@""#).unwrap();
        assert_eq!(f.kind, MatchKind::Prefix);
        assert_eq!(f.value, "jo@");
        assert!(f.matches(&user()));
        let f = Filter::parse(r#"username="jo.bloggs""#).unwrap();
        assert_eq!(f.kind, MatchKind::Exact);
        assert!(f.matches(&user()));
        assert!(
            !Filter::parse(r#"username = "jo""#)
                .unwrap()
                .matches(&user())
        );
    }

    #[test]
    fn status_means_enabled_or_disabled() {
        assert!(
            Filter::parse(r#"status = "Disabled""#)
                .unwrap()
                .matches(&user())
        );
        assert!(
            Filter::parse(r#"cognito:user_status = "CONFIRMED""#)
                .unwrap()
                .matches(&user())
        );
    }

    #[test]
    fn rejects_bad_syntax_and_unfilterable_names() {
        assert_eq!(Filter::parse("email jo"), Err(FilterError::Syntax));
        assert_eq!(Filter::parse("email = jo"), Err(FilterError::Syntax));
        assert_eq!(
            Filter::parse(r#"custom:plan = "pro""#),
            Err(FilterError::NotFilterable("custom:plan".into()))
        );
    }
}
