//! The order a pass reads its users in, and its first screenful once it is sure of it.
//!
//! Matches rank best first, ties in the list's order. The threads of a pass take runs of
//! [`RUN`] users in the list's order; once every run before some place has been read, the users
//! after it are unread, and a match read so far is sure of its rank when no unread user can
//! outrank it. Two bounds say what an unread user can score:
//!
//! - the word's highest ([`super::scoring::highest`]): nobody scores more, so the first users
//!   scoring it are sure (`o`, `en`: a screenful within the first few thousand users);
//! - the word's [`Bound`]: a user none of whose word starts is a character of the word scores
//!   [`Bound::score`] at most (`exam` whole after the `@` of an email). Nobody may score the
//!   highest (every `exam` is in `…@example.com`), so the list's order alone never makes a
//!   screenful sure. Then the pass *sweeps* the rest of the list: it tests every unread user's
//!   word starts ([`crate::directory::Fields::word_starts`], one `and`), scores only those that
//!   may score more, and reads the others in the list's order afterwards, skipping the users
//!   the sweep scored. Once the sweep is done, an unread user scores the bound at most, and the
//!   users read from the list's start that score it are sure.
//!
//! The sweep starts only when it is likely to be cheaper than reading on in order: when the
//! users read so far hold a screenful at the bound, and too few at the highest for the rest of
//! the screenful to come soon. Every user is scored once either way, so a pass costs the same.
//!
//! The schedule is plain state behind the pass's lock: the threads ask it for their next
//! [`Task`] and tell it what they read; it is driven by hand in the tests below.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use super::word_starts::{Bound, StartsRead};

/// Users a run holds: a thread's unit of work, and how often it looks whether to stop.
pub(super) const RUN: usize = 256;
/// Runs a sweep's block holds.
const BLOCK_RUNS: usize = 16;
/// Runs read in order before a sweep may start: a dense word's screenful comes within them.
const FIRST_RUNS: usize = 16;
/// What testing a user's word starts costs, against scoring the user: a sixteenth.
const TEST_COST: f64 = 1.0 / 16.0;

/// A match: its place in the pass's order (the list's order) and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ranked {
    pub position: u32,
    pub score: u32,
}

impl Ranked {
    /// Greater is better: a higher score, then an earlier place.
    fn key(self) -> u64 {
        (u64::from(self.score) << 32) | u64::from(u32::MAX - self.position)
    }
}

/// What a thread does next.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Task {
    /// Reads run `run` in the list's order, skipping the users whose bit `skip` sets (bit `i`
    /// of word `i / 64`: the run's `i`-th user), scored by the sweep.
    Run {
        run: usize,
        skip: Option<[u64; RUN / 64]>,
    },
    /// Tests the word starts of the users at `positions` and scores those that may beat the
    /// bound; reports the users it scored as bits (one per position from `positions.start`).
    Sweep {
        block: usize,
        positions: std::ops::Range<usize>,
    },
    /// Nothing to take until another thread's sweep is done: ask again shortly.
    Wait,
    Done,
}

/// What a thread read of a run: its matches that may be among the first screenful, and for
/// the decision to sweep, how many users it read, how many scored the highest and how many
/// may beat the bound.
#[derive(Debug, Default)]
pub(super) struct RunRead {
    pub best: Vec<Ranked>,
    pub users: usize,
    pub at_highest: usize,
    pub may_exceed: usize,
    /// How long the thread took to read the run.
    pub took: Duration,
}

/// A pass's schedule, shared by its threads.
pub(super) struct Schedule {
    state: Mutex<State>,
    /// The least score a match must have to be handed in: the bound, or the highest.
    keep: Option<u32>,
    highest: Option<u32>,
    bound: Option<Bound>,
    /// The pool's last's key once the pool is full ([`Ranked::key`]): a match no better need
    /// not be handed in. Read without the lock.
    worst: AtomicU64,
    /// Whether the first screenful is still looked for; read without the lock.
    looking: AtomicBool,
    /// A sweep starts only when reading the rest in order would take longer than this, on
    /// `threads` threads: a pass that ends soon shows its rows then, and a sweep reads every
    /// unread user's block once more (nearly as dear as scoring it, for a word scored in one
    /// field).
    sweep_after: Duration,
    threads: usize,
}

