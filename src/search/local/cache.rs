//! The local filter's memory: the results of the texts typed on the way to the current one,
//! so that a longer text narrows them and Backspace returns them, and the background passes
//! for what a keystroke may not take on the app's thread.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Hit, Places, Preview, merge, never, pass};
use crate::directory::Users;

/// Whether every user matching `longer` also matches `shorter`, so that `longer` need only be
/// matched against `shorter`'s matches. True when `longer` only adds plain text at the end:
/// a longer fuzzy word matches fewer fields, and another word is one more condition. nucleo's
/// special characters (`! ^ ' $ \`) can turn a word into another kind, so texts holding them
/// are always matched in full.
fn narrows(shorter: &str, longer: &str) -> bool {
    const SPECIAL: &[char] = &['!', '^', '\'', '$', '\\'];
    longer.starts_with(shorter) && !longer.contains(SPECIAL)
}

/// How many users a keystroke may match on the app's own thread: about 5 ms on the machine
/// of docs/PERFORMANCE.md. A pass over more runs in the background ([`FilterJob`]).
pub const FOREGROUND_USERS: usize = 5_000;

/// A background pass sweeps out the users that may outscore its first rows
/// ([`super::schedule`]) only when reading the rest in order would take longer than this: a
/// pass ending sooner shows its rows then, and a sweep reads every unread user's block once
/// more, which for a word scored in one field costs as much as the pass.
const SWEEP_AFTER: std::time::Duration = std::time::Duration::from_millis(100);

/// The results of the texts typed on the way to the current one, each the prefix of the next.
#[derive(Clone, PartialEq, Eq)]
pub struct FilterCache {
    /// Oldest (shortest text) first; the last is the current text.
    steps: Vec<Step>,
    /// Changes whenever the results are forgotten, so a background pass started before
    /// cannot bring back results of users that have changed since.
    generation: u64,
    foreground_users: usize,
    /// Moves on whenever a text is asked for or the results are forgotten: a background pass
    /// started before stops at its next chunk of users instead of finishing for nothing.
    latest: Latest,
}

impl Default for FilterCache {
    fn default() -> Self {
        FilterCache {
            steps: Vec::new(),
            generation: 0,
            foreground_users: FOREGROUND_USERS,
            latest: Latest::default(),
        }
    }
}

/// The number of the last request, shared with the background passes.
#[derive(Clone, Default)]
struct Latest(Arc<AtomicU64>);

impl Latest {
    /// A new request: every pass started before is no longer wanted.
    fn next(&self) -> Ticket {
        Ticket {
            latest: self.clone(),
            number: self.0.fetch_add(1, Ordering::Relaxed) + 1,
        }
    }
}

/// Two caches are the same whatever passes they have running.
impl PartialEq for Latest {
    fn eq(&self, _: &Latest) -> bool {
        true
    }
}

impl Eq for Latest {}

/// A background pass's request number.
#[derive(Clone)]
struct Ticket {
    latest: Latest,
    number: u64,
}

impl Ticket {
    fn stale(&self) -> bool {
        self.latest.0.load(Ordering::Relaxed) != self.number
    }
}

#[derive(Clone, PartialEq, Eq)]
struct Step {
    text: String,
    /// How many users of the list the hits cover (the first `covered`).
    covered: usize,
    hits: Arc<Vec<Hit>>,
    /// Where the text's word matched, for a longer word to narrow; kept for the last
    /// [`PLACES_KEPT`] steps only.
    places: Option<Arc<Places>>,
}

/// How many of the latest steps keep their [`Places`] (up to 16 bytes a match each): the one a
/// next key narrows, and the one before, for a key typed again after Backspace.
const PLACES_KEPT: usize = 2;

impl std::fmt::Debug for FilterCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(
                self.steps
                    .iter()
                    .map(|s| format!("{:?}: {} of {}", s.text, s.hits.len(), s.covered)),
            )
            .finish()
    }
}

/// At most this many earlier texts are kept (each up to 8 bytes a loaded user).
const MAX_STEPS: usize = 24;

