//! A word's score in a field, known without nucleo when the field holds the word unbroken at a
//! place no other way of matching can beat. nucleo scores a match by its characters and the
//! bonus of each one's place (the start of a field or of a word after whitespace 10, after a
//! delimiter 9, after any other non-word character 8, a camelCase hump or the first digit 5);
//! a character right after a matched one keeps the bonus of the first of the run when that is
//! higher. So the word unbroken at a place of bonus `b` of 8 or more scores
//! `16·n + 2·b + (n − 1)·b`, and that is the best any match can score when no place of the
//! field has a higher bonus: then every character of any other match gains `b` at most, and a
//! gap only costs. The dense words of a large pool's filter are mostly of this kind: `ex` in
//! `…@example.org` (8, and an email has neither whitespace nor delimiters), `ol` in `Olivia`
//! (10, the most any match can score, so the user's other fields need not be read).
//!
//! Exact by test: `same_as_nucleo` below compares it with nucleo over random fields.

use memchr::memchr2_iter;
use nucleo_matcher::pattern::Atom;

use super::prefilter::Needle;
use super::scoring::{
    BONUS_BOUNDARY, BONUS_BOUNDARY_WHITE, Class, bonus, bonus_near, class, unbroken,
};

/// Words longer than this take nucleo's way (their scores would not need to fit a `u16`, but
/// nobody types them, and a bound keeps the arithmetic simple).
const LONGEST: usize = 64;

/// A filter of one plain fuzzy word of ASCII characters, at least three (two take
/// [`super::two_chars`], which is always sure), ready for [`SureScore::score`].
pub(super) struct SureScore {
    /// The word's characters, as a field's bytes are folded to compare with them.
    word: Vec<u8>,
    /// The bytes the word's first character can be.
    first: (u8, u8),
    /// What each byte of a field is to the word ([`Needle::fold_table`]).
    fold: [u8; 256],
}

impl SureScore {
    /// The fast path for `atom`, or `None` when it has none: a negative or special word, a word
    /// of one or two characters (their own paths) or with a non-ASCII character.
    pub(super) fn of(atom: &Atom, needle: Option<&Needle>) -> Option<SureScore> {
        let needle = needle?;
        let word = needle.plain_ascii_word(atom)?;
        if !(3..=LONGEST).contains(&word.len()) {
            return None;
        }
        let (lower, upper) = needle.first()?;
        Some(SureScore {
            word: word.to_vec(),
            first: (lower, upper.unwrap_or(lower)),
            fold: needle.fold_table(),
        })
    }

    /// The most the word can score in any field: unbroken at the start of a field or of a word.
    pub(super) fn highest(&self) -> u16 {
        u16::try_from(unbroken(self.word.len(), BONUS_BOUNDARY_WHITE)).unwrap_or(u16::MAX)
    }

