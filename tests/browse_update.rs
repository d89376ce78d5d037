//! The list as a view the user shapes, through `update`: sort (`s`, `S`, `:sort`, the mouse),
//! columns (`C`, `:columns`), the groups column's reads, the mouse, `--search`/`--filter`.

mod support;

use cognito_tui::app::{
    Action, App, ColumnKey, Focus, GroupsCell, InputEdit, MouseTarget, Msg, Overlay, Viewport,
    sorting_key, start_with, update,
};
use cognito_tui::browse::sort::FOREGROUND_USERS;
use cognito_tui::browse::{Column, SortKey};
use cognito_tui::directory::{Attribute, User, fixtures};
use cognito_tui::worker::{Command, RequestId, Response};
use proptest::prelude::*;
use support::{
    answer, answer_all_groups, answer_page, command_line, group, listed_usernames, press, session,
    started, status_text,
};

fn selected(app: &App) -> String {
    app.list.selected().unwrap().username().to_owned()
}

/// An app whose first page holds `first` and whose second page is still to come.
fn paged(first: Vec<User>) -> (App, RequestId) {
    let (mut app, commands) = App::new(session(false));
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    let next = answer_page(&mut app, id, first, Some("page2".into()));
    let id = app.list.loading.unwrap_or_else(|| panic!("{next:?}"));
    (app, id)
}

fn page(app: &mut App, id: RequestId, users: Vec<User>, more: bool) -> Vec<Command> {
    answer_page(app, id, users, more.then(|| "more".into()))
}

/// `n` users whose plan (a custom attribute) runs backwards and whose emails repeat.
fn users(range: std::ops::Range<usize>) -> Vec<User> {
    range
        .map(|i| {
            let mut u = fixtures::user(i);
            u.set_attribute("custom:plan", &format!("plan{:03}", 999 - i % 1000));
            u.set_attribute("email", &format!("e{}@x.io", i % 7));
            u
        })
        .collect()
}

#[test]
fn s_sorts_by_each_shown_column_in_turn_then_not_at_all_and_s_shift_reverses() {
    let mut app = started(12, false);
    let loaded = listed_usernames(&app);
    press(&mut app, Action::Sort);
    assert_eq!(
        app.list.sort.as_ref().unwrap().key,
        SortKey::ascending(Column::Username)
    );
    assert_eq!(
        listed_usernames(&app),
        loaded,
        "usernames load in order already"
    );
    press(&mut app, Action::ReverseSort);
    let mut reversed = loaded.clone();
    reversed.reverse();
    assert_eq!(listed_usernames(&app), reversed);
    press(&mut app, Action::Sort);
    assert_eq!(app.list.sort.as_ref().unwrap().key.column, Column::Email);
    press(&mut app, Action::Sort);
    press(&mut app, Action::Sort);
    assert_eq!(app.list.sort.as_ref().unwrap().key.column, Column::Enabled);
    // Disabled users (`enabled` false) first, each group in load order.
    let first = app.list.user_at(0).unwrap();
    assert!(!first.enabled(), "{first:?}");
    press(&mut app, Action::Sort);
    assert_eq!(app.list.sort, None);
    assert_eq!(listed_usernames(&app), loaded);
}

#[test]
fn sorting_keeps_the_selected_user_selected() {
    let mut app = started(30, false);
    for _ in 0..7 {
        press(&mut app, Action::MoveDown);
    }
    assert_eq!(selected(&app), "user007");
    press(&mut app, Action::ReverseSort);
    assert_eq!(selected(&app), "user007");
    assert_eq!(app.list.cursor.selected, 22);
    let commands = press(&mut app, Action::ReverseSort);
    assert_eq!(selected(&app), "user007");
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::GetUser { .. })),
        "the same user stays in the pane: {commands:?}"
    );
}

