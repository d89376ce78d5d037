//! The bulk engine over an SDK client mocked with aws-smithy-mocks: throttling then success,
//! a 500 then success, and permanent errors — each reported and journalled as it happened.

mod sdk_mocks;

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::http::HttpResponse;
use aws_sdk_cognitoidentityprovider::error::ErrorMetadata;
use aws_sdk_cognitoidentityprovider::operation::admin_delete_user_attributes::{
    AdminDeleteUserAttributesError, AdminDeleteUserAttributesOutput,
};
use aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput;
use aws_sdk_cognitoidentityprovider::operation::admin_update_user_attributes::{
    AdminUpdateUserAttributesError, AdminUpdateUserAttributesOutput,
};
use aws_sdk_cognitoidentityprovider::types::AttributeType;
use aws_sdk_cognitoidentityprovider::types::error::{
    NotAuthorizedException, TooManyRequestsException,
};
use aws_smithy_mocks::{Rule, mock};
use cognito_tui::bulk::{Bulk, CancelFlag, DeleteJob, Failure, ItemResult};
use cognito_tui::directory::aws::{AwsReader, AwsWriter};
use cognito_tui::directory::{Access, DirectoryError, PoolInfo};
use cognito_tui::journal::{Journal, Verdict};
use cognito_tui::limiter::Limiter;
use cognito_tui::retry::RetryPolicy;
use sdk_mocks::{POOL, mocked_client};

fn engine(rules: &[&Rule], journal: Arc<Journal>) -> Bulk {
    let client = mocked_client(rules);
    let access = Access::ReadWrite {
        reader: Arc::new(AwsReader::new(client.clone(), POOL)),
        writer: Arc::new(AwsWriter::new(client, POOL)),
    };
    Bulk::new(
        &access,
        POOL,
        Arc::new(Limiter::default()),
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        },
    )
    .with_journal(journal)
}

fn journal() -> (tempfile::TempDir, Arc<Journal>) {
    let dir = tempfile::tempdir().unwrap();
    let journal = Arc::new(Journal::open(dir.path().join("journal.jsonl")).unwrap());
    (dir, journal)
}

fn attribute(name: &str, value: &str) -> AttributeType {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .unwrap()
}

/// AdminGetUser answering alice, with or without her locale.
fn alice(with_locale: bool) -> Rule {
    mock!(Client::admin_get_user).then_output(move || {
        let mut user = AdminGetUserOutput::builder()
            .username("alice")
            .user_attributes(attribute("sub", "0000-1"))
            .user_attributes(attribute("email", "alice@example.com"));
        if with_locale {
            user = user.user_attributes(attribute("locale", "en-GB"));
        }
        user.build().unwrap()
    })
}

fn delete_job() -> DeleteJob {
    DeleteJob {
        usernames: vec!["alice".into()],
        attributes: vec!["locale".into()],
        dry_run: false,
    }
}

fn throttled() -> AdminDeleteUserAttributesError {
    AdminDeleteUserAttributesError::TooManyRequestsException(
        TooManyRequestsException::builder()
            .message("Rate exceeded")
            .meta(
                ErrorMetadata::builder()
                    .code("TooManyRequestsException")
                    .message("Rate exceeded")
                    .build(),
            )
            .build(),
    )
}

fn http(status: u16, body: &str) -> HttpResponse {
    HttpResponse::new(status.try_into().unwrap(), body.to_owned().into())
}

async fn run(bulk: &Bulk) -> ItemResult {
    bulk.delete_attributes(delete_job(), &PoolInfo::default(), None, &CancelFlag::new())
        .await
        .unwrap()
        .users
        .remove(0)
        .result
}

#[tokio::test]
async fn throttled_then_success_is_deleted_and_journalled_ok() {
    let (_dir, journal) = journal();
    let get = alice(true);
    let delete = mock!(Client::admin_delete_user_attributes)
        .match_requests(|input| input.user_attribute_names() == ["locale"])
        .sequence()
        .error(throttled)
        .output(|| AdminDeleteUserAttributesOutput::builder().build())
        .build();
    let result = run(&engine(&[&get, &delete], journal.clone())).await;
    assert!(matches!(result, ItemResult::Deleted(_)), "{result:?}");
    assert_eq!(delete.num_calls(), 2);
    assert_eq!(get.num_calls(), 1);
    let entry = journal.read().unwrap().entries.remove(0);
    assert_eq!(entry.intent.attributes[0].before.as_deref(), Some("en-GB"));
    assert_eq!(entry.outcome.unwrap().result, Verdict::Ok);
}

