//! A per-call time limit for Python: a Python variant that hangs would otherwise stall the
//! whole suite, so the thread about to run Python arms a [`Guard`], and if the limit passes
//! before the guard is disarmed, one long-lived watchdog thread raises [`CallTimedOut`] in
//! that thread, and [`Guard::disarm`] says so, so the caller can record the variant as an
//! error ([`timed_out_message`]) and go on.
//!
//! # How it interrupts
//!
//! The watchdog attaches to the interpreter and calls `PyThreadState_SetAsyncExc` with the
//! [`CallTimedOut`] type (CPython 3.11 raises the async exception with `_PyErr_SetNone`, so
//! it must be a type, not an instance). The target thread raises it the next time its eval
//! loop checks for pending work: at a backward jump or a function entry. [`CallTimedOut`]
//! derives from `BaseException`, like `KeyboardInterrupt`, so `except Exception:` in a
//! variant does not swallow it; should a bare `except:` swallow it anyway, the watchdog raises
//! it again every [`REFIRE`] while the guard stays armed.
//!
//! `PyErr_SetInterrupt` is no alternative. PyO3 starts the interpreter with
//! `Py_InitializeEx(0)`, which installs no SIGINT handler, and until something imports
//! `signal` the call only makes CPython print "Signal 2 ignored due to race condition". But
//! the first `import signal` (`multiprocessing`, which the parallel variants use,
//! `subprocess` and `asyncio` do it) installs `default_int_handler`, in Python and in the
//! OS, and from then on the call raises `KeyboardInterrupt`, yet only in the thread that
//! initialized the interpreter; and a trip that no bytecode saw stays pending there for the
//! next call, with no way to take it back.
//!
//! # Cost
//!
//! Arming and disarming take an uncontended mutex, and nothing is added inside the call:
//! arm once around a whole verification call or a whole Criterion benchmark, never per
//! iteration. A guard that fired drains, on disarm, whatever is still pending in its thread
//! (the limit may pass after the call returned), so a late deadline never reaches the next
//! Python call, and CPython's eval-breaker flag is reset rather than left tripped.
//!
//! # Known limits
//!
//! Only a thread running bytecode sees the exception. Python blocked in a C call (holding the
//! GIL or not) is interrupted when that call returns, not before: `time.sleep(100)` sleeps
//! the full 100 s, `lock.acquire()`, `Event.wait()`, `future.result()` and `pool.map()` wait
//! until they are woken, and a long numpy or regex call finishes first. If such a call holds
//! the GIL for ever, the watchdog itself waits for the GIL for ever. Once the exception is
//! raised, what the interrupted code leaves behind (a half-filled cache, a worker pool that
//! was not shut down) stays as it is.
//!
//! # The limit
//!
//! [`limit_for`] is the policy: 10 × the expected time, and at least a minimum of 60 s that
//! `PYRUST_CALL_TIMEOUT` sets (seconds, e.g. `120` or `2.5`; `0` or `off` turns the limit
//! off). An invalid value is reported on stderr once and the default is used; a caller that
//! would rather refuse to start checks [`minimum_from_env`] first.

use std::marker::PhantomData;
use std::os::raw::{c_long, c_ulong};
use std::sync::{Condvar, Mutex, MutexGuard, Once, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use pyo3::exceptions::PyBaseException;
use pyo3::prelude::*;
use pyo3::{PyTypeInfo, ffi};

pyo3::create_exception!(
    pyrust_bench,
    CallTimedOut,
    PyBaseException,
    "Raised into a Python call that ran past its time limit (a `BaseException`, like `KeyboardInterrupt`, so that `except Exception` does not swallow it)."
);

/// The environment variable that sets the minimum limit, in seconds (`0` or `off`: no limit).
pub const ENV_VAR: &str = "PYRUST_CALL_TIMEOUT";

/// The minimum limit when [`ENV_VAR`] is not set.
pub const DEFAULT_MINIMUM: Duration = Duration::from_secs(60);

/// The limit is this many times the expected time, when that is above the minimum.
pub const EXPECTED_FACTOR: u32 = 10;

/// How often the watchdog raises [`CallTimedOut`] again while a guard that fired stays armed
/// (the first one was swallowed, or the call was not running bytecode yet).
pub const REFIRE: Duration = Duration::from_secs(1);

/// An unusable value of [`ENV_VAR`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{ENV_VAR}={value:?} is not a time limit: give a positive number of seconds (e.g. 120 or 2.5), or 0 or off for no limit"
)]
pub struct InvalidTimeout {
    /// The value as it was given.
    pub value: String,
}

