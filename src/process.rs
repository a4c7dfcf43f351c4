//! Child processes of the passes: one tool run as a whole process, as a user runs it: its wall time from spawn to exit, and
//! its CPU time (user + system) from `wait4`, which covers the process and every child it
//! waited for (Black's worker, Polars' threads). Its stdout goes to a file that the
//! comparison reads afterwards; a run over its time limit is killed.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::py::python_dir;

/// What one run of a tool cost and how it ended.
#[derive(Debug, Clone)]
pub struct Run {
    pub wall_ns: f64,
    pub cpu_ns: f64,
    /// The exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    /// Its stderr (the end of it, when long).
    pub stderr: String,
}

/// Why a run did not give a usable result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    #[error("{program} could not be started: {reason}")]
    Start { program: String, reason: String },
    #[error("{program} was stopped after {seconds} s, its time limit")]
    TimedOut { program: String, seconds: u64 },
    #[error("{program} {how}{}", stderr_tail(.stderr))]
    Failed {
        program: String,
        how: String,
        stderr: String,
    },
}

/// "; its stderr ends: …" for a non-empty stderr, else nothing.
pub fn stderr_tail(stderr: &str) -> String {
    match crate::venv::tail(stderr) {
        t if t.is_empty() => String::new(),
        t => format!("; its stderr ends:\n{t}"),
    }
}

/// Runs `command` with its stdout in `stdout` (and its stderr beside it, in `<stdout>.err`)
/// and waits for it, for at most `limit`.
pub fn run(command: &mut Command, stdout: &Path, limit: Duration) -> Result<Run, RunError> {
    let program = command.get_program().to_string_lossy().into_owned();
    let start_error = |reason: String| RunError::Start {
        program: program.clone(),
        reason,
    };
    let out =
        File::create(stdout).map_err(|e| start_error(format!("{}: {e}", stdout.display())))?;
    let errors_path = stdout.with_extension("err");
    let errors = File::create(&errors_path)
        .map_err(|e| start_error(format!("{}: {e}", errors_path.display())))?;
    command.stdin(Stdio::null()).stdout(out).stderr(errors);
    let started = Instant::now();
    let child = command.spawn().map_err(|e| start_error(e.to_string()))?;
    let pid = child.id() as libc::pid_t;
    // A watchdog kills the child at the limit; the wait below is then what returns.
    let (done, cancelled) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if cancelled.recv_timeout(limit).is_err() {
            // SAFETY: kill takes plain integers; the child is not reaped until wait4 below
            // returns, so the pid is still ours.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            true
        } else {
            false
        }
    });
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = loop {
        // SAFETY: the pointers are to locals that outlive the call.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
            break r == pid;
        }
    };
    let wall = started.elapsed();
    let _ = done.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    // The child was reaped by wait4; std must not wait for it again.
    drop(child);
    if !reaped {
        return Err(start_error(format!(
            "waiting for it failed: {}",
            std::io::Error::last_os_error()
        )));
    }
    if timed_out {
        return Err(RunError::TimedOut {
            program,
            seconds: limit.as_secs(),
        });
    }
    let mut stderr = String::new();
    if let Ok(mut file) = File::open(&errors_path) {
        let _ = file.read_to_string(&mut stderr);
    }
    let cpu = |t: libc::timeval| t.tv_sec as f64 * 1e9 + t.tv_usec as f64 * 1e3;
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Ok(Run {
        wall_ns: wall.as_nanos() as f64,
        cpu_ns: cpu(usage.ru_utime) + cpu(usage.ru_stime),
        code,
        stderr,
    })
}

impl Run {
    /// The run, if it exited with one of `expected` (a linter's "found something" is 1) and
    /// printed no Python traceback; else why not.
    pub fn expect(self, program: &str, expected: &[i32]) -> Result<Run, RunError> {
        let crashed = self.stderr.contains("Traceback (most recent call last)");
        match self.code {
            Some(code) if expected.contains(&code) && !crashed => Ok(self),
            code => Err(RunError::Failed {
                program: program.to_string(),
                how: match code {
                    Some(code) if crashed => format!("raised an exception (exit code {code})"),
                    Some(code) => format!("exited with {code}"),
                    None => "was killed by a signal".to_string(),
                },
                stderr: self.stderr,
            }),
        }
    }
}

/// The longest a Python helper may run before it is stopped.
pub const HELPER_LIMIT: Duration = Duration::from_secs(300);

/// Runs a Python helper of `python/` (or any Python command) with `python/` on its path,
/// and returns its stdout.
pub fn python_output(
    python: std::path::PathBuf,
    args: &[&str],
    cwd: Option<&Path>,
) -> crate::error::Result<String> {
    let mut command = Command::new(&python);
    command
        .args(args)
        .env("PYTHONPATH", python_dir())
        .env("PYTHONDONTWRITEBYTECODE", "1");
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let scratch = tempdir_in(&std::env::temp_dir())?;
    let out = scratch.join("stdout");
    let run = run(&mut command, &out, HELPER_LIMIT)
        .and_then(|r| r.expect(&format!("{} {}", python.display(), args.join(" ")), &[0]))
        .map_err(|e| Error::Interpreter(e.to_string()));
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&scratch);
    run.map(|_| text)
}

/// A fresh folder under `parent`.
pub fn tempdir_in(parent: &Path) -> crate::error::Result<std::path::PathBuf> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = parent.join(format!(
        "pyrust-bench-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_counts_the_child_and_wall_time_covers_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        // A busy loop of about 0.2 s of CPU in a grandchild, then a line on stdout.
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "sh -c 'end=$(($(date +%s%N) + 200000000)); while [ $(date +%s%N) -lt $end ]; do :; done'; echo done",
        ]);
        let run = run(&mut command, &out, Duration::from_secs(30)).unwrap();
        assert_eq!(run.code, Some(0));
        assert!(run.wall_ns >= 0.2e9, "{run:?}");
        assert!(run.cpu_ns >= 0.05e9, "{run:?}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "done\n");
    }

    #[test]
    fn over_the_limit_is_killed_and_a_crash_is_an_error_with_stderr() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let slow = run(
            Command::new("sleep").arg("30"),
            &out,
            Duration::from_millis(200),
        );
        assert!(matches!(slow, Err(RunError::TimedOut { .. })), "{slow:?}");
        let crash = run(
            Command::new("sh").args([
                "-c",
                "echo 'Traceback (most recent call last):' >&2; echo boom >&2; exit 1",
            ]),
            &out,
            Duration::from_secs(30),
        )
        .unwrap()
        .expect("tool", &[0, 1]);
        let message = crash.unwrap_err().to_string();
        assert!(message.contains("raised an exception"), "{message}");
        assert!(message.contains("boom"), "{message}");
        let missing = run(
            &mut Command::new("/no/such/tool"),
            &out,
            Duration::from_secs(1),
        );
        assert!(
            matches!(missing, Err(RunError::Start { .. })),
            "{missing:?}"
        );
    }
}
