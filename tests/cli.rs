//! The command line's own conventions: version, help, completions and the man page. These run
//! the real binary and need no config file, no AWS and no network.

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
