//! `REPORT.md`: every claim with its verdict and figures, the article's Quick Comparison
//! table with a "measured here" column, the charts, every result, and the environment.
//!
//! Every string that comes from the results file (names, messages, outputs, the environment,
//! the claims' summaries, which quote names) passes through [`text`] or [`code`], so that no
//! data can start a line or a heading, split a table cell, or reach the reader as HTML.

use std::collections::HashMap;
use std::fmt::{self, Display, Write};

use super::Figures;
use super::charts::{format_bytes, format_duration, format_fixed, format_ratio};
use super::claims::{
    BAND, BandPosition, C_LIKE_RULE, CLAIMS, DEV_SPEED_RULE, GC_RULE, HYBRID_RULE, MEMORY_RULE,
    MULTICORE_RULE, SPEED_RULE, Speedup,
};
use crate::multicore::{self, Scaling};
use crate::results::{BenchResult, Claim, Status, Verdict};
use crate::workload::{Mode, Variant};

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
        &[],
    ),
    ("Systems Programming", "Poor fit", "Excellent", &[]),
];

/// Renders the report. `charts` are paths relative to the report, e.g. `charts/speedup.png`.
pub fn render(figures: &Figures, charts: &[String]) -> String {
    let results = figures.file;
    let env = &results.environment;
    let python = format!("CPython {}", text(&env.python.version));
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "# pyrust-bench report\n");
    let _ = writeln!(
        w,
        "Generated from `latest.json` ({}, written {}). Every figure below was measured with **{python}** against **{}** on **{}** ({} cores). This file is generated: edit the code, not the report.\n",
        mode_words(figures),
        text(&results.generated_at),
        text(&env.rustc),
        text(&env.cpu),
        env.cores
    );
    if figures.modes.mixed() {
        let _ = writeln!(w, "{}\n", mixed_modes(figures));
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
    for spec in CLAIMS {
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

    speed_section(w, figures);
    c_like_section(w, figures);
    hybrid_section(w, figures);
    pauses_section(w, figures);
    memory_section(w, figures);
    multicore_section(w, figures);
    dev_speed_section(w, figures);

    let _ = writeln!(w, "\n## Charts\n");
    for chart in charts {
        let name = chart.rsplit('/').next().unwrap_or(chart);
        let _ = writeln!(w, "![{name}]({chart})\n");
    }

    results_section(w, figures);
    environment_section(w, figures);
    out
}

/// The run mode, as the header states it: `full mode`, `mixed modes`, or the entries' one
/// mode when the most recent run (which sets the file's mode) was of the other.
fn mode_words(figures: &Figures) -> String {
    let file_mode = figures.file.mode;
    match figures.modes.single() {
        _ if figures.modes.mixed() => {
            format!("mixed modes; the most recent run was in {file_mode} mode")
        }
        Some(mode) if mode != file_mode => {
            format!("{mode} mode; the most recent run was in {file_mode} mode")
        }
        _ => format!("{file_mode} mode"),
    }
}

/// The header's sentence on mixed modes: how many entries came from runs of each mode.
fn mixed_modes(figures: &Figures) -> String {
    let m = figures.modes;
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

fn quick_cell(claim: &Claim) -> String {
    match claim.verdict {
        Verdict::NotMeasured => format!("`{}`: not measured yet", claim.id),
        verdict => format!(
            "`{}` **{}**: {}",
            claim.id,
            verdict.id(),
            text(&claim.summary)
        ),
    }
}

/// A workload's name for a table cell, marked *quick* when its figures come from a quick run
/// beside full ones.
fn workload(figures: &Figures, name: &str) -> String {
    match figures.quick(name) {
        true => format!("{} *quick*", text(name)),
        false => text(name).to_string(),
    }
}

/// The median of one variant of one workload, formatted, or `–`.
fn median(figures: &Figures, workload: &str, variant: Variant) -> String {
    figures
        .find(workload, variant)
        .and_then(|r| r.timing())
        .map_or_else(|| "–".to_string(), |t| format_duration(t.median))
}

/// The first item of each workload in `items`, by name.
fn by_workload<T>(items: &[T], name: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(name(item)).or_insert(item);
    }
    map
}

fn speed_section(w: &mut String, figures: &Figures) {
    let _ = writeln!(w, "\n## `speed-10-100x`: Python time ÷ Rust time\n");
    let _ = writeln!(w, "Rule: {SPEED_RULE}\n");
    let ratios = &figures.idiomatic;
    if ratios.is_empty() {
        let _ = writeln!(w, "No workload was timed in both languages.");
        return;
    }
    let pure = by_workload(&figures.python, |s: &Speedup| &s.workload);
    let with_c = by_workload(&figures.python_c, |s: &Speedup| &s.workload);
    let ratio_of = |list: &HashMap<&str, &Speedup>, name: &str| {
        list.get(name)
            .map_or_else(|| "–".to_string(), |s| format_ratio(s.ratio))
    };
    let _ = writeln!(
        w,
        "| workload | category | n | rust | python | python_c | python ÷ rust | python_c ÷ rust | idiomatic ÷ rust (95% CI) | vs 10–100× |"
    );
    let _ = writeln!(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
    for s in ratios {
        let n = figures.find(&s.workload, Variant::Rust).map_or(0, |r| r.n);
        let band = match s.ratio.is_finite() && s.ratio >= 0.0 {
            true => BandPosition::of(s.ratio).id(),
            false => "–",
        };
        let _ = writeln!(
            w,
            "| {} | {} | {n} | {} | {} | {} | {} | {} | **{}** ({}–{}) | {band} |",
            workload(figures, &s.workload),
            s.category,
            median(figures, &s.workload, Variant::Rust),
            median(figures, &s.workload, Variant::Python),
            median(figures, &s.workload, Variant::PythonC),
            ratio_of(&pure, &s.workload),
            ratio_of(&with_c, &s.workload),
            format_ratio(s.ratio),
            format_ratio(s.low),
            format_ratio(s.high)
        );
    }
    let _ = writeln!(
        w,
        "\nThe band is the article's {}–{}×. *Idiomatic* is `python_c` where the workload has one (the Python that delegates to C: `json`, `re`, `hashlib`, numpy, …), else `python`. A ratio's interval runs from the low end of one confidence interval over the high end of the other, to the reverse.",
        BAND.0, BAND.1
    );
}

fn c_like_section(w: &mut String, figures: &Figures) {
    let _ = writeln!(w, "\n## `c-like`: Rust time ÷ C time\n");
    let _ = writeln!(w, "Rule: {C_LIKE_RULE}\n");
    let kernels = &figures.rust_over_c;
    if kernels.is_empty() {
        let _ = writeln!(w, "No kernel was timed in both Rust and C.");
        return;
    }
    let compiler = &figures.file.environment.c_compiler;
    let c_header = if compiler.is_empty() {
        "c".to_string()
    } else {
        format!("c ({})", text(compiler))
    };
    let _ = writeln!(w, "| kernel | n | {c_header} | rust | rust ÷ c (95% CI) |");
    let _ = writeln!(w, "|---|---:|---:|---:|---:|");
    for (name, ratio, low, high) in kernels {
        let n = figures.find(name, Variant::C).map_or(0, |r| r.n);
        let _ = writeln!(
            w,
            "| {} | {n} | {} | {} | **{}×** ({}–{}) |",
            workload(figures, name),
            median(figures, name, Variant::C),
            median(figures, name, Variant::Rust),
            format_fixed(*ratio, 2),
            format_fixed(*low, 2),
            format_fixed(*high, 2),
        );
    }
}

fn hybrid_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let _ = writeln!(w, "\n## `hybrid-pyo3`: Python calling the Rust kernel\n");
    let _ = writeln!(w, "Rule: {HYBRID_RULE}\n");
    let gains = &figures.gains;
    if gains.is_empty() {
        let _ = writeln!(w, "No workload has a timed `hybrid` variant.");
    } else {
        let _ = writeln!(
            w,
            "| workload | idiomatic Python | hybrid | rust | idiomatic ÷ hybrid | hybrid ÷ rust (boundary + Python glue) |"
        );
        let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
        let idiomatic = by_workload(&figures.idiomatic, |s: &Speedup| &s.workload);
        let hybrid = by_workload(&figures.hybrid, |s: &Speedup| &s.workload);
        for (name, gain) in gains {
            let variant = idiomatic
                .get(name.as_str())
                .map_or(Variant::Python, |s| s.variant);
            let over_rust = hybrid.get(name.as_str()).map_or(f64::NAN, |s| s.ratio);
            let _ = writeln!(
                w,
                "| {} | {} ({variant}) | {} | {} | **{}** | {} |",
                workload(figures, name),
                median(figures, name, variant),
                median(figures, name, Variant::Hybrid),
                median(figures, name, Variant::Rust),
                format_ratio(*gain),
                format_ratio(over_rust)
            );
        }
    }
    let Some(b) = &results.boundary else {
        let _ = writeln!(w, "\nBoundary costs: not measured in this results file.");
        return;
    };
    let _ = writeln!(
        w,
        "\nWhat crossing the boundary costs (Criterion medians; calls are timed {} at a time in a Python `for` loop, net of the empty loop):\n",
        crate::boundary::LOOP_CALLS
    );
    let _ = writeln!(w, "| crossing | cost |");
    let _ = writeln!(w, "|---|---:|");
    for probe in crate::boundary::LOOPS.iter().skip(1) {
        if let Some(ns) = crate::boundary::per_call_ns(b, probe.id) {
            let _ = writeln!(
                w,
                "| {} | {} ns per call |",
                probe.label,
                format_fixed(ns, 1)
            );
        }
    }
    if let Some(ns) = results.environment.call_overhead_ns {
        let _ = writeln!(
            w,
            "| Rust → Python, no arguments (the harness's own call) | {} ns per call |",
            format_fixed(ns, 1)
        );
    }
    for probe in crate::boundary::ARGUMENTS {
        match crate::boundary::per_element_ns(b, probe.id) {
            Some(ns) => {
                let _ = writeln!(
                    w,
                    "| {} | {} ns per element |",
                    probe.label,
                    format_fixed(ns, 2)
                );
            }
            None => {
                let _ = writeln!(w, "| {} | not measured (see notes) |", probe.label);
            }
        }
    }
    let _ = writeln!(
        w,
        "\nBreak-even on a sum of squares of a `list[float]` (pure Python: `sum(map(mul, xs, xs))`, every loop in C; hybrid: `pyrust_kernels.sum_of_squares(xs)`, conversion included):\n"
    );
    let _ = writeln!(w, "| elements | pure Python | hybrid | Python ÷ hybrid |");
    let _ = writeln!(w, "|---:|---:|---:|---:|");
    for p in &b.break_even {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            p.n,
            format_duration(p.python_ns),
            format_duration(p.hybrid_ns),
            format_ratio(p.python_ns / p.hybrid_ns)
        );
    }
}

