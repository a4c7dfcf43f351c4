//! `pyrust-bench compare BASE NEW`: what changed between two results files. Every entry timed
//! in both (by [`BenchResult::name`]: workload, variant, `n`, interpreter) gets NEW ÷ BASE
//! with an interval and a mark: faster, slower, or no significant change (the two confidence
//! intervals overlap, or the change is under the threshold). Then the python/rust ratios
//! before and after, the verdicts that changed (recomputed with this version's rules), the
//! entries only one file has, and what differs between the two environments. [`render`]
//! prints it as text or Markdown.

pub mod render;

use std::collections::{BTreeSet, HashMap};

use crate::claims::{self, ratios::speedups};
use crate::error::{Error, Result};
use crate::results::differences::{self, Aspect};
use crate::results::{BenchResult, ResultsFile, Status, Timing, Verdict};
use crate::workload::Variant;

/// The change under which a difference is not significant, in %, unless `--threshold` says
/// otherwise: about the run-to-run noise of a quiet machine.
pub const DEFAULT_THRESHOLD_PCT: f64 = 5.0;

/// What happened to one entry's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Faster,
    Slower,
    /// The intervals overlap, or the change is under the threshold.
    Unchanged,
}

impl Change {
    /// The mark, as tables print it.
    pub fn id(self) -> &'static str {
        match self {
            Change::Faster => "faster",
            Change::Slower => "slower",
            Change::Unchanged => "no significant change",
        }
    }
}

/// One entry timed in both files.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryChange {
    /// See [`BenchResult::name`].
    pub name: String,
    pub base: Timing,
    pub new: Timing,
    /// NEW median ÷ BASE median.
    pub ratio: f64,
    /// The ratio's bounds: NEW's low end over BASE's high end, and the reverse.
    pub low: f64,
    pub high: f64,
    pub change: Change,
}

impl EntryChange {
    /// The change in %, `+12.5` for 12.5% slower.
    pub fn change_pct(&self) -> f64 {
        100.0 * (self.ratio - 1.0)
    }
}

/// A variant's time ÷ Rust's on one workload, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct RatioChange {
    pub workload: String,
    pub variant: Variant,
    pub base: f64,
    pub new: f64,
}

/// A claim whose verdict differs between the files.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictChange {
    pub id: String,
    pub base: Verdict,
    pub new: Verdict,
    /// NEW's summary, with its figure.
    pub summary: String,
}

/// An entry both files have, but one of them did not time (or both did not, for different
/// reasons).
#[derive(Debug, Clone, PartialEq)]
pub struct Untimed {
    pub name: String,
    pub base: Status,
    pub new: Status,
}

/// Everything `compare` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub threshold_pct: f64,
    /// In NEW's order.
    pub entries: Vec<EntryChange>,
    /// The python and python_c ratios to rust of every workload timed in both.
    pub ratios: Vec<RatioChange>,
    pub verdicts_changed: Vec<VerdictChange>,
    /// How many claims kept their verdict.
    pub verdicts_kept: usize,
    /// Entries only NEW has, and only BASE has, by name.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub untimed: Vec<Untimed>,
    /// What differs between the two environments.
    pub differences: Vec<Aspect>,
    /// How long the calibration kernels took in NEW ÷ in BASE, `(rust, python)`, where both
    /// files timed them: the machines' own speed, which the environment's names can hide
    /// (two machines sold as the same CPU ran them 1.2× apart here).
    pub calibration: Option<(f64, f64)>,
}

impl Comparison {
    /// How many entries got `change`.
    pub fn count(&self, change: Change) -> usize {
        self.entries.iter().filter(|e| e.change == change).count()
    }

    /// Whether some entry is significantly slower: `--fail-on-regression` fails on it.
    pub fn regressed(&self) -> bool {
        self.count(Change::Slower) > 0
    }

    /// The calibration ratios, when one of them moved by the threshold or more: the machine
    /// ran at another speed, and every time with it.
    pub fn machine_speed_changed(&self) -> Option<(f64, f64)> {
        self.calibration.filter(|(r, p)| {
            [r, p]
                .iter()
                .any(|x| 100.0 * (*x - 1.0).abs() >= self.threshold_pct)
        })
    }
}

/// Classifies NEW against BASE: unchanged when the intervals overlap or the change is under
/// `threshold_pct`.
pub fn classify(base: &Timing, new: &Timing, threshold_pct: f64) -> Change {
    let ratio = new.median / base.median;
    let overlap = new.low <= base.high && base.low <= new.high;
    if overlap || 100.0 * (ratio - 1.0).abs() < threshold_pct {
        Change::Unchanged
    } else if ratio > 1.0 {
        Change::Slower
    } else {
        Change::Faster
    }
}

