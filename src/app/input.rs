//! Editing the one-line input: the search box and the local filter.

use super::{InputKind, InputLine};

/// A key while the input line is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputEdit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Clear the text before the cursor (Ctrl-U).
    ClearToStart,
    /// Up: the previous entry of the line's history (the search and command lines), or the
    /// user above (the local filter).
    Previous,
    /// Down: the next entry, or the user below.
    Next,
    Submit,
    Cancel,
}

/// The longest text the input takes; Cognito filters are far shorter, and so is any name.
pub const MAX_INPUT: usize = 1024;

impl InputLine {
    /// A line holding `text`, the cursor at its end.
    pub fn new(kind: InputKind, text: impl Into<String>) -> Self {
        let text = text.into();
        InputLine {
            kind,
            cursor: text.chars().count(),
            text,
            recall: None,
        }
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Applies an editing key; `Submit`, `Cancel`, `Previous` and `Next` are the caller's to
    /// act on. A change to the text makes it the draft that history steps start from.
    pub fn edit(&mut self, edit: InputEdit) {
        let len = self.text.chars().count();
        let before = self.text.len();
        match edit {
            InputEdit::Insert(c) if !c.is_control() && len < MAX_INPUT => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            InputEdit::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            InputEdit::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            InputEdit::Left => self.cursor = self.cursor.saturating_sub(1),
            InputEdit::Right => self.cursor = (self.cursor + 1).min(len),
            InputEdit::Home => self.cursor = 0,
            InputEdit::End => self.cursor = len,
            InputEdit::ClearToStart => {
                let at = self.byte_at(self.cursor);
                self.text.replace_range(..at, "");
                self.cursor = 0;
            }
            _ => {}
        }
        if self.text.len() != before {
            self.recall = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_multibyte_text() {
        let mut line = InputLine::new(InputKind::Search, "");
        for c in "Zoë".chars() {
            line.edit(InputEdit::Insert(c));
        }
        line.edit(InputEdit::Left);
        line.edit(InputEdit::Insert('x'));
        assert_eq!(line.text, "Zoxë");
        line.edit(InputEdit::Delete);
        assert_eq!(line.text, "Zox");
        line.edit(InputEdit::Home);
        line.edit(InputEdit::Backspace);
        assert_eq!(line.text, "Zox");
        line.edit(InputEdit::End);
        line.edit(InputEdit::Backspace);
        assert_eq!((line.text.as_str(), line.cursor), ("Zo", 2));
        line.edit(InputEdit::Left);
        line.edit(InputEdit::ClearToStart);
        assert_eq!((line.text.as_str(), line.cursor), ("o", 0));
        line.edit(InputEdit::Insert('\x1b'));
        assert_eq!(line.text, "o", "control characters are not text");
    }
}
