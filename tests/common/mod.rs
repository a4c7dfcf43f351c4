//! What the integration tests share: a cheap timer that stands in for Criterion, scratch
//! folders, and test-only workloads whose Python lives in modules written at run time.

#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pyrust_bench::py;
use pyrust_bench::results::{Timing, store};
use pyrust_bench::timing::{BenchId, Timer};
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

/// A fresh, private folder for one test (mode 0700, unpredictable name), removed when the
/// value is dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pyrust-test-")
        .tempdir()
        .unwrap()
}

/// The folder test-only Python modules live in: private, one per test binary, and removed
/// when the binary exits.
static PROBES: OnceLock<PathBuf> = OnceLock::new();

pub fn probes_dir() -> &'static Path {
    extern "C" fn remove_probes() {
        if let Some(dir) = PROBES.get() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    PROBES.get_or_init(|| {
        let dir = scratch().keep();
        // SAFETY: registers a plain function with no arguments, as atexit(3) expects.
        unsafe { libc::atexit(remove_probes) };
        dir
    })
}

/// A fixture of `tests/fixtures/`, e.g. `results_full_v1.json`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs the `pyrust-bench` binary with `args`.
pub fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pyrust-bench"))
        .args(args)
        .output()
        .unwrap()
}

/// What a command printed to its standard error.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The share of a PNG's pixels that differ from its top-left (background) pixel.
pub fn ink_share(png_path: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bpp = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(bpp).collect();
    let background = pixels[0];
    pixels.iter().filter(|p| **p != background).count() as f64 / pixels.len() as f64
}

/// This test binary, ready to run only its test `test` as a child process: how tests put
/// what may abort, hang or be interrupted (or needs its own environment) in a process of
/// its own. The child tells itself apart by an environment variable the caller sets.
pub fn rerun_self(test: &str) -> std::process::Command {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("RUST_BACKTRACE", "0")
        .stdin(std::process::Stdio::null());
    command
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
        // Shared by tests running in parallel: replaced atomically, deleted at exit.
        let dir = probes_dir();
        store::write_atomic(
            &dir.join(format!("{}.py", self.name)),
            self.python_source.as_bytes(),
        )
        .unwrap();
        py::add_sys_path(dir).unwrap();
        self.name.to_string()
    }
}
