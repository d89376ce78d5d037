//! An in-memory directory: serves the demo pool and the tests, with injectable failures and
//! latency so both can show how the app behaves when Cognito is slow or says no.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;

use super::filter::Filter;
use super::{
    Attribute, AuthEvent, DirectoryError, DirectoryReader, DirectoryWriter, GroupInfo,
    ListUsersRequest, PageSize, PoolInfo, User, UserPage,
};
use crate::change::AccountAction;

/// The calls the directory answers, for fault injection and call counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    ListUsers,
    GetUser,
    DescribePool,
    /// `AdminListGroupsForUser`.
    ListGroups,
    /// `ListGroups`: the pool's groups.
    ListAllGroups,
    ListUsersInGroup,
    AuthEvents,
    DeleteAttributes,
    UpdateAttributes,
    /// An account action through [`DirectoryWriter::apply`], by its Cognito call (attribute
    /// deletion and updates count as `DeleteAttributes` and `UpdateAttributes`).
    Apply(crate::limiter::Operation),
}

#[derive(Default)]
struct State {
    users: Vec<User>,
    /// Each user's groups.
    groups: HashMap<String, Vec<String>>,
    /// The pool's groups, in the order defined.
    pool_groups: Vec<GroupInfo>,
    faults: HashMap<Operation, VecDeque<DirectoryError>>,
    calls: HashMap<Operation, usize>,
}

pub struct MemoryDirectory {
    pool: PoolInfo,
    latency: Duration,
    state: Mutex<State>,
}

impl MemoryDirectory {
    pub fn new(pool: PoolInfo, users: Vec<User>) -> Self {
        Self {
            pool,
            latency: Duration::ZERO,
            state: Mutex::new(State {
                users,
                ..State::default()
            }),
        }
    }

    /// Puts `username` in the named groups, which become groups of the pool if they were not.
    pub fn with_groups(self, username: &str, groups: &[&str]) -> Self {
        {
            let mut state = self.lock();
            for group in groups {
                state.define_group(GroupInfo {
                    name: (*group).to_owned(),
                    ..GroupInfo::default()
                });
            }
            state.groups.insert(
                username.to_owned(),
                groups.iter().map(|g| (*g).to_owned()).collect(),
            );
        }
        self
    }

    /// Defines groups of the pool (members come from [`Self::with_groups`]); a group defined
    /// again keeps its place and takes the new description and precedence.
    pub fn with_pool_groups(self, groups: Vec<GroupInfo>) -> Self {
        {
            let mut state = self.lock();
            for group in groups {
                state.define_group(group);
            }
        }
        self
    }

    /// The groups `username` is in, for tests to compare against.
    pub fn groups_of(&self, username: &str) -> Vec<String> {
        self.lock()
            .groups
            .get(username)
            .cloned()
            .unwrap_or_default()
    }

    /// Every call waits this long before answering.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The next call of `operation` fails with `error` (queued: inject twice, fail twice).
    pub fn inject(&self, operation: Operation, error: DirectoryError) {
        self.lock()
            .faults
            .entry(operation)
            .or_default()
            .push_back(error);
    }

    /// How many times `operation` was called, failed calls included.
    pub fn calls(&self, operation: Operation) -> usize {
        self.lock().calls.get(&operation).copied().unwrap_or(0)
    }

    /// A copy of the stored users, for tests to compare against.
    pub fn users(&self) -> Vec<User> {
        self.lock().users.clone()
    }

    /// A copy of the stored user called `username`, as stored.
    pub fn user(&self, username: &str) -> Option<User> {
        self.lock().find(username).cloned()
    }

    /// Puts `username` in exactly these groups of the pool (no call counted).
    pub fn set_groups(&self, username: &str, groups: Vec<String>) {
        self.lock().groups.insert(username.to_owned(), groups);
    }

    pub fn remove_user(&self, username: &str) {
        self.lock().users.retain(|u| u.username() != username);
    }

