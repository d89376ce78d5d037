//! Every account action through `AwsWriter::apply` against moto, through the real SDK client:
//! each one changes what AdminGetUser, AdminListGroupsForUser or a sign-in then answer. The
//! groups and sign-in history reads (`AwsReader::list_all_groups`, `auth_events`) too.
//!
//! Needs moto: run through `scripts/test.sh`
//! (`COGNITO_TUI_SKIP_LINTS=1 COGNITO_TUI_TEST_CMD='cargo test --test actions_moto' scripts/test.sh`).
//! Each test makes its own pool. Calls moto lacks (AdminListUserAuthEvents) are tested with
//! aws-smithy-mocks in `tests/actions_mocks.rs`.

mod moto_pool;

use aws_sdk_cognitoidentityprovider::types::{AttributeType, AuthFlowType, ExplicitAuthFlowsType};
use cognito_tui::change::{AccountAction, Secret};
use cognito_tui::directory::{DirectoryError, DirectoryReader, DirectoryWriter};
use moto_pool::Pool;

/// A password moto's default policy accepts (upper, lower, digit, symbol).
const PASSWORD: &str = "Correct-Horse-7";

async fn pool_with_user(label: &str, username: &str) -> Pool {
    let pool = Pool::create(label).await;
    pool.create_user(username, &[("email", &format!("{username}@example.com"))])
        .await;
    pool
}

async fn apply(pool: &Pool, username: &str, action: AccountAction) {
    pool.writer()
        .apply(username, &action)
        .await
        .unwrap_or_else(|e| panic!("{} on {username}: {e} ({})", action.label(), e.detail()));
}

async fn enabled(pool: &Pool, username: &str) -> bool {
    pool.reader()
        .get_user(username)
        .await
        .expect("AdminGetUser")
        .enabled()
}

async fn status(pool: &Pool, username: &str) -> String {
    pool.reader()
        .get_user(username)
        .await
        .expect("AdminGetUser")
        .status()
        .to_owned()
}

async fn groups(pool: &Pool, username: &str) -> Vec<String> {
    pool.reader()
        .list_groups(username)
        .await
        .expect("AdminListGroupsForUser")
}

async fn create_group(pool: &Pool, name: &str, precedence: i32) {
    pool.client
        .create_group()
        .user_pool_id(&pool.id)
        .group_name(name)
        .description(format!("the {name} team"))
        .precedence(precedence)
        .send()
        .await
        .expect("CreateGroup");
}

/// An app client that signs in with a username and password from the admin API.
async fn admin_client(pool: &Pool) -> String {
    pool.client
        .create_user_pool_client()
        .user_pool_id(&pool.id)
        .client_name("tests")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("CreateUserPoolClient")
        .user_pool_client()
        .and_then(|c| c.client_id())
        .expect("a client id")
        .to_owned()
}

/// What a sign-in with `password` answers: `Ok(Some(refresh token))` when signed in,
/// `Ok(None)` when a challenge (a new password) is asked for, `Err` when refused.
async fn sign_in(
    pool: &Pool,
    client_id: &str,
    username: &str,
    password: &str,
) -> Result<Option<String>, String> {
    let output = pool
        .client
        .admin_initiate_auth()
        .user_pool_id(&pool.id)
        .client_id(client_id)
        .auth_flow(AuthFlowType::AdminUserPasswordAuth)
        .auth_parameters("USERNAME", username)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .map_err(|e| format!("{:?}", e.into_service_error()))?;
    Ok(output
        .authentication_result()
        .and_then(|r| r.refresh_token())
        .map(str::to_owned))
}

