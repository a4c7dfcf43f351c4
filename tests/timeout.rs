//! A Python variant that hangs does not stall the suite: verification stops it at the time
//! limit, records it as `error` with "timed out after N s", and the next workload runs. This
//! test binary runs itself again as a child with `PYRUST_CALL_TIMEOUT=2`, because the limit
//! is read from the environment once per process.

use std::time::{Duration, Instant};

mod common;

use common::{OneShot, Probe};
use pyrust_bench::results::{BenchResult, Status};
use pyrust_bench::suite;
use pyrust_bench::workload::{self, Mode, Variant, Workload};

const CHILD: &str = "PYRUST_TEST_TIMEOUT_CHILD";

const LOOPS_FOR_EVER: Probe = Probe {
    name: "probe_loops_for_ever",
    variants: &[Variant::Rust, Variant::Python],
    rust_output: 1,
    python_source: "def python(n):\n    while True:\n        pass\n",
};

/// The child's run: the endless workload, then a real one; prints the results as JSON.
#[test]
fn timeout_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let workloads: [&dyn Workload; 2] = [&LOOPS_FOR_EVER, workload::find("nqueens").unwrap()];
    let results: Vec<BenchResult> = workloads
        .into_iter()
        .flat_map(|w| suite::run_workload(w, Mode::Quick, &[1], &mut OneShot))
        .collect();
    println!("RESULTS {}", serde_json::to_string(&results).unwrap());
}

#[test]
fn a_variant_that_hangs_times_out_as_an_error_and_the_suite_goes_on() {
    let started = Instant::now();
    let out = common::rerun_self("timeout_child")
        .env(CHILD, "1")
        .env("PYRUST_CALL_TIMEOUT", "2")
        // Numba's import and compilation alone take longer than 2 s: nqueens' python_jit
        // would time out too. Without numba it is skipped, which blocks nothing.
        .env("PYRUST_HIDE_MODULES", "numba")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        // libtest may have started the line with `test timeout_child ... `.
        .find_map(|l| l.split_once("RESULTS ").map(|(_, json)| json))
        .unwrap_or_else(|| panic!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr)));
    let results: Vec<BenchResult> = serde_json::from_str(json).unwrap();
    let hung = results
        .iter()
        .find(|r| r.workload == LOOPS_FOR_EVER.name && r.variant == Variant::Python)
        .unwrap();
    assert_eq!(hung.status, Status::Error);
    let message = hung.message.as_deref().unwrap_or_default();
    assert!(
        message.contains("timed out after 2 s") && message.contains("PYRUST_CALL_TIMEOUT"),
        "{message}"
    );
    assert!(
        results
            .iter()
            .filter(|r| r.workload == "nqueens" && r.variant != Variant::PythonJit)
            .all(|r| r.status == Status::Ok),
        "the next workload must still be timed: {results:?}"
    );
    assert!(
        elapsed < Duration::from_secs(60),
        "the child took {elapsed:?}"
    );
}
