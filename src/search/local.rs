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
use std::time::{Duration, Instant};

use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::directory::{Fields, User, Users};

/// Below this many users a pass runs on the calling thread: starting threads would cost more.
const PARALLEL_FROM: usize = 4096;

/// Matches users against one filter text, reusing its buffers across users.
pub struct LocalMatcher {
    atoms: Vec<Atom>,
    /// Per atom, the cheap test that spares nucleo the fields it cannot match.
    needles: Vec<Option<Needle>>,
    /// Per atom, the fields the cheap test lets through ([`Places::bit`]).
    maybe: Vec<u32>,
    /// The fast path of a filter of one word ([`OneWord`]).
    one: Option<OneWord>,
    /// The scores of a filter of one word of two characters, without nucleo ([`TwoChars`]).
    two: Option<TwoChars>,
    /// The scores of a filter of one longer word known without nucleo ([`SureScore`]).
    sure: Option<SureScore>,
    /// Taken from this thread's spare on creation and given back on drop: a `Matcher` holds a
    /// zeroed 100 KB scratch matrix, too dear to allocate for every frame.
    matcher: Option<Matcher>,
    chars: Vec<char>,
    /// The positions [`LocalMatcher::highlights`] hands out.
    indices: Vec<u32>,
    /// The word's scores in the short values met so far, made on the first user scored.
    short: Option<ShortScores>,
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
        let atoms = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart).atoms;
        let needles: Vec<Option<Needle>> = atoms.iter().map(Needle::of).collect();
        let (one, two, sure) = match (atoms.as_slice(), needles.as_slice()) {
            ([atom], [needle]) => (
                OneWord::of(atom, needle.as_ref()),
                TwoChars::of(atom, needle.as_ref()),
                SureScore::of(atom, needle.as_ref()),
            ),
            _ => (None, None, None),
        };
        LocalMatcher {
            needles,
            one,
            two,
            sure,
            maybe: vec![0; atoms.len()],
            atoms,
            matcher: SPARE_MATCHER.with(|spare| spare.borrow_mut().take()),
            chars: Vec::new(),
            indices: Vec::new(),
            short: None,
        }
    }

    /// The user's score, or `None` when it does not match: every word must match the username
    /// or one attribute value (a `!word` must match none of them).
    pub fn score(&mut self, user: &User) -> Option<u32> {
        self.score_fields(fields_of(user))
    }

    /// The score of a user given as its fields: the username, then every value.
    pub fn score_fields(&mut self, user: Fields<'_>) -> Option<u32> {
        self.score_within(user, Places::ALL).map(|(score, _)| score)
    }

    /// Whether [`LocalMatcher::score_within`] tells where the filter's word matched: a filter
    /// of one plain word of more than one character, the kind a longer word narrows.
    fn tells_places(&self) -> bool {
        self.one.is_none()
            && matches!(
                (self.atoms.as_slice(), self.needles.as_slice()),
                ([atom], [Some(_)]) if !atom.negative
            )
    }

    /// The most a user can score, for a filter of one plain ASCII word
    /// ([`scoring::highest`]). `None` for any other filter, or when it is not known.
    fn highest(&self) -> Option<u32> {
        let ([atom], [Some(needle)]) = (self.atoms.as_slice(), self.needles.as_slice()) else {
            return None;
        };
        scoring::highest(needle.plain_ascii_word(atom)?)
    }

    /// What a user that starts no word with one of the word's characters scores at most
    /// ([`Bound`]), for a filter of one plain ASCII word.
    fn bound(&self) -> Option<Bound> {
        let ([atom], [Some(needle)]) = (self.atoms.as_slice(), self.needles.as_slice()) else {
            return None;
        };
        Bound::of(needle.plain_ascii_word(atom)?)
    }

    /// The user's score and, for a filter of one word, the fields it matched in
    /// ([`Places::ALL`] otherwise). `within`: the only fields the word can match in, known
    /// from a shorter word's pass ([`Places::ALL`] when nothing is known); only a filter of
    /// one word is given fewer.
    fn score_within(&mut self, user: Fields<'_>, within: u32) -> Option<(u32, u32)> {
        if let (Some(one), [atom], [Some(needle)]) =
            (&self.one, self.atoms.as_slice(), self.needles.as_slice())
        {
            let matcher = self
                .matcher
                .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
            let short = self.short.get_or_insert_with(ShortScores::new);
            let score = one.score(user, atom, needle, matcher, &mut self.chars, short)?;
            return Some((score, Places::ALL));
        }
        if let ([atom], [Some(needle)]) = (self.atoms.as_slice(), self.needles.as_slice())
            && !atom.negative
        {
            // One word: each field through the cheap test and then nucleo, in one walk.
            let matcher = self
                .matcher
                .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
            // Narrowing a shorter word's places reads a field or two: the whole text's search
            // would cost more than it spares.
            let mut key = if within == Places::ALL {
                needle.key_scan(&user)
            } else {
                KeyScan::none()
            };
            if key.holds_none() {
                return None;
            }
            let short = self.short.get_or_insert_with(ShortScores::new);
            let ascii = user.is_ascii();
            let mut best = None;
            let mut matched = 0u32;
            for (i, field) in user.enumerate() {
                let bit = Places::bit(i);
                if within & bit == 0 {
                    // No field wanted from here on: the rest need not be read.
                    if within & !(bit - 1) == 0 {
                        break;
                    }
                    continue;
                }
                if !key.may_hold(field) {
                    continue;
                }
                let field_ascii = ascii || field.is_ascii();
                let keyed = key.has_key();
                // The in-order test spares the scoring most fields when the word has no key; a
                // field holding the key mostly matches, and two_chars tells that itself.
                let scored_whole = keyed && self.two.is_some() && field_ascii;
                if !scored_whole && !needle.may_match(field) {
                    continue;
                }
                let known = match &self.two {
                    // Two characters: the field's score or that it does not match, in one walk
                    // no dearer than the in-order test's.
                    Some(two) if field_ascii => match two.score(field) {
                        None => continue,
                        Some(Ok(score)) => Some((score, two.highest())),
                        Some(Err(TooLong)) => None,
                    },
                    _ => None,
                };
                let known = known.or_else(|| {
                    let sure = self.sure.as_ref().filter(|_| field_ascii)?;
                    Some((sure.score(field)?, sure.highest()))
                });
                if let Some((score, highest)) = known {
                    best = best.max(Some(score));
                    if score == highest {
                        // No field can score more: the rest need not be read. A longer word
                        // may match in any of them, so they count among its places.
                        matched |= !(bit - 1);
                        break;
                    }
                    matched |= bit;
                    continue;
                }
                // What the word scores in a field depends on its text alone.
                let score =
                    short.score(field, || atom.score(utf32(field, &mut self.chars), matcher));
                if score.is_some() {
                    matched |= bit;
                }
                best = best.max(score);
            }
            let places = if self.tells_places() {
                matched
            } else {
                Places::ALL
            };
            return Some((u32::from(best?), places));
        }
        // The cheap test first, for every word: a word none of whose fields may match rejects
        // the user before nucleo reads anything.
        for ((atom, needle), maybe) in self.atoms.iter().zip(&self.needles).zip(&mut self.maybe) {
            *maybe = within;
            let Some(needle) = needle else {
                continue;
            };
            let mut key = needle.key_scan(&user);
            if key.holds_none() && !atom.negative {
                return None;
            }
            let mut fields = 0u32;
            for (i, field) in user.clone().enumerate() {
                let bit = Places::bit(i);
                if within & bit != 0
                    && key.may_hold(field)
                    && fields & bit == 0
                    && needle.may_match(field)
                {
                    fields |= bit;
                }
            }
            if !atom.negative && fields == 0 {
                return None;
            }
            *maybe = fields;
        }
        let matcher = self
            .matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        let mut total = 0u32;
        let mut matched = 0u32;
        for (atom, &maybe) in self.atoms.iter().zip(&self.maybe) {
            let fields = user
                .clone()
                .enumerate()
                .filter(|&(i, _)| maybe & Places::bit(i) != 0);
            if atom.negative {
                // A negative atom scores `None` on a field that holds the word.
                for (_, field) in fields {
                    atom.score(utf32(field, &mut self.chars), matcher)?;
                }
            } else {
                let mut best = None;
                for (i, field) in fields {
                    let score = atom.score(utf32(field, &mut self.chars), matcher);
                    if score.is_some() {
                        matched |= Places::bit(i);
                    }
                    best = best.max(score);
                }
                total += u32::from(best?);
            }
        }
        let places = if self.tells_places() {
            matched
        } else {
            Places::ALL
        };
        Some((total, places))
    }

    /// Positions (in chars, sorted) of `text` that the filter's words match, for highlighting.
    /// The slice lives in the matcher's buffer until the next call.
    pub fn highlights(&mut self, text: &str) -> &[u32] {
        let matcher = self
            .matcher
            .get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        self.indices.clear();
        let haystack = utf32(text, &mut self.chars);
        for atom in self.atoms.iter().filter(|a| !a.negative) {
            atom.indices(haystack, matcher, &mut self.indices);
        }
        self.indices.sort_unstable();
        self.indices.dedup();
        &self.indices
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
    /// The user's username, then every attribute value.
    fn fields(&self, index: usize) -> Fields<'_>;
    /// The user's word starts ([`word_starts`]), read without its fields.
    fn word_starts(&self, index: usize) -> StartsRead<'_> {
        self.fields(index).word_starts()
    }
}

