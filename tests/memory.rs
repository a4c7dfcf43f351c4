//! The memory pass through the embedded interpreter: `tracemalloc` peaks and bytes per element.
//!
//! These tests take turns (one lock for the whole file): CPython 3.11's `tracemalloc.stop()`
//! races with threads that attach to the interpreter for the first time (creating a thread
//! state allocates without the GIL), which is what parallel test threads do. The bench is not
//! affected: it touches Python from one thread only.

use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyrust_bench::claims::memory_footprint::pass::{
    InlineRecord, Record, per_element, traced_peak,
};
use pyrust_bench::py;

static TRACEMALLOC: Mutex<()> = Mutex::new(());

fn peak_of(module: &str, function: &str, args: &[u64]) -> u64 {
    py::start().unwrap();
    Python::attach(|py| {
        let function = py.import(module).unwrap().getattr(function).unwrap();
        let args = PyTuple::new(py, args).unwrap();
        traced_peak(py, &function, &args).unwrap()
    })
}

#[test]
fn traced_peak_sees_python_allocations() {
    let _turn = TRACEMALLOC.lock().unwrap_or_else(|e| e.into_inner());
    let trees = peak_of("pyrust_workloads.binary_trees", "python", &[6]);
    assert!(
        trees > 1024,
        "binary_trees.python(6) peaked at {trees} bytes"
    );
    let noop = peak_of("pyrust_workloads._harness", "noop", &[]);
    assert!(noop < 256, "_harness.noop() peaked at {noop} bytes");
}

#[test]
fn per_element_sizes_are_plausible() {
    let _turn = TRACEMALLOC.lock().unwrap_or_else(|e| e.into_inner());
    let n = 20_000;
    let rows = per_element(n).unwrap();
    let size = |structure: &str| {
        rows.iter()
            .find(|r| r.structure == structure)
            .unwrap_or_else(|| panic!("no {structure:?} in {rows:?}"))
            .bytes_per_element
    };
    // The Vec is exact (collected from a known length); each name is "r0".."r999".
    let owned = size("Rust Vec<struct> with String name");
    let record = size_of::<Record>() as f64;
    assert!(owned >= record + 2.0 && owned <= record + 16.0, "{owned}");
    assert_eq!(
        size("Rust Vec<struct> with inline [u8; 8] name"),
        size_of::<InlineRecord>() as f64
    );
    // Each Python record holds at least an object, an int, a float and a str (each more
    // than 16 bytes), and a dict costs more than a __slots__ object.
    let slots = size("Python list of __slots__ class instances");
    let plain = size("Python list of class instances");
    let dicts = size("Python list of dicts");
    assert!(slots > 64.0, "{slots}");
    assert!(slots < plain && slots < dicts, "{rows:?}");
    assert!(rows.iter().all(|r| r.elements == n));
}
