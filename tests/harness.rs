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
    for w in WORKLOADS {
        let checks = verify::check_workload(*w, w.sizes().verify, &[1, 2]);
        let parallel = w.variants().iter().filter(|v| v.is_parallel()).count();
        assert_eq!(checks.len(), w.variants().len() + parallel, "{}", w.name());
        for c in &checks {
            assert_eq!(
                c.status,
                Status::Ok,
                "{} {}: {:?}",
                w.name(),
                c.label(),
                c.message
            );
        }
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
            .filter(|r| r.workload == "nbody")
            .all(|r| r.status == Status::Ok && r.median_ns.is_some())
    );

    // And it reaches the results file that way.
    let dir = scratch("mismatch-run");
    let finished = suite::finish(
        run.into(),
        Mode::Quick,
        environment::collect().unwrap(),
        &dir,
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
    let dir = scratch("filtered");
    let env = environment::collect().unwrap();
    let mut timer = OneShot;
    for filter in ["nbody", "fasta"] {
        let chosen = suite::select(WORKLOADS, Some(filter)).unwrap();
        let run: Vec<_> = chosen
            .iter()
            .flat_map(|w| suite::run_workload(*w, Mode::Quick, &[1, 2], &mut timer))
            .collect();
        suite::finish(run.into(), Mode::Quick, env.clone(), &dir).unwrap();
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
    let dir = scratch("broken");
    let env = environment::collect().unwrap();
    let mut timer = OneShot;
    let good = suite::run_workload(
        workload::find("nbody").unwrap(),
        Mode::Quick,
        &[1, 2],
        &mut timer,
    );
    suite::finish(good.into(), Mode::Quick, env.clone(), &dir).unwrap();
    let before = std::fs::read(dir.join(store::LATEST)).unwrap();

    let broken = suite::run_workload(&MISMATCH, Mode::Quick, &[1, 2], &mut timer);
    let err = suite::finish(broken.into(), Mode::Quick, env, &dir).unwrap_err();
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
