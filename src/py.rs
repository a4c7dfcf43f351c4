//! The embedded CPython: starting it once, putting the repo's `python/` folder on `sys.path`,
//! looking up a variant's function before it is timed, calling it, and turning Python
//! exceptions into [`Error::Python`] with the traceback as text.
//!
//! The interpreter is started explicitly with `Python::initialize()` (PyO3's
//! `auto-initialize` is off), so that Rust modules can be registered before it starts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hybrid::pyrust_kernels;
use crate::workload::{Output, Variant};

/// The Python package that holds the Python variants.
pub const PACKAGE: &str = "pyrust_workloads";

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
    let err = |e| python_error(py, "configuring the embedded interpreter", e);
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
    let err = |e| python_error(py, format!("using the virtualenv {}", venv.display()), e);
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
        .map_err(|e| python_error(py, "reading sys.path", e))?;
    let dir = dir.to_string_lossy();
    // Moved rather than added again: repeated calls leave one entry, first.
    while path
        .contains(dir.as_ref())
        .map_err(|e| python_error(py, "reading sys.path", e))?
    {
        path.call_method1("remove", (dir.as_ref(),))
            .map_err(|e| python_error(py, "editing sys.path", e))?;
    }
    path.call_method1("insert", (0, dir.as_ref()))
        .map_err(|e| python_error(py, "extending sys.path", e))?;
    Ok(())
}

/// Converts a Python exception into [`Error::Python`], with its formatted traceback; an
/// optional package ([`OPTIONAL_PACKAGES`]) that cannot be imported becomes
/// [`Error::MissingModule`], so that the variant needing it is skipped rather than failed.
pub fn python_error(py: Python<'_>, context: impl Into<String>, err: PyErr) -> Error {
    if err.is_instance_of::<pyo3::exceptions::PyModuleNotFoundError>(py) {
        let module = err
            .value(py)
            .getattr("name")
            .and_then(|n| n.extract::<String>())
            .map(|n| n.split('.').next().unwrap_or_default().to_string());
        if let Some(module) = module
            .ok()
            .filter(|m| OPTIONAL_PACKAGES.contains(&m.as_str()))
        {
            return Error::MissingModule {
                context: context.into(),
                module,
                executable: interpreter_executable(),
            };
        }
    }
    let traceback = format_traceback(py, &err).unwrap_or_else(|_| err.to_string());
    Error::Python {
        context: context.into(),
        traceback,
    }
}

fn format_traceback(py: Python<'_>, err: &PyErr) -> PyResult<String> {
    let lines = py.import("traceback")?.call_method1(
        "format_exception",
        (err.get_type(py), err.value(py), err.traceback(py)),
    )?;
    let text: String = PyString::new(py, "")
        .call_method1("join", (lines,))?
        .extract()?;
    Ok(text.trim_end().to_string())
}

/// A Python function, looked up and given its arguments before it is timed: a workload's
/// variant, or one of the harness's own probes.
pub struct PyCall {
    context: String,
    function: Py<PyAny>,
    args: Py<PyTuple>,
    /// The module's optional `canonical(result)`: turns a raw return value (a list, a dict)
    /// into a comparable output, after and outside the timed call.
    canonical: Option<Py<PyAny>>,
}

impl PyCall {
    /// The function named after `variant` in `module`, with arguments prepared (untimed) by
    /// `setup_<variant>(n)` if the module defines it, else `setup(n)`, else `(n,)`. A parallel
    /// variant gets its pool size, `workers`, as one more argument after those.
    pub fn variant(module: &str, variant: Variant, n: u64, workers: Option<usize>) -> Result<Self> {
        let own_setup = format!("setup_{}", variant.id());
        Self::build(
            module,
            variant.id(),
            &[&own_setup, "setup"],
            Some(n),
            workers,
        )
    }

    /// `module.function`, with arguments from the first of `setups` that the module defines,
    /// called with `n`; without one, `(n,)`, or `()` when `n` is `None`.
    pub fn function(module: &str, function: &str, setups: &[&str], n: Option<u64>) -> Result<Self> {
        Self::build(module, function, setups, n, None)
    }

