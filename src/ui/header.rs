//! The header: where the session points and how much of the pool is loaded.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Ui;
use crate::app::App;

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let t = &ui.theme;
    let session = &app.session;
    let badge = if session.read_only {
        Span::styled(" RO ", t.read_only_badge())
    } else {
        Span::styled(" RW ", t.read_write_badge())
    };
    let pool_name = app
        .pool
        .as_ref()
        .filter(|p| !p.name.is_empty())
        .map(|p| format!(" ({})", super::text::safe(&p.name)))
        .unwrap_or_default();
    let loaded = app.list.users.len();
    let noun = if loaded == 1 { "user" } else { "users" };
    let count = match app.pool.as_ref().and_then(|p| p.estimated_users) {
        Some(estimate) if app.list.is_complete() => format!("{loaded} {noun} (~{estimate} est.)"),
        Some(estimate) => format!("{loaded} / ~{estimate} users"),
        None => format!("{loaded} {noun}"),
    };
    let mut spans = vec![
        Span::styled(" cognito-tui ", t.title()),
        badge,
        Span::raw(if session.pool_id.is_empty() {
            " no pool chosen (:pool)".to_owned()
        } else {
            format!(" pool {}{pool_name}", session.pool_id)
        }),
        Span::styled(" │ ", t.dim()),
        Span::raw(format!("region {}", session.region)),
    ];
    if let Some(profile) = &session.profile {
        spans.push(Span::styled(" │ ", t.dim()));
        spans.push(Span::raw(format!("profile {profile}")));
    }
    spans.push(Span::styled(" │ ", t.dim()));
    spans.push(Span::raw(count));
    if let Some(filter) = &app.list.filter {
        spans.push(Span::styled(" │ ", t.dim()));
        spans.push(Span::styled(
            format!("search: {}", super::text::safe(&filter.expression)),
            t.warning(),
        ));
    }
    if let Some(text) = &app.local_filter {
        spans.push(Span::styled(" │ ", t.dim()));
        spans.push(Span::styled(
            if app.list.filtering.is_some() {
                format!("filter: {} (matching…)", super::text::safe(text))
            } else {
                format!(
                    "filter: {} ({} shown)",
                    super::text::safe(text),
                    app.list.rows()
                )
            },
            t.warning(),
        ));
    }
    if app.mask_pii {
        spans.push(Span::styled(" │ ", t.dim()));
        spans.push(Span::styled("PII hidden", t.warning()));
    }
    if app.load_all {
        spans.push(Span::styled(" ⟳ loading all (Esc stops)", t.progress()));
    } else if app.list.loading.is_some() {
        spans.push(Span::styled(" ⟳ loading", t.progress()));
    } else if app.list.next_token.is_some() {
        spans.push(Span::styled(" (more on scroll)", t.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}
