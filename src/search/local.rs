//! The instant local filter: fuzzy matching over every attribute of the loaded users, with no
//! server call. nucleo-matcher is the matcher behind helix and television: fast, smart-case,
//! Unicode-normalising, and it reports match positions for highlighting.
//!
//! Each word of the filter (an *atom*, with nucleo's `^prefix`, `suffix$`, `'exact` and `!not`
//! forms) is matched against each field of a user on its own: the username and every attribute
//! value. A user matches when every word matches some field, and scores the sum of each word's
//! best field. Matching field by field keeps the characters of one word together (`example`
//! does not match a user by picking an `e` from the email and an `x` from the phone number),
//! makes `^` and `$` mean "a field starts / ends with", and lets the highlight of a cell show the
//! very match that selected the user.
//!
//! At 100,000 users one pass costs tens of milliseconds, so [`FilterCache`] keeps the results
//! of the texts typed on the way to the current one: a text that extends an earlier one is
//! matched only against that one's matches, Backspace returns an earlier result as it was, and
//! users that arrive in later pages are matched alone and merged in. A pass over more users than
//! a keystroke may take ([`FOREGROUND_USERS`]) is handed back as a [`FilterJob`] for the worker
//! to run off the app's thread, over a shared view of the users; any pass is split over the
//! machine's cores.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::num::NonZeroUsize;
use std::sync::Arc;

use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::directory::{User, Users};

/// Below this many users a pass runs on the calling thread: starting threads would cost more.
const PARALLEL_FROM: usize = 4096;

/// Matches users against one filter text, reusing its buffers across users.
pub struct LocalMatcher {
    atoms: Vec<Atom>,
    /// Taken from this thread's spare on creation and given back on drop: a `Matcher` holds a
    /// zeroed 100 KB scratch matrix, too dear to allocate for every frame.
    matcher: Option<Matcher>,
    chars: Vec<char>,
}

thread_local! {
    static SPARE_MATCHER: RefCell<Option<Matcher>> = const { RefCell::new(None) };
}

impl Drop for LocalMatcher {
    fn drop(&mut self) {
        if let Some(matcher) = self.matcher.take() {
            SPARE_MATCHER.with(|spare| *spare.borrow_mut() = Some(matcher));
        }
    }
}

impl LocalMatcher {
    pub fn new(text: &str) -> Self {
        LocalMatcher {
            atoms: Pattern::parse(text, CaseMatching::Smart, Normalization::Smart).atoms,
            matcher: SPARE_MATCHER.with(|spare| spare.borrow_mut().take()),
            chars: Vec::new(),
        }
    }

    /// The user's score, or `None` when it does not match: every word must match the username
    /// or one attribute value (a `!word` must match none of them).
    pub fn score(&mut self, user: &User) -> Option<u32> {
        let matcher = self
            .matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        let mut total = 0u32;
        for atom in &self.atoms {
            let fields = std::iter::once(user.username.as_str()).chain(user.attributes.values());
            if atom.negative {
                // A negative atom scores `None` on a field that holds the word.
                for field in fields {
                    atom.score(utf32(field, &mut self.chars), matcher)?;
                }
            } else {
                let mut best = None;
                for field in fields {
                    let score = atom.score(utf32(field, &mut self.chars), matcher);
                    best = best.max(score);
                }
                total += u32::from(best?);
            }
        }
        Some(total)
    }

