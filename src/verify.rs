//! The equivalence gate (rule 1 of DESIGN.md): before a workload is timed, every variant runs
//! once at the size to be timed and its output is compared with the `rust` variant's. A
//! workload with any failing variant is not timed; the failure is recorded, and the other
//! workloads go on.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::py::PyCall;
use crate::results::Status;
use crate::workload::{Output, RustKernel, Variant, Workload};

/// A variant made ready to run: its input built and its function looked up (untimed setup).
pub enum Prepared {
    Rust(RustKernel),
    Python(PyCall),
}

impl Prepared {
    /// Builds `variant` of `workload` at size `n`.
    pub fn new(workload: &dyn Workload, variant: Variant, n: u64) -> Result<Self> {
        Ok(match variant {
            Variant::Rust => Prepared::Rust(workload.rust(n)),
            Variant::C => Prepared::Rust(workload.c(n).ok_or_else(|| {
                Error::Interpreter(format!(
                    "{} lists a c variant but has no C kernel",
                    workload.name()
                ))
            })?),
            Variant::Python | Variant::PythonC | Variant::Hybrid => {
                Prepared::Python(PyCall::variant(&workload.python_module(), variant, n)?)
            }
        })
    }

    /// Runs it once and returns its output.
    pub fn run(&mut self) -> Result<Output> {
        match self {
            Prepared::Rust(kernel) => Ok(kernel()),
            Prepared::Python(call) => call.call(),
        }
    }
}

/// The outcome of checking one variant.
pub struct Check {
    pub variant: Variant,
    pub n: u64,
    pub status: Status,
    /// What the variant returned, when it returned.
    pub output: Option<Output>,
    /// Why the status is not `ok`.
    pub message: Option<String>,
    /// How long the checking call took: a first estimate of the timed call's duration.
    pub elapsed: Duration,
    /// The variant, ready to be timed, when it could be prepared.
    pub prepared: Option<Prepared>,
}

/// Every variant of `workload` at size `n`, checked against `rust`, in variant order.
pub fn check_workload(workload: &dyn Workload, n: u64) -> Vec<Check> {
    let mut checks: Vec<Check> = workload
        .variants()
        .iter()
        .map(|&variant| run_once(workload, variant, n))
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
                    variant: check.variant.id().to_string(),
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

fn run_once(workload: &dyn Workload, variant: Variant, n: u64) -> Check {
    let mut check = Check {
        variant,
        n,
        status: Status::Error,
        output: None,
        message: None,
        elapsed: Duration::ZERO,
        prepared: None,
    };
    let mut prepared = match Prepared::new(workload, variant, n) {
        Ok(p) => p,
        Err(e) => {
            fail(&mut check, e);
            return check;
        }
    };
    let started = Instant::now();
    let result = prepared.run();
    check.elapsed = started.elapsed();
    match result {
        Ok(output) => {
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

/// Whether every variant passed or was skipped, so the workload may be timed.
pub fn all_ok(checks: &[Check]) -> bool {
    checks
        .iter()
        .all(|c| matches!(c.status, Status::Ok | Status::Skipped))
}