async fn refresh(pool: &Pool, client_id: &str, token: &str) -> bool {
    pool.client
        .admin_initiate_auth()
        .user_pool_id(&pool.id)
        .client_id(client_id)
        .auth_flow(AuthFlowType::RefreshTokenAuth)
        .auth_parameters("REFRESH_TOKEN", token)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn disable_then_enable_changes_enabled() {
    let pool = pool_with_user("act-disable", "jo").await;
    assert!(enabled(&pool, "jo").await);
    apply(&pool, "jo", AccountAction::Disable).await;
    assert!(!enabled(&pool, "jo").await);
    apply(&pool, "jo", AccountAction::Enable).await;
    assert!(enabled(&pool, "jo").await);
}

#[tokio::test]
async fn an_action_on_a_missing_user_is_user_not_found() {
    let pool = Pool::create("act-missing").await;
    for action in [
        AccountAction::Disable,
        AccountAction::GlobalSignOut,
        AccountAction::ConfirmSignUp,
        AccountAction::ResendInvitation,
        AccountAction::DeleteUser,
    ] {
        let err = pool
            .writer()
            .apply("nobody", &action)
            .await
            .expect_err(action.label());
        assert!(
            matches!(err, DirectoryError::UserNotFound { .. }),
            "{}: {err:?}",
            action.label()
        );
    }
}

#[tokio::test]
async fn add_to_group_then_remove_changes_the_users_groups() {
    let pool = pool_with_user("act-groups", "jo").await;
    create_group(&pool, "support", 1).await;
    create_group(&pool, "admins", 0).await;
    let support = || "support".to_owned();
    apply(&pool, "jo", AccountAction::AddToGroup { group: support() }).await;
    assert_eq!(groups(&pool, "jo").await, ["support"]);
    // Adding again is not an error: the bulk engine may retry a call whose answer was lost.
    apply(&pool, "jo", AccountAction::AddToGroup { group: support() }).await;
    assert_eq!(groups(&pool, "jo").await, ["support"]);
    apply(
        &pool,
        "jo",
        AccountAction::RemoveFromGroup { group: support() },
    )
    .await;
    assert!(groups(&pool, "jo").await.is_empty());
}

#[tokio::test]
async fn a_group_the_pool_lacks_is_named_in_the_error() {
    let pool = pool_with_user("act-nogroup", "jo").await;
    let err = pool
        .writer()
        .apply(
            "jo",
            &AccountAction::AddToGroup {
                group: "no-such-team".into(),
            },
        )
        .await
        .expect_err("a missing group");
    assert_eq!(
        err,
        DirectoryError::GroupNotFound {
            group: "no-such-team".into()
        }
    );
    assert!(
        err.to_string()
            .contains("Group no-such-team does not exist")
    );
}

#[tokio::test]
async fn list_all_groups_reads_every_page_with_descriptions_and_precedence() {
    let pool = Pool::create("act-listgroups").await;
    for i in 0..65 {
        create_group(&pool, &format!("team{i:02}"), i).await;
    }
    let groups = pool.reader().list_all_groups().await.expect("ListGroups");
    assert_eq!(groups.len(), 65, "two pages of at most 60");
    let team07 = groups.iter().find(|g| g.name == "team07").expect("team07");
    assert_eq!(team07.description.as_deref(), Some("the team07 team"));
    assert_eq!(team07.precedence, Some(7));
    let mut names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 65, "no group twice");
}

#[tokio::test]
async fn set_attributes_sets_values_and_verified_flags() {
    let pool = pool_with_user("act-setattr", "jo").await;
    apply(
        &pool,
        "jo",
        AccountAction::SetAttributes {
            attributes: vec![
                ("locale".into(), "fr-FR".into()),
                ("email".into(), "jo@new.example.com".into()),
                ("email_verified".into(), "true".into()),
            ],
        },
    )
    .await;
    let attributes = pool.server_attributes("jo").await;
    assert_eq!(attributes["locale"], "fr-FR");
    assert_eq!(attributes["email"], "jo@new.example.com");
    assert_eq!(attributes["email_verified"], "true");
}

#[tokio::test]
async fn delete_attributes_through_apply_removes_them() {
    let pool = pool_with_user("act-delattr", "jo").await;
    apply(
        &pool,
        "jo",
        AccountAction::SetAttributes {
            attributes: vec![("locale".into(), "fr-FR".into())],
        },
    )
    .await;
    apply(
        &pool,
        "jo",
        AccountAction::DeleteAttributes {
            names: vec!["locale".into()],
        },
    )
    .await;
    assert!(!pool.server_attributes("jo").await.contains_key("locale"));
}

