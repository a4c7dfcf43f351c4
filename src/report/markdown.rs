//! `REPORT.md`: the frame of the report (header, verdicts, the article's Quick Comparison
//! table with a "measured here" column, the charts, every result, and the environment), with
//! every claim's own section in between, in [`CLAIMS`] order. Every string from the data goes
//! through [`crate::render::escape`].

use std::fmt::Write;

use super::environment;
use crate::claims::CLAIMS;
use crate::render::escape::text;
use crate::render::{View, format_bytes, format_duration};
use crate::results::{BenchResult, Claim, Status, Verdict};
use crate::workload::Mode;

/// The article's Quick Comparison rows, and the claim (if any) a measurement speaks to.
const QUICK_COMPARISON: &[(&str, &str, &str, &[&str])] = &[
    (
        "Development Speed",
        "Very fast",
        "Slow (borrow checker)",
        &["dev-speed"],
    ),
    (
        "Runtime Performance",
        "Slow",
        "Very fast (C-like)",
        &["speed-10-100x", "c-like"],
    ),
    (
        "Memory Safety",
        "GC-managed",
        "Compile-time guaranteed",
        &[],
    ),
    ("AI/ML Ecosystem", "Dominant", "Minimal", &[]),
    ("Hiring", "Easy", "Hard (niche)", &[]),
    (
        "Error Handling",
        "Exceptions (runtime)",
        "Result types (compile-time)",
        &[],
    ),
    (
        "Web Frameworks",
        "Django, FastAPI, Flask",
        "Actix, Axum",
        &["api-servers"],
    ),
    ("Systems Programming", "Poor fit", "Excellent", &[]),
];

/// Renders the report. `charts` are paths relative to the report, e.g. `charts/speedup.png`.
pub fn render(view: &View, charts: &[String]) -> String {
    let results = view.file;
    let env = &results.environment;
    let python = format!("CPython {}", text(&env.python.version));
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# pyrust-bench report\n");
    let _ = writeln!(
        w,
        "Generated from `latest.json` ({}, written {}). Every figure below was measured with **{python}** against **{}** on **{}** ({} cores). This file is generated: edit the code, not the report.\n",
        mode_words(view),
        text(&results.generated_at),
        text(&env.rustc),
        text(&env.cpu),
        env.cores
    );
    if view.modes.mixed() {
        let _ = writeln!(w, "{}\n", mixed_modes(view));
    }
    if let Some(noise) = environment::noise_warning(env) {
        let _ = writeln!(w, "> **Noise:** {noise}\n");
    }
    if let Some(warning) = &env.python.warning {
        let _ = writeln!(w, "> **Warning:** {}\n", text(warning));
    }

    let _ = writeln!(w, "## Verdicts\n");
    let _ = writeln!(
        w,
        "| claim | the article says | verdict | measured here ({python}) |"
    );
    let _ = writeln!(w, "|---|---|---|---|");
    for spec in CLAIMS.iter().map(|c| c.spec()) {
        let claim = results.claims.iter().find(|c| c.id == spec.id);
        let (verdict, summary) = claim.map_or(("not-measured", "Not in this results file."), |c| {
            (c.verdict.id(), c.summary.as_str())
        });
        let _ = writeln!(
            w,
            "| `{}` | {} | **{verdict}** | {} |",
            spec.id,
            spec.article_says,
            text(summary)
        );
    }

    let _ = writeln!(w, "\n## The article's Quick Comparison, measured\n");
    let _ = writeln!(w, "| Factor | Python | Rust | measured here |");
    let _ = writeln!(w, "|---|---|---|---|");
    for (factor, py, rust, claim_id) in QUICK_COMPARISON {
        let cells: Vec<String> = claim_id
            .iter()
            .filter_map(|id| results.claims.iter().find(|c| c.id == *id))
            .map(quick_cell)
            .collect();
        // The cells are escaped one by one: the line break between them is ours.
        let measured = if claim_id.is_empty() {
            "not a performance claim".to_string()
        } else {
            cells.join("<br>")
        };
        let _ = writeln!(w, "| {factor} | {py} | {rust} | {measured} |");
    }

    for claim in CLAIMS {
        claim.section(w, view);
    }

    let _ = writeln!(w, "\n## Charts\n");
    for chart in charts {
        let name = chart.rsplit('/').next().unwrap_or(chart);
        let _ = writeln!(w, "![{name}]({chart})\n");
    }

    results_section(w, view);
    environment::section(w, view);
    out
}

