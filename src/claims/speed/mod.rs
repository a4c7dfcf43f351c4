//! Claim `speed-10-100x`: Rust is "10-100x faster than Python for CPU-bound work". Judged
//! per category on the *idiomatic* Python of each workload (`python_c` where it exists, else
//! `python`), with the pure-Python ratio shown beside it.

pub mod interpreters;
mod interpreters_chart;
pub mod section;
mod speedup_chart;
pub mod tiers_chart;
mod times_chart;
pub mod which_python;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::json;

use super::ratios::{
    BAND, BandPosition, Speedup, geometric_mean, idiomatic_left_out, idiomatic_speedups,
    left_out_json, left_out_text, speedups,
};
use super::{Spec, not_measured};
use crate::error::Result;
use crate::render::chart::{ChartFiles, render};
use crate::render::{View, format_ratio};
use crate::results::{BenchResult, Claim, ResultsFile, Verdict};
use crate::workload::{Category, Variant};

/// Claim `speed-10-100x`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "speed-10-100x",
    article_says: "Rust is \"10-100x faster than Python for CPU-bound work\"",
    measured_by: "pure-Python time ÷ single-thread Rust time per workload, split by category",
};

/// The rule, as the report states it.
pub const SPEED_RULE: &str = "Each workload is judged on its idiomatic Python: `python_c` where it exists, else `python`. Per category: *holds* when the geometric mean of the idiomatic-Python/Rust ratios lies inside 10–100× and at least two thirds of the workloads do; *fails* when the geometric mean lies outside the band and fewer than one third of the workloads are inside it; *partly* otherwise. Overall: *holds* or *fails* when every measured category agrees, else *partly*.";

fn verdict(geomean: f64, inside: usize, count: usize) -> Verdict {
    let share = inside as f64 / count as f64;
    let mean_inside = BandPosition::of(geomean) == BandPosition::Inside;
    if mean_inside && share >= 2.0 / 3.0 {
        Verdict::Holds
    } else if !mean_inside && share < 1.0 / 3.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    }
}

/// The claim, from the measured ratios.
pub fn claim(results: &[BenchResult]) -> Claim {
    let spec = &SPEC;
    let ratios = idiomatic_speedups(results);
    if ratios.is_empty() {
        let left_out = idiomatic_left_out(results);
        return match left_out.is_empty() {
            true => not_measured(spec, "no workload has both a Python and a rust timing"),
            false => not_measured(
                spec,
                &format!(
                    "no workload has both an idiomatic Python and a rust timing: {}",
                    left_out_text(&left_out)
                ),
            ),
        };
    }
    let pure = speedups(results, Variant::Python);
    let mut by_category: BTreeMap<Category, Vec<&Speedup>> = BTreeMap::new();
    for s in &ratios {
        by_category.entry(s.category).or_default().push(s);
    }
    let mut per_category = serde_json::Map::new();
    let mut verdicts = Vec::new();
    let mut sentences = Vec::new();
    for (category, items) in &by_category {
        let count_of = |p| {
            items
                .iter()
                .filter(|s| BandPosition::of(s.ratio) == p)
                .count()
        };
        let (below, inside, above) = (
            count_of(BandPosition::Below),
            count_of(BandPosition::Inside),
            count_of(BandPosition::Above),
        );
        let geomean = geometric_mean(items.iter().map(|s| s.ratio)).unwrap_or(f64::NAN);
        let pure_geomean = geometric_mean(
            pure.iter()
                .filter(|s| s.category == *category)
                .map(|s| s.ratio),
        );
        let category_verdict = verdict(geomean, inside, items.len());
        verdicts.push(category_verdict);
        let min = items.iter().map(|s| s.ratio).fold(f64::INFINITY, f64::min);
        let max = items.iter().map(|s| s.ratio).fold(0.0, f64::max);
        sentences.push(format!(
            "{category} ({}): idiomatic Python took {}–{} as long as Rust (geometric mean {}) on {} workloads, {below} below, {inside} inside and {above} above the band{}",
            category_verdict.id(),
            format_ratio(min),
            format_ratio(max),
            format_ratio(geomean),
            items.len(),
            pure_geomean
                .map(|g| format!("; against pure Python the geometric mean is {}", format_ratio(g)))
                .unwrap_or_default()
        ));
        per_category.insert(
            category.id().to_string(),
            json!({
                "workloads": items.len(), "below": below, "inside": inside, "above": above,
                "geometric_mean": geomean, "pure_python_geometric_mean": pure_geomean,
                "min": min, "max": max, "verdict": category_verdict.id(),
            }),
        );
    }
    let overall = if verdicts.iter().all(|v| *v == verdicts[0]) {
        verdicts[0]
    } else {
        Verdict::Partly
    };
    let with_c = speedups(results, Variant::PythonC);
    let by_workload = |list: &[Speedup]| -> HashMap<String, f64> {
        list.iter().map(|x| (x.workload.clone(), x.ratio)).collect()
    };
    let (pure_by_workload, with_c_by_workload) = (by_workload(&pure), by_workload(&with_c));
    let per_workload: Vec<_> = ratios
        .iter()
        .map(|s| {
            let ratio_in = |map: &HashMap<String, f64>| map.get(&s.workload).copied();
            json!({
                "workload": s.workload, "category": s.category.id(),
                "idiomatic_variant": s.variant.id(), "ratio": s.ratio,
                "ci_low": s.low, "ci_high": s.high, "band": BandPosition::of(s.ratio).id(),
                "python_ratio": ratio_in(&pure_by_workload),
                "python_c_ratio": ratio_in(&with_c_by_workload),
            })
        })
        .collect();
    let left_out = idiomatic_left_out(results);
    if !left_out.is_empty() {
        sentences.push(format!("left out, because {}", left_out_text(&left_out)));
    }
    Claim {
        id: spec.id.to_string(),
        verdict: overall,
        summary: format!("{}.", sentences.join("; ")),
        evidence: json!({
            "band": [BAND.0, BAND.1],
            "rule": SPEED_RULE,
            "per_category": per_category,
            "per_workload": per_workload,
            "left_out": left_out_json(&left_out),
        }),
    }
}

