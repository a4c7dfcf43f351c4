//! Criterion as the suite's timer: a plan per benchmark from how long one call took during
//! verification, split over the rounds of full mode; the benchmark itself, with Criterion's
//! own output silenced unless `--verbose`; and its estimates and samples read back.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::bail;
use criterion::{BenchmarkId, Criterion, SamplingMode};
use pyo3::Python;
use pyrust_bench::claims::memory_footprint::peaks;
use pyrust_bench::results::Timing;
use pyrust_bench::results::criterion::{estimates_path, read_median, read_samples, samples_path};
use pyrust_bench::timing::{BenchId, Round, Timer};
use pyrust_bench::verify::Prepared;
use pyrust_bench::workload::{Mode, Variant, Workload};
use pyrust_bench::{py, quiet, watchdog};

use crate::progress::Progress;

/// The longest the peaks of one workload may take in their own process.
const PEAKS_LIMIT: Duration = Duration::from_secs(600);

/// Criterion as the suite's timer.
pub struct CriterionTimer {
    pub criterion: Criterion,
    pub criterion_dir: PathBuf,
    pub mode: Mode,
    /// Whether Criterion may print its own lines (`--verbose`).
    pub verbose: bool,
    pub progress: Progress,
    /// The samples file of the benchmark timed last.
    pub last_samples: Option<PathBuf>,
}

/// How Criterion should sample one benchmark.
pub struct Plan {
    pub sample_size: usize,
    pub flat: bool,
    pub warm_up: Duration,
    pub measurement: Duration,
}

impl Plan {
    /// The longest the benchmark should take: its warm-up and its measurement, which Criterion
    /// stretches to fit every sample.
    pub fn longest(&self) -> Duration {
        self.warm_up + self.measurement
    }
}

/// The plan of one round of a benchmark whose call took `estimate` once, in `mode`.
///
/// Slow calls get few flat samples (as many iterations as fit); sub-millisecond calls get
/// Criterion's linear sampling and more samples. In rounds, the samples and the measurement
/// time are shared among the rounds (at least Criterion's ten samples each), and only the
/// first round warms up at length.
///
/// Sample counts, for the record: one call of 10 ms or more gets 20 flat samples, 1–10 ms 30,
/// less 50 linear ones; in rounds, a third of that each (but at least 10).
pub fn plan(mode: Mode, estimate: Duration, round: Round) -> Plan {
    let ms = estimate.as_secs_f64() * 1e3;
    let (sample_size, flat) = match (mode, ms) {
        (Mode::Quick, ms) if ms >= 1.0 => (10, true),
        (Mode::Full, ms) if ms >= 10.0 => (20, true),
        (Mode::Full, ms) if ms >= 1.0 => (30, true),
        (Mode::Quick, _) => (20, false),
        (Mode::Full, _) => (50, false),
    };
    // Seconds of warm-up and of measurement at the least. A benchmark timed once in full mode
    // is a pass's probe (a boundary crossing, a pool start-up): microseconds per call, so a
    // shorter measurement still holds thousands of calls.
    let (warm_up, base) = match (mode, round.of) {
        (Mode::Quick, _) => (0.2, 0.5),
        (Mode::Full, 1) => (0.5, 1.5),
        (Mode::Full, _) => (0.8, 2.4),
    };
    let shared = round.of.max(1);
    let sample_size = (sample_size / shared).max(10);
    let warm_up = if round.index == 0 { warm_up } else { 0.1 };
    // Leave room for every sample: flat needs s calls, linear s(s+1)/2.
    let calls = if flat {
        sample_size
    } else {
        sample_size * (sample_size + 1) / 2
    };
    let needed = estimate.as_secs_f64() * calls as f64 * 1.3;
    Plan {
        sample_size,
        flat,
        warm_up: Duration::from_secs_f64(warm_up),
        measurement: Duration::from_secs_f64(needed.max(base / shared as f64)),
    }
}

