//! How SDK failures become `DirectoryError`s, and which of them `RetryPolicy` tries again, over a
//! client mocked with aws-smithy-mocks: no server, no network.

mod sdk_mocks;

use std::collections::HashSet;
use std::mem::discriminant;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::http::HttpResponse;
use aws_sdk_cognitoidentityprovider::operation::admin_delete_user_attributes::{
    AdminDeleteUserAttributesError, AdminDeleteUserAttributesOutput,
};
use aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserError;
use aws_sdk_cognitoidentityprovider::operation::describe_user_pool::DescribeUserPoolError;
use aws_sdk_cognitoidentityprovider::operation::list_users::{ListUsersError, ListUsersOutput};
use aws_sdk_cognitoidentityprovider::types::UserType;
use aws_sdk_cognitoidentityprovider::types::error::{
    InternalErrorException, InvalidParameterException, NotAuthorizedException,
    ResourceNotFoundException, TooManyRequestsException, UserNotFoundException,
};
use aws_smithy_mocks::mock;
use cognito_tui::directory::{DirectoryError, DirectoryReader, DirectoryWriter, ListUsersRequest};
use cognito_tui::retry::RetryPolicy;
use sdk_mocks::{DETAIL, POOL, modeled, modeled_by_code, reader, writer};

/// A raw HTTP response with a status and a body, as it comes off the wire.
fn http(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(
        status.try_into().expect("a valid HTTP status"),
        body.to_owned().into(),
    )
}

/// A server fault with no error code at all: status 500, empty body.
fn bare_server_fault() -> HttpResponse {
    http(500, "")
}

fn one_user_page() -> ListUsersOutput {
    ListUsersOutput::builder()
        .users(UserType::builder().username("alice").build())
        .build()
}

/// The variant each documented error code must become, and words its status line must say.
fn expected(code: &str) -> (DirectoryError, &'static str) {
    let detail = DETAIL.to_owned();
    match code {
        "ResourceNotFoundException" => (
            DirectoryError::ResourceNotFound { detail },
            "user pool does not exist",
        ),
        "InvalidParameterException" => (
            DirectoryError::InvalidParameter { detail },
            "rejected the request as invalid",
        ),
        "NotAuthorizedException" => (DirectoryError::NotAuthorized { detail }, "Not authorized"),
        "TooManyRequestsException" => (DirectoryError::TooManyRequests { detail }, "throttling"),
        "UserNotFoundException" => (DirectoryError::UserNotFound { detail }, "User not found"),
        "InternalErrorException" => (DirectoryError::InternalError { detail }, "internal error"),
        _ => panic!("no expectation for {code}"),
    }
}

/// Checks one mapped error against its expectation and records its variant in `seen`.
fn check<T: std::fmt::Debug>(
    call: &str,
    code: &str,
    result: Result<T, DirectoryError>,
    seen: &mut HashSet<std::mem::Discriminant<DirectoryError>>,
) {
    let (want, words) = expected(code);
    let error = result.expect_err(call);
    assert_eq!(error, want, "{call} answered {code}");
    let message = error.to_string();
    assert!(message.contains(words), "{call} {code}: {message:?}");
    seen.insert(discriminant(&error));
}

const READ_CODES: [&str; 5] = [
    "ResourceNotFoundException",
    "InvalidParameterException",
    "NotAuthorizedException",
    "TooManyRequestsException",
    "InternalErrorException",
];

const DELETE_CODES: [&str; 6] = [
    "ResourceNotFoundException",
    "InvalidParameterException",
    "NotAuthorizedException",
    "TooManyRequestsException",
    "UserNotFoundException",
    "InternalErrorException",
];

fn list_users_error(code: &str) -> ListUsersError {
    modeled_by_code!(
        code,
        ListUsersError {
            ResourceNotFoundException,
            InvalidParameterException,
            NotAuthorizedException,
            TooManyRequestsException,
            InternalErrorException,
        }
    )
}

fn admin_get_user_error(code: &str) -> AdminGetUserError {
    modeled_by_code!(
        code,
        AdminGetUserError {
            ResourceNotFoundException,
            InvalidParameterException,
            NotAuthorizedException,
            TooManyRequestsException,
            UserNotFoundException,
            InternalErrorException,
        }
    )
}

fn describe_user_pool_error(code: &str) -> DescribeUserPoolError {
    modeled_by_code!(
        code,
        DescribeUserPoolError {
            ResourceNotFoundException,
            InvalidParameterException,
            NotAuthorizedException,
            TooManyRequestsException,
            InternalErrorException,
        }
    )
}

fn admin_delete_user_attributes_error(code: &str) -> AdminDeleteUserAttributesError {
    modeled_by_code!(
        code,
        AdminDeleteUserAttributesError {
            ResourceNotFoundException,
            InvalidParameterException,
            NotAuthorizedException,
            TooManyRequestsException,
            UserNotFoundException,
            InternalErrorException,
        }
    )
}

