//! The keys of what has focus, named once: the status line shows them, and an overlay's help
//! (`?` over it) lists them.

use std::collections::HashMap;

use super::{Action, App, Focus, InputKind, Overlay};

/// What each action's key is called in the keymap in force, for the texts `update` writes (it
/// sees no keymap): the main loop sets the keymap's names; until then, the defaults'.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyNames(HashMap<Action, String>);

impl KeyNames {
    pub fn new(names: HashMap<Action, String>) -> Self {
        KeyNames(names)
    }

    /// The key bound to `action`, as the status line's hints name it.
    pub fn get(&self, action: Action) -> String {
        self.0
            .get(&action)
            .cloned()
            .unwrap_or_else(|| "(unbound)".to_owned())
    }
}

impl Default for KeyNames {
    fn default() -> Self {
        crate::keymap::Keymap::default().names()
    }
}

/// How a key is named: by the action it is bound to in the keymap in force, or as written for
/// keys the keymap does not bind (the column picker's, the action menu's letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyName {
    Bound(Action),
    /// Two actions under one name, as `j/k`.
    Pair(Action, Action),
    Fixed(&'static str),
    /// A command typed after the command line's key, as `:view delete NAME`.
    Command(&'static str),
}

/// One key and what it does where it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyHint {
    pub key: KeyName,
    pub does: &'static str,
    /// A key that follows this one, as `u undo (then y)`.
    pub then: Option<Action>,
    /// On a narrow line the highest ranks go first; `? help` (0) stays to the last.
    pub rank: u8,
}

const fn hint(key: KeyName, does: &'static str, rank: u8) -> KeyHint {
    KeyHint {
        key,
        does,
        then: None,
        rank,
    }
}

const fn bound(action: Action, does: &'static str, rank: u8) -> KeyHint {
    hint(KeyName::Bound(action), does, rank)
}

const MOVE: KeyHint = hint(KeyName::Pair(Action::MoveDown, Action::MoveUp), "move", 3);
const SCROLL: KeyHint = hint(KeyName::Pair(Action::MoveDown, Action::MoveUp), "scroll", 3);
const CLOSE: KeyHint = bound(Action::Cancel, "close", 1);
const RELOAD: KeyHint = bound(Action::Refresh, "reload", 6);
const HELP: KeyHint = bound(Action::Help, "help", 0);
const QUIT: KeyHint = bound(Action::Quit, "quit", 9);

/// The main screen's keys.
const MAIN: &[KeyHint] = &[
    bound(Action::MoveDown, "down", 7),
    bound(Action::SwitchPane, "pane", 6),
    bound(Action::ToggleMark, "mark", 4),
    bound(Action::Review, "delete…", 5),
    bound(Action::AccountActions, "actions…", 5),
    bound(Action::Search, "search", 2),
    bound(Action::LocalFilter, "filter", 3),
    bound(Action::Groups, "groups", 9),
    bound(Action::Refresh, "refresh", 8),
    HELP,
    bound(Action::Quit, "quit", 1),
];

/// The action menu's keys: its letters go to the menu, not the keymap (`App::takes_letters`).
pub const ACTION_MENU: &[KeyHint] = &[
    hint(KeyName::Fixed("letter"), "choose", 2),
    hint(KeyName::Fixed("↑↓"), "move", 3),
    bound(Action::Open, "choose", 4),
    CLOSE,
];

/// The column picker's keys: fixed as `keymap::column_key` reads them, but for the jumps.
pub const COLUMN_PICKER: &[KeyHint] = &[
    hint(KeyName::Fixed("j/k"), "move", 3),
    hint(KeyName::Fixed("space"), "show/hide", 2),
    hint(KeyName::Fixed("J/K"), "reorder", 4),
    hint(KeyName::Pair(Action::Top, Action::Bottom), "first/last", 5),
    hint(KeyName::Fixed("Enter"), "apply", 1),
    hint(KeyName::Fixed("Esc"), "cancel", 1),
];

/// The saved-views picker's legend, written inside its box.
pub const VIEWS_LEGEND: &[KeyHint] = &[
    bound(Action::Open, "recalls", 2),
    hint(KeyName::Command("view delete NAME"), "forgets", 3),
    bound(Action::Cancel, "closes", 1),
];

