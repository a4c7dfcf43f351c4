//! Silencing what a library prints while it works for us: the bench sends Criterion's own
//! lines (its progress on stderr, its analysis on stdout) to `/dev/null` while a benchmark
//! runs, so that the suite's progress lines stand alone (`--verbose` keeps them). If the run
//! is interrupted meanwhile, [`restore`] gives the interrupt handler its terminal back.

use std::io::Write;
use std::sync::Mutex;

/// The real stdout and stderr while they are redirected.
static SAVED: Mutex<Option<(i32, i32)>> = Mutex::new(None);

/// While alive, stdout and stderr go to `/dev/null`.
pub struct Silenced(());

impl Silenced {
    /// Redirects stdout and stderr; if anything fails, nothing is redirected.
    pub fn new() -> Self {
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        let mut saved = SAVED.lock().unwrap_or_else(|e| e.into_inner());
        if saved.is_none() {
            *saved = redirect();
        }
        Silenced(())
    }
}

impl Default for Silenced {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Silenced {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts stdout and stderr back, if they are redirected.
pub fn restore() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let mut saved = SAVED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((out, err)) = saved.take() {
        // SAFETY: `out` and `err` are descriptors `redirect` duplicated and only this module
        // owns; dup2 and close on them cannot affect memory.
        unsafe {
            libc::dup2(out, 1);
            libc::dup2(err, 2);
            libc::close(out);
            libc::close(err);
        }
    }
}

/// Points descriptors 1 and 2 at `/dev/null` and returns copies of the originals.
fn redirect() -> Option<(i32, i32)> {
    // SAFETY: plain POSIX calls on descriptors this process owns; every descriptor opened
    // here is either returned or closed, and on failure 1 and 2 are left as they were.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if null < 0 {
            return None;
        }
        let out = libc::dup(1);
        let err = libc::dup(2);
        let ok = out >= 0 && err >= 0 && libc::dup2(null, 1) >= 0 && libc::dup2(null, 2) >= 0;
        libc::close(null);
        if ok {
            return Some((out, err));
        }
        if out >= 0 {
            libc::dup2(out, 1);
            libc::close(out);
        }
        if err >= 0 {
            libc::dup2(err, 2);
            libc::close(err);
        }
        None
    }
}
