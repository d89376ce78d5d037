//! A user's sign-in history: time, event, result, risk, IP, device and place, newest first.
//! One event is one row at any width: where the box is narrow, the columns that matter least
//! are left out (the bottom border counts them) and the last one shown is cut with `…`.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::text::{safe, truncate};
use super::{Ui, centered, timestamp, wrap};
use crate::app::SignInHistory;
use crate::directory::AuthEvent;

/// The columns in the order shown: title and width.
const COLUMNS: [(&str, usize); 7] = [
    ("When", 23),
    ("Event", 15),
    ("Result", 10),
    ("Risk", 7),
    ("IP", 16),
    ("Device", 18),
    ("Place", 24),
];

/// The order columns are given room in: when, result and event first.
const PRIORITY: [usize; 7] = [0, 2, 1, 4, 3, 5, 6];

/// Width of the time without its seconds and zone (`2024-06-01 08:00`), for narrow boxes.
const SHORT_WHEN: usize = 16;

/// The narrowest a cut column is shown.
const MIN_CUT: usize = 6;

/// The columns shown in a box `inner` columns wide: `(column, width)` in display order, and
/// whether the time is shortened.
fn layout(inner: usize) -> (Vec<(usize, usize)>, bool) {
    // The full time when when, event and result fit beside it.
    let short = inner < 1 + COLUMNS[0].1 + 1 + COLUMNS[1].1 + 1 + COLUMNS[2].1;
    let mut chosen = Vec::new();
    let mut used = 1;
    for &column in &PRIORITY {
        let width = if column == 0 && short {
            SHORT_WHEN
        } else {
            COLUMNS[column].1
        };
        let gap = usize::from(!chosen.is_empty());
        if used + gap + width <= inner {
            chosen.push((column, width));
            used += gap + width;
        } else {
            let room = inner.saturating_sub(used + gap);
            if room >= MIN_CUT || chosen.is_empty() {
                chosen.push((column, room));
            }
            break;
        }
    }
    chosen.sort_unstable();
    (chosen, short)
}

fn cells(event: &AuthEvent, mask_pii: bool, short: bool) -> [String; 7] {
    let ip = event.ip_address.as_deref().unwrap_or("—");
    let place = [event.city.as_deref(), event.country.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let (ip, place) = if mask_pii {
        (crate::pii::mask(ip), crate::pii::mask(&place))
    } else {
        (ip.to_owned(), place)
    };
    let mut when = timestamp(event.created);
    if short {
        when = when.chars().take(SHORT_WHEN).collect();
    }
    [
        when,
        safe(&event.event_type).into_owned(),
        safe(&event.response).into_owned(),
        safe(event.risk_level.as_deref().unwrap_or("—")).into_owned(),
        safe(&ip).into_owned(),
        safe(event.device.as_deref().unwrap_or("—")).into_owned(),
        safe(&place).into_owned(),
    ]
}

/// One row: each chosen cell cut to its width, padded but the last.
fn row(cells: &[String], columns: &[(usize, usize)]) -> String {
    let mut out = String::from(" ");
    for (i, &(column, width)) in columns.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let cell = truncate(&cells[column], width);
        if i + 1 < columns.len() {
            out.push_str(&format!("{cell:<width$}"));
        } else {
            out.push_str(&cell);
        }
    }
    out
}

pub fn render(frame: &mut Frame, view: &SignInHistory, mask_pii: bool, ui: &Ui) {
    let t = &ui.theme;
    let area = centered(
        frame.area(),
        120,
        frame.area().height.saturating_sub(4).max(8),
    );
    let inner = usize::from(area.width.saturating_sub(2));
    let rows = area.height.saturating_sub(3) as usize;
    let (columns, short) = layout(inner);
    let titles = COLUMNS.map(|(title, _)| title.to_owned());
    let mut titles = titles.to_vec();
    if short {
        titles[0] = "When (UTC)".into();
    }
    let mut lines = vec![Line::styled(row(&titles, &columns), t.title())];
    let mut below = 0;
    match &view.events {
        None => lines.push(Line::styled(" Reading the sign-in history…", t.progress())),
        Some(Err(why)) => {
            // A pool without threat protection is answered with its own sentence; any other
            // error says what could not be read.
            let text = if why.contains("threat protection") {
                safe(why).into_owned()
            } else {
                format!(
                    "The sign-in history cannot be read: {}",
                    safe(why).trim_end_matches('.')
                )
            };
            lines.extend(wrap::hanging(
                vec![Line::styled(format!(" {text}"), t.error())],
                area.width.saturating_sub(2),
            ));
        }
        Some(Ok(events)) if events.is_empty() => {
            lines.push(Line::styled(" No sign-in events recorded.", t.dim()));
        }
        Some(Ok(events)) => {
            let offset = view.scroll.min(events.len().saturating_sub(rows));
            below = events.len().saturating_sub(offset + rows);
            for event in events.iter().skip(offset).take(rows) {
                let style = if event.response == "Fail" {
                    t.warning()
                } else {
                    ratatui::style::Style::new()
                };
                let text = row(&cells(event, mask_pii, short), &columns);
                lines.push(Line::styled(truncate(&text, inner).into_owned(), style));
            }
        }
    }
    let whom = if mask_pii {
        crate::pii::username(&view.username)
    } else {
        view.username.as_str().into()
    };
    // Its keys are in the status line.
    let title = format!(" Sign-in history of {} ", safe(&whom));
    let title = if unicode_width::UnicodeWidthStr::width(title.as_str()) <= inner {
        title
    } else {
        format!(
            " {} ",
            truncate(
                &format!("History of {}", safe(&whom)),
                inner.saturating_sub(2)
            )
        )
    };
    let mut notes = Vec::new();
    if below > 0 {
        notes.push(format!("↓ {below} more"));
    }
    let hidden = COLUMNS.len() - columns.len();
    if hidden > 0 {
        notes.push(format!(
            "{hidden} column{} need{} more width",
            if hidden == 1 { "" } else { "s" },
            if hidden == 1 { "s" } else { "" }
        ));
    }
    let mut block = super::overlay_block(t, title);
    if !notes.is_empty() {
        block = block.title_bottom(Span::styled(format!(" {} ", notes.join(" · ")), t.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_gets_one_row_per_event_with_the_time_first() {
        for inner in [0, 5, 20, 28, 38, 58, 78, 118, 200] {
            let (columns, _) = layout(inner);
            assert_eq!(columns.first().map(|c| c.0), Some(0), "{inner}");
            let width = 1 + columns.iter().map(|c| c.1 + 1).sum::<usize>() - 1;
            assert!(width <= inner.max(1), "{inner}: {columns:?}");
        }
        let (columns, short) = layout(118);
        assert_eq!(columns.len(), 7);
        assert!(!short);
        let (columns, short) = layout(28);
        assert!(short);
        assert_eq!(columns.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 2]);
    }
}