fn fields_of(user: &User) -> Fields<'_> {
    user.fields()
}

impl UserSource for [User] {
    fn count(&self) -> usize {
        self.len()
    }

    fn fields(&self, index: usize) -> Fields<'_> {
        fields_of(&self[index])
    }
}

impl UserSource for Vec<User> {
    fn count(&self) -> usize {
        self.len()
    }

    fn fields(&self, index: usize) -> Fields<'_> {
        fields_of(&self[index])
    }
}

/// A list's users are read from their chunks' fields, laid out in order.
impl UserSource for Users {
    fn count(&self) -> usize {
        self.len()
    }

    fn fields(&self, index: usize) -> Fields<'_> {
        Users::fields(self, index)
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

/// Where a filter of one word matched, user by user: the fields of each matching user
/// ([`Places::bit`]), in the list's order. A longer
/// word matches only where a shorter one does (the shorter word's characters are among its
/// own, in the same order), so a pass narrowing the shorter word's matches reads only those
/// fields: once the word is `exa`, `exam` reads a user's email, not its eleven fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Places(Vec<(u32, u32)>);

impl Places {
    /// Every field.
    const ALL: u32 = u32::MAX;

    /// Field `i`'s bit: bit `i`, the last for every field from the 32nd on (a user has fewer
    /// than 32 attributes but in a pool with many custom ones).
    fn bit(field: usize) -> u32 {
        1 << field.min(31)
    }

