//! One Python-callable function per workload, named after it: it takes and returns exactly
//! what the workload's `python` variant (or `python_c`, where there is no `python`) takes and
//! returns — an `int` size, a `str`, `bytes`, lists — so that the `hybrid` variant in
//! `python/pyrust_workloads/<name>.py` is one call. Each function runs the same Rust code as
//! the workload's `rust` variant (from [`crate::workload`]); there is no second copy.
//!
//! What crossing the boundary costs is part of every call, and so of the `hybrid` timings:
//! `str` and `bytes` arguments are borrowed in place (no copy), `list`s are converted element
//! by element into `Vec`s, and results are converted back into new Python objects (a `str`, a
//! `bytes`, `list`s, or for `json_roundtrip` a tree of `dict`s and `list`s). The Rust work in
//! between runs with the GIL released ([`Python::detach`]), so other Python threads can run
//! meanwhile.
//!
//! Bad arguments raise `TypeError` or `ValueError` with a message that names the function (an
//! `int` too large for a float is an `OverflowError`, a copy that cannot be allocated a
//! `MemoryError`); no argument can make a kernel panic or abort. A size `n` must be an `int`
//! from 0 to a cap (the `MAX_*` constants below), so that no call can allocate absurdly or run
//! for more than a minute or two; each cap is at or above the largest size the Computer
//! Language Benchmarks Game uses, where it defines one. Kernels that take data have no cap
//! but `matmul`'s: the memory they use is a small multiple of an input the caller already
//! holds, and so is their work. To keep it so, the helpers below read a `list` or `tuple` at
//! its real length (never at what an overridden `__len__` claims, and no other sequence, such
//! as a `range`, that holds nothing), reserve their `Vec`s fallibly (`MemoryError`), and
//! refuse with a `ValueError` a list that changes size while it is read (an element's
//! `__float__` can run any Python code). `matmul` is capped because its rows may all be one
//! list: the caller may hold `n` floats where it copies `n²` and multiplies in `n³`.

use std::collections::HashMap;
use std::sync::OnceLock;

use pyo3::exceptions::{PyMemoryError, PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

// The workload modules by path: each `#[pyfunction]` here takes its workload's name.
use super::type_name;
use crate::workload as w;

// The caps of the sized kernels, with the time of one call at the cap estimated from
// measured smaller sizes on the 2-core AMD EPYC this was written on.

/// nbody: time steps (the Benchmarks Game's largest is 50,000,000; the cap takes ~40 s).
pub const MAX_NBODY: u64 = 1_000_000_000;
/// spectral_norm: the order of the matrix (the Benchmarks Game's 5,500; work grows as n²;
/// ~16 s at the cap).
pub const MAX_SPECTRAL_NORM: u64 = 20_000;
/// fannkuch_redux: elements permuted (the Benchmarks Game's 12, ~30 s; 13 is 13 times more).
pub const MAX_FANNKUCH_REDUX: u64 = 12;
/// mandelbrot: bitmap width and height (the Benchmarks Game's 16,000; 50 MB and ~20 s at the
/// cap).
pub const MAX_MANDELBROT: u64 = 20_000;
/// binary_trees: the maximum depth (the Benchmarks Game's 21; time and memory double per
/// level: ~6 s and a 128 MB stretch tree at the cap).
pub const MAX_BINARY_TREES: u64 = 21;
/// fasta: the size parameter, `10 n` characters (the Benchmarks Game's 25,000,000: ~1 s, and
/// 250 MB of text, held once in Rust and once as the returned `str`).
pub const MAX_FASTA: u64 = 25_000_000;
/// nqueens: the board size (exhaustive count, about 6 times longer per size; ~45 s at 17).
pub const MAX_NQUEENS: u64 = 17;
/// pidigits: digits of pi (the Benchmarks Game's 10,000; work grows as about n^2.5; ~20 s at
/// the cap).
pub const MAX_PIDIGITS: u64 = 20_000;
/// matmul: the order of the matrices, their rows in `a` (the workload's largest is 240; 5 s at
/// 2,048, ~45 s and three 134 MB matrices at the cap).
pub const MAX_MATMUL: usize = 4_096;

/// Adds every kernel to `module`.
pub fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(self::nbody, module)?)?;
    module.add_function(wrap_pyfunction!(self::spectral_norm, module)?)?;
    module.add_function(wrap_pyfunction!(self::fannkuch_redux, module)?)?;
    module.add_function(wrap_pyfunction!(self::mandelbrot, module)?)?;
    module.add_function(wrap_pyfunction!(self::binary_trees, module)?)?;
    module.add_function(wrap_pyfunction!(self::fasta, module)?)?;
    module.add_function(wrap_pyfunction!(self::nqueens, module)?)?;
    module.add_function(wrap_pyfunction!(self::k_nucleotide, module)?)?;
    module.add_function(wrap_pyfunction!(self::reverse_complement, module)?)?;
    module.add_function(wrap_pyfunction!(self::regex_redux, module)?)?;
    module.add_function(wrap_pyfunction!(self::pidigits, module)?)?;
    module.add_function(wrap_pyfunction!(self::json_roundtrip, module)?)?;
    module.add_function(wrap_pyfunction!(self::sort, module)?)?;
    module.add_function(wrap_pyfunction!(self::word_frequency, module)?)?;
    module.add_function(wrap_pyfunction!(self::matmul, module)?)?;
    module.add_function(wrap_pyfunction!(self::sha256, module)?)?;
    Ok(())
}