#[test]
fn new_pages_merge_into_the_sorted_order_and_the_selection_stays() {
    let (mut app, id) = paged(users(0..60));
    command_line(&mut app, "sort custom:plan");
    for _ in 0..3 {
        press(&mut app, Action::MoveDown);
    }
    let before = selected(&app);
    page(&mut app, id, users(60..120), false);
    assert_eq!(selected(&app), before);
    let plans: Vec<String> = (0..app.list.rows())
        .map(|r| {
            app.list
                .user_at(r)
                .unwrap()
                .attribute("custom:plan")
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut sorted = plans.clone();
    sorted.sort();
    assert_eq!(plans, sorted);
    assert_eq!(plans.len(), 120);
}

#[test]
fn sort_command_takes_a_direction_and_refuses_nonsense_in_a_sentence() {
    let mut app = started(10, false);
    command_line(&mut app, "sort created desc");
    assert_eq!(
        app.list.sort.as_ref().unwrap().key,
        SortKey {
            column: Column::Created,
            descending: true
        }
    );
    assert_eq!(listed_usernames(&app)[0], "user009");
    command_line(&mut app, "sort email sideways");
    assert!(
        status_text(&app).contains("not a direction"),
        "{}",
        status_text(&app)
    );
    command_line(&mut app, "sort groups");
    assert!(status_text(&app).contains("cannot sort by groups"));
    command_line(&mut app, "sort");
    assert_eq!(app.list.sort, None);
}

#[test]
fn a_large_list_sorts_in_the_background_and_a_stale_answer_is_dropped() {
    let mut app = started(FOREGROUND_USERS + 10, false);
    let loaded = listed_usernames(&app);
    let commands = press(&mut app, Action::ReverseSort);
    let Some(Command::SortUsers {
        id: first,
        job: first_job,
    }) = commands.into_iter().next()
    else {
        panic!("no background sort");
    };
    assert_eq!(
        listed_usernames(&app),
        loaded,
        "nothing moves until the answer"
    );
    assert!(status_text(&app).starts_with("Sorting"));
    // Another key before the answer: the first answer is stale.
    let commands = press(&mut app, Action::ReverseSort);
    let Some(Command::SortUsers { id: second, job }) = commands.into_iter().next() else {
        panic!("no second sort");
    };
    answer(
        &mut app,
        Response::Sorted {
            id: first,
            done: first_job.run(),
        },
    );
    assert_eq!(app.list.sort, None, "the stale answer was dropped");
    answer(
        &mut app,
        Response::Sorted {
            id: second,
            done: job.run(),
        },
    );
    let key = &app.list.sort.as_ref().unwrap().key;
    assert_eq!(key, &SortKey::ascending(Column::Username));
    assert_eq!(status_text(&app), "");
}

#[test]
fn a_background_sort_of_users_since_replaced_starts_again() {
    let mut app = started(FOREGROUND_USERS + 10, false);
    let commands = press(&mut app, Action::ReverseSort);
    let Some(Command::SortUsers { id, job }) = commands.into_iter().next() else {
        panic!("no background sort");
    };
    // A reload replaces the users while the sort runs: the sort starts over on them.
    let reload = press(&mut app, Action::Refresh);
    let page_id = reload
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    let again = page(&mut app, page_id, fixtures::users(5), false);
    assert!(
        app.list.sort.as_ref().unwrap().key.descending,
        "small now: sorted at once"
    );
    assert!(!again.iter().any(|c| matches!(c, Command::SortUsers { .. })));
    answer(
        &mut app,
        Response::Sorted {
            id,
            done: job.run(),
        },
    );
    assert_eq!(
        listed_usernames(&app),
        ["user004", "user003", "user002", "user001", "user000"]
    );
}

#[test]
fn sorting_composes_with_the_local_filter() {
    let mut app = started(40, false);
    press(&mut app, Action::LocalFilter);
    for c in "^user01".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    update(&mut app, Msg::Input(InputEdit::Submit));
    press(&mut app, Action::ReverseSort);
    let rows = listed_usernames(&app);
    assert_eq!(rows.first().map(String::as_str), Some("user019"));
    assert_eq!(rows.last().map(String::as_str), Some("user010"), "{rows:?}");
    assert_eq!(rows.len(), 10);
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(rows, sorted);
    // Clearing the filter keeps the sort.
    press(&mut app, Action::Cancel);
    assert_eq!(app.list.rows(), 40);
    assert_eq!(listed_usernames(&app)[0], "user039");
}

#[test]
fn a_search_keeps_the_sort() {
    let mut app = started(20, false);
    press(&mut app, Action::ReverseSort);
    let commands = start_with(&mut app, Some("user0"), None);
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::ListUsers { id, request } => {
                assert!(request.filter.is_some(), "{request:?}");
                Some(*id)
            }
            _ => None,
        })
        .unwrap();
    page(&mut app, id, fixtures::users(5), false);
    assert_eq!(listed_usernames(&app)[0], "user004");
}

