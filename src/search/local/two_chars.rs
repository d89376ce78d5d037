//! nucleo's score of a word of two characters in an ASCII field, worked out in one walk of the
//! field instead of nucleo's matrix. Two characters are what a user types second, and the
//! second key of a filter over a large pool matches most of it (`ol`, `en`, `no`, `4f`), so
//! this is the dearest pass after the first.
//!
//! nucleo (`fuzzy_optimal.rs`) fills a row a needle character: the first character at `i`
//! scores `16 + 2·b(i)` (`b` the bonus of a place, [`super::scoring::bonus`]); the second at
//! `j` scores `16 + b(j)` more after a gap, which costs 3 for its first skipped character and 1
//! for each other, never taking the score below 0; or, right after the first,
//! `16 + max(b(i), b(j), 4)`. The best over every `i < j` is the score. With the gap's cost
//! linear in its length, the best first character before `j` is a running maximum of
//! `16 + 2·b(i) + i`, so one walk finds it.
//!
//! Exact by test: `same_as_nucleo` below compares it with nucleo over random fields.

use nucleo_matcher::pattern::Atom;

use super::prefilter::Needle;
use super::scoring::{
    BONUS_BOUNDARY_WHITE, BONUS_CONSECUTIVE, BONUS_FIRST_CHAR_MULTIPLIER, Class, SCORE_MATCH,
    bonus, class, unbroken,
};

/// Fields longer than this are left to nucleo, which scores them another way (greedily) once
/// its matrix would not fit.
const LONGEST: usize = 1024;

/// A word of two ASCII characters, as a field's bytes are folded to compare with them.
pub(super) struct TwoChars {
    first: u8,
    second: u8,
    /// What each byte of a field is to the word ([`Needle::fold_table`]).
    fold: [u8; 256],
}

impl TwoChars {
    /// The fast path for `atom`, or `None` when it has none: a negative or special word, or
    /// one that is not two ASCII characters.
    pub(super) fn of(atom: &Atom, needle: Option<&Needle>) -> Option<TwoChars> {
        let needle = needle?;
        let &[first, second] = needle.plain_ascii_word(atom)? else {
            return None;
        };
        Some(TwoChars {
            first,
            second,
            fold: needle.fold_table(),
        })
    }

    /// The most the word can score in any field: both characters at the start of a field.
    pub(super) fn highest(&self) -> u16 {
        unbroken(2, BONUS_BOUNDARY_WHITE) as u16
    }

    /// nucleo's score of the word in `field`, an ASCII field; `None` when it does not match,
    /// or when the field is too long to be sure (see [`LONGEST`]): the caller asks nucleo.
    pub(super) fn score(&self, field: &str) -> Option<Result<u16, TooLong>> {
        let f = field.as_bytes();
        if f.len() > LONGEST {
            return Some(Err(TooLong));
        }
        let mut best: Option<u16> = None;
        // The best `16 + 2·b(i) + i` of a first character at `i` two or more places back, and
        // the last first character's place and score.
        let mut back: Option<u32> = None;
        let mut last: Option<(usize, u16)> = None;
        for (j, &c) in f.iter().enumerate() {
            // One look-up a byte; the classes only where the word's characters are.
            let folded = self.fold[usize::from(c)];
            let (is_first, is_second) = (folded == self.first, folded == self.second);
            if !is_first && !is_second {
                continue;
            }
            let prev = j
                .checked_sub(1)
                .map_or(Class::Whitespace, |at| class(f[at]));
            let b = bonus(prev, class(c));
            let before = match last {
                Some((i, first)) if i + 1 == j => Some(first),
                Some((i, first)) => {
                    back = back.max(Some(u32::from(first) + i as u32));
                    last = None;
                    None
                }
                None => None,
            };
            if is_second {
                // After a gap of `j - i - 1`: it costs `j - i + 1`.
                let mut score = back.map(|back| back.saturating_sub(j as u32 + 1) as u16 + b);
                if let Some(first) = before {
                    let b_first = (first - SCORE_MATCH) / BONUS_FIRST_CHAR_MULTIPLIER;
                    score = score.max(Some(first + b_first.max(b).max(BONUS_CONSECUTIVE)));
                }
                if let Some(score) = score {
                    best = best.max(Some(score + SCORE_MATCH));
                }
            }
            if is_first {
                // The one before now lies two places back from any later second character.
                if let Some((i, first)) = last {
                    back = back.max(Some(u32::from(first) + i as u32));
                }
                last = Some((j, SCORE_MATCH + BONUS_FIRST_CHAR_MULTIPLIER * b));
            }
        }
        best.map(Ok)
    }
}