fn pauses_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let _ = writeln!(
        w,
        "\n## `no-gc-pauses`: CPython's cycle collector against Rust\n"
    );
    let _ = writeln!(w, "Rule: {GC_RULE}\n");
    let _ = writeln!(
        w,
        "What a pause means for a program that serves requests: while the cycle collector runs, the interpreter does nothing else, so every request in flight waits for it; a pause shows up in the tail of the latency distribution (p99, max), not in the median or the throughput. CPython frees most objects by reference counting, with no pause at all; only objects in reference cycles wait for the collector, and `gc.disable()` (or `gc.freeze()`) is a common fix in latency-sensitive services. Measured in a pass of its own, not inside Criterion's timed loops.\n"
    );
    let Some(pauses) = results.pauses.as_ref().filter(|p| !p.workloads.is_empty()) else {
        let _ = writeln!(
            w,
            "Not measured: this results file has no pause measurements."
        );
        return;
    };
    let _ = writeln!(
        w,
        "| probe | operations | Python GC on: collections | pause total (share of run) | p50 / p99 / max pause | Python per-op p99 / max, GC on | GC off | Rust per-op p99 / p99.9 / max |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for p in &pauses.workloads {
        let gc = &p.python_gc_on;
        let mut sorted = gc.pauses_ns.clone();
        sorted.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            sorted
                .get(((sorted.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        };
        let _ = writeln!(
            w,
            "| {} ({}) | {} | {} | {} ({}%) | {} / {} / {} | {} / {} | {} / {} | {} / {} / {} |",
            text(&p.workload),
            text(&p.operation),
            p.operations,
            sorted.len(),
            format_duration(gc.paused_ns()),
            format_fixed(100.0 * gc.paused_share(), 2),
            format_duration(pick(0.5)),
            format_duration(pick(0.99)),
            format_duration(pick(1.0)),
            format_duration(gc.latency.p99_ns),
            format_duration(gc.latency.max_ns),
            format_duration(p.python_gc_off.latency.p99_ns),
            format_duration(p.python_gc_off.latency.max_ns),
            format_duration(p.rust.p99_ns),
            format_duration(p.rust.p999_ns),
            format_duration(p.rust.max_ns)
        );
    }
    let _ = writeln!(
        w,
        "\n| probe | Python run, GC on | Python run, GC off | peak traced memory, GC on / off |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for p in &pauses.workloads {
        let peak = |b: Option<u64>| {
            b.map_or("–".to_string(), |b| {
                format!("{:.1} MiB", b as f64 / 1048576.0)
            })
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} / {} |",
            text(&p.workload),
            format_duration(p.python_gc_on.run_ns),
            format_duration(p.python_gc_off.run_ns),
            peak(p.python_gc_on.peak_bytes),
            peak(p.python_gc_off.peak_bytes)
        );
    }
}