    /// Adds `user` as stored (a test's "someone else created it meanwhile").
    pub fn insert_user(&self, user: User) {
        let mut state = self.lock();
        state.users.retain(|u| u.username() != user.username());
        state.users.push(user);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts the call, waits the latency, then fails if a fault is queued for it.
    async fn enter(&self, operation: Operation) -> Result<(), DirectoryError> {
        *self.lock().calls.entry(operation).or_default() += 1;
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        match self
            .lock()
            .faults
            .get_mut(&operation)
            .and_then(VecDeque::pop_front)
        {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn group_not_found(group: &str) -> DirectoryError {
        DirectoryError::GroupNotFound {
            group: group.to_owned(),
        }
    }

    fn not_found(username: &str) -> DirectoryError {
        DirectoryError::UserNotFound {
            detail: format!("User {username} does not exist."),
        }
    }
}

impl State {
    fn define_group(&mut self, group: GroupInfo) {
        match self.pool_groups.iter_mut().find(|g| g.name == group.name) {
            Some(known) if group.description.is_some() || group.precedence.is_some() => {
                *known = group;
            }
            Some(_) => {}
            None => self.pool_groups.push(group),
        }
    }

    fn has_group(&self, group: &str) -> bool {
        self.pool_groups.iter().any(|g| g.name == group)
    }

    fn find(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|u| u.username() == username)
    }

    fn user(&self, username: &str) -> Result<&User, DirectoryError> {
        self.find(username)
            .ok_or_else(|| MemoryDirectory::not_found(username))
    }

    fn user_mut(&mut self, username: &str) -> Result<&mut User, DirectoryError> {
        self.users
            .iter_mut()
            .find(|u| u.username() == username)
            .ok_or_else(|| MemoryDirectory::not_found(username))
    }
}

/// Synthetic sign-in history: the in-memory pool has no real sign-ins, so each user gets the
/// same few made-up events (in the hours before its last change) for the history view to show.
pub(super) fn synthetic_events(user: &User) -> Vec<AuthEvent> {
    let base = user
        .last_modified()
        .or(user.created())
        .unwrap_or(1_700_000_000);
    let event = |n: i64, kind: &str, response: &str, risk: &str, city: &str| AuthEvent {
        event_id: format!("demo-{}-{n}", user.username()),
        event_type: kind.into(),
        created: Some(base - (4 - n) * 3_600),
        response: response.into(),
        risk_level: Some(risk.into()),
        ip_address: Some(format!("203.0.113.{}", 10 + n)),
        device: Some("Firefox 133 on Linux".into()),
        city: Some(city.into()),
        country: Some("United Kingdom".into()),
    };
    // Newest first, as Cognito answers.
    vec![
        event(3, "SignIn", "Pass", "Low", "London"),
        event(2, "SignIn", "Fail", "Medium", "Leeds"),
        event(1, "ForgotPassword", "Pass", "Low", "London"),
    ]
}

fn status_after_password(permanent: bool) -> &'static str {
    if permanent {
        "CONFIRMED"
    } else {
        "FORCE_CHANGE_PASSWORD"
    }
}

#[async_trait]
impl DirectoryReader for MemoryDirectory {
    async fn csv_header(&self) -> Result<Vec<String>, DirectoryError> {
        Ok(super::import_columns::fallback_header(&self.pool))
    }

    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        self.enter(Operation::ListUsers).await?;
        let filter = Filter::of_request(request.filter.as_deref())?;
        let start = page_start(request.token.as_deref())?;
        let state = self.lock();
        let mut matching = state
            .users
            .iter()
            .filter(|u| filter.as_ref().is_none_or(|f| f.matches(u)))
            .skip(start);
        let users: Vec<User> = matching
            .by_ref()
            .take(request.page_size.get())
            .map(|u| {
                User::from(crate::directory::UserParts {
                    // ListUsers does not report MFA settings; only AdminGetUser does.
                    mfa: None,
                    ..u.to_parts()
                })
            })
            .collect();
        let next_token = matching
            .next()
            .map(|_| (start + request.page_size.get()).to_string());
        Ok(UserPage { users, next_token })
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        self.enter(Operation::GetUser).await?;
        self.lock().user(username).map(|u| {
            User::from(crate::directory::UserParts {
                mfa: Some(u.mfa().map(<[String]>::to_vec).unwrap_or_default()),
                ..u.to_parts()
            })
        })
    }

