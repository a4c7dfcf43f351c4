//! Calling the embedded CPython: looking up a variant's function before it is timed, calling
//! it, converting what it returns, describing the interpreter, and turning Python exceptions
//! into [`Error::Python`] with the traceback as text. The interpreter starts on first use;
//! how it starts is [`crate::embed`]'s business, re-exported here.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString, PyTuple};
use serde::{Deserialize, Serialize};

pub use crate::embed::{
    BLAS_THREAD_VARIABLES, add_sys_path, interpreter_executable, python_dir, start,
};
use crate::error::{Error, Result};
pub use crate::workload::PACKAGE;
use crate::workload::{Output, Variant};

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
    /// The arguments the setup made, before the pool size was appended (parallel variants).
    setup_args: Py<PyTuple>,
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
            let setup_args = args.clone().unbind();
            if let Some(workers) = workers {
                args = with_pool(py, &args, workers).map_err(err)?;
            }
            let canonical = match m.hasattr("canonical").map_err(err)? {
                true => Some(m.getattr("canonical").map_err(err)?.unbind()),
                false => None,
            };
            Ok(Self {
                context: context.clone(),
                function: callable.unbind(),
                args: args.unbind(),
                setup_args,
                canonical,
            })
        })
    }

    /// The same parallel variant on a pool of `workers`, with the arguments its setup already
    /// made: the setup runs once per variant, not once per pool size. (Safe because a variant
    /// never changes its arguments: every timed call reuses them too.)
    pub fn on_pool(&self, workers: usize) -> Result<Self> {
        Python::attach(|py| {
            let setup_args = self.setup_args.bind(py);
            let context = match self.context.rsplit_once(", workers=") {
                Some((head, _)) => format!("{head}, workers={workers})"),
                None => format!("{} on {workers} workers", self.context),
            };
            let args = with_pool(py, setup_args, workers)
                .map_err(|e| python_error(py, context.clone(), e))?;
            Ok(Self {
                context,
                function: self.function.clone_ref(py),
                args: args.unbind(),
                setup_args: setup_args.clone().unbind(),
                canonical: self.canonical.as_ref().map(|c| c.clone_ref(py)),
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

    /// The function and its prepared arguments, for the harness's untimed calls around the
    /// timed one (the memory pass calls it under `tracemalloc`).
    pub fn parts<'py>(&self, py: Python<'py>) -> (&Bound<'py, PyAny>, &Bound<'py, PyTuple>) {
        (self.function.bind(py), self.args.bind(py))
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

/// `args` with the pool size `workers` appended.
fn with_pool<'py>(
    py: Python<'py>,
    args: &Bound<'py, PyTuple>,
    workers: usize,
) -> PyResult<Bound<'py, PyTuple>> {
    let pool = PyTuple::new(py, [workers])?;
    Ok(args.add(pool)?.cast_into::<PyTuple>()?)
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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// The optional packages some variants use: `python_c` variants may need numpy, and
/// `python_jit` needs numba.
pub const OPTIONAL_PACKAGES: &[&str] = &["numpy", "numba"];

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