fn memory_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let _ = writeln!(
        w,
        "\n## `memory-footprint`: peak heap, records, start-up, binary size\n"
    );
    let _ = writeln!(w, "Rule: {MEMORY_RULE}\n");
    let _ = writeln!(
        w,
        "Peaks are measured in a pass of their own after timing, one call per variant: Rust's heap through a counting global allocator, Python's through `tracemalloc` (both, summed, for `hybrid`; C's `malloc` is not counted). They appear in the *peak* column of every result.\n"
    );
    let ratios = &figures.peak_ratios;
    if ratios.is_empty() {
        let _ = writeln!(w, "Peak heap: not measured in this results file.\n");
    } else {
        let _ = writeln!(w, "| workload | idiomatic Python peak ÷ Rust peak |");
        let _ = writeln!(w, "|---|---:|");
        for (name, ratio) in ratios {
            let _ = writeln!(
                w,
                "| {} | {} |",
                workload(figures, name),
                format_ratio(*ratio)
            );
        }
    }
    let Some(f) = &results.footprint else {
        let _ = writeln!(
            w,
            "\nBytes per element, start-up and binary size: not measured in this results file."
        );
        return;
    };
    let _ = writeln!(w, "\n| one million records as | bytes per element |");
    let _ = writeln!(w, "|---|---:|");
    for p in &f.per_element {
        let _ = writeln!(
            w,
            "| {} ({}) | {} |",
            text(&p.structure),
            text(&p.language),
            format_fixed(p.bytes_per_element, 1)
        );
    }
    let _ = writeln!(w, "\n| process start-up | median | min – max | runs |");
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for s in &f.startup {
        let _ = writeln!(
            w,
            "| {} ({}) | {} ms | {} – {} ms | {} |",
            text(&s.program),
            code(&s.command),
            format_fixed(s.median_ms, 1),
            format_fixed(s.min_ms, 1),
            format_fixed(s.max_ms, 1),
            s.runs
        );
    }
    let mib = |b: Option<u64>| {
        b.map_or("–".to_string(), |b| {
            format!("{:.2} MiB", b as f64 / 1048576.0)
        })
    };
    let _ = writeln!(
        w,
        "\nRelease binaries: `pyrust-bench` {} (it links libpython, plotters and Criterion); a minimal Rust CLI {}.",
        mib(f.binary_bytes),
        mib(f.minimal_binary_bytes)
    );
}

