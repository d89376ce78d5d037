//! Text from the pool is data: control characters and bidirectional overrides in names or
//! values are shown as visible escapes, never passed to the terminal to interpret (`crate::text`).

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::text::safe;

pub use crate::pii::is_personal;

/// A masked value: its first character, then dots; an email keeps its domain's last part.
pub fn mask(value: &str) -> String {
    let first: String = value.chars().take(1).collect();
    match value.rsplit_once('.') {
        Some((_, tld)) if value.contains('@') && tld.len() <= 6 => format!("{first}•••.{tld}"),
        _ if value.is_empty() => String::new(),
        _ => format!("{first}•••"),
    }
}

/// `text` cut into runs of characters that are or are not at `positions` (char indexes,
/// sorted): `(run, highlighted)`, in order, each a slice of `text`.
pub fn runs<'a>(text: &'a str, positions: &'a [u32]) -> impl Iterator<Item = (&'a str, bool)> {
    let mut next = positions.iter().copied().peekable();
    let mut chars = text.char_indices().enumerate().peekable();
    std::iter::from_fn(move || {
        let (i, (start, _)) = *chars.peek()?;
        let lit = next.peek() == Some(&(i as u32));
        let mut end = text.len();
        while let Some(&(i, (at, _))) = chars.peek() {
            let here = next.peek() == Some(&(i as u32));
            if here != lit {
                end = at;
                break;
            }
            if here {
                next.next();
            }
            chars.next();
        }
        Some((&text[start..end], lit))
    })
}

/// `text` as a cell of `width` columns shows it: made [`safe`], then [`truncate`]d. Borrows
/// `text` when neither changes it, so the common cell costs no copy.
pub fn fit(text: Cow<'_, str>, width: usize) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(text) => match safe(text) {
            Cow::Borrowed(text) => truncate(text, width),
            Cow::Owned(escaped) => Cow::Owned(truncate(&escaped, width).into_owned()),
        },
        Cow::Owned(text) => Cow::Owned(truncate(&safe(&text), width).into_owned()),
    }
}

/// Shortens `text` to at most `width` terminal columns, ending in `…` when cut. Wide characters
/// (CJK) count as two columns.
pub fn truncate(text: &str, width: usize) -> Cow<'_, str> {
    if text.width() <= width {
        return Cow::Borrowed(text);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_characters_are_grouped_into_runs() {
        let runs: Vec<(&str, bool)> = runs("xjoyzë", &[1, 2, 5]).collect();
        assert_eq!(
            runs,
            vec![("x", false), ("jo", true), ("yz", false), ("ë", true)]
        );
        assert_eq!(
            super::runs("abc", &[]).collect::<Vec<_>>(),
            vec![("abc", false)]
        );
        assert_eq!(
            super::runs("ab", &[0, 1]).collect::<Vec<_>>(),
            vec![("ab", true)]
        );
        assert_eq!(super::runs("", &[]).count(), 0);
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(safe("plain Zoë"), "plain Zoë");
        assert_eq!(safe("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(safe("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(safe("line\nbreak"), "line\\u{a}break");
        // Right-to-left letters themselves are text, not controls.
        assert_eq!(safe("مرحبا"), "مرحبا");
    }

    #[test]
    fn masks_hide_all_but_a_hint() {
        assert_eq!(mask("jo@example.com"), "j•••.com");
        assert_eq!(mask("+15555550100"), "+•••");
        assert_eq!(mask("Zoë"), "Z•••");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn fitting_borrows_text_it_does_not_change() {
        assert!(matches!(fit("abc".into(), 4), Cow::Borrowed("abc")));
        assert_eq!(fit("abcdef".into(), 4), "abc…");
        assert_eq!(fit("a\x1bbcdef".into(), 7), "a\\u{1b…");
        assert_eq!(fit(String::from("a\nb").into(), 20), "a\\u{a}b");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("王芳王芳", 5), "王芳…");
    }
}
