//! One endpoint's measurement, on a server that is up and has given the right bodies: a
//! closed-loop warm-up, the closed loop for the maximum and the CPU per request, then
//! open-loop steps upward at shares of that maximum, each after a warm-up at its rate, until
//! one misses the objective. The server's CPU is read around every run, and a server that
//! died is reported at once.

use std::time::Instant;

use super::frameworks::Endpoint;
use super::load::{self, Load, LoadReport, LoadSpec};
use super::pass::Plan;
use super::server::{Server, ServerError};
use crate::results::{EndpointRun, LoadStep};

/// Why a stack's run stopped early.
pub(super) enum Failure {
    Mismatch(String),
    Error(String),
}

impl From<ServerError> for Failure {
    fn from(e: ServerError) -> Self {
        Failure::Error(e.to_string())
    }
}

/// Warm-up, the closed loop, then open-loop steps upward until one misses.
pub(super) fn load_endpoint(
    server: &mut Server,
    endpoint: &Endpoint,
    plan: Plan,
    objective_ms: f64,
) -> std::result::Result<EndpointRun, Failure> {
    let port = server.port;
    let spec = |load, duration| LoadSpec {
        port,
        path: endpoint.path.to_string(),
        connections: endpoint.connections,
        duration,
        load,
    };
    measure_step(server, &spec(Load::Closed, plan.warmup), objective_ms)?;
    let closed = measure_step(server, &spec(Load::Closed, plan.closed), objective_ms)?;
    let cpu_us_per_request = if closed.step.completed > 0 {
        closed.server_cpu_s * 1e6 / closed.step.completed as f64
    } else {
        0.0
    };
    let maximum = closed.step.achieved_rps;
    let mut steps = Vec::new();
    let mut sustained: Option<&LoadStep> = None;
    for &fraction in plan.fractions {
        let rate = (maximum * fraction).max(1.0);
        measure_step(
            server,
            &spec(Load::Open { rate }, plan.step_warmup),
            objective_ms,
        )?;
        let step = measure_step(server, &spec(Load::Open { rate }, plan.step), objective_ms)?.step;
        let met = step.met;
        steps.push(step);
        if !met {
            break;
        }
    }
    for step in &steps {
        if step.met {
            sustained = Some(step);
        }
    }
    let sustained_rps = sustained.and_then(|s| s.offered_rps).unwrap_or(0.0);
    let p99_ms = sustained.map(|s| s.p99_ms);
    let generator_limited = is_generator_limited(&closed.step);
    let rps_per_core = rps_per_core(sustained_rps, cpu_us_per_request, generator_limited);
    Ok(EndpointRun {
        endpoint: endpoint.id.to_string(),
        path: endpoint.path.to_string(),
        connections: endpoint.connections,
        closed: closed.step,
        cpu_us_per_request,
        steps,
        sustained_rps,
        p99_ms,
        generator_limited,
        rps_per_core,
    })
}

/// The server was not the limit in the closed loop: its core was under 80% busy (the
/// generator's connections ran out first, as on `/io` for the Rust servers), or the
/// generator's core was fuller than the server's and nearly full.
pub fn is_generator_limited(closed: &LoadStep) -> bool {
    closed.server_cpu < 0.8
        || (closed.generator_cpu >= 0.9 && closed.generator_cpu > closed.server_cpu)
}

/// What one server core serves within the objective: the sustained rate on the one core,
/// or, when the generator was the limit, the larger of that and what the server's CPU per
/// request allows a fully busy core.
pub fn rps_per_core(sustained_rps: f64, cpu_us_per_request: f64, generator_limited: bool) -> f64 {
    if generator_limited && cpu_us_per_request > 0.0 {
        sustained_rps.max(1e6 / cpu_us_per_request)
    } else {
        sustained_rps
    }
}

struct Measurement {
    step: LoadStep,
    server_cpu_s: f64,
}

fn measure_step(
    server: &mut Server,
    spec: &LoadSpec,
    objective_ms: f64,
) -> std::result::Result<Measurement, Failure> {
    let cpu_before = server.cpu_s();
    let started = Instant::now();
    let report = load::run(spec);
    let wall = started.elapsed().as_secs_f64();
    let server_cpu_s = server.cpu_s() - cpu_before;
    server.check_alive()?;
    let report = report.map_err(|e| Failure::Error(format!("{}: {e}", server.name)))?;
    let step = step_figures(spec, &report, server_cpu_s / wall.max(1e-9), objective_ms);
    Ok(Measurement { step, server_cpu_s })
}

/// One run's figures, and whether it met the objective: p99 within it, no errors, nothing
/// left unsent, and (open loop) at least 99% of the offered requests answered.
pub fn step_figures(
    spec: &LoadSpec,
    report: &LoadReport,
    server_cpu: f64,
    objective_ms: f64,
) -> LoadStep {
    let offered = match spec.load {
        Load::Open { rate } => Some(rate),
        Load::Closed => None,
    };
    let due = offered.map(|rate| rate * spec.duration.as_secs_f64());
    let enough = due.is_none_or(|due| report.completed as f64 >= 0.99 * due.floor());
    let p99_ms = report.quantile_ms(0.99);
    LoadStep {
        offered_rps: offered,
        achieved_rps: report.achieved_rps(),
        completed: report.completed,
        errors: report.errors,
        unsent: report.unsent,
        p50_ms: report.quantile_ms(0.5),
        p99_ms,
        p999_ms: report.quantile_ms(0.999),
        max_ms: report.latency_us.max() as f64 / 1000.0,
        server_cpu,
        generator_cpu: report.generator_share(),
        met: report.completed > 0
            && report.errors == 0
            && report.unsent == 0
            && enough
            && p99_ms <= objective_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_per_request_bounds_a_generator_limited_server() {
        assert_eq!(rps_per_core(5000.0, 100.0, false), 5000.0);
        assert_eq!(rps_per_core(40_000.0, 10.0, true), 100_000.0);
    }
}
