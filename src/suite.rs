//! One run of the suite, minus the timer: choosing workloads and passes, the equivalence gate,
//! turning checks and timings into results, running the claims' passes from the registry, and
//! finishing the run (merge, claims, atomic save, charts, report). `benches/suite/`
//! supplies Criterion as the [`Timer`]; tests supply a cheap one, so everything here is
//! tested without a real benchmark run.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use crate::claims::memory_footprint::peaks;
use crate::claims::{self, Measured, Pass};
use crate::error::{Error, Result};
use crate::report;
use crate::results::source_lines;
use crate::results::store::{self, LATEST};
use crate::results::{BenchResult, Environment, ResultsFile, SCHEMA_VERSION, Status, Timing};
use crate::timing::{self, BenchId, Round, Timer};
use crate::verify;
use crate::workload::{Mode, Variant, WORKLOADS, Workload};

/// The workloads whose names contain `filter` (all of them without one), in registry order.
/// A filter that matches nothing is an error that lists the valid names, and so is an empty
/// one: `cargo bench -- ""` is a slip, not a request for everything.
pub fn select(
    workloads: &[&'static dyn Workload],
    filter: Option<&str>,
) -> Result<Vec<&'static dyn Workload>> {
    if filter.is_some_and(is_empty_filter) {
        return Err(Error::UnknownWorkload {
            filter: filter.unwrap_or_default().to_string(),
            valid: workloads.iter().map(|w| w.name().to_string()).collect(),
        });
    }
    let chosen: Vec<_> = workloads
        .iter()
        .copied()
        .filter(|w| filter.is_none_or(|f| w.name().contains(f)))
        .collect();
    match (chosen.is_empty(), filter) {
        (true, Some(f)) => Err(Error::UnknownWorkload {
            filter: f.to_string(),
            valid: workloads.iter().map(|w| w.name().to_string()).collect(),
        }),
        _ => Ok(chosen),
    }
}

/// A filter that selects nothing on purpose: empty or blank.
fn is_empty_filter(filter: &str) -> bool {
    filter.trim().is_empty()
}

/// The names of the claims' passes, in the order the suite runs them (the order of
/// [`claims::CLAIMS`]); a filter selects them by name as it does workloads.
pub static PASSES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| claims::passes().map(|p| p.name()).collect());

/// What one run of the suite does: the workloads and the [`PASSES`] whose names contain
/// `filter` (everything without one). A filter that matches nothing is an error that lists
/// every valid name.
pub fn select_run(filter: Option<&str>) -> Result<(Vec<&'static dyn Workload>, Vec<&'static str>)> {
    let passes: Vec<&str> = PASSES
        .iter()
        .copied()
        .filter(|p| filter.is_none_or(|f| !is_empty_filter(f) && p.contains(f)))
        .collect();
    match select(WORKLOADS, filter) {
        Err(Error::UnknownWorkload { filter, mut valid }) if passes.is_empty() => {
            valid.extend(PASSES.iter().map(|p| p.to_string()));
            Err(Error::UnknownWorkload { filter, valid })
        }
        Err(_) => Ok((Vec::new(), passes)),
        Ok(workloads) => Ok((workloads, passes)),
    }
}

/// Verifies one workload at its size for `mode`, then times every variant that passed the
/// gate (see [`verify::gate`]); a parallel variant at each pool size in `worker_counts`. In
/// full mode the variants are timed in [`timing::ROUNDS`] interleaved rounds.
/// Never fails: problems become `mismatch`, `error` or `skipped` results.
pub fn run_workload(
    workload: &dyn Workload,
    mode: Mode,
    worker_counts: &[usize],
    timer: &mut dyn Timer,
) -> Vec<BenchResult> {
    run_workload_in_rounds(workload, mode, worker_counts, timing::rounds(mode), timer)
}

