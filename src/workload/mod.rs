//! Workloads: the algorithms under test, and the one ordered registry of them.
//!
//! A [`Workload`] is one algorithm with one deterministic input, identified by a snake_case
//! name. It owns its Rust implementation (in `src/workload/<name>.rs`); its Python variants
//! live in `python/pyrust_workloads/<name>.py`, one function per variant, named after the
//! variant (`def python(n)`). Every variant returns an [`Output`] so the harness can check
//! that all of them computed the same thing before any of them is timed.
//!
//! To add a workload: write `src/workload/<name>.rs` and `python/pyrust_workloads/<name>.py`,
//! then add one line to [`WORKLOADS`].
//!
//! A workload may also have the parallel variants ([`Variant::is_parallel`]): `rust_par`
//! through [`Workload::rust_par`], and `python_threads`/`python_procs`, which take the pool
//! size as a last argument. The harness runs them at each of [`worker_counts`].

pub mod binary_trees;
pub mod data;
pub mod fannkuch_redux;
pub mod fasta;
pub mod json_roundtrip;
pub mod k_nucleotide;
pub mod mandelbrot;
pub mod matmul;
pub mod nbody;
pub mod nqueens;
pub mod pidigits;
pub mod regex_redux;
pub mod reverse_complement;
pub mod sha256;
pub mod sort;
pub mod spectral_norm;
pub mod word_frequency;

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
use std::ops::AddAssign;

use serde::{Deserialize, Serialize};

/// The Python package that holds the Python variants, one module per workload.
pub const PACKAGE: &str = "pyrust_workloads";

/// Every workload, in the order the suite runs them and the report lists them.
pub static WORKLOADS: &[&dyn Workload] = &[
    &nbody::NBody,
    &spectral_norm::SpectralNorm,
    &fannkuch_redux::FannkuchRedux,
    &mandelbrot::Mandelbrot,
    &binary_trees::BinaryTrees,
    &fasta::Fasta,
    &nqueens::NQueens,
    &k_nucleotide::KNucleotide,
    &reverse_complement::ReverseComplement,
    &regex_redux::RegexRedux,
    &pidigits::Pidigits,
    &json_roundtrip::JsonRoundtrip,
    &sort::Sort,
    &word_frequency::WordFrequency,
    &matmul::Matmul,
    &sha256::Sha256,
];

/// One algorithm with one deterministic input, implemented in several [`Variant`]s.
pub trait Workload: Sync {
    /// The snake_case identifier, also the name of its Python module.
    fn name(&self) -> &'static str;
    /// Where the idiomatic Python spends its time.
    fn category(&self) -> Category;
    /// One line for `list` and the report.
    fn description(&self) -> &'static str;
    /// The size parameter `n` for each run mode.
    fn sizes(&self) -> Sizes;
    /// The implementations that exist for this workload. `rust` comes first: it is the
    /// reference every other output is compared with.
    fn variants(&self) -> &'static [Variant] {
        &[Variant::Rust, Variant::Python]
    }
    /// Builds the Rust input for size `n` (untimed setup) and returns the timed kernel.
    fn rust(&self, n: u64) -> RustKernel;
    /// The C reference kernel, for workloads whose `variants()` include [`Variant::C`].
    fn c(&self, _n: u64) -> Option<RustKernel> {
        None
    }
    /// The rayon kernel, for workloads whose `variants()` include [`Variant::RustPar`]. It
    /// uses whichever rayon pool it runs in: the harness installs a pool of each worker
    /// count in turn, so the kernel never sizes its own.
    fn rust_par(&self, _n: u64) -> Option<RustKernel> {
        None
    }
    /// The Python module that holds this workload's Python variants.
    fn python_module(&self) -> String {
        format!("{}.{}", PACKAGE, self.name())
    }
}

/// A prepared Rust kernel: calling it does the timed work. Its argument, `finish`, says
/// whether to turn the result into an [`Output`] too: timers pass `false`, so that where that
/// step is real work of its own (a digest of a million sorted values) it stays out of the
/// timing, as a Python module's `canonical` does. Most kernels build their output as part of
/// the work and ignore it ([`RustKernel::new`]).
pub struct RustKernel(Box<dyn FnMut(bool) -> Option<Output> + Send>);

impl RustKernel {
    /// A kernel whose work returns its output.
    pub fn new(mut work: impl FnMut() -> Output + Send + 'static) -> Self {
        Self(Box::new(move |_| Some(work())))
    }

    /// A kernel that returns its output only when asked to `finish`, and `None` otherwise.
    pub fn staged(work: impl FnMut(bool) -> Option<Output> + Send + 'static) -> Self {
        Self(Box::new(work))
    }

    /// Calls the kernel, asking it to `finish` or not.
    #[inline]
    pub fn call(&mut self, finish: bool) -> Option<Output> {
        (self.0)(finish)
    }

