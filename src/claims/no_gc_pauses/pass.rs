//! The measurement pass of `no-gc-pauses`: CPython's cycle-collector pauses, recorded through `gc.callbacks`
//! during allocation-heavy work (with the collector on, and with `gc.disable()`), against the
//! per-operation latency of the same work in Rust. Measured in a pass of its own, never
//! inside Criterion's timed loops.
//!
//! The Python side is `python/pyrust_workloads/_gc_probe.py`; the Rust twins of its two
//! workloads live here. Each operation is timed on its own (`time.perf_counter_ns` in
//! Python, [`Instant`] in Rust), and all three runs of a workload must return the same
//! checksum, so that they are known to have done the same work.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hint::black_box;
use std::rc::{Rc, Weak};
use std::time::Instant;

use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::{self, python_error};
use crate::results::{Latency, PauseWorkload, Pauses, PythonRun};
use crate::workload::Mode;
use crate::workload::binary_trees::Tree;
use crate::workload::data::Lcg;
use pyo3::prelude::*;

/// The Python module of the probes.
pub const MODULE: &str = "pyrust_workloads._gc_probe";

/// The name a filter matches to run this pass.
pub const NAME: &str = "pauses";

/// One probed workload: its Python functions are `run_<name>` and `peak_<name>`.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    /// The workload's name.
    pub name: &'static str,
    /// What one operation is.
    pub operation: &'static str,
    /// Operations per run in quick mode (a Python run of roughly 0.2–0.5 s).
    pub quick: u64,
    /// Operations per run in full mode (a Python run of roughly 1–3 s).
    pub full: u64,
    /// The Rust twin: the latency of each operation, and the checksum of the run.
    pub rust: fn(u64) -> (Vec<u64>, u64),
}

/// The probed workloads, in report order.
pub const PROBES: &[Probe] = &[
    Probe {
        name: "binary_trees",
        operation: "one tree of depth 12 built and checked, with a tree of depth 16 kept alive",
        quick: 500,
        full: 3_000,
        rust: binary_trees,
    },
    Probe {
        name: "service_loop",
        operation: "one request: dicts and lists in, a cached response out; every 8th with a cycle",
        quick: 80_000,
        full: 300_000,
        rust: service_loop,
    },
];

impl Probe {
    /// Operations per run in `mode`.
    pub fn operations(&self, mode: Mode) -> u64 {
        match mode {
            Mode::Quick => self.quick,
            Mode::Full => self.full,
        }
    }

    /// Python with the collector on, then off (each with its tracemalloc peak), then Rust,
    /// at the operation count of `mode`; the three checksums must agree.
    pub fn measure(&self, mode: Mode) -> Result<PauseWorkload> {
        self.measure_operations(self.operations(mode))
    }

    /// [`Probe::measure`] with runs of `operations` operations.
    pub fn measure_operations(&self, operations: u64) -> Result<PauseWorkload> {
        let python = |gc_enabled| -> Result<(PythonRun, u64)> {
            let (mut run, checksum) = python_run(self.name, operations, gc_enabled)?;
            run.peak_bytes = Some(python_peak(self.name, operations, gc_enabled)?);
            Ok((run, checksum))
        };
        let (python_gc_on, on_checksum) = python(true)?;
        let (python_gc_off, off_checksum) = python(false)?;
        let (latencies, rust_checksum) = (self.rust)(operations);
        for (variant, got) in [
            ("python (gc on)", on_checksum),
            ("python (gc off)", off_checksum),
        ] {
            if got != rust_checksum {
                return Err(Error::Mismatch {
                    workload: format!("{} (pause probe)", self.name),
                    variant: variant.into(),
                    n: operations,
                    expected: rust_checksum.to_string(),
                    got: got.to_string(),
                });
            }
        }
        Ok(PauseWorkload {
            workload: self.name.into(),
            operation: self.operation.into(),
            operations,
            python_gc_on,
            python_gc_off,
            rust: Latency::from_sample(latencies),
        })
    }
}

/// Runs the pause probes: for each workload, Python with the collector on, Python with it
/// off, and Rust.
pub fn measure(mode: Mode) -> Result<Pauses> {
    let workloads = PROBES
        .iter()
        .map(|probe| probe.measure(mode))
        .collect::<Result<_>>()?;
    Ok(Pauses { workloads })
}

/// One timed Python run, `run_<workload>(operations, gc_enabled)`, through the embedded
/// interpreter: the run (without its peak) and its checksum.
pub fn python_run(workload: &str, operations: u64, gc_enabled: bool) -> Result<(PythonRun, u64)> {
    let function = format!("run_{workload}");
    call(&function, operations, gc_enabled, |result| {
        let field = |key: &str| result.get_item(key);
        let latencies: Vec<u64> = field("latencies_ns")?.extract()?;
        let pauses: Vec<u64> = field("pauses_ns")?.extract()?;
        let run = PythonRun {
            run_ns: field("run_ns")?.extract::<u64>()? as f64,
            latency: Latency::from_sample(latencies),
            pauses_ns: pauses.into_iter().map(|p| p as f64).collect(),
            peak_bytes: None,
        };
        Ok((run, field("checksum")?.extract()?))
    })
}

