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
const DELIMITERS: &[u8] = b"/,:;|";

/// nucleo's character classes, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Class {
    Whitespace,
    NonWord,
    Delimiter,
    Lower,
    Upper,
    Number,
}

pub(super) fn class(b: u8) -> Class {
    match b {
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Number,
        b if b.is_ascii_whitespace() => Class::Whitespace,
        b if DELIMITERS.contains(&b) => Class::Delimiter,
        _ => Class::NonWord,
    }
}

/// The bonus of a character of class `class` after one of class `prev` (`Config::bonus_for`).
/// The first character of a text comes after [`Class::Whitespace`].
pub(super) fn bonus(prev: Class, class: Class) -> u16 {
    if class > Class::Delimiter {
        match prev {
            Class::Whitespace => return BONUS_BOUNDARY_WHITE,
            Class::Delimiter => return BONUS_BOUNDARY_DELIMITER,
            Class::NonWord => return BONUS_BOUNDARY,
            _ => {}
        }
    }
    if prev == Class::Lower && class == Class::Upper
        || prev != Class::Number && class == Class::Number
    {
        BONUS_CAMEL123
    } else if class == Class::Whitespace {
        BONUS_BOUNDARY_WHITE
    } else if class == Class::NonWord {
        BONUS_NON_WORD
    } else {
        0
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
