//! `pyrust_kernels`: the PyO3 module that exposes the Rust kernels to Python, for the article's
//! advice "write your hot path in Rust". It takes and returns Python-native values (what the
//! `python` variants consume and return), so that the `hybrid` variants pay every
//! conversion at the boundary inside the timed call. Inside pyrust-bench it is registered
//! into the embedded interpreter before start-up; `pip install .` builds it as a wheel (see
//! `pyproject.toml`) that any Python script can import. No argument makes it panic or abort
//! the interpreter: a bad one raises `TypeError`, `ValueError`, `OverflowError` or
//! `MemoryError` with a message that names the function (`tests/hybrid.rs` runs the calls
//! that once aborted in child processes).
//!
//! - [`kernels`]: one function per workload.
//! - [`boundary`]: probes that measure what crossing the boundary costs.

pub mod boundary;
pub mod kernels;

use pyo3::prelude::*;

/// The name of `value`'s type, for messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".into(), |name| name.to_string())
}

/// The Python module `pyrust_kernels`.
#[pymodule]
pub fn pyrust_kernels(module: &Bound<'_, PyModule>) -> PyResult<()> {
    kernels::register(module)?;
    boundary::register(module)?;
    Ok(())
}
