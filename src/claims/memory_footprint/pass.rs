//! The measurements of `memory-footprint`: bytes per element of a million records, process
//! start-up time and the release binaries' sizes (the pass), and the peak heap of one call
//! (Python's through `tracemalloc`, [`traced_peak`]; Rust's through the counting allocator of
//! [`crate::alloc`]), which the suite takes for every timed variant. All of it runs outside
//! Criterion's timed loops, so that counting cannot distort timing.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::{self, PyCall, python_error};
use crate::results::{Footprint, PerElement, Startup};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// The Python module of the memory probes.
pub const MODULE: &str = "pyrust_workloads._memory";
/// Records per structure in [`Footprint::per_element`].
pub const ELEMENTS: u64 = 1_000_000;
/// Timed runs per start-up command (after one untimed warm-up run).
pub const STARTUP_RUNS: u32 = 21;
/// The workload module whose import is timed.
pub const IMPORTED_WORKLOAD: &str = "pyrust_workloads.nbody";
/// The name a filter matches to run this pass.
pub const NAME: &str = "memory";

/// Distinct names: record `i` is named `r{i % NAMES}` (`NAMES` in `_memory.py`).
const NAMES: u64 = 1000;

/// Measures per-element sizes, start-up times and binary sizes. `cli` and `minimal_cli` are
/// the paths of the two release binaries.
pub fn measure_footprint(cli: &Path, minimal_cli: &Path) -> Result<Footprint> {
    let binary_bytes = Some(file_size(cli)?);
    let minimal_binary_bytes = Some(file_size(minimal_cli)?);
    let startup = measure_startup(minimal_cli, STARTUP_RUNS)?;
    let per_element = per_element(ELEMENTS)?;
    Ok(Footprint {
        per_element,
        startup,
        binary_bytes,
        minimal_binary_bytes,
    })
}

fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| Error::io(path, e))
}

/// Bytes per element of `n` records in each structure: the Python ones from
/// `_memory.bytes_per_element(n)` (traced by `tracemalloc` in the embedded interpreter), then
/// the Rust ones from [`rust_per_element`].
pub fn per_element(n: u64) -> Result<Vec<PerElement>> {
    let mut rows = python_per_element(n)?;
    rows.extend(rust_per_element(n));
    Ok(rows)
}

fn python_per_element(n: u64) -> Result<Vec<PerElement>> {
    py::start()?;
    Python::attach(|py| {
        let context = format!("{MODULE}.bytes_per_element({n})");
        let err = |e| python_error(py, context.clone(), e);
        let measured = py
            .import(MODULE)
            .and_then(|m| m.call_method1("bytes_per_element", (n,)))
            .map_err(err)?;
        let dict = measured.cast::<PyDict>().map_err(|_| {
            Error::Interpreter(format!("{context} must return a dict of str to float"))
        })?;
        dict.iter()
            .map(|(structure, bytes)| {
                Ok(PerElement {
                    structure: structure.extract::<String>().map_err(err)?,
                    language: "Python".into(),
                    elements: n,
                    bytes_per_element: bytes.extract::<f64>().map_err(err)?,
                })
            })
            .collect()
    })
}

/// One record, the Rust counterpart of `_memory.py`'s: `id = i`, `value = i * 0.5`, and
/// `name = "r{i % 1000}"` in a `String` of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: u64,
    pub value: f64,
    pub name: String,
}

/// The same record with its name stored inline in a fixed `[u8; 8]` (zero-padded; every
/// name has at most 4 bytes), so a record needs no heap block of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InlineRecord {
    pub id: u64,
    pub value: f64,
    pub name: [u8; 8],
}

/// `n` records as an idiomatic `Vec<Record>`, collected from an exact-size iterator.
pub fn records(n: u64) -> Vec<Record> {
    (0..n)
        .map(|i| Record {
            id: i,
            value: i as f64 * 0.5,
            name: format!("r{}", i % NAMES),
        })
        .collect()
}

/// `n` records with inline names.
pub fn inline_records(n: u64) -> Vec<InlineRecord> {
    (0..n)
        .map(|i| {
            let mut name = [0u8; 8];
            let text = format!("r{}", i % NAMES);
            name[..text.len()].copy_from_slice(text.as_bytes());
            InlineRecord {
                id: i,
                value: i as f64 * 0.5,
                name,
            }
        })
        .collect()
}

/// Bytes per element of the Rust structures, computed from the built values (the library
/// cannot install the counting allocator): the `Vec`'s buffer,
/// `size_of::<Record>() * capacity`, plus every `String`'s heap buffer, `name.capacity()`,
/// divided by `n`. Like `tracemalloc`, this counts the bytes requested from the allocator,
/// not the allocator's own overhead per block (with glibc, a small block such as a name
/// takes at least 32 bytes).
///
/// - "Rust Vec<struct> with String name": [`Record`], one heap block per name, as each
///   Python record holds a str object of its own.
/// - "Rust Vec<struct> with inline [u8; 8] name": [`InlineRecord`], no heap per record:
///   the layout Rust makes easy when memory is a hard constraint.
pub fn rust_per_element(n: u64) -> Vec<PerElement> {
    let row = |structure: &str, bytes: usize| PerElement {
        structure: structure.into(),
        language: "Rust".into(),
        elements: n,
        bytes_per_element: bytes as f64 / n.max(1) as f64,
    };
    let built = std::hint::black_box(records(n));
    let names: usize = built.iter().map(|r| r.name.capacity()).sum();
    let owned = size_of::<Record>() * built.capacity() + names;
    drop(built);
    let built = std::hint::black_box(inline_records(n));
    let inline = size_of::<InlineRecord>() * built.capacity();
    vec![
        row("Rust Vec<struct> with String name", owned),
        row("Rust Vec<struct> with inline [u8; 8] name", inline),
    ]
}