fn multicore_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let cores = results.environment.cores;
    let _ = writeln!(
        w,
        "\n## `multicore`: rayon against the GIL (the article is silent)\n"
    );
    let _ = writeln!(
        w,
        "**The article says nothing about multi-core work.** This section tests what a reader would ask first: `rust_par` spreads the work over a rayon pool; `python_threads` runs the same pure-Python split on a `concurrent.futures` thread pool, where one global interpreter lock (GIL) lets one thread run bytecode at a time; `python_procs` runs it on a pool of `spawn`ed processes, whose start-up and pickling are inside every timed call. Each is timed at 1 to {cores} workers and shown as a speedup over itself with one worker. This machine has **{cores} cores**, so {cores}× is the ceiling, and other processes on a shared machine take part of it. Rule: {MULTICORE_RULE}\n"
    );
    let curves = &figures.curves;
    if curves.is_empty() {
        let _ = writeln!(
            w,
            "Not measured: no parallel variant was timed at 1 and at 2 or more workers."
        );
        return;
    }
    let _ = writeln!(
        w,
        "| workload | rust_par ×1 ÷ rust | rust_par | python_threads | python_procs | python_procs ÷ rust |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|---:|");
    let mut by_key: HashMap<(&str, Variant), &Scaling> = HashMap::with_capacity(curves.len());
    for c in curves {
        by_key.entry((c.workload.as_str(), c.variant)).or_insert(c);
    }
    for name in multicore::workloads(curves) {
        let curve = |v: Variant| by_key.get(&(name, v)).copied();
        let speedup = |v: Variant| {
            curve(v).map_or("–".to_string(), |c| {
                let p = c.widest();
                format!("{}× on {}", format_fixed(p.speedup, 2), p.workers)
            })
        };
        let rust = figures.find(name, Variant::Rust).and_then(|r| r.timing());
        let over_rust =
            |v: Variant, point: fn(&Scaling) -> f64| Some(point(curve(v)?) / rust?.median);
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} | {} |",
            workload(figures, name),
            over_rust(Variant::RustPar, |c| c.points[0].median_ns)
                .map_or("–".to_string(), |x| format!("{}×", format_fixed(x, 2))),
            speedup(Variant::RustPar),
            speedup(Variant::PythonThreads),
            speedup(Variant::PythonProcs),
            over_rust(Variant::PythonProcs, |c| c.widest().median_ns)
                .map_or("–".to_string(), format_ratio),
        );
    }
    let _ = writeln!(
        w,
        "\n*rust_par ×1 ÷ rust* is what the parallel split costs on one thread; *python_procs ÷ rust* compares Python on every worker with one Rust thread."
    );
    let Some(m) = &results.multicore else {
        let _ = writeln!(w, "\nPool start-up: not measured in this results file.");
        return;
    };
    let _ = writeln!(
        w,
        "\n| Python pool: start, one empty task per worker, shut down | workers | median | 95% CI |"
    );
    let _ = writeln!(w, "|---|---:|---:|---|");
    for s in &m.startup {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} – {} |",
            text(&s.kind),
            s.workers,
            format_duration(s.median_ns),
            format_duration(s.ci_low_ns),
            format_duration(s.ci_high_ns)
        );
    }
}

