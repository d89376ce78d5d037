//! The status line: the current message, or the keys of what has focus.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Ui;
use unicode_width::UnicodeWidthStr;

use super::text::{safe, truncate};
use crate::app::{Action, App, InputKind, Status, StatusKind};

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
    if let Some(input) = &app.input {
        let mut secret = false;
        let (prompt, hint): (String, String) = match input.kind {
            InputKind::Search => (" search: ".into(), input_hint(input.kind, app, ui)),
            InputKind::LocalFilter => (" filter: ".into(), input_hint(input.kind, app, ui)),
            InputKind::Command => (
                format!(" {}", ui.key(Action::CommandLine)),
                input_hint(input.kind, app, ui),
            ),
            InputKind::ConfirmCount => (
                " type the number of users to confirm: ".into(),
                input_hint(input.kind, app, ui),
            ),
            InputKind::GroupFilter => (" group filter: ".into(), input_hint(input.kind, app, ui)),
            InputKind::PoolFilter => (" pool filter: ".into(), input_hint(input.kind, app, ui)),
            InputKind::Form => match &app.form {
                Some(form) => {
                    let (prompt, hint, hidden) = form.prompt();
                    secret = hidden;
                    (prompt, hint.to_owned())
                }
                None => (" ".into(), String::new()),
            },
        };
        // What is typed into a search or filter is often an email or a name: with masking on it
        // shows as one dot a character, like a password, so the cursor still lands right.
        // A password is never shown, masking or not.
        let personal = match input.kind {
            InputKind::Search | InputKind::LocalFilter => true,
            InputKind::Form => app.form.as_ref().is_some_and(|f| f.holds_personal_data()),
            InputKind::ConfirmCount
            | InputKind::Command
            | InputKind::GroupFilter
            | InputKind::PoolFilter => false,
        };
        let hidden = secret || app.mask_pii && personal;
        // A step of a form given again says why in place of its hint (the two passwords
        // differ, a username with a space…): the input line hides the status line.
        let warning = match &app.status {
            Some(status) if input.kind == InputKind::Form && status.kind == StatusKind::Warning => {
                let text = if app.mask_pii {
                    // It may quote what was typed ("name Jo" is not name=value).
                    let mut known = super::personal_values(app);
                    known.extend(input.text.split([';', '=']).map(str::trim));
                    crate::pii::redact(&status.text, &known)
                } else {
                    status.text.clone()
                };
                Some(format!("  ! {text}"))
            }
            _ => None,
        };
        let shown = if hidden {
            "•".repeat(input.text.chars().count())
        } else {
            input.text.clone()
        };
        let prompt = safe(&prompt).into_owned();
        // Text longer than the line scrolls so the cursor stays in sight.
        let room = usize::from(area.width).saturating_sub(prompt.width() + 1);
        let (text, cursor_at, scrolled_away) = scrolled(&shown, input.cursor, room);
        let cursor_x = area.x + (prompt.width() + cursor_at) as u16;
        // The hint or warning after the text is cut with `…` where the line ends.
        // A scrolled text fills the line up to the cursor: no room for a hint.
        let room = if scrolled_away {
            0
        } else {
            usize::from(area.width).saturating_sub(prompt.width() + text.width())
        };
        let after = match warning {
            Some(warning) => {
                Span::styled(truncate(&safe(&warning), room).into_owned(), t.warning())
            }
            None => Span::styled(truncate(&hint, room).into_owned(), t.dim()),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(prompt.as_str(), t.title()),
                Span::raw(text),
                after,
            ]),
            area,
        );
        frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    let line = match &app.status {
        Some(status) => {
            let (text, style) = status_text(app, status, ui);
            let width = usize::from(area.width);
            // A warning or error too long for one row takes two ([`rows`]); too long for two,
            // or hiding others, it says where to read it all. Any other is cut with `…`.
            let in_full = format!(" [{}: in full]", messages_key(ui));
            let note = match app.messages.missed {
                0 if is_kept(status.kind) && text.width() > width => in_full.clone(),
                0 => String::new(),
                n => format!(" [+{n} more · {}]", messages_key(ui)),
            };
            if area.height >= 2 {
                let hid_others = app.messages.missed > 0;
                let note = if hid_others { note } else { in_full };
                let lines = two_rows(&text, (&note, hid_others), area.width, style, t.warning());
                frame.render_widget(ratatui::widgets::Clear, area);
                frame.render_widget(ratatui::widgets::Paragraph::new(lines), area);
                return;
            }
            let room = width.saturating_sub(note.width());
            Line::from(vec![
                Span::styled(truncate(&text, room).into_owned(), style),
                Span::styled(note, t.warning()),
            ])
        }
        None if app.messages.missed > 0 => {
            let n = app.messages.missed;
            let text = format!(
                " ! {n} {} not shown: {} lists them",
                if n == 1 { "message" } else { "messages" },
                messages_key(ui)
            );
            Line::styled(
                truncate(&text, usize::from(area.width)).into_owned(),
                t.warning(),
            )
        }
        None => {
            // The keys of what has focus: the main screen, an overlay or its help.
            let parts = app
                .keys_in_focus()
                .iter()
                .filter_map(|hint| Some((super::hint_text(hint, ui)?, hint.rank)))
                .collect();
            let parts = fit_hints(parts, usize::from(area.width).saturating_sub(1));
            Line::styled(format!(" {}", parts.join(" · ")), t.dim())
        }
    };
    frame.render_widget(line, area);
}

