//! Ctrl-C keeps what was measured. A suite run hands every workload's results to a
//! [`Keeper`] as soon as they exist; on SIGINT or SIGTERM the keeper's handler merges them
//! into `latest.json` exactly as a filtered run would ([`suite::finish`]), so the workloads
//! that finished are kept, the one that was interrupted keeps its old entry, and the process
//! exits with [`EXIT_INTERRUPTED`].
//!
//! The handler runs on a thread of its own and needs no Python: the main thread may be deep
//! inside a timed call when the signal comes. If the run is already finishing when the
//! signal comes, the handler lets it finish.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};
use crate::results::{BenchResult, Environment};
use crate::suite::{self, Finished, Run};
use crate::workload::Mode;

/// The exit code of an interrupted run (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: i32 = 130;

/// A run in progress: what it measured so far, and where it goes.
struct Pending {
    run: Run,
    mode: Mode,
    environment: Environment,
    dir: PathBuf,
    started: std::time::Instant,
}

type Shared = Arc<Mutex<Option<Pending>>>;

/// The run the signal handler saves: the one most recently started.
static CURRENT: Mutex<Option<Shared>> = Mutex::new(None);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Holds a run's measurements so that an interrupt cannot lose them.
pub struct Keeper {
    shared: Shared,
}

impl Keeper {
    /// Starts keeping a run that saves to `dir`, and installs the SIGINT/SIGTERM handler
    /// (once per process).
    pub fn install(mode: Mode, environment: Environment, dir: PathBuf) -> Result<Self> {
        static INSTALLED: std::sync::OnceLock<std::result::Result<(), String>> =
            std::sync::OnceLock::new();
        INSTALLED
            .get_or_init(|| ctrlc::set_handler(on_signal).map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| Error::Interpreter(format!("installing the Ctrl-C handler: {e}")))?;
        let shared: Shared = Arc::new(Mutex::new(Some(Pending {
            run: Run::default(),
            mode,
            environment,
            dir,
            started: std::time::Instant::now(),
        })));
        *lock(&CURRENT) = Some(Arc::clone(&shared));
        Ok(Keeper { shared })
    }

    /// Keeps the results of one finished workload.
    pub fn add(&self, results: Vec<BenchResult>) {
        if let Some(pending) = lock(&self.shared).as_mut() {
            pending.run.results.extend(results);
        }
    }

    /// Changes the kept run or its environment: a pass's measurements, the call overhead.
    pub fn update(&self, change: impl FnOnce(&mut Run, &mut Environment)) {
        if let Some(pending) = lock(&self.shared).as_mut() {
            change(&mut pending.run, &mut pending.environment);
        }
    }

    /// A copy of every result kept so far.
    pub fn results(&self) -> Vec<BenchResult> {
        lock(&self.shared)
            .as_ref()
            .map(|p| p.run.results.clone())
            .unwrap_or_default()
    }

    /// Finishes the run ([`suite::finish`]). A signal that arrives meanwhile waits for it.
    pub fn finish(self) -> Result<Finished> {
        let mut guard = lock(&self.shared);
        let pending = guard
            .take()
            .ok_or_else(|| Error::Interpreter("the run was already saved".into()))?;
        save(pending)
    }
}

fn save(mut pending: Pending) -> Result<Finished> {
    pending.environment.suite_seconds = Some(pending.started.elapsed().as_secs_f64());
    suite::finish(pending.run, pending.mode, pending.environment, &pending.dir)
}

/// SIGINT or SIGTERM: save what the current run measured, then exit.
fn on_signal() {
    // Servers a pass started go first: they must not outlive the run.
    kill_process_groups();
    // If Criterion's lines are silenced right now, the messages below must still be seen.
    crate::quiet::restore();
    let current = lock(&CURRENT).clone();
    let Some(shared) = current else {
        eprintln!("\ninterrupted");
        std::process::exit(EXIT_INTERRUPTED);
    };
    let Some(pending) = lock(&shared).take() else {
        // The run is finishing (or finished) on its own; let it.
        return;
    };
    let workloads = {
        let mut names: Vec<&str> = pending
            .run
            .results
            .iter()
            .map(|r| r.workload.as_str())
            .collect();
        names.dedup();
        names.join(", ")
    };
    if !pending.run.measured_anything() {
        eprintln!(
            "\ninterrupted before anything was measured; {} was left as it was",
            pending.dir.join(crate::results::store::LATEST).display()
        );
        std::process::exit(EXIT_INTERRUPTED);
    }
    eprintln!(
        "\ninterrupted: keeping what was measured ({workloads}); the workload in progress keeps its old entry"
    );
    match save(pending) {
        Ok(finished) => eprintln!("wrote {}", finished.results_path.display()),
        Err(e) => eprintln!("Error: {e}"),
    }
    std::process::exit(EXIT_INTERRUPTED);
}

/// The process groups a pass started (web servers and their workers), which an interrupt
/// kills before anything else.
static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

/// Registers process group `pgid` to be killed on an interrupt, until the guard is dropped.
#[must_use = "the group is forgotten when the guard is dropped"]
pub fn guard_process_group(pgid: i32) -> GroupGuard {
    lock(&GROUPS).push(pgid);
    GroupGuard(pgid)
}

/// Keeps a process group on the interrupt's list while it lives.
#[derive(Debug)]
pub struct GroupGuard(i32);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        lock(&GROUPS).retain(|&g| g != self.0);
    }
}

/// Sends SIGKILL to every registered process group (and forgets them).
pub fn kill_process_groups() {
    for pgid in std::mem::take(&mut *lock(&GROUPS)) {
        // SAFETY: kill(2) with a negative pid signals a process group; no memory is shared.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
}
