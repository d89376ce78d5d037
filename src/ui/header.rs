//! The header: where the session points and how much of the pool is loaded. When the terminal
//! is too narrow for all of it, the least needed parts go first (the title, the region, the
//! profile, the pool's name), so the RO/RW badge, the pool id and what the list is filtered by
//! stay in view; the pool id, cut with `…` if even it does not fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::Ui;
use crate::app::{Action, App};

/// One part of the header and how much it is needed: parts with the lowest need are dropped
/// first when the line is too long.
struct Part {
    need: u8,
    spans: Vec<Span<'static>>,
}

impl Part {
    fn width(&self) -> usize {
        self.spans.iter().map(|s| s.content.width()).sum()
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, ui: &Ui) {
    let parts = fit(parts(app, ui), usize::from(area.width));
    let spans: Vec<Span> = parts.into_iter().flat_map(|p| p.spans).collect();
    frame.render_widget(Line::from(spans), area);
}

/// The need of the parts that are never dropped (the badge, the pool id): cut with `…` instead.
const KEPT: u8 = 10;

/// The need of what shapes the list (its group, search, filter, hidden data): rather than drop
/// one, the pool id (the last part kept) is cut, down to [`SHORTEST`] columns.
const SHAPES: u8 = 8;
const SHORTEST: usize = 20;

/// Drops the least needed parts (the rightmost of equal need first) until the rest fit; what
/// is kept whatever the width ends in `…` where it is still too long.
fn fit(mut parts: Vec<Part>, width: usize) -> Vec<Part> {
    loop {
        let total: usize = parts.iter().map(Part::width).sum();
        if total <= width || parts.len() < 2 {
            break;
        }
        let Some((least, need)) = parts
            .iter()
            .enumerate()
            .min_by_key(|(i, p)| (p.need, std::cmp::Reverse(*i)))
            .filter(|(_, p)| p.need < KEPT)
            .map(|(i, p)| (i, p.need))
        else {
            break;
        };
        let pool = parts.iter().rposition(|p| p.need >= KEPT);
        if need >= SHAPES
            && let Some(pool) = pool.filter(|&i| parts[i].width() > SHORTEST)
        {
            let to = parts[pool]
                .width()
                .saturating_sub(total - width)
                .max(SHORTEST);
            cut(&mut parts[pool], to);
            continue;
        }
        parts.remove(least);
    }
    let total: usize = parts.iter().map(Part::width).sum();
    if total > width
        && let Some(last) = parts.last_mut()
    {
        let to = last.width().saturating_sub(total - width);
        cut(last, to);
    }
    parts
}

/// `part` cut to `width` columns, its last span ending in `…`.
fn cut(part: &mut Part, width: usize) {
    let before = part.width();
    if let Some(span) = part.spans.last_mut() {
        let room = width.saturating_sub(before - span.content.width());
        span.content = super::text::truncate(&span.content, room)
            .into_owned()
            .into();
    }
}

fn parts(app: &App, ui: &Ui) -> Vec<Part> {
    let t = &ui.theme;
    let session = &app.session;
    let separated = |need: u8, span: Span<'static>| Part {
        need,
        spans: vec![Span::styled(" │ ", t.dim()), span],
    };
    let badge = if session.read_only {
        Span::styled(" RO ", t.read_only_badge())
    } else {
        Span::styled(" RW ", t.read_write_badge())
    };
    let mut parts = vec![
        Part {
            need: 1,
            spans: vec![Span::styled(" cognito-tui ", t.title())],
        },
        Part {
            need: KEPT,
            spans: vec![badge],
        },
        Part {
            need: KEPT,
            spans: vec![Span::raw(if session.pool_id.is_empty() {
                format!(" no pool chosen ({}pool)", ui.key(Action::CommandLine))
            } else {
                format!(" pool {}", session.pool_id)
            })],
        },
    ];
    if let Some(name) = app.pool.as_ref().map(|p| &p.name).filter(|n| !n.is_empty()) {
        parts.push(Part {
            need: 4,
            spans: vec![Span::raw(format!(" ({})", super::text::safe(name)))],
        });
    }
    parts.push(separated(
        2,
        Span::raw(format!("region {}", session.region)),
    ));
    if let Some(profile) = &session.profile {
        parts.push(separated(3, Span::raw(format!("profile {profile}"))));
    }
    let loaded = app.list.users.len();
    let noun = if loaded == 1 { "user" } else { "users" };
    let estimate = app.pool.as_ref().and_then(|p| p.estimated_users);
    // The pool's estimate counts the pool, not a group.
    let count = match estimate.filter(|_| app.group.is_none()) {
        Some(estimate) if app.list.is_complete() => format!("{loaded} {noun} (~{estimate} est.)"),
        Some(estimate) => format!("{loaded} / ~{estimate} users"),
        None => format!("{loaded} {noun}"),
    };
    parts.push(separated(5, Span::raw(count)));
    if let Some(group) = &app.group {
        parts.push(separated(
            8,
            Span::styled(
                format!(
                    "group: {} ({} leaves)",
                    super::text::safe(group),
                    ui.key(Action::Cancel)
                ),
                t.warning(),
            ),
        ));
    }
    if let Some(filter) = &app.list.filter {
        parts.push(separated(
            8,
            Span::styled(
                if app.mask_pii {
                    "search: (hidden)".to_owned()
                } else {
                    format!("search: {}", super::text::safe(&filter.expression))
                },
                t.warning(),
            ),
        ));
    }
    if let Some(text) = &app.local_filter {
        let shown = if app.list.filtering.is_some() {
            "matching…".to_owned()
        } else {
            format!("{} shown", app.list.rows())
        };
        parts.push(separated(
            8,
            Span::styled(
                if app.mask_pii {
                    format!("filter: (hidden) ({shown})")
                } else {
                    format!("filter: {} ({shown})", super::text::safe(text))
                },
                t.warning(),
            ),
        ));
    }
    if app.mask_pii {
        parts.push(separated(9, Span::styled("PII hidden", t.warning())));
    }
    let loading = if app.load_all {
        Some((
            6,
            Span::styled(
                format!(" ⟳ loading all ({} stops)", ui.key(Action::Cancel)),
                t.progress(),
            ),
        ))
    } else if app.list.loading.is_some() {
        Some((6, Span::styled(" ⟳ loading", t.progress())))
    } else if app.list.next_token.is_some() {
        Some((2, Span::styled(" (more on scroll)", t.dim())))
    } else {
        None
    };
    if let Some((need, span)) = loading {
        parts.push(Part {
            need,
            spans: vec![span],
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(need: u8, text: &str) -> Part {
        Part {
            need,
            spans: vec![Span::raw(text.to_owned())],
        }
    }

    fn text(parts: &[Part]) -> String {
        parts
            .iter()
            .flat_map(|p| p.spans.iter().map(|s| s.content.to_string()))
            .collect()
    }

    #[test]
    fn the_least_needed_parts_go_first_and_the_rest_keep_their_order() {
        let parts = || {
            vec![
                part(1, "[title]"),
                part(10, "[RW]"),
                part(10, "[pool id]"),
                part(2, "[region]"),
                part(8, "[filter]"),
                part(2, "[more]"),
            ]
        };
        assert_eq!(
            text(&fit(parts(), 100)),
            "[title][RW][pool id][region][filter][more]"
        );
        assert_eq!(
            text(&fit(parts(), 37)),
            "[RW][pool id][region][filter][more]"
        );
        // Of equal need, the rightmost goes first.
        assert_eq!(text(&fit(parts(), 29)), "[RW][pool id][region][filter]");
        assert_eq!(text(&fit(parts(), 25)), "[RW][pool id][filter]");
        // The badge and the pool id are never dropped: the pool id is cut with a sign.
        assert_eq!(text(&fit(parts(), 10)), "[RW][pool…");
        assert_eq!(text(&fit(parts(), 5)), "[RW]…");
    }
}
