//! `update`: one message in, the new state and the worker's commands out.

pub use super::mouse::MouseTarget;
use super::{
    Action, App, DeletePlan, Focus, InputEdit, InputKind, Outcome, Overlay, StatusKind, Viewport,
    mark_refusal,
};
use super::{
    BulkPlan, ColumnKey, PoolPicker, account_actions, bulk_flow, columns, describe, exporting,
    groups_view, journal_view, messages, paste, responses, searching, sorting, switching, views,
};
use crate::worker::{Command, Response};

/// Something that happened: the user asked for an action, or the worker answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// A key while the input line is open.
    Input(InputEdit),
    /// A letter while the action menu is open ([`App::takes_letters`]): it picks the entry.
    Letter(char),
    Response(Response),
    Resize(Viewport),
    /// Text the terminal delivered as a paste: data for an input, never keys.
    Paste(String),
    /// A key while the column picker is open.
    Columns(ColumnKey),
    /// A mouse click or wheel turn, on what it landed on.
    Mouse(MouseTarget),
    /// The first event of an input burst: the events read with it without waiting belong to
    /// the same burst, so a confirm key in it cannot answer a dialog that burst opened.
    BurstStart,
    /// How far the open review dialog or help scrolls at most at the terminal's size, as
    /// drawn (`ui::scroll_max`): j/k and G stop there.
    ScrollMax(usize),
    /// The first row the open list overlay shows, as drawn (`ui::overlay_top`): it stays there
    /// while the selection is on screen.
    OverlayTop(usize),
    /// A key that means nothing where it was pressed: it still dismisses a shown error.
    OtherKey,
}

pub const READ_ONLY_REFUSAL: &str =
    "read-only mode: this session cannot change the pool (--read-only or a read-only profile)";

/// The account actions and `:create` need admin rights, which a user's own token does not give.
pub const SELF_SERVICE_REFUSAL: &str =
    "self-service: only your own attributes can change (e edits a value; space marks, d deletes)";

/// `/` signed in as the user: searching the pool takes ListUsers, an admin call.
pub const SELF_SERVICE_SEARCH: &str =
    "self-service: only your own user is here; searching the pool needs admin rights (ListUsers)";

/// Applies one message to the app and returns the commands to send to the worker.
pub fn update(app: &mut App, msg: Msg) -> Vec<Command> {
    // A key, a paste or a click: what the status line shows has been seen.
    if matches!(
        msg,
        Msg::Action(_)
            | Msg::Input(_)
            | Msg::Letter(_)
            | Msg::Paste(_)
            | Msg::Columns(_)
            | Msg::Mouse(_)
    ) {
        app.messages.status_seen = true;
    }
    let scrolling = (scrolling_overlay(app), app.overlay_help.is_some());
    let overlay = app.overlay.as_ref().map(std::mem::discriminant);
    let key = matches!(msg, Msg::Action(_) | Msg::Letter(_) | Msg::Columns(_));
    let (focus, status) = (focused(app), app.status.clone());
    let mut commands = dispatch(app, msg);
    // An overlay's help goes with its overlay, and gives way to the input line.
    if app.input.is_some() || matches!(app.overlay, None | Some(Overlay::Help { .. })) {
        app.overlay_help = None;
    }
    // A key that moves the focus to another overlay, or back, lets the status line name the
    // keys there: a note from before goes, and so does a warning once the overlay it came from
    // is closed (the messages view `m` keeps every warning); an error or progress stays.
    let closed = app.overlay.is_none();
    if key
        && focused(app) != focus
        && app.status == status
        && app.status.as_ref().is_some_and(|s| {
            s.kind == StatusKind::Info || (closed && s.kind == StatusKind::Warning)
        })
    {
        app.status = None;
    }
    // A review opened or closed by a response starts its next one at the top too.
    if !is_review(app) {
        app.review_scroll = 0;
    }
    // How far a dialog scrolls is learnt again for the next one, at its first frame.
    if (scrolling_overlay(app), app.overlay_help.is_some()) != scrolling {
        app.scroll_max = None;
    }
    // Another overlay's list starts at its top.
    if app.overlay.as_ref().map(std::mem::discriminant) != overlay {
        app.overlay_top = 0;
    }
    // The groups column reads the groups of the rows on screen, whatever moved them.
    commands.extend(columns::request_visible_groups(app));
    commands
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Columns(key) => {
            dismiss_error(app);
            columns::on_key(app, key)
        }
        Msg::OtherKey => {
            dismiss_error(app);
            Vec::new()
        }
        Msg::Mouse(target) => super::mouse::on_mouse(app, target),
        Msg::Action(action) => on_action(app, action),
        Msg::Input(edit) => on_input(app, edit),
        Msg::Letter(letter) => {
            dismiss_error(app);
            let was_review = is_review(app);
            let commands = account_actions::on_menu_letter(app, letter);
            note_dialog_burst(app, was_review);
            commands
        }
        Msg::Response(response) => responses::on_response(app, response),
        Msg::Paste(text) => paste::on_paste(app, &text),
        Msg::BurstStart => {
            app.burst = app.burst.wrapping_add(1);
            Vec::new()
        }
        Msg::OverlayTop(top) => {
            app.overlay_top = top;
            Vec::new()
        }
        Msg::ScrollMax(max) => {
            app.scroll_max = Some(max);
            if let Some(scroll) = &mut app.overlay_help {
                *scroll = (*scroll).min(max);
                return Vec::new();
            }
            app.review_scroll = app.review_scroll.min(max);
            if let Some(Overlay::Help { scroll }) = &mut app.overlay {
                *scroll = (*scroll).min(max);
            }
            Vec::new()
        }
        Msg::Resize(viewport) => {
            app.viewport = viewport;
            let rows = app.list.rows();
            app.list.cursor.scroll_into_view(rows, viewport.list_rows);
            let attrs = app.shown_user().map_or(0, |u| u.attributes().len());
            app.detail
                .cursor
                .scroll_into_view(attrs, viewport.attribute_rows);
            Vec::new()
        }
    }
}