/// The tracemalloc peak, in bytes, of `run_<workload>(operations, gc_enabled)`'s work,
/// from `peak_<workload>`.
pub fn python_peak(workload: &str, operations: u64, gc_enabled: bool) -> Result<u64> {
    let function = format!("peak_{workload}");
    call(&function, operations, gc_enabled, |peak| peak.extract())
}

/// Calls `MODULE.function(operations, gc_enabled)` and converts its result.
fn call<T>(
    function: &str,
    operations: u64,
    gc_enabled: bool,
    convert: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<T>,
) -> Result<T> {
    py::start()?;
    Python::attach(|py| {
        let context = format!("{MODULE}.{function}({operations}, gc_enabled={gc_enabled})");
        let result = py
            .import(MODULE)
            .and_then(|m| m.call_method1(function, (operations, gc_enabled)))
            .and_then(|result| convert(&result));
        result.map_err(|e| python_error(py, context, e))
    })
}

/// Times each operation of a run: the latencies in ns, and the sum of the results.
fn timed(operations: u64, mut operation: impl FnMut(u64) -> u64) -> (Vec<u64>, u64) {
    let mut latencies = Vec::with_capacity(operations as usize);
    let mut checksum = 0u64;
    for i in 0..operations {
        let started = Instant::now();
        let result = black_box(operation(black_box(i)));
        latencies.push(started.elapsed().as_nanos() as u64);
        checksum += result;
    }
    (latencies, checksum)
}

/// The depth of the tree each `binary_trees` operation builds (`TREE_DEPTH` in Python).
pub const TREE_DEPTH: u32 = 12;
/// The depth of the tree kept alive during the run (`LONG_LIVED_DEPTH` in Python).
pub const LONG_LIVED_DEPTH: u32 = 16;

/// `binary_trees`: one tree built and checked per operation, with the binary-trees
/// workload's own [`Tree`], while a long-lived tree stays alive.
fn binary_trees(operations: u64) -> (Vec<u64>, u64) {
    let long_lived = Tree::bottom_up(LONG_LIVED_DEPTH);
    let run = timed(operations, |_| {
        Tree::bottom_up(black_box(TREE_DEPTH)).check()
    });
    drop(black_box(long_lived));
    run
}

/// Responses the service keeps (`CACHE_SIZE` in Python).
pub const CACHE_SIZE: u64 = 10_000;
/// Every this-many-th request has a parent <-> child cycle (`CYCLE_EVERY` in Python).
pub const CYCLE_EVERY: u64 = 8;
/// At most this many items per request (`MAX_ITEMS` in Python).
pub const MAX_ITEMS: u32 = 8;
/// Distinct users (`USERS` in Python).
pub const USERS: u32 = 1000;
/// Distinct products (`SKUS` in Python).
pub const SKUS: u32 = 5000;

/// A parsed request: Python's request dict. (Fields that nothing reads are still built,
/// and kept observable through `black_box`, as Python builds them.)
#[allow(dead_code)]
struct Request {
    id: u64,
    user: u32,
    path: &'static str,
    headers: HashMap<&'static str, Cow<'static, str>>,
    items: Vec<Item>,
}

/// One item of a request: Python's item dict.
#[allow(dead_code)]
struct Item {
    sku: u32,
    qty: u32,
    /// Where Python gives the item a reference back to its request (a cycle), Rust gives it
    /// a [`Weak`] pointer into the request's [`Rc`]: the same parent <-> child structure,
    /// freed by the last `Rc` drop with no collector and no leak.
    order: Option<Weak<Request>>,
}

/// The cached response: Python's response dict.
#[allow(dead_code)]
struct Response {
    status: u16,
    id: u64,
    total: u64,
    skus: Vec<u32>,
}

