//! The directory backed by Amazon Cognito through the official SDK.
//!
//! [`AwsReader`] and [`AwsWriter`] are separate types over the same client: a read-only session
//! constructs only the reader, which has no method that sends a mutating call.

use std::marker::PhantomData;

use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::config::http::HttpResponse;
use aws_sdk_cognitoidentityprovider::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthEventType, DeliveryMediumType, MessageActionType, SmsMfaSettingsType,
    SoftwareTokenMfaSettingsType, UserPoolType, UserType,
};

use super::credentials::without_secrets;
use super::{
    Attribute, Attributes, AuthEvent, DirectoryError, DirectoryReader, DirectoryWriter, GroupInfo,
    ListUsersRequest, PasswordPolicy, PoolDetails, PoolInfo, PoolSummary, SchemaAttribute, User,
    UserPage,
};
use crate::change::AccountAction;

/// The most pools the picker lists (and describes, one call each).
const MAX_PICKER_POOLS: usize = 120;
/// The most sign-in events read for one user (two pages): the recent history, not all of it.
const MAX_AUTH_EVENTS: usize = 120;

/// One user pool through the SDK, as a reader ([`AwsReader`]) or a writer ([`AwsWriter`]): the
/// two are distinct types, so a read-only session holds no value that could change the pool.
#[derive(Clone)]
pub struct AwsPool<Role> {
    client: Client,
    pool_id: String,
    /// The AWS profile the client's credentials come from, for the sentence that says they
    /// could not be had (empty: not known).
    profile: String,
    role: PhantomData<Role>,
}

/// What an [`AwsReader`] is: it only reads.
#[derive(Clone, Copy)]
pub struct Reads;

/// What an [`AwsWriter`] is: it only changes.
#[derive(Clone, Copy)]
pub struct Writes;

/// Reads one user pool.
pub type AwsReader = AwsPool<Reads>;

/// Changes one user pool.
pub type AwsWriter = AwsPool<Writes>;

impl<Role> AwsPool<Role> {
    pub fn new(client: Client, pool_id: impl Into<String>) -> Self {
        Self {
            client,
            pool_id: pool_id.into(),
            profile: String::new(),
            role: PhantomData,
        }
    }

    /// The same, its credential errors naming `profile`.
    pub fn with_profile(self, profile: impl Into<String>) -> Self {
        Self {
            profile: profile.into(),
            ..self
        }
    }

    fn failed<E>(&self, err: SdkError<E, HttpResponse>) -> DirectoryError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        map_sdk_error(err).with_profile(&self.profile)
    }
}

