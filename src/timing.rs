//! The timer interface between the suite and Criterion: [`BenchId`], what Criterion calls one
//! benchmark, and [`Timer`], which times a verified, prepared call. `benches/suite/`
//! supplies Criterion as the timer; tests supply a cheap one. The workloads and the claims'
//! passes time through it, so it sits below both.
//!
//! In full mode a workload's variants are timed in [`ROUNDS`] interleaved rounds (rust,
//! python, python_c, …, then rust, python, … again), so that a ratio can be computed per
//! round and its spread shows what drifts between minutes of one session. A variant's
//! figure pools the samples of every round ([`pool`]).

use std::time::Duration;

use crate::error::Result;
use crate::results::Timing;
use crate::verify::Prepared;
use crate::workload::{Mode, Variant, Workload};

/// Rounds per workload in full mode; quick mode times once.
pub const ROUNDS: usize = 3;

/// How many rounds a workload is timed in, in `mode`.
pub fn rounds(mode: Mode) -> usize {
    match mode {
        Mode::Quick => 1,
        Mode::Full => ROUNDS,
    }
}

/// How many of a workload's `rounds` a variant is timed in: all of them, or the first only
/// for a parallel variant (its scaling is judged against coarse thresholds, and rounds of
/// ~0.5 s pool calls would cost minutes).
pub fn rounds_for(rounds: usize, parallel: bool) -> usize {
    if parallel { rounds.min(1) } else { rounds }
}

/// Which of a workload's rounds a timing is: `index` of `of`, from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub index: usize,
    pub of: usize,
}

impl Round {
    /// A benchmark timed once, not in rounds.
    pub const ONLY: Round = Round { index: 0, of: 1 };
}

/// What Criterion calls one benchmark: `group/function/value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchId {
    pub group: String,
    pub function: String,
    pub value: String,
}

impl BenchId {
    /// The id of `variant` of `workload` at size `n`, on a pool of `workers` if parallel.
    pub fn variant(
        workload: &dyn Workload,
        variant: Variant,
        n: u64,
        workers: Option<usize>,
    ) -> Self {
        Self {
            group: workload.name().to_string(),
            function: variant.id().to_string(),
            value: match workers {
                Some(w) => format!("{n}_w{w}"),
                None => n.to_string(),
            },
        }
    }
}

/// Times a verified, prepared call. `estimate` is how long one call took when it was checked.
pub trait Timer {
    fn time(&mut self, id: &BenchId, prepared: &mut Prepared, estimate: Duration)
    -> Result<Timing>;

    /// Hears, after verification and before any timing, what a workload will time (for
    /// progress): each benchmark with the estimate its plan starts from and the number of
    /// rounds it is timed in, of the workload's `rounds`.
    fn begin(&mut self, _plans: &[(BenchId, Duration, usize)], _rounds: usize) {}

    /// Times one round of a workload's interleaved rounds; a timer that knows no rounds
    /// times the whole benchmark each time.
    fn time_round(
        &mut self,
        id: &BenchId,
        prepared: &mut Prepared,
        estimate: Duration,
        _round: Round,
    ) -> Result<Timing> {
        self.time(id, prepared, estimate)
    }

    /// The per-iteration times, in ns, of every sample of the benchmark `id` timed last, when
    /// the timer keeps them (Criterion does): rounds pool them into one estimate.
    fn samples(&self, _id: &BenchId) -> Option<Vec<f64>> {
        None
    }

    /// Runs an unverified call once, for its estimate, then times it: for the harness's own
    /// probes, which have no variant to check against.
    fn estimate_and_time(&mut self, id: &BenchId, prepared: &mut Prepared) -> Result<Timing> {
        let (_, estimate) = prepared.run_timed()?;
        self.time(id, prepared, estimate)
    }

    /// The peak heap of one call of each of `variants` of `workload` at size `n`, as
    /// `(variant, bytes)`, when this timer measures peaks (the bench does, in a process of its
    /// own: see [`crate::claims::memory_footprint::peaks`]); else none.
    fn peaks(
        &mut self,
        _workload: &dyn Workload,
        _n: u64,
        _variants: &[Variant],
    ) -> Vec<(Variant, u64)> {
        Vec::new()
    }
}

/// Iterations of the Python calibration kernel (about 20 ms), and of the Rust one (20 times
/// as many: about 20 ms too, so that both are long enough to time well).
const CALIBRATION_STEPS: u64 = 300_000;
const RUST_CALIBRATION_STEPS: u64 = 20 * CALIBRATION_STEPS;
/// Calls per calibration, of which the median counts.
const CALIBRATION_CALLS: usize = 9;

