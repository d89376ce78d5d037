//! The command line's own conventions: version, help, completions and the man page, and an
//! output piped into a reader that stops early. These run the real binary and need no config
//! file, no AWS and no network.

use std::process::{Command, Output};

fn cognito_tui(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args(args)
        // No config, keymap or log of the machine's user is read or written.
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env_remove("COGNITO_TUI_POOL_ID")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_screen_without_a_terminal_is_one_sentence_not_a_panic() {
    let output = cognito_tui(&["--demo"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the terminal"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing is drawn into a pipe");
}

#[test]
fn version_prints_the_version() {
    let out = stdout(&cognito_tui(&["--version"]));
    assert_eq!(
        out.trim(),
        format!("cognito-tui {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_has_examples_and_exit_codes() {
    let out = stdout(&cognito_tui(&["--help"]));
    assert!(out.contains("Examples:"), "{out}");
    assert!(out.contains("Exit codes:"), "{out}");
    for flag in ["--keymap", "--theme", "completions", "man"] {
        assert!(out.contains(flag), "{flag} missing: {out}");
    }
}

#[test]
fn bash_completions_name_the_binary_and_the_commands() {
    let out = stdout(&cognito_tui(&["completions", "bash"]));
    assert!(out.contains("cognito-tui"), "{out}");
    assert!(out.contains("lookup"), "{out}");
    assert!(out.contains("--read-only"), "{out}");
}

#[test]
fn completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = stdout(&cognito_tui(&["completions", shell]));
        assert!(out.contains("lookup"), "{shell}: {out}");
    }
    let bad = cognito_tui(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_with_every_option_and_command() {
    let page = stdout(&cognito_tui(&["man"]));
    assert!(page.lines().any(|l| l.starts_with(".TH ")), "{page}");
    assert!(page.contains(".SH OPTIONS"), "{page}");
    // roff writes a dash as `\-`; the reader sees `--read-only`.
    let shown = page.replace("\\-", "-");
    for text in [
        "--read-only",
        "--pool-id",
        "--keymap",
        "cognito-tui lookup",
        "cognito-tui delete-attributes",
        "cognito-tui disable",
        "cognito-tui add-to-group",
        "cognito-tui set-password",
        "--password-stdin",
        "cognito-tui events",
        "--dry-run",
        "cognito-tui completions",
    ] {
        assert!(shown.contains(text), "{text} missing:\n{page}");
    }
    assert!(page.contains(".SH EXAMPLES"), "{page}");
    assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
    assert!(shown.contains("2 bad arguments or configuration"), "{page}");
}

#[test]
fn generating_needs_no_config() {
    // Even a broken --config is not read by the generators.
    let out = stdout(&cognito_tui(&["--config", "/nonexistent/c.toml", "man"]));
    assert!(out.contains("\n.TH "), "{out}");
}

#[test]
fn a_broken_config_file_never_opens_its_read_only_profile_writable() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    // One unknown key makes the file unreadable as a whole, read_only included.
    std::fs::write(
        &config,
        "[profiles.ro]\npool_id = \"us-east-1_Ro1\"\nread_only = true\ncolour = \"x\"\n",
    )
    .unwrap();
    let output = cognito_tui(&[
        "--config",
        config.to_str().unwrap(),
        "--profile",
        "ro",
        "--pool-id",
        "us-east-1_Ro1",
        "--region",
        "us-east-1",
        // Nothing listens here: a run that got past the read-only check fails otherwise.
        "--endpoint-url",
        "http://127.0.0.1:9",
        "disable",
        "--user",
        "jo",
        "--yes",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("colour"),
        "the warning names the fault: {stderr}"
    );
    assert!(
        stderr.contains("this session is read-only"),
        "the action is refused: {stderr}"
    );
}

/// The binary with `args`, its AWS config and credentials files holding `aws_config` and
/// `aws_credentials`, `env` added, and a config file with the profile `prod`.
fn with_aws_files(
    args: &[&str],
    aws_config: &str,
    aws_credentials: &str,
    env: &[(&str, &str)],
) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[profiles.prod]\npool_id = \"us-east-1_Prod1\"\naws_profile = \"work\"\n",
    )
    .unwrap();
    let aws_config_file = dir.path().join("aws-config");
    let aws_credentials_file = dir.path().join("aws-credentials");
    std::fs::write(&aws_config_file, aws_config).unwrap();
    std::fs::write(&aws_credentials_file, aws_credentials).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
    command
        .arg("--config")
        .arg(&config)
        .args(args)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("xdg-config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("AWS_CONFIG_FILE", &aws_config_file)
        .env("AWS_SHARED_CREDENTIALS_FILE", &aws_credentials_file)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("COGNITO_TUI_POOL_ID")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

const AWS_CONFIG: &str = "[default]\nregion = us-east-1\n[profile work]\nregion = us-east-1\n\
    [profile sso-dev]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n\
    sso_start_url = https://corp.awsapps.com/start\n";
const AWS_CREDENTIALS: &str = "[ci]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n";
/// Nothing listens here: a run that gets past the start fails on its first call.
const NOWHERE: [&str; 6] = [
    "--pool-id",
    "us-east-1_Pool1",
    "--region",
    "us-east-1",
    "--endpoint-url",
    "http://127.0.0.1:9",
];

#[test]
fn an_unknown_profile_flag_stops_the_start_with_one_line() {
    let runs: [&[&str]; 6] = [
        &[],
        &["lookup", "jo"],
        &["export"],
        &["disable", "--user", "jo", "--yes"],
        &["events", "jo"],
        &["me", "--client-id", "abc", "--username", "jo"],
    ];
    for command in runs {
        let args = [&["--profile", "typo"][..], &NOWHERE, command].concat();
        let output = with_aws_files(&args, AWS_CONFIG, AWS_CREDENTIALS, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {stderr}");
        assert_eq!(
            stderr,
            "cognito-tui: no such profile: typo (known: ci, default, prod, sso-dev, work)\n",
            "{command:?}"
        );
        assert!(output.stdout.is_empty(), "{command:?}");
    }
}

#[test]
fn config_aws_and_sso_profiles_and_environment_credentials_still_start() {
    // Without a terminal the screen stops just after the start; that is as far as it gets.
    for profile in ["prod", "work", "ci", "sso-dev", "default"] {
        let args = [&["--profile", profile][..], &NOWHERE].concat();
        let output = with_aws_files(&args, AWS_CONFIG, AWS_CREDENTIALS, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{profile}: {stderr}");
        assert!(stderr.contains("cannot open the terminal"), "{stderr}");
    }
    // No AWS files at all, credentials in the environment only, no --profile: the lookup
    // reaches the (absent) endpoint.
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "x"),
    ];
    let output = with_aws_files(&[&NOWHERE[..], &["lookup", "jo"]].concat(), "", "", &env);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("profile"), "{stderr}");
    assert!(stderr.contains("Could not reach Cognito"), "{stderr}");
}

#[test]
fn an_export_piped_into_a_reader_that_stops_ends_quietly_with_success() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "json"] {
        // Far more than a pipe holds, so the export is still writing when the reader stops.
        let mut child = Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
            .args([
                "--demo",
                "--demo-users",
                "5000",
                "export",
                "--format",
                format,
            ])
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // As `| head -1`: one line, then the pipe closes.
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{format}: {:?}: {stderr}",
            output.status
        );
        assert!(!stderr.contains("failed"), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
    }
}

#[test]
fn a_change_refused_for_want_of_a_terminal_names_its_users_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
            .args(args)
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        stderr
    };
    let one = refused(&[
        "delete-attributes",
        "--demo",
        "--attribute",
        "locale",
        "--user",
        "jo.bloggs",
    ]);
    assert!(
        one.contains("refusing to change 1 user (delete attributes) without confirmation"),
        "{one}"
    );
    let two = refused(&[
        "delete-user",
        "--demo",
        "--user",
        "jo.bloggs",
        "--user",
        "ada.lovelace",
    ]);
    assert!(
        two.contains("refusing to change 2 users (delete user) without confirmation"),
        "{two}"
    );
    assert!(two.contains("pass --yes"), "{two}");
    // Adding to a group grants what the group grants (an admin group): asked as deleting is.
    let group = refused(&[
        "add-to-group",
        "admins",
        "--demo",
        "--user",
        "jo.bloggs",
        "--user",
        "ada.lovelace",
    ]);
    assert!(
        group.contains("refusing to change 2 users (add to group) without confirmation"),
        "{group}"
    );
}