    async fn list_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        self.enter(Operation::ListGroups).await?;
        let state = self.lock();
        state.user(username)?;
        Ok(state.groups.get(username).cloned().unwrap_or_default())
    }

    async fn list_users_in_group(
        &self,
        group: &str,
        token: Option<String>,
    ) -> Result<UserPage, DirectoryError> {
        self.enter(Operation::ListUsersInGroup).await?;
        let start = page_start(token.as_deref())?;
        let state = self.lock();
        if !state.pool_groups.iter().any(|g| g.name == group) {
            return Err(Self::group_not_found(group));
        }
        let page = PageSize::MAX.get();
        let mut members = state
            .users
            .iter()
            .filter(|u| {
                state
                    .groups
                    .get(u.username())
                    .is_some_and(|g| g.iter().any(|g| g == group))
            })
            .skip(start);
        let users: Vec<User> = members
            .by_ref()
            .take(page)
            .map(|u| {
                User::from(crate::directory::UserParts {
                    mfa: None,
                    ..u.to_parts()
                })
            })
            .collect();
        let next_token = members.next().map(|_| (start + page).to_string());
        Ok(UserPage { users, next_token })
    }

    async fn list_all_groups(&self) -> Result<Vec<GroupInfo>, DirectoryError> {
        self.enter(Operation::ListAllGroups).await?;
        Ok(self.lock().pool_groups.clone())
    }

    /// Synthetic events (see [`synthetic_events`]): enough for the history view to show.
    async fn auth_events(&self, username: &str) -> Result<Vec<AuthEvent>, DirectoryError> {
        self.enter(Operation::AuthEvents).await?;
        let state = self.lock();
        let user = state.user(username)?;
        Ok(synthetic_events(user))
    }

    async fn list_pools(&self) -> Result<Vec<crate::directory::PoolSummary>, DirectoryError> {
        self.enter(Operation::DescribePool).await?;
        Ok(vec![crate::directory::PoolSummary {
            id: self.pool.id.clone(),
            name: self.pool.name.clone(),
            estimated_users: Some(self.lock().users.len() as u64),
        }])
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        self.enter(Operation::DescribePool).await?;
        let count = self.lock().users.len() as u64;
        Ok(PoolInfo {
            estimated_users: Some(count),
            ..self.pool.clone()
        })
    }
}

