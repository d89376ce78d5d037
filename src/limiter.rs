//! Client-side rate limits, one per Cognito quota category, so a bulk run stays under the
//! account's quota instead of finding it by being throttled.
//!
//! Cognito counts requests per second per category, per account and region, shared by every
//! client of the account: UserUpdate 25 by default, UserList 30, UserRead 120, UserResourceRead
//! 50, UserPoolRead 15, UserAccountRecovery 30, UserCreation 50. Which call counts against which is [`Operation::category`], the one
//! table of it. Since quotas can be raised, and other clients share them, the figures are
//! configurable (`[quotas]` in the config file).
//!
//! Hand-written rather than the `governor` crate: `governor` measures time with its own clock
//! (`quanta`), which tokio's paused test clock does not move, so its waits could not be tested
//! deterministically; and a reservation-based bucket over `tokio::time` is a few dozen lines.
//!
//! The algorithm is GCRA (the token bucket as "theoretical arrival time"): each acquisition
//! reserves the next free slot, `1/rate` after the previous one, and sleeps until it. Callers
//! are served in the order they asked; a burst of up to `burst` requests may go at once after a
//! quiet spell.

use std::sync::Mutex;
use std::time::Duration;

use serde::Deserialize;
use tokio::time::Instant;

/// A Cognito quota category (the "category" column of Cognito's quota page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuotaCategory {
    /// AdminDeleteUserAttributes, AdminUpdateUserAttributes, …
    UserUpdate,
    /// ListUsers, ListUsersInGroup.
    UserList,
    /// AdminGetUser.
    UserRead,
    /// AdminListGroupsForUser.
    UserResourceRead,
    /// DescribeUserPool, ListUserPools, GetCSVHeader.
    UserPoolRead,
    /// AdminResetUserPassword, AdminSetUserPassword.
    UserAccountRecovery,
    /// AdminCreateUser.
    UserCreation,
}

impl QuotaCategory {
    const ALL: [QuotaCategory; 7] = [
        QuotaCategory::UserUpdate,
        QuotaCategory::UserList,
        QuotaCategory::UserRead,
        QuotaCategory::UserResourceRead,
        QuotaCategory::UserPoolRead,
        QuotaCategory::UserAccountRecovery,
        QuotaCategory::UserCreation,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// Declares [`Operation`] from one list of API names: the variants, [`Operation::ALL`] and
/// [`Operation::name`] cannot drift apart.
macro_rules! operations {
    ($($op:ident),+ $(,)?) => {
        /// Every Cognito call the tool makes, each with its quota category: the one place that
        /// says which quota a call counts against (Cognito's quota page, "Operation" and
        /// "Category").
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Operation {
            $($op),+
        }

        impl Operation {
            /// Every operation, in the order declared.
            pub const ALL: [Operation; [$(stringify!($op)),+].len()] = [$(Operation::$op),+];

            /// The API name, as logs and messages give it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Operation::$op => stringify!($op)),+
                }
            }
        }
    };
}

operations![
    ListUsers,
    ListUsersInGroup,
    AdminGetUser,
    AdminListGroupsForUser,
    DescribeUserPool,
    ListUserPools,
    GetCSVHeader,
    AdminDeleteUserAttributes,
    AdminUpdateUserAttributes,
    AdminDisableUser,
    AdminEnableUser,
    AdminUserGlobalSignOut,
    AdminResetUserPassword,
    AdminSetUserPassword,
    AdminCreateUser,
    AdminConfirmSignUp,
    AdminAddUserToGroup,
    AdminRemoveUserFromGroup,
    AdminSetUserMFAPreference,
    AdminDeleteUser,
    AdminListUserAuthEvents,
    ListGroups,
];

impl Operation {
    /// The quota category Cognito counts this call against.
    pub fn category(self) -> QuotaCategory {
        use Operation::*;
        match self {
            ListUsers | ListUsersInGroup => QuotaCategory::UserList,
            AdminGetUser => QuotaCategory::UserRead,
            AdminListGroupsForUser | AdminListUserAuthEvents => QuotaCategory::UserResourceRead,
            DescribeUserPool | ListUserPools | GetCSVHeader | ListGroups => {
                QuotaCategory::UserPoolRead
            }
            AdminDeleteUserAttributes
            | AdminUpdateUserAttributes
            | AdminDisableUser
            | AdminEnableUser
            | AdminUserGlobalSignOut
            | AdminConfirmSignUp
            | AdminAddUserToGroup
            | AdminRemoveUserFromGroup
            | AdminSetUserMFAPreference
            | AdminDeleteUser => QuotaCategory::UserUpdate,
            AdminResetUserPassword | AdminSetUserPassword => QuotaCategory::UserAccountRecovery,
            AdminCreateUser => QuotaCategory::UserCreation,
        }
    }
}