#[tokio::test]
async fn set_password_permanent_signs_in_and_temporary_asks_for_a_new_one() {
    let pool = pool_with_user("act-setpw", "jo").await;
    let client_id = admin_client(&pool).await;
    apply(
        &pool,
        "jo",
        AccountAction::SetPassword {
            password: Secret::new(PASSWORD),
            permanent: true,
        },
    )
    .await;
    assert_eq!(status(&pool, "jo").await, "CONFIRMED");
    let token = sign_in(&pool, &client_id, "jo", PASSWORD).await;
    assert!(matches!(token, Ok(Some(_))), "{token:?}");

    apply(
        &pool,
        "jo",
        AccountAction::SetPassword {
            password: Secret::new("Other-Horse-8"),
            permanent: false,
        },
    )
    .await;
    assert_eq!(status(&pool, "jo").await, "FORCE_CHANGE_PASSWORD");
    assert!(sign_in(&pool, &client_id, "jo", PASSWORD).await.is_err());
    assert_eq!(
        sign_in(&pool, &client_id, "jo", "Other-Horse-8").await,
        Ok(None),
        "a temporary password asks for a new one"
    );
}

#[tokio::test]
async fn a_password_the_policy_refuses_is_invalid_password_without_the_password() {
    let pool = pool_with_user("act-weakpw", "jo").await;
    let err = pool
        .writer()
        .apply(
            "jo",
            &AccountAction::SetPassword {
                password: Secret::new("weakling"),
                permanent: true,
            },
        )
        .await
        .expect_err("a weak password");
    assert!(
        matches!(err, DirectoryError::InvalidPassword { .. }),
        "{err:?}"
    );
    assert!(!format!("{err} {err:?}").contains("weakling"));
}

#[tokio::test]
async fn global_sign_out_revokes_the_refresh_token() {
    let pool = pool_with_user("act-signout", "jo").await;
    let client_id = admin_client(&pool).await;
    apply(
        &pool,
        "jo",
        AccountAction::SetPassword {
            password: Secret::new(PASSWORD),
            permanent: true,
        },
    )
    .await;
    let token = sign_in(&pool, &client_id, "jo", PASSWORD)
        .await
        .expect("signed in")
        .expect("a refresh token");
    assert!(refresh(&pool, &client_id, &token).await);
    apply(&pool, "jo", AccountAction::GlobalSignOut).await;
    assert!(!refresh(&pool, &client_id, &token).await);
}

#[tokio::test]
async fn reset_password_makes_a_confirmed_user_reset_required() {
    let pool = pool_with_user("act-resetpw", "jo").await;
    // Cognito resets only a confirmed user with a verified email or phone to send the code to.
    apply(
        &pool,
        "jo",
        AccountAction::SetPassword {
            password: Secret::new(PASSWORD),
            permanent: true,
        },
    )
    .await;
    apply(
        &pool,
        "jo",
        AccountAction::SetAttributes {
            attributes: vec![("email_verified".into(), "true".into())],
        },
    )
    .await;
    apply(&pool, "jo", AccountAction::ResetPassword).await;
    assert_eq!(status(&pool, "jo").await, "RESET_REQUIRED");
}

#[tokio::test]
async fn confirm_sign_up_confirms_a_user_who_signed_up() {
    let pool = Pool::create("act-confirm").await;
    let client_id = admin_client(&pool).await;
    pool.client
        .sign_up()
        .client_id(&client_id)
        .username("jo")
        .password(PASSWORD)
        .user_attributes(
            AttributeType::builder()
                .name("email")
                .value("jo@example.com")
                .build()
                .expect("an attribute"),
        )
        .send()
        .await
        .expect("SignUp");
    assert_eq!(status(&pool, "jo").await, "UNCONFIRMED");
    apply(&pool, "jo", AccountAction::ConfirmSignUp).await;
    assert_eq!(status(&pool, "jo").await, "CONFIRMED");
}

