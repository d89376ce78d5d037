//! The help overlay: every action with its keys, taken from the keymap in force; two columns
//! when the terminal is wide enough.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Ui, centered};
use crate::app::Action;

/// Columns of one help entry: keys, then the description.
const KEYS_WIDTH: usize = 13;
const ENTRY_WIDTH: usize = KEYS_WIDTH + 36;

pub fn render(frame: &mut Frame, ui: &Ui) {
    let t = &ui.theme;
    let entries: Vec<Vec<Span>> = Action::ALL
        .iter()
        .map(|action| {
            let keys = ui
                .keymap
                .keys_for(*action)
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            vec![
                Span::styled(format!(" {keys:<w$}", w = KEYS_WIDTH - 1), t.title()),
                Span::raw(format!("{:<36}", action.describe())),
            ]
        })
        .collect();
    let two_columns = frame.area().width as usize >= 2 * ENTRY_WIDTH + 4;
    let mut lines: Vec<Line> = if two_columns {
        let half = entries.len().div_ceil(2);
        (0..half)
            .map(|i| {
                let mut spans = entries[i].clone();
                if let Some(right) = entries.get(i + half) {
                    spans.extend(right.iter().cloned());
                }
                Line::from(spans)
            })
            .collect()
    } else {
        entries.into_iter().map(Line::from).collect()
    };
    lines.extend([
        Line::raw(""),
        Line::styled(" Attribute pane:", t.dim()),
        Line::raw(" [x] marked for deletion   [ ] can be marked   -  cannot be deleted"),
        Line::styled(" User list:", t.dim()),
        Line::raw(" ▶ cursor  ● chosen (bulk)  … deleting  ✓ deleted  – skipped  ✗ failed"),
        Line::styled(" Filter words (f), each within one field:", t.dim()),
        Line::raw(" ann  fuzzy   ^ann  starts   .org$  ends   'ann  exact   !test  not"),
    ]);
    let width = if two_columns {
        2 * ENTRY_WIDTH + 2
    } else {
        ENTRY_WIDTH + 2
    };
    let area = centered(frame.area(), width as u16, lines.len() as u16 + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(" Help — ? or Esc to close ", t.title()));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
