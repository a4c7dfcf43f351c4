//! Reports: the claims and their verdict rules, one file per chart, and the markdown report.
//! Everything here is computed from a results file alone, so `pyrust-bench report` can
//! regenerate it without running anything. The figures the charts and the report share are
//! derived once, in [`Figures`], and looked up through hash maps, so that rendering stays
//! linear in the number of results.

pub mod charts;
pub mod claims;
pub mod escape;
pub mod markdown;
mod sections;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::multicore::{self, Scaling};
use crate::results::store::write_atomic;
use crate::results::{BenchResult, ResultsFile};
use crate::workload::{Mode, Variant};
use claims::Speedup;
use claims::c_like::rust_over_c;
use claims::hybrid::hybrid_speedups;
use claims::memory::peak_ratios;
use claims::speed::idiomatic_speedups;

/// The name of the report inside an output folder.
pub const REPORT: &str = "REPORT.md";

/// What [`write_all`] wrote.
#[derive(Debug)]
pub struct Written {
    pub report: PathBuf,
    pub charts: Vec<charts::ChartFiles>,
}

/// Draws every chart into `out/charts/` and writes `out/REPORT.md`.
pub fn write_all(results: &ResultsFile, out: &Path) -> Result<Written> {
    let figures = Figures::new(results);
    let charts = charts::render_all(&figures, &out.join("charts"))?;
    let relative: Vec<String> = charts
        .iter()
        .filter_map(|c| c.png.file_name())
        .map(|name| format!("charts/{}", name.to_string_lossy()))
        .collect();
    let report = out.join(REPORT);
    write_atomic(&report, markdown::render(&figures, &relative).as_bytes())?;
    Ok(Written { report, charts })
}

/// A results file with what the charts and the report derive from it, computed once: the
/// claims' ratios, the scaling curves, the run modes, and an index of the entries.
pub struct Figures<'a> {
    pub file: &'a ResultsFile,
    /// Idiomatic Python time ÷ Rust time per workload (see [`idiomatic_speedups`]).
    pub idiomatic: Vec<Speedup>,
    /// `python`, `python_c`, `hybrid` and `c` time ÷ Rust time per workload.
    pub python: Vec<Speedup>,
    pub python_c: Vec<Speedup>,
    pub hybrid: Vec<Speedup>,
    pub c: Vec<Speedup>,
    /// Idiomatic Python time ÷ hybrid time per workload (see [`hybrid_speedups`]).
    pub gains: Vec<(String, f64)>,
    /// Rust time ÷ C time per kernel, with its bounds (see [`rust_over_c`]).
    pub rust_over_c: Vec<(String, f64, f64, f64)>,
    /// Idiomatic Python peak ÷ Rust peak per workload (see [`peak_ratios`]).
    pub peak_ratios: Vec<(String, f64)>,
    /// The speedup curves of the parallel variants.
    pub curves: Vec<Scaling>,
    /// How many entries came from runs of each mode.
    pub modes: Modes,
    /// The single-thread entry of each workload and variant: the first, as
    /// [`crate::results::find`] returns it.
    entries: HashMap<(&'a str, Variant), &'a BenchResult>,
    /// The workloads with an entry from a quick run, when the modes are mixed.
    quick: HashSet<&'a str>,
}

impl<'a> Figures<'a> {
    /// Derives every figure from `file`.
    pub fn new(file: &'a ResultsFile) -> Self {
        let results = &file.results;
        let mut entries = HashMap::new();
        for r in results.iter().filter(|r| r.workers.is_none()) {
            entries.entry((r.workload.as_str(), r.variant)).or_insert(r);
        }
        let modes = Modes::of(results);
        let quick = match modes.mixed() {
            true => results
                .iter()
                .filter(|r| r.mode == Some(Mode::Quick))
                .map(|r| r.workload.as_str())
                .collect(),
            false => HashSet::new(),
        };
        Figures {
            file,
            idiomatic: idiomatic_speedups(results),
            python: claims::speedups(results, Variant::Python),
            python_c: claims::speedups(results, Variant::PythonC),
            hybrid: claims::speedups(results, Variant::Hybrid),
            c: claims::speedups(results, Variant::C),
            gains: hybrid_speedups(results),
            rust_over_c: rust_over_c(results),
            peak_ratios: peak_ratios(results),
            curves: multicore::scaling(results),
            modes,
            entries,
            quick,
        }
    }

    /// The entry of one single-thread variant of one workload, like [`crate::results::find`].
    pub fn find(&self, workload: &str, variant: Variant) -> Option<&'a BenchResult> {
        self.entries.get(&(workload, variant)).copied()
    }

    /// `variant` time ÷ Rust time per workload, for the variants [`Figures`] holds (python,
    /// python_c, hybrid, c); empty for the others.
    pub fn speedups(&self, variant: Variant) -> &[Speedup] {
        match variant {
            Variant::Python => &self.python,
            Variant::PythonC => &self.python_c,
            Variant::Hybrid => &self.hybrid,
            Variant::C => &self.c,
            _ => &[],
        }
    }

    /// Whether `workload` has an entry from a quick run beside entries from full runs: its
    /// figures must be marked as quick wherever they appear.
    pub fn quick(&self, workload: &str) -> bool {
        self.quick.contains(workload)
    }

    /// The run mode in a few words, for the charts' subtitles: `full mode`, or
    /// `mixed modes: 8 of 128 entries quick`.
    pub fn mode_label(&self) -> String {
        let m = self.modes;
        match m.single() {
            _ if m.mixed() => format!(
                "mixed modes: {} of {} entries quick",
                m.quick,
                m.full + m.quick + m.unrecorded
            ),
            Some(mode) => format!("{mode} mode"),
            None => format!("{} mode", self.file.mode),
        }
    }
}

/// How many entries of a results file came from full runs, from quick runs, and from runs that
/// did not record their mode (files written before entries carried one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Modes {
    pub full: usize,
    pub quick: usize,
    pub unrecorded: usize,
}

impl Modes {
    /// Counts the modes of `results`.
    pub fn of(results: &[BenchResult]) -> Self {
        let mut modes = Modes::default();
        for r in results {
            match r.mode {
                Some(Mode::Full) => modes.full += 1,
                Some(Mode::Quick) => modes.quick += 1,
                None => modes.unrecorded += 1,
            }
        }
        modes
    }

    /// Whether the entries come from runs of more than one mode (counting "not recorded" as one).
    pub fn mixed(&self) -> bool {
        [self.full, self.quick, self.unrecorded]
            .iter()
            .filter(|n| **n > 0)
            .count()
            > 1
    }

    /// The one mode every entry recorded, if they all recorded the same.
    pub fn single(&self) -> Option<Mode> {
        match (self.full, self.quick, self.unrecorded) {
            (0, 0, _) => None,
            (_, 0, 0) => Some(Mode::Full),
            (0, _, 0) => Some(Mode::Quick),
            _ => None,
        }
    }
}