#[tokio::test]
async fn reset_mfa_turns_sms_mfa_off_and_set_mfa_turns_it_back_on() {
    let pool = pool_with_user("act-mfa", "jo").await;
    pool.prefer_sms_mfa("jo").await;
    let before = pool.reader().get_user("jo").await.expect("AdminGetUser");
    assert_eq!(before.mfa(), Some(&["SMS_MFA".to_owned()][..]));
    apply(&pool, "jo", AccountAction::ResetMfa).await;
    let after = pool.reader().get_user("jo").await.expect("AdminGetUser");
    assert_eq!(after.mfa(), Some(&[][..]));
    // Undo of a reset: the methods journalled before it.
    apply(
        &pool,
        "jo",
        AccountAction::SetMfa {
            sms: true,
            totp: false,
        },
    )
    .await;
    let undone = pool.reader().get_user("jo").await.expect("AdminGetUser");
    assert_eq!(undone.mfa(), before.mfa());
}

#[tokio::test]
async fn create_user_with_attributes_and_a_temporary_password_then_delete_it() {
    let pool = Pool::create("act-create").await;
    let client_id = admin_client(&pool).await;
    let create = AccountAction::CreateUser {
        attributes: vec![
            ("email".into(), "new@example.com".into()),
            ("locale".into(), "en-GB".into()),
        ],
        temporary_password: Some(Secret::new(PASSWORD)),
        send_invitation: false,
    };
    apply(&pool, "newbie", create.clone()).await;
    let attributes = pool.server_attributes("newbie").await;
    assert_eq!(attributes["email"], "new@example.com");
    assert_eq!(attributes["locale"], "en-GB");
    assert_eq!(status(&pool, "newbie").await, "FORCE_CHANGE_PASSWORD");
    assert_eq!(
        sign_in(&pool, &client_id, "newbie", PASSWORD).await,
        Ok(None),
        "the temporary password works once, for a new one"
    );

    let again = pool
        .writer()
        .apply("newbie", &create)
        .await
        .expect_err("the username is taken");
    assert!(
        matches!(again, DirectoryError::UsernameExists { .. }),
        "{again:?}"
    );
    assert!(again.to_string().contains("already exists"));

    apply(&pool, "newbie", AccountAction::DeleteUser).await;
    let gone = pool.reader().get_user("newbie").await.expect_err("deleted");
    assert!(
        matches!(gone, DirectoryError::UserNotFound { .. }),
        "{gone:?}"
    );
}

#[tokio::test]
async fn create_user_with_an_invitation_is_accepted() {
    let pool = Pool::create("act-invite").await;
    apply(
        &pool,
        "invited",
        AccountAction::CreateUser {
            attributes: vec![("email".into(), "invited@example.com".into())],
            temporary_password: None,
            send_invitation: true,
        },
    )
    .await;
    assert_eq!(status(&pool, "invited").await, "FORCE_CHANGE_PASSWORD");
}

#[tokio::test]
async fn resend_invitation_is_accepted_for_an_invited_user() {
    let pool = pool_with_user("act-resend", "jo").await;
    apply(&pool, "jo", AccountAction::ResendInvitation).await;
    // moto re-creates the user on RESEND (see scripts/EMULATORS.md); Cognito keeps it as it was.
    assert_eq!(status(&pool, "jo").await, "FORCE_CHANGE_PASSWORD");
}

/// moto 5.2.5 has no AdminListUserAuthEvents: it answers an HTML page with status 500, which
/// is an internal error like any bare server fault. `tests/actions_mocks.rs` tests the call.
#[tokio::test]
async fn sign_in_history_is_a_server_fault_on_moto() {
    let pool = pool_with_user("act-events", "jo").await;
    let err = pool
        .reader()
        .auth_events("jo")
        .await
        .expect_err("moto 5.2.5 has no AdminListUserAuthEvents");
    assert!(
        matches!(err, DirectoryError::InternalError { .. }),
        "{err:?}"
    );
}