/// Compares NEW with BASE. Fails when they have no entry in common, with what each has.
pub fn compare(base: &ResultsFile, new: &ResultsFile, threshold_pct: f64) -> Result<Comparison> {
    // The first entry of a name counts, should a damaged file repeat one.
    let mut base_entries: HashMap<String, &BenchResult> = HashMap::new();
    for r in base.every_result() {
        base_entries.entry(r.name()).or_insert(r);
    }
    let new_names: BTreeSet<String> = new.every_result().map(BenchResult::name).collect();
    let mut entries = Vec::new();
    let mut untimed = Vec::new();
    let mut added = Vec::new();
    let mut seen = BTreeSet::new();
    let mut shared = 0;
    for r in new.every_result() {
        let name = r.name();
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(old) = base_entries.get(&name) else {
            added.push(name);
            continue;
        };
        match (old.timing(), r.timing()) {
            (Some(b), Some(n)) => entries.push(EntryChange {
                ratio: n.median / b.median,
                low: n.low / b.high,
                high: n.high / b.low,
                change: classify(&b, &n, threshold_pct),
                name,
                base: b,
                new: n,
            }),
            // Not timed in either, for the same reason (e.g. skipped in both): no change.
            (None, None) if old.status == r.status => {}
            _ => untimed.push(Untimed {
                name,
                base: old.status,
                new: r.status,
            }),
        }
        shared += 1;
    }
    if shared == 0 {
        return Err(nothing_in_common(base, new));
    }
    let mut gone = BTreeSet::new();
    let removed: Vec<String> = base
        .every_result()
        .map(BenchResult::name)
        .filter(|n| !new_names.contains(n) && gone.insert(n.clone()))
        .collect();

    let (verdicts_changed, verdicts_kept) = verdicts(base, new);
    Ok(Comparison {
        threshold_pct,
        entries,
        ratios: ratios(base, new),
        verdicts_changed,
        verdicts_kept,
        added,
        removed,
        untimed,
        differences: differences::differences(&[base, new]),
        calibration: calibration(base, new),
    })
}

/// NEW's calibration times ÷ BASE's, `(rust, python)`, from the start of each run (the end can
/// be missing, after an interrupt).
fn calibration(base: &ResultsFile, new: &ResultsFile) -> Option<(f64, f64)> {
    let (b, n) = (
        base.environment.calibration.as_ref()?,
        new.environment.calibration.as_ref()?,
    );
    Some((
        n.rust_start_ns / b.rust_start_ns,
        n.python_start_ns / b.python_start_ns,
    ))
}

/// The python and python_c ratios to rust, for every workload where both files have one.
fn ratios(base: &ResultsFile, new: &ResultsFile) -> Vec<RatioChange> {
    [Variant::Python, Variant::PythonC]
        .into_iter()
        .flat_map(|variant| {
            let before: HashMap<String, f64> = speedups(&base.results, variant)
                .into_iter()
                .map(|s| (s.workload, s.ratio))
                .collect();
            speedups(&new.results, variant)
                .into_iter()
                .filter_map(move |s| {
                    Some(RatioChange {
                        base: *before.get(&s.workload)?,
                        new: s.ratio,
                        workload: s.workload,
                        variant,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The claims whose verdicts differ (recomputed from each file), and how many kept theirs.
fn verdicts(base: &ResultsFile, new: &ResultsFile) -> (Vec<VerdictChange>, usize) {
    let before = claims::evaluate(base);
    let after = claims::evaluate(new);
    let mut changed = Vec::new();
    let mut kept = 0;
    for claim in &after {
        let Some(old) = before.iter().find(|c| c.id == claim.id) else {
            continue;
        };
        if old.verdict == claim.verdict {
            kept += 1;
        } else {
            changed.push(VerdictChange {
                id: claim.id.clone(),
                base: old.verdict,
                new: claim.verdict,
                summary: claim.summary.clone(),
            });
        }
    }
    (changed, kept)
}

/// Why two files share no entry: no workload in common, or the same workloads at other sizes.
fn nothing_in_common(base: &ResultsFile, new: &ResultsFile) -> Error {
    let workloads = |f: &ResultsFile| -> BTreeSet<String> {
        f.every_result().map(|r| r.workload.clone()).collect()
    };
    let (b, n) = (workloads(base), workloads(new));
    let shared: Vec<&String> = b.intersection(&n).collect();
    let list = |set: &BTreeSet<String>| match set.is_empty() {
        true => "no entries".to_string(),
        false => set.iter().cloned().collect::<Vec<_>>().join(", "),
    };
    let reason = if shared.is_empty() {
        format!(
            "the two files have no workload in common (BASE has {}; NEW has {}): compare two runs of the same workloads",
            list(&b),
            list(&n)
        )
    } else {
        format!(
            "the two files share workloads ({}) but time them at different sizes (BASE is a {} run, NEW a {} run): compare two runs of the same mode",
            shared
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            base.mode,
            new.mode
        )
    };
    Error::NothingToCompare { reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(median: f64, spread: f64) -> Timing {
        Timing {
            median,
            low: median * (1.0 - spread),
            high: median * (1.0 + spread),
        }
    }

    #[test]
    fn significance_needs_disjoint_intervals_and_a_change_over_the_threshold() {
        // 20% slower with tight intervals: slower.
        assert_eq!(
            classify(&t(100.0, 0.01), &t(120.0, 0.01), 5.0),
            Change::Slower
        );
        assert_eq!(
            classify(&t(100.0, 0.01), &t(80.0, 0.01), 5.0),
            Change::Faster
        );
        // 20% slower, but the intervals overlap: not significant.
        assert_eq!(
            classify(&t(100.0, 0.15), &t(120.0, 0.15), 5.0),
            Change::Unchanged
        );
        // 3% slower with disjoint intervals, under the 5% threshold: not significant; over a
        // 2% threshold: slower.
        assert_eq!(
            classify(&t(100.0, 0.001), &t(103.0, 0.001), 5.0),
            Change::Unchanged
        );
        assert_eq!(
            classify(&t(100.0, 0.001), &t(103.0, 0.001), 2.0),
            Change::Slower
        );
    }
}
