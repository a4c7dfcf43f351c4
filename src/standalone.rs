//! The standalone runner, from the Rust side: a Python variant timed under any interpreter
//! (PyPy, another CPython, the embedded one's own executable), each variant in a process of
//! its own running `python/pyrust_workloads/_runner.py`. The runner times; this module starts
//! it under a time limit, reads its JSON, and turns it into an [`Output`] to verify and
//! samples to summarise, as the embedded path's are. A runner that crashes, hangs or prints
//! garbage is a [`RunnerError`] with a message that says which and what it printed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::embed::{BLAS_THREAD_VARIABLES, python_dir};
use crate::results::InterpreterId;
pub use crate::results::InterpreterRole as Role;
use crate::workload::{Mode, Output, Variant};

/// The module the interpreters run, as `python -m`.
pub const RUNNER_MODULE: &str = "pyrust_workloads._runner";

/// How long the runner may take to describe its interpreter.
const DESCRIBE_LIMIT: Duration = Duration::from_secs(30);

/// An interpreter that described itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpreter {
    /// The path it was started by.
    pub path: PathBuf,
    pub id: InterpreterId,
    /// PyPy's own version, e.g. `7.3.11`.
    pub pypy_version: Option<String>,
    /// A free-threaded build (`Py_GIL_DISABLED`).
    pub gil_disabled: bool,
}

/// How much the runner measures: the least time and number of timed calls, the most calls,
/// and the warm-up time it may spend waiting for two calls in a row to agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub min_time: Duration,
    pub min_samples: u32,
    pub max_samples: u32,
    pub warmup_time: Duration,
    /// The time limit of one runner process: setup, cold call, warm-up and timing.
    pub limit: Duration,
}

impl Budget {
    /// The budget for a run mode, under `limit`.
    pub fn for_mode(mode: Mode, limit: Duration) -> Self {
        match mode {
            Mode::Quick => Budget {
                min_time: Duration::from_millis(200),
                min_samples: 3,
                max_samples: 200,
                warmup_time: Duration::from_millis(500),
                limit,
            },
            Mode::Full => Budget {
                min_time: Duration::from_secs(1),
                min_samples: 5,
                max_samples: 1000,
                warmup_time: Duration::from_millis(1500),
                limit,
            },
        }
    }
}

/// What the runner measured of one variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// The cold call's output, to be checked against `rust`.
    pub output: Output,
    /// The cold call, in ns.
    pub first_call_ns: f64,
    /// Warm-up calls before timing.
    pub warmup_calls: u32,
    /// Every timed call, in ns.
    pub samples_ns: Vec<f64>,
}

/// Why the runner gave no measurement.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunnerError {
    /// The variant needs a module this interpreter cannot import (numpy under PyPy): the
    /// variant is skipped there.
    #[error(
        "{interpreter} cannot import {module:?}; install it with `{interpreter} -m pip install {module}`"
    )]
    MissingModule { interpreter: String, module: String },
    /// Python raised.
    #[error("{interpreter}: Python raised an exception\n{traceback}")]
    Raised {
        interpreter: String,
        traceback: String,
    },
    /// The process did not finish in time and was killed.
    #[error(
        "{interpreter}: the runner did not finish within {} s and was stopped; PYRUST_CALL_TIMEOUT=SECONDS raises the limit",
        limit.as_secs()
    )]
    TimedOut {
        interpreter: String,
        limit: Duration,
    },
    /// It could not be started, it crashed, or what it printed is not the runner's JSON.
    #[error("{interpreter}: {reason}")]
    Failed { interpreter: String, reason: String },
}

impl RunnerError {
    /// Whether the variant is skipped (an optional module is missing) rather than failed.
    pub fn is_missing_module(&self) -> bool {
        matches!(self, RunnerError::MissingModule { .. })
    }
}

/// What `_runner.py --describe` prints.
#[derive(Deserialize)]
struct Described {
    implementation: String,
    version: String,
    executable: String,
    pypy_version: Option<String>,
    #[serde(default)]
    gil_disabled: bool,
}