#[async_trait]
impl DirectoryWriter for MemoryDirectory {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.enter(Operation::DeleteAttributes).await?;
        // Cognito itself refuses these; the in-memory pool does too, so the demo is honest.
        for name in names {
            if let Some(schema) = self.pool.schema_attribute(name)
                && (schema.required || !schema.mutable)
            {
                return Err(DirectoryError::InvalidParameter {
                    detail: format!("Cannot delete the required or immutable attribute {name}."),
                });
            }
        }
        let mut state = self.lock();
        let user = state.user_mut(username)?;
        user.retain_attributes(|a| !names.iter().any(|n| n == a.name));
        user.set_last_modified(now());
        Ok(())
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.enter(Operation::UpdateAttributes).await?;
        // Cognito never changes `sub`, nor an immutable attribute once it has a value.
        let mut state = self.lock();
        let user = state.user_mut(username)?;
        for attribute in attributes {
            let immutable = attribute.name == "sub"
                || self
                    .pool
                    .schema_attribute(&attribute.name)
                    .is_some_and(|s| !s.mutable);
            if immutable && user.attribute(&attribute.name).is_some() {
                return Err(DirectoryError::InvalidParameter {
                    detail: format!("Cannot modify the immutable attribute {}.", attribute.name),
                });
            }
        }
        for attribute in attributes {
            user.set_attribute(&attribute.name, &attribute.value);
        }
        user.set_last_modified(now());
        Ok(())
    }

    /// Each action as Cognito does it, refusing what Cognito refuses.
    async fn apply(&self, username: &str, action: &AccountAction) -> Result<(), DirectoryError> {
        use AccountAction as A;
        match action {
            A::DeleteAttributes { names } => return self.delete_attributes(username, names).await,
            A::SetAttributes { attributes } => {
                let attributes: Vec<Attribute> = attributes
                    .iter()
                    .map(|(n, v)| Attribute::new(n, v))
                    .collect();
                return self.update_attributes(username, &attributes).await;
            }
            _ => {}
        }
        self.enter(Operation::Apply(action.operation())).await?;
        let mut state = self.lock();
        if let A::CreateUser {
            attributes,
            temporary_password,
            ..
        } = action
        {
            if state.find(username).is_some() {
                return Err(DirectoryError::from_code(
                    "UsernameExistsException",
                    format!("User account {username} already exists."),
                ));
            }
            if let Some((name, _)) = attributes.iter().find(|(n, _)| n == "sub") {
                return Err(DirectoryError::InvalidParameter {
                    detail: format!("Cannot set the attribute {name}: Cognito assigns it."),
                });
            }
            if temporary_password.as_ref().is_some_and(|p| p.is_empty()) {
                return Err(DirectoryError::from_code(
                    "InvalidPasswordException",
                    "Password does not conform to policy: it is empty.",
                ));
            }
            let mut all = vec![Attribute::new(
                "sub",
                format!("{:032x}", fastrand::u128(..)),
            )];
            all.extend(attributes.iter().map(|(n, v)| Attribute::new(n, v)));
            state.users.push(User::from(crate::directory::UserParts {
                username: username.to_owned(),
                status: "FORCE_CHANGE_PASSWORD".into(),
                enabled: true,
                created: now(),
                last_modified: now(),
                mfa: Some(Vec::new()),
                attributes: all.into(),
            }));
            return Ok(());
        }
        if let A::AddToGroup { group } | A::RemoveFromGroup { group } = action
            && !state.has_group(group)
        {
            return Err(Self::group_not_found(group));
        }
        let user = state.user_mut(username)?;
        match action {
            A::Disable => user.set_enabled(false),
            A::Enable => user.set_enabled(true),
            A::GlobalSignOut => {}
            A::ResetPassword => user.set_status("RESET_REQUIRED"),
            A::SetPassword {
                password,
                permanent,
            } => {
                if password.is_empty() {
                    return Err(DirectoryError::from_code(
                        "InvalidPasswordException",
                        "Password does not conform to policy: it is empty.",
                    ));
                }
                user.set_status(status_after_password(*permanent));
            }
            A::ResendInvitation => {
                if user.status() != "FORCE_CHANGE_PASSWORD" {
                    return Err(DirectoryError::from_code(
                        "UnsupportedUserStateException",
                        format!(
                            "Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD."
                        ),
                    ));
                }
            }
            A::ConfirmSignUp => {
                if user.status() != "UNCONFIRMED" {
                    return Err(DirectoryError::NotAuthorized {
                        detail: format!(
                            "User cannot be confirmed. Current status is {}.",
                            user.status()
                        ),
                    });
                }
                user.set_status("CONFIRMED");
            }
            // As Cognito: the preference call sets SMS and TOTP; other methods (email) stay.
            A::ResetMfa | A::SetMfa { .. } => {
                let (sms, totp) = match action {
                    A::SetMfa { sms, totp } => (*sms, *totp),
                    _ => (false, false),
                };
                let mut methods: Vec<String> = user
                    .mfa()
                    .unwrap_or_default()
                    .iter()
                    .filter(|m| !crate::change::mfa_method_set_here(m))
                    .cloned()
                    .collect();
                if sms {
                    methods.push("SMS_MFA".to_owned());
                }
                if totp {
                    methods.push("SOFTWARE_TOKEN_MFA".to_owned());
                }
                user.set_mfa(Some(methods));
            }
            A::AddToGroup { .. } | A::RemoveFromGroup { .. } | A::DeleteUser => {}
            A::DeleteAttributes { .. } | A::SetAttributes { .. } | A::CreateUser { .. } => {}
        }
        user.set_last_modified(now());
        match action {
            A::AddToGroup { group } => {
                let groups = state.groups.entry(username.to_owned()).or_default();
                if !groups.contains(group) {
                    groups.push(group.clone());
                }
            }
            A::RemoveFromGroup { group } => {
                if let Some(groups) = state.groups.get_mut(username) {
                    groups.retain(|g| g != group);
                }
            }
            A::DeleteUser => {
                state.users.retain(|u| u.username() != username);
                state.groups.remove(username);
            }
            _ => {}
        }
        Ok(())
    }
}

