//! The SDK client answered by aws-smithy-mocks rules, and the modeled errors those rules give:
//! what the mock tests (`actions_mocks`, `bulk_mocks`, `sdk_errors`, `self_service`) share.
#![allow(dead_code, unused_macros, unused_imports)]

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::retry::RetryConfig;
use aws_smithy_mocks::{Rule, RuleMode, mock_client};
use cognito_tui::directory::aws::{AwsReader, AwsWriter};

pub const POOL: &str = "us-east-1_Mocked123";
/// The server's own words in a mocked error; they must end up as the error's detail.
pub const DETAIL: &str = "the server's own words";

/// A client whose calls are answered by `rules` (first matching rule, used as often as it
/// matches). The SDK's own retries are off, as in the app: every call is one attempt.
pub fn mocked_client(rules: &[&Rule]) -> Client {
    mock_client!(
        aws_sdk_cognitoidentityprovider,
        RuleMode::MatchAny,
        rules,
        |config| config.retry_config(RetryConfig::disabled())
    )
}

pub fn reader(rules: &[&Rule]) -> AwsReader {
    AwsReader::new(mocked_client(rules), POOL)
}

pub fn writer(rules: &[&Rule]) -> AwsWriter {
    AwsWriter::new(mocked_client(rules), POOL)
}

/// A modeled error as the SDK's deserializer builds it from Cognito's answer: the message
/// ([`DETAIL`] unless given), and metadata carrying the error code, which is what
/// `map_sdk_error` tells errors apart by. The error's type (`$kind`) must be in scope.
macro_rules! modeled {
    ($operation_error:ident :: $kind:ident, $message:expr) => {{
        let message = $message;
        $operation_error::$kind(
            $kind::builder()
                .message(message)
                .meta(
                    aws_sdk_cognitoidentityprovider::error::ErrorMetadata::builder()
                        .code(stringify!($kind))
                        .message(message)
                        .build(),
                )
                .build(),
        )
    }};
    ($operation_error:ident :: $kind:ident) => {
        $crate::sdk_mocks::modeled!($operation_error::$kind, $crate::sdk_mocks::DETAIL)
    };
}

/// `modeled!` for the error whose code is `$code`, among the ones listed; any other code is a
/// mistake in the test.
macro_rules! modeled_by_code {
    ($code:expr, $operation_error:ident { $($kind:ident),+ $(,)? }) => {
        match $code {
            $(code if code == stringify!($kind) => {
                $crate::sdk_mocks::modeled!($operation_error::$kind)
            })+
            code => panic!("{} does not document {code}", stringify!($operation_error)),
        }
    };
}

pub(crate) use {modeled, modeled_by_code};