/// A field longer than [`TwoChars`] is sure of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TooLong;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::local::scoring::tests::random_field as random;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    fn two(word: &str) -> Option<(Atom, TwoChars)> {
        let atoms = Pattern::parse(word, CaseMatching::Smart, Normalization::Smart).atoms;
        let [atom] = atoms.as_slice() else {
            return None;
        };
        let two = TwoChars::of(atom, Needle::of(atom).as_ref())?;
        Some((atom.clone(), two))
    }

    fn nucleo(atom: &Atom, field: &str, matcher: &mut Matcher) -> Option<u16> {
        atom.score(Utf32Str::Ascii(field.as_bytes()), matcher)
    }

    #[test]
    fn scores_a_pools_fields_as_nucleo_does() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        for (word, field) in [
            ("ol", "Olivia"),
            ("ol", "noah.wilson.12"),
            ("ol", "Noah Wilson"),
            ("en", "en-US"),
            ("en", "olivia.jones12@example.net"),
            ("en", "enterprise"),
            ("4f", "8c1e4a2f-91b0-4f3a-8e2d-0a1b2c3d4e5f"),
            ("4f", "tnt_4f3a99"),
            ("no", "Noah"),
            ("no", "nobody"),
            ("ex", "olivia.smith12@example.org"),
            ("+1", "+15550100"),
            ("Ol", "olivia Olivia"),
            ("ab", "ab"),
            ("ab", "ba"),
            ("ab", "a"),
            ("ab", "xyz"),
        ] {
            let (atom, two) = two(word).expect("two characters");
            assert_eq!(
                two.score(field).map(|s| s.expect("short")),
                nucleo(&atom, field, &mut matcher),
                "{word:?} in {field:?}"
            );
        }
    }

    #[test]
    fn the_highest_score_is_both_at_a_field_start() {
        let (atom, two) = two("ol").expect("two characters");
        let mut matcher = Matcher::new(Config::DEFAULT);
        assert_eq!(nucleo(&atom, "olivia", &mut matcher), Some(two.highest()));
    }

    #[test]
    fn a_long_field_is_left_to_nucleo() {
        let (_, two) = two("ab").expect("two characters");
        assert_eq!(two.score(&"x".repeat(LONGEST + 1)), Some(Err(TooLong)));
        assert_eq!(two.score(&"x".repeat(LONGEST)), None);
    }

    #[test]
    fn same_as_nucleo() {
        let mut rng = fastrand::Rng::with_seed(5);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let (mut matched, mut tried) = (0, 0);
        for _ in 0..100_000 {
            let word = random(&mut rng, 2);
            let Some((atom, two)) = two(&word) else {
                continue;
            };
            // Long fields too, where a gap's cost takes the score to 0.
            let len = if rng.u8(..10) == 0 {
                rng.usize(0..80)
            } else {
                rng.usize(0..20)
            };
            let field = random(&mut rng, len);
            let ours = two.score(&field).map(|s| s.expect("short"));
            assert_eq!(
                ours,
                nucleo(&atom, &field, &mut matcher),
                "{word:?} in {field:?}"
            );
            tried += 1;
            matched += usize::from(ours.is_some());
        }
        assert!(
            matched > 10_000 && tried - matched > 10_000,
            "{matched} of {tried} matched"
        );
    }
}