/// The peak of Python's traced memory during one call of a prepared variant, in bytes.
pub fn call_peak(call: &PyCall) -> Result<u64> {
    Python::attach(|py| {
        let (function, args) = call.parts(py);
        traced_peak(py, function, args)
    })
}

/// Calls `function(*args)` once under `tracemalloc` (`_memory.traced_peak`) and returns the
/// peak bytes Python allocated during the call.
pub fn traced_peak(
    py: Python<'_>,
    function: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
) -> Result<u64> {
    let err = |e| python_error(py, format!("{MODULE}.traced_peak"), e);
    py.import(MODULE)
        .and_then(|m| m.call_method1("traced_peak", (function, args)))
        .and_then(|peak| peak.extract::<u64>())
        .map_err(err)
}

/// Start-up times of the minimal Rust CLI, of `python -c pass`, and of Python importing
/// [`IMPORTED_WORKLOAD`], each the whole process from spawn to exit.
pub fn measure_startup(minimal_cli: &Path, runs: u32) -> Result<Vec<Startup>> {
    let python = py::interpreter_executable();
    let python_dir = py::python_dir();

    let minimal = Command::new(minimal_cli);
    let mut pass = Command::new(&python);
    pass.args(["-c", "pass"]);
    let import = format!("import {IMPORTED_WORKLOAD}");
    let mut workload = Command::new(&python);
    workload
        .args(["-c", import.as_str()])
        .env("PYTHONPATH", &python_dir);

    Ok(vec![
        time_startup(
            "minimal Rust CLI",
            minimal_cli.display().to_string(),
            minimal,
            runs,
        )?,
        time_startup("python3 -c pass", format!("{python} -c pass"), pass, runs)?,
        time_startup(
            &format!("python3 importing {IMPORTED_WORKLOAD}"),
            format!("PYTHONPATH={} {python} -c '{import}'", python_dir.display()),
            workload,
            runs,
        )?,
    ])
}

/// Runs `command` once untimed (so that its files are in the page cache), then `runs` times
/// with the wall time from spawn to exit, its output discarded. A command that cannot start
/// or exits with failure is an error that names it.
pub fn time_startup(
    program: &str,
    display: String,
    mut command: Command,
    runs: u32,
) -> Result<Startup> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut run = || -> Result<f64> {
        let started = Instant::now();
        let status = command
            .status()
            .map_err(|e| Error::io(display.as_str(), e))?;
        let elapsed = started.elapsed();
        if !status.success() {
            return Err(Error::io(
                display.as_str(),
                std::io::Error::other(format!("start-up probe {program:?} exited with {status}")),
            ));
        }
        Ok(elapsed.as_secs_f64() * 1e3)
    };
    run()?;
    let mut times = (0..runs).map(|_| run()).collect::<Result<Vec<f64>>>()?;
    times.sort_by(f64::total_cmp);
    Ok(Startup {
        program: program.into(),
        command: display,
        runs,
        median_ms: median(&times),
        min_ms: times.first().copied().unwrap_or(f64::NAN),
        max_ms: times.last().copied().unwrap_or(f64::NAN),
    })
}

/// The median of sorted values (the mean of the middle two for an even count); NaN if empty.
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        len if len % 2 == 1 => sorted[len / 2],
        len => (sorted[len / 2 - 1] + sorted[len / 2]) / 2.0,
    }
}

/// The memory pass, which a filter selects as [`NAME`].
pub struct FootprintPass;

impl Pass for FootprintPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, _context: &PassContext) -> String {
        "bytes per element, process start-up, binary sizes".into()
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let binaries = context.binaries;
        let footprint = measure_footprint(&binaries.cli, &binaries.minimal_cli)?;
        Ok(Measured::new(NAME, |file| file.footprint = Some(footprint)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_and_python_records_hold_the_same_values() {
        let records = records(2000);
        let r = &records[1234];
        assert_eq!((r.id, r.value, r.name.as_str()), (1234, 617.0, "r234"));
        let inline = inline_records(2000);
        assert_eq!(&inline[1234].name, b"r234\0\0\0\0");
        assert_eq!(inline[7].value, records[7].value);
        py::start().unwrap();
        let python: (u64, f64, String) = Python::attach(|py| {
            let r = py
                .import(MODULE)?
                .call_method1("objects", (2000,))?
                .get_item(1234)?;
            Ok::<_, PyErr>((
                r.getattr("id")?.extract()?,
                r.getattr("value")?.extract()?,
                r.getattr("name")?.extract()?,
            ))
        })
        .unwrap();
        assert_eq!(python, (r.id, r.value, r.name.clone()));
    }

    #[test]
    fn startup_is_timed_and_failures_are_named() {
        let python = py::interpreter_executable();
        let mut pass = Command::new(&python);
        pass.args(["-c", "pass"]);
        let t = time_startup("python3 -c pass", "python -c pass".into(), pass, 3).unwrap();
        assert_eq!(t.runs, 3);
        assert!(0.0 < t.min_ms && t.min_ms <= t.median_ms && t.median_ms <= t.max_ms);

        let mut failing = Command::new(&python);
        failing.args(["-c", "raise SystemExit(3)"]);
        let e = time_startup("failing", "python exits 3".into(), failing, 3).unwrap_err();
        assert!(e.to_string().contains("python exits 3"), "{e}");

        let missing = Command::new("/nonexistent/minimal-cli");
        let e = time_startup("missing", "/nonexistent/minimal-cli".into(), missing, 3);
        assert!(e.is_err());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[1.0, 2.0, 10.0]), 2.0);
        assert_eq!(median(&[1.0, 2.0, 4.0, 10.0]), 3.0);
        assert!(median(&[]).is_nan());
    }
}
