//! Keys to actions, as data: the defaults are embedded from `assets/keymap.toml`; the user's
//! `<config dir>/cognito-tui/keymap.toml` (or `--keymap FILE`) is merged over them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::StrDeserializer;

use crate::app::{Action, ColumnKey, InputEdit};
use crate::user_files::{self, FileError};

const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// A key with the modifiers that matter for binding (Ctrl); Shift is part of the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn from_event(event: KeyEvent) -> Self {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// Parses `j`, `G`, `space`, `pagedown`, `ctrl-c` and the like. Named keys and the `ctrl-`
    /// prefix are case-insensitive (`PageDown`, `Ctrl-d`); a single character is taken as is.
    pub fn parse(text: &str) -> Option<Self> {
        let (ctrl, name) = match text.get(..5) {
            Some(prefix) if prefix.eq_ignore_ascii_case("ctrl-") && text.len() > 5 => {
                (true, &text[5..])
            }
            _ => (false, text),
        };
        let lowered;
        let name = if name.chars().count() > 1 {
            lowered = name.to_ascii_lowercase();
            lowered.as_str()
        } else {
            name
        };
        let code = match name {
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            _ if name.len() >= 2 && name.starts_with('f') => {
                KeyCode::F(name[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
            }
            _ => {
                let mut chars = name.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl })
    }

    /// The key as the help overlay writes it.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// Keys while the input line is open: they edit text and are not rebindable.
pub fn input_edit(event: KeyEvent) -> Option<InputEdit> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char('u') if ctrl => InputEdit::ClearToStart,
        KeyCode::Char('a') if ctrl => InputEdit::Home,
        KeyCode::Char('e') if ctrl => InputEdit::End,
        KeyCode::Char('c') if ctrl => InputEdit::Cancel,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => InputEdit::Insert(c),
        KeyCode::Backspace => InputEdit::Backspace,
        KeyCode::Delete => InputEdit::Delete,
        KeyCode::Left => InputEdit::Left,
        KeyCode::Right => InputEdit::Right,
        KeyCode::Up => InputEdit::Previous,
        KeyCode::Down => InputEdit::Next,
        KeyCode::Home => InputEdit::Home,
        KeyCode::End => InputEdit::End,
        KeyCode::Enter => InputEdit::Submit,
        KeyCode::Esc => InputEdit::Cancel,
        _ => return None,
    })
}

/// Keys while the column picker is open: fixed, as in the input line. `None` lets the keymap
/// have the key (Ctrl-c, q, Esc as bound).
pub fn column_key(event: KeyEvent) -> Option<ColumnKey> {
    let shift = event.modifiers.contains(KeyModifiers::SHIFT);
    if event.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    Some(match event.code {
        KeyCode::Up if shift => ColumnKey::MoveUp,
        KeyCode::Down if shift => ColumnKey::MoveDown,
        KeyCode::Char('K') => ColumnKey::MoveUp,
        KeyCode::Char('J') => ColumnKey::MoveDown,
        KeyCode::Up | KeyCode::Char('k') => ColumnKey::Up,
        KeyCode::Down | KeyCode::Char('j') => ColumnKey::Down,
        KeyCode::Char(' ') => ColumnKey::Toggle,
        KeyCode::Enter => ColumnKey::Apply,
        KeyCode::Esc => ColumnKey::Cancel,
        _ => return None,
    })
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<Key, Action>,
    /// Keys per action, in file order, for the help overlay.
    keys: HashMap<Action, Vec<Key>>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error("unknown action {0:?}")]
    UnknownAction(String),
    #[error("unknown key {key:?} for {action}")]
    UnknownKey { action: String, key: String },
}

impl Keymap {
    pub fn parse(text: &str) -> Result<Self, KeymapError> {
        let table: BTreeMap<String, Vec<String>> = toml::from_str(text)?;
        let mut keymap = Keymap {
            bindings: HashMap::new(),
            keys: HashMap::new(),
        };
        for (name, keys) in table {
            let deserializer: StrDeserializer<'_, serde::de::value::Error> =
                name.as_str().into_deserializer();
            let action = Action::deserialize(deserializer)
                .map_err(|_| KeymapError::UnknownAction(name.clone()))?;
            for text in keys {
                let key = Key::parse(&text).ok_or_else(|| KeymapError::UnknownKey {
                    action: name.clone(),
                    key: text.clone(),
                })?;
                keymap.bindings.insert(key, action);
                keymap.keys.entry(action).or_default().push(key);
            }
        }
        Ok(keymap)
    }

