//! Secrets never reach a file or the screen: `cognito-tui me` sessions against cognito-local, in
//! a pseudo-terminal, with a password (from `--password-env`, and typed at the no-echo prompt),
//! an access token from a file, and an app client with a secret; plus a failed sign-in. Then
//! every file the app wrote under the temp HOME / XDG dirs (log at trace level, journal, ...),
//! every byte it drew on the terminal, the final screens and what it put on the clipboard are
//! searched for the password, the client secret, its SECRET_HASH, the token and its parts, and
//! anything shaped like a JWT.
//!
//! Needs cognito-local (`COGNITO_TUI_COGNITO_LOCAL_URL`, exported by scripts/test.sh); without
//! it the test fails loudly.

mod local_pool;
mod pty;

use std::path::{Path, PathBuf};
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use base64::Engine as _;
use cognito_tui::selfservice::secret::Secret;
use cognito_tui::selfservice::signin;
use local_pool::{LocalPool, cognito_local_url};
use pty::{Home, Tui, figure, select_attribute};

const USERNAME: &str = "alice";
const PASSWORD: &str = "Sesame-Pa55word-9f3Kq";
const WRONG_PASSWORD: &str = "Wrong-Guess-77xYz";
const PASSWORD_VAR: &str = "COGNITO_TUI_SCAN_PASSWORD";
const SECRET_VAR: &str = "COGNITO_TUI_SCAN_CLIENT_SECRET";
const START: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);

/// A pool holding alice, with her password set.
async fn alices_pool() -> LocalPool {
    let pool = LocalPool::create("secrets-scan", Vec::new()).await;
    let attributes = [
        ("email", "alice@example.com"),
        ("given_name", "Alice"),
        ("family_name", "Liddell"),
        ("locale", "en-GB"),
        ("zoneinfo", "Europe/London"),
        ("nickname", "al"),
        ("website", "https://example.com/alice"),
    ];
    pool.user(USERNAME, Some(PASSWORD), &attributes).await;
    pool
}

