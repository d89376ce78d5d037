//! The review dialog: exactly what will be deleted, from whom, before anything is sent.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::{safe, truncate};
use super::{Ui, boxed_height, centered, fit_dialog};

const DIALOG_WIDTH: u16 = 84;
use crate::app::{Action, DeletePlan};

pub fn render(frame: &mut Frame, plan: &DeletePlan, mask_pii: bool, ui: &Ui) {
    let t = &ui.theme;
    let keys = |action| {
        ui.keymap
            .keys_for(action)
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    };
    let width = DIALOG_WIDTH.min(frame.area().width);
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
            "Cognito keeps no copy of deleted values; the journal does (undo: J, then u).",
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
    let total = items.len();
    let lines = fit_dialog(
        head,
        items,
        total,
        foot,
        (width, frame.area().height),
        |n| {
            Line::styled(
                format!("  … and {n} more: a taller terminal shows them all"),
                t.warning(),
            )
        },
    );
    let area = centered(frame.area(), width, boxed_height(&lines, width));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warning())
        .title(Span::styled(" Review deletion ", t.warning()));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
