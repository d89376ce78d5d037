//! Work split over scoped threads, for the full passes over the loaded users (the local
//! filter's and the sort's): one place that spawns, joins in order and re-raises a panic.

use std::ops::Range;

/// `0..count` cut into `parts` ranges of near-equal length, in order (some may be empty).
pub fn split(count: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    let chunk = count.div_ceil(parts);
    (0..parts)
        .map(|t| (t * chunk).min(count)..((t + 1) * chunk).min(count))
        .collect()
}

/// `work` applied to each of `parts`, each on its own scoped thread; the results come back in
/// the parts' order, and a panic in one is raised again here.
pub fn map<P: Send, T: Send>(parts: Vec<P>, work: impl Fn(P) -> T + Sync) -> Vec<T> {
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parts_cover_the_range_once_in_order() {
        for (count, parts) in [(0, 2), (1, 2), (7, 2), (10, 3), (4096, 8)] {
            let ranges = split(count, parts);
            assert_eq!(ranges.len(), parts);
            let all: Vec<usize> = ranges.into_iter().flatten().collect();
            assert_eq!(all, (0..count).collect::<Vec<_>>());
        }
    }

    #[test]
    fn results_keep_the_parts_order() {
        assert_eq!(map(split(10, 3), |r| r.sum::<usize>()), [6, 22, 17]);
    }
}