/// Parses a value of [`ENV_VAR`] into the minimum limit: `None` (unset) or an empty value
/// gives [`DEFAULT_MINIMUM`]; `0` or `off` (any case) gives `Ok(None)`, no limit; otherwise a
/// positive, finite number of seconds.
pub fn parse_minimum(value: Option<&str>) -> Result<Option<Duration>, InvalidTimeout> {
    let Some(text) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(Some(DEFAULT_MINIMUM));
    };
    if text.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let invalid = || InvalidTimeout {
        value: value.unwrap_or_default().to_string(),
    };
    let seconds: f64 = text.parse().map_err(|_| invalid())?;
    if seconds == 0.0 {
        return Ok(None);
    }
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(invalid());
    }
    Duration::try_from_secs_f64(seconds)
        .map(Some)
        .map_err(|_| invalid())
}

/// The minimum limit [`ENV_VAR`] sets in this process (read each time; `Ok(None)`: no limit).
pub fn minimum_from_env() -> Result<Option<Duration>, InvalidTimeout> {
    match std::env::var(ENV_VAR) {
        Ok(value) => parse_minimum(Some(&value)),
        Err(std::env::VarError::NotPresent) => parse_minimum(None),
        Err(std::env::VarError::NotUnicode(value)) => Err(InvalidTimeout {
            value: value.to_string_lossy().into_owned(),
        }),
    }
}

/// The minimum limit of this process: [`minimum_from_env`], read once; an invalid value is
/// reported on stderr and [`DEFAULT_MINIMUM`] is used instead.
pub fn configured_minimum() -> Option<Duration> {
    static MINIMUM: OnceLock<Option<Duration>> = OnceLock::new();
    *MINIMUM.get_or_init(|| {
        minimum_from_env().unwrap_or_else(|e| {
            eprintln!(
                "warning: {e}; using the default of {} s",
                DEFAULT_MINIMUM.as_secs()
            );
            Some(DEFAULT_MINIMUM)
        })
    })
}

/// The limit for a call expected to take `expected` (`None`: not known yet), given the
/// `minimum` (`None`: no limit): the larger of `minimum` and [`EXPECTED_FACTOR`] ×
/// `expected`, or `Duration::MAX`, which never fires, when there is no limit.
pub fn limit_with(minimum: Option<Duration>, expected: Option<Duration>) -> Duration {
    let Some(minimum) = minimum else {
        return Duration::MAX;
    };
    let scaled = expected.map_or(Duration::ZERO, |e| e.saturating_mul(EXPECTED_FACTOR));
    minimum.max(scaled)
}

/// The limit for a call expected to take `expected`: [`limit_with`] the
/// [`configured_minimum`] (60 s unless [`ENV_VAR`] says otherwise).
pub fn limit_for(expected: Option<Duration>) -> Duration {
    limit_with(configured_minimum(), expected)
}

/// What a result says about a call stopped at `limit`: `timed out after 60 s`
/// (`timed out after 1.5 s` for a fractional limit).
pub fn timed_out_message(limit: Duration) -> String {
    if limit.subsec_nanos() == 0 {
        format!("timed out after {} s", limit.as_secs())
    } else {
        format!("timed out after {:.1} s", limit.as_secs_f64())
    }
}

