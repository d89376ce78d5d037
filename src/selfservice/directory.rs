//! The directory of one signed-in user: the same traits the admin screen uses, answered by the
//! self-service calls that the user's access token authorises (`GetUser`,
//! `DeleteUserAttributes`). The app, the worker and the attribute pane stay as they are.
//!
//! [`SelfReader`] and [`SelfWriter`] are separate types, as in `aws.rs`: a read-only session
//! builds no writer. Both check the token's expiry before every call, so an expired sign-in
//! says so instead of failing in some other way (cognito-local even accepts expired tokens).

use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::AttributeType;

use super::token::{self, AccessToken, Claims, TokenError};
use crate::directory::aws::map_sdk_error;
use crate::directory::filter::Filter;
use crate::directory::{
    Attribute, DirectoryError, DirectoryReader, DirectoryWriter, EpochSeconds, ListUsersRequest,
    PoolInfo, User, UserPage,
};

/// What the user list shows as the status: `GetUser` does not report Cognito's `UserStatus`.
pub const SIGNED_IN_STATUS: &str = "SIGNED_IN";

/// An access token and its decoded claims.
#[derive(Debug)]
pub struct SignedIn {
    token: AccessToken,
    claims: Claims,
}

impl SignedIn {
    /// Decodes the token's claims. Whether they are acceptable is [`SignedIn::check`]'s to say.
    pub fn new(token: AccessToken) -> Result<Self, TokenError> {
        let claims = token::decode(&token)?;
        Ok(SignedIn { token, claims })
    }

    pub fn claims(&self) -> &Claims {
        &self.claims
    }

    /// Refuses a token that is not an unexpired access token with the admin scope.
    pub fn check(&self, now: EpochSeconds) -> Result<(), TokenError> {
        token::check(&self.claims, now)
    }

    /// The user pool, from the token's issuer (empty when the issuer names none).
    pub fn pool_id(&self) -> &str {
        self.claims.pool_id().unwrap_or_default()
    }

    /// The token, unless it has expired: then the error asks to sign in again.
    fn fresh_token(&self) -> Result<&str, DirectoryError> {
        let now = token::now();
        if token::is_expired(&self.claims, now) {
            tracing::warn!(
                username = %self.claims.username,
                exp = self.claims.exp,
                "the access token has expired; no call sent"
            );
            return Err(DirectoryError::SignInExpired {
                at: token::clock(self.claims.exp, now),
            });
        }
        Ok(self.token.expose_secret())
    }

    /// Only the signed-in user is in this directory.
    fn only_me(&self, username: &str) -> Result<(), DirectoryError> {
        if username == self.claims.username {
            Ok(())
        } else {
            Err(DirectoryError::UserNotFound {
                detail: format!(
                    "self-service reaches only the signed-in user {}, not {username}",
                    self.claims.username
                ),
            })
        }
    }
}

/// Reads the signed-in user (`GetUser`).
#[derive(Clone)]
pub struct SelfReader {
    client: Client,
    signed_in: Arc<SignedIn>,
}

/// Deletes the signed-in user's own attributes (`DeleteUserAttributes`).
#[derive(Clone)]
pub struct SelfWriter {
    client: Client,
    signed_in: Arc<SignedIn>,
}

impl SelfReader {
    pub fn new(client: Client, signed_in: Arc<SignedIn>) -> Self {
        Self { client, signed_in }
    }

    async fn me(&self) -> Result<User, DirectoryError> {
        let token = self.signed_in.fresh_token()?;
        let output = self
            .client
            .get_user()
            .access_token(token)
            .send()
            .await
            .map_err(|e| token_refusal(map_sdk_error(e)))?;
        let mut mfa: Vec<String> = output.user_mfa_setting_list().to_vec();
        if mfa.is_empty() && !output.mfa_options().is_empty() {
            // Users set up before MFA settings lists existed report SMS MFA here.
            mfa.push("SMS_MFA".to_owned());
        }
        Ok(User::from(crate::directory::UserParts {
            username: output.username().to_owned(),
            status: SIGNED_IN_STATUS.to_owned(),
            // Cognito refuses the tokens of disabled users, so an answer means enabled.
            enabled: true,
            created: None,
            last_modified: None,
            mfa: Some(mfa),
            attributes: output
                .user_attributes()
                .iter()
                .map(|a| Attribute::new(a.name(), a.value().unwrap_or_default()))
                .collect(),
        }))
    }
}

