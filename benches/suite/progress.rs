//! Progress that a person can plan around: every progress line ends with an estimate of the
//! time left. Once a workload is verified, its own benchmarks' plans say how long it will
//! take; a workload not yet reached is estimated from its entries in the previous results
//! file (when they were measured in the same mode), else from the workloads done so far;
//! each pass has a rough allowance of its own. Plans leave out what Criterion adds (its
//! analysis, iterations that overrun) and the untimed work around them, so every plan-based
//! estimate is scaled by how long the finished workloads took against their plans.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use pyrust_bench::results::ResultsFile;
use pyrust_bench::timing::{self, Round};
use pyrust_bench::workload::{Mode, Workload};

use crate::timer::plan;

/// What the suite still has to do, and how long it is expected to take.
pub struct Progress {
    started: Instant,
    mode: Mode,
    /// Seconds per workload still to run, in order; `None` where nothing is known yet.
    ahead: Vec<Option<f64>>,
    /// Seconds the current workload's plans have left.
    current: f64,
    /// Seconds each finished workload took.
    finished: Vec<f64>,
    /// Seconds the finished workloads were planned at, and the current one's plan.
    planned_finished: f64,
    planned_current: f64,
    /// When the current workload started.
    workload_started: Instant,
    /// Seconds allowed for the passes still to run, and for the one running.
    passes: f64,
    pass_current: f64,
    /// The estimate made at the start, for the closing line.
    first: Option<f64>,
}

/// A rough allowance for a pass, in seconds (from runs on a 2-core machine).
fn pass_seconds(mode: Mode, pass: &str) -> f64 {
    let (quick, full) = match pass {
        "boundary" => (40.0, 100.0),
        "pauses" => (15.0, 60.0),
        "memory" => (10.0, 15.0),
        "multicore" => (10.0, 25.0),
        // Per interpreter: about 20 s quick and 90 s full; two are usual (the embedded
        // interpreter's executable and pypy3).
        "interpreters" => (40.0, 180.0),
        // The timed runs; the one-off install and input take a minute or two more.
        "rust-tools" => (40.0, 170.0),
        "api-servers" => (75.0, 250.0),
        _ => (15.0, 60.0),
    };
    match mode {
        Mode::Quick => quick,
        Mode::Full => full,
    }
}

