//! A counting global allocator: the Rust side of "peak heap". It forwards every request to
//! [`std::alloc::System`] and keeps two numbers, the bytes allocated now and the most that
//! were allocated at once since the last [`CountingAllocator::reset_peak`]. The library never
//! installs it; a binary opts in with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: pyrust_bench::alloc::CountingAllocator =
//!     pyrust_bench::alloc::CountingAllocator::new();
//! ```
//!
//! What it counts is the bytes *requested* (each `Layout::size()`), not what the system
//! allocator reserves around them (alignment padding, chunk headers); `tracemalloc` counts
//! Python's requested bytes the same way, so the two sides compare like for like. A `realloc`
//! counts as the difference between the old and the new size, never as both blocks at once.
//!
//! The counters are process-wide: allocations from every thread are counted. A measurement
//! is only meaningful while the thread that measures is the only one allocating.
//!
//! Counting costs two atomic updates per allocation. A timed loop must not pay them, so a
//! bench switches counting off ([`CountingAllocator::set_counting`]) and lets
//! [`CountingAllocator::measure_peak`] switch it on for its window only; outside a window an
//! allocation then costs one relaxed atomic load more than `System`'s.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// A [`GlobalAlloc`] over [`System`] that tracks the current and the peak allocated bytes.
#[derive(Debug)]
pub struct CountingAllocator {
    /// Bytes allocated and not yet freed (while counting; signed, because a block allocated
    /// while counting was off may be freed while it is on).
    current: AtomicIsize,
    /// The highest value `current` reached since the last reset.
    peak: AtomicIsize,
    /// Whether allocations are counted now.
    counting: AtomicBool,
}

impl Default for CountingAllocator {
    fn default() -> Self {
        Self::new()
    }
}

// Every counter update uses `Relaxed`: each counter is a single atomic variable whose
// modification order is total on its own, so `fetch_add`/`fetch_sub` never lose an update and
// `fetch_max` never lowers the peak. No other memory is published through these counters,
// so no stronger ordering buys anything.
const ORDER: Ordering = Ordering::Relaxed;

impl CountingAllocator {
    /// An allocator with both counters at zero (usable in a `static`).
    pub const fn new() -> Self {
        Self {
            current: AtomicIsize::new(0),
            peak: AtomicIsize::new(0),
            counting: AtomicBool::new(true),
        }
    }

    /// Switches counting on or off outside [`measure_peak`](Self::measure_peak) windows.
    pub fn set_counting(&self, on: bool) {
        self.counting.store(on, ORDER);
    }

    /// Bytes allocated now.
    pub fn current(&self) -> usize {
        self.current.load(ORDER).max(0) as usize
    }

    /// The most bytes allocated at once since the last [`reset_peak`](Self::reset_peak)
    /// (since start-up if never reset).
    pub fn peak(&self) -> usize {
        self.peak.load(ORDER).max(0) as usize
    }

    /// Starts a new peak at the current level.
    pub fn reset_peak(&self) {
        self.restart_peak();
    }

    /// Runs `f` and returns its value with the peak bytes allocated while it ran, above the
    /// level at the start. Memory still held by the returned value was counted in the peak.
    pub fn measure_peak<T>(&self, f: impl FnOnce() -> T) -> (T, usize) {
        let was_counting = self.counting.swap(true, ORDER);
        let start = self.restart_peak();
        let value = f();
        let peak = self.peak.load(ORDER).wrapping_sub(start);
        self.counting.store(was_counting, ORDER);
        (value, peak.max(0) as usize)
    }

    /// Sets the peak to the current level and returns that level.
    fn restart_peak(&self) -> isize {
        let now = self.current.load(ORDER);
        self.peak.store(now, ORDER);
        now
    }

    fn added(&self, bytes: usize) {
        if self.counting.load(ORDER) {
            let bytes = bytes as isize;
            let now = self.current.fetch_add(bytes, ORDER).wrapping_add(bytes);
            self.peak.fetch_max(now, ORDER);
        }
    }

    fn removed(&self, bytes: usize) {
        if self.counting.load(ORDER) {
            self.current.fetch_sub(bytes as isize, ORDER);
        }
    }
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract, and returns `System`'s result unchanged: the memory handed out, its
// size, alignment and lifetime are exactly `System`'s. The only extra work is updating two
// atomic counters, which neither allocates (so there is no re-entry into the allocator) nor
// panics (all counter arithmetic wraps). Counting
// happens only after `System` succeeded, so a failed request (null) changes nothing.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` (non-zero size) are passed on as-is.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            self.added(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            self.added(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller guarantees `ptr` was allocated by this allocator (hence by
        // `System`) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        self.removed(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `ptr` was allocated by this allocator (hence by
        // `System`) with `layout`, and that `new_size` is valid for `layout.align()`.
        let new_ptr = unsafe { System.realloc(ptr, layout, new_size) };
        // On failure (null) the old block is still allocated, with its old size.
        if !new_ptr.is_null() {
            let old_size = layout.size();
            if new_size > old_size {
                self.added(new_size - old_size);
            } else {
                self.removed(old_size - new_size);
            }
        }
        new_ptr
    }
}
