//! What a word can score in a user, bounded without reading the user's fields.
//!
//! nucleo gives a character a bonus above [`BONUS_BOUNDARY`] (8) only where a word starts: at
//! a field's start, after whitespace (10) or after a delimiter `/,:;|` (9); every other place
//! gets 8 at most (after `@` or `.`, a camelCase hump, a digit, a character of a word), and a
//! character right after a matched one keeps its run's best bonus. So a match with none of its
//! characters at a word's start gains 8 at most a character, the first twice: the word scores
//! [`unbroken`]`(n, 8)` at most, what it scores whole after the `@` of an email. To score more,
//! a match must gain somewhere what a gap costs (3, and 1 a character more):
//!
//! - its first character at a word's start (10 twice instead of 8) with the second right after
//!   it, or after a gap at a place of bonus 8 or more, or
//! - a later character at a word's start and the next right after it (a run of 10s; a run after
//!   a delimiter needs four characters, and holds such a pair too).
//!
//! Either way the field holds a *pair*: a letter or digit starting a word, and the word's next
//! character right after it or later at a place of bonus 8 or more. A user keeps its pairs
//! ([`of`], worked out once, when the user is built, and kept in the user's block); a pass
//! tests a word's pairs against them and scores only the users holding one. In a pool where
//! every email ends in `@example.org`, nobody holds a pair of `exam` but the few whose fields
//! start a word with `e` and have an `x` later at such a place, or start one with `xa` or `am`.
//!
//! Exact by test: `no_user_scores_over_the_bound` below compares the bound with nucleo over
//! random fields, ASCII and not, and random words.

use super::scoring::{BONUS_BOUNDARY, Class, bonus, class, unbroken};

/// Most pairs a user keeps; a user with more (a long text of many words) is taken as one that
/// may score more than the bound, whatever the word.
pub(crate) const MOST_PAIRS: usize = 120;

/// A folded letter's or digit's place among the characters a word can start with: `a`–`z`
/// (either case) 0–25, `0`–`9` 26–35; no other byte has one.
fn place(b: u8) -> Option<u16> {
    match b {
        b'a'..=b'z' => Some(u16::from(b - b'a')),
        b'A'..=b'Z' => Some(u16::from(b - b'A')),
        b'0'..=b'9' => Some(u16::from(26 + b - b'0')),
        _ => None,
    }
}

/// A letter's or digit's bit in a set of characters that start a word ([`place`]); 0 for any
/// other byte.
pub(crate) fn bit(b: u8) -> u64 {
    place(b).map_or(0, |p| 1 << p)
}

/// A pair's number, below 16,384 (two bytes of seven bits): the first character's [`place`],
/// and the second as nucleo matches it, lowercased. `None` when the first cannot start a word,
/// or the second is not ASCII or is whitespace or a delimiter, which a word with a bound never
/// holds ([`Bound::of`]).
pub(crate) fn pair(first: u8, second: u8) -> Option<u16> {
    pair_after(place(first)?, second)
}

/// [`pair`] with the first character's place known.
fn pair_after(first: u16, second: u8) -> Option<u16> {
    let second = second.to_ascii_lowercase();
    let kept = second.is_ascii() && !matches!(class(second), Class::Whitespace | Class::Delimiter);
    kept.then(|| first * 128 + u16::from(second))
}

/// A user's word starts ([`of`]): the letters and digits that start a word anywhere, and the
/// pairs ([`pair`]), sorted; `None` for more than [`MOST_PAIRS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordStarts {
    pub chars: u64,
    pub pairs: Option<Vec<u16>>,
}

/// Words a field may start that [`of`] follows; a field starting more (a long text) makes the
/// user one whose pairs are not kept.
const MOST_STARTS: usize = 24;

/// The pairs [`of`] finds, a bit each, and whether there were too many to keep.
struct Found {
    chars: u64,
    bits: [u64; 36 * 128 / 64],
    /// Which words of `bits` hold a bit: the few to read at the end.
    used: u128,
    count: usize,
    many: bool,
}

impl Found {
    fn add(&mut self, first: u16, second: Option<u8>) {
        let Some(p) = second.and_then(|s| pair_after(first, s)) else {
            return;
        };
        let (word, bit) = (usize::from(p / 64), 1u64 << (p % 64));
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            self.used |= 1 << word;
            self.count += 1;
        }
    }
}

