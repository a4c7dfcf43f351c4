//! "Which Python?": the answer to "use PyPy", "3.13 is faster" and "just use Numba". The
//! `python` variants under every interpreter the pass `interpreters` ran, against the embedded
//! run's `rust`, beside the embedded CPython and Numba (`python_jit`); how the verdict of
//! `speed-10-100x` would come out under each; and the check on the embedding: the standalone
//! runner under the embedded interpreter's own executable, divided by the embedded timing.
//!
//! Another interpreter's entries are judged by the claim's own rule, on a list that holds the
//! embedded `rust` entries and that interpreter's `python`/`python_c` entries in place of the
//! embedded ones: the same code gives the same verdict for the same figures.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use serde_json::{Value, json};

use crate::claims::ratios::{BandPosition, Speedup, geometric_mean, speedups};
use crate::render::{View, format_duration, format_ratio};
use crate::results::{
    BenchResult, Claim, Index, InterpreterRole, InterpreterRun, ResultsFile, Verdict,
};
use crate::workload::{Category, Variant};

/// How far standalone ÷ embedded may be from 1 for the embedding to count as transparent.
pub const AGREEMENT: f64 = 0.05;

/// One interpreter's entries, as the embedded ones would be.
pub struct Judged<'a> {
    pub run: &'a InterpreterRun,
    /// e.g. `PyPy 3.9.16`.
    pub label: String,
    /// The embedded `rust` entries, and this interpreter's `python`/`python_c` in place of
    /// the embedded ones (those whose `n` is the `rust` entry's).
    pub results: Vec<BenchResult>,
}

impl Judged<'_> {
    /// Its `python` time ÷ `rust` per workload.
    pub fn python_ratios(&self) -> Vec<Speedup> {
        speedups(&self.results, Variant::Python)
    }

    /// The entry of `variant` of `workload`.
    pub fn find(&self, workload: &str, variant: Variant) -> Option<&BenchResult> {
        crate::results::find(&self.results, workload, variant)
    }
}

/// Every interpreter that ran, in the order it ran, with its entries next to the embedded
/// `rust` ones.
pub fn judged(file: &ResultsFile) -> Vec<Judged<'_>> {
    let Some(measured) = &file.interpreters else {
        return Vec::new();
    };
    let rust = Index::new(&file.results);
    measured
        .interpreters
        .iter()
        .filter_map(|run| {
            let id = run.id.as_ref()?;
            let mut results: Vec<BenchResult> = file
                .results
                .iter()
                .filter(|r| r.variant == Variant::Rust && r.workers.is_none())
                .cloned()
                .collect();
            results.extend(
                measured
                    .results
                    .iter()
                    .filter(|r| r.interpreter.as_ref() == Some(id))
                    .filter(|r| {
                        rust.get(&r.workload, Variant::Rust)
                            .is_some_and(|rust| rust.n == r.n)
                    })
                    .map(|r| BenchResult {
                        interpreter: None,
                        ..r.clone()
                    }),
            );
            Some(Judged {
                run,
                label: match run.role {
                    InterpreterRole::EmbeddedExecutable => format!("{} (standalone)", id.label()),
                    _ => id.label(),
                },
                results,
            })
        })
        .collect()
}