/// Times the calibration kernels, a fixed pure-Rust and a fixed pure-Python loop (the shared
/// generator's recurrence), and returns their median times `(rust, python)` in ns. Timed at
/// the start and at the end of a run, their drift is a noise figure for the run.
pub fn calibrate() -> Result<(f64, f64)> {
    let rust = || {
        let mut x: u64 = 1;
        for _ in 0..std::hint::black_box(RUST_CALIBRATION_STEPS) {
            x = (x * 3877 + 29573) % 139_968;
        }
        std::hint::black_box(x)
    };
    // Without a setup, the call's one argument is its n.
    let python = crate::py::PyCall::function(
        &format!("{}._harness", crate::workload::PACKAGE),
        "calibrate",
        &[],
        Some(CALIBRATION_STEPS),
    )?;
    let time = |run: &mut dyn FnMut() -> Result<()>| -> Result<f64> {
        // One untimed call first: the first call also pays for warming caches and, in Python,
        // for the interpreter's specialisation of the loop.
        run()?;
        let mut times = Vec::with_capacity(CALIBRATION_CALLS);
        for _ in 0..CALIBRATION_CALLS {
            let started = std::time::Instant::now();
            run()?;
            times.push(started.elapsed().as_nanos() as f64);
        }
        Ok(median(&times))
    };
    let rust_ns = time(&mut || {
        rust();
        Ok(())
    })?;
    let python_ns = time(&mut || python.call().map(|_| ()))?;
    Ok((rust_ns, python_ns))
}

/// Resamples for the bootstrap interval of a pooled median.
const RESAMPLES: usize = 10_000;

/// One variant's estimate from its rounds: with every round's samples (`samples`, per
/// iteration, in ns), their median and a 95% bootstrap interval of the median; without
/// them, the median of the rounds' medians, from the lowest bound to the highest. A single
/// round is its own estimate.
pub fn pool(rounds: &[Timing], samples: Option<&[f64]>) -> Option<Timing> {
    match (rounds, samples) {
        ([], _) => None,
        ([only], _) => Some(*only),
        (_, Some(samples)) if samples.len() >= 2 => Some(median_interval(samples)),
        _ => {
            let medians: Vec<f64> = rounds.iter().map(|t| t.median).collect();
            Some(Timing {
                median: median(&medians),
                low: rounds.iter().map(|t| t.low).fold(f64::INFINITY, f64::min),
                high: rounds
                    .iter()
                    .map(|t| t.high)
                    .fold(f64::NEG_INFINITY, f64::max),
            })
        }
    }
}

/// The median of `values` (the mean of the middle two for an even count); NaN when empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The median of `samples` with the 2.5% and 97.5% percentiles of the medians of
/// [`RESAMPLES`] resamples with replacement. The generator is seeded, so one set of samples
/// always gives the same interval.
pub fn median_interval(samples: &[f64]) -> Timing {
    let n = samples.len();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        // xorshift64*: fast, and plenty for picking indices.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    let mut resample = vec![0.0; n];
    let mut medians: Vec<f64> = (0..RESAMPLES)
        .map(|_| {
            for slot in resample.iter_mut() {
                *slot = samples[next()];
            }
            median(&resample)
        })
        .collect();
    medians.sort_by(f64::total_cmp);
    let at = |q: f64| medians[((RESAMPLES as f64 - 1.0) * q).round() as usize];
    Timing {
        median: median(samples),
        low: at(0.025),
        high: at(0.975),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(median: f64) -> Timing {
        Timing {
            median,
            low: median * 0.99,
            high: median * 1.01,
        }
    }

    #[test]
    fn one_round_is_its_own_estimate_and_rounds_pool_their_samples() {
        assert_eq!(pool(&[timing(10.0)], None), Some(timing(10.0)));
        assert_eq!(pool(&[], None), None);
        let samples: Vec<f64> = (1..=99).map(f64::from).collect();
        let pooled = pool(&[timing(10.0), timing(90.0)], Some(&samples)).unwrap();
        assert_eq!(pooled.median, 50.0);
        assert!(pooled.low < 50.0 && pooled.high > 50.0, "{pooled:?}");
        assert!(pooled.low > 35.0 && pooled.high < 65.0, "{pooled:?}");
        // Without samples: the median of the medians, from the lowest bound to the highest.
        let spread = pool(&[timing(10.0), timing(30.0), timing(20.0)], None).unwrap();
        assert_eq!(spread.median, 20.0);
        assert_eq!((spread.low, spread.high), (9.9, 30.3));
    }

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }
}
