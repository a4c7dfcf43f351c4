//! Boundary probes: functions that do (almost) nothing but cross from Python into Rust, so
//! that timing them measures the cost of the call and of converting its arguments: no
//! arguments, two ints, a `list[float]` (converted element by element, by the kernels' own
//! helpers, so with their bounds: a `list` or `tuple` only, read at its real length), `bytes`
//! (borrowed without a copy), and any C-contiguous buffer of float64 such as a numpy array
//! (copied in one block: PyO3 0.30 deprecates its safe in-place view as unsound, and this
//! crate keeps `unsafe` out of the kernels). Like the kernels, the probes raise `TypeError`,
//! `ValueError`, `OverflowError` or `MemoryError` with a message that names the function,
//! and never panic.

use pyo3::buffer::{Element, PyBuffer, PyUntypedBuffer};
use pyo3::exceptions::{PyBufferError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyMemoryView;

use super::kernels::{bytes, floats, reserve};
use super::type_name;

/// Does nothing: the cost of a call from Python into Rust.
#[pyfunction]
fn noop() {}

/// Adds two ints: a call with two converted arguments.
#[pyfunction]
fn add(a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<i64> {
    Ok(int("a", a)?.wrapping_add(int("b", b)?))
}

/// `value`, argument `name` of `add`, as an `i64`: a `TypeError` if it is not an int, an
/// `OverflowError` if it does not fit.
fn int(name: &str, value: &Bound<'_, PyAny>) -> PyResult<i64> {
    value.extract::<i64>().map_err(|e| {
        let py = value.py();
        let ours = if e.is_instance_of::<PyOverflowError>(py) {
            PyOverflowError::new_err(format!("add: {name} must fit in 64 bits, got {value}"))
        } else {
            PyTypeError::new_err(format!(
                "add: {name} must be an int, got {}",
                type_name(value)
            ))
        };
        ours.set_cause(py, Some(e));
        ours
    })
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
fn bytes_checksum(data: &Bound<'_, PyAny>) -> PyResult<u64> {
    let data = bytes("bytes_checksum", "data", data)?;
    Ok(data.iter().map(|&b| u64::from(b)).sum())
}

/// Sums a C-contiguous buffer of float64 (e.g. a numpy array) of either byte order, copied
/// in one block. The buffer is read at the length its exporter gives, which C-contiguity
/// makes the memory it really holds (a broadcast array, whose strides repeat its items, is
/// not C-contiguous); an empty one is `0.0`, whatever its (possibly unaligned) address.
#[pyfunction]
fn buffer_sum(buffer: &Bound<'_, PyAny>) -> PyResult<f64> {
    let py = buffer.py();
    let raw = untyped_buffer(buffer)?;
    let order = float64_order(raw.format().to_bytes(), raw.item_size()).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "buffer_sum: buffer must hold float64, got format '{}'",
            raw.format().to_string_lossy()
        ))
    })?;
    if !raw.is_c_contiguous() {
        return Err(PyValueError::new_err(
            "buffer_sum: buffer must be C-contiguous",
        ));
    }
    let count = raw.item_count();
    if count == 0 {
        return Ok(0.0);
    }
    // Native and aligned: copied as f64s. (PyO3 takes `<d` for big-endian, `>d` for native.)
    if order == Order::Native {
        if let Ok(floats) = raw.as_typed::<f64>() {
            return Ok(sum(copy(py, floats)?));
        }
    }
    // Another byte order, or not aligned for f64: copied as bytes, then decoded.
    let view = PyMemoryView::from(buffer)?.call_method1("cast", ("B",))?;
    let data = copy(py, &PyBuffer::<u8>::get(&view)?)?;
    let decode = match order {
        Order::Native => f64::from_ne_bytes,
        Order::Little => f64::from_le_bytes,
        Order::Big => f64::from_be_bytes,
    };
    Ok(sum(data
        .chunks_exact(size_of::<f64>())
        .filter_map(|word| <[u8; 8]>::try_from(word).ok())
        .map(decode)))
}

/// The items of `buffer`, copied into a new `Vec`; a `MemoryError` if it cannot be allocated.
fn copy<T: Element>(py: Python<'_>, buffer: &PyBuffer<T>) -> PyResult<Vec<T>> {
    // `to_vec` allocates infallibly: an abort if it cannot. Reserving the same block first
    // turns that into a `MemoryError`, for the cost of an allocation and its release, where
    // filling a reserved `Vec` before the copy would cost a pass over the memory in every
    // timed call.
    reserve(
        "buffer_sum",
        "buffer",
        &mut Vec::<T>::new(),
        buffer.item_count(),
    )?;
    buffer.to_vec(py)
}

/// The buffer that `buffer` exports, with its shape and strides; a `TypeError` naming
/// `buffer_sum` if it exports none.
fn untyped_buffer(buffer: &Bound<'_, PyAny>) -> PyResult<PyUntypedBuffer> {
    let not_a_buffer = |cause: PyErr| {
        let err = PyTypeError::new_err(format!(
            "buffer_sum: buffer must be a buffer of float64 (e.g. a numpy array), got {}",
            type_name(buffer)
        ));
        err.set_cause(buffer.py(), Some(cause));
        err
    };
    match PyUntypedBuffer::get(buffer) {
        Ok(raw) => Ok(raw),
        // Some exporters (ctypes) leave the strides out, which PyO3 refuses; a memoryview of
        // them fills them in.
        Err(e) if e.is_instance_of::<PyBufferError>(buffer.py()) => PyMemoryView::from(buffer)
            .and_then(|view| PyUntypedBuffer::get(view.as_any()))
            .map_err(not_a_buffer),
        Err(e) => Err(not_a_buffer(e)),
    }
}

/// The byte order of a buffer's float64 items.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Order {
    Native,
    Little,
    Big,
}

/// The byte order of float64 items with the `struct` format `format`, or `None` for any
/// other format or item size.
fn float64_order(format: &[u8], item_size: usize) -> Option<Order> {
    if item_size != size_of::<f64>() {
        return None;
    }
    match format {
        b"d" | b"@d" | b"=d" => Some(Order::Native),
        b"<d" => Some(Order::Little),
        b">d" | b"!d" => Some(Order::Big),
        _ => None,
    }
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