    /// [`PyCall::function`], with `workers` appended to the arguments when given.
    fn build(
        module: &str,
        function: &str,
        setups: &[&str],
        n: Option<u64>,
        workers: Option<usize>,
    ) -> Result<Self> {
        start()?;
        let context = match (n, workers) {
            (Some(n), Some(w)) => format!("{module}.{function}({n}, workers={w})"),
            (Some(n), None) => format!("{module}.{function}({n})"),
            (None, _) => format!("{module}.{function}()"),
        };
        Python::attach(|py| {
            let err = |e| python_error(py, context.clone(), e);
            let m = py.import(module).map_err(err)?;
            let callable = m.getattr(function).map_err(err)?;
            let setup = setups
                .iter()
                .find(|name| m.hasattr(**name).unwrap_or(false));
            let mut args = match (setup, n) {
                (Some(setup), Some(n)) => {
                    let prepared = m.call_method1(*setup, (n,)).map_err(err)?;
                    prepared.cast_into::<PyTuple>().map_err(|_| {
                        Error::Interpreter(format!(
                            "{module}.{setup}({n}) must return a tuple of arguments"
                        ))
                    })?
                }
                (None, Some(n)) => PyTuple::new(py, [n]).map_err(err)?,
                (_, None) => PyTuple::empty(py),
            };
            if let Some(workers) = workers {
                let pool = PyTuple::new(py, [workers]).map_err(err)?;
                args = args
                    .add(pool)
                    .and_then(|joined| Ok(joined.cast_into::<PyTuple>()?))
                    .map_err(err)?;
            }
            let canonical = match m.hasattr("canonical").map_err(err)? {
                true => Some(m.getattr("canonical").map_err(err)?.unbind()),
                false => None,
            };
            Ok(Self {
                context: context.clone(),
                function: callable.unbind(),
                args: args.unbind(),
                canonical,
            })
        })
    }

    /// What this call is, e.g. `pyrust_workloads.nbody.python(1000)`.
    pub fn context(&self) -> &str {
        &self.context
    }

    /// Calls the function with its prepared arguments: this is what the timer measures.
    #[inline]
    pub fn call_raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.function.bind(py).call1(self.args.bind(py))
    }

    /// The peak of Python's traced memory during one call (`tracemalloc`), in bytes: a pass
    /// of its own, never inside timing, because tracing slows every allocation.
    pub fn traced_peak(&self) -> Result<u64> {
        Python::attach(|py| {
            crate::memory::traced_peak(py, self.function.bind(py), self.args.bind(py))
        })
    }

    /// Calls the function and converts its return value (through `canonical`, if the module
    /// has one) to an [`Output`].
    pub fn call(&self) -> Result<Output> {
        Python::attach(|py| {
            let err = |e| python_error(py, self.context.clone(), e);
            let mut value = self.call_raw(py).map_err(err)?;
            if let Some(canonical) = &self.canonical {
                value = canonical.bind(py).call1((value,)).map_err(err)?;
            }
            to_output(&value)
                .map_err(|reason| Error::Interpreter(format!("{} returned {reason}", self.context)))
        })
    }
}

/// The name of `value`'s type, for messages.
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Converts a Python return value into an [`Output`].
pub fn to_output(value: &Bound<'_, PyAny>) -> Result<Output, String> {
    let unsupported = || {
        format!(
            "a {}, but outputs must be int, float, str or bytes",
            type_name(value)
        )
    };
    if value.is_instance_of::<PyBool>() {
        Err(unsupported())
    } else if value.is_instance_of::<PyInt>() {
        value
            .extract::<i64>()
            .map(Output::Int)
            .map_err(|_| "an int that does not fit in 64 bits; return it as str".into())
    } else if value.is_instance_of::<PyFloat>() {
        value
            .extract::<f64>()
            .map(Output::Float)
            .map_err(|e| e.to_string())
    } else if let Ok(s) = value.cast::<PyString>() {
        s.to_str()
            .map(|s| Output::Text(s.to_owned()))
            .map_err(|e| e.to_string())
    } else if let Ok(b) = value.cast::<PyBytes>() {
        Ok(Output::Bytes(b.as_bytes().to_vec()))
    } else {
        Err(unsupported())
    }
}

