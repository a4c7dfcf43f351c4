//! Claim `rust-tools-10-100x`: Ruff and Polars are "10-100x faster than pure Python
//! alternatives because the performance-critical code is Rust". Measured with the real tools
//! on real input, as whole processes the way users run them ([`pass`]), and judged on wall
//! time, as users see it. The "because" is tested beside it: the same Rust tool on one
//! thread, and for Polars its eager API on one thread, separate what the language buys from
//! what every core and a query planner buy.

mod chart;
pub mod contests;
pub mod findings;
pub mod formatted;
pub mod frames;
pub mod pass;
mod section;

use std::path::Path;

use serde_json::json;

use super::ratios::{BAND, BandPosition};
use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::View;
use crate::render::chart::{ChartFiles, render};
use crate::results::{Claim, ResultsFile, RustTools, Status, ToolComparison, ToolRole, Verdict};
use crate::timing::median;

/// Claim `rust-tools-10-100x`: what the article says and how it is measured.
pub const SPEC: Spec = Spec {
    id: "rust-tools-10-100x",
    article_says: "Ruff and Polars are \"10-100x faster than pure Python alternatives because the performance-critical code is Rust\"",
    measured_by: "Ruff against pyflakes, pycodestyle and Black on the interpreter's standard library, with the findings compared; Polars against pandas on TPC-H Q1 and Q3, with the results compared; whole processes, wall and CPU time, and each Rust tool on one thread",
};

/// The rule, as the report states it.
pub const RULE: &str = "Each comparison is judged on wall time, as a user sees it: the Python tool's median ÷ the Rust tool's median, the Rust tool on every core as it runs by default. A comparison counts when every tool ran, the DataFrame results are equal, and the linters' findings or the formatters' output agree on at least 90% (intersection over union). *holds* when every counted comparison is at least 10× (inside the article's 10–100× band, or above it); *fails* when fewer than a third are; *partly* otherwise. The single-thread CPU ratio (the Rust tool on one thread, Polars' eager API without its planner) is reported beside it: it is the part of the gain the language itself explains.";

/// The least agreement for a comparison to count.
pub const MIN_AGREEMENT: f64 = 0.9;

/// The figures of one comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub id: String,
    pub kind: String,
    pub input: String,
    pub rust_tool: String,
    pub python_tool: String,
    /// Python wall ÷ Rust wall (every core), the median of the per-round ratios.
    pub wall_ratio: f64,
    /// The lowest and highest per-round ratio.
    pub wall_low: f64,
    pub wall_high: f64,
    /// Python CPU ÷ Rust CPU (every core).
    pub cpu_ratio: f64,
    /// Python CPU ÷ the Rust tool's CPU on one thread (Polars: eager, no planner).
    pub single_thread_ratio: f64,
    pub agreement: Option<f64>,
    /// Whether the verdict counts it.
    pub counted: bool,
    /// DataFrames only: pandas ÷ lazy Polars on the query alone, imports excluded (the time
    /// each query process measured itself).
    pub query_ratio: Option<f64>,
    /// DataFrames only: pandas ÷ eager on 1 thread (the kernels), eager ÷ lazy on 1 thread
    /// (the optimizer), 1 thread ÷ every thread (parallelism), on the query alone where the
    /// processes measured it, else on wall time.
    pub attribution: Option<[f64; 3]>,
}

fn runs(c: &ToolComparison, role: ToolRole) -> Option<&crate::results::ToolRuns> {
    c.tools
        .iter()
        .find(|t| t.role == role && !t.wall_ns.is_empty())
}

