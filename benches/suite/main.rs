//! The benchmark suite (`cargo bench`): Criterion over every workload and variant, then the
//! results JSON, the charts and the report.
//!
//! Usage: `cargo bench [-- [--quick] [FILTER]]`. `--quick` runs every workload at small sizes;
//! FILTER keeps the workloads whose names contain it; `PYRUST_RESULTS_DIR` redirects the
//! output from `results/`.

mod progress;
mod timer;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use criterion::Criterion;
use pyrust_bench::claims::{Binaries, PassContext, speed};
use pyrust_bench::interrupt::Keeper;
use pyrust_bench::results::{Calibration, Status, environment, machine, store};
use pyrust_bench::workload::{self, Mode};
use pyrust_bench::{suite, timing, watchdog};

use progress::Progress;
use timer::CriterionTimer;

// No `#[global_allocator]` here: the timed process runs with the system allocator. The
// peak heap of each variant is measured by `pyrust-bench peaks`, in a process of its own
// (`tests/allocator.rs` checks that this file installs no allocator).

/// The help text: the pass names come from the claims' registry.
fn usage() -> String {
    format!(
        "\
usage: cargo bench [-- [--quick] [--verbose] [--interpreters PATHS] [FILTER]]

  --quick    run every workload at small sizes with short measurements (a smoke test);
             without it, full mode times each workload in 3 interleaved rounds
  --verbose  show Criterion's own lines for every benchmark (hidden by default)
  --interpreters PATHS
             also time the python variants under these interpreters (a :-separated list
             of paths, e.g. /usr/bin/python3.12:/opt/py313/bin/python3), in the pass
             `interpreters`, beside pypy3 when it is on PATH
  FILTER     run only the workloads whose names contain FILTER; the others keep their
             entries in latest.json. The claims' passes are selected by name too:
             {passes}
  -h, --help show this help

environment:
  PYRUST_RESULTS_DIR   write latest.json, charts/ and REPORT.md there instead of results/
  PYRUST_CALL_TIMEOUT  the least time limit of one Python call, in seconds (default 60; the
                       limit is the larger of it and 10x the expected time; 0 or off: none)
  PYRUST_INTERPRETERS  more interpreters for the pass `interpreters`, as --interpreters",
        passes = suite::PASSES.join(", ")
    )
}

struct Args {
    mode: Mode,
    filter: Option<String>,
    verbose: bool,
    interpreters: Option<String>,
}

fn parse_args() -> anyhow::Result<Option<Args>> {
    let mut args = Args {
        mode: Mode::Full,
        filter: None,
        verbose: false,
        interpreters: None,
    };
    let mut argv = std::env::args().skip(1);
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            // Passed by `cargo bench` itself.
            "--bench" => {}
            "--quick" => args.mode = Mode::Quick,
            "--verbose" | "-v" => args.verbose = true,
            "--interpreters" => match argv.next() {
                Some(paths) if !paths.starts_with('-') => args.interpreters = Some(paths),
                _ => bail!(
                    "--interpreters needs a :-separated list of paths\n\n{}",
                    usage()
                ),
            },
            flag if flag.starts_with("--interpreters=") => {
                args.interpreters = Some(flag["--interpreters=".len()..].to_string())
            }
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
    // The previous results, for the estimates of the time left.
    let previous = store::load(&dir.join(store::LATEST)).ok();
    // From here on, Ctrl-C keeps every workload that finished.
    let keeper = Keeper::install(args.mode, environment, dir)?;

    let criterion_dir = criterion_dir();
    let mut timer = CriterionTimer {
        // The interval of a variant timed in rounds is the suite's own bootstrap over the
        // pooled samples (`timing::pool`); Criterion's own serves a single round.
        criterion: Criterion::default()
            .output_directory(&criterion_dir)
            .nresamples(20_000)
            .without_plots()
            .with_output_color(std::io::IsTerminal::is_terminal(&std::io::stdout())),
        criterion_dir,
        mode: args.mode,
        verbose: args.verbose,
        progress: Progress::new(args.mode, &workloads, &passes, previous.as_ref()),
        last_samples: None,
    };

    eprintln!(
        "[0/{}] harness: embedded call overhead, calibration kernels",
        workloads.len()
    );
    let overhead = timer
        .call_overhead()
        .context("measuring the embedded call overhead")?;
    keeper.update(|_, environment| environment.call_overhead_ns = Some(overhead.median));
    // After the call-overhead benchmark, so that the machine is busy and warm: timed straight
    // after start-up, an idle machine's first seconds run slower and would read as drift.
    match timing::calibrate() {
        Ok((rust, python)) => keeper.update(|_, environment| {
            environment.calibration = Some(Calibration {
                rust_start_ns: rust,
                python_start_ns: python,
                ..Calibration::default()
            })
        }),
        Err(e) => eprintln!(
            "  warning: the calibration kernels failed, so the run has no noise figure: {e}"
        ),
    }

    for (i, workload) in workloads.iter().enumerate() {
        let n = workload.sizes().for_mode(args.mode);
        let parallel = workload.variants().iter().filter(|v| v.is_parallel());
        timer.progress.workload_started();
        eprintln!(
            "[{}/{}] {} (n={n}): verifying {} variants{}, then timing; {}",
            i + 1,
            workloads.len(),
            workload.name(),
            workload.variants().len(),
            match parallel.count() {
                0 => String::new(),
                p => format!(" ({p} parallel, at {worker_counts:?} workers)"),
            },
            timer.progress.left_text()
        );
        let results = suite::run_workload(*workload, args.mode, &worker_counts, &mut timer);
        timer.progress.workload_finished();
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

    // The passes borrow the timer; the progress goes on without it.
    let mut progress = std::mem::replace(
        &mut timer.progress,
        Progress::new(args.mode, &[], &[], None),
    );
    let binaries = Binaries {
        cli: PathBuf::from(env!("CARGO_BIN_EXE_pyrust-bench")),
        minimal_cli: PathBuf::from(env!("CARGO_BIN_EXE_minimal-cli")),
    };
    let interpreters = speed::interpreters::requested(args.interpreters.as_deref());
    let mut context = PassContext {
        mode: args.mode,
        worker_counts: &worker_counts,
        timer: &mut timer,
        binaries: &binaries,
        notes: Vec::new(),
        interpreters: &interpreters,
    };
    let mut failed_passes = Vec::new();
    for pass in suite::selected_passes(&passes) {
        progress.pass_started(pass.name());
        eprintln!(
            "[{}] {}; {}",
            pass.name(),
            pass.describe(&context),
            progress.left_text()
        );
        match pass.measure(&mut context) {
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

    // The calibration again, and the load: how much the machine changed during the run.
    let calibrated = timing::calibrate();
    keeper.update(|_, environment| {
        if let (Some(c), Ok((rust, python))) = (environment.calibration.as_mut(), &calibrated) {
            (c.rust_end_ns, c.python_end_ns) = (Some(*rust), Some(*python));
        }
        if let Some(machine) = environment.machine.as_mut() {
            machine.load_end = machine::load_average();
        }
    });
    let untimed = suite::Untimed::of(&keeper.results());
    let finished = keeper.finish()?;
    eprintln!(
        "\nwrote {}, {} and {} charts; {}",
        finished.results_path.display(),
        finished.report.report.display(),
        finished.report.charts.len() * 2,
        progress.summary()
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