#[test]
fn the_filter_flag_starts_the_list_filtered() {
    let (mut app, commands) = App::new(session(false));
    let mut commands = commands;
    commands.extend(start_with(&mut app, None, Some("user03")));
    support::serve(&mut app, commands, 40);
    assert_eq!(app.local_filter.as_deref(), Some("user03"));
    assert!(
        app.list.rows() < 40 && app.list.rows() > 0,
        "{}",
        app.list.rows()
    );
    assert!(listed_usernames(&app).iter().all(|u| u.contains('3')));
}

/// A value copied over two lines, given to `--filter` or `--search`, is one line as a paste
/// into the filter or the search box is: not `a\u{a}b` in the header.
#[test]
fn the_filter_and_search_flags_take_text_over_several_lines_as_one_line() {
    let (mut app, commands) = App::new(session(false));
    let mut commands = commands;
    commands.extend(start_with(&mut app, None, Some(" user\n03\r\n")));
    support::serve(&mut app, commands, 40);
    assert_eq!(app.local_filter.as_deref(), Some("user 03"));
    let mut app = started(20, false);
    let commands = start_with(&mut app, Some("user0\n"), None);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. })),
        "{commands:?}"
    );
    assert_eq!(
        app.search.as_ref().map(|s| s.query.text.as_str()),
        Some("user0")
    );
}

/// A misspelt attribute would show an empty column, saved for the pool, or sort the list by
/// nothing with no title to say so: a name the pool's schema does not know is refused.
#[test]
fn columns_and_sort_refuse_an_attribute_the_pool_does_not_have() {
    let mut app = started(5, false);
    let commands = command_line(&mut app, "columns username,custom:plna");
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(app.columns, Column::DEFAULT.to_vec(), "unchanged");
    assert!(
        status_text(&app).contains("no attribute \"custom:plna\""),
        "{}",
        status_text(&app)
    );
    command_line(&mut app, "sort bogus desc");
    assert_eq!(app.list.sort, None);
    assert!(
        status_text(&app).contains("no attribute \"bogus\""),
        "{}",
        status_text(&app)
    );
    // Standard attributes count even where the schema leaves them out, and `identities`.
    command_line(
        &mut app,
        "columns username,birthdate,identities,custom:plan",
    );
    assert_eq!(app.columns.len(), 4, "{}", status_text(&app));
}

/// A sort by a column not shown has no title to carry its arrow: the status line says it.
#[test]
fn a_sort_by_a_column_not_shown_says_so() {
    let mut app = started(5, false);
    command_line(&mut app, "sort locale desc");
    assert!(app.list.sort.is_some());
    assert!(
        status_text(&app).contains("locale ▼") && status_text(&app).contains("not shown"),
        "{}",
        status_text(&app)
    );
}

#[test]
fn columns_command_sets_and_saves_them_and_refuses_bad_names() {
    let mut app = started(5, false);
    let commands = command_line(&mut app, "columns username, custom:plan ,created");
    assert_eq!(
        app.columns,
        vec![
            Column::Username,
            Column::Attribute("custom:plan".into()),
            Column::Created
        ]
    );
    assert!(
        commands.iter().any(|c| matches!(
            c,
            Command::SaveColumns { pool_id, columns, .. }
                if pool_id == "eu-west-1_Test1" && columns.len() == 3
        )),
        "{commands:?}"
    );
    let commands = command_line(&mut app, "columns user;name");
    assert!(commands.is_empty());
    assert_eq!(app.columns.len(), 3, "unchanged");
    assert!(status_text(&app).contains("not a column"));
}

