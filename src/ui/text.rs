//! Text from the pool is data: control characters and bidirectional overrides in names or
//! values are shown as visible escapes, never passed to the terminal to interpret.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` with every control or bidi-control character replaced by a visible `\u{..}` escape.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Attributes that identify a person, hidden when personal data is masked.
pub fn is_personal(attribute: &str) -> bool {
    matches!(
        attribute,
        "email"
            | "phone_number"
            | "name"
            | "given_name"
            | "family_name"
            | "middle_name"
            | "nickname"
            | "preferred_username"
            | "address"
            | "birthdate"
            | "picture"
            | "profile"
            | "website"
    )
}

/// A masked value: its first character, then dots; an email keeps its domain's last part.
pub fn mask(value: &str) -> String {
    let first: String = value.chars().take(1).collect();
    match value.rsplit_once('.') {
        Some((_, tld)) if value.contains('@') && tld.len() <= 6 => format!("{first}•••.{tld}"),
        _ if value.is_empty() => String::new(),
        _ => format!("{first}•••"),
    }
}

/// `text` with the characters at `positions` (char indexes, sorted) in `style`.
pub fn highlighted(text: &str, positions: &[usize], style: Style) -> Line<'static> {
    if positions.is_empty() {
        return Line::raw(text.to_owned());
    }
    // One span per run of highlighted or plain characters: a span per character would cost an
    // allocation per matched character on every frame.
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_highlighted = false;
    let mut next = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        let highlight = next.peek() == Some(&&i);
        if highlight {
            next.next();
        }
        if highlight != run_highlighted && !run.is_empty() {
            let done = std::mem::take(&mut run);
            spans.push(if run_highlighted {
                Span::styled(done, style)
            } else {
                Span::raw(done)
            });
        }
        run_highlighted = highlight;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(if run_highlighted {
            Span::styled(run, style)
        } else {
            Span::raw(run)
        });
    }
    Line::from(spans)
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
        let style = Style::new().underlined();
        let line = highlighted("xjoyzë", &[1, 2, 5], style);
        let spans: Vec<(&str, bool)> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == style))
            .collect();
        assert_eq!(
            spans,
            vec![("x", false), ("jo", true), ("yz", false), ("ë", true)]
        );
        assert_eq!(highlighted("abc", &[], style).spans.len(), 1);
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
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("王芳王芳", 5), "王芳…");
    }
}
