//! The screen at scale (issue 5, benchmarks 1, 2 and 4): frame render with 100,000 users loaded,
//! one local-filter keystroke over them, and start to first frame in demo mode. Run on demand,
//! never as a test:
//!
//! ```sh
//! cargo bench --bench perf                 # every benchmark, each in a fresh process
//! cargo bench --bench perf -- render       # one: render | filter | startup
//! COGNITO_TUI_BENCH_USERS=200000 cargo bench --bench perf
//! ```
//!
//! Each benchmark prints `RESULT` lines (name, value, unit, goal); docs/PERFORMANCE.md holds the
//! figures. The app is driven exactly as the terminal loop drives it: `update` with messages,
//! then `ui::render` into a frame (ratatui's `TestBackend`, so the terminal's own output is not
//! counted).

mod support;

use std::process::Command as Process;
use std::time::{Duration, Instant};

use cognito_tui::app::{Action, App, InputEdit, Msg, update};
use cognito_tui::directory::{DirectoryReader, ListUsersRequest};
use cognito_tui::keymap::Keymap;
use cognito_tui::search::local;
use cognito_tui::session;
use cognito_tui::ui::{self, Theme, Ui};
use cognito_tui::worker::{Command, Response};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{
    HEIGHT, WIDTH, load_average, ms, result, settle_detail, summarise, timed, timed_both,
};

const BENCHES: &[&str] = &["render", "filter", "startup"];

fn main() {
    // `cargo bench` passes `--bench`; anything else not starting with `--` picks benchmarks.
    let picked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let picked: Vec<&str> = if picked.is_empty() {
        BENCHES.to_vec()
    } else {
        picked.iter().map(String::as_str).collect()
    };
    if picked.len() > 1 {
        // Each in a fresh process: no benchmark inherits another's heap or caches.
        let exe = std::env::current_exe().expect("the bench binary's path");
        for name in picked {
            let status = Process::new(&exe)
                .arg(name)
                .status()
                .expect("run a benchmark");
            assert!(status.success(), "benchmark {name} failed");
        }
        return;
    }
    match picked[0] {
        "render" => render(),
        "filter" => filter(),
        "startup" => startup(),
        other => panic!("unknown benchmark {other}; known: {}", BENCHES.join(", ")),
    }
}

/// One frame: (wall clock, thread CPU).
fn draw(terminal: &mut Terminal<TestBackend>, app: &App, ui: &Ui) -> (Duration, Duration) {
    let ((), wall, cpu) = timed_both(|| {
        terminal
            .draw(|frame| ui::render(frame, app, ui))
            .map(|_| ())
            .expect("draw");
    });
    (wall, cpu)
}

fn press(app: &mut App, action: Action) -> Vec<Command> {
    update(app, Msg::Action(action))
}

/// Benchmark 1: frames while scrolling through 100,000 loaded users, in a typical terminal
/// (120x40) and a large one (200x50).
fn render() {
    println!("render: load average {}", load_average());
    let n = support::scale();
    let users = support::users(n);
    let (mut app, load) = timed(|| support::loaded_app(users));
    println!(
        "render: {n} users loaded through update in {} ({:.1} µs a page of 60)",
        ms(load),
        load.as_secs_f64() * 1e6 / n.div_ceil(60) as f64
    );
    // What App::shown_user and update::on_user do to find a user: a linear search by name.
    let last = app.list.users[n - 1].username.clone();
    let mut searches: Vec<Duration> = (0..50)
        .map(|_| {
            timed(|| {
                app.list
                    .users
                    .iter()
                    .position(|u| u.username == last)
                    .expect("the last user")
            })
            .1
        })
        .collect();
    let search = summarise(&mut searches);
    println!(
        "render: finding the last of {n} users by username (a linear search): p50 {}",
        ms(search.p50)
    );
    result(
        "render.linear_search_by_username",
        search.p50.as_secs_f64() * 1e3,
        "ms",
        None,
    );
    let keymap = Keymap::default();
    let ui = Ui {
        theme: Theme::default(),
        keymap: &keymap,
    };
    for (width, height) in [(120u16, 40u16), (WIDTH, HEIGHT)] {
        update(&mut app, Msg::Resize(ui::viewport(width, height)));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        render_scenarios(&mut app, &mut terminal, &ui, width, height);
        let commands = update(&mut app, Msg::Input(InputEdit::Cancel));
        settle_detail(&mut app, commands);
        let commands = press(&mut app, Action::Cancel);
        settle_detail(&mut app, commands);
        let commands = press(&mut app, Action::Top);
        settle_detail(&mut app, commands);
    }
}