#[test]
fn the_picker_toggles_orders_and_applies_columns() {
    let mut app = started(5, false);
    press(&mut app, Action::Columns);
    let Some(Overlay::Columns(picker)) = &app.overlay else {
        panic!("no picker");
    };
    // The shown columns first, ticked; then the rest, the pool's attributes among them.
    assert_eq!(picker.entries[0], (Column::Username, true));
    assert!(
        picker
            .entries
            .contains(&(Column::Attribute("custom:plan".into()), false))
    );
    assert!(
        !picker
            .entries
            .contains(&(Column::Attribute("email".into()), false))
    );
    // Hide email, move status up above it, show created.
    update(&mut app, Msg::Columns(ColumnKey::Down));
    update(&mut app, Msg::Columns(ColumnKey::Toggle));
    update(&mut app, Msg::Columns(ColumnKey::Down));
    update(&mut app, Msg::Columns(ColumnKey::MoveUp));
    for _ in 0..3 {
        update(&mut app, Msg::Columns(ColumnKey::Down));
    }
    update(&mut app, Msg::Columns(ColumnKey::Toggle));
    let commands = update(&mut app, Msg::Columns(ColumnKey::Apply));
    assert_eq!(app.overlay, None);
    assert_eq!(
        app.columns,
        vec![
            Column::Username,
            Column::Status,
            Column::Enabled,
            Column::Created
        ]
    );
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::SaveColumns { .. }))
    );
    // Esc leaves them as they were.
    press(&mut app, Action::Columns);
    update(&mut app, Msg::Columns(ColumnKey::Toggle));
    let commands = update(&mut app, Msg::Columns(ColumnKey::Cancel));
    assert!(commands.is_empty());
    assert_eq!(app.columns.len(), 4);
}

#[test]
fn the_picker_takes_first_last_and_pages_as_the_other_lists_do() {
    let mut app = started(5, false);
    app.viewport = Viewport {
        list_rows: 4,
        ..app.viewport
    };
    press(&mut app, Action::Columns);
    let cursor = |app: &App| match &app.overlay {
        Some(Overlay::Columns(picker)) => (picker.cursor, picker.entries.len()),
        other => panic!("no picker: {other:?}"),
    };
    let (_, entries) = cursor(&app);
    assert!(entries > 8, "{entries} entries");
    press(&mut app, Action::Bottom);
    assert_eq!(cursor(&app).0, entries - 1);
    press(&mut app, Action::PageUp);
    assert_eq!(cursor(&app).0, entries - 5);
    press(&mut app, Action::Top);
    assert_eq!(cursor(&app).0, 0);
    press(&mut app, Action::PageDown);
    assert_eq!(cursor(&app).0, 4);
    // Still the picker, nothing applied.
    assert!(matches!(app.overlay, Some(Overlay::Columns(_))));
}

#[test]
fn the_picker_will_not_apply_no_column() {
    let mut app = started(5, false);
    command_line(&mut app, "columns status");
    press(&mut app, Action::Columns);
    update(&mut app, Msg::Columns(ColumnKey::Toggle));
    let commands = update(&mut app, Msg::Columns(ColumnKey::Apply));
    assert!(commands.is_empty());
    assert!(matches!(app.overlay, Some(Overlay::Columns(_))));
    assert!(status_text(&app).contains("at least one column"));
}

