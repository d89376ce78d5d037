//! The help overlay: every action the session offers with its keys, taken from the keymap in
//! force; two columns when the terminal is wide enough. Over another overlay, `?` shows that
//! overlay's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Ui, centered};
use crate::app::{Action, KeyName, Overlay, Session};

/// Columns of one help entry: keys, then the description.
const KEYS_WIDTH: usize = 13;
const ENTRY_WIDTH: usize = KEYS_WIDTH + 36;

/// The help's rows for a terminal of `screen`'s size, and the box's width: the actions that do
/// something in `session` (`Action::offered_in`).
fn content<'a>(screen: Rect, session: &Session, ui: &Ui) -> (Vec<Line<'a>>, u16) {
    let t = &ui.theme;
    let entries: Vec<Vec<Span>> = Action::ALL
        .iter()
        .filter(|action| action.offered_in(session))
        .map(|action| {
            let keys = ui
                .keymap
                .keys_for(*action)
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" ");
            // An action the keymap unbinds (`review = []`) is listed as such, not as a blank.
            let keys = if keys.is_empty() {
                "(unbound)".to_owned()
            } else {
                keys
            };
            vec![
                Span::styled(format!(" {keys:<w$}", w = KEYS_WIDTH - 1), t.title()),
                Span::raw(format!("{:<36}", describe(*action, session, ui))),
            ]
        })
        .collect();
    let two_columns = screen.width as usize >= 2 * ENTRY_WIDTH + 4;
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
    // Signed in as the user, no one is chosen and no bulk run marks the list.
    if session.self_service {
        lines.push(Line::styled(" User list:", t.dim()));
        lines.push(Line::raw(" ▶ cursor"));
    } else {
        legend(
            &mut lines,
            " User list:",
            " ▶ cursor  ● chosen (bulk)  … deleting",
            "  ✓ deleted  – skipped  ✗ failed",
        );
    }
    if Action::LocalFilter.offered_in(session) {
        legend(
            &mut lines,
            " Filter words (f), each within one field:",
            " ann  fuzzy   ^ann  starts   .org$  ends",
            "   'ann  exact   !test  not",
        );
    }
    let width = if two_columns {
        2 * ENTRY_WIDTH + 2
    } else {
        ENTRY_WIDTH + 2
    };
    // Narrower than an entry, a description wraps under itself rather than being cut off.
    let inner = (width as u16).min(screen.width).saturating_sub(2);
    let lines = wrap_entries(lines.into_iter().map(trim_end), inner);
    (lines, width as u16)
}

/// What `action` does, in the help's words; the command line of a user's own sign-in names
/// the commands it takes, not the pool's.
fn describe(action: Action, session: &Session, ui: &Ui) -> String {
    match action {
        Action::CommandLine if session.self_service => {
            let k = ui.key(Action::CommandLine);
            format!("{k}describe {k}export {k}view {k}q …")
        }
        // One user, loaded at once: there is no more to load, no one chosen, no search.
        Action::Bottom if session.self_service => "go to the bottom".to_owned(),
        Action::Cancel if session.self_service => "cancel, clear marks".to_owned(),
        Action::ToggleMark if session.self_service => "mark attribute".to_owned(),
        // Read-only journals nothing of its own and undoes nothing.
        Action::Journal if session.read_only => "journal of changes".to_owned(),
        _ => action.describe_with_keys(|a| ui.key(a)),
    }
}

/// Rows the help box shows of its `lines` in `screen`.
fn shown(screen: Rect, width: u16, lines: &[Line]) -> Rect {
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    centered(screen, width, height)
}

/// How far the help scrolls at most in a terminal of this size: 0 when it fits.
pub fn max_scroll(ui: &Ui, session: &Session, width: u16, height: u16) -> usize {
    let screen = Rect::new(0, 0, width, height);
    let (lines, box_width) = content(screen, session, ui);
    let area = shown(screen, box_width, &lines);
    lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)))
}

