//! The memory pass of the suite: after timing, one more call per variant records its peak
//! heap, with this binary's counting allocator for Rust and `tracemalloc` for Python. One
//! test only: the allocator's counters are process-wide.

use pyrust_bench::alloc::CountingAllocator;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::new();

/// A timer that times nothing but runs the memory pass, with this binary's counting allocator.
struct MemoryOnly;

impl pyrust_bench::timing::Timer for MemoryOnly {
    fn time(
        &mut self,
        _: &pyrust_bench::timing::BenchId,
        _: &mut pyrust_bench::verify::Prepared,
        _: std::time::Duration,
    ) -> pyrust_bench::Result<pyrust_bench::results::Timing> {
        Ok(pyrust_bench::results::Timing {
            median: 1.0,
            low: 1.0,
            high: 1.0,
        })
    }

    fn rust_peak(&mut self, run: &mut dyn FnMut()) -> Option<u64> {
        let ((), peak) = ALLOCATOR.measure_peak(run);
        u64::try_from(peak).ok()
    }

    fn measures_memory(&self) -> bool {
        true
    }
}

#[test]
fn the_memory_pass_records_a_peak_for_rust_and_for_python() {
    use pyrust_bench::workload::{self, Mode, Variant};
    let trees = workload::find("binary_trees").unwrap();
    let results = pyrust_bench::suite::run_workload(trees, Mode::Quick, &[1], &mut MemoryOnly);
    let peak = |v: Variant| {
        results
            .iter()
            .find(|r| r.variant == v)
            .and_then(|r| r.peak_bytes)
    };
    // binary_trees at depth 12 holds thousands of nodes at once in either language.
    assert!(
        peak(Variant::Rust).is_some_and(|b| b > 10_000),
        "{:?}",
        peak(Variant::Rust)
    );
    assert!(
        peak(Variant::Python).is_some_and(|b| b > 10_000),
        "{:?}",
        peak(Variant::Python)
    );
    assert!(peak(Variant::Hybrid).is_some(), "{results:?}");
}