/// `shown` as the input line draws it (made safe) with the cursor `cursor` characters in, and the
/// cursor's column in it. When the text before the cursor is wider than `room`, its start gives
/// way to `…` so the cursor and what was just typed stay in sight (and the flag says so).
fn scrolled(shown: &str, cursor: usize, room: usize) -> (String, usize, bool) {
    let chars: Vec<char> = shown.chars().collect();
    let cursor = cursor.min(chars.len());
    let width = |from: usize, to: usize| safe(&chars[from..to].iter().collect::<String>()).width();
    let before = width(0, cursor);
    if before <= room {
        return (safe(shown).into_owned(), before, false);
    }
    let skip = (1..=cursor)
        .find(|&skip| width(skip, cursor) < room)
        .unwrap_or(cursor);
    let rest: String = chars[skip..].iter().collect();
    (format!("…{}", safe(&rest)), 1 + width(skip, cursor), true)
}

/// The input line's hint after the text: `  (what to type · key does · …)`.
fn input_hint(kind: InputKind, app: &App, ui: &Ui) -> String {
    let (about, keys) = crate::app::key_hints::input_hints(kind, &app.session);
    let keys = keys.iter().filter_map(|hint| super::hint_text(hint, ui));
    let parts: Vec<String> = about.map(str::to_owned).into_iter().chain(keys).collect();
    format!("  ({})", parts.join(" · "))
}

/// Whether a status of this kind goes in the messages (and may take two rows).
pub fn is_kept(kind: StatusKind) -> bool {
    matches!(kind, StatusKind::Warning | StatusKind::Error)
}

/// The status as the line writes it (` ✗ text`, personal data masked when asked), and its style.
fn status_text(app: &App, status: &Status, ui: &Ui) -> (String, ratatui::style::Style) {
    let t = &ui.theme;
    let style = match status.kind {
        StatusKind::Info => t.info(),
        StatusKind::Progress => t.progress(),
        StatusKind::Warning => t.warning(),
        StatusKind::Error => t.error(),
    };
    (status_words(app, status), style)
}

/// The text of [`status_text`].
fn status_words(app: &App, status: &Status) -> String {
    let prefix = match status.kind {
        StatusKind::Info => "",
        StatusKind::Progress => "⟳ ",
        StatusKind::Warning => "! ",
        StatusKind::Error => "✗ ",
    };
    let text = if app.mask_pii {
        crate::pii::redact(&status.text, &super::personal_values(app))
    } else {
        status.text.clone()
    };
    format!(" {prefix}{text}")
}

/// Rows the status line takes `width` columns wide: two for a warning or error longer than one
/// (drawn over the panes' bottom border, so the panes keep their rows), else one.
pub fn rows(app: &App, width: u16) -> u16 {
    match &app.status {
        Some(status) if app.input.is_none() && is_kept(status.kind) => {
            let text = status_words(app, status);
            let note = if app.messages.missed > 0 { 16 } else { 0 };
            if text.width() + note > usize::from(width) {
                2
            } else {
                1
            }
        }
        _ => 1,
    }
}

/// `text` on two rows of `width`, the second indented under the text; what does not fit is cut
/// with `…` before `note`, which shows only when something is cut unless `always`.
fn two_rows<'a>(
    text: &str,
    (note, always): (&str, bool),
    width: u16,
    style: ratatui::style::Style,
    note_style: ratatui::style::Style,
) -> Vec<Line<'a>> {
    const INDENT: usize = 3;
    let rows = super::wrap::hang(Line::raw(text.to_owned()), INDENT, width);
    let first: String = rows
        .first()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .unwrap_or_default();
    let rest: Vec<String> = rows
        .iter()
        .skip(1)
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect();
    let rest = rest.join(" ");
    let room = usize::from(width).saturating_sub(INDENT + note.width());
    // The note that says where the rest is only when something is cut; the count of
    // messages hidden, always.
    let note = if rest.width() <= room && !always {
        ""
    } else {
        note
    };
    let second = format!("{}{}", " ".repeat(INDENT), truncate(&rest, room));
    vec![
        Line::styled(first, style),
        Line::from(vec![
            Span::styled(second, style),
            Span::styled(note.to_owned(), note_style),
        ]),
    ]
}

/// The key that opens the messages, or the command where none is bound.
fn messages_key(ui: &Ui) -> String {
    ui.keymap
        .keys_for(Action::Messages)
        .first()
        .map_or_else(|| ":messages".to_owned(), |k| k.label())
}

/// The hints, in order, without the lowest-ranked (highest number) ones that do not fit in
/// `width` columns when joined by ` · `.
fn fit_hints(mut parts: Vec<(String, u8)>, width: usize) -> Vec<String> {
    let joined = |parts: &[(String, u8)]| {
        parts.iter().map(|(p, _)| p.width()).sum::<usize>() + 3 * parts.len().saturating_sub(1)
    };
    while parts.len() > 1 && joined(&parts) > width {
        if let Some(least) = (0..parts.len()).max_by_key(|&i| parts[i].1) {
            parts.remove(least);
        }
    }
    parts.into_iter().map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_drop_the_least_needed_first_and_keep_their_order() {
        let parts = || {
            vec![
                ("j down".to_owned(), 3),
                ("/ search".to_owned(), 1),
                ("? help".to_owned(), 0),
                ("q quit".to_owned(), 2),
            ]
        };
        let all = "j down · / search · ? help · q quit";
        assert_eq!(fit_hints(parts(), 80).join(" · "), all);
        assert_eq!(fit_hints(parts(), all.width()).join(" · "), all);
        assert_eq!(
            fit_hints(parts(), all.width() - 1).join(" · "),
            "/ search · ? help · q quit"
        );
        assert_eq!(fit_hints(parts(), 10), ["? help"]);
        assert_eq!(fit_hints(parts(), 0), ["? help"]);
    }
}
