//! nucleo's scoring rules (nucleo-matcher 0.3, `score.rs`, `Config::DEFAULT`), written out for
//! the fast paths that score ASCII text without nucleo ([`super::one_word`],
//! [`super::sure_score`]). Each of those is checked against nucleo itself by a property test,
//! so a change of these rules in a newer nucleo fails the tests rather than the ranking.

pub(super) const SCORE_MATCH: u16 = 16;
pub(super) const BONUS_BOUNDARY: u16 = SCORE_MATCH / 2;
pub(super) const BONUS_BOUNDARY_WHITE: u16 = BONUS_BOUNDARY + 2;
pub(super) const BONUS_BOUNDARY_DELIMITER: u16 = BONUS_BOUNDARY + 1;
const BONUS_CAMEL123: u16 = BONUS_BOUNDARY - 3;
const BONUS_NON_WORD: u16 = BONUS_BOUNDARY;
pub(super) const BONUS_FIRST_CHAR_MULTIPLIER: u16 = 2;
/// The least bonus a character right after a matched one gets.
pub(super) const BONUS_CONSECUTIVE: u16 = 4;
/// What the first character skipped between two matched ones costs.
const PENALTY_GAP_START: u16 = 3;

/// nucleo's character classes, in its order (`Letter`, for non-ASCII letters, is never met
/// here: the fast paths read ASCII only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

pub(super) const fn class(b: u8) -> Class {
    CLASSES[b as usize]
}

/// Every byte's class, looked up rather than worked out: the fast paths ask for it on every
/// matched character.
const CLASSES: [Class; 256] = {
    let mut table = [Class::NonWord; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Number,
            b' ' | b'\t' | b'\n' | b'\x0C' | b'\r' => Class::Whitespace,
            b'/' | b',' | b':' | b';' | b'|' => Class::Delimiter,
            _ => Class::NonWord,
        };
        b += 1;
    }
    table
};

/// The bonus of a character of class `class` after one of class `prev` (`Config::bonus_for`).
/// The first character of a text comes after [`Class::Whitespace`].
pub(super) const fn bonus(prev: Class, class: Class) -> u16 {
    BONUSES[prev as usize][class as usize]
}

/// [`bonus`] for every pair of classes, looked up as [`CLASSES`] is.
const BONUSES: [[u16; 6]; 6] = {
    let mut table = [[0; 6]; 6];
    let mut prev = 0;
    while prev < 6 {
        let mut class = 0;
        while class < 6 {
            table[prev][class] = bonus_for(ALL[prev], ALL[class]);
            class += 1;
        }
        prev += 1;
    }
    table
};

const ALL: [Class; 6] = [
    Class::Whitespace,
    Class::NonWord,
    Class::Delimiter,
    Class::Lower,
    Class::Upper,
    Class::Number,
];

/// nucleo's `Config::bonus_for`, written out.
const fn bonus_for(prev: Class, class: Class) -> u16 {
    let (p, c) = (prev as u8, class as u8);
    if c > Class::Delimiter as u8 {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if p == Class::Lower as u8 && c == Class::Upper as u8
        || p != Class::Number as u8 && c == Class::Number as u8
    {
        BONUS_CAMEL123
    } else if c == Class::Whitespace as u8 {
        BONUS_BOUNDARY_WHITE
    } else if c == Class::NonWord as u8 {
        BONUS_NON_WORD
    } else {
        0
    }
}

/// nucleo's score of a word of `len` characters unbroken at a place of bonus `bonus` of 8 or
/// more, whose characters after the first have no higher bonus of their own: each keeps the
/// first's bonus, and the first counts twice. With the bonus after whitespace, the most any
/// match of the word can score.
pub(super) fn unbroken(len: usize, bonus: u16) -> u32 {
    let (n, b) = (len as u32, u32::from(bonus));
    n * u32::from(SCORE_MATCH) + u32::from(BONUS_FIRST_CHAR_MULTIPLIER) * b + (n - 1) * b
}

/// The most a word of ASCII characters can score in any field, or `None` when that is not known
/// here. A word whose first character is a letter or digit scores it unbroken at the start of a
/// field or of a word (the highest bonus, kept by every character of the run: [`unbroken`]). A
/// word of one character scores its highest bonus after any class; of two, the better of the
/// second right after the first and the second at its best place after a gap of one (as
/// [`super::two_chars`] scores them). A longer word starting with any other character may
/// score more with a gap than unbroken (`.ab` in `. ab`: a run after whitespace keeps a higher
/// bonus than the run after `.`), so its highest is not worked out.
pub(super) fn highest(word: &[u8]) -> Option<u32> {
    // A character's best bonus, whatever comes before it.
    let best = |b: u8| ALL.iter().map(|&prev| bonus(prev, class(b))).max();
    let first_score = |b: u16| u32::from(SCORE_MATCH + BONUS_FIRST_CHAR_MULTIPLIER * b);
    match *word {
        [first] => Some(first_score(best(first)?)),
        [first, ..] if class(first) > Class::Delimiter => {
            Some(unbroken(word.len(), BONUS_BOUNDARY_WHITE))
        }
        [first, second] => {
            let b = best(first)?;
            let after = bonus(class(first), class(second))
                .max(b)
                .max(BONUS_CONSECUTIVE);
            let apart = best(second)?.saturating_sub(PENALTY_GAP_START);
            Some(first_score(b) + u32::from(SCORE_MATCH + after.max(apart)))
        }
        _ => None,
    }
}

/// The most a character can gain in bonus from the byte `b` (at its place or after it): a
/// whitespace gives the boundary bonus after whitespace (and has it itself), a delimiter the one
/// after a delimiter; any other byte leaves every bonus at [`BONUS_BOUNDARY`] or less.
pub(super) fn bonus_near(b: u8) -> u16 {
    match class(b) {
        Class::Whitespace => BONUS_BOUNDARY_WHITE,
        Class::Delimiter => BONUS_BOUNDARY_DELIMITER,
        _ => 0,
    }
}

/// Random ASCII fields for the property tests of the fast paths against nucleo.
#[cfg(test)]
pub(super) mod tests {
    /// The bytes random fields are made of: every class of nucleo's, both cases.
    const BYTES: &[u8] = b"abcexoAEXO019 \t/:|,;.@-_+";

    pub(in crate::search::local) fn random_field(rng: &mut fastrand::Rng, len: usize) -> String {
        (0..len)
            .map(|_| char::from(BYTES[rng.usize(..BYTES.len())]))
            .collect()
    }
}
