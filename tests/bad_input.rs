//! Bad input never crashes the app and always gets a clear error.
//!
//! Property tests (proptest) over every parser that takes text from outside: the search
//! recogniser and the filters it builds, `--filter` expressions, the config file, the keymap and
//! theme files, access-token claims, and the command line. Then the binary itself: unknown and
//! malformed pool ids, no credentials at all, an endpoint refusing connections, an empty pool,
//! a user deleted between listing and deletion, an attribute already gone, and hostile data in
//! the pool (10,000-character values, control characters, right-to-left overrides), which the
//! pty's screen must show as visible escapes, never interpreted.
//!
//! The binary cases that need a pool run against moto (`COGNITO_TUI_MOTO_URL`, exported by
//! scripts/test.sh; without it they fail loudly).

mod moto_pool;
mod pty;

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Parser as _;
use cognito_tui::cli::Cli;
use cognito_tui::config::{self, ConfigFile};
use cognito_tui::directory::filter::{FILTERABLE, Filter, MatchKind};
use cognito_tui::directory::{Attribute, fixtures};
use cognito_tui::keymap::{Key, Keymap};
use cognito_tui::search::{Attempt, MAX_FILTER_LEN, SearchError, build_filter, recognise};
use cognito_tui::selfservice::token::{self, AccessToken};
use cognito_tui::ui::Theme;
use cognito_tui::ui::theme::ThemeName;
use moto_pool::{Pool, moto_url, pool_args};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use pty::{Home, Tui, aws_test_env, figure, select_attribute};

const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);
const CASES: u32 = 512;

fn config() -> Config {
    Config {
        cases: CASES,
        // No regression files written next to the sources; a failure prints its input.
        failure_persistence: None,
        ..Config::default()
    }
}

// ----------------------------------------------------------------- strategies --

/// What people type in the search box, and worse.
fn query_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z_:A-Z]{0,20} {0,2}(=|\\^=|==|=\\^|!=)? {0,2}\"?[^\\n]{0,40}\"?",
        "[a-z.+\"\\\\\u{0}-\u{1f}]{0,12}@[a-z.\u{202e}]{0,12}",
        "\\+[0-9]{0,18}",
        "[0-9a-fA-F-]{36}",
        "(username|email|phone_number|name|given_name|sub|status|cognito:user_status|custom:x) (=|\\^=) \"[^\"]{0,300}\"",
        "[\\PC\u{0}-\u{1f}\u{7f}\u{202a}-\u{202e}\u{2066}-\u{2069}]{0,300}",
    ]
}

fn attribute_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(FILTERABLE).prop_map(str::to_owned),
        any::<String>(),
        "custom:[a-z]{0,8}",
    ]
}

fn match_kind() -> impl Strategy<Value = MatchKind> {
    prop_oneof![Just(MatchKind::Exact), Just(MatchKind::Prefix)]
}

