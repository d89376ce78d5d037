//! The demo pool with `--demo-users N` synthetic users after its own, made on demand.
//!
//! A million users generated up front cost ~700 MB before the app has loaded a page, and the app
//! then holds its own copy. Here the demo pool's users (and any user created) live in a
//! [`MemoryDirectory`]; the synthetic ones are made from `(seed, index)` when asked for
//! ([`synthetic::Pool`]) and never kept — unless one is changed: then it is copied once into an
//! overlay directory, which carries out the change with [`MemoryDirectory`]'s own rules and
//! serves that user from then on, in the same place of the listing. A deleted one stays deleted.
//!
//! Listing: the demo pool's pages first (their tokens `d:…` are the memory directory's), then
//! synthetic users by index (`s:INDEX`). A synthetic user's place is its index, so a load-all
//! neither skips nor repeats one while users are changed or deleted. A filtered listing walks
//! the synthetic users, making each: slow at a million (about a second in a release build for a
//! rare match), which is fine for a demo's server-side filter.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::filter::Filter;
use super::memory::{MemoryDirectory, synthetic_events};
use super::{
    Attribute, AuthEvent, DirectoryError, DirectoryReader, DirectoryWriter, GroupInfo,
    ListUsersRequest, PoolInfo, PoolSummary, User, UserPage, demo, synthetic,
};
use crate::change::AccountAction;

pub struct LazyPool {
    /// The demo pool's own users and every user created.
    base: Arc<MemoryDirectory>,
    synthetic: synthetic::Pool,
    /// Synthetic users changed at least once, by index, served from here from then on. A user
    /// listed here but absent from it was deleted.
    overlay: MemoryDirectory,
    /// The indexes copied into `overlay`, with their usernames.
    materialised: Mutex<HashMap<usize, String>>,
}

/// Where a user lives.
enum Place {
    Base,
    /// A synthetic user never changed: made on demand.
    Made(usize),
    /// A synthetic user copied into the overlay (perhaps deleted there since).
    Overlay,
    Nowhere,
}

impl LazyPool {
    /// `base` followed by `n` synthetic users of `seed` (the same as `synthetic::generate`).
    pub fn new(base: Arc<MemoryDirectory>, pool: PoolInfo, n: usize, seed: u64) -> Self {
        Self {
            base,
            synthetic: synthetic::Pool::new(n, seed),
            overlay: MemoryDirectory::new(pool, Vec::new()).with_pool_groups(demo::groups()),
            materialised: Mutex::new(HashMap::new()),
        }
    }

    fn materialised(&self) -> std::sync::MutexGuard<'_, HashMap<usize, String>> {
        self.materialised.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn place(&self, username: &str) -> Place {
        if self.base.user(username).is_some() {
            return Place::Base;
        }
        match self.synthetic.index_of(username) {
            Some(index) if self.materialised().contains_key(&index) => Place::Overlay,
            Some(index) => Place::Made(index),
            None => Place::Nowhere,
        }
    }

    /// Copies synthetic user `index` into the overlay (once), with the groups its plan implies.
    fn materialise(&self, index: usize) {
        let mut materialised = self.materialised();
        if materialised.contains_key(&index) {
            return;
        }
        let user = self.synthetic.user(index);
        let groups = demo::plan_groups(&user)
            .iter()
            .map(|g| (*g).to_owned())
            .collect();
        self.overlay.set_groups(user.username(), groups);
        materialised.insert(index, user.username().to_owned());
        self.overlay.insert_user(user);
    }

    /// The directory that carries out a write on `username`, copying a synthetic user into the
    /// overlay first. Unknown users go to the base directory, which says they do not exist.
    fn writer_for(&self, username: &str) -> &MemoryDirectory {
        match self.place(username) {
            Place::Made(index) => {
                self.materialise(index);
                &self.overlay
            }
            Place::Overlay => &self.overlay,
            Place::Base | Place::Nowhere => &self.base,
        }
    }

    /// Synthetic user `index` as it is now; `None` once deleted.
    fn synthetic_user(&self, index: usize) -> Option<User> {
        let username = self.materialised().get(&index).cloned();
        match username {
            Some(username) => self.overlay.user(&username),
            None => Some(self.synthetic.user(index)),
        }
    }

