//! The virtualenvs the harness manages for passes that need Python packages (Ruff, Polars,
//! the web frameworks), as pyperformance manages its own: one per requirements file, made
//! from the embedded interpreter's executable, installed with pinned versions, and reused
//! until the file or the interpreter changes. Nothing is ever installed into the user's
//! interpreter.
//!
//! A virtualenv lives in `<cache>/venvs/<name>-<key>`, where the key hashes the requirements
//! file, the interpreter's path and its version, and `<cache>` is [`cache_dir`]. It counts as
//! installed only once a marker is written after pip succeeded, so an interrupted install is
//! redone, never half-used. A lock file keeps two processes (parallel tests, a bench beside
//! a test) from installing the same one at once.

use std::fs::{self, File};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The marker written once pip has installed every requirement.
const COMPLETE: &str = "pyrust-bench-complete";

/// Where the harness keeps what it builds once and reuses (virtualenvs, corpora, data):
/// `PYRUST_CACHE_DIR`, else `$XDG_CACHE_HOME/pyrust-bench`, else `~/.cache/pyrust-bench`,
/// else a folder in the temporary directory.
pub fn cache_dir() -> PathBuf {
    let var = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty());
    if let Some(dir) = var("PYRUST_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("pyrust-bench");
    }
    match var("HOME") {
        Some(home) => PathBuf::from(home).join(".cache").join("pyrust-bench"),
        None => std::env::temp_dir().join("pyrust-bench-cache"),
    }
}

/// An installed virtualenv.
#[derive(Debug, Clone)]
pub struct Venv {
    /// Its folder.
    pub dir: PathBuf,
    /// The key in its name: what it was built from, hashed.
    pub key: String,
}

impl Venv {
    /// The path of `program` in its `bin/` (`python`, `ruff`, `black`, …).
    pub fn bin(&self, program: &str) -> PathBuf {
        self.dir.join("bin").join(program)
    }

    /// Its interpreter.
    pub fn python(&self) -> PathBuf {
        self.bin("python")
    }
}

/// The package names a requirements file pins (`name==version` lines; comments and blank
/// lines skipped), lower-cased.
pub fn packages(requirements: &str) -> Vec<String> {
    requirements
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let end = l
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                .unwrap_or(l.len());
            l[..end].to_ascii_lowercase()
        })
        .collect()
}

/// The virtualenv `name` with the packages of `requirements`, made from `base_python`:
/// reused when it exists, else created and installed (a minute or so, once). A package that
/// cannot be installed (offline, no wheel for this Python) is [`Error::Unavailable`], with
/// the commands that would install it and the end of pip's log. `PYRUST_HIDE_MODULES`
/// naming `name` or one of the packages plays "not installable", for tests.
pub fn ensure(name: &str, requirements: &Path, base_python: &Path) -> Result<Venv> {
    let text = fs::read_to_string(requirements).map_err(|e| Error::io(requirements, e))?;
    let root = cache_dir().join("venvs");
    let version = python_version(base_python)?;
    let key = key(&text, base_python, &version);
    let dir = root.join(format!("{name}-{key}"));
    let venv = Venv { dir, key };
    let install_command = format!(
        "{} -m venv {dir} && {dir}/bin/python -m pip install -r {}",
        base_python.display(),
        requirements.display(),
        dir = venv.dir.display()
    );
    let unavailable = |reason: String| Error::Unavailable {
        what: format!("the Python packages of {}", requirements.display()),
        reason,
        command: install_command.clone(),
    };
    if let Some(hidden) = hidden(name, &packages(&text)) {
        return Err(unavailable(format!(
            "{hidden} is hidden by PYRUST_HIDE_MODULES"
        )));
    }
    fs::create_dir_all(&root).map_err(|e| Error::io(&root, e))?;
    let _lock = Lock::take(&root.join(format!("{name}-{}.lock", venv.key)))?;
    if venv.dir.join(COMPLETE).is_file() {
        return Ok(venv);
    }
    eprintln!(
        "  installing the pinned packages of {} into {} (once; it is reused until the file changes)",
        requirements.display(),
        venv.dir.display()
    );
    if venv.dir.exists() {
        fs::remove_dir_all(&venv.dir).map_err(|e| Error::io(&venv.dir, e))?;
    }
    let log = root.join(format!("{name}-{}.log", venv.key));
    let steps: [(PathBuf, Vec<&str>); 2] = [
        (
            base_python.to_path_buf(),
            vec!["-m", "venv", path_str(&venv.dir)?],
        ),
        (
            venv.python(),
            vec![
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--retries",
                "2",
                "--timeout",
                "30",
                "-r",
                path_str(requirements)?,
            ],
        ),
    ];
    for (program, args) in steps {
        let output = File::create(&log).map_err(|e| Error::io(&log, e))?;
        let errors = output.try_clone().map_err(|e| Error::io(&log, e))?;
        let status = Command::new(&program)
            .args(&args)
            .env_remove("PYTHONPATH")
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .status();
        let failed = match status {
            Ok(s) if s.success() => None,
            Ok(s) => Some(format!(
                "`{} {}` exited with {s}",
                program.display(),
                args.join(" ")
            )),
            Err(e) => Some(format!("{} could not be started: {e}", program.display())),
        };
        if let Some(failed) = failed {
            let tail = tail(&fs::read_to_string(&log).unwrap_or_default());
            let _ = fs::remove_dir_all(&venv.dir);
            return Err(unavailable(format!(
                "{failed}; the end of its log ({}):\n{tail}",
                log.display()
            )));
        }
    }
    let mut marker = File::create(venv.dir.join(COMPLETE)).map_err(|e| Error::io(&venv.dir, e))?;
    let _ = writeln!(marker, "{}", base_python.display());
    Ok(venv)
}

