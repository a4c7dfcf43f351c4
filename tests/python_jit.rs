//! The Numba tier, `python_jit`: it returns what `python` returns on every workload that has
//! it, and without numba it is `skipped` with the command that installs it, never failed.

use std::process::Command;

use pyrust_bench::py;
use pyrust_bench::results::Status;
use pyrust_bench::verify;
use pyrust_bench::workload::{Variant, WORKLOADS};

#[test]
fn python_jit_returns_what_python_returns() {
    let numba = py::optional_packages()
        .unwrap()
        .into_iter()
        .find(|(name, _)| name == "numba")
        .and_then(|(_, version)| version);
    if numba.is_none() {
        eprintln!(
            "note: numba is not installed here (`python3 -m pip install numba`); python_jit was not compared"
        );
        return;
    }
    let with_jit: Vec<_> = WORKLOADS
        .iter()
        .filter(|w| w.variants().contains(&Variant::PythonJit))
        .collect();
    assert!(with_jit.len() >= 5, "Numba covers at least five workloads");
    for w in with_jit {
        let checks = verify::check_workload(*w, w.sizes().verify, &[1]);
        let output_of = |variant| {
            let check = checks.iter().find(|c| c.variant == variant).unwrap();
            assert_eq!(
                check.status,
                Status::Ok,
                "{}/{variant}: {:?}",
                w.name(),
                check.message
            );
            check.output.clone().unwrap()
        };
        let (jit, python) = (output_of(Variant::PythonJit), output_of(Variant::Python));
        assert!(
            jit.matches(&python),
            "{}: python_jit {jit}, python {python}",
            w.name()
        );
    }
}

#[test]
fn python_jit_is_skipped_with_an_install_hint_without_numba() {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrust-bench"))
        .args(["verify", "nqueens"])
        .env_remove("VIRTUAL_ENV")
        .env("PYRUST_HIDE_MODULES", "numba")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "a skipped variant is not a failure:\n{stdout}\n{stderr}"
    );
    let row = stdout
        .lines()
        .find(|l| l.contains("python_jit"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(row.contains("skipped"), "{row}");
    assert!(stderr.contains("-m pip install numba"), "{stderr}");
}