    /// Positions (in chars) of `text` that the filter's words match, for highlighting.
    pub fn highlights(&mut self, text: &str) -> Vec<usize> {
        let matcher = self
            .matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        let mut indices = Vec::new();
        let haystack = utf32(text, &mut self.chars);
        for atom in self.atoms.iter().filter(|a| !a.negative) {
            atom.indices(haystack, matcher, &mut indices);
        }
        let mut out: Vec<usize> = indices.into_iter().map(|i| i as usize).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A field as the matcher reads it. nucleo's own `Utf32Str::new` segments non-ASCII text into
/// graphemes, which costs more than the match itself; one char a position is what the matcher
/// needs here, and ASCII needs no conversion at all.
fn utf32<'a>(field: &'a str, chars: &'a mut Vec<char>) -> Utf32Str<'a> {
    if field.is_ascii() {
        Utf32Str::Ascii(field.as_bytes())
    } else {
        chars.clear();
        chars.extend(field.chars());
        Utf32Str::Unicode(chars)
    }
}

/// Users a pass can read by index: a slice, or a list's shared [`Users`].
pub trait UserSource: Sync {
    fn count(&self) -> usize;
    fn user(&self, index: usize) -> &User;
}

impl UserSource for [User] {
    fn count(&self) -> usize {
        self.len()
    }

    fn user(&self, index: usize) -> &User {
        &self[index]
    }
}

impl UserSource for Vec<User> {
    fn count(&self) -> usize {
        self.len()
    }

    fn user(&self, index: usize) -> &User {
        &self[index]
    }
}

impl UserSource for Users {
    fn count(&self) -> usize {
        self.len()
    }

    fn user(&self, index: usize) -> &User {
        &self[index]
    }
}

/// One matching user: its index in the list and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    index: u32,
    score: u32,
}

/// Best first; ties keep the list's order.
fn rank(hit: &Hit) -> (Reverse<u32>, u32) {
    (Reverse(hit.score), hit.index)
}

/// Matches `text` against the users `from..to` of `users`, or only those of them at
/// `candidates`, best first. Large passes are split over the machine's cores, each part ranked
/// on its own thread and the parts merged.
fn pass<S: UserSource + ?Sized>(
    users: &S,
    text: &str,
    from: usize,
    candidates: Option<&[Hit]>,
) -> Vec<Hit> {
    let to = users.count();
    let count = candidates.map_or(to.saturating_sub(from), <[Hit]>::len);
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(count / PARALLEL_FROM)
        .max(1);
    let run = |part: std::ops::Range<usize>| {
        let mut matcher = LocalMatcher::new(text);
        let mut score = |index: usize| {
            let score = matcher.score(users.user(index))?;
            Some(Hit {
                index: index as u32,
                score,
            })
        };
        let mut hits: Vec<Hit> = match candidates {
            Some(candidates) => candidates[part]
                .iter()
                .filter_map(|c| score(c.index as usize))
                .collect(),
            None => part.filter_map(|i| score(from + i)).collect(),
        };
        hits.sort_unstable_by_key(rank);
        hits
    };
    if threads == 1 {
        return run(0..count);
    }
    let chunk = count.div_ceil(threads);
    let parts: Vec<Vec<Hit>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let part = (t * chunk).min(count)..((t + 1) * chunk).min(count);
                scope.spawn(move || run(part))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    parts.into_iter().reduce(merge).unwrap_or_default()
}

/// Two ranked lists as one.
fn merge(a: Vec<Hit>, b: Vec<Hit>) -> Vec<Hit> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if rank(x) <= rank(y) {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

/// Indexes of the users matching `text`, best first; ties keep the list's order.
pub fn filter<S: UserSource + ?Sized>(users: &S, text: &str) -> Vec<usize> {
    pass(users, text, 0, None)
        .into_iter()
        .map(|h| h.index as usize)
        .collect()
}

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

/// The results of the texts typed on the way to the current one, each the prefix of the next.
#[derive(Clone, PartialEq, Eq)]
pub struct FilterCache {
    /// Oldest (shortest text) first; the last is the current text.
    steps: Vec<Step>,
    /// Changes whenever the results are forgotten, so a background pass started before
    /// cannot bring back results of users that have changed since.
    generation: u64,
    foreground_users: usize,
}

impl Default for FilterCache {
    fn default() -> Self {
        FilterCache {
            steps: Vec::new(),
            generation: 0,
            foreground_users: FOREGROUND_USERS,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
struct Step {
    text: String,
    /// How many users of the list the hits cover (the first `covered`).
    covered: usize,
    hits: Arc<Vec<Hit>>,
}

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
#[derive(Clone, PartialEq, Eq)]
pub struct FilterJob {
    text: String,
    users: Users,
    /// The earlier matches to narrow, all among the first `covered` users; without them,
    /// every user of `users` is matched.
    base: Option<(Arc<Vec<Hit>>, usize)>,
    generation: u64,
}

/// A background pass's result.
#[derive(Clone, PartialEq, Eq)]
pub struct FilterDone {
    text: String,
    covered: usize,
    hits: Vec<Hit>,
    generation: u64,
}

// Summaries: a job or a result can hold 100,000 matches.
impl std::fmt::Debug for FilterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterJob")
            .field("text", &self.text)
            .field("users", &self.users.len())
            .field("narrowing", &self.base.as_ref().map(|(hits, _)| hits.len()))
            .finish()
    }
}

impl std::fmt::Debug for FilterDone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilterDone")
            .field("text", &self.text)
            .field("covered", &self.covered)
            .field("matches", &self.hits.len())
            .finish()
    }
}

impl FilterJob {
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Matches; blocking, on the machine's cores.
    pub fn run(self) -> FilterDone {
        let (hits, covered) = match &self.base {
            Some((base, covered)) => (pass(&self.users, &self.text, 0, Some(base)), *covered),
            None => (pass(&self.users, &self.text, 0, None), self.users.len()),
        };
        FilterDone {
            text: self.text,
            covered,
            hits,
            generation: self.generation,
        }
    }
}

impl FilterDone {
    pub fn text(&self) -> &str {
        &self.text
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
    }

