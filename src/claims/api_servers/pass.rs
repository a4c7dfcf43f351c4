//! The pass `api-servers`: every stack of [`FRAMEWORKS`] started in turn on a core of its
//! own, checked for the same bodies on every endpoint, then loaded from the other core: a
//! warm-up, a closed loop for the most it can do and its CPU per request, then open-loop
//! steps upward (each after its own warm-up) until one misses the p99 objective, errs, or
//! falls short of the offered rate. The Python frameworks come from a pinned virtualenv the
//! harness manages ([`crate::venv`]); the Rust servers from the workspace member `servers/`,
//! built in release on first use. A stack that fails to start or dies is recorded as `error`
//! with its stderr's end, and the others go on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::frameworks::{
    ENDPOINTS, Endpoint, FRAMEWORKS, Framework, Language, Stacks, expected_body, rust_server_binary,
};
use super::load::{self, Load, LoadReport, LoadSpec};
use super::server::{self, Server, ServerError};
use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::{interpreter_executable, python_dir};
use crate::results::{ApiServers, EndpointRun, FrameworkRun, LoadStep, ServerSizing, Status};
use crate::venv;
use crate::workload::Mode;

/// The name a filter matches to run this pass.
pub const NAME: &str = "api-servers";

/// The requirements file, under `python/`.
pub const REQUIREMENTS: &str = "requirements/api-servers.txt";

/// The packages whose versions the results record.
const PACKAGES: &[&str] = &[
    "fastapi",
    "starlette",
    "pydantic",
    "uvicorn",
    "uvloop",
    "httptools",
    "granian",
    "flask",
    "werkzeug",
    "django",
    "gunicorn",
];

/// The crates of `servers/` whose versions the results record.
const CRATES: &[&str] = &["axum", "actix-web", "tokio", "hyper"];

/// How long each part of one endpoint's measurement runs, in a mode.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// The closed-loop warm-up before the maximum is measured.
    pub warmup: Duration,
    /// The closed loop that finds the maximum and the CPU per request.
    pub closed: Duration,
    /// Each open-loop step, and the warm-up at its rate before it.
    pub step: Duration,
    pub step_warmup: Duration,
    /// The steps' rates, as shares of the closed-loop maximum.
    pub fractions: &'static [f64],
}

impl Plan {
    /// Sized so that the six stacks take about 4 minutes in full mode and 80 s in quick
    /// mode (the install and the build happen once, outside that).
    pub fn for_mode(mode: Mode) -> Plan {
        match mode {
            Mode::Full => Plan {
                warmup: Duration::from_millis(1000),
                closed: Duration::from_millis(2000),
                step: Duration::from_millis(1500),
                step_warmup: Duration::from_millis(250),
                fractions: &[0.25, 0.5, 0.7, 0.85, 1.0],
            },
            Mode::Quick => Plan {
                warmup: Duration::from_millis(300),
                closed: Duration::from_millis(700),
                step: Duration::from_millis(700),
                step_warmup: Duration::from_millis(150),
                fractions: &[0.5, 0.8, 1.0],
            },
        }
    }

    /// The most one endpoint's measurement takes.
    fn per_endpoint(&self) -> Duration {
        self.warmup + self.closed + (self.step + self.step_warmup) * self.fractions.len() as u32
    }
}

/// What the user may set: the p99 objectives and the server the fleet is counted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub objectives_ms: BTreeMap<String, f64>,
    pub sizing: ServerSizing,
}

