//! The first key of a filter made cheap: a word of one character matches nearly every user, so
//! its pass is the dearest. A user's username and values lie one after another in its block,
//! so one `memchr` over the whole text finds every place the character occurs, and each is
//! scored here as nucleo scores it (the best place's bonus: the start of a field or a word beats
//! a camelCase hump beats the middle of a word), stopping at the first place nothing can beat.
//! A field that is not ASCII is left to nucleo (its characters may fold to the word's). Exact
//! by test: `same_as_nucleo` in the
//! tests below, and the local filter's tests against the plain nucleo pass.

use memchr::{memchr, memchr2};
use nucleo_matcher::Matcher;
use nucleo_matcher::pattern::{Atom, AtomKind};

use super::prefilter::Needle;
use super::scoring::{
    BONUS_BOUNDARY_WHITE, BONUS_FIRST_CHAR_MULTIPLIER, Class, SCORE_MATCH, bonus, class,
};
use super::short_scores::ShortScores;
use super::utf32;
use crate::directory::Fields;

/// The most a one-character word can score in a field.
const BEST_ONE: u16 = BONUS_BOUNDARY_WHITE * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH;

/// A filter of one fuzzy word of one ASCII character, ready for [`OneWord::score`].
pub(super) struct OneWord {
    /// The bytes the character can be: itself, and its capital when the word ignores case.
    first: (u8, Option<u8>),
}

impl OneWord {
    /// The fast path for `atom`, or `None` when the pass must take the general one: a word of
    /// more than one character (measured: searching the whole text for its first character
    /// saved nothing, as the in-order test and nucleo still read every field holding it), a
    /// negative or special one, or a character that is not ASCII.
    pub(super) fn of(atom: &Atom, needle: Option<&Needle>) -> Option<OneWord> {
        let needle = needle?;
        if atom.negative || atom.kind != AtomKind::Fuzzy || needle.len() != 1 {
            return None;
        }
        Some(OneWord {
            first: needle.first()?,
        })
    }

    /// The user's score for the word, or `None` when no field matches.
    pub(super) fn score(
        &self,
        fields: Fields<'_>,
        atom: &Atom,
        needle: &Needle,
        matcher: &mut Matcher,
        chars: &mut Vec<char>,
        short: &mut ShortScores,
    ) -> Option<u32> {
        let text = fields.text();
        let best = if fields.is_ascii() {
            self.best_in(text, fields)
        } else {
            // Field by field: a character that is not ASCII may stand for the word's (nucleo
            // folds `ë` to `e`), so those fields take nucleo's own way.
            let mut best = None;
            for field in fields {
                let score = if field.is_ascii() {
                    self.best_in(field, std::iter::once(field))
                } else if needle.may_match(field) {
                    // Names repeat: nucleo reads each once a pass.
                    short.score(field, || atom.score(utf32(field, chars), matcher))
                } else {
                    None
                };
                best = best.max(score);
                if best >= Some(BEST_ONE) {
                    break;
                }
            }
            best
        };
        best.map(u32::from)
    }

    /// The best score of the character in `fields`, whose texts are `text` one after another,
    /// all ASCII: the best bonus of any place it occurs, as nucleo's `substring_match_1_ascii`.
    fn best_in<'a>(&self, text: &'a str, mut fields: impl Iterator<Item = &'a str>) -> Option<u16> {
        let bytes = text.as_bytes();
        let find = |from: usize| {
            let rest = bytes.get(from..)?;
            match self.first {
                (lo, Some(hi)) => memchr2(lo, hi, rest),
                (b, None) => memchr(b, rest),
            }
            .map(|p| from + p)
        };
        // The field holding the occurrence: its text and where it starts.
        let mut field = "";
        let mut start = 0;
        let mut best: Option<u16> = None;
        let mut from = 0;
        while let Some(p) = find(from) {
            while p >= start + field.len() {
                start += field.len();
                field = fields.next()?;
            }
            let prev = if p == start {
                Class::Whitespace
            } else {
                class(bytes[p - 1])
            };
            let score = bonus(prev, class(bytes[p])) * BONUS_FIRST_CHAR_MULTIPLIER + SCORE_MATCH;
            best = best.max(Some(score));
            if score >= BEST_ONE {
                break;
            }
            from = p + 1;
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::Config;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use proptest::prelude::*;

    use super::*;
    use crate::directory::{Attribute, User, UserParts};

    fn user(fields: &[String]) -> User {
        User::from(UserParts {
            username: fields[0].clone(),
            attributes: fields[1..]
                .iter()
                .enumerate()
                .map(|(i, v)| Attribute::new(format!("custom:f{i}"), v))
                .collect::<Vec<_>>()
                .into(),
            ..UserParts::default()
        })
    }

    /// The word's score over the fields as nucleo gives it: the best field's.
    fn nucleo(word: &str, fields: &[String]) -> Option<u32> {
        let atom = &Pattern::parse(word, CaseMatching::Smart, Normalization::Smart).atoms[0];
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        fields
            .iter()
            .filter_map(|f| atom.score(utf32(f, &mut chars), &mut matcher))
            .max()
            .map(u32::from)
    }

    fn fast(word: &str, fields: &[String]) -> Option<u32> {
        let atom = &Pattern::parse(word, CaseMatching::Smart, Normalization::Smart).atoms[0];
        let needle = Needle::of(atom).expect("a word");
        let one = OneWord::of(atom, Some(&needle)).expect("the fast path");
        let mut matcher = Matcher::new(Config::DEFAULT);
        let user = user(fields);
        one.score(
            user.fields(),
            atom,
            &needle,
            &mut matcher,
            &mut Vec::new(),
            &mut ShortScores::new(),
        )
    }

    #[test]
    fn a_letter_scores_best_at_the_start_of_a_field_or_word() {
        let f = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        for (word, fields) in [
            ("o", f(&["bob", "x.olivia", "Jo Olsen"])),
            ("o", f(&["bob", "xoXo", "a:o"])),
            ("e", f(&["", "", "e"])),
            ("E", f(&["eve", "EVE", "abcE"])),
            ("4", f(&["ab4", "x-4", "44"])),
            ("+", f(&["a+b", "+1555"])),
            ("_", f(&["a_b", "_x"])),
            (":", f(&["a:b", "x :"])),
        ] {
            assert_eq!(
                fast(word, &fields),
                nucleo(word, &fields),
                "{word} in {fields:?}"
            );
        }
    }

    #[test]
    fn fields_that_are_not_ascii_are_scored_by_nucleo() {
        let f = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        for (word, fields) in [
            ("e", f(&["Zoë", "xex"])),
            ("e", f(&["Brontë", "Zoë"])),
            ("z", f(&["ZOË", "z-o-e"])),
            ("o", f(&["伟", "bob"])),
        ] {
            assert_eq!(
                fast(word, &fields),
                nucleo(word, &fields),
                "{word} in {fields:?}"
            );
        }
    }

    /// Fields from the characters whose classes and cases matter.
    fn field() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec![
                'a', 'A', 'b', 'e', 'E', 'o', 'O', 'x', 'X', '0', '9', ' ', '-', '.', '_', '@',
                '+', '/', ',', ':', ';', '|', '\t', 'ë', 'É', 'ö', '伟',
            ]),
            0..12,
        )
        .prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #[test]
        fn same_as_nucleo(
            fields in proptest::collection::vec(field(), 1..6),
            word in "[aAbeEoOx09._@+/:]",
        ) {
            prop_assert_eq!(fast(&word, &fields), nucleo(&word, &fields));
        }
    }
}
