//! The results file, schema_version 1: the data model every renderer reads. It documents each
//! field and knows nothing of charts or reports.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::SourceLines;
use super::machine::Machine;
use super::passes::{
    ApiServers, Boundary, Footprint, InterpreterId, Interpreters, Multicore, Pauses, RustTools,
};
use crate::py::PythonInfo;
use crate::workload::{Category, Mode, Variant};

/// The schema version this crate writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// `results/latest.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultsFile {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// When the file was written (RFC 3339, UTC).
    pub generated_at: String,
    /// The run mode of the most recent run that wrote to this file.
    pub mode: Mode,
    /// The machine, toolchain and interpreter the figures were measured with.
    pub environment: Environment,
    /// One entry per workload and variant, in registry order.
    pub results: Vec<BenchResult>,
    /// One entry per claim of the article, with a verdict computed from `results`.
    pub claims: Vec<Claim>,
    /// Lines of code per workload: the proxy behind claim `dev-speed`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_lines: BTreeMap<String, SourceLines>,
    /// The cost of crossing from Python into Rust: the evidence of claim `hybrid-pyo3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<Boundary>,
    /// Cycle-collector pauses against Rust latency: the evidence of claim `no-gc-pauses`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pauses: Option<Pauses>,
    /// Bytes per element, start-up and binary size: with `peak_bytes`, the evidence of claim
    /// `memory-footprint`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footprint: Option<Footprint>,
    /// Python pool start-up costs: with the parallel variants' results, the evidence of claim
    /// `multicore`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multicore: Option<Multicore>,
    /// The `python` and `python_c` variants under other interpreters (PyPy, other CPython
    /// versions), timed by the standalone runner: the evidence of "Which Python?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreters: Option<Interpreters>,
    /// Ruff and Polars against their Python alternatives, as whole processes: the evidence of
    /// claim `rust-tools-10-100x`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_tools: Option<RustTools>,
    /// The article's web frameworks under load, and the servers each needs: the evidence of
    /// claim `api-servers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_servers: Option<ApiServers>,
}

impl ResultsFile {
    /// A file of `results`, with no claims and no pass measurements yet. (Every field that is
    /// not given here is empty by default, so a new optional field needs no line here.)
    pub fn new(
        generated_at: String,
        mode: Mode,
        environment: Environment,
        results: Vec<BenchResult>,
    ) -> Self {
        ResultsFile {
            schema_version: SCHEMA_VERSION,
            generated_at,
            mode,
            environment,
            results,
            ..ResultsFile::default()
        }
    }
}

impl ResultsFile {
    /// Every entry: the embedded interpreter's (`results`), then those the standalone runner
    /// timed under other interpreters (`interpreters.results`).
    pub fn every_result(&self) -> impl Iterator<Item = &BenchResult> {
        let others = self.interpreters.as_ref().map(|i| i.results.as_slice());
        self.results.iter().chain(others.unwrap_or_default())
    }
}

/// Where the figures were measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Environment {
    /// CPU model name.
    pub cpu: String,
    /// Logical cores available to the process.
    pub cores: usize,
    /// Operating system and kernel.
    pub os: String,
    /// `rustc --version` of the compiler that built the harness.
    pub rustc: String,
    /// Cargo profile settings the Rust variants were built with.
    pub profile: Value,
    /// The interpreter that ran the Python variants.
    pub python: PythonInfo,
    /// PyO3 version.
    pub pyo3: String,
    /// Criterion version.
    pub criterion: String,
    /// The C compiler of the `c` reference variants.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub c_compiler: String,
    /// Median cost of calling an empty Python function from Rust, in ns: part of every
    /// Python timing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_overhead_ns: Option<f64>,
    /// Wall-clock duration of the run that wrote this file, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite_seconds: Option<f64>,
    /// The CPU in detail, the kernel, and the load before and after the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<Machine>,
    /// Fixed Rust and Python kernels timed at the start and at the end of the run: their drift
    /// is a noise figure for the whole run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

/// The calibration kernels' times (median of a few calls each), at the start and at the end of
/// a run, in ns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub rust_start_ns: f64,
    pub python_start_ns: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_end_ns: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python_end_ns: Option<f64>,
}

/// Calibration drift above this, in %, makes the report warn that the machine's speed changed
/// during the run.
pub const NOISE_WARNING_PCT: f64 = 5.0;

impl Calibration {
    /// How much slower (positive) or faster each kernel ran at the end than at the start, in
    /// %: `(rust, python)`, when both ends were timed.
    pub fn drift_pct(&self) -> Option<(f64, f64)> {
        let pct = |start: f64, end: f64| 100.0 * (end / start - 1.0);
        Some((
            pct(self.rust_start_ns, self.rust_end_ns?),
            pct(self.python_start_ns, self.python_end_ns?),
        ))
    }

    /// The larger drift of the two, in % (its absolute value): the run's noise figure.
    pub fn noise_pct(&self) -> Option<f64> {
        self.drift_pct().map(|(r, p)| r.abs().max(p.abs()))
    }
}

