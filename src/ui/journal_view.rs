//! The journal view: this pool's journalled changes, newest first, and below them the selected
//! one in full: what it did, how it went (Cognito's error for a failed one) and whether `u`
//! can undo it. Its keys are in the status line (`app::key_hints`).

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::review_box::ReviewBox;
use super::text::{safe, truncate};
use super::{Ui, centered, wrap};
use crate::app::{Action, BatchUndo, JournalLine, JournalView};
use crate::journal::when;

/// Where the journal is drawn in `screen`: its box, the selected entry in full for under the
/// table, and how many entries the table shows from which (`top` as last drawn).
struct Layout {
    area: ratatui::layout::Rect,
    detail: Vec<Line<'static>>,
    rows: usize,
    offset: usize,
}

fn layout(
    screen: ratatui::layout::Rect,
    view: &JournalView,
    top: usize,
    mask_pii: bool,
    ui: &Ui,
) -> Layout {
    let t = &ui.theme;
    let area = centered(screen, 110, screen.height.saturating_sub(4).max(8));
    let inner_width = area.width.saturating_sub(2);
    let inner_height = usize::from(area.height.saturating_sub(2));
    let selected = view.lines.get(view.cursor);
    let username = |line: &JournalLine| shown_username(line, mask_pii);
    // Under a rule, the selected entry in full, wrapped to the width (the table cuts what does
    // not fit).
    let selected = selected.filter(|_| view.loading.is_none());
    let mut detail = vec![Line::styled(
        "─".repeat(usize::from(inner_width)),
        t.border(false),
    )];
    if let Some(line) = selected {
        detail.extend(details(line, &username(line), mask_pii, ui));
    }
    let detail = wrap::hanging(detail, inner_width);
    // The table's titles, then its rows; one more for the reading, error or empty line.
    let note_line = view.loading.is_some() || view.error.is_some() || view.lines.is_empty();
    let rows = inner_height
        .saturating_sub(detail.len() + 1 + usize::from(note_line))
        .max(1);
    let offset = super::window_top(top, view.cursor, rows, view.lines.len());
    Layout {
        area,
        detail,
        rows,
        offset,
    }
}

/// The entries' rows on screen, under the table's titles.
pub(super) fn rows(
    screen: ratatui::layout::Rect,
    view: &JournalView,
    top: usize,
    mask_pii: bool,
    ui: &Ui,
) -> super::OverlayRows {
    let Layout {
        area, rows, offset, ..
    } = layout(screen, view, top, mask_pii, ui);
    super::OverlayRows::list(area, area.y + 2, offset, rows, view.lines.len())
}

