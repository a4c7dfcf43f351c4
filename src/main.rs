//! The `pyrust-bench` command: list the workloads, verify that every variant computes the
//! same output, regenerate the charts and report from a results file alone, compare two
//! results files, export one for benchmark trackers, merge several into one report, and
//! measure the peak heap of the variants (`peaks`, which the bench runs in this process of
//! its own). (Timing is `cargo bench`'s job: see `benches/suite/`.)
//!
//! This binary installs the counting allocator for `peaks`; counting is off outside its
//! measuring windows. The bench that Criterion times never installs it.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use pyrust_bench::alloc::CountingAllocator;
use pyrust_bench::claims::memory_footprint::peaks;
use pyrust_bench::results::{Status, environment, store};
use pyrust_bench::workload::{self, WORKLOADS};
use pyrust_bench::{compare, export, merge, py, report, suite, verify};

/// Counts the Rust heap for `peaks`.
#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator::new();

#[derive(Parser)]
#[command(version, about = "Tests the performance claims of a \"Python vs Rust\" article by measurement.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Every workload with its category, variants and sizes.
    List,
    /// Run every variant at a small n and check that its output equals the rust variant's.
    Verify {
        /// Only the workloads whose names contain this.
        filter: Option<String>,
    },
    /// The environment results are recorded with: machine, toolchain, the embedded Python
    /// (and whether it is the one PyO3 built against), and the optional packages it can import.
    Env,
    /// Regenerate the charts and REPORT.md from a results file, without running anything.
    Report {
        /// The results file [default: results/latest.json, or $PYRUST_RESULTS_DIR/latest.json]
        #[arg(long)]
        results: Option<PathBuf>,
        /// Where to write REPORT.md and charts/ [default: the results file's folder]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// What changed from BASE to NEW: every entry's NEW ÷ BASE with an interval, marked faster,
    /// slower or no significant change; the python/rust ratios before and after; the verdicts
    /// that changed; the entries only one file has. Exit 1 with --fail-on-regression when an
    /// entry is significantly slower.
    Compare {
        /// The results file to compare against (e.g. main's latest.json).
        base: PathBuf,
        /// The results file to judge.
        new: PathBuf,
        /// A change under this many % is not significant, even with disjoint intervals.
        #[arg(long, default_value_t = compare::DEFAULT_THRESHOLD_PCT, value_parser = threshold)]
        threshold: f64,
        /// Text for a terminal, or Markdown (e.g. for $GITHUB_STEP_SUMMARY).
        #[arg(long, value_enum, default_value_t = compare::render::Format::Text)]
        format: compare::render::Format,
        /// Exit 1 when some entry is significantly slower than the threshold allows.
        #[arg(long)]
        fail_on_regression: bool,
    },
    /// A results file in a benchmark tracker's format: bmf (Bencher), github-action-benchmark
    /// (customSmallerIsBetter) or csv.
    Export {
        /// bmf, github-action-benchmark or csv.
        #[arg(long, value_parser = export_format)]
        format: &'static dyn export::Export,
        /// The results file [default: results/latest.json, or $PYRUST_RESULTS_DIR/latest.json]
        #[arg(long)]
        results: Option<PathBuf>,
        /// Where to write it [default: standard output].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Several results files (machines, operating systems, Python versions) in one report:
    /// OUT/merged.json, OUT/REPORT.md, OUT/VERDICTS.md and OUT/charts/runs.{svg,png}.
    Merge {
        /// Two or more results files.
        #[arg(num_args = 2.., required = true)]
        files: Vec<PathBuf>,
        /// The folder to write into.
        #[arg(long)]
        out: PathBuf,
    },
    /// The peak heap of one call of each variant, as one JSON line: Rust's through this
    /// binary's counting allocator, Python's through tracemalloc. `cargo bench` runs it after
    /// timing each workload, so that the timed process carries no counting allocator.
    Peaks {
        /// The workload.
        workload: String,
        /// Its size [default: the size `verify` uses].
        #[arg(long)]
        n: Option<u64>,
        /// The variants [default: every single-thread variant but c].
        variants: Vec<String>,
    },
}

fn list() {
    let variants: Vec<String> = WORKLOADS
        .iter()
        .map(|w| {
            let ids: Vec<_> = w.variants().iter().map(|v| v.id()).collect();
            ids.join(",")
        })
        .collect();
    let width = variants.iter().map(String::len).max().unwrap_or(8);
    println!(
        "{:<19} {:<18} {:<width$} {:>8} {:>8} {:>8}  description",
        "workload", "category", "variants", "verify", "quick", "full"
    );
    for (w, variants) in WORKLOADS.iter().zip(&variants) {
        let s = w.sizes();
        println!(
            "{:<19} {:<18} {variants:<width$} {:>8} {:>8} {:>8}  {}",
            w.name(),
            w.category(),
            s.verify,
            s.quick,
            s.full,
            w.description()
        );
    }
}

/// Prints the equivalence table; fails when any variant does not match.
fn verify(filter: Option<&str>) -> anyhow::Result<ExitCode> {
    let workloads = suite::select(WORKLOADS, filter)?;
    let info = py::interpreter_info()?;
    println!("CPython {} ({})", info.version, info.build_executable);
    if let Some(warning) = &info.warning {
        eprintln!("warning: {warning}");
    }
    println!(
        "{:<19} {:<17} {:>8}  {:<8} output",
        "workload", "variant", "n", "status"
    );
    let (mut failures, mut notes) = (Vec::new(), Vec::new());
    let worker_counts = workload::worker_counts(workload::available_cores());
    for w in workloads {
        let n = w.sizes().verify;
        for check in verify::check_workload(w, n, &worker_counts) {
            let output = check
                .output
                .as_ref()
                .map_or("–".to_string(), |o| o.summary());
            println!(
                "{:<19} {:<17} {:>8}  {:<8} {output}",
                w.name(),
                check.label(),
                n,
                check.status.id()
            );
            match check.status {
                Status::Ok => {}
                Status::Skipped => notes.push(check.message.unwrap_or_default()),
                Status::Mismatch | Status::Error => {
                    failures.push(check.message.unwrap_or_default())
                }
            }
        }
    }
    for message in &notes {
        eprintln!("\nskipped: {message}");
    }
    for message in &failures {
        eprintln!("\n{message}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn env() -> anyhow::Result<ExitCode> {
    let environment = environment::collect()?;
    println!("{}", serde_json::to_string_pretty(&environment)?);
    println!("optional packages (for some python_c variants):");
    for (name, version) in py::optional_packages()? {
        match version {
            Some(v) => println!("  {name} {v}"),
            None => println!(
                "  {name}: not installed; install it with `{} -m pip install {name}`",
                py::interpreter_executable()
            ),
        }
    }
    if let Some(warning) = &environment.python.warning {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

fn report(results: Option<PathBuf>, out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = results.unwrap_or_else(|| store::results_dir().join(store::LATEST));
    let mut file = store::load(&path)?;
    // Verdicts are derived data: recompute them with this version's rules.
    file.claims = pyrust_bench::claims::evaluate(&file);
    let out = out.unwrap_or_else(|| path.parent().map(PathBuf::from).unwrap_or_default());
    let written = report::write_all(&file, &out)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    println!("wrote {}", written.report.display());
    for chart in &written.charts {
        println!("wrote {} and {}", chart.svg.display(), chart.png.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `--threshold`: a percentage from 0 to 1000.
fn threshold(value: &str) -> Result<f64, String> {
    match value.trim_end_matches('%').parse::<f64>() {
        Ok(pct) if (0.0..=1000.0).contains(&pct) => Ok(pct),
        _ => Err(format!(
            "{value:?} is not a percentage from 0 to 1000, e.g. 5"
        )),
    }
}

/// `--format` of `export`: one of [`export::EXPORTS`].
fn export_format(value: &str) -> Result<&'static dyn export::Export, String> {
    export::find(value).ok_or_else(|| {
        let valid: Vec<String> = export::EXPORTS
            .iter()
            .map(|e| format!("{} ({})", e.id(), e.describe()))
            .collect();
        format!("{value:?} is not a format; valid: {}", valid.join(", "))
    })
}

/// A results file as the heading of a comparison names it: `base.json (quick mode, 2026-12-01)`.
fn side(path: &std::path::Path, file: &pyrust_bench::results::ResultsFile) -> String {
    format!(
        "{} ({} mode, {})",
        path.display(),
        file.mode,
        file.generated_at.chars().take(10).collect::<String>()
    )
}

fn compare(
    base_path: PathBuf,
    new_path: PathBuf,
    threshold: f64,
    format: compare::render::Format,
    fail_on_regression: bool,
) -> anyhow::Result<ExitCode> {
    let base = store::load(&base_path)?;
    let new = store::load(&new_path)?;
    let comparison = compare::compare(&base, &new, threshold).with_context(|| {
        format!(
            "comparing {} with {}",
            new_path.display(),
            base_path.display()
        )
    })?;
    let sides = compare::render::Sides {
        base: &side(&base_path, &base),
        new: &side(&new_path, &new),
    };
    print!("{}", compare::render::render(&comparison, &sides, format));
    if fail_on_regression && comparison.regressed() {
        eprintln!(
            "pyrust-bench compare: {} entr{} significantly slower than BASE (threshold {threshold}%)",
            comparison.count(compare::Change::Slower),
            if comparison.count(compare::Change::Slower) == 1 {
                "y is"
            } else {
                "ies are"
            }
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    format: &dyn export::Export,
    results: Option<PathBuf>,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let path = results.unwrap_or_else(|| store::results_dir().join(store::LATEST));
    let file = store::load(&path)?;
    let rendered = format.render(&file);
    match out {
        Some(out) => {
            store::write_atomic(&out, rendered.as_bytes())?;
            eprintln!("wrote {} ({})", out.display(), format.describe());
        }
        None => print!("{rendered}"),
    }
    Ok(ExitCode::SUCCESS)
}

fn merge(files: &[PathBuf], out: &std::path::Path) -> anyhow::Result<ExitCode> {
    let merged = merge::load_runs(files)?;
    let written = merge::write_all(&merged, out)
        .with_context(|| format!("writing the merged report to {}", out.display()))?;
    for run in &merged.runs {
        println!("run {:?}: {}", run.label, run.source);
    }
    for path in [&written.merged, &written.report, &written.verdicts] {
        println!("wrote {}", path.display());
    }
    println!(
        "wrote {} and {}",
        written.chart.svg.display(),
        written.chart.png.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn peaks(name: &str, n: Option<u64>, variants: &[String]) -> anyhow::Result<ExitCode> {
    let w = workload::find(name).with_context(|| {
        let valid: Vec<_> = WORKLOADS.iter().map(|w| w.name()).collect();
        format!(
            "no workload is named {name:?}; valid names: {}",
            valid.join(", ")
        )
    })?;
    let chosen: Vec<workload::Variant> = if variants.is_empty() {
        w.variants().to_vec()
    } else {
        variants
            .iter()
            .map(|id| {
                w.variants()
                    .iter()
                    .copied()
                    .find(|v| v.id() == id)
                    .with_context(|| format!("{name} has no variant {id:?}"))
            })
            .collect::<anyhow::Result<_>>()?
    };
    let n = n.unwrap_or(w.sizes().verify);
    let measured = peaks::measure(w, n, &chosen, &|run| {
        let ((), peak) = ALLOCATOR.measure_peak(run);
        peak as u64
    });
    println!("{}", serde_json::to_string(&measured)?);
    Ok(ExitCode::SUCCESS)
}

fn run() -> anyhow::Result<ExitCode> {
    // Count only inside `peaks`' measuring windows.
    ALLOCATOR.set_counting(false);
    match Cli::parse().command {
        Command::List => {
            list();
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { filter } => verify(filter.as_deref()),
        Command::Env => env(),
        Command::Report { results, out } => report(results, out),
        Command::Compare {
            base,
            new,
            threshold,
            format,
            fail_on_regression,
        } => compare(base, new, threshold, format, fail_on_regression),
        Command::Export {
            format,
            results,
            out,
        } => export(format, results, out),
        Command::Merge { files, out } => merge(&files, &out),
        Command::Peaks {
            workload,
            n,
            variants,
        } => peaks(&workload, n, &variants),
    }
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
