//! The equivalence gate (rule 1 of DESIGN.md): before a workload is timed, every variant runs
//! once at the size to be timed, and a parallel variant once at every pool size, and each
//! output is compared with the `rust` variant's.
//!
//! The single-thread variants gate the workload: if any of them fails, nothing of it is
//! timed. A parallel variant gates only itself: if it fails at any pool size, it is timed at
//! none (a scaling curve with holes would mislead), while the rest of the workload still is.
//! Failures are recorded, and the other workloads go on.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::py::PyCall;
use crate::results::Status;
use crate::watchdog;
use crate::workload::{Output, RustKernel, Variant, Workload};

/// A variant made ready to run: its input built and its function looked up (untimed setup).
pub enum Prepared {
    Rust(RustKernel),
    Python(PyCall),
}

impl Prepared {
    /// Builds `variant` of `workload` at size `n`; a parallel variant on a pool of `workers`.
    pub fn new(
        workload: &dyn Workload,
        variant: Variant,
        n: u64,
        workers: Option<usize>,
    ) -> Result<Self> {
        let missing = |what: &str| {
            Error::Interpreter(format!(
                "{} lists a {} variant but has no {what}",
                workload.name(),
                variant.id()
            ))
        };
        Ok(match variant {
            Variant::Rust => Prepared::Rust(workload.rust(n)),
            Variant::C => Prepared::Rust(workload.c(n).ok_or_else(|| missing("C kernel"))?),
            Variant::RustPar => {
                let kernel = workload
                    .rust_par(n)
                    .ok_or_else(|| missing("rayon kernel"))?;
                Prepared::Rust(on_rayon_pool(kernel, workers.unwrap_or(1))?)
            }
            _ => Prepared::Python(PyCall::variant(
                &workload.python_module(),
                variant,
                n,
                workers,
            )?),
        })
    }

    /// Runs it once and returns its output.
    pub fn run(&mut self) -> Result<Output> {
        match self {
            Prepared::Rust(kernel) => Ok(kernel.run()),
            Prepared::Python(call) => call.call(),
        }
    }

    /// Runs it once and returns its output and how long the call took: the first estimate
    /// a timer plans its sampling from.
    pub fn run_timed(&mut self) -> Result<(Output, Duration)> {
        let started = Instant::now();
        let output = self.run()?;
        Ok((output, started.elapsed()))
    }
}

/// `kernel`, its work run inside a rayon pool of its own with `workers` threads (built once,
/// untimed).
fn on_rayon_pool(mut kernel: RustKernel, workers: usize) -> Result<RustKernel> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .thread_name(|i| format!("rust_par-{i}"))
        .build()
        .map_err(|e| Error::Interpreter(format!("starting a rayon pool of {workers}: {e}")))?;
    Ok(RustKernel::staged(move |finish| {
        pool.install(|| kernel.call(finish))
    }))
}

/// The outcome of checking one variant at one pool size.
pub struct Check {
    pub variant: Variant,
    /// The pool size, for a parallel variant.
    pub workers: Option<usize>,
    pub n: u64,
    pub status: Status,
    /// What the variant returned, when it returned.
    pub output: Option<Output>,
    /// Why the status is not `ok`.
    pub message: Option<String>,
    /// How long a warm call took: a first estimate of the timed call's duration. It is the
    /// checking call's time, except for `python_jit`, whose check compiles it: there it is
    /// the time of one more call.
    pub elapsed: Duration,
    /// How long the checking call took: with Numba's compilation, for `python_jit`.
    pub first_call: Duration,
    /// The variant, ready to be timed, when it could be prepared.
    pub prepared: Option<Prepared>,
}

impl Check {
    /// How messages name it: `python`, or `python_procs×2` for a parallel variant.
    pub fn label(&self) -> String {
        self.variant
            .label(self.workers.and_then(|w| u32::try_from(w).ok()))
    }
}

