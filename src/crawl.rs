//! Listing a whole pool at the ListUsers quota instead of one round trip at a time.
//!
//! `ListUsers` pages are chained: page k+1 needs page k's token, so one listing runs at one
//! request per round trip (about 8 a second at 120 ms), far below Cognito's 30 a second. The crawl
//! splits the pool into disjoint parts that can be paged side by side: every user has a `sub`, a
//! lowercase UUID whose first hex digit is uniform, so `sub ^= "0"` … `sub ^= "f"` are 16 parts of
//! about equal size that together hold every user exactly once. Up to `concurrency` parts are
//! paged at once, each request waiting for the [`Limiter`]'s `UserList` bucket, so the quota
//! sets the pace — and transient failures are retried by the [`RetryPolicy`], each attempt a
//! request of its own under the quota.
//!
//! **Splitting further.** A part whose first page comes back full with a token for more is split
//! into its 16 two-hex-digit parts (`sub ^= "a0"` … `sub ^= "af"`) — but only when the pool's
//! estimated size says the part holds at least [`SPLIT_PAGES`] pages per child. A split costs the
//! part's first page (its users come again in the children) plus up to 16 partly filled last pages
//! instead of one; on a 10,000-user pool a blind split would send 272 requests where 173 do. The
//! 16 one-digit parts already keep enough requests in flight for the default quota (30 a second
//! at ~120 ms needs about 4); the split pays off on large pools (shorter tail, more parts for a
//! raised quota). Without an estimate nothing is split. Parts go at most [`MAX_DEPTH`] digits
//! below where they started.
//!
//! **A filter from the user.** ListUsers takes one condition, so a filter on another attribute
//! (`email ^= "jo"`) cannot be combined with a `sub` prefix: such a listing is paged
//! sequentially, with the filter exactly as given, and is as fast as before. A filter that is
//! itself a prefix of `sub` (`sub ^= "4f"`) is partitioned below that prefix (`sub ^= "4f0"` …).
//! `sub = "…"` (one user at most) and anything that does not parse go sequentially, as given, so
//! Cognito's own answer (or error) stands.
//!
//! **Order.** Results come in a stable order: by part (`0` < `0a` < `1` … in text order, so a
//! split part's children come where it stood), then page by page as Cognito returned them. Pages
//! are handed on as soon as every part before theirs is complete; to keep what waits short, the
//! parts earliest in that order are served first.
//!
//! **Completeness** rests on every user having a lowercase-hex `sub`, which Cognito guarantees
//! (`sub` is required and immutable). moto lets a test delete `sub`; such a user would be missed.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::Arc;

use tokio::task::JoinSet;

use crate::directory::filter::{Filter, MatchKind};
use crate::directory::{
    DirectoryError, DirectoryReader, ListUsersRequest, PageSize, User, UserPage,
};
use crate::limiter::{Limiter, QuotaCategory};
use crate::retry::RetryPolicy;

/// Parts paged at once by default: twice what the default quota needs at 120 ms a round trip.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// How many hex digits a part may add below where partitioning started.
pub const MAX_DEPTH: usize = 2;
/// A part is split only when each of its 16 children is expected to fill this many pages.
pub const SPLIT_PAGES: u64 = 4;
/// A `sub` starts with 8 hex digits, then a hyphen.
const HEX_RUN: usize = 8;
const HEX: &[u8; 16] = b"0123456789abcdef";

/// How a listing is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Disjoint parts `sub ^= "<base><digit>"` for the 16 hex digits, paged side by side.
    Partitioned { base: String },
    /// One chain of pages, with this filter exactly as the user gave it.
    Sequential { filter: Option<String> },
}

impl Plan {
    /// The plan for a user's filter: partitioned unless the filter makes that impossible.
    pub fn for_filter(filter: Option<&str>) -> Plan {
        let Some(text) = filter.filter(|f| !f.trim().is_empty()) else {
            return Plan::Partitioned {
                base: String::new(),
            };
        };
        match Filter::parse(text) {
            Ok(f)
                if f.attribute == "sub"
                    && f.kind == MatchKind::Prefix
                    && f.value.len() < HEX_RUN
                    && f.value.bytes().all(|b| HEX.contains(&b)) =>
            {
                Plan::Partitioned { base: f.value }
            }
            _ => Plan::Sequential {
                filter: Some(text.to_owned()),
            },
        }
    }
}

/// How far a crawl has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Users received so far (some may still wait for earlier parts before being handed on).
    pub users: usize,
    /// ListUsers answers received (retries not counted: they are the retry policy's).
    pub requests: usize,
    /// First pages dropped because their part was split.
    pub discarded_pages: usize,
    /// Parts known so far, and how many are complete.
    pub parts: usize,
    pub parts_done: usize,
}