/// `n` as the size argument of `kernel`: an `int` (anything with `__index__`) from 0 to `max`.
/// Anything else is a `TypeError`, and an int out of range (however large) a `ValueError`.
fn size(kernel: &str, n: &Bound<'_, PyAny>, max: u64) -> PyResult<u64> {
    let value = match n.extract::<i64>() {
        Ok(value) => value,
        // Too large for 64 bits either way: say which bound it breaks.
        Err(e) if e.is_instance_of::<PyOverflowError>(n.py()) => {
            let bound = if n.gt(0)? {
                format!("<= {max}")
            } else {
                ">= 0".into()
            };
            return Err(PyValueError::new_err(format!(
                "{kernel}: n must be {bound}, got {n}"
            )));
        }
        Err(_) => {
            return Err(PyTypeError::new_err(format!(
                "{kernel}: n must be an int, got {}",
                type_name(n)
            )));
        }
    };
    match u64::try_from(value) {
        Err(_) => Err(PyValueError::new_err(format!(
            "{kernel}: n must be >= 0, got {value}"
        ))),
        Ok(n) if n > max => Err(PyValueError::new_err(format!(
            "{kernel}: n must be <= {max}, got {n}"
        ))),
        Ok(n) => Ok(n),
    }
}

/// `value`, argument `name` of `kernel`, as a `str` borrowed in place (no copy).
fn text<'a>(kernel: &str, name: &str, value: &'a Bound<'_, PyAny>) -> PyResult<&'a str> {
    match value.cast::<PyString>() {
        // A str with lone surrogates has no UTF-8 form: UnicodeEncodeError, a ValueError.
        Ok(s) => s.to_str(),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{kernel}: {name} must be a str, got {}",
            type_name(value)
        ))),
    }
}

/// `value`, argument `name` of `kernel`, as `bytes` borrowed in place (no copy).
pub(super) fn bytes<'a>(
    kernel: &str,
    name: &str,
    value: &'a Bound<'_, PyAny>,
) -> PyResult<&'a [u8]> {
    match value.cast::<PyBytes>() {
        Ok(b) => Ok(b.as_bytes()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{kernel}: {name} must be bytes, got {}",
            type_name(value)
        ))),
    }
}

/// A `list` or `tuple` argument, read at its real length.
enum Items<'a, 'py> {
    List(&'a Bound<'py, PyList>),
    Tuple(&'a Bound<'py, PyTuple>),
}

/// `value`, argument `name` of `kernel`, which must be `what`: a `list` or `tuple` (or a
/// subclass). Any other sequence is a `TypeError`: its `__len__` may claim what it does not
/// hold (`range(10**12)`), and its items may never end.
fn items<'a, 'py>(
    kernel: &str,
    name: &str,
    what: &str,
    value: &'a Bound<'py, PyAny>,
) -> PyResult<Items<'a, 'py>> {
    if let Ok(list) = value.cast::<PyList>() {
        Ok(Items::List(list))
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        Ok(Items::Tuple(tuple))
    } else {
        Err(PyTypeError::new_err(format!(
            "{kernel}: {name} must be {what}, got {}",
            type_name(value)
        )))
    }
}