/// What the cache can say about a text at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The matching users' indexes, best first.
    Ready(Vec<usize>),
    /// Too many users to match on the app's thread: run this in the background and give its
    /// result to [`FilterCache::accept`].
    Background(FilterJob),
}

/// A pass too large for a keystroke, with what it reads: a shared view of the users and the
/// earlier matches it narrows.
#[derive(Clone)]
pub struct FilterJob {
    text: String,
    users: Users,
    /// The earlier matches to narrow; without them, every user of `users` is matched.
    base: Option<Base>,
    generation: u64,
    ticket: Ticket,
    /// How many of the best matches to show before the pass ends ([`FilterJob::preview`]).
    screenful: Option<usize>,
}

impl PartialEq for FilterJob {
    fn eq(&self, other: &FilterJob) -> bool {
        (
            &self.text,
            &self.users,
            &self.base,
            self.generation,
            self.ticket.number,
        ) == (
            &other.text,
            &other.users,
            &other.base,
            other.generation,
            other.ticket.number,
        )
    }
}

impl Eq for FilterJob {}

/// The earlier matches a background pass narrows: all among the first `covered` users, with
/// where their word matched when that is known.
#[derive(Clone, PartialEq, Eq)]
struct Base {
    hits: Arc<Vec<Hit>>,
    covered: usize,
    places: Option<Arc<Places>>,
}

/// A background pass's result.
#[derive(Clone, PartialEq, Eq)]
pub struct FilterDone {
    text: String,
    covered: usize,
    /// `None` when the pass stopped: a newer text was asked for, or the users changed.
    hits: Option<Vec<Hit>>,
    places: Option<Places>,
    generation: u64,
}

// Summaries: a job or a result can hold 100,000 matches.
impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("text", &self.text)
            .field("users", &self.users.len())
            .field("narrowing", &self.base.as_ref().map(|b| b.hits.len()))
            .finish()
    }
}

impl std::fmt::Debug for FilterDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterDone")
            .field("text", &self.text)
            .field("covered", &self.covered)
            .field("matches", &self.hits.as_ref().map(Vec::len))
            .finish()
    }
}

impl FilterJob {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Has the pass show its first `rows` matches as soon as they are known, before its end
    /// ([`FilterJob::run_showing`]): when the list shows its matches best first, those are the
    /// screen's rows.
    pub fn preview(mut self, rows: usize) -> FilterJob {
        self.screenful = Some(rows);
        self
    }

    /// Matches; blocking, on the machine's cores. Stops early, with no result, once the cache
    /// that made it has been asked for anything else.
    pub fn run(self) -> FilterDone {
        self.run_showing(&|_| {})
    }

    /// [`FilterJob::run`], giving `show` the first screenful of matches when the job was asked
    /// for one ([`FilterJob::preview`]) and it is known before the end.
    pub fn run_showing(self, show: &(dyn Fn(FilterPreview) + Sync)) -> FilterDone {
        let stop = || self.ticket.stale();
        let first = |rows: Vec<u32>| {
            show(FilterPreview {
                text: self.text.clone(),
                rows,
                generation: self.generation,
            });
        };
        let preview = self.screenful.map(|rows| Preview {
            rows,
            show: &first,
            sweep_after: SWEEP_AFTER,
        });
        let (passed, covered) = match &self.base {
            Some(base) => (
                pass(
                    &self.users,
                    &self.text,
                    0,
                    Some(&base.hits),
                    base.places.as_deref(),
                    &stop,
                    preview.as_ref(),
                ),
                base.covered,
            ),
            None => (
                pass(
                    &self.users,
                    &self.text,
                    0,
                    None,
                    None,
                    &stop,
                    preview.as_ref(),
                ),
                self.users.len(),
            ),
        };
        let (hits, places) = match passed {
            Some(passed) => (Some(passed.hits), passed.places),
            None => (None, None),
        };
        FilterDone {
            text: self.text,
            covered,
            hits,
            places,
            generation: self.generation,
        }
    }
}