/// The quota category of the call named `op` (an API name such as `"ListUsers"`), if the
/// tool makes that call.
pub fn category_of(op: &str) -> Option<QuotaCategory> {
    Operation::ALL
        .into_iter()
        .find(|o| o.name() == op)
        .map(Operation::category)
}

/// Requests per second allowed per category: the `[quotas]` table of the config file.
///
/// ```toml
/// [quotas]
/// user_update = 20      # leave room for another tool sharing the account's quota
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Quotas {
    pub user_update: u32,
    pub user_list: u32,
    pub user_read: u32,
    /// AdminListGroupsForUser and other reads of what a user belongs to.
    pub user_resource_read: u32,
    pub user_pool_read: u32,
    /// AdminResetUserPassword, AdminSetUserPassword.
    pub user_account_recovery: u32,
    /// AdminCreateUser (also resending an invitation).
    pub user_creation: u32,
}

impl Default for Quotas {
    /// Cognito's default quotas.
    fn default() -> Self {
        Self {
            user_update: 25,
            user_list: 30,
            user_read: 120,
            user_resource_read: 50,
            user_pool_read: 15,
            user_account_recovery: 30,
            user_creation: 50,
        }
    }
}

impl Quotas {
    pub fn get(&self, category: QuotaCategory) -> u32 {
        match category {
            QuotaCategory::UserUpdate => self.user_update,
            QuotaCategory::UserList => self.user_list,
            QuotaCategory::UserRead => self.user_read,
            QuotaCategory::UserResourceRead => self.user_resource_read,
            QuotaCategory::UserPoolRead => self.user_pool_read,
            QuotaCategory::UserAccountRecovery => self.user_account_recovery,
            QuotaCategory::UserCreation => self.user_creation,
        }
    }
}

/// One bucket per quota category; shared (`Arc`) by every task of a run.
#[derive(Debug)]
pub struct Limiter {
    buckets: [Bucket; 7],
}

#[derive(Debug)]
struct Bucket {
    /// Time between two requests at the quota's rate.
    interval: Duration,
    /// How far ahead of its slot a request may go: `(burst - 1) * interval`.
    tolerance: Duration,
    /// The theoretical arrival time of the next request; `None` before the first.
    next: Mutex<Option<Instant>>,
}

impl Bucket {
    fn new(rate: u32, burst: u32) -> Self {
        // Zero would mean "never": take it as the slowest useful rate instead.
        let interval = Duration::from_secs(1) / rate.max(1);
        Self {
            interval,
            tolerance: interval * burst.max(1).saturating_sub(1),
            next: Mutex::new(None),
        }
    }

    /// Reserves the next slot and says when it starts.
    fn reserve(&self) -> Instant {
        let now = Instant::now();
        // A poisoned lock still holds a valid instant: keep using it.
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let tat = next.unwrap_or(now);
        let start = tat.checked_sub(self.tolerance).unwrap_or(tat).max(now);
        *next = Some(tat.max(start) + self.interval);
        start
    }
}

impl Limiter {
    /// Buckets at these rates, each allowing no burst: requests are evenly spaced, which is what
    /// a per-second quota counted over any window needs.
    pub fn new(quotas: &Quotas) -> Self {
        Self::with_burst(quotas, 1)
    }

    /// Buckets that let up to `burst` requests go at once after a quiet spell.
    pub fn with_burst(quotas: &Quotas, burst: u32) -> Self {
        Self {
            buckets: QuotaCategory::ALL.map(|c| Bucket::new(quotas.get(c), burst)),
        }
    }

    /// Waits until one more request of `category` fits in its quota. Dropping the future
    /// gives nothing back: the slot it reserved stays used, which errs on the slow side.
    pub async fn acquire(&self, category: QuotaCategory) {
        let start = self.buckets[category.index()].reserve();
        if start > Instant::now() {
            tokio::time::sleep_until(start).await;
        }
    }

    /// Waits until one more `op` call fits in the quota of its category.
    pub async fn acquire_for(&self, op: Operation) {
        self.acquire(op.category()).await;
    }
}

