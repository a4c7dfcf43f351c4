//! The sections of `REPORT.md` that present one claim each: the rule, the table of
//! figures per workload, and the measurements of the claim's pass. `markdown` puts them
//! between the report's frame (header, verdicts, Quick Comparison) and its every-result and
//! environment sections.

use std::collections::HashMap;
use std::fmt::Write;

use super::Figures;
use super::charts::{format_duration, format_fixed, format_ratio};
use super::claims::{
    BAND, BandPosition, C_LIKE_RULE, DEV_SPEED_RULE, GC_RULE, HYBRID_RULE, MEMORY_RULE,
    MULTICORE_RULE, SPEED_RULE, Speedup,
};
use super::escape::{code, text};
use super::markdown::workload;
use crate::multicore::{self, Scaling};
use crate::workload::Variant;

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

pub(super) fn speed_section(w: &mut String, figures: &Figures) {
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

pub(super) fn c_like_section(w: &mut String, figures: &Figures) {
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

pub(super) fn hybrid_section(w: &mut String, figures: &Figures) {
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

pub(super) fn pauses_section(w: &mut String, figures: &Figures) {
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

pub(super) fn memory_section(w: &mut String, figures: &Figures) {
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

pub(super) fn multicore_section(w: &mut String, figures: &Figures) {
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

pub(super) fn dev_speed_section(w: &mut String, figures: &Figures) {
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