const fn fixed(key: &'static str, does: &'static str) -> KeyHint {
    hint(KeyName::Fixed(key), does, 1)
}

const EARLIER: KeyHint = fixed("↑", "earlier");
const INPUT_CANCEL: KeyHint = fixed("Esc", "cancel");
const INPUT_CLEAR: KeyHint = fixed("Esc", "clear");
const INPUT_KEEP: KeyHint = fixed("Enter", "keep");
const SEARCH_KEYS: &[KeyHint] = &[fixed("Enter", "search"), EARLIER, INPUT_CANCEL];
const FILTER_KEYS: &[KeyHint] = &[fixed("↑↓", "pick"), INPUT_KEEP, INPUT_CLEAR];
const COMMAND_KEYS: &[KeyHint] = &[EARLIER];
const COUNT_KEYS: &[KeyHint] = &[fixed("Enter", "confirm"), INPUT_CANCEL];

/// What the input line says after the text: what to type, then its keys. Those edit text and
/// are not rebindable (`keymap::input_edit`), so they are named as they are. A form's step
/// says its own (`Form::prompt`).
pub fn input_hints(
    kind: InputKind,
    session: &super::Session,
) -> (Option<&'static str>, &'static [KeyHint]) {
    match kind {
        // A user's own sign-in has no pool, profile or region to switch to, nothing to create
        // and no pool's groups or description to read.
        InputKind::Command if session.self_service => (
            Some(
                "describe · export csv|json PATH · view [save|delete] NAME · columns · messages · \
                 q",
            ),
            COMMAND_KEYS,
        ),
        InputKind::Search => (
            Some("email, +phone, sub, name or attr = value"),
            SEARCH_KEYS,
        ),
        InputKind::LocalFilter => (Some("matches as you type"), FILTER_KEYS),
        InputKind::Command => (
            Some(
                "pool NAME-OR-ID · pool · profile NAME · region REGION · create · groups · \
                 describe pool · export csv|json PATH · view [save|delete] NAME · messages · q",
            ),
            COMMAND_KEYS,
        ),
        InputKind::ConfirmCount => (None, COUNT_KEYS),
        InputKind::GroupFilter => (
            Some("name or description · matches as you type"),
            FILTER_KEYS,
        ),
        InputKind::PoolFilter => (Some("name or id · matches as you type"), FILTER_KEYS),
        InputKind::Form => (None, &[]),
    }
}

/// The keys of an overlay's help, shown over the overlay.
const OVERLAY_HELP: &[KeyHint] = &[SCROLL, bound(Action::Cancel, "back", 0)];

impl App {
    /// The keys of what has focus: an overlay's help, an overlay, or the main screen.
    pub fn keys_in_focus(&self) -> Vec<KeyHint> {
        match (&self.overlay, self.overlay_help) {
            (Some(_), Some(_)) => OVERLAY_HELP.to_vec(),
            (Some(overlay), None) => overlay.keys_in(&self.session),
            // Only what works in the session (`Action::offered_in`): a signed-in user's own
            // session edits its values instead of searching a pool; a read-only one refuses
            // marks and deletions.
            (None, _) => {
                let mut keys: Vec<KeyHint> = MAIN
                    .iter()
                    .filter(|k| match k.key {
                        KeyName::Bound(action) => action.offered_in(&self.session),
                        _ => true,
                    })
                    .copied()
                    // Space marks an attribute in the attribute pane; in the user list it
                    // chooses the user for a bulk run, which a user's own sign-in has none of.
                    .filter_map(|k| match k.key {
                        KeyName::Bound(Action::ToggleMark) if self.focus == Focus::Users => {
                            (!self.session.self_service).then_some(KeyHint {
                                does: "choose",
                                ..k
                            })
                        }
                        _ => Some(k),
                    })
                    .collect();
                if self.session.self_service && Action::EditValue.offered_in(&self.session) {
                    keys.insert(3, bound(Action::EditValue, "edit", 5));
                }
                keys
            }
        }
    }
}

