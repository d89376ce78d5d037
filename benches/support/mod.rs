//! What the benchmarks share: an `App` loaded through `update` the way the worker loads it, page
//! by page, and small timing and reporting helpers. Not a test harness: plain functions.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use cognito_tui::app::{Action, App, Msg, Session, update};
use cognito_tui::directory::{PoolInfo, User, UserPage, demo, synthetic};
use cognito_tui::ui;
use cognito_tui::worker::{Command, Response};

/// The terminal the frame benchmarks draw: a large one, so more cells per frame.
pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 50;

/// Users for the "at scale" figures: `COGNITO_TUI_BENCH_USERS`, default 100,000.
pub fn scale() -> usize {
    std::env::var("COGNITO_TUI_BENCH_USERS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000)
}

/// The seed `--demo-users` uses, so the bench pool is the one users can open.
pub const SEED: u64 = cognito_tui::session::DEMO_USERS_SEED;

pub fn session() -> Session {
    Session {
        pool_id: "eu-west-1_DemoPool1".into(),
        region: "eu-west-1".into(),
        profile: None,
        read_only: false,
        self_service: false,
    }
}

/// The demo pool's description, claiming `n` users.
pub fn pool(n: usize) -> PoolInfo {
    let mut pool = demo::load().expect("the demo pool").pool;
    pool.estimated_users = Some(n as u64);
    pool
}

/// An app that loaded `users` the way it does from Cognito: the first pages, then `L` (load
/// all) for the rest, 60 users a page, each page a `Response` through `update`. The detail pane
/// shows the selected user. The users are moved, not copied.
pub fn loaded_app(users: Vec<User>) -> App {
    let n = users.len();
    let (mut app, start) = App::new(session());
    update(&mut app, Msg::Resize(ui::viewport(WIDTH, HEIGHT)));
    let mut pages = users.into_iter();
    let mut served = 0usize;
    let mut queue: Vec<Command> = start;
    let mut pressed_load_all = false;
    loop {
        while let Some(command) = queue.pop() {
            let response = match command {
                Command::DescribePool { id } => Response::Pool {
                    id,
                    result: Ok(pool(n)),
                },
                Command::ListUsers { id, .. } => {
                    let page: Vec<User> = pages.by_ref().take(60).collect();
                    served += page.len();
                    Response::UsersPage {
                        id,
                        result: Ok(UserPage {
                            users: page,
                            next_token: (served < n).then(|| served.to_string()),
                        }),
                    }
                }
                Command::GetUser { id, username } => {
                    let user = app
                        .list
                        .users
                        .iter()
                        .find(|u| u.username() == username)
                        .cloned()
                        .map(|u| {
                            User::from(cognito_tui::directory::UserParts {
                                mfa: Some(u.mfa().map(<[String]>::to_vec).unwrap_or_default()),
                                ..u.to_parts()
                            })
                        });
                    Response::User {
                        id,
                        username,
                        result: user.ok_or_else(|| {
                            cognito_tui::directory::DirectoryError::from_code(
                                "UserNotFoundException",
                                "",
                            )
                        }),
                    }
                }
                Command::ListGroups { id, username } => Response::Groups {
                    id,
                    username,
                    result: Ok(vec!["pro-customers".into()]),
                },
                Command::Copy { .. } | Command::DeleteAttributes { .. } => continue,
                #[allow(unreachable_patterns)]
                _ => continue,
            };
            queue.extend(update(&mut app, Msg::Response(response)));
        }
        if served >= n || pressed_load_all {
            break;
        }
        pressed_load_all = true;
        queue.extend(update(&mut app, Msg::Action(Action::LoadAll)));
    }
    assert_eq!(app.list.users.len(), n, "every user loaded");
    app
}

/// Answers the detail requests a key press sent (a fresh copy of the user, its groups) and runs
/// the local filter's background passes, so the next frame shows what a settled screen shows.
/// Page requests are not answered.
pub fn settle_detail(app: &mut App, commands: Vec<Command>) {
    let mut queue = commands;
    while let Some(command) = queue.pop() {
        let response = match command {
            Command::GetUser { id, username } => {
                let Some(user) = app.list.selected().filter(|u| u.username() == username) else {
                    continue;
                };
                let user = User::from(cognito_tui::directory::UserParts {
                    mfa: Some(Vec::new()),
                    ..user.to_parts()
                });
                Response::User {
                    id,
                    username,
                    result: Ok(user),
                }
            }
            Command::ListGroups { id, username } => Response::Groups {
                id,
                username,
                result: Ok(vec!["pro-customers".into()]),
            },
            // The local filter's background pass, run here as the worker would run it.
            Command::FilterUsers { id, job } => Response::Filtered {
                id,
                done: job.run(),
            },
            _ => continue,
        };
        queue.extend(update(app, Msg::Response(response)));
    }
}

/// The synthetic pool the figures use.
pub fn users(n: usize) -> Vec<User> {
    synthetic::generate(n, SEED)
}

/// Durations, summarised.
pub struct Summary {
    pub count: usize,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub mean: Duration,
}

pub fn summarise(samples: &mut [Duration]) -> Summary {
    assert!(!samples.is_empty());
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    let total: Duration = samples.iter().sum();
    Summary {
        count: samples.len(),
        p50: at(0.50),
        p90: at(0.90),
        p99: at(0.99),
        max: samples[samples.len() - 1],
        mean: total / samples.len() as u32,
    }
}

pub fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// Times `f`, returning its value and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}

/// CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`): unlike the wall clock it does not
/// count the time other processes held the CPU, which on a shared 2-core machine dominates p99.
pub fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux supports.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU time every thread of this process has used (`CLOCK_PROCESS_CPUTIME_ID`): what work
/// split over threads costs in all.
pub fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: as in `thread_cpu`.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Wall-clock and process-CPU time of `f`.
pub fn timed_process<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let cpu = process_cpu();
    let start = Instant::now();
    let value = f();
    let wall = start.elapsed();
    (value, wall, process_cpu() - cpu)
}

/// Wall-clock and thread-CPU time of `f`.
pub fn timed_both<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let cpu = thread_cpu();
    let start = Instant::now();
    let value = f();
    let wall = start.elapsed();
    (value, wall, thread_cpu() - cpu)
}

/// The machine's load average (1, 5, 15 minutes), for the record next to timings.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// `VmRSS` and `VmHWM` of this process, in KiB, from /proc/self/status (Linux).
pub fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// One result line: `RESULT name value unit goal verdict`, easy to grep into the docs table.
pub fn result(name: &str, value: f64, unit: &str, goal: Option<(&str, bool)>) {
    let goal = match goal {
        Some((text, true)) => format!("goal {text}: met"),
        Some((text, false)) => format!("goal {text}: NOT met"),
        None => String::new(),
    };
    println!("RESULT {name:<44} {value:>12.3} {unit:<8} {goal}");
}
