//! The one review of an account action on one or more users: what will happen, on whom, the
//! quota it runs under and how long that takes, what cannot be undone, and how to confirm.

use ratatui::text::{Line, Span};

use super::Ui;
use super::review_box::ReviewBox;
use super::text::{is_personal, mask, safe, truncate};
use crate::app::{Action, ActionPlan};
use crate::change::{AccountAction, Undo};

/// Columns of a value shown in the review.
const VALUE_WIDTH: usize = 48;

fn value(name: &str, value: &str, mask_pii: bool) -> String {
    if mask_pii && is_personal(name) {
        mask(value)
    } else {
        truncate(&safe(value), VALUE_WIDTH).into_owned()
    }
}

fn username(name: &str, mask_pii: bool) -> String {
    safe(&if mask_pii {
        crate::pii::username(name)
    } else {
        name.into()
    })
    .into_owned()
}

/// "about 40 s", "about 3 min".
fn duration(seconds: f64) -> String {
    if seconds < 90.0 {
        format!("about {} s", seconds.ceil().max(1.0))
    } else if seconds < 5400.0 {
        format!("about {} min", (seconds / 60.0).ceil())
    } else {
        format!("about {:.1} h", seconds / 3600.0)
    }
}

/// The review of `plan`; `typing`: its confirmation word is being typed.
pub fn review<'a>(plan: &ActionPlan, mask_pii: bool, typing: bool, ui: &Ui) -> ReviewBox<'a> {
    let t = &ui.theme;
    let n = plan.usernames.len();
    let action = &plan.action;
    let keys = |action| ui.keys(action);
    // What will happen, with the values it sets (masked like everywhere else).
    let mut head = Vec::new();
    match action {
        AccountAction::SetAttributes { attributes } => {
            head.push(Line::raw(" Set:"));
            for (name, v) in attributes {
                let was = plan
                    .before
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, old)| match old {
                        Some(old) => format!("{} → ", value(name, old, mask_pii)),
                        None => "(none) → ".to_owned(),
                    })
                    .unwrap_or_default();
                head.push(Line::styled(
                    format!("   {} = {was}{}", safe(name), value(name, v, mask_pii)),
                    t.marked(),
                ));
            }
        }
        AccountAction::CreateUser {
            attributes,
            temporary_password,
            ..
        } => {
            head.push(Line::styled(format!(" {}", action.summary()), t.marked()));
            for (name, v) in attributes {
                head.push(Line::raw(format!(
                    "   {} = {}",
                    safe(name),
                    value(name, v, mask_pii)
                )));
            }
            head.push(Line::raw(match temporary_password {
                Some(_) => "   temporary password: the one typed (never shown)",
                None => "   temporary password: made by Cognito",
            }));
        }
        other => head.push(Line::styled(
            format!(" {}", safe(&other.summary())),
            t.marked(),
        )),
    }
    for warning in &plan.warnings {
        head.push(Line::styled(format!(" ! {}", safe(warning)), t.warning()));
    }
    head.push(Line::raw(""));
    head.push(Line::from(vec![
        Span::raw(" On "),
        Span::styled(
            if n == 1 {
                "1 user".to_owned()
            } else {
                format!("{n} users")
            },
            t.title(),
        ),
        Span::raw(":"),
    ]));
    let items: Vec<Line> = plan
        .usernames
        .iter()
        .take(ActionPlan::PREVIEW)
        .map(|u| Line::raw(format!("   • {}", username(u, mask_pii))))
        .collect();
    let mut foot = vec![Line::raw("")];
    let operation = action.operation();
    let rate = crate::limiter::Quotas::default().get(operation.category());
    let mut quota = if plan.self_service {
        // The user's own token makes the call: no admin API, no admin quota.
        let call = match action {
            AccountAction::DeleteAttributes { .. } => "DeleteUserAttributes",
            _ => "UpdateUserAttributes",
        };
        format!(" {call}, with your own sign-in (no admin rights used)")
    } else {
        format!(
            " {} · quota {:?} ({rate}/s by default)",
            operation.name(),
            operation.category()
        )
    };
    if n > 1 {
        quota.push_str(&format!(
            " · {} for {n} users",
            duration(plan.estimated_seconds())
        ));
    }
    foot.push(Line::styled(quota, t.dim()));
    if n > 1 {
        foot.push(Line::styled(
            " Each user is read first; one the action would not change is skipped with the reason.",
            t.dim(),
        ));
    }
    match action.undo() {
        Undo::Impossible(why) => foot.push(Line::styled(
            format!(" ! Cannot be undone: {why}."),
            t.warning(),
        )),
        Undo::By(how) if matches!(action, AccountAction::DeleteUser) => {
            foot.push(Line::styled(format!(" ! Undo: {how}."), t.warning()));
        }
        Undo::By(how) => {
            // The keys as bound: the journal, then undo one entry or (for several users) the run.
            let (journal, undo) = (keys(Action::Journal), keys(Action::Undo));
            let keys = if n > 1 {
                format!(
                    "{journal}, then {undo}, or {} for the whole run",
                    keys(Action::UndoBatch)
                )
            } else {
                format!("{journal}, then {undo}")
            };
            foot.push(Line::styled(
                format!(" Journalled; undo from the journal ({keys}): {how}."),
                t.dim(),
            ));
        }
    }
    foot.push(Line::raw(""));
    let confirm = if plan.needs_typed_confirmation() {
        format!(
            " {} then type {} ",
            keys(Action::Confirm),
            safe(&plan.confirm_word())
        )
    } else {
        format!(" {} ", keys(Action::Confirm))
    };
    if typing {
        foot.push(Line::styled(
            " Type the number of users below and press Enter; Esc cancels.",
            t.warning(),
        ));
    } else {
        foot.push(Line::from(vec![
            Span::styled(confirm, t.read_write_badge()),
            Span::raw(format!(" {}    ", action.label())),
            Span::styled(format!(" {} ", keys(Action::Cancel)), t.read_only_badge()),
            Span::raw(" cancel"),
        ]));
    }
    let mut body = head;
    body.extend(items);
    if n > ActionPlan::PREVIEW {
        body.push(Line::styled(
            format!("   … and {} more", n - ActionPlan::PREVIEW),
            t.dim(),
        ));
    }
    let keys = foot.pop().into_iter().collect();
    body.extend(foot);
    let style = if action.needs_typed_count() {
        t.warning()
    } else {
        t.border(true)
    };
    ReviewBox {
        title: format!(" Review: {} ", action.label()),
        style,
        note_style: t.warning(),
        width: 90,
        body,
        keys,
    }
}