/// [`run_workload`], in `rounds` rounds: every single-thread variant that passed the gate is
/// timed once per round, in variant order (rust, python, …, then rust, python, … again), so
/// that ratios can be computed per round; a parallel variant is timed in the first round only,
/// with that round's share of samples. A variant's figure pools its rounds
/// ([`timing::pool`]); with more than one, each round's median goes into `rounds_ns`. A
/// variant that fails in any round is not timed further and is recorded as an error.
pub fn run_workload_in_rounds(
    workload: &dyn Workload,
    mode: Mode,
    worker_counts: &[usize],
    rounds: usize,
    timer: &mut dyn Timer,
) -> Vec<BenchResult> {
    let n = workload.sizes().for_mode(mode);
    let mut checks = verify::check_workload(workload, n, worker_counts);
    let blocked = verify::gate(workload.name(), &checks);
    let mut results: Vec<BenchResult> = checks
        .iter()
        .zip(blocked)
        .map(|(check, blocked)| {
            let mut result = BenchResult {
                workload: workload.name().to_string(),
                category: workload.category(),
                variant: check.variant,
                n,
                status: check.status,
                message: check.message.clone(),
                median_ns: None,
                ci_low_ns: None,
                ci_high_ns: None,
                output: check.output.as_ref().map(|o| o.summary()),
                mode: Some(mode),
                peak_bytes: None,
                workers: check.workers.and_then(|w| u32::try_from(w).ok()),
                rounds_ns: None,
                interpreter: None,
                // Numba compiles on the first call, the check: its time is a figure of its own.
                first_call_ns: (check.variant == Variant::PythonJit && check.status == Status::Ok)
                    .then_some(check.first_call.as_secs_f64() * 1e9),
                warmup_calls: None,
            };
            if let Some(reason) = blocked
                && check.status == Status::Ok
            {
                result.status = Status::Skipped;
                result.message = Some(reason);
            }
            result
        })
        .collect();
    // The variants to time, with their ids and the estimates their plans start from.
    let timed: Vec<(usize, BenchId, usize)> = checks
        .iter()
        .enumerate()
        .filter(|(i, check)| results[*i].status == Status::Ok && check.prepared.is_some())
        .map(|(i, check)| {
            (
                i,
                BenchId::variant(workload, check.variant, n, check.workers),
                timing::rounds_for(rounds, check.workers.is_some()),
            )
        })
        .collect();
    let plans: Vec<(BenchId, Duration, usize)> = timed
        .iter()
        .map(|(i, id, timed_rounds)| (id.clone(), checks[*i].elapsed, *timed_rounds))
        .collect();
    timer.begin(&plans, rounds);
    let mut measured: Vec<Vec<Timing>> = vec![Vec::new(); checks.len()];
    let mut samples: Vec<Option<Vec<f64>>> = vec![Some(Vec::new()); checks.len()];
    for index in 0..rounds {
        let round = Round { index, of: rounds };
        for (i, id, timed_rounds) in &timed {
            let (check, result) = (&mut checks[*i], &mut results[*i]);
            let Some(prepared) = check.prepared.as_mut() else {
                continue;
            };
            if result.status != Status::Ok || index >= *timed_rounds {
                continue;
            }
            match timer.time_round(id, prepared, check.elapsed, round) {
                Ok(t) => {
                    measured[*i].push(t);
                    samples[*i] = match (samples[*i].take(), timer.samples(id)) {
                        (Some(mut all), Some(new)) => {
                            all.extend(new);
                            Some(all)
                        }
                        _ => None,
                    };
                }
                Err(e) => {
                    result.status = Status::Error;
                    result.message = Some(e.to_string());
                }
            }
        }
    }
    for (i, ..) in &timed {
        let result = &mut results[*i];
        if result.status != Status::Ok {
            continue;
        }
        if let Some(t) = timing::pool(&measured[*i], samples[*i].as_deref()) {
            result.median_ns = Some(t.median);
            result.ci_low_ns = Some(t.low);
            result.ci_high_ns = Some(t.high);
        }
        if measured[*i].len() > 1 {
            result.rounds_ns = Some(measured[*i].iter().map(|t| t.median).collect());
        }
    }
    // The memory pass: one more call per timed single-thread variant, outside Criterion and
    // outside this process when the timer measures peaks (see `Timer::peaks`).
    let measured: Vec<Variant> = results
        .iter()
        .filter(|r| r.status == Status::Ok && r.workers.is_none() && peaks::measurable(r.variant))
        .map(|r| r.variant)
        .collect();
    if !measured.is_empty() {
        for (variant, bytes) in timer.peaks(workload, n, &measured) {
            if let Some(r) = results
                .iter_mut()
                .find(|r| r.variant == variant && r.workers.is_none())
            {
                r.peak_bytes = Some(bytes);
            }
        }
    }
    results
}