    /// A reader of the places of users from `index` on, asked in the list's order.
    fn from(&self, index: u32) -> PlacesFrom<'_> {
        let at = self.0.partition_point(|&(i, _)| i < index);
        PlacesFrom {
            places: &self.0[at..],
        }
    }
}

struct PlacesFrom<'a> {
    places: &'a [(u32, u32)],
}

impl PlacesFrom<'_> {
    /// The fields of the user at `index` (no smaller than the last asked); every field for a
    /// user the places do not hold.
    fn of(&mut self, index: u32) -> u32 {
        while let [(i, _), rest @ ..] = self.places
            && *i < index
        {
            self.places = rest;
        }
        match self.places {
            [(i, fields), ..] if *i == index => *fields,
            _ => Places::ALL,
        }
    }
}

/// A pass's matches, best first, and where its word matched when it is a word a longer one may
/// narrow ([`Places`]).
#[derive(Debug, Default)]
struct Passed {
    hits: Vec<Hit>,
    places: Option<Places>,
}

/// A pass's first screenful, shown before the pass ends: the first `rows` of the ranking, once
/// no user still unread can outrank them ([`schedule`]). A dense word (`e`, `en`, `ol`: a
/// million matches) gets there within its first few thousand users, a word every user matches
/// below its highest (`exam` in `…@example.com`) once the users that may score more have been
/// swept out; either way while the pass still has most users to read.
pub(super) struct Preview<'a> {
    pub rows: usize,
    /// Given the first `rows` users' indexes, best first, at most once a pass.
    pub show: &'a (dyn Fn(Vec<u32>) + Sync),
    /// A sweep starts only when reading the rest in order would take longer than this.
    pub sweep_after: Duration,
}