impl CriterionTimer {
    /// Runs one Criterion benchmark and reads its median back.
    fn bench(
        &mut self,
        id: &BenchId,
        plan: &Plan,
        mut routine: impl FnMut(&mut criterion::Bencher),
    ) -> anyhow::Result<Timing> {
        let started = SystemTime::now();
        {
            let _quiet = (!self.verbose).then(quiet::Silenced::new);
            let mut g = self.criterion.benchmark_group(&id.group);
            g.sample_size(plan.sample_size)
                .warm_up_time(plan.warm_up)
                .measurement_time(plan.measurement)
                .sampling_mode(if plan.flat {
                    SamplingMode::Flat
                } else {
                    SamplingMode::Auto
                });
            g.bench_function(BenchmarkId::new(id.function.as_str(), &id.value), |b| {
                routine(b)
            });
            g.finish();
        }
        let path = estimates_path(&self.criterion_dir, &id.group, &id.function, &id.value);
        let fresh = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= started);
        if !fresh {
            bail!("Criterion wrote no new estimates at {}", path.display());
        }
        self.last_samples = Some(samples_path(
            &self.criterion_dir,
            &id.group,
            &id.function,
            &id.value,
        ));
        Ok(read_median(&path)?)
    }

    /// The cost of one call from Rust into the embedded interpreter (an empty function).
    pub fn call_overhead(&mut self) -> anyhow::Result<Timing> {
        let noop = py::noop_call()?;
        let plan = Plan {
            sample_size: 50,
            flat: false,
            warm_up: Duration::from_millis(300),
            measurement: Duration::from_secs(match self.mode {
                Mode::Quick => 1,
                Mode::Full => 3,
            }),
        };
        let id = BenchId {
            group: "harness".into(),
            function: "call_overhead".into(),
            value: "noop".into(),
        };
        self.bench(&id, &plan, |b| {
            Python::attach(|py| b.iter(|| noop.call_raw(py).is_ok()))
        })
    }
}

impl Timer for CriterionTimer {
    fn time(
        &mut self,
        id: &BenchId,
        prepared: &mut Prepared,
        estimate: Duration,
    ) -> pyrust_bench::Result<Timing> {
        self.time_round(id, prepared, estimate, Round::ONLY)
    }

    fn begin(&mut self, plans: &[(BenchId, Duration, usize)], rounds: usize) {
        let mode = self.mode;
        let seconds: f64 = plans
            .iter()
            .flat_map(|(_, estimate, timed)| {
                (0..*timed).map(move |index| {
                    plan(mode, *estimate, Round { index, of: rounds })
                        .longest()
                        .as_secs_f64()
                })
            })
            .sum();
        self.progress.timing(plans.len(), rounds, seconds);
    }

    fn time_round(
        &mut self,
        id: &BenchId,
        prepared: &mut Prepared,
        estimate: Duration,
        round: Round,
    ) -> pyrust_bench::Result<Timing> {
        let plan = plan(self.mode, estimate, round);
        // Criterion keeps one folder per benchmark id and run: each round gets an id of its own.
        let id = &match round.index {
            0 => id.clone(),
            i => BenchId {
                value: format!("{}_round{}", id.value, i + 1),
                ..id.clone()
            },
        };
        self.last_samples = None;
        let mut failure = None;
        let timing = match prepared {
            Prepared::Rust(kernel) => self.bench(id, &plan, |b| b.iter(|| kernel.run_timed())),
            Prepared::Python(call) => {
                // One limit for the whole benchmark, armed outside the timed loop.
                let guard = watchdog::arm(watchdog::limit_for(Some(plan.longest())));
                let timing = self.bench(id, &plan, |b| {
                    Python::attach(|py| {
                        b.iter(|| {
                            // After a failure (or a timeout), stop calling.
                            if failure.is_some() {
                                return None;
                            }
                            match call.call_raw(py) {
                                Ok(value) => Some(value),
                                Err(e) => {
                                    failure = Some(py::python_error(py, call.context(), e));
                                    None
                                }
                            }
                        })
                    })
                });
                let limit = guard.limit();
                if guard.disarm() {
                    return Err(pyrust_bench::Error::Interpreter(watchdog::timed_out_error(
                        &format!("{} while being timed", call.context()),
                        limit,
                    )));
                }
                timing
            }
        };
        self.progress.timed(plan.longest().as_secs_f64());
        if let Some(e) = failure {
            return Err(e);
        }
        timing.map_err(|e| pyrust_bench::Error::Interpreter(format!("{e:#}")))
    }

    fn samples(&self, _id: &BenchId) -> Option<Vec<f64>> {
        read_samples(self.last_samples.as_ref()?).ok()
    }

    fn peaks(
        &mut self,
        workload: &dyn Workload,
        n: u64,
        variants: &[Variant],
    ) -> Vec<(Variant, u64)> {
        let exe = Path::new(env!("CARGO_BIN_EXE_pyrust-bench"));
        match peaks::measure_in_child(exe, workload.name(), n, variants, PEAKS_LIMIT) {
            Ok(measured) => {
                for missing in &measured.missing {
                    eprintln!("  peak not measured: {missing}");
                }
                measured.peaks
            }
            Err(e) => {
                eprintln!("  warning: {e}");
                Vec::new()
            }
        }
    }
}