fn dev_speed_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let _ = writeln!(w, "\n## `dev-speed`: lines of code, a proxy only\n");
    let _ = writeln!(
        w,
        "**This is not a measure of development speed.** Lines of code are a weak proxy for the effort of writing a program; the article's claim is about people, not lines. Rule: {DEV_SPEED_RULE}\n"
    );
    if results.source_lines.is_empty() {
        let _ = writeln!(w, "Not measured: this results file has no line counts.");
        return;
    }
    let _ = writeln!(
        w,
        "| workload | rust lines | python lines (all Python variants) | rust ÷ python |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|");
    for (name, lines) in &results.source_lines {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {:.2}× |",
            text(name),
            lines.rust,
            lines.python,
            lines.rust as f64 / lines.python.max(1) as f64
        );
    }
}

fn results_section(w: &mut String, figures: &Figures) {
    let results = &figures.file.results;
    // An entry's own mode is marked, where the modes are mixed.
    let name = |r: &BenchResult| match figures.modes.mixed() && r.mode == Some(Mode::Quick) {
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

fn environment_section(w: &mut String, figures: &Figures) {
    let results = figures.file;
    let env = &results.environment;
    let _ = writeln!(w, "\n## Environment\n");
    let rows = [
        ("CPU", format!("{} ({} cores)", env.cpu, env.cores)),
        ("OS", env.os.clone()),
        ("rustc", env.rustc.clone()),
        ("build profile", profile(&env.profile)),
        (
            "Python",
            format!(
                "{} {} ({})",
                env.python.implementation, env.python.version, env.python.sys_version
            ),
        ),
        ("Python prefix", env.python.prefix.clone()),
        ("sys.executable", env.python.executable.clone()),
        (
            "PyO3 built against",
            format!(
                "{} ({})",
                env.python.build_version, env.python.build_executable
            ),
        ),
        ("PyO3", env.pyo3.clone()),
        ("Criterion", env.criterion.clone()),
        ("call overhead", overhead(results)),
        (
            "suite time",
            env.suite_seconds
                .map_or("–".into(), |s| format!("{} s", format_fixed(s, 0))),
        ),
    ];
    let _ = writeln!(w, "| | |\n|---|---|");
    for (k, v) in rows {
        let _ = writeln!(w, "| {k} | {} |", text(&v));
    }
    let _ = writeln!(
        w,
        "\nHow it was measured: every variant's output was checked against the `rust` variant's at the timed size before timing; Criterion timed each variant in one process, Python through the embedded interpreter with its function looked up beforehand. Rust inputs and outputs pass through `std::hint::black_box`."
    );
}

/// The build profile as `key value` pairs, e.g. `name release, opt_level 3, …`.
fn profile(value: &serde_json::Value) -> String {
    match value.as_object() {
        Some(map) => map
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k} {}",
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => value.to_string(),
    }
}

/// The embedded call overhead, and its share of the fastest Python median.
fn overhead(results: &crate::results::ResultsFile) -> String {
    let Some(ns) = results.environment.call_overhead_ns else {
        return "not measured".into();
    };
    let fastest_python = results
        .results
        .iter()
        .filter(|r| r.variant.is_python())
        .filter_map(|r| r.timing())
        .map(|t| t.median)
        .fold(f64::INFINITY, f64::min);
    if fastest_python.is_finite() && fastest_python > 0.0 {
        format!(
            "{} per Rust→Python call, {}% of the fastest Python median",
            format_duration(ns),
            format_fixed(100.0 * ns / fastest_python, 5)
        )
    } else {
        format!("{} per Rust→Python call", format_duration(ns))
    }
}

/// A string from the results file as Markdown text, inline or in a table cell, that reads as
/// itself and as nothing else: `<`, `>` and `&` become HTML entities (no tag, comment or entity
/// of the data's reaches the reader); `\\`, `` ` ``, `*`, `[`, `]` and `|` are backslash-escaped
/// (no code span, emphasis, link or cell break), and line breaks and other control characters
/// become spaces (no new line, so no heading, list or block). `_` is left as it is: names are
/// full of it, and GFM does not emphasise inside a word.
pub fn text(s: &str) -> Text<'_> {
    Text(s)
}