/// Matches `text` against the users `from..to` of `users`, or only those of them at
/// `candidates` (reading only the fields `within` holds for each, when given), best first.
/// Large passes are split over the machine's cores, each part ranked on its own thread and the
/// parts merged. `None` when `stop` said to stop before the end.
fn pass<S: UserSource + ?Sized>(
    users: &S,
    text: &str,
    from: usize,
    candidates: Option<&[Hit]>,
    within: Option<&Places>,
    stop: &(dyn Fn() -> bool + Sync),
    preview: Option<&Preview<'_>>,
) -> Option<Passed> {
    let to = users.count();
    let order = candidates.map(|c| in_list_order(c, to));
    let count = order.as_ref().map_or(to.saturating_sub(from), Vec::len);
    let threads = std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(count / PARALLEL_FROM)
        .max(1);
    // Only a word that extends the one `within` came from is held to its places: a second
    // word may match anywhere.
    let matcher = LocalMatcher::new(text);
    let tells = matcher.tells_places();
    let within = within.filter(|_| tells);
    // The users before `from` are not read: what they hold is not known here.
    let preview = preview.filter(|p| from == 0 && p.rows > 0);
    let schedule = Schedule::new(
        count,
        preview.map_or(0, |p| p.rows),
        matcher.highest(),
        matcher.bound(),
    )
    .sweeping_after(preview.map_or(Duration::ZERO, |p| p.sweep_after), threads);
    drop(matcher);
    let index_at = |position: usize| match &order {
        Some(order) => order.get(position).copied().unwrap_or(u32::MAX),
        None => (from + position) as u32,
    };
    let show = |positions: Vec<u32>| {
        if let Some(preview) = preview {
            (preview.show)(
                positions
                    .into_iter()
                    .map(|p| index_at(p as usize))
                    .collect(),
            );
        }
    };
    // The threads take the next task each until none is left, rather than a fixed half each:
    // on a machine whose other core is busy, the free one does more.
    let run = |_thread: usize| -> Option<Passed> {
        let mut matcher = LocalMatcher::new(text);
        let mut hits = Vec::new();
        // Where the word matched, in the list's order: the runs read in order, and the users
        // a sweep scored (each thread's sweeps are in order too).
        let mut places = Vec::new();
        let mut swept_places = Vec::new();
        // Scores a user read in a run or a sweep and keeps its match: the hit, and its places.
        let mut keep = |user, fields, index, places: &mut Vec<(u32, u32)>| {
            let (score, at) = matcher.score_within(user, fields)?;
            hits.push(Hit { index, score });
            if tells {
                places.push((index, at));
            }
            Some(score)
        };
        loop {
            if stop() {
                return None;
            }
            let looking = schedule.looking();
            match schedule.next() {
                Task::Done => break,
                Task::Wait => std::thread::yield_now(),
                Task::Run { run, skip } => {
                    let start = run * RUN;
                    let began = looking.then(Instant::now);
                    let mut within = within.map(|w| w.from(index_at(start)));
                    let mut read = RunRead::default();
                    for position in start..(start + RUN).min(count) {
                        let i = position - start;
                        if skip.is_some_and(|skip| skip[i / 64] & (1 << (i % 64)) != 0) {
                            continue;
                        }
                        let index = index_at(position);
                        let fields = within.as_mut().map_or(Places::ALL, |w| w.of(index));
                        let user = users.fields(index as usize);
                        if looking {
                            read.users += 1;
                            read.may_exceed += usize::from(schedule.may_exceed(user.word_starts()));
                        }
                        let Some(score) = keep(user, fields, index, &mut places) else {
                            continue;
                        };
                        if looking {
                            read.at_highest += usize::from(Some(score) == schedule.highest());
                            let m = Ranked {
                                position: position as u32,
                                score,
                            };
                            if schedule.may_show(m) {
                                read.best.push(m);
                            }
                        }
                    }
                    read.took = began.map_or(Duration::ZERO, |t| t.elapsed());
                    if looking && let Some(rows) = schedule.read_run(run, read) {
                        show(rows);
                    }
                }
                Task::Sweep { block, positions } => {
                    let mut within = within.map(|w| w.from(index_at(positions.start)));
                    let mut scored = vec![0u64; positions.len().div_ceil(64)].into_boxed_slice();
                    let mut best = Vec::new();
                    for position in positions.clone() {
                        let index = index_at(position);
                        if !schedule.may_exceed(users.word_starts(index as usize)) {
                            continue;
                        }
                        let i = position - positions.start;
                        scored[i / 64] |= 1 << (i % 64);
                        let user = users.fields(index as usize);
                        let fields = within.as_mut().map_or(Places::ALL, |w| w.of(index));
                        let Some(score) = keep(user, fields, index, &mut swept_places) else {
                            continue;
                        };
                        let m = Ranked {
                            position: position as u32,
                            score,
                        };
                        if schedule.may_show(m) {
                            best.push(m);
                        }
                    }
                    if let Some(rows) = schedule.swept(block, scored, best) {
                        show(rows);
                    }
                }
            }
        }
        rank::sort(&mut hits);
        Some(Passed {
            hits,
            places: tells.then(|| Places(merge_by_index(places, swept_places))),
        })
    };
    let parts: Vec<_> = if threads == 1 {
        vec![run(0)?]
    } else {
        let parts = crate::parallel::map((0..threads).collect(), run);
        parts.into_iter().collect::<Option<_>>()?
    };
    // Each thread's places are in the list's order, and merging two threads' keeps them so.
    Some(
        parts
            .into_iter()
            .reduce(|a, b| Passed {
                hits: merge(a.hits, b.hits),
                places: match (a.places, b.places) {
                    (Some(a), Some(b)) => Some(Places(merge_by_index(a.0, b.0))),
                    _ => None,
                },
            })
            .unwrap_or_default(),
    )
}