    pub fn action(&self, event: KeyEvent) -> Option<Action> {
        self.bindings.get(&Key::from_event(event)).copied()
    }

    pub fn keys_for(&self, action: Action) -> &[Key] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The key a hint or a sentence names for `action`: its first key (Esc for Cancel, where
    /// `n` would read as "no"); `None` when the action is unbound.
    pub fn name(&self, action: Action) -> Option<String> {
        let keys = self.keys_for(action);
        let esc = keys
            .iter()
            .find(|k| action == Action::Cancel && k.code == KeyCode::Esc);
        esc.or(keys.first()).map(Key::label)
    }

    /// Every bound action's [`name`](Self::name), for the texts `update` writes.
    pub fn names(&self) -> crate::app::KeyNames {
        crate::app::KeyNames::new(
            Action::ALL
                .iter()
                .filter_map(|&action| Some((action, self.name(action)?)))
                .collect(),
        )
    }
}

impl Keymap {
    /// The defaults with the user's keymap file over them: `explicit` (`--keymap FILE`) or else
    /// `<config dir>/cognito-tui/keymap.toml` when it exists. Any problem in the file leaves the
    /// defaults in force entirely and comes back as a warning naming the file and the line.
    pub fn load(explicit: Option<&Path>) -> (Keymap, Option<String>) {
        let defaults = Keymap::default();
        let result = user_files::read(explicit, "keymap.toml").and_then(|file| match file {
            Some((path, text)) => defaults.with_overrides(&path, &text).inspect(|_| {
                tracing::info!("keymap: {} applied", path.display());
            }),
            None => Ok(defaults.clone()),
        });
        match result {
            Ok(keymap) => (keymap, None),
            Err(e) => {
                tracing::warn!("keymap: {}", e.detailed());
                (
                    defaults,
                    Some(format!("keymap file {e}; using the default keys")),
                )
            }
        }
    }