impl Overlay {
    /// What the overlay is called in its help's title.
    pub fn name(&self) -> &'static str {
        match self {
            Overlay::Review(_) => "Review",
            Overlay::BulkReview(_) => "Bulk review",
            Overlay::ActionReview(_) => "Review",
            Overlay::PoolPicker(_) => "Pool picker",
            Overlay::Journal(_) => "Journal",
            Overlay::Actions(_) => "Account actions",
            Overlay::GroupPicker(_) => "Group picker",
            Overlay::SignInHistory(_) => "Sign-in history",
            Overlay::Describe(_) => "Describe",
            Overlay::Groups(_) => "Groups",
            Overlay::Columns(_) => "Columns",
            Overlay::Views(_) => "Saved views",
            Overlay::Help { .. } => "Help",
            Overlay::Messages { .. } => "Messages",
        }
    }

    /// [`keys`](Self::keys) less those `session` refuses: read-only, the changes (the
    /// journal's undo).
    pub fn keys_in(&self, session: &super::Session) -> Vec<KeyHint> {
        self.keys()
            .into_iter()
            .filter(|k| {
                !(session.read_only
                    && matches!(k.key, KeyName::Bound(action) if action.is_mutating()))
            })
            .collect()
    }

    /// The keys the overlay answers to, in the order they are shown.
    pub fn keys(&self) -> Vec<KeyHint> {
        let mut keys = match self {
            Overlay::Review(_) | Overlay::BulkReview(_) | Overlay::ActionReview(_) => vec![
                bound(Action::Confirm, "confirm", 1),
                bound(Action::Cancel, "cancel", 1),
                SCROLL,
            ],
            Overlay::PoolPicker(_) => vec![
                MOVE,
                bound(Action::Open, "open", 2),
                bound(Action::LocalFilter, "filter", 4),
                bound(Action::CommandLine, "command", 5),
                RELOAD,
                CLOSE,
            ],
            Overlay::Journal(view) => {
                let mut keys = vec![MOVE];
                let selected = view
                    .lines
                    .get(view.cursor)
                    .filter(|_| view.loading.is_none());
                if view.confirm_batch.is_some() {
                    keys.push(bound(Action::Confirm, "undo the run", 1));
                    keys.push(bound(Action::Cancel, "cancel", 1));
                } else if view.confirm_undo.is_some() {
                    keys.push(bound(Action::Confirm, "undo it", 1));
                    keys.push(bound(Action::Cancel, "cancel", 1));
                } else {
                    if selected.is_some_and(|l| l.undo_refusal.is_none()) {
                        keys.push(KeyHint {
                            then: Some(Action::Confirm),
                            ..bound(Action::Undo, "undo", 2)
                        });
                    }
                    let run =
                        selected.and_then(|l| super::journal_view::BatchUndo::of(&view.lines, l));
                    if run.is_some_and(|r| !r.undo.is_empty() && r.undo.len() + r.skipped.len() > 1)
                    {
                        keys.push(KeyHint {
                            then: Some(Action::Confirm),
                            ..bound(Action::UndoBatch, "undo its run", 4)
                        });
                    }
                    keys.push(RELOAD);
                    keys.push(CLOSE);
                }
                keys
            }
            Overlay::Actions(_) => ACTION_MENU.to_vec(),
            Overlay::GroupPicker(_) => vec![
                MOVE,
                bound(Action::Open, "pick", 2),
                bound(Action::LocalFilter, "filter", 4),
                CLOSE,
            ],
            Overlay::SignInHistory(_) => vec![SCROLL, RELOAD, CLOSE],
            Overlay::Describe(_) => vec![
                SCROLL,
                bound(Action::SwitchPane, "JSON/YAML", 4),
                bound(Action::Copy, "copy", 5),
                CLOSE,
            ],
            Overlay::Groups(_) => vec![
                MOVE,
                bound(Action::Open, "list its users", 2),
                RELOAD,
                CLOSE,
            ],
            Overlay::Columns(_) => COLUMN_PICKER.to_vec(),
            Overlay::Views(_) => vec![MOVE, bound(Action::Open, "recall", 2), CLOSE],
            Overlay::Messages { .. } => vec![SCROLL, bound(Action::Messages, "close", 2), CLOSE],
            Overlay::Help { .. } => {
                return vec![SCROLL, bound(Action::Cancel, "close", 0), QUIT];
            }
        };
        keys.push(HELP);
        keys.push(QUIT);
        keys
    }
}
