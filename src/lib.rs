//! pyrust-bench puts the performance claims of a "Python vs Rust" article to the test: the
//! same workloads run as Rust and as CPython embedded through PyO3, Criterion times both, and
//! the timings become one JSON file, charts and a report with a verdict per claim.
//!
//! The modules, from the bottom layer up (each imports only from the layers below it):
//!
//! - [`workload`]: the `Workload` trait, variants, outputs, and the one ordered registry;
//!   [`c`]: the C reference kernels; [`hybrid`]: `pyrust_kernels`, the PyO3 module that
//!   lets Python call the Rust kernels; [`alloc`]: the counting allocator behind the peak
//!   heap of the Rust variants.
//! - [`embed`]: starting the embedded CPython, with `pyrust_kernels` built in; [`py`]:
//!   calling it (lookup, calls, tracebacks).
//! - [`results`]: the results schema and what the passes store in it, the environment, the
//!   atomic store, the Criterion reader.
//! - [`watchdog`]: the per-call time limit; [`verify`]: the equivalence gate every variant
//!   passes before it is timed; [`timing`]: the `Timer` interface and Criterion's ids.
//! - [`render`]: the house style of the report (formats, escaping, chart furniture).
//! - [`claims`]: one module per claim of the article (spec, pass, verdict, section,
//!   charts) and `CLAIMS`, the one ordered registry.
//! - [`report`]: the report's frame; [`suite`]: one run, from selection to the saved
//!   results; [`interrupt`]: Ctrl-C keeps what was measured; [`quiet`]: silencing
//!   Criterion's own lines.
//! - Beyond one run: [`compare`]: what changed between two results files; [`export`]: a
//!   results file for benchmark trackers (Bencher, github-action-benchmark, CSV); [`merge`]:
//!   several runs (machines, Python versions) in one report.
//! - [`error`]: the library's error type.

pub mod alloc;
pub mod c;
pub mod claims;
pub mod compare;
pub mod embed;
pub mod error;
pub mod export;
pub mod hybrid;
pub mod interrupt;
pub mod merge;
pub mod process;
pub mod py;
pub mod quiet;
pub mod render;
pub mod report;
pub mod results;
pub mod standalone;
pub mod suite;
pub mod timing;
pub mod venv;
pub mod verify;
pub mod watchdog;
pub mod workload;

pub use error::{Error, Result};
