//! Self-service mode (`cognito-tui me`) against cognito-local, through the real SDK: sign-in,
//! the token checks, and `DeleteUserAttributes` through the app's own directory layer and
//! worker. Plus aws-smithy-mocks for the answers cognito-local cannot give (PasswordResetRequired,
//! UserNotConfirmed, Forbidden), and a child process that checks the log holds no secret.
//!
//! Needs `COGNITO_TUI_COGNITO_LOCAL_URL` (scripts/test.sh sets it); the emulator tests fail,
//! loudly, without it. Every test makes its own pool, so they run in parallel.

mod local_pool;
mod sdk_mocks;
mod support;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::process::Command as Process;
use std::sync::Arc;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::delete_user_attributes::DeleteUserAttributesError;
use aws_sdk_cognitoidentityprovider::operation::get_user::{GetUserError, GetUserOutput};
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::{
    InitiateAuthError, InitiateAuthOutput,
};
use aws_sdk_cognitoidentityprovider::types::error::{
    ForbiddenException, NotAuthorizedException, PasswordResetRequiredException,
    UserNotConfirmedException,
};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeDataType, AttributeType, AuthFlowType, ChallengeNameType, SchemaAttributeType,
};
use aws_smithy_mocks::{Rule, mock};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_tui::app::{Action, App, Focus, Outcome};
use cognito_tui::cli::MeArgs;
use cognito_tui::config::Settings;
use cognito_tui::directory::{DirectoryError, DirectoryReader, DirectoryWriter, ListUsersRequest};
use cognito_tui::selfservice::directory::{SelfReader, SelfWriter, SignedIn};
use cognito_tui::selfservice::secret::Secret;
use cognito_tui::selfservice::signin::{self, SignIn, SignInError};
use cognito_tui::selfservice::token::{self, ADMIN_SCOPE, AccessToken, TokenError};
use cognito_tui::selfservice::{self, SelfServiceError};
use cognito_tui::session::{self, Connected};
use cognito_tui::worker::{Response, Worker};
use local_pool::{LocalPool, cognito_local_url};
use sdk_mocks::{DETAIL, mocked_client, modeled_by_code};
use serde_json::{Value, json};
use support::{press_settled, worker_and_app};
use tokio::sync::mpsc::UnboundedReceiver;

const USERNAME: &str = "alice";
const PASSWORD: &str = "Correct-Horse-7-battery";

fn settings(url: &str) -> Settings {
    Settings {
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.to_owned()),
        ..Settings::default()
    }
}

/// The client the app builds for these settings.
async fn app_client(url: &str) -> Client {
    session::cognito_client(&settings(url))
        .await
        .expect("a client for cognito-local")
}

/// A pool whose schema adds `custom:team`.
type Pool = LocalPool;

impl Pool {
    async fn new() -> Self {
        let team = SchemaAttributeType::builder()
            .name("team")
            .attribute_data_type(AttributeDataType::String)
            .mutable(true)
            .build();
        LocalPool::create("self-service", vec![team]).await
    }

    async fn alice(&self) {
        self.user(USERNAME, Some(PASSWORD), ALICE).await;
    }

