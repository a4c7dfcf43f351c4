//! pyrust-bench puts the performance claims of a "Python vs Rust" article to the test: the
//! same workloads run as Rust and as CPython embedded through PyO3, Criterion times both, and
//! the timings become one JSON file, charts and a report with a verdict per claim.
//!
//! - [`workload`]: the `Workload` trait, variants, outputs, and the one ordered registry.
//! - [`py`]: the embedded CPython: start, `sys.path`, lookup, calls, tracebacks.
//! - [`verify`]: the equivalence gate every variant passes before it is timed.
//! - [`watchdog`]: the per-call time limit that interrupts a Python variant that hangs.
//! - [`results`]: the results schema, environment, atomic store, Criterion reader.
//! - [`report`]: claims and verdict rules, charts, the markdown report.
//! - [`boundary`]: what crossing from Python into Rust costs, and the break-even.
//! - [`pauses`]: CPython's cycle-collector pauses against Rust's per-operation latency.
//! - [`memory`]: peak heap, bytes per element, start-up time, binary size.
//! - [`multicore`]: pool start-up costs and the speedup curves of the parallel variants.
//! - [`suite`]: what one run of the suite does between Criterion and the results file.
//! - [`interrupt`]: Ctrl-C keeps what was measured.
//! - [`c`]: the C reference kernels, for the "C-like" claim.
//! - [`hybrid`]: `pyrust_kernels`, the PyO3 module that lets Python call the Rust kernels.
//! - [`error`]: the library's error type.

pub mod boundary;
pub mod c;
pub mod error;
pub mod hybrid;
pub mod interrupt;
pub mod memory;
pub mod multicore;
pub mod pauses;
pub mod py;
pub mod report;
pub mod results;
pub mod suite;
pub mod verify;
pub mod watchdog;
pub mod workload;

pub use error::{Error, Result};
