//! A test cheaper than nucleo that tells which fields a word cannot match, so nucleo is asked
//! only about the others. Exact by construction: every way nucleo matches a word (fuzzy,
//! `'exact`, `^prefix`, `suffix$`) puts the word's characters in the field in order, one field
//! character to one word character; an ASCII field character only ever matches itself (or its
//! other case, when the word ignores case), and a non-ASCII one may match anything (nucleo folds
//! `ë` to `e`, `K` to `k`), so it is counted as matching any character. A field in which the
//! word's characters do not occur in order under those rules scores `None` in nucleo too. A
//! non-ASCII character of the word can only be matched by a non-ASCII one of the field (nucleo
//! turns no ASCII character into another kind).

use memchr::{Memchr2, memchr2_iter};
use nucleo_matcher::Utf32Str;
use nucleo_matcher::pattern::{Atom, AtomKind};

use crate::directory::Fields;

/// A non-ASCII character of the word: no ASCII byte equals it.
const OTHER: u8 = 0x80;

/// What a word needs of a field.
#[derive(Debug, Clone)]
pub(super) struct Needle {
    /// The word's characters, as nucleo matches them; [`OTHER`] for a non-ASCII one.
    bytes: Vec<u8>,
    /// What each byte of a field is to the word: itself, lowercased when the word ignores
    /// case; [`ANY`] for the first byte of a non-ASCII character; [`NONE`] for the others.
    fold: [u8; 256],
    /// The word's rarest ASCII character, as the bytes it can be in a field
    /// ([`KeyScan`]); `None` when every character of the word is frequent.
    key: Option<(u8, u8)>,
}

/// ASCII characters nearly every user has in several fields (subs, ids and phones are digits and
/// hex letters; names and emails hold the commonest letters): searching a user's text for one of
/// them would find it in most fields and cost more than it saves, so none is a word's key.
const FREQUENT: &[u8] = b"0123456789abcdefilnorst.@-_";

/// The other ASCII characters, from the more to the less common; one not here is rarer still.
const LESS_FREQUENT: &[u8] = b"muhgpykwv+jxzq";

/// How common `b` is, for a word's key: higher is more common; `None` for a frequent one.
fn commonness(b: u8) -> Option<usize> {
    let b = b.to_ascii_lowercase();
    if FREQUENT.contains(&b) {
        return None;
    }
    Some(
        LESS_FREQUENT
            .iter()
            .position(|&c| c == b)
            .map_or(0, |at| LESS_FREQUENT.len() - at),
    )
}

/// The first byte of a non-ASCII character: matches any character of the word.
const ANY: u8 = 0xFF;
/// A continuation byte: matches nothing.
const NONE: u8 = 0xFE;

/// The table of [`Needle::fold`].
fn fold(ignore_case: bool) -> [u8; 256] {
    std::array::from_fn(|b| match b as u8 {
        b @ 0..=0x7F if ignore_case => b.to_ascii_lowercase(),
        b @ 0..=0x7F => b,
        0x80..=0xBF => NONE,
        _ => ANY,
    })
}

impl Needle {
    /// The test for `atom`; `None` for an empty word.
    pub(super) fn of(atom: &Atom) -> Option<Needle> {
        match atom.needle_text() {
            Utf32Str::Ascii([]) | Utf32Str::Unicode([]) => None,
            Utf32Str::Ascii(bytes) => Some(Needle::with_key(Needle {
                bytes: bytes.to_vec(),
                // Smart case: a word without capitals matches either case.
                fold: fold(!bytes.iter().any(u8::is_ascii_uppercase)),
                key: None,
            })),
            // Whether nucleo ignores case here depends on its own idea of capitals: the test
            // ignores case, which lets through more fields, never fewer.
            Utf32Str::Unicode(chars) => Some(Needle::with_key(Needle {
                bytes: chars
                    .iter()
                    .map(|c| match u8::try_from(*c) {
                        Ok(b) if b.is_ascii() => b.to_ascii_lowercase(),
                        _ => OTHER,
                    })
                    .collect(),
                fold: fold(true),
                key: None,
            })),
        }
    }

    /// `needle` with its [`Needle::key`]: its rarest ASCII character.
    fn with_key(mut needle: Needle) -> Needle {
        needle.key = needle
            .bytes
            .iter()
            .copied()
            .filter(|&b| b != OTHER)
            .filter_map(|b| Some((commonness(b)?, b)))
            .min()
            .map(|(_, b)| b)
            .map(|b| match needle.cases(b) {
                (b, Some(upper)) => (b, upper),
                (b, None) => (b, b),
            });
        needle
    }

    /// The bytes the word's character `b` (ASCII) can be in a field: itself, and its capital
    /// when the word ignores case.
    fn cases(&self, b: u8) -> (u8, Option<u8>) {
        let upper = b.to_ascii_uppercase();
        let ignores_case = self.fold[usize::from(upper)] == b;
        (b, (ignores_case && upper != b).then_some(upper))
    }