    /// The user's attributes as the admin API reads them.
    async fn stored(&self, username: &str) -> BTreeMap<String, String> {
        let user = self
            .admin
            .admin_get_user()
            .user_pool_id(&self.id)
            .username(username)
            .send()
            .await
            .expect("AdminGetUser");
        user.user_attributes()
            .iter()
            .map(|a| {
                (
                    a.name().to_owned(),
                    a.value().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    async fn sign_in(&self, password: &str) -> Result<AccessToken, SignInError> {
        let password = Secret::new(password);
        signin::sign_in(
            &app_client(&self.url).await,
            SignIn {
                client_id: &self.client_id,
                username: USERNAME,
                password: &password,
                client_secret: None,
            },
        )
        .await
    }

    async fn token(&self) -> AccessToken {
        self.sign_in(PASSWORD).await.expect("alice signs in")
    }

    /// What `cognito-tui me --access-token-file FILE` builds, with `token` in the file.
    async fn connect_with_token(
        &self,
        token: &AccessToken,
        read_only: bool,
    ) -> Result<Connected, SelfServiceError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, format!("{}\n", token.expose_secret())).unwrap();
        let args = MeArgs {
            client_id: None,
            username: None,
            password_env: None,
            client_secret_env: None,
            access_token_file: Some(path),
        };
        let settings = Settings {
            read_only,
            ..settings(&self.url)
        };
        selfservice::connect(&settings, &args).await
    }
}

const ALICE: &[(&str, &str)] = &[
    ("email", "alice@example.com"),
    ("given_name", "Alice"),
    ("family_name", "Liddell"),
    ("locale", "en-GB"),
    ("zoneinfo", "Europe/London"),
    ("nickname", "al"),
    ("custom:team", "blue"),
];

/// The same token with its claims changed and re-encoded (the signature no longer matches,
/// which cognito-local does not check).
fn recoded(
    token: &AccessToken,
    change: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> AccessToken {
    let parts: Vec<&str> = token.expose_secret().split('.').collect();
    assert_eq!(parts.len(), 3);
    let mut claims: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    change(claims.as_object_mut().unwrap());
    let payload = URL_SAFE_NO_PAD.encode(claims.to_string());
    AccessToken::new(format!("{}.{payload}.{}", parts[0], parts[2]))
}

fn names(user: &cognito_tui::directory::User) -> BTreeMap<String, String> {
    user.attributes()
        .iter()
        .map(|a| (a.name.to_owned(), a.value.to_owned()))
        .collect()
}

// ------------------------------------------------------------------ cognito-local --

#[tokio::test]
async fn signs_in_and_deletes_exactly_two_of_its_own_attributes() {
    let pool = Pool::new().await;
    pool.alice().await;
    let before = pool.stored(USERNAME).await;
    assert_eq!(before.get("custom:team").map(String::as_str), Some("blue"));

    let signed_in = SignedIn::new(pool.token().await).expect("a decodable token");
    let claims = signed_in.claims().clone();
    assert_eq!(claims.username, USERNAME);
    assert!(claims.has_scope(ADMIN_SCOPE), "scope: {}", claims.scope);
    assert_eq!(claims.token_use, "access");
    assert_eq!(claims.client_id, pool.client_id);
    assert_eq!(claims.sub, before["sub"]);
    assert_eq!(signed_in.pool_id(), pool.id);
    signed_in.check(token::now()).expect("a fresh token passes");

    let client = app_client(&pool.url).await;
    let signed_in = Arc::new(signed_in);
    let reader = SelfReader::new(client.clone(), signed_in.clone());
    let writer = SelfWriter::new(client, signed_in);

    let page = reader
        .list_users(ListUsersRequest::default())
        .await
        .unwrap();
    assert_eq!(
        page.users.len(),
        1,
        "the list holds the signed-in user only"
    );
    assert_eq!(page.users[0].username(), USERNAME);
    assert_eq!(page.next_token, None);
    assert_eq!(names(&page.users[0]), before);
    let described = reader.describe_pool().await.unwrap();
    assert_eq!(described.id, pool.id);
    assert_eq!(described.name, "self-service");
    assert!(described.schema.is_empty());

    writer
        .delete_attributes(USERNAME, &["locale".into(), "custom:team".into()])
        .await
        .expect("DeleteUserAttributes with the user's own token");

    let mut expected = before.clone();
    expected.remove("locale");
    expected.remove("custom:team");
    let mine = reader.get_user(USERNAME).await.unwrap();
    assert_eq!(names(&mine), expected, "GetUser through SelfReader");
    assert_eq!(pool.stored(USERNAME).await, expected, "AdminGetUser");
    assert_eq!(mine.mfa(), Some(&[][..]));

    // Undo puts a value back with UpdateUserAttributes and the same token.
    writer
        .update_attributes(
            USERNAME,
            &[cognito_tui::directory::Attribute::new("locale", "en-GB")],
        )
        .await
        .expect("UpdateUserAttributes with the user's own token");
    expected.insert("locale".into(), "en-GB".into());
    assert_eq!(pool.stored(USERNAME).await, expected);
}

#[tokio::test]
async fn the_app_marks_reviews_and_deletes_through_the_worker() {
    let pool = Pool::new().await;
    pool.alice().await;
    let connected = pool
        .connect_with_token(&pool.token().await, false)
        .await
        .unwrap();
    assert!(connected.access.writer().is_some());
    assert_eq!(connected.session.pool_id, pool.id);
    assert_eq!(connected.session.region, "us-east-1");
    let profile = connected.session.profile.clone().unwrap();
    assert!(profile.starts_with("me: alice (expires "), "{profile}");

    let (mut app, worker, mut responses) =
        worker_and_app(connected.access, connected.session).await;
    assert_eq!(app.list.users.len(), 1);
    assert_eq!(app.shown_user().unwrap().username(), USERNAME);

    // `sub` is refused at mark time even without a schema.
    select(&mut app, &worker, &mut responses, "sub").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    assert!(app.detail.marks.is_empty());

    select(&mut app, &worker, &mut responses, "nickname").await;
    press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    assert_eq!(app.detail.marks, BTreeSet::from(["nickname".to_owned()]));
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;

    assert_eq!(
        app.outcomes.get(USERNAME),
        Some(&Outcome::Deleted(vec!["nickname".into()]))
    );
    let stored = pool.stored(USERNAME).await;
    assert!(!stored.contains_key("nickname"));
    assert_eq!(stored.len(), ALICE.len(), "the others (and sub) are kept");
    assert!(!names(app.shown_user().unwrap()).contains_key("nickname"));
}

#[tokio::test]
async fn a_sign_in_whose_user_was_deleted_asks_to_sign_in_again() {
    let pool = Pool::new().await;
    pool.alice().await;
    let signed_in = Arc::new(SignedIn::new(pool.token().await).unwrap());
    let client = app_client(&pool.url).await;
    let reader = SelfReader::new(client.clone(), signed_in.clone());
    let writer = SelfWriter::new(client, signed_in);
    pool.admin
        .admin_delete_user()
        .user_pool_id(&pool.id)
        .username(USERNAME)
        .send()
        .await
        .expect("AdminDeleteUser");
    // Not "deleted since the list was loaded (press r to refresh)": r cannot bring it back.
    let error = reader
        .list_users(ListUsersRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, DirectoryError::SignInRejected { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("cognito-tui me again"),
        "{error}"
    );
    let error = reader.get_user(USERNAME).await.unwrap_err();
    assert!(
        matches!(error, DirectoryError::SignInRejected { .. }),
        "{error:?}"
    );
    let error = writer
        .delete_attributes(USERNAME, &["locale".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(error, DirectoryError::SignInRejected { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_read_only_session_builds_no_writer() {
    let pool = Pool::new().await;
    pool.alice().await;
    let connected = pool
        .connect_with_token(&pool.token().await, true)
        .await
        .unwrap();
    assert!(connected.access.writer().is_none());
    assert!(connected.session.read_only);
}

#[tokio::test]
async fn a_client_with_a_secret_signs_in_with_the_secret_hash() {
    // cognito-local does not verify SECRET_HASH; its value is checked against known vectors
    // in signin.rs. This shows the request is accepted with it.
    let pool = Pool::new().await;
    pool.alice().await;
    let password = Secret::new(PASSWORD);
    let secret = Secret::new(pool.client_secret.clone());
    let token = signin::sign_in(
        &app_client(&pool.url).await,
        SignIn {
            client_id: &pool.secret_client_id,
            username: USERNAME,
            password: &password,
            client_secret: Some(&secret),
        },
    )
    .await
    .expect("sign-in with SECRET_HASH");
    let claims = token::decode(&token).unwrap();
    assert_eq!(claims.client_id, pool.secret_client_id);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_gives_the_wrong_password_message() {
    let pool = Pool::new().await;
    pool.alice().await;
    let wrong = "Not-The-Password-42";
    let error = pool.sign_in(wrong).await.unwrap_err();
    assert!(matches!(error, SignInError::Refused { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("Sign-in refused: the username or password is wrong"),
        "{message}"
    );
    assert!(!message.contains(wrong));

    let password = Secret::new(PASSWORD);
    let client = app_client(&pool.url).await;
    let nobody = signin::sign_in(
        &client,
        SignIn {
            client_id: &pool.client_id,
            username: "nobody",
            password: &password,
            client_secret: None,
        },
    )
    .await
    .unwrap_err();
    assert!(matches!(nobody, SignInError::Refused { .. }), "{nobody:?}");

    let unknown_client = signin::sign_in(
        &client,
        SignIn {
            client_id: "nosuchclient0000000000000",
            username: USERNAME,
            password: &password,
            client_secret: None,
        },
    )
    .await
    .unwrap_err();
    assert!(
        unknown_client
            .to_string()
            .contains("no app client nosuchclient0000000000000"),
        "{unknown_client}"
    );
}

#[tokio::test]
async fn a_user_who_must_set_a_new_password_gets_the_challenge_named() {
    let pool = Pool::new().await;
    pool.user(USERNAME, None, &[("email", "alice@example.com")])
        .await;
    let error = pool.sign_in("Temporary-Pa55word").await.unwrap_err();
    assert_eq!(
        error,
        SignInError::UnsupportedChallenge {
            challenge: "NEW_PASSWORD_REQUIRED".into()
        }
    );
    assert!(
        error.to_string().starts_with(
            "The sign-in needs NEW_PASSWORD_REQUIRED, which cognito-tui does not handle; complete it elsewhere"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn an_expired_token_is_refused_before_any_call() {
    let pool = Pool::new().await;
    pool.alice().await;
    let before = pool.stored(USERNAME).await;
    let token = pool.token().await;
    let expired = recoded(&token, |claims| {
        claims.insert("exp".into(), json!(token::now() - 600));
    });

    // cognito-local itself accepts it: only our check stands in the way.
    let raw = pool
        .admin
        .get_user()
        .access_token(expired.expose_secret())
        .send()
        .await;
    assert!(
        raw.is_ok(),
        "cognito-local no longer accepts expired tokens"
    );

    // At start: refused with its own message, nothing built.
    let error = pool
        .connect_with_token(&expired, false)
        .await
        .err()
        .unwrap();
    assert!(
        matches!(error, SelfServiceError::Token(TokenError::Expired { .. })),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with("the access token expired at "),
        "{message}"
    );
    assert!(
        message.ends_with("; run cognito-tui me again to sign in"),
        "{message}"
    );

    // During a session: every call refuses before it is sent.
    let client = app_client(&pool.url).await;
    let signed_in = Arc::new(SignedIn::new(expired).unwrap());
    let reader = SelfReader::new(client.clone(), signed_in.clone());
    let writer = SelfWriter::new(client, signed_in);
    let results = [
        reader.list_users(ListUsersRequest::default()).await.err(),
        reader.get_user(USERNAME).await.err(),
        reader.describe_pool().await.err(),
        writer
            .delete_attributes(USERNAME, &["locale".into()])
            .await
            .err(),
    ];
    for error in results {
        let error = error.expect("an expired sign-in fails");
        assert!(
            matches!(error, DirectoryError::SignInExpired { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.starts_with("Your sign-in expired at "), "{message}");
        assert!(
            message.contains("run cognito-tui me again to sign in"),
            "{message}"
        );
    }
    // The server would have deleted it: nothing was sent.
    assert_eq!(pool.stored(USERNAME).await, before);
}

#[tokio::test]
async fn a_token_without_the_admin_scope_or_of_the_wrong_kind_is_refused() {
    let pool = Pool::new().await;
    pool.alice().await;
    let token = pool.token().await;
    let narrow = recoded(&token, |claims| {
        claims.insert("scope".into(), json!("openid email"));
    });
    let error = pool.connect_with_token(&narrow, false).await.err().unwrap();
    assert!(
        matches!(error, SelfServiceError::Token(TokenError::MissingScope)),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("lacks the scope aws.cognito.signin.user.admin")
    );

    // The ID token of the same sign-in.
    let auth = pool
        .admin
        .initiate_auth()
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .client_id(&pool.client_id)
        .auth_parameters("USERNAME", USERNAME)
        .auth_parameters("PASSWORD", PASSWORD)
        .send()
        .await
        .unwrap();
    let id_token = AccessToken::new(auth.authentication_result().unwrap().id_token().unwrap());
    let error = pool
        .connect_with_token(&id_token, false)
        .await
        .err()
        .unwrap();
    assert!(error.to_string().contains("not an access token"), "{error}");

    let garbage = pool
        .connect_with_token(&AccessToken::new("not-a-token"), false)
        .await
        .err()
        .unwrap();
    assert!(garbage.to_string().contains("not a JWT"), "{garbage}");
}

#[tokio::test]
async fn a_token_of_another_pool_than_asked_is_refused() {
    let pool = Pool::new().await;
    pool.alice().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token");
    std::fs::write(&path, pool.token().await.expose_secret()).unwrap();
    let args = MeArgs {
        client_id: None,
        username: None,
        password_env: None,
        client_secret_env: None,
        access_token_file: Some(path),
    };
    let settings = Settings {
        pool_id: Some("us-east-1_Other1".into()),
        ..settings(&pool.url)
    };
    let error = selfservice::connect(&settings, &args).await.err().unwrap();
    assert!(
        matches!(error, SelfServiceError::PoolMismatch { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_token_of_another_pool_than_the_profiles_names_the_profile_not_the_flag() {
    let pool = Pool::new().await;
    pool.alice().await;
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, pool.token().await.expose_secret()).unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "default_profile = \"staff\"\n[profiles.staff]\npool_id = \"us-east-1_Other1\"\n",
    )
    .unwrap();
    let output = Process::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args(["me", "--access-token-file"])
        .arg(&token)
        .arg("--config")
        .arg(&config)
        .args(["--region", "us-east-1", "--endpoint-url", &pool.url])
        .arg("--log-file")
        .arg(dir.path().join("log"))
        .env("HOME", dir.path())
        .env_remove("COGNITO_TUI_POOL_ID")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("not us-east-1_Other1 (the pool of profile staff in the config file)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("pass --pool-id {}", pool.id)),
        "{stderr}"
    );
    assert!(!stderr.contains("leave --pool-id out"), "{stderr}");
}

// --------------------------------------------------------- the log holds no secret --

/// Where the child process of the test below writes its log; set only in that child.
const CHILD_LOG: &str = "COGNITO_TUI_TEST_LOG_FILE";

/// Runs a whole session in a child process (this same test, in a process of its own, so it has
/// its own global logger at trace level) and then searches the log it wrote for the passwords,
/// the client secret and any JWT.
#[tokio::test]
async fn the_log_holds_no_token_password_or_secret() {
    if let Some(log) = std::env::var_os(CHILD_LOG) {
        return child_session(log.into()).await;
    }
    let url = cognito_local_url();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("cognito-tui.log");
    let output = Process::new(std::env::current_exe().unwrap())
        .args([
            "the_log_holds_no_token_password_or_secret",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("COGNITO_TUI_COGNITO_LOCAL_URL", &url)
        .env("COGNITO_TUI_LOG", "trace")
        .env(CHILD_LOG, &log)
        .env("COGNITO_TUI_TEST_PASSWORD", PASSWORD)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the child session failed:\n{stdout}\n{stderr}"
    );
    let text = std::fs::read_to_string(&log).expect("the child wrote a log");
    assert!(!text.contains(PASSWORD), "the password is in the log");
    assert!(!text.contains("eyJ"), "something JWT-like is in the log");
}

/// The session the child process runs, logging to `log`, which it then searches itself too.
async fn child_session(log: PathBuf) {
    cognito_tui::logging::init(&log).expect("logging starts");
    let pool = Pool::new().await;
    pool.alice().await;
    let client = app_client(&pool.url).await;

    // Signing in through the entry point: the password from the environment.
    let args = MeArgs {
        client_id: Some(pool.client_id.clone()),
        username: Some(USERNAME.into()),
        password_env: Some("COGNITO_TUI_TEST_PASSWORD".into()),
        client_secret_env: None,
        access_token_file: None,
    };
    let connected = selfservice::connect(&settings(&pool.url), &args)
        .await
        .expect("sign-in through the entry point");
    let (mut app, worker, mut responses) =
        worker_and_app(connected.access, connected.session).await;
    for name in ["locale", "zoneinfo"] {
        select(&mut app, &worker, &mut responses, name).await;
        press_settled(&mut app, &worker, &mut responses, Action::ToggleMark).await;
    }
    press_settled(&mut app, &worker, &mut responses, Action::Review).await;
    press_settled(&mut app, &worker, &mut responses, Action::Confirm).await;
    assert!(matches!(
        app.outcomes.get(USERNAME),
        Some(Outcome::Deleted(_))
    ));

    // A token we know, a secret client, a wrong password, an expired token.
    let secret = Secret::new(pool.client_secret.clone());
    let password = Secret::new(PASSWORD);
    let token = signin::sign_in(
        &client,
        SignIn {
            client_id: &pool.secret_client_id,
            username: USERNAME,
            password: &password,
            client_secret: Some(&secret),
        },
    )
    .await
    .unwrap();
    let wrong = "Wrong-Guess-99";
    pool.sign_in(wrong).await.unwrap_err();
    let expired = recoded(&token, |c| {
        c.insert("exp".into(), json!(1));
    });
    let signed_in = Arc::new(SignedIn::new(expired.clone()).unwrap());
    let (_app, _worker, _responses) = worker_and_app(
        cognito_tui::directory::Access::ReadOnly {
            reader: Arc::new(SelfReader::new(client.clone(), signed_in)),
        },
        cognito_tui::app::Session {
            pool_id: pool.id.clone(),
            region: "us-east-1".into(),
            profile: None,
            read_only: true,
            self_service: true,
        },
    )
    .await;
    tracing::info!("the child session is done");

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("self-service session starting"), "{text}");
    assert!(text.contains("attributes deleted"), "{text}");
    assert!(text.contains("InitiateAuth failed"), "{text}");
    assert!(text.contains("expired"), "{text}");
    let hash = signin::secret_hash(&secret, USERNAME, &pool.secret_client_id);
    let mut secrets = vec![
        PASSWORD.to_owned(),
        wrong.to_owned(),
        pool.client_secret.clone(),
        hash,
    ];
    for t in [&token, &expired] {
        secrets.push(t.expose_secret().to_owned());
        secrets.extend(t.expose_secret().split('.').map(str::to_owned));
    }
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "a secret is in the log");
    }
    assert!(!text.contains("eyJ"), "something JWT-like is in the log");
    println!(
        "searched {} log lines for {} secrets",
        text.lines().count(),
        secrets.len()
    );
}

// ---------------------------------------------------------------- app + worker ---

/// Focus the attribute pane and put the cursor on the attribute called `name`.
async fn select(
    app: &mut App,
    worker: &Worker,
    responses: &mut UnboundedReceiver<Response>,
    name: &str,
) {
    if app.focus != Focus::Attributes {
        press_settled(app, worker, responses, Action::SwitchPane).await;
    }
    press_settled(app, worker, responses, Action::Top).await;
    let index = app
        .shown_user()
        .unwrap()
        .attributes()
        .iter()
        .position(|a| a.name == name)
        .unwrap_or_else(|| panic!("alice has no {name}"));
    while app.detail.cursor.selected < index {
        press_settled(app, worker, responses, Action::MoveDown).await;
    }
}

// ------------------------------------------------------- aws-smithy-mocks answers --

/// A valid, unexpired token of the shape Cognito issues.
fn good_token() -> Arc<SignedIn> {
    let token = token::unsigned_jwt(&json!({
        "sub": "3c1a7f8e-1111-4222-8333-944445555666",
        "token_use": "access",
        "scope": ADMIN_SCOPE,
        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Mocked1",
        "exp": token::now() + 3600,
        "client_id": "mockclient",
        "username": USERNAME,
    }));
    let signed_in = SignedIn::new(token).unwrap();
    signed_in.check(token::now()).unwrap();
    Arc::new(signed_in)
}

const CODES: [&str; 3] = [
    "PasswordResetRequiredException",
    "UserNotConfirmedException",
    "ForbiddenException",
];

fn initiate_auth_error(code: &str) -> InitiateAuthError {
    modeled_by_code!(
        code,
        InitiateAuthError {
            PasswordResetRequiredException,
            UserNotConfirmedException,
            ForbiddenException,
            NotAuthorizedException,
        }
    )
}

fn get_user_error(code: &str) -> GetUserError {
    modeled_by_code!(
        code,
        GetUserError {
            PasswordResetRequiredException,
            UserNotConfirmedException,
            ForbiddenException,
            NotAuthorizedException,
        }
    )
}

fn delete_error(code: &str) -> DeleteUserAttributesError {
    modeled_by_code!(
        code,
        DeleteUserAttributesError {
            PasswordResetRequiredException,
            UserNotConfirmedException,
            ForbiddenException,
            NotAuthorizedException,
        }
    )
}

async fn mocked_sign_in(rule: &Rule) -> Result<AccessToken, SignInError> {
    let password = Secret::new(PASSWORD);
    signin::sign_in(
        &mocked_client(&[rule]),
        SignIn {
            client_id: "mockclient",
            username: USERNAME,
            password: &password,
            client_secret: None,
        },
    )
    .await
}

#[tokio::test]
async fn sign_in_failures_each_have_their_own_message() {
    let expected = [
        ("PasswordResetRequiredException", "password reset"),
        ("UserNotConfirmedException", "not confirmed their account"),
        ("ForbiddenException", "web ACL"),
        ("NotAuthorizedException", "username or password is wrong"),
    ];
    let mut messages = HashSet::new();
    for (code, words) in expected {
        let rule = mock!(Client::initiate_auth).then_error(move || initiate_auth_error(code));
        let error = mocked_sign_in(&rule).await.unwrap_err();
        assert_eq!(rule.num_calls(), 1);
        let message = error.to_string();
        assert!(message.contains(words), "{code}: {message}");
        assert_eq!(
            error.detail(),
            DETAIL,
            "{code}: the server's words kept for the log"
        );
        assert!(messages.insert(message), "{code} shares a message");
    }
}

#[tokio::test]
async fn a_challenge_is_named_not_answered() {
    for (challenge, name) in [
        (
            ChallengeNameType::NewPasswordRequired,
            "NEW_PASSWORD_REQUIRED",
        ),
        (ChallengeNameType::SmsMfa, "SMS_MFA"),
        (ChallengeNameType::SoftwareTokenMfa, "SOFTWARE_TOKEN_MFA"),
        (ChallengeNameType::SelectMfaType, "SELECT_MFA_TYPE"),
    ] {
        let rule = mock!(Client::initiate_auth).then_output(move || {
            InitiateAuthOutput::builder()
                .challenge_name(challenge.clone())
                .session("opaque-session")
                .build()
        });
        let error = mocked_sign_in(&rule).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "The sign-in needs {name}, which cognito-tui does not handle; complete it \
                 elsewhere (for example in the app's own sign-in page), then sign in again or \
                 pass --access-token-file."
            )
        );
    }
    // Neither tokens nor a challenge.
    let rule = mock!(Client::initiate_auth).then_output(|| InitiateAuthOutput::builder().build());
    assert_eq!(mocked_sign_in(&rule).await, Err(SignInError::NoToken));
}

#[tokio::test]
async fn get_user_and_delete_errors_each_have_their_own_message() {
    let expected = |error: &DirectoryError, code: &str| match code {
        "PasswordResetRequiredException" => {
            matches!(error, DirectoryError::PasswordResetRequired { .. })
        }
        "UserNotConfirmedException" => matches!(error, DirectoryError::UserNotConfirmed { .. }),
        "ForbiddenException" => matches!(error, DirectoryError::Forbidden { .. }),
        "NotAuthorizedException" => matches!(error, DirectoryError::SignInRejected { .. }),
        _ => false,
    };
    let codes = CODES.into_iter().chain(["NotAuthorizedException"]);
    let mut messages = HashSet::new();
    for code in codes {
        let rule = mock!(Client::get_user).then_error(move || get_user_error(code));
        let reader = SelfReader::new(mocked_client(&[&rule]), good_token());
        let error = reader.get_user(USERNAME).await.unwrap_err();
        assert!(expected(&error, code), "GetUser {code}: {error:?}");
        assert_eq!(error.detail(), DETAIL);
        messages.insert(error.to_string());
        // The list is read with GetUser too.
        let error = reader
            .list_users(ListUsersRequest::default())
            .await
            .unwrap_err();
        assert!(expected(&error, code), "GetUser (list) {code}: {error:?}");

        let rule = mock!(Client::delete_user_attributes).then_error(move || delete_error(code));
        let writer = SelfWriter::new(mocked_client(&[&rule]), good_token());
        let error = writer
            .delete_attributes(USERNAME, &["locale".into()])
            .await
            .unwrap_err();
        assert!(
            expected(&error, code),
            "DeleteUserAttributes {code}: {error:?}"
        );
        assert_eq!(rule.num_calls(), 1);
        messages.insert(error.to_string());
    }
    assert_eq!(
        messages.len(),
        4,
        "four codes, four messages: {messages:#?}"
    );
}

#[tokio::test]
async fn a_plan_for_another_user_is_never_sent() {
    let rule = mock!(Client::delete_user_attributes).then_output(|| {
        aws_sdk_cognitoidentityprovider::operation::delete_user_attributes::DeleteUserAttributesOutput::builder().build()
    });
    let writer = SelfWriter::new(mocked_client(&[&rule]), good_token());
    let error = writer
        .delete_attributes("bob", &["locale".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(error, DirectoryError::UserNotFound { .. }),
        "{error:?}"
    );
    assert_eq!(rule.num_calls(), 0);

    let rule = mock!(Client::get_user).then_output(|| {
        GetUserOutput::builder()
            .username(USERNAME)
            .user_attributes(
                AttributeType::builder()
                    .name("locale")
                    .value("en")
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap()
    });
    let reader = SelfReader::new(mocked_client(&[&rule]), good_token());
    assert!(reader.get_user("bob").await.is_err());
    let filtered = reader
        .list_users(ListUsersRequest {
            filter: Some(r#"username = "bob""#.into()),
            ..ListUsersRequest::default()
        })
        .await
        .unwrap();
    assert!(filtered.users.is_empty());
    let next = reader
        .list_users(ListUsersRequest {
            token: Some("next".into()),
            ..ListUsersRequest::default()
        })
        .await
        .unwrap();
    assert!(next.users.is_empty() && next.next_token.is_none());
}