#[async_trait]
impl DirectoryReader for AwsReader {
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        let output = self
            .client
            .list_users()
            .user_pool_id(&self.pool_id)
            .limit(request.page_size.get() as i32)
            .set_filter(request.filter)
            .set_pagination_token(request.token)
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        Ok(UserPage {
            users: output.users().iter().map(user_from_list).collect(),
            // An empty token means the end, as a missing one does.
            next_token: next_token(output.pagination_token()),
        })
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        let output = self
            .client
            .admin_get_user()
            .user_pool_id(&self.pool_id)
            .username(username)
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        let mut mfa: Vec<String> = output.user_mfa_setting_list().to_vec();
        if mfa.is_empty() && !output.mfa_options().is_empty() {
            // Users set up before MFA settings lists existed report SMS MFA here.
            mfa.push("SMS_MFA".to_owned());
        }
        Ok(User::from(crate::directory::UserParts {
            username: output.username().to_owned(),
            status: output
                .user_status()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            enabled: output.enabled(),
            created: output.user_create_date().map(|d| d.secs()),
            last_modified: output.user_last_modified_date().map(|d| d.secs()),
            mfa: Some(mfa),
            attributes: attributes(output.user_attributes()),
        }))
    }

    async fn list_pools(&self) -> Result<Vec<PoolSummary>, DirectoryError> {
        all_pages(MAX_PICKER_POOLS, |token| async move {
            let output = self
                .client
                .list_user_pools()
                .max_results(60)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.failed(e))?;
            let pools = output.user_pools().iter().filter_map(|p| {
                Some(PoolSummary {
                    id: p.id()?.to_owned(),
                    name: p.name().unwrap_or_default().to_owned(),
                    estimated_users: None,
                })
            });
            Ok((pools.collect(), next_token(output.next_token())))
        })
        .await
    }

    async fn pool_size(&self, pool_id: &str) -> Result<Option<u64>, DirectoryError> {
        let output = self
            .client
            .describe_user_pool()
            .user_pool_id(pool_id)
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        Ok(output
            .user_pool()
            .and_then(|p| u64::try_from(p.estimated_number_of_users()).ok()))
    }

    async fn list_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        all_pages(usize::MAX, |token| async move {
            let output = self
                .client
                .admin_list_groups_for_user()
                .user_pool_id(&self.pool_id)
                .username(username)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.failed(e))?;
            let groups = output
                .groups()
                .iter()
                .filter_map(|g| g.group_name())
                .map(str::to_owned);
            Ok((groups.collect(), next_token(output.next_token())))
        })
        .await
    }

    async fn list_all_groups(&self) -> Result<Vec<GroupInfo>, DirectoryError> {
        all_pages(usize::MAX, |token| async move {
            let output = self
                .client
                .list_groups()
                .user_pool_id(&self.pool_id)
                .limit(60)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.failed(e))?;
            let groups = output.groups().iter().filter_map(|g| {
                Some(GroupInfo {
                    name: g.group_name()?.to_owned(),
                    description: g.description().map(str::to_owned),
                    precedence: g.precedence(),
                })
            });
            Ok((groups.collect(), next_token(output.next_token())))
        })
        .await
    }

    async fn list_users_in_group(
        &self,
        group: &str,
        token: Option<String>,
    ) -> Result<UserPage, DirectoryError> {
        let output = self
            .client
            .list_users_in_group()
            .user_pool_id(&self.pool_id)
            .group_name(group)
            .limit(super::PageSize::MAX.get() as i32)
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| of_group(self.failed(e), group, &self.pool_id))?;
        Ok(UserPage {
            users: output.users().iter().map(user_from_list).collect(),
            next_token: next_token(output.next_token()),
        })
    }

    async fn auth_events(&self, username: &str) -> Result<Vec<AuthEvent>, DirectoryError> {
        all_pages(MAX_AUTH_EVENTS, |token| async move {
            let output = self
                .client
                .admin_list_user_auth_events()
                .user_pool_id(&self.pool_id)
                .username(username)
                .max_results(60)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.failed(e))?;
            let events = output.auth_events().iter().map(auth_event).collect();
            Ok((events, next_token(output.next_token())))
        })
        .await
    }

    async fn csv_header(&self) -> Result<Vec<String>, DirectoryError> {
        let output = self
            .client
            .get_csv_header()
            .user_pool_id(&self.pool_id)
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        Ok(output.csv_header().to_vec())
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        let output = self
            .client
            .describe_user_pool()
            .user_pool_id(&self.pool_id)
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        let Some(pool) = output.user_pool() else {
            return Err(DirectoryError::ResourceNotFound {
                detail: "DescribeUserPool returned no pool".into(),
            });
        };
        Ok(PoolInfo {
            id: pool.id().unwrap_or(&self.pool_id).to_owned(),
            name: pool.name().unwrap_or_default().to_owned(),
            estimated_users: u64::try_from(pool.estimated_number_of_users()).ok(),
            schema: pool
                .schema_attributes()
                .iter()
                .filter_map(|a| {
                    let name = a.name()?.to_owned();
                    Some(SchemaAttribute {
                        custom: name.starts_with("custom:") || name.starts_with("dev:"),
                        name,
                        data_type: a
                            .attribute_data_type()
                            .map(|t| t.as_str().to_owned())
                            .unwrap_or_else(|| "String".to_owned()),
                        required: a.required().unwrap_or(false),
                        mutable: a.mutable().unwrap_or(true),
                    })
                })
                .collect(),
            mfa_configuration: pool.mfa_configuration().map(|m| m.as_str().to_owned()),
            username_attributes: pool
                .username_attributes()
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
            alias_attributes: pool
                .alias_attributes()
                .iter()
                .map(|a| a.as_str().to_owned())
                .collect(),
            details: Box::new(pool_details(pool)),
        })
    }
}