fn toml_like() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("default_profile".to_owned()),
        Just("theme".to_owned()),
        Just("pool_id".to_owned()),
        Just("region".to_owned()),
        Just("read_only".to_owned()),
        Just("endpoint_url".to_owned()),
        Just("aws_profile".to_owned()),
        Just("user_update".to_owned()),
        Just("user_list".to_owned()),
        Just("[profiles.x]".to_owned()),
        Just("[profiles.\"é\u{202e}\"]".to_owned()),
        Just("[quotas]".to_owned()),
        Just("[[profiles]]".to_owned()),
        "[a-z_\\[\\]. \"=]{0,12}",
    ];
    let value = prop_oneof![
        Just("\"eu-west-1_Abc\"".to_owned()),
        Just("\"x\"".to_owned()),
        Just("true".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("4294967296".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e400".to_owned()),
        Just("[".to_owned()),
        Just("\"".to_owned()),
        Just("'''".to_owned()),
        Just("{}".to_owned()),
        Just("\"high-contrast\"".to_owned()),
        any::<String>(),
    ];
    let line = prop_oneof![
        (key.clone(), value.clone()).prop_map(|(k, v)| format!("{k} = {v}")),
        key.clone(),
        any::<String>(),
    ];
    prop_oneof![
        prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n")),
        any::<String>(),
    ]
}

fn keymap_like() -> impl Strategy<Value = String> {
    let action = prop_oneof![
        proptest::sample::select(vec![
            "move_down",
            "move_up",
            "review",
            "confirm",
            "cancel",
            "quit",
            "force_quit",
            "help",
            "search",
            "toggle_mark",
        ])
        .prop_map(str::to_owned),
        "[a-z_\"\\[\\]= ]{0,12}",
        any::<String>(),
    ];
    let key = prop_oneof![
        proptest::sample::select(vec![
            "\"j\"",
            "\"ctrl-c\"",
            "\"CTRL-x\"",
            "\"ctrl-\"",
            "\"ctrl-é\"",
            "\"f0\"",
            "\"f13\"",
            "\"f99999999999\"",
            "\"space\"",
            "\"esc\"",
            "\"\"",
            "\"jj\"",
            "1",
            "true",
            "[]",
            "{}",
            "\"é\"",
            "\"\u{1b}\"",
        ])
        .prop_map(str::to_owned),
        any::<String>().prop_map(|s| format!("{s:?}")),
    ];
    let line = prop_oneof![
        (action.clone(), prop::collection::vec(key, 0..4))
            .prop_map(|(a, keys)| format!("{a} = [{}]", keys.join(", "))),
        (action, any::<String>()).prop_map(|(a, v)| format!("{a} = {v}")),
        any::<String>(),
    ];
    prop::collection::vec(line, 0..10).prop_map(|lines| lines.join("\n"))
}

fn jwt_like() -> impl Strategy<Value = String> {
    let claim_value = prop_oneof![
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        Just(serde_json::json!([1, "a"])),
        Just(serde_json::json!({"a": 1})),
        Just(serde_json::json!("aws.cognito.signin.user.admin")),
        Just(serde_json::json!("access")),
        Just(serde_json::json!(
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc"
        )),
        Just(serde_json::json!("https://cognito-idp..amazonaws.com/")),
        Just(serde_json::json!(":/")),
    ];
    let name = prop_oneof![
        proptest::sample::select(vec![
            "exp",
            "scope",
            "iss",
            "token_use",
            "username",
            "sub",
            "client_id",
        ])
        .prop_map(str::to_owned),
        any::<String>(),
    ];
    let exp = prop_oneof![
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        (0i64..4_000_000_000).prop_map(serde_json::Value::from),
        Just(serde_json::json!(i64::MIN)),
        Just(serde_json::json!(u64::MAX)),
        Just(serde_json::json!(1e300)),
    ];
    prop_oneof![
        prop::collection::btree_map(name.clone(), claim_value.clone(), 0..8).prop_map(|claims| {
            let value = serde_json::Value::Object(claims.into_iter().collect());
            token::unsigned_jwt(&value).expose_secret().to_owned()
        }),
        // Always a numeric exp, so the checks after decoding see every shape of claims.
        (exp, prop::collection::btree_map(name, claim_value, 0..8)).prop_map(|(exp, claims)| {
            let mut claims: serde_json::Map<String, serde_json::Value> =
                claims.into_iter().collect();
            claims.insert("exp".into(), exp);
            token::unsigned_jwt(&serde_json::Value::Object(claims))
                .expose_secret()
                .to_owned()
        }),
        any::<String>(),
        "[A-Za-z0-9_=+/-]{0,40}\\.[A-Za-z0-9_=+/-]{0,80}\\.[A-Za-z0-9_=+/-]{0,20}(\\.[a-z]{0,3})?",
        "[\\.\\s]{0,6}",
    ]
}

fn cli_args() -> impl Strategy<Value = Vec<OsString>> {
    let word = prop_oneof![
        proptest::sample::select(vec![
            "--pool-id",
            "--region",
            "--profile",
            "--endpoint-url",
            "--config",
            "--read-only",
            "--demo",
            "--demo-users",
            "--log-file",
            "--keymap",
            "--theme",
            "me",
            "lookup",
            "export",
            "delete-attributes",
            "journal",
            "undo",
            "completions",
            "man",
            "--client-id",
            "--username",
            "--password-env",
            "--client-secret-env",
            "--access-token-file",
            "--filter",
            "--format",
            "-o",
            "--attribute",
            "--user",
            "--users-file",
            "--yes",
            "--dry-run",
            "--concurrency",
            "--pending",
            "--resolve",
            "--last",
            "--json",
            "--batch",
            "--help",
            "--version",
            "-",
            "--",
            "eu-west-1_AbC123",
            "us-east-1_",
            "_x",
            "not a pool!",
            "-1",
            "0",
            "99999999999999999999",
            "2000001",
            "csv",
            "json",
            "bash",
            "high-contrast",
            "",
        ])
        .prop_map(OsString::from),
        any::<String>().prop_map(OsString::from),
        prop::collection::vec(any::<u8>(), 0..6).prop_map(|bytes| {
            use std::os::unix::ffi::OsStringExt;
            OsString::from_vec(bytes)
        }),
    ];
    prop::collection::vec(word, 0..8)
}

/// Checks what `build_filter` made of an attempt: within Cognito's length, one filter on that
/// attribute whose quoted value cannot end early, matching the attempt's own value.
fn check_filter(attempt: &Attempt) -> Result<bool, TestCaseError> {
    match build_filter(attempt) {
        Ok(filter) => {
            prop_assert!(filter.expression.chars().count() <= MAX_FILTER_LEN);
            let (head, quoted) = filter
                .expression
                .split_once(" \"")
                .ok_or_else(|| TestCaseError::fail("no quoted value"))?;
            let sent = quoted
                .strip_suffix('"')
                .ok_or_else(|| TestCaseError::fail("no closing quote"))?;
            prop_assert!(
                !sent.contains(['"', '\\']) && !sent.chars().any(char::is_control),
                "the sent value can break out of its quotes: {}",
                filter.expression
            );
            prop_assert!(head.starts_with(&attempt.attribute));
            let parsed = Filter::parse(&filter.expression)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}", filter.expression)))?;
            prop_assert_eq!(&parsed.attribute, &attempt.attribute);
            prop_assert!(attempt.value.starts_with(&parsed.value));
            // Never `attr ^= ""` for a value that has something in it: that reads the whole pool.
            prop_assert!(
                !parsed.value.is_empty() || attempt.value.is_empty(),
                "{}",
                filter.expression
            );
            let mut holder = fixtures::user(0);
            holder.set_attributes(vec![Attribute::new(&attempt.attribute, &attempt.value)].into());
            if attempt.attribute != "username"
                && attempt.attribute != "status"
                && !attempt.attribute.starts_with("cognito:")
            {
                prop_assert!(filter.accepts(&holder), "{}", filter.expression);
            }
            Ok(true)
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            prop_assert!(matches!(
                e,
                SearchError::TooLong(_) | SearchError::NotFilterable(_) | SearchError::UnsafeStart
            ));
            if e == SearchError::UnsafeStart {
                prop_assert!(
                    attempt.value.starts_with(['"', '\\'])
                        || attempt.value.starts_with(char::is_control)
                );
            }
            Ok(false)
        }
    }
}

