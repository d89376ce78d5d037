//! The bulk review dialog: how many users, which attributes, the first users, the schema's
//! warnings, and how to confirm (typing the count above 20 users).

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::safe;
use super::{Ui, boxed_height, centered};
use crate::app::{Action, BulkPlan};

/// Users named in the dialog before "and N more".
const SHOWN_USERS: usize = 8;

pub fn render(frame: &mut Frame, plan: &BulkPlan, ui: &Ui) {
    let t = &ui.theme;
    let n = plan.usernames.len();
    let keys = |action| {
        ui.keymap
            .keys_for(action)
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut lines = vec![
        Line::from(vec![
            Span::raw("Delete "),
            Span::styled(plan.names.join(", "), t.marked()),
            Span::raw(" from "),
            Span::styled(format!("{n} users"), t.title()),
            Span::raw("?"),
        ]),
        Line::raw(""),
    ];
    for username in plan.usernames.iter().take(SHOWN_USERS) {
        lines.push(Line::raw(format!("  • {}", safe(username))));
    }
    if n > SHOWN_USERS {
        lines.push(Line::styled(
            format!("  … and {} more", n - SHOWN_USERS),
            t.dim(),
        ));
    }
    lines.push(Line::raw(""));
    for warning in &plan.warnings {
        lines.push(Line::styled(format!("! {warning}"), t.warning()));
    }
    lines.extend([
        Line::styled(
            "Each user's values are journalled before deletion (cognito-tui undo can restore them).",
            t.dim(),
        ),
        Line::styled(
            "Users lacking the attributes, or whose schema forbids it, are skipped with the reason.",
            t.dim(),
        ),
        Line::raw(""),
    ]);
    let confirm = if plan.needs_typed_confirmation() {
        format!(" {} then type {n} ", keys(Action::Confirm))
    } else {
        format!(" {} ", keys(Action::Confirm))
    };
    lines.push(Line::from(vec![
        Span::styled(confirm, t.read_write_badge()),
        Span::raw(" delete    "),
        Span::styled(format!(" {} ", keys(Action::Cancel)), t.read_only_badge()),
        Span::raw(" cancel"),
    ]));
    let width = 90.min(frame.area().width);
    let area = centered(frame.area(), width, boxed_height(&lines, width));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warning())
        .title(Span::styled(" Review bulk deletion ", t.warning()));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