impl<'py> Items<'_, 'py> {
    /// The number of items the object holds (a subclass's `__len__` is not called).
    fn len(&self) -> usize {
        match self {
            Items::List(list) => list.len(),
            Items::Tuple(tuple) => tuple.len(),
        }
    }

    /// Calls `f` with the index and the value of each item, up to the first error. A list
    /// that changes size meanwhile (`f` may run Python code that changes it) is a
    /// `ValueError` from `kernel` that names it `name`: it would be read in part, or its items
    /// read up to a length it no longer has.
    fn try_for_each(
        &self,
        kernel: &str,
        name: &str,
        mut f: impl FnMut(usize, Bound<'py, PyAny>) -> PyResult<()>,
    ) -> PyResult<()> {
        match self {
            Items::List(list) => {
                let len = list.len();
                let mut read = 0;
                // PyO3's iterator ends early if the list shrinks, and never reads past `len`.
                for (i, x) in list.iter().enumerate() {
                    f(i, x)?;
                    read += 1;
                }
                if read == len && list.len() == len {
                    Ok(())
                } else {
                    Err(PyValueError::new_err(format!(
                        "{kernel}: {name} changed size while it was being read"
                    )))
                }
            }
            Items::Tuple(tuple) => tuple.iter().enumerate().try_for_each(|(i, x)| f(i, x)),
        }
    }
}

/// Reserves room in `out` for `additional` more items copied from `name`, argument of
/// `kernel`; a `MemoryError` if it cannot.
pub(super) fn reserve<T>(
    kernel: &str,
    name: &str,
    out: &mut Vec<T>,
    additional: usize,
) -> PyResult<()> {
    out.try_reserve(additional).map_err(|_| {
        PyMemoryError::new_err(format!(
            "{kernel}: cannot allocate {} bytes to copy {name}",
            additional.saturating_mul(size_of::<T>())
        ))
    })
}

/// Item `i` of `name`, argument of `kernel`, as a float: a `float`, an `int`, anything with
/// `__float__` or `__index__`. Not a number is a `TypeError`, an `int` too large an
/// `OverflowError`; anything else that its own `__float__` raises propagates.
fn float(kernel: &str, name: &str, i: usize, x: &Bound<'_, PyAny>) -> PyResult<f64> {
    x.extract::<f64>().map_err(|e| {
        let py = x.py();
        let ours = if e.is_instance_of::<PyTypeError>(py) {
            PyTypeError::new_err(format!(
                "{kernel}: {name}[{i}] must be a float, got {}",
                type_name(x)
            ))
        } else if e.is_instance_of::<PyOverflowError>(py) {
            PyOverflowError::new_err(format!(
                "{kernel}: {name}[{i}] is too large for a float ({})",
                e.value(py)
            ))
        } else {
            return e;
        };
        ours.set_cause(py, Some(e));
        ours
    })
}

/// Appends the numbers of `items` to `out`, with room reserved for all of them first;
/// `name` names them in messages, e.g. `floats` or `a[3]`.
fn extend_floats(
    kernel: &str,
    name: &str,
    items: &Items<'_, '_>,
    out: &mut Vec<f64>,
) -> PyResult<()> {
    reserve(kernel, name, out, items.len())?;
    // Within the room reserved: `try_for_each` never yields more than `items.len()` items.
    items.try_for_each(kernel, name, |i, x| {
        out.push(float(kernel, name, i, &x)?);
        Ok(())
    })
}

/// `value`, argument `name` of `kernel`: a `list` or `tuple` of `float`s or `int`s, copied.
pub(super) fn floats(kernel: &str, name: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    let items = items(kernel, name, "a list of float", value)?;
    let mut out = Vec::new();
    extend_floats(kernel, name, &items, &mut out)?;
    Ok(out)
}