// ------------------------------------------------------------------ properties --

/// Runs `test` over `CASES` inputs of `strategy` (a panic inside is a failure, shrunk to a
/// minimal input), counting the inputs accepted (`Ok(true)`) and refused with a message
/// (`Ok(false)`), and prints the figures.
fn property<S: Strategy>(
    name: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    let accepted = AtomicUsize::new(0);
    let refused = AtomicUsize::new(0);
    let mut runner = TestRunner::new(config());
    let result = runner.run(&strategy, |input| {
        let counter = if test(input)? { &accepted } else { &refused };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
    figure(&format!(
        "bad input / {name}: {} inputs, {} accepted, {} refused with a message, 0 panics",
        accepted.load(Ordering::Relaxed) + refused.load(Ordering::Relaxed),
        accepted.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed)
    ));
}

#[test]
fn the_search_recogniser_and_its_filters_never_panic() {
    property(
        "search recogniser + filters",
        query_text(),
        |text| match recognise(&text) {
            Ok(query) => {
                prop_assert!(!query.attempts.is_empty());
                for attempt in &query.attempts {
                    check_filter(attempt)?;
                }
                Ok(true)
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                Ok(false)
            }
        },
    );
}

#[test]
fn any_attempt_builds_a_safe_filter_or_a_reason() {
    property(
        "filter builder",
        (attribute_name(), match_kind(), any::<String>()),
        |(attribute, kind, value)| {
            check_filter(&Attempt {
                attribute,
                kind,
                value,
            })
        },
    );
}

#[test]
fn filter_expressions_from_the_command_line_parse_or_say_why() {
    property(
        "--filter expressions",
        query_text(),
        |text| match Filter::parse(&text) {
            Ok(filter) => {
                prop_assert!(FILTERABLE.contains(&filter.attribute.as_str()));
                Ok(true)
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                Ok(false)
            }
        },
    );
}

#[test]
fn config_files_parse_or_name_the_file_and_line() {
    let path = Path::new("/nonexistent/cognito-tui/config.toml");
    property("config file", toml_like(), |text| {
        match config::parse(path, &text) {
            Ok(file) => {
                // What a parsed file feeds: the quotas' limiter and every profile's settings.
                let _ = cognito_tui::limiter::Limiter::new(&file.quotas);
                let mut names: Vec<Option<String>> =
                    file.profiles.keys().cloned().map(Some).collect();
                names.push(None);
                names.push(Some("not-there".into()));
                for profile in names {
                    let cli = Cli {
                        profile,
                        ..Cli::default()
                    };
                    if let Err(e) = config::resolve(&cli, &file, Some(path)) {
                        prop_assert!(!e.to_string().is_empty());
                    }
                }
                Ok(true)
            }
            Err(e) => {
                let message = e.to_string();
                prop_assert!(
                    message.contains("/nonexistent/cognito-tui/config.toml"),
                    "{}",
                    message
                );
                Ok(false)
            }
        }
    });
}

#[test]
fn keymap_files_merge_or_name_the_file() {
    let path = Path::new("/nonexistent/keymap.toml");
    property("keymap file", keymap_like(), |text| {
        for word in text.split(['"', '[', ']', ',', '=']) {
            let _ = Key::parse(word.trim());
        }
        match Keymap::default().with_overrides(path, &text) {
            Ok(_) => Ok(true),
            Err(e) => {
                prop_assert!(e.to_string().contains("/nonexistent/keymap.toml"));
                prop_assert!(!e.detailed().is_empty());
                Ok(false)
            }
        }
    });
}

#[test]
fn theme_files_merge_or_name_the_file() {
    let path = Path::new("/nonexistent/theme.toml");
    property("theme file", toml_like(), |text| {
        match Theme::builtin(ThemeName::default()).with_overrides(path, &text) {
            Ok(_) => Ok(true),
            Err(e) => {
                prop_assert!(e.to_string().contains("/nonexistent/theme.toml"));
                Ok(false)
            }
        }
    });
}

#[test]
fn token_claims_decode_or_say_why() {
    property(
        "access-token claims",
        (jwt_like(), any::<i64>()),
        |(raw, now)| {
            let token = AccessToken::new(raw.clone());
            prop_assert_eq!(format!("{token:?}"), "AccessToken(***)");
            match token::decode(&token) {
                Ok(claims) => {
                    let _ = claims.pool_id();
                    let _ = claims.region();
                    if let Err(e) = token::check(&claims, now) {
                        prop_assert!(!e.to_string().is_empty());
                    }
                    prop_assert!(!token::clock(claims.exp, now).is_empty());
                    Ok(true)
                }
                Err(e) => {
                    let message = e.to_string();
                    prop_assert!(!message.is_empty());
                    // The message never quotes the token.
                    if raw.trim().len() > 8 {
                        prop_assert!(!message.contains(raw.trim()));
                    }
                    Ok(false)
                }
            }
        },
    );
}

#[test]
fn command_lines_parse_or_say_why() {
    property("command line", cli_args(), |args| {
        let argv = std::iter::once(OsString::from("cognito-tui")).chain(args);
        match Cli::try_parse_from(argv) {
            Ok(cli) => {
                if let Err(e) = config::resolve(&cli, &ConfigFile::default(), None) {
                    prop_assert!(!e.to_string().is_empty());
                }
                Ok(true)
            }
            Err(e) => {
                prop_assert!(!e.render().to_string().is_empty());
                Ok(false)
            }
        }
    });
}

// -------------------------------------------------------- the binary, no terminal --

struct Run {
    code: Option<i32>,
    stderr: String,
    took: Duration,
}

/// Runs the binary with a clean environment: only `env`, plus a temp home.
fn run(args: &[&str], env: &[(String, String)], home: &Home) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args(args)
        .env_clear()
        .envs(home.env())
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Bounded: a hang is a failure, not a stuck suite.
    let deadline = started + Duration::from_secs(45);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("cognito-tui {args:?} did not end within 45 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: started.elapsed(),
    }
}

