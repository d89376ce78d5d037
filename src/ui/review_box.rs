//! The box every review dialog is drawn in. What a change will do is never dropped to make it
//! fit: where the terminal is too short, the blank spacing lines go first, then the text scrolls
//! (j/k, PgUp/PgDn, g/G) and the bottom border says how many rows are out of sight. The keys stay
//! on the last rows, so a confirm is always possible but never without that note in view.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, wrap};

/// A review dialog's content, before it is fitted to the terminal.
pub struct ReviewBox<'a> {
    pub title: String,
    /// The border's and the title's style.
    pub style: Style,
    /// The style of the note saying that more is out of sight.
    pub note_style: Style,
    /// The widest the box may be; it is never wider than the terminal.
    pub width: u16,
    /// What will be done, to whom, and what cannot be undone: this scrolls.
    pub body: Vec<Line<'a>>,
    /// The confirm and cancel keys: these always show.
    pub keys: Vec<Line<'a>>,
}

/// A review fitted to a terminal: the rows it shows and where it is scrolled to.
struct Fitted<'a> {
    body: Vec<Line<'a>>,
    keys: Vec<Line<'a>>,
    /// Body rows the box has room for.
    room: usize,
    /// The furthest the body scrolls.
    max_scroll: usize,
}

fn fit<'a>(review: &ReviewBox<'a>, area: (u16, u16)) -> Fitted<'a> {
    let width = review.width.min(area.0);
    let inner = width.saturating_sub(2);
    let mut body = wrap::hanging(review.body.clone(), inner);
    // On a narrow box the keys close up (the gap before cancel goes) before they wrap.
    let keys = review
        .keys
        .iter()
        .map(|line| {
            if line.width() <= usize::from(inner) {
                return line.clone();
            }
            let mut line = line.clone();
            for span in &mut line.spans {
                if span.content.contains("    ") {
                    span.content = span.content.replace("    ", " ").into();
                }
            }
            line
        })
        .collect();
    let keys = wrap::hanging(keys, inner);
    let room = usize::from(area.1)
        .saturating_sub(2)
        .saturating_sub(keys.len());
    if body.len() > room {
        body.retain(|l| l.width() > 0);
    }
    Fitted {
        max_scroll: body.len().saturating_sub(room),
        body,
        keys,
        room,
    }
}

/// How far the review scrolls at most in a terminal `width` x `height`: 0 when it all fits.
pub fn max_scroll(review: &ReviewBox, (width, height): (u16, u16)) -> usize {
    fit(review, (width, height)).max_scroll
}

/// Draws `review` in the middle of the frame, its body scrolled down by `scroll` rows.
pub fn draw(frame: &mut Frame, review: ReviewBox, scroll: usize, ui: &super::Ui) {
    let screen = frame.area();
    let Fitted {
        body,
        keys,
        room,
        max_scroll,
    } = fit(&review, (screen.width, screen.height));
    let scroll = scroll.min(max_scroll);
    let shown = body.len().min(room);
    let (above, below) = (scroll, body.len() - scroll - shown);
    let mut lines: Vec<Line> = body.into_iter().skip(scroll).take(shown).collect();
    lines.extend(keys);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(screen, review.width, height);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(review.style)
        .title(Span::styled(review.title, review.style));
    use crate::app::Action;
    let note = if below > 0 {
        Some(format!(
            " ↓ {below} more, {} to scroll ",
            ui.key_pair(Action::MoveDown, Action::MoveUp)
        ))
    } else if above > 0 {
        Some(format!(
            " ↑ {above} above, {} back ",
            ui.key_pair(Action::MoveUp, Action::Top)
        ))
    } else {
        None
    };
    if let Some(note) = note {
        block = block.title_bottom(Span::styled(note, review.note_style));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn review(rows: usize) -> ReviewBox<'static> {
        let mut body = vec![Line::raw(" Delete:"), Line::raw("")];
        body.extend((0..rows).map(|i| Line::raw(format!("   • user{i:03}"))));
        ReviewBox {
            title: " Review ".into(),
            style: Style::default(),
            note_style: Style::default(),
            width: 40,
            body,
            keys: vec![Line::raw(" y  delete    n/Esc  cancel")],
        }
    }

    fn screen(rows: usize, scroll: usize, (w, h): (u16, u16)) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|f| {
                let keymap = crate::keymap::Keymap::default();
                let ui = super::super::Ui {
                    theme: super::super::Theme::no_color(),
                    keymap: &keymap,
                };
                draw(f, review(rows), scroll, &ui)
            })
            .expect("draw");
        let buffer = terminal.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    #[test]
    fn a_short_terminal_scrolls_the_body_says_what_is_below_and_keeps_the_keys() {
        let text = screen(10, 0, (30, 8));
        assert!(text.contains("↓ 6 more, j/k to scroll"), "{text}");
        assert!(text.contains("y  delete"), "{text}");
        assert!(
            text.contains("Delete:") && text.contains("user003"),
            "{text}"
        );
        assert!(!text.contains("user004"), "{text}");
        // The blank spacing line went first: 11 rows of body, 5 of room.
        assert_eq!(max_scroll(&review(10), (30, 8)), 6);
        let text = screen(10, 6, (30, 8));
        assert!(
            text.contains("user009") && !text.contains("user004"),
            "{text}"
        );
        assert!(text.contains("↑ 6 above"), "{text}");
        assert!(!text.contains("more"), "{text}");
        // Scrolled too far is drawn at the end.
        assert_eq!(screen(10, 99, (30, 8)), text);
    }

    #[test]
    fn a_review_that_fits_shows_everything_and_no_note() {
        let text = screen(3, 5, (60, 20));
        assert!(
            text.contains("user002") && text.contains("y  delete"),
            "{text}"
        );
        assert!(!text.contains("more") && !text.contains("above"), "{text}");
        assert_eq!(max_scroll(&review(3), (60, 20)), 0);
    }

    #[test]
    fn on_a_narrow_box_the_keys_close_up_before_they_wrap() {
        let mut narrow = review(1);
        narrow.width = 90;
        narrow.keys = vec![Line::raw(" y then type 12  delete user    n/Esc  cancel")];
        let fitted = fit(&narrow, (44, 20));
        assert_eq!(fitted.keys.len(), 1);
        assert_eq!(
            fitted.keys[0].to_string(),
            " y then type 12  delete user n/Esc  cancel"
        );
        assert_eq!(fit(&narrow, (60, 20)).keys[0], narrow.keys[0]);
    }

    #[test]
    fn no_terminal_is_too_small_to_draw_in() {
        for (w, h) in [(1, 1), (5, 3), (30, 2), (2, 30)] {
            screen(10, 3, (w, h));
        }
    }
}
