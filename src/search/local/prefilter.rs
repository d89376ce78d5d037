//! A test cheaper than nucleo that tells which fields a word cannot match, so nucleo is asked
//! only about the others. Exact by construction: every way nucleo matches a word (fuzzy,
//! `'exact`, `^prefix`, `suffix$`) puts the word's characters in the field in order, one field
//! character to one word character; an ASCII field character only ever matches itself (or its
//! other case, when the word ignores case), and a non-ASCII one may match anything (nucleo folds
//! `ë` to `e`, `K` to `k`), so it is counted as matching any character. A field in which the
//! word's characters do not occur in order under those rules scores `None` in nucleo too. A
//! non-ASCII character of the word can only be matched by a non-ASCII one of the field (nucleo
//! turns no ASCII character into another kind).

use nucleo_matcher::Utf32Str;
use nucleo_matcher::pattern::Atom;

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
            Utf32Str::Ascii(bytes) => Some(Needle {
                bytes: bytes.to_vec(),
                // Smart case: a word without capitals matches either case.
                fold: fold(!bytes.iter().any(u8::is_ascii_uppercase)),
            }),
            // Whether nucleo ignores case here depends on its own idea of capitals: the test
            // ignores case, which lets through more fields, never fewer.
            Utf32Str::Unicode(chars) => Some(Needle {
                bytes: chars
                    .iter()
                    .map(|c| match u8::try_from(*c) {
                        Ok(b) if b.is_ascii() => b.to_ascii_lowercase(),
                        _ => OTHER,
                    })
                    .collect(),
                fold: fold(true),
            }),
        }
    }

    /// The bytes the word's first character can be in a field: itself, and its capital when
    /// the word ignores case. `None` when it is not ASCII.
    pub(super) fn first(&self) -> Option<(u8, Option<u8>)> {
        let &first = self.bytes.first()?;
        if first == OTHER {
            return None;
        }
        let upper = first.to_ascii_uppercase();
        let ignores_case = self.fold[usize::from(upper)] == first;
        Some((first, (ignores_case && upper != first).then_some(upper)))
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
    fn special_forms_test_their_word() {
        assert!(needle("^jo").may_match("jo@x"));
        assert!(!needle("^jo").may_match("oj"));
        assert!(needle("!com").may_match("x.com"));
        assert!(needle("'a\\ b").may_match("a b"));
        assert!(!needle("'a\\ b").may_match("ab"));
    }
}