#[test]
fn malformed_pool_ids_exit_2_with_the_expected_shape() {
    let home = Home::new();
    let long = "x".repeat(100);
    let ids = [
        "not a pool!",
        "nope",
        "us-east-1_",
        "_abc",
        "eu-west-1_Ab-c",
        "eu-west-1_Ab\u{1b}[2J",
        long.as_str(),
    ];
    let mut runs = 0;
    for id in ids {
        for command in [
            vec!["lookup", "jo", "--pool-id", id],
            vec!["--pool-id", id],
            vec!["export", "--pool-id", id],
        ] {
            let run = run(&command, &aws_test_env(), &home);
            runs += 1;
            assert_eq!(run.code, Some(2), "{command:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("is malformed")
                    && run.stderr.contains("eu-west-1_AbC123")
                    && run.stderr.lines().count() <= 2,
                "{command:?}: {}",
                run.stderr
            );
            assert!(
                !run.stderr.contains('\u{1b}'),
                "an escape reaches the terminal raw: {:?}",
                run.stderr
            );
        }
    }
    figure(&format!(
        "malformed pool ids: {runs} runs ({} ids × lookup, TUI, export), each exit 2 with the \
         expected shape",
        ids.len()
    ));
}

#[test]
fn unknown_pool_id_lookup_exits_2_with_a_plain_message() {
    let home = Home::new();
    let url = moto_url();
    let run = run(
        &[
            "lookup",
            "jo",
            "--pool-id",
            "us-east-1_doesNotExist1",
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
        ],
        &aws_test_env(),
        &home,
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the user pool does not exist in this region"),
        "{}",
        run.stderr
    );
    figure(&format!(
        "unknown pool: lookup exit {:?} in {:.2?}: {}",
        run.code,
        run.took,
        run.stderr.trim()
    ));
}