/// The message of a call `what` stopped at `limit`, with how to change the limit:
/// `nbody/python at n=3: timed out after 60 s; PYRUST_CALL_TIMEOUT=SECONDS sets the limit`.
pub fn timed_out_error(what: &str, limit: Duration) -> String {
    format!(
        "{what}: {}; {ENV_VAR}=SECONDS sets the limit",
        timed_out_message(limit)
    )
}

/// Arms a time limit for the Python this thread is about to run; disarm it (or drop it) when
/// the call is over. A limit too far away to represent (`Duration::MAX`: no limit) arms
/// nothing. It starts the interpreter ([`crate::py::start`]) if it is not running; if it cannot
/// start, the guard still reports that the limit passed, but there is nothing to interrupt.
pub fn arm(limit: Duration) -> Guard {
    let inert = Guard {
        generation: None,
        limit,
        _same_thread: PhantomData,
    };
    let Some(deadline) = Instant::now().checked_add(limit) else {
        return inert;
    };
    // The call it guards is about to start the interpreter anyway; started here, it can be
    // interrupted from the start (its `setup` included).
    let _ = crate::py::start();
    // SAFETY: Py_IsInitialized may be called at any time; once the interpreter is
    // initialized, PyThread_get_thread_ident (pthread_self) needs no GIL. It is the id that
    // CPython stores in this thread's `PyThreadState`s.
    let thread = match unsafe { ffi::Py_IsInitialized() } {
        0 => None,
        _ => Some(unsafe { ffi::PyThread_get_thread_ident() }),
    };
    let watchdog = watchdog();
    let mut state = watchdog.lock();
    let generation = state.next_generation;
    state.next_generation += 1;
    let earliest = state.earliest();
    state.armed.push(Armed {
        generation,
        thread,
        deadline,
        fired: false,
    });
    drop(state);
    // The watchdog sleeps until the earliest deadline; wake it only if this one comes first.
    if earliest.is_none_or(|e| deadline < e) {
        watchdog.wake.notify_one();
    }
    Guard {
        generation: Some(generation),
        ..inert
    }
}

/// A time limit armed on one thread for the Python it runs; see [`arm`]. Dropping it disarms
/// it (and discards whether it fired).
#[must_use = "a guard disarms when dropped: keep it alive for the whole call, then call disarm()"]
#[derive(Debug)]
pub struct Guard {
    /// `None` for a guard that arms nothing.
    generation: Option<u64>,
    limit: Duration,
    /// Disarming drains the exception from the thread that armed, so the guard stays there.
    _same_thread: PhantomData<*const ()>,
}

impl Guard {
    /// The limit it was armed with.
    pub fn limit(&self) -> Duration {
        self.limit
    }

    /// Disarms it and says whether the limit passed while it was armed, i.e. whether the call
    /// counts as timed out: [`CallTimedOut`] was raised into it, or the call returned before
    /// it could be (it still ran past the limit). Either way nothing stays pending for the
    /// thread's next Python call.
    pub fn disarm(mut self) -> bool {
        self.finish()
    }