#[tokio::test]
async fn every_documented_read_error_maps_to_its_own_variant() {
    let mut seen = HashSet::new();
    for code in READ_CODES {
        let rule = mock!(Client::list_users).then_error(move || list_users_error(code));
        let result = reader(&[&rule])
            .list_users(ListUsersRequest::default())
            .await;
        check("ListUsers", code, result, &mut seen);
        assert_eq!(rule.num_calls(), 1);

        let rule =
            mock!(Client::describe_user_pool).then_error(move || describe_user_pool_error(code));
        let result = reader(&[&rule]).describe_pool().await;
        check("DescribeUserPool", code, result, &mut seen);
    }
    for code in READ_CODES.into_iter().chain(["UserNotFoundException"]) {
        let rule = mock!(Client::admin_get_user).then_error(move || admin_get_user_error(code));
        let result = reader(&[&rule]).get_user("alice").await;
        check("AdminGetUser", code, result, &mut seen);
    }
    assert_eq!(seen.len(), 6, "six codes, six different variants");
}

#[tokio::test]
async fn every_documented_delete_error_maps_to_its_own_variant() {
    let mut seen = HashSet::new();
    for code in DELETE_CODES {
        let rule = mock!(Client::admin_delete_user_attributes)
            .then_error(move || admin_delete_user_attributes_error(code));
        let result = writer(&[&rule])
            .delete_attributes("alice", &["nickname".into()])
            .await;
        check("AdminDeleteUserAttributes", code, result, &mut seen);
        assert_eq!(rule.num_calls(), 1);
    }
    assert_eq!(seen.len(), DELETE_CODES.len(), "each code its own variant");
}

