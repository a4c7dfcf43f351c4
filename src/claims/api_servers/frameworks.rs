//! What the pass serves and asks for: [`FRAMEWORKS`], every stack under test with the
//! command that starts it as its docs recommend for production (one worker per server core,
//! access logs off, keep-alive on), and [`ENDPOINTS`], the three URLs each must answer with
//! the same bodies. A new framework or endpoint is one entry here.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The language a framework's request handling runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Python,
    Rust,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::Rust => "rust",
        }
    }
}

/// Where the stacks' programs are: the virtualenv's `bin/`, `python/` (for the apps) and
/// the release binary of `servers/`.
#[derive(Debug, Clone)]
pub struct Stacks {
    pub venv_bin: PathBuf,
    pub python_dir: PathBuf,
    pub rust_server: PathBuf,
}

/// One framework on one server.
#[derive(Debug)]
pub struct Framework {
    /// Its id in the results, e.g. `fastapi-uvicorn`.
    pub id: &'static str,
    /// How charts and tables name it, e.g. `FastAPI (uvicorn)`.
    pub label: &'static str,
    /// The framework as the article names it (its "Web Frameworks" row).
    pub framework: &'static str,
    /// The HTTP server it runs on, and how.
    pub server: &'static str,
    pub language: Language,
    /// The command that serves it on 127.0.0.1:`port` with `workers` workers.
    pub command: fn(&Stacks, u16, usize) -> Command,
}

fn python_program(stacks: &Stacks, program: &str) -> Command {
    let mut command = Command::new(stacks.venv_bin.join(program));
    command
        .env("PYTHONPATH", &stacks.python_dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(&stacks.python_dir);
    command
}

fn gunicorn(stacks: &Stacks, app: &str, port: u16, workers: usize) -> Command {
    let mut command = python_program(stacks, "gunicorn");
    command.args([
        "--bind",
        &format!("127.0.0.1:{port}"),
        "--workers",
        &workers.to_string(),
        // The threaded worker: keep-alive (the sync worker has none) and concurrent blocking
        // calls, as gunicorn's docs advise for I/O-bound apps.
        "--worker-class",
        "gthread",
        "--threads",
        &GUNICORN_THREADS.to_string(),
        "--keep-alive",
        "75",
        "--log-level",
        "warning",
        app,
    ]);
    command
}

/// Threads per gunicorn worker: enough for `/io` to overlap its sleeps.
pub const GUNICORN_THREADS: usize = 32;

fn rust_server(stacks: &Stacks, framework: &str, port: u16, workers: usize) -> Command {
    let mut command = Command::new(&stacks.rust_server);
    command.args([
        framework,
        "--port",
        &port.to_string(),
        "--workers",
        &workers.to_string(),
    ]);
    command
}

/// Every stack under test, Python first.
pub const FRAMEWORKS: &[Framework] = &[
    Framework {
        id: "fastapi-uvicorn",
        label: "FastAPI (uvicorn)",
        framework: "FastAPI",
        server: "uvicorn with uvloop and httptools",
        language: Language::Python,
        command: |stacks, port, workers| {
            let mut command = python_program(stacks, "uvicorn");
            command.args([
                "pyrust_servers.fastapi_app:app",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--workers",
                &workers.to_string(),
                "--loop",
                "uvloop",
                "--http",
                "httptools",
                "--no-access-log",
                "--log-level",
                "warning",
            ]);
            command
        },
    },
    Framework {
        id: "fastapi-granian",
        label: "FastAPI (granian)",
        framework: "FastAPI",
        server: "granian (a Rust HTTP server) with uvloop",
        language: Language::Python,
        command: |stacks, port, workers| {
            let mut command = python_program(stacks, "granian");
            command.args([
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--workers",
                &workers.to_string(),
                "--runtime-threads",
                "1",
                "--loop",
                "uvloop",
                "--http",
                "1",
                "--no-ws",
                "--no-access-log",
                "--log-level",
                "warning",
                "pyrust_servers.fastapi_app:app",
            ]);
            command
        },
    },
    Framework {
        id: "flask-gunicorn",
        label: "Flask (gunicorn)",
        framework: "Flask",
        server: "gunicorn, gthread worker",
        language: Language::Python,
        command: |stacks, port, workers| {
            gunicorn(stacks, "pyrust_servers.flask_app:app", port, workers)
        },
    },
    Framework {
        id: "django-gunicorn",
        label: "Django (gunicorn)",
        framework: "Django",
        server: "gunicorn, gthread worker",
        language: Language::Python,
        command: |stacks, port, workers| {
            gunicorn(
                stacks,
                "pyrust_servers.django_app:application",
                port,
                workers,
            )
        },
    },
    Framework {
        id: "axum",
        label: "axum",
        framework: "Axum",
        server: "hyper on tokio, multi-thread runtime",
        language: Language::Rust,
        command: |stacks, port, workers| rust_server(stacks, "axum", port, workers),
    },
    Framework {
        id: "actix-web",
        label: "actix-web",
        framework: "Actix",
        server: "actix-web's own server",
        language: Language::Rust,
        command: |stacks, port, workers| rust_server(stacks, "actix", port, workers),
    },
];

/// One URL every framework serves.
#[derive(Debug)]
pub struct Endpoint {
    /// Its id in the results: `json`, `cpu`, `io`.
    pub id: &'static str,
    /// The path and query the generator sends.
    pub path: &'static str,
    /// What it stands for.
    pub stands_for: &'static str,
    /// The default p99 objective, in ms.
    pub p99_objective_ms: f64,
    /// Keep-alive connections the generator holds open.
    pub connections: usize,
}

/// The N-queens size of `/cpu`: about 0.5 ms of CPython per request.
pub const CPU_N: u64 = 8;

/// The sleep of `/io`, in ms.
pub const IO_MS: u64 = 10;

/// The endpoints, in report order.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        id: "json",
        path: "/json",
        stands_for: "serialize a small object: the framework's fixed cost per request",
        p99_objective_ms: 10.0,
        connections: 32,
    },
    Endpoint {
        id: "cpu",
        path: "/cpu?n=8",
        stands_for: "N-queens for n = 8 (about 0.5 ms of Python): the interpreter's cost",
        p99_objective_ms: 10.0,
        connections: 32,
    },
    Endpoint {
        id: "io",
        path: "/io?ms=10",
        stands_for: "await a 10 ms sleep, standing in for a database or an upstream call",
        p99_objective_ms: 25.0,
        connections: 256,
    },
];