/// `lookup jo` on pool `us-east-1_abc` at `url`.
fn lookup_at(url: &str, env: &[(String, String)], home: &Home) -> Run {
    run(
        &[
            "lookup",
            "jo",
            "--pool-id",
            "us-east-1_abc",
            "--region",
            "us-east-1",
            "--endpoint-url",
            url,
        ],
        env,
        home,
    )
}

/// The TUI on pool `us-east-1_abc` at `url`, with `env` added to the home's: it shows
/// `message`, then quits on q, q and leaves the terminal restored (`what` names the case in a
/// failure). Answers how long the message took to show, and the exit status.
fn tui_shows_and_quits(
    url: &str,
    env: Vec<(String, String)>,
    home: &Home,
    message: &str,
    what: &str,
) -> (Duration, portable_pty::ExitStatus) {
    let mut all = home.env();
    all.extend(env);
    let log = home.path().join("tui.log").display().to_string();
    let mut tui = Tui::spawn(
        &[
            "--pool-id",
            "us-east-1_abc",
            "--region",
            "us-east-1",
            "--endpoint-url",
            url,
            "--log-file",
            &log,
        ],
        &all,
        home.path(),
    );
    let started = Instant::now();
    tui.wait_for(message, START);
    let shown_after = started.elapsed();
    tui.key("q");
    tui.key("q");
    let status = tui.wait_exit(STEP);
    tui.assert_terminal_restored(what);
    (shown_after, status)
}

