//! The per-call time limit on the real embedded interpreter: a Python loop that never ends is
//! interrupted at its limit and the guard says so, whether it is run as a snippet, as a
//! looked-up call (`PyCall`, as verification runs it) or inside a loop of calls (as Criterion
//! runs it); a call that ends in time is untouched; a limit that passes after the call
//! returned never reaches the next call; a blocking C call (`time.sleep`, a lock) is
//! interrupted only when it returns. And the limit policy reads `PYRUST_CALL_TIMEOUT`.

use std::ffi::CStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;

use pyo3::prelude::*;
use pyrust_bench::py::{self, PyCall};
use pyrust_bench::watchdog::{self, CallTimedOut, DEFAULT_MINIMUM, InvalidTimeout};

/// How late an interrupt may come on two shared cores, on top of the limit.
const SLACK: Duration = Duration::from_secs(5);

/// What running a snippet under a limit came to.
struct Run {
    /// `Ok(())`, or whether the exception was the watchdog's.
    result: Result<(), bool>,
    fired: bool,
    elapsed: Duration,
}

impl Run {
    fn interrupted(&self) -> bool {
        self.result == Err(true)
    }
}

/// Runs `code` on this thread with a guard armed at `limit`.
fn run_limited(limit: Duration, code: &CStr) -> Run {
    py::start().expect("the interpreter starts");
    let started = Instant::now();
    let guard = watchdog::arm(limit);
    let result = Python::attach(|py| {
        py.run(code, None, None)
            .map_err(|e| e.is_instance_of::<CallTimedOut>(py))
    });
    let elapsed = started.elapsed();
    let fired = guard.disarm();
    Run {
        result,
        fired,
        elapsed,
    }
}

/// Runs `code` with no guard, and says whether it raised.
fn run_unguarded(code: &CStr) -> PyResult<()> {
    py::start().expect("the interpreter starts");
    Python::attach(|py| py.run(code, None, None))
}

fn assert_interrupted_at(run: &Run, limit: Duration, what: &str) {
    assert!(run.interrupted(), "{what}: not interrupted by the watchdog");
    assert!(run.fired, "{what}: the guard says the limit did not fire");
    assert!(
        run.elapsed >= limit && run.elapsed < limit + SLACK,
        "{what}: interrupted after {:?}, limit {limit:?}",
        run.elapsed
    );
}

#[test]
fn an_endless_loop_is_interrupted_at_its_limit() {
    let limit = Duration::from_secs(1);
    let run = run_limited(limit, c"while True: pass");
    assert_interrupted_at(&run, limit, "while True: pass");
    // The same thread runs Python normally afterwards.
    run_unguarded(c"x = sum(range(1000))").expect("the next call runs");
}

#[test]
fn except_exception_does_not_swallow_the_interrupt() {
    let limit = Duration::from_secs(1);
    let run = run_limited(
        limit,
        c"
while True:
    try:
        sum(range(100))
    except Exception:
        pass
",
    );
    assert_interrupted_at(&run, limit, "a loop that catches Exception");
}

#[test]
fn a_swallowed_interrupt_is_raised_again_while_armed() {
    // A bare except swallows the first interrupt; the second one (REFIRE later) ends it.
    let limit = Duration::from_secs(1);
    let run = run_limited(
        limit,
        c"
swallowed = 0
while True:
    try:
        while True:
            pass
    except BaseException:
        swallowed += 1
        if swallowed == 2:
            break
",
    );
    assert_eq!(run.result, Ok(()), "the snippet ends itself after two");
    assert!(run.fired);
    assert!(
        run.elapsed >= limit + watchdog::REFIRE && run.elapsed < limit + watchdog::REFIRE + SLACK,
        "two interrupts took {:?}",
        run.elapsed
    );
}

#[test]
fn a_call_in_time_is_untouched_and_its_deadline_never_fires_later() {
    let limit = Duration::from_secs(1);
    let run = run_limited(limit, c"x = sum(range(1000))");
    assert_eq!(run.result, Ok(()));
    assert!(!run.fired, "a call that ended in time counts as timed out");
    // Well past where the disarmed deadline was, unguarded Python is not interrupted.
    run_unguarded(
        c"
import time
start = time.monotonic()
while time.monotonic() - start < 1.5:
    pass
",
    )
    .expect("a disarmed guard interrupted a later call");
}