/// The outcome of one workload variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchResult {
    pub workload: String,
    pub category: Category,
    pub variant: Variant,
    /// The size parameter.
    pub n: u64,
    pub status: Status,
    /// Why the status is not `ok`.
    pub message: Option<String>,
    /// Criterion's median time per call, and its 95% confidence interval, in ns. Absent
    /// unless `status` is `ok`.
    pub median_ns: Option<f64>,
    pub ci_low_ns: Option<f64>,
    pub ci_high_ns: Option<f64>,
    /// The variant's output (shortened, see `Output::summary`).
    pub output: Option<String>,
    /// The run mode this entry was measured in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// Peak heap of one call, in bytes, measured in a pass of its own after timing: the Rust
    /// heap through a counting allocator, Python's through `tracemalloc` (both for `hybrid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_bytes: Option<u64>,
    /// The pool size of a parallel variant (`rust_par`, `python_threads`, `python_procs`),
    /// which appears once per pool size; absent for the single-thread variants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workers: Option<u32>,
    /// In full mode, the median of each of the interleaved rounds the variant was timed in,
    /// in ns (`median_ns` pools their samples); absent for a variant timed once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounds_ns: Option<Vec<f64>>,
    /// The interpreter of an entry timed by the standalone runner (in
    /// `interpreters.results`); absent for the embedded interpreter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter: Option<InterpreterId>,
    /// The first call's time, in ns, before any warm-up: the cold call. For `python_jit` it
    /// includes Numba's compilation; under a JIT interpreter, its warm-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_call_ns: Option<f64>,
    /// The warm-up calls the standalone runner made before timing (until two in a row agreed
    /// within 5%, or its warm-up time was spent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warmup_calls: Option<u32>,
}

/// The single-thread entries of a results list by workload and variant: `results::find` in constant
/// time, for rules that look up every workload (files can hold 100,000 entries).
pub struct Index<'a> {
    entries: HashMap<(&'a str, Variant), &'a BenchResult>,
}

impl<'a> Index<'a> {
    pub fn new(results: &'a [BenchResult]) -> Self {
        let mut entries = HashMap::new();
        for r in results.iter().filter(|r| r.workers.is_none()) {
            entries.entry((r.workload.as_str(), r.variant)).or_insert(r);
        }
        Index { entries }
    }

    /// The entry of `variant` of `workload`, as `results::find` gives it.
    pub fn get(&self, workload: &str, variant: Variant) -> Option<&'a BenchResult> {
        self.entries.get(&(workload, variant)).copied()
    }
}

/// The entry of one single-thread variant of one workload, if there is one.
pub fn find<'a>(
    results: &'a [BenchResult],
    workload: &str,
    variant: Variant,
) -> Option<&'a BenchResult> {
    results
        .iter()
        .find(|r| r.workload == workload && r.variant == variant && r.workers.is_none())
}

impl BenchResult {
    /// How tables name the entry: `python`, or `python_procs×2` for a parallel variant.
    pub fn label(&self) -> String {
        self.variant.label(self.workers)
    }

    /// The entry's name, unique in a results file and stable from run to run, as comparisons
    /// and exports key it: `workload/variant/n`, e.g. `nbody/python/100000`, with the pool size
    /// of a parallel variant (`sort/rust_par×2/200000`) and the interpreter of an entry the
    /// standalone runner timed (`nbody/python [PyPy 3.9.16]/100000`).
    pub fn name(&self) -> String {
        match &self.interpreter {
            Some(id) => format!(
                "{}/{} [{}]/{}",
                self.workload,
                self.label(),
                id.label(),
                self.n
            ),
            None => format!("{}/{}/{}", self.workload, self.label(), self.n),
        }
    }

    /// The timing, if this variant was timed.
    pub fn timing(&self) -> Option<Timing> {
        match (self.status, self.median_ns, self.ci_low_ns, self.ci_high_ns) {
            (Status::Ok, Some(median), Some(low), Some(high)) => Some(Timing { median, low, high }),
            _ => None,
        }
    }
}

/// A median and its confidence interval, in ns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

/// Whether a variant was timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Verified and timed.
    Ok,
    /// Its output differs from the `rust` variant's: the workload was not timed.
    Mismatch,
    /// It failed (e.g. Python raised): the workload was not timed.
    Error,
    /// It could not run here (e.g. an optional package is missing).
    Skipped,
}

impl Status {
    /// The identifier used in results and tables.
    pub fn id(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Mismatch => "mismatch",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }
}

/// A claim of the article and what the measurements say of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// e.g. `speed-10-100x`.
    pub id: String,
    pub verdict: Verdict,
    /// One sentence with the figure.
    pub summary: String,
    /// The figures behind the verdict.
    pub evidence: Value,
}

/// What the measurements say of a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Holds,
    Partly,
    Fails,
    NotMeasured,
}

impl Verdict {
    /// The identifier used in results and reports.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Holds => "holds",
            Verdict::Partly => "partly",
            Verdict::Fails => "fails",
            Verdict::NotMeasured => "not-measured",
        }
    }
}
