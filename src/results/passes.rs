//! What the claims' passes store in the results file: one optional field of
//! [`super::ResultsFile`] each, defined here, below the claims that fill and read them, so
//! that the schema imports no claim. A claim that stores new data adds its type here and one
//! optional field to the schema.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::schema::{BenchResult, Status};

/// Boundary probes and the break-even series, timed by Criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boundary {
    /// One entry per probe (calls, arguments of several sizes).
    pub probes: Vec<ProbeResult>,
    /// Sum of squares over a `list[float]`: pure Python against the Rust kernel, per size.
    pub break_even: Vec<BreakEvenPoint>,
}

/// One boundary probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeResult {
    /// e.g. `loop_rust_noop`, `rust_sum_floats`.
    pub probe: String,
    /// What it measures, in words.
    pub label: String,
    /// Elements in the argument (or calls made per timed iteration, for loops).
    pub n: u64,
    /// Calls from Python into Rust (or Python) per timed iteration.
    pub calls: u64,
    /// Median time per timed iteration and its 95% confidence interval, in ns.
    pub median_ns: f64,
    pub ci_low_ns: f64,
    pub ci_high_ns: f64,
}

/// One size of the break-even series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakEvenPoint {
    /// Elements in the list.
    pub n: u64,
    /// Median ns of pure Python and of the hybrid call.
    pub python_ns: f64,
    pub hybrid_ns: f64,
}

/// The pause measurements of every probed workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pauses {
    pub workloads: Vec<PauseWorkload>,
}

/// One workload under the three regimes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PauseWorkload {
    /// `binary_trees` or `service_loop`.
    pub workload: String,
    /// What one operation is (e.g. "one request", "one tree built and checked").
    pub operation: String,
    /// Operations per run.
    pub operations: u64,
    /// Python with the cycle collector on.
    pub python_gc_on: PythonRun,
    /// Python with `gc.disable()` for the run.
    pub python_gc_off: PythonRun,
    /// Rust, the same work.
    pub rust: Latency,
}

/// One Python run: its duration, its operations' latency, and the collector's pauses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonRun {
    /// Wall time of the whole run, in ns.
    pub run_ns: f64,
    /// Per-operation latency.
    pub latency: Latency,
    /// Every cycle-collector pause, in ns, in order.
    pub pauses_ns: Vec<f64>,
    /// Peak traced Python memory of a separate, identical run (tracemalloc), in bytes.
    #[serde(default)]
    pub peak_bytes: Option<u64>,
}

impl PythonRun {
    /// The time spent in collections, in ns.
    pub fn paused_ns(&self) -> f64 {
        self.pauses_ns.iter().sum()
    }

    /// The share of the run spent in collections, from 0 to 1.
    pub fn paused_share(&self) -> f64 {
        if self.run_ns > 0.0 {
            self.paused_ns() / self.run_ns
        } else {
            0.0
        }
    }
}

/// A latency distribution: summary percentiles, plus a sorted sample for the CDF chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Latency {
    pub p50_ns: f64,
    pub p99_ns: f64,
    pub p999_ns: f64,
    pub max_ns: f64,
    /// Up to a few hundred quantiles (sorted ascending) of the per-operation latency.
    pub quantiles_ns: Vec<f64>,
}

/// How many steps [`Latency::quantiles_ns`] divides the distribution into: it holds the
/// `k / QUANTILES` quantile for every `k` in `0..=QUANTILES`, from the minimum to the maximum.
pub const QUANTILES: u64 = 200;

impl Latency {
    /// Summarises a sample of latencies, in ns, by the nearest-rank method: the `p` quantile
    /// is the smallest value that at least a share `p` of the sample does not exceed. An empty
    /// sample gives zeros and no quantiles.
    pub fn from_sample(mut sample_ns: Vec<u64>) -> Latency {
        sample_ns.sort_unstable();
        let sorted = &sample_ns;
        if sorted.is_empty() {
            return Latency {
                p50_ns: 0.0,
                p99_ns: 0.0,
                p999_ns: 0.0,
                max_ns: 0.0,
                quantiles_ns: Vec::new(),
            };
        }
        Latency {
            p50_ns: nearest_rank(sorted, 500, 1000),
            p99_ns: nearest_rank(sorted, 990, 1000),
            p999_ns: nearest_rank(sorted, 999, 1000),
            max_ns: nearest_rank(sorted, 1, 1),
            quantiles_ns: (0..=QUANTILES)
                .map(|k| nearest_rank(sorted, k, QUANTILES))
                .collect(),
        }
    }
}

