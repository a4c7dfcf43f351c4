//! The report's environment section: where and with what every figure was measured, in
//! enough detail to compare two reports (the CPU's family, model and caches, the kernel, the
//! load), and how noisy the run was: the drift of the calibration kernels between its start
//! and its end, with a warning above [`NOISE_WARNING_PCT`].

use std::fmt::Write;

use crate::render::escape::text;
use crate::render::{View, format_duration, format_fixed};
use crate::results::{Environment, NOISE_WARNING_PCT};

/// The environment section: the machine, the toolchain, the interpreter, and how noisy the
/// run was.
pub(super) fn section(w: &mut String, view: &View) {
    let results = view.file;
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
    for (k, v) in rows.into_iter().chain(machine_rows(env)) {
        let _ = writeln!(w, "| {k} | {} |", text(&v));
    }
    let _ = writeln!(
        w,
        "\nHow it was measured: every variant's output was checked against the `rust` variant's at the timed size before timing; Criterion timed each variant in one process that carries no counting allocator (in full mode in interleaved rounds), Python through the embedded interpreter with its function looked up beforehand; the peak heaps were measured afterwards in a process of their own. Rust inputs and outputs pass through `std::hint::black_box`."
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

/// The rows that describe the machine in detail and the run's noise, where recorded.
fn machine_rows(env: &Environment) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(m) = &env.machine {
        let kib = |k: Option<u64>| k.map_or("–".to_string(), |k| format!("{k} KiB"));
        rows.push((
            "CPU in detail",
            format!(
                "{} family {} model {} stepping {}, {}, L2 {}, L3 {}",
                m.vendor,
                m.family,
                m.model,
                m.stepping,
                m.mhz.map_or("clock unknown".to_string(), |mhz| format!(
                    "{} MHz",
                    format_fixed(mhz, 0)
                )),
                kib(m.l2_kib),
                kib(m.l3_kib)
            ),
        ));
        rows.push((
            "kernel, governor",
            format!(
                "{}, {}",
                m.kernel,
                m.governor
                    .as_deref()
                    .unwrap_or("no frequency governor visible")
            ),
        ));
        let load = |l: Option<[f64; 3]>| {
            l.map_or("–".to_string(), |l| {
                l.map(|x| format_fixed(x, 2)).join(" / ")
            })
        };
        rows.push((
            "load average (1 / 5 / 15 min)",
            format!(
                "{} at the start, {} at the end",
                load(m.load_start),
                load(m.load_end)
            ),
        ));
    }
    if let Some(c) = &env.calibration {
        let end = |ns: Option<f64>| ns.map_or("–".to_string(), format_duration);
        let drift = c
            .drift_pct()
            .map_or(" (not timed at the end)".to_string(), |(r, p)| {
                format!(
                    "; drift Rust {:+.1}%, Python {:+.1}%: noise {}%",
                    r,
                    p,
                    format_fixed(r.abs().max(p.abs()), 1)
                )
            });
        rows.push((
            "calibration kernels, start → end",
            format!(
                "Rust {} → {}, Python {} → {}{drift}",
                format_duration(c.rust_start_ns),
                end(c.rust_end_ns),
                format_duration(c.python_start_ns),
                end(c.python_end_ns)
            ),
        ));
    }
    rows
}

/// The header's warning when the calibration kernels drifted more than [`NOISE_WARNING_PCT`]
/// between the start and the end of the run.
pub(super) fn noise_warning(env: &Environment) -> Option<String> {
    let c = env.calibration.as_ref()?;
    let (rust, python) = c.drift_pct()?;
    let noise = c.noise_pct()?;
    (noise > NOISE_WARNING_PCT).then(|| {
        format!(
            "the calibration kernels' times changed by {:+.1}% (Rust) and {:+.1}% (Python) from the start of the run to its end, more than {NOISE_WARNING_PCT}% (negative: faster at the end): the machine's speed changed while it ran, so a difference between two reports smaller than that is not evidence of anything.",
            rust, python
        )
    })
}
