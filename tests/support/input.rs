//! Keys that reach the app as letters and text typed into its input line, as the terminal sends
//! them.

use cognito_tui::app::{Action, App, InputEdit, Msg, update};
use cognito_tui::worker::Command;

use super::press;

/// A letter key, as the keymap passes it to a menu or a typed answer.
pub fn letter(app: &mut App, c: char) -> Vec<Command> {
    update(app, Msg::Letter(c))
}

/// `text` typed into the open input line one character at a time; the commands it gives.
pub fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    let mut commands = Vec::new();
    for c in text.chars() {
        commands.extend(update(app, Msg::Input(InputEdit::Insert(c))));
    }
    commands
}

/// Enter in the open input line.
pub fn submit(app: &mut App) -> Vec<Command> {
    update(app, Msg::Input(InputEdit::Submit))
}

/// `text` run on the command line (`:` then the text, then Enter).
pub fn command_line(app: &mut App, text: &str) -> Vec<Command> {
    press(app, Action::CommandLine);
    type_text(app, text);
    submit(app)
}

/// The account actions' menu opened and the entry under `key` picked.
pub fn pick_action(app: &mut App, key: char) -> Vec<Command> {
    press(app, Action::AccountActions);
    letter(app, key)
}

/// The first `n` users of the list chosen for a bulk action.
pub fn choose_first(app: &mut App, n: usize) {
    press(app, Action::FocusUsers);
    press(app, Action::Top);
    for _ in 0..n {
        press(app, Action::ToggleMark);
    }
}