pub fn render(
    frame: &mut Frame,
    view: &JournalView,
    top: usize,
    mask_pii: bool,
    demo: bool,
    ui: &Ui,
) {
    let t = &ui.theme;
    let Layout {
        area,
        detail,
        rows,
        offset,
    } = layout(frame.area(), view, top, mask_pii, ui);
    let inner_width = area.width.saturating_sub(2);
    let inner_height = usize::from(area.height.saturating_sub(2));
    let username = |line: &JournalLine| shown_username(line, mask_pii);
    // On a narrow terminal the year goes and the user's column shrinks, so that the change
    // still shows in the table.
    let wide = inner_width >= 100;
    let (time_width, user_width) = if wide {
        (20, 24)
    } else {
        (
            14,
            usize::from(inner_width)
                .saturating_sub(2 + 15 + 13 + 21)
                .clamp(8, 24),
        )
    };
    let time = |time: &str| -> String {
        let time = when(time);
        if wide {
            time
        } else {
            time.chars().skip(5).collect()
        }
    };
    let mut lines = vec![Line::styled(
        format!(
            "  {:<time_width$} {:<12} {:<user_width$} {}",
            "When (UTC)", "State", "User", "Change"
        ),
        t.title(),
    )];
    for (i, line) in view.lines.iter().enumerate().skip(offset).take(rows) {
        let selected = i == view.cursor;
        // The entries a `y` would undo stand out: the one asked for, or those of the run.
        let pending = view.confirm_undo.as_deref() == Some(line.id.as_str())
            || view
                .confirm_batch
                .as_ref()
                .is_some_and(|b| b.undo.iter().any(|l| l.id == line.id));
        let text = format!(
            "{}{:<time_width$} {:<12} {:<user_width$} {}",
            if selected { "▶ " } else { "  " },
            time(&line.time),
            line.state,
            truncate(&username(line), user_width),
            safe(&line.what)
        );
        // A change too long for the row is cut as every cell is, with `…`.
        let text = truncate(&text, usize::from(inner_width)).into_owned();
        let style = if pending {
            t.warning()
        } else if selected {
            t.selected(true)
        } else if line.state == "pending" || line.state == "error" {
            t.error()
        } else {
            Style::new()
        };
        lines.push(Line::styled(text, style));
    }
    let note = if view.loading.is_some() {
        Some(Line::styled("  Reading the journal…", t.progress()))
    } else if let Some(error) = &view.error {
        let error = if mask_pii {
            crate::pii::redact(error, &[])
        } else {
            error.clone()
        };
        Some(Line::styled(format!("  {}", safe(&error)), t.error()))
    } else if view.lines.is_empty() {
        Some(Line::styled(
            "  No change to this pool has been journalled yet.",
            t.dim(),
        ))
    } else {
        None
    };
    // The note wraps under the table rather than being cut at the box's border.
    if let Some(note) = note {
        lines.extend(wrap::hang(note, 2, inner_width));
    }
    // The details sit at the bottom of the box, under the table.
    let used = lines.len() + detail.len();
    lines.extend((used..inner_height).map(|_| Line::raw("")));
    lines.extend(detail);
    // The demo pool's changes are journalled to a scratch file removed at exit.
    let title = if demo {
        super::fit_title(
            " Journal — demo: not kept, removed when you quit ".to_owned(),
            "Journal (demo: not kept)",
            inner_width,
        )
    } else {
        " Journal ".to_owned()
    };
    let mut block = super::overlay_block(t, title);
    // Entries out of sight are counted, as in the other lists.
    let below = view.lines.len().saturating_sub(offset + rows);
    if let Some(note) = super::hidden_note(offset, below) {
        block = block.title_bottom(Span::styled(note, t.dim()));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The selected entry: what it did to whom and when, how it went, and why it cannot be
/// undone when it cannot.
fn details(line: &JournalLine, username: &str, mask_pii: bool, ui: &Ui) -> Vec<Line<'static>> {
    let t = &ui.theme;
    let mut lines = vec![Line::raw(format!(
        " {} on {username}, {} UTC: {}",
        safe(&line.what),
        when(&line.time),
        line.state
    ))];
    // Cognito's words, as a plain line of their own: why it failed, or how a check went.
    let message = line.message.as_deref().map(|m| {
        if mask_pii {
            crate::pii::redact(m, &[&line.username])
        } else {
            m.to_owned()
        }
    });
    match (line.state.as_str(), message) {
        ("error", Some(message)) => {
            lines.push(Line::styled(format!(" ✗ {}", safe(&message)), t.error()));
        }
        ("error", None) => lines.push(Line::styled(
            " ✗ it failed; the journal holds no reason (see the log file)",
            t.error(),
        )),
        ("pending", _) => lines.push(Line::styled(
            " ! no outcome yet: still running, or the app stopped during the call; \
             `cognito-tui journal --resolve` checks whether it was applied",
            t.warning(),
        )),
        (_, Some(message)) => lines.push(Line::styled(format!(" - {}", safe(&message)), t.dim())),
        _ => {}
    }
    if let Some(why) = &line.undo_refusal {
        lines.push(Line::styled(format!(" - no undo: {}", safe(why)), t.dim()));
    }
    lines
}

/// What undoing a change of this kind (as the journal names it) does to its users, in words.
fn undone_by(kind: &str) -> Option<&'static str> {
    use crate::journal::Kind;
    [
        (Kind::Delete, "put the deleted values back"),
        (Kind::SetAttributes, "put the previous values back"),
        (Kind::Disable, "enable them again"),
        (Kind::Enable, "disable them again"),
        (Kind::AddToGroup, "remove them from the group again"),
        (Kind::RemoveFromGroup, "add them to the group again"),
        (Kind::ResetMfa, "set their previous MFA preference again"),
        (Kind::SetMfa, "set their previous MFA preference again"),
        (Kind::DeleteUser, "create them again"),
        (Kind::CreateUser, "delete them"),
    ]
    .into_iter()
    .find(|(k, _)| k.name() == kind)
    .map(|(_, how)| how)
}

