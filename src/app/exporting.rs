//! Exporting the users shown (`:export csv PATH`, `:export json PATH`, `X`): the app hands the
//! worker a shared snapshot of the list and follows the export's progress in the status line.

use std::path::PathBuf;

use super::{App, InputKind, InputLine, StatusKind, UserList};
use crate::directory::Users;
use crate::export::Format;
use crate::export_view::{ExportError, Exported, ViewExport, format_of};
use crate::worker::{Command, RequestId};

/// An export in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRun {
    pub id: RequestId,
    pub path: PathBuf,
    pub written: usize,
    pub total: usize,
    /// The command that runs this export again over a file already there.
    pub replacing: String,
}

impl UserList {
    /// The users as the list shows them, for a background task: the loaded users (shared, not
    /// copied) and the rows shown as indexes into them, in the list's order (`None`: all, as
    /// loaded). Whatever shapes the list (search, local filter, sort) is read here, once.
    pub fn shown_snapshot(&self) -> (Users, Option<Vec<usize>>) {
        let rows = match (&self.visible, &self.sort) {
            (Some(visible), _) => Some(visible.clone()),
            // Sorted: the order, then the users loaded since, as loaded (as `index_at` shows).
            (None, Some(sorted)) => Some(
                sorted
                    .order
                    .iter()
                    .map(|&i| i as usize)
                    .chain(sorted.covered..self.users.len())
                    .collect(),
            ),
            (None, None) => None,
        };
        (self.users.share(), rows)
    }
}

/// The list's columns by name, for the CSV. The groups column is left out: it is read for
/// the rows on screen only, so most exported users would have none.
fn shown_columns(app: &App) -> Option<Vec<String>> {
    let columns: Vec<String> = app
        .columns
        .iter()
        .filter(|c| **c != crate::browse::Column::Groups)
        .map(|c| c.name().to_owned())
        .collect();
    (!columns.is_empty()).then_some(columns)
}

/// The file an export goes to when none is named: in the current directory, after the pool.
pub fn default_path(app: &App, format: Format) -> String {
    let pool: String = app
        .session
        .pool_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let extension = match format {
        Format::Csv => "csv",
        Format::Json => "json",
    };
    format!("cognito-users-{pool}.{extension}")
}

/// Letters and digits only: a format's word, never a file's name with its extension or a folder.
fn is_bare_word(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// `X`: the command line, holding an export to the default path, to change or confirm.
pub fn prompt(app: &mut App) {
    let text = format!("export csv {}", default_path(app, Format::Csv));
    app.input = Some(InputLine::new(InputKind::Command, text));
}

/// `:export [csv|json] [PATH]`: the format from the word or the path's extension (CSV when
/// neither says), the path relative to the current directory.
pub fn start(app: &mut App, arg: Option<&str>, replace: bool) -> Vec<Command> {
    let arg = arg.unwrap_or("").trim();
    let (word, rest) = arg.split_once(char::is_whitespace).unwrap_or((arg, ""));
    let (format, path) = match word.to_ascii_lowercase().as_str() {
        "csv" => (Format::Csv, rest.trim()),
        "json" => (Format::Json, rest.trim()),
        // A bare word then more (`xml /tmp/a`) is a format this does not know, not a path
        // with a space in it: refused, rather than CSV written to a file named `xml /tmp/a`.
        other if !rest.is_empty() && is_bare_word(other) => {
            app.set_status(
                StatusKind::Error,
                format!(
                    "Unknown export format {}: the formats are csv and json (:export [csv|json] \
                     [PATH]; a path with a space in its first word takes the format first, \
                     :export csv my users.csv).",
                    crate::text::safe(word)
                ),
            );
            return Vec::new();
        }
        _ => (format_of(arg).unwrap_or(Format::Csv), arg),
    };
    // A folder (`out/`, `~`) takes the name `X` offers.
    let path = match path {
        "" => default_path(app, format),
        "~" => format!("~/{}", default_path(app, format)),
        folder if folder.ends_with('/') => format!("{folder}{}", default_path(app, format)),
        file => file.to_owned(),
    };
    if let Some(run) = &app.export {
        app.set_status(
            StatusKind::Warning,
            format!(
                "An export to {} is still running; wait for it to finish.",
                run.path.display()
            ),
        );
        return Vec::new();
    }
    if app.list.filtering.is_some() {
        // The rows shown are the first screenful or the previous text's matches until the
        // pass lands: not the view the filter names.
        app.set_status(
            StatusKind::Warning,
            "The filter is still matching; export once its matches are shown.",
        );
        return Vec::new();
    }
    let (users, rows) = app.list.shown_snapshot();
    let export = ViewExport {
        format,
        path: PathBuf::from(&path),
        users,
        rows,
        columns: shown_columns(app),
        replace,
    };
    if export.is_empty() {
        app.set_status(StatusKind::Info, "Nothing to export: no user is shown.");
        return Vec::new();
    }
    let id = app.next_request_id();
    let total = export.len();
    app.export = Some(ExportRun {
        id,
        path: export.path.clone(),
        written: 0,
        total,
        replacing: format!(
            "{}export! {} {path}",
            app.key(super::Action::CommandLine),
            match format {
                Format::Csv => "csv",
                Format::Json => "json",
            }
        ),
    });
    let more = if app.list.is_complete() {
        String::new()
    } else {
        format!(
            " (the users loaded so far; {} loads the rest)",
            app.key(super::Action::LoadAll)
        )
    };
    app.set_status(
        StatusKind::Progress,
        format!("Exporting {total} users to {path}{more}…"),
    );
    vec![Command::ExportView {
        id,
        export: Box::new(export),
    }]
}

/// A bar of `width` cells, filled in proportion.
fn gauge(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    format!("▕{}{}▏", "█".repeat(filled), "░".repeat(width - filled))
}

pub fn on_progress(app: &mut App, id: RequestId, written: usize, total: usize) {
    let Some(run) = app.export.as_mut().filter(|r| r.id == id) else {
        return;
    };
    run.written = written;
    let text = format!(
        "Exporting to {}: {written} of {total} users {} {}%",
        run.path.display(),
        gauge(written, total, 20),
        (written * 100).checked_div(total).unwrap_or(100)
    );
    app.set_status(StatusKind::Progress, text);
}

pub fn on_exported(app: &mut App, id: RequestId, result: Result<Exported, ExportError>) {
    let Some(run) = app.export.take_if(|r| r.id == id) else {
        return;
    };
    match result {
        Ok(done) => {
            let noun = if done.count == 1 { "user" } else { "users" };
            app.set_status(
                StatusKind::Info,
                format!("Exported {} {noun} to {}.", done.count, done.path.display()),
            );
        }
        Err(ExportError::Exists(path)) => {
            let text = format!(
                "{} already exists and is kept; {} replaces it.",
                path.display(),
                run.replacing
            );
            app.set_status(StatusKind::Warning, text);
        }
        Err(e) => {
            tracing::error!("export of the view failed: {e}");
            app.set_status(StatusKind::Error, e.to_string());
        }
    }
}