#[async_trait]
impl DirectoryWriter for AwsWriter {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.client
            .admin_delete_user_attributes()
            .user_pool_id(&self.pool_id)
            .username(username)
            .set_user_attribute_names(Some(names.to_vec()))
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        let list = attributes
            .iter()
            .map(|a| attribute_type(&a.name, &a.value))
            .collect::<Result<Vec<_>, _>>()?;
        self.client
            .admin_update_user_attributes()
            .user_pool_id(&self.pool_id)
            .username(username)
            .set_user_attributes(Some(list))
            .send()
            .await
            .map_err(|e| self.failed(e))?;
        Ok(())
    }

    async fn apply(&self, username: &str, action: &AccountAction) -> Result<(), DirectoryError> {
        use AccountAction::*;
        let pool = self.pool_id.as_str();
        let c = &self.client;
        // One arm per action: each builds and sends the one call its operation names.
        let sent = match action {
            DeleteAttributes { names } => return self.delete_attributes(username, names).await,
            SetAttributes { attributes } => {
                let list: Vec<Attribute> = attributes
                    .iter()
                    .map(|(name, value)| Attribute::new(name, value))
                    .collect();
                return self.update_attributes(username, &list).await;
            }
            Disable => c
                .admin_disable_user()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            Enable => c
                .admin_enable_user()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            GlobalSignOut => c
                .admin_user_global_sign_out()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            ResetPassword => c
                .admin_reset_user_password()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            SetPassword {
                password,
                permanent,
            } => c
                .admin_set_user_password()
                .user_pool_id(pool)
                .username(username)
                .password(password.expose())
                .permanent(*permanent)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            ResendInvitation => c
                .admin_create_user()
                .user_pool_id(pool)
                .username(username)
                .message_action(MessageActionType::Resend)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            CreateUser {
                attributes,
                temporary_password,
                send_invitation,
            } => {
                let list = attributes
                    .iter()
                    .map(|(name, value)| attribute_type(name, value))
                    .collect::<Result<Vec<_>, _>>()?;
                let (message_action, mediums) = if *send_invitation {
                    (None, delivery_mediums(attributes))
                } else {
                    (Some(MessageActionType::Suppress), None)
                };
                c.admin_create_user()
                    .user_pool_id(pool)
                    .username(username)
                    .set_user_attributes(Some(list))
                    .set_temporary_password(
                        temporary_password.as_ref().map(|p| p.expose().to_owned()),
                    )
                    .set_message_action(message_action)
                    .set_desired_delivery_mediums(mediums)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| self.failed(e))
            }
            ConfirmSignUp => c
                .admin_confirm_sign_up()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            AddToGroup { group } => c
                .admin_add_user_to_group()
                .user_pool_id(pool)
                .username(username)
                .group_name(group)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            RemoveFromGroup { group } => c
                .admin_remove_user_from_group()
                .user_pool_id(pool)
                .username(username)
                .group_name(group)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
            ResetMfa | SetMfa { .. } => {
                let (sms, totp) = match action {
                    SetMfa { sms, totp } => (*sms, *totp),
                    _ => (false, false),
                };
                // One method is preferred: TOTP when both are on.
                c.admin_set_user_mfa_preference()
                    .user_pool_id(pool)
                    .username(username)
                    .sms_mfa_settings(
                        SmsMfaSettingsType::builder()
                            .enabled(sms)
                            .preferred_mfa(sms && !totp)
                            .build(),
                    )
                    .software_token_mfa_settings(
                        SoftwareTokenMfaSettingsType::builder()
                            .enabled(totp)
                            .preferred_mfa(totp)
                            .build(),
                    )
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| self.failed(e))
            }
            DeleteUser => c
                .admin_delete_user()
                .user_pool_id(pool)
                .username(username)
                .send()
                .await
                .map(drop)
                .map_err(|e| self.failed(e)),
        };
        sent.map_err(|e| in_context(e, action, pool))
    }
}

