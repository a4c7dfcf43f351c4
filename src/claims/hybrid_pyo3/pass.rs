//! The boundary measurements behind claim `hybrid-pyo3`: what a call from Python into Rust
//! costs (with no arguments, with two ints, with a `list[float]`, `bytes` or a numpy array of
//! n elements), and at how many elements of work per call the hybrid overtakes pure Python
//! (the break-even, on a sum of squares). The Python side is
//! `python/pyrust_workloads/_boundary.py`; the Rust side is [`crate::hybrid::boundary`].
//! Timing goes through the same [`Timer`] as the workloads; what the medians mean (per call,
//! per element, break-even) is [`super::figures`]' business.

use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::PyCall;
use crate::results::{Boundary, BreakEvenPoint, ProbeResult};
use crate::timing::{BenchId, Timer};
use crate::verify::Prepared;
use crate::workload::Mode;

/// The Python module of the probes.
pub const MODULE: &str = "pyrust_workloads._boundary";
/// Calls per timed iteration in the `loop_*` probes (`LOOP_CALLS` in `_boundary.py`).
pub const LOOP_CALLS: u64 = 1000;
/// The name a filter matches to run only these measurements.
pub const NAME: &str = "boundary";

/// One probe: a function of `_boundary.py`.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    pub id: &'static str,
    pub label: &'static str,
    /// The setup that builds its argument of n elements; `None` for the call loops.
    pub setup: Option<&'static str>,
}

/// The call loops: `LOOP_CALLS` calls per timed iteration.
pub const LOOPS: &[Probe] = &[
    Probe {
        id: "loop_empty",
        label: "empty `for` iteration",
        setup: None,
    },
    Probe {
        id: "loop_python_noop",
        label: "Python → Python, no arguments",
        setup: None,
    },
    Probe {
        id: "loop_rust_noop",
        label: "Python → Rust, no arguments",
        setup: None,
    },
    Probe {
        id: "loop_python_add",
        label: "Python → Python, two ints",
        setup: None,
    },
    Probe {
        id: "loop_rust_add",
        label: "Python → Rust, two ints",
        setup: None,
    },
];

/// One call with an argument of n elements.
pub const ARGUMENTS: &[Probe] = &[
    Probe {
        id: "rust_sum_floats",
        label: "list[float], converted per element",
        setup: Some("setup_floats"),
    },
    Probe {
        id: "rust_bytes_checksum",
        label: "bytes, borrowed without a copy",
        setup: Some("setup_bytes"),
    },
    Probe {
        id: "rust_buffer_sum",
        label: "numpy float64 array, buffer protocol",
        setup: Some("setup_numpy"),
    },
];

/// Argument sizes of the [`ARGUMENTS`] probes.
fn argument_sizes(mode: Mode) -> &'static [u64] {
    match mode {
        Mode::Quick => &[1, 1_000, 100_000],
        Mode::Full => &[1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
    }
}

/// List sizes of the break-even series.
pub fn break_even_sizes(mode: Mode) -> &'static [u64] {
    match mode {
        Mode::Quick => &[1, 10, 100, 1_000, 100_000],
        Mode::Full => &[1, 3, 10, 30, 100, 300, 1_000, 10_000, 100_000, 1_000_000],
    }
}

/// Runs every probe and the break-even series. A probe whose optional package is missing is
/// left out, with a note; any other failure is an error.
pub fn run(mode: Mode, timer: &mut dyn Timer, notes: &mut Vec<String>) -> Result<Boundary> {
    let mut probes = Vec::new();
    for probe in LOOPS {
        probes.push(time_probe(timer, probe, LOOP_CALLS, LOOP_CALLS)?);
    }
    for probe in ARGUMENTS {
        for &n in argument_sizes(mode) {
            match time_probe(timer, probe, n, 1) {
                Ok(result) => probes.push(result),
                Err(e @ Error::MissingModule { .. }) => {
                    notes.push(e.to_string());
                    break;
                }
                Err(e) => return Err(e),
            }
        }
    }
    let mut break_even = Vec::new();
    for &n in break_even_sizes(mode) {
        let mut python = prepare("sum_of_squares_python", Some("setup_floats"), n)?;
        let mut hybrid = prepare("sum_of_squares_hybrid", Some("setup_floats"), n)?;
        let (expected, python_estimate) = python.run_timed()?;
        let (got, hybrid_estimate) = hybrid.run_timed()?;
        if !got.matches(&expected) {
            return Err(Error::Mismatch {
                workload: "break_even (sum of squares)".into(),
                variant: "hybrid".into(),
                n,
                expected: expected.summary(),
                got: got.summary(),
            });
        }
        let id = |function: &str| BenchId {
            group: "break_even".into(),
            function: function.into(),
            value: n.to_string(),
        };
        let python_ns = timer
            .time(&id("python"), &mut python, python_estimate)?
            .median;
        let hybrid_ns = timer
            .time(&id("hybrid"), &mut hybrid, hybrid_estimate)?
            .median;
        break_even.push(BreakEvenPoint {
            n,
            python_ns,
            hybrid_ns,
        });
    }
    Ok(Boundary { probes, break_even })
}

fn prepare(function: &str, setup: Option<&str>, n: u64) -> Result<Prepared> {
    Ok(Prepared::Python(PyCall::function(
        MODULE,
        function,
        setup.as_slice(),
        Some(n),
    )?))
}

fn time_probe(timer: &mut dyn Timer, probe: &Probe, n: u64, calls: u64) -> Result<ProbeResult> {
    let id = BenchId {
        group: NAME.into(),
        function: probe.id.into(),
        value: n.to_string(),
    };
    let t = timer.estimate_and_time(&id, &mut prepare(probe.id, probe.setup, n)?)?;
    Ok(ProbeResult {
        probe: probe.id.into(),
        label: probe.label.into(),
        n,
        calls,
        median_ns: t.median,
        ci_low_ns: t.low,
        ci_high_ns: t.high,
    })
}

/// The boundary pass, which a filter selects as [`NAME`].
pub struct BoundaryPass;

impl Pass for BoundaryPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, _context: &PassContext) -> String {
        "Python → Rust calls, argument conversion, break-even".into()
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let boundary = run(context.mode, context.timer, &mut context.notes)?;
        Ok(Measured::new(NAME, |file| file.boundary = Some(boundary)))
    }
}