/// A workload's time from its entries in a previous results file of the same mode: every
/// benchmark's plan in every round, plus one call each to verify it and one to measure its
/// peak.
fn previous_seconds(mode: Mode, workload: &str, previous: &ResultsFile) -> Option<f64> {
    let rounds = timing::rounds(mode);
    // (median, rounds it is timed in): a parallel variant only in the first.
    let entries: Vec<(f64, usize)> = previous
        .results
        .iter()
        .filter(|r| r.workload == workload && r.mode == Some(mode))
        .filter_map(|r| {
            Some((
                r.median_ns?,
                timing::rounds_for(rounds, r.workers.is_some()),
            ))
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let seconds = entries
        .iter()
        .map(|&(ns, timed)| {
            let estimate = Duration::from_secs_f64(ns / 1e9);
            let planned: f64 = (0..timed)
                .map(|index| {
                    plan(mode, estimate, Round { index, of: rounds })
                        .longest()
                        .as_secs_f64()
                })
                .sum();
            planned + 2.0 * ns / 1e9
        })
        .sum();
    Some(seconds)
}

impl Progress {
    /// The progress of a run of `workloads` and `passes` in `mode`, estimated from
    /// `previous` where it has the workloads.
    pub fn new(
        mode: Mode,
        workloads: &[&dyn Workload],
        passes: &[&str],
        previous: Option<&ResultsFile>,
    ) -> Self {
        let known: HashMap<&str, f64> = previous
            .map(|file| {
                workloads
                    .iter()
                    .filter_map(|w| Some((w.name(), previous_seconds(mode, w.name(), file)?)))
                    .collect()
            })
            .unwrap_or_default();
        let mut progress = Progress {
            started: Instant::now(),
            mode,
            ahead: workloads
                .iter()
                .map(|w| known.get(w.name()).copied())
                .collect(),
            current: 0.0,
            finished: Vec::new(),
            planned_finished: 0.0,
            planned_current: 0.0,
            workload_started: Instant::now(),
            passes: passes.iter().map(|p| pass_seconds(mode, p)).sum(),
            pass_current: 0.0,
            first: None,
        };
        progress.first = Some(progress.left());
        progress
    }

    /// Seconds left, as well as they can be told now.
    pub fn left(&self) -> f64 {
        let typical = match self.finished.is_empty() {
            true => match self.mode {
                Mode::Quick => 12.0,
                Mode::Full => 60.0,
            },
            false => self.finished.iter().sum::<f64>() / self.finished.len() as f64,
        };
        let scale = self.scale();
        let ahead: f64 = self
            .ahead
            .iter()
            .map(|s| s.map_or(typical, |planned| planned * scale))
            .sum();
        self.current * scale + ahead + self.passes + self.pass_current
    }

    /// How long the finished workloads took against their plans (1 before any finished).
    fn scale(&self) -> f64 {
        let took: f64 = self.finished.iter().sum();
        match self.planned_finished > 0.0 {
            true => (took / self.planned_finished).clamp(0.5, 4.0),
            false => 1.0,
        }
    }

    /// `7 min 12 s in, about 9 min left`.
    pub fn left_text(&self) -> String {
        format!(
            "{} in, about {} left",
            duration_text(self.started.elapsed().as_secs_f64()),
            duration_text(self.left())
        )
    }

    /// A workload starts: it leaves the queue of workloads ahead.
    pub fn workload_started(&mut self) {
        self.current = if self.ahead.is_empty() {
            0.0
        } else {
            self.ahead.remove(0).unwrap_or(0.0)
        };
        self.workload_started = Instant::now();
    }

    /// The current workload is verified and will time `benchmarks` benchmarks in `rounds`
    /// rounds, planned at `seconds` in all.
    pub fn timing(&mut self, benchmarks: usize, rounds: usize, seconds: f64) {
        self.current = seconds;
        self.planned_current = seconds;
        let rounds = match rounds {
            1 => String::new(),
            r => format!(" in {r} interleaved rounds"),
        };
        eprintln!(
            "  timing {benchmarks} benchmark(s){rounds}: about {}; {}",
            duration_text(seconds * self.scale()),
            self.left_text()
        );
    }

    /// One benchmark planned at `seconds` is done.
    pub fn timed(&mut self, seconds: f64) {
        self.current = (self.current - seconds).max(0.0);
    }

    /// The current workload is done.
    pub fn workload_finished(&mut self) {
        self.finished
            .push(self.workload_started.elapsed().as_secs_f64());
        self.planned_finished += self.planned_current;
        self.planned_current = 0.0;
        self.current = 0.0;
    }

    /// A pass starts: its allowance leaves what is left.
    pub fn pass_started(&mut self, pass: &str) {
        self.passes = (self.passes - pass_seconds(self.mode, pass)).max(0.0);
        self.pass_current = pass_seconds(self.mode, pass);
    }

    /// The closing line: how long the run took, against the first estimate.
    pub fn summary(&self) -> String {
        let took = self.started.elapsed().as_secs_f64();
        match self.first {
            Some(first) => format!(
                "the suite took {} (estimated at the start: {})",
                duration_text(took),
                duration_text(first)
            ),
            None => format!("the suite took {}", duration_text(took)),
        }
    }
}

/// `9 min`, `1 min 40 s`, `40 s`.
fn duration_text(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..=59 => format!("{s} s"),
        60..=599 if s % 60 != 0 => format!("{} min {} s", s / 60, s % 60),
        _ => format!("{} min", (s + 30) / 60),
    }
}