    fn deleted(&self) -> usize {
        let materialised = self.materialised();
        materialised
            .values()
            .filter(|name| self.overlay.user(name).is_none())
            .count()
    }

    /// Up to `want` synthetic users from `start` that match `filter`, and the index to go on
    /// from if any is left.
    fn synthetic_page(
        &self,
        start: usize,
        want: usize,
        filter: Option<&Filter>,
    ) -> (Vec<User>, Option<usize>) {
        let mut users = Vec::with_capacity(want);
        let mut index = start;
        while users.len() < want && index < self.synthetic.len() {
            if let Some(user) = self.synthetic_user(index)
                && filter.is_none_or(|f| f.matches(&user))
            {
                // ListUsers does not report MFA settings; only AdminGetUser does.
                users.push(user.with_mfa(None));
            }
            index += 1;
        }
        (users, (index < self.synthetic.len()).then_some(index))
    }
}

fn invalid_token() -> DirectoryError {
    DirectoryError::InvalidParameter {
        detail: "The pagination token is invalid.".into(),
    }
}

#[async_trait]
impl DirectoryReader for LazyPool {
    async fn list_users(&self, request: ListUsersRequest) -> Result<UserPage, DirectoryError> {
        let size = request.page_size.get();
        let mut users = Vec::new();
        let start = match request.token.as_deref() {
            Some(token) if token.starts_with("s:") => {
                token[2..].parse::<usize>().map_err(|_| invalid_token())?
            }
            Some(token) if !token.starts_with("d:") => return Err(invalid_token()),
            token => {
                let page = self
                    .base
                    .list_users(ListUsersRequest {
                        token: token.map(|t| t[2..].to_owned()),
                        ..request.clone()
                    })
                    .await?;
                if let Some(next) = page.next_token {
                    return Ok(UserPage {
                        users: page.users,
                        next_token: Some(format!("d:{next}")),
                    });
                }
                users = page.users;
                0
            }
        };
        // The base directory has checked the filter; parse it again for the synthetic users.
        let filter = Filter::of_request(request.filter.as_deref())?;
        let want = size.saturating_sub(users.len());
        let (more, next) = self.synthetic_page(start, want, filter.as_ref());
        users.extend(more);
        Ok(UserPage {
            users,
            next_token: next.map(|i| format!("s:{i}")),
        })
    }

    async fn get_user(&self, username: &str) -> Result<User, DirectoryError> {
        match self.place(username) {
            Place::Made(index) => Ok(self.synthetic.user(index)),
            Place::Overlay => self.overlay.get_user(username).await,
            Place::Base | Place::Nowhere => self.base.get_user(username).await,
        }
    }

    async fn describe_pool(&self) -> Result<PoolInfo, DirectoryError> {
        let mut pool = self.base.describe_pool().await?;
        let synthetic = (self.synthetic.len() - self.deleted()) as u64;
        pool.estimated_users = Some(pool.estimated_users.unwrap_or(0) + synthetic);
        Ok(pool)
    }

    async fn list_groups(&self, username: &str) -> Result<Vec<String>, DirectoryError> {
        match self.place(username) {
            Place::Made(index) => Ok(demo::plan_groups(&self.synthetic.user(index))
                .iter()
                .map(|g| (*g).to_owned())
                .collect()),
            Place::Overlay => self.overlay.list_groups(username).await,
            Place::Base | Place::Nowhere => self.base.list_groups(username).await,
        }
    }

    async fn list_pools(&self) -> Result<Vec<PoolSummary>, DirectoryError> {
        let pool = self.describe_pool().await?;
        Ok(vec![PoolSummary {
            id: pool.id,
            name: pool.name,
            estimated_users: pool.estimated_users,
        }])
    }

    async fn list_all_groups(&self) -> Result<Vec<GroupInfo>, DirectoryError> {
        self.base.list_all_groups().await
    }

    async fn auth_events(&self, username: &str) -> Result<Vec<AuthEvent>, DirectoryError> {
        match self.place(username) {
            Place::Made(index) => Ok(synthetic_events(&self.synthetic.user(index))),
            Place::Overlay => self.overlay.auth_events(username).await,
            Place::Base | Place::Nowhere => self.base.auth_events(username).await,
        }
    }