    /// The timed part: the work, and the output only if building it is part of the work.
    #[inline]
    pub fn run_timed(&mut self) -> Option<Output> {
        self.call(false)
    }

    /// The work and its output.
    pub fn run(&mut self) -> Output {
        self.call(true)
            .expect("a kernel asked to finish returns its output")
    }
}

/// Looks a workload up by its exact name.
pub fn find(name: &str) -> Option<&'static dyn Workload> {
    WORKLOADS.iter().copied().find(|w| w.name() == name)
}

/// The size parameter of a workload in each run mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Small enough for `verify` and the tests: well under a second in Python.
    pub verify: u64,
    /// `cargo bench -- --quick`.
    pub quick: u64,
    /// `cargo bench`: the python variant takes roughly 50–500 ms.
    pub full: u64,
}

impl Sizes {
    /// The size for a run mode.
    pub fn for_mode(self, mode: Mode) -> u64 {
        match mode {
            Mode::Quick => self.quick,
            Mode::Full => self.full,
        }
    }
}

/// How thoroughly the suite measures; `cargo bench` runs in full mode unless told otherwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Small sizes and short measurement: a smoke test of the whole suite.
    Quick,
    /// The sizes and sample counts the committed results come from.
    #[default]
    Full,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Mode::Quick => "quick",
            Mode::Full => "full",
        })
    }
}

/// Where the idiomatic Python implementation spends its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The Python time is spent running bytecode.
    InterpreterBound,
    /// The idiomatic Python spends its time inside C.
    LibraryBound,
}

impl Category {
    /// The identifier used in results and reports.
    pub fn id(self) -> &'static str {
        match self {
            Category::InterpreterBound => "interpreter-bound",
            Category::LibraryBound => "library-bound",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

/// One implementation of a workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// Idiomatic single-thread safe Rust: the reference output.
    Rust,
    /// The plain C reference (`src/c/`), compiled with `-O2`.
    C,
    /// Pure Python, standard library only, interpreted loops.
    Python,
    /// The idiomatic Python that delegates to C: stdlib C modules or numpy.
    PythonC,
    /// Python code that calls the Rust kernel through the PyO3 module `pyrust_kernels`.
    Hybrid,
    /// The `python` algorithm compiled by Numba (`@njit`), where people would write it so.
    /// Numba is optional: without it the variant is skipped.
    PythonJit,
    /// Rust spread over a rayon thread pool.
    RustPar,
    /// The pure-Python algorithm split over a `concurrent.futures` thread pool (one GIL).
    PythonThreads,
    /// The same split over a pool of `spawn`ed processes: start-up and pickling included.
    PythonProcs,
}

impl Variant {
    /// The identifier used in results, Criterion ids, and as the Python function name.
    pub fn id(self) -> &'static str {
        match self {
            Variant::Rust => "rust",
            Variant::C => "c",
            Variant::Python => "python",
            Variant::PythonC => "python_c",
            Variant::Hybrid => "hybrid",
            Variant::PythonJit => "python_jit",
            Variant::RustPar => "rust_par",
            Variant::PythonThreads => "python_threads",
            Variant::PythonProcs => "python_procs",
        }
    }

    /// Whether this variant runs in the embedded interpreter.
    pub fn is_python(self) -> bool {
        !matches!(self, Variant::Rust | Variant::C | Variant::RustPar)
    }

    /// How results and messages name the variant on a pool of `workers`: `python_procs×2`;
    /// just the id without a pool.
    pub fn label(self, workers: Option<u32>) -> String {
        match workers {
            Some(w) => format!("{}×{w}", self.id()),
            None => self.id().to_string(),
        }
    }

    /// Whether this variant runs on a pool of workers, and so is run at each worker count.
    pub fn is_parallel(self) -> bool {
        matches!(
            self,
            Variant::RustPar | Variant::PythonThreads | Variant::PythonProcs
        )
    }
}

/// The parallel variants, in the order the report shows them.
pub const PARALLEL_VARIANTS: [Variant; 3] = [
    Variant::RustPar,
    Variant::PythonThreads,
    Variant::PythonProcs,
];

/// The pool sizes the parallel variants run at on a machine with `cores` cores: 1, then
/// doubling, then `cores` itself (1, 2 on two cores; 1, 2, 4, 6 on six).
pub fn worker_counts(cores: usize) -> Vec<usize> {
    let cores = cores.max(1);
    let mut counts: Vec<usize> = std::iter::successors(Some(1), |w| Some(w * 2))
        .take_while(|&w| w < cores)
        .collect();
    counts.push(cores);
    counts
}

/// The logical cores this process may use.
pub fn available_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.id())
    }
}

/// What a variant returns, so that every variant can be checked against `rust`.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// An exact integer.
    Int(i64),
    /// A float, compared with a relative tolerance of [`FLOAT_TOLERANCE`].
    Float(f64),
    /// Text, compared exactly.
    Text(String),
    /// Bytes (e.g. a PBM bitmap), compared exactly.
    Bytes(Vec<u8>),
}