/// `service_loop`: one request per operation, with the inputs drawn from the shared
/// generator in the order Python draws them.
fn service_loop(operations: u64) -> (Vec<u64>, u64) {
    let mut lcg = Lcg::default();
    let mut cache: Vec<Option<Response>> = (0..CACHE_SIZE).map(|_| None).collect();
    let run = timed(operations, |i| {
        let count = 1 + lcg.next_raw() % MAX_ITEMS;
        let user = lcg.next_raw() % USERS;
        let cyclic = i % CYCLE_EVERY == 0;
        let request = Rc::new_cyclic(|me| Request {
            id: i,
            user,
            path: "/orders",
            headers: HashMap::from([
                ("accept", Cow::Borrowed("application/json")),
                ("trace", Cow::Owned(format!("{i:x}"))),
            ]),
            items: (0..count)
                .map(|_| Item {
                    sku: lcg.next_raw() % SKUS,
                    qty: 1 + lcg.next_raw() % 4,
                    order: cyclic.then(|| me.clone()),
                })
                .collect(),
        });
        let total: u64 = request
            .items
            .iter()
            .map(|item| u64::from(item.sku) * u64::from(item.qty))
            .sum();
        cache[(i % CACHE_SIZE) as usize] = Some(Response {
            status: 200,
            id: request.id,
            total,
            skus: request.items.iter().map(|item| item.sku).collect(),
        });
        black_box(&request);
        total + u64::from(count)
    });
    black_box(&cache);
    run
}

/// The pauses pass, which a filter selects as [`NAME`].
pub struct PausesPass;

impl Pass for PausesPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, _context: &PassContext) -> String {
        "CPython's cycle collector (on and off) against Rust's per-operation latency".into()
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let pauses = measure(context.mode)?;
        Ok(Measured::new(NAME, |file| file.pauses = Some(pauses)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::passes::QUANTILES;

    #[test]
    fn latency_of_one_to_a_thousand_by_nearest_rank() {
        let mut sample: Vec<u64> = (1..=1000).collect();
        sample.reverse();
        let latency = Latency::from_sample(sample);
        assert_eq!(latency.p50_ns, 500.0);
        assert_eq!(latency.p99_ns, 990.0);
        assert_eq!(latency.p999_ns, 999.0);
        assert_eq!(latency.max_ns, 1000.0);
        assert_eq!(latency.quantiles_ns.len(), QUANTILES as usize + 1);
        assert_eq!(latency.quantiles_ns[0], 1.0);
        assert_eq!(latency.quantiles_ns[1], 5.0);
        assert_eq!(latency.quantiles_ns[100], 500.0);
        assert_eq!(latency.quantiles_ns[200], 1000.0);
        assert!(latency.quantiles_ns.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn latency_of_a_hundred_has_p99_at_rank_99() {
        // 0.99 × 100 in floating point is 99.00000000000001: a float ceil would give rank 100.
        let latency = Latency::from_sample((1..=100).map(|v| v * 10).collect());
        assert_eq!(latency.p50_ns, 500.0);
        assert_eq!(latency.p99_ns, 990.0);
        assert_eq!(latency.p999_ns, 1000.0);
        assert_eq!(latency.max_ns, 1000.0);
    }

    #[test]
    fn latency_of_small_and_empty_samples() {
        let one = Latency::from_sample(vec![7]);
        assert_eq!((one.p50_ns, one.p999_ns, one.max_ns), (7.0, 7.0, 7.0));
        assert!(one.quantiles_ns.iter().all(|&q| q == 7.0));
        let outlier = Latency::from_sample(vec![1, 1, 1, 50]);
        assert_eq!((outlier.p50_ns, outlier.p99_ns), (1.0, 50.0));
        let empty = Latency::from_sample(Vec::new());
        assert_eq!(empty.max_ns, 0.0);
        assert!(empty.quantiles_ns.is_empty());
    }

    #[test]
    fn rust_twins_time_every_operation_and_do_the_work() {
        let (latencies, checksum) = binary_trees(3);
        assert_eq!(latencies.len(), 3);
        assert_eq!(checksum, 3 * ((1 << (TREE_DEPTH + 1)) - 1));
        let (latencies, checksum) = service_loop(100);
        assert_eq!(latencies.len(), 100);
        // At least one item of at least 1 × 1 per request.
        assert!(checksum >= 200, "{checksum}");
    }

    #[test]
    fn cyclic_requests_are_freed() {
        let (weak, strong) = {
            let request = Rc::new_cyclic(|me: &Weak<Request>| Request {
                id: 0,
                user: 0,
                path: "/orders",
                headers: HashMap::new(),
                items: vec![Item {
                    sku: 1,
                    qty: 1,
                    order: Some(me.clone()),
                }],
            });
            (Rc::downgrade(&request), Rc::strong_count(&request))
        };
        assert_eq!(strong, 1);
        assert!(weak.upgrade().is_none(), "the request outlived its last Rc");
    }

    #[test]
    fn paused_share_is_pauses_over_run_time() {
        let run = PythonRun {
            run_ns: 1000.0,
            latency: Latency::from_sample(vec![1]),
            pauses_ns: vec![100.0, 150.0],
            peak_bytes: None,
        };
        assert_eq!(run.paused_ns(), 250.0);
        assert_eq!(run.paused_share(), 0.25);
    }
}
