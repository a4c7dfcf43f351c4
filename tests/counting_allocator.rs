//! The counting allocator, installed as this test binary's global allocator: allocations of
//! known sizes must show up in its peak, no more and no less (within a small allowance for
//! the test harness's own allocations), and a new measurement must start from a new peak.
//!
//! Everything runs in one `#[test]`, because the counters are process-wide and tests run on
//! parallel threads.

use std::hint::black_box;

use pyrust_bench::alloc::CountingAllocator;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::new();

const MIB: usize = 1 << 20;
/// What the harness or std may allocate on the side during one measurement.
const SLACK: usize = 64 * 1024;

fn buffer(bytes: usize) -> Vec<u8> {
    black_box(vec![1u8; black_box(bytes)])
}

fn assert_about(what: &str, measured: usize, expected: usize) {
    assert!(
        measured >= expected && measured < expected + SLACK,
        "{what}: measured {measured} bytes, expected {expected} (+ less than {SLACK})"
    );
}

#[test]
fn counts_peaks_of_known_allocations() {
    let baseline = ALLOCATOR.current();

    // 1 MiB and 3 MiB alive at once: a peak of 4 MiB.
    let ((), peak) = ALLOCATOR.measure_peak(|| {
        let a = buffer(MIB);
        let b = buffer(3 * MIB);
        black_box((&a, &b));
    });
    assert_about("1 MiB + 3 MiB alive at once", peak, 4 * MIB);

    // Both were freed: the current level is back near where it was.
    let after = ALLOCATOR.current();
    assert!(
        after < baseline + SLACK,
        "after dropping: {after} bytes allocated, {baseline} before"
    );

    // A new measurement does not report the old peak.
    let ((), peak) = ALLOCATOR.measure_peak(|| {
        black_box(buffer(MIB));
    });
    assert_about("1 MiB after a 4 MiB peak", peak, MIB);

    // One after the other, never at once: the peak is the larger one.
    let ((), peak) = ALLOCATOR.measure_peak(|| {
        black_box(buffer(2 * MIB));
        black_box(buffer(MIB));
    });
    assert_about("2 MiB then 1 MiB", peak, 2 * MIB);

    // Growing by realloc counts the new size once, not old + new.
    let (grown, peak) = ALLOCATOR.measure_peak(|| {
        let mut v: Vec<u8> = Vec::with_capacity(MIB);
        v.resize(MIB, 1);
        v.reserve_exact(MIB);
        v.resize(2 * MIB, 1);
        black_box(v)
    });
    assert_eq!(grown.capacity(), 2 * MIB);
    assert_about("a 1 MiB Vec grown to 2 MiB", peak, 2 * MIB);
    // The returned Vec is still alive and counted; shrinking it returns the difference.
    let before_shrink = ALLOCATOR.current();
    let mut shrunk = grown;
    shrunk.truncate(MIB / 2);
    shrunk.shrink_to_fit();
    let freed = before_shrink - ALLOCATOR.current();
    assert!(
        (MIB + MIB / 2 - SLACK..=MIB + MIB / 2).contains(&freed),
        "shrinking 2 MiB to 0.5 MiB freed {freed} bytes"
    );
    drop(black_box(shrunk));

    // reset_peak starts a new peak at the current level.
    ALLOCATOR.reset_peak();
    assert!(ALLOCATOR.peak() < ALLOCATOR.current() + SLACK);
}