fn groups_asked(commands: &[Command]) -> Vec<String> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::RowGroups { username, .. } => Some(username.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_groups_column_reads_only_the_rows_shown_once_each() {
    let mut app = started(50, false);
    update(
        &mut app,
        Msg::Resize(Viewport {
            list_rows: 4,
            attribute_rows: 4,
        }),
    );
    let commands = command_line(&mut app, "columns username,groups");
    let mut asked = groups_asked(&commands);
    asked.sort();
    // user000 is the pane's user: its groups came with the pane.
    assert_eq!(asked, ["user001", "user002", "user003"]);
    for c in commands {
        if let Command::RowGroups { id, username } = c {
            answer(
                &mut app,
                Response::Groups {
                    id,
                    username,
                    result: Ok(vec!["support".into()]),
                },
            );
        }
    }
    assert_eq!(
        app.list.groups.get("user002"),
        Some(&GroupsCell::Known(vec!["support".into()]))
    );
    // Moving within the screen asks nothing; scrolling asks for the new row only.
    let within = press(&mut app, Action::MoveDown);
    assert!(
        groups_asked(&within).iter().all(|u| u == "user001"),
        "{within:?}"
    );
    for _ in 0..3 {
        press(&mut app, Action::MoveDown);
    }
    let asked: Vec<String> = app
        .list
        .groups
        .iter()
        .filter(|(_, c)| matches!(c, GroupsCell::Loading(_)))
        .map(|(u, _)| u.clone())
        .collect();
    assert_eq!(asked, ["user004"]);
    assert!(
        app.list.groups.len() <= 6,
        "never the whole list: {:?}",
        app.list.groups.len()
    );
}

#[test]
fn without_the_groups_column_no_groups_are_read_for_the_list() {
    let mut app = started(50, false);
    let commands = press(&mut app, Action::PageDown);
    assert!(
        groups_asked(&commands).len() <= 1,
        "only the pane's: {commands:?}"
    );
}

#[test]
fn the_mouse_selects_focuses_scrolls_and_sorts() {
    let mut app = started(40, false);
    update(&mut app, Msg::Mouse(MouseTarget::UserRow(5)));
    assert_eq!(selected(&app), "user005");
    update(&mut app, Msg::Mouse(MouseTarget::Pane(Focus::Attributes)));
    assert_eq!(app.focus, Focus::Attributes);
    update(&mut app, Msg::Mouse(MouseTarget::Wheel(Focus::Users, 3)));
    assert_eq!(app.focus, Focus::Users);
    assert_eq!(selected(&app), "user008");
    update(&mut app, Msg::Mouse(MouseTarget::UserRow(400)));
    assert_eq!(
        selected(&app),
        "user008",
        "a click below the last row selects nothing"
    );
    update(&mut app, Msg::Mouse(MouseTarget::Header(Column::Username)));
    assert_eq!(
        app.list.sort.as_ref().unwrap().key,
        SortKey::ascending(Column::Username)
    );
    update(&mut app, Msg::Mouse(MouseTarget::Header(Column::Username)));
    assert!(
        app.list.sort.as_ref().unwrap().key.descending,
        "a second click reverses"
    );
    assert_eq!(selected(&app), "user008");
    // Over a dialog, clicks do nothing.
    press(&mut app, Action::Help);
    update(&mut app, Msg::Mouse(MouseTarget::UserRow(0)));
    assert_eq!(selected(&app), "user008");
}

#[test]
fn clicks_land_where_the_screen_draws() {
    use cognito_tui::ui;
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut app = started(40, false);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut app, Msg::Resize(ui::viewport(110, 26)));
    // Line 0 the header, line 1 the list's border, line 2 its titles, line 3 the first user.
    assert_eq!(
        support::mouse_target(&app, 110, 26, click(10, 5)),
        Some(MouseTarget::UserRow(2))
    );
    assert_eq!(
        support::mouse_target(&app, 110, 26, click(5, 2)),
        Some(MouseTarget::Header(Column::Username))
    );
    assert_eq!(
        support::mouse_target(&app, 110, 26, click(80, 1)),
        Some(MouseTarget::Pane(Focus::Attributes))
    );
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(10, 10)
    };
    assert_eq!(
        support::mouse_target(&app, 110, 26, wheel),
        Some(MouseTarget::Wheel(Focus::Users, 3))
    );
    assert_eq!(
        support::mouse_target(&app, 110, 26, click(10, 25)),
        None,
        "the status line"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Sorting, then loading the rest page by page, shows what sorting everything shows.
    #[test]
    fn sorting_then_new_pages_equals_sorting_everything(
        values in proptest::collection::vec(proptest::option::of("[a-cA-C]{0,3}"), 1..150),
        first in 0usize..150,
        page_size in 1usize..40,
        column in 0usize..3,
        descending in any::<bool>(),
    ) {
        let all: Vec<User> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut u = fixtures::user(i);
                u.set_attributes(match v {
                    Some(v) => vec![Attribute::new("custom:k", v.as_str())].into(),
                    None => Vec::<Attribute>::new().into(),
                });
                u.set_created(v.as_ref().map(|v| v.len() as i64));
                u
            })
            .collect();
        let column = [
            Column::Attribute("custom:k".into()),
            Column::Created,
            Column::Username,
        ][column]
        .clone();
        let key = SortKey { column, descending };
        let first = first.min(all.len());
        let (mut app, mut id) = paged(all[..first].to_vec());
        cognito_tui::app::update(&mut app, Msg::Action(Action::CommandLine));
        let text = format!("sort {} {}", key.column.name(), if descending { "desc" } else { "asc" });
        for c in text.chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        update(&mut app, Msg::Input(InputEdit::Submit));
        let rest = &all[first..];
        let chunks = rest.chunks(page_size);
        for chunk in chunks {
            page(&mut app, id, chunk.to_vec(), true);
            id = app.list.loading.unwrap_or(id);
        }
        let everything: cognito_tui::directory::Users = all.clone().into();
        let expected: Vec<String> = cognito_tui::browse::sort::sort(&everything, &key)
            .into_iter()
            .map(|i| all[i as usize].username().to_owned())
            .collect();
        prop_assert_eq!(listed_usernames(&app), expected);
    }
}