/// Where a finished run went.
#[derive(Debug)]
pub struct Finished {
    pub results_path: PathBuf,
    pub report: report::Written,
    pub file: ResultsFile,
}

/// What one run of the suite measured: the workloads' results, and what each pass that ran
/// measured.
#[derive(Debug, Default)]
pub struct Run {
    pub results: Vec<BenchResult>,
    pub passes: Vec<Measured>,
}

impl Run {
    /// Whether anything was measured: a timed variant or a pass.
    pub fn measured_anything(&self) -> bool {
        self.results.iter().any(|r| r.status == Status::Ok) || !self.passes.is_empty()
    }
}

/// The passes of the registry whose names are among `selected`, in registry order.
pub fn selected_passes(selected: &[&str]) -> Vec<&'static dyn Pass> {
    claims::passes()
        .filter(|p| selected.contains(&p.name()))
        .collect()
}

impl From<Vec<BenchResult>> for Run {
    fn from(results: Vec<BenchResult>) -> Self {
        Run {
            results,
            ..Run::default()
        }
    }
}

/// Merges a run into `dir/latest.json` (keeping the entries of workloads that did not run,
/// and the measurements it did not make), computes the claims, saves atomically, and
/// regenerates the charts and the report.
///
/// A run that measured nothing is a broken run: it goes to `dir/failed-run.json`, and
/// `latest.json` keeps the last good results.
pub fn finish(run: Run, mode: Mode, environment: Environment, dir: &Path) -> Result<Finished> {
    let path = dir.join(LATEST);
    let timed_something = run.measured_anything();
    let previous = if path.exists() {
        match store::load(&path) {
            Ok(file) => Some(file),
            Err(e) if timed_something => {
                let aside = path.with_extension("json.unreadable");
                eprintln!(
                    "warning: {e}\n         it is kept as {} and replaced by this run",
                    aside.display()
                );
                if let Err(e) = std::fs::rename(&path, &aside) {
                    eprintln!("warning: {}", Error::io(&aside, e));
                }
                None
            }
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let order: Vec<&str> = WORKLOADS.iter().map(|w| w.name()).collect();
    let generated_at = crate::results::environment::now_rfc3339();
    // What the passes of this run did not measure is kept from the previous file.
    let mut file = match previous {
        Some(previous) => ResultsFile {
            schema_version: SCHEMA_VERSION,
            generated_at,
            mode,
            environment,
            claims: Vec::new(),
            results: store::merge_results(previous.results, run.results, &order),
            ..previous
        },
        None => ResultsFile::new(
            generated_at,
            mode,
            environment,
            store::merge_results(Vec::new(), run.results, &order),
        ),
    };
    file.source_lines = source_lines::count(WORKLOADS);
    for measured in run.passes {
        measured.store(&mut file);
    }
    file.claims = claims::evaluate(&file);
    if !timed_something {
        let failed = dir.join("failed-run.json");
        file.claims.clear();
        save_or_keep(&failed, &file)?;
        return Err(Error::Results {
            path: failed,
            reason: format!(
                "this run timed no variant (see the messages in it); {} was left as it was",
                path.display()
            ),
        });
    }
    save_or_keep(&path, &file)?;
    let report = report::write_all(&file, dir)?;
    Ok(Finished {
        results_path: path,
        report,
        file,
    })
}

/// Saves `file` to `path`; if that fails, keeps it in a fallback file (the temporary folder,
/// else the current one), so that a run is never lost, and says where.
fn save_or_keep(path: &Path, file: &ResultsFile) -> Result<()> {
    let Err(error) = store::save(path, file) else {
        return Ok(());
    };
    let name = format!(
        "pyrust-bench-unsaved-{}-{}.json",
        file.generated_at.replace(':', ""),
        std::process::id()
    );
    let kept = [std::env::temp_dir(), PathBuf::from(".")]
        .into_iter()
        .map(|folder| folder.join(&name))
        .find(|fallback| store::save(fallback, file).is_ok());
    Err(match kept {
        Some(kept) => Error::Unsaved {
            error: Box::new(error),
            kept,
        },
        None => error,
    })
}

/// The entries of a run that were not timed: `failed` (mismatch or error: the run failed)
/// and `skipped` (an optional part that is missing here, which is not a failure), as
/// `workload/variant (reason)`.
#[derive(Debug, Default, PartialEq)]
pub struct Untimed {
    pub failed: Vec<String>,
    pub skipped: Vec<String>,
}

impl Untimed {
    /// Sorts `results` by why they were not timed.
    pub fn of(results: &[BenchResult]) -> Self {
        let mut untimed = Untimed::default();
        for r in results {
            let entry = format!(
                "{}/{}: {}",
                r.workload,
                r.label(),
                r.message.as_deref().unwrap_or(r.status.id())
            );
            match r.status {
                Status::Ok => {}
                Status::Skipped => untimed.skipped.push(entry),
                Status::Mismatch | Status::Error => untimed.failed.push(entry),
            }
        }
        untimed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_selects_by_substring_and_unknown_lists_valid_names() {
        let chosen = select(WORKLOADS, Some("body")).unwrap();
        assert_eq!(
            chosen.iter().map(|w| w.name()).collect::<Vec<_>>(),
            ["nbody"]
        );
        assert_eq!(select(WORKLOADS, None).unwrap().len(), WORKLOADS.len());
        let msg = select(WORKLOADS, Some("nosuch")).err().unwrap().to_string();
        assert!(
            msg.contains("nosuch") && msg.contains("spectral_norm"),
            "{msg}"
        );
    }

    #[test]
    fn a_run_selects_passes_by_name_and_an_unknown_filter_lists_them_too() {
        let (workloads, passes) = select_run(Some("pauses")).unwrap();
        assert!(workloads.is_empty());
        assert_eq!(passes, ["pauses"]);
        let (workloads, passes) = select_run(None).unwrap();
        assert_eq!(
            (workloads.len(), passes.len()),
            (WORKLOADS.len(), PASSES.len())
        );
        let msg = select_run(Some("nosuch")).err().unwrap().to_string();
        assert!(msg.contains("nbody") && msg.contains("multicore"), "{msg}");
    }

    #[test]
    fn skipped_variants_are_not_failures() {
        use crate::workload::Category;
        let entry = |variant, status| BenchResult {
            workload: "matmul".into(),
            category: Category::LibraryBound,
            variant,
            n: 1,
            status,
            message: Some(format!("{variant} message")),
            median_ns: None,
            ci_low_ns: None,
            ci_high_ns: None,
            output: None,
            mode: None,
            peak_bytes: None,
            workers: None,
            rounds_ns: None,
            interpreter: None,
            first_call_ns: None,
            warmup_calls: None,
        };
        let only_skipped = Untimed::of(&[
            entry(Variant::Rust, Status::Ok),
            entry(Variant::PythonC, Status::Skipped),
        ]);
        assert!(only_skipped.failed.is_empty());
        assert_eq!(only_skipped.skipped, ["matmul/python_c: python_c message"]);
        let failed = Untimed::of(&[
            entry(Variant::Python, Status::Mismatch),
            entry(Variant::Hybrid, Status::Error),
        ]);
        assert_eq!(failed.failed.len(), 2);
    }

    #[test]
    fn an_empty_filter_is_an_error_not_everything() {
        for filter in ["", " "] {
            let msg = select_run(Some(filter)).err().unwrap().to_string();
            assert!(msg.contains("nbody") && msg.contains("memory"), "{msg}");
            assert!(select(WORKLOADS, Some(filter)).is_err());
        }
    }
}
