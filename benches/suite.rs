//! The benchmark suite (`cargo bench`): Criterion over every workload and variant, then the
//! results JSON, the charts and the report.
//!
//! Usage: `cargo bench [-- [--quick] [FILTER]]`. `--quick` runs every workload at small sizes;
//! FILTER keeps the workloads whose names contain it; `PYRUST_RESULTS_DIR` redirects the
//! output from `results/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};
use criterion::{BenchmarkId, Criterion, SamplingMode};
use pyo3::Python;
use pyrust_bench::claims::memory_footprint::peaks;
use pyrust_bench::claims::{Binaries, PassContext};
use pyrust_bench::interrupt::Keeper;
use pyrust_bench::results::criterion::{estimates_path, read_median};
use pyrust_bench::results::{Status, Timing, environment, store};
use pyrust_bench::suite;
use pyrust_bench::timing::{BenchId, Timer};
use pyrust_bench::verify::Prepared;
use pyrust_bench::workload::{self, Mode};
use pyrust_bench::{py, watchdog};

// No `#[global_allocator]` here: the timed process runs with the system allocator. The
// peak heap of each variant is measured by `pyrust-bench peaks`, in a process of its own
// (`tests/allocator.rs` checks that this file installs no allocator).

/// The help text: the pass names come from the claims' registry.
fn usage() -> String {
    format!(
        "\
usage: cargo bench [-- [--quick] [FILTER]]

  --quick    run every workload at small sizes with short measurements (a smoke test)
  FILTER     run only the workloads whose names contain FILTER; the others keep their
             entries in latest.json. The claims' passes are selected by name too:
             {passes}
  -h, --help show this help

environment:
  PYRUST_RESULTS_DIR   write latest.json, charts/ and REPORT.md there instead of results/
  PYRUST_CALL_TIMEOUT  the least time limit of one Python call, in seconds (default 60; the
                       limit is the larger of it and 10x the expected time; 0 or off: none)",
        passes = suite::PASSES.join(", ")
    )
}

/// The longest the peaks of one workload may take in their own process.
const PEAKS_LIMIT: Duration = Duration::from_secs(600);

struct Args {
    mode: Mode,
    filter: Option<String>,
}

fn parse_args() -> anyhow::Result<Option<Args>> {
    let mut args = Args {
        mode: Mode::Full,
        filter: None,
    };
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            // Passed by `cargo bench` itself.
            "--bench" => {}
            "--quick" => args.mode = Mode::Quick,
            "-h" | "--help" => {
                println!("{}", usage());
                return Ok(None);
            }
            flag if flag.starts_with('-') => bail!("unknown flag {flag}\n\n{}", usage()),
            filter if args.filter.is_none() => args.filter = Some(filter.to_string()),
            extra => bail!(
                "only one FILTER is accepted, got a second one: {extra}\n\n{}",
                usage()
            ),
        }
    }
    Ok(Some(args))
}

/// Criterion as the suite's timer, with settings chosen per variant from how long one call
/// took during verification.
struct CriterionTimer {
    criterion: Criterion,
    criterion_dir: PathBuf,
    mode: Mode,
}

/// How Criterion should sample one variant.
struct Plan {
    sample_size: usize,
    flat: bool,
    warm_up: Duration,
    measurement: Duration,
}

impl Plan {
    /// The longest the benchmark should take: its warm-up and its measurement, which Criterion
    /// stretches to fit every sample.
    fn longest(&self) -> Duration {
        self.warm_up + self.measurement
    }
}

impl CriterionTimer {
    fn plan(&self, estimate: Duration) -> Plan {
        // Slow calls get few flat samples (as many iterations as fit); sub-millisecond calls
        // get Criterion's linear sampling and more samples.
        let ms = estimate.as_secs_f64() * 1e3;
        let (sample_size, flat) = match (self.mode, ms) {
            (Mode::Quick, ms) if ms >= 1.0 => (10, true),
            (Mode::Full, ms) if ms >= 10.0 => (20, true),
            (Mode::Full, ms) if ms >= 1.0 => (30, true),
            (Mode::Quick, _) => (20, false),
            (Mode::Full, _) => (50, false),
        };
        let (warm_up, base) = match self.mode {
            Mode::Quick => (0.3, 1.0),
            Mode::Full => (1.0, 3.0),
        };
        // Leave room for every sample: flat needs s calls, linear s(s+1)/2.
        let calls = if flat {
            sample_size
        } else {
            sample_size * (sample_size + 1) / 2
        };
        let needed = estimate.as_secs_f64() * calls as f64 * 1.3;
        Plan {
            sample_size,
            flat,
            warm_up: Duration::from_secs_f64(warm_up),
            measurement: Duration::from_secs_f64(needed.max(base)),
        }
    }

