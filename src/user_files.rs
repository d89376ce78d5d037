//! The user's own keymap and theme files: where they live, how they are read, and errors that
//! name the file and the line so that a typo is found at once.

use std::fmt;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeTable;

/// `<config dir>/cognito-tui/NAME`, e.g. `~/.config/cognito-tui/keymap.toml` on Linux.
pub fn default_path(name: &str) -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "cognito-tui").map(|d| d.config_dir().join(name))
}

/// A problem in a user file: which file, which line (when the problem has one), what. The
/// `hint` (e.g. every valid name) is too long for the status line and goes to the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for FileError {}

impl FileError {
    /// An error at a byte offset of `text`.
    pub fn at(path: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        FileError {
            path: path.to_owned(),
            line: Some(line_of(text, offset)),
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(self, hint: impl Into<String>) -> Self {
        FileError {
            hint: Some(hint.into()),
            ..self
        }
    }

    /// The error with its hint, for the log.
    pub fn detailed(&self) -> String {
        match &self.hint {
            Some(hint) => format!("{self} ({hint})"),
            None => self.to_string(),
        }
    }
}

/// The 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Reads a user file: `explicit` must exist; the default one (`<config dir>/cognito-tui/NAME`)
/// may be absent, which is `Ok(None)`.
pub fn read(explicit: Option<&Path>, name: &str) -> Result<Option<(PathBuf, String)>, FileError> {
    let (path, must_exist) = match explicit {
        Some(p) => (p.to_owned(), true),
        None => match default_path(name) {
            Some(p) => (p, false),
            None => return Ok(None),
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path, text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => Ok(None),
        Err(e) => Err(FileError {
            path,
            line: None,
            message: format!("cannot be read: {e}"),
            hint: None,
        }),
    }
}

/// Parses TOML keeping the position of every key and value.
pub fn parse_table<'i>(path: &Path, text: &'i str) -> Result<Spanned<DeTable<'i>>, FileError> {
    DeTable::parse(text).map_err(|e| FileError {
        path: path.to_owned(),
        line: e.span().map(|span| line_of(text, span.start)),
        message: e.message().trim().to_owned(),
        hint: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_one() {
        let text = "a = 1\nb = 2\n";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 6), 2);
        assert_eq!(line_of(text, 999), 3);
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let e = parse_table(Path::new("/x/k.toml"), "a = 1\nb = [\n").unwrap_err();
        assert_eq!(e.path, Path::new("/x/k.toml"));
        assert!(e.line.is_some_and(|l| l >= 2), "{e}");
        assert!(e.to_string().starts_with("/x/k.toml, line "), "{e}");
    }

    #[test]
    fn a_missing_explicit_file_is_an_error() {
        let e = read(Some(Path::new("/nonexistent/keymap.toml")), "keymap.toml").unwrap_err();
        assert!(e.to_string().contains("/nonexistent/keymap.toml"), "{e}");
    }
}