/// A Cognito attribute from a name and value.
/// The token for the next page, or `None` at the end: an empty token means the end, as a
/// missing one does.
fn next_token(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_owned)
}

/// Every item of a call that pages with a next token, at most `max` of them: `page` sends the
/// call for one token and answers that page's items and the next token. Pages are asked for
/// until the last one, or until `max` items have come (the list is then cut to `max`).
async fn all_pages<T, F, Fut>(max: usize, mut page: F) -> Result<Vec<T>, DirectoryError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), DirectoryError>>,
{
    let mut items = Vec::new();
    let mut token = None;
    loop {
        let (more, next) = page(token).await?;
        items.extend(more);
        token = next;
        if token.is_none() || items.len() >= max {
            items.truncate(max);
            return Ok(items);
        }
    }
}

fn attribute_type(name: &str, value: &str) -> Result<AttributeType, DirectoryError> {
    AttributeType::builder()
        .name(name)
        .value(value)
        .build()
        .map_err(|e| DirectoryError::InvalidParameter {
            detail: e.to_string(),
        })
}

/// Where an invitation goes: Cognito's default is SMS alone, which fails for a user with only
/// an email, so ask for the channels the new user's attributes have.
fn delivery_mediums(attributes: &[(String, String)]) -> Option<Vec<DeliveryMediumType>> {
    let has = |name: &str| attributes.iter().any(|(n, v)| n == name && !v.is_empty());
    let mut mediums = Vec::new();
    if has("email") {
        mediums.push(DeliveryMediumType::Email);
    }
    if has("phone_number") {
        mediums.push(DeliveryMediumType::Sms);
    }
    (!mediums.is_empty()).then_some(mediums)
}

/// An error made plainer by what was asked: Cognito answers ResourceNotFound for a missing
/// group as for a missing pool, and only the action knows a group was named. The pool is the
/// one missing when the message names it (Cognito: "User pool … does not exist"; moto: its id).
fn in_context(err: DirectoryError, action: &AccountAction, pool_id: &str) -> DirectoryError {
    match action {
        AccountAction::AddToGroup { group } | AccountAction::RemoveFromGroup { group } => {
            of_group(err, group, pool_id)
        }
        _ => err,
    }
}

/// A call that named `group` answered ResourceNotFound: the group is missing, unless the
/// message names the pool.
fn of_group(err: DirectoryError, group: &str, pool_id: &str) -> DirectoryError {
    match err {
        DirectoryError::ResourceNotFound { detail }
            if !detail.to_ascii_lowercase().contains("pool") && !detail.contains(pool_id) =>
        {
            DirectoryError::GroupNotFound {
                group: group.to_owned(),
            }
        }
        err => err,
    }
}

fn auth_event(event: &AuthEventType) -> AuthEvent {
    let context = event.event_context_data();
    AuthEvent {
        event_id: event.event_id().unwrap_or_default().to_owned(),
        event_type: event
            .event_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        created: event.creation_date().map(|d| d.secs()),
        response: event
            .event_response()
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        risk_level: event
            .event_risk()
            .and_then(|r| r.risk_level())
            .map(|l| l.as_str().to_owned()),
        ip_address: context.and_then(|c| c.ip_address()).map(str::to_owned),
        device: context.and_then(|c| c.device_name()).map(str::to_owned),
        city: context.and_then(|c| c.city()).map(str::to_owned),
        country: context.and_then(|c| c.country()).map(str::to_owned),
    }
}