    /// Runs one Criterion benchmark and reads its median back.
    fn bench(
        &mut self,
        id: &BenchId,
        plan: &Plan,
        mut routine: impl FnMut(&mut criterion::Bencher),
    ) -> anyhow::Result<Timing> {
        let started = SystemTime::now();
        let mut g = self.criterion.benchmark_group(&id.group);
        g.sample_size(plan.sample_size)
            .warm_up_time(plan.warm_up)
            .measurement_time(plan.measurement)
            .sampling_mode(if plan.flat {
                SamplingMode::Flat
            } else {
                SamplingMode::Auto
            });
        g.bench_function(BenchmarkId::new(id.function.as_str(), &id.value), |b| {
            routine(b)
        });
        g.finish();
        let path = estimates_path(&self.criterion_dir, &id.group, &id.function, &id.value);
        let fresh = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= started);
        if !fresh {
            bail!("Criterion wrote no new estimates at {}", path.display());
        }
        Ok(read_median(&path)?)
    }

    fn call_overhead(&mut self) -> anyhow::Result<Timing> {
        let noop = py::noop_call()?;
        let plan = Plan {
            sample_size: 50,
            flat: false,
            warm_up: Duration::from_millis(300),
            measurement: Duration::from_secs(match self.mode {
                Mode::Quick => 1,
                Mode::Full => 3,
            }),
        };
        let id = BenchId {
            group: "harness".into(),
            function: "call_overhead".into(),
            value: "noop".into(),
        };
        self.bench(&id, &plan, |b| {
            Python::attach(|py| b.iter(|| noop.call_raw(py).is_ok()))
        })
    }
}

impl Timer for CriterionTimer {
    fn time(
        &mut self,
        id: &BenchId,
        prepared: &mut Prepared,
        estimate: Duration,
    ) -> pyrust_bench::Result<Timing> {
        let plan = self.plan(estimate);
        let mut failure = None;
        let timing = match prepared {
            Prepared::Rust(kernel) => self.bench(id, &plan, |b| b.iter(|| kernel.run_timed())),
            Prepared::Python(call) => {
                // One limit for the whole benchmark, armed outside the timed loop.
                let guard = watchdog::arm(watchdog::limit_for(Some(plan.longest())));
                let timing = self.bench(id, &plan, |b| {
                    Python::attach(|py| {
                        b.iter(|| {
                            // After a failure (or a timeout), stop calling.
                            if failure.is_some() {
                                return None;
                            }
                            match call.call_raw(py) {
                                Ok(value) => Some(value),
                                Err(e) => {
                                    failure = Some(py::python_error(py, call.context(), e));
                                    None
                                }
                            }
                        })
                    })
                });
                let limit = guard.limit();
                if guard.disarm() {
                    return Err(pyrust_bench::Error::Interpreter(watchdog::timed_out_error(
                        &format!("{} while being timed", call.context()),
                        limit,
                    )));
                }
                timing
            }
        };
        if let Some(e) = failure {
            return Err(e);
        }
        timing.map_err(|e| pyrust_bench::Error::Interpreter(format!("{e:#}")))
    }

    fn peaks(
        &mut self,
        workload: &dyn workload::Workload,
        n: u64,
        variants: &[workload::Variant],
    ) -> Vec<(workload::Variant, u64)> {
        let exe = Path::new(env!("CARGO_BIN_EXE_pyrust-bench"));
        match peaks::measure_in_child(exe, workload.name(), n, variants, PEAKS_LIMIT) {
            Ok(measured) => {
                for missing in &measured.missing {
                    eprintln!("  peak not measured: {missing}");
                }
                measured.peaks
            }
            Err(e) => {
                eprintln!("  warning: {e}");
                Vec::new()
            }
        }
    }
}

fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("criterion")
}

