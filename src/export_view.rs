//! Exporting the list as shown (`:export csv PATH`, `X`): the users after search and local
//! filter, in the list's order, written to a file by a worker task so the app never waits.
//!
//! The file is written next to its final name and renamed over it at the end: an export that
//! fails or is interrupted leaves no half-written file behind. The JSON is the same per user as
//! `cognito-tui export`'s (`lookup::user_json`): each user whole, so it reads back as one; the
//! CSV has the list's columns, or (without them) the account facts then every attribute the
//! exported users hold.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::directory::{User, Users};
use crate::export::Format;
use crate::lookup::user_json;

/// One export of the shown users: a value the worker carries out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewExport {
    pub format: Format,
    pub path: PathBuf,
    /// The loaded users, shared (no copy of the users themselves).
    pub users: Users,
    /// The rows shown, as indexes into `users`; `None`: every user, in order.
    pub rows: Option<Vec<usize>>,
    /// The CSV's columns by name (`username`, `status`, an attribute…); `None`: all. The JSON
    /// always carries each user whole.
    pub columns: Option<Vec<String>>,
    /// Whether a file already at `path` is replaced (`:export!`); else it is kept and the
    /// export stops with [`ExportError::Exists`].
    pub replace: bool,
}

/// Why an export wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists.", .0.display())]
    Exists(PathBuf),
    #[error("{0}")]
    Failed(String),
}

impl From<&str> for ExportError {
    fn from(sentence: &str) -> Self {
        ExportError::Failed(sentence.to_owned())
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    pub count: usize,
}

/// The account facts every CSV starts with.
const FACTS: [&str; 5] = ["username", "status", "enabled", "created", "last_modified"];

/// Users written between two progress reports.
pub const PROGRESS_EVERY: usize = 2_000;

impl ViewExport {
    /// How many users the export writes.
    pub fn len(&self) -> usize {
        self.rows.as_ref().map_or(self.users.len(), Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn each(&self) -> Box<dyn Iterator<Item = &User> + '_> {
        match &self.rows {
            Some(rows) => Box::new(rows.iter().filter_map(|&i| self.users.get(i))),
            None => Box::new(self.users.iter()),
        }
    }

    /// The CSV header: the named columns, or the facts then every attribute held, in the order
    /// first met.
    fn header(&self) -> Vec<String> {
        if let Some(columns) = &self.columns {
            return columns.clone();
        }
        let mut header: Vec<String> = FACTS.iter().map(|&f| f.to_owned()).collect();
        let mut seen = std::collections::HashSet::new();
        for user in self.each() {
            for a in user.attributes().iter() {
                if !seen.contains(a.name) {
                    seen.insert(a.name.to_owned());
                    header.push(a.name.to_owned());
                }
            }
        }
        header
    }

    /// Writes the file, calling `progress(written)` every [`PROGRESS_EVERY`] users; the error is
    /// one sentence naming the path.
    pub fn run(&self, mut progress: impl FnMut(usize)) -> Result<Exported, ExportError> {
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        let path = expand_home(&self.path, home.as_deref());
        let path = std::path::absolute(&path).unwrap_or(path);
        if path.is_dir() {
            return Err(ExportError::Failed(format!(
                "Cannot write {}: it is a folder; end the path with / to export into it.",
                path.display()
            )));
        }
        if !self.replace && path.exists() {
            return Err(ExportError::Exists(path));
        }
        let fail = |e: &dyn std::fmt::Display| {
            ExportError::Failed(format!("Cannot write {}: {e}.", path.display()))
        };
        let temporary = temporary_path(&path);
        let result = (|| {
            // The file holds personal data: readable by its owner only, like the journal.
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let file = options.open(&temporary).map_err(|e| fail(&e))?;
            let mut out = std::io::BufWriter::new(file);
            let count = self.write(&mut out, &mut progress).map_err(|e| fail(&e))?;
            out.into_inner()
                .map_err(|e| fail(e.error()))?
                .sync_all()
                .map_err(|e| fail(&e))?;
            std::fs::rename(&temporary, &path).map_err(|e| fail(&e))?;
            Ok(count)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map(|count| Exported { path, count })
    }

    fn write(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(usize),
    ) -> std::io::Result<usize> {
        let mut count = 0;
        let mut tick = |count: usize| {
            if count.is_multiple_of(PROGRESS_EVERY) {
                progress(count);
            }
        };
        match self.format {
            Format::Csv => {
                let header = self.header();
                let mut csv = csv::Writer::from_writer(out);
                csv.write_record(&header)?;
                for user in self.each() {
                    csv.write_record(header.iter().map(|c| cell(user, c)))?;
                    count += 1;
                    tick(count);
                }
                csv.flush()?;
            }
            Format::Json => {
                writeln!(out, "[")?;
                for user in self.each() {
                    let value = user_json(user);
                    let separator = if count == 0 { "" } else { ",\n" };
                    write!(out, "{separator}  {value}")?;
                    count += 1;
                    tick(count);
                }
                writeln!(out, "\n]")?;
                out.flush()?;
            }
        }
        Ok(count)
    }
}

/// One user's value in the column called `name`.
fn cell(user: &User, name: &str) -> String {
    match name {
        "username" => user.username().to_owned(),
        "status" => user.status().to_owned(),
        "enabled" => user.enabled().to_string(),
        "created" => user.created().map(|t| t.to_string()).unwrap_or_default(),
        "last_modified" | "modified" => user
            .last_modified()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        "mfa" => user.mfa().as_ref().map(|m| m.join(" ")).unwrap_or_default(),
        attribute => user.attribute(attribute).unwrap_or_default().to_owned(),
    }
}

/// `path` with a leading `~` as the home folder, as a shell would read it.
fn expand_home(path: &Path, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path.to_path_buf(),
    }
}

/// Where the file is written before it takes its name: beside it, so the rename stays on one
/// file system.
fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".{}.part", std::process::id()));
    path.with_file_name(name)
}