/// Relative tolerance for comparing float outputs.
pub const FLOAT_TOLERANCE: f64 = 1e-9;

impl Output {
    /// Whether two outputs denote the same result: exact for everything but floats.
    pub fn matches(&self, other: &Output) -> bool {
        match (self, other) {
            (Output::Float(a), Output::Float(b)) => {
                a == b || (a - b).abs() <= FLOAT_TOLERANCE * a.abs().max(b.abs())
            }
            (a, b) => a == b,
        }
    }

    /// A one-line rendering for tables and the results file: long outputs are shortened to
    /// their start, their length and an FNV-1a digest of the whole.
    pub fn summary(&self) -> String {
        const LONG: usize = 48;
        match self {
            Output::Int(i) => i.to_string(),
            Output::Float(x) => format!("{x:.12}"),
            Output::Text(s) if s.len() <= LONG && !s.contains(['\n', '\t']) => s.clone(),
            Output::Text(s) => {
                let head: String = s
                    .chars()
                    .take(24)
                    .collect::<String>()
                    .escape_debug()
                    .to_string();
                format!(
                    "\"{head}…\" ({} bytes, fnv1a {:016x})",
                    s.len(),
                    fnv1a(s.as_bytes())
                )
            }
            Output::Bytes(b) => format!("{} bytes, fnv1a {:016x}", b.len(), fnv1a(b)),
        }
    }
}

impl fmt::Display for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.summary())
    }
}

/// The sum of two tables of counts, the smaller added into the larger: how the parallel
/// variants combine the counts of their pieces.
pub fn merge_counts<K: Eq + Hash, V: AddAssign + Default>(
    mut a: HashMap<K, V>,
    mut b: HashMap<K, V>,
) -> HashMap<K, V> {
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    for (key, n) in b {
        *a.entry(key).or_default() += n;
    }
    a
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The 64-bit FNV-1a hash: a short, dependency-free fingerprint for long outputs.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// FNV-1a over 64-bit words: each word is xored in whole, then the state is multiplied by
/// the FNV prime. A single changed word always changes the result. The digest of outputs too
/// large to compare as text (`sort`, `json_roundtrip`; `_data.fnv1a_words` in Python).
pub struct Fnv1aWords(u64);

impl Fnv1aWords {
    pub fn new() -> Self {
        Self(FNV_OFFSET)
    }

    pub fn word(&mut self, w: u64) {
        self.0 = (self.0 ^ w).wrapping_mul(FNV_PRIME);
    }

    /// The length, then the bytes as little-endian words, the last one zero-padded.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.word(bytes.len() as u64);
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(w));
        }
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv1aWords {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_unique_snake_case_and_rust_comes_first() {
        let mut seen = std::collections::HashSet::new();
        for w in WORKLOADS {
            assert!(seen.insert(w.name()), "duplicate workload {}", w.name());
            assert!(
                w.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            );
            assert_eq!(w.variants()[0], Variant::Rust, "{}", w.name());
            let s = w.sizes();
            assert!(s.verify <= s.quick && s.quick <= s.full, "{}", w.name());
        }
    }

    #[test]
    fn worker_counts_double_up_to_the_core_count() {
        assert_eq!(worker_counts(0), [1]);
        assert_eq!(worker_counts(1), [1]);
        assert_eq!(worker_counts(2), [1, 2]);
        assert_eq!(worker_counts(6), [1, 2, 4, 6]);
        assert_eq!(worker_counts(8), [1, 2, 4, 8]);
    }

    #[test]
    fn timers_skip_a_staged_kernels_output_step() {
        // sort and json_roundtrip digest their results untimed, as their Python `canonical`s do.
        for w in [&sort::Sort as &dyn Workload, &json_roundtrip::JsonRoundtrip] {
            let mut kernel = w.rust(w.sizes().verify);
            assert_eq!(kernel.run_timed(), None, "{}", w.name());
            assert!(matches!(kernel.run(), Output::Text(_)), "{}", w.name());
        }
        let mut direct = nbody::NBody.rust(10);
        assert!(direct.run_timed().is_some());
    }

    #[test]
    fn floats_match_within_tolerance_only() {
        assert!(Output::Float(1.0).matches(&Output::Float(1.0 + 1e-12)));
        assert!(!Output::Float(1.0).matches(&Output::Float(1.0 + 1e-6)));
        assert!(!Output::Int(1).matches(&Output::Float(1.0)));
        assert!(!Output::Text("a".into()).matches(&Output::Bytes(b"a".to_vec())));
    }

    #[test]
    fn long_text_is_summarised_with_a_digest() {
        let long = "x".repeat(1000);
        let s = Output::Text(long).summary();
        assert!(s.contains("1000 bytes") && s.contains("fnv1a"), "{s}");
        assert_eq!(Output::Text("abc".into()).summary(), "abc");
    }
}
