//! The boundary measurements behind claim `hybrid-pyo3`: what a call from Python into Rust
//! costs (with no arguments, with two ints, with a `list[float]`, `bytes` or a numpy array of
//! n elements), and at how many elements of work per call the hybrid overtakes pure Python
//! (the break-even, on a sum of squares). The Python side is
//! `python/pyrust_workloads/_boundary.py`; the Rust side is [`crate::hybrid::boundary`].
//! Timing goes through the same [`Timer`] as the workloads, and the analysis (per call, per
//! element, break-even) is computed from the stored medians alone.

use crate::error::{Error, Result};
use crate::py::PyCall;
use crate::results::{Boundary, BreakEvenPoint, ProbeResult};
use crate::suite::{BenchId, Timer};
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

/// The cost of one call in a `loop_*` probe, net of the empty loop, in ns.
pub fn per_call_ns(boundary: &Boundary, probe: &str) -> Option<f64> {
    let median = |id: &str| {
        boundary
            .probes
            .iter()
            .find(|p| p.probe == id)
            .map(|p| (p.median_ns, p.calls))
    };
    let (looped, calls) = median(probe)?;
    let (empty, _) = median("loop_empty")?;
    Some((looped - empty).max(0.0) / calls as f64)
}

/// The marginal cost of one more element of an argument probe: the least-squares slope of
/// the median against n, over sizes of at least 1000 elements, in ns.
pub fn per_element_ns(boundary: &Boundary, probe: &str) -> Option<f64> {
    let points: Vec<(f64, f64)> = boundary
        .probes
        .iter()
        .filter(|p| p.probe == probe && p.n >= 1_000)
        .map(|p| (p.n as f64, p.median_ns))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let count = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
    let covariance: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// Where the hybrid overtakes pure Python.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BreakEven {
    /// Already at the smallest size measured.
    AtOrBelow(u64),
    /// Between two measured sizes: the crossing, interpolated on log–log axes.
    At(f64),
    /// Not within the sizes measured.
    Never,
}

/// The break-even of a series: the first size where the hybrid is faster, interpolated
/// between the measured sizes around it.
pub fn break_even(points: &[BreakEvenPoint]) -> BreakEven {
    let Some(first_win) = points.iter().position(|p| p.hybrid_ns < p.python_ns) else {
        return BreakEven::Never;
    };
    if first_win == 0 {
        return BreakEven::AtOrBelow(points[0].n);
    }
    let (a, b) = (&points[first_win - 1], &points[first_win]);
    let (ra, rb) = (
        (a.python_ns / a.hybrid_ns).ln(),
        (b.python_ns / b.hybrid_ns).ln(),
    );
    let t = if rb > ra { -ra / (rb - ra) } else { 1.0 };
    let (la, lb) = ((a.n as f64).ln(), (b.n as f64).ln());
    BreakEven::At((la + t * (lb - la)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(id: &str, n: u64, calls: u64, median: f64) -> ProbeResult {
        ProbeResult {
            probe: id.into(),
            label: String::new(),
            n,
            calls,
            median_ns: median,
            ci_low_ns: median,
            ci_high_ns: median,
        }
    }

    #[test]
    fn per_call_subtracts_the_empty_loop() {
        let boundary = Boundary {
            probes: vec![
                probe("loop_empty", 1000, 1000, 10_000.0),
                probe("loop_rust_noop", 1000, 1000, 50_000.0),
            ],
            break_even: vec![],
        };
        assert_eq!(per_call_ns(&boundary, "loop_rust_noop"), Some(40.0));
    }

    #[test]
    fn per_element_is_the_slope_over_large_sizes() {
        let boundary = Boundary {
            probes: [1, 1_000, 10_000, 100_000]
                .iter()
                .map(|&n| probe("rust_sum_floats", n, 1, 100.0 + 5.0 * n as f64))
                .collect(),
            break_even: vec![],
        };
        let slope = per_element_ns(&boundary, "rust_sum_floats").unwrap();
        assert!((slope - 5.0).abs() < 1e-9, "{slope}");
    }

    #[test]
    fn break_even_is_interpolated_between_sizes() {
        let point = |n, python_ns, hybrid_ns| BreakEvenPoint {
            n,
            python_ns,
            hybrid_ns,
        };
        // Ratio 0.5 at n=1, 2 at n=100: the crossing (ratio 1) is at n=10 on log–log axes.
        let series = [point(1, 50.0, 100.0), point(100, 200.0, 100.0)];
        match break_even(&series) {
            BreakEven::At(n) => assert!((n - 10.0).abs() < 1e-9, "{n}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            break_even(&[point(1, 200.0, 100.0)]),
            BreakEven::AtOrBelow(1)
        );
        assert_eq!(break_even(&[point(1, 50.0, 100.0)]), BreakEven::Never);
    }
}