pub(super) fn on_action(app: &mut App, action: Action) -> Vec<Command> {
    if action == Action::ForceQuit {
        app.should_quit = true;
        return Vec::new();
    }
    // The first key after an error dismisses it; Esc does only that.
    if dismiss_error(app) && action == Action::Cancel {
        return Vec::new();
    }
    if action != Action::Quit {
        app.quit_requested = false;
    }
    // `?` over an overlay opens the overlay's own help; its keys are the help's until Esc.
    if let Some(scroll) = app.overlay_help
        && action != Action::MaskPii
    {
        return on_overlay_help_action(app, action, scroll);
    }
    if action == Action::Help
        && app
            .overlay
            .as_ref()
            .is_some_and(|o| !matches!(o, Overlay::Help { .. }))
    {
        app.overlay_help = Some(0);
        return Vec::new();
    }
    let was_review = is_review(app);
    if was_review && action == Action::Confirm && same_burst(app) {
        app.set_status(
            StatusKind::Warning,
            "Confirmation ignored: it came with the key that opened the review. Read it, then confirm.",
        );
        return Vec::new();
    }
    // `p` works over the dialogs and views too: screen sharing cannot wait for one to close.
    // (The describe view handles it itself, to re-render its document.)
    if action == Action::MaskPii
        && app.overlay.is_some()
        && !matches!(app.overlay, Some(Overlay::Describe(_)))
    {
        toggle_mask(app);
        return Vec::new();
    }
    if let Some(scroll) = review_scroll(app, action) {
        app.review_scroll = scroll;
        return Vec::new();
    }
    let commands = match app.overlay.clone() {
        Some(Overlay::Help { scroll }) => on_help_action(app, action, scroll),
        Some(Overlay::Messages { scroll }) => messages::on_action(app, action, scroll),
        Some(Overlay::Review(plan)) => on_review_action(app, action, plan),
        Some(Overlay::BulkReview(plan)) => on_bulk_review_action(app, action, plan),
        Some(Overlay::PoolPicker(picker)) => on_picker_action(app, action, &picker),
        Some(Overlay::Journal(_)) => on_journal_action(app, action),
        Some(Overlay::Actions(_)) => account_actions::on_menu_action(app, action),
        Some(Overlay::ActionReview(plan)) => match action {
            Action::Quit => {
                request_quit(app);
                Vec::new()
            }
            _ => account_actions::on_review_action(app, action, plan),
        },
        Some(Overlay::GroupPicker(_)) => account_actions::on_picker_action(app, action),
        Some(Overlay::SignInHistory(_)) => account_actions::on_history_action(app, action),
        Some(Overlay::Describe(view)) => describe::on_action(app, action, view),
        Some(Overlay::Groups(_)) => groups_view::on_action(app, action),
        Some(Overlay::Views(_)) => views::on_action(app, action),
        Some(Overlay::Columns(_)) => match action {
            Action::Cancel => columns::on_key(app, ColumnKey::Cancel),
            Action::Top => columns::on_key(app, ColumnKey::First),
            Action::Bottom => columns::on_key(app, ColumnKey::Last),
            Action::PageDown => columns::on_key(app, ColumnKey::PageDown),
            Action::PageUp => columns::on_key(app, ColumnKey::PageUp),
            Action::Quit => {
                request_quit(app);
                Vec::new()
            }
            _ => Vec::new(),
        },
        None => on_main_action(app, action),
    };
    note_dialog_burst(app, was_review);
    commands
}

