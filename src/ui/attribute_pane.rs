//! The attribute pane: the shown user's account facts, then every attribute with its mark.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::text::{is_personal, mask, safe, truncate};
use super::{Ui, timestamp};
use crate::app::{App, Focus, Outcome, mark_refusal};
use crate::directory::User;

/// Lines of account facts above the attributes: status, enabled, created, modified, MFA,
/// groups, rule.
pub const INFO_LINES: u16 = 7;

/// Attribute rows that fit in `area`, below the borders and the account facts.
pub fn rows(area: Rect) -> usize {
    area.height.saturating_sub(2 + INFO_LINES) as usize
}

/// What a Cognito user status means, in words, for a user `enabled` or not.
pub fn explain_status(status: &str, enabled: bool) -> &'static str {
    match status {
        "CONFIRMED" if !enabled => "cannot sign in while disabled",
        "CONFIRMED" => "can sign in",
        "UNCONFIRMED" => "signed up but has not confirmed the account yet",
        "FORCE_CHANGE_PASSWORD" => "must set a new password at next sign-in",
        "RESET_REQUIRED" => "must reset the password before signing in",
        "EXTERNAL_PROVIDER" => "signs in through an external identity provider",
        "ARCHIVED" | "COMPROMISED" => "cannot sign in",
        _ => "",
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
    let focused = app.focus == Focus::Attributes;
    let marks = &app.detail.marks;
    let name = match &app.detail.username {
        Some(name) if app.mask_pii => Some(safe(&crate::pii::username(name)).into_owned()),
        Some(name) => Some(safe(name).into_owned()),
        None => None,
    };
    let marked = match marks.len() {
        0 => String::new(),
        n => format!(" — {n} marked"),
    };
    // Narrow, the name and the marks without "Attributes of": the name is cut, with a sign,
    // before the count of marks.
    let inner = area.width.saturating_sub(2);
    let title = match &name {
        Some(name) => {
            let room = usize::from(inner)
                .saturating_sub(2 + marked.chars().count())
                .max(1);
            super::fit_title(
                format!(" Attributes of {name}{marked} "),
                &format!("{}{marked}", truncate(name, room)),
                inner,
            )
        }
        None => super::fit_title(" Attributes ".to_owned(), "Attributes", inner),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Span::styled(title, t.border(focused)));

    let Some(user) = app.shown_user() else {
        frame.render_widget(
            Paragraph::new("Select a user to see their attributes.")
                .style(t.dim())
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    };

    let width = area.width.saturating_sub(2) as usize;
    let mut lines = info_lines(app, user, ui, width);
    let name_width = user
        .attributes()
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    let start = app.detail.cursor.offset;
    for (i, attribute) in user
        .attributes()
        .iter()
        .enumerate()
        .skip(start)
        .take(rows(area))
    {
        let selected = i == app.detail.cursor.selected;
        let marked = marks.contains(attribute.name);
        let locked = mark_refusal(attribute.name, app.pool.as_ref()).is_some();
        let glyph = if marked {
            "[x]"
        } else if locked {
            " - "
        } else {
            "[ ]"
        };
        let style = if marked {
            t.marked()
        } else if locked {
            t.locked()
        } else {
            Style::new()
        };
        let name = format!("{:<name_width$}", truncate(attribute.name, name_width));
        let value_width = width.saturating_sub(name_width + 7);
        let mut line = Line::from(vec![
            Span::raw(if selected { "▶" } else { " " }),
            Span::styled(glyph, style),
            Span::raw(" "),
            Span::styled(name, style),
            Span::raw("  "),
            Span::styled(
                if app.mask_pii && is_personal(attribute.name) {
                    mask(attribute.value)
                } else {
                    truncate(&safe(attribute.value), value_width).into_owned()
                },
                style,
            ),
        ]);
        if selected && focused {
            line = line.style(t.selected(true));
        }
        lines.push(line);
    }
    if user.attributes().is_empty() {
        lines.push(Line::styled("  (no attributes)", t.dim()));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn info_lines(app: &App, user: &User, ui: &Ui, width: usize) -> Vec<Line<'static>> {
    let t = &ui.theme;
    let label = |text: &'static str| Span::styled(format!("{text:<9}"), t.dim());
    let explained = explain_status(user.status(), user.enabled());
    let status = if explained.is_empty() {
        safe(user.status()).into_owned()
    } else {
        format!("{} — {explained}", safe(user.status()))
    };
    let enabled = if user.enabled() {
        Span::raw("yes")
    } else {
        Span::styled(
            "NO — the account is disabled and cannot sign in",
            t.disabled_user(),
        )
    };
    let mfa = match &user.mfa() {
        Some([]) => "none".to_owned(),
        Some(methods) => methods.join(", "),
        None if app.detail.loading.is_some() => "…".to_owned(),
        None => "unknown".to_owned(),
    };
    let groups = match &app.detail.groups {
        Some(Ok(names)) if names.is_empty() => Span::raw("none"),
        Some(Ok(names)) => Span::raw(safe(&names.join(", ")).into_owned()),
        Some(Err(why)) => Span::styled(format!("unknown ({why})"), t.dim()),
        None => Span::raw("…"),
    };
    let rule_width = 40;
    // The rule carries the user's outcome in the last run, once there is one: the list shows
    // only its mark (✗), and a failure's reason is what the support desk acts on.
    let rule = match app.outcomes.get(user.username()) {
        Some(outcome) => {
            let (text, style) = match outcome {
                Outcome::Failed(why) => (format!("✗ failed: {why}"), t.error()),
                Outcome::Skipped(why) => (format!("– skipped: {why}"), t.dim()),
                Outcome::Applying(label) => {
                    (format!("… {label}: waiting for Cognito"), t.progress())
                }
                Outcome::Deleting(_) => {
                    ("… deleting: waiting for Cognito".to_owned(), t.progress())
                }
                Outcome::Applied(label) => (format!("✓ {label}: done"), t.success()),
                Outcome::Deleted(names) => (format!("✓ deleted {}", names.join(", ")), t.success()),
                Outcome::Unknown => (
                    "? not known: the run stopped; check the journal or the pool".to_owned(),
                    t.warning(),
                ),
            };
            let text = if app.mask_pii {
                crate::pii::redact(&text, &super::personal_values(app))
            } else {
                text
            };
            Line::styled(truncate(&safe(&text), width).into_owned(), style)
        }
        None => Line::styled("─".repeat(rule_width), t.dim()),
    };
    let mut lines: Vec<Line<'static>> = vec![
        Line::from(vec![label("Status"), Span::raw(status)]),
        Line::from(vec![label("Enabled"), enabled]),
        Line::from(vec![label("Created"), Span::raw(timestamp(user.created()))]),
        Line::from(vec![
            label("Modified"),
            Span::raw(timestamp(user.last_modified())),
        ]),
        Line::from(vec![label("MFA"), Span::raw(mfa)]),
        Line::from(vec![label("Groups"), groups]),
    ]
    .into_iter()
    // A fact too long for the pane ends in `…`, not at the border.
    .map(|line| super::wrap::cut(line, width))
    .collect();
    lines.push(rule);
    lines
}
