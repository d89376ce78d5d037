//! Failures of directory calls, one variant per kind of failure the user must understand.

use thiserror::Error;

use super::credentials::CredentialProblem;

/// A directory call failed. `Display` is the one plain sentence shown in the status line; the
/// detail (the server's own message) is kept for the log.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DirectoryError {
    #[error(
        "Not found: the user pool does not exist in this region (check the pool id and region)."
    )]
    ResourceNotFound { detail: String },
    #[error("Cognito rejected the request as invalid: {detail}")]
    InvalidParameter { detail: String },
    #[error("Not authorized: {detail}")]
    NotAuthorized { detail: String },
    #[error("Cognito kept throttling (TooManyRequests) through every retry; try again shortly.")]
    TooManyRequests { detail: String },
    #[error("The user must reset their password before this can be done (PasswordResetRequired).")]
    PasswordResetRequired { detail: String },
    #[error(
        "User not found: it may have been deleted since the list was loaded (press r to refresh)."
    )]
    UserNotFound { detail: String },
    #[error("The user has not confirmed their account yet (UserNotConfirmed).")]
    UserNotConfirmed { detail: String },
    /// No promise that nothing changed: a server fault can come after the change was made
    /// (the bulk engine reads the user back to settle it).
    #[error("Cognito had an internal error (InternalError); try again.")]
    InternalError { detail: String },
    #[error("Forbidden: the request was blocked by the user pool's web ACL (AWS WAF).")]
    Forbidden { detail: String },
    /// The credentials of `profile` (empty: none was named) could not be loaded, or Cognito
    /// refused them. The sentence says what to do ([`CredentialProblem`]); the SDK's words, for
    /// support, are `detail`, without anything shaped like a secret. (A boxed name: a second
    /// `String` would make every report that holds an error larger.)
    #[error("{}", CredentialProblem::of(detail).sentence(profile))]
    Credentials { profile: Box<str>, detail: String },
    #[error("Could not reach Cognito: {detail}")]
    Network { detail: String },
    /// No answer within the `[timeouts]` limit. `operation` is empty until `RetryPolicy::run`,
    /// which knows the call's name, fills it in. No detail: the SDK's words are logged where
    /// the error is made (and a third field would make every report that holds one larger).
    #[error("{}", timed_out_sentence(operation, *secs))]
    TimedOut { operation: String, secs: u64 },
    #[error("A user with this username (or this email or phone as an alias) already exists.")]
    UsernameExists { detail: String },
    /// A group action named a group the pool does not have (Cognito answers ResourceNotFound,
    /// whose words add nothing to the name; one field keeps the error as small as before).
    #[error(
        "Group {group} does not exist in this pool (check its name; groups are case-sensitive)."
    )]
    GroupNotFound { group: String },
    /// The password breaks the pool's policy; the detail is the policy's words, never the password.
    #[error("The password does not meet the pool's password policy: {detail}")]
    InvalidPassword { detail: String },
    /// The user's state does not allow it, e.g. resending an invitation to a confirmed user.
    #[error("The user's state does not allow this: {detail}")]
    UnsupportedUserState { detail: String },
    /// `AdminListUserAuthEvents` on a pool without threat protection (advanced security).
    #[error("Sign-in history needs threat protection (advanced security) on this pool.")]
    ThreatProtectionOff { detail: String },
    #[error("This session is read-only: no change can be sent.")]
    ReadOnly,
    /// Self-service: the access token's `exp` has passed, so no call is sent with it.
    #[error("Your sign-in expired at {at}; run cognito-tui me again to sign in.")]
    SignInExpired { at: String },
    /// Self-service: Cognito refused the access token (revoked, expired or signed out).
    #[error(
        "Cognito no longer accepts your sign-in (revoked, expired or signed out); run cognito-tui me again to sign in."
    )]
    SignInRejected { detail: String },
    /// A call this directory cannot make (self-service has no admin rights; the demo has no
    /// CSV header): said by the app, not answered by Cognito.
    #[error("{}.", sentence(.detail))]
    Unsupported { detail: String },
    #[error("Cognito answered {code}: {detail}")]
    Other { code: String, detail: String },
}

impl DirectoryError {
    /// Whether the server does not know the call at all (an emulator lacking it, a directory
    /// with no such thing): unlike access denied or throttling, asking again cannot help.
    pub fn is_not_implemented(&self) -> bool {
        let says_so = |text: &str| {
            let text = text.to_ascii_lowercase();
            text.contains("not implemented")
                || text.contains("not been implemented")
                || text.contains("unknown operation")
                || text.contains("unsupported")
        };
        match self {
            Self::Unsupported { .. } => true,
            Self::Other { code, detail } => {
                [
                    "Unsupported",
                    "NotImplemented",
                    "UnknownOperation",
                    "InvalidAction",
                ]
                .iter()
                .any(|c| code.contains(c))
                    || says_so(detail)
            }
            Self::InternalError { detail } | Self::InvalidParameter { detail } => says_so(detail),
            _ => false,
        }
    }