    async fn csv_header(&self) -> Result<Vec<String>, DirectoryError> {
        self.base.csv_header().await
    }
}

#[async_trait]
impl DirectoryWriter for LazyPool {
    async fn delete_attributes(
        &self,
        username: &str,
        names: &[String],
    ) -> Result<(), DirectoryError> {
        self.writer_for(username)
            .delete_attributes(username, names)
            .await
    }

    async fn update_attributes(
        &self,
        username: &str,
        attributes: &[Attribute],
    ) -> Result<(), DirectoryError> {
        self.writer_for(username)
            .update_attributes(username, attributes)
            .await
    }

    /// A created user goes to the base directory, unless a synthetic user has the name.
    async fn apply(&self, username: &str, action: &AccountAction) -> Result<(), DirectoryError> {
        if let AccountAction::CreateUser { .. } = action {
            let live = match self.place(username) {
                Place::Made(_) => true,
                Place::Overlay => self.overlay.user(username).is_some(),
                Place::Base | Place::Nowhere => false,
            };
            if live {
                return Err(DirectoryError::from_code(
                    "UsernameExistsException",
                    format!("User account {username} already exists."),
                ));
            }
            return self.base.apply(username, action).await;
        }
        self.writer_for(username).apply(username, action).await
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::change::AccountAction as A;
    use crate::directory::{PageSize, fixtures};

    const SEED: u64 = 77;

    fn base() -> Vec<User> {
        synthetic::generate(3, 1)
            .into_iter()
            .enumerate()
            .map(|(i, u)| {
                User::from(crate::directory::UserParts {
                    username: format!("demo-{i}"),
                    ..u.to_parts()
                })
            })
            .collect()
    }

    fn lazy(n: usize) -> LazyPool {
        let base = Arc::new(MemoryDirectory::new(fixtures::pool(), base()));
        LazyPool::new(base, fixtures::pool(), n, SEED)
    }

    async fn load_all(dir: &LazyPool, filter: Option<&str>, page: usize) -> Vec<User> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let page = dir
                .list_users(ListUsersRequest {
                    filter: filter.map(str::to_owned),
                    page_size: PageSize::clamped(page),
                    token,
                })
                .await
                .unwrap();
            assert!(page.users.len() <= page_size_max());
            all.extend(page.users);
            token = page.next_token;
            if token.is_none() {
                return all;
            }
        }
    }

    fn page_size_max() -> usize {
        PageSize::clamped(usize::MAX).get()
    }

    fn listed(users: Vec<User>) -> Vec<User> {
        users.into_iter().map(|u| u.with_mfa(None)).collect()
    }

    #[tokio::test]
    async fn paging_through_everything_gives_the_base_then_generate_each_once() {
        let dir = lazy(1_000);
        for page in [60, 7] {
            let all = load_all(&dir, None, page).await;
            let mut expected = listed(base());
            expected.extend(listed(synthetic::generate(1_000, SEED)));
            assert_eq!(all, expected, "page size {page}");
            let names: HashSet<&str> = all.iter().map(|u| u.username()).collect();
            assert_eq!(names.len(), 1_003);
        }
        assert_eq!(
            dir.describe_pool().await.unwrap().estimated_users,
            Some(1_003)
        );
    }

    #[tokio::test]
    async fn a_filter_walks_the_synthetic_users_too() {
        let dir = lazy(2_000);
        let all = load_all(&dir, Some("email ^= \"olivia\""), 60).await;
        let expected: Vec<User> = listed(base())
            .into_iter()
            .chain(listed(synthetic::generate(2_000, SEED)))
            .filter(|u| u.email().is_some_and(|e| e.starts_with("olivia")))
            .collect();
        assert!(expected.len() > 20);
        assert_eq!(all, expected);
        assert!(
            dir.list_users(ListUsersRequest {
                filter: Some("email ^^ x".into()),
                ..ListUsersRequest::default()
            })
            .await
            .is_err()
        );
    }

    #[tokio::test]
    async fn a_changed_synthetic_user_is_served_changed_in_its_place_and_a_deleted_one_is_gone() {
        let dir = lazy(500);
        let generated = synthetic::generate(500, SEED);
        let changed = generated[100].username().to_owned();
        let deleted = generated[200].username().to_owned();
        assert_eq!(dir.get_user(&changed).await.unwrap(), generated[100]);

        dir.apply(&changed, &A::Disable).await.unwrap();
        dir.update_attributes(&changed, &[Attribute::new("locale", "fr-FR")])
            .await
            .unwrap();
        dir.apply(
            &changed,
            &A::AddToGroup {
                group: "support".into(),
            },
        )
        .await
        .unwrap();
        let got = dir.get_user(&changed).await.unwrap();
        assert!(!got.enabled());
        assert_eq!(got.attribute("locale"), Some("fr-FR"));
        assert!(
            dir.list_groups(&changed)
                .await
                .unwrap()
                .contains(&"support".to_owned())
        );

        dir.apply(&deleted, &A::DeleteUser).await.unwrap();
        assert!(matches!(
            dir.get_user(&deleted).await,
            Err(DirectoryError::UserNotFound { .. })
        ));
        assert!(dir.apply(&deleted, &A::Enable).await.is_err());

        let all = load_all(&dir, None, 60).await;
        assert_eq!(all.len(), 3 + 499);
        assert!(all.iter().all(|u| u.username() != deleted));
        let place = all.iter().position(|u| u.username() == changed).unwrap();
        assert_eq!(place, 3 + 100, "the changed user keeps its place");
        assert!(!all[place].enabled());
        assert_eq!(all[place].attribute("locale"), Some("fr-FR"));
        assert_eq!(
            dir.describe_pool().await.unwrap().estimated_users,
            Some(502)
        );
    }

    #[tokio::test]
    async fn changes_while_paging_neither_skip_nor_repeat_a_user() {
        let dir = lazy(300);
        let generated = synthetic::generate(300, SEED);
        let mut seen = Vec::new();
        let mut token = None;
        let mut round = 0;
        loop {
            let page = dir
                .list_users(ListUsersRequest {
                    filter: None,
                    page_size: PageSize::clamped(25),
                    token,
                })
                .await
                .unwrap();
            seen.extend(page.users.into_iter().map(|u| u.username().to_owned()));
            // Between pages: change a user already listed and one still to come.
            round += 1;
            let behind = &generated[(round * 7) % 300].username();
            dir.apply(behind, &A::Disable).await.unwrap();
            let ahead = &generated[(round * 13 + 150) % 300].username();
            dir.update_attributes(ahead, &[Attribute::new("locale", "de-DE")])
                .await
                .unwrap();
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        let mut expected: Vec<String> = base()
            .into_iter()
            .map(|u| u.username().to_owned())
            .collect();
        expected.extend(generated.into_iter().map(|u| u.username().to_owned()));
        assert_eq!(seen, expected);
    }

    #[tokio::test]
    async fn created_users_go_to_the_base_and_synthetic_names_are_taken() {
        let dir = lazy(50);
        let taken = synthetic::generate(50, SEED)[10].username().to_owned();
        let create = A::CreateUser {
            attributes: vec![("email".into(), "new@example.com".into())],
            temporary_password: None,
            send_invitation: false,
        };
        let refused = dir.apply(&taken, &create).await.unwrap_err();
        assert!(refused.to_string().contains("already exists"), "{refused}");
        dir.apply("newcomer", &create).await.unwrap();
        assert!(dir.base.user("newcomer").is_some());
        assert_eq!(
            dir.get_user("newcomer").await.unwrap().status(),
            "FORCE_CHANGE_PASSWORD"
        );
        // A deleted synthetic name can be used again.
        dir.apply(&taken, &A::DeleteUser).await.unwrap();
        dir.apply(&taken, &create).await.unwrap();
        assert!(dir.get_user(&taken).await.is_ok());
        let all = load_all(&dir, None, 60).await;
        assert_eq!(all.len(), 3 + 1 + 50);
        assert!(matches!(
            dir.get_user("nobody.at.7").await,
            Err(DirectoryError::UserNotFound { .. })
        ));
    }
}
