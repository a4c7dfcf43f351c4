//! End-to-end tests of the harness with the real embedded interpreter: known answers,
//! equivalence of every variant, the mismatch and exception paths, and a filtered run that
//! keeps the other workloads' entries. A cheap timer stands in for Criterion.

use std::path::PathBuf;

mod common;

use common::{OneShot, Probe, scratch};
use pyrust_bench::results::{Status, environment, store};
use pyrust_bench::suite;
use pyrust_bench::verify;
use pyrust_bench::workload::{self, Mode, Output, Variant, WORKLOADS};
use pyrust_bench::{Error, py};

const SERIAL: &[Variant] = &[Variant::Rust, Variant::Python];

const MISMATCH: Probe = Probe {
    name: "probe_mismatch",
    variants: SERIAL,
    rust_output: 42,
    python_source: "def python(n):\n    return 43\n",
};

const RAISES: Probe = Probe {
    name: "probe_raises",
    variants: SERIAL,
    rust_output: 1,
    python_source: "def helper_that_fails(n):\n    raise ValueError(f'bad input {n}')\n\n\ndef python(n):\n    return helper_that_fails(n)\n",
};

fn known(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/known")
            .join(name),
    )
    .unwrap()
}

fn rust_output(name: &str, n: u64) -> Output {
    workload::find(name).unwrap().rust(n).run()
}

#[test]
fn known_answers_match_the_published_outputs() {
    let text = |name| String::from_utf8(known(name)).unwrap();
    let float = |o: Output| match o {
        Output::Float(x) => format!("{x:.9}"),
        other => panic!("expected a float, got {other:?}"),
    };
    let nbody = text("nbody_1000.txt");
    let mut lines = nbody.lines();
    assert_eq!(float(rust_output("nbody", 0)), lines.next().unwrap());
    assert_eq!(float(rust_output("nbody", 1000)), lines.next().unwrap());
    assert_eq!(
        float(rust_output("spectral_norm", 100)),
        text("spectralnorm_100.txt").trim()
    );
    assert_eq!(
        rust_output("fannkuch_redux", 7),
        Output::Text(text("fannkuchredux_7.txt").trim_end().to_string())
    );
    assert_eq!(
        rust_output("mandelbrot", 200),
        Output::Bytes(known("mandelbrot_200.pbm"))
    );
    assert_eq!(
        rust_output("binary_trees", 10),
        Output::Text(text("binarytrees_10.txt"))
    );
    assert_eq!(
        rust_output("fasta", 1000),
        Output::Text(text("fasta_1000.txt"))
    );
}

#[test]
fn every_variant_of_every_workload_matches_rust_at_small_n() {
    // Optional packages that cannot be imported here, as messages quote them: `"numpy"`.
    let missing: Vec<String> = py::optional_packages()
        .unwrap()
        .into_iter()
        .filter(|(_, version)| version.is_none())
        .map(|(name, _)| format!("{name:?} is not installed"))
        .collect();
    let mut skipped_for = std::collections::HashSet::new();
    for w in WORKLOADS {
        let checks = verify::check_workload(*w, w.sizes().verify, &[1, 2]);
        let parallel = w.variants().iter().filter(|v| v.is_parallel()).count();
        assert_eq!(checks.len(), w.variants().len() + parallel, "{}", w.name());
        for c in &checks {
            // Skipped exactly when an optional package it needs cannot be imported here.
            let reason = missing
                .iter()
                .find(|m| c.message.as_deref().is_some_and(|msg| msg.contains(*m)));
            let expected = match reason {
                Some(reason) if c.status == Status::Skipped => {
                    skipped_for.insert(reason.clone());
                    Status::Skipped
                }
                _ => Status::Ok,
            };
            assert_eq!(
                c.status,
                expected,
                "{} {}: {:?} (optional packages missing here: {missing:?})",
                w.name(),
                c.label(),
                c.message
            );
        }
    }
    for reason in &missing {
        assert!(
            skipped_for.contains(reason),
            "{reason}, but no variant was skipped for it"
        );
    }
}

#[test]
fn a_variant_is_skipped_exactly_when_its_optional_package_is_missing() {
    // With numpy present, matmul's python_c runs; hidden (PYRUST_HIDE_MODULES, as .ci/run
    // does for a whole `cargo test`), it is skipped. The CLI case lives in optional_packages.
    let numpy = py::optional_packages()
        .unwrap()
        .into_iter()
        .find(|(name, _)| name == "numpy")
        .unwrap();
    let matmul = workload::find("matmul").unwrap();
    let check = verify::check_workload(matmul, matmul.sizes().verify, &[1])
        .into_iter()
        .find(|c| c.variant == Variant::PythonC)
        .unwrap();
    match numpy.1 {
        Some(_) => assert_eq!(check.status, Status::Ok, "{:?}", check.message),
        None => assert_eq!(check.status, Status::Skipped, "{:?}", check.message),
    }
}

