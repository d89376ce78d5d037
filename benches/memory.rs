//! Resident memory with 100,000 users loaded (issue 5, benchmark 3). Run on demand:
//!
//! ```sh
//! cargo bench --bench memory
//! COGNITO_TUI_BENCH_USERS=200000 cargo bench --bench memory
//! ```
//!
//! The users are loaded into an `App` through `update`, page by page, as from Cognito. Reported:
//! the process's `VmRSS` (and peak `VmHWM`) before and after, from /proc/self/status; and, from
//! a counting allocator, the live heap the loaded users hold, per user, and how much of it is the
//! users' own text — so the gap between what the data is and what it costs can be told apart.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use support::{result, rss_kib};

/// The system allocator, counting live bytes and blocks.
struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);
static LIVE_BLOCKS: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn heap() -> (isize, isize) {
    (
        LIVE_BYTES.load(Ordering::Relaxed),
        LIVE_BLOCKS.load(Ordering::Relaxed),
    )
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    let n = support::scale();
    let (rss_before, _) = rss_kib();
    let (heap_before, blocks_before) = heap();

    let users = support::users(n);
    let text: usize = users
        .iter()
        .map(|u| {
            u.username().len()
                + u.status().len()
                + u.attributes()
                    .iter()
                    .map(|a| a.name.len() + a.value.len())
                    .sum::<usize>()
        })
        .sum();
    let attributes: usize = users.iter().map(|u| u.attributes().len()).sum();
    let app = support::loaded_app(users);

    let (rss_after, hwm) = rss_kib();
    let (heap_after, blocks_after) = heap();
    let heap = (heap_after - heap_before) as f64;
    let blocks = (blocks_after - blocks_before) as f64;
    println!(
        "memory: {n} users loaded ({:.1} attributes each): VmRSS {:.1} MiB before, {:.1} MiB after (+{:.1} MiB), peak VmHWM {:.1} MiB",
        attributes as f64 / n as f64,
        mib(rss_before),
        mib(rss_after),
        mib(rss_after - rss_before),
        mib(hwm)
    );
    println!(
        "memory: live heap +{:.1} MiB = {:.0} bytes a user in {:.1} allocations; the users' text is {:.0} bytes a user",
        heap / 1048576.0,
        heap / n as f64,
        blocks / n as f64,
        text as f64 / n as f64
    );
    let sizes = format!(
        "size_of: User {} B (of which Attributes {} B), String {} B",
        std::mem::size_of::<cognito_tui::directory::User>(),
        std::mem::size_of::<cognito_tui::directory::Attributes>(),
        std::mem::size_of::<String>()
    );
    println!("memory: {sizes}");
    result(
        "memory.vmrss_after",
        mib(rss_after),
        "MiB",
        Some(("< 100 MB", (rss_after as f64 * 1024.0) < 100e6)),
    );
    result(
        "memory.vmrss_delta",
        mib(rss_after - rss_before),
        "MiB",
        None,
    );
    result("memory.heap_per_user", heap / n as f64, "B", None);
    result("memory.allocations_per_user", blocks / n as f64, "", None);
    result("memory.text_per_user", text as f64 / n as f64, "B", None);
    assert_eq!(app.list.users.len(), n);

    // The local filter lays each chunk's text out in order on first use: what that adds.
    let matched = cognito_tui::search::local::filter(&app.list.users, "o").len();
    let (rss_filtered, _) = rss_kib();
    println!(
        "memory: after one local-filter pass ({matched} matches): VmRSS {:.1} MiB (+{:.1} MiB for the filter's text)",
        mib(rss_filtered),
        mib(rss_filtered.saturating_sub(rss_after))
    );
    result(
        "memory.vmrss_after_filter",
        mib(rss_filtered),
        "MiB",
        Some(("< 100 MB", (rss_filtered as f64 * 1024.0) < 100e6)),
    );
}