#[test]
fn a_new_guard_is_not_hit_by_an_earlier_ones_deadline() {
    py::start().unwrap();
    // Armed and disarmed at once, with a deadline soon; then a long limit, past that deadline.
    assert!(!watchdog::arm(Duration::from_millis(200)).disarm());
    let run = run_limited(
        Duration::from_secs(30),
        c"
import time
start = time.monotonic()
while time.monotonic() - start < 0.6:
    pass
",
    );
    assert_eq!(
        run.result,
        Ok(()),
        "the earlier guard's deadline hit a later call"
    );
    assert!(!run.fired);
}

#[test]
fn a_limit_that_passes_after_the_call_returned_never_reaches_the_next_call() {
    py::start().unwrap();
    let limit = Duration::from_millis(100);
    Python::attach(|py| {
        // Attached the whole time, as in a Criterion loop: the thread state survives.
        let guard = watchdog::arm(limit);
        py.run(c"x = 1", None, None).expect("a quick call");
        // The limit passes between the call and disarm: the exception waits for bytecode.
        py.detach(|| std::thread::sleep(limit * 5));
        assert!(
            guard.disarm(),
            "the limit passed while armed: it counts as timed out"
        );
        py.run(c"x = sum(range(10**5))", None, None)
            .expect("a pending interrupt reached the next call");
    });
    // Not attached when the limit passes: nothing to interrupt, still reported.
    let guard = watchdog::arm(limit);
    std::thread::sleep(limit * 5);
    assert!(guard.disarm());
    run_unguarded(c"x = sum(range(10**5))").expect("the next call runs");
}

#[test]
fn sleep_is_interrupted_only_when_it_returns() {
    // time.sleep releases the GIL in one C call; the exception is raised when it returns.
    let limit = Duration::from_secs(1);
    let sleep = Duration::from_secs(3);
    let run = run_limited(limit, c"import time; time.sleep(3)");
    assert!(run.interrupted() && run.fired);
    assert!(
        run.elapsed >= sleep && run.elapsed < sleep + SLACK,
        "time.sleep(3) with a 1 s limit ended after {:?}",
        run.elapsed
    );
    // Short sleeps in a loop return to bytecode often, so they are interrupted on time.
    let run = run_limited(limit, c"import time\nwhile True: time.sleep(0.05)");
    assert_interrupted_at(&run, limit, "a loop of short sleeps");
}

#[test]
fn a_lock_wait_is_interrupted_only_when_it_returns() {
    // As with future.result() or pool.map(): the wait is one C call.
    let limit = Duration::from_secs(1);
    let wait = Duration::from_secs(3);
    let run = run_limited(limit, c"import threading; threading.Event().wait(3)");
    assert!(run.interrupted() && run.fired);
    assert!(
        run.elapsed >= wait && run.elapsed < wait + SLACK,
        "Event().wait(3) with a 1 s limit ended after {:?}",
        run.elapsed
    );
}

/// A module of test functions, written to the binary's private folder on `sys.path`.
fn probe_module() -> &'static str {
    let dir = common::probes_dir();
    let source = "\
def hang(n):
    while True:
        pass

calls = 0

def hang_third(n):
    global calls
    calls += 1
    while calls >= 3:
        pass
    return n
";
    let path: PathBuf = dir.join("watchdog_probe.py");
    let temporary = dir.join(format!(
        "watchdog_probe.{:?}.tmp",
        std::thread::current().id()
    ));
    std::fs::write(&temporary, source).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    py::add_sys_path(dir).unwrap();
    "watchdog_probe"
}

#[test]
fn a_verification_call_that_hangs_is_an_error_with_its_traceback() {
    let call = PyCall::function(probe_module(), "hang", &[], Some(1)).expect("prepared");
    let limit = Duration::from_secs(1);
    let guard = watchdog::arm(limit);
    let result = call.call();
    assert!(guard.disarm(), "the limit fired");
    match result {
        Err(pyrust_bench::Error::Python { traceback, .. }) => {
            assert!(traceback.contains("CallTimedOut"), "{traceback}");
            assert!(traceback.contains("watchdog_probe.py"), "{traceback}");
        }
        other => panic!("expected a Python error, got {other:?}"),
    }
    assert_eq!(watchdog::timed_out_message(limit), "timed out after 1 s");
}