/// What `_runner.py WORKLOAD VARIANT N` prints.
#[derive(Deserialize)]
struct Printed {
    output: Option<PrintedOutput>,
    first_call_ns: Option<f64>,
    warmup_calls: Option<u32>,
    samples_ns: Option<Vec<f64>>,
    error: Option<String>,
    missing_module: Option<String>,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
enum PrintedOutput {
    Int(String),
    Float(f64),
    Text(String),
    Bytes(String),
}

impl PrintedOutput {
    /// The output, or why it is not one.
    fn decode(self) -> Result<Output, String> {
        match self {
            PrintedOutput::Int(text) => text
                .parse()
                .map(Output::Int)
                .map_err(|_| format!("an int that does not fit in 64 bits: {text}")),
            PrintedOutput::Float(x) => Ok(Output::Float(x)),
            PrintedOutput::Text(s) => Ok(Output::Text(s)),
            PrintedOutput::Bytes(hex) => from_hex(&hex)
                .map(Output::Bytes)
                .ok_or_else(|| "bytes that are not hex".to_string()),
        }
    }
}

impl Printed {
    /// The error the runner reported, if it reported one: a missing module skips the
    /// variant; anything else raised fails it.
    fn error(&mut self, name: &str) -> Option<RunnerError> {
        let traceback = self.error.take()?;
        Some(match self.missing_module.take() {
            Some(module) if module != crate::workload::PACKAGE => RunnerError::MissingModule {
                interpreter: name.to_string(),
                module,
            },
            _ => RunnerError::Raised {
                interpreter: name.to_string(),
                traceback: traceback.trim_end().to_string(),
            },
        })
    }
}

/// Starts `path` with `--describe` and reads what it says it is.
pub fn describe(path: &Path) -> Result<Interpreter, RunnerError> {
    let name = path.display().to_string();
    let stdout = run_limited(
        runner_command(path).arg("--describe"),
        DESCRIBE_LIMIT,
        &name,
    )?;
    let d: Described = parse(&stdout, &name)?;
    Ok(Interpreter {
        path: path.to_path_buf(),
        id: InterpreterId {
            implementation: d.implementation,
            version: d.version,
            executable: d.executable,
        },
        pypy_version: d.pypy_version,
        gil_disabled: d.gil_disabled,
    })
}

/// Runs `variant` of `workload` at size `n` under `interpreter`, within `budget`.
pub fn measure(
    interpreter: &Interpreter,
    workload: &str,
    variant: Variant,
    n: u64,
    budget: &Budget,
) -> Result<Measurement, RunnerError> {
    let name = interpreter.path.display().to_string();
    let mut command = runner_command(&interpreter.path);
    command
        .args([workload, variant.id(), &n.to_string()])
        .args(["--min-time", &budget.min_time.as_secs_f64().to_string()])
        .args(["--min-samples", &budget.min_samples.to_string()])
        .args(["--max-samples", &budget.max_samples.to_string()])
        .args([
            "--warmup-time",
            &budget.warmup_time.as_secs_f64().to_string(),
        ]);
    let stdout = run_limited(&mut command, budget.limit, &name)?;
    let mut printed: Printed = parse(&stdout, &name)?;
    if let Some(error) = printed.error(&name) {
        return Err(error);
    }
    let incomplete = || RunnerError::Failed {
        interpreter: name.clone(),
        reason: format!(
            "the runner's JSON lacks a field it always prints: {}",
            shorten(&stdout)
        ),
    };
    let output = printed
        .output
        .ok_or_else(incomplete)?
        .decode()
        .map_err(|reason| RunnerError::Failed {
            interpreter: name.clone(),
            reason,
        })?;
    let samples_ns = printed.samples_ns.ok_or_else(incomplete)?;
    if samples_ns.is_empty() || samples_ns.iter().any(|s| !s.is_finite() || *s <= 0.0) {
        return Err(RunnerError::Failed {
            interpreter: name,
            reason: "the runner reported no timed call, or an impossible time".into(),
        });
    }
    Ok(Measurement {
        output,
        first_call_ns: printed.first_call_ns.ok_or_else(incomplete)?,
        warmup_calls: printed.warmup_calls.unwrap_or(0),
        samples_ns,
    })
}

/// A runner in `--serve` mode: the variant set up and called once in its own process, then
/// timed one call at a time on request, so that its calls can be interleaved with calls
/// somewhere else (the embedded interpreter) one by one.
pub struct Session {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    lines: std::sync::mpsc::Receiver<String>,
    name: String,
    limit: Duration,
}

impl Session {
    /// Starts `variant` of `workload` at size `n` under `interpreter`, and returns the
    /// session with the cold call's output. Each call, the setup and the cold call
    /// included, has `limit`.
    pub fn start(
        interpreter: &Interpreter,
        workload: &str,
        variant: Variant,
        n: u64,
        limit: Duration,
    ) -> Result<(Session, Output), RunnerError> {
        let name = interpreter.path.display().to_string();
        let failed = |reason: String| RunnerError::Failed {
            interpreter: name.clone(),
            reason,
        };
        let mut child = runner_command(&interpreter.path)
            .args([workload, variant.id(), &n.to_string(), "--serve"])
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| failed(format!("could not be started: {e}")))?;
        let (stdin, stdout) = match (child.stdin.take(), child.stdout.take()) {
            (Some(stdin), Some(stdout)) => (stdin, stdout),
            _ => return Err(failed("its pipes could not be opened".into())),
        };
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut session = Session {
            child,
            stdin,
            lines,
            name: name.clone(),
            limit,
        };
        let first = session.next_line()?;
        // The same JSON as a plain run's, with only the output and the cold call's time.
        let mut served: Printed = parse(&first, &name)?;
        if let Some(error) = served.error(&name) {
            return Err(error);
        }
        let output = served.output.and_then(|o| o.decode().ok());
        match (output, served.first_call_ns) {
            (Some(output), Some(_)) => Ok((session, output)),
            _ => Err(failed(format!(
                "the runner's first line is not its output: {}",
                shorten(&first)
            ))),
        }
    }