/// The first screenful of a background pass's matches, known before the pass's end: the best
/// matches, exactly the first rows its result will have.
#[derive(Clone, PartialEq, Eq)]
pub struct FilterPreview {
    text: String,
    rows: Vec<u32>,
    generation: u64,
}

impl std::fmt::Debug for FilterPreview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterPreview")
            .field("text", &self.text)
            .field("rows", &self.rows.len())
            .finish()
    }
}

impl FilterDone {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// False when the pass stopped early because something else was asked for meanwhile.
    pub fn finished(&self) -> bool {
        self.hits.is_some()
    }
}

impl FilterCache {
    /// A cache that matches at most `users` users on the caller's thread (tests use a small
    /// number to see the background path with few users).
    pub fn with_foreground_users(users: usize) -> Self {
        FilterCache {
            foreground_users: users,
            ..FilterCache::default()
        }
    }

    /// Forgets every result: the list was replaced or its users changed.
    pub fn clear(&mut self) {
        self.steps.clear();
        self.generation += 1;
        self.latest.next();
    }

    /// Indexes of the users matching `text`, best first; ties keep the list's order. The
    /// same as [`super::filter`], from the earlier results where they answer it, always on this
    /// thread. `users` must be the list the cache saw, possibly with users appended since.
    pub fn filter(&mut self, users: &Users, text: &str) -> Vec<usize> {
        match self.answer_within(users, text, usize::MAX) {
            Answer::Ready(rows) => rows,
            Answer::Background(job) => {
                let done = job.run();
                self.accept(users, done).unwrap_or_default()
            }
        }
    }

    /// The matches of `text` when they cost at most the foreground budget, else the job that
    /// finds them.
    pub fn answer(&mut self, users: &Users, text: &str) -> Answer {
        self.answer_within(users, text, self.foreground_users)
    }

    fn answer_within(&mut self, users: &Users, text: &str, budget: usize) -> Answer {
        let ticket = self.latest.next();
        // Earlier texts that are not on the way to this one will not be asked again.
        self.steps.retain(|s| text.starts_with(s.text.as_str()));
        if self.steps.iter().any(|s| s.covered > users.len()) {
            self.clear();
        }
        let exact = self.steps.last().is_some_and(|s| s.text == text);
        if !exact {
            let base = self.steps.iter().rev().find(|s| narrows(&s.text, text));
            let cost = base.map_or(users.len(), |b| b.hits.len());
            if cost > budget {
                return Answer::Background(FilterJob {
                    text: text.to_owned(),
                    users: users.share(),
                    base: base.map(|b| Base {
                        hits: Arc::clone(&b.hits),
                        covered: b.covered,
                        places: b.places.clone(),
                    }),
                    generation: self.generation,
                    ticket,
                    screenful: None,
                });
            }
            let (passed, covered) = match base {
                Some(base) => (
                    pass(
                        users,
                        text,
                        0,
                        Some(&base.hits),
                        base.places.as_deref(),
                        &never,
                        None,
                    ),
                    base.covered,
                ),
                None => (pass(users, text, 0, None, None, &never, None), users.len()),
            };
            let passed = passed.unwrap_or_default();
            self.push(Step {
                text: text.to_owned(),
                covered,
                hits: Arc::new(passed.hits),
                places: passed.places.map(Arc::new),
            });
        }
        Answer::Ready(self.current(users))
    }

    /// Takes a background pass's result: the matching users' indexes, or `None` when the
    /// users changed since it started (it is then of no use; ask again).
    pub fn accept(&mut self, users: &Users, done: FilterDone) -> Option<Vec<usize>> {
        let hits = done.hits?;
        if done.generation != self.generation || done.covered > users.len() {
            return None;
        }
        self.steps
            .retain(|s| done.text.starts_with(s.text.as_str()));
        if self.steps.last().is_none_or(|s| s.text != done.text) {
            self.push(Step {
                text: done.text,
                covered: done.covered,
                hits: Arc::new(hits),
                places: done.places.map(Arc::new),
            });
        }
        Some(self.current(users))
    }