#[test]
fn a_command_piped_with_its_stderr_into_a_reader_that_stops_never_panics() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    // As `2>&1 | head -1`: both streams into one pipe, closed after one line.
    let (reader, writer) = std::io::pipe().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args([
            "disable",
            "--demo",
            "--filter",
            "email ^= \"a\"",
            "--dry-run",
        ])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .stdin(std::process::Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut reader = BufReader::new(reader);
    reader.read_line(&mut first).unwrap();
    assert!(!first.is_empty());
    drop(reader);
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?} (101 is a panic)");
}

#[test]
fn lookup_and_export_say_a_malformed_config_file_was_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    // A misspelt table: its quotas would silently not apply.
    std::fs::write(&config, "[quota]\nuser_list = 5\n").unwrap();
    for command in [&["lookup", "jo"][..], &["export", "--format", "json"]] {
        let output =
            cognito_tui(&[&["--config", config.to_str().unwrap(), "--demo"], command].concat());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{command:?}: {stderr}");
        assert!(
            stderr.contains("warning: config file") && stderr.contains("unknown field `quota`"),
            "{command:?}: {stderr}"
        );
    }
}

#[test]
fn journal_events_and_undo_say_first_that_a_malformed_config_file_was_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[quota]\nuser_list = 5\n").unwrap();
    for command in [
        &["journal"][..],
        &["events", "jo.bloggs"],
        &["undo", "--batch", "nothing"],
    ] {
        let output =
            cognito_tui(&[&["--config", config.to_str().unwrap(), "--demo"], command].concat());
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.contains("warning: config file") && first.contains("unknown field `quota`"),
            "{command:?}: {stderr}"
        );
    }
}