pub fn render(frame: &mut Frame, scroll: usize, session: &Session, ui: &Ui) {
    let t = &ui.theme;
    let (lines, width) = content(frame.area(), session, ui);
    let inner = width.min(frame.area().width).saturating_sub(2);
    let area = shown(frame.area(), width, &lines);
    // Where the terminal is too short, j/k scroll; the title says how much is out of sight.
    let rows = usize::from(area.height.saturating_sub(2));
    let hidden = lines.len().saturating_sub(rows);
    let scroll = scroll.min(hidden);
    let (close, scroll_keys) = (
        ui.key(Action::Cancel),
        ui.key_pair(Action::MoveDown, Action::MoveUp),
    );
    let title = if hidden == 0 {
        format!(" Help — {} or {close} to close ", ui.key(Action::Help))
    } else {
        format!(
            " Help — {}–{} of {} · {scroll_keys} scroll ",
            scroll + 1,
            scroll + rows,
            lines.len()
        )
    };
    let title = if title.chars().count() <= usize::from(inner) {
        title
    } else if hidden == 0 {
        format!(" Help · {close} ")
    } else {
        format!(
            " Help {}–{}/{} · {scroll_keys} ",
            scroll + 1,
            scroll + rows,
            lines.len()
        )
    };
    let block = super::overlay_block(t, title);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// `line` without the padding its last cell was given to line up the columns.
fn trim_end(mut line: Line<'_>) -> Line<'_> {
    if let Some(last) = line.spans.last_mut() {
        let trimmed = last.content.trim_end().len();
        match &mut last.content {
            std::borrow::Cow::Borrowed(s) => *s = &s[..trimmed],
            std::borrow::Cow::Owned(s) => s.truncate(trimmed),
        }
    }
    line
}

/// The help of an overlay (`?` over it): its keys, as its status line names them, one a line.
fn overlay_content<'a>(overlay: &Overlay, session: &Session, ui: &Ui) -> (Vec<Line<'a>>, String) {
    let t = &ui.theme;
    let mut lines: Vec<Line> = overlay
        .keys_in(session)
        .iter()
        .filter(|hint| hint.key != KeyName::Bound(Action::Help))
        .filter_map(|hint| {
            let key = super::key_name(hint.key, ui)?;
            let does = super::hint_does(hint, ui);
            Some(Line::from(vec![
                Span::styled(format!(" {key:<w$}", w = KEYS_WIDTH - 1), t.title()),
                Span::raw(does),
            ]))
        })
        .collect();
    let back = [Action::Help, Action::Cancel]
        .into_iter()
        .filter_map(|a| super::key_name(KeyName::Bound(a), ui))
        .collect::<Vec<_>>()
        .join("/");
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" {back:<w$}back to {}", overlay.name(), w = KEYS_WIDTH - 1),
        t.dim(),
    ));
    (lines, format!(" {} — keys ", overlay.name()))
}

/// Where the overlay's help shows in `screen`, and its lines wrapped to fit.
fn overlay_layout<'a>(
    overlay: &Overlay,
    session: &Session,
    screen: Rect,
    ui: &Ui,
) -> (Rect, Vec<Line<'a>>, String) {
    let (lines, title) = overlay_content(overlay, session, ui);
    let width = (ENTRY_WIDTH as u16 + 2).min(screen.width);
    let inner = width.saturating_sub(2);
    let lines = wrap_entries(lines, inner);
    (shown(screen, width, &lines), lines, title)
}

/// Help lines wrapped to `inner` columns: an entry's description under itself, past its keys;
/// any other line under its text.
fn wrap_entries<'a>(lines: impl IntoIterator<Item = Line<'a>>, inner: u16) -> Vec<Line<'a>> {
    lines
        .into_iter()
        .flat_map(|line| {
            let indent = if line.spans.len() > 1 {
                KEYS_WIDTH
            } else {
                super::wrap::text_column(&line)
            };
            super::wrap::hang(line, indent, inner)
        })
        .collect()
}

/// How far an overlay's help scrolls at most in a terminal of this size: 0 when it fits.
pub fn overlay_max_scroll(
    overlay: &Overlay,
    session: &Session,
    ui: &Ui,
    width: u16,
    height: u16,
) -> usize {
    let (area, lines, _) = overlay_layout(overlay, session, Rect::new(0, 0, width, height), ui);
    lines
        .len()
        .saturating_sub(usize::from(area.height.saturating_sub(2)))
}

pub fn render_overlay(
    frame: &mut Frame,
    overlay: &Overlay,
    session: &Session,
    scroll: usize,
    ui: &Ui,
) {
    let t = &ui.theme;
    let (area, lines, title) = overlay_layout(overlay, session, frame.area(), ui);
    let rows = usize::from(area.height.saturating_sub(2));
    let hidden = lines.len().saturating_sub(rows);
    let scroll = scroll.min(hidden);
    let inner = area.width.saturating_sub(2);
    let title = super::fit_title(title, overlay.name(), inner);
    let mut block = super::overlay_block(t, title);
    if let Some(note) = super::hidden_note(scroll, hidden - scroll) {
        block = block.title_bottom(Span::styled(note, t.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}