    /// Builds the error for a Cognito error code such as `UserNotFoundException`.
    pub fn from_code(code: &str, detail: impl Into<String>) -> Self {
        let detail = detail.into();
        match code.trim_end_matches("Exception") {
            "ResourceNotFound" => Self::ResourceNotFound { detail },
            "InvalidParameter" => Self::InvalidParameter { detail },
            "NotAuthorized" => Self::NotAuthorized { detail },
            "TooManyRequests" | "Throttling" => Self::TooManyRequests { detail },
            "PasswordResetRequired" => Self::PasswordResetRequired { detail },
            "UserNotFound" => Self::UserNotFound { detail },
            "UserNotConfirmed" => Self::UserNotConfirmed { detail },
            "InternalError" | "InternalFailure" | "ServiceUnavailable" => {
                Self::InternalError { detail }
            }
            "Forbidden" => Self::Forbidden { detail },
            "UsernameExists" => Self::UsernameExists { detail },
            "InvalidPassword" => Self::InvalidPassword { detail },
            "UnsupportedUserState" => Self::UnsupportedUserState { detail },
            "UserPoolAddOnNotEnabled" => Self::ThreatProtectionOff { detail },
            "ExpiredToken"
            | "UnrecognizedClient"
            | "InvalidSignature"
            | "InvalidClientTokenId"
            | "MissingAuthenticationToken" => Self::Credentials {
                profile: Box::default(),
                detail,
            },
            _ => Self::Other {
                code: code.to_owned(),
                detail,
            },
        }
    }

    /// The error with the AWS profile its call used, for a sentence that names it (the SDK's
    /// errors do not know it).
    pub fn with_profile(self, profile: &str) -> Self {
        match self {
            Self::Credentials { detail, .. } => Self::Credentials {
                profile: profile.into(),
                detail,
            },
            other => other,
        }
    }

    /// What support needs beyond the sentence, for the messages list: the SDK's own words where
    /// the sentence replaced them (the credential chain's), else nothing.
    pub fn support_detail(&self) -> Option<&str> {
        match self {
            Self::Credentials { detail, .. } if !detail.is_empty() => Some(detail),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed: throttling, server faults and
    /// network failures. Every directory call is idempotent, so all of them may be retried.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::TooManyRequests { .. }
                | Self::InternalError { .. }
                | Self::Network { .. }
                | Self::TimedOut { .. }
        )
    }

    /// The kind of failure in a word or two (Cognito's code where it gave one), for the log.
    pub fn code(&self) -> &str {
        match self {
            Self::ResourceNotFound { .. } => "ResourceNotFound",
            Self::InvalidParameter { .. } => "InvalidParameter",
            Self::NotAuthorized { .. } => "NotAuthorized",
            Self::TooManyRequests { .. } => "TooManyRequests",
            Self::PasswordResetRequired { .. } => "PasswordResetRequired",
            Self::UserNotFound { .. } => "UserNotFound",
            Self::UserNotConfirmed { .. } => "UserNotConfirmed",
            Self::InternalError { .. } => "InternalError",
            Self::Forbidden { .. } => "Forbidden",
            Self::Credentials { .. } => "credentials",
            Self::Network { .. } => "network",
            Self::TimedOut { .. } => "timeout",
            Self::UsernameExists { .. } => "UsernameExists",
            Self::GroupNotFound { .. } => "GroupNotFound",
            Self::InvalidPassword { .. } => "InvalidPassword",
            Self::UnsupportedUserState { .. } => "UnsupportedUserState",
            Self::ThreatProtectionOff { .. } => "UserPoolAddOnNotEnabled",
            Self::ReadOnly => "read-only",
            Self::SignInExpired { .. } => "sign-in expired",
            Self::SignInRejected { .. } => "sign-in rejected",
            Self::Unsupported { .. } => "Unsupported",
            Self::Other { code, .. } => code,
        }
    }

    /// Whether the error says the command was pointed at the wrong place or cannot be set up
    /// (a pool that does not exist in the region, credentials that cannot be had), not that a
    /// call failed on the way: the command line exits with 2, as for bad arguments or
    /// configuration, whichever command met it.
    pub fn is_bad_setup(&self) -> bool {
        matches!(
            self,
            Self::ResourceNotFound { .. } | Self::Credentials { .. }
        )
    }

