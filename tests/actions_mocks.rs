//! What `AwsWriter::apply` and the sign-in history read send and how their answers map, over a
//! client mocked with aws-smithy-mocks: the parameters moto does not check (MessageAction, the
//! Permanent flag, the MFA settings), the call moto lacks (AdminListUserAuthEvents), and errors
//! moto cannot be made to answer (UserPoolAddOnNotEnabled, UnsupportedUserState).

mod sdk_mocks;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::operation::admin_add_user_to_group::AdminAddUserToGroupError;
use aws_sdk_cognitoidentityprovider::operation::admin_create_user::{
    AdminCreateUserError, AdminCreateUserOutput,
};
use aws_sdk_cognitoidentityprovider::operation::admin_list_user_auth_events::{
    AdminListUserAuthEventsError, AdminListUserAuthEventsOutput,
};
use aws_sdk_cognitoidentityprovider::operation::admin_set_user_mfa_preference::AdminSetUserMfaPreferenceOutput;
use aws_sdk_cognitoidentityprovider::operation::admin_set_user_password::AdminSetUserPasswordOutput;
use aws_sdk_cognitoidentityprovider::primitives::DateTime;
use aws_sdk_cognitoidentityprovider::types::error::{
    ResourceNotFoundException, UnsupportedUserStateException, UserPoolAddOnNotEnabledException,
};
use aws_sdk_cognitoidentityprovider::types::{
    AuthEventType, DeliveryMediumType, EventContextDataType, EventResponseType, EventRiskType,
    EventType, MessageActionType, RiskLevelType,
};
use aws_smithy_mocks::mock;
use cognito_tui::change::{AccountAction, Secret};
use cognito_tui::directory::{DirectoryError, DirectoryReader, DirectoryWriter};
use sdk_mocks::{POOL, modeled, reader, writer};

fn event(id: &str, kind: EventType, response: EventResponseType) -> AuthEventType {
    AuthEventType::builder()
        .event_id(id)
        .event_type(kind)
        .event_response(response)
        .creation_date(DateTime::from_secs(1_765_000_000))
        .build()
}

