//! The messages of the session: every warning and error the status line was given, with its
//! time, so that one arriving right after another does not hide it. `m` or `:messages` lists
//! them in full.

use std::time::SystemTime;

use super::{Action, App, Overlay, StatusKind};
use crate::worker::Command;

/// The messages kept; older ones are dropped first.
const KEEP: usize = 500;

/// One warning or error, as the status line was given it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: StatusKind,
    pub text: String,
    pub at: SystemTime,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Messages {
    /// Oldest first.
    pub list: Vec<Message>,
    /// Warnings and errors another status replaced before a key came: never on screen long
    /// enough to be read. The status line counts them until the history is opened.
    pub missed: usize,
    /// Whether a key came since the status line's message was set: it has been seen.
    pub status_seen: bool,
}

impl Messages {
    pub fn push(&mut self, kind: StatusKind, text: String, at: SystemTime) {
        if self.list.len() == KEEP {
            self.list.remove(0);
        }
        self.list.push(Message { kind, text, at });
    }

    /// Adds what support needs (the SDK's own words) to the newest message, after its sentence:
    /// the list shows messages in full, the status line only the sentence.
    pub fn add_detail(&mut self, detail: &str) {
        if let Some(last) = self.list.last_mut() {
            last.text = crate::text::one_line(&format!("{} (AWS SDK: {detail})", last.text));
        }
    }
}

impl App {
    /// Puts a message on the status line; a warning or error also goes in the history. One that
    /// replaces a warning or error no key came after counts that one as missed.
    pub(crate) fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        let status = super::Status::new(kind, text);
        let replaced_unseen = self
            .status
            .as_ref()
            .is_some_and(|s| matches!(s.kind, StatusKind::Warning | StatusKind::Error))
            && !self.messages.status_seen;
        if replaced_unseen && self.status.as_ref() != Some(&status) {
            self.messages.missed += 1;
        }
        if matches!(kind, StatusKind::Warning | StatusKind::Error) {
            let at = (self.clock)();
            self.messages.push(kind, status.text.clone(), at);
        }
        self.messages.status_seen = false;
        self.status = Some(status);
    }

    /// Puts the notice of a wait (a read or change tried again, no answer yet) on the status
    /// line, unless a warning or error no key came after is there: that stays, and the wait is
    /// told at its next retry or by the view waiting for it. A note, or a warning seen, comes
    /// back when the notice ends ([`App::end_wait_notice`]); another progress does not, as its
    /// work may end meanwhile. Returns the text shown, if shown.
    pub(crate) fn set_wait_notice(&mut self, text: String) -> Option<String> {
        let unseen = self
            .status
            .as_ref()
            .is_some_and(|s| matches!(s.kind, StatusKind::Warning | StatusKind::Error))
            && !self.messages.status_seen;
        if unseen {
            return None;
        }
        if !self.showing_wait_notice() {
            self.hidden_by_wait = self
                .status
                .clone()
                .filter(|s| s.kind != StatusKind::Progress);
        }
        self.set_status(StatusKind::Progress, text);
        self.status.as_ref().map(|s| s.text.clone())
    }

    /// The wait's notice is over (its answer came): the status line shows again what the notice
    /// replaced, if the notice is still there.
    pub(crate) fn end_wait_notice(&mut self) {
        let showing = self.showing_wait_notice();
        let hidden = self.hidden_by_wait.take();
        self.waiting = None;
        if showing {
            self.status = hidden;
        }
    }

    fn showing_wait_notice(&self) -> bool {
        self.waiting.as_ref().is_some_and(|(_, notice)| {
            self.status
                .as_ref()
                .is_some_and(|s| s.kind == StatusKind::Progress && s.text == *notice)
        })
    }
}

/// Opens the history (`m`, `:messages`), newest first: nothing is missed any more.
pub fn open(app: &mut App) -> Vec<Command> {
    app.messages.missed = 0;
    app.overlay = Some(Overlay::Messages { scroll: 0 });
    Vec::new()
}

/// Keys in the history: j/k move through the messages, Esc or `m` closes it.
pub fn on_action(app: &mut App, action: Action, scroll: usize) -> Vec<Command> {
    let last = app.messages.list.len().saturating_sub(1);
    match action {
        Action::Messages | Action::Cancel => app.overlay = None,
        Action::Quit => super::update::request_quit(app),
        _ => {
            app.overlay = Some(Overlay::Messages {
                scroll: super::update::scrolled(action, scroll, last),
            })
        }
    }
    Vec::new()
}