    /// A pass's first screenful ([`FilterPreview`]) as rows of `users`, or `None` when the
    /// users changed since the pass started or it is for another text than `text`.
    pub fn preview_rows(
        &self,
        users: &Users,
        text: &str,
        preview: &FilterPreview,
    ) -> Option<Vec<usize>> {
        let current = preview.generation == self.generation && preview.text == text;
        let rows: Vec<usize> = preview.rows.iter().map(|&i| i as usize).collect();
        (current && rows.iter().all(|&i| i < users.len())).then_some(rows)
    }

    fn push(&mut self, step: Step) {
        self.steps.push(step);
        if self.steps.len() > MAX_STEPS {
            self.steps.remove(0);
        }
        let older = self.steps.len().saturating_sub(PLACES_KEPT);
        for step in &mut self.steps[..older] {
            step.places = None;
        }
    }

    /// The last step's rows, with users appended since it was matched merged in.
    fn current(&mut self, users: &Users) -> Vec<usize> {
        let Some(step) = self.steps.last_mut() else {
            return Vec::new();
        };
        if step.covered < users.len() {
            let added = pass(users, &step.text, step.covered, None, None, &never, None)
                .unwrap_or_default()
                .hits;
            step.hits = Arc::new(merge(std::mem::take(Arc::make_mut(&mut step.hits)), added));
            step.covered = users.len();
        }
        step.hits.iter().map(|h| h.index as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::User;
    use crate::search::local::filter;
    use crate::search::local::tests::many_users;

    #[test]
    fn the_cache_answers_as_a_fresh_pass_does_while_typing_and_deleting() {
        let users = Users::from(many_users());
        let mut cache = FilterCache::default();
        let typed = [
            "o", "ol", "oli", "oliv", "oli", "ol", "o", "", "z", "zo", "zoe", "zoe ", "zoe b",
            "zoe", "^zo", "^zoe", "!z", "!zo", "o",
        ];
        for text in typed {
            assert_eq!(cache.filter(&users, text), filter(&users, text), "{text:?}");
        }
    }

    #[test]
    fn a_longer_word_read_only_where_the_shorter_matched_finds_what_a_fresh_pass_finds() {
        let mut rng = fastrand::Rng::with_seed(41);
        let mut users = many_users();
        for (i, user) in users.iter_mut().enumerate() {
            // Some users have more fields than a place has bits: the last bit holds the rest.
            let fields = if i % 53 == 0 { 40 } else { rng.usize(0..5) };
            for a in 0..fields {
                let len = rng.usize(0..12);
                let value = crate::search::local::tests::random_text(&mut rng, len);
                user.push_attribute(crate::directory::Attribute::new(format!("a{a}"), value));
            }
        }
        let users = Users::from(users);
        let mut typed: Vec<String> = Vec::new();
        for _ in 0..60 {
            let mut text = String::new();
            for _ in 0..rng.usize(1..6) {
                let next = crate::search::local::tests::random_text(&mut rng, 1);
                text.push_str(&next);
                typed.push(text.clone());
            }
            // Back a key or two, then on again; sometimes a second word.
            text.pop();
            typed.push(text.clone());
            text.push_str(if rng.bool() { "o" } else { " e" });
            typed.push(text.clone());
        }
        typed.extend(
            [
                "ex", "exa", "exa o", "exa ol", "ol", "olI", "oli", "oliv", "zo", "zoë", "zoëx",
            ]
            .map(str::to_owned),
        );
        let mut cache = FilterCache::default();
        let mut narrowed = 0;
        for text in &typed {
            let before = cache.steps.last().map(|s| s.places.is_some());
            assert_eq!(cache.filter(&users, text), filter(&users, text), "{text:?}");
            narrowed += usize::from(before == Some(true));
        }
        assert!(narrowed > 20, "only {narrowed} passes narrowed with places");
    }

    #[test]
    fn a_user_left_early_at_the_best_score_is_found_again_when_the_word_grows() {
        // `ol` scores the most it can in `Olaf` (the start of a field), so the pass reads none
        // of the user's later fields; `olz` matches only in one of them.
        let mut users = crate::directory::fixtures::users(3);
        users[1].push_attribute(crate::directory::Attribute::new("a", "Olaf"));
        users[1].push_attribute(crate::directory::Attribute::new("b", "x-olz"));
        let users = Users::from(users);
        let mut cache = FilterCache::default();
        assert!(cache.filter(&users, "ol").contains(&1));
        assert_eq!(cache.filter(&users, "olz"), vec![1]);
        assert_eq!(cache.filter(&users, "olz"), filter(&users, "olz"));
    }

    #[test]
    fn a_word_matched_past_the_32nd_field_is_found_again_when_it_grows() {
        let mut users = crate::directory::fixtures::users(3);
        for a in 0..40 {
            let value = if a == 34 { "zzqq" } else { "x" };
            users[1].push_attribute(crate::directory::Attribute::new(format!("a{a}"), value));
        }
        let users = Users::from(users);
        let mut cache = FilterCache::default();
        assert_eq!(cache.filter(&users, "zz"), vec![1]);
        assert_eq!(cache.filter(&users, "zzq"), vec![1]);
        assert_eq!(cache.filter(&users, "zzqq"), vec![1]);
    }

    #[test]
    fn only_the_latest_steps_keep_where_their_word_matched() {
        let users = Users::from(many_users());
        let mut cache = FilterCache::default();
        for text in ["o", "ol", "oli", "oliv"] {
            cache.filter(&users, text);
        }
        let kept: Vec<bool> = cache.steps.iter().map(|s| s.places.is_some()).collect();
        // "o" is one character: its pass does not tell places.
        assert_eq!(kept, [false, false, true, true]);
        let places = cache.steps[3].places.as_ref().expect("places");
        assert_eq!(places.0.len(), cache.steps[3].hits.len());
        assert!(
            places.0.windows(2).all(|w| w[0].0 < w[1].0),
            "in list order"
        );
        assert!(places.0.iter().all(|&(_, fields)| fields != 0));
    }

    #[test]
    fn users_appended_later_are_merged_into_the_results() {
        let all = many_users();
        let first = Users::from(all[..5000].to_vec());
        let users = Users::from(all);
        let mut cache = FilterCache::default();
        cache.filter(&first, "oli");
        assert_eq!(cache.filter(&users, "oli"), filter(&users, "oli"));
        assert_eq!(cache.filter(&users, "oliv"), filter(&users, "oliv"));
        // A shorter list than the cache saw (replaced): everything is matched again.
        assert_eq!(cache.filter(&first, "oliv"), filter(&first, "oliv"));
    }

    #[test]
    fn passes_over_the_budget_go_to_the_background_and_come_back_the_same() {
        let users = Users::from(many_users());
        let mut cache = FilterCache::with_foreground_users(1000);
        // Everyone to match: a job, and nothing remembered until its result is accepted.
        let Answer::Background(job) = cache.answer(&users, "o") else {
            panic!("a pass over {} users is over the budget", users.len());
        };
        assert_eq!(job.text(), "o");
        let done = job.run();
        assert_eq!(cache.accept(&users, done), Some(filter(&users, "o")));
        // Narrowing "o"'s matches (three quarters of the users) is still over the budget.
        let Answer::Background(job) = cache.answer(&users, "ol") else {
            panic!(
                "narrowing {} matches is over the budget",
                users.len() * 3 / 4
            );
        };
        let done = job.run();
        assert_eq!(cache.accept(&users, done), Some(filter(&users, "ol")));
        // Back to "o": remembered, so answered at once.
        assert_eq!(
            cache.answer(&users, "o"),
            Answer::Ready(filter(&users, "o"))
        );
        // Few enough matches to narrow on this thread.
        assert!(matches!(
            cache.answer(&users, "zoe b"),
            Answer::Background(_)
        ));
    }

    #[test]
    fn a_background_result_from_before_the_users_changed_is_refused() {
        let users = Users::from(many_users());
        let mut cache = FilterCache::with_foreground_users(1000);
        let Answer::Background(job) = cache.answer(&users, "ann") else {
            panic!("over the budget");
        };
        cache.clear();
        assert_eq!(cache.accept(&users, job.run()), None);
        // A result covering more users than the list now holds is refused too.
        let Answer::Background(job) = cache.answer(&users, "ann") else {
            panic!("over the budget");
        };
        let fewer = Users::from(many_users()[..10].to_vec());
        assert_eq!(cache.accept(&fewer, job.run()), None);
    }

    #[test]
    fn narrowing_is_refused_when_a_special_character_changes_a_word() {
        assert!(narrows("ol", "oli"));
        assert!(narrows("oli", "oli via"));
        assert!(!narrows("!", "!x"));
        assert!(!narrows("ol", "ol$"));
        assert!(!narrows("oli", "ol"));
    }

    /// What a user does to the filter line, and what happens to the list meanwhile.
    #[derive(Debug, Clone)]
    enum Step {
        Type(char),
        Backspace,
        /// A page of users arrives.
        Append(usize),
        /// A loaded user changed: all its attributes gone but a name, or back.
        Changed(usize),
        /// The next background pass lands late: after the step that follows it.
        Late,
    }

    fn steps() -> impl proptest::strategy::Strategy<Value = Vec<Step>> {
        use proptest::prelude::*;
        let typed = prop::sample::select(vec![
            'o', 'l', 'i', 'a', 'n', 'e', '1', '@', ' ', '^', '$', '!', '\'', 'ë', 'O',
        ]);
        prop::collection::vec(
            prop_oneof![
                6 => typed.prop_map(Step::Type),
                3 => Just(Step::Backspace),
                1 => (1usize..40).prop_map(Step::Append),
                2 => (0usize..120).prop_map(Step::Changed),
                2 => Just(Step::Late),
            ],
            1..30,
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]

        /// Whatever is typed, deleted, loaded or changed, and however late a background pass
        /// lands, the rows the cache gives are the rows a fresh pass over the users gives.
        #[test]
        fn the_cache_always_agrees_with_a_fresh_pass(steps in steps()) {
            static ALL: std::sync::OnceLock<Vec<User>> = std::sync::OnceLock::new();
            let all = ALL.get_or_init(|| many_users()[..1500].to_vec());
            let mut loaded = 120usize;
            let mut users = Users::from(all[..loaded].to_vec());
            let mut cache = FilterCache::with_foreground_users(30);
            let mut text = String::new();
            let mut late: Option<FilterJob> = None;
            let mut hold_next = false;
            for step in steps {
                match step {
                    Step::Type(c) => text.push(c),
                    Step::Backspace => {
                        text.pop();
                    }
                    Step::Append(n) => {
                        let more = n.min(all.len() - loaded);
                        users.extend(all[loaded..loaded + more].iter().cloned());
                        loaded += more;
                    }
                    Step::Changed(i) => {
                        if let Some(user) = users.get_mut(i) {
                            user.set_attributes(if user.attributes().len() == 1 {
                                all[i].attributes().iter().collect()
                            } else {
                                [("name", "Zed Qx")].into_iter().collect()
                            });
                        }
                        // As the app does whenever a loaded user changes.
                        cache.clear();
                    }
                    Step::Late => hold_next = true,
                }
                // A pass held back from the previous step lands now, for whatever text it was.
                if let Some(job) = late.take() {
                    let _ = cache.accept(&users, job.run());
                }
                let rows = match cache.answer(&users, &text) {
                    Answer::Ready(rows) => rows,
                    Answer::Background(job) if hold_next => {
                        hold_next = false;
                        late = Some(job);
                        continue;
                    }
                    Answer::Background(job) => match cache.accept(&users, job.run()) {
                        Some(rows) => rows,
                        None => continue,
                    },
                };
                // The reference reads the users themselves, not the chunks' fields.
                let plain: Vec<User> = users.iter().cloned().collect();
                proptest::prop_assert_eq!(rows, filter(&plain, &text), "text {:?}", text);
            }
        }
    }
}
