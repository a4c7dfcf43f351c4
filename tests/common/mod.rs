//! What the integration tests share: a cheap timer that stands in for Criterion, scratch
//! folders, and test-only workloads whose Python lives in modules written at run time.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::PathBuf;
use std::time::{Duration, Instant};

use pyrust_bench::py;
use pyrust_bench::results::{Timing, store};
use pyrust_bench::suite::{BenchId, Timer};
use pyrust_bench::verify::Prepared;
use pyrust_bench::workload::{Category, Output, RustKernel, Sizes, Variant, Workload};

/// Times one call with `Instant`: enough to exercise everything but Criterion.
pub struct OneShot;

impl Timer for OneShot {
    fn time(
        &mut self,
        _: &BenchId,
        prepared: &mut Prepared,
        _: Duration,
    ) -> pyrust_bench::Result<Timing> {
        let started = Instant::now();
        prepared.run()?;
        let ns = started.elapsed().as_nanos() as f64;
        Ok(Timing {
            median: ns,
            low: ns,
            high: ns,
        })
    }
}

/// A fresh, empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyrust-harness-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A test-only workload whose Python lives in a module written to a scratch folder. Its
/// `rust` and `rust_par` variants return `rust_output`.
pub struct Probe {
    pub name: &'static str,
    pub variants: &'static [Variant],
    pub rust_output: i64,
    pub python_source: &'static str,
}

impl Workload for Probe {
    fn name(&self) -> &'static str {
        self.name
    }
    fn category(&self) -> Category {
        Category::InterpreterBound
    }
    fn description(&self) -> &'static str {
        "test-only probe"
    }
    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 3,
            quick: 3,
            full: 3,
        }
    }
    fn variants(&self) -> &'static [Variant] {
        self.variants
    }
    fn rust(&self, _n: u64) -> RustKernel {
        let out = self.rust_output;
        RustKernel::new(move || Output::Int(out))
    }
    fn rust_par(&self, n: u64) -> Option<RustKernel> {
        Some(self.rust(n))
    }
    fn python_module(&self) -> String {
        // Shared by tests running in parallel: never deleted, always replaced atomically.
        let dir =
            std::env::temp_dir().join(format!("pyrust-harness-{}-probes", std::process::id()));
        store::write_atomic(
            &dir.join(format!("{}.py", self.name)),
            self.python_source.as_bytes(),
        )
        .unwrap();
        py::add_sys_path(&dir).unwrap();
        self.name.to_string()
    }
}
