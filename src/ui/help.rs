//! The help overlay: every action with its keys, taken from the keymap in force.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{Ui, centered};
use crate::app::Action;

pub fn render(frame: &mut Frame, ui: &Ui) {
    let t = &ui.theme;
    let mut lines: Vec<Line> = Action::ALL
        .iter()
        .map(|action| {
            let keys = ui
                .keymap
                .keys_for(*action)
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            Line::from(vec![
                Span::styled(format!("  {keys:<14}"), t.title()),
                Span::raw(action.describe()),
            ])
        })
        .collect();
    lines.extend([
        Line::raw(""),
        Line::styled("  In the attribute pane:", t.dim()),
        Line::raw("  [x] marked for deletion   [ ] can be marked"),
        Line::raw("   -  cannot be deleted (sub, required or immutable)"),
        Line::styled("  In the user list:", t.dim()),
        Line::raw("  ▶ selected   … deleting   ✓ deleted   ✗ failed"),
    ]);
    let area = centered(frame.area(), 64, lines.len() as u16 + 2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(" Help — ? or Esc to close ", t.title()));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