/// Users named under each kind of change in a run's review; the rest are counted.
const BATCH_PREVIEW: usize = 6;

/// The review of a run's undo: each kind of change it reverses and on how many users (some
/// named), then the changes left as they are and why, grouped by the reason.
pub fn batch_review<'a>(plan: &BatchUndo, mask_pii: bool, ui: &Ui) -> ReviewBox<'a> {
    let t = &ui.theme;
    let keys = |action| ui.keys(action);
    let name = |line: &JournalLine| shown_username(line, mask_pii);
    let users = |n: usize| {
        if n == 1 {
            "1 user".to_owned()
        } else {
            format!("{n} users")
        }
    };
    let changes = plan.undo.len();
    let mut body = vec![Line::from(vec![
        Span::raw(" Undo "),
        Span::styled(
            if changes == 1 {
                "1 change".to_owned()
            } else {
                format!("{changes} changes")
            },
            t.title(),
        ),
        Span::raw(format!(" on {} of one run:", users(plan.users()))),
    ])];
    // The changes undone, by what they did, in the order first met (newest first).
    for (what, lines) in grouped(&plan.undo, |l| l.what.clone()) {
        let how = lines
            .first()
            .and_then(|l| undone_by(&l.kind))
            .map(|how| format!(": {how}"))
            .unwrap_or_default();
        body.push(Line::styled(
            format!("   undo {} on {}{how}", safe(&what), users(lines.len())),
            t.marked(),
        ));
        body.push(Line::styled(named(&lines, &name), t.dim()));
        if let Some(caveat) = lines.first().and_then(|l| l.undo_caveat()) {
            body.push(Line::styled(format!("     ! {caveat}"), t.warning()));
        }
    }
    if !plan.skipped.is_empty() {
        body.push(Line::raw(""));
        body.push(Line::styled(
            format!(
                " Left as they are: {} of the run's changes",
                plan.skipped.len()
            ),
            t.warning(),
        ));
        for (why, lines) in grouped(&plan.skipped, |l| {
            l.undo_refusal.clone().unwrap_or_default()
        }) {
            body.push(Line::raw(format!(
                "   {} — {}",
                users(lines.len()),
                safe(why.trim_end_matches('.'))
            )));
            body.push(Line::styled(named(&lines, &name), t.dim()));
        }
    }
    body.push(Line::raw(""));
    body.push(Line::styled(
        " Each user is read first: a value changed since the run is left alone, with a warning. \
         The undo is journalled like any change.",
        t.dim(),
    ));
    body.push(Line::raw(""));
    let keys = vec![Line::from(vec![
        Span::styled(format!(" {} ", keys(Action::Confirm)), t.read_write_badge()),
        Span::raw(" undo the run    "),
        Span::styled(format!(" {} ", keys(Action::Cancel)), t.read_only_badge()),
        Span::raw(" cancel"),
    ])];
    ReviewBox {
        title: " Review: undo of a run ".to_owned(),
        style: t.warning(),
        note_style: t.warning(),
        width: 90,
        body,
        keys,
    }
}

/// `lines` grouped by `key`, groups in the order first met.
fn grouped(
    lines: &[JournalLine],
    key: impl Fn(&JournalLine) -> String,
) -> Vec<(String, Vec<&JournalLine>)> {
    let mut groups: Vec<(String, Vec<&JournalLine>)> = Vec::new();
    for line in lines {
        let k = key(line);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, members)) => members.push(line),
            None => groups.push((k, vec![line])),
        }
    }
    groups
}

/// "     ada, bob, … and 12 more"
fn named(lines: &[&JournalLine], name: &impl Fn(&JournalLine) -> String) -> String {
    let shown: Vec<String> = lines.iter().take(BATCH_PREVIEW).map(|l| name(l)).collect();
    let mut text = format!("     {}", shown.join(", "));
    if lines.len() > BATCH_PREVIEW {
        text.push_str(&format!(" … and {} more", lines.len() - BATCH_PREVIEW));
    }
    text
}

/// An entry's user as the journal shows it: masked when personal data is hidden, escaped.
fn shown_username(line: &JournalLine, mask_pii: bool) -> String {
    safe(&if mask_pii {
        crate::pii::username(&line.username)
    } else {
        line.username.as_str().into()
    })
    .into_owned()
}