/// `nbody(n: int) -> float`: the energy after `n` steps of the n-body simulation.
#[pyfunction]
fn nbody(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<f64> {
    let n = size("nbody", n, MAX_NBODY)?;
    Ok(py.detach(|| w::nbody::run(n)))
}

/// `spectral_norm(n: int) -> float`: the spectral norm of the `n x n` matrix.
#[pyfunction]
fn spectral_norm(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<f64> {
    let n = size("spectral_norm", n, MAX_SPECTRAL_NORM)?;
    Ok(py.detach(|| w::spectral_norm::run(n)))
}

/// `fannkuch_redux(n: int) -> str`: the checksum and maximum flips over all `n!` permutations.
#[pyfunction]
fn fannkuch_redux(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<String> {
    let n = size("fannkuch_redux", n, MAX_FANNKUCH_REDUX)?;
    Ok(py.detach(|| w::fannkuch_redux::run(n)))
}

/// `mandelbrot(n: int) -> bytes`: the PBM file of the `n x n` Mandelbrot bitmap.
#[pyfunction]
fn mandelbrot<'py>(py: Python<'py>, n: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyBytes>> {
    let n = size("mandelbrot", n, MAX_MANDELBROT)?;
    let pbm = py.detach(|| w::mandelbrot::run(n));
    Ok(PyBytes::new(py, &pbm))
}

/// `binary_trees(n: int) -> str`: the binary-trees report for maximum depth `max(n, 6)`.
#[pyfunction]
fn binary_trees(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<String> {
    let n = size("binary_trees", n, MAX_BINARY_TREES)?;
    Ok(py.detach(|| w::binary_trees::run(n)))
}

/// `fasta(n: int) -> str`: the FASTA text of the three sequences (`10 n` characters).
#[pyfunction]
fn fasta(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<String> {
    let n = size("fasta", n, MAX_FASTA)?;
    Ok(py.detach(|| w::fasta::run(n)))
}

/// `nqueens(n: int) -> int`: the number of solutions on an `n x n` board.
#[pyfunction]
fn nqueens(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<i64> {
    let n = size("nqueens", n, MAX_NQUEENS)?;
    Ok(py.detach(|| w::nqueens::run(n)))
}

/// `k_nucleotide(sequence: str) -> str`: the k-mer report of an uppercase DNA sequence.
#[pyfunction]
fn k_nucleotide(py: Python<'_>, sequence: &Bound<'_, PyAny>) -> PyResult<String> {
    let sequence = text("k_nucleotide", "sequence", sequence)?;
    py.detach(|| {
        let bad = sequence
            .bytes()
            .position(|b| !matches!(b, b'A' | b'C' | b'G' | b'T'));
        match bad {
            // Every byte before `at` is ASCII, so `at` is a character boundary and index.
            Some(at) => Err(format!(
                "k_nucleotide: the sequence may hold only A, C, G and T, found {:?} at index {at}",
                sequence[at..].chars().next().unwrap_or_default()
            )),
            None => Ok(w::k_nucleotide::run(sequence.as_bytes())),
        }
    })
    .map_err(PyValueError::new_err)
}

/// `reverse_complement(data: bytes) -> bytes`: the reverse complement of every FASTA record.
#[pyfunction]
fn reverse_complement<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let data = bytes("reverse_complement", "data", data)?;
    let out = py.detach(|| w::reverse_complement::run(data));
    Ok(PyBytes::new(py, &out))
}

/// `regex_redux(text: str) -> str`: the regex-redux report of a FASTA text.
#[pyfunction]
fn regex_redux(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    static PATTERNS: OnceLock<w::regex_redux::Patterns> = OnceLock::new();
    let text = self::text("regex_redux", "text", text)?;
    Ok(py.detach(|| {
        PATTERNS
            .get_or_init(w::regex_redux::Patterns::new)
            .run(text)
    }))
}

/// `pidigits(n: int) -> str`: the first `n` digits of pi, in lines of ten.
#[pyfunction]
fn pidigits(py: Python<'_>, n: &Bound<'_, PyAny>) -> PyResult<String> {
    let n = size("pidigits", n, MAX_PIDIGITS)?;
    Ok(py.detach(|| w::pidigits::run(n)))
}

/// `json_roundtrip(text: str) -> tuple[object, str]`: the parsed document, as `dict`s,
/// `list`s, `str`s, `int`s, `float`s, `bool`s and `None` (what `json.loads` returns), and the
/// parsed value serialized back to compact UTF-8 text. Invalid JSON is a `ValueError`.
#[pyfunction]
fn json_roundtrip<'py>(py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
    let text = self::text("json_roundtrip", "text", text)?;
    let (parsed, serialized) = py
        .detach(|| w::json_roundtrip::try_round_trip(text))
        .map_err(|e| PyValueError::new_err(format!("json_roundtrip: invalid JSON: {e}")))?;
    let parsed = json_to_python(py, &parsed, &mut HashMap::new())?;
    PyTuple::new(py, [parsed, PyString::new(py, &serialized).into_any()])
}

/// A JSON value as the Python objects `json.loads` makes. Like `json`'s own decoder, it
/// makes one `str` per distinct object key (`keys` remembers them), so that equal keys share
/// one object and its cached hash. serde_json's nesting limit (128) bounds the recursion.
fn json_to_python<'py, 'v>(
    py: Python<'py>,
    value: &'v Value,
    keys: &mut HashMap<&'v str, Bound<'py, PyString>>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(x) => match (x.as_i64(), x.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => x.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| json_to_python(py, item, keys))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                let key = keys
                    .entry(key.as_str())
                    .or_insert_with(|| PyString::new(py, key))
                    .clone();
                dict.set_item(key, json_to_python(py, item, keys)?)?;
            }
            dict.into_any()
        }
    })
}

