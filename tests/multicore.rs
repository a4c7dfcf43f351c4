//! The parallel variants with the real embedded interpreter: a pool of one gives the
//! single-thread output, process pools start real Python interpreters from inside the Rust
//! binary, and a worker process that dies is an error for its variant alone.

mod common;

use common::{OneShot, Probe};
use pyrust_bench::py::{self, PyCall};
use pyrust_bench::results::Status;
use pyrust_bench::suite;
use pyrust_bench::verify;
use pyrust_bench::workload::{Mode, Output, Variant, WORKLOADS};

#[test]
fn a_pool_of_one_gives_the_single_thread_output() {
    let parallel: Vec<_> = WORKLOADS
        .iter()
        .filter(|w| w.variants().iter().any(|v| v.is_parallel()))
        .collect();
    assert!(parallel.len() >= 7, "issue 6 asks for at least 7 workloads");
    for w in parallel {
        let checks = verify::check_workload(*w, w.sizes().verify, &[1]);
        let output = |variant: Variant| {
            checks
                .iter()
                .find(|c| c.variant == variant)
                .and_then(|c| c.output.clone())
                .unwrap_or_else(|| panic!("{} {variant} gave no output", w.name()))
        };
        let (rust, python) = (output(Variant::Rust), output(Variant::Python));
        for variant in [
            Variant::RustPar,
            Variant::PythonThreads,
            Variant::PythonProcs,
        ] {
            let check = checks.iter().find(|c| c.variant == variant).unwrap();
            assert_eq!(check.workers, Some(1));
            assert_eq!(
                check.status,
                Status::Ok,
                "{}: {:?}",
                check.label(),
                check.message
            );
            let got = output(variant);
            assert!(
                got.matches(&rust),
                "{} {variant}×1 differs from rust",
                w.name()
            );
            if variant != Variant::RustPar {
                assert_eq!(got, python, "{} {variant}×1 differs from python", w.name());
            }
        }
    }
}

#[test]
fn process_pools_start_real_python_interpreters_from_the_embedded_one() {
    // identify_workers(kind, workers) returns (pid, sys.executable) per task; a tiny module
    // turns it into text the harness can read.
    let dir = common::scratch();
    let module = dir.path().join("probe_identify.py");
    std::fs::write(
        &module,
        "from pyrust_workloads import _parallel\n\n\ndef python(n):\n    return repr(_parallel.identify_workers('procs', n))\n",
    )
    .unwrap();
    py::add_sys_path(module.parent().unwrap()).unwrap();
    let Output::Text(seen) = PyCall::function("probe_identify", "python", &[], Some(2))
        .unwrap()
        .call()
        .unwrap()
    else {
        panic!("identify_workers returned no text");
    };
    let executable = py::interpreter_executable();
    let parent = std::process::id().to_string();
    assert!(
        !seen.contains(&format!("({parent},")),
        "a worker ran in this process: {seen}"
    );
    assert_eq!(
        seen.matches(&executable).count(),
        2,
        "workers ran {seen}, not {executable}"
    );
    assert!(
        !std::env::current_exe()
            .map(|exe| seen.contains(&*exe.to_string_lossy()))
            .unwrap_or(false),
        "a worker was started as the Rust test binary: {seen}"
    );
}

/// `python_procs` kills its worker process in the middle of a task; the other variants are
/// sound and sum `0 + 1 + 2`.
const WORKER_DIES: Probe = Probe {
    name: "probe_worker_dies",
    variants: &[
        Variant::Rust,
        Variant::Python,
        Variant::RustPar,
        Variant::PythonThreads,
        Variant::PythonProcs,
    ],
    rust_output: 3,
    python_source: r#"import os

from pyrust_workloads import _parallel


def _task(i):
    if i == 1:
        os._exit(3)
    return i


def _sum(n, workers, pmap):
    return sum(pmap(abs, range(n)))


def _sum_and_die(n, workers, pmap):
    return sum(pmap(_task, range(n)))


def python(n):
    return sum(range(n))


def python_threads(n, workers):
    return _parallel.run("threads", workers, _sum, n)


def python_procs(n, workers):
    return _parallel.run("procs", workers, _sum_and_die, n)
"#,
};

#[test]
fn a_worker_process_that_dies_is_an_error_for_its_variant_only() {
    let results = suite::run_workload(&WORKER_DIES, Mode::Quick, &[1, 2], &mut OneShot);
    assert_eq!(results.len(), 2 + 3 * 2);
    for r in &results {
        if r.variant == Variant::PythonProcs {
            assert_eq!(r.status, Status::Error, "{}", r.label());
            let message = r.message.as_deref().unwrap_or_default();
            assert!(
                message.contains("worker process") && message.contains("died"),
                "{message}"
            );
            assert!(
                message.contains("probe_worker_dies.python_procs(3, workers="),
                "{message}"
            );
        } else {
            assert_eq!(r.status, Status::Ok, "{}: {:?}", r.label(), r.message);
            assert!(r.median_ns.is_some(), "{} was not timed", r.label());
        }
    }
}

/// `python_procs` raises inside a worker: the error names the task's exception.
const WORKER_RAISES: Probe = Probe {
    name: "probe_worker_raises",
    variants: &[Variant::Rust, Variant::Python, Variant::PythonProcs],
    rust_output: 3,
    python_source: r#"from pyrust_workloads import _parallel


def _task(i):
    if i == 2:
        raise ValueError(f"task {i} cannot be done")
    return i


def _sum(n, workers, pmap):
    return sum(pmap(_task, range(n)))


def python(n):
    return sum(range(n))


def python_procs(n, workers):
    return _parallel.run("procs", workers, _sum, n)
"#,
};

#[test]
fn an_exception_in_a_worker_process_surfaces_with_its_message() {
    let checks = verify::check_workload(&WORKER_RAISES, 3, &[2]);
    let procs = checks
        .iter()
        .find(|c| c.variant == Variant::PythonProcs)
        .unwrap();
    assert_eq!(procs.status, Status::Error);
    let message = procs.message.as_deref().unwrap_or_default();
    assert!(
        message.contains("ValueError") && message.contains("task 2 cannot be done"),
        "{message}"
    );
    let blocked = verify::gate(WORKER_RAISES.name, &checks);
    assert!(
        blocked[0].is_none() && blocked[1].is_none(),
        "rust and python may be timed"
    );
    assert!(
        blocked[2]
            .as_deref()
            .is_some_and(|b| b.contains("python_procs×2"))
    );
}
