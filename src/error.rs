//! The library's error type: one enum whose messages say what happened and what to do.

use std::path::PathBuf;

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written. The OS error is part of the message and is not
    /// also a `source`, so that `{:#}` chains print it once.
    #[error("{path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The results folder cannot be written: found before anything is measured.
    #[error(
        "the results folder {path} cannot be written ({cause}); nothing was measured. Make it writable, or set PYRUST_RESULTS_DIR to a folder that is"
    )]
    Unwritable {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The measurements could not be saved where they belong; they were kept elsewhere.
    #[error(
        "{error}\nthe measurements were kept in {kept}; render them with `cargo run --release -- report --results {kept} --out <folder>`"
    )]
    Unsaved { error: Box<Error>, kept: PathBuf },
    /// A results file is not valid JSON, or does not follow the schema.
    #[error("{path}: {reason}")]
    Results { path: PathBuf, reason: String },
    /// A results file was written by a newer (or unknown) version of pyrust-bench.
    #[error(
        "{path}: schema_version {found} is not supported (this pyrust-bench reads schema_version {supported}); regenerate it with `cargo bench` or use a matching pyrust-bench"
    )]
    Schema {
        path: PathBuf,
        found: String,
        supported: u32,
    },
    /// Python raised; `traceback` holds the formatted Python traceback.
    #[error("{context}: Python raised an exception\n{traceback}")]
    Python { context: String, traceback: String },
    /// A variant needs an optional Python package that the embedded interpreter cannot import.
    #[error(
        "{context}: the Python package {module:?} is not installed for the interpreter pyrust-bench runs ({executable}); install it with `{executable} -m pip install {module}`, or activate a virtualenv that has it"
    )]
    MissingModule {
        context: String,
        module: String,
        executable: String,
    },
    /// An optional part (a pass's Python packages, its data) could not be installed or made:
    /// its claim is `not-measured`, and the message says how to install it.
    #[error(
        "{what} could not be installed: {reason}\ninstall them with `{command}`, then run the pass again"
    )]
    Unavailable {
        what: String,
        reason: String,
        command: String,
    },
    /// The embedded interpreter could not be used at all.
    #[error("embedded Python: {0}")]
    Interpreter(String),
    /// A variant's output differs from the `rust` variant's.
    #[error(
        "{workload}: variant {variant} at n={n} returned {got}, but rust returned {expected}; it will not be timed"
    )]
    Mismatch {
        workload: String,
        variant: String,
        n: u64,
        expected: String,
        got: String,
    },
    /// A workload filter matched nothing.
    #[error("no workload matches {filter:?}; valid names: {}", valid.join(", "))]
    UnknownWorkload { filter: String, valid: Vec<String> },
    /// `compare` was given two files without an entry in common.
    #[error("nothing to compare: {reason}")]
    NothingToCompare { reason: String },
    /// A chart could not be drawn.
    #[error("chart {path}: {reason}")]
    Chart { path: PathBuf, reason: String },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// For an [`Error::Unavailable`], one line that says what could not be installed, why,
    /// the command that installs it, and the pass to run again; `None` for any other error.
    pub fn install_advice(&self, pass: &str) -> Option<String> {
        match self {
            Error::Unavailable {
                what,
                reason,
                command,
            } => Some(format!(
                "{what} could not be installed ({reason}); install them with `{command}`, then run `cargo bench -- {pass}`"
            )),
            _ => None,
        }
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }
}