impl Settings {
    /// The defaults, overridden by `PYRUST_API_P99_MS` (the objective of `/json` and
    /// `/cpu`), `PYRUST_API_IO_P99_MS`, `PYRUST_API_SERVER_CORES`, `PYRUST_API_SCALING`
    /// (0–1) and `PYRUST_API_CORE_MONTH_PRICE`.
    pub fn from_env() -> Result<Settings> {
        Settings::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.trim().is_empty()))
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings> {
        let number = |key: &str, ok: fn(f64) -> bool, what: &str| -> Result<Option<f64>> {
            let Some(text) = lookup(key) else {
                return Ok(None);
            };
            match text.trim().parse::<f64>() {
                Ok(v) if v.is_finite() && ok(v) => Ok(Some(v)),
                _ => Err(Error::Interpreter(format!(
                    "{key} must be {what}, not `{text}`"
                ))),
            }
        };
        let positive = |v: f64| v > 0.0;
        let mut objectives_ms: BTreeMap<String, f64> = ENDPOINTS
            .iter()
            .map(|e| (e.id.to_string(), e.p99_objective_ms))
            .collect();
        if let Some(ms) = number("PYRUST_API_P99_MS", positive, "a positive number of ms")? {
            objectives_ms.insert("json".into(), ms);
            objectives_ms.insert("cpu".into(), ms);
        }
        if let Some(ms) = number("PYRUST_API_IO_P99_MS", positive, "a positive number of ms")? {
            objectives_ms.insert("io".into(), ms);
        }
        let mut sizing = ServerSizing::default();
        if let Some(cores) = number(
            "PYRUST_API_SERVER_CORES",
            |v| v >= 1.0 && v.fract() == 0.0 && v <= 1024.0,
            "a whole number of cores from 1 to 1024",
        )? {
            sizing.cores = cores as u32;
        }
        if let Some(eff) = number(
            "PYRUST_API_SCALING",
            |v| v > 0.0 && v <= 1.0,
            "a share from 0 to 1 (e.g. 0.8)",
        )? {
            sizing.scaling_efficiency = eff;
        }
        sizing.core_month_price = number(
            "PYRUST_API_CORE_MONTH_PRICE",
            positive,
            "a positive price per core-month",
        )?;
        Ok(Settings {
            objectives_ms,
            sizing,
        })
    }
}

/// The pass, which a filter selects as [`NAME`].
pub struct ApiServersPass;

impl Pass for ApiServersPass {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self, context: &PassContext) -> String {
        let plan = Plan::for_mode(context.mode);
        format!(
            "{} web stacks × {} endpoints on 127.0.0.1, server and load generator on disjoint cores: a closed loop for the maximum, then open-loop steps of {:.1} s up to the p99 objective",
            FRAMEWORKS.len(),
            ENDPOINTS.len(),
            plan.step.as_secs_f64()
        )
    }

    fn measure(&self, context: &mut PassContext) -> Result<Measured> {
        let settings = Settings::from_env()?;
        let measured = match measure(Plan::for_mode(context.mode), &settings, &mut context.notes) {
            Err(Error::Unavailable {
                what,
                reason,
                command,
            }) => {
                let why = format!(
                    "{what} could not be installed ({reason}); install them with `{command}`, then run `cargo bench -- {NAME}`"
                );
                context.notes.push(format!("{NAME}: not measured: {why}"));
                ApiServers {
                    unavailable: Some(why),
                    ..ApiServers::default()
                }
            }
            other => other?,
        };
        Ok(Measured::new(NAME, |file| {
            file.api_servers = Some(measured)
        }))
    }
}