impl SelfWriter {
    pub fn new(client: Client, signed_in: Arc<SignedIn>) -> Self {
        Self { client, signed_in }
    }
}

/// A refused token asks to sign in again; other errors keep their own message. Cognito answers
/// a token whose user has since been deleted with UserNotFound: that too is a sign-in that no
/// longer works, not a user to look for again with `r` as on the admin screen.
fn token_refusal(error: DirectoryError) -> DirectoryError {
    match error {
        DirectoryError::NotAuthorized { detail } | DirectoryError::UserNotFound { detail } => {
            DirectoryError::SignInRejected { detail }
        }
        other => other,
    }
}

#[async_trait]
impl DirectoryReader for SelfReader {
    /// One page holding the signed-in user, if it passes the filter.
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        let filter =
            Filter::of_request(request.filter.as_deref().filter(|f| !f.trim().is_empty()))?;
        if request.token.is_some() {
            // There is never a second page.
            self.signed_in.fresh_token()?;
            return Ok(UserPage::default());
        }
        let me = self.me().await?;
        let users = if filter.as_ref().is_none_or(|f| f.matches(&me)) {
            vec![me]
        } else {
            Vec::new()
        };
        Ok(UserPage {
            users,
            next_token: None,
        })
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        let me = self.me().await?;
        if me.username() != username {
            return Err(DirectoryError::UserNotFound {
                detail: format!(
                    "self-service reaches only the signed-in user {}, not {username}",
                    me.username()
                ),
            });
        }
        Ok(me)
    }

    /// What the token tells of the pool. A user cannot call `DescribeUserPool`, so there is no
    /// schema: the app still refuses what Cognito never deletes (`sub`, `identities`, `cognito:*`,
    /// see `schema_rules::refusal_without_schema`), and Cognito refuses the rest when asked. The name
    /// says which mode this is; the username is in the profile slot, so the header names it once.
    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        self.signed_in.fresh_token()?;
        Ok(PoolInfo {
            id: self.signed_in.pool_id().to_owned(),
            // Who is signed in, and until when, is the header's profile slot (`mod.rs`).
            name: "self-service".to_owned(),
            estimated_users: None,
            schema: Vec::new(),
            mfa_configuration: None,
            username_attributes: Vec::new(),
            alias_attributes: Vec::new(),
            details: Box::default(),
        })
    }
}

#[async_trait]
impl DirectoryWriter for SelfWriter {
    /// `DeleteUserAttributes` always acts on the token's own user, so a plan for anyone else is
    /// refused here rather than applied to the wrong account.
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.signed_in.only_me(username)?;
        let token = self.signed_in.fresh_token()?;
        self.client
            .delete_user_attributes()
            .access_token(token)
            .set_user_attribute_names(Some(names.to_vec()))
            .send()
            .await
            .map_err(|e| token_refusal(map_sdk_error(e)))?;
        Ok(())
    }

    /// `UpdateUserAttributes` with the token: puts values back, for undo. Cognito may send a
    /// verification code when an email or phone number is set this way.
    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.signed_in.only_me(username)?;
        let token = self.signed_in.fresh_token()?;
        let list = attributes
            .iter()
            .map(|a| {
                AttributeType::builder()
                    .name(&a.name)
                    .value(&a.value)
                    .build()
                    .map_err(|e| DirectoryError::InvalidParameter {
                        detail: e.to_string(),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.client
            .update_user_attributes()
            .access_token(token)
            .set_user_attributes(Some(list))
            .send()
            .await
            .map_err(|e| token_refusal(map_sdk_error(e)))?;
        Ok(())
    }
}
