//! The bulk review dialog: how many users, which attributes, the first users with the values
//! they hold as listed, how many hold none, the schema's warnings, and how to confirm (typing
//! the count above 20 users).

use ratatui::text::{Line, Span};

use unicode_width::UnicodeWidthStr;

use super::Ui;
use super::review_box::ReviewBox;
use super::text::{is_personal, mask, safe, truncate};
use crate::app::{Action, BulkPlan};

/// Columns of a value shown beside its user.
const VALUE_WIDTH: usize = 32;

/// The review of `plan`.
pub fn review<'a>(plan: &BulkPlan, mask_pii: bool, ui: &Ui) -> ReviewBox<'a> {
    let t = &ui.theme;
    let n = plan.usernames.len();
    let keys = |action| ui.keys(action);
    let head = vec![
        Line::from(vec![
            Span::raw("Delete "),
            Span::styled(plan.names.join(", "), t.marked()),
            Span::raw(" from "),
            Span::styled(format!("{n} users"), t.title()),
            Span::raw("?"),
        ]),
        Line::raw(""),
    ];
    // Each named user with the values it holds now, as listed.
    let name_width = plan
        .preview
        .iter()
        .map(|p| safe(&p.username).width())
        .max()
        .unwrap_or(0)
        .min(24);
    let mut items = Vec::new();
    for user in &plan.preview {
        let name = format!(
            "  • {:<name_width$}  ",
            truncate(
                &safe(&if mask_pii {
                    crate::pii::username(&user.username)
                } else {
                    user.username.as_str().into()
                }),
                name_width
            )
        );
        let mut spans = vec![Span::raw(name)];
        match &user.held {
            None => spans.push(Span::styled("not in the loaded list", t.dim())),
            Some(values) if values.is_empty() => spans.push(Span::styled(
                format!("holds no {}: skipped", plan.names.join(", ")),
                t.dim(),
            )),
            Some(values) => {
                for (i, (attribute, value)) in values.iter().enumerate() {
                    if i > 0 {
                        spans.push(Span::raw(", "));
                    }
                    let value = if mask_pii && is_personal(attribute) {
                        mask(value)
                    } else {
                        truncate(&safe(value), VALUE_WIDTH).into_owned()
                    };
                    spans.push(Span::styled(format!("{attribute} = {value}"), t.marked()));
                }
            }
        }
        items.push(Line::from(spans));
    }
    let mut foot = vec![Line::raw("")];
    let listed = plan.listed;
    let hold = |n: usize| if n == 1 { "holds" } else { "hold" };
    let what = if plan.names.len() == 1 {
        "it"
    } else {
        "some of them"
    };
    let mut counts = vec![format!(
        "{} {} {what}",
        listed.holding,
        hold(listed.holding)
    )];
    if listed.lacking > 0 {
        counts.push(format!(
            "{} {} none (skipped)",
            listed.lacking,
            hold(listed.lacking)
        ));
    }
    if listed.not_loaded > 0 {
        counts.push(format!("{} not in the loaded list", listed.not_loaded));
    }
    foot.push(Line::raw(format!("As listed: {}.", counts.join(", "))));
    for warning in &plan.warnings {
        foot.push(Line::styled(format!("! {warning}"), t.warning()));
    }
    foot.extend([
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
    foot.push(Line::from(vec![
        Span::styled(confirm, t.read_write_badge()),
        Span::raw(" delete    "),
        Span::styled(format!(" {} ", keys(Action::Cancel)), t.read_only_badge()),
        Span::raw(" cancel"),
    ]));
    let mut body = head;
    let shown = items.len();
    body.extend(items);
    if n > shown {
        body.push(Line::styled(format!("  … and {} more", n - shown), t.dim()));
    }
    let keys = foot.pop().into_iter().collect();
    body.extend(foot);
    ReviewBox {
        title: " Review bulk deletion ".into(),
        style: t.warning(),
        note_style: t.warning(),
        width: 90,
        body,
        keys,
    }
}