/// Claim `speed-10-100x` in [`crate::claims::CLAIMS`].
pub struct Speed;

impl crate::claims::Claim for Speed {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        let mut verdict = claim(&file.results);
        which_python::annotate(&mut verdict, file, claim);
        verdict
    }

    fn pass(&self) -> Option<&'static dyn crate::claims::Pass> {
        Some(&interpreters::PASS)
    }

    fn section(&self, w: &mut String, view: &View) {
        section::write(w, view);
        which_python::write(w, view);
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        let mut charts = vec![
            render(&speedup_chart::Speedup, view, dir)?,
            render(&tiers_chart::Tiers, view, dir)?,
            render(&times_chart::Times, view, dir)?,
        ];
        if interpreters_chart::Interpreters::applies(view) {
            charts.push(render(&interpreters_chart::Interpreters, view, dir)?);
        }
        Ok(charts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::ratios::tests::timed;
    use crate::results::Status;

    fn workload(
        name: &str,
        category: Category,
        python: Option<f64>,
        python_c: Option<f64>,
    ) -> Vec<BenchResult> {
        let mut out = vec![timed(name, category, Variant::Rust, 1000.0)];
        out.extend(python.map(|r| timed(name, category, Variant::Python, 1000.0 * r)));
        out.extend(python_c.map(|r| timed(name, category, Variant::PythonC, 1000.0 * r)));
        out
    }

    fn verdict_for(ratios: &[f64]) -> Verdict {
        let results: Vec<_> = ratios
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                workload(&format!("w{i}"), Category::InterpreterBound, Some(*r), None)
            })
            .collect();
        claim(&results).verdict
    }

    #[test]
    fn verdict_follows_the_measured_ratios() {
        assert_eq!(verdict_for(&[20.0, 40.0, 60.0]), Verdict::Holds);
        assert_eq!(verdict_for(&[2.0, 3.0, 4.0]), Verdict::Fails);
        assert_eq!(verdict_for(&[300.0, 500.0, 900.0]), Verdict::Fails);
        assert_eq!(verdict_for(&[5.0, 50.0, 500.0]), Verdict::Partly);
    }

    #[test]
    fn library_bound_workloads_are_judged_on_python_c_and_categories_combine() {
        let lib = Category::LibraryBound;
        let mut results = workload("a", Category::InterpreterBound, Some(30.0), None);
        results.extend(workload("b", lib, Some(60.0), Some(2.0)));
        results.extend(workload("c", lib, None, Some(1.5)));
        let claim = claim(&results);
        assert_eq!(claim.verdict, Verdict::Partly, "{}", claim.summary);
        let lib_verdict = &claim.evidence["per_category"]["library-bound"]["verdict"];
        assert_eq!(lib_verdict, "fails", "{}", claim.summary);
        assert_eq!(
            claim.evidence["per_workload"][1]["idiomatic_variant"],
            "python_c"
        );
        assert!(
            claim.summary.contains("against pure Python"),
            "{}",
            claim.summary
        );
    }

    #[test]
    fn a_workload_whose_python_c_was_skipped_is_left_out_not_judged_on_python() {
        let lib = Category::LibraryBound;
        let mut results = workload("a", lib, Some(3.0), Some(2.0));
        results.extend(workload("m", lib, Some(170.0), Some(0.2)));
        let skipped = results.last_mut().unwrap();
        skipped.status = Status::Skipped;
        skipped.median_ns = None;
        skipped.message = Some("the Python package \"numpy\" is not installed".into());
        let ratios = idiomatic_speedups(&results);
        assert_eq!(
            ratios
                .iter()
                .map(|s| s.workload.as_str())
                .collect::<Vec<_>>(),
            ["a"],
            "m must not be judged on its pure Python"
        );
        let left_out = idiomatic_left_out(&results);
        assert_eq!(left_out.len(), 1);
        assert_eq!(
            (left_out[0].workload.as_str(), left_out[0].variant),
            ("m", Variant::PythonC)
        );
        let claim = claim(&results);
        assert!(
            claim.summary.contains("m was not timed (python_c skipped")
                && claim.summary.contains("numpy"),
            "{}",
            claim.summary
        );
        assert_eq!(
            claim.evidence["per_category"]["library-bound"]["workloads"],
            1
        );
        assert_eq!(claim.evidence["left_out"][0]["workload"], "m");
    }

    #[test]
    fn untimed_workloads_are_left_out_and_no_timing_means_not_measured() {
        let mut results = workload("w", Category::InterpreterBound, Some(30.0), None);
        results[1].status = Status::Mismatch;
        assert_eq!(claim(&results).verdict, Verdict::NotMeasured);
    }
}