/// The `numerator / denominator` quantile of a sorted, non-empty sample, by nearest rank
/// (integer arithmetic, so that 0.99 × 100 is rank 99, not 100); the 0 quantile is the minimum.
fn nearest_rank(sorted: &[u64], numerator: u64, denominator: u64) -> f64 {
    let n = sorted.len() as u64;
    let rank = (numerator * n).div_ceil(denominator).max(1);
    sorted[(rank - 1) as usize] as f64
}

/// What the memory pass measured besides per-variant peaks (those live on each result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    /// Bytes per element of one million records, per structure.
    pub per_element: Vec<PerElement>,
    /// Whole-process start-up times.
    pub startup: Vec<Startup>,
    /// The release binary of the `pyrust-bench` CLI, in bytes.
    pub binary_bytes: Option<u64>,
    /// A minimal Rust CLI (`src/bin/minimal-cli.rs`), in bytes.
    pub minimal_binary_bytes: Option<u64>,
}

/// Bytes per element of one structure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerElement {
    /// e.g. "Python list of objects", "Python list of dicts", "Rust Vec<struct>".
    pub structure: String,
    pub language: String,
    pub elements: u64,
    pub bytes_per_element: f64,
}

/// Start-up time of one whole process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Startup {
    /// e.g. "minimal Rust CLI", "python3 -c pass", "python3 importing pyrust_workloads.nbody".
    pub program: String,
    /// The command line.
    pub command: String,
    pub runs: u32,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

/// What the multicore pass measured besides the workloads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Multicore {
    /// The cost of a pool before any work, per kind and pool size.
    pub startup: Vec<PoolStartup>,
}

/// Starting a Python pool, one empty task per worker, shutting it down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolStartup {
    /// `threads` or `procs`.
    pub kind: String,
    pub workers: u32,
    /// Median and 95% confidence interval, in ns.
    pub median_ns: f64,
    pub ci_low_ns: f64,
    pub ci_high_ns: f64,
}

/// The Python variants under other interpreters, timed by the standalone runner
/// (`python/pyrust_workloads/_runner.py`): the evidence of "Which Python?".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interpreters {
    /// Every interpreter the pass tried, in the order it ran them.
    pub interpreters: Vec<InterpreterRun>,
    /// One entry per interpreter, workload and variant, each with its `interpreter`.
    pub results: Vec<BenchResult>,
    /// The check on the embedding: each `python` variant timed in the embedded interpreter
    /// and by a runner under the embedded interpreter's own executable, one call each by
    /// turns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embedding_check: Vec<PairedTimes>,
}

/// One variant timed in the embedded interpreter and in a process of its own, by turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedTimes {
    pub workload: String,
    pub n: u64,
    /// The median of the in-process calls, in ns.
    pub embedded_ns: f64,
    /// The median of the runner's calls, in ns.
    pub standalone_ns: f64,
    /// The median of the pairs' standalone ÷ embedded ratios.
    pub ratio: f64,
    /// How many pairs of calls were timed, one call on each side by turns.
    pub pairs: u32,
}

/// The interpreter of a result timed by the standalone runner.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InterpreterId {
    /// `CPython` or `PyPy` (`platform.python_implementation()`).
    pub implementation: String,
    /// The Python language version, e.g. `3.9.16` (`platform.python_version()`).
    pub version: String,
    /// Its `sys.executable`.
    pub executable: String,
}

impl InterpreterId {
    /// How tables and charts name it: `PyPy 3.9.16`.
    pub fn label(&self) -> String {
        format!("{} {}", self.implementation, self.version)
    }
}

/// Why an interpreter is in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterpreterRole {
    /// The embedded interpreter's own executable: the runner's results there check the
    /// embedding (standalone ÷ embedded should be 1).
    EmbeddedExecutable,
    /// `pypy3`, found on `PATH`.
    OnPath,
    /// Named in `PYRUST_INTERPRETERS` or `--interpreters`.
    Requested,
}

/// One interpreter the pass tried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterpreterRun {
    /// The path it was asked to run.
    pub path: String,
    pub role: InterpreterRole,
    /// What it said it is; absent when it could not describe itself.
    pub id: Option<InterpreterId>,
    /// PyPy's own version, e.g. `7.3.11`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pypy_version: Option<String>,
    /// Whether it is a free-threaded build (`Py_GIL_DISABLED`).
    #[serde(default)]
    pub gil_disabled: bool,
    /// `ok` when it ran the variants (each has its own status), `error` when it did not start.
    pub status: Status,
    pub message: Option<String>,
    /// How long the pass spent on it, in s.
    pub seconds: f64,
}

