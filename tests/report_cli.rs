//! The report and the CLI from the outside: charts and REPORT.md render from a fixture results
//! file (valid SVG, a PNG with ink on it), and bad input gets one readable error and exit 2.

mod common;

use std::path::PathBuf;

use common::{cli, ink_share, scratch, stderr};
use pyrust_bench::results::store;

fn fixture() -> PathBuf {
    common::fixture("results_v1.json")
}

#[test]
fn report_renders_charts_and_markdown_from_a_fixture() {
    let scratch_dir = scratch();
    let out = scratch_dir.path().to_path_buf();
    let result = cli(&[
        "report",
        "--results",
        fixture().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));

    for chart in ["speedup", "times"] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{chart}.svg is not XML: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(
            svg.contains("nbody"),
            "{chart}.svg lacks the workload labels"
        );
        let ink = ink_share(&out.join(format!("charts/{chart}.png")));
        assert!(
            ink > 0.02,
            "{chart}.png is almost blank ({ink:.4} of pixels differ from the background)"
        );
    }

    let report = std::fs::read_to_string(out.join("REPORT.md")).unwrap();
    // nbody at 77× is inside the band, fasta at 3× below it: a mixed verdict, recomputed
    // from the results (the fixture's own claims list is empty).
    assert!(
        report.contains("| `speed-10-100x` |") && report.contains("**partly**"),
        "{report}"
    );
    assert!(
        report.contains("**77×**") && report.contains("**3×**"),
        "{report}"
    );
    assert!(report.contains("CPython 3.11.7"));
    assert!(report.contains("not a performance claim"));
    assert!(
        report.contains("binary_trees / python** (mismatch)"),
        "{report}"
    );
    assert!(report.contains("![speedup.png](charts/speedup.png)"));
    // The fixture predates the pause and memory measurements: their sections say so.
    assert!(
        report.contains("Not measured: this results file has no pause measurements."),
        "{report}"
    );
    assert!(
        report.contains("Peak heap: not measured in this results file."),
        "{report}"
    );
    assert!(report.contains("| `no-gc-pauses` |") && report.contains("| `memory-footprint` |"));
    assert!(
        report.contains("Not measured: no parallel variant was timed"),
        "{report}"
    );
}

#[test]
fn parallel_results_chart_their_scaling_and_get_a_verdict() {
    use pyrust_bench::results::BenchResult;
    use pyrust_bench::workload::Variant;

    let scratch_dir = scratch();
    let out = scratch_dir.path().to_path_buf();
    let mut file = store::load(&fixture()).unwrap();
    let nbody_rust = file
        .results
        .iter()
        .find(|r| r.workload == "nbody" && r.variant == Variant::Rust)
        .unwrap()
        .clone();
    // rust_par halves its time on two workers, threads gain nothing, processes 1.6×.
    for (variant, one, two) in [
        (Variant::RustPar, 1.0e6, 0.5e6),
        (Variant::PythonThreads, 80.0e6, 80.0e6),
        (Variant::PythonProcs, 90.0e6, 56.25e6),
    ] {
        for (workers, ns) in [(1, one), (2, two)] {
            file.results.push(BenchResult {
                variant,
                workers: Some(workers),
                median_ns: Some(ns),
                ci_low_ns: Some(ns * 0.98),
                ci_high_ns: Some(ns * 1.02),
                ..nbody_rust.clone()
            });
        }
    }
    file.environment.cores = 2;
    let path = out.join("parallel.json");
    store::save(&path, &file).unwrap();
    let result = cli(&["report", "--results", path.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));

    let svg = std::fs::read_to_string(out.join("charts/scaling.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("scaling.svg is XML");
    for label in [
        "nbody",
        "rust_par",
        "python_threads",
        "python_procs",
        "2.00×",
        "1.60×",
    ] {
        assert!(svg.contains(label), "scaling.svg lacks {label}");
    }
    assert!(ink_share(&out.join("charts/scaling.png")) > 0.02);
    let report = std::fs::read_to_string(out.join("REPORT.md")).unwrap();
    assert!(report.contains("| `multicore` |"), "{report}");
    assert!(
        report.contains("rust_par ran 2.00× as fast as with one (100% efficiency"),
        "{report}"
    );
    assert!(
        report.contains("| nbody | 2.86× | 2.00× on 2 | 1.00× on 2 | 1.60× on 2 | 161× |"),
        "{report}"
    );
    assert!(report.contains("nbody | python_procs×2 |"), "{report}");
}

#[test]
fn a_single_workload_still_charts() {
    let scratch_dir = scratch();
    let out = scratch_dir.path().to_path_buf();
    let mut file = store::load(&fixture()).unwrap();
    file.results.retain(|r| r.workload == "nbody");
    let path = out.join("one.json");
    store::save(&path, &file).unwrap();
    let result = cli(&["report", "--results", path.to_str().unwrap()]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(ink_share(&out.join("charts/speedup.png")) > 0.02);
}

#[test]
fn bad_results_files_get_one_clear_error_and_exit_2() {
    let scratch_dir = scratch();
    let dir = scratch_dir.path().to_path_buf();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "corrupt.json",
            b"{\"schema_version\": 1,\n  \"results\": [,]\n}",
            "not valid JSON at line 2",
        ),
        (
            "binary.json",
            &[0x89, b'P', b'N', b'G', 0xff, 0x00],
            "not a text file",
        ),
        (
            "future.json",
            b"{\"schema_version\": 7}",
            "schema_version 7 is not supported",
        ),
        ("empty.json", b"", "not valid JSON at line 1"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = cli(&["report", "--results", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&path.display().to_string()) && err.contains(expected),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    let missing = dir.join("missing.json");
    let out = cli(&["report", "--results", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing.json"), "{}", stderr(&out));
}

#[test]
fn an_unknown_filter_lists_the_valid_names() {
    let out = cli(&["verify", "no_such_workload"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no_such_workload") && err.contains("nbody") && err.contains("fasta"),
        "{err}"
    );
}

#[test]
fn list_shows_every_workload_with_category_and_variants() {
    let out = cli(&["list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for w in pyrust_bench::workload::WORKLOADS {
        let variants: Vec<&str> = w.variants().iter().map(|v| v.id()).collect();
        let variants = variants.join(",");
        let line = text
            .lines()
            .find(|l| l.starts_with(w.name()))
            .unwrap_or_else(|| panic!("{} missing", w.name()));
        assert!(
            line.contains(w.category().id()) && line.contains(&variants),
            "{line}"
        );
    }
}