/// The format a path's extension names, if it names one.
pub fn format_of(path: &str) -> Option<Format> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        Some(Format::Csv)
    } else if lower.ends_with(".json") {
        Some(Format::Json)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::fixtures;

    fn export(format: Format, path: PathBuf, rows: Option<Vec<usize>>) -> ViewExport {
        ViewExport {
            format,
            path,
            users: fixtures::users(5).into(),
            rows,
            columns: None,
            replace: false,
        }
    }

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = Path::new("/home/jo");
        assert_eq!(
            expand_home(Path::new("~/x.csv"), Some(home)),
            PathBuf::from("/home/jo/x.csv")
        );
        assert_eq!(
            expand_home(Path::new("~"), Some(home)),
            PathBuf::from("/home/jo")
        );
        assert_eq!(
            expand_home(Path::new("a/~/x.csv"), Some(home)),
            PathBuf::from("a/~/x.csv")
        );
        assert_eq!(
            expand_home(Path::new("~jo/x.csv"), Some(home)),
            PathBuf::from("~jo/x.csv")
        );
        assert_eq!(
            expand_home(Path::new("~/x.csv"), None),
            PathBuf::from("~/x.csv")
        );
    }

    #[test]
    fn only_the_rows_shown_in_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.csv");
        let done = export(Format::Csv, path.clone(), Some(vec![3, 1]))
            .run(|_| {})
            .unwrap();
        assert_eq!(done.count, 2);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("username,status,enabled,created,last_modified,sub"));
        assert!(lines[1].starts_with("user003,"));
        assert!(lines[2].starts_with("user001,"));
        assert_eq!(lines.len(), 3);
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1, "no temporary file is left");
    }

    #[test]
    fn an_unwritable_path_is_one_sentence_and_leaves_nothing() {
        let e = export(Format::Json, PathBuf::from("/nonexistent-dir/x.json"), None)
            .run(|_| {})
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("Cannot write /nonexistent-dir/x.json: "),
            "{e}"
        );
        assert!(e.ends_with('.') && !e.contains('\n'));
    }
}
