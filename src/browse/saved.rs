//! The list's columns, saved per pool in the config dir (`columns.json`: pool id → column
//! names). Written atomically (a temporary file renamed over the old one); a file that cannot be
//! read is a warning and the default columns, never a stop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Column, parse_columns};

/// `<config dir>/cognito-tui/columns.json`.
pub fn default_path() -> Option<PathBuf> {
    crate::user_files::default_path("columns.json")
}

type Saved = BTreeMap<String, Vec<String>>;

fn read(path: &Path) -> Result<Saved, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a columns file ({e}); the default columns are shown",
                path.display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Saved::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// The columns saved for `pool_id` in the file at `path`: `Ok(None)` when there are none, an
/// error sentence (for the status line) when the file or its entry is malformed.
pub fn load_from(path: &Path, pool_id: &str) -> Result<Option<Vec<Column>>, String> {
    let saved = read(path)?;
    match saved.get(pool_id) {
        None => Ok(None),
        Some(names) => parse_columns(&names.join(","))
            .map(Some)
            .map_err(|e| format!("{}: the columns of {pool_id}: {e}", path.display())),
    }
}

/// Saves `columns` for `pool_id` in the file at `path`, keeping the other pools' entries.
pub fn save_to(path: &Path, pool_id: &str, columns: &[Column]) -> Result<(), String> {
    let what = |e: std::io::Error| format!("cannot save the columns to {}: {e}", path.display());
    // A malformed file is replaced rather than kept broken forever.
    let mut saved = read(path).unwrap_or_default();
    saved.insert(
        pool_id.to_owned(),
        columns.iter().map(|c| c.name().to_owned()).collect(),
    );
    let text = serde_json::to_string_pretty(&saved).map_err(|e| what(std::io::Error::other(e)))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(what)?;
    }
    let temporary = path.with_extension(format!("json.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text).map_err(what)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        what(e)
    })
}

/// The columns saved for `pool_id` in the default file.
pub fn load(pool_id: &str) -> Result<Option<Vec<Column>>, String> {
    match default_path() {
        Some(path) => load_from(&path, pool_id),
        None => Ok(None),
    }
}

/// Saves the columns of `pool_id` in the default file.
pub fn save(pool_id: &str, columns: &[Column]) -> Result<(), String> {
    match default_path() {
        Some(path) => save_to(&path, pool_id, columns),
        None => Err("no config dir to save the columns in".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_round_trip_per_pool() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("columns.json");
        assert_eq!(load_from(&path, "p1"), Ok(None));
        let a = vec![Column::Email, Column::Attribute("custom:plan".into())];
        let b = vec![Column::Username, Column::Created];
        save_to(&path, "p1", &a).unwrap();
        save_to(&path, "p2", &b).unwrap();
        assert_eq!(load_from(&path, "p1"), Ok(Some(a)));
        assert_eq!(load_from(&path, "p2"), Ok(Some(b)));
        // Nothing is left behind by the atomic write.
        let files: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_malformed_file_is_a_sentence_not_a_crash_and_is_replaced_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("columns.json");
        std::fs::write(&path, "{ not json").unwrap();
        let e = load_from(&path, "p1").unwrap_err();
        assert!(e.contains("not a columns file"), "{e}");
        std::fs::write(&path, r#"{"p1": ["username", "bad name!"]}"#).unwrap();
        assert!(load_from(&path, "p1").is_err());
        save_to(&path, "p1", &[Column::Status]).unwrap();
        assert_eq!(load_from(&path, "p1"), Ok(Some(vec![Column::Status])));
    }
}