/// The describe view's part of `DescribeUserPool`.
fn pool_details(pool: &UserPoolType) -> PoolDetails {
    let policy = pool.policies().and_then(|p| p.password_policy());
    let mut triggers = Vec::new();
    if let Some(lambda) = pool.lambda_config() {
        let named = [
            ("PreSignUp", lambda.pre_sign_up()),
            ("CustomMessage", lambda.custom_message()),
            ("PostConfirmation", lambda.post_confirmation()),
            ("PreAuthentication", lambda.pre_authentication()),
            ("PostAuthentication", lambda.post_authentication()),
            ("DefineAuthChallenge", lambda.define_auth_challenge()),
            ("CreateAuthChallenge", lambda.create_auth_challenge()),
            (
                "VerifyAuthChallengeResponse",
                lambda.verify_auth_challenge_response(),
            ),
            ("PreTokenGeneration", lambda.pre_token_generation()),
            ("UserMigration", lambda.user_migration()),
            (
                "CustomSMSSender",
                lambda.custom_sms_sender().map(|c| c.lambda_arn()),
            ),
            (
                "CustomEmailSender",
                lambda.custom_email_sender().map(|c| c.lambda_arn()),
            ),
        ];
        triggers.extend(
            named
                .into_iter()
                .filter_map(|(name, arn)| Some((name.to_owned(), arn?.to_owned()))),
        );
    }
    PoolDetails {
        arn: pool.arn().map(str::to_owned),
        created: pool.creation_date().map(|d| d.secs()),
        last_modified: pool.last_modified_date().map(|d| d.secs()),
        password_policy: policy.map(|p| PasswordPolicy {
            minimum_length: p.minimum_length(),
            require_uppercase: p.require_uppercase(),
            require_lowercase: p.require_lowercase(),
            require_numbers: p.require_numbers(),
            require_symbols: p.require_symbols(),
            temporary_password_validity_days: Some(p.temporary_password_validity_days())
                .filter(|d| *d > 0),
        }),
        triggers,
        auto_verified_attributes: pool
            .auto_verified_attributes()
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect(),
        deletion_protection: pool.deletion_protection().map(|d| d.as_str().to_owned()),
        tier: pool.user_pool_tier().map(|t| t.as_str().to_owned()),
        domain: pool.custom_domain().or(pool.domain()).map(str::to_owned),
    }
}

fn attributes(list: &[AttributeType]) -> Attributes {
    list.iter()
        .map(|a| (a.name(), a.value().unwrap_or_default()))
        .collect()
}

fn user_from_list(user: &UserType) -> User {
    User::from(crate::directory::UserParts {
        username: user.username().unwrap_or_default().to_owned(),
        status: user
            .user_status()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        enabled: user.enabled(),
        created: user.user_create_date().map(|d| d.secs()),
        last_modified: user.user_last_modified_date().map(|d| d.secs()),
        mfa: None,
        attributes: attributes(user.attributes()),
    })
}

/// Turns any SDK failure into the error the user is shown. Service errors are told apart by
/// their code, which every Cognito operation's error type reports.
pub(crate) fn map_sdk_error<E>(err: SdkError<E, HttpResponse>) -> DirectoryError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let context = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::ServiceError(_) | SdkError::ResponseError(_) => match err.code() {
            Some(code) => DirectoryError::from_code(code, err.message().unwrap_or(&context)),
            None if is_server_fault(&err) => DirectoryError::InternalError { detail: context },
            None => DirectoryError::Other {
                code: "UnknownError".into(),
                detail: context,
            },
        },
        SdkError::TimeoutError(_) => {
            tracing::warn!("no answer in time: {}", causes(&err));
            DirectoryError::TimedOut {
                operation: String::new(),
                secs: crate::timeouts::current().attempt().as_secs(),
            }
        }
        SdkError::DispatchFailure(failure) if failure.is_timeout() => {
            tracing::warn!("could not connect in time: {}", causes(&err));
            DirectoryError::TimedOut {
                operation: String::new(),
                secs: crate::timeouts::current().connect().as_secs(),
            }
        }
        SdkError::DispatchFailure(_) => {
            tracing::debug!("{}", without_secrets(&context));
            if mentions_credentials(&context) {
                credentials(&err)
            } else {
                tracing::warn!("could not reach Cognito: {}", causes(&err));
                DirectoryError::Network {
                    detail: root_causes(&err),
                }
            }
        }
        _ if mentions_credentials(&context) => {
            tracing::debug!("{}", without_secrets(&context));
            credentials(&err)
        }
        _ => DirectoryError::Other {
            code: "RequestFailed".into(),
            detail: context,
        },
    }
}