#[tokio::test]
async fn sign_in_history_maps_each_event_and_reads_the_next_page() {
    let first = mock!(Client::admin_list_user_auth_events)
        .match_requests(|r| r.next_token().is_none() && r.username() == Some("jo"))
        .then_output(|| {
            AdminListUserAuthEventsOutput::builder()
                .auth_events(
                    AuthEventType::builder()
                        .event_id("e1")
                        .event_type(EventType::SignIn)
                        .event_response(EventResponseType::Fail)
                        .creation_date(DateTime::from_secs(1_765_000_100))
                        .event_risk(
                            EventRiskType::builder()
                                .risk_level(RiskLevelType::High)
                                .build(),
                        )
                        .event_context_data(
                            EventContextDataType::builder()
                                .ip_address("203.0.113.9")
                                .device_name("Firefox, Linux")
                                .city("Leeds")
                                .country("United Kingdom")
                                .build(),
                        )
                        .build(),
                )
                .next_token("page-2")
                .build()
        });
    let second = mock!(Client::admin_list_user_auth_events)
        .match_requests(|r| r.next_token() == Some("page-2"))
        .then_output(|| {
            AdminListUserAuthEventsOutput::builder()
                .auth_events(event(
                    "e0",
                    EventType::ForgotPassword,
                    EventResponseType::Pass,
                ))
                .build()
        });
    let events = reader(&[&first, &second])
        .auth_events("jo")
        .await
        .expect("the mocked history");
    assert_eq!(events.len(), 2);
    let e1 = &events[0];
    assert_eq!(e1.event_id, "e1");
    assert_eq!(e1.event_type, "SignIn");
    assert_eq!(e1.response, "Fail");
    assert_eq!(e1.created, Some(1_765_000_100));
    assert_eq!(e1.risk_level.as_deref(), Some("High"));
    assert_eq!(e1.ip_address.as_deref(), Some("203.0.113.9"));
    assert_eq!(e1.device.as_deref(), Some("Firefox, Linux"));
    assert_eq!(e1.city.as_deref(), Some("Leeds"));
    assert_eq!(e1.country.as_deref(), Some("United Kingdom"));
    assert_eq!(events[1].event_type, "ForgotPassword");
    assert_eq!(events[1].risk_level, None);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn sign_in_history_stops_at_the_recent_120() {
    let page = mock!(Client::admin_list_user_auth_events).then_output(|| {
        AdminListUserAuthEventsOutput::builder()
            .set_auth_events(Some(
                (0..60)
                    .map(|i| event(&format!("e{i}"), EventType::SignIn, EventResponseType::Pass))
                    .collect(),
            ))
            .next_token("always-more")
            .build()
    });
    let events = reader(&[&page]).auth_events("jo").await.expect("history");
    assert_eq!(events.len(), 120);
    assert_eq!(page.num_calls(), 2);
}

#[tokio::test]
async fn a_pool_without_threat_protection_says_so_in_one_sentence() {
    let rule = mock!(Client::admin_list_user_auth_events).then_error(|| {
        modeled!(
            AdminListUserAuthEventsError::UserPoolAddOnNotEnabledException,
            "Advanced security features are not enabled for this user pool."
        )
    });
    let err = reader(&[&rule])
        .auth_events("jo")
        .await
        .expect_err("no threat protection");
    assert!(
        matches!(err, DirectoryError::ThreatProtectionOff { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Sign-in history needs threat protection (advanced security) on this pool."
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn set_password_sends_the_password_and_the_permanent_flag() {
    for permanent in [true, false] {
        let rule = mock!(Client::admin_set_user_password)
            .match_requests(move |r| {
                r.user_pool_id() == Some(POOL)
                    && r.username() == Some("jo")
                    && r.password() == Some("Correct-Horse-7")
                    && r.permanent() == Some(permanent)
            })
            .then_output(|| AdminSetUserPasswordOutput::builder().build());
        writer(&[&rule])
            .apply(
                "jo",
                &AccountAction::SetPassword {
                    password: Secret::new("Correct-Horse-7"),
                    permanent,
                },
            )
            .await
            .expect("the password is set");
        assert_eq!(rule.num_calls(), 1, "permanent {permanent}");
    }
}

#[tokio::test]
async fn resend_invitation_sends_message_action_resend_and_no_attributes() {
    let rule = mock!(Client::admin_create_user)
        .match_requests(|r| {
            r.message_action() == Some(&MessageActionType::Resend)
                && r.username() == Some("jo")
                && r.user_attributes().is_empty()
                && r.temporary_password().is_none()
        })
        .then_output(|| AdminCreateUserOutput::builder().build());
    writer(&[&rule])
        .apply("jo", &AccountAction::ResendInvitation)
        .await
        .expect("resent");
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn create_user_suppresses_the_message_unless_an_invitation_is_asked_for() {
    let create = |send_invitation| AccountAction::CreateUser {
        attributes: vec![("email".into(), "new@example.com".into())],
        temporary_password: Some(Secret::new("Temp-Pass-1")),
        send_invitation,
    };
    let suppressed = mock!(Client::admin_create_user)
        .match_requests(|r| {
            r.message_action() == Some(&MessageActionType::Suppress)
                && r.desired_delivery_mediums().is_empty()
                && r.temporary_password() == Some("Temp-Pass-1")
                && matches!(r.user_attributes(), [a]
                    if a.name() == "email" && a.value() == Some("new@example.com"))
        })
        .then_output(|| AdminCreateUserOutput::builder().build());
    writer(&[&suppressed])
        .apply("new", &create(false))
        .await
        .expect("created quietly");
    assert_eq!(suppressed.num_calls(), 1);

    let invited = mock!(Client::admin_create_user)
        .match_requests(|r| {
            r.message_action().is_none()
                && r.desired_delivery_mediums() == [DeliveryMediumType::Email]
        })
        .then_output(|| AdminCreateUserOutput::builder().build());
    writer(&[&invited])
        .apply("new", &create(true))
        .await
        .expect("created and invited");
    assert_eq!(invited.num_calls(), 1);
}

#[tokio::test]
async fn reset_mfa_turns_off_sms_and_totp_and_prefers_neither() {
    let rule = mock!(Client::admin_set_user_mfa_preference)
        .match_requests(|r| {
            let sms = r.sms_mfa_settings();
            let totp = r.software_token_mfa_settings();
            sms.is_some_and(|s| !s.enabled() && !s.preferred_mfa())
                && totp.is_some_and(|t| !t.enabled() && !t.preferred_mfa())
        })
        .then_output(|| AdminSetUserMfaPreferenceOutput::builder().build());
    writer(&[&rule])
        .apply("jo", &AccountAction::ResetMfa)
        .await
        .expect("MFA off");
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn resend_to_a_confirmed_user_is_unsupported_user_state() {
    let rule = mock!(Client::admin_create_user).then_error(|| {
        modeled!(
            AdminCreateUserError::UnsupportedUserStateException,
            "User is already confirmed."
        )
    });
    let err = writer(&[&rule])
        .apply("jo", &AccountAction::ResendInvitation)
        .await
        .expect_err("a confirmed user");
    assert_eq!(
        err.to_string(),
        "The user's state does not allow this: User is already confirmed."
    );
}

#[tokio::test]
async fn cognitos_group_not_found_names_the_group_and_a_missing_pool_stays_the_pool() {
    let group = mock!(Client::admin_add_user_to_group).then_error(|| {
        modeled!(
            AdminAddUserToGroupError::ResourceNotFoundException,
            "Group not found."
        )
    });
    let err = writer(&[&group])
        .apply(
            "jo",
            &AccountAction::AddToGroup {
                group: "support".into(),
            },
        )
        .await
        .expect_err("no such group");
    assert_eq!(
        err,
        DirectoryError::GroupNotFound {
            group: "support".into()
        }
    );

    let pool = mock!(Client::admin_add_user_to_group).then_error(|| {
        modeled!(
            AdminAddUserToGroupError::ResourceNotFoundException,
            "User pool us-east-1_Mocked123 does not exist."
        )
    });
    let err = writer(&[&pool])
        .apply(
            "jo",
            &AccountAction::AddToGroup {
                group: "support".into(),
            },
        )
        .await
        .expect_err("no such pool");
    assert!(
        matches!(err, DirectoryError::ResourceNotFound { .. }),
        "{err:?}"
    );
}