    /// This keymap with a user file merged over it. An action the file lists gets exactly the
    /// keys the file gives it (`[]` unbinds it); a key the file binds leaves every other action,
    /// so `review = ["x"]` plus `cancel = ["d"]` moves both without clashes.
    pub fn with_overrides(&self, path: &Path, text: &str) -> Result<Keymap, FileError> {
        let table = user_files::parse_table(path, text)?;
        let mut wanted: Vec<(Action, Vec<Key>)> = Vec::new();
        let mut seen: HashMap<Key, (Action, String)> = HashMap::new();
        // In file order, so that a clash is reported where the second binding is.
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        for (name, value) in entries {
            let deserializer: StrDeserializer<'_, serde::de::value::Error> =
                name.get_ref().as_ref().into_deserializer();
            let action = Action::deserialize(deserializer).map_err(|_| {
                FileError::at(
                    path,
                    text,
                    name.span().start,
                    format!("unknown action {:?}", name.get_ref()),
                )
                .with_hint(format!("the actions are: {}", action_names().join(", ")))
            })?;
            let not_a_list = || {
                FileError::at(
                    path,
                    text,
                    value.span().start,
                    format!(
                        "{} takes a list of keys, e.g. {} = [\"x\", \"ctrl-x\"]",
                        name.get_ref(),
                        name.get_ref()
                    ),
                )
            };
            let items = value.get_ref().as_array().ok_or_else(not_a_list)?;
            let mut keys = Vec::new();
            for item in items {
                let key_text = item.get_ref().as_str().ok_or_else(not_a_list)?;
                let key = Key::parse(key_text).ok_or_else(|| {
                    FileError::at(
                        path,
                        text,
                        item.span().start,
                        format!("unknown key {key_text:?} for {}", name.get_ref()),
                    )
                    .with_hint(
                        "keys look like \"x\", \"G\", \"space\", \"pagedown\", \"f1\", \"ctrl-x\"",
                    )
                })?;
                if let Some((other, other_name)) = seen.get(&key)
                    && *other != action
                {
                    return Err(FileError::at(
                        path,
                        text,
                        item.span().start,
                        format!(
                            "key {key_text:?} is bound to both {other_name} and {}",
                            name.get_ref()
                        ),
                    ));
                }
                seen.insert(key, (action, name.get_ref().to_string()));
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            wanted.push((action, keys));
        }

        let mut merged = self.clone();
        for (action, keys) in wanted {
            for old in merged.keys.remove(&action).unwrap_or_default() {
                if merged.bindings.get(&old) == Some(&action) {
                    merged.bindings.remove(&old);
                }
            }
            for key in &keys {
                if let Some(previous) = merged.bindings.insert(*key, action)
                    && let Some(list) = merged.keys.get_mut(&previous)
                {
                    list.retain(|k| k != key);
                }
            }
            merged.keys.insert(action, keys);
        }
        if merged.keys_for(Action::Quit).is_empty() && merged.keys_for(Action::ForceQuit).is_empty()
        {
            return Err(FileError {
                path: path.to_owned(),
                line: None,
                message: "no key would be left to quit (quit and force_quit are both unbound)"
                    .into(),
                hint: None,
            });
        }
        Ok(merged)
    }
}

/// The action names, as the keymap file writes them (the embedded file binds them all).
fn action_names() -> Vec<String> {
    toml::de::DeTable::parse(DEFAULT_KEYMAP)
        .map(|t| {
            t.get_ref()
                .keys()
                .map(|k| k.get_ref().to_string())
                .collect()
        })
        .unwrap_or_default()
}

impl Default for Keymap {
    fn default() -> Self {
        // The embedded keymap is tested below; an error here is a build defect, and an empty
        // keymap still lets Ctrl-C quit through the terminal loop's own guard.
        Keymap::parse(DEFAULT_KEYMAP).unwrap_or_else(|e| {
            tracing::error!("embedded keymap is invalid: {e}");
            Keymap {
                bindings: HashMap::new(),
                keys: HashMap::new(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_embedded_keymap_binds_every_action() {
        let keymap = Keymap::parse(DEFAULT_KEYMAP).unwrap();
        for action in Action::ALL {
            assert!(
                !keymap.keys_for(*action).is_empty(),
                "{action:?} has no key"
            );
        }
        assert_eq!(
            keymap.action(press(KeyCode::Char('j'))),
            Some(Action::MoveDown)
        );
        assert_eq!(
            keymap.action(press(KeyCode::Char(' '))),
            Some(Action::ToggleMark)
        );
        assert_eq!(
            keymap.action(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            keymap.action(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::ForceQuit)
        );
        assert_eq!(
            keymap.action(KeyEvent::new(KeyCode::Char('M'), KeyModifiers::SHIFT)),
            Some(Action::Groups)
        );
        assert_eq!(keymap.action(press(KeyCode::Char('z'))), None);
    }

    fn user_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn rebinding_d_moves_review_to_x() {
        let (_dir, path) = user_file("# mine\nreview = [\"x\"]\n");
        let (keymap, warning) = Keymap::load(Some(&path));
        assert_eq!(warning, None);
        assert_eq!(
            keymap.action(press(KeyCode::Char('x'))),
            Some(Action::Review)
        );
        assert_eq!(keymap.action(press(KeyCode::Char('d'))), None);
        assert_eq!(keymap.keys_for(Action::Review), &[Key::parse("x").unwrap()]);
        // Everything else keeps its default keys.
        assert_eq!(
            keymap.action(press(KeyCode::Char('j'))),
            Some(Action::MoveDown)
        );
        assert_eq!(
            keymap.keys_for(Action::Cancel),
            Keymap::default().keys_for(Action::Cancel)
        );
    }

    #[test]
    fn a_key_bound_in_the_file_leaves_its_default_action() {
        let keymap = Keymap::default()
            .with_overrides(
                Path::new("k.toml"),
                "quit = [\"d\", \"Ctrl-q\"]\ncancel = [\"esc\", \"q\"]\n",
            )
            .unwrap();
        assert_eq!(keymap.action(press(KeyCode::Char('d'))), Some(Action::Quit));
        assert_eq!(
            keymap.action(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action(press(KeyCode::Char('q'))),
            Some(Action::Cancel)
        );
        assert_eq!(keymap.action(press(KeyCode::Char('n'))), None);
        assert!(keymap.keys_for(Action::Review).is_empty());
        // The help overlay lists each key once, under the action it now does.
        for action in Action::ALL {
            for key in keymap.keys_for(*action) {
                assert_eq!(keymap.bindings.get(key), Some(action));
            }
        }
        assert_eq!(
            keymap.bindings.len(),
            Action::ALL
                .iter()
                .map(|a| keymap.keys_for(*a).len())
                .sum::<usize>()
        );
    }

    #[test]
    fn an_empty_list_unbinds_an_action() {
        let keymap = Keymap::default()
            .with_overrides(Path::new("k.toml"), "load_all = []")
            .unwrap();
        assert_eq!(keymap.action(press(KeyCode::Char('L'))), None);
        assert!(keymap.keys_for(Action::LoadAll).is_empty());
    }

    #[test]
    fn a_broken_file_keeps_the_defaults_and_names_file_and_line() {
        let (_dir, path) = user_file("review = [\"x\"]\n\nquit = [\"q\"\n");
        let (keymap, warning) = Keymap::load(Some(&path));
        let warning = warning.unwrap();
        assert!(warning.contains(&path.display().to_string()), "{warning}");
        assert!(
            warning.contains("line 3") || warning.contains("line 4"),
            "{warning}"
        );
        assert!(warning.contains("using the default keys"), "{warning}");
        assert_eq!(
            keymap.action(press(KeyCode::Char('d'))),
            Some(Action::Review)
        );
        assert_eq!(keymap.action(press(KeyCode::Char('x'))), None);
    }

    #[test]
    fn an_unknown_action_is_reported_with_its_line() {
        let (_dir, path) = user_file("review = [\"x\"]\n\nfly = [\"z\"]\n");
        let (keymap, warning) = Keymap::load(Some(&path));
        let warning = warning.unwrap();
        assert!(
            warning.contains(&format!(
                "{}, line 3: unknown action \"fly\"",
                path.display()
            )),
            "{warning}"
        );
        let e = Keymap::default()
            .with_overrides(&path, "fly = []")
            .unwrap_err();
        assert!(
            e.detailed().contains("move_down"),
            "lists the actions: {e:?}"
        );
        // Nothing of the file applies, not even its valid lines.
        assert_eq!(
            keymap.action(press(KeyCode::Char('d'))),
            Some(Action::Review)
        );
    }

    #[test]
    fn an_unknown_key_is_reported_with_its_line() {
        let (_dir, path) = user_file("quit = [\n  \"q\",\n  \"hyper-q\",\n]\n");
        let (keymap, warning) = Keymap::load(Some(&path));
        let warning = warning.unwrap();
        assert!(
            warning.contains(&format!(
                "{}, line 3: unknown key \"hyper-q\" for quit",
                path.display()
            )),
            "{warning}"
        );
        assert_eq!(keymap.action(press(KeyCode::Char('q'))), Some(Action::Quit));
    }

    #[test]
    fn other_mistakes_are_reported_too() {
        let e = Keymap::default()
            .with_overrides(Path::new("k.toml"), "review = \"x\"")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("line 1: review takes a list of keys"),
            "{e}"
        );
        let e = Keymap::default()
            .with_overrides(Path::new("k.toml"), "review = [\"x\"]\nconfirm = [\"x\"]")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("line 2: key \"x\" is bound to both review and confirm"),
            "{e}"
        );
        // Keys of the input line are not actions.
        let e = Keymap::default()
            .with_overrides(Path::new("k.toml"), "backspace = [\"x\"]")
            .unwrap_err();
        assert!(
            e.to_string().contains("unknown action \"backspace\""),
            "{e}"
        );
        let (keymap, warning) = Keymap::load(Some(Path::new("/nonexistent/keymap.toml")));
        assert!(warning.unwrap().contains("/nonexistent/keymap.toml"));
        assert_eq!(
            keymap.action(press(KeyCode::Char('d'))),
            Some(Action::Review)
        );
    }

    #[test]
    fn a_keymap_cannot_leave_the_app_without_a_way_out() {
        let e = Keymap::default()
            .with_overrides(Path::new("k.toml"), "quit = []\nforce_quit = []")
            .unwrap_err();
        assert!(
            e.to_string().contains("no key would be left to quit"),
            "{e}"
        );
        assert!(
            Keymap::default()
                .with_overrides(Path::new("k.toml"), "quit = []")
                .is_ok()
        );
    }

    #[test]
    fn named_keys_are_case_insensitive() {
        assert_eq!(Key::parse("PageDown"), Key::parse("pagedown"));
        assert_eq!(Key::parse("Ctrl-d"), Key::parse("ctrl-d"));
        assert_eq!(Key::parse("F1"), Key::parse("f1"));
        assert_ne!(Key::parse("G"), Key::parse("g"));
        assert_eq!(Key::parse("ctrl-"), None);
    }

    #[test]
    fn unknown_actions_and_keys_are_errors() {
        assert!(Keymap::parse("fly = [\"x\"]").is_err());
        let e = Keymap::parse("quit = [\"hyper-q\"]").unwrap_err();
        assert!(e.to_string().contains("hyper-q"));
    }
}