/// The interpreter that runs the Python variants, and the one PyO3 was built against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PythonInfo {
    /// e.g. `3.11.7`.
    pub version: String,
    /// e.g. `CPython`.
    pub implementation: String,
    /// The runtime `sys.executable` (in an embedding process this may be the Rust binary).
    pub executable: String,
    /// The runtime `sys.version`, in full.
    #[serde(default)]
    pub sys_version: String,
    /// The runtime `sys.prefix` (a virtualenv, if one is active).
    #[serde(default)]
    pub prefix: String,
    /// The interpreter PyO3 was built against.
    #[serde(default)]
    pub build_executable: String,
    /// Its version.
    #[serde(default)]
    pub build_version: String,
    /// Set when the runtime interpreter is not the build interpreter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// Describes the running interpreter, and warns if it is not the one PyO3 built against.
pub fn interpreter_info() -> Result<PythonInfo> {
    start()?;
    Python::attach(|py| {
        let err = |e| python_error(py, "describing the interpreter", e);
        let described = py
            .import(format!("{PACKAGE}._harness"))
            .and_then(|m| m.call_method0("describe"))
            .map_err(err)?;
        let dict = described
            .cast::<PyDict>()
            .map_err(|_| Error::Interpreter("_harness.describe() must return a dict".into()))?;
        let field = |key: &str| -> Result<String> {
            match dict.get_item(key).map_err(err)? {
                Some(v) => v.extract::<String>().map_err(err),
                None => Ok(String::new()),
            }
        };
        let build_version = env!("PYRUST_BUILD_PYTHON_VERSION").to_string();
        let build_base_prefix = env!("PYRUST_BUILD_PYTHON_BASE_PREFIX");
        let (version, base_prefix) = (field("version")?, field("base_prefix")?);
        let warning = if version != build_version
            || (!build_base_prefix.is_empty() && base_prefix != build_base_prefix)
        {
            Some(format!(
                "the runtime Python is {version} at {base_prefix}, but PyO3 was built against {build_version} at {build_base_prefix} ({}); packages installed with that interpreter's pip may be invisible. Rebuild with PYO3_PYTHON=<the python you want> cargo clean && cargo bench",
                env!("PYRUST_BUILD_PYTHON_EXECUTABLE")
            ))
        } else {
            None
        };
        Ok(PythonInfo {
            version,
            implementation: field("implementation")?,
            executable: field("executable")?,
            sys_version: field("sys_version")?,
            prefix: field("prefix")?,
            build_executable: env!("PYRUST_BUILD_PYTHON_EXECUTABLE").to_string(),
            build_version,
            warning,
        })
    })
}

/// The empty function `_harness.noop`: timing a call to it measures the cost of calling
/// Python from Rust, which is included in every Python timing.
pub fn noop_call() -> Result<PyCall> {
    PyCall::function(&format!("{PACKAGE}._harness"), "noop", &[], None)
}

/// The optional packages some variants use (`python_c` variants may need them).
pub const OPTIONAL_PACKAGES: &[&str] = &["numpy"];

/// Each optional package with its version, or `None` when the embedded interpreter cannot
/// import it.
pub fn optional_packages() -> Result<Vec<(String, Option<String>)>> {
    start()?;
    Python::attach(|py| {
        let err = |e| python_error(py, "looking for optional packages", e);
        let found = py
            .import(format!("{PACKAGE}._harness"))
            .and_then(|m| m.call_method1("optional_packages", (OPTIONAL_PACKAGES.to_vec(),)))
            .map_err(err)?;
        OPTIONAL_PACKAGES
            .iter()
            .map(|name| {
                let version = found
                    .get_item(name)
                    .and_then(|v| v.extract::<Option<String>>())
                    .map_err(err)?;
                Ok((name.to_string(), version))
            })
            .collect()
    })
}