struct State {
    count: usize,
    runs: usize,
    rows: usize,
    /// The next run to hand out in the list's order.
    next_run: usize,
    /// Per run not yet counted in, its read, once read.
    done: Vec<Option<RunRead>>,
    /// The first run not counted in: every user before it has been read.
    frontier: usize,
    sweep: Option<Sweep>,
    /// The best matches counted in, best first, at most `rows`.
    pool: Vec<Ranked>,
    /// Users counted in; of them, those at the highest and those that may beat the bound.
    read: (usize, usize, usize),
    /// The time the runs counted in took.
    took: Duration,
}

struct Sweep {
    /// The first run it covers: the runs before it were read in the list's order.
    from_run: usize,
    /// Per block, once swept: the users it scored, a bit each.
    swept: Vec<Option<Box<[u64]>>>,
    next_block: usize,
    left: usize,
}

impl Schedule {
    /// A schedule for `count` users, showing `rows` first rows (none when 0) with what is
    /// known of the word.
    pub(super) fn new(
        count: usize,
        rows: usize,
        highest: Option<u32>,
        bound: Option<Bound>,
    ) -> Schedule {
        let runs = count.div_ceil(RUN);
        let keep = bound.as_ref().map(|b| b.score).or(highest);
        let looking = rows > 0 && keep.is_some();
        Schedule {
            state: Mutex::new(State {
                count,
                runs,
                rows,
                next_run: 0,
                done: if looking {
                    std::iter::repeat_with(|| None).take(runs).collect()
                } else {
                    Vec::new()
                },
                frontier: 0,
                sweep: None,
                pool: Vec::new(),
                read: (0, 0, 0),
                took: Duration::ZERO,
            }),
            keep,
            highest,
            bound,
            worst: AtomicU64::new(0),
            looking: AtomicBool::new(looking),
            sweep_after: Duration::ZERO,
            threads: 1,
        }
    }