#[tokio::test]
async fn a_500_then_success_is_deleted() {
    let (_dir, journal) = journal();
    let get = alice(true);
    let delete = mock!(Client::admin_delete_user_attributes)
        .sequence()
        .http_response(|| http(500, ""))
        .output(|| AdminDeleteUserAttributesOutput::builder().build())
        .build();
    let result = run(&engine(&[&get, &delete], journal.clone())).await;
    assert!(matches!(result, ItemResult::Deleted(_)), "{result:?}");
    assert_eq!(delete.num_calls(), 2);
    let entry = journal.read().unwrap().entries.remove(0);
    assert_eq!(entry.outcome.unwrap().result, Verdict::Ok);
}

#[tokio::test]
async fn a_permanent_error_is_reported_once_and_journalled_as_an_error() {
    let (_dir, journal) = journal();
    let get = alice(true);
    let delete = mock!(Client::admin_delete_user_attributes).then_error(|| {
        AdminDeleteUserAttributesError::NotAuthorizedException(
            NotAuthorizedException::builder()
                .message("not allowed")
                .meta(
                    ErrorMetadata::builder()
                        .code("NotAuthorizedException")
                        .message("not allowed")
                        .build(),
                )
                .build(),
        )
    });
    let result = run(&engine(&[&get, &delete], journal.clone())).await;
    assert!(
        matches!(
            result,
            ItemResult::Failed(Failure::Directory(DirectoryError::NotAuthorized { .. }))
        ),
        "{result:?}"
    );
    assert_eq!(delete.num_calls(), 1, "not retried");
    assert_eq!(get.num_calls(), 1, "a certain refusal needs no read-back");
    let outcome = journal.read().unwrap().entries.remove(0).outcome.unwrap();
    assert_eq!(outcome.result, Verdict::Error);
    assert!(outcome.message.unwrap().contains("not allowed"));
}

#[tokio::test]
async fn a_500_every_time_is_checked_on_the_server_and_reported_not_applied() {
    let (_dir, journal) = journal();
    let get = alice(true);
    let delete = mock!(Client::admin_delete_user_attributes)
        .sequence()
        .http_response(|| http(500, ""))
        .repeatedly()
        .build();
    let result = run(&engine(&[&get, &delete], journal.clone())).await;
    assert!(
        matches!(
            result,
            ItemResult::Failed(Failure::Directory(DirectoryError::InternalError { .. }))
        ),
        "{result:?}"
    );
    assert_eq!(delete.num_calls(), 4);
    assert_eq!(get.num_calls(), 2, "read before, and back after the faults");
    let outcome = journal.read().unwrap().entries.remove(0).outcome.unwrap();
    assert_eq!(outcome.result, Verdict::Error);
    assert!(outcome.message.unwrap().contains("still has a value"));
}

#[tokio::test]
async fn undo_sends_the_journalled_values_and_retries_throttling() {
    let (_dir, journal) = journal();
    let deleted = {
        let get = alice(true);
        let delete = mock!(Client::admin_delete_user_attributes)
            .then_output(|| AdminDeleteUserAttributesOutput::builder().build());
        let bulk = engine(&[&get, &delete], journal.clone());
        bulk.delete_attributes(delete_job(), &PoolInfo::default(), None, &CancelFlag::new())
            .await
            .unwrap()
    };
    let id = deleted.users[0].journal_id.clone().unwrap();

    let get = alice(false);
    let update = mock!(Client::admin_update_user_attributes)
        .match_requests(|input| {
            input.username() == Some("alice")
                && input.user_attributes().len() == 1
                && input.user_attributes()[0].name() == "locale"
                && input.user_attributes()[0].value() == Some("en-GB")
        })
        .sequence()
        .error(|| {
            AdminUpdateUserAttributesError::TooManyRequestsException(
                TooManyRequestsException::builder()
                    .message("Rate exceeded")
                    .meta(
                        ErrorMetadata::builder()
                            .code("TooManyRequestsException")
                            .build(),
                    )
                    .build(),
            )
        })
        .output(|| AdminUpdateUserAttributesOutput::builder().build())
        .build();
    let undo = engine(&[&get, &update], journal.clone())
        .undo(std::slice::from_ref(&id), None, &CancelFlag::new())
        .await
        .unwrap();
    assert!(
        matches!(&undo.users[0].result, ItemResult::Restored(a) if a[0].value == "en-GB"),
        "{:?}",
        undo.users[0]
    );
    assert_eq!(update.num_calls(), 2);
    assert!(journal.read().unwrap().undo_of(&id).is_some());
}
