//! Text from the pool or the server is data: shown as plain text, never interpreted by the
//! terminal. Below both the screens (`ui`) and the command line (`commands`), so a server's
//! message reads the same in the status line and on stderr.

use std::borrow::Cow;

/// `text` with every control or bidi-control character replaced by a visible `\u{..}` escape:
/// for values, where the exact characters matter.
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

/// `text` on one line: newlines, tabs and other control or bidi-control characters become
/// single spaces, runs of spaces one, ends trimmed. For messages, where a server's words should
/// read as a sentence, not as escapes.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = if is_unsafe(c) { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_shows_control_characters_as_escapes() {
        assert_eq!(safe("plain"), "plain");
        assert_eq!(safe("a\nb\u{202e}"), "a\\u{a}b\\u{202e}");
    }

    #[test]
    fn one_line_turns_a_servers_message_into_a_plain_sentence() {
        let server =
            "1 validation error detected:\n  Value \"x\" at 'userPoolId'\r\n\tfailed\u{1b}[31m";
        let line = one_line(server);
        assert_eq!(
            line,
            "1 validation error detected: Value \"x\" at 'userPoolId' failed [31m"
        );
        assert!(!line.contains("\\u{") && !line.contains("\\\""));
        assert_eq!(one_line("  \n "), "");
    }
}
