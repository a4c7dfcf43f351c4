//! The house style of the report, shared by every claim's section and charts: a results file
//! as they see it ([`View`]), the number formats, markdown escaping, table helpers, and the
//! chart furniture ([`chart`]: the `Chart` trait, titles, legend, axes, palette, caps). It
//! knows no claim: a claim module holds only what is particular to its own section and charts.

pub mod bar_rows;
pub mod chart;
pub mod escape;
pub mod format;
pub mod span;
pub mod table;

pub use format::{NOT_A_FIGURE, format_bytes, format_duration, format_fixed, format_ratio};
pub use span::{LINEAR_LIMIT, LOG_LIMITS, Span};

use std::collections::{HashMap, HashSet};

use crate::results::{BenchResult, Index, ResultsFile};
use crate::workload::{Mode, Variant};

/// A results file as the charts and the sections see it: the file, the run modes of its
/// entries, and an index of its single-thread entries, built once, so that rendering stays
/// linear in the number of results. The figures a claim derives (its ratios, curves) are its
/// own: each claim computes them from [`View::file`].
pub struct View<'a> {
    pub file: &'a ResultsFile,
    /// How many entries came from runs of each mode.
    pub modes: Modes,
    /// The single-thread entry of each workload and variant, as [`crate::results::find`]
    /// returns it.
    index: Index<'a>,
    /// The workloads with an entry from a quick run, when the modes are mixed.
    quick: HashSet<&'a str>,
}

impl<'a> View<'a> {
    /// Indexes `file`.
    pub fn new(file: &'a ResultsFile) -> Self {
        let results = &file.results;
        let modes = Modes::of(results);
        let quick = match modes.mixed() {
            true => results
                .iter()
                .filter(|r| r.mode == Some(Mode::Quick))
                .map(|r| r.workload.as_str())
                .collect(),
            false => HashSet::new(),
        };
        View {
            file,
            modes,
            index: Index::new(results),
            quick,
        }
    }

    /// The entry of one single-thread variant of one workload, like [`crate::results::find`].
    pub fn find(&self, workload: &str, variant: Variant) -> Option<&'a BenchResult> {
        self.index.get(workload, variant)
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

    /// The median of one variant of one workload, formatted, or `–`.
    pub fn median(&self, workload: &str, variant: Variant) -> String {
        self.find(workload, variant)
            .and_then(|r| r.timing())
            .map_or_else(|| "–".to_string(), |t| format_duration(t.median))
    }

    /// A workload's name for a table cell, escaped, and marked *quick* when its figures come
    /// from a quick run beside full ones.
    pub fn workload(&self, name: &str) -> String {
        match self.quick(name) {
            true => format!("{} *quick*", escape::text(name)),
            false => escape::text(name).to_string(),
        }
    }
}

/// The first item of each workload in `items`, by name.
pub fn by_workload<T>(items: &[T], name: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(name(item)).or_insert(item);
    }
    map
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
