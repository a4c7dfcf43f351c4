//! The pause probes of claim `no-gc-pauses` through the embedded interpreter: the collector's
//! pauses are recorded when it is on and absent when it is off, the collector's state is
//! restored afterwards, the tracemalloc peaks are real, and Python and Rust do the same work.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyrust_bench::claims::no_gc_pauses::pass::{self as pauses, PROBES, Probe};

/// The collector and tracemalloc are process-wide, so these tests take turns (and CPython
/// 3.11's `tracemalloc.stop()` races with threads attaching for the first time).
static COLLECTOR: Mutex<()> = Mutex::new(());

fn probe(name: &str) -> &'static Probe {
    PROBES.iter().find(|p| p.name == name).expect("a probe")
}

/// `(gc.isenabled(), len(gc.callbacks))`.
fn collector_state() -> (bool, usize) {
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let gc = py.import("gc").unwrap();
        let enabled = gc.call_method0("isenabled").unwrap().extract().unwrap();
        let callbacks = gc.getattr("callbacks").unwrap().len().unwrap();
        (enabled, callbacks)
    })
}

#[test]
fn service_loop_pauses_with_the_collector_on_and_never_with_it_off() {
    let _turn = COLLECTOR.lock().unwrap_or_else(|e| e.into_inner());
    let before = collector_state();
    let operations = 20_000;
    let (on, on_checksum) = pauses::python_run("service_loop", operations, true).unwrap();
    assert!(
        !on.pauses_ns.is_empty(),
        "{operations} requests with cycles ran without a single collection"
    );
    assert!(on.pauses_ns.iter().all(|&p| p > 0.0));
    assert!(on.paused_ns() < on.run_ns);
    assert_eq!(
        collector_state(),
        before,
        "the collector's state was not restored"
    );

    let (off, off_checksum) = pauses::python_run("service_loop", operations, false).unwrap();
    assert!(
        off.pauses_ns.is_empty(),
        "{} collections with gc.disable()",
        off.pauses_ns.len()
    );
    assert_eq!(
        collector_state(),
        before,
        "the collector's state was not restored"
    );

    let rust_checksum = (probe("service_loop").rust)(operations).1;
    assert_eq!((on_checksum, off_checksum), (rust_checksum, rust_checksum));
}

#[test]
fn peaks_are_positive_and_cycles_pile_up_without_the_collector() {
    let _turn = COLLECTOR.lock().unwrap_or_else(|e| e.into_inner());
    assert!(pauses::python_peak("binary_trees", 2, true).unwrap() > 0);
    let on = pauses::python_peak("service_loop", 20_000, true).unwrap();
    let off = pauses::python_peak("service_loop", 20_000, false).unwrap();
    assert!(on > 0);
    // 2 500 cyclic requests of about 2 kB each stay until the end with the collector off.
    assert!(
        off > on + 1_000_000,
        "peak with gc off {off} B, with gc on {on} B"
    );
}

#[test]
fn every_probe_measures_three_regimes_of_the_same_work() {
    let _turn = COLLECTOR.lock().unwrap_or_else(|e| e.into_inner());
    for probe in PROBES {
        let measured = probe.measure_operations(50).unwrap();
        assert_eq!(measured.workload, probe.name);
        assert_eq!(measured.operations, 50);
        assert!(measured.python_gc_off.pauses_ns.is_empty());
        for run in [&measured.python_gc_on, &measured.python_gc_off] {
            assert!(run.peak_bytes.unwrap_or(0) > 0);
            assert!(run.latency.max_ns > 0.0 && run.latency.max_ns <= run.run_ns);
        }
        assert!(measured.rust.max_ns > 0.0);
    }
}

#[test]
fn rust_twins_use_the_python_constants() {
    let _turn = COLLECTOR.lock().unwrap_or_else(|e| e.into_inner());
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let module = py.import(pauses::MODULE).unwrap();
        let constant = |name: &str| -> u64 { module.getattr(name).unwrap().extract().unwrap() };
        assert_eq!(constant("TREE_DEPTH"), u64::from(pauses::TREE_DEPTH));
        assert_eq!(
            constant("LONG_LIVED_DEPTH"),
            u64::from(pauses::LONG_LIVED_DEPTH)
        );
        assert_eq!(constant("CACHE_SIZE"), pauses::CACHE_SIZE);
        assert_eq!(constant("CYCLE_EVERY"), pauses::CYCLE_EVERY);
        assert_eq!(constant("MAX_ITEMS"), u64::from(pauses::MAX_ITEMS));
        assert_eq!(constant("USERS"), u64::from(pauses::USERS));
        assert_eq!(constant("SKUS"), u64::from(pauses::SKUS));
    });
}