/// One field's walk for [`of`]: the words started so far (their first characters' places).
#[derive(Default)]
struct Walk {
    starts: [u16; MOST_STARTS],
    len: usize,
    /// The place of a word started by the character before, if it did.
    just_started: Option<u16>,
}

impl Walk {
    /// The next character: `matched` as nucleo matches it, whether it is at a place of bonus 8
    /// or more, whether it starts a word.
    fn step(&mut self, found: &mut Found, matched: Option<u8>, high: bool, starts: bool) {
        if let Some(first) = self.just_started.take() {
            found.add(first, matched);
        }
        if high {
            for &first in &self.starts[..self.len] {
                found.add(first, matched);
            }
        }
        if let Some(first) = matched.filter(|_| starts).and_then(place) {
            found.chars |= 1 << first;
            if self.len == MOST_STARTS {
                found.many = true;
            } else {
                self.starts[self.len] = first;
                self.len += 1;
            }
            self.just_started = Some(first);
        }
    }
}

/// The word starts of the fields of a user: each letter or digit starting a word paired with
/// the next character and with every later one at a place of bonus 8 or more in its field. A
/// character that is not ASCII counts as the letter nucleo matches it as (`É` as `e`); around
/// characters that are not ASCII, a place whose bonus depends on their class is counted as
/// high when it may be (more pairs than nucleo can use, never fewer). One walk of the text, no
/// allocation but the result's: every user is worked out once, as it is built.
pub(crate) fn of<'a>(fields: impl IntoIterator<Item = &'a str>) -> WordStarts {
    let mut found = Found {
        chars: 0,
        bits: [0; 36 * 128 / 64],
        used: 0,
        count: 0,
        many: false,
    };
    for field in fields {
        let mut walk = Walk::default();
        if field.is_ascii() {
            let mut prev = Class::Whitespace;
            for &b in field.as_bytes() {
                let c = class(b);
                if c == prev && c > Class::Delimiter {
                    // Inside a word (a lowercase letter after one, a digit after one): bonus 0,
                    // a place that matters only right after a word's start. Most of a text.
                    if let Some(first) = walk.just_started.take() {
                        found.add(first, Some(b));
                    }
                    continue;
                }
                let bonus = bonus(prev, c);
                prev = c;
                let starts = bonus > BONUS_BOUNDARY && c > Class::Delimiter;
                walk.step(&mut found, Some(b), bonus >= BONUS_BOUNDARY, starts);
            }
        } else {
            // Before the field: as after whitespace.
            let (mut after_space, mut after_other) = (true, true);
            for ch in field.chars() {
                let (space, other) = if ch.is_ascii() {
                    let c = class(ch as u8);
                    (
                        matches!(c, Class::Whitespace | Class::Delimiter),
                        c < Class::Lower,
                    )
                } else {
                    // nucleo counts a character beyond ASCII as whitespace only when it is
                    // whitespace; as not a letter or digit, at most when it is neither.
                    (ch.is_whitespace(), !ch.is_alphanumeric())
                };
                let starts = after_space && !(ch.is_ascii() && other);
                let high = after_space || after_other || other;
                let wanted = starts || walk.just_started.is_some() || high && walk.len > 0;
                let matched = if wanted { as_matched(ch) } else { None };
                walk.step(&mut found, matched, high, starts);
                (after_space, after_other) = (space, other);
            }
        }
    }
    let pairs = (!found.many && found.count <= MOST_PAIRS).then(|| {
        let mut pairs = Vec::with_capacity(found.count);
        let mut used = found.used;
        while used != 0 {
            let w = used.trailing_zeros() as usize;
            used &= used - 1;
            let mut word = found.bits[w];
            while word != 0 {
                pairs.push((w * 64) as u16 + word.trailing_zeros() as u16);
                word &= word - 1;
            }
        }
        pairs
    });
    WordStarts {
        chars: found.chars,
        pairs,
    }
}

/// The ASCII character nucleo matches `ch` as, if any.
fn as_matched(ch: char) -> Option<u8> {
    let ch = nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(ch));
    ch.is_ascii().then_some(ch as u8)
}

