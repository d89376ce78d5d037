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

pub fn render(frame: &mut Frame, scroll: usize, ui: &Ui) {
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
    // The legends, each on one line, or cut in two for a one-column help.
    let legend =
        |lines: &mut Vec<Line>, title: &'static str, first: &'static str, rest: &'static str| {
            lines.push(Line::styled(title, t.dim()));
            if two_columns {
                lines.push(Line::raw(format!("{first}{rest}")));
            } else {
                lines.push(Line::raw(first));
                lines.push(Line::raw(format!(" {}", rest.trim_start())));
            }
        };
    lines.push(Line::raw(""));
    legend(
        &mut lines,
        " Attribute pane:",
        " [x] marked for deletion   [ ] can be marked",
        "   -  cannot be deleted",
    );
    legend(
        &mut lines,
        " User list:",
        " ▶ cursor  ● chosen (bulk)  … deleting",
        "  ✓ deleted  – skipped  ✗ failed",
    );
    legend(
        &mut lines,
        " Filter words (f), each within one field:",
        " ann  fuzzy   ^ann  starts   .org$  ends",
        "   'ann  exact   !test  not",
    );
    let width = if two_columns {
        2 * ENTRY_WIDTH + 2
    } else {
        ENTRY_WIDTH + 2
    };
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(frame.area(), width as u16, height);
    // Where the terminal is too short, j/k scroll; the title says how much is out of sight.
    let rows = usize::from(area.height.saturating_sub(2));
    let hidden = lines.len().saturating_sub(rows);
    let scroll = scroll.min(hidden);
    let title = if hidden == 0 {
        " Help — ? or Esc to close ".to_owned()
    } else {
        format!(
            " Help — {}–{} of {} · j/k scroll ",
            scroll + 1,
            scroll + rows,
            lines.len()
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(title, t.title()));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}