/// Installs the frameworks and builds the Rust servers (once), then measures every stack.
/// If one language's stacks cannot be had, they are `skipped` with the command that fixes
/// it and the others are measured; if neither can, the pass is unavailable.
pub fn measure(plan: Plan, settings: &Settings, notes: &mut Vec<String>) -> Result<ApiServers> {
    let requirements = python_dir().join(REQUIREMENTS);
    let venv = venv::ensure(
        "api-servers",
        &requirements,
        Path::new(&interpreter_executable()),
    );
    let rust_server = build_rust_servers();
    let (venv, rust_server) = match (venv, rust_server) {
        (Err(python), Err(_)) => return Err(python),
        pair => pair,
    };
    let unavailable = |e: &Error| match e {
        Error::Unavailable {
            what,
            reason,
            command,
        } => format!(
            "{what} could not be installed ({reason}); install them with `{command}`, then run `cargo bench -- {NAME}`"
        ),
        other => other.to_string(),
    };
    let skip = |language: Language| -> Option<String> {
        match language {
            Language::Python => venv.as_ref().err().map(unavailable),
            Language::Rust => rust_server.as_ref().err().map(unavailable),
        }
    };
    let stacks = Stacks {
        venv_bin: venv.as_ref().map(|v| v.dir.join("bin")).unwrap_or_default(),
        python_dir: python_dir(),
        rust_server: rust_server.as_ref().cloned().unwrap_or_default(),
    };
    let mut versions = match &venv {
        Ok(venv) => python_versions(&venv.python())?,
        Err(_) => BTreeMap::new(),
    };
    if rust_server.is_ok() {
        versions.extend(crate_versions());
    }

    let (server_cores, generator_cores) = placement(&server::affinity(0));
    if server_cores.is_empty() {
        notes.push(format!(
            "{NAME}: one core only: the server and the generator share it, so the figures understate both"
        ));
    }
    let _pinned = PinnedThread::to(&generator_cores);
    let work = crate::process::tempdir_in(&std::env::temp_dir())?;
    let started = Instant::now();
    let estimate = (plan.per_endpoint() * ENDPOINTS.len() as u32 + Duration::from_secs(3))
        * FRAMEWORKS.len() as u32;
    let mut frameworks = Vec::new();
    for (i, framework) in FRAMEWORKS.iter().enumerate() {
        let left = estimate.saturating_sub(started.elapsed()).as_secs();
        eprintln!(
            "  {NAME} [{}/{}] {}: {} (about {} min {:02} s left)",
            i + 1,
            FRAMEWORKS.len(),
            framework.label,
            framework.server,
            left / 60,
            left % 60
        );
        let run = match skip(framework.language) {
            Some(why) => FrameworkRun {
                status: Status::Skipped,
                message: Some(why),
                ..FrameworkRun::new(framework)
            },
            None => run_framework(
                framework,
                &stacks,
                &server_cores,
                &work,
                plan,
                &settings.objectives_ms,
            ),
        };
        if let Some(message) = &run.message {
            notes.push(format!("{NAME}: {}: {message}", framework.id));
        }
        frameworks.push(run);
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(ApiServers {
        unavailable: None,
        versions,
        server_cores,
        generator_cores,
        step_s: plan.step.as_secs_f64(),
        objectives_ms: settings.objectives_ms.clone(),
        sizing: settings.sizing.clone(),
        frameworks,
    })
}

/// The server's cores and the generator's, disjoint: the first core and the last. With one
/// core, neither is pinned.
pub fn placement(available: &[usize]) -> (Vec<usize>, Vec<usize>) {
    match available {
        [first, .., last] => (vec![*first], vec![*last]),
        _ => (Vec::new(), Vec::new()),
    }
}

/// Pins the calling thread (the generator's) to cores until dropped, then restores it.
struct PinnedThread(Vec<usize>);

impl PinnedThread {
    fn to(cores: &[usize]) -> PinnedThread {
        let before = server::affinity(0);
        if !cores.is_empty() {
            let _ = server::pin(0, cores);
        }
        PinnedThread(before)
    }
}

impl Drop for PinnedThread {
    fn drop(&mut self) {
        if !self.0.is_empty() {
            let _ = server::pin(0, &self.0);
        }
    }
}

/// Starts one stack, checks its bodies, and loads every endpoint; never fails, records.
fn run_framework(
    framework: &Framework,
    stacks: &Stacks,
    cores: &[usize],
    work: &Path,
    plan: Plan,
    objectives: &BTreeMap<String, f64>,
) -> FrameworkRun {
    let mut run = FrameworkRun::new(framework);
    let workers = cores.len().max(1);
    let outcome = (|| -> std::result::Result<(), Failure> {
        let port = server::free_port().map_err(|e| Failure::Error(format!("no free port: {e}")))?;
        let command = (framework.command)(stacks, port, workers);
        let log = work.join(format!("{}.log", framework.id));
        let started = Instant::now();
        let mut server = Server::start(framework.id, command, port, cores, &log)?;
        server.wait_ready(ENDPOINTS[0].path, Duration::from_secs(60))?;
        run.startup_s = started.elapsed().as_secs_f64();
        check_bodies(&server)?;
        for endpoint in ENDPOINTS {
            let objective = objectives
                .get(endpoint.id)
                .copied()
                .unwrap_or(endpoint.p99_objective_ms);
            run.endpoints
                .push(load_endpoint(&mut server, endpoint, plan, objective)?);
        }
        Ok(())
    })();
    match outcome {
        Ok(()) => {}
        Err(Failure::Mismatch(message)) => {
            run.status = Status::Mismatch;
            run.message = Some(message);
        }
        Err(Failure::Error(message)) => {
            run.status = Status::Error;
            run.message = Some(message);
        }
    }
    run
}

impl FrameworkRun {
    /// A run of `framework` that has measured nothing yet.
    fn new(framework: &Framework) -> FrameworkRun {
        FrameworkRun {
            framework: framework.id.to_string(),
            language: framework.language.as_str().to_string(),
            server: framework.server.to_string(),
            status: Status::Ok,
            message: None,
            startup_s: 0.0,
            endpoints: Vec::new(),
        }
    }
}

/// Why a stack's run stopped early.
enum Failure {
    Mismatch(String),
    Error(String),
}

impl From<ServerError> for Failure {
    fn from(e: ServerError) -> Self {
        Failure::Error(e.to_string())
    }
}

/// Every endpoint's body, against the one every stack must give (rule 1: servers too).
fn check_bodies(server: &Server) -> std::result::Result<(), Failure> {
    for endpoint in ENDPOINTS {
        let expected = expected_body(endpoint);
        let (status, body) = load::fetch(server.port, endpoint.path, Duration::from_secs(10))
            .map_err(|e| Failure::Error(e.to_string()))?;
        if status != 200 || body != expected {
            return Err(Failure::Mismatch(format!(
                "{} answered GET {} with {status} `{body}`, expected 200 `{expected}`; it was not loaded",
                server.name, endpoint.path
            )));
        }
    }
    Ok(())
}

/// Warm-up, the closed loop, then open-loop steps upward until one misses.
fn load_endpoint(
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

/// The release binary of `servers/`, built with Cargo on first use (later runs find it up
/// to date in a second). It gets a target folder of its own, so that building it from
/// inside `cargo bench` or `cargo test` never waits on their lock.
pub fn build_rust_servers() -> Result<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = root.join("servers").join("Cargo.toml");
    let target = root.join("target").join("servers");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let command_line = format!(
        "cargo build --release --manifest-path {} --target-dir {}",
        manifest.display(),
        target.display()
    );
    let binary = rust_server_binary(&target);
    if !binary.exists() {
        eprintln!("  {NAME}: building the Rust servers (axum, actix-web) in release, once");
    }
    let output = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target)
        .output();
    let failure = match output {
        Ok(out) if out.status.success() && binary.exists() => return Ok(binary),
        Ok(out) => venv::tail(&String::from_utf8_lossy(&out.stderr)),
        Err(e) => format!("{}: {e}", PathBuf::from(&cargo).display()),
    };
    Err(Error::Unavailable {
        what: "the Rust servers (axum, actix-web)".into(),
        reason: format!("cargo could not build them: {failure}"),
        command: command_line,
    })
}

