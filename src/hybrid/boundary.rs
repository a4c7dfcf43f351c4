//! Boundary probes: functions that do (almost) nothing but cross from Python into Rust, so
//! that timing them measures the cost of the call and of converting its arguments: no
//! arguments, two ints, a `list[float]` (converted element by element, by the kernels' own
//! helpers, so with their bounds: a `list` or `tuple` only, read at its real length), `bytes`
//! (borrowed without a copy), and any buffer of float64 such as a numpy array (copied in one
//! block: PyO3 0.30 deprecates its safe in-place view as unsound, and this crate keeps
//! `unsafe` out of the kernels).

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use super::kernels::floats;

/// Does nothing: the cost of a call from Python into Rust.
#[pyfunction]
fn noop() {}

/// Adds two ints: a call with two converted arguments.
#[pyfunction]
fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// Sums a `list[float]`: every element is converted to an `f64` on the way in.
#[pyfunction]
fn sum_floats(values: &Bound<'_, PyAny>) -> PyResult<f64> {
    Ok(sum(floats("sum_floats", "values", values)?))
}

/// The sum of squares of a `list[float]`: the kernel of the break-even measurement.
#[pyfunction]
fn sum_of_squares(values: &Bound<'_, PyAny>) -> PyResult<f64> {
    Ok(sum(floats("sum_of_squares", "values", values)?
        .iter()
        .map(|x| x * x)))
}

/// The sum of `values` in order, `0.0` for none (`Iterator::sum` of no `f64` is `-0.0`).
fn sum(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0, |sum, x| sum + x)
}

/// The sum of the bytes of a `bytes` object, borrowed in place (no copy).
#[pyfunction]
fn bytes_checksum(data: &[u8]) -> u64 {
    data.iter().map(|&b| u64::from(b)).sum()
}

/// Sums a C-contiguous buffer of float64 (e.g. a numpy array), copied in one block.
#[pyfunction]
fn buffer_sum(py: Python<'_>, buffer: PyBuffer<f64>) -> PyResult<f64> {
    if !buffer.is_c_contiguous() {
        return Err(PyValueError::new_err(
            "buffer_sum needs a C-contiguous buffer of float64",
        ));
    }
    Ok(buffer.to_vec(py)?.iter().sum())
}

/// Adds every probe to `module`.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(noop, module)?)?;
    module.add_function(wrap_pyfunction!(add, module)?)?;
    module.add_function(wrap_pyfunction!(sum_floats, module)?)?;
    module.add_function(wrap_pyfunction!(sum_of_squares, module)?)?;
    module.add_function(wrap_pyfunction!(bytes_checksum, module)?)?;
    module.add_function(wrap_pyfunction!(buffer_sum, module)?)?;
    Ok(())
}
