//! The worker processes of `python_procs` never import from the current directory: run from
//! a folder with planted `multiprocessing`, `concurrent` and `pyrust_workloads` packages, the
//! CLI's `verify` and plain interpreters' process pools leave them unimported.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The packages planted in the current directory: what a worker imports first
/// (`multiprocessing`), then to run a task (`concurrent`, `pyrust_workloads`).
const PLANTED: &[&str] = &["multiprocessing", "concurrent", "pyrust_workloads"];

/// The file a planted package appends its name to when it is imported.
const MARKER: &str = "planted-module-ran";

/// A fresh folder only this user can enter (mode 0700), under the temporary directory;
/// removed with everything in it when dropped, also when the test fails.
type PrivateDir = tempfile::TempDir;

/// A private folder holding the [`PLANTED`] packages, each of which, when imported, appends
/// its name to the folder's [`MARKER`] file and fails.
fn planted_folder(name: &str) -> PrivateDir {
    let dir = tempfile::Builder::new()
        .prefix(&format!("pyrust-safe-path-{name}-"))
        .tempdir()
        .unwrap();
    let marker = dir.path().join(MARKER);
    for package in PLANTED {
        let folder = dir.path().join(package);
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(
            folder.join("__init__.py"),
            format!(
                "with open({marker:?}, 'a') as f:\n    f.write({package:?} + '\\n')\nraise ImportError('planted {package} imported from the current directory')\n",
                marker = marker.to_str().unwrap(),
            ),
        )
        .unwrap();
    }
    dir
}

/// Why a command run from `dir` failed the test, if it did: it imported a planted package,
/// or it exited unsuccessfully.
fn failure(dir: &PrivateDir, what: &str, output: &Output) -> Option<String> {
    let problem = match std::fs::read_to_string(dir.path().join(MARKER)) {
        Ok(ran) => format!(
            "imported planted packages from its current directory: {}",
            ran.split_whitespace().collect::<Vec<_>>().join(", ")
        ),
        Err(_) if !output.status.success() => format!("failed ({})", output.status),
        Err(_) => return None,
    };
    Some(format!(
        "{what} {problem}\nstdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

#[test]
fn verify_never_imports_from_the_current_directory() {
    let dir = planted_folder("verify");
    let output = Command::new(env!("CARGO_BIN_EXE_pyrust-bench"))
        .args(["verify", "mandelbrot"])
        .current_dir(dir.path())
        // The fix, not the caller's environment, must keep the workers' path safe.
        .env_remove("PYTHONSAFEPATH")
        .output()
        .unwrap();
    if let Some(failure) = failure(&dir, "pyrust-bench verify mandelbrot", &output) {
        panic!("{failure}");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let procs: Vec<_> = stdout
        .lines()
        .filter(|line| line.contains("python_procs"))
        .collect();
    assert!(
        !procs.is_empty() && procs.iter().all(|line| line.contains(" ok ")),
        "python_procs did not run or did not pass:\n{stdout}"
    );
}

/// The pyenv interpreters of CPython 3.9 and later on this machine, oldest first, with their
/// versions.
fn pyenv_pythons() -> Vec<(String, PathBuf)> {
    let Some(versions) = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".pyenv")))
        .map(|root| root.join("versions"))
    else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&versions) else {
        return Vec::new();
    };
    let mut found: Vec<((u32, u32), String, PathBuf)> = entries
        .filter_map(|entry| {
            let version = entry.ok()?.file_name().into_string().ok()?;
            let mut parts = version.split('.');
            let major: u32 = parts.next()?.parse().ok()?;
            let minor: u32 = parts.next()?.parse().ok()?;
            let python = versions.join(&version).join("bin/python");
            (major == 3 && minor >= 9 && python.is_file()).then_some((
                (major, minor),
                version,
                python,
            ))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(_, version, python)| (version, python))
        .collect()
}

/// The embedding harness's `sys.path` has no entry for the current directory, but `-c` gives
/// the probe one: it drops it before it imports anything, to start the pool as the harness
/// does.
const PROBE: &str = "\
import sys
assert sys.path[0] == '', sys.path
del sys.path[0]
from pyrust_workloads import mandelbrot
assert mandelbrot.python_procs(16, 2) == mandelbrot.python(16)
print('ok')
";

#[test]
fn process_pools_of_plain_pythons_never_import_from_the_current_directory() {
    let pythons = pyenv_pythons();
    if !pythons.iter().any(|(v, _)| v.starts_with("3.10.")) {
        println!("note: no pyenv CPython 3.10, so the 3.9-3.10 fallback may be untested");
    }
    if pythons.is_empty() {
        println!("skipped: no pyenv CPython 3.9+ found under $PYENV_ROOT or ~/.pyenv");
        return;
    }
    let python_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("python");
    let mut failures = Vec::new();
    for (version, python) in pythons {
        let dir = planted_folder(&version);
        let output = Command::new(&python)
            .args(["-c", PROBE])
            .current_dir(dir.path())
            .env("PYTHONPATH", &python_dir)
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env_remove("PYTHONSAFEPATH")
            .output()
            .unwrap();
        match failure(
            &dir,
            &format!("a process pool under Python {version}"),
            &output,
        ) {
            Some(failure) => failures.push(failure),
            None => println!("Python {version}: its workers left the current directory alone"),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
