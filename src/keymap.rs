//! Keys to actions, as data: the defaults are embedded from `assets/keymap.toml`.

use std::collections::{BTreeMap, HashMap};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::StrDeserializer;

use crate::app::{Action, InputEdit};

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

    /// Parses `j`, `G`, `space`, `pagedown`, `ctrl-c` and the like.
    pub fn parse(text: &str) -> Option<Self> {
        let (ctrl, name) = match text.strip_prefix("ctrl-") {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, text),
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
        KeyCode::Home => InputEdit::Home,
        KeyCode::End => InputEdit::End,
        KeyCode::Enter => InputEdit::Submit,
        KeyCode::Esc => InputEdit::Cancel,
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
        assert_eq!(keymap.action(press(KeyCode::Char('z'))), None);
    }

    #[test]
    fn unknown_actions_and_keys_are_errors() {
        assert!(Keymap::parse("fly = [\"x\"]").is_err());
        let e = Keymap::parse("quit = [\"hyper-q\"]").unwrap_err();
        assert!(e.to_string().contains("hyper-q"));
    }
}