fn render_scenarios(
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
    ui: &Ui,
    width: u16,
    height: u16,
) {
    let frames = 3_000;
    let size = format!("{width}x{height}");
    let mut scenario = |name: &str, app: &mut App, step: &mut dyn FnMut(&mut App)| {
        for _ in 0..200 {
            step(app);
            draw(terminal, app, ui);
        }
        let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..frames)
            .map(|_| {
                step(app);
                draw(terminal, app, ui)
            })
            .unzip();
        let (w, c) = (summarise(&mut wall), summarise(&mut cpu));
        println!(
            "render/{name} {size}: {} frames: CPU p50 {} p90 {} p99 {} max {}; wall p50 {} p99 {} max {}",
            c.count,
            ms(c.p50),
            ms(c.p90),
            ms(c.p99),
            ms(c.max),
            ms(w.p50),
            ms(w.p99),
            ms(w.max)
        );
        let key = format!("render.{size}.{name}");
        result(
            &format!("{key}.cpu_p50"),
            c.p50.as_secs_f64() * 1e3,
            "ms",
            None,
        );
        result(
            &format!("{key}.cpu_p99"),
            c.p99.as_secs_f64() * 1e3,
            "ms",
            Some(("< 2 ms", c.p99 < Duration::from_millis(2))),
        );
        result(
            &format!("{key}.wall_p99"),
            w.p99.as_secs_f64() * 1e3,
            "ms",
            None,
        );
    };

    // Page down through the whole list and back, the detail settled before each frame.
    let mut down = true;
    scenario("scroll", app, &mut |app| {
        if app.list.cursor.selected + 1 >= app.list.rows() {
            down = false;
        } else if app.list.cursor.selected == 0 {
            down = true;
        }
        let commands = press(
            app,
            if down {
                Action::PageDown
            } else {
                Action::PageUp
            },
        );
        settle_detail(app, commands);
    });

    // Keys faster than AdminGetUser answers: the pane shows the list's copy of the user, which
    // the app finds by name. Near the top that search is short: no frame or key walks the list.
    let commands = press(app, Action::Top);
    settle_detail(app, commands);
    let mut step = 0usize;
    scenario("detail_in_flight_near_top", app, &mut |app| {
        step += 1;
        let action = if step % 40 < 20 {
            Action::MoveDown
        } else {
            Action::MoveUp
        };
        let _ = press(app, action);
    });

    // Near the end of the list, that search is longest.
    let commands = press(app, Action::Bottom);
    settle_detail(app, commands);
    let mut step = 0usize;
    scenario("detail_in_flight_near_end", app, &mut |app| {
        step += 1;
        let action = if step % 40 < 20 {
            Action::MoveUp
        } else {
            Action::MoveDown
        };
        let _ = press(app, action);
    });

    // A local filter matching nearly everyone: every visible cell is highlighted.
    let commands = press(app, Action::LocalFilter);
    settle_detail(app, commands);
    for c in "an".chars() {
        let commands = update(app, Msg::Input(InputEdit::Insert(c)));
        settle_detail(app, commands);
    }
    let commands = update(app, Msg::Input(InputEdit::Submit));
    settle_detail(app, commands);
    let commands = press(app, Action::Top);
    settle_detail(app, commands);
    let mut down = true;
    scenario("scroll_local_filter", app, &mut |app| {
        if app.list.cursor.selected + 1 >= app.list.rows() {
            down = false;
        } else if app.list.cursor.selected == 0 {
            down = true;
        }
        let commands = press(
            app,
            if down {
                Action::PageDown
            } else {
                Action::PageUp
            },
        );
        settle_detail(app, commands);
    });
}