impl Default for Limiter {
    fn default() -> Self {
        Self::new(&Quotas::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn quotas(user_update: u32) -> Quotas {
        Quotas {
            user_update,
            ..Quotas::default()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn n_acquisitions_take_at_least_n_minus_one_intervals() {
        let limiter = Limiter::new(&quotas(25));
        let start = Instant::now();
        for _ in 0..51 {
            limiter.acquire(QuotaCategory::UserUpdate).await;
        }
        // 51 requests at 25 per second: the first at once, then 50 more 40 ms apart.
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_one_bucket() {
        let limiter = Arc::new(Limiter::new(&quotas(25)));
        let start = Instant::now();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let limiter = Arc::clone(&limiter);
                tokio::spawn(async move {
                    for _ in 0..25 {
                        limiter.acquire(QuotaCategory::UserUpdate).await;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        // 200 requests from 8 tasks still take 199 intervals of 40 ms.
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(7960), "{elapsed:?}");
        assert!(elapsed < Duration::from_millis(8100), "{elapsed:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn categories_do_not_wait_for_each_other() {
        let limiter = Limiter::new(&Quotas::default());
        let start = Instant::now();
        for _ in 0..10 {
            limiter.acquire(QuotaCategory::UserUpdate).await;
        }
        let updates = start.elapsed();
        let start = Instant::now();
        limiter.acquire(QuotaCategory::UserRead).await;
        limiter.acquire(QuotaCategory::UserList).await;
        limiter.acquire(QuotaCategory::UserPoolRead).await;
        assert_eq!(updates, Duration::from_millis(360));
        assert_eq!(start.elapsed(), Duration::ZERO);
        // UserRead at 120 per second: 121 reads take one second.
        let start = Instant::now();
        for _ in 0..120 {
            limiter.acquire(QuotaCategory::UserRead).await;
        }
        assert!(
            start.elapsed() >= Duration::from_millis(990),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_spell_allows_a_burst_but_never_more() {
        let limiter = Limiter::with_burst(&quotas(10), 5);
        tokio::time::sleep(Duration::from_secs(10)).await;
        let start = Instant::now();
        for _ in 0..5 {
            limiter.acquire(QuotaCategory::UserUpdate).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "the burst goes at once");
        for _ in 0..10 {
            limiter.acquire(QuotaCategory::UserUpdate).await;
        }
        // Then the rate holds: 10 more at 10 per second.
        assert!(
            start.elapsed() >= Duration::from_millis(1000),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_quota_is_taken_as_one_per_second() {
        let limiter = Limiter::new(&quotas(0));
        let start = Instant::now();
        limiter.acquire(QuotaCategory::UserUpdate).await;
        limiter.acquire(QuotaCategory::UserUpdate).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[test]
    fn quotas_parse_from_toml_with_defaults_for_what_is_missing() {
        let q: Quotas = toml::from_str("user_update = 20\nuser_read = 50\n").unwrap();
        assert_eq!(q.user_update, 20);
        assert_eq!(q.user_read, 50);
        assert_eq!(q.user_list, 30);
        assert_eq!(q.user_pool_read, 15);
        assert_eq!(q.user_resource_read, 50);
        let q: Quotas = toml::from_str("user_resource_read = 7\n").unwrap();
        assert_eq!(q.user_resource_read, 7);
        assert!(toml::from_str::<Quotas>("user_updates = 1").is_err());
    }

    #[test]
    fn each_call_counts_against_its_cognito_category() {
        use QuotaCategory::*;
        let table = [
            ("ListUsers", UserList),
            ("ListUsersInGroup", UserList),
            ("AdminGetUser", UserRead),
            ("AdminListGroupsForUser", UserResourceRead),
            ("DescribeUserPool", UserPoolRead),
            ("ListUserPools", UserPoolRead),
            ("GetCSVHeader", UserPoolRead),
            ("AdminDeleteUserAttributes", UserUpdate),
            ("AdminUpdateUserAttributes", UserUpdate),
            ("AdminDisableUser", UserUpdate),
            ("AdminDeleteUser", UserUpdate),
            ("AdminAddUserToGroup", UserUpdate),
            ("AdminSetUserMFAPreference", UserUpdate),
            ("AdminResetUserPassword", UserAccountRecovery),
            ("AdminSetUserPassword", UserAccountRecovery),
            ("AdminCreateUser", UserCreation),
            ("AdminListUserAuthEvents", UserResourceRead),
            ("ListGroups", UserPoolRead),
        ];
        for (op, category) in table {
            assert_eq!(category_of(op), Some(category), "{op}");
        }
        assert_eq!(category_of("AdminInitiateAuth"), None);
        let names: std::collections::HashSet<_> = Operation::ALL.map(Operation::name).into();
        assert_eq!(names.len(), Operation::ALL.len(), "each name once");
        assert_eq!(
            Operation::AdminListGroupsForUser.name(),
            "AdminListGroupsForUser"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn user_resource_reads_have_their_own_bucket_at_50_per_second() {
        let limiter = Limiter::default();
        let start = Instant::now();
        for _ in 0..51 {
            limiter.acquire_for(Operation::AdminListGroupsForUser).await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
        let start = Instant::now();
        limiter.acquire_for(Operation::AdminGetUser).await;
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "UserRead does not wait for it"
        );
    }
}