/// The figures of a comparison that was timed.
pub fn figures(c: &ToolComparison) -> Option<Figures> {
    if c.status != Status::Ok {
        return None;
    }
    let (rust, python) = (runs(c, ToolRole::Rust)?, runs(c, ToolRole::Python)?);
    let single = runs(c, ToolRole::RustEagerOneThread).or(runs(c, ToolRole::RustOneThread))?;
    let per_round: Vec<f64> = python
        .wall_ns
        .iter()
        .zip(&rust.wall_ns)
        .map(|(p, r)| p / r)
        .collect();
    let cpu = |r: &crate::results::ToolRuns| median(&r.cpu_ns);
    let agreement = c.agreement.as_ref().map(|a| a.share());
    let timed = [
        Some(rust),
        Some(python),
        runs(c, ToolRole::RustEagerOneThread),
        runs(c, ToolRole::RustOneThread),
    ];
    // The query alone when every process reported it for every round, else the whole process.
    let inner = timed
        .iter()
        .flatten()
        .all(|r| r.inner_ns.len() == r.wall_ns.len());
    let work = |r: &crate::results::ToolRuns| median(if inner { &r.inner_ns } else { &r.wall_ns });
    let query_ratio = (c.kind == "dataframe" && inner).then(|| work(python) / work(rust));
    let attribution = match (
        runs(c, ToolRole::RustEagerOneThread),
        runs(c, ToolRole::RustOneThread),
    ) {
        (Some(eager), Some(lazy_one)) => Some([
            work(python) / work(eager),
            work(eager) / work(lazy_one),
            work(lazy_one) / work(rust),
        ]),
        _ => None,
    };
    Some(Figures {
        id: c.id.clone(),
        kind: c.kind.clone(),
        input: c.input.clone(),
        rust_tool: c.rust_tool.clone(),
        python_tool: c.python_tool.clone(),
        wall_ratio: median(&per_round),
        wall_low: per_round.iter().copied().fold(f64::INFINITY, f64::min),
        wall_high: per_round.iter().copied().fold(0.0, f64::max),
        cpu_ratio: cpu(python) / cpu(rust),
        single_thread_ratio: cpu(python) / cpu(single),
        agreement,
        counted: agreement.is_none_or(|a| a >= MIN_AGREEMENT),
        query_ratio,
        attribution,
    })
}

/// The verdict on the wall ratios of the counted comparisons.
pub fn verdict(wall_ratios: &[f64]) -> Verdict {
    let at_least = wall_ratios.iter().filter(|r| **r >= BAND.0).count();
    if at_least == wall_ratios.len() {
        Verdict::Holds
    } else if (at_least as f64) < wall_ratios.len() as f64 / 3.0 {
        Verdict::Fails
    } else {
        Verdict::Partly
    }
}