/// Benchmark 2: one keystroke of the local filter over 100,000 loaded users, as `update` sees
/// it (filter, keep the selection, follow it) and as the bare matcher.
fn filter() {
    println!("filter: load average {}", load_average());
    let n = support::scale();
    let mut app = support::loaded_app(support::users(n));
    let queries = [
        "olivia",
        "jones",
        "enterprise",
        "+1555",
        "zoë",
        "4f3a",
        "example.org",
        "nobody-at-all",
    ];
    let mut per_key = Vec::new();
    let mut per_key_wall = Vec::new();
    let mut worst = (Duration::ZERO, String::new());
    for query in queries {
        let commands = press(&mut app, Action::LocalFilter);
        settle_detail(&mut app, commands);
        let mut typed = String::new();
        let mut line = Vec::new();
        for c in query.chars() {
            typed.push(c);
            let (commands, wall, took) =
                timed_both(|| update(&mut app, Msg::Input(InputEdit::Insert(c))));
            settle_detail(&mut app, commands);
            per_key.push(took);
            per_key_wall.push(wall);
            line.push(format!(
                "{typed:?} {} ({} shown)",
                ms(took),
                app.list.rows()
            ));
            if took > worst.0 {
                worst = (took, typed.clone());
            }
        }
        // Deleting is a keystroke too: back to nothing, one character at a time.
        for _ in query.chars() {
            let (commands, wall, took) =
                timed_both(|| update(&mut app, Msg::Input(InputEdit::Backspace)));
            settle_detail(&mut app, commands);
            per_key.push(took);
            per_key_wall.push(wall);
            if took > worst.0 {
                worst = (took, format!("{typed:?} backspace"));
            }
        }
        let commands = update(&mut app, Msg::Input(InputEdit::Cancel));
        settle_detail(&mut app, commands);
        println!("filter: {}", line.join(", "));
    }
    let s = summarise(&mut per_key);
    let w = summarise(&mut per_key_wall);
    println!(
        "filter: {} keystrokes over {n} users: CPU p50 {} p90 {} max {} (worst: {}); wall p50 {} max {}",
        s.count,
        ms(s.p50),
        ms(s.p90),
        ms(s.max),
        worst.1,
        ms(w.p50),
        ms(w.max)
    );
    result(
        "filter.keystroke.cpu_p50",
        s.p50.as_secs_f64() * 1e3,
        "ms",
        None,
    );
    result(
        "filter.keystroke.cpu_max",
        s.max.as_secs_f64() * 1e3,
        "ms",
        Some(("< 20 ms", s.max < Duration::from_millis(20))),
    );
    result(
        "filter.keystroke.wall_max",
        w.max.as_secs_f64() * 1e3,
        "ms",
        None,
    );

    // The matcher alone, and what the first keystroke costs without sorting.
    let users = &app.list.users;
    for text in ["o", "olivia", "nobody-at-all"] {
        let mut samples: Vec<Duration> = (0..20)
            .map(|_| timed(|| local::filter(users, text)).1)
            .collect();
        let s = summarise(&mut samples);
        let matched = local::filter(users, text).len();
        println!(
            "filter: search::local::filter({text:?}) over {n}: p50 {} ({matched} match)",
            ms(s.p50)
        );
        result(
            &format!("filter.matcher.{}", text.replace(['-', '+'], "_")),
            s.p50.as_secs_f64() * 1e3,
            "ms",
            None,
        );
    }
    let mut matcher = local::LocalMatcher::new("o");
    let (_, scoring) = timed(|| users.iter().filter_map(|u| matcher.score(u)).count());
    println!(
        "filter: scoring alone (haystack built per user, no sort) for \"o\": {}",
        ms(scoring)
    );
    filter_analysis(users);
}

