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
    ChooseAll,
    Review,
    Confirm,
    Cancel,
    Refresh,
    Search,
    LocalFilter,
    CommandLine,
    Open,
    LoadAll,
    Copy,
    Describe,
    DescribePool,
    ExportView,
    MaskPii,
    RetryFailed,
    Journal,
    Undo,
    /// Undo every change of the selected entry's run (the journal's batch), after a review.
    UndoBatch,
    AccountActions,
    EditValue,
    Sort,
    ReverseSort,
    Columns,
    /// The groups view (`:groups`).
    Groups,
    /// The warnings and errors of the session (`:messages`).
    Messages,
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
        Action::ChooseAll,
        Action::Review,
        Action::Confirm,
        Action::Cancel,
        Action::Refresh,
        Action::Search,
        Action::LocalFilter,
        Action::CommandLine,
        Action::Open,
        Action::LoadAll,
        Action::Copy,
        Action::Describe,
        Action::DescribePool,
        Action::ExportView,
        Action::MaskPii,
        Action::RetryFailed,
        Action::Journal,
        Action::Undo,
        Action::UndoBatch,
        Action::AccountActions,
        Action::EditValue,
        Action::Sort,
        Action::ReverseSort,
        Action::Columns,
        Action::Groups,
        Action::Messages,
        Action::Help,
        Action::Quit,
        Action::ForceQuit,
    ];

    /// [`describe`](Self::describe), with the keys it names as `key` names them (the keymap in
    /// force): "load the whole pool (Esc stops)".
    pub fn describe_with_keys(self, key: impl Fn(Action) -> String) -> String {
        match self {
            Action::CommandLine => {
                let k = key(Action::CommandLine);
                format!("{k}pool {k}region {k}create {k}q …")
            }
            Action::LoadAll => format!("load the whole pool ({} stops)", key(Action::Cancel)),
            Action::Undo => format!("undo the journal entry (then {})", key(Action::Confirm)),
            other => other.describe().to_owned(),
        }
    }

    /// What the action does, in the help overlay's words.
    pub fn describe(self) -> &'static str {
        match self {
            Action::MoveDown => "move down",
            Action::MoveUp => "move up",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom (loads more)",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::SwitchPane => "switch users / attributes",
            Action::FocusUsers => "focus the user list",
            Action::FocusAttributes => "focus the attribute pane",
            Action::ToggleMark => "mark attribute / choose user",
            Action::ChooseAll => "choose every user shown (bulk)",
            Action::Review => "review the deletion",
            Action::Confirm => "confirm in the review",
            Action::Cancel => "cancel, clear marks or search",
            Action::Refresh => "reload the list and the pool",
            Action::Search => "search the pool (email, phone, …)",
            Action::LocalFilter => "filter loaded users, any attribute",
            Action::CommandLine => ":pool :region :create :q …",
            Action::Open => "open the chosen pool (picker)",
            Action::LoadAll => "load the whole pool (Esc stops)",
            Action::Copy => "copy value to clipboard (OSC 52)",
            Action::Describe => "describe the user (JSON / YAML)",
            Action::DescribePool => "describe the pool (JSON / YAML)",
            Action::ExportView => "export the users shown (CSV / JSON)",
            Action::MaskPii => "hide / show personal data",
            Action::RetryFailed => "retry the users that failed",
            Action::Journal => "journal of changes (undo there)",
            Action::Undo => "undo the journal entry (then y)",
            Action::UndoBatch => "undo the entry's whole run (review)",
            Action::AccountActions => "account actions: disable, groups, …",
            Action::EditValue => "edit the attribute's value",
            Action::Sort => "sort by the next column (then none)",
            Action::ReverseSort => "reverse the sort",
            Action::Columns => "choose and order the columns",
            Action::Groups => "browse the pool by group (:groups)",
            Action::Messages => "errors and warnings, in full",
            Action::Help => "show / hide this help",
            Action::Quit => "quit",
            Action::ForceQuit => "quit at once",
        }
    }

    /// Whether the action does something in `session`, for the help and the status line's
    /// keys to list only those. A read-only session refuses the changes. A user's own sign-in
    /// (`cognito-tui me`) lists that one user: it has no pool to search, filter, load, sort,
    /// browse by group or describe, no pool picker, and none of the account actions or bulk
    /// runs (admin calls).
    pub fn offered_in(self, session: &super::Session) -> bool {
        if session.read_only && self.is_mutating() {
            return false;
        }
        !(session.self_service
            && matches!(
                self,
                Action::AccountActions
                    | Action::Groups
                    | Action::DescribePool
                    | Action::Search
                    | Action::LocalFilter
                    | Action::LoadAll
                    | Action::ChooseAll
                    | Action::RetryFailed
                    | Action::Sort
                    | Action::ReverseSort
                    | Action::Open
            ))
    }

    /// Whether the action would change the pool; refused in read-only mode.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::ToggleMark
                | Action::ChooseAll
                | Action::Review
                | Action::Confirm
                | Action::RetryFailed
                | Action::Undo
                | Action::UndoBatch
                | Action::EditValue
        )
    }
}