    /// nucleo's score of the word in `field`, an ASCII field, when it is sure; `None` when only
    /// nucleo can tell (including when the word does not match).
    pub(super) fn score(&self, field: &str) -> Option<u16> {
        let f = field.as_bytes();
        let n = self.word.len();
        let mut best = None;
        for p in memchr2_iter(self.first.0, self.first.1, f) {
            let Some(rest) = f.get(p + 1..p + n) else {
                break;
            };
            let unbroken = rest
                .iter()
                .zip(&self.word[1..])
                .all(|(&b, &w)| self.fold[usize::from(b)] == w);
            if !unbroken {
                continue;
            }
            let prev = p
                .checked_sub(1)
                .map_or(Class::Whitespace, |at| class(f[at]));
            let b = bonus(prev, class(f[p]));
            best = best.max(Some(b));
            if b == BONUS_BOUNDARY_WHITE {
                break;
            }
        }
        let b = best?;
        if b < BONUS_BOUNDARY {
            // A run of characters keeps only a bonus of 8 or more: a match with gaps may beat it.
            return None;
        }
        if b < BONUS_BOUNDARY_WHITE {
            // No place of the field may have a higher bonus than `b`: none after whitespace or
            // (for 8) after a delimiter, and not the field's start, when the word's first
            // character is there to take it.
            if f.iter().any(|&c| bonus_near(c) > b) {
                return None;
            }
            if self.fold[usize::from(f[0])] == self.word[0]
                && bonus(Class::Whitespace, class(f[0])) > b
            {
                return None;
            }
        }
        u16::try_from(unbroken(n, b)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::local::scoring::tests::random_field as random;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    fn sure(word: &str) -> (Atom, SureScore) {
        let atom = Pattern::parse(word, CaseMatching::Smart, Normalization::Smart)
            .atoms
            .remove(0);
        let needle = Needle::of(&atom);
        let sure = SureScore::of(&atom, needle.as_ref()).expect("a plain word");
        (atom, sure)
    }

    fn nucleo(atom: &Atom, field: &str) -> Option<u16> {
        atom.score(
            Utf32Str::Ascii(field.as_bytes()),
            &mut Matcher::new(Config::DEFAULT),
        )
    }

    #[test]
    fn scores_the_dense_words_of_a_pool_as_nucleo_does() {
        for (word, field, sure_of_it) in [
            ("exa", "olivia.smith12@example.org", true),
            ("exam", "olivia.smith12@example.org", true),
            ("example.org", "olivia.smith12@example.org", true),
            ("oli", "Olivia", true),
            ("oli", "olivia.smith.12", true),
            ("smi", "Olivia Smith", true),
            ("en-", "en-US", true),
            ("4f3", "tnt_4f3a99", true),
            ("abc", "abc", true),
            ("Oli", "Olivia", true),
            // Only nucleo can tell: the run is inside a word, a higher bonus is elsewhere, the
            // word is broken, or does not match at all.
            ("liv", "olivia", false),
            ("exa", "exa@example.org x", true),
            ("exa", "x@exa y", false),
            ("exa", "e xa", false),
            ("exa", "nobody", false),
            ("oli", "x:oli@oli", true),
            ("oli", "x@oli:o", false),
            ("oli", "o@oli", false),
            ("Oli", "olivia", false),
        ] {
            let (atom, sure) = sure(word);
            let ours = sure.score(field);
            assert_eq!(
                ours.is_some(),
                sure_of_it,
                "{word:?} in {field:?}: {ours:?}"
            );
            if ours.is_some() {
                assert_eq!(ours, nucleo(&atom, field), "{word:?} in {field:?}");
            }
        }
    }

    #[test]
    fn the_highest_score_is_the_word_at_a_field_start() {
        let (atom, sure) = sure("oli");
        assert_eq!(nucleo(&atom, "olivia"), Some(sure.highest()));
        assert_eq!(sure.score("Olivia"), Some(sure.highest()));
    }

    #[test]
    fn same_as_nucleo() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut sure_of = 0;
        for _ in 0..100_000 {
            let len = rng.usize(3..6);
            let word = random(&mut rng, len);
            let atoms = Pattern::parse(&word, CaseMatching::Smart, Normalization::Smart).atoms;
            let [atom] = atoms.as_slice() else { continue };
            let Some(sure) = SureScore::of(atom, Needle::of(atom).as_ref()) else {
                continue;
            };
            // The word itself somewhere in the field half the time, so runs occur.
            let (before, after) = (rng.usize(0..8), rng.usize(0..8));
            let before = random(&mut rng, before);
            let after = random(&mut rng, after);
            let middle = if rng.bool() {
                word.clone()
            } else {
                random(&mut rng, len)
            };
            let field = format!("{before}{middle}{after}");
            let Some(ours) = sure.score(&field) else {
                continue;
            };
            let theirs = atom.score(Utf32Str::Ascii(field.as_bytes()), &mut matcher);
            assert_eq!(Some(ours), theirs, "{word:?} in {field:?}");
            sure_of += 1;
        }
        assert!(sure_of > 5_000, "only {sure_of} fields were sure");
    }
}
