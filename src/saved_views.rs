//! Saved views: named searches, filters, groups, sorts and columns per pool, in the config dir (`views.json`:
//! pool id → name → view). Written atomically (a temporary file renamed over the old one); a
//! file that cannot be read is a warning and no saved views, never a stop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a saved view recalls: the server search, the local filter and the group, as typed, and
/// the sort and the columns. Views saved before sorts and columns were kept have neither: their
/// recall leaves the list's sort and columns as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The sort as `:sort` takes it (`email desc`); `off` for the order loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// The columns shown, by the names `:columns` takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
}

impl SavedView {
    /// The view in a few words, for the status line: its columns counted, not named.
    pub fn summary(&self) -> String {
        self.describe(false)
    }

    /// The view with its columns named, for the picker.
    pub fn details(&self) -> String {
        self.describe(true)
    }

    fn describe(&self, column_names: bool) -> String {
        let mut parts = Vec::new();
        if let Some(group) = &self.group {
            parts.push(format!("group {group}"));
        }
        if let Some(search) = &self.search {
            parts.push(format!("search {search}"));
        }
        if let Some(filter) = &self.filter {
            parts.push(format!("filter {filter}"));
        }
        if self.search.is_none() && self.group.is_none() && self.filter.is_none() {
            parts.push("the whole pool".to_owned());
        }
        match self.sort.as_deref() {
            None => {}
            Some("off") => parts.push("order loaded".to_owned()),
            Some(sort) => parts.push(format!("sorted by {sort}")),
        }
        match &self.columns {
            Some(columns) if column_names => parts.push(format!("columns {}", columns.join(","))),
            Some(columns) if columns.len() == 1 => parts.push("1 column".to_owned()),
            Some(columns) => parts.push(format!("{} columns", columns.len())),
            None => {}
        }
        parts.join(", ")
    }
}

/// One pool's saved views, by name.
pub type Views = BTreeMap<String, SavedView>;

type File = BTreeMap<String, Views>;

/// `<config dir>/cognito-tui/views.json`.
pub fn default_path() -> Option<PathBuf> {
    crate::user_files::default_path("views.json")
}

fn read(path: &Path) -> Result<File, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a saved-views file ({e}); no saved view is available, and the next save keeps it as {}",
                path.display(),
                bad_copy(path).display()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Where a malformed file is kept when a save replaces it: `views.json.bad` beside it.
fn bad_copy(path: &Path) -> PathBuf {
    path.with_extension("json.bad")
}

/// The views saved for `pool_id` in the file at `path`; an error sentence when the file is
/// malformed or unreadable.
pub fn load_from(path: &Path, pool_id: &str) -> Result<Views, String> {
    Ok(read(path)?.remove(pool_id).unwrap_or_default())
}

/// Replaces the views of `pool_id` in the file at `path`, keeping the other pools'.
pub fn save_to(path: &Path, pool_id: &str, views: &Views) -> Result<(), String> {
    let what =
        |e: &dyn std::fmt::Display| format!("Cannot save the views to {}: {e}.", path.display());
    // A malformed file is replaced rather than kept broken forever, its text kept beside it
    // for the user to mend (other pools' views may be in it).
    let mut file = match read(path) {
        Ok(file) => file,
        Err(_) => {
            if path.exists() {
                std::fs::copy(path, bad_copy(path)).map_err(|e| what(&e))?;
            }
            File::new()
        }
    };
    if views.is_empty() {
        file.remove(pool_id);
    } else {
        file.insert(pool_id.to_owned(), views.clone());
    }
    let text = serde_json::to_string_pretty(&file).map_err(|e| what(&e))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| what(&e))?;
    }
    let temporary = path.with_extension(format!("json.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text).map_err(|e| what(&e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        what(&e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(search: &str) -> SavedView {
        SavedView {
            search: Some(search.into()),
            ..SavedView::default()
        }
    }

    #[test]
    fn views_round_trip_per_pool_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("views.json");
        assert_eq!(load_from(&path, "p1"), Ok(Views::new()));
        let a = Views::from([("testers".to_owned(), view("email ^= \"test\""))]);
        let b = Views::from([("admins".to_owned(), view("admin"))]);
        save_to(&path, "p1", &a).unwrap();
        save_to(&path, "p2", &b).unwrap();
        assert_eq!(load_from(&path, "p1"), Ok(a));
        assert_eq!(load_from(&path, "p2"), Ok(b));
        save_to(&path, "p2", &Views::new()).unwrap();
        assert_eq!(load_from(&path, "p2"), Ok(Views::new()));
        let files: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn a_view_saved_before_sorts_and_columns_still_loads_without_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.json");
        std::fs::write(
            &path,
            r#"{"p1": {"old": {"search": "jo", "filter": "x"}, "grouped": {"group": "admins"}}}"#,
        )
        .unwrap();
        let views = load_from(&path, "p1").unwrap();
        assert_eq!(
            views["old"],
            SavedView {
                search: Some("jo".into()),
                filter: Some("x".into()),
                ..SavedView::default()
            }
        );
        assert_eq!(views["old"].summary(), "search jo, filter x");
        assert_eq!(views["grouped"].sort, None);
        assert_eq!(views["grouped"].columns, None);
    }

    #[test]
    fn sort_and_columns_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.json");
        let view = SavedView {
            sort: Some("created desc".into()),
            columns: Some(vec!["username".into(), "custom:plan".into()]),
            ..SavedView::default()
        };
        let views = Views::from([("newest".to_owned(), view)]);
        save_to(&path, "p1", &views).unwrap();
        assert_eq!(load_from(&path, "p1"), Ok(views.clone()));
        assert_eq!(
            views["newest"].summary(),
            "the whole pool, sorted by created desc, 2 columns"
        );
        assert_eq!(
            views["newest"].details(),
            "the whole pool, sorted by created desc, columns username,custom:plan"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(r#""sort": "created desc""#), "{text}");
    }

    #[test]
    fn a_malformed_file_is_a_sentence_and_is_replaced_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("views.json");
        std::fs::write(&path, "{ not json").unwrap();
        let e = load_from(&path, "p1").unwrap_err();
        assert!(e.contains("not a saved-views file"), "{e}");
        assert!(e.contains("views.json.bad"), "{e}");
        let views = Views::from([("x".to_owned(), view("y"))]);
        save_to(&path, "p1", &views).unwrap();
        assert_eq!(load_from(&path, "p1"), Ok(views));
        let kept = std::fs::read_to_string(dir.path().join("views.json.bad")).unwrap();
        assert_eq!(kept, "{ not json");
    }
}