/// What has the keys: the main screen, which overlay, and whether its help is over it.
fn focused(app: &App) -> (Option<std::mem::Discriminant<Overlay>>, bool) {
    (
        app.overlay.as_ref().map(std::mem::discriminant),
        app.overlay_help.is_some(),
    )
}

/// Which of the dialogs that learn how far they scroll ([`Msg::ScrollMax`]) is open, if any.
fn scrolling_overlay(app: &App) -> Option<std::mem::Discriminant<Overlay>> {
    app.overlay
        .as_ref()
        .filter(|o| {
            matches!(
                o,
                Overlay::Review(_)
                    | Overlay::BulkReview(_)
                    | Overlay::ActionReview(_)
                    | Overlay::Help { .. }
            ) || batch_review_open(app)
        })
        .map(std::mem::discriminant)
}

/// The journal view shows the review of a run's undo (`U`).
fn batch_review_open(app: &App) -> bool {
    matches!(&app.overlay, Some(Overlay::Journal(v)) if v.confirm_batch.is_some())
}

fn is_review(app: &App) -> bool {
    matches!(
        app.overlay,
        Some(Overlay::Review(_) | Overlay::BulkReview(_) | Overlay::ActionReview(_))
    ) || batch_review_open(app)
        || app
            .input
            .as_ref()
            .is_some_and(|i| i.kind == InputKind::ConfirmCount)
}

/// Rows a review dialog scrolls by at most until the main loop has said how far it scrolls
/// ([`Msg::ScrollMax`]); the renderer stops at the dialog's last row.
const REVIEW_SCROLL_LIMIT: usize = 120;

/// Where `action` scrolls the open review dialog to, if it is a scrolling key and one is open.
/// A review too tall for the terminal scrolls with j/k, PgUp/PgDn, g/G and says what is below.
fn review_scroll(app: &App, action: Action) -> Option<usize> {
    if !review_open(app) || app.input.is_some() {
        return None;
    }
    let scroll = app.review_scroll;
    let to = match action {
        Action::MoveDown => scroll + 1,
        Action::MoveUp => scroll.saturating_sub(1),
        Action::PageDown => scroll + 5,
        Action::PageUp => scroll.saturating_sub(5),
        Action::Top => 0,
        Action::Bottom => usize::MAX,
        _ => return None,
    };
    Some(to.min(review_scroll_max(app)))
}

/// A review dialog is open: a change's, a bulk change's, an account action's or a run's undo.
pub(super) fn review_open(app: &App) -> bool {
    matches!(
        app.overlay,
        Some(Overlay::Review(_) | Overlay::BulkReview(_) | Overlay::ActionReview(_))
    ) || batch_review_open(app)
}

/// How far the open review scrolls at most: as drawn, once the main loop has said.
pub(super) fn review_scroll_max(app: &App) -> usize {
    app.scroll_max.unwrap_or(REVIEW_SCROLL_LIMIT)
}

/// Whether this key came in the same input burst as the one that opened the review.
fn same_burst(app: &App) -> bool {
    app.burst != 0 && app.dialog_burst == Some(app.burst)
}

/// Remembers the burst a review dialog opened in, and forgets it when the dialog closes.
fn note_dialog_burst(app: &mut App, was_review: bool) {
    let is_review = is_review(app);
    if is_review && !was_review {
        app.dialog_burst = Some(app.burst);
        app.review_scroll = 0;
    } else if !is_review {
        app.dialog_burst = None;
        app.review_scroll = 0;
    }
}

fn on_input(app: &mut App, edit: InputEdit) -> Vec<Command> {
    let was_review = is_review(app);
    let typed_confirm = app
        .input
        .as_ref()
        .is_some_and(|i| i.kind == InputKind::ConfirmCount)
        || matches!(app.form, Some(super::Form::TypeToConfirm { .. }));
    if typed_confirm && edit == InputEdit::Submit && same_burst(app) {
        app.set_status(
            StatusKind::Warning,
            "Confirmation ignored: it came with the key that opened the review. Read it, then confirm.",
        );
        return Vec::new();
    }
    let commands = on_input_edit(app, edit);
    // A review opened by Enter (a password typed twice) is guarded like one opened by a key.
    note_dialog_burst(app, was_review);
    commands
}

