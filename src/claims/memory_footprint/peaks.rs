//! The peak heap of one call of each timed single-thread variant: Rust's through a counting
//! global allocator, Python's through `tracemalloc`, both summed for `hybrid` (C's `malloc`
//! is not counted). The process that Criterion times must not carry a counting allocator,
//! since even switched off it slows every allocation, so the peaks are measured in a
//! process of their own: the bench runs `pyrust-bench peaks`, whose binary installs the
//! counting allocator, once per workload after timing it, and reads one JSON line back.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::pass::call_peak;
use crate::error::{Error, Result};
use crate::verify::Prepared;
use crate::workload::{Variant, Workload};

/// What `pyrust-bench peaks` prints: the peak of every variant it could measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Peaks {
    pub workload: String,
    pub n: u64,
    /// `(variant, peak bytes)`, in the order asked for.
    pub peaks: Vec<(Variant, u64)>,
    /// Why a variant has no peak, as `variant: reason`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// Whether a variant has a peak this pass can measure: a single-thread variant other than C
/// and `python_jit` (whose Numba arrays are not Python objects, and which would compile again
/// in the child process).
pub fn measurable(variant: Variant) -> bool {
    !variant.is_parallel() && !matches!(variant, Variant::C | Variant::PythonJit)
}

/// Measures, in this process, the peak of one call of each of `variants` of `workload` at
/// size `n`. `rust_peak` runs a closure and returns the peak of the Rust heap while it ran,
/// through this binary's counting allocator.
pub fn measure(
    workload: &dyn Workload,
    n: u64,
    variants: &[Variant],
    rust_peak: &dyn Fn(&mut dyn FnMut()) -> u64,
) -> Peaks {
    let mut peaks = Peaks {
        workload: workload.name().to_string(),
        n,
        peaks: Vec::new(),
        missing: Vec::new(),
    };
    for &variant in variants.iter().filter(|v| measurable(**v)) {
        match peak_of(workload, variant, n, rust_peak) {
            Ok(bytes) => peaks.peaks.push((variant, bytes)),
            Err(e) => peaks.missing.push(format!("{}: {e}", variant.id())),
        }
    }
    peaks
}

fn peak_of(
    workload: &dyn Workload,
    variant: Variant,
    n: u64,
    rust_peak: &dyn Fn(&mut dyn FnMut()) -> u64,
) -> Result<u64> {
    match Prepared::new(workload, variant, n, None)? {
        Prepared::Rust(mut kernel) => Ok(rust_peak(&mut || {
            std::hint::black_box(kernel.run_timed());
        })),
        Prepared::Python(call) if variant == Variant::Hybrid => {
            let mut traced = Err(Error::Interpreter("not measured".into()));
            let rust = rust_peak(&mut || traced = call_peak(&call));
            Ok(traced? + rust)
        }
        Prepared::Python(call) => call_peak(&call),
    }
}

/// Runs `exe peaks` (the `pyrust-bench` binary, which carries the counting allocator) for
/// `variants` of `workload` at size `n`, and reads its answer. A child that does not answer
/// within `limit` is killed.
pub fn measure_in_child(
    exe: &Path,
    workload: &str,
    n: u64,
    variants: &[Variant],
    limit: Duration,
) -> Result<Peaks> {
    let failed = |reason: String| {
        Error::Interpreter(format!(
            "measuring the peaks of {workload} in `{} peaks`: {reason}",
            exe.display()
        ))
    };
    let mut command = Command::new(exe);
    command
        .arg("peaks")
        .arg(workload)
        .arg("--n")
        .arg(n.to_string())
        .args(variants.iter().map(|v| v.id()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| failed(e.to_string()))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| failed(e.to_string()))? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(failed(format!(
                "no answer after {:.0} s",
                limit.as_secs_f64()
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    if let Some(mut stderr) = child.stderr.take() {
        let _ = stderr.read_to_string(&mut err);
    }
    if !status.success() {
        return Err(failed(format!("it exited with {status}: {}", err.trim())));
    }
    serde_json::from_str(out.trim()).map_err(|e| failed(format!("unreadable answer ({e}): {out}")))
}