    /// Times one call in the runner's process, in ns.
    pub fn time_call(&mut self) -> Result<f64, RunnerError> {
        use std::io::Write;
        writeln!(self.stdin, "time")
            .and_then(|_| self.stdin.flush())
            .map_err(|e| RunnerError::Failed {
                interpreter: self.name.clone(),
                reason: format!("stopped taking requests: {e}"),
            })?;
        let line = self.next_line()?;
        line.trim()
            .parse::<f64>()
            .ok()
            .filter(|ns| ns.is_finite() && *ns > 0.0)
            .ok_or_else(|| RunnerError::Failed {
                interpreter: self.name.clone(),
                reason: format!("answered a request with {}", shorten(&line)),
            })
    }

    fn next_line(&mut self) -> Result<String, RunnerError> {
        use std::sync::mpsc::RecvTimeoutError;
        match self.lines.recv_timeout(self.limit) {
            Ok(line) => Ok(line),
            Err(RecvTimeoutError::Timeout) => Err(RunnerError::TimedOut {
                interpreter: self.name.clone(),
                limit: self.limit,
            }),
            Err(RecvTimeoutError::Disconnected) => Err(RunnerError::Failed {
                interpreter: self.name.clone(),
                reason: format!(
                    "exited ({})",
                    self.child
                        .wait()
                        .map_or_else(|e| e.to_string(), |s| s.to_string())
                ),
            }),
        }
    }
}