/// What the pass `rust-tools` measured: Ruff and Polars against pyflakes, pycodestyle, Black
/// and pandas, each run as a whole process: the evidence of claim `rust-tools-10-100x`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RustTools {
    /// Why nothing was measured (the tools could not be installed), with the command that
    /// installs them; absent when the tools ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// The virtualenv's interpreter and every tool's version, by package name.
    #[serde(default)]
    pub versions: BTreeMap<String, String>,
    /// The linters' and formatters' input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corpus: Option<ToolCorpus>,
    /// The DataFrame libraries' input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tpch: Option<TpchData>,
    /// Timed runs per tool, after one warm-up run.
    #[serde(default)]
    pub runs: u32,
    /// One entry per comparison, in the order they ran.
    #[serde(default)]
    pub comparisons: Vec<ToolComparison>,
}

/// The standard library the linters and formatters read, and the samples taken from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCorpus {
    /// Its `Lib/` folder, and the version of the interpreter it belongs to.
    pub stdlib: String,
    pub python: String,
    /// `.py` files found, before exclusions.
    pub candidates: u64,
    /// Deliberately broken test data every linter excludes (`badsyntax_*`, …).
    pub excluded_broken: u64,
    /// Files the interpreter could not compile (encoding, syntax), excluded on both sides.
    pub excluded_unparseable: Vec<String>,
    /// What the linters read.
    pub lint: CorpusSample,
    /// What the formatters read.
    pub format: CorpusSample,
}

/// Every `stride`-th file of the standard library, in path order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusSample {
    pub files: u64,
    pub lines: u64,
    pub stride: u64,
    /// The lines of every usable file, of which this is a sample.
    pub of_lines: u64,
}

/// The TPC-H tables, generated by `tpchgen-cli`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TpchData {
    pub scale: f64,
    /// Rows per table.
    pub rows: BTreeMap<String, u64>,
}

/// One Rust tool against its Python alternative on one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolComparison {
    /// e.g. `lint-pyflakes`, `format-black`, `tpch-q1`.
    pub id: String,
    /// `lint`, `format` or `dataframe`.
    pub kind: String,
    /// The input, in words ("TPC-H Q3 at scale 0.5").
    pub input: String,
    pub rust_tool: String,
    pub python_tool: String,
    /// `ok` when every tool ran and they agree; `mismatch` when the results differ (not
    /// timed); `error` when a tool failed for a reason other than its findings.
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The timed runs of each tool, in the order they ran each round.
    #[serde(default)]
    pub tools: Vec<ToolRuns>,
    /// How far the linters' findings or the formatters' output agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Agreement>,
}

/// Which side of a comparison a tool run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolRole {
    /// The Rust tool as users run it: every core, its query planner.
    Rust,
    /// The Rust tool on one thread (`RAYON_NUM_THREADS=1`, `POLARS_MAX_THREADS=1`).
    RustOneThread,
    /// Polars' eager API on one thread: its kernels, without the planner.
    RustEagerOneThread,
    /// The Python alternative.
    Python,
}

/// The runs of one tool: wall time, and CPU time (user + system, from `wait4`) of the
/// process and its children, in ns, one entry per round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolRuns {
    pub role: ToolRole,
    /// The command line, as a user would type it.
    pub command: String,
    pub wall_ns: Vec<f64>,
    pub cpu_ns: Vec<f64>,
    /// The work alone, as the process measured it after its imports (the query processes
    /// report it), in ns, one entry per round.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inner_ns: Vec<f64>,
}

/// How far two tools' output agree: findings as (file, line, code) sets for linters; for
/// formatters, the lines of Black's output that Ruff leaves as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// What is counted: `findings` or `lines`.
    pub items: String,
    /// Found by both (for formatters: lines formatted alike).
    pub common: u64,
    /// Found only by the Rust tool (for formatters: lines formatted differently).
    pub only_rust: u64,
    /// Found only by the Python tool.
    pub only_python: u64,
    /// Files left out because a tool could not parse them, on both sides.
    pub excluded_files: u64,
    /// The codes (or the rule) the comparison covers.
    #[serde(default)]
    pub codes: Vec<String>,
    /// The codes (for formatters, the files) with the most disagreements, and how many each.
    #[serde(default)]
    pub largest_differences: Vec<(String, u64)>,
    /// Formatters: the files compared, and how many of them the two format differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_differing: Option<u64>,
}