    /// A reader of where the word's rarest character occurs in a user's `text` (its fields one
    /// after another), for [`KeyScan::may_hold`].
    pub(super) fn key_scan<'a>(&self, user: &Fields<'a>) -> KeyScan<'a> {
        let Some((lo, hi)) = self.key else {
            return KeyScan::none();
        };
        let text = user.text();
        let mut places = memchr2_iter(lo, hi, text.as_bytes());
        KeyScan {
            next: places.next(),
            places: Some(places),
            base: text.as_ptr() as usize,
            ascii: user.is_ascii(),
        }
    }

    /// The bytes the word's first character can be in a field: itself, and its capital when
    /// the word ignores case. `None` when it is not ASCII.
    pub(super) fn first(&self) -> Option<(u8, Option<u8>)> {
        let &first = self.bytes.first()?;
        (first != OTHER).then(|| self.cases(first))
    }

    /// The characters of `atom`, this needle's word, when it is a plain fuzzy word (not
    /// negative, not `'exact`, `^prefix` or `suffix$`) of ASCII characters only: the kind the
    /// fast paths score without nucleo.
    pub(super) fn plain_ascii_word(&self, atom: &Atom) -> Option<&[u8]> {
        let plain = !atom.negative && atom.kind == AtomKind::Fuzzy;
        (plain && !self.bytes.contains(&OTHER)).then_some(self.bytes.as_slice())
    }

    /// What each byte of a field is to the word: itself, lowercased when the word ignores
    /// case; a byte no character of the word equals for the bytes of a non-ASCII character.
    pub(super) fn fold_table(&self) -> [u8; 256] {
        self.fold
    }

    /// How many characters the word has.
    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// False when nucleo cannot match the word in `field`.
    pub(super) fn may_match(&self, field: &str) -> bool {
        let Some((&first, rest)) = self.bytes.split_first() else {
            return true;
        };
        let mut want = first;
        let mut rest = rest.iter();
        // One table look-up a byte: fields are short, and a call to memchr per character of
        // the word costs more than the scan itself.
        for &b in field.as_bytes() {
            let seen = self.fold[usize::from(b)];
            if seen == want || seen == ANY {
                match rest.next() {
                    Some(&next) => want = next,
                    None => return true,
                }
            }
        }
        false
    }
}

/// Where a word's rarest character occurs in a user's whole text, found with one SIMD search:
/// a field [`Needle::may_match`] accepts holds that character or a character that is not ASCII
/// (which may stand for it), so every other field is refused without its byte-by-byte test.
pub(super) struct KeyScan<'a> {
    /// `None` when the word has no ASCII character: every field may hold it.
    places: Option<Memchr2<'a>>,
    /// The next place at or after the last field asked about.
    next: Option<usize>,
    /// Where the text starts in memory: a field's place in it is its distance from there.
    base: usize,
    /// Whether the whole text is ASCII.
    ascii: bool,
}