fn on_input_edit(app: &mut App, edit: InputEdit) -> Vec<Command> {
    let Some(input) = &mut app.input else {
        return Vec::new();
    };
    if let InputEdit::Previous | InputEdit::Next = edit {
        let older = edit == InputEdit::Previous;
        match input.kind {
            InputKind::Search => app.search_history.step(input, older),
            InputKind::Command => app.command_history.step(input, older),
            // In a filter, the arrows pick among the matches while typing goes on.
            InputKind::LocalFilter => {
                app.focus = Focus::Users;
                return move_by(app, if older { -1 } else { 1 });
            }
            InputKind::GroupFilter => {
                let action = if older {
                    Action::MoveUp
                } else {
                    Action::MoveDown
                };
                return account_actions::on_picker_action(app, action);
            }
            InputKind::PoolFilter => {
                switching::move_cursor(app, if older { -1 } else { 1 });
                return Vec::new();
            }
            InputKind::ConfirmCount | InputKind::Form => {}
        }
        return Vec::new();
    }
    input.edit(edit);
    let (kind, text) = (input.kind, input.text.clone());
    match (kind, edit) {
        (InputKind::Search, InputEdit::Submit) => {
            app.input = None;
            app.search_history.push(&text);
            searching::start(app, &text)
        }
        (InputKind::Search, InputEdit::Cancel) => {
            app.input = None;
            Vec::new()
        }
        (InputKind::LocalFilter, InputEdit::Submit) => {
            app.input = None;
            Vec::new()
        }
        (InputKind::LocalFilter, InputEdit::Cancel) => {
            app.input = None;
            searching::apply_local_filter(app, "")
        }
        (InputKind::LocalFilter, _) => searching::apply_local_filter(app, &text),
        (InputKind::GroupFilter | InputKind::PoolFilter, InputEdit::Cancel) => {
            super::picker_filter::apply(app, "", true);
            Vec::new()
        }
        (InputKind::GroupFilter | InputKind::PoolFilter, edit) => {
            super::picker_filter::apply(app, &text, edit == InputEdit::Submit);
            Vec::new()
        }
        (InputKind::Search, _) => Vec::new(),
        (InputKind::ConfirmCount, InputEdit::Submit) => {
            app.input = None;
            bulk_flow::confirm_typed(app, &text)
        }
        (InputKind::ConfirmCount, InputEdit::Cancel) => {
            app.input = None;
            app.overlay = None;
            app.set_status(
                StatusKind::Info,
                "Bulk deletion cancelled; nothing was changed.",
            );
            Vec::new()
        }
        (InputKind::ConfirmCount, _) => Vec::new(),
        (InputKind::Command, InputEdit::Submit) => {
            app.input = None;
            app.command_history.push(&text);
            switching::run_command(app, &text)
        }
        (InputKind::Command, InputEdit::Cancel) => {
            app.input = None;
            Vec::new()
        }
        (InputKind::Command, _) => Vec::new(),
        (InputKind::Form, InputEdit::Submit) => account_actions::on_form_input(app, true),
        (InputKind::Form, InputEdit::Cancel) => account_actions::on_form_input(app, false),
        (InputKind::Form, _) => Vec::new(),
    }
}

/// Clears a shown error, as any key does; says whether there was one.
fn dismiss_error(app: &mut App) -> bool {
    let error = app
        .status
        .as_ref()
        .is_some_and(|s| s.kind == StatusKind::Error);
    if error {
        app.status = None;
    }
    error
}

/// Where a scrolling view goes on `action` from `scroll`: a line, a page, the top or the bottom
/// (`last`); any other key leaves it where it is.
pub(super) fn scrolled(action: Action, scroll: usize, last: usize) -> usize {
    match action {
        Action::MoveDown => scroll + 1,
        Action::MoveUp => scroll.saturating_sub(1),
        Action::PageDown => scroll + 10,
        Action::PageUp => scroll.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => last,
        _ => scroll,
    }
    .min(last)
}

/// A key while an overlay's help is open: it scrolls, or Esc and `?` return to the overlay.
fn on_overlay_help_action(app: &mut App, action: Action, scroll: usize) -> Vec<Command> {
    // Before the first frame says how far it scrolls, a bound: it has a line per key.
    let last = app.scroll_max.unwrap_or(16);
    match action {
        Action::Help | Action::Cancel => app.overlay_help = None,
        Action::Quit => request_quit(app),
        _ => app.overlay_help = Some(scrolled(action, scroll, last)),
    }
    Vec::new()
}

