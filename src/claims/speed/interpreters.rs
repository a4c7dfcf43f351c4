//! The pass `interpreters`: every workload's `python` and `python_c` variants under the
//! other interpreters, through the standalone runner ([`crate::standalone`]), each variant in
//! a process of its own. The embedded interpreter's own executable always comes first: its
//! figures check that embedding does not change what is measured. Then `pypy3` if it is on
//! `PATH`, then every interpreter in `PYRUST_INTERPRETERS` and `--interpreters`.
//!
//! Rule 1 holds here too: each variant's first output is compared with `rust`'s at the same
//! `n` before its timings count. An interpreter that cannot start, or a variant that fails,
//! is recorded with its message, and the rest go on.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use pyo3::Python;

use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::PyCall;
use crate::results::{BenchResult, InterpreterRun, Interpreters, PairedTimes, Status};
use crate::standalone::{self, Budget, Interpreter, Role};
use crate::timing;
use crate::watchdog;
use crate::workload::{Mode, Output, Variant, WORKLOADS, Workload};

/// The variants the runner times: those that run on any interpreter that can import what
/// they need (`python_c` may need numpy; PyPy usually has none, and is then skipped).
pub const STANDALONE_VARIANTS: [Variant; 2] = [Variant::Python, Variant::PythonC];

/// See the module documentation.
pub struct InterpretersPass;

/// The pass in the registry.
pub static PASS: InterpretersPass = InterpretersPass;