/// Where a keystroke's time goes, and what other ways of matching would cost — figures for
/// whoever changes `search::local` (nothing here changes the app).
fn filter_analysis(users: &[cognito_tui::directory::User]) {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    use nucleo_matcher::{Config, Matcher, Utf32Str};

    let haystack = |u: &cognito_tui::directory::User| {
        let mut h = u.username.clone();
        for a in &u.attributes {
            h.push(' ');
            h.push_str(&a.value);
        }
        h
    };
    let non_ascii = users.iter().filter(|u| !haystack(u).is_ascii()).count();
    let mean_len = users.iter().map(|u| haystack(u).len()).sum::<usize>() / users.len().max(1);
    println!(
        "filter: haystacks: {non_ascii} of {} hold non-ASCII text; {mean_len} bytes each on average",
        users.len()
    );
    // As search::local does (nucleo's Utf32Str::new: grapheme segmentation of non-ASCII text),
    // split by kind of haystack.
    let mut matcher = local::LocalMatcher::new("o");
    for (kind, ascii) in [("ASCII", true), ("non-ASCII", false)] {
        let subset: Vec<&cognito_tui::directory::User> = users
            .iter()
            .filter(|u| haystack(u).is_ascii() == ascii)
            .collect();
        let (_, took) = timed(|| subset.iter().filter_map(|u| matcher.score(u)).count());
        println!(
            "filter: \"o\" over the {} {kind} haystacks: {} ({:.2} µs each)",
            subset.len(),
            ms(took),
            took.as_secs_f64() * 1e6 / subset.len().max(1) as f64
        );
    }
    // Alternative: the haystack as chars, no grapheme segmentation.
    let pattern = Pattern::parse("o", CaseMatching::Smart, Normalization::Smart);
    let mut nucleo = Matcher::new(Config::DEFAULT);
    let mut text = String::new();
    let mut chars: Vec<char> = Vec::new();
    let mut score_chars = |u: &cognito_tui::directory::User, pattern: &Pattern| {
        text.clear();
        text.push_str(&u.username);
        for a in &u.attributes {
            text.push(' ');
            text.push_str(&a.value);
        }
        let hay = if text.is_ascii() {
            Utf32Str::Ascii(text.as_bytes())
        } else {
            chars.clear();
            chars.extend(text.chars());
            Utf32Str::Unicode(&chars)
        };
        pattern.score(hay, &mut nucleo)
    };
    let (matched, took) = timed(|| {
        users
            .iter()
            .filter(|u| score_chars(u, &pattern).is_some())
            .count()
    });
    println!(
        "filter: alternative: haystack as chars (no grapheme segmentation), \"o\": {} ({matched} match)",
        ms(took)
    );
    result(
        "filter.alternative.chars_o",
        took.as_secs_f64() * 1e3,
        "ms",
        None,
    );
    // Alternative: narrowing — a longer text only rescans the previous matches.
    let first: Vec<usize> = (0..users.len())
        .filter(|&i| score_chars(&users[i], &pattern).is_some())
        .collect();
    let longer = Pattern::parse("ol", CaseMatching::Smart, Normalization::Smart);
    let (matched, took) = timed(|| {
        first
            .iter()
            .filter(|&&i| score_chars(&users[i], &longer).is_some())
            .count()
    });
    println!(
        "filter: alternative: chars + narrowing, \"ol\" over the {} matches of \"o\": {} ({matched} match)",
        first.len(),
        ms(took)
    );
    let rare = Pattern::parse("olivia", CaseMatching::Smart, Normalization::Smart);
    let (matched, took) = timed(|| {
        users
            .iter()
            .filter(|u| score_chars(u, &rare).is_some())
            .count()
    });
    println!(
        "filter: alternative: chars, \"olivia\" over everyone: {} ({matched} match)",
        ms(took)
    );
}