/// A user's word starts as a pass reads them from the user's block.
#[derive(Debug, Clone, Copy)]
pub struct StartsRead<'a> {
    chars: u64,
    /// The pairs, two bytes of seven bits each; `None`: more than [`MOST_PAIRS`].
    pairs: Option<&'a [u8]>,
}

impl<'a> StartsRead<'a> {
    pub(crate) fn new(chars: u64, pairs: Option<&'a [u8]>) -> Self {
        StartsRead { chars, pairs }
    }

    /// The letters and digits that start a word ([`bit`]).
    #[cfg(test)]
    pub(crate) fn chars(&self) -> u64 {
        self.chars
    }

    /// The pairs ([`pair`]), in order; `None` when there were too many to keep.
    pub(crate) fn pairs(&self) -> Option<impl Iterator<Item = u16> + 'a> {
        let bytes = self.pairs?;
        Some(
            bytes
                .chunks_exact(2)
                .map(|b| u16::from(b[0] & 0x7f) | u16::from(b[1] & 0x7f) << 7),
        )
    }
}

/// What a word's pairs are, and the most it scores in a user holding none of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bound {
    /// The word's letters and digits ([`bit`]): a user starting no word with one holds none
    /// of its pairs.
    chars: u64,
    /// The word's pairs ([`pair`]), a bit each; none for a word of one character, whose
    /// start alone scores more.
    pairs: Option<Box<[u64]>>,
    /// The most the word scores in a user holding none of its pairs.
    pub(super) score: u32,
}

impl Bound {
    /// The bound for `word`, a plain ASCII word; `None` for a word holding whitespace or a
    /// delimiter, after which a character of the word itself may start a word.
    pub(super) fn of(word: &[u8]) -> Option<Bound> {
        let breaks = |&b: &u8| matches!(class(b), Class::Whitespace | Class::Delimiter);
        if word.is_empty() || word.iter().any(breaks) {
            return None;
        }
        let pairs = (word.len() > 1).then(|| {
            let mut bits = vec![0u64; 36 * 128 / 64].into_boxed_slice();
            for p in word.windows(2).filter_map(|w| pair(w[0], w[1])) {
                bits[usize::from(p / 64)] |= 1 << (p % 64);
            }
            bits
        });
        Some(Bound {
            chars: word.iter().fold(0, |set, &b| set | bit(b)),
            pairs,
            score: unbroken(word.len(), BONUS_BOUNDARY),
        })
    }

