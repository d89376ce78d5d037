//! The review dialog: exactly what will be deleted, from whom, before anything is sent.

use ratatui::text::{Line, Span};

use super::Ui;
use super::review_box::ReviewBox;
use super::text::{safe, truncate};

const DIALOG_WIDTH: u16 = 84;
use crate::app::{Action, DeletePlan};

/// The review of `plan` on a terminal `screen_width` wide.
pub fn review<'a>(plan: &DeletePlan, mask_pii: bool, screen_width: u16, ui: &Ui) -> ReviewBox<'a> {
    let t = &ui.theme;
    let keys = |action| ui.keys(action);
    let width = DIALOG_WIDTH.min(screen_width);
    let name_width = plan
        .attributes
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(0);
    let value_width = (width as usize).saturating_sub(name_width + 10);
    let head = vec![
        Line::from(vec![
            Span::raw("Delete these attributes of user "),
            Span::styled(
                if mask_pii {
                    safe(&crate::pii::username(&plan.username)).into_owned()
                } else {
                    safe(&plan.username).into_owned()
                },
                t.title(),
            ),
            Span::raw("?"),
        ]),
        Line::raw(""),
    ];
    let items: Vec<Line> = plan
        .attributes
        .iter()
        .map(|attribute| {
            Line::from(vec![
                Span::styled("  ✗ ", t.error()),
                Span::styled(format!("{:<name_width$}", attribute.name), t.marked()),
                Span::styled(" = ", t.dim()),
                Span::raw({
                    let value = if mask_pii && super::text::is_personal(&attribute.name) {
                        super::text::mask(&attribute.value)
                    } else {
                        safe(&attribute.value).into_owned()
                    };
                    truncate(&value, value_width).into_owned()
                }),
            ])
        })
        .collect();
    let mut foot = vec![Line::raw("")];
    for warning in &plan.warnings {
        foot.push(Line::styled(format!("! {warning}"), t.warning()));
    }
    foot.extend([
        Line::styled(
            format!(
                "Cognito keeps no copy of deleted values; the journal does (undo: {}, then {}).",
                ui.key(Action::Journal),
                ui.key(Action::Undo)
            ),
            t.warning(),
        ),
        Line::raw("Nothing else about the user changes."),
        Line::raw(""),
        Line::from(vec![
            Span::styled(format!(" {} ", keys(Action::Confirm)), t.read_write_badge()),
            Span::raw(" delete    "),
            Span::styled(format!(" {} ", keys(Action::Cancel)), t.read_only_badge()),
            Span::raw(" cancel"),
        ]),
    ]);
    let mut body = head;
    body.extend(items);
    let keys = foot.pop().into_iter().collect();
    body.extend(foot);
    ReviewBox {
        title: " Review deletion ".into(),
        style: t.warning(),
        note_style: t.warning(),
        width,
        body,
        keys,
    }
}
