//! Pasted text: it is data, never keys. On the main screen it opens the search box holding it,
//! inside an input it is inserted at the cursor, anywhere else it is dropped with a message.
//!
//! A paste always becomes one line: each run of line breaks, tabs and other control characters
//! is one space. What happens at its ends depends on the input ([`Cleaning`]):
//! - a password (set, reset or a new user's) and an attribute's new value keep the text exactly
//!   as pasted, spaces at either end included: they are the secret or the value the user
//!   chose, and trimming would change it unseen (a password is hidden as it is typed). Only the
//!   line break a copied line ends with is dropped, not turned into a space.
//! - the search box, the filters, the command line, a username, the new user's attributes (a
//!   list whose entries are trimmed anyway), a count or a word to type are trimmed: spaces at
//!   their ends are never meant there.

use super::{App, Form, InputEdit, InputKind, StatusKind, searching};
use crate::worker::Command;

/// How a paste's ends are treated in the input it lands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cleaning {
    /// Spaces at the ends go: search, filters, commands, names, counts.
    Trimmed,
    /// The text as pasted, less the line break at its end: passwords and values.
    Exact,
}

/// The pasted text as one line: each run of newlines, tabs and other control characters
/// becomes one space (a Windows line end is one break, not two spaces in a value), and the
/// ends are trimmed.
pub fn one_line(text: &str) -> String {
    spaced(text).trim().to_owned()
}

/// The pasted text as one line for a password or a value: as [`one_line`], but spaces at the
/// ends are kept, and the line break the text ends with (a copied line's) is dropped.
pub fn exact_line(text: &str) -> String {
    spaced(text.trim_end_matches(['\r', '\n']))
}

fn spaced(text: &str) -> String {
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
    spaced
}

/// How a paste is cleaned in the input open now.
fn cleaning(app: &App) -> Cleaning {
    let in_form = app
        .input
        .as_ref()
        .is_some_and(|i| i.kind == InputKind::Form);
    match &app.form {
        Some(Form::Password { .. } | Form::NewPassword { .. } | Form::AttributeValue { .. })
            if in_form =>
        {
            Cleaning::Exact
        }
        _ => Cleaning::Trimmed,
    }
}

pub fn on_paste(app: &mut App, text: &str) -> Vec<Command> {
    let text = match cleaning(app) {
        Cleaning::Trimmed => one_line(text),
        Cleaning::Exact => exact_line(text),
    };
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
        if matches!(input.kind, InputKind::GroupFilter | InputKind::PoolFilter) {
            let filter = input.text.clone();
            super::picker_filter::apply(app, &filter, false);
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
    use super::{exact_line, one_line};

    #[test]
    fn pasted_text_becomes_one_trimmed_line() {
        assert_eq!(one_line("  Sandy\n"), "Sandy");
        assert_eq!(one_line("a\tb\r\nc\u{1b}d"), "a b c d");
        assert_eq!(one_line("Jo\r\n\r\nBloggs\t\t"), "Jo Bloggs");
        assert_eq!(one_line("a  b"), "a  b", "spaces typed are kept");
    }

    #[test]
    fn a_password_or_value_keeps_its_spaces_and_loses_only_the_final_line_break() {
        assert_eq!(exact_line("  pass word  \n"), "  pass word  ");
        assert_eq!(exact_line(" secret\r\n"), " secret");
        assert_eq!(exact_line("a\tb\r\nc "), "a b c ");
        assert_eq!(exact_line("\n\n"), "");
        assert_eq!(exact_line("\tx"), " x", "a tab is still a space");
    }
}
