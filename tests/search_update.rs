//! Searching and local filtering as state transitions: what is sent, what is shown.

mod support;

use cognito_tui::app::{Action, App, InputEdit, InputKind, Msg, StatusKind, update};
use cognito_tui::directory::{Attribute, UserPage, fixtures};
use cognito_tui::worker::{Command, Response};
use support::{answer, listed_usernames, press, started, status_text, submit, type_text};

fn search(app: &mut App, text: &str) -> Vec<Command> {
    press(app, Action::Search);
    type_text(app, text);
    submit(app)
}

/// The filter of the one ListUsers command in `commands`.
fn sent_filter(commands: &[Command]) -> (cognito_tui::worker::RequestId, Option<String>) {
    commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, request } => Some((*id, request.filter.clone())),
            _ => None,
        })
        .expect("no ListUsers sent")
}

fn page(id: cognito_tui::worker::RequestId, users: Vec<cognito_tui::directory::User>) -> Response {
    Response::UsersPage {
        id,
        result: Ok(UserPage {
            users,
            next_token: None,
        }),
    }
}

#[test]
fn typing_in_the_search_box_sends_nothing_until_enter() {
    let mut app = started(5, false);
    press(&mut app, Action::Search);
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::Search);
    assert!(type_text(&mut app, "jo@example.com").is_empty());
    let commands = submit(&mut app);
    assert_eq!(app.input, None);
    let (_, filter) = sent_filter(&commands);
    assert_eq!(filter.as_deref(), Some(r#"email ^= "jo@example.com""#));
    assert!(status_text(&app).contains(r#"email ^= "jo@example.com""#));
}

#[test]
fn results_replace_the_list_and_the_status_names_the_filter_sent() {
    let mut app = started(5, false);
    let (id, _) = sent_filter(&search(&mut app, "+15555550100"));
    let mut jo = fixtures::user(42);
    jo.push_attribute(Attribute::new("phone_number", "+15555550100"));
    answer(&mut app, page(id, vec![jo]));
    assert_eq!(app.list.users.len(), 1);
    assert_eq!(app.list.selected().unwrap().username(), "user042");
    let text = status_text(&app);
    assert!(text.contains("Found 1 user"), "{text}");
    assert!(text.contains(r#"phone_number = "+15555550100""#), "{text}");
}

#[test]
fn a_plain_word_falls_back_through_the_name_attributes_until_someone_is_found() {
    let mut app = started(5, false);
    let (id, filter) = sent_filter(&search(&mut app, "Ada"));
    assert_eq!(filter.as_deref(), Some(r#"username ^= "Ada""#));
    let (id, filter) = sent_filter(&answer(&mut app, page(id, vec![])));
    assert_eq!(filter.as_deref(), Some(r#"email ^= "Ada""#));
    let (id, filter) = sent_filter(&answer(&mut app, page(id, vec![])));
    assert_eq!(filter.as_deref(), Some(r#"name ^= "Ada""#));
    let (id, filter) = sent_filter(&answer(&mut app, page(id, vec![])));
    assert_eq!(filter.as_deref(), Some(r#"given_name ^= "Ada""#));
    answer(&mut app, page(id, vec![fixtures::user(7)]));
    assert_eq!(app.list.users.len(), 1);
    assert!(status_text(&app).contains(r#"given_name ^= "Ada""#));
}

#[test]
fn nobody_found_explains_case_sensitivity() {
    let mut app = started(5, false);
    let mut commands = search(&mut app, "ADA");
    for _ in 0..6 {
        let (id, _) = sent_filter(&commands);
        commands = answer(&mut app, page(id, vec![]));
    }
    assert!(commands.is_empty());
    let status = app.status.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Warning);
    assert!(status.text.contains("Nobody matches"));
    assert!(status.text.contains("case-sensitively"));
}

#[test]
fn a_value_with_quotes_is_sent_as_a_safe_prefix_and_checked_exactly() {
    let mut app = started(5, false);
    let commands = search(&mut app, r#"given_name = Bo"b \ Jr"#);
    let (id, filter) = sent_filter(&commands);
    assert_eq!(filter.as_deref(), Some(r#"given_name ^= "Bo""#));
    let with = |i: usize, name: &str| {
        let mut u = fixtures::user(i);
        u.push_attribute(Attribute::new("given_name", name));
        u
    };
    answer(
        &mut app,
        page(
            id,
            vec![with(1, "Bo"), with(2, r#"Bo"b \ Jr"#), with(3, r#"Bo"bby"#)],
        ),
    );
    let names: Vec<&str> = app.list.users.iter().map(|u| u.username()).collect();
    assert_eq!(names, ["user002"]);
}

#[test]
fn unfilterable_attributes_get_a_message_that_offers_the_local_filter() {
    let mut app = started(5, false);
    assert!(search(&mut app, "custom:plan = pro").is_empty());
    let text = status_text(&app);
    assert!(text.contains("cannot search on custom:plan"), "{text}");
    assert!(text.contains("press f"), "{text}");
}

#[test]
fn esc_after_a_search_goes_back_to_the_whole_pool() {
    let mut app = started(5, false);
    let (id, _) = sent_filter(&search(&mut app, "jo@x.com"));
    answer(&mut app, page(id, vec![fixtures::user(3)]));
    let commands = press(&mut app, Action::Cancel);
    let (_, filter) = sent_filter(&commands);
    assert_eq!(filter, None);
    assert_eq!(app.search, None);
}

fn input_text(app: &App) -> &str {
    app.input.as_ref().map_or("", |i| i.text.as_str())
}

#[test]
fn up_and_down_in_the_search_box_recall_this_sessions_searches() {
    let mut app = started(5, false);
    for text in ["jo@x.com", "ada", "jo@x.com"] {
        search(&mut app, text);
        press(&mut app, Action::Cancel);
    }
    press(&mut app, Action::Search);
    type_text(&mut app, "we");
    let step = |app: &mut App, edit| {
        update(app, Msg::Input(edit));
        input_text(app).to_owned()
    };
    // Newest first, each search once; Down past the newest gives back what was typed.
    assert_eq!(step(&mut app, InputEdit::Previous), "jo@x.com");
    assert_eq!(step(&mut app, InputEdit::Previous), "ada");
    assert_eq!(step(&mut app, InputEdit::Previous), "ada");
    assert_eq!(step(&mut app, InputEdit::Next), "jo@x.com");
    assert_eq!(step(&mut app, InputEdit::Next), "we");
    // An edited recall is sent as edited, and becomes the newest entry.
    step(&mut app, InputEdit::Previous);
    type_text(&mut app, ".uk");
    let (_, filter) = sent_filter(&submit(&mut app));
    assert_eq!(filter.as_deref(), Some(r#"email ^= "jo@x.com.uk""#));
    assert_eq!(
        app.search_history.entries(),
        ["ada", "jo@x.com", "jo@x.com.uk"]
    );
    // The command line keeps its own history.
    press(&mut app, Action::CommandLine);
    assert_eq!(step(&mut app, InputEdit::Previous), "");
}

#[test]
fn up_and_down_in_the_filter_box_pick_among_the_matches() {
    let mut app = started(40, false);
    press(&mut app, Action::SwitchPane);
    press(&mut app, Action::LocalFilter);
    type_text(&mut app, "user03");
    let first = app.detail.username.clone();
    update(&mut app, Msg::Input(InputEdit::Next));
    update(&mut app, Msg::Input(InputEdit::Next));
    assert_eq!(app.list.cursor.selected, 2);
    assert_ne!(app.detail.username, first, "the pane follows the pick");
    assert_eq!(input_text(&app), "user03", "the filter text stays");
    assert_eq!(app.focus, cognito_tui::app::Focus::Users);
    update(&mut app, Msg::Input(InputEdit::Previous));
    assert_eq!(app.list.cursor.selected, 1);
}

#[test]
fn a_page_of_the_old_list_arriving_after_a_search_is_dropped() {
    let (mut app, start) = App::new(support::session(false));
    let (old, _) = sent_filter(&start);
    let (new, _) = sent_filter(&search(&mut app, "jo@x.com"));
    answer(&mut app, page(old, fixtures::users(30)));
    assert!(app.list.users.is_empty());
    answer(&mut app, page(new, vec![fixtures::user(3)]));
    assert_eq!(app.list.users.len(), 1);
}

#[test]
fn the_local_filter_narrows_on_every_keystroke_without_a_server_call() {
    let mut app = started(40, false);
    press(&mut app, Action::LocalFilter);
    let commands = type_text(&mut app, "user03");
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. })),
        "no server call"
    );
    // Fuzzy: every user03x matches, best first; far fewer than all 40.
    let shown: Vec<String> = (0..app.list.rows())
        .map(|r| app.list.user_at(r).unwrap().username().to_owned())
        .collect();
    assert!(shown.len() < 20, "{shown:?}");
    for i in 30..40 {
        assert!(shown[..10].contains(&format!("user{i:03}")), "{shown:?}");
    }
    update(&mut app, Msg::Input(InputEdit::Insert('7')));
    assert_eq!(app.list.rows(), 1);
    assert_eq!(app.detail.username.as_deref(), Some("user037"));
    submit(&mut app);
    assert_eq!(app.local_filter.as_deref(), Some("user037"));
    press(&mut app, Action::Cancel);
    assert_eq!(app.list.rows(), 40);
}

#[test]
fn the_local_filter_finds_custom_attributes() {
    let mut app = started(30, false);
    press(&mut app, Action::LocalFilter);
    type_text(&mut app, "tenant-2");
    // The ten users of tenant-2 rank first.
    assert!(app.list.rows() >= 10);
    assert!((0..10).all(|r| {
        app.list.user_at(r).unwrap().attribute("custom:tenant_id") == Some("tenant-2")
    }));
}

/// Forty users with the local filter open and a budget of five users a keystroke, so they stand
/// for a list too large to match on the app's thread.
fn filtering_in_the_background() -> App {
    let mut app = started(40, false);
    app.list.local_cache = cognito_tui::search::local::FilterCache::with_foreground_users(5);
    press(&mut app, Action::LocalFilter);
    app
}

type FilterPass = (
    cognito_tui::worker::RequestId,
    cognito_tui::search::local::FilterJob,
);

/// The background filter passes in `commands`, in order.
fn filter_jobs(commands: Vec<Command>) -> Vec<FilterPass> {
    commands
        .into_iter()
        .filter_map(|c| match c {
            Command::FilterUsers { id, job } => Some((id, job)),
            _ => None,
        })
        .collect()
}

/// The one background filter pass in `commands`.
fn filter_job(commands: Vec<Command>) -> FilterPass {
    let mut jobs = filter_jobs(commands);
    assert_eq!(jobs.len(), 1, "one background pass");
    jobs.remove(0)
}

/// The last of the background passes in `commands` (one a key): each key stopped the one
/// before, whose answer, stopped, is dropped.
fn last_filter_job(app: &mut App, commands: Vec<Command>) -> FilterPass {
    let mut jobs = filter_jobs(commands);
    let last = jobs.pop().expect("a background pass");
    for (id, job) in jobs {
        let done = job.run();
        assert!(!done.finished(), "{done:?} ran on after a newer key");
        assert!(answer(app, Response::Filtered { id, done }).is_empty());
    }
    last
}

#[test]
fn a_large_list_is_matched_in_the_background_and_the_screen_stays_usable() {
    let mut app = started(40, false);
    // Forty users stand for a list too large to match on the app's thread.
    app.list.local_cache = cognito_tui::search::local::FilterCache::with_foreground_users(5);
    press(&mut app, Action::LocalFilter);
    let (id, job) = filter_job(type_text(&mut app, "u"));
    // Until the answer lands the whole list stays, and the header says it is matching.
    assert_eq!(app.list.rows(), 40);
    assert_eq!(app.list.filtering, Some(id));
    let screen = support::screen_text(&mut app);
    assert!(screen.contains("filter: u (matching…)"), "{screen}");
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    assert_eq!(app.list.filtering, None);
    assert_eq!(
        app.list.visible.as_deref(),
        Some(&cognito_tui::search::local::filter(&app.list.users, "u")[..])
    );
    // Backspace to "u" after "us": answered from what is remembered, no second pass.
    let (id, job) = filter_job(type_text(&mut app, "s"));
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    let commands = update(&mut app, Msg::Input(InputEdit::Backspace));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::FilterUsers { .. })),
        "{commands:?}"
    );
    assert_eq!(app.list.rows(), 40);
}

#[test]
fn a_key_typed_while_a_pass_runs_stops_it_and_starts_its_own() {
    let mut app = filtering_in_the_background();
    let (first, stopped) = filter_job(type_text(&mut app, "3"));
    // Typed on before the answer: the pass for "3" is told to stop, one for "37" starts.
    let (id, job) = filter_job(type_text(&mut app, "7"));
    assert_ne!(id, first);
    assert_eq!(job.text(), "37");
    assert_eq!(app.list.filtering, Some(id));
    // The first pass stops before its end, and what it sends is dropped.
    let done = stopped.run();
    assert!(!done.finished(), "{done:?}");
    assert!(answer(&mut app, Response::Filtered { id: first, done }).is_empty());
    assert_eq!(app.list.rows(), 40, "an answer for older text was shown");
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    assert_eq!(listed_usernames(&app)[0], "user037");
    assert_eq!(app.detail.username.as_deref(), Some("user037"));
}

#[test]
fn an_answer_after_the_filter_closed_or_for_another_request_is_dropped() {
    let mut app = filtering_in_the_background();
    let (id, job) = filter_job(type_text(&mut app, "3"));
    let done = job.run();
    let other = cognito_tui::worker::RequestId(id.0 + 1000);
    assert!(
        answer(
            &mut app,
            Response::Filtered {
                id: other,
                done: done.clone()
            }
        )
        .is_empty()
    );
    assert_eq!(app.list.filtering, Some(id));
    update(&mut app, Msg::Input(InputEdit::Cancel));
    assert!(answer(&mut app, Response::Filtered { id, done }).is_empty());
    assert_eq!(app.list.rows(), 40);
    assert_eq!(app.local_filter, None);
}

#[test]
fn users_loaded_or_changed_while_a_pass_runs_are_not_lost() {
    let mut app = filtering_in_the_background();
    let (id, job) = filter_job(type_text(&mut app, "u"));
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    let commands = type_text(&mut app, "ser04");
    let (id, job) = last_filter_job(&mut app, commands);
    assert_eq!(job.text(), "user04");
    // A page arrives meanwhile: the pass started before it, so its answer lacks user040+.
    let more: Vec<_> = (40..45).map(fixtures::user).collect();
    app.list.users.extend(more);
    let commands = answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::FilterUsers { .. })),
        "{commands:?}"
    );
    let found = listed_usernames(&app);
    for i in 40..45 {
        assert!(found.contains(&format!("user{i:03}")), "{found:?}");
    }
    assert_eq!(
        app.list.visible.as_deref(),
        Some(&cognito_tui::search::local::filter(&app.list.users, "user04")[..])
    );
    // The users change while a pass runs (a deletion, a fresh read): its answer is refused
    // and the text asked again.
    let (id, job) = filter_job(type_text(&mut app, "1"));
    app.list.local_cache.clear();
    let commands = answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    let (id, job) = filter_job(commands);
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    assert_eq!(listed_usernames(&app), ["user041"]);
}

#[test]
fn typing_selects_the_best_match_and_new_pages_keep_the_selection() {
    let mut app = started(40, false);
    press(&mut app, Action::LocalFilter);
    type_text(&mut app, "user02");
    assert_eq!(app.list.cursor.selected, 0);
    let best = listed_usernames(&app)[0].clone();
    assert_eq!(app.detail.username.as_deref(), Some(best.as_str()));
    // Down to another match; then a page arrives holding better matches than it.
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::MoveDown);
    let chosen = app.list.selected().unwrap().username().to_owned();
    let id = {
        app.list.next_token = Some("more".into());
        let commands = press(&mut app, Action::LoadAll);
        sent_filter(&commands).0
    };
    let more: Vec<_> = (200..230).map(fixtures::user).collect();
    answer(&mut app, page(id, more));
    assert!(listed_usernames(&app).contains(&"user202".to_owned()));
    assert_eq!(app.list.selected().unwrap().username(), chosen);
    assert_eq!(app.detail.username.as_deref(), Some(chosen.as_str()));
    // Esc clears the filter and keeps the same user selected among all the others.
    update(&mut app, Msg::Input(InputEdit::Cancel));
    assert_eq!(app.list.rows(), 70);
    assert_eq!(app.list.selected().unwrap().username(), chosen);
}

#[test]
fn choosing_every_user_shown_waits_for_the_filter_to_finish_matching() {
    let mut app = filtering_in_the_background();
    let commands = type_text(&mut app, "user03");
    let (id, job) = last_filter_job(&mut app, commands);
    update(&mut app, Msg::Input(InputEdit::Submit));
    // The 40 rows on screen are not the matches of "user03" yet: nobody is chosen.
    press(&mut app, Action::ChooseAll);
    assert!(app.list.chosen.is_empty());
    assert!(
        status_text(&app).contains("still matching"),
        "{}",
        status_text(&app)
    );
    // The pass for "user03" lands.
    answer(
        &mut app,
        Response::Filtered {
            id,
            done: job.run(),
        },
    );
    assert_eq!(app.list.filtering, None);
    press(&mut app, Action::ChooseAll);
    assert_eq!(app.list.chosen.len(), app.list.rows());
    assert!(app.list.chosen.contains("user035"));
    assert!(!app.list.chosen.contains("user012"));
}

/// Runs a background pass as the worker does: its first screenful, when it shows one, then its
/// end.
fn run_showing(
    job: cognito_tui::search::local::FilterJob,
) -> (
    Option<cognito_tui::search::local::FilterPreview>,
    cognito_tui::search::local::FilterDone,
) {
    let first = std::sync::Mutex::new(None);
    let done = job.run_showing(&|preview| {
        assert!(
            first.lock().unwrap().replace(preview).is_none(),
            "shown twice"
        );
    });
    (first.into_inner().unwrap(), done)
}

#[test]
fn a_pass_shows_its_best_screenful_before_its_end_and_the_end_keeps_the_row_chosen() {
    let mut app = filtering_in_the_background();
    let screenful = app.viewport.list_rows.max(20);
    // Every username starts with `u`: all score the most a `u` can, in the list's order.
    let (id, job) = filter_job(type_text(&mut app, "u"));
    let (preview, done) = run_showing(job);
    let preview = preview.expect("a first screenful");
    answer(&mut app, Response::FilterPreview { id, preview });
    let all = cognito_tui::search::local::filter(&app.list.users, "u");
    assert_eq!(app.list.visible.as_deref(), Some(&all[..screenful]));
    assert_eq!(app.list.cursor.selected, 0);
    // Still matching: the header says so, and `*` and an export wait for every match.
    assert_eq!(app.list.filtering, Some(id));
    let screen = support::screen_text(&mut app);
    assert!(screen.contains("filter: u (matching…)"), "{screen}");
    // The list's title says more rows are to come.
    assert!(
        screen.contains(&format!("Users 1/{screenful}… ")),
        "{screen}"
    );
    update(&mut app, Msg::Input(InputEdit::Submit));
    press(&mut app, Action::ChooseAll);
    assert!(app.list.chosen.is_empty());
    assert!(status_text(&app).contains("still matching"));
    let commands = support::command_line(&mut app, "export csv /tmp/never-written.csv");
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::ExportView { .. })),
        "{commands:?}"
    );
    assert!(
        status_text(&app).contains("still matching"),
        "{}",
        status_text(&app)
    );
    // The user moves to the third row of the first screenful; the end keeps it chosen.
    press(&mut app, Action::MoveDown);
    press(&mut app, Action::MoveDown);
    let chosen = app.list.selected().unwrap().username().to_owned();
    answer(&mut app, Response::Filtered { id, done });
    assert_eq!(app.list.filtering, None);
    assert_eq!(app.list.visible.as_deref(), Some(&all[..]));
    assert_eq!(app.list.selected().unwrap().username(), chosen);
    assert_eq!(app.list.cursor.selected, 2);
    let screen = support::screen_text(&mut app);
    assert!(screen.contains("Users 3/40 "), "{screen}");
}

#[test]
fn a_first_screenful_of_another_pass_or_of_changed_users_is_not_shown() {
    let mut app = filtering_in_the_background();
    let (first, job) = filter_job(type_text(&mut app, "u"));
    // A key typed meanwhile: the first pass's screenful is not the text's.
    let (preview, _) = run_showing(job.clone());
    filter_job(type_text(&mut app, "s"));
    answer(
        &mut app,
        Response::FilterPreview {
            id: first,
            preview: preview.unwrap(),
        },
    );
    assert_eq!(app.list.rows(), 40);
    // The users changed under a pass: its screenful may name users that are not there.
    let mut app = filtering_in_the_background();
    let (id, job) = filter_job(type_text(&mut app, "u"));
    let (preview, _) = run_showing(job);
    app.list.local_cache.clear();
    answer(
        &mut app,
        Response::FilterPreview {
            id,
            preview: preview.unwrap(),
        },
    );
    assert_eq!(app.list.rows(), 40);
}

#[test]
fn a_sorted_list_waits_for_every_match() {
    let mut app = started(40, false);
    app.list.local_cache = cognito_tui::search::local::FilterCache::with_foreground_users(5);
    // Sorted, the first rows are the smallest of every match, not the best: none is known
    // before the end.
    press(&mut app, Action::Sort);
    assert!(app.list.sort.is_some());
    press(&mut app, Action::LocalFilter);
    let (id, job) = filter_job(type_text(&mut app, "u"));
    let (preview, done) = run_showing(job);
    assert!(preview.is_none());
    answer(&mut app, Response::Filtered { id, done });
    assert_eq!(app.list.rows(), 40);
}
