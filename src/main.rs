//! The `pyrust-bench` command: list the workloads, verify that every variant computes the
//! same output, regenerate the charts and report from a results file alone, and measure the
//! peak heap of the variants (`peaks`, which the bench runs in this process of its own).
//! (Timing is `cargo bench`'s job: see `benches/suite/`.)
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
use pyrust_bench::{py, report, suite, verify};

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
