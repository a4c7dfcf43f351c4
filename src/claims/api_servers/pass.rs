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
    ENDPOINTS, FRAMEWORKS, Framework, Language, Stacks, expected_body, rust_server_binary,
};
use super::load;
use super::server::{self, Server};
use super::settings::Settings;
use super::steps::{Failure, load_endpoint};
use crate::claims::{Measured, Pass, PassContext};
use crate::error::{Error, Result};
use crate::py::{interpreter_executable, python_dir};
use crate::results::{ApiServers, FrameworkRun, Status};
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
            Ok(measured) => measured,
            Err(e) => {
                let why = e.install_advice(NAME).ok_or(e)?;
                context.notes.push(format!("{NAME}: not measured: {why}"));
                ApiServers {
                    unavailable: Some(why),
                    ..ApiServers::default()
                }
            }
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
    let unavailable = |e: &Error| e.install_advice(NAME).unwrap_or_else(|| e.to_string());
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
}