/// Benchmark 4: start to first frame in demo mode, in-process: load the embedded demo pool,
/// build the session and the app, draw. Then the first frame with users, once the in-memory
/// directory has answered the first page. The process start is measured apart.
fn startup() {
    println!("startup: load average {}", load_average());
    let keymap_start = Instant::now();
    let keymap = Keymap::default();
    let keymap_time = keymap_start.elapsed();
    let runs = 30;
    let mut first = Vec::new();
    let mut first_cpu = Vec::new();
    let mut with_users = Vec::new();
    for _ in 0..runs {
        let cpu = support::thread_cpu();
        let start = Instant::now();
        let connected = session::demo(false).expect("the demo pool");
        let (mut app, commands) = App::new(connected.session);
        update(&mut app, Msg::Resize(ui::viewport(WIDTH, HEIGHT)));
        let ui = Ui {
            theme: Theme::default(),
            keymap: &keymap,
        };
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
        terminal
            .draw(|frame| ui::render(frame, &app, &ui))
            .expect("draw");
        first.push(start.elapsed());
        first_cpu.push(support::thread_cpu() - cpu);

        // The worker's part: the directory answers the pool and the first page.
        let directory = connected.memory.expect("the demo directory");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        for command in commands {
            let response = match command {
                Command::DescribePool { id } => Response::Pool {
                    id,
                    result: runtime.block_on(directory.describe_pool()),
                },
                Command::ListUsers { id, request } => Response::UsersPage {
                    id,
                    result: runtime.block_on(directory.list_users(ListUsersRequest {
                        token: None,
                        ..request
                    })),
                },
                _ => continue,
            };
            update(&mut app, Msg::Response(response));
        }
        terminal
            .draw(|frame| ui::render(frame, &app, &ui))
            .expect("draw");
        with_users.push(start.elapsed());
    }
    let cold = first[0];
    let cold_cpu = first_cpu[0];
    let cold_users = with_users[0];
    let s = summarise(&mut first);
    let u = summarise(&mut with_users);
    println!("startup: keymap parsed in {}", ms(keymap_time));
    println!(
        "startup: demo load + session + App::new + first frame: first run {} (CPU {}), then p50 {} max {}",
        ms(cold),
        ms(cold_cpu),
        ms(s.p50),
        ms(s.max)
    );
    println!(
        "startup: ... + first page answered + frame with users: first run {}, then p50 {}",
        ms(cold_users),
        ms(u.p50)
    );
    result(
        "startup.first_frame.cold",
        cold.as_secs_f64() * 1e3,
        "ms",
        Some(("< 100 ms", cold < Duration::from_millis(100))),
    );
    result(
        "startup.first_frame.p50",
        s.p50.as_secs_f64() * 1e3,
        "ms",
        None,
    );
    result(
        "startup.frame_with_users.cold",
        cold_users.as_secs_f64() * 1e3,
        "ms",
        Some(("< 100 ms", cold_users < Duration::from_millis(100))),
    );

    // With the synthetic pool of --demo-users (generated at start).
    let n = support::scale();
    let (generated, took) = timed(|| support::users(n));
    drop(generated);
    println!("startup: synthetic::generate({n}) takes {}", ms(took));
    result(
        &format!("startup.generate_{n}"),
        took.as_secs_f64() * 1e3,
        "ms",
        None,
    );
    let (connected, took) = timed(|| session::demo_with_users(false, n).expect("demo"));
    drop(connected);
    println!(
        "startup: session::demo_with_users(_, {n}) takes {}",
        ms(took)
    );
    result(
        &format!("startup.demo_users_{n}.session"),
        took.as_secs_f64() * 1e3,
        "ms",
        None,
    );

    // The process itself: exec, dynamic linking, clap, exit.
    let exe = env!("CARGO_BIN_EXE_cognito-tui");
    let mut spawns: Vec<Duration> = (0..20)
        .map(|_| {
            timed(|| {
                Process::new(exe)
                    .arg("--version")
                    .output()
                    .expect("run cognito-tui --version")
            })
            .1
        })
        .collect();
    let p = summarise(&mut spawns);
    println!(
        "startup: `cognito-tui --version` as a process: p50 {} max {}",
        ms(p.p50),
        ms(p.max)
    );
    result(
        "startup.process_version.p50",
        p.p50.as_secs_f64() * 1e3,
        "ms",
        None,
    );
}
