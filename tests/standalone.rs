//! The standalone runner and the pass `interpreters`: the runner's output equals the embedded
//! output for every workload at the verification size (under the embedded interpreter's own
//! executable, and under pypy3 when it is on `PATH`); a fake interpreter that crashes, prints
//! garbage or hangs is recorded as `error` with a message that says which, and the pass goes
//! on with the next one.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pyrust_bench::claims::speed::interpreters;
use pyrust_bench::py::{self, PyCall};
use pyrust_bench::results::{InterpreterRole, Status};
use pyrust_bench::standalone::{self, Budget, RunnerError};
use pyrust_bench::workload::{self, Mode, Variant, WORKLOADS};

/// One call after the cold one, and no warm-up: enough to compare outputs.
fn tiny(limit: Duration) -> Budget {
    Budget {
        min_time: Duration::ZERO,
        min_samples: 1,
        max_samples: 1,
        warmup_time: Duration::ZERO,
        limit,
    }
}

fn embedded_executable() -> PathBuf {
    PathBuf::from(py::interpreter_executable())
}

/// Every `python` and `python_c` variant at its verification size, under `path`, against the
/// same variant in the embedded interpreter. A module `path` cannot import (numpy under
/// PyPy) may skip the variant; nothing may differ.
fn runner_agrees_with_the_embedded_interpreter(path: &Path) {
    let interpreter = standalone::describe(path).unwrap();
    let mut compared = 0;
    for w in WORKLOADS {
        let n = w.sizes().verify;
        for &variant in interpreters::STANDALONE_VARIANTS
            .iter()
            .filter(|v| w.variants().contains(v))
        {
            let embedded =
                PyCall::variant(&w.python_module(), variant, n, None).and_then(|c| c.call());
            let standalone = standalone::measure(
                &interpreter,
                w.name(),
                variant,
                n,
                &tiny(Duration::from_secs(120)),
            );
            match (embedded, standalone) {
                (Ok(embedded), Ok(m)) => {
                    assert!(
                        m.output.matches(&embedded),
                        "{}/{variant} under {}: {} against the embedded {}",
                        w.name(),
                        path.display(),
                        m.output,
                        embedded
                    );
                    assert!(m.first_call_ns > 0.0 && m.samples_ns.len() == 1);
                    compared += 1;
                }
                (_, Err(e)) if e.is_missing_module() => {}
                (Err(pyrust_bench::Error::MissingModule { .. }), _) => {}
                (embedded, standalone) => panic!(
                    "{}/{variant} under {}: embedded {embedded:?}, standalone {standalone:?}",
                    w.name(),
                    path.display()
                ),
            }
        }
    }
    assert!(
        compared >= WORKLOADS.len(),
        "only {compared} variants compared"
    );
}

#[test]
fn the_runner_under_the_embedded_executable_returns_the_embedded_outputs() {
    runner_agrees_with_the_embedded_interpreter(&embedded_executable());
}

#[test]
fn the_runner_under_pypy_returns_the_embedded_outputs() {
    let Some(pypy) = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join("pypy3"))
        .find(|p| p.is_file())
    else {
        eprintln!("note: pypy3 is not on PATH (`apt install pypy3`); this check was skipped");
        return;
    };
    runner_agrees_with_the_embedded_interpreter(&pypy);
}

/// A shell script that stands in for an interpreter: it describes itself properly (unless
/// `describe` says otherwise) and does `body` when asked to run a variant.
fn fake(dir: &Path, name: &str, describe: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!("#!/bin/sh\ncase \"$*\" in\n  *--describe*) {describe} ;;\n  *) {body} ;;\nesac\n"),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

const DESCRIBES_ITSELF: &str = r#"echo '{"implementation": "Fake", "version": "0.1", "executable": "/fake", "pypy_version": null, "gil_disabled": false}'"#;

#[test]
fn fake_interpreters_that_crash_print_garbage_or_hang_are_errors_that_say_which() {
    let dir = tempfile::tempdir().unwrap();
    let crashes = fake(
        dir.path(),
        "crashes",
        "echo 'boom: no such module' >&2; exit 3",
        "exit 3",
    );
    let garbage = fake(
        dir.path(),
        "garbage",
        DESCRIBES_ITSELF,
        "echo 'hello, world'",
    );
    let hangs = fake(dir.path(), "hangs", DESCRIBES_ITSELF, "exec sleep 30");

    let e = standalone::describe(&crashes).unwrap_err().to_string();
    assert!(
        e.contains("exited with") && e.contains("boom: no such module"),
        "{e}"
    );

    let nqueens = "nqueens";
    let garbage = standalone::describe(&garbage).unwrap();
    let e = standalone::measure(
        &garbage,
        nqueens,
        Variant::Python,
        6,
        &tiny(Duration::from_secs(10)),
    )
    .unwrap_err();
    assert!(matches!(e, RunnerError::Failed { .. }), "{e}");
    assert!(
        e.to_string().contains("not the runner's JSON") && e.to_string().contains("hello, world"),
        "{e}"
    );

    let hangs = standalone::describe(&hangs).unwrap();
    let started = Instant::now();
    let e = standalone::measure(
        &hangs,
        nqueens,
        Variant::Python,
        6,
        &tiny(Duration::from_secs(1)),
    )
    .unwrap_err();
    assert!(matches!(e, RunnerError::TimedOut { .. }), "{e}");
    assert!(e.to_string().contains("PYRUST_CALL_TIMEOUT"), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the hung runner was not stopped"
    );

    let missing = dir.path().join("no-such-python");
    let e = standalone::describe(&missing).unwrap_err().to_string();
    assert!(
        e.contains("could not be started") && e.contains("no-such-python"),
        "{e}"
    );
}

#[test]
fn the_pass_records_broken_interpreters_and_goes_on_with_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let crashes = fake(dir.path(), "crashes", "exit 3", "exit 3");
    let hangs = fake(dir.path(), "hangs", DESCRIBES_ITSELF, "exec sleep 30");
    let list = vec![
        (crashes.clone(), InterpreterRole::Requested),
        (hangs, InterpreterRole::Requested),
        (embedded_executable(), InterpreterRole::EmbeddedExecutable),
    ];
    let nqueens = workload::find("nqueens").unwrap();
    let mut notes = Vec::new();
    let measured = interpreters::run(
        &list,
        &[nqueens],
        Mode::Quick,
        &tiny(Duration::from_secs(2)),
        &mut notes,
    );
    let runs = &measured.interpreters;
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0].status, Status::Error);
    assert!(runs[0].message.as_deref().unwrap().contains("exited with"));
    let results = &measured.results;
    let of = |implementation: &str| {
        results
            .iter()
            .find(|r| {
                r.interpreter
                    .as_ref()
                    .is_some_and(|i| i.implementation == implementation)
            })
            .unwrap()
    };
    let hung = of("Fake");
    assert_eq!(hung.status, Status::Error);
    assert!(
        hung.message
            .as_deref()
            .unwrap()
            .contains("did not finish within 2 s")
    );
    let real = of("CPython");
    assert_eq!(real.status, Status::Ok, "{:?}", real.message);
    assert_eq!(real.output.as_deref(), Some("2680"));
    assert!(real.median_ns.is_some() && real.first_call_ns.is_some());
    assert!(
        notes
            .iter()
            .any(|n| n.contains(&crashes.display().to_string())),
        "{notes:?}"
    );
}
