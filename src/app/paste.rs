//! Pasted text: it is data, never keys. On the main screen it opens the search box holding it,
//! inside an input it is inserted at the cursor, anywhere else it is dropped with a message.

use super::{App, InputEdit, InputKind, StatusKind, searching};
use crate::worker::Command;

/// The pasted text as one line: each run of newlines, tabs and other control characters
/// becomes one space (a Windows line end is one break, not two spaces in a value), and the
/// ends are trimmed.
pub fn one_line(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if c.is_control() {
            if !in_break {
                spaced.push(' ');
            }
            in_break = true;
        } else {
            spaced.push(c);
            in_break = false;
        }
    }
    spaced.trim().to_owned()
}

pub fn on_paste(app: &mut App, text: &str) -> Vec<Command> {
    let text = one_line(text);
    if text.is_empty() {
        return Vec::new();
    }
    if let Some(input) = &mut app.input {
        for c in text.chars() {
            input.edit(InputEdit::Insert(c));
        }
        if input.kind == InputKind::LocalFilter {
            let filter = input.text.clone();
            return searching::apply_local_filter(app, &filter);
        }
        if input.kind == InputKind::GroupFilter {
            let filter = input.text.clone();
            super::group_filter::apply(app, &filter, false);
        }
        return Vec::new();
    }
    if app.overlay.is_some() {
        app.set_status(
            StatusKind::Info,
            "Pasted text ignored: paste into the search box, the filter or the command line.",
        );
        return Vec::new();
    }
    searching::open_input(app, InputKind::Search);
    if let Some(input) = &mut app.input {
        *input = super::InputLine::new(InputKind::Search, String::new());
        for c in text.chars() {
            input.edit(InputEdit::Insert(c));
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn pasted_text_becomes_one_trimmed_line() {
        assert_eq!(one_line("  Sandy\n"), "Sandy");
        assert_eq!(one_line("a\tb\r\nc\u{1b}d"), "a b c d");
        assert_eq!(one_line("Jo\r\n\r\nBloggs\t\t"), "Jo Bloggs");
        assert_eq!(one_line("a  b"), "a  b", "spaces typed are kept");
    }
}