    /// Indexes of the users matching `text`, best first; ties keep the list's order. The
    /// same as [`filter`], from the earlier results where they answer it, always on this
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
                    base: base.map(|b| (Arc::clone(&b.hits), b.covered)),
                    generation: self.generation,
                });
            }
            let step = match base {
                Some(base) => Step {
                    text: text.to_owned(),
                    covered: base.covered,
                    hits: Arc::new(pass(users, text, 0, Some(&base.hits))),
                },
                None => Step {
                    text: text.to_owned(),
                    covered: users.len(),
                    hits: Arc::new(pass(users, text, 0, None)),
                },
            };
            self.push(step);
        }
        Answer::Ready(self.current(users))
    }

    /// Takes a background pass's result: the matching users' indexes, or `None` when the
    /// users changed since it started (it is then of no use; ask again).
    pub fn accept(&mut self, users: &Users, done: FilterDone) -> Option<Vec<usize>> {
        if done.generation != self.generation || done.covered > users.len() {
            return None;
        }
        self.steps
            .retain(|s| done.text.starts_with(s.text.as_str()));
        if self.steps.last().is_none_or(|s| s.text != done.text) {
            self.push(Step {
                text: done.text,
                covered: done.covered,
                hits: Arc::new(done.hits),
            });
        }
        Some(self.current(users))
    }

    fn push(&mut self, step: Step) {
        self.steps.push(step);
        if self.steps.len() > MAX_STEPS {
            self.steps.remove(0);
        }
    }

    /// The last step's rows, with users appended since it was matched merged in.
    fn current(&mut self, users: &Users) -> Vec<usize> {
        let Some(step) = self.steps.last_mut() else {
            return Vec::new();
        };
        if step.covered < users.len() {
            let added = pass(users, &step.text, step.covered, None);
            step.hits = Arc::new(merge(std::mem::take(Arc::make_mut(&mut step.hits)), added));
            step.covered = users.len();
        }
        step.hits.iter().map(|h| h.index as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, fixtures};

    #[test]
    fn matches_any_attribute_custom_ones_included() {
        let mut users = fixtures::users(30);
        users[17]
            .attributes
            .push(Attribute::new("custom:crm_id", "CRM-998877"));
        assert_eq!(filter(&users, "crm-9988"), vec![17]);
        assert_eq!(filter(&users, "user012")[0], 12);
    }

    #[test]
    fn empty_text_matches_everyone_in_order() {
        let users = fixtures::users(5);
        assert_eq!(filter(&users, ""), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn highlights_point_at_the_matched_characters() {
        let mut m = LocalMatcher::new("jo");
        assert_eq!(m.highlights("xjoy"), vec![1, 2]);
        assert!(m.highlights("zzz").is_empty());
    }

    #[test]
    fn highlights_show_each_word_where_it_matches() {
        let mut m = LocalMatcher::new("zoe example");
        assert_eq!(m.highlights("Zoë"), vec![0, 1, 2]);
        assert_eq!(m.highlights("a@example.org"), vec![2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn accents_and_case_are_forgiven() {
        let mut users = fixtures::users(3);
        users[1]
            .attributes
            .push(Attribute::new("name", "Zoë Brontë"));
        assert_eq!(filter(&users, "zoe bronte"), vec![1]);
    }

    #[test]
    fn a_word_matches_within_one_field_not_across_them() {
        let mut users = fixtures::users(2);
        users[0].attributes = vec![
            Attribute::new("email", "ab@x.io"),
            Attribute::new("phone_number", "+15550100"),
        ]
        .into();
        users[1].attributes = vec![Attribute::new("email", "ab5@x.io")].into();
        // "b5": `b` from the email and `5` from the phone would do across fields.
        assert_eq!(filter(&users, "b5"), vec![1]);
        // Two words may match two fields.
        assert_eq!(filter(&users, "ab@ +1555"), vec![0]);
    }

    #[test]
    fn prefix_suffix_and_not_apply_to_each_field() {
        let mut users = fixtures::users(3);
        users[0].attributes = vec![Attribute::new("email", "ann@example.org")].into();
        users[1].attributes = vec![Attribute::new("email", "bob@example.com")].into();
        users[2].attributes = vec![Attribute::new("email", "example.org@corp.io")].into();
        assert_eq!(filter(&users, ".org$"), vec![0]);
        assert_eq!(filter(&users, "^example"), vec![2]);
        // A field starting with the word ranks first.
        assert_eq!(filter(&users, "example !.com"), vec![2, 0]);
    }

    fn many_users() -> Vec<User> {
        let mut users = fixtures::users(PARALLEL_FROM * 3 + 17);
        for (i, u) in users.iter_mut().enumerate() {
            u.attributes.push(Attribute::new(
                "name",
                ["Olivia Jones", "Zoë Brontë", "Oliver Stone", "Ann Ng"][i % 4],
            ));
        }
        users
    }

    #[test]
    fn a_parallel_pass_ranks_as_one_pass_does() {
        let users = many_users();
        for text in ["o", "oli", "zoe", "ng", "user00001", "nobody"] {
            let one = {
                let mut m = LocalMatcher::new(text);
                let mut hits: Vec<Hit> = users
                    .iter()
                    .enumerate()
                    .filter_map(|(i, u)| {
                        Some(Hit {
                            index: i as u32,
                            score: m.score(u)?,
                        })
                    })
                    .collect();
                hits.sort_by_key(rank);
                hits.into_iter()
                    .map(|h| h.index as usize)
                    .collect::<Vec<_>>()
            };
            assert_eq!(filter(&users, text), one, "{text:?}");
        }
    }

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
}