/// Credentials that could not be had: the sentence is read from the SDK's words, which are kept
/// (without anything shaped like a secret) for the messages and the log.
fn credentials(err: &(dyn std::error::Error + 'static)) -> DirectoryError {
    let detail = without_secrets(&causes(err));
    tracing::warn!("AWS credentials: {detail}");
    DirectoryError::Credentials {
        profile: Box::default(),
        detail,
    }
}

/// The error and its causes in words, without the debug dump `DisplayErrorContext` appends.
fn causes(err: &(dyn std::error::Error + 'static)) -> String {
    one_line(&cause_parts(err).join(": "))
}

/// The last two causes, where the reason is (`tcp connect error: Connection refused`): the
/// SDK's wrappers before them would push it off the status line. [`causes`] has them all.
fn root_causes(err: &(dyn std::error::Error + 'static)) -> String {
    let parts = cause_parts(err);
    one_line(&parts[parts.len().saturating_sub(2)..].join(": "))
}

fn cause_parts(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut parts: Vec<String> = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts
}

/// Some providers explain over several lines; the status line has one.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn mentions_credentials(context: &str) -> bool {
    let lower = context.to_ascii_lowercase();
    lower.contains("credential") || lower.contains("identity") || lower.contains("sso")
}

fn is_server_fault<E>(err: &SdkError<E, HttpResponse>) -> bool {
    err.raw_response()
        .is_some_and(|r| r.status().is_server_error())
}

#[cfg(test)]
mod timeout_tests {
    use super::*;
    use aws_sdk_cognitoidentityprovider::operation::list_users::ListUsersError;

    #[test]
    fn an_sdk_timeout_becomes_timed_out_in_one_sentence() {
        let err: SdkError<ListUsersError, HttpResponse> =
            SdkError::timeout_error("operation attempt timeout occurred after 10s");
        let mapped = map_sdk_error(err);
        assert!(
            matches!(mapped, DirectoryError::TimedOut { .. }),
            "{mapped:?}"
        );
        assert!(mapped.is_transient());
        assert_eq!(mapped.to_string(), "Cognito did not answer within 10 s.");
    }

    #[test]
    fn a_refused_connection_says_so_before_the_sdk_wrappers() {
        use aws_sdk_cognitoidentityprovider::error::ConnectorError;
        let refused = std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused (os error 111)",
        );
        let connect = std::io::Error::other(TcpConnect(refused));
        let err: SdkError<ListUsersError, HttpResponse> =
            SdkError::dispatch_failure(ConnectorError::io(Box::new(connect)));
        let mapped = map_sdk_error(err);
        assert!(
            matches!(mapped, DirectoryError::Network { .. }),
            "{mapped:?}"
        );
        let text = mapped.to_string();
        // What an 80-column status line shows of it.
        let shown: String = text.chars().take(78).collect();
        assert!(shown.contains("Connection refused"), "{text}");
        assert_eq!(text.lines().count(), 1, "{text}");
    }

    #[test]
    fn credentials_that_cannot_be_had_become_a_sentence_naming_the_profile() {
        use aws_sdk_cognitoidentityprovider::error::ConnectorError;
        let chain = std::io::Error::other(
            "the credential provider was not enabled: no credentials found in chain. \
             Attempted:; Environment: the credential provider was not enabled: environment \
             variable not set; Profile: the credential provider was not enabled",
        );
        let err: SdkError<ListUsersError, HttpResponse> =
            SdkError::dispatch_failure(ConnectorError::other(Box::new(chain), None));
        let mapped = map_sdk_error(err).with_profile("dev");
        assert!(
            matches!(&mapped, DirectoryError::Credentials { profile, .. } if &**profile == "dev"),
            "{mapped:?}"
        );
        let text = mapped.to_string();
        assert!(
            text.starts_with("No AWS credentials found for profile dev: "),
            "{text}"
        );
        assert!(text.contains("aws sso login --profile dev"), "{text}");
        assert!(!text.contains("dispatch failure"), "{text}");
        assert!(
            mapped
                .support_detail()
                .is_some_and(|d| d.contains("no credentials found in chain")),
            "{mapped:?}"
        );
        assert!(!mapped.is_transient());
    }

    /// hyper's "tcp connect error" around the OS error, as the SDK's client reports it.
    #[derive(Debug)]
    struct TcpConnect(std::io::Error);

    impl std::fmt::Display for TcpConnect {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("tcp connect error")
        }
    }

    impl std::error::Error for TcpConnect {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }
}