#[test]
fn a_user_read_again_with_a_new_value_moves_to_its_place_and_stays_selected() {
    let mut app = started(10, false);
    command_line(&mut app, "sort locale");
    press(&mut app, Action::Top);
    for _ in 0..2 {
        press(&mut app, Action::MoveDown);
    }
    let name = selected(&app);
    let mut user = app.list.selected().unwrap().clone();
    user.set_attribute("locale", "zz-ZZ");
    let commands = press(&mut app, Action::Refresh);
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::GetUser { id, .. } => Some(*id),
            _ => None,
        })
        .unwrap();
    answer(
        &mut app,
        Response::User {
            id,
            username: name.clone(),
            result: Ok(user),
        },
    );
    assert_eq!(selected(&app), name);
    assert_eq!(app.list.cursor.selected, 9, "last: zz-ZZ sorts after en-GB");
}

#[test]
fn a_saved_view_recalls_its_sort_and_columns_with_its_filter() {
    let mut app = started(30, false);
    command_line(&mut app, "sort username desc");
    app.columns = cognito_tui::browse::parse_columns("username,created,custom:plan").unwrap();
    press(&mut app, Action::LocalFilter);
    for c in "user01".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    update(&mut app, Msg::Input(InputEdit::Submit));
    let commands = command_line(&mut app, "view save newest");
    assert!(commands.is_empty(), "no views file: {commands:?}");
    let view = &app.views.views["newest"];
    assert_eq!(view.sort.as_deref(), Some("username desc"));
    assert_eq!(
        view.columns.as_deref(),
        Some(
            &[
                "username".to_owned(),
                "created".into(),
                "custom:plan".into()
            ][..]
        )
    );
    assert!(
        status_text(&app)
            .starts_with("Saved view newest for this session only, not written to disk (filter user01, sorted by username desc, 3 columns)"),
        "{}",
        status_text(&app)
    );
    let saved = listed_usernames(&app);
    assert!(saved.len() > 1 && saved.len() < 30, "{saved:?}");
    assert!(saved.windows(2).all(|w| w[0] > w[1]), "{saved:?}");

    // Change everything, then recall.
    press(&mut app, Action::Cancel);
    command_line(&mut app, "sort email");
    command_line(&mut app, "columns email,status");
    assert_eq!(app.list.rows(), 30);
    let commands = command_line(&mut app, "view newest");
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::SaveColumns { .. })),
        "a view's columns are not the pool's: {commands:?}"
    );
    support::serve(&mut app, commands, 30);
    assert_eq!(
        app.list.sort.as_ref().unwrap().key,
        SortKey {
            column: Column::Username,
            descending: true
        }
    );
    assert_eq!(
        app.columns,
        vec![
            Column::Username,
            Column::Created,
            Column::Attribute("custom:plan".into())
        ]
    );
    assert_eq!(app.local_filter.as_deref(), Some("user01"));
    assert_eq!(listed_usernames(&app), saved);
    assert!(
        status_text(&app).starts_with("View newest: filter user01, sorted by username desc"),
        "{}",
        status_text(&app)
    );

    // A view saved in the order loaded puts the list back in it.
    command_line(&mut app, "sort off");
    command_line(&mut app, "view save loaded");
    command_line(&mut app, "sort email desc");
    command_line(&mut app, "view loaded");
    assert_eq!(app.list.sort, None);
    assert_eq!(sorting_key(&app.list), None);
}