impl Drop for Session {
    /// Ends the runner: it is asked to quit, and killed if it is busy.
    fn drop(&mut self) {
        use std::io::Write;
        let _ = writeln!(self.stdin, "quit");
        let _ = self.stdin.flush();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `path -m pyrust_workloads._runner`, with the package on its path and BLAS on one thread,
/// as in the embedded interpreter.
fn runner_command(path: &Path) -> Command {
    let mut command = Command::new(path);
    command
        .arg("-m")
        .arg(RUNNER_MODULE)
        .env("PYTHONPATH", python_dir())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for key in BLAS_THREAD_VARIABLES {
        if std::env::var_os(key).is_none() {
            command.env(key, "1");
        }
    }
    command
}

/// Runs `command` to its end or to `limit` (then it is killed), and returns its stdout. A
/// process that cannot start, or exits non-zero without printing JSON, is an error that
/// quotes the end of its stderr.
fn run_limited(command: &mut Command, limit: Duration, name: &str) -> Result<String, RunnerError> {
    let failed = |reason: String| RunnerError::Failed {
        interpreter: name.to_string(),
        reason,
    };
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("could not be started: {e}")))?;
    let pipe_reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = pipe_reader(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = pipe_reader(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunnerError::TimedOut {
                    interpreter: name.to_string(),
                    limit,
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(failed(format!("could not be waited for: {e}"))),
        }
    };
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    // The runner prints its own errors as JSON and exits 1; anything else is a crash.
    if !status.success() && !stdout.trim_start().starts_with('{') {
        return Err(failed(format!(
            "exited with {status}{}",
            match tail(&stderr) {
                t if t.is_empty() => String::new(),
                t => format!("; its stderr ends:\n{t}"),
            }
        )));
    }
    Ok(stdout)
}

/// The last JSON line of `stdout`, parsed.
fn parse<T: for<'de> Deserialize<'de>>(stdout: &str, name: &str) -> Result<T, RunnerError> {
    let line = stdout.lines().rev().find(|l| !l.trim().is_empty());
    line.and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| RunnerError::Failed {
            interpreter: name.to_string(),
            reason: format!(
                "printed something that is not the runner's JSON: {}",
                shorten(stdout)
            ),
        })
}

/// The last lines of a process's stderr, for a message.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

/// `text` cut to a length a message can carry.
fn shorten(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(200) {
        Some((at, _)) => format!("{:?}…", &text[..at]),
        None if text.is_empty() => "nothing".to_string(),
        None => format!("{text:?}"),
    }
}

fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The interpreters to run besides the embedded one: the embedded interpreter's own
/// executable (the check on the embedding), `pypy3` if it is on `PATH`, and every path in
/// `requested` (from `PYRUST_INTERPRETERS` and `--interpreters`), each once.
pub fn candidates(embedded: &Path, requested: &[PathBuf]) -> Vec<(PathBuf, Role)> {
    let mut list: Vec<(PathBuf, Role)> = vec![(embedded.to_path_buf(), Role::EmbeddedExecutable)];
    if let Some(pypy) = on_path("pypy3") {
        list.push((pypy, Role::OnPath));
    }
    list.extend(requested.iter().map(|p| (p.clone(), Role::Requested)));
    let mut seen = std::collections::HashSet::new();
    list.retain(|(path, _)| seen.insert(std::fs::canonicalize(path).unwrap_or(path.clone())));
    list
}

/// The paths in a `:`-separated list (`PYRUST_INTERPRETERS`), blanks left out.
pub fn split_paths(list: &str) -> Vec<PathBuf> {
    list.split(':')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// The environment variable that names more interpreters.
pub const INTERPRETERS_VAR: &str = "PYRUST_INTERPRETERS";

/// `program` on `PATH`, if it is there and executable.
fn on_path(program: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_and_odd_lengths_are_refused() {
        assert_eq!(from_hex("50340a"), Some(b"P4\n".to_vec()));
        assert_eq!(from_hex("503"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn paths_split_on_colons_and_blanks_are_dropped() {
        assert_eq!(
            split_paths("/a/python3: :/b/pypy3:"),
            [PathBuf::from("/a/python3"), PathBuf::from("/b/pypy3")]
        );
    }

    #[test]
    fn the_embedded_executable_comes_first_and_duplicates_are_dropped() {
        let exe = PathBuf::from("/no/such/python3");
        let list = candidates(&exe, &[exe.clone(), PathBuf::from("/no/other")]);
        assert_eq!(list[0], (exe, Role::EmbeddedExecutable));
        assert_eq!(
            list.iter().filter(|(_, r)| *r == Role::Requested).count(),
            1
        );
    }
}