/// The same errors as Cognito (and moto) put them on the wire: HTTP 400 and a JSON body with
/// `__type`, parsed by the SDK's own deserializer rather than built by hand.
#[tokio::test]
async fn errors_off_the_wire_map_the_same_way() {
    let mut seen = HashSet::new();
    for code in DELETE_CODES {
        let body = format!(r#"{{"__type": "{code}", "message": "{DETAIL}"}}"#);
        let rule = mock!(Client::admin_delete_user_attributes)
            .then_http_response(move || http(400, &body));
        let result = writer(&[&rule])
            .delete_attributes("alice", &["nickname".into()])
            .await;
        check("AdminDeleteUserAttributes", code, result, &mut seen);
    }
    assert_eq!(seen.len(), DELETE_CODES.len());
}

#[tokio::test(start_paused = true)]
async fn throttled_twice_then_success_is_retried_to_ok() {
    let rule = mock!(Client::list_users)
        .sequence()
        .error(|| modeled!(ListUsersError::TooManyRequestsException))
        .times(2)
        .output(one_user_page)
        .build();
    let reader = reader(&[&rule]);
    let start = tokio::time::Instant::now();

    let page = RetryPolicy::default()
        .run("ListUsers", || {
            reader.list_users(ListUsersRequest::default())
        })
        .await
        .expect("success after two throttled calls");

    assert_eq!(page.users.len(), 1);
    assert_eq!(page.users[0].username(), "alice");
    assert_eq!(rule.num_calls(), 3);
    // Backoff waited at least 100 ms then 200 ms (on the paused clock).
    assert!(start.elapsed() >= Duration::from_millis(300));
}

#[tokio::test(start_paused = true)]
async fn server_fault_without_a_code_is_retried_to_ok() {
    let rule = mock!(Client::list_users)
        .sequence()
        .http_response(bare_server_fault)
        .output(one_user_page)
        .build();
    let reader = reader(&[&rule]);

    let page = RetryPolicy::default()
        .run("ListUsers", || {
            reader.list_users(ListUsersRequest::default())
        })
        .await
        .expect("success after one HTTP 500");

    assert_eq!(page.users.len(), 1);
    assert_eq!(rule.num_calls(), 2);
}

#[tokio::test(start_paused = true)]
async fn server_fault_every_time_ends_as_internal_error_after_max_attempts() {
    let rule = mock!(Client::list_users)
        .sequence()
        .http_response(bare_server_fault)
        .repeatedly()
        .build();
    let reader = reader(&[&rule]);
    let policy = RetryPolicy::default();

    let error = policy
        .run("ListUsers", || {
            reader.list_users(ListUsersRequest::default())
        })
        .await
        .expect_err("HTTP 500 every time");

    assert!(
        matches!(error, DirectoryError::InternalError { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("internal error"), "{error}");
    assert_eq!(rule.num_calls(), policy.max_attempts as usize);
}

#[tokio::test(start_paused = true)]
async fn user_not_found_is_not_retried() {
    let get = mock!(Client::admin_get_user)
        .then_error(|| modeled!(AdminGetUserError::UserNotFoundException));
    let delete = mock!(Client::admin_delete_user_attributes)
        .then_error(|| modeled!(AdminDeleteUserAttributesError::UserNotFoundException));
    let reader = reader(&[&get]);
    let writer = writer(&[&delete]);
    let names = ["nickname".to_owned()];

    let read = RetryPolicy::default()
        .run("AdminGetUser", || reader.get_user("ghost"))
        .await;
    let write = RetryPolicy::default()
        .run("AdminDeleteUserAttributes", || {
            writer.delete_attributes("ghost", &names)
        })
        .await;

    assert!(
        matches!(read, Err(DirectoryError::UserNotFound { .. })),
        "{read:?}"
    );
    assert!(
        matches!(write, Err(DirectoryError::UserNotFound { .. })),
        "{write:?}"
    );
    assert_eq!(get.num_calls(), 1);
    assert_eq!(delete.num_calls(), 1);
}

#[tokio::test]
async fn a_successful_delete_is_one_call() {
    let rule = mock!(Client::admin_delete_user_attributes)
        .match_requests(|input| {
            input.user_pool_id() == Some(POOL)
                && input.username() == Some("alice")
                && input.user_attribute_names() == ["nickname", "custom:plan"]
        })
        .then_output(|| AdminDeleteUserAttributesOutput::builder().build());

    writer(&[&rule])
        .delete_attributes("alice", &["nickname".into(), "custom:plan".into()])
        .await
        .expect("the mocked call succeeds");

    assert_eq!(rule.num_calls(), 1);
}

/// GetCSVHeader answered: export uses the server's columns as they are, with no note.
#[tokio::test]
async fn get_csv_header_columns_are_used_when_the_server_answers() {
    use aws_sdk_cognitoidentityprovider::operation::get_csv_header::GetCsvHeaderOutput;
    let columns = ["name", "email", "cognito:username", "custom:plan"];
    let rule = mock!(Client::get_csv_header).then_output(move || {
        GetCsvHeaderOutput::builder()
            .set_csv_header(Some(columns.iter().map(|c| c.to_string()).collect()))
            .build()
    });
    let answer = reader(&[&rule]).csv_header().await;
    let (header, note) =
        cognito_tui::export::csv_columns(answer, &cognito_tui::directory::fixtures::pool());
    assert_eq!(header, columns);
    assert_eq!(note, None);
    assert_eq!(rule.num_calls(), 1);
}

/// GetCSVHeader refused: the note says access was denied, not that the server lacks the call.
#[tokio::test]
async fn get_csv_header_refused_is_reported_as_access_denied() {
    use aws_sdk_cognitoidentityprovider::operation::get_csv_header::GetCSVHeaderError;
    let rule = mock!(Client::get_csv_header)
        .then_error(|| modeled!(GetCSVHeaderError::NotAuthorizedException));
    let answer = reader(&[&rule]).csv_header().await;
    assert!(
        matches!(answer, Err(DirectoryError::NotAuthorized { .. })),
        "{answer:?}"
    );
    let pool = cognito_tui::directory::fixtures::pool();
    let (header, note) = cognito_tui::export::csv_columns(answer, &pool);
    let note = note.expect("a note");
    assert!(note.contains("Not authorized"), "{note}");
    assert!(note.contains(DETAIL), "{note}");
    assert!(!note.contains("not available"), "{note}");
    assert_eq!(header, cognito_tui::export::fallback_header(&pool));
    // And a server that lacks the call is still told as such.
    let (_, note) = cognito_tui::export::csv_columns(
        Err(DirectoryError::Other {
            code: "UnknownOperationException".into(),
            detail: "Unknown operation GetCSVHeader".into(),
        }),
        &pool,
    );
    assert!(note.unwrap().contains("not available on this server"));
}

/// cognito-local (5.3) lacks GetCSVHeader and answers 500 `CognitoLocal#Unsupported`: that one
/// is still "not available on this server".
#[tokio::test]
async fn get_csv_header_unsupported_by_cognito_local_is_not_available() {
    let rule = mock!(Client::get_csv_header).then_http_response(|| {
        http(
            500,
            r#"{"__type": "CognitoLocal#Unsupported", "message": "Cognito Local unsupported feature: Unsupported x-amz-target header \"AWSCognitoIdentityProviderService.GetCSVHeader\""}"#,
        )
    });
    let answer = reader(&[&rule]).csv_header().await;
    let pool = cognito_tui::directory::fixtures::pool();
    let (_, note) = cognito_tui::export::csv_columns(answer, &pool);
    let note = note.expect("a note");
    assert!(note.contains("not available on this server"), "{note}");
}

/// moto lacks GetCSVHeader and answers 500 with a plain-text body saying so.
#[tokio::test]
async fn get_csv_header_not_implemented_by_moto_is_not_available() {
    let rule = mock!(Client::get_csv_header)
        .then_http_response(|| http(500, "The get_csv_header action has not been implemented"));
    let answer = reader(&[&rule]).csv_header().await;
    let pool = cognito_tui::directory::fixtures::pool();
    let (_, note) = cognito_tui::export::csv_columns(answer, &pool);
    let note = note.expect("a note");
    assert!(note.contains("not available on this server"), "{note}");
}
