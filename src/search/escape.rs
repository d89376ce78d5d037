//! Building Cognito filters from values that are data, never syntax.
//!
//! How Cognito reads an escaped quote inside a filter value is not documented, and emulators take
//! the text between the quotes literally, so an escaped value finds nobody. The dependable way:
//! send the longest prefix before the first quote, backslash or control character with `^=`, and
//! match the full value exactly on our side ([`ServerFilter::accepts`]).

use super::{Attempt, SearchError};
use crate::directory::User;
use crate::directory::filter::{FILTERABLE, Filter, MatchKind};

/// Cognito's limit on a `ListUsers` filter's length.
pub const MAX_FILTER_LEN: usize = 256;

/// A filter to send, and the full condition to check on what comes back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFilter {
    /// The expression sent to Cognito, e.g. `email ^= "jo@"`.
    pub expression: String,
    /// The whole condition; the server's answer is a superset when the value had to be cut.
    pub condition: Filter,
    /// Whether the expression is weaker than the condition, so results must be checked.
    pub needs_check: bool,
}

impl ServerFilter {
    /// Whether a user returned by the server really matches the query.
    pub fn accepts(&self, user: &User) -> bool {
        !self.needs_check || self.condition.matches(user)
    }
}

fn unsafe_in_filter(c: char) -> bool {
    c == '"' || c == '\\' || c.is_control()
}

pub fn build_filter(attempt: &Attempt) -> Result<ServerFilter, SearchError> {
    if !FILTERABLE.contains(&attempt.attribute.as_str()) {
        return Err(SearchError::NotFilterable(attempt.attribute.clone()));
    }
    let condition = Filter {
        attribute: attempt.attribute.clone(),
        kind: attempt.kind,
        value: attempt.value.clone(),
    };
    let safe_end = attempt
        .value
        .find(unsafe_in_filter)
        .unwrap_or(attempt.value.len());
    let needs_check = safe_end < attempt.value.len();
    if needs_check && safe_end == 0 {
        // Nothing safe to send: `attr ^= ""` would scan the whole pool.
        return Err(SearchError::UnsafeStart);
    }
    let (operator, value) = if needs_check {
        ("^=", &attempt.value[..safe_end])
    } else {
        match attempt.kind {
            MatchKind::Exact => ("=", attempt.value.as_str()),
            MatchKind::Prefix => ("^=", attempt.value.as_str()),
        }
    };
    let expression = format!("{} {operator} \"{value}\"", attempt.attribute);
    if expression.chars().count() > MAX_FILTER_LEN {
        return Err(SearchError::TooLong(expression.chars().count()));
    }
    Ok(ServerFilter {
        expression,
        condition,
        needs_check,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::Attribute;
    use proptest::prelude::*;

    fn attempt(attribute: &str, kind: MatchKind, value: &str) -> Attempt {
        Attempt {
            attribute: attribute.into(),
            kind,
            value: value.into(),
        }
    }

    fn user_with(attribute: &str, value: &str) -> User {
        User::from(crate::directory::UserParts {
            username: "u".into(),
            status: "CONFIRMED".into(),
            enabled: true,
            created: None,
            last_modified: None,
            mfa: None,
            attributes: vec![Attribute::new(attribute, value)].into(),
        })
    }

    #[test]
    fn plain_values_are_sent_as_they_are() {
        let f = build_filter(&attempt("email", MatchKind::Prefix, "jo@")).unwrap();
        assert_eq!(f.expression, r#"email ^= "jo@""#);
        assert!(!f.needs_check);
        let f = build_filter(&attempt("sub", MatchKind::Exact, "abc")).unwrap();
        assert_eq!(f.expression, r#"sub = "abc""#);
    }

    #[test]
    fn quotes_and_backslashes_cut_the_sent_value_and_are_checked_locally() {
        let f = build_filter(&attempt("given_name", MatchKind::Exact, r#"Bob "B" \x"#)).unwrap();
        assert_eq!(f.expression, r#"given_name ^= "Bob ""#);
        assert!(f.needs_check);
        assert!(f.accepts(&user_with("given_name", r#"Bob "B" \x"#)));
        assert!(!f.accepts(&user_with("given_name", r#"Bob "B" \xy"#)));
        assert!(!f.accepts(&user_with("given_name", "Bob ")));
    }

    #[test]
    fn length_and_unfilterable_names_are_refused_with_a_reason() {
        let long = "a".repeat(300);
        assert!(matches!(
            build_filter(&attempt("email", MatchKind::Prefix, &long)),
            Err(SearchError::TooLong(_))
        ));
        assert_eq!(
            build_filter(&attempt("custom:plan", MatchKind::Exact, "x")),
            Err(SearchError::NotFilterable("custom:plan".into()))
        );
    }

    #[test]
    fn a_value_starting_with_a_quote_or_backslash_is_refused_not_sent_as_an_empty_prefix() {
        for value in [r#""Bob"#, r"\Bob", "\nBob", "\""] {
            for kind in [MatchKind::Exact, MatchKind::Prefix] {
                assert_eq!(
                    build_filter(&attempt("given_name", kind, value)),
                    Err(SearchError::UnsafeStart),
                    "{value}"
                );
            }
        }
    }

    proptest! {
        /// No value, whatever it holds, ever sends an empty prefix (a scan of the whole pool).
        #[test]
        fn no_value_sends_an_empty_prefix(value in any::<String>(), prefix in any::<bool>()) {
            prop_assume!(!value.is_empty() && value.chars().count() < 200);
            let kind = if prefix { MatchKind::Prefix } else { MatchKind::Exact };
            if let Ok(f) = build_filter(&attempt("email", kind, &value)) {
                let parsed = Filter::parse(&f.expression).unwrap();
                prop_assert!(!parsed.value.is_empty(), "{}", f.expression);
            }
        }


        /// Whatever the value holds, the expression stays one filter on the same attribute
        /// (two quotes, parseable), the user holding exactly that value is found, and a user
        /// holding a longer value is not found by an exact search.
        #[test]
        fn any_value_is_found_exactly_and_never_changes_the_filter(value in any::<String>()) {
            prop_assume!(value.chars().count() < 200);
            let a = attempt("given_name", MatchKind::Exact, &value);
            let f = match build_filter(&a) {
                Err(SearchError::UnsafeStart) => {
                    prop_assert!(value.starts_with(unsafe_in_filter));
                    return Ok(());
                }
                other => other.unwrap(),
            };
            prop_assert_eq!(f.expression.matches('"').count(), 2);
            let parsed = Filter::parse(&f.expression).unwrap();
            prop_assert_eq!(&parsed.attribute, "given_name");
            prop_assert!(value.starts_with(&parsed.value));
            let holder = user_with("given_name", &value);
            prop_assert!(parsed.matches(&holder), "the server-side filter finds the holder");
            prop_assert!(f.accepts(&holder));
            let other = user_with("given_name", &format!("{value}x"));
            prop_assert!(!f.accepts(&other) || !parsed.matches(&other) || f.needs_check && !f.accepts(&other));
            if f.needs_check {
                prop_assert!(!f.accepts(&other));
            }
        }
    }
}