    fn finish(&mut self) -> bool {
        let Some(generation) = self.generation.take() else {
            return false;
        };
        let armed = {
            let mut state = watchdog().lock();
            let at = state.armed.iter().position(|a| a.generation == generation);
            at.map(|at| state.armed.swap_remove(at))
        };
        // Removed under the lock: from here on the watchdog cannot raise for this guard.
        match armed {
            Some(Armed { fired: true, .. }) => {
                drain_pending();
                true
            }
            _ => false,
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Takes back an exception the watchdog left pending in this thread, if the interpreter is
/// still there. Clearing alone (`PyThreadState_SetAsyncExc(id, NULL)`) would leave CPython
/// 3.11's interpreter-wide async-exception flag set (only consuming an async exception
/// resets it), and with it the eval breaker tripped, sending every backward jump and call of
/// everything timed later through its slow path. Having one more exception raised and caught
/// here consumes whatever was pending and resets the flag. (A nested guard on the same thread
/// may so take an outer guard's exception; the outer one raises again [`REFIRE`] later.)
fn drain_pending() {
    Python::try_attach(|py| {
        // SAFETY: attached; the id is this thread's, the type object a live exception type.
        let raised = unsafe {
            ffi::PyThreadState_SetAsyncExc(
                ffi::PyThread_get_thread_ident() as c_long,
                CallTimedOut::type_object(py).as_ptr(),
            )
        };
        // Any code object checks the eval breaker when it starts (RESUME).
        let consumed = raised > 0
            && matches!(py.eval(c"None", None, None), Err(e) if e.is_instance_of::<CallTimedOut>(py));
        if raised > 0 && !consumed {
            // Not raised after all (or something else was raised first): at least clear it.
            // SAFETY: as above; NULL clears.
            unsafe {
                ffi::PyThreadState_SetAsyncExc(
                    ffi::PyThread_get_thread_ident() as c_long,
                    std::ptr::null_mut(),
                )
            };
        }
    });
}

/// One armed guard, as the watchdog sees it.
struct Armed {
    /// Which [`arm`] call it was: each guard removes only its own entry.
    generation: u64,
    /// The Python thread id of the thread that armed it (`None`: no interpreter yet).
    thread: Option<c_ulong>,
    /// When the watchdog raises next: the limit, then every [`REFIRE`] after it.
    deadline: Instant,
    /// Whether the limit has passed (whether or not anything could be raised).
    fired: bool,
}

struct State {
    next_generation: u64,
    /// Armed guards: one per thread running Python, more when tests run on parallel threads
    /// or guards nest.
    armed: Vec<Armed>,
}

impl State {
    fn earliest(&self) -> Option<Instant> {
        self.armed.iter().map(|a| a.deadline).min()
    }
}

struct Watchdog {
    state: Mutex<State>,
    /// Signalled when a guard arms with a deadline earlier than all others.
    wake: Condvar,
}

impl Watchdog {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The watchdog thread: sleeps until the earliest deadline, then raises in every thread
    /// whose deadline has passed.
    fn run(&self) {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            state = match state.earliest() {
                None => self
                    .wake
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(deadline) if deadline > now => {
                    self.wake
                        .wait_timeout(state, deadline - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                Some(_) => {
                    // The GIL before the lock, as disarm does: never wait for the GIL while
                    // holding the lock.
                    drop(state);
                    if Python::try_attach(|py| self.fire_due(Some(py))).is_none() {
                        self.fire_due(None);
                    }
                    self.lock()
                }
            };
        }
    }

    /// Marks every guard whose deadline has passed as fired, raises [`CallTimedOut`] in its
    /// thread when attached (`py`), and sets its next deadline [`REFIRE`] later. Deadlines are
    /// read again here, under the lock and the GIL: a guard disarmed (or re-armed, under a
    /// new generation) while the watchdog waited for the GIL is left alone.
    fn fire_due(&self, py: Option<Python<'_>>) {
        let mut state = self.lock();
        let now = Instant::now();
        for armed in state.armed.iter_mut().filter(|a| a.deadline <= now) {
            armed.fired = true;
            armed.deadline = now + REFIRE;
            if let (Some(py), Some(thread)) = (py, armed.thread) {
                // SAFETY: attached; the type object is a live exception type, and
                // SetAsyncExc takes its own reference. It returns how many thread states
                // matched: 0 when the thread is not attached (nothing to interrupt).
                unsafe {
                    ffi::PyThreadState_SetAsyncExc(
                        thread as c_long,
                        CallTimedOut::type_object(py).as_ptr(),
                    )
                };
            }
        }
    }
}

/// The one watchdog, its thread started on first use.
fn watchdog() -> &'static Watchdog {
    static WATCHDOG: Watchdog = Watchdog {
        state: Mutex::new(State {
            next_generation: 0,
            armed: Vec::new(),
        }),
        wake: Condvar::new(),
    };
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("pyrust-watchdog".into())
            .spawn(|| WATCHDOG.run());
        if let Err(e) = spawned {
            eprintln!("warning: the Python call watchdog could not start ({e}); calls will not be interrupted");
        }
    });
    &WATCHDOG
}
