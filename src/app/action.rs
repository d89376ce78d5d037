//! What the user can ask for. Keys map to these through the keymap; `update` acts on them.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    MoveUp,
    MoveDown,
    Top,
    Bottom,
    PageUp,
    PageDown,
    SwitchPane,
    FocusUsers,
    FocusAttributes,
    ToggleMark,
    Review,
    Confirm,
    Cancel,
    Refresh,
    Search,
    LocalFilter,
    LoadAll,
    Copy,
    MaskPii,
    Help,
    Quit,
    ForceQuit,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: &'static [Action] = &[
        Action::MoveDown,
        Action::MoveUp,
        Action::Top,
        Action::Bottom,
        Action::PageDown,
        Action::PageUp,
        Action::SwitchPane,
        Action::FocusUsers,
        Action::FocusAttributes,
        Action::ToggleMark,
        Action::Review,
        Action::Confirm,
        Action::Cancel,
        Action::Refresh,
        Action::Search,
        Action::LocalFilter,
        Action::LoadAll,
        Action::Copy,
        Action::MaskPii,
        Action::Help,
        Action::Quit,
        Action::ForceQuit,
    ];

    /// What the action does, in the help overlay's words.
    pub fn describe(self) -> &'static str {
        match self {
            Action::MoveDown => "move down",
            Action::MoveUp => "move up",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom (loads more users)",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::SwitchPane => "switch between users and attributes",
            Action::FocusUsers => "focus the user list",
            Action::FocusAttributes => "focus the attribute pane",
            Action::ToggleMark => "mark / unmark the attribute for deletion",
            Action::Review => "review the marked attributes before deleting",
            Action::Confirm => "confirm the deletion in the review dialog",
            Action::Cancel => "cancel the dialog, or clear the marks",
            Action::Refresh => "reload the user list and the pool",
            Action::Search => "search the pool: email, phone, sub, name or attr = value",
            Action::LocalFilter => "filter the loaded users instantly (any attribute)",
            Action::LoadAll => "load the whole pool in the background (Esc stops)",
            Action::Copy => "copy the username or the attribute value (OSC 52)",
            Action::MaskPii => "hide / show emails, phones and names (screen sharing)",
            Action::Help => "show / hide this help",
            Action::Quit => "quit",
            Action::ForceQuit => "quit at once",
        }
    }

    /// Whether the action would change the pool; refused in read-only mode.
    pub fn is_mutating(self) -> bool {
        matches!(self, Action::ToggleMark | Action::Review | Action::Confirm)
    }
}
