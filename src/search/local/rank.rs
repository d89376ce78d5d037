//! Ranking a pass's matches: best score first, ties in the list's order. A one-letter word
//! matches nearly every user, so a pass can rank a million matches; a radix sort on one 64-bit
//! key (score, then index) does that in a few linear sweeps instead of a comparison sort's
//! twenty.

use super::{Hit, rank};

/// Below this many matches a comparison sort is as quick.
const RADIX_FROM: usize = 1 << 12;

/// Sorts `hits` best first; ties keep the list's order.
pub(super) fn sort(hits: &mut Vec<Hit>) {
    if hits.len() < RADIX_FROM {
        hits.sort_unstable_by_key(rank);
        return;
    }
    let mut keys: Vec<u64> = hits.iter().map(key).collect();
    let mut spare = vec![0u64; keys.len()];
    let mut counts = [[0usize; 256]; 8];
    for &k in &keys {
        for (digit, count) in counts.iter_mut().enumerate() {
            count[byte(k, digit)] += 1;
        }
    }
    for (digit, count) in counts.iter().enumerate() {
        // A byte every key shares leaves the order as it is.
        if count.contains(&keys.len()) {
            continue;
        }
        let mut next = [0usize; 256];
        let mut sum = 0;
        for (slot, &n) in next.iter_mut().zip(count) {
            *slot = sum;
            sum += n;
        }
        for &k in &keys {
            let slot = &mut next[byte(k, digit)];
            spare[*slot] = k;
            *slot += 1;
        }
        std::mem::swap(&mut keys, &mut spare);
    }
    hits.clear();
    hits.extend(keys.iter().map(|&k| Hit {
        index: k as u32,
        score: u32::MAX - (k >> 32) as u32,
    }));
}

/// Smaller is better: the score inverted, then the index.
fn key(hit: &Hit) -> u64 {
    (u64::from(u32::MAX - hit.score) << 32) | u64::from(hit.index)
}

fn byte(key: u64, digit: usize) -> usize {
    ((key >> (8 * digit)) & 0xff) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_comparison_sort_does() {
        let mut rng = fastrand::Rng::with_seed(7);
        for (n, scores) in [
            (0, 300),
            (5, 300),
            (RADIX_FROM - 1, 300),
            (RADIX_FROM, 300),
            (50_000, 300),
            (50_000, u32::MAX),
        ] {
            let mut hits: Vec<Hit> = (0..n as u32)
                .map(|index| Hit {
                    index,
                    score: rng.u32(0..scores),
                })
                .collect();
            rng.shuffle(&mut hits);
            let mut expected = hits.clone();
            expected.sort_by_key(rank);
            sort(&mut hits);
            assert_eq!(hits, expected, "{n} hits");
        }
    }
}