/// What a virtualenv is built from, hashed: the requirements, the interpreter and its
/// version.
fn key(requirements: &str, base_python: &Path, version: &str) -> String {
    let mut hash = Sha256::new();
    for part in [requirements, &base_python.to_string_lossy(), version] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn python_version(python: &Path) -> Result<String> {
    let output = Command::new(python)
        .args(["-c", "import sys; print(sys.version)"])
        .env_remove("PYTHONPATH")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::Interpreter(format!("{} could not be started: {e}", python.display()))
        })?;
    if !output.status.success() {
        return Err(Error::Interpreter(format!(
            "{} exited with {}: {}",
            python.display(),
            output.status,
            tail(&String::from_utf8_lossy(&output.stderr))
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The first of `name` and `packages` that `PYRUST_HIDE_MODULES` names.
fn hidden(name: &str, packages: &[String]) -> Option<String> {
    let list = std::env::var("PYRUST_HIDE_MODULES").unwrap_or_default();
    let hidden: Vec<String> = list
        .split(',')
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty())
        .collect();
    std::iter::once(name.to_string())
        .chain(packages.iter().cloned())
        .find(|p| hidden.contains(p))
}

fn path_str(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| Error::Unavailable {
        what: path.display().to_string(),
        reason: "the path is not valid UTF-8".to_string(),
        command: "set PYRUST_CACHE_DIR to a folder whose path is plain UTF-8".to_string(),
    })
}

/// The last lines of a log, for a message.
pub fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.trim_end().lines().collect();
    lines[lines.len().saturating_sub(8)..].join("\n")
}

/// An exclusive `flock` on a file, released when dropped (or when the process dies).
struct Lock(File);

impl Lock {
    fn take(path: &Path) -> Result<Lock> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: flock takes a descriptor that `file` owns and keeps open for the call.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(Error::io(path, std::io::Error::last_os_error()));
        }
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // SAFETY: the descriptor is still owned by `self.0`.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_the_pinned_names() {
        let text = "# tools\nruff==0.17.6\n\nPolars-Runtime-32==2.1.0  # comment\nblack>=26\n";
        assert_eq!(packages(text), ["ruff", "polars-runtime-32", "black"]);
    }

    #[test]
    fn the_key_changes_with_the_file_and_the_interpreter() {
        let a = key("ruff==1\n", Path::new("/usr/bin/python3"), "3.11.7");
        assert_eq!(a.len(), 12);
        assert_ne!(a, key("ruff==2\n", Path::new("/usr/bin/python3"), "3.11.7"));
        assert_ne!(a, key("ruff==1\n", Path::new("/opt/python3"), "3.11.7"));
        assert_ne!(a, key("ruff==1\n", Path::new("/usr/bin/python3"), "3.12.1"));
        assert_eq!(a, key("ruff==1\n", Path::new("/usr/bin/python3"), "3.11.7"));
    }
}
