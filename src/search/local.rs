//! The instant local filter: fuzzy matching over every attribute of the loaded users, with no
//! server call. nucleo-matcher is the matcher behind helix and television: fast, smart-case,
//! Unicode-normalising, and it reports match positions for highlighting.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::directory::User;

/// Matches users against one filter text, reusing its buffers across users.
pub struct LocalMatcher {
    pattern: Pattern,
    matcher: Matcher,
    haystack: String,
    chars: Vec<char>,
}

impl LocalMatcher {
    pub fn new(text: &str) -> Self {
        LocalMatcher {
            pattern: Pattern::parse(text, CaseMatching::Smart, Normalization::Smart),
            matcher: Matcher::new(Config::DEFAULT),
            haystack: String::new(),
            chars: Vec::new(),
        }
    }

    /// The user's score, or `None` when it does not match. The haystack is the username and
    /// every attribute value, custom ones included.
    pub fn score(&mut self, user: &User) -> Option<u32> {
        self.haystack.clear();
        self.haystack.push_str(&user.username);
        for attribute in &user.attributes {
            self.haystack.push(' ');
            self.haystack.push_str(&attribute.value);
        }
        // `Utf32Str::new` segments non-ASCII text into graphemes, which costs more than the
        // match itself; one char a position is what the matcher needs here.
        let haystack = if self.haystack.is_ascii() {
            Utf32Str::Ascii(self.haystack.as_bytes())
        } else {
            self.chars.clear();
            self.chars.extend(self.haystack.chars());
            Utf32Str::Unicode(&self.chars)
        };
        self.pattern.score(haystack, &mut self.matcher)
    }

    /// Positions (in chars) of `text` that the filter matches, for highlighting.
    pub fn highlights(&mut self, text: &str) -> Vec<usize> {
        let mut indices = Vec::new();
        let mut chars = Vec::new();
        self.pattern.indices(
            Utf32Str::new(text, &mut chars),
            &mut self.matcher,
            &mut indices,
        );
        let mut out: Vec<usize> = indices.into_iter().map(|i| i as usize).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Indexes of the users matching `text`, best first; ties keep the list's order.
pub fn filter(users: &[User], text: &str) -> Vec<usize> {
    let mut matcher = LocalMatcher::new(text);
    let mut scored: Vec<(u32, usize)> = users
        .iter()
        .enumerate()
        .filter_map(|(i, u)| matcher.score(u).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, fixtures};

    #[test]
    fn matches_any_attribute_custom_ones_included() {
        let mut users = fixtures::users(30);
        users[17]
            .attributes
            .push(Attribute::new("custom:crm_id", "CRM-998877"));
        assert_eq!(filter(&users, "crm-9988"), vec![17]);
        assert_eq!(filter(&users, "user012")[0], 12);
    }

    #[test]
    fn empty_text_matches_everyone_in_order() {
        let users = fixtures::users(5);
        assert_eq!(filter(&users, ""), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn highlights_point_at_the_matched_characters() {
        let mut m = LocalMatcher::new("jo");
        assert_eq!(m.highlights("xjoy"), vec![1, 2]);
        assert!(m.highlights("zzz").is_empty());
    }

    #[test]
    fn accents_and_case_are_forgiven() {
        let mut users = fixtures::users(3);
        users[1]
            .attributes
            .push(Attribute::new("name", "Zoë Brontë"));
        assert_eq!(filter(&users, "zoe bronte"), vec![1]);
    }
}