impl Agreement {
    /// The share of the union both sides hold, from 0 to 1 (1 when both are empty).
    pub fn share(&self) -> f64 {
        let union = self.common + self.only_rust + self.only_python;
        if union == 0 {
            1.0
        } else {
            self.common as f64 / union as f64
        }
    }
}

/// What the pass `api-servers` measured: the article's web frameworks under load on this
/// machine, server and load generator on disjoint cores: the evidence of claim
/// `api-servers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiServers {
    /// Why nothing was measured (the frameworks could not be installed or the Rust servers
    /// not built), with the command that fixes it; absent when the servers ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// The virtualenv's interpreter and every framework's and server's version.
    #[serde(default)]
    pub versions: BTreeMap<String, String>,
    /// The cores the servers ran on, and the generator's.
    #[serde(default)]
    pub server_cores: Vec<usize>,
    #[serde(default)]
    pub generator_cores: Vec<usize>,
    /// Seconds of each load step, and of the closed-loop run that finds the maximum.
    #[serde(default)]
    pub step_s: f64,
    /// The p99 objective per endpoint, in ms.
    #[serde(default)]
    pub objectives_ms: BTreeMap<String, f64>,
    /// How the servers-needed figures are sized.
    #[serde(default)]
    pub sizing: ServerSizing,
    /// One entry per framework, in the order they ran.
    #[serde(default)]
    pub frameworks: Vec<FrameworkRun>,
}

/// The server a fleet is counted in, and what is assumed of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerSizing {
    /// Cores per server.
    pub cores: u32,
    /// The share of one core's throughput each further core adds (one 2-core machine cannot
    /// measure it, so it is assumed and stated).
    pub scaling_efficiency: f64,
    /// The fewest servers a fleet has, and the spares it keeps (N+1).
    pub minimum: u32,
    pub spares: u32,
    /// The request rates the fleet is sized for.
    pub rates: Vec<f64>,
    /// A price per core-month, if one was given, for a cost figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core_month_price: Option<f64>,
}

impl Default for ServerSizing {
    fn default() -> Self {
        ServerSizing {
            cores: 4,
            scaling_efficiency: 0.8,
            minimum: 2,
            spares: 1,
            rates: vec![1_000.0, 10_000.0, 100_000.0],
            core_month_price: None,
        }
    }
}

/// One framework's run: whether it served the same bodies, then each endpoint's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkRun {
    /// e.g. `fastapi-uvicorn`.
    pub framework: String,
    /// `python` or `rust`.
    pub language: String,
    /// The HTTP server and its settings, in words.
    pub server: String,
    /// `ok`; `mismatch` (a body differed: nothing was loaded); `error` (it did not start or
    /// died: its stderr's end is in `message`).
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Seconds from spawn to its first answer.
    #[serde(default)]
    pub startup_s: f64,
    #[serde(default)]
    pub endpoints: Vec<EndpointRun>,
}

/// One framework on one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointRun {
    /// `json`, `cpu` or `io`.
    pub endpoint: String,
    /// The path and query sent.
    pub path: String,
    /// Keep-alive connections the generator held.
    pub connections: usize,
    /// The closed loop: as fast as the server answers.
    pub closed: LoadStep,
    /// Server CPU time per answered request in the closed loop, every process of the
    /// server counted, in µs.
    pub cpu_us_per_request: f64,
    /// The open-loop steps, upward, until one missed the objective.
    pub steps: Vec<LoadStep>,
    /// The highest offered rate that met the objective with no errors and ≥ 99% of it
    /// achieved (0 when none did).
    pub sustained_rps: f64,
    /// p99 at that rate, in ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    /// True when the server was not the limit (the generator's CPU or its connections ran
    /// out first): the throughput is then a lower bound and `rps_per_core` comes from the
    /// CPU per request.
    pub generator_limited: bool,
    /// Requests per second one server core serves within the objective.
    pub rps_per_core: f64,
}

/// One load run. Latencies are corrected for coordinated omission in open-loop steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadStep {
    /// The rate offered; absent for the closed loop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offered_rps: Option<f64>,
    pub achieved_rps: f64,
    pub completed: u64,
    pub errors: u64,
    /// Due but never sent before the run's bound.
    #[serde(default)]
    pub unsent: u64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub max_ms: f64,
    /// CPU shares over the run (1.0 = one core busy): the server's processes, the generator.
    pub server_cpu: f64,
    pub generator_cpu: f64,
    /// Whether it met the objective.
    pub met: bool,
}