/// The virtualenv's Python version and every framework's.
fn python_versions(python: &Path) -> Result<BTreeMap<String, String>> {
    let script = format!(
        "import importlib.metadata as m, json, platform\nv = {{p: m.version(p) for p in {PACKAGES:?}}}\nv['python'] = platform.python_version()\nprint(json.dumps(v))"
    );
    let text = crate::process::python_output(python.to_path_buf(), &["-c", &script], None)?;
    serde_json::from_str(text.trim()).map_err(|e| {
        Error::Interpreter(format!(
            "{}: the frameworks' versions could not be read: {e}",
            python.display()
        ))
    })
}

/// The versions of [`CRATES`] in the workspace's `Cargo.lock`.
fn crate_versions() -> BTreeMap<String, String> {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    let text = std::fs::read_to_string(lock).unwrap_or_default();
    let mut versions = BTreeMap::new();
    let mut name = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take())
            && CRATES.contains(&n.as_str())
        {
            versions
                .entry(n)
                .or_insert_with(|| v.trim_matches('"').to_string());
        }
    }
    versions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_and_the_generator_get_disjoint_cores() {
        assert_eq!(placement(&[0, 1]), (vec![0], vec![1]));
        assert_eq!(placement(&[2, 5, 7]), (vec![2], vec![7]));
        assert_eq!(placement(&[0]), (vec![], vec![]));
    }

    #[test]
    fn settings_come_from_the_environment_and_bad_ones_are_named() {
        let settings = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            Settings::from_lookup(move |key| {
                pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
            })
        };
        let defaults = settings(&[]).unwrap();
        assert_eq!(defaults.objectives_ms["io"], 25.0);
        assert_eq!(defaults.sizing.cores, 4);
        let set =
            settings(&[("PYRUST_API_P99_MS", "5"), ("PYRUST_API_SERVER_CORES", "8")]).unwrap();
        assert_eq!(set.objectives_ms["json"], 5.0);
        assert_eq!(set.objectives_ms["io"], 25.0);
        assert_eq!(set.sizing.cores, 8);
        let err = settings(&[("PYRUST_API_SCALING", "1.5")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("PYRUST_API_SCALING must be a share"), "{err}");
    }

    #[test]
    fn the_cpu_per_request_bounds_a_generator_limited_server() {
        assert_eq!(rps_per_core(5000.0, 100.0, false), 5000.0);
        assert_eq!(rps_per_core(40_000.0, 10.0, true), 100_000.0);
    }
}