/// Adds to the claim of `speed-10-100x` one sentence per other interpreter (not the embedded
/// interpreter's own executable): how the verdict would come out there, with its geometric
/// means; and the same as evidence.
pub fn annotate(claim: &mut Claim, file: &ResultsFile, judge: impl Fn(&[BenchResult]) -> Claim) {
    if claim.verdict == Verdict::NotMeasured {
        return;
    }
    let mut sentences = Vec::new();
    let mut evidence = Vec::new();
    for other in judged(file)
        .into_iter()
        .filter(|j| j.run.role != InterpreterRole::EmbeddedExecutable)
    {
        let there = judge(&other.results);
        if there.verdict == Verdict::NotMeasured {
            continue;
        }
        let means = category_means(&there.evidence);
        sentences.push(format!(
            "under {} it would be {} ({})",
            other.label,
            there.verdict.id(),
            means
                .iter()
                .map(|(category, mean)| format!(
                    "{category} geometric mean {}, {} the band",
                    format_ratio(*mean),
                    match BandPosition::of(*mean) {
                        BandPosition::Below => "below",
                        BandPosition::Inside => "inside",
                        BandPosition::Above => "above",
                    }
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ));
        evidence.push(json!({
            "interpreter": other.label, "verdict": there.verdict.id(),
            "per_category": there.evidence.get("per_category").cloned().unwrap_or(Value::Null),
        }));
    }
    if sentences.is_empty() {
        return;
    }
    claim.summary = format!(
        "{} With the same rule, {}.",
        claim.summary,
        sentences.join("; ")
    );
    if let Some(map) = claim.evidence.as_object_mut() {
        map.insert("other_interpreters".into(), Value::Array(evidence));
    }
}

/// The geometric mean per category in a `speed-10-100x` claim's evidence.
fn category_means(evidence: &Value) -> Vec<(String, f64)> {
    evidence
        .get("per_category")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(category, v)| {
                    Some((category.clone(), v.get("geometric_mean")?.as_f64()?))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Standalone ÷ embedded `python` time per workload (the median of the ratios of calls made
/// by turns): 1 means the embedding measures what a plain `python` process would.
pub fn embedding_check(file: &ResultsFile) -> Vec<(String, f64)> {
    file.interpreters
        .iter()
        .flat_map(|m| &m.embedding_check)
        .map(|p| (p.workload.clone(), p.ratio))
        .collect()
}

/// Writes the section "Which Python?".
pub fn write(w: &mut String, view: &View) {
    let file = view.file;
    let all = judged(file);
    let _ = writeln!(w, "\n### Which Python?\n");
    if all.is_empty() {
        let _ = writeln!(
            w,
            "The pass `interpreters` has not run: `cargo bench -- interpreters` times the `python` variants under the embedded interpreter's own executable, `pypy3` when it is on `PATH`, and every interpreter in `PYRUST_INTERPRETERS`.\n"
        );
        return;
    }
    let embedded = &file.environment.python;
    let others: Vec<&Judged> = all
        .iter()
        .filter(|j| j.run.role != InterpreterRole::EmbeddedExecutable)
        .collect();
    let _ = writeln!(
        w,
        "Pure-Python time ÷ Rust time under each interpreter, each `python` variant run by the standalone runner (`python/pyrust_workloads/_runner.py`) in a process of its own: set up, checked against Rust's output, warmed up until two calls in a row agree within 5% (a JIT needs this), then timed. *Cold* is the first call ÷ Rust, before any warm-up. `python_jit` is the same algorithm compiled by Numba (`@njit`) in the embedded CPython {}, timed like every embedded variant; its first call, which compiles it, is given as a time.\n",
        embedded.version
    );
    let mut header = format!(
        "| workload | category | rust | CPython {} (embedded) | python_jit (Numba) |",
        embedded.version
    );
    let mut rule = "|---|---|---:|---:|---:|".to_string();
    for j in &others {
        let _ = write!(header, " {} |", j.label);
        rule.push_str("---:|");
    }
    let _ = writeln!(w, "{header}\n{rule}");
    let pure = speedups(&file.results, Variant::Python);
    let jit = speedups(&file.results, Variant::PythonJit);
    let by = |list: &[Speedup]| -> HashMap<String, f64> {
        list.iter().map(|s| (s.workload.clone(), s.ratio)).collect()
    };
    let (pure_by, jit_by) = (by(&pure), by(&jit));
    let other_by: Vec<HashMap<String, f64>> =
        others.iter().map(|j| by(&j.python_ratios())).collect();
    let rust_ns = |name: &str| {
        view.find(name, Variant::Rust)
            .and_then(BenchResult::timing)
            .map(|t| t.median)
    };
    let cold = |entry: Option<&BenchResult>, name: &str| -> String {
        match (entry.and_then(|e| e.first_call_ns), rust_ns(name)) {
            (Some(first), Some(rust)) => format!(" (cold {})", format_ratio(first / rust)),
            _ => String::new(),
        }
    };
    let mut categories: BTreeMap<Category, Vec<usize>> = BTreeMap::new();
    let names: Vec<(&str, Category)> = pure
        .iter()
        .map(|s| (s.workload.as_str(), s.category))
        .collect();
    for (i, (_, category)) in names.iter().enumerate() {
        categories.entry(*category).or_default().push(i);
    }
    let cell = |map: &HashMap<String, f64>, name: &str| {
        map.get(name)
            .map_or_else(|| "–".to_string(), |r| format_ratio(*r))
    };
    for (name, category) in &names {
        let mut row = format!(
            "| {} | {category} | {} | {} | {}{} |",
            view.workload(name),
            view.median(name, Variant::Rust),
            cell(&pure_by, name),
            cell(&jit_by, name),
            view.find(name, Variant::PythonJit)
                .and_then(|e| e.first_call_ns)
                .map(|ns| format!(" (first call {})", format_duration(ns)))
                .unwrap_or_default(),
        );
        for (j, by) in others.iter().zip(&other_by) {
            let _ = write!(
                row,
                " {}{} |",
                cell(by, name),
                cold(j.find(name, Variant::Python), name)
            );
        }
        let _ = writeln!(w, "{row}");
    }
    for (category, rows) in &categories {
        let mean = |map: &HashMap<String, f64>| {
            geometric_mean(rows.iter().filter_map(|i| map.get(names[*i].0).copied()))
                .map_or_else(|| "–".to_string(), |g| format!("**{}**", format_ratio(g)))
        };
        let mut row = format!(
            "| geometric mean | {category} | | {} | {} |",
            mean(&pure_by),
            mean(&jit_by)
        );
        for by in &other_by {
            let _ = write!(row, " {} |", mean(by));
        }
        let _ = writeln!(w, "{row}");
    }
    let _ = writeln!(w);
    for j in &all {
        let _ = writeln!(
            w,
            "- {}: `{}`{}{}, {} in the pass{}.",
            j.label,
            j.run.path,
            j.run
                .pypy_version
                .as_deref()
                .map(|v| format!(", PyPy {v}"))
                .unwrap_or_default(),
            if j.run.gil_disabled {
                ", free-threaded"
            } else {
                ""
            },
            format_duration(j.run.seconds * 1e9),
            match skipped_or_failed(file, j) {
                0 => String::new(),
                k => format!("; {k} variant(s) not timed (see the results file)"),
            }
        );
    }
    for run in file
        .interpreters
        .iter()
        .flat_map(|m| &m.interpreters)
        .filter(|r| r.id.is_none())
    {
        let _ = writeln!(
            w,
            "- `{}` did not run: {}",
            run.path,
            run.message.as_deref().unwrap_or("no message")
        );
    }
    let check = embedding_check(file);
    if !check.is_empty() {
        let ratios: Vec<f64> = check.iter().map(|c| c.1).collect();
        let within = ratios
            .iter()
            .filter(|r| (*r - 1.0).abs() <= AGREEMENT)
            .count();
        let (min, max) = ratios.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), r| {
            (lo.min(*r), hi.max(*r))
        });
        let _ = writeln!(
            w,
            "\n**The check on the embedding.** Each `python` variant called in the embedded interpreter and in a runner under the embedded interpreter's own executable by turns, one call each, so that the machine's changes of speed fall on both; standalone ÷ embedded (the median of the pairs' ratios): geometric mean {}, from {} to {}; {within} of {} workloads within ±{:.0}%. {}\n",
            format_ratio(geometric_mean(ratios.iter().copied()).unwrap_or(f64::NAN)),
            format_ratio(min),
            format_ratio(max),
            ratios.len(),
            AGREEMENT * 100.0,
            check
                .iter()
                .map(|(name, r)| format!("{name} {}", format_ratio(*r)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
}

/// How many of an interpreter's entries were not timed.
fn skipped_or_failed(file: &ResultsFile, judged: &Judged) -> usize {
    file.interpreters
        .iter()
        .flat_map(|m| &m.results)
        .filter(|r| r.interpreter == judged.run.id && r.timing().is_none())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ratios::tests::timed;
    use crate::results::{InterpreterId, Interpreters, PairedTimes, Status};

    fn interpreter(implementation: &str, version: &str) -> InterpreterId {
        InterpreterId {
            implementation: implementation.into(),
            version: version.into(),
            executable: format!("/usr/bin/{implementation}"),
        }
    }

    fn run(id: &InterpreterId, role: InterpreterRole) -> InterpreterRun {
        InterpreterRun {
            path: id.executable.clone(),
            role,
            id: Some(id.clone()),
            pypy_version: None,
            gil_disabled: false,
            status: Status::Ok,
            message: None,
            seconds: 1.0,
        }
    }

    /// Three interpreter-bound workloads with Rust at 1 ms and the embedded Python at 40 ms
    /// (inside the band); the standalone CPython at `standalone` ms, PyPy at `pypy` ms.
    fn file(standalone: f64, pypy: f64) -> ResultsFile {
        let c = Category::InterpreterBound;
        let (cpython, pypy_id) = (
            interpreter("CPython", "3.11.7"),
            interpreter("PyPy", "3.9.16"),
        );
        let mut file = ResultsFile::default();
        let mut others = Vec::new();
        for w in ["a", "b", "c"] {
            file.results.push(timed(w, c, Variant::Rust, 1e6));
            file.results.push(timed(w, c, Variant::Python, 40e6));
            for (id, ms) in [(&cpython, standalone), (&pypy_id, pypy)] {
                others.push(BenchResult {
                    interpreter: Some(id.clone()),
                    ..timed(w, c, Variant::Python, ms * 1e6)
                });
            }
        }
        file.interpreters = Some(Interpreters {
            interpreters: vec![
                run(&cpython, InterpreterRole::EmbeddedExecutable),
                run(&pypy_id, InterpreterRole::OnPath),
            ],
            results: others,
            embedding_check: Vec::new(),
        });
        file
    }

    fn speed_claim(file: &ResultsFile) -> Claim {
        let mut claim = super::super::claim(&file.results);
        annotate(&mut claim, file, super::super::claim);
        claim
    }

    #[test]
    fn another_interpreter_is_judged_by_the_same_rule() {
        // PyPy at 2 ms: 2×, below the band; the verdict there would fail.
        let claim = speed_claim(&file(41.0, 2.0));
        assert_eq!(claim.verdict, Verdict::Holds, "the embedded verdict stays");
        assert!(
            claim
                .summary
                .contains("under PyPy 3.9.16 it would be fails")
                && claim.summary.contains("geometric mean 2×, below the band"),
            "{}",
            claim.summary
        );
        assert!(!claim.summary.contains("(standalone)"), "{}", claim.summary);
        // PyPy at 30 ms: 30×, inside the band: it would hold there too.
        let claim = speed_claim(&file(41.0, 30.0));
        assert!(
            claim.summary.contains("would be holds"),
            "{}",
            claim.summary
        );
        assert_eq!(claim.evidence["other_interpreters"][0]["verdict"], "holds");
    }

    #[test]
    fn the_embedding_check_divides_standalone_by_embedded() {
        let mut f = file(44.0, 2.0);
        f.interpreters.as_mut().unwrap().embedding_check = vec![PairedTimes {
            workload: "a".into(),
            n: 1,
            embedded_ns: 40e6,
            standalone_ns: 44e6,
            ratio: 1.1,
            pairs: 5,
        }];
        let check = embedding_check(&f);
        assert_eq!(check.len(), 1);
        assert!((check[0].1 - 1.1).abs() < 1e-9, "{check:?}");
        let mut report = String::new();
        write(&mut report, &View::new(&f));
        assert!(report.contains("0 of 1 workloads within ±5%"), "{report}");
    }

    #[test]
    fn entries_of_another_size_are_not_compared() {
        let mut f = file(41.0, 2.0);
        for r in &mut f.interpreters.as_mut().unwrap().results {
            r.n = 2;
        }
        let claim = speed_claim(&f);
        assert!(!claim.summary.contains("PyPy"), "{}", claim.summary);
    }
}