fn no_credentials_env() -> Vec<(String, String)> {
    vec![("AWS_EC2_METADATA_DISABLED".into(), "true".into())]
}

#[test]
fn no_credentials_at_all_is_a_clear_error_within_a_bound() {
    let home = Home::new();
    // The endpoint is moto's (or any loopback): nothing can leave the machine.
    let url = moto_url();
    let run = lookup_at(&url, &no_credentials_env(), &home);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("No AWS credentials found"),
        "{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(15), "took {:?}", run.took);
    let first = run.stderr.lines().next().unwrap_or_default().to_owned();

    // The TUI: it starts, says so in the status line, and quits on q.
    let (shown_after, status) = tui_shows_and_quits(
        &url,
        no_credentials_env(),
        &home,
        "No AWS credentials found",
        "no credentials",
    );
    figure(&format!(
        "no credentials: lookup exit {:?} in {:.2?} ({first}); the TUI shows it in {shown_after:.2?} \
         and quits with code {}",
        run.code,
        run.took,
        status.exit_code()
    ));
}

#[test]
fn an_endpoint_refusing_connections_is_a_clear_error_within_a_bound() {
    let home = Home::new();
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let run = lookup_at(&url, &aws_test_env(), &home);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("Could not reach Cognito"),
        "{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(30), "took {:?}", run.took);

    let (shown_after, status) = tui_shows_and_quits(
        &url,
        aws_test_env(),
        &home,
        "Could not reach Cognito",
        "endpoint refusing connections",
    );
    figure(&format!(
        "refused connections: lookup exit {:?} after {:.2?} (retries with backoff); the TUI \
         shows it in {shown_after:.2?} and quits with code {}",
        run.code,
        run.took,
        status.exit_code()
    ));
}

// ---------------------------------------------------------- the binary in a pty --

fn spawn_on(pool: &Pool, home: &Home, read_only: bool) -> Tui {
    let url = moto_url();
    let log = home.path().join("app.log").display().to_string();
    let mut args = pool_args(&pool.id, &url);
    args.extend(["--log-file", log.as_str()]);
    if read_only {
        args.push("--read-only");
    }
    Tui::spawn(&args, &home.env_with_aws(), home.path())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_pool_says_it_has_no_users() {
    let pool = Pool::create("bad-empty").await;
    let home = Home::new();
    let mut tui = spawn_on(&pool, &home, false);
    tui.wait_for("This pool has no users.", START);
    // Keys on an empty pool do nothing harmful.
    tui.keys(&[
        "j", "k", "G", "g", "tab", "space", "d", "y", "*", "c", "L", "R", "esc",
    ]);
    tui.wait_for("This pool has no users.", STEP);
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "{status:?}");
    tui.assert_terminal_restored("empty pool");
    figure(&format!(
        "empty pool: \"This pool has no users.\" shown; {} keys pressed on it, exit code {}",
        tui.keys,
        status.exit_code()
    ));
}