/// Two lists of places, each in the list's order, as one.
fn merge_by_index(a: Vec<(u32, u32)>, b: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        out.extend(if x.0 <= y.0 { a.next() } else { b.next() });
    }
    out.extend(a);
    out.extend(b);
    out
}

/// The indexes of earlier matches in the list's order, for a pass that narrows them: read in
/// their ranking's order, every user is a jump in memory (a cache miss each), and such a pass
/// over 750,000 matches took longer than a pass over all 1,000,000 users in order. A bit a user
/// of the list, then the set bits in order: linear, and ranking is done again after the pass.
fn in_list_order(candidates: &[Hit], users: usize) -> Vec<u32> {
    let mut bits = vec![0u64; users.div_ceil(64)];
    for c in candidates {
        let i = c.index as usize;
        if let Some(word) = bits.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }
    let mut order = Vec::with_capacity(candidates.len());
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            order.push((w * 64) as u32 + word.trailing_zeros());
            word &= word - 1;
        }
    }
    order
}

/// A pass that runs to its end.
fn never() -> bool {
    false
}

/// Two ranked lists as one.
fn merge(a: Vec<Hit>, b: Vec<Hit>) -> Vec<Hit> {
    if a.is_empty() {
        return b;
    }
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
    pass(users, text, 0, None, None, &never, None)
        .unwrap_or_default()
        .hits
        .into_iter()
        .map(|h| h.index as usize)
        .collect()
}

mod cache;
mod one_word;
mod prefilter;
mod rank;
mod schedule;
mod scoring;
mod short_scores;
mod sure_score;
mod two_chars;
pub(crate) mod word_starts;