/// `sort(floats: list[float], strings: list[str]) -> tuple[list[float], list[str]]`: both
/// lists sorted into new lists, as `sorted` would. On the way in the floats are copied into a
/// `Vec` and the strings borrowed in place; the sorted values come back as new `float` and
/// `str` objects.
#[pyfunction]
fn sort<'py>(
    py: Python<'py>,
    floats: &Bound<'py, PyAny>,
    strings: &Bound<'py, PyAny>,
) -> PyResult<(Bound<'py, PyList>, Bound<'py, PyList>)> {
    let values = self::floats("sort", "floats", floats)?;
    let strings = items("sort", "strings", "a list of str", strings)?;
    let mut objects = Vec::new();
    reserve("sort", "strings", &mut objects, strings.len())?;
    strings.try_for_each("sort", "strings", |i, s| match s.cast_into::<PyString>() {
        Ok(s) => {
            objects.push(s);
            Ok(())
        }
        Err(e) => Err(PyTypeError::new_err(format!(
            "sort: strings[{i}] must be a str, got {}",
            type_name(&e.into_inner())
        ))),
    })?;
    let mut keys = Vec::new();
    reserve("sort", "strings", &mut keys, objects.len())?;
    for s in &objects {
        keys.push(s.to_str()?);
    }
    let (values, keys) = py.detach(|| w::sort::sorted(&values, &keys));
    Ok((PyList::new(py, values)?, PyList::new(py, keys)?))
}

/// `word_frequency(text: str) -> str`: the 20 most frequent words, as `"word count"` lines.
#[pyfunction]
fn word_frequency(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = self::text("word_frequency", "text", text)?;
    Ok(py.detach(|| w::word_frequency::top_words(text)))
}

/// `matmul(a: list[list[float]], b: list[list[float]]) -> float`: the sum of the entries of
/// the product of two square matrices of the same size, at most [`MAX_MATMUL`] rows, converted
/// entry by entry into row-major `Vec`s on the way in.
#[pyfunction]
fn matmul(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<f64> {
    let n = items("matmul", "a", "a list of lists of float", a)?.len();
    if n > MAX_MATMUL {
        return Err(PyValueError::new_err(format!(
            "matmul: a must have at most {MAX_MATMUL} rows, got {n}"
        )));
    }
    let a = row_major("a", a, n)?;
    let b = row_major("b", b, n)?;
    Ok(py.detach(|| w::matmul::multiply(&a, &b, n).iter().sum()))
}

/// The matrix `rows` (argument `name`), flattened row by row; a `ValueError` unless it is
/// non-empty and exactly `n x n` (`n` is the number of rows of `a`, at most [`MAX_MATMUL`]),
/// then and while it is read.
fn row_major(name: &str, rows: &Bound<'_, PyAny>, n: usize) -> PyResult<Vec<f64>> {
    let error = |what: String| PyValueError::new_err(format!("matmul: {what}"));
    let rows = items("matmul", name, "a list of lists of float", rows)?;
    if rows.len() == 0 {
        return Err(error(format!(
            "{name} must be a non-empty square matrix, got an empty list"
        )));
    }
    if rows.len() != n {
        return Err(error(format!(
            "a is {n} x {n} but {name} has {} rows; both must be n x n",
            rows.len()
        )));
    }
    let mut flat = Vec::new();
    reserve("matmul", name, &mut flat, n * n)?;
    rows.try_for_each("matmul", name, |i, row| {
        let row_name = format!("{name}[{i}]");
        let row = items("matmul", &row_name, "a list of float", &row)?;
        if row.len() != n {
            return Err(error(format!(
                "{name} must be square: it has {n} rows but row {i} has {} entries",
                row.len()
            )));
        }
        extend_floats("matmul", &row_name, &row, &mut flat)
    })?;
    // What the checks above ensure, checked again so that `multiply` cannot panic.
    if flat.len() != n * n {
        return Err(error(format!(
            "{name} changed size while it was being read"
        )));
    }
    Ok(flat)
}

/// `sha256(data: bytes) -> str`: the SHA-256 digest of `data` as 64 lowercase hex digits.
#[pyfunction]
fn sha256(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let data = bytes("sha256", "data", data)?;
    Ok(py.detach(|| w::sha256::hex_digest(data)))
}