/// What the screen must never show: signs that a terminal sequence from the data ran.
const CLEAR_MARK: &str = "\u{1b}[2J";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_and_a_10000_character_value_are_shown_escaped_never_interpreted() {
    let pool = Pool::create("bad-text").await;
    let long_value: String = "0123456789".repeat(1_000);
    assert_eq!(long_value.len(), 10_000);
    // Sequences a terminal would act on: clear the screen, set the title, move the cursor,
    // ring the bell, copy to the clipboard, carriage return and backspace, and the bidi
    // overrides that reorder text (U+202E) around Hebrew and Arabic.
    let hostile_name = format!(
        "Mal{CLEAR_MARK}\u{1b}]2;PWNED-TITLE\u{7}\u{1b}[5;5H\u{7}\u{1b}]52;c;UFdORUQ=\u{7}\r\u{8}\u{8}X"
    );
    let rtl = "\u{202e}evil\u{202c} שלום مرحبا \u{2066}iso\u{2069}";
    pool.create_user("aaa-first", &[("email", "first@example.com")])
        .await;
    pool.create_user(
        "mallory",
        &[
            ("email", "mallory@example.com"),
            ("given_name", &hostile_name),
            ("family_name", rtl),
            ("nickname", &long_value),
            ("locale", "en-GB"),
        ],
    )
    .await;
    pool.create_user(
        "user\u{1b}[31mred\u{1b}[0m\u{202e}",
        &[("email", "ctl@example.com")],
    )
    .await;
    pool.create_user("zzz-last", &[("email", "last@example.com")])
        .await;
    let stored = pool.snapshot().await;
    assert_eq!(
        stored["mallory"].get("nickname").map(String::len),
        Some(10_000),
        "moto keeps the 10,000-character value"
    );

    let home = Home::new();
    let mut tui = spawn_on(&pool, &home, true);
    tui.wait_for("users (~4 est.)", START);
    let list_screen = tui.screen();
    // The control-character username is listed, escaped.
    assert!(
        list_screen.contains("user\\u{1b}[31mred"),
        "the username's escapes are visible:\n{list_screen}"
    );
    // Show mallory's attributes.
    for _ in 0..4 {
        if tui.screen().contains("Attributes of mallory") {
            break;
        }
        tui.key("j");
        tui.settle(Duration::from_millis(60), STEP);
    }
    tui.wait_for("Attributes of mallory", STEP);
    tui.wait_for("Groups   none", STEP);
    let screen = tui.screen();
    assert!(
        screen.contains("Mal\\u{1b}[2J\\u{1b}]2;PWNED-TITLE\\u{7}"),
        "the hostile name is shown escaped:\n{screen}"
    );
    assert!(
        screen.contains("\\u{202e}evil\\u{202c}") && screen.contains("\\u{2066}iso\\u{2069}"),
        "bidi controls are shown escaped:\n{screen}"
    );
    assert!(screen.contains("שלום"), "RTL letters are shown as text");
    // The long value is cut to its cell with an ellipsis: one row, borders intact.
    let rows: Vec<&str> = screen.lines().collect();
    let long_row = rows
        .iter()
        .find(|l| l.contains(" nickname "))
        .expect("the nickname row");
    assert!(long_row.contains("0123456789") && long_row.contains('…'));
    assert!(long_row.trim_end().ends_with('│'), "{long_row}");
    // Nothing was cleared or overwritten: the frame is whole, every pane row has its borders,
    // the header and the other users are still there.
    assert!(screen.starts_with(" cognito-tui"), "{screen}");
    for user in ["aaa-first", "zzz-last"] {
        assert!(
            screen.contains(user),
            "{user} is still on screen:\n{screen}"
        );
    }
    // Row 0 the header, row 1 the panes' top border, then the pane rows down to the bottom
    // border and the status line.
    let pane_rows = pty::ROWS as usize - 4;
    let bordered = rows
        .iter()
        .skip(2)
        .take(pane_rows)
        .filter(|l| l.starts_with('│') && l.trim_end().ends_with('│'))
        .count();
    assert_eq!(
        bordered, pane_rows,
        "every pane row keeps its borders:\n{screen}"
    );
    // Walk over every attribute, and the list, with the cursor: still nothing interpreted.
    tui.key("tab");
    select_attribute(&mut tui, "nickname");
    tui.keys(&["j", "j", "j", "k", "k", "k", "k", "k", "h", "j", "k"]);
    tui.settle(Duration::from_millis(100), STEP);
    let requests = tui.requests();
    assert!(
        requests.titles.is_empty(),
        "the data set the window title: {:?}",
        requests.titles
    );
    assert!(
        requests.clipboard.is_empty(),
        "the data wrote the clipboard"
    );
    assert_eq!(requests.bells, 0, "the data rang the bell");
    let raw = tui.raw();
    for sequence in [
        "\u{1b}]2;PWNED".as_bytes(),
        "\u{1b}]52;c;UFdORUQ=".as_bytes(),
        "\u{1b}[31mred".as_bytes(),
        "\u{202e}".as_bytes(),
    ] {
        assert!(
            pty::rfind(&raw, sequence).is_none(),
            "{:?} reached the terminal raw",
            String::from_utf8_lossy(sequence)
        );
    }
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success());
    tui.assert_terminal_restored("hostile text");
    figure(&format!(
        "hostile text: 4 users with control chars, bidi overrides, RTL letters and a 10,000-char \
         value; {} keys pressed; {} bytes drawn; 0 titles, 0 clipboard writes, 0 bells; every \
         pane row bordered",
        tui.keys,
        raw.len()
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_deleted_after_listing_and_an_attribute_already_gone_are_explained() {
    let pool = Pool::create("bad-gone").await;
    pool.create_user(
        "ann",
        &[
            ("email", "ann@example.com"),
            ("locale", "en-GB"),
            ("nickname", "annie"),
        ],
    )
    .await;
    pool.create_user("ben", &[("email", "ben@example.com"), ("locale", "fr-FR")])
        .await;
    let home = Home::new();
    let mut tui = spawn_on(&pool, &home, false);
    tui.wait_for("users (~2 est.)", START);
    tui.wait_for("Attributes of ann", START);
    tui.wait_for("Groups   none", START);

    // ann's locale goes behind the app's back; the app marks and deletes it anyway.
    tui.key("tab");
    select_attribute(&mut tui, "locale");
    tui.key("space");
    tui.wait_for("1 marked", STEP);
    pool.client
        .admin_delete_user_attributes()
        .user_pool_id(&pool.id)
        .username("ann")
        .user_attribute_names("locale")
        .send()
        .await
        .unwrap();
    tui.key("d");
    tui.wait_for("Review deletion", STEP);
    tui.key("y");
    tui.settle(Duration::from_millis(300), STEP);
    let gone_status = last_line(&tui.screen());
    assert!(
        !gone_status.trim().is_empty(),
        "the outcome is shown:\n{}",
        tui.screen()
    );
    let after = pool.snapshot().await;
    assert_eq!(
        after["ann"].get("nickname").map(String::as_str),
        Some("annie")
    );

    // ben is deleted behind the app's back, then the app deletes his locale.
    tui.key("h");
    tui.key("j");
    tui.wait_for("Attributes of ben", STEP);
    tui.wait_for("Groups   none", STEP);
    pool.client
        .admin_delete_user()
        .user_pool_id(&pool.id)
        .username("ben")
        .send()
        .await
        .unwrap();
    tui.key("tab");
    select_attribute(&mut tui, "locale");
    tui.key("space");
    tui.wait_for("1 marked", STEP);
    tui.key("d");
    tui.wait_for("Review deletion", STEP);
    tui.key("y");
    tui.wait_until("the missing user explained", STEP, |s| {
        let text = s.contents().to_lowercase();
        text.contains("user not found")
    });
    let missing_status = last_line(&tui.screen());
    tui.key("esc");
    tui.key("q");
    tui.key("q");
    let status = tui.wait_exit(STEP);
    tui.assert_terminal_restored("gone user");
    let contents = cognito_tui::journal::read(&home.journal()).unwrap();
    assert_eq!(
        contents.pending().count(),
        0,
        "every journalled change has an outcome"
    );
    figure(&format!(
        "gone: attribute already gone → {:?}; user deleted after listing → {:?}; journal {} \
         entr(ies), 0 pending; exit code {}",
        gone_status.trim(),
        missing_status.trim(),
        contents.entries.len(),
        status.exit_code()
    ));
}

fn last_line(screen: &str) -> String {
    screen
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .to_owned()
}
