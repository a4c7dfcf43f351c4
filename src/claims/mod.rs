//! The article's claims, one module each, behind one ordered registry, [`CLAIMS`]. A claim
//! module owns everything about its claim: its [`Spec`] (the article's words and how it is
//! measured), its measurement [`Pass`] if it has one, its verdict rule, its section of
//! `REPORT.md` and its charts. The suite runs the selected passes from the registry and the
//! report renders every claim from it, so neither names a claim.
//!
//! Every verdict is computed from the results file; a claim this version cannot measure says
//! so and gets `not-measured`, never a made-up verdict. A claim may use the shared
//! [`ratios`] and the house style in [`crate::render`], and its own pass's types; no claim
//! imports another claim.

pub mod api_servers;
pub mod c_like;
pub mod dev_speed;
pub mod hybrid_pyo3;
pub mod memory_footprint;
pub mod multicore;
pub mod no_gc_pauses;
pub mod planned;
pub mod ratios;
pub mod rust_tools;
pub mod speed;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::Result;
use crate::render::View;
use crate::render::chart::ChartFiles;
use crate::results::{self, ResultsFile, Verdict};
use crate::timing::Timer;
use crate::workload::Mode;

/// Every claim under test, in report order: the verdict table, the sections and the charts
/// all follow it, and the suite runs the claims' passes in it.
pub const CLAIMS: &[&dyn Claim] = &[
    &speed::Speed,
    &c_like::CLike,
    &hybrid_pyo3::HybridPyo3,
    &no_gc_pauses::NoGcPauses,
    &memory_footprint::MemoryFootprint,
    &multicore::MulticoreScaling,
    &dev_speed::DevSpeed,
    &rust_tools::RustToolsClaim,
    &api_servers::ApiServersClaim,
];

/// A claim of the article: its id, the article's words, and how it is (or will be) measured.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub id: &'static str,
    pub article_says: &'static str,
    pub measured_by: &'static str,
}

/// One claim of the article, from measurement to report.
pub trait Claim: Sync {
    /// Its id, the article's words, and how it is measured.
    fn spec(&self) -> &'static Spec;

    /// The verdict, computed from the results file alone.
    fn verdict(&self, file: &ResultsFile) -> results::Claim;

    /// The measurement this claim needs beyond the workloads' timings, if any.
    fn pass(&self) -> Option<&'static dyn Pass> {
        None
    }

    /// Writes its section of `REPORT.md`.
    fn section(&self, _w: &mut String, _view: &View) {}

    /// Draws its charts into `dir`, in the order the report lists them.
    fn charts(&self, _view: &View, _dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(Vec::new())
    }
}

/// A measurement the suite makes after the workloads, for one claim. Its name selects it:
/// `cargo bench -- boundary` runs only the pass named `boundary`.
pub trait Pass: Sync {
    /// The name a filter matches, e.g. `boundary`.
    fn name(&self) -> &'static str;

    /// What it measures, for the progress line.
    fn describe(&self, context: &PassContext) -> String;

    /// Measures, and returns what goes into the results file.
    fn measure(&self, context: &mut PassContext) -> Result<Measured>;
}

/// What a pass may use: the run's mode and pool sizes, the timer, the release binaries, and a
/// place for notes on what it skipped.
pub struct PassContext<'a> {
    pub mode: Mode,
    pub worker_counts: &'a [usize],
    pub timer: &'a mut dyn Timer,
    pub binaries: &'a Binaries,
    /// What the pass left out and why (e.g. a probe whose optional package is missing); the
    /// suite prints them after the pass.
    pub notes: Vec<String>,
    /// The interpreters the user asked for besides the embedded one (`PYRUST_INTERPRETERS`,
    /// `--interpreters`).
    pub interpreters: &'a [PathBuf],
}

/// The release binaries of this build, which the memory pass measures: the bench knows them
/// from Cargo (`CARGO_BIN_EXE_*`).
#[derive(Debug, Clone)]
pub struct Binaries {
    /// `pyrust-bench`.
    pub cli: PathBuf,
    /// `minimal-cli`, the smallest Rust CLI.
    pub minimal_cli: PathBuf,
}

/// What one pass measured, ready to go into its optional field of the results file.
pub struct Measured {
    pass: &'static str,
    store: Box<dyn FnOnce(&mut ResultsFile) + Send>,
}

impl Measured {
    /// The measurements of `pass`, which `store` puts into a results file.
    pub fn new(pass: &'static str, store: impl FnOnce(&mut ResultsFile) + Send + 'static) -> Self {
        Measured {
            pass,
            store: Box::new(store),
        }
    }

    /// Puts the measurements into `file`, replacing what an earlier run of the pass left.
    pub fn store(self, file: &mut ResultsFile) {
        (self.store)(file)
    }
}

impl fmt::Debug for Measured {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Measured({})", self.pass)
    }
}

/// The passes of every claim in [`CLAIMS`], in registry order.
pub fn passes() -> impl Iterator<Item = &'static dyn Pass> {
    CLAIMS.iter().filter_map(|claim| claim.pass())
}

/// Every claim of [`CLAIMS`], with a verdict computed from `file` where this version
/// measures it.
pub fn evaluate(file: &ResultsFile) -> Vec<results::Claim> {
    CLAIMS.iter().map(|claim| claim.verdict(file)).collect()
}

/// The verdict of a claim that was not measured, and why.
pub fn not_measured(spec: &Spec, why: &str) -> results::Claim {
    results::Claim {
        id: spec.id.to_string(),
        verdict: Verdict::NotMeasured,
        summary: format!("Not measured: {why}."),
        evidence: json!({ "planned_measurement": spec.measured_by }),
    }
}