fn run() -> anyhow::Result<ExitCode> {
    let Some(args) = parse_args()? else {
        return Ok(ExitCode::SUCCESS);
    };
    let (workloads, passes) = suite::select_run(args.filter.as_deref())?;
    watchdog::minimum_from_env()?;
    let dir = store::results_dir();
    // Before anything is measured: a run that cannot be saved is not started.
    store::ensure_writable(&dir)?;
    let environment = environment::collect().context("starting the embedded Python")?;
    if let Some(warning) = &environment.python.warning {
        eprintln!("warning: {warning}");
    }
    eprintln!(
        "pyrust-bench: {} mode, {} workload(s), CPython {} ({}), results to {}",
        args.mode,
        workloads.len(),
        environment.python.version,
        environment.python.build_executable,
        dir.display()
    );
    let worker_counts = workload::worker_counts(environment.cores);
    // From here on, Ctrl-C keeps every workload that finished.
    let keeper = Keeper::install(args.mode, environment, dir)?;

    let criterion_dir = criterion_dir();
    let mut timer = CriterionTimer {
        criterion: Criterion::default()
            .output_directory(&criterion_dir)
            .nresamples(match args.mode {
                Mode::Quick => 20_000,
                Mode::Full => 100_000,
            })
            .with_output_color(std::io::IsTerminal::is_terminal(&std::io::stdout())),
        criterion_dir,
        mode: args.mode,
    };

    eprintln!("[0/{}] harness: embedded call overhead", workloads.len());
    let overhead = timer
        .call_overhead()
        .context("measuring the embedded call overhead")?;
    keeper.update(|_, environment| environment.call_overhead_ns = Some(overhead.median));

    for (i, workload) in workloads.iter().enumerate() {
        let n = workload.sizes().for_mode(args.mode);
        let parallel = workload.variants().iter().filter(|v| v.is_parallel());
        eprintln!(
            "[{}/{}] {} (n={n}): verifying {} variants{}, then timing",
            i + 1,
            workloads.len(),
            workload.name(),
            workload.variants().len(),
            match parallel.count() {
                0 => String::new(),
                p => format!(" ({p} parallel, at {worker_counts:?} workers)"),
            }
        );
        let results = suite::run_workload(*workload, args.mode, &worker_counts, &mut timer);
        for r in results.iter().filter(|r| r.status != Status::Ok) {
            eprintln!(
                "  {} {}: {}",
                r.label(),
                r.status.id(),
                r.message.as_deref().unwrap_or("")
            );
        }
        keeper.add(results);
    }

    let binaries = Binaries {
        cli: PathBuf::from(env!("CARGO_BIN_EXE_pyrust-bench")),
        minimal_cli: PathBuf::from(env!("CARGO_BIN_EXE_minimal-cli")),
    };
    let mut context = PassContext {
        mode: args.mode,
        worker_counts: &worker_counts,
        timer: &mut timer,
        binaries: &binaries,
        notes: Vec::new(),
    };
    let mut failed_passes = Vec::new();
    for pass in suite::selected_passes(&passes) {
        eprintln!("[{}] {}", pass.name(), pass.describe(&context));
        match suite::run_pass(pass, &mut context) {
            Ok(measured) => keeper.update(|run, _| run.passes.push(measured)),
            Err(e) => {
                eprintln!("  {} measurements failed: {e}", pass.name());
                failed_passes.push(pass.name().to_string());
            }
        }
        for note in context.notes.drain(..) {
            eprintln!("  skipped: {note}");
        }
    }

    let untimed = suite::Untimed::of(&keeper.results());
    let finished = keeper.finish()?;
    eprintln!(
        "\nwrote {}, {} and {} charts in {:.0} s",
        finished.results_path.display(),
        finished.report.report.display(),
        finished.report.charts.len() * 2,
        finished.file.environment.suite_seconds.unwrap_or_default()
    );
    for claim in &finished.file.claims {
        if claim.verdict != pyrust_bench::results::Verdict::NotMeasured {
            eprintln!("  {}: {} — {}", claim.id, claim.verdict.id(), claim.summary);
        }
    }
    if !untimed.skipped.is_empty() {
        eprintln!(
            "\n{} variant(s) were skipped, which is not a failure:",
            untimed.skipped.len()
        );
        for entry in &untimed.skipped {
            eprintln!("  {entry}");
        }
    }
    let failures = untimed.failed.len() + failed_passes.len();
    if failures == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("\n{failures} variant(s) or pass(es) failed:");
    for entry in untimed.failed.iter().chain(&failed_passes) {
        eprintln!("  {entry}");
    }
    Ok(ExitCode::FAILURE)
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Error: {e:#}");
            ExitCode::from(2)
        }
    }
}
