//! The embedded CPython: starting it once, putting the repo's `python/` folder on `sys.path`,
//! looking up a variant's function before it is timed, calling it, and turning Python
//! exceptions into [`Error::Python`] with the traceback as text.
//!
//! The interpreter is started explicitly with `Python::initialize()` (PyO3's
//! `auto-initialize` is off), so that Rust modules can be registered before it starts.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
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
            Python::initialize();
            Python::attach(|py| prepend_sys_path(py, &dir)).map_err(|e| e.to_string())
        })
        .clone()
        .map_err(Error::Interpreter)
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
    path.call_method1("insert", (0, dir.to_string_lossy().as_ref()))
        .map_err(|e| python_error(py, "extending sys.path", e))?;
    Ok(())
}

/// Converts a Python exception into [`Error::Python`], with its formatted traceback.
pub fn python_error(py: Python<'_>, context: impl Into<String>, err: PyErr) -> Error {
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

/// A Python variant, looked up and given its arguments before it is timed.
pub struct PyVariant {
    context: String,
    function: Py<PyAny>,
    args: Py<PyTuple>,
}

impl PyVariant {
    /// Imports `module`, looks up the function named after `variant`, and prepares its
    /// arguments: `module.setup(n)` if the module defines `setup` (untimed), else `(n,)`.
    pub fn load(module: &str, variant: Variant, n: u64) -> Result<Self> {
        start()?;
        let context = format!("{module}.{}({n})", variant.id());
        Python::attach(|py| {
            let err = |e| python_error(py, context.clone(), e);
            let m = py.import(module).map_err(err)?;
            let function = m.getattr(variant.id()).map_err(err)?;
            let args = if m.hasattr("setup").map_err(err)? {
                let prepared = m.call_method1("setup", (n,)).map_err(err)?;
                match prepared.cast_into::<PyTuple>() {
                    Ok(tuple) => tuple,
                    Err(_) => {
                        return Err(Error::Interpreter(format!(
                            "{module}.setup({n}) must return a tuple of arguments"
                        )));
                    }
                }
            } else {
                PyTuple::new(py, [n]).map_err(err)?
            };
            Ok(Self {
                context: context.clone(),
                function: function.unbind(),
                args: args.unbind(),
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

    /// Calls the function and converts its return value to an [`Output`].
    pub fn call(&self) -> Result<Output> {
        Python::attach(|py| {
            let value = self
                .call_raw(py)
                .map_err(|e| python_error(py, self.context.clone(), e))?;
            to_output(&value)
                .map_err(|reason| Error::Interpreter(format!("{} returned {reason}", self.context)))
        })
    }
}

/// Converts a Python return value into an [`Output`].
pub fn to_output(value: &Bound<'_, PyAny>) -> Result<Output, String> {
    let unsupported = || {
        let type_name = value
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        format!("a {type_name}, but outputs must be int, float, str or bytes")
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

/// A prepared call to the empty function `_harness.noop`: timing it measures the cost of
/// calling Python from Rust, which is included in every Python timing.
pub struct NoopCall {
    function: Py<PyAny>,
    args: Py<PyTuple>,
}

impl NoopCall {
    /// Looks up `_harness.noop`.
    pub fn load() -> Result<Self> {
        start()?;
        Python::attach(|py| {
            let function = py
                .import(format!("{PACKAGE}._harness"))
                .and_then(|m| m.getattr("noop"))
                .map_err(|e| python_error(py, "loading _harness.noop", e))?;
            Ok(Self {
                function: function.unbind(),
                args: PyTuple::empty(py).unbind(),
            })
        })
    }

    /// Calls it once.
    #[inline]
    pub fn call<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.function.bind(py).call1(self.args.bind(py))
    }
}