/// Signs in as the test (not the app) and returns the access, ID and refresh tokens.
async fn tokens(pool: &LocalPool) -> Vec<String> {
    let out = pool
        .admin
        .initiate_auth()
        .client_id(&pool.client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", USERNAME)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .expect("InitiateAuth");
    let result = out.authentication_result().expect("tokens");
    [
        result.access_token(),
        result.id_token(),
        result.refresh_token(),
    ]
    .into_iter()
    .flatten()
    .map(str::to_owned)
    .collect()
}

/// Everything one session left to search: the bytes it drew, its final screen, and what it put
/// on the clipboard.
struct Capture {
    label: String,
    raw: Vec<u8>,
    screen: String,
    clipboard: Vec<String>,
    keys: usize,
}

fn capture(label: &str, tui: &Tui) -> Capture {
    let clipboard = tui
        .requests()
        .clipboard
        .iter()
        .map(|b64| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap_or_else(|_| b64.clone());
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect();
    Capture {
        label: label.to_owned(),
        raw: tui.raw(),
        screen: tui.screen(),
        clipboard,
        keys: tui.keys,
    }
}

fn me_env(home: &Home, pool: &LocalPool) -> Vec<(String, String)> {
    let mut env = home.env();
    env.extend(pty::aws_test_env());
    env.push(("COGNITO_TUI_LOG".into(), "trace".into()));
    env.push((PASSWORD_VAR.into(), PASSWORD.into()));
    env.push((SECRET_VAR.into(), pool.client_secret.clone()));
    env
}

/// Waits for the signed-in user's attribute pane, marks `attribute`, reviews, confirms, copies
/// a value, and quits.
fn delete_one_and_quit(tui: &mut Tui, attribute: &str) {
    tui.wait_for(&format!("Attributes of {USERNAME}"), START);
    tui.wait_for("Groups", START);
    tui.key("tab");
    select_attribute(tui, attribute);
    tui.key("space");
    tui.wait_for("1 marked", STEP);
    tui.key("d");
    tui.wait_for("Review deletion", STEP);
    tui.key("y");
    tui.wait_for(&format!("({attribute}) from {USERNAME}."), STEP);
    tui.keys(&["c", "p", "p", "?"]);
    tui.key("q");
    let status = tui.wait_exit(STEP);
    assert!(status.success(), "{status:?}\n{}", tui.screen());
    tui.assert_terminal_restored("me session");
}

/// Finds text shaped like a JWT: three dot-separated base64url runs (padding tolerated) of 16+
/// characters.
fn jwt_shaped(text: &str) -> Option<String> {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=');
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_b64(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    runs.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            runs.push((s, text.len()));
        }
        runs
    };
    runs.windows(3).find_map(|w| {
        let joined_by_dots = text[w[0].1..w[1].0] == *"." && text[w[1].1..w[2].0] == *".";
        let long = w.iter().all(|(s, e)| e - s >= 16);
        (joined_by_dots && long).then(|| text[w[0].0..w[2].1].to_owned())
    })
}

fn scan(what: &str, text: &str, secrets: &[(String, String)], findings: &mut Vec<String>) {
    for (name, secret) in secrets {
        if text.contains(secret.as_str()) {
            findings.push(format!("{name} found in {what}"));
        }
    }
    if let Some(jwt) = jwt_shaped(text) {
        findings.push(format!(
            "something JWT-shaped in {what}: {}…",
            &jwt[..jwt.len().min(24)]
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_token_or_client_secret_reaches_a_file_or_the_screen() {
    let url = cognito_local_url();
    let pool = alices_pool().await;
    let test_tokens = tokens(&pool).await;
    assert!(!test_tokens.is_empty());
    let home = Home::new();
    let env = me_env(&home, &pool);
    let common = ["--region", "us-east-1", "--endpoint-url", url.as_str()];
    let mut captures = Vec::new();

    // 1. Password from --password-env; a deletion; the log at trace level.
    let mut args = vec!["me", "--client-id", &pool.client_id, "--username", USERNAME];
    args.extend(["--password-env", PASSWORD_VAR]);
    args.extend(common);
    let mut tui = Tui::spawn(&args, &env, home.path());
    delete_one_and_quit(&mut tui, "locale");
    captures.push(capture("password from the environment", &tui));

    // 2. The password typed at the no-echo prompt, in the terminal.
    let mut args = vec!["me", "--client-id", &pool.client_id, "--username", USERNAME];
    args.extend(common);
    let mut tui = Tui::spawn(&args, &env, home.path());
    tui.wait_for(&format!("Password for {USERNAME}:"), START);
    tui.settle(Duration::from_millis(100), STEP);
    tui.type_text(PASSWORD);
    let typed_screen = tui.screen();
    tui.key("enter");
    assert!(
        !typed_screen.contains(PASSWORD),
        "the typed password is echoed:\n{typed_screen}"
    );
    delete_one_and_quit(&mut tui, "zoneinfo");
    captures.push(capture("password typed at the prompt", &tui));

    // 3. An access token from a file (kept outside the scanned home).
    let token_dir = tempfile::tempdir().unwrap();
    let token_file = token_dir.path().join("token.txt");
    std::fs::write(&token_file, format!("{}\n", test_tokens[0])).unwrap();
    let token_path = token_file.display().to_string();
    let mut args = vec!["me", "--access-token-file", token_path.as_str()];
    args.extend(common);
    let mut tui = Tui::spawn(&args, &env, home.path());
    delete_one_and_quit(&mut tui, "nickname");
    captures.push(capture("access token from a file", &tui));

    // 4. An app client with a secret: SECRET_HASH computed from --client-secret-env.
    let mut args = vec![
        "me",
        "--client-id",
        &pool.secret_client_id,
        "--username",
        USERNAME,
        "--password-env",
        PASSWORD_VAR,
        "--client-secret-env",
        SECRET_VAR,
    ];
    args.extend(common);
    let mut tui = Tui::spawn(&args, &env, home.path());
    delete_one_and_quit(&mut tui, "website");
    captures.push(capture("client with a secret", &tui));

    // 5. A wrong password: the sign-in fails with a message, and quotes nothing secret.
    let mut wrong_env = env.clone();
    wrong_env.push(("COGNITO_TUI_SCAN_WRONG".into(), WRONG_PASSWORD.into()));
    let mut args = vec![
        "me",
        "--client-id",
        &pool.secret_client_id,
        "--username",
        USERNAME,
        "--password-env",
        "COGNITO_TUI_SCAN_WRONG",
        "--client-secret-env",
        SECRET_VAR,
    ];
    args.extend(common);
    let mut tui = Tui::spawn(&args, &wrong_env, home.path());
    let status = tui.wait_exit(START);
    assert!(!status.success(), "a wrong password must fail");
    let failed = capture("wrong password", &tui);
    assert!(
        failed.screen.contains("cognito-tui:"),
        "the failure is explained:\n{}",
        failed.screen
    );
    captures.push(failed);

    // What to look for.
    let secret = Secret::new(pool.client_secret.clone());
    let hashes = [&pool.client_id, &pool.secret_client_id]
        .map(|client| signin::secret_hash(&secret, USERNAME, client));
    let mut secrets: Vec<(String, String)> = vec![
        ("the password".into(), PASSWORD.into()),
        ("the wrong password".into(), WRONG_PASSWORD.into()),
        ("the client secret".into(), pool.client_secret.clone()),
        ("the SECRET_HASH".into(), hashes[1].clone()),
        ("a SECRET_HASH".into(), hashes[0].clone()),
    ];
    for (i, token) in test_tokens.iter().enumerate() {
        secrets.push((format!("token {i}"), token.clone()));
        for (j, part) in token.split('.').enumerate().filter(|(_, p)| p.len() >= 16) {
            // The header is the same for every token; the payload and signature are this one's.
            if j > 0 {
                secrets.push((format!("part {j} of token {i}"), part.to_owned()));
            }
        }
    }

    // Search every file the app wrote, and everything it showed.
    let files: Vec<PathBuf> = home.files();
    let mut findings = Vec::new();
    let mut bytes_scanned = 0usize;
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        bytes_scanned += bytes.len();
        scan(
            &file.display().to_string(),
            &String::from_utf8_lossy(&bytes),
            &secrets,
            &mut findings,
        );
    }
    let mut keys = 0;
    for c in &captures {
        keys += c.keys;
        bytes_scanned += c.raw.len();
        scan(
            &format!("the terminal output of '{}'", c.label),
            &String::from_utf8_lossy(&c.raw),
            &secrets,
            &mut findings,
        );
        scan(
            &format!("the screen of '{}'", c.label),
            &c.screen,
            &secrets,
            &mut findings,
        );
        for copied in &c.clipboard {
            scan(
                &format!("the clipboard of '{}'", c.label),
                copied,
                &secrets,
                &mut findings,
            );
        }
    }
    assert!(
        findings.is_empty(),
        "secrets leaked:\n{}",
        findings.join("\n")
    );

    // The scan was not vacuous: the app wrote its log and its journal here.
    let relative: Vec<String> = files
        .iter()
        .map(|f| rel(f, home.path()))
        .collect::<Vec<_>>();
    let log = files
        .iter()
        .find(|f| f.ends_with("cognito-tui/cognito-tui.log"))
        .unwrap_or_else(|| panic!("no log among {relative:?}"));
    let log_text = std::fs::read_to_string(log).unwrap();
    assert!(
        log_text.contains("self-service session starting"),
        "the log covers the sessions"
    );
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("cognito-tui/journal.jsonl")),
        "no journal among {relative:?}"
    );
    let journal = cognito_tui::journal::read(&home.journal()).unwrap();
    figure(&format!(
        "secrets: {} sessions ({}), {keys} keys pressed; {} secrets + JWT shapes searched in {} \
         files ({}) and the terminal output, screens and clipboard: {bytes_scanned} bytes, 0 \
         found; journal {} entr(ies), log {} lines",
        captures.len(),
        captures
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        secrets.len(),
        files.len(),
        relative.join(", "),
        journal.entries.len(),
        log_text.lines().count()
    ));
}

fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

#[test]
fn the_jwt_detector_finds_tokens_and_nothing_else() {
    let token = cognito_tui::selfservice::token::unsigned_jwt(&serde_json::json!({
        "username": "alice", "exp": 1, "scope": "aws.cognito.signin.user.admin"
    }));
    let (signed, _) = token.expose_secret().rsplit_once('.').unwrap();
    let jwt = format!("{signed}.c2lnbmF0dXJlLWxvbmdlci10aGFu");
    assert_eq!(jwt_shaped(&format!("x {jwt} y")), Some(jwt));
    assert!(jwt_shaped("a.b.c").is_none());
    assert!(jwt_shaped("2025-06-01T08:00:00.123Z eu-west-1_AbC123.x").is_none());
}