#[test]
fn one_guard_around_a_loop_of_calls_stops_the_call_that_hangs() {
    // As a Criterion benchmark runs: armed once, attached once, many calls.
    let call = PyCall::function(probe_module(), "hang_third", &[], Some(7)).expect("prepared");
    let guard = watchdog::arm(Duration::from_secs(1));
    let (returned, failure) = Python::attach(|py| {
        let mut returned = 0;
        let mut failure = None;
        for _ in 0..1000 {
            if failure.is_some() {
                break;
            }
            match call.call_raw(py) {
                Ok(_) => returned += 1,
                Err(e) => failure = Some(e.is_instance_of::<CallTimedOut>(py)),
            }
        }
        (returned, failure)
    });
    assert!(guard.disarm());
    assert_eq!(returned, 2, "two calls returned before the third hung");
    assert_eq!(
        failure,
        Some(true),
        "the third was interrupted by the watchdog"
    );
}

#[test]
fn no_limit_arms_nothing() {
    let limit = watchdog::limit_with(None, Some(Duration::from_secs(5)));
    assert_eq!(limit, Duration::MAX);
    let run = run_limited(limit, c"x = 1");
    assert_eq!(run.result, Ok(()));
    assert!(!run.fired);
}

#[test]
fn the_minimum_is_parsed_from_the_environment_value() {
    let secs = |s: f64| Ok(Some(Duration::from_secs_f64(s)));
    assert_eq!(watchdog::parse_minimum(None), Ok(Some(DEFAULT_MINIMUM)));
    assert_eq!(watchdog::parse_minimum(Some("")), Ok(Some(DEFAULT_MINIMUM)));
    assert_eq!(
        watchdog::parse_minimum(Some(" ")),
        Ok(Some(DEFAULT_MINIMUM))
    );
    assert_eq!(watchdog::parse_minimum(Some("120")), secs(120.0));
    assert_eq!(watchdog::parse_minimum(Some(" 2.5 ")), secs(2.5));
    assert_eq!(watchdog::parse_minimum(Some("1e3")), secs(1000.0));
    for off in ["0", "0.0", "off", "OFF", "Off"] {
        assert_eq!(watchdog::parse_minimum(Some(off)), Ok(None), "{off:?}");
    }
    for bad in ["-1", "abc", "10s", "nan", "inf", "-0.5", "1e400"] {
        assert_eq!(
            watchdog::parse_minimum(Some(bad)),
            Err(InvalidTimeout { value: bad.into() }),
            "{bad:?}"
        );
    }
    let message = watchdog::parse_minimum(Some("10s"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("PYRUST_CALL_TIMEOUT=\"10s\"") && message.contains("off"),
        "{message}"
    );
}

#[test]
fn the_limit_is_ten_times_the_expected_time_and_at_least_the_minimum() {
    let s = Duration::from_secs;
    let min = Some(s(60));
    assert_eq!(watchdog::limit_with(min, None), s(60));
    assert_eq!(watchdog::limit_with(min, Some(s(1))), s(60));
    assert_eq!(watchdog::limit_with(min, Some(s(6))), s(60));
    assert_eq!(watchdog::limit_with(min, Some(s(7))), s(70));
    assert_eq!(
        watchdog::limit_with(min, Some(Duration::from_millis(12_345))),
        Duration::from_millis(123_450)
    );
    assert_eq!(watchdog::limit_with(Some(s(2)), Some(s(1))), s(10));
    assert_eq!(
        watchdog::limit_with(min, Some(Duration::MAX)),
        Duration::MAX
    );
    assert_eq!(watchdog::limit_with(None, None), Duration::MAX);
    // This test binary does not set PYRUST_CALL_TIMEOUT.
    if std::env::var_os(watchdog::ENV_VAR).is_none() {
        assert_eq!(watchdog::limit_for(None), DEFAULT_MINIMUM);
        assert_eq!(watchdog::limit_for(Some(s(10))), s(100));
    }
}

#[test]
fn the_message_names_the_limit_in_seconds() {
    assert_eq!(
        watchdog::timed_out_message(Duration::from_secs(60)),
        "timed out after 60 s"
    );
    assert_eq!(
        watchdog::timed_out_message(Duration::from_millis(1500)),
        "timed out after 1.5 s"
    );
    assert_eq!(
        watchdog::timed_out_message(Duration::from_millis(123_456)),
        "timed out after 123.5 s"
    );
}