#[test]
fn the_journal_of_a_path_where_there_is_none_says_there_is_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("jurnal.jsonl");
    let output = cognito_tui(&["journal", "--journal", missing.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty());
    assert!(
        stderr.contains(&format!("no journal file at {}", missing.display())),
        "{stderr}"
    );
    assert!(!stderr.contains("0 entries"), "{stderr}");
}

#[test]
fn an_empty_username_group_or_attribute_is_bad_input_not_a_user_that_no_longer_exists() {
    // As `--user "$U"` with U unset: refused before any call, never "skipped" or "would add".
    for args in [
        &["disable", "--demo", "--user", "", "--dry-run"][..],
        &[
            "add-to-group",
            "",
            "--demo",
            "--user",
            "jo.bloggs",
            "--dry-run",
        ],
        &[
            "delete-attributes",
            "--demo",
            "--attribute",
            "",
            "--user",
            "jo.bloggs",
        ],
        &["events", "", "--demo"],
        &["create-user", "", "--demo", "--dry-run"],
        &["undo", ""],
        &["undo", "--batch", ""],
    ] {
        let output = cognito_tui(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("a value is required"), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_dry_runs_progress_says_would_be_done_as_its_summary_does() {
    let output = cognito_tui(&["disable", "--demo", "--user", "jo.bloggs", "--dry-run"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("dry run: 1/1 · 1 would be done · 0 skipped"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("0 done") && !stderr.contains("1 done"),
        "nothing was done: {stderr}"
    );
    assert!(stderr.contains("1 would be done, 0 skipped"), "{stderr}");
}

#[test]
fn a_change_to_the_demo_pool_from_the_command_line_leaves_the_users_journal_alone() {
    let home = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
            .args(args)
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("TMPDIR", tmp.path())
            .env_remove("COGNITO_TUI_DEMO_JOURNAL")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let output = run(&["--demo", "disable", "--user", "jo.bloggs", "--yes"]);
    assert!(output.status.success(), "{output:?}");
    let files = |dir: &std::path::Path| -> Vec<String> {
        let mut found = Vec::new();
        let mut todo = vec![dir.to_owned()];
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    todo.push(path);
                } else {
                    found.push(path.display().to_string());
                }
            }
        }
        found
    };
    let journals = |dir: &std::path::Path| -> Vec<String> {
        files(dir)
            .into_iter()
            .filter(|f| f.ends_with(".jsonl") || f.contains("cognito-tui-demo-"))
            .collect()
    };
    // No journal of the user's was made or written, and the demo's scratch one is gone.
    assert_eq!(journals(home.path()), Vec::<String>::new());
    assert_eq!(files(tmp.path()), Vec::<String>::new());
    // The journal of a demo command is the demo's, not the user's: it holds nothing of before.
    let output = run(&["--demo", "journal"]);
    assert!(!stdout(&output).contains("disable"), "{output:?}");
    assert_eq!(journals(home.path()), Vec::<String>::new());
    assert_eq!(files(tmp.path()), Vec::<String>::new());
}

#[test]
fn a_group_action_on_a_group_the_pool_lacks_is_refused_by_name_even_in_a_dry_run() {
    for args in [
        &[
            "--demo",
            "add-to-group",
            "nope",
            "--user",
            "jo.bloggs",
            "--dry-run",
        ][..],
        &[
            "--demo",
            "remove-from-group",
            "nope",
            "--user",
            "jo.bloggs",
            "--dry-run",
        ],
        &[
            "--demo",
            "remove-from-group",
            "nope",
            "--user",
            "jo.bloggs",
            "--yes",
        ],
    ] {
        let output = cognito_tui(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}: {output:?}");
        assert!(
            stderr.contains("nothing changed: pool eu-west-1_DemoPool1 has no group nope; its groups: admins, support"),
            "{args:?}: {stderr}"
        );
    }
    let output = cognito_tui(&[
        "--demo",
        "add-to-group",
        "Support",
        "--user",
        "jo.bloggs",
        "--dry-run",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "has no group Support (group names are case-sensitive: did you mean support?)"
        ),
        "{stderr}"
    );
    let known = cognito_tui(&[
        "--demo",
        "add-to-group",
        "support",
        "--user",
        "jo.bloggs",
        "--dry-run",
    ]);
    assert!(
        stdout(&known).contains("jo.bloggs\twould\tadd to group"),
        "{known:?}"
    );
}

#[test]
fn a_user_named_that_the_pool_has_not_got_is_no_such_user_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let journal = journal.to_str().unwrap();
    for args in [
        &["disable", "--demo", "--user", "nosuch", "--dry-run"][..],
        &[
            "disable",
            "--demo",
            "--user",
            "nosuch",
            "--journal",
            journal,
        ],
        &[
            "add-to-group",
            "support",
            "--demo",
            "--user",
            "nosuch",
            "--dry-run",
        ],
    ] {
        let output = cognito_tui(args);
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {out}{err}");
        assert!(
            out.contains("nosuch\tskipped\tno such user"),
            "{args:?}: {out}"
        );
        assert!(!out.contains("no longer exists"), "{args:?}: {out}");
        assert!(
            err.contains("1 of the users named is not in pool"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_filter_cognito_cannot_parse_is_bad_input_exit_two_before_any_change() {
    for args in [
        &["disable", "--demo", "--filter", "foo = bar", "--dry-run"][..],
        &["disable", "--demo", "--filter", "email = \"jo", "--yes"],
        &[
            "delete-attributes",
            "--demo",
            "--attribute",
            "locale",
            "--filter",
            "email ^= jo",
            "--yes",
        ],
    ] {
        let output = cognito_tui(args);
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {out}{err}");
        assert!(out.is_empty(), "no user was changed or read: {out}");
        assert!(
            err.contains("--filter"),
            "the message names the flag: {err}"
        );
    }
}

#[test]
fn lookup_says_what_a_script_can_do_instead_never_a_key_of_the_screen() {
    for query in ["\"jo", "\\jo", "locale = en"] {
        let output = cognito_tui(&["lookup", "--demo", query]);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{query}: {err}");
        assert!(err.contains("cognito-tui export"), "{query}: {err}");
        assert!(!err.contains("press f"), "{query}: {err}");
    }
}

#[test]
fn undo_dry_run_says_per_entry_what_it_would_do_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // jo.bloggs was enabled (undo disables), and so was a user deleted since.
    let entry = |id: &str, user: &str| {
        format!(
            "{{\"type\":\"intent\",\"id\":\"{id}\",\"time\":\"2026-12-07T03:54:59Z\",\
             \"batch\":\"b1\",\"pool_id\":\"eu-west-1_DemoPool1\",\"username\":\"{user}\",\
             \"kind\":\"enable\",\"before\":{{\"enabled\":false}}}}\n\
             {{\"type\":\"outcome\",\"id\":\"{id}\",\"time\":\"2026-12-07T03:55:00Z\",\
             \"result\":\"ok\"}}\n"
        )
    };
    let before = entry("b1-1", "jo.bloggs") + &entry("b1-2", "gone.user");
    std::fs::write(&journal, &before).unwrap();
    let journal = journal.to_str().unwrap();
    for extra in [&[][..], &["--read-only"]] {
        let args = [
            &[
                "undo",
                "--demo",
                "--batch",
                "b1",
                "--dry-run",
                "--journal",
                journal,
            ][..],
            extra,
        ]
        .concat();
        let output = cognito_tui(&args);
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {out}{err}");
        assert_eq!(
            out,
            "jo.bloggs\twould\tdisable\tb1-1\n\
             gone.user\tskipped\tthe user no longer exists\tb1-2\n",
            "{args:?}: {err}"
        );
        assert!(err.contains("1 would be done, 1 skipped"), "{err}");
        assert_eq!(
            std::fs::read_to_string(journal).unwrap(),
            before,
            "a dry run journals nothing"
        );
    }
}

#[test]
fn a_malformed_config_makes_every_command_read_only_when_it_may_mark_a_profile_so_demo_too() {
    // The rule (config::load_or_defaults): the defaults cannot tell which profile was
    // read-only, so a broken file that mentions read_only (or cannot be read) makes the run
    // read-only; one that does not leaves it as the flags say. The demo is no exception.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    for (text, read_only) in [
        ("[quota]\nuser_list = 5\n", false),
        ("[profiles.prod]\nread_only = yes\n", true),
    ] {
        std::fs::write(&config, text).unwrap();
        for command in [
            &["undo", "--batch", "nothing"][..],
            &["disable", "--user", "jo.bloggs"],
        ] {
            let output =
                cognito_tui(&[&["--config", config.to_str().unwrap(), "--demo"], command].concat());
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                stderr.contains("this session is read-only"),
                read_only,
                "{text:?} {command:?}: {stderr}"
            );
            assert_eq!(
                stderr.contains("read-only until it is fixed"),
                read_only,
                "{text:?} {command:?}: {stderr}"
            );
        }
    }
}

/// `lookup jo` on a pool of a region no host answers for, with these extra variables: nothing
/// can leave the machine (the name does not resolve).
fn lookup_nowhere(args: &[&str], vars: &[(&str, &str)]) -> (Option<i32>, String) {
    lookup_nowhere_with(args, vars, None)
}

/// As [`lookup_nowhere`], with `aws_config` as the AWS config file (`~/.aws/config`).
fn lookup_nowhere_with(
    args: &[&str],
    vars: &[(&str, &str)],
    aws_config: Option<&str>,
) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    if let Some(text) = aws_config {
        std::fs::create_dir_all(dir.path().join(".aws")).unwrap();
        std::fs::write(dir.path().join(".aws/config"), text).unwrap();
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
    command
        .args(["lookup", "jo", "--pool-id", "xx-nowhere-1_abc"])
        .args(["--region", "xx-nowhere-1"])
        .args(args)
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("COGNITO_TUI_POOL_ID")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER")
        .env_remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .env_remove("AWS_CONFIG_FILE")
        .env_remove("AWS_SHARED_CREDENTIALS_FILE");
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_blank_endpoint_is_none_given_not_a_panic() {
    for (args, vars) in [
        (&[][..], &[("AWS_ENDPOINT_URL", "")][..]),
        (&[], &[("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", " ")]),
        (&["--endpoint-url", ""], &[]),
    ] {
        let (code, stderr) = lookup_nowhere(args, vars);
        assert!(!stderr.contains("panicked"), "{args:?} {vars:?}: {stderr}");
        assert_eq!(code, Some(2), "{args:?} {vars:?}: {stderr}");
        assert!(
            stderr.contains("Could not reach Cognito"),
            "AWS's own endpoint for the region was called: {stderr}"
        );
    }
    let (code, stderr) = lookup_nowhere_with(&[], &[], Some("[default]\nendpoint_url =\n"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(code, Some(2), "{stderr}");
    let (code, stderr) =
        lookup_nowhere_with(&[], &[], Some("[default]\nendpoint_url = localhost:5000\n"));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("AWS config file"), "{stderr}");
}

#[test]
fn an_endpoint_that_is_not_an_http_url_stops_the_start_naming_where_it_came_from() {
    for (args, vars, named) in [
        (
            &["--endpoint-url", "localhost:5000"][..],
            &[][..],
            "--endpoint-url",
        ),
        (&[], &[("AWS_ENDPOINT_URL", "ftp://x")], "AWS_ENDPOINT_URL"),
    ] {
        let (code, stderr) = lookup_nowhere(args, vars);
        assert_eq!(code, Some(2), "{args:?} {vars:?}: {stderr}");
        assert!(stderr.contains(named), "{stderr}");
        assert!(
            !stderr.contains("Could not reach"),
            "refused before any call: {stderr}"
        );
    }
}
