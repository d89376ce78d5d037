//! Up and Down in the search and command lines: the texts entered earlier in this session. Kept
//! in memory only: searches hold emails and phone numbers, which have no place on disk.

use super::InputLine;

/// Entries kept per line; the oldest go first.
const KEEP: usize = 100;

/// Texts entered in one kind of input line, oldest first, each once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
}

/// Where Up and Down have taken an input line: the entry it shows, and the text it held before
/// the first Up (Down past the newest entry brings it back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recall {
    index: usize,
    draft: String,
}

impl History {
    /// Adds `text` as the newest entry (moving it there if it was already kept).
    pub fn push(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.entries.retain(|e| e != text);
        self.entries.push(text.to_owned());
        if self.entries.len() > KEEP {
            self.entries.remove(0);
        }
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    /// Up (`older`) or Down in `line`: shows the previous or next entry, the cursor at its end.
    pub fn step(&self, line: &mut InputLine, older: bool) {
        let last = match self.entries.len().checked_sub(1) {
            Some(last) => last,
            None => return,
        };
        let (index, draft) = match (line.recall.take(), older) {
            (None, true) => (Some(last), std::mem::take(&mut line.text)),
            (None, false) => return,
            (Some(Recall { index, draft }), true) => (Some(index.saturating_sub(1)), draft),
            (Some(Recall { index, draft }), false) if index < last => (Some(index + 1), draft),
            (Some(Recall { draft, .. }), false) => (None, draft),
        };
        match index {
            Some(index) => {
                line.text = self.entries[index].clone();
                line.recall = Some(Recall { index, draft });
            }
            None => line.text = draft,
        }
        line.cursor = line.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::InputKind;

    fn history(entries: &[&str]) -> History {
        let mut history = History::default();
        for e in entries {
            history.push(e);
        }
        history
    }

    #[test]
    fn up_goes_back_and_down_returns_to_what_was_typed() {
        let history = history(&["jo@", "ada", "+4477"]);
        let mut line = InputLine::new(InputKind::Search, "wei");
        history.step(&mut line, true);
        assert_eq!((line.text.as_str(), line.cursor), ("+4477", 5));
        history.step(&mut line, true);
        history.step(&mut line, true);
        assert_eq!(line.text, "jo@");
        history.step(&mut line, true);
        assert_eq!(line.text, "jo@", "the oldest entry stays");
        history.step(&mut line, false);
        assert_eq!(line.text, "ada");
        history.step(&mut line, false);
        history.step(&mut line, false);
        assert_eq!((line.text.as_str(), line.cursor), ("wei", 3));
        assert_eq!(line.recall, None);
        history.step(&mut line, false);
        assert_eq!(line.text, "wei", "Down at the draft does nothing");
    }

    #[test]
    fn entries_are_kept_once_newest_last_and_bounded() {
        let mut history = history(&["a", " b ", "", "a"]);
        assert_eq!(history.entries(), ["b", "a"]);
        for i in 0..2 * KEEP {
            history.push(&i.to_string());
        }
        assert_eq!(history.entries().len(), KEEP);
        assert_eq!(history.entries().last().map(String::as_str), Some("199"));
        let mut line = InputLine::new(InputKind::Command, "");
        History::default().step(&mut line, true);
        assert_eq!(line.text, "", "an empty history leaves the line alone");
    }
}