#[test]
fn a_mismatching_variant_is_recorded_untimed_and_the_others_still_run() {
    let mut timer = OneShot;
    let nbody = workload::find("nbody").unwrap();
    let mut run = suite::run_workload(&MISMATCH, Mode::Quick, &[1, 2], &mut timer);
    run.extend(suite::run_workload(nbody, Mode::Quick, &[1, 2], &mut timer));

    let python = run
        .iter()
        .find(|r| r.workload == "probe_mismatch" && r.variant == Variant::Python)
        .unwrap();
    assert_eq!(python.status, Status::Mismatch);
    let message = python.message.as_deref().unwrap();
    assert!(
        message.contains("probe_mismatch") && message.contains("43") && message.contains("42"),
        "{message}"
    );
    assert!(message.contains("n=3"), "{message}");
    for r in run.iter().filter(|r| r.workload == "probe_mismatch") {
        assert_eq!(r.median_ns, None, "{:?} must not be timed", r.variant);
        assert_ne!(r.status, Status::Ok);
    }
    assert!(
        run.iter()
            .filter(|r| r.workload == "nbody" && r.status != Status::Skipped)
            .all(|r| r.status == Status::Ok && r.median_ns.is_some()),
        "the other workload is timed (but for python_jit, skipped without numba): {run:?}"
    );

    // And it reaches the results file that way.
    let scratch = scratch();
    let dir = scratch.path();
    let finished = suite::finish(
        run.into(),
        Mode::Quick,
        environment::collect().unwrap(),
        dir,
    )
    .unwrap();
    let saved = store::load(&finished.results_path).unwrap();
    let entry = saved
        .results
        .iter()
        .find(|r| r.workload == "probe_mismatch" && r.variant == Variant::Python)
        .unwrap();
    assert_eq!((entry.status, entry.median_ns), (Status::Mismatch, None));
}

#[test]
fn a_python_exception_surfaces_with_its_traceback() {
    let checks = verify::check_workload(&RAISES, 3, &[1]);
    let python = checks
        .iter()
        .find(|c| c.variant == Variant::Python)
        .unwrap();
    assert_eq!(python.status, Status::Error);
    let message = python.message.as_deref().unwrap();
    for needle in [
        "Traceback",
        "helper_that_fails",
        "ValueError: bad input 3",
        "probe_raises.python(3)",
    ] {
        assert!(
            message.contains(needle),
            "{needle:?} missing from:\n{message}"
        );
    }
}

#[test]
fn a_filtered_run_keeps_the_other_workloads_entries() {
    let scratch = scratch();
    let dir = scratch.path();
    let env = environment::collect().unwrap();
    let mut timer = OneShot;
    for filter in ["nbody", "fasta"] {
        let chosen = suite::select(WORKLOADS, Some(filter)).unwrap();
        let run: Vec<_> = chosen
            .iter()
            .flat_map(|w| suite::run_workload(*w, Mode::Quick, &[1, 2], &mut timer))
            .collect();
        suite::finish(run.into(), Mode::Quick, env.clone(), dir).unwrap();
    }
    let saved = store::load(&dir.join(store::LATEST)).unwrap();
    let mut workloads: Vec<&str> = saved.results.iter().map(|r| r.workload.as_str()).collect();
    workloads.dedup();
    assert_eq!(
        workloads,
        ["nbody", "fasta"],
        "both filtered runs' entries, in registry order"
    );
    let nbody_variants: Vec<Variant> = saved
        .results
        .iter()
        .filter(|r| r.workload == "nbody")
        .map(|r| r.variant)
        .collect();
    assert_eq!(nbody_variants, workload::find("nbody").unwrap().variants());
    assert!(dir.join("REPORT.md").is_file() && dir.join("charts/speedup.png").is_file());
}

#[test]
fn a_run_that_times_nothing_leaves_latest_json_alone() {
    let scratch = scratch();
    let dir = scratch.path();
    let env = environment::collect().unwrap();
    let mut timer = OneShot;
    let good = suite::run_workload(
        workload::find("nbody").unwrap(),
        Mode::Quick,
        &[1, 2],
        &mut timer,
    );
    suite::finish(good.into(), Mode::Quick, env.clone(), dir).unwrap();
    let before = std::fs::read(dir.join(store::LATEST)).unwrap();

    let broken = suite::run_workload(&MISMATCH, Mode::Quick, &[1, 2], &mut timer);
    let err = suite::finish(broken.into(), Mode::Quick, env, dir).unwrap_err();
    assert!(matches!(err, Error::Results { .. }), "{err}");
    assert_eq!(std::fs::read(dir.join(store::LATEST)).unwrap(), before);
    assert!(dir.join("failed-run.json").is_file());
}

#[test]
fn the_runtime_interpreter_is_described() {
    let info = py::interpreter_info().unwrap();
    assert_eq!(info.implementation, "CPython");
    assert!(info.version.starts_with("3."), "{}", info.version);
    assert_eq!(
        info.warning, None,
        "runtime and build interpreters differ: {:?}",
        info.warning
    );
}

#[test]
fn measurements_that_cannot_be_saved_are_kept_in_a_fallback_file() {
    let scratch = scratch();
    let dir = scratch.path();
    let mut timer = OneShot;
    let run = suite::run_workload(
        workload::find("nqueens").unwrap(),
        Mode::Quick,
        &[1],
        &mut timer,
    );
    // Saving writes this temporary file first: a folder in its place makes the save fail.
    std::fs::create_dir(dir.join(format!(".latest.json.tmp-{}", std::process::id()))).unwrap();
    let err = suite::finish(
        run.into(),
        Mode::Quick,
        environment::collect().unwrap(),
        dir,
    )
    .unwrap_err();
    let Error::Unsaved { kept, .. } = &err else {
        panic!("expected the run to be kept elsewhere: {err}");
    };
    let kept_file = store::load(kept).unwrap();
    let _ = std::fs::remove_file(kept);
    assert!(
        kept_file
            .results
            .iter()
            .any(|r| r.workload == "nqueens" && r.status == Status::Ok)
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&kept.display().to_string()) && msg.contains("report --results"),
        "{msg}"
    );
    assert!(!dir.join(store::LATEST).exists());
}

#[test]
fn calibration_kernels_time_both_languages() {
    let (rust, python) = pyrust_bench::timing::calibrate().unwrap();
    // Each kernel runs for milliseconds (about 20 ms each in a release build): long enough
    // to time well, short enough to run twice per suite.
    for ns in [rust, python] {
        assert!(
            ns.is_finite() && (1e6..1e10).contains(&ns),
            "{rust} {python}"
        );
    }
}