impl Pass for InterpretersPass {
    fn name(&self) -> &'static str {
        "interpreters"
    }

    fn describe(&self, context: &PassContext) -> String {
        let list = standalone::candidates(&embedded_executable(), context.interpreters);
        format!(
            "the python variants under {} interpreter(s) ({}), each variant in a process of its own",
            list.len(),
            list.iter()
                .map(|(p, _)| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let candidates = standalone::candidates(&embedded_executable(), context.interpreters);
        let budget = Budget::for_mode(context.mode, watchdog::limit_for(None));
        let measured = run(
            &candidates,
            WORKLOADS,
            context.mode,
            &budget,
            &mut context.notes,
        );
        Ok(Measured::new(self.name(), move |file| {
            file.interpreters = Some(measured)
        }))
    }
}

fn embedded_executable() -> PathBuf {
    PathBuf::from(crate::py::interpreter_executable())
}

/// Runs the [`STANDALONE_VARIANTS`] of `workloads` at their sizes for `mode` under each of
/// `interpreters`, within `budget`; what was left out goes to `notes`.
pub fn run(
    interpreters: &[(PathBuf, Role)],
    workloads: &[&'static dyn Workload],
    mode: Mode,
    budget: &Budget,
    notes: &mut Vec<String>,
) -> Interpreters {
    let mut pass = Runs {
        mode,
        budget,
        references: References::default(),
        measured: Interpreters::default(),
        notes,
    };
    for (path, role) in interpreters {
        let started = Instant::now();
        let mut entry = InterpreterRun {
            path: path.display().to_string(),
            role: *role,
            id: None,
            pypy_version: None,
            gil_disabled: false,
            status: Status::Ok,
            message: None,
            seconds: 0.0,
        };
        match standalone::describe(path) {
            Err(e) => {
                let message = format!("{e}; none of its variants ran");
                pass.notes.push(format!("interpreter {message}"));
                entry.status = Status::Error;
                entry.message = Some(message);
            }
            Ok(interpreter) => {
                pass.under(&interpreter, *role, workloads);
                entry.pypy_version = interpreter.pypy_version.clone();
                entry.gil_disabled = interpreter.gil_disabled;
                entry.id = Some(interpreter.id);
            }
        }
        entry.seconds = started.elapsed().as_secs_f64();
        pass.measured.interpreters.push(entry);
    }
    pass.measured
}

/// What the pass carries from one interpreter to the next.
struct Runs<'a> {
    mode: Mode,
    budget: &'a Budget,
    references: References,
    measured: Interpreters,
    notes: &'a mut Vec<String>,
}

impl Runs<'_> {
    /// Every standalone variant of `workloads` under `interpreter`; under the embedded
    /// interpreter's own executable, each verified `python` variant's check on the embedding
    /// too.
    fn under(
        &mut self,
        interpreter: &Interpreter,
        role: Role,
        workloads: &[&'static dyn Workload],
    ) {
        eprintln!(
            "  {} ({}){}",
            interpreter.id.label(),
            interpreter.path.display(),
            match role {
                Role::EmbeddedExecutable => ": the embedded interpreter's executable",
                _ => "",
            }
        );
        for &workload in workloads {
            let n = workload.sizes().for_mode(self.mode);
            for &variant in STANDALONE_VARIANTS
                .iter()
                .filter(|v| workload.variants().contains(v))
            {
                let result = run_variant(
                    interpreter,
                    workload,
                    variant,
                    n,
                    self.mode,
                    self.budget,
                    &mut self.references,
                );
                if result.status != Status::Ok {
                    self.notes.push(format!(
                        "{} under {}: {}",
                        workload.name(),
                        interpreter.id.label(),
                        first_line(result.message.as_deref().unwrap_or_default())
                    ));
                } else if role == Role::EmbeddedExecutable && variant == Variant::Python {
                    match paired_times(interpreter, workload, variant, n, self.budget) {
                        Ok(pair) => self.measured.embedding_check.push(pair),
                        Err(e) => self.notes.push(format!(
                            "the check on the embedding left out {}: {e}",
                            workload.name()
                        )),
                    }
                }
                self.measured.results.push(result);
            }
        }
    }
}

/// The `rust` output of each workload at each size, computed once.
#[derive(Default)]
struct References(HashMap<(&'static str, u64), Output>);

impl References {
    fn of(&mut self, workload: &'static dyn Workload, n: u64) -> &Output {
        self.0
            .entry((workload.name(), n))
            .or_insert_with(|| workload.rust(n).run())
    }
}

/// One variant under one interpreter: checked against `rust`, then its samples summarised.
fn run_variant(
    interpreter: &Interpreter,
    workload: &'static dyn Workload,
    variant: Variant,
    n: u64,
    mode: Mode,
    budget: &Budget,
    references: &mut References,
) -> BenchResult {
    let mut result = BenchResult {
        workload: workload.name().to_string(),
        category: workload.category(),
        variant,
        n,
        status: Status::Error,
        message: None,
        median_ns: None,
        ci_low_ns: None,
        ci_high_ns: None,
        output: None,
        mode: Some(mode),
        peak_bytes: None,
        workers: None,
        rounds_ns: None,
        interpreter: Some(interpreter.id.clone()),
        first_call_ns: None,
        warmup_calls: None,
    };
    let measurement = match standalone::measure(interpreter, workload.name(), variant, n, budget) {
        Ok(m) => m,
        Err(e) => {
            if e.is_missing_module() {
                result.status = Status::Skipped;
            }
            result.message = Some(format!("{}/{}: {e}", workload.name(), variant.id()));
            return result;
        }
    };
    result.output = Some(measurement.output.summary());
    let expected = references.of(workload, n);
    if !measurement.output.matches(expected) {
        result.status = Status::Mismatch;
        result.message = Some(
            Error::Mismatch {
                workload: workload.name().to_string(),
                variant: format!("{} under {}", variant.id(), interpreter.id.label()),
                n,
                expected: expected.summary(),
                got: measurement.output.summary(),
            }
            .to_string(),
        );
        return result;
    }
    let timing = timing::median_interval(&measurement.samples_ns);
    result.status = Status::Ok;
    (result.median_ns, result.ci_low_ns, result.ci_high_ns) =
        (Some(timing.median), Some(timing.low), Some(timing.high));
    result.first_call_ns = Some(measurement.first_call_ns);
    result.warmup_calls = Some(measurement.warmup_calls);
    result
}

/// Calls each side makes before the pairs are timed (CPython has no JIT to warm up; the
/// first calls still fill caches).
const CHECK_WARMUP_CALLS: usize = 2;

/// The check on the embedding for one variant: it is called in the embedded interpreter and
/// in a runner under `interpreter` (the embedded interpreter's own executable) by turns, one
/// call each, so that a change of the machine's speed, which here comes in steps of seconds,
/// falls on both alike. The pairs go on as long as the budget's timed calls would.
fn paired_times(
    interpreter: &Interpreter,
    workload: &dyn Workload,
    variant: Variant,
    n: u64,
    budget: &Budget,
) -> Result<PairedTimes> {
    let call = PyCall::variant(&workload.python_module(), variant, n, None)?;
    let (mut session, _) =
        standalone::Session::start(interpreter, workload.name(), variant, n, budget.limit)
            .map_err(|e| Error::Interpreter(e.to_string()))?;
    let guard = watchdog::arm(budget.limit);
    let pairs = Python::attach(|py| -> Result<Vec<(f64, f64)>> {
        let err = |e| crate::py::python_error(py, call.context().to_string(), e);
        let embedded = || -> Result<f64> {
            let started = Instant::now();
            // Dropped inside the timing, as the runner drops its call's result.
            drop(call.call_raw(py).map_err(err)?);
            Ok(started.elapsed().as_secs_f64() * 1e9)
        };
        let mut standalone = || {
            session
                .time_call()
                .map_err(|e| Error::Interpreter(e.to_string()))
        };
        embedded()?;
        for _ in 0..CHECK_WARMUP_CALLS {
            embedded()?;
            standalone()?;
        }
        // Twice the timed calls less one: a ratio of two noisy calls needs more of them.
        let min_pairs = 2 * budget.min_samples as usize - 1;
        let (mut pairs, mut spent) = (Vec::new(), 0.0);
        while pairs.len() < budget.max_samples as usize
            && (pairs.len() < min_pairs || spent < budget.min_time.as_secs_f64() * 1e9)
        {
            let pair = (embedded()?, standalone()?);
            spent += pair.0;
            pairs.push(pair);
        }
        Ok(pairs)
    });
    if guard.disarm() {
        return Err(Error::Interpreter(watchdog::timed_out_error(
            call.context(),
            budget.limit,
        )));
    }
    let pairs = pairs?;
    let side =
        |pick: fn(&(f64, f64)) -> f64| timing::median(&pairs.iter().map(pick).collect::<Vec<_>>());
    Ok(PairedTimes {
        workload: workload.name().to_string(),
        n,
        embedded_ns: side(|p| p.0),
        standalone_ns: side(|p| p.1),
        ratio: timing::median(&pairs.iter().map(|p| p.1 / p.0).collect::<Vec<_>>()),
        pairs: pairs.len() as u32,
    })
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The interpreters a user asked for: `PYRUST_INTERPRETERS`, then `flag` (both
/// `:`-separated lists of paths).
pub fn requested(flag: Option<&str>) -> Vec<PathBuf> {
    let mut list = std::env::var(standalone::INTERPRETERS_VAR)
        .map(|v| standalone::split_paths(&v))
        .unwrap_or_default();
    list.extend(flag.map(standalone::split_paths).unwrap_or_default());
    list
}