    /// Whether a user whose word starts are `starts` may score more than [`Bound::score`].
    pub(super) fn may_exceed(&self, starts: StartsRead<'_>) -> bool {
        if starts.chars & self.chars == 0 {
            return false;
        }
        let (Some(word), Some(mut user)) = (&self.pairs, starts.pairs()) else {
            return true;
        };
        user.any(|p| {
            let p = usize::from(p);
            word.get(p / 64).is_some_and(|w| w & (1 << (p % 64)) != 0)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{User, UserParts};
    use crate::search::local::scoring::tests::random_field;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    /// Characters beyond ASCII a field may hold: accented letters that match ASCII ones, a
    /// letter that matches none, a space, a combining mark and a symbol that are not ASCII.
    const WIDE: &[char] = &['é', 'É', 'ł', 'Ø', '伟', '\u{a0}', '\u{301}', 'ß', '€'];

    /// A user whose only field is `field`, its username: its word starts as a pass reads them
    /// from its block.
    fn user(field: &str) -> User {
        User::from(UserParts {
            username: field.to_owned(),
            ..UserParts::default()
        })
    }

    fn may_exceed(word: &str, field: &str) -> bool {
        let bound = Bound::of(word.as_bytes()).expect("a plain word");
        bound.may_exceed(user(field).fields().word_starts())
    }

    fn score(matcher: &mut Matcher, word: &str, field: &str) -> Option<u16> {
        let atom = Pattern::parse(word, CaseMatching::Smart, Normalization::Smart)
            .atoms
            .remove(0);
        let chars: Vec<char> = field.chars().collect();
        let haystack = if field.is_ascii() {
            Utf32Str::Ascii(field.as_bytes())
        } else {
            Utf32Str::Unicode(&chars)
        };
        atom.score(haystack, matcher)
    }

    fn pairs(fields: &[&str]) -> Vec<(char, char)> {
        of(fields.iter().copied())
            .pairs
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let first = (p / 128) as u8;
                let first = if first < 26 {
                    b'a' + first
                } else {
                    b'0' + first - 26
                };
                (char::from(first), char::from((p % 128) as u8))
            })
            .collect()
    }

    #[test]
    fn a_pair_is_a_word_start_and_the_next_character_or_one_later_at_a_high_place() {
        assert_eq!(of(["Grace Hopper", "x/y:9"]).chars, {
            [b'g', b'h', b'x', b'y', b'9']
                .iter()
                .fold(0, |set, &b| set | bit(b))
        });
        // `G` starts a word: `r` follows, `H` starts the next; `H` is followed by `o`.
        assert_eq!(
            pairs(&["Grace Hopper"]),
            [('g', 'h'), ('g', 'r'), ('h', 'o')]
        );
        // In an email only the first character starts a word; `@`, `.` and what follows them
        // are high places.
        assert_eq!(
            pairs(&["ann@ex.io"]),
            [('a', '.'), ('a', '@'), ('a', 'e'), ('a', 'i'), ('a', 'n')]
        );
        // Not ASCII: an accented capital counts as its letter; a letter not ASCII starts no
        // word after it, a space not ASCII does.
        assert_eq!(pairs(&["Émile"]), [('e', 'm')]);
        assert_eq!(of(["伟x"]).chars, 0);
        assert_eq!(pairs(&["a\u{a0}b"]), [('a', 'b')]);
        // A text of many words keeps no pairs: every word may score more in it.
        let long: String = (b'a'..=b'z')
            .flat_map(|a| {
                (b'a'..=b'z').map(move |b| format!("{}{} ", char::from(a), char::from(b)))
            })
            .collect();
        assert_eq!(of([long.as_str()]).pairs, None);
        assert!(may_exceed("xy", &format!("{long} x")));
    }

    #[test]
    fn no_user_scores_over_the_bound() {
        let mut rng = fastrand::Rng::with_seed(15);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let (mut compared, mut spared) = (0, 0);
        for _ in 0..60_000 {
            let len = rng.usize(1..24);
            let mut field = random_field(&mut rng, len);
            if rng.bool() {
                let at = rng.usize(..=field.len());
                if field.is_char_boundary(at) {
                    field.insert(at, WIDE[rng.usize(..WIDE.len())]);
                }
            }
            let len = rng.usize(1..6);
            let word = random_field(&mut rng, len);
            let Some(bound) = Bound::of(word.as_bytes()) else {
                continue;
            };
            if bound.may_exceed(user(&field).fields().word_starts()) {
                continue;
            }
            if let Some(s) = score(&mut matcher, &word, &field) {
                compared += 1;
                spared += usize::from(field.contains(&word[..1]));
                assert!(
                    u32::from(s) <= bound.score,
                    "{word:?} scores {s} in {field:?}, over its bound {}",
                    bound.score
                );
            }
        }
        assert!(compared > 2_000, "only {compared} matches compared");
        assert!(
            spared > 500,
            "only {spared} fields holding a start of the word spared"
        );
    }

    #[test]
    fn the_bound_is_reached_whole_after_an_at_sign() {
        let mut matcher = Matcher::new(Config::DEFAULT);
        let bound = Bound::of(b"exam").expect("a plain word");
        // `e` starts words here, but no `x` follows one.
        let user = User::from(UserParts {
            username: "ed@example.com".to_owned(),
            attributes: vec![crate::directory::Attribute::new("locale", "en-US")].into(),
            ..UserParts::default()
        });
        assert!(!bound.may_exceed(user.fields().word_starts()));
        assert_eq!(
            score(&mut matcher, "exam", "ed@example.com").map(u32::from),
            Some(bound.score)
        );
        // A word starting with the word's characters may score more.
        assert!(may_exceed("exam", "Exam"));
        assert!(score(&mut matcher, "exam", "Exam").map(u32::from) > Some(bound.score));
        // So may its first character at a word's start and the rest after a gap.
        assert!(may_exceed("exam", "e-xam"));
        assert!(score(&mut matcher, "exam", "e-xam").map(u32::from) > Some(bound.score));
    }
}
