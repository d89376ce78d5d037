//! Signing in as a user: `InitiateAuth` with `USER_PASSWORD_AUTH`, and where the password and
//! the app client's secret come from.

use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use thiserror::Error;

use super::secret::Secret;
use super::token::AccessToken;
use crate::directory::DirectoryError;
use crate::directory::aws::map_sdk_error;

/// What one sign-in needs. The password and secret stay wrapped until the request is built.
pub struct SignIn<'a> {
    pub client_id: &'a str,
    pub username: &'a str,
    pub password: &'a Secret,
    /// The app client's secret, when it has one: then `SECRET_HASH` must be sent.
    pub client_secret: Option<&'a Secret>,
}

/// Why a sign-in failed, one plain sentence each. None quotes a password, secret or token.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignInError {
    /// Cognito's NotAuthorized, and cognito-local's InvalidPassword for a wrong password.
    #[error(
        "Sign-in refused: the username or password is wrong, or this user may not sign in (Cognito said: {detail})."
    )]
    Refused { detail: String },
    #[error(
        "Sign-in refused: Cognito could not verify the SECRET_HASH. This app client has a secret: pass --client-secret-env VAR naming the variable that holds it, and check it is this client's (Cognito said: {detail})."
    )]
    SecretHash { detail: String },
    #[error(
        "Sign-in refused: Cognito requires a password reset for this user first (PasswordResetRequired); reset it through the app's forgot-password flow, then sign in again."
    )]
    PasswordResetRequired { detail: String },
    #[error(
        "Sign-in refused: the user has not confirmed their account yet (UserNotConfirmed); confirm it first, then sign in again."
    )]
    UserNotConfirmed { detail: String },
    #[error(
        "Sign-in blocked: the request was refused by the user pool's web ACL (AWS WAF) (Forbidden)."
    )]
    Forbidden { detail: String },
    #[error(
        "Cognito knows no app client {client_id} in this region (ResourceNotFound): check --client-id and --region."
    )]
    UnknownClient { client_id: String, detail: String },
    #[error(
        "The sign-in needs {challenge}, which cognito-tui does not handle; complete it elsewhere (for example in the app's own sign-in page), then sign in again or pass --access-token-file."
    )]
    UnsupportedChallenge { challenge: String },
    #[error("Cognito answered the sign-in with neither an access token nor a challenge.")]
    NoToken,
    #[error("{0}")]
    Directory(DirectoryError),
}

impl SignInError {
    /// The server's own words, for the log.
    pub fn detail(&self) -> &str {
        match self {
            Self::Refused { detail }
            | Self::SecretHash { detail }
            | Self::PasswordResetRequired { detail }
            | Self::UserNotConfirmed { detail }
            | Self::Forbidden { detail }
            | Self::UnknownClient { detail, .. } => detail,
            Self::UnsupportedChallenge { .. } | Self::NoToken => "",
            Self::Directory(e) => e.detail(),
        }
    }

    fn from_directory(error: DirectoryError, client_id: &str) -> Self {
        match error {
            DirectoryError::NotAuthorized { detail }
                if detail.to_ascii_lowercase().contains("secret hash") =>
            {
                Self::SecretHash { detail }
            }
            // Pools that do not hide whether a user exists answer UserNotFound.
            DirectoryError::NotAuthorized { detail } | DirectoryError::UserNotFound { detail } => {
                Self::Refused { detail }
            }
            DirectoryError::InvalidPassword { detail } => Self::Refused { detail },
            DirectoryError::PasswordResetRequired { detail } => {
                Self::PasswordResetRequired { detail }
            }
            DirectoryError::UserNotConfirmed { detail } => Self::UserNotConfirmed { detail },
            DirectoryError::Forbidden { detail } => Self::Forbidden { detail },
            DirectoryError::ResourceNotFound { detail } => Self::UnknownClient {
                client_id: client_id.to_owned(),
                detail,
            },
            other => Self::Directory(other),
        }
    }
}