impl KeyScan<'_> {
    /// No search: every field may hold the word. For a pass that reads a few fields of each
    /// user (a longer word narrowing a shorter one's places), where searching the whole text
    /// would cost more than testing those fields.
    pub(super) fn none() -> Self {
        KeyScan {
            places: None,
            next: None,
            base: 0,
            ascii: false,
        }
    }

    /// Whether the word has a key, so that a field [`KeyScan::may_hold`] lets through holds
    /// the word's rarest character (or a non-ASCII one) and most likely matches.
    pub(super) fn has_key(&self) -> bool {
        self.places.is_some()
    }

    /// True when no field can hold the word: the text is ASCII and lacks the key. Known from
    /// the search alone, before a field is read.
    pub(super) fn holds_none(&self) -> bool {
        self.places.is_some() && self.next.is_none() && self.ascii
    }

    /// False when the word cannot match `field`, a field of the text; fields are asked about
    /// in their order.
    pub(super) fn may_hold(&mut self, field: &str) -> bool {
        let Some(places) = &mut self.places else {
            return true;
        };
        // An empty field matches no word (and may not lie in the text).
        if field.is_empty() {
            return false;
        }
        let start = (field.as_ptr() as usize).wrapping_sub(self.base);
        while self.next.is_some_and(|at| at < start) {
            self.next = places.next();
        }
        self.next.is_some_and(|at| at < start + field.len()) || (!self.ascii && !field.is_ascii())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

    fn needle(text: &str) -> Needle {
        let atoms = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart).atoms;
        Needle::of(&atoms[0]).expect("a word")
    }

    #[test]
    fn a_non_ascii_character_of_the_word_needs_one_in_the_field() {
        let n = needle("zoë");
        assert!(n.may_match("Zoë"));
        assert!(n.may_match("zoé"));
        assert!(!n.may_match("Zoe"));
        assert!(!n.may_match("zo"));
        assert!(needle("伟").may_match("王伟"));
        assert!(!needle("伟").may_match("wei"));
    }

    #[test]
    fn characters_in_order_either_case_for_a_lowercase_word() {
        let n = needle("olv");
        assert!(n.may_match("OLIVIA"));
        assert!(n.may_match("x.o.l.v"));
        assert!(!n.may_match("lov"));
        assert!(!n.may_match("ol"));
        // A capital makes the word match case.
        let n = needle("Ol");
        assert!(n.may_match("Olivia"));
        assert!(!n.may_match("olivia"));
    }

    #[test]
    fn a_non_ascii_character_stands_for_any() {
        let n = needle("zoe");
        assert!(n.may_match("Zoë"));
        assert!(n.may_match("ZOË Brontë"));
        assert!(!n.may_match("Zö"));
        assert!(n.may_match("伟伟伟"));
        assert!(!n.may_match("伟伟"));
    }

    #[test]
    fn no_field_nucleo_matches_is_refused() {
        use nucleo_matcher::{Config, Matcher};
        let mut rng = fastrand::Rng::with_seed(7);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        let (mut matched, mut refused) = (0, 0);
        for _ in 0..20_000 {
            let len = rng.usize(1..4);
            let word = crate::search::local::tests::random_text(&mut rng, len);
            let atoms = Pattern::parse(&word, CaseMatching::Smart, Normalization::Smart).atoms;
            let Some(atom) = atoms.first() else { continue };
            let Some(n) = Needle::of(atom) else { continue };
            let len = rng.usize(0..16);
            let field = crate::search::local::tests::random_text(&mut rng, len);
            chars.clear();
            chars.extend(field.chars());
            let haystack = if field.is_ascii() {
                Utf32Str::Ascii(field.as_bytes())
            } else {
                Utf32Str::Unicode(&chars)
            };
            let nucleo = atom.score(haystack, &mut matcher).is_some() != atom.negative;
            let ours = n.may_match(&field);
            assert!(!nucleo || ours, "{word:?} in {field:?}");
            matched += usize::from(nucleo);
            refused += usize::from(!ours);
        }
        // Both answers occur often enough for the check to mean something.
        assert!(
            matched > 2_000 && refused > 2_000,
            "{matched} matched, {refused} refused"
        );
    }

    #[test]
    fn the_key_is_the_rarest_character_unless_all_are_frequent() {
        assert_eq!(needle("ex").key, Some((b'x', b'X')));
        assert_eq!(needle("olivia").key, Some((b'v', b'V')));
        assert_eq!(needle("+1555").key, Some((b'+', b'+')));
        assert_eq!(needle("Vx").key, Some((b'x', b'x')));
        assert_eq!(needle("'a\\ b").key, Some((b' ', b' ')));
        assert_eq!(needle("en").key, None);
        assert_eq!(needle("4f3a").key, None);
        assert_eq!(needle("zoë").key, Some((b'z', b'Z')));
    }

    #[test]
    fn only_fields_holding_the_key_or_a_non_ascii_character_are_tested() {
        let user = |values: &[&str]| {
            let mut user = crate::directory::fixtures::user(0);
            user.set_attributes(
                values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| crate::directory::Attribute::new(format!("a{i}"), *v))
                    .collect::<Vec<_>>()
                    .into(),
            );
            user
        };
        let held = |word: &str, user: &crate::directory::User| -> Vec<bool> {
            let n = needle(word);
            let fields = user.fields();
            let mut key = n.key_scan(&fields);
            fields.skip(1).map(|f| key.may_hold(f)).collect()
        };
        let ascii = user(&["olivia@example.org", "", "+15550100", "Xavier"]);
        assert!(ascii.fields().is_ascii());
        assert_eq!(held("ex", &ascii), [true, false, false, true]);
        assert!(!needle("ex").key_scan(&ascii.fields()).holds_none());
        assert!(needle("qu").key_scan(&ascii.fields()).holds_none());
        assert!(!needle("en").key_scan(&ascii.fields()).holds_none());
        assert_eq!(held("+1", &ascii), [false, false, true, false]);
        // Every field may hold a word whose characters are all frequent.
        assert_eq!(held("en", &ascii), [true, true, true, true]);
        let accents = user(&["Zoë", "zz", "Zoe"]);
        assert!(!accents.fields().is_ascii());
        assert_eq!(held("zo", &accents), [true, true, true]);
        assert_eq!(held("xo", &accents), [true, false, false]);
        assert!(!needle("qu").key_scan(&accents.fields()).holds_none());
    }

    #[test]
    fn special_forms_test_their_word() {
        assert!(needle("^jo").may_match("jo@x"));
        assert!(!needle("^jo").may_match("oj"));
        assert!(needle("!com").may_match("x.com"));
        assert!(needle("'a\\ b").may_match("a b"));
        assert!(!needle("'a\\ b").may_match("ab"));
    }
}
