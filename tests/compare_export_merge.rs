//! Results beyond one run, from the outside: `compare` (no change, a regression that fails
//! with --fail-on-regression, a verdict that changes, added and removed entries, bad input),
//! `export` (each format's published shape, with the medians as values) and `merge` (two runs
//! of different Pythons side by side, with a chart that has ink on it). The inputs are the
//! full-run fixture and copies of it changed in known ways.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{cli, ink_share, scratch, stderr};
use serde_json::Value;

fn full_fixture() -> Value {
    let text = std::fs::read_to_string(common::fixture("results_full_v1.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Writes `value` as `name` into `dir`.
fn write(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

/// Multiplies every time of the entries `pick` selects by `factor`.
fn scale(file: &mut Value, factor: f64, pick: impl Fn(&Value) -> bool) {
    for r in file["results"].as_array_mut().unwrap() {
        if !pick(r) {
            continue;
        }
        for key in ["median_ns", "ci_low_ns", "ci_high_ns"] {
            if let Some(x) = r[key].as_f64() {
                r[key] = (x * factor).into();
            }
        }
        if let Some(rounds) = r["rounds_ns"].as_array_mut() {
            for x in rounds {
                *x = (x.as_f64().unwrap() * factor).into();
            }
        }
    }
}

fn is(r: &Value, workload: &str, variant: &str) -> bool {
    r["workload"] == workload && r["variant"] == variant && r["workers"].is_null()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The line of `text` that starts with `prefix`.
fn line<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?} in:\n{text}"))
}

fn entry_name(file: &Value, workload: &str, variant: &str) -> String {
    let r = file["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| is(r, workload, variant))
        .unwrap();
    format!("{workload}/{variant}/{}", r["n"])
}

#[test]
fn compare_of_a_file_with_itself_finds_no_change() {
    let dir = scratch();
    let base = write(dir.path(), "base.json", &full_fixture());
    let out = cli(&[
        "compare",
        base.to_str().unwrap(),
        base.to_str().unwrap(),
        "--fail-on-regression",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\n0 slower, 0 faster, "), "{text}");
    assert!(text.contains("No verdict changed"), "{text}");
    assert!(!text.contains("warning:"), "{text}");
}

#[test]
fn a_significant_regression_fails_only_with_fail_on_regression() {
    let dir = scratch();
    let base = full_fixture();
    let mut new = base.clone();
    scale(&mut new, 1.5, |r| is(r, "nbody", "python"));
    let (base_path, new_path) = (
        write(dir.path(), "base.json", &base),
        write(dir.path(), "new.json", &new),
    );
    let args = [
        "compare",
        base_path.to_str().unwrap(),
        new_path.to_str().unwrap(),
    ];
    let out = cli(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let nbody = line(&text, &entry_name(&base, "nbody", "python"));
    assert!(
        nbody.contains("+50.0%") && nbody.ends_with("slower"),
        "{nbody}"
    );
    assert!(text.contains("\n1 slower, 0 faster, "), "{text}");
    // The python/rust ratio moved by the same 50%.
    assert!(line(&text, "nbody  ").contains("+50.0%"), "{text}");

    let out = cli(&[&args[..], &["--fail-on-regression"]].concat());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 entry is significantly slower"));

    // Under a 60% threshold, the same change is not significant.
    let out = cli(&[&args[..], &["--fail-on-regression", "--threshold", "60"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_verdict_that_changes_is_listed_with_both_verdicts() {
    let dir = scratch();
    let base = full_fixture();
    let mut new = base.clone();
    // Every Python variant 100 times faster: every ratio falls below the 10–100× band.
    scale(&mut new, 0.01, |r| {
        r["variant"] == "python" || r["variant"] == "python_c"
    });
    let before = pyrust_bench::claims::evaluate(&serde_json::from_value(base.clone()).unwrap());
    let after = pyrust_bench::claims::evaluate(&serde_json::from_value(new.clone()).unwrap());
    let speed = |claims: &[pyrust_bench::results::Claim]| {
        claims
            .iter()
            .find(|c| c.id == "speed-10-100x")
            .unwrap()
            .verdict
    };
    assert_ne!(
        speed(&before),
        speed(&after),
        "the fixture must change verdict"
    );

    let out = cli(&[
        "compare",
        write(dir.path(), "base.json", &base).to_str().unwrap(),
        write(dir.path(), "new.json", &new).to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("## pyrust-bench compare"), "{text}");
    let row = line(&text, "| speed-10-100x |");
    assert!(
        row.contains(&format!(
            "| {} | {} |",
            speed(&before).id(),
            speed(&after).id()
        )),
        "{row}"
    );
}

#[test]
fn entries_in_one_file_only_are_added_or_removed() {
    let dir = scratch();
    let full = full_fixture();
    let mut without_sha = full.clone();
    without_sha["results"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["workload"] != "sha256");
    let mut without_sort = full.clone();
    without_sort["results"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["workload"] != "sort");
    let out = cli(&[
        "compare",
        write(dir.path(), "base.json", &without_sha)
            .to_str()
            .unwrap(),
        write(dir.path(), "new.json", &without_sort)
            .to_str()
            .unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let added = text.split("Added (only in NEW)").nth(1).unwrap();
    let removed = text.split("Removed (only in BASE)").nth(1).unwrap();
    assert!(added.contains(&format!("- {}", entry_name(&full, "sha256", "rust"))));
    assert!(removed.contains(&format!("- {}", entry_name(&full, "sort", "rust"))));
    assert!(!removed.contains("- sha256/"), "{text}");
}

#[test]
fn files_that_differ_in_environment_get_a_warning_that_names_the_differences() {
    let dir = scratch();
    let base = full_fixture();
    let mut new = base.clone();
    new["environment"]["python"]["version"] = "3.13.0".into();
    new["environment"]["cpu"] = "Some Other CPU".into();
    let out = cli(&[
        "compare",
        write(dir.path(), "base.json", &base).to_str().unwrap(),
        write(dir.path(), "new.json", &new).to_str().unwrap(),
    ]);
    let text = stdout(&out);
    let warning = line(&text, "warning:");
    assert!(
        warning.contains("Python CPython 3.11.7 → CPython 3.13.0")
            && warning.contains("→ Some Other CPU"),
        "{warning}"
    );
}

#[test]
fn a_machine_that_ran_at_another_speed_gets_a_warning_from_the_calibration() {
    let dir = scratch();
    let mut base = full_fixture();
    base["environment"]["calibration"] =
        serde_json::json!({"rust_start_ns": 1e7, "python_start_ns": 2e7});
    let mut new = base.clone();
    new["environment"]["calibration"]["rust_start_ns"] = 1.25e7.into();
    let out = cli(&[
        "compare",
        write(dir.path(), "base.json", &base).to_str().unwrap(),
        write(dir.path(), "new.json", &new).to_str().unwrap(),
    ]);
    let text = stdout(&out);
    let warning = line(&text, "warning: the machine ran at another speed");
    assert!(
        warning.contains("1.25× (Rust) and 1.00× (Python)"),
        "{warning}"
    );
    // The same calibration: no warning.
    let out = cli(&[
        "compare",
        write(dir.path(), "base.json", &base).to_str().unwrap(),
        write(dir.path(), "same.json", &base).to_str().unwrap(),
    ]);
    assert!(!stdout(&out).contains("warning:"), "{}", stdout(&out));
}

#[test]
fn bad_inputs_to_compare_get_one_clear_error_and_exit_2() {
    let dir = scratch();
    let base = full_fixture();
    let good = write(dir.path(), "good.json", &base);

    let mut v2 = base.clone();
    v2["schema_version"] = 2.into();
    let v2 = write(dir.path(), "v2.json", &v2);
    let merged = write(
        dir.path(),
        "merged.json",
        &serde_json::json!({"merged_version": 1, "generated_at": "", "runs": []}),
    );
    let mut only_nbody = base.clone();
    only_nbody["results"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["workload"] == "nbody");
    let mut only_sha = base.clone();
    only_sha["results"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["workload"] == "sha256");
    let only_nbody = write(dir.path(), "nbody.json", &only_nbody);
    let only_sha = write(dir.path(), "sha.json", &only_sha);
    let mut other_sizes = base.clone();
    for r in other_sizes["results"].as_array_mut().unwrap() {
        r["n"] = (r["n"].as_u64().unwrap() + 1).into();
    }
    let other_sizes = write(dir.path(), "sizes.json", &other_sizes);

    for (new, expected) in [
        (&v2, "schema_version 2 is not supported"),
        (&merged, "a merged file"),
        (&only_sha, "no workload in common"),
        (&other_sizes, "at different sizes"),
    ] {
        let base = if new == &only_sha { &only_nbody } else { &good };
        let out = cli(&["compare", base.to_str().unwrap(), new.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", new.display());
        let err = stderr(&out);
        assert!(err.contains(expected), "{}: {err}", new.display());
        assert_eq!(
            err.lines().filter(|l| l.starts_with("Error:")).count(),
            1,
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// The timed entries of the fixture by name, with their (median, low, high).
fn timed_entries(file: &Value) -> HashMap<String, (f64, f64, f64)> {
    file["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "ok")
        .map(|r| {
            let mut variant = r["variant"].as_str().unwrap().to_string();
            if let Some(w) = r["workers"].as_u64() {
                variant.push_str(&format!("×{w}"));
            }
            (
                format!("{}/{variant}/{}", r["workload"].as_str().unwrap(), r["n"]),
                (
                    r["median_ns"].as_f64().unwrap(),
                    r["ci_low_ns"].as_f64().unwrap(),
                    r["ci_high_ns"].as_f64().unwrap(),
                ),
            )
        })
        .collect()
}

fn export(format: &str) -> String {
    let out = cli(&[
        "export",
        "--format",
        format,
        "--results",
        common::fixture("results_full_v1.json").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn bmf_export_has_bencher_latency_metrics_equal_to_the_medians() {
    let expected = timed_entries(&full_fixture());
    let bmf: Value = serde_json::from_str(&export("bmf")).unwrap();
    let benchmarks = bmf.as_object().unwrap();
    assert_eq!(benchmarks.len(), expected.len());
    for (name, measures) in benchmarks {
        let latency = measures["latency"].as_object().unwrap();
        let (median, low, high) = expected[name];
        assert_eq!(latency["value"].as_f64(), Some(median), "{name}");
        assert_eq!(latency["lower_value"].as_f64(), Some(low), "{name}");
        assert_eq!(latency["upper_value"].as_f64(), Some(high), "{name}");
        assert_eq!(measures.as_object().unwrap().len(), 1);
    }
}

#[test]
fn github_action_benchmark_export_is_custom_smaller_is_better() {
    let expected = timed_entries(&full_fixture());
    let entries: Value = serde_json::from_str(&export("github-action-benchmark")).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), expected.len());
    for e in entries {
        let fields: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(fields.len(), 5, "{e}");
        let name = e["name"].as_str().unwrap();
        assert_eq!(e["unit"], "ns");
        assert_eq!(e["value"].as_f64(), Some(expected[name].0), "{name}");
        assert!(e["range"].as_str().unwrap().starts_with("± "), "{e}");
        let extra = e["extra"].as_str().unwrap();
        assert!(extra.starts_with("CPython 3.11.7; "), "{extra}");
        if name.starts_with("nbody/python/") {
            let (python, rust) = (
                expected[name].0,
                expected[&name.replace("/python/", "/rust/")].0,
            );
            assert!(
                extra.contains(&format!("{:.2}× rust", python / rust)),
                "{extra}"
            );
        }
    }
}

/// A CSV line's fields (RFC 4180 quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn csv_export_has_one_row_per_result_with_the_environment() {
    let fixture = full_fixture();
    let expected = timed_entries(&fixture);
    let text = export("csv");
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let header = csv_fields(lines.next().unwrap());
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert_eq!(rows.len(), fixture["results"].as_array().unwrap().len());
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert_eq!(row[column("cpu")], fixture["environment"]["cpu"]);
        assert_eq!(row[column("python")], "CPython 3.11.7");
        if row[column("status")] == "ok" {
            let median: f64 = row[column("median_ns")].parse().unwrap();
            assert_eq!(median, expected[&row[column("name")]].0);
        } else {
            assert_eq!(row[column("median_ns")], "");
        }
    }
}

#[test]
fn export_writes_to_a_file_and_rejects_an_unknown_format() {
    let dir = scratch();
    let out_path = dir.path().join("bmf.json");
    let out = cli(&[
        "export",
        "--format",
        "bmf",
        "--results",
        common::fixture("results_full_v1.json").to_str().unwrap(),
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert!(written.as_object().is_some_and(|o| !o.is_empty()));

    let out = cli(&["export", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("bmf"), "{}", stderr(&out));
}

#[test]
fn merge_puts_two_pythons_side_by_side_with_a_chart() {
    let dir = scratch();
    let base = full_fixture();
    let mut newer = base.clone();
    newer["environment"]["python"]["version"] = "3.12.1".into();
    scale(&mut newer, 0.8, |r| r["variant"] == "python");
    let a = write(dir.path(), "a.json", &base);
    let b = write(dir.path(), "b.json", &newer);
    let out_dir = dir.path().join("merged");
    let out = cli(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let report = std::fs::read_to_string(out_dir.join("REPORT.md")).unwrap();
    assert!(report.contains("The runs differ in: Python."), "{report}");
    let pure = report.split("## Pure Python ÷ Rust").nth(1).unwrap();
    assert!(
        pure.contains(
            "| workload | category | variant | CPython 3.11.7 | CPython 3.12.1 | spread |"
        ),
        "{pure}"
    );
    // nbody's pure-Python ratio is 20% lower in the second run: a spread of 1.25×.
    assert!(line(pure, "| nbody |").ends_with("| 1.25× |"), "{pure}");
    let verdicts = std::fs::read_to_string(out_dir.join("VERDICTS.md")).unwrap();
    assert!(line(&verdicts, "| speed-10-100x |").matches('|').count() == 5);

    let merged = pyrust_bench::merge::load(&out_dir.join("merged.json")).unwrap();
    let labels: Vec<&str> = merged.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["CPython 3.11.7", "CPython 3.12.1"]);

    let svg = std::fs::read_to_string(out_dir.join("charts/runs.svg")).unwrap();
    assert!(svg.contains("CPython 3.12.1"), "the legend names each run");
    assert!(ink_share(&out_dir.join("charts/runs.png")) > 0.02);
}

#[test]
fn merge_takes_results_files_only() {
    let dir = scratch();
    let a = write(dir.path(), "a.json", &full_fixture());
    let out_dir = dir.path().join("merged");
    let args = |files: &[&PathBuf]| {
        let mut args = vec!["merge".to_string()];
        args.extend(files.iter().map(|f| f.to_str().unwrap().to_string()));
        args.extend(["--out".to_string(), out_dir.to_str().unwrap().to_string()]);
        args
    };
    let run = |args: Vec<String>| cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(run(args(&[&a, &a])).status.success());
    let merged = out_dir.join("merged.json");
    let out = run(args(&[&a, &merged]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a merged file"), "{}", stderr(&out));
    let out = run(args(&[&a]));
    assert_eq!(out.status.code(), Some(2), "one file is not a merge");
}