/// A crawl failed: Cognito (after retries), or whoever took the users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrawlError<E> {
    Directory(DirectoryError),
    Sink(E),
}

impl<E: fmt::Display> fmt::Display for CrawlError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CrawlError::Directory(e) => e.fmt(f),
            CrawlError::Sink(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for CrawlError<E> {}

/// A listing of the pool (or of what a filter selects), set up with the builder methods and run
/// with [`Crawl::stream`] or [`Crawl::collect`]. Dropping the running future stops it: requests
/// in flight are abandoned.
#[derive(Clone)]
pub struct Crawl {
    reader: Arc<dyn DirectoryReader>,
    limiter: Arc<Limiter>,
    filter: Option<String>,
    concurrency: usize,
    estimated_users: Option<u64>,
    retry: RetryPolicy,
    page_size: PageSize,
    partition: bool,
}

impl Crawl {
    /// The whole pool, [`DEFAULT_CONCURRENCY`] parts at once, under `limiter`'s UserList quota.
    pub fn new(reader: Arc<dyn DirectoryReader>, limiter: Arc<Limiter>) -> Self {
        Self {
            reader,
            limiter,
            filter: None,
            concurrency: DEFAULT_CONCURRENCY,
            estimated_users: None,
            retry: RetryPolicy::default(),
            page_size: PageSize::MAX,
            partition: true,
        }
    }

    /// Only the users this Cognito filter selects (see the module's doc for what it changes).
    pub fn filter(mut self, filter: Option<String>) -> Self {
        self.filter = filter;
        self
    }

    /// Parts paged at once (at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// The pool's size as DescribeUserPool estimates it: decides whether parts are split.
    pub fn estimated_users(mut self, estimate: Option<u64>) -> Self {
        self.estimated_users = estimate;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn page_size(mut self, page_size: PageSize) -> Self {
        self.page_size = page_size;
        self
    }

    /// `false`: page one chain at a time, as the AWS CLI does (in Cognito's own order).
    pub fn partitioned(mut self, partition: bool) -> Self {
        self.partition = partition;
        self
    }

    /// The plan this crawl follows.
    pub fn plan(&self) -> Plan {
        if self.partition {
            Plan::for_filter(self.filter.as_deref())
        } else {
            Plan::Sequential {
                filter: self.filter.clone(),
            }
        }
    }

    /// Every user, in the stable order.
    pub async fn collect(
        self,
        progress: impl FnMut(&Progress),
    ) -> Result<Vec<User>, DirectoryError> {
        let mut all = Vec::new();
        let result = self
            .stream(
                |users| {
                    all.extend(users);
                    Ok::<(), std::convert::Infallible>(())
                },
                progress,
            )
            .await;
        match result {
            Ok(_) => Ok(all),
            Err(CrawlError::Directory(e)) => Err(e),
            Err(CrawlError::Sink(never)) => match never {},
        }
    }

    /// Hands users to `sink` page by page in the stable order, and reports `progress` after each
    /// answer. A sink error stops the crawl.
    pub async fn stream<E>(
        self,
        mut sink: impl FnMut(Vec<User>) -> Result<(), E>,
        mut progress: impl FnMut(&Progress),
    ) -> Result<Progress, CrawlError<E>> {
        let plan = self.plan();
        let mut run = Run::new(&self, plan);
        let mut tasks: JoinSet<(String, Result<UserPage, DirectoryError>)> = JoinSet::new();
        loop {
            while tasks.len() < self.concurrency {
                let Some((key, token)) = run.ready.pop_first() else {
                    break;
                };
                let request = ListUsersRequest {
                    filter: run.parts[&key].filter.clone(),
                    page_size: self.page_size,
                    token,
                };
                let (reader, limiter, retry) = (
                    Arc::clone(&self.reader),
                    Arc::clone(&self.limiter),
                    self.retry,
                );
                tasks.spawn(async move {
                    let result = retry
                        .run("ListUsers", || {
                            let (reader, limiter, request) = (&reader, &limiter, request.clone());
                            async move {
                                limiter.acquire(QuotaCategory::UserList).await;
                                reader.list_users(request).await
                            }
                        })
                        .await;
                    (key, result)
                });
            }
            let Some(joined) = tasks.join_next().await else {
                break;
            };
            let (key, result) = joined.map_err(|e| {
                CrawlError::Directory(DirectoryError::Other {
                    code: "Crashed".into(),
                    detail: format!("a ListUsers task stopped: {e}"),
                })
            })?;
            // Dropping `tasks` on return aborts the requests still in flight.
            let page = result.map_err(CrawlError::Directory)?;
            run.on_page(key, page);
            progress(&run.progress);
            run.hand_on(&mut sink).map_err(CrawlError::Sink)?;
        }
        Ok(run.progress)
    }
}

/// One part of the listing.
struct Part {
    /// `None` for the whole pool.
    filter: Option<String>,
    /// Whether the part may still be split (only before its first page is kept).
    splittable: bool,
    /// Expected users, from the pool's estimate.
    expected: Option<u64>,
    /// Pages received and not yet handed on.
    pages: VecDeque<Vec<User>>,
    pages_received: usize,
    done: bool,
}

/// The state of one crawl: its parts in the stable order, and the requests ready to go.
struct Run {
    page_size: usize,
    max_len: usize,
    parts: BTreeMap<String, Part>,
    /// Next request of each part that has one and is not in flight: key → token.
    ready: BTreeMap<String, Option<String>>,
    progress: Progress,
}

impl Run {
    fn new(crawl: &Crawl, plan: Plan) -> Self {
        let mut run = Run {
            page_size: crawl.page_size.get(),
            max_len: 0,
            parts: BTreeMap::new(),
            ready: BTreeMap::new(),
            progress: Progress::default(),
        };
        match plan {
            Plan::Sequential { filter } => {
                run.add(String::new(), filter, false, None);
            }
            Plan::Partitioned { base } => {
                run.max_len = (base.len() + MAX_DEPTH).min(HEX_RUN);
                let expected = crawl.estimated_users.map(|n| n >> (4 * base.len()));
                run.add_children(&base, expected);
            }
        }
        run
    }

    fn add(
        &mut self,
        key: String,
        filter: Option<String>,
        splittable: bool,
        expected: Option<u64>,
    ) {
        self.parts.insert(
            key.clone(),
            Part {
                filter,
                splittable,
                expected,
                pages: VecDeque::new(),
                pages_received: 0,
                done: false,
            },
        );
        self.ready.insert(key, None);
        self.progress.parts += 1;
    }

    /// The 16 parts one hex digit below `prefix`, sharing its expected size.
    fn add_children(&mut self, prefix: &str, expected: Option<u64>) {
        for digit in HEX {
            let key = format!("{prefix}{}", *digit as char);
            let filter = format!("sub ^= \"{key}\"");
            let splittable = key.len() < self.max_len;
            self.add(key, Some(filter), splittable, expected.map(|n| n / 16));
        }
    }

    fn on_page(&mut self, key: String, page: UserPage) {
        self.progress.requests += 1;
        let split_min = SPLIT_PAGES * 16 * self.page_size as u64;
        let Some(part) = self.parts.get_mut(&key) else {
            return;
        };
        let full = page.users.len() >= self.page_size && page.next_token.is_some();
        if part.pages_received == 0
            && part.splittable
            && full
            && part.expected.is_some_and(|n| n >= split_min)
        {
            // Its users come again, each in one of the children, which sort right after it.
            let expected = part.expected;
            self.parts.remove(&key);
            self.progress.parts_done += 1;
            self.progress.discarded_pages += 1;
            self.add_children(&key, expected);
            return;
        }
        self.progress.users += page.users.len();
        part.pages_received += 1;
        part.pages.push_back(page.users);
        match page.next_token {
            Some(token) => {
                self.ready.insert(key, Some(token));
            }
            None => {
                part.done = true;
                self.progress.parts_done += 1;
            }
        }
    }

    /// Hands on every page whose parts before it are all complete.
    fn hand_on<E>(&mut self, sink: &mut impl FnMut(Vec<User>) -> Result<(), E>) -> Result<(), E> {
        while let Some(mut first) = self.parts.first_entry() {
            let part = first.get_mut();
            while let Some(users) = part.pages.pop_front() {
                if !users.is_empty() {
                    sink(users)?;
                }
            }
            if !part.done {
                break;
            }
            first.remove();
        }
        Ok(())
    }
}

/// Every user of the pool (or of `filter`), listed in parallel parts under `limiter`'s
/// UserList quota, `concurrency` parts at once. `progress` hears the number of users received
/// after each page. Without an estimate of the pool's size parts are not split further; use
/// [`Crawl`] to give one, or to stream the users as they come.
pub async fn crawl(
    reader: Arc<dyn DirectoryReader>,
    filter: Option<String>,
    limiter: Arc<Limiter>,
    concurrency: usize,
    progress: impl Fn(usize),
) -> Result<Vec<User>, DirectoryError> {
    Crawl::new(reader, limiter)
        .filter(filter)
        .concurrency(concurrency)
        .collect(|p| progress(p.users))
        .await
}

#[cfg(test)]
mod tests;