#[test]
fn a_view_from_an_old_file_without_sort_or_columns_leaves_them_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.json");
    std::fs::write(
        &path,
        r#"{"eu-west-1_Test1": {"tens": {"filter": "user01"}, "odd": {"filter": "x", "sort": "user;name", "columns": ["email", "bad!name"]}}}"#,
    )
    .unwrap();
    let mut app = started(30, false);
    app.views.views = cognito_tui::saved_views::load_from(&path, "eu-west-1_Test1").unwrap();
    app.views.file = Some(path);
    command_line(&mut app, "sort email desc");
    command_line(&mut app, "columns username,email,created");
    let before = app.columns.clone();
    let commands = command_line(&mut app, "view tens");
    support::serve(&mut app, commands, 30);
    assert_eq!(app.local_filter.as_deref(), Some("user01"));
    assert_eq!(app.columns, before);
    assert_eq!(
        app.list.sort.as_ref().unwrap().key,
        SortKey {
            column: Column::Email,
            descending: true
        }
    );
    assert_eq!(status_text(&app), "View tens: filter user01.");
    // A view whose sort or columns no longer read is applied for the rest, with a warning.
    command_line(&mut app, "view odd");
    assert_eq!(app.local_filter.as_deref(), Some("x"));
    assert_eq!(app.columns, before);
    let status = status_text(&app);
    assert!(
        status.contains("its columns are left as they are"),
        "{status}"
    );
    assert!(status.contains("its sort is left as it is"), "{status}");
    assert_eq!(
        app.status.as_ref().unwrap().kind,
        cognito_tui::app::StatusKind::Warning
    );
}

#[test]
fn in_the_scrolled_list_a_click_above_the_selection_moves_no_row() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (w, h) = (100, 20);
    let mut app = started(60, false);
    (0..30).for_each(|_| {
        press(&mut app, Action::MoveDown);
    });
    let screen = support::buffer_text(&support::draw(&mut app, w, h));
    // The list's `▶`, on the left: the pane on the right has its own.
    let at = screen
        .lines()
        .position(|l| l.chars().take(w as usize / 2).any(|c| c == '▶'))
        .unwrap();
    let y = u16::try_from(at).unwrap() - 4;
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 10,
        row: y,
        modifiers: KeyModifiers::NONE,
    };
    let target = support::mouse_target(&app, w, h, click);
    assert_eq!(target, Some(MouseTarget::UserRow(26)));
    update(&mut app, Msg::Mouse(target.unwrap()));
    assert_eq!(selected(&app), "user026");
    let after = support::buffer_text(&support::draw(&mut app, w, h));
    let list = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| {
                l.chars()
                    .take(w as usize / 2)
                    .collect::<String>()
                    .replace('▶', " ")
            })
            .collect()
    };
    // Below the title with its count, down to the bottom border.
    let rows = 2..usize::from(h) - 1;
    assert_eq!(
        list(&after)[rows.clone()],
        list(&screen)[rows],
        "\n{screen}\n{after}"
    );
    let line = after.lines().nth(y.into()).unwrap();
    assert!(
        line.chars().take(w as usize / 2).any(|c| c == '▶'),
        "{after}"
    );
}