#[cfg(test)]
mod action_tests {
    use super::*;

    #[test]
    fn a_missing_group_is_named_and_a_missing_pool_stays_the_pool() {
        let add = AccountAction::AddToGroup {
            group: "support".into(),
        };
        let missing = |detail: &str| DirectoryError::ResourceNotFound {
            detail: detail.into(),
        };
        let group = in_context(missing("Group not found."), &add, "eu-west-1_P");
        assert_eq!(
            group,
            DirectoryError::GroupNotFound {
                group: "support".into()
            }
        );
        assert!(group.to_string().contains("Group support does not exist"));
        for pool in ["User pool eu-west-1_P does not exist.", "eu-west-1_P"] {
            assert!(matches!(
                in_context(missing(pool), &add, "eu-west-1_P"),
                DirectoryError::ResourceNotFound { .. }
            ));
        }
        assert!(matches!(
            in_context(missing("Group not found."), &AccountAction::Disable, "p"),
            DirectoryError::ResourceNotFound { .. }
        ));
    }

    #[test]
    fn an_invitation_goes_to_the_channels_the_user_has() {
        let attrs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            delivery_mediums(&attrs(&[("email", "jo@example.com")])),
            Some(vec![DeliveryMediumType::Email])
        );
        assert_eq!(
            delivery_mediums(&attrs(&[("email", "a@b.c"), ("phone_number", "+4412")])),
            Some(vec![DeliveryMediumType::Email, DeliveryMediumType::Sms])
        );
        assert_eq!(delivery_mediums(&attrs(&[("locale", "en")])), None);
    }
}

#[cfg(test)]
mod paging_tests {
    use super::*;

    /// Serves `pages` in turn as `all_pages` asks, recording the tokens it was given.
    async fn collect(
        max: usize,
        pages: &[(Vec<u32>, Option<&str>)],
        asked: &std::sync::Mutex<Vec<Option<String>>>,
    ) -> Result<Vec<u32>, DirectoryError> {
        all_pages(max, |token| {
            let mut asked = asked.lock().unwrap();
            let (items, next) = pages[asked.len()].clone();
            asked.push(token);
            async move { Ok((items, next_token(next))) }
        })
        .await
    }

    #[tokio::test]
    async fn pages_are_followed_to_the_last_and_an_empty_token_ends_them() {
        let asked = std::sync::Mutex::new(Vec::new());
        let pages = [
            (vec![1, 2], Some("t2")),
            (vec![3], Some("t3")),
            (vec![4], Some("")),
        ];
        assert_eq!(
            collect(usize::MAX, &pages, &asked).await.unwrap(),
            [1, 2, 3, 4]
        );
        assert_eq!(
            *asked.lock().unwrap(),
            [None, Some("t2".to_owned()), Some("t3".to_owned())]
        );
    }

    #[tokio::test]
    async fn paging_stops_once_max_items_have_come_and_cuts_to_max() {
        let asked = std::sync::Mutex::new(Vec::new());
        let pages = [
            (vec![1, 2, 3], Some("t2")),
            (vec![4, 5, 6], Some("t3")),
            (vec![7], None),
        ];
        assert_eq!(collect(5, &pages, &asked).await.unwrap(), [1, 2, 3, 4, 5]);
        assert_eq!(
            asked.lock().unwrap().len(),
            2,
            "the third page is not asked for"
        );
    }

    #[tokio::test]
    async fn an_error_on_a_page_is_the_answer() {
        let mut calls = 0;
        let result: Result<Vec<u32>, _> = all_pages(usize::MAX, |_| {
            calls += 1;
            let answer = if calls == 1 {
                Ok((vec![1], Some("t2".to_owned())))
            } else {
                Err(DirectoryError::from_code("InternalErrorException", "down"))
            };
            async move { answer }
        })
        .await;
        assert!(result.is_err());
        assert_eq!(calls, 2);
    }
}