/// See [`text`].
pub struct Text<'a>(&'a str);

impl Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '&' => f.write_str("&amp;")?,
                '\\' | '`' | '*' | '[' | ']' | '|' => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if c.is_control() => f.write_char(' ')?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// A string from the results file as a code span in a table cell, verbatim: fenced by one more
/// backtick than its longest run of them (and padded with a space where it starts or ends with
/// a backtick or a space), with `|` escaped as GFM tables require even in code, and line breaks
/// and other control characters as spaces. A string where a backslash stands before a `|`
/// (which a table would read as an escaped backslash and a cell break) is written as [`text`]
/// instead, as is an empty one.
pub fn code(s: &str) -> String {
    if s.is_empty() || s.contains("\\|") {
        return text(s).to_string();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let body: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace('|', "\\|");
    let pad = match body.starts_with(['`', ' ']) || body.ends_with(['`', ' ']) {
        true => " ",
        false => "",
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_inert_in_a_cell_and_inline() {
        let hostile = "a|b\n# heading <script>x</script> <img onerror=alert(1)> <!-- & `c` *d* [e](f) \\| g\r\th_i";
        let escaped = text(hostile).to_string();
        assert_eq!(
            escaped,
            "a\\|b # heading &lt;script&gt;x&lt;/script&gt; &lt;img onerror=alert(1)&gt; &lt;!-- &amp; \\`c\\` \\*d\\* \\[e\\](f) \\\\\\| g  h_i"
        );
        for raw in ['<', '>', '\n', '\r', '\t'] {
            assert!(!escaped.contains(raw), "{raw:?} in {escaped}");
        }
        // Every `|` left is escaped by an odd run of backslashes: none splits a cell.
        for (i, _) in escaped.match_indices('|') {
            let run = escaped[..i]
                .chars()
                .rev()
                .take_while(|c| *c == '\\')
                .count();
            assert_eq!(run % 2, 1, "{escaped}");
        }
    }

    #[test]
    fn code_spans_fence_their_backticks_and_escape_pipes() {
        assert_eq!(code("python3 -c pass"), "`python3 -c pass`");
        assert_eq!(code("echo `date` | wc -l"), "``echo `date` \\| wc -l``");
        assert_eq!(code("``x"), "``` ``x ```");
        assert_eq!(code("a\nb"), "`a b`");
        // Inside code, `<` is shown as it is, not as HTML.
        assert_eq!(code("<b>"), "`<b>`");
        // A backslash before a pipe cannot be written in a table's code span.
        assert_eq!(code("a\\|b"), "a\\\\\\|b");
        assert_eq!(code(""), "");
    }
}