#[test]
fn with_the_filter_line_open_the_mouse_picks_among_the_matches_as_the_arrows_do() {
    let [mut app, mut keys] = [(); 2].map(|_| {
        let mut app = started(40, false);
        support::draw(&mut app, 100, 30);
        press(&mut app, Action::LocalFilter);
        for c in "user0".chars() {
            update(&mut app, Msg::Input(InputEdit::Insert(c)));
        }
        app
    });
    let line = app.input.clone();
    assert!(line.is_some());
    // The wheel over the list: three presses of ↓.
    update(&mut app, Msg::Mouse(MouseTarget::Wheel(Focus::Users, 3)));
    (0..3).for_each(|_| {
        update(&mut keys, Msg::Input(InputEdit::Next));
    });
    assert_eq!(selected(&app), "user003");
    assert_eq!(app.list.cursor, keys.list.cursor);
    // A click on a match selects it; the line stays open for more typing.
    update(&mut app, Msg::Mouse(MouseTarget::UserRow(7)));
    assert_eq!(selected(&app), "user007");
    assert_eq!(app.input, line);
    // What the arrows cannot reach while typing, neither can the mouse: the pane, the sort,
    // the messages.
    let before = (
        app.list.cursor,
        app.focus,
        app.list.sort.clone(),
        app.overlay.clone(),
    );
    for target in [
        MouseTarget::Pane(Focus::Attributes),
        MouseTarget::AttributeRow(2),
        MouseTarget::Wheel(Focus::Attributes, 3),
        MouseTarget::Header(Column::Username),
        MouseTarget::Messages,
    ] {
        update(&mut app, Msg::Mouse(target));
    }
    assert_eq!(
        (
            app.list.cursor,
            app.focus,
            app.list.sort.clone(),
            app.overlay.clone()
        ),
        before
    );
    assert_eq!(app.input, line);
}

#[test]
fn with_the_search_or_command_line_open_the_mouse_leaves_the_list_alone() {
    // Their arrows walk the line's history; the list is what the search will replace.
    for open in [Action::Search, Action::CommandLine] {
        let mut app = started(40, false);
        press(&mut app, open);
        update(&mut app, Msg::Input(InputEdit::Insert('u')));
        let before = (app.list.cursor, app.focus, app.input.clone());
        for target in [
            MouseTarget::UserRow(7),
            MouseTarget::Wheel(Focus::Users, 3),
            MouseTarget::Header(Column::Username),
            MouseTarget::Pane(Focus::Attributes),
        ] {
            assert!(update(&mut app, Msg::Mouse(target)).is_empty());
        }
        assert_eq!((app.list.cursor, app.focus, app.input.clone()), before);
    }
}

/// While a group's or a search's first page is on its way, the list holds none of the users of
/// the query before: under the new query's name they would pass for its results, and `*` would
/// choose them for a bulk action.
#[test]
fn a_new_query_shows_no_users_of_the_one_before_while_its_first_page_comes() {
    let mut app = started(5, false);
    let commands = press(&mut app, Action::Groups);
    let group = group("admins");
    answer_all_groups(&mut app, &commands, Ok(vec![group]));
    let commands = press(&mut app, Action::Open);
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsersInGroup { .. })),
        "{commands:?}"
    );
    assert_eq!(app.list.rows(), 0, "the pool's users are not the group's");
    press(&mut app, Action::ChooseAll);
    assert!(app.list.chosen.is_empty());

    let mut app = started(5, false);
    press(&mut app, Action::Search);
    for c in "zed".chars() {
        update(&mut app, Msg::Input(InputEdit::Insert(c)));
    }
    let commands = update(&mut app, Msg::Input(InputEdit::Submit));
    assert!(
        commands
            .iter()
            .any(|c| matches!(c, Command::ListUsers { .. })),
        "{commands:?}"
    );
    assert_eq!(app.list.rows(), 0, "the pool's users are not the search's");
}