/// The claim, from what the pass measured.
pub fn claim(tools: Option<&RustTools>) -> Claim {
    let spec = &SPEC;
    let Some(tools) = tools else {
        return not_measured(
            spec,
            "the pass `rust-tools` has not run into this results file (`cargo bench -- rust-tools`)",
        );
    };
    if let Some(why) = &tools.unavailable {
        return not_measured(spec, why.trim_end_matches('.'));
    }
    let all: Vec<Figures> = tools.comparisons.iter().filter_map(figures).collect();
    let counted: Vec<&Figures> = all.iter().filter(|f| f.counted).collect();
    if counted.is_empty() {
        return not_measured(
            spec,
            "no comparison ran to the end with agreeing results (see the section for why)",
        );
    }
    let ratios: Vec<f64> = counted.iter().map(|f| f.wall_ratio).collect();
    let verdict = verdict(&ratios);
    let listed = |pick: fn(&Figures) -> f64| -> String {
        counted
            .iter()
            .map(|f| format!("{} {:.1}×", short_name(f), pick(f)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let at_least = ratios.iter().filter(|r| **r >= BAND.0).count();
    let left_out: Vec<String> = tools
        .comparisons
        .iter()
        .filter(|c| !counted.iter().any(|f| f.id == c.id))
        .map(|c| format!("{} ({})", c.id, left_out_reason(c)))
        .collect();
    let mut summary = format!(
        "The Python tool's wall time ÷ the Rust tool's, as users run them: {}; {at_least} of {} at least 10×. On one thread (CPU time, Polars without its planner): {}.",
        listed(|f| f.wall_ratio),
        counted.len(),
        listed(|f| f.single_thread_ratio),
    );
    if !left_out.is_empty() {
        summary.push_str(&format!(" Not counted: {}.", left_out.join(", ")));
    }
    let evidence_tools: Vec<_> = all
        .iter()
        .map(|f| {
            json!({
                "id": f.id, "rust_tool": f.rust_tool, "python_tool": f.python_tool,
                "input": f.input, "wall_ratio": f.wall_ratio,
                "wall_ratio_low": f.wall_low, "wall_ratio_high": f.wall_high,
                "cpu_ratio": f.cpu_ratio, "single_thread_ratio": f.single_thread_ratio,
                "agreement": f.agreement, "counted": f.counted,
                "query_ratio": f.query_ratio,
                "band": BandPosition::of(f.wall_ratio).id(),
                "attribution": f.attribution.map(|[kernels, optimizer, parallelism]| json!({
                    "kernels": kernels, "optimizer": optimizer, "parallelism": parallelism,
                })),
            })
        })
        .collect();
    Claim {
        id: spec.id.to_string(),
        verdict,
        summary,
        evidence: json!({
            "rule": RULE,
            "tools": evidence_tools,
            "versions": tools.versions,
            "runs": tools.runs,
        }),
    }
}

/// `pyflakes/ruff`: how the summary and the chart name a comparison.
pub fn short_name(f: &Figures) -> String {
    let first = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();
    match f.kind.as_str() {
        "dataframe" => format!(
            "{} {}",
            f.id.trim_start_matches("tpch-").to_uppercase(),
            "pandas/Polars"
        ),
        "format" => format!("{}/ruff format", first(&f.python_tool)),
        _ => format!("{}/ruff", first(&f.python_tool)),
    }
}

fn left_out_reason(c: &ToolComparison) -> String {
    match (c.status, &c.agreement) {
        (Status::Ok, Some(a)) => format!("agreement {:.1}%, under 90%", a.share() * 100.0),
        (status, _) => status.id().to_string(),
    }
}

/// Claim `rust-tools-10-100x` in [`crate::claims::CLAIMS`].
pub struct RustToolsClaim;

impl crate::claims::Claim for RustToolsClaim {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(file.rust_tools.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::RustToolsPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section::write(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![render(&chart::ToolsChart, view, dir)?])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::results::{Agreement, ToolRuns};

    fn tool(role: ToolRole, wall: f64, cpu: f64) -> ToolRuns {
        ToolRuns {
            role,
            command: format!("{role:?}"),
            wall_ns: vec![wall, wall * 1.02, wall * 0.98],
            cpu_ns: vec![cpu; 3],
            inner_ns: Vec::new(),
        }
    }

    /// A timed lint comparison whose Python tool takes `ratio` times Ruff's wall time.
    pub fn lint(id: &str, ratio: f64, share: f64) -> ToolComparison {
        let common = (share * 100.0).round() as u64;
        ToolComparison {
            id: id.to_string(),
            kind: "lint".to_string(),
            input: "lint sample".to_string(),
            rust_tool: "ruff check".to_string(),
            python_tool: id.trim_start_matches("lint-").to_string(),
            status: Status::Ok,
            message: None,
            tools: vec![
                tool(ToolRole::Rust, 1e8, 1.8e8),
                tool(ToolRole::RustOneThread, 1.7e8, 1.6e8),
                tool(ToolRole::Python, ratio * 1e8, ratio * 1e8),
            ],
            agreement: Some(Agreement {
                items: "findings".to_string(),
                common,
                only_rust: 100 - common,
                only_python: 0,
                excluded_files: 0,
                codes: vec!["F401".to_string()],
                largest_differences: Vec::new(),
                files: None,
                files_differing: None,
            }),
        }
    }

    /// A timed TPC-H comparison: pandas at `ratio` times lazy Polars on every thread.
    pub fn dataframe(id: &str, ratio: f64) -> ToolComparison {
        ToolComparison {
            id: id.to_string(),
            kind: "dataframe".to_string(),
            input: "TPC-H".to_string(),
            rust_tool: "Polars (lazy)".to_string(),
            python_tool: "pandas".to_string(),
            status: Status::Ok,
            message: None,
            tools: vec![
                tool(ToolRole::Rust, 1e8, 1.6e8),
                tool(ToolRole::RustOneThread, 1.5e8, 1.5e8),
                tool(ToolRole::RustEagerOneThread, 3e8, 3e8),
                tool(ToolRole::Python, ratio * 1e8, ratio * 1e8),
            ],
            agreement: None,
        }
    }

    pub fn measured(comparisons: Vec<ToolComparison>) -> RustTools {
        RustTools {
            runs: 3,
            comparisons,
            ..RustTools::default()
        }
    }

    #[test]
    fn the_verdict_holds_is_partly_or_fails() {
        let verdict_of = |ratios: [f64; 4]| {
            claim(Some(&measured(vec![
                lint("lint-pyflakes", ratios[0], 0.95),
                lint("lint-pycodestyle", ratios[1], 0.92),
                dataframe("tpch-q1", ratios[2]),
                dataframe("tpch-q3", ratios[3]),
            ])))
            .verdict
        };
        assert_eq!(verdict_of([40.0, 80.0, 12.0, 150.0]), Verdict::Holds);
        assert_eq!(verdict_of([40.0, 80.0, 3.0, 2.5]), Verdict::Partly);
        assert_eq!(verdict_of([40.0, 8.0, 3.0, 2.5]), Verdict::Fails);
    }

    #[test]
    fn low_agreement_or_a_mismatch_is_not_counted() {
        let mut mismatch = dataframe("tpch-q3", 2.0);
        mismatch.status = Status::Mismatch;
        let c = claim(Some(&measured(vec![
            lint("lint-pyflakes", 40.0, 0.95),
            lint("lint-pycodestyle", 2.0, 0.5),
            mismatch,
        ])));
        assert_eq!(c.verdict, Verdict::Holds, "{}", c.summary);
        assert!(
            c.summary
                .contains("lint-pycodestyle (agreement 50.0%, under 90%)"),
            "{}",
            c.summary
        );
        assert!(c.summary.contains("tpch-q3 (mismatch)"), "{}", c.summary);
    }

    #[test]
    fn ratios_and_the_attribution_multiply_to_the_whole() {
        let f = figures(&dataframe("tpch-q1", 6.0)).unwrap();
        assert!((f.wall_ratio - 6.0).abs() < 1e-9, "{f:?}");
        let [kernels, optimizer, parallelism] = f.attribution.unwrap();
        assert!((kernels * optimizer * parallelism - 6.0).abs() < 1e-9);
        // Without the processes' own query times there is no query-alone ratio.
        assert_eq!(f.query_ratio, None);
        let mut reported = dataframe("tpch-q1", 6.0);
        for t in &mut reported.tools {
            t.inner_ns = t.wall_ns.iter().map(|w| w / 2.0).collect();
        }
        reported.tools[3].inner_ns = vec![4e8; 3];
        let f = figures(&reported).unwrap();
        assert!((f.query_ratio.unwrap() - 8.0).abs() < 1e-9, "{f:?}");
        assert!((f.single_thread_ratio - 2.0).abs() < 1e-9, "{f:?}");
        let f = figures(&lint("lint-pyflakes", 40.0, 1.0)).unwrap();
        assert!((f.single_thread_ratio - 40.0 / 1.6).abs() < 1e-9, "{f:?}");
        assert!(f.attribution.is_none());
    }

    #[test]
    fn tools_that_could_not_be_installed_are_not_measured_with_the_command() {
        let tools = RustTools {
            unavailable: Some(
                "the Python packages could not be installed; install them with `pip install -r x`"
                    .to_string(),
            ),
            ..RustTools::default()
        };
        let c = claim(Some(&tools));
        assert_eq!(c.verdict, Verdict::NotMeasured);
        assert!(c.summary.contains("pip install -r x"), "{}", c.summary);
        assert_eq!(claim(None).verdict, Verdict::NotMeasured);
    }
}