/// `SECRET_HASH` = Base64(HMAC-SHA256(key: the client secret, message: username + client id)).
pub fn secret_hash(client_secret: &Secret, username: &str, client_id: &str) -> String {
    // HMAC takes keys of any length, so this cannot fail; the fallback keeps it panic-free.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(client_secret.expose_secret().as_bytes())
    else {
        return String::new();
    };
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Signs in with `USER_PASSWORD_AUTH` and returns the access token. A challenge (new password,
/// MFA, ...) is not answered: it is named in the error so the user can complete it elsewhere.
pub async fn sign_in(client: &Client, request: SignIn<'_>) -> Result<AccessToken, SignInError> {
    let mut call = client
        .initiate_auth()
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .client_id(request.client_id)
        .auth_parameters("USERNAME", request.username)
        .auth_parameters("PASSWORD", request.password.expose_secret());
    if let Some(secret) = request.client_secret {
        call = call.auth_parameters(
            "SECRET_HASH",
            secret_hash(secret, request.username, request.client_id),
        );
    }
    let output = call.send().await.map_err(|e| {
        let error = SignInError::from_directory(map_sdk_error(e), request.client_id);
        tracing::warn!(detail = error.detail(), "InitiateAuth failed: {error}");
        error
    })?;
    if let Some(challenge) = output.challenge_name() {
        tracing::warn!(
            challenge = challenge.as_str(),
            "InitiateAuth answered a challenge"
        );
        return Err(SignInError::UnsupportedChallenge {
            challenge: challenge.as_str().to_owned(),
        });
    }
    output
        .authentication_result()
        .and_then(|r| r.access_token())
        .filter(|t| !t.trim().is_empty())
        .map(AccessToken::new)
        .ok_or(SignInError::NoToken)
}

/// Why a password or secret could not be had.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("the environment variable {var} named by {flag} is not set")]
    Unset { var: String, flag: &'static str },
    #[error("the environment variable {var} named by {flag} is empty")]
    Empty { var: String, flag: &'static str },
    #[error("the environment variable {var} named by {flag} is not valid UTF-8")]
    NotUnicode { var: String, flag: &'static str },
    #[error("cannot prompt for the password ({0}); pass --password-env VAR instead")]
    Prompt(std::io::Error),
    #[error("no password was typed")]
    NoPassword,
}

/// A secret from the environment variable `var`, named on the command line by `flag`.
pub fn secret_from_env(var: &str, flag: &'static str) -> Result<Secret, InputError> {
    match std::env::var(var) {
        Ok(value) if value.is_empty() => Err(InputError::Empty {
            var: var.to_owned(),
            flag,
        }),
        Ok(value) => Ok(Secret::new(value)),
        Err(std::env::VarError::NotPresent) => Err(InputError::Unset {
            var: var.to_owned(),
            flag,
        }),
        Err(std::env::VarError::NotUnicode(_)) => Err(InputError::NotUnicode {
            var: var.to_owned(),
            flag,
        }),
    }
}

/// Asks for the password on the terminal without echoing it.
///
/// `rpassword` rather than crossterm's raw mode: it reads from the controlling terminal
/// (`/dev/tty`, so it works while stdin is redirected), turns off only the echo (the terminal's
/// own line editing, backspace and Ctrl-C keep working, which raw mode would make us
/// re-implement), and restores the terminal's settings when it returns or fails.
pub fn prompt_password(username: &str) -> Result<Secret, InputError> {
    let password = rpassword::prompt_password(format!("Password for {username}: "))
        .map_err(InputError::Prompt)?;
    if password.is_empty() {
        return Err(InputError::NoPassword);
    }
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_hash_matches_known_vectors() {
        // Computed independently: base64(hmac.new(secret, username + client_id, sha256)).
        let secret = Secret::new("1example2secret3for4the5app6client");
        assert_eq!(
            secret_hash(&secret, "alice", "4l6rbq0example"),
            "GNtLicbBkwsdKhTp9aNwt1M8saCzRatOXlbuMMeOTj0="
        );
        // RFC 4231 test case 2 (key "Jefe"), with the message split into username + client id.
        assert_eq!(
            secret_hash(&Secret::new("Jefe"), "what do ya want ", "for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
        );
    }

    #[test]
    fn a_wrong_password_reads_the_same_from_cognito_and_cognito_local() {
        let cognito = SignInError::from_directory(
            DirectoryError::from_code("NotAuthorizedException", "Incorrect username or password."),
            "c",
        );
        let local = SignInError::from_directory(
            DirectoryError::from_code("InvalidPasswordException", "Invalid password"),
            "c",
        );
        assert!(matches!(cognito, SignInError::Refused { .. }));
        assert!(matches!(local, SignInError::Refused { .. }));
        for error in [cognito, local] {
            assert!(
                error
                    .to_string()
                    .starts_with("Sign-in refused: the username or password is wrong"),
                "{error}"
            );
        }
    }

    #[test]
    fn each_sign_in_failure_has_its_own_message() {
        let cases = [
            ("NotAuthorizedException", "username or password is wrong"),
            ("PasswordResetRequiredException", "password reset"),
            ("UserNotConfirmedException", "not confirmed"),
            ("ForbiddenException", "web ACL"),
            ("ResourceNotFoundException", "no app client"),
            ("TooManyRequestsException", "throttling"),
        ];
        let mut seen = std::collections::HashSet::new();
        for (code, words) in cases {
            let error =
                SignInError::from_directory(DirectoryError::from_code(code, "detail"), "client1");
            let message = error.to_string();
            assert!(message.contains(words), "{code}: {message}");
            assert!(seen.insert(message), "{code} shares its message");
        }
        let hash = SignInError::from_directory(
            DirectoryError::from_code(
                "NotAuthorizedException",
                "Unable to verify secret hash for client client1",
            ),
            "client1",
        );
        assert!(hash.to_string().contains("--client-secret-env"), "{hash}");
    }

    #[test]
    fn an_unset_or_empty_variable_is_named() {
        let unset = secret_from_env("COGNITO_TUI_TEST_SURELY_UNSET_VAR", "--password-env");
        let message = unset.unwrap_err().to_string();
        assert!(
            message.contains("COGNITO_TUI_TEST_SURELY_UNSET_VAR"),
            "{message}"
        );
        assert!(message.contains("--password-env"), "{message}");
    }
}
