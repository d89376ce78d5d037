//! The account action menu: one letter per action, what cannot be done now and why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::text::safe;
use super::wrap::{hang, hanging};
use super::{Ui, boxed_height, centered, wrapped_rows};
use crate::app::ActionMenu;

/// Where the menu is drawn in `screen`: its box, its rows, the entry each row shows (`None`
/// on a row of no entry), and how far it scrolls (from `top` as last drawn).
struct Layout<'a> {
    area: Rect,
    lines: Vec<Line<'a>>,
    owners: Vec<Option<usize>>,
    scroll: u16,
}

fn layout<'a>(screen: Rect, menu: &ActionMenu, top: usize, mask_pii: bool, ui: &Ui) -> Layout<'a> {
    let t = &ui.theme;
    let width = 84.min(screen.width);
    let inner = width.saturating_sub(2);
    let whom = match &menu.usernames[..] {
        [one] => safe(&if mask_pii {
            crate::pii::username(one)
        } else {
            one.as_str().into()
        })
        .into_owned(),
        many => format!("{} chosen users", many.len()),
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(" Actions on "),
        Span::styled(whom, t.title()),
    ])];
    if menu.read_only {
        lines.push(Line::styled(
            " Read-only session: only reads are offered.",
            t.warning(),
        ));
    }
    lines.push(Line::raw(""));
    // The selected entry's lines; the first entry's start with the title above it.
    let (mut cursor_start_line, mut cursor_end_line) = (0, lines.len());
    let mut owners = vec![None; lines.len()];
    for (i, entry) in menu.entries.iter().enumerate() {
        let pointer = if i == menu.cursor { "▶" } else { " " };
        let mut spans = vec![
            Span::raw(format!(" {pointer} ")),
            Span::styled(format!("{}", entry.key), t.title()),
            Span::raw("  "),
        ];
        // A wrapped entry's later rows start under its label, after the pointer and the key.
        let indent = spans.iter().map(Span::width).sum::<usize>();
        if i == menu.cursor && i > 0 {
            cursor_start_line = lines.len();
        }
        match &entry.unavailable {
            None => spans.push(Span::styled(
                entry.choice.label(),
                if i == menu.cursor {
                    t.selected(true)
                } else {
                    ratatui::style::Style::new()
                },
            )),
            Some(why) => {
                spans.push(Span::styled(entry.choice.label(), t.dim()));
                spans.push(Span::styled(format!("  ({why})"), t.dim()));
            }
        }
        lines.extend(hang(Line::from(spans), indent, inner));
        owners.resize(lines.len(), Some(i));
        if i == menu.cursor {
            cursor_end_line = lines.len();
        }
    }
    lines.push(Line::raw(""));
    // Tall, the box covers the status line: it names the keys itself.
    lines.push(Line::styled(
        format!(
            " {}",
            super::keys_legend(crate::app::key_hints::ACTION_MENU, ui)
        ),
        t.dim(),
    ));
    // Where the terminal is too short for the whole menu, it scrolls so that the entry under
    // the cursor shows (the letters work either way, but ↑↓ would move out of sight).
    let cursor_start = usize::from(wrapped_rows(&lines[..cursor_start_line], width));
    let cursor_end = usize::from(wrapped_rows(&lines[..cursor_end_line], width));
    // Each line as it wraps, and the entry on each of its rows.
    owners.resize(lines.len(), None);
    let (lines, owners): (Vec<_>, Vec<_>) = lines
        .into_iter()
        .zip(owners)
        .flat_map(|(line, owner)| {
            hanging(vec![line], inner)
                .into_iter()
                .map(move |row| (row, owner))
        })
        .unzip();
    let area = centered(screen, width, boxed_height(&lines, width));
    let rows = usize::from(area.height.saturating_sub(2));
    let scroll = crate::app::window_top(top, cursor_start..cursor_end, rows, lines.len());
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    Layout {
        area,
        lines,
        owners,
        scroll,
    }
}

/// The entries' rows on screen, as the menu scrolls.
pub(super) fn rows(
    screen: Rect,
    menu: &ActionMenu,
    top: usize,
    mask_pii: bool,
    ui: &Ui,
) -> super::OverlayRows {
    let Layout {
        area,
        owners,
        scroll,
        ..
    } = layout(screen, menu, top, mask_pii, ui);
    super::OverlayRows {
        area,
        top: area.y + 1,
        first: usize::from(scroll),
        entries: owners.into_iter().skip(usize::from(scroll)).collect(),
    }
}

pub fn render(frame: &mut Frame, menu: &ActionMenu, top: usize, mask_pii: bool, ui: &Ui) {
    let t = &ui.theme;
    let Layout {
        area,
        lines,
        scroll,
        ..
    } = layout(frame.area(), menu, top, mask_pii, ui);
    let block = super::overlay_block(t, " Account actions ");
    let rows = area.height.saturating_sub(2);
    // Rows out of sight are counted on the bottom border: the entries below the cursor and the
    // keys are there, only hidden.
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let below = total.saturating_sub(scroll + rows);
    let note = if below > 0 {
        Some(format!(" ↓ {below} more, ↑↓ to move "))
    } else if scroll > 0 {
        Some(format!(" ↑ {scroll} above "))
    } else {
        None
    };
    let block = match note {
        Some(note) => block.title_bottom(Span::styled(note, t.warning())),
        None => block,
    };
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}
