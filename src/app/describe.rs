//! The describe view: the selected user (`D`) or the pool (`I`, `:describe pool`) as a JSON or
//! YAML document, scrolled with the usual keys, Tab switching the format, `c` copying it.
//!
//! The view holds what it shows, not the text: the text is written from the app's freshest copy
//! (the attribute pane's `AdminGetUser` and groups, the pool's `DescribeUserPool`) each time it is
//! needed, so an answer arriving while the view is open shows at once, and masking (`p`) applies.

use super::{Action, App, Overlay, StatusKind};
use crate::describe::{Format, pool_doc, user_doc};
use crate::worker::Command;

/// Whose document the view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DescribeTarget {
    User(String),
    Pool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeView {
    pub target: DescribeTarget,
    pub format: Format,
    /// The first line shown.
    pub scroll: usize,
}

impl App {
    /// The document the view shows, as text in its format; `Err` says why there is none yet.
    pub fn describe_text(&self, view: &DescribeView) -> Result<String, String> {
        let doc = match &view.target {
            DescribeTarget::User(name) => {
                // The list's copy is no description of a user Cognito would not return.
                if self.detail.username.as_deref() == Some(name.as_str())
                    && self.detail.user.is_none()
                    && let Some(e) = &self.detail.read_error
                {
                    return Err(format!("{name} could not be read (AdminGetUser): {e}"));
                }
                let user = self
                    .shown_user()
                    .filter(|u| u.username() == name)
                    .or_else(|| {
                        self.list
                            .index_of(name)
                            .and_then(|i| self.list.users.get(i))
                    })
                    .ok_or_else(|| format!("{name} is no longer in the list."))?;
                let groups = (self.detail.username.as_deref() == Some(name.as_str()))
                    .then_some(self.detail.groups.as_ref())
                    .flatten();
                user_doc(user, groups, self.mask_pii)
            }
            DescribeTarget::Pool => match (&self.pool, &self.pool_error) {
                (Some(pool), _) => pool_doc(pool),
                (None, Some(e)) => return Err(format!("The pool could not be described: {e}")),
                (None, None) => return Err("Describing the pool…".to_owned()),
            },
        };
        Ok(doc.write(view.format))
    }
}

/// Opens the view on the selected user.
pub fn open_user(app: &mut App) -> Vec<Command> {
    let Some(name) = app.list.selected().map(|u| u.username().to_owned()) else {
        app.set_status(StatusKind::Info, "No user selected to describe.");
        return Vec::new();
    };
    // The pane follows the selection: its fresh copy and groups are the ones described.
    let commands = app.follow_selection();
    open(app, DescribeTarget::User(name));
    commands
}

/// Opens the view on the pool, describing it again when it is not known yet. A user's own
/// sign-in cannot call DescribeUserPool: self-service says so rather than show a made-up pool.
pub fn open_pool(app: &mut App) -> Vec<Command> {
    // Also from the describe view's own key, which the main screen's check does not see.
    if let Some(why) = super::update::not_offered(app, Action::DescribePool) {
        app.set_status(StatusKind::Warning, why);
        return Vec::new();
    }
    open(app, DescribeTarget::Pool);
    if app.pool.is_none() && app.pool_request.is_none() {
        let id = app.next_request_id();
        app.pool_request = Some(id);
        return vec![Command::DescribePool { id }];
    }
    Vec::new()
}

fn open(app: &mut App, target: DescribeTarget) {
    let format = match &app.overlay {
        Some(Overlay::Describe(view)) => view.format,
        _ => app.describe_format,
    };
    app.overlay = Some(Overlay::Describe(DescribeView {
        target,
        format,
        scroll: 0,
    }));
}

/// A key while the view is open.
pub fn on_action(app: &mut App, action: Action, mut view: DescribeView) -> Vec<Command> {
    let lines = app
        .describe_text(&view)
        .map_or(1, |text| text.lines().count());
    let page = app.viewport.list_rows.max(1);
    let last = lines.saturating_sub(1);
    view.scroll = match action {
        Action::MoveDown => view.scroll + 1,
        Action::MoveUp => view.scroll.saturating_sub(1),
        Action::PageDown => view.scroll + page,
        Action::PageUp => view.scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => last,
        Action::SwitchPane => {
            view.format = view.format.other();
            app.describe_format = view.format;
            0
        }
        Action::Copy => {
            return match app.describe_text(&view) {
                Ok(text) => {
                    let masked = if app.mask_pii {
                        ", personal data masked"
                    } else {
                        ""
                    };
                    app.set_status(
                        StatusKind::Info,
                        format!(
                            "Copied the {} document ({lines} lines{masked}) to the clipboard (OSC 52).",
                            view.format.name()
                        ),
                    );
                    vec![Command::Copy { text }]
                }
                Err(why) => {
                    app.set_status(StatusKind::Info, why);
                    Vec::new()
                }
            };
        }
        Action::Describe if view.target != DescribeTarget::Pool => {
            app.overlay = None;
            return Vec::new();
        }
        Action::DescribePool if view.target == DescribeTarget::Pool => {
            app.overlay = None;
            return Vec::new();
        }
        Action::Describe => return open_user(app),
        Action::DescribePool => return open_pool(app),
        Action::MaskPii => {
            app.mask_pii = !app.mask_pii;
            view.scroll
        }
        Action::Cancel | Action::Open => {
            app.overlay = None;
            return Vec::new();
        }
        Action::Quit => {
            super::update::request_quit(app);
            return Vec::new();
        }
        _ => view.scroll,
    }
    .min(last);
    app.overlay = Some(Overlay::Describe(view));
    Vec::new()
}