    /// Sweeps only when reading the rest in order on `threads` threads would take longer than
    /// `after`, by the time the runs read so far took. `Duration::ZERO`, the default: whenever
    /// the bound allows, whatever the times.
    pub(super) fn sweeping_after(mut self, after: Duration, threads: usize) -> Schedule {
        self.sweep_after = after;
        self.threads = threads.max(1);
        self
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the pass still looks for its first screenful.
    pub(super) fn looking(&self) -> bool {
        self.looking.load(Ordering::Relaxed)
    }

    pub(super) fn highest(&self) -> Option<u32> {
        self.highest
    }

    /// Whether a user whose word starts are `starts` may score more than the bound (every
    /// user, when the word has none).
    pub(super) fn may_exceed(&self, starts: StartsRead<'_>) -> bool {
        self.bound.as_ref().is_none_or(|b| b.may_exceed(starts))
    }

    /// Whether a match may be among the first screenful: it scores the bound or the highest
    /// at least, and beats the pool's last once the pool is full.
    pub(super) fn may_show(&self, m: Ranked) -> bool {
        self.keep.is_some_and(|keep| m.score >= keep)
            && m.key() > self.worst.load(Ordering::Relaxed)
    }

    pub(super) fn next(&self) -> Task {
        let mut state = self.state();
        let state = &mut *state;
        if let Some(sweep) = &mut state.sweep
            && sweep.next_block < sweep.swept.len()
        {
            let block = sweep.next_block;
            sweep.next_block += 1;
            let start = (sweep.from_run + block * BLOCK_RUNS) * RUN;
            let end = (start + BLOCK_RUNS * RUN).min(state.count);
            return Task::Sweep {
                block,
                positions: start..end,
            };
        }
        if state.next_run >= state.runs {
            return Task::Done;
        }
        let run = state.next_run;
        let skip = match &state.sweep {
            Some(sweep) if run >= sweep.from_run => {
                let block = (run - sweep.from_run) / BLOCK_RUNS;
                let Some(Some(bits)) = sweep.swept.get(block) else {
                    return Task::Wait;
                };
                let at = (run - sweep.from_run) % BLOCK_RUNS * (RUN / 64);
                let mut skip = [0; RUN / 64];
                for (word, &bits) in skip.iter_mut().zip(bits.get(at..).unwrap_or(&[])) {
                    *word = bits;
                }
                Some(skip)
            }
            _ => None,
        };
        state.next_run += 1;
        Task::Run { run, skip }
    }

    /// Counts in what a thread read of run `run`; the first screenful's positions once sure.
    pub(super) fn read_run(&self, run: usize, read: RunRead) -> Option<Vec<u32>> {
        if !self.looking() {
            return None;
        }
        let mut state = self.state();
        let state = &mut *state;
        if let Some(slot) = state.done.get_mut(run) {
            *slot = Some(read);
        }
        let at = state.frontier;
        while let Some(Some(read)) = state.done.get_mut(state.frontier).map(Option::take) {
            state.read.0 += read.users;
            state.read.1 += read.at_highest;
            state.read.2 += read.may_exceed;
            state.took += read.took;
            self.take(state, read.best);
            state.frontier += 1;
        }
        if state.frontier == at {
            return None;
        }
        self.maybe_sweep(state);
        self.sure(state)
    }

    /// Counts in a swept block: the users it scored (a bit each) and their best matches.
    pub(super) fn swept(
        &self,
        block: usize,
        scored: Box<[u64]>,
        best: Vec<Ranked>,
    ) -> Option<Vec<u32>> {
        let mut state = self.state();
        if let Some(sweep) = &mut state.sweep
            && let Some(slot) = sweep.swept.get_mut(block)
        {
            *slot = Some(scored);
            sweep.left -= 1;
        }
        if !self.looking() {
            return None;
        }
        self.take(&mut state, best);
        self.sure(&mut state)
    }

    fn take(&self, state: &mut State, best: Vec<Ranked>) {
        if best.is_empty() {
            return;
        }
        state.pool.extend(best);
        state
            .pool
            .sort_unstable_by_key(|m| std::cmp::Reverse(m.key()));
        state.pool.truncate(state.rows);
        if state.pool.len() == state.rows
            && let Some(last) = state.pool.last()
        {
            self.worst.store(last.key(), Ordering::Relaxed);
        }
    }

    /// Starts the sweep when the users read so far hold a screenful at the bound and the
    /// highest is not likely to fill one sooner.
    fn maybe_sweep(&self, state: &mut State) {
        let Some(bound) = &self.bound else { return };
        if state.sweep.is_some()
            || state.frontier < FIRST_RUNS
            || state.next_run >= state.runs
            || state.pool.len() < state.rows
            || state.pool.iter().any(|m| m.score < bound.score)
        {
            return;
        }
        let (users, at_highest, may_exceed) = state.read;
        let left = (state.runs - state.next_run) * RUN;
        let per_user = state.took.as_secs_f64() / users.max(1) as f64;
        if left as f64 * per_user / (self.threads as f64) < self.sweep_after.as_secs_f64() {
            return;
        }
        let missing = state
            .pool
            .iter()
            .filter(|m| Some(m.score) < self.highest)
            .count();
        // Users still to read in order for the rest of the screenful at the highest.
        let in_order = if at_highest == 0 {
            f64::INFINITY
        } else {
            missing as f64 * users as f64 / at_highest as f64
        };
        let sweeping = left as f64 * (may_exceed as f64 / users.max(1) as f64 + TEST_COST);
        if sweeping >= in_order {
            return;
        }
        let blocks = (state.runs - state.next_run).div_ceil(BLOCK_RUNS);
        state.sweep = Some(Sweep {
            from_run: state.next_run,
            swept: std::iter::repeat_with(|| None).take(blocks).collect(),
            next_block: 0,
            left: blocks,
        });
    }

    /// The first screenful's positions once no unread user can outrank its last row.
    fn sure(&self, state: &mut State) -> Option<Vec<u32>> {
        let last = *state.pool.get(state.rows.checked_sub(1)?)?;
        let read_to = state.frontier * RUN;
        // What an unread user can score: the bound once the sweep has scored every unread
        // user that may beat it, else the highest.
        let unread = match &state.sweep {
            Some(sweep) if sweep.left == 0 && state.frontier >= sweep.from_run => {
                self.bound.as_ref().map(|b| b.score)
            }
            _ => self.highest,
        };
        // Once every user has been read, the rows are sure before the pass has ranked them all.
        let sure = read_to >= state.count
            || unread.is_some_and(|most| {
                last.score > most || last.score == most && (last.position as usize) < read_to
            });
        if !sure || !self.looking.swap(false, Ordering::Relaxed) {
            return None;
        }
        Some(state.pool.iter().map(|m| m.position).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What nobody but the users a test says may score more: 56, as for `ex`.
    const BOUND: u32 = 56;

    fn bound() -> Option<Bound> {
        let bound = Bound::of(b"ex");
        assert_eq!(bound.as_ref().map(|b| b.score), Some(BOUND));
        bound
    }

    fn ranked(position: usize, score: u32) -> Ranked {
        Ranked {
            position: position as u32,
            score,
        }
    }

    /// Reads every run handed out in order as `score_of` says, sweeping when told; the first
    /// screenful, and whether a sweep ran.
    fn drive(
        schedule: &Schedule,
        score_of: impl Fn(usize) -> u32,
        may_exceed: impl Fn(usize) -> bool,
    ) -> (Option<Vec<u32>>, bool) {
        let highest = schedule.highest();
        let count = schedule.state().count;
        let mut shown = None;
        let mut swept = false;
        loop {
            let got = match schedule.next() {
                Task::Done => break,
                Task::Wait => panic!("one thread never waits"),
                Task::Run { run, skip } => {
                    let mut read = RunRead::default();
                    for p in run * RUN..((run + 1) * RUN).min(count) {
                        let i = p - run * RUN;
                        if skip.is_some_and(|s| s[i / 64] & (1 << (i % 64)) != 0) {
                            continue;
                        }
                        read.users += 1;
                        read.at_highest += usize::from(Some(score_of(p)) == highest);
                        read.may_exceed += usize::from(may_exceed(p));
                        let m = ranked(p, score_of(p));
                        if schedule.may_show(m) {
                            read.best.push(m);
                        }
                    }
                    schedule.read_run(run, read)
                }
                Task::Sweep { block, positions } => {
                    swept = true;
                    let mut bits = vec![0u64; positions.len().div_ceil(64)].into_boxed_slice();
                    let mut best = Vec::new();
                    for p in positions.clone() {
                        if may_exceed(p) {
                            let i = p - positions.start;
                            bits[i / 64] |= 1 << (i % 64);
                            let m = ranked(p, score_of(p));
                            if schedule.may_show(m) {
                                best.push(m);
                            }
                        }
                    }
                    schedule.swept(block, bits, best)
                }
            };
            if let Some(rows) = got {
                assert!(shown.is_none(), "a second first screenful");
                shown = Some(rows);
            }
        }
        (shown, swept)
    }

    /// The first `rows` positions of the whole ranking.
    fn ranking(count: usize, rows: usize, score_of: impl Fn(usize) -> u32) -> Vec<u32> {
        let mut all: Vec<Ranked> = (0..count).map(|p| ranked(p, score_of(p))).collect();
        all.sort_by_key(|m| std::cmp::Reverse(m.key()));
        all.iter().take(rows).map(|m| m.position).collect()
    }

    #[test]
    fn a_sweep_makes_sure_of_a_screenful_below_the_highest() {
        // Everyone scores the bound but every 97th user, who starts a word with the word's
        // character and scores more, up to the end of the list.
        let count = 200 * RUN + 13;
        let score = |p: usize| if p % 97 == 5 { 60 } else { BOUND };
        let exceeds = |p: usize| p % 97 == 5;
        for rows in [1, 10, 50, 500] {
            let schedule = Schedule::new(count, rows, Some(62), bound());
            let (shown, swept) = drive(&schedule, score, exceeds);
            assert!(swept, "{rows} rows");
            assert_eq!(shown, Some(ranking(count, rows, score)), "{rows} rows");
        }
    }

    #[test]
    fn a_user_that_may_beat_the_bound_unread_keeps_the_screenful_unsure() {
        // The one user scoring more is the list's last: a screenful shown before it is read
        // would miss it. Without the sweep's bits it is never scored early.
        let count = 100 * RUN;
        let score = |p: usize| if p == count - 1 { 61 } else { BOUND };
        let schedule = Schedule::new(count, 5, Some(62), bound());
        let (shown, _) = drive(&schedule, score, |p| p == count - 1);
        assert_eq!(shown, Some(ranking(count, 5, score)));
        assert_eq!(shown.unwrap()[0], (count - 1) as u32);
        // Told wrongly that nobody may beat the bound, the schedule shows a screenful without
        // that user: the bound is what makes it sure.
        let schedule = Schedule::new(count, 5, Some(62), bound());
        let (shown, _) = drive(&schedule, score, |_| false);
        assert_ne!(shown, Some(ranking(count, 5, score)));
    }

    #[test]
    fn the_highest_close_by_reads_on_in_order() {
        // One user in twenty scores the highest, one in two may beat the bound: reading on in
        // order finds the rest of the screenful sooner than a sweep would.
        let count = 400 * RUN;
        let score = |p: usize| if p.is_multiple_of(20) { 62 } else { BOUND };
        let schedule = Schedule::new(count, 500, Some(62), bound());
        let (shown, swept) = drive(&schedule, score, |p| p % 2 == 0);
        assert!(!swept);
        assert_eq!(shown, Some(ranking(count, 500, score)));
    }

    #[test]
    fn no_screenful_below_the_bound() {
        // Nobody reaches the bound (a word matched with gaps): no user read is sure.
        let count = 100 * RUN;
        let schedule = Schedule::new(count, 5, Some(62), bound());
        let (shown, swept) = drive(&schedule, |p| 30 + (p % 7) as u32, |_| false);
        assert!(!swept);
        assert_eq!(shown, None);
    }

    #[test]
    fn a_pass_that_ends_soon_is_not_swept() {
        // 100 runs that took 1 µs each: the rest would take well under the 50 ms a sweep waits
        // for; 10 ms each: well over.
        for (took, sweeps) in [
            (Duration::from_micros(1), false),
            (Duration::from_millis(10), true),
        ] {
            let schedule = Schedule::new(100 * RUN, 1, Some(62), bound())
                .sweeping_after(Duration::from_millis(50), 2);
            let mut swept = false;
            loop {
                match schedule.next() {
                    Task::Run { run, .. } => {
                        let read = RunRead {
                            best: vec![ranked(run * RUN, BOUND)],
                            users: RUN,
                            took,
                            ..RunRead::default()
                        };
                        schedule.read_run(run, read);
                    }
                    Task::Sweep { block, positions } => {
                        swept = true;
                        let bits = vec![0u64; positions.len().div_ceil(64)].into_boxed_slice();
                        schedule.swept(block, bits, Vec::new());
                    }
                    Task::Wait => panic!("one thread never waits"),
                    Task::Done => break,
                }
            }
            assert_eq!(swept, sweeps, "runs of {took:?}");
        }
    }

    #[test]
    fn a_second_thread_waits_for_a_block_still_swept() {
        let count = 100 * RUN;
        let schedule = Schedule::new(count, 1, Some(62), bound());
        let mut run = 0;
        while schedule.state().sweep.is_none() {
            let Task::Run { run: r, .. } = schedule.next() else {
                panic!("runs in order first")
            };
            assert_eq!(r, run);
            let best = vec![ranked(r * RUN, BOUND)];
            let read = RunRead {
                best,
                users: RUN,
                ..RunRead::default()
            };
            assert_eq!(schedule.read_run(r, read), None);
            run += 1;
        }
        let blocks: Vec<Task> = std::iter::from_fn(|| match schedule.next() {
            task @ Task::Sweep { .. } => Some(task),
            Task::Wait => None,
            other => panic!("{other:?} before the sweep's blocks are done"),
        })
        .collect();
        assert_eq!(blocks.len(), (100 - run).div_ceil(BLOCK_RUNS));
        assert_eq!(schedule.next(), Task::Wait);
        for (block, task) in blocks.into_iter().enumerate() {
            let Task::Sweep { positions, .. } = task else {
                unreachable!()
            };
            let bits = vec![0u64; positions.len().div_ceil(64)].into_boxed_slice();
            let shown = schedule.swept(block, bits, Vec::new());
            assert_eq!(
                shown.is_some(),
                block + 1 == (100 - run).div_ceil(BLOCK_RUNS)
            );
        }
        assert!(matches!(schedule.next(), Task::Run { skip: Some(_), .. }));
    }
}