    /// The server's own words, for the log.
    pub fn detail(&self) -> &str {
        match self {
            Self::ResourceNotFound { detail }
            | Self::InvalidParameter { detail }
            | Self::NotAuthorized { detail }
            | Self::TooManyRequests { detail }
            | Self::PasswordResetRequired { detail }
            | Self::UserNotFound { detail }
            | Self::UserNotConfirmed { detail }
            | Self::InternalError { detail }
            | Self::Forbidden { detail }
            | Self::UsernameExists { detail }
            | Self::InvalidPassword { detail }
            | Self::UnsupportedUserState { detail }
            | Self::ThreatProtectionOff { detail }
            | Self::Credentials { detail, .. }
            | Self::Network { detail }
            | Self::SignInRejected { detail }
            | Self::Unsupported { detail }
            | Self::Other { detail, .. } => detail,
            Self::ReadOnly
            | Self::SignInExpired { .. }
            | Self::TimedOut { .. }
            | Self::GroupNotFound { .. } => "",
        }
    }
}

/// `detail` as the start of a sentence: its first letter a capital.
fn sentence(detail: &str) -> String {
    let mut chars = detail.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn timed_out_sentence(operation: &str, secs: u64) -> String {
    let call = if operation.is_empty() {
        String::new()
    } else {
        format!("{operation} ")
    };
    format!("Cognito did not answer {call}within {secs} s.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_the_app_cannot_do_here_is_not_said_to_be_cognitos_answer() {
        let e = DirectoryError::Unsupported {
            detail: "sign-in history is not available in this session".into(),
        };
        assert_eq!(
            e.to_string(),
            "Sign-in history is not available in this session."
        );
        assert!(e.is_not_implemented());
        assert_eq!(e.code(), "Unsupported");
    }

    use super::*;

    #[test]
    fn every_documented_code_maps_to_its_own_variant() {
        let cases = [
            ("ResourceNotFoundException", "Not found"),
            ("InvalidParameterException", "rejected the request"),
            ("NotAuthorizedException", "Not authorized"),
            ("TooManyRequestsException", "throttling"),
            ("PasswordResetRequiredException", "reset their password"),
            ("UserNotFoundException", "User not found"),
            ("UserNotConfirmedException", "not confirmed"),
            ("InternalErrorException", "internal error"),
            ("ForbiddenException", "web ACL"),
            ("ExpiredTokenException", "credentials"),
            ("UsernameExistsException", "already exists"),
            ("InvalidPasswordException", "password policy"),
            ("UnsupportedUserStateException", "state does not allow"),
            ("UserPoolAddOnNotEnabledException", "threat protection"),
        ];
        for (code, words) in cases {
            let message = DirectoryError::from_code(code, "detail").to_string();
            assert!(message.contains(words), "{code} -> {message}");
            assert!(!matches!(
                DirectoryError::from_code(code, ""),
                DirectoryError::Other { .. }
            ));
        }
    }

    #[test]
    fn unknown_codes_keep_the_code_and_detail() {
        let e = DirectoryError::from_code("LimitExceededException", "too many");
        assert_eq!(
            e.to_string(),
            "Cognito answered LimitExceededException: too many"
        );
    }

    #[test]
    fn only_throttling_faults_and_network_are_transient() {
        assert!(DirectoryError::from_code("TooManyRequestsException", "").is_transient());
        assert!(DirectoryError::from_code("InternalErrorException", "").is_transient());
        assert!(
            DirectoryError::Network {
                detail: String::new()
            }
            .is_transient()
        );
        assert!(!DirectoryError::from_code("UserNotFoundException", "").is_transient());
        assert!(!DirectoryError::ReadOnly.is_transient());
        assert!(
            !DirectoryError::SignInExpired {
                at: "14:03 UTC".into()
            }
            .is_transient()
        );
    }

    #[test]
    fn the_throttling_sentence_fits_a_status_line_and_says_it_once() {
        let message = DirectoryError::from_code("TooManyRequestsException", "Rate exceeded");
        let text = message.to_string();
        assert!(text.len() <= 90, "{} long: {text}", text.len());
        assert_eq!(text.matches("hrottl").count(), 1, "{text}");
        assert_eq!(message.code(), "TooManyRequests");
    }

    #[test]
    fn a_server_fault_does_not_claim_that_nothing_changed() {
        // A 5xx may come after Cognito applied a change; the sentence is shown for mutations too.
        let message = DirectoryError::from_code("InternalErrorException", "boom").to_string();
        assert!(!message.contains("nothing"), "{message}");
        assert!(message.contains("try again"), "{message}");
    }

    #[test]
    fn self_service_sign_in_errors_say_what_to_do() {
        let expired = DirectoryError::SignInExpired {
            at: "14:03 UTC".into(),
        };
        assert_eq!(
            expired.to_string(),
            "Your sign-in expired at 14:03 UTC; run cognito-tui me again to sign in."
        );
        let rejected = DirectoryError::SignInRejected {
            detail: "Access Token has been revoked".into(),
        };
        assert!(rejected.to_string().contains("run cognito-tui me again"));
        assert_eq!(rejected.detail(), "Access Token has been revoked");
    }
}