fn on_help_action(app: &mut App, action: Action, scroll: usize) -> Vec<Command> {
    // How far the help scrolls at the terminal's size, once drawn; before that, a bound (it
    // has a line per action and a dozen more; the renderer stops at its last line).
    let last = app.scroll_max.unwrap_or(Action::ALL.len() + 16);
    match action {
        Action::Help | Action::Cancel => app.overlay = None,
        Action::Quit => request_quit(app),
        _ => {
            app.overlay = Some(Overlay::Help {
                scroll: scrolled(action, scroll, last),
            })
        }
    }
    Vec::new()
}

fn on_review_action(app: &mut App, action: Action, plan: DeletePlan) -> Vec<Command> {
    match action {
        Action::Confirm => {
            app.overlay = None;
            return confirm(app, plan);
        }
        Action::Cancel => {
            app.overlay = None;
            app.set_status(
                StatusKind::Info,
                "Deletion cancelled; nothing was changed. The marks are kept.",
            );
        }
        Action::Quit => request_quit(app),
        _ => {}
    }
    Vec::new()
}

fn on_bulk_review_action(app: &mut App, action: Action, plan: BulkPlan) -> Vec<Command> {
    match action {
        Action::Confirm => {
            app.overlay = None;
            bulk_flow::confirm(app, plan)
        }
        Action::Cancel => {
            app.overlay = None;
            app.set_status(
                StatusKind::Info,
                "Bulk deletion cancelled; nothing was changed.",
            );
            Vec::new()
        }
        Action::Quit => {
            request_quit(app);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn on_picker_action(app: &mut App, action: Action, picker: &PoolPicker) -> Vec<Command> {
    match action {
        Action::MoveDown => switching::move_cursor(app, 1),
        Action::MoveUp => switching::move_cursor(app, -1),
        Action::Top => switching::move_cursor(app, isize::MIN / 2),
        Action::Bottom => switching::move_cursor(app, isize::MAX / 2),
        Action::Open | Action::Confirm => return switching::choose(app),
        Action::LocalFilter | Action::Search => super::picker_filter::open(app),
        Action::Refresh if picker.loading.is_none() => return switching::open_picker(app),
        Action::CommandLine => switching::open_command_line(app),
        Action::Cancel => app.overlay = None,
        Action::Quit => request_quit(app),
        _ => {}
    }
    Vec::new()
}

/// Esc during `L`: no further page is asked for. A page already on its way still lands, so the
/// count is said once it has ([`stopped_loading_text`]); until then, that it is still coming.
fn stop_loading(app: &mut App) {
    app.load_all = false;
    if app.list.loading.is_some() {
        app.stopping_load = true;
        let text = format!(
            "Stopping: the page on its way still lands, then loading stops ({} resumes).",
            app.key(Action::LoadAll)
        );
        app.set_status(StatusKind::Info, text);
    } else {
        let text = stopped_loading_text(app);
        app.set_status(StatusKind::Info, text);
    }
}

/// "Stopped loading at N users", N as the header counts them, and how to go on; "Loaded all N
/// users" when the page a stop waited for was the last.
pub(super) fn stopped_loading_text(app: &App) -> String {
    let n = app.list.users.len();
    let chosen = app.list.chosen.len();
    let resume = app.key(Action::LoadAll);
    match (app.list.next_token.is_some(), chosen) {
        (false, 0) => format!("Loaded all {n} users."),
        (false, _) => format!("Loaded all {n} users; the {chosen} chosen stay chosen."),
        (true, 0) => format!("Stopped loading at {n} users; {resume} resumes where it stopped."),
        (true, _) => format!(
            "Stopped loading at {n} users; the {chosen} chosen stay chosen ({resume} resumes)."
        ),
    }
}

/// A read-only session refuses an action that would change the pool, saying so.
fn refused_read_only(app: &mut App, action: Action) -> bool {
    let refused = action.is_mutating() && app.session.read_only;
    if refused {
        app.set_status(StatusKind::Warning, READ_ONLY_REFUSAL);
    }
    refused
}

fn on_journal_action(app: &mut App, action: Action) -> Vec<Command> {
    if refused_read_only(app, action) {
        return Vec::new();
    }
    match action {
        Action::MoveDown => journal_view::move_cursor(app, 1),
        Action::MoveUp => journal_view::move_cursor(app, -1),
        Action::PageDown => journal_view::move_cursor(app, page(app)),
        Action::PageUp => journal_view::move_cursor(app, -page(app)),
        Action::Top => journal_view::move_cursor(app, isize::MIN / 2),
        Action::Bottom => journal_view::move_cursor(app, isize::MAX / 2),
        Action::Undo => journal_view::ask_undo(app),
        Action::UndoBatch => journal_view::ask_undo_batch(app),
        Action::Confirm => return journal_view::confirm(app),
        Action::Refresh | Action::Journal => return journal_view::open(app),
        Action::Cancel => {
            let asked = matches!(&app.overlay, Some(Overlay::Journal(v))
                if v.confirm_undo.is_some() || v.confirm_batch.is_some());
            if asked {
                journal_view::move_cursor(app, 0);
                app.set_status(StatusKind::Info, "Undo cancelled.");
            } else {
                app.overlay = None;
            }
        }
        Action::Quit => request_quit(app),
        _ => {}
    }
    Vec::new()
}

/// Why the session does not offer `action`, or `None` when it does. `Action::offered_in`
/// decides, as it decides what the help and the status line's keys list: the keys of the main
/// screen and the command line ask here first, so the help and what the keys do cannot part.
pub(super) fn not_offered(app: &App, action: Action) -> Option<String> {
    if action.offered_in(&app.session) {
        return None;
    }
    // Signed in as the user and read-only, the menu would only hold changes it refuses.
    if app.session.read_only && (action.is_mutating() || action == Action::AccountActions) {
        return Some(READ_ONLY_REFUSAL.to_owned());
    }
    Some(match action {
        Action::Search => SELF_SERVICE_SEARCH.to_owned(),
        Action::AccountActions => SELF_SERVICE_REFUSAL.to_owned(),
        Action::ChooseAll | Action::RetryFailed => bulk_flow::no_bulk_run(app),
        Action::DescribePool => format!(
            "self-service: describing the pool needs admin rights (DescribeUserPool); {} \
             describes your own user",
            app.key(Action::Describe)
        ),
        Action::Groups => {
            "self-service: browsing the pool by group needs admin rights (ListGroups)".to_owned()
        }
        Action::Open => {
            "self-service: this session is tied to its sign-in; there is no pool to choose"
                .to_owned()
        }
        // Load all, sort, filter: there is one user.
        _ => "self-service: your own user is the only one here; there is nothing to load, \
              sort or filter"
            .to_owned(),
    })
}

/// Refuses `action` with the reason when the session does not offer it.
fn refused_here(app: &mut App, action: Action) -> bool {
    let Some(why) = not_offered(app, action) else {
        return false;
    };
    app.set_status(StatusKind::Warning, why);
    true
}

fn on_main_action(app: &mut App, action: Action) -> Vec<Command> {
    if refused_here(app, action) {
        return Vec::new();
    }
    match action {
        Action::MoveDown => move_by(app, 1),
        Action::MoveUp => move_by(app, -1),
        Action::PageDown => move_by(app, page(app)),
        Action::PageUp => move_by(app, -page(app)),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::SwitchPane => {
            app.focus = match app.focus {
                Focus::Users => Focus::Attributes,
                Focus::Attributes => Focus::Users,
            };
            Vec::new()
        }
        Action::FocusUsers => {
            app.focus = Focus::Users;
            Vec::new()
        }
        Action::FocusAttributes => {
            app.focus = Focus::Attributes;
            Vec::new()
        }
        Action::ToggleMark if app.focus == Focus::Users => bulk_flow::toggle_user(app),
        Action::ToggleMark => {
            toggle_mark(app);
            Vec::new()
        }
        Action::ChooseAll => {
            bulk_flow::choose_all(app);
            Vec::new()
        }
        // Signed in as the user, nothing is ever chosen; `d` reviews the marked attributes.
        Action::Review if !app.list.chosen.is_empty() && !app.session.self_service => {
            bulk_flow::review(app);
            Vec::new()
        }
        Action::Review => {
            review(app);
            Vec::new()
        }
        Action::Journal => journal_view::open(app),
        Action::AccountActions => {
            account_actions::open_menu(app);
            Vec::new()
        }
        Action::EditValue => {
            account_actions::edit_value(app);
            Vec::new()
        }
        Action::Undo | Action::UndoBatch => {
            let text = format!(
                "Open the journal ({}) and press {} on the entry to undo ({}: its whole run).",
                app.key(Action::Journal),
                app.key(Action::Undo),
                app.key(Action::UndoBatch)
            );
            app.set_status(StatusKind::Info, text);
            Vec::new()
        }
        Action::RetryFailed => {
            bulk_flow::retry_failed(app);
            Vec::new()
        }
        Action::Confirm => Vec::new(),
        Action::Cancel => {
            // Esc peels one layer at a time: a running bulk deletion, the marks, the chosen
            // users, the full-pool load, the local filter, then the search.
            if app.bulk.as_ref().is_some_and(|b| !b.stopping) {
                bulk_flow::stop(app)
            } else if app.load_all && app.choose_when_loaded {
                app.choose_when_loaded = false;
                stop_loading(app);
                Vec::new()
            } else if !app.detail.marks.is_empty() {
                app.detail.marks.clear();
                app.set_status(StatusKind::Info, "Marks cleared.");
                Vec::new()
            } else if !app.list.chosen.is_empty() {
                app.list.chosen.clear();
                app.set_status(StatusKind::Info, "No user chosen.");
                Vec::new()
            } else if app.load_all {
                stop_loading(app);
                Vec::new()
            } else if app.local_filter.is_some() {
                app.status = None;
                searching::apply_local_filter(app, "")
            } else if app.group.is_some() {
                groups_view::leave(app)
            } else if app.search.is_some() {
                searching::clear(app)
            } else {
                Vec::new()
            }
        }
        Action::Refresh => {
            app.set_status(StatusKind::Progress, "Reloading users…");
            app.reload()
        }
        Action::Search => {
            searching::open_input(app, InputKind::Search);
            Vec::new()
        }
        Action::LoadAll => load_all(app),
        Action::CommandLine => {
            switching::open_command_line(app);
            Vec::new()
        }
        Action::Open => {
            app.focus = Focus::Attributes;
            Vec::new()
        }
        Action::Copy => copy(app),
        Action::Describe => describe::open_user(app),
        Action::ExportView => {
            exporting::prompt(app);
            Vec::new()
        }
        Action::DescribePool => describe::open_pool(app),
        Action::MaskPii => {
            toggle_mask(app);
            Vec::new()
        }
        Action::LocalFilter => {
            searching::open_input(app, InputKind::LocalFilter);
            Vec::new()
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Messages => messages::open(app),
        Action::Sort => sorting::cycle(app),
        Action::ReverseSort => sorting::reverse(app),
        Action::Columns => {
            columns::open_picker(app);
            Vec::new()
        }
        Action::Groups => groups_view::open(app),
        Action::Quit => {
            request_quit(app);
            Vec::new()
        }
        Action::ForceQuit => Vec::new(),
    }
}

fn load_all(app: &mut App) -> Vec<Command> {
    if app.list.is_complete() {
        let text = match app.list.users.len() {
            0 => "There are no users to load.".to_owned(),
            1 => "The one user is loaded.".to_owned(),
            n => format!("All {n} users are loaded."),
        };
        app.set_status(StatusKind::Info, text);
        return Vec::new();
    }
    app.load_all = true;
    // After `*`: every match is chosen once it is in, so the review covers them all.
    app.choose_when_loaded = bulk_flow::all_shown_chosen(app);
    let text = if app.choose_when_loaded {
        format!(
            "Loading every match in the background; all are chosen once loaded ({} so far). \
             {} stops.",
            app.list.chosen.len(),
            app.key(Action::Cancel)
        )
    } else {
        format!(
            "Loading the whole pool in the background… {} stops.",
            app.key(Action::Cancel)
        )
    };
    app.set_status(StatusKind::Progress, text);
    app.maybe_load_more().into_iter().collect()
}

/// Copies the value under the cursor: the username in the list, the attribute in the pane.
fn copy(app: &mut App) -> Vec<Command> {
    let Some(user) = app.shown_user() else {
        return Vec::new();
    };
    let (what, text) = match app.focus {
        Focus::Users => ("username".to_owned(), user.username().to_owned()),
        Focus::Attributes => match user.attributes().get(app.detail.cursor.selected) {
            Some(a) => (a.name.to_owned(), a.value.to_owned()),
            None => return Vec::new(),
        },
    };
    app.set_status(
        StatusKind::Info,
        format!("Copied {what} to the clipboard (OSC 52)."),
    );
    vec![Command::Copy { text }]
}

fn page(app: &App) -> isize {
    let rows = match app.focus {
        Focus::Users => app.viewport.list_rows,
        Focus::Attributes => app.viewport.attribute_rows,
    };
    rows.max(1) as isize
}

pub(super) fn move_by(app: &mut App, delta: isize) -> Vec<Command> {
    match app.focus {
        Focus::Users => {
            let rows = app.list.rows();
            app.list.cursor.move_by(delta, rows, app.viewport.list_rows);
            let mut commands = app.follow_selection();
            commands.extend(app.maybe_load_more());
            commands
        }
        Focus::Attributes => {
            let len = app.shown_user().map_or(0, |u| u.attributes().len());
            app.detail
                .cursor
                .move_by(delta, len, app.viewport.attribute_rows);
            Vec::new()
        }
    }
}

pub(super) fn request_quit(app: &mut App) {
    let running = app.deletions_in_flight();
    let undos = app.undos_running();
    if running + undos > 0 && !app.quit_requested {
        app.quit_requested = true;
        let what = match (running, undos) {
            (0, n) => format!("{n} undo run(s) still running"),
            (n, 0) => format!("{n} change(s) still running"),
            (n, u) => format!("{n} change(s) and {u} undo run(s) still running"),
        };
        app.set_status(
            StatusKind::Warning,
            format!(
                "{what}; their results would not be shown. Press {} again to quit anyway.",
                app.key(Action::Quit)
            ),
        );
    } else {
        app.should_quit = true;
    }
}

/// Why the shown user's attributes cannot be changed right now, if they cannot.
fn busy_reason(app: &App, username: &str) -> Option<String> {
    if app.is_deleting(username) {
        return Some(format!(
            "a deletion for {username} is still running; wait for its result"
        ));
    }
    if app.pool.is_none() {
        return Some(match &app.pool_error {
            Some(e) => format!(
                "the pool's schema could not be read ({e}); press {} to retry",
                app.key(Action::Refresh)
            ),
            None => "the pool's schema is still loading; try again in a moment".to_owned(),
        });
    }
    None
}

fn toggle_mark(app: &mut App) {
    if app.focus != Focus::Attributes {
        let text = format!(
            "Press {} to move to the attribute pane, then {} to mark an attribute.",
            app.key(Action::SwitchPane),
            app.key(Action::ToggleMark)
        );
        app.set_status(StatusKind::Info, text);
        return;
    }
    let Some(user) = app.shown_user() else {
        return;
    };
    let username = user.username().to_owned();
    let Some(name) = user
        .attributes()
        .get(app.detail.cursor.selected)
        .map(|a| a.name.to_owned())
    else {
        return;
    };
    if let Some(reason) = busy_reason(app, &username) {
        app.set_status(StatusKind::Warning, reason);
        return;
    }
    if app.detail.marks.remove(&name) {
        app.status = None;
        return;
    }
    match mark_refusal(&name, app.pool.as_ref()) {
        Some(reason) => app.set_status(StatusKind::Warning, reason),
        None => {
            app.detail.marks.insert(name);
            app.status = None;
        }
    }
}

fn review(app: &mut App) {
    let Some(user) = app.shown_user() else {
        return;
    };
    let username = user.username().to_owned();
    let mut plan = DeletePlan::new(user, &app.detail.marks);
    if let Some(pool) = &app.pool {
        plan = plan.with_warnings(pool, user);
    }
    if let Some(reason) = busy_reason(app, &username) {
        app.set_status(StatusKind::Warning, reason);
        return;
    }
    if plan.is_empty() {
        let text = format!(
            "Nothing marked: in the attribute pane ({}), press {} on each attribute to delete.",
            app.key(Action::SwitchPane),
            app.key(Action::ToggleMark)
        );
        app.set_status(StatusKind::Info, text);
        return;
    }
    app.overlay = Some(Overlay::Review(plan));
}

fn confirm(app: &mut App, plan: DeletePlan) -> Vec<Command> {
    if app.session.read_only {
        app.set_status(StatusKind::Warning, READ_ONLY_REFUSAL);
        return Vec::new();
    }
    let id = app.next_request_id();
    let names = plan.names();
    app.deletions.insert(id, plan.username.clone());
    app.outcomes
        .insert(plan.username.clone(), Outcome::Deleting(names.clone()));
    app.set_status(StatusKind::Progress, deleting_text(&names, &plan.username));
    vec![Command::DeleteAttributes { id, plan }]
}

/// The status line while a deletion from the attribute pane runs.
pub(super) fn deleting_text(names: &[String], username: &str) -> String {
    format!("Deleting {} from {username}…", describe_names(names))
}

pub(super) fn describe_names(names: &[String]) -> String {
    let noun = if names.len() == 1 {
        "attribute"
    } else {
        "attributes"
    };
    format!("{} {noun} ({})", names.len(), names.join(", "))
}

/// `p`: hide or show personal data on screen.
fn toggle_mask(app: &mut App) {
    app.mask_pii = !app.mask_pii;
    let text = if app.mask_pii {
        format!(
            "Personal data hidden on screen (emails, phones, names, custom attributes, \
             identities). {} shows it again.",
            app.key(Action::MaskPii)
        )
    } else {
        "Personal data shown.".to_owned()
    };
    app.set_status(StatusKind::Info, text);
}