/// The body every framework must answer `endpoint` with.
pub fn expected_body(endpoint: &Endpoint) -> String {
    match endpoint.id {
        "json" => r#"{"message":"Hello, World!"}"#.to_string(),
        "cpu" => format!(
            r#"{{"n":{CPU_N},"solutions":{}}}"#,
            crate::workload::nqueens::run(CPU_N)
        ),
        "io" => format!(r#"{{"slept_ms":{IO_MS}}}"#),
        other => unreachable!("no expected body for endpoint {other}"),
    }
}

/// The framework with id `id`.
pub fn framework(id: &str) -> Option<&'static Framework> {
    FRAMEWORKS.iter().find(|f| f.id == id)
}

/// The endpoint with id `id`.
pub fn endpoint(id: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.id == id)
}

/// The release binary of `servers/` under `target_dir`.
pub fn rust_server_binary(target_dir: &Path) -> PathBuf {
    target_dir.join("release").join("pyrust-serve")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_sizes_the_bodies_use() {
        assert_eq!(endpoint("cpu").unwrap().path, format!("/cpu?n={CPU_N}"));
        assert_eq!(endpoint("io").unwrap().path, format!("/io?ms={IO_MS}"));
        assert_eq!(
            expected_body(endpoint("cpu").unwrap()),
            r#"{"n":8,"solutions":92}"#
        );
    }

    #[test]
    fn every_framework_the_article_names_is_here() {
        for named in ["Django", "FastAPI", "Flask", "Actix", "Axum"] {
            assert!(FRAMEWORKS.iter().any(|f| f.framework == named), "{named}");
        }
        let ids: std::collections::BTreeSet<_> = FRAMEWORKS.iter().map(|f| f.id).collect();
        assert_eq!(ids.len(), FRAMEWORKS.len(), "ids are unique");
    }
}