/// Where the page a token asks for starts (the first user without one); a token this directory
/// did not give is the `InvalidParameter` Cognito answers.
fn page_start(token: Option<&str>) -> Result<usize, DirectoryError> {
    token.map_or(Ok(0), |token| {
        token
            .parse::<usize>()
            .map_err(|_| DirectoryError::InvalidParameter {
                detail: "The pagination token is invalid.".into(),
            })
    })
}

fn now() -> Option<i64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, GroupInfo, PageSize, SchemaAttribute};

    fn directory(n: usize) -> MemoryDirectory {
        let users = (0..n)
            .map(|i| {
                User::from(crate::directory::UserParts {
                    username: format!("user{i:03}"),
                    status: "CONFIRMED".into(),
                    enabled: true,
                    created: None,
                    last_modified: None,
                    mfa: Some(vec![]),
                    attributes: vec![
                        Attribute::new("sub", format!("sub-{i}")),
                        Attribute::new("email", format!("user{i}@example.com")),
                        Attribute::new("locale", "en"),
                    ]
                    .into(),
                })
            })
            .collect();
        let pool = PoolInfo {
            schema: vec![SchemaAttribute {
                name: "sub".into(),
                data_type: "String".into(),
                required: true,
                mutable: false,
                custom: false,
            }],
            ..PoolInfo::default()
        };
        MemoryDirectory::new(pool, users)
    }

    #[tokio::test]
    async fn pages_never_exceed_sixty_and_cover_every_user_once() {
        let dir = directory(130);
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let page = dir
                .list_users(ListUsersRequest {
                    filter: None,
                    page_size: PageSize::clamped(500),
                    token,
                })
                .await
                .unwrap();
            assert!(page.users.len() <= 60);
            seen.extend(page.users.into_iter().map(|u| u.username().to_owned()));
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        assert_eq!(seen.len(), 130);
        seen.dedup();
        assert_eq!(seen.len(), 130);
        assert_eq!(dir.calls(Operation::ListUsers), 3);
    }

    #[tokio::test]
    async fn injected_faults_fail_once_each_in_order() {
        let dir = directory(1);
        dir.inject(
            Operation::GetUser,
            DirectoryError::from_code("TooManyRequestsException", ""),
        );
        assert!(matches!(
            dir.get_user("user000").await,
            Err(DirectoryError::TooManyRequests { .. })
        ));
        assert!(dir.get_user("user000").await.is_ok());
    }

    #[tokio::test]
    async fn deletes_only_the_named_attributes_and_refuses_required_ones() {
        let dir = directory(2);
        dir.delete_attributes("user001", &["locale".into()])
            .await
            .unwrap();
        let user = dir.get_user("user001").await.unwrap();
        assert_eq!(user.attribute("locale"), None);
        assert_eq!(user.attribute("email"), Some("user1@example.com"));
        assert_eq!(
            dir.get_user("user000").await.unwrap().attribute("locale"),
            Some("en")
        );
        assert!(matches!(
            dir.delete_attributes("user001", &["sub".into()]).await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert!(matches!(
            dir.delete_attributes("nobody", &["locale".into()]).await,
            Err(DirectoryError::UserNotFound { .. })
        ));
    }

    #[tokio::test]
    async fn a_token_it_did_not_give_is_an_invalid_parameter_for_either_list() {
        let dir = directory(3).with_pool_groups(vec![GroupInfo {
            name: "g".into(),
            description: None,
            precedence: None,
        }]);
        let request = ListUsersRequest {
            filter: None,
            page_size: PageSize::MAX,
            token: Some("not-a-token".into()),
        };
        assert!(matches!(
            dir.list_users(request).await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert!(matches!(
            dir.list_users_in_group("g", Some("x".into())).await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert_eq!(page_start(None), Ok(0));
        assert_eq!(page_start(Some("60")), Ok(60));
    }

    #[tokio::test]
    async fn updates_set_and_add_attributes_but_never_sub() {
        let dir = directory(1);
        dir.update_attributes(
            "user000",
            &[
                Attribute::new("locale", "fr"),
                Attribute::new("zoneinfo", "UTC"),
            ],
        )
        .await
        .unwrap();
        let user = dir.get_user("user000").await.unwrap();
        assert_eq!(user.attribute("locale"), Some("fr"));
        assert_eq!(user.attribute("zoneinfo"), Some("UTC"));
        assert!(matches!(
            dir.update_attributes("user000", &[Attribute::new("sub", "x")])
                .await,
            Err(DirectoryError::InvalidParameter { .. })
        ));
        assert_eq!(dir.calls(Operation::UpdateAttributes), 2);
    }

    #[tokio::test]
    async fn actions_change_the_user_as_cognito_does_and_refuse_what_it_refuses() {
        use crate::change::{AccountAction as A, Secret};
        let dir = directory(2)
            .with_pool_groups(vec![GroupInfo {
                name: "support".into(),
                ..GroupInfo::default()
            }])
            .with_groups("user001", &["admins"]);
        let names: Vec<String> = dir
            .list_all_groups()
            .await
            .unwrap()
            .into_iter()
            .map(|g| g.name)
            .collect();
        assert_eq!(names, ["support", "admins"]);

        dir.apply("user000", &A::Disable).await.unwrap();
        assert!(!dir.get_user("user000").await.unwrap().enabled());
        dir.apply(
            "user000",
            &A::AddToGroup {
                group: "support".into(),
            },
        )
        .await
        .unwrap();
        assert_eq!(dir.list_groups("user000").await.unwrap(), ["support"]);
        assert!(matches!(
            dir.apply(
                "user000",
                &A::AddToGroup {
                    group: "nope".into()
                }
            )
            .await,
            Err(DirectoryError::GroupNotFound { .. })
        ));
        let password = A::SetPassword {
            password: Secret::new("Passw0rd!"),
            permanent: true,
        };
        dir.apply("user000", &password).await.unwrap();
        assert_eq!(dir.get_user("user000").await.unwrap().status(), "CONFIRMED");
        assert!(matches!(
            dir.apply("nobody", &A::Enable).await,
            Err(DirectoryError::UserNotFound { .. })
        ));
        let create = A::CreateUser {
            attributes: vec![("email".into(), "x@example.com".into())],
            temporary_password: None,
            send_invitation: false,
        };
        let exists = dir.apply("user001", &create).await.unwrap_err();
        assert!(exists.to_string().contains("already exists"), "{exists}");
        dir.apply("user001", &A::DeleteUser).await.unwrap();
        assert!(dir.get_user("user001").await.is_err());
        dir.apply("user001", &create).await.unwrap();
        let created = dir.get_user("user001").await.unwrap();
        assert_eq!(created.status(), "FORCE_CHANGE_PASSWORD");
        assert!(dir.list_groups("user001").await.unwrap().is_empty());
        assert_eq!(
            dir.calls(Operation::Apply(crate::limiter::Operation::AdminCreateUser)),
            2,
            "failed calls count too"
        );
        let events = dir.auth_events("user000").await.unwrap();
        assert_eq!(events.len(), 3);
        assert!(events[0].created > events[1].created, "newest first");
    }
}