/// The run mode, as the header states it: `full mode`, `mixed modes`, or the entries' one
/// mode when the most recent run (which sets the file's mode) was of the other.
fn mode_words(view: &View) -> String {
    let file_mode = view.file.mode;
    match view.modes.single() {
        _ if view.modes.mixed() => {
            format!("mixed modes; the most recent run was in {file_mode} mode")
        }
        Some(mode) if mode != file_mode => {
            format!("{mode} mode; the most recent run was in {file_mode} mode")
        }
        _ => format!("{file_mode} mode"),
    }
}

/// The header's sentence on mixed modes: how many entries came from runs of each mode.
fn mixed_modes(view: &View) -> String {
    let m = view.modes;
    let mut parts = Vec::new();
    if m.full > 0 {
        parts.push(format!("{} from full runs", m.full));
    }
    if m.quick > 0 {
        parts.push(format!(
            "{} from quick runs (marked *quick* below)",
            m.quick
        ));
    }
    if m.unrecorded > 0 {
        parts.push(format!(
            "{} whose run did not record its mode",
            m.unrecorded
        ));
    }
    let total = m.full + m.quick + m.unrecorded;
    let mut sentence = format!(
        "**Mixed modes:** of the {total} entries, {}.",
        parts.join(", ")
    );
    if m.quick > 0 {
        sentence.push_str(" A quick run times smaller inputs, more briefly: its figures are a smoke test and do not compare with a full run's.");
    }
    sentence
}

/// A claim's cell: its verdict and summary, or, where the claim gives one for this table
/// (`evidence.quick_comparison`), that shorter text.
fn quick_cell(claim: &Claim) -> String {
    let short = claim
        .evidence
        .get("quick_comparison")
        .and_then(|v| v.as_str());
    match claim.verdict {
        Verdict::NotMeasured => format!("`{}`: not measured yet", claim.id),
        verdict => format!(
            "`{}` **{}**: {}",
            claim.id,
            verdict.id(),
            text(short.unwrap_or(&claim.summary))
        ),
    }
}

fn results_section(w: &mut String, view: &View) {
    let results = &view.file.results;
    // An entry's own mode is marked, where the modes are mixed.
    let name = |r: &BenchResult| match view.modes.mixed() && r.mode == Some(Mode::Quick) {
        true => format!("{} *quick*", text(&r.workload)),
        false => text(&r.workload).to_string(),
    };
    let _ = writeln!(w, "## Every result\n");
    let _ = writeln!(
        w,
        "| workload | variant | n | status | median | 95% CI | peak | output |"
    );
    let _ = writeln!(w, "|---|---|---:|---|---:|---|---:|---|");
    for r in results {
        let (median, ci) = r.timing().map_or_else(
            || ("–".to_string(), "–".to_string()),
            |t| {
                (
                    format_duration(t.median),
                    format!("{} – {}", format_duration(t.low), format_duration(t.high)),
                )
            },
        );
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {median} | {ci} | {} | {} |",
            name(r),
            r.label(),
            r.n,
            r.status.id(),
            r.peak_bytes
                .map_or("–".to_string(), |b| format_bytes(b as f64)),
            text(r.output.as_deref().unwrap_or("–"))
        );
    }
    let failed: Vec<_> = results.iter().filter(|r| r.status != Status::Ok).collect();
    if !failed.is_empty() {
        let _ = writeln!(w, "\n### Not timed\n");
        for r in failed {
            let _ = writeln!(
                w,
                "- **{} / {}** ({}): {}",
                name(r),
                r.label(),
                r.status.id(),
                text(r.message.as_deref().unwrap_or("no message"))
            );
        }
    }
}
