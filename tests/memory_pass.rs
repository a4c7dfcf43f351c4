//! The memory pass of the suite: after timing, one more call per variant records its peak
//! heap in a process of its own, `pyrust-bench peaks`, whose binary counts the Rust heap;
//! Python's is counted by `tracemalloc`. The timed process (this test, like the bench)
//! installs no counting allocator.

use std::path::Path;
use std::time::Duration;

use pyrust_bench::claims::memory_footprint::peaks;
use pyrust_bench::workload::{Variant, Workload};

/// A timer that times nothing but runs the memory pass, in a child as the bench does.
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

    fn peaks(
        &mut self,
        workload: &dyn Workload,
        n: u64,
        variants: &[Variant],
    ) -> Vec<(Variant, u64)> {
        let exe = Path::new(env!("CARGO_BIN_EXE_pyrust-bench"));
        peaks::measure_in_child(exe, workload.name(), n, variants, Duration::from_secs(300))
            .unwrap()
            .peaks
    }
}

#[test]
fn the_memory_pass_records_a_peak_for_rust_and_for_python() {
    use pyrust_bench::workload::{self, Mode};
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
