//! A user's sign-in history: time, event, result, risk, IP, device and place, newest first.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::text::{safe, truncate};
use super::{Ui, centered, timestamp};
use crate::app::SignInHistory;

pub fn render(frame: &mut Frame, view: &SignInHistory, mask_pii: bool, ui: &Ui) {
    let t = &ui.theme;
    let area = centered(
        frame.area(),
        120,
        frame.area().height.saturating_sub(4).max(8),
    );
    let rows = area.height.saturating_sub(3) as usize;
    let mut lines = vec![Line::styled(
        format!(
            " {:<23} {:<15} {:<10} {:<7} {:<16} {:<18} {}",
            "When", "Event", "Result", "Risk", "IP", "Device", "Place"
        ),
        t.title(),
    )];
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
            lines.push(Line::styled(format!(" {text}"), t.error()));
        }
        Some(Ok(events)) if events.is_empty() => {
            lines.push(Line::styled(" No sign-in events recorded.", t.dim()));
        }
        Some(Ok(events)) => {
            let offset = view.scroll.min(events.len().saturating_sub(rows));
            for event in events.iter().skip(offset).take(rows) {
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
                let style = if event.response == "Fail" {
                    t.warning()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::styled(
                    format!(
                        " {:<23} {:<15} {:<10} {:<7} {:<16} {:<18} {}",
                        timestamp(event.created),
                        truncate(&safe(&event.event_type), 15),
                        truncate(&safe(&event.response), 10),
                        truncate(&safe(event.risk_level.as_deref().unwrap_or("—")), 7),
                        truncate(&safe(&ip), 16),
                        truncate(&safe(event.device.as_deref().unwrap_or("—")), 18),
                        truncate(&safe(&place), 24),
                    ),
                    style,
                ));
            }
        }
    }
    let whom = if mask_pii {
        crate::pii::username(&view.username)
    } else {
        view.username.as_str().into()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(
            format!(
                " Sign-in history of {} — ↑↓ scroll · r reload · Esc close ",
                safe(&whom)
            ),
            t.title(),
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