use one_word::OneWord;
use prefilter::{KeyScan, Needle};
use schedule::{RUN, Ranked, RunRead, Schedule, Task};
use short_scores::ShortScores;
use sure_score::SureScore;
use two_chars::{TooLong, TwoChars};
use word_starts::{Bound, StartsRead};

pub use cache::{Answer, FOREGROUND_USERS, FilterCache, FilterDone, FilterJob, FilterPreview};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::{Attribute, fixtures};

    #[test]
    fn matches_any_attribute_custom_ones_included() {
        let mut users = fixtures::users(30);
        users[17].push_attribute(Attribute::new("custom:crm_id", "CRM-998877"));
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
        users[1].push_attribute(Attribute::new("name", "Zoë Brontë"));
        assert_eq!(filter(&users, "zoe bronte"), vec![1]);
    }

    #[test]
    fn a_word_matches_within_one_field_not_across_them() {
        let mut users = fixtures::users(2);
        users[0].set_attributes(
            vec![
                Attribute::new("email", "ab@x.io"),
                Attribute::new("phone_number", "+15550100"),
            ]
            .into(),
        );
        users[1].set_attributes(vec![Attribute::new("email", "ab5@x.io")].into());
        // "b5": `b` from the email and `5` from the phone would do across fields.
        assert_eq!(filter(&users, "b5"), vec![1]);
        // Two words may match two fields.
        assert_eq!(filter(&users, "ab@ +1555"), vec![0]);
    }

    #[test]
    fn prefix_suffix_and_not_apply_to_each_field() {
        let mut users = fixtures::users(3);
        users[0].set_attributes(vec![Attribute::new("email", "ann@example.org")].into());
        users[1].set_attributes(vec![Attribute::new("email", "bob@example.com")].into());
        users[2].set_attributes(vec![Attribute::new("email", "example.org@corp.io")].into());
        assert_eq!(filter(&users, ".org$"), vec![0]);
        assert_eq!(filter(&users, "^example"), vec![2]);
        // A field starting with the word ranks first.
        assert_eq!(filter(&users, "example !.com"), vec![2, 0]);
    }

    pub(super) fn many_users() -> Vec<User> {
        let mut users = fixtures::users(PARALLEL_FROM * 3 + 17);
        for (i, u) in users.iter_mut().enumerate() {
            u.push_attribute(Attribute::new(
                "name",
                ["Olivia Jones", "Zoë Brontë", "Oliver Stone", "Ann Ng"][i % 4],
            ));
        }
        users
    }

    /// The pass as it was before the cheap test: every word against every field in nucleo.
    fn plain_filter(users: &[User], text: &str) -> Vec<usize> {
        let atoms = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart).atoms;
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();
        'users: for (index, user) in users.iter().enumerate() {
            let mut total = 0u32;
            for atom in &atoms {
                let mut best = None;
                for field in fields_of(user) {
                    let score = atom.score(utf32(field, &mut chars), &mut matcher);
                    if atom.negative && score.is_none() {
                        continue 'users;
                    }
                    best = best.max(score);
                }
                if !atom.negative {
                    match best {
                        Some(score) => total += u32::from(score),
                        None => continue 'users,
                    }
                }
            }
            hits.push(Hit {
                index: index as u32,
                score: total,
            });
        }
        hits.sort_by_key(rank);
        hits.into_iter().map(|h| h.index as usize).collect()
    }

    /// Text from few characters, so that words match often: both cases, digits, the
    /// punctuation of emails and phones, and characters nucleo folds (ë, É, K, İ, ß, 伟).
    pub(super) fn random_text(rng: &mut fastrand::Rng, len: usize) -> String {
        const CHARS: &[char] = &[
            'a', 'b', 'e', 'o', 'z', 'A', 'E', 'O', 'Z', '1', '5', '@', '.', '-', '+', ' ', 'ë',
            'É', 'ö', 'K', 'İ', 'ß', '伟', 'ø',
        ];
        (0..len).map(|_| CHARS[rng.usize(..CHARS.len())]).collect()
    }

    #[test]
    fn the_cheap_test_changes_no_result() {
        let mut rng = fastrand::Rng::with_seed(15);
        let users: Vec<User> = (0..3000)
            .map(|i| {
                let mut user = fixtures::user(i);
                user.set_attributes(
                    (0..rng.usize(0..6))
                        .map(|a| {
                            let len = rng.usize(0..14);
                            Attribute::new(format!("a{a}"), random_text(&mut rng, len))
                        })
                        .collect::<Vec<_>>()
                        .into(),
                );
                user
            })
            .collect();
        let mut queries: Vec<String> = [
            "o", "zoe", "zoë", "ZOE", "Zoe", "e5", "a.b", "^ab", "b$", "'o.", "!e", "o !z", "ss",
            "k", "i", "oe ez", "^'ab", "\\ a", "伟", "ø",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        for _ in 0..150 {
            let len = rng.usize(1..5);
            let mut query = random_text(&mut rng, len);
            if rng.bool() {
                query.insert(0, ['^', '!', '\'', ' '][rng.usize(..4)]);
            }
            if rng.u8(..4) == 0 {
                query.push('$');
            }
            queries.push(query);
        }
        let mut matched = 0;
        for query in &queries {
            let expected = plain_filter(&users, query);
            matched += usize::from(!expected.is_empty());
            assert_eq!(filter(&users, query), expected, "{query:?}");
        }
        // The comparison means something only if many queries match somebody.
        assert!(
            matched > queries.len() / 2,
            "{matched} of {}",
            queries.len()
        );
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

    /// The rows a pass shows before its end, if it shows any.
    fn previewed(users: &[User], text: &str, rows: usize) -> (Option<Vec<usize>>, Vec<usize>) {
        let shown = std::sync::Mutex::new(None);
        let show = |first: Vec<u32>| {
            let mut shown = shown.lock().unwrap();
            assert!(shown.is_none(), "{text:?}: a second first screenful");
            *shown = Some(first.into_iter().map(|i| i as usize).collect());
        };
        let preview = Preview {
            rows,
            show: &show,
            sweep_after: Duration::ZERO,
        };
        let hits = pass(users, text, 0, None, None, &never, Some(&preview))
            .unwrap()
            .hits;
        let all = hits.into_iter().map(|h| h.index as usize).collect();
        (shown.into_inner().unwrap(), all)
    }

    #[test]
    fn the_first_screenful_is_the_first_rows_of_the_whole_pass() {
        // Over the threads' parallel pass (`many_users` is more than one thread's share) and a
        // small one on this thread.
        let many = many_users();
        let few: Vec<User> = many[..300].to_vec();
        let mut shown = 0;
        for users in [&many, &few] {
            for text in [
                "o", "ol", "oli", "z", "zo", "j", "an", "n", "ng", "1", "us", "e", "q", "com",
                "gb", "exam", "ple", "t-1",
            ] {
                for rows in [1, 7, 40, 1000] {
                    let (first, all) = previewed(users, text, rows);
                    assert_eq!(all, filter(users, text), "{text:?}");
                    if let Some(first) = first {
                        assert_eq!(first.len(), rows, "{text:?}");
                        assert_eq!(first, all[..rows], "{text:?}, {rows} rows");
                        shown += 1;
                    }
                }
            }
        }
        assert!(shown > 30, "only {shown} passes showed a first screenful");
    }

    #[test]
    fn a_word_nobody_scores_highest_in_shows_its_screenful_once_swept() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // `com` is in every email after a `.`, never at a word's start: nobody scores its
        // highest, and everyone but the users starting a word with `c`, `o` or `m` (`Olivia`,
        // `Oliver`) scores its bound at most. The pass sweeps those out, then the first users
        // read are sure.
        /// The users, counting whose fields a pass reads.
        struct Counted(Vec<User>, AtomicUsize);
        impl UserSource for Counted {
            fn count(&self) -> usize {
                self.0.len()
            }
            fn fields(&self, index: usize) -> Fields<'_> {
                self.1.fetch_add(1, Ordering::Relaxed);
                self.0.fields(index)
            }
            fn word_starts(&self, index: usize) -> StartsRead<'_> {
                self.0.word_starts(index)
            }
        }
        let users = Counted(many_users(), AtomicUsize::new(0));
        let all = filter(&users.0, "com");
        let shown = std::sync::Mutex::new(None);
        let show = |first: Vec<u32>| {
            let read = users.1.load(Ordering::Relaxed);
            *shown.lock().unwrap() = Some((first.into_iter().map(|i| i as usize).collect(), read));
        };
        let preview = Preview {
            rows: 10,
            show: &show,
            sweep_after: Duration::ZERO,
        };
        pass(&users, "com", 0, None, None, &never, Some(&preview));
        let (first, read): (Vec<usize>, usize) = shown.into_inner().unwrap().expect("shown");
        assert_eq!(first, all[..10]);
        assert!(
            read < users.0.len() / 2,
            "shown once {read} users were read"
        );
        // Everyone's `com` scores the same: the first ten are the list's.
        assert_eq!(all[..10], (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn no_first_screenful_without_enough_users_at_the_highest_score() {
        let users = many_users();
        // `li` lies inside `Olivia`/`Oliver`, never at a word's start: nobody scores its highest.
        assert_eq!(previewed(&users, "li", 5).0, None);
        // Two words, and a negative one: what is highest is not known.
        assert_eq!(previewed(&users, "ol ji", 5).0, None);
        assert_eq!(previewed(&users, "!zo", 5).0, None);
        // A longer word starting with a character other than a letter or digit may score more
        // with a gap than unbroken, so its highest is not known.
        let atom = |w: &str| Pattern::parse(w, CaseMatching::Smart, Normalization::Smart).atoms;
        let score = |w: &str, f: &str| {
            atom(w)[0].score(
                Utf32Str::Ascii(f.as_bytes()),
                &mut Matcher::new(Config::DEFAULT),
            )
        };
        assert!(score(".ab", ". ab") > score(".ab", ".ab"));
        assert_eq!(LocalMatcher::new(".ab").highest(), None);
        assert_eq!(
            LocalMatcher::new("ab").highest(),
            score("ab", "ab").map(u32::from)
        );
        assert_eq!(
            LocalMatcher::new("+").highest(),
            score("+", "+").map(u32::from)
        );
        // `Ann Ng`, a user in four: a screenful of 5 comes within the first 20.
        let (first, all) = previewed(&users, "ann", 5);
        assert_eq!(first.as_deref(), Some(&all[..5]));
    }

    #[test]
    fn no_user_scores_more_than_the_highest() {
        let mut rng = fastrand::Rng::with_seed(23);
        let mut nucleo = Matcher::new(Config::DEFAULT);
        let mut chars = Vec::new();
        for _ in 0..3000 {
            let len = rng.usize(1..6);
            let word = crate::search::local::scoring::tests::random_field(&mut rng, len);
            let matcher = LocalMatcher::new(&word);
            let Some(highest) = matcher.highest() else {
                continue;
            };
            let atom = &matcher.atoms[0];
            let words: Vec<&str> = word.split_whitespace().collect();
            let whole = words.len() == 1 && words[0] == word;
            for _ in 0..20 {
                let len = rng.usize(0..30);
                let mut field = crate::search::local::scoring::tests::random_field(&mut rng, len);
                if whole && rng.u8(..4) == 0 {
                    field.insert_str(0, &word);
                }
                let score = atom.score(utf32(&field, &mut chars), &mut nucleo);
                assert!(
                    score.is_none_or(|s| u32::from(s) <= highest),
                    "{word:?} in {field:?}: {score:?} over {highest}"
                );
                if whole && field.starts_with(&word) && word.as_bytes()[0].is_ascii_alphanumeric()
                    || whole && field == word && word.len() <= 2
                {
                    // A word starting with a letter or digit reaches it at a field's start; a
                    // word of one or two characters, as a field of its own.
                    assert_eq!(score.map(u32::from), Some(highest), "{word:?} in {field:?}");
                }
            }
        }
    }
}