/// Every variant of `workload` at size `n`, each parallel one at every pool size in
/// `worker_counts`, checked against `rust`, in variant order.
pub fn check_workload(workload: &dyn Workload, n: u64, worker_counts: &[usize]) -> Vec<Check> {
    let mut checks: Vec<Check> = workload
        .variants()
        .iter()
        .flat_map(|&variant| {
            let pools: Vec<Option<usize>> = match variant.is_parallel() {
                true => worker_counts.iter().copied().map(Some).collect(),
                false => vec![None],
            };
            // A Python pool variant's setup runs once; its other pool sizes reuse what it made.
            let mut first: Option<PyCall> = None;
            pools
                .into_iter()
                .map(|workers| {
                    let reused = first.as_ref().zip(workers).map(|(call, w)| call.on_pool(w));
                    let check = run_once(workload, variant, n, workers, reused);
                    if first.is_none()
                        && let Some(Prepared::Python(call)) = &check.prepared
                    {
                        first = call.on_pool(workers.unwrap_or(1)).ok();
                    }
                    check
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let expected = checks
        .iter()
        .find(|c| c.variant == Variant::Rust)
        .and_then(|c| c.output.clone());
    for check in checks.iter_mut().filter(|c| c.status == Status::Ok) {
        let (Some(expected), Some(got)) = (&expected, &check.output) else {
            continue;
        };
        if !got.matches(expected) {
            check.status = Status::Mismatch;
            check.message = Some(
                Error::Mismatch {
                    workload: workload.name().to_string(),
                    variant: check.label(),
                    n,
                    expected: expected.summary(),
                    got: got.summary(),
                }
                .to_string(),
            );
        }
    }
    checks
}

/// Prepares and runs `variant` once (with `reused`, a call prepared from another pool size's
/// setup, when given) and records the outcome.
fn run_once(
    workload: &dyn Workload,
    variant: Variant,
    n: u64,
    workers: Option<usize>,
    reused: Option<Result<PyCall>>,
) -> Check {
    let mut check = Check {
        variant,
        workers,
        n,
        status: Status::Error,
        output: None,
        message: None,
        elapsed: Duration::ZERO,
        first_call: Duration::ZERO,
        prepared: None,
    };
    // Python (its setup and its call) runs under a time limit; Rust cannot be interrupted.
    let guard = variant
        .is_python()
        .then(|| watchdog::arm(watchdog::limit_for(None)));
    let prepared = match reused {
        Some(call) => call.map(Prepared::Python),
        None => Prepared::new(workload, variant, n, workers),
    };
    let outcome = prepared.and_then(|mut prepared| {
        let (output, first_call) = prepared.run_timed()?;
        // The check compiled a JIT variant; a second call tells how long a warm one takes.
        let warm = match variant {
            Variant::PythonJit => prepared.run_timed()?.1,
            _ => first_call,
        };
        Ok(((output, first_call, warm), prepared))
    });
    if let Some(guard) = guard {
        let limit = guard.limit();
        if guard.disarm() {
            check.message = Some(watchdog::timed_out_error(
                &format!("{}/{} at n={n}", workload.name(), check.label()),
                limit,
            ));
            return check;
        }
    }
    match outcome {
        Ok(((output, first_call, elapsed), prepared)) => {
            check.elapsed = elapsed;
            check.first_call = first_call;
            check.status = Status::Ok;
            check.output = Some(output);
            check.prepared = Some(prepared);
        }
        Err(e) => fail(&mut check, e),
    }
    check
}

/// Records why a variant could not run: a missing optional package skips it, anything else
/// is an error.
fn fail(check: &mut Check, e: Error) {
    if matches!(e, Error::MissingModule { .. }) {
        check.status = Status::Skipped;
    }
    check.message = Some(e.to_string());
}

fn passed(check: &Check) -> bool {
    matches!(check.status, Status::Ok | Status::Skipped)
}

/// Why each check may not be timed (`None`: it may), by the gate's rule: a failing
/// single-thread variant blocks the whole workload; a failing parallel variant blocks only
/// itself, at every pool size.
pub fn gate(workload: &str, checks: &[Check]) -> Vec<Option<String>> {
    let serial_culprit = checks
        .iter()
        .find(|c| !c.variant.is_parallel() && !passed(c));
    checks
        .iter()
        .map(|check| {
            let culprit = serial_culprit.or_else(|| {
                checks
                    .iter()
                    .filter(|c| c.variant == check.variant && check.variant.is_parallel())
                    .find(|c| !passed(c))
            })?;
            Some(format!(
                "not timed: variant {} of {workload} failed verification",
                culprit.label()
            ))
        })
        .collect()
}
