//! Starting the embedded CPython, once per process: the Rust module `pyrust_kernels` built
//! in, the repo's `python/` folder first on `sys.path`, `sys.executable`, an active
//! virtualenv's packages, the BLAS thread caps, and the modules `PYRUST_HIDE_MODULES` hides.
//! `py.rs` calls into the interpreter this starts and starts it on first use.
//!
//! The interpreter is started explicitly with `Python::initialize()` (PyO3's
//! `auto-initialize` is off), so that `pyrust_kernels` is registered before it starts. This
//! module sits above [`crate::hybrid`], which builds that module, and below `py.rs`, so
//! that neither of them imports the other.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::IntoPyDict;

use crate::error::{Error, Result};
use crate::hybrid::pyrust_kernels;
use crate::workload::PACKAGE;

/// A start-up step that failed: what it was doing, and Python's message.
fn failed(context: &str, err: PyErr) -> Error {
    Error::Interpreter(format!("{context}: {err}"))
}

/// The folder that holds [`PACKAGE`]: `$PYRUST_PYTHON_DIR`, or the repo's `python/`.
pub fn python_dir() -> PathBuf {
    std::env::var_os("PYRUST_PYTHON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("python"))
}

/// Starts the interpreter (once per process) with [`python_dir`] first on `sys.path`.
pub fn start() -> Result<()> {
    static STARTED: OnceLock<Result<(), String>> = OnceLock::new();
    STARTED
        .get_or_init(|| {
            let dir = python_dir();
            if !dir.join(PACKAGE).join("__init__.py").is_file() {
                return Err(format!(
                    "the Python workloads are not at {}; run from a pyrust-bench checkout or set PYRUST_PYTHON_DIR to its python/ folder",
                    dir.display()
                ));
            }
            // The Rust kernels, importable as `pyrust_kernels`; this must precede start-up.
            pyo3::append_to_inittab!(pyrust_kernels);
            Python::initialize();
            Python::attach(|py| {
                prepend_sys_path(py, &dir)?;
                configure(py)
            })
            .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::Interpreter)
}

/// The Python that stands for the embedded interpreter: an active virtualenv's python, else
/// the interpreter PyO3 was built against. It becomes `sys.executable`, so that messages
/// (e.g. "install numpy with …") and child processes name a real interpreter rather than
/// the Rust binary.
pub fn interpreter_executable() -> String {
    match std::env::var_os("VIRTUAL_ENV") {
        Some(venv) => Path::new(&venv)
            .join("bin")
            .join("python")
            .to_string_lossy()
            .into_owned(),
        None => env!("PYRUST_BUILD_PYTHON_EXECUTABLE").to_string(),
    }
}

/// Environment variables that cap the threads of the BLAS libraries numpy may use.
pub const BLAS_THREAD_VARIABLES: &[&str] =
    &["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"];

/// After start: the BLAS thread caps, `sys.executable`, an active virtualenv's site-packages, and the modules
/// hidden by `PYRUST_HIDE_MODULES` (comma-separated; tests use it to play "not installed").
fn configure(py: Python<'_>) -> Result<()> {
    let err = |e| failed("configuring the embedded interpreter", e);
    let sys = py.import("sys").map_err(err)?;
    let executable = interpreter_executable();
    sys.setattr("executable", &executable).map_err(err)?;
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        use_virtualenv(py, Path::new(&venv))?;
    }
    // The comparison is single-threaded: BLAS behind numpy gets one thread unless the user
    // asked for more (set before numpy is first imported).
    let environ = py
        .import("os")
        .and_then(|os| os.getattr("environ"))
        .map_err(err)?;
    for key in BLAS_THREAD_VARIABLES {
        environ
            .call_method1("setdefault", (*key, "1"))
            .map_err(err)?;
    }
    if let Ok(hidden) = std::env::var("PYRUST_HIDE_MODULES") {
        let modules = sys.getattr("modules").map_err(err)?;
        for name in hidden.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            modules.set_item(name, py.None()).map_err(err)?;
        }
    }
    Ok(())
}

/// Makes an active virtualenv's packages visible, as its own `bin/python` would: its
/// site-packages is added, and unless its `pyvenv.cfg` includes the system site-packages,
/// the base interpreter's site-packages are removed from `sys.path`.
fn use_virtualenv(py: Python<'_>, venv: &Path) -> Result<()> {
    let err = |e| failed(&format!("using the virtualenv {}", venv.display()), e);
    let sys = py.import("sys").map_err(err)?;
    let site = py.import("site").map_err(err)?;
    let (major, minor): (u32, u32) = sys
        .getattr("version_info")
        .and_then(|v| Ok((v.get_item(0)?.extract()?, v.get_item(1)?.extract()?)))
        .map_err(err)?;
    let venv_site = venv.join(format!("lib/python{major}.{minor}/site-packages"));
    if !venv_site.is_dir() {
        eprintln!(
            "warning: VIRTUAL_ENV={} has no {}: it was made for another Python than the embedded {major}.{minor}, so its packages are not visible",
            venv.display(),
            venv_site.display()
        );
        return Ok(());
    }
    let config = std::fs::read_to_string(venv.join("pyvenv.cfg")).unwrap_or_default();
    let include_system = config.lines().any(|l| {
        let l = l.replace(' ', "");
        l.eq_ignore_ascii_case("include-system-site-packages=true")
    });
    if !include_system {
        let base_sites = site.call_method0("getsitepackages").map_err(err)?;
        let path = sys.getattr("path").map_err(err)?;
        let kept = py
            .eval(
                c"[p for p in path if p not in base_sites]",
                Some(
                    &[("path", path), ("base_sites", base_sites)]
                        .into_py_dict(py)
                        .map_err(err)?,
                ),
                None,
            )
            .map_err(err)?;
        sys.setattr("path", kept).map_err(err)?;
    }
    site.call_method1("addsitedir", (venv_site.to_string_lossy().as_ref(),))
        .map_err(err)?;
    let prefix = venv.to_string_lossy();
    sys.setattr("prefix", prefix.as_ref()).map_err(err)?;
    sys.setattr("exec_prefix", prefix.as_ref()).map_err(err)
}

/// Puts `dir` first on `sys.path` (tests use it for test-only modules).
pub fn add_sys_path(dir: &Path) -> Result<()> {
    start()?;
    Python::attach(|py| prepend_sys_path(py, dir))
}

fn prepend_sys_path(py: Python<'_>, dir: &Path) -> Result<()> {
    let path = py
        .import("sys")
        .and_then(|sys| sys.getattr("path"))
        .map_err(|e| failed("reading sys.path", e))?;
    let dir = dir.to_string_lossy();
    // Moved rather than added again: repeated calls leave one entry, first.
    while path
        .contains(dir.as_ref())
        .map_err(|e| failed("reading sys.path", e))?
    {
        path.call_method1("remove", (dir.as_ref(),))
            .map_err(|e| failed("editing sys.path", e))?;
    }
    path.call_method1("insert", (0, dir.as_ref()))
        .map_err(|e| failed("extending sys.path", e))?;
    Ok(())
}
