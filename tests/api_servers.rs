//! The Python web apps of the pass `api-servers`, against the bodies the harness expects of
//! every framework: first in process (every app called without a server), then one real
//! stack (FastAPI on uvicorn) started, checked over HTTP, loaded briefly, and stopped with
//! no process left behind. The frameworks come from the harness-managed virtualenv
//! (installed on first use); on a machine that cannot install them, the test checks that
//! the error gives the install command instead.

use std::path::Path;
use std::time::Duration;

use pyrust_bench::claims::api_servers::frameworks::{
    ENDPOINTS, FRAMEWORKS, Stacks, expected_body, framework,
};
use pyrust_bench::claims::api_servers::load::{self, Load, LoadSpec};
use pyrust_bench::claims::api_servers::pass::REQUIREMENTS;
use pyrust_bench::claims::api_servers::server::{self, Server};
use pyrust_bench::process::python_output;
use pyrust_bench::py::{interpreter_executable, python_dir};
use pyrust_bench::venv::{self, Venv};

fn frameworks() -> Option<Venv> {
    match venv::ensure(
        "api-servers",
        &python_dir().join(REQUIREMENTS),
        Path::new(&interpreter_executable()),
    ) {
        Ok(venv) => Some(venv),
        Err(e) => {
            eprintln!("the frameworks are not installed here, so the apps are not called: {e}");
            assert!(e.to_string().contains("pip install -r"), "{e}");
            None
        }
    }
}

#[test]
fn every_python_app_answers_with_the_bodies_every_framework_must_give() {
    let Some(venv) = frameworks() else { return };
    let bad = "/cpu?n=99";
    let mut args = vec!["-m".to_string(), "pyrust_servers.check".to_string()];
    args.extend(ENDPOINTS.iter().map(|e| e.path.to_string()));
    args.push(bad.into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = python_output(venv.python(), &args, None).unwrap();
    let answers: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let apps = answers.as_object().unwrap();
    assert_eq!(apps.len(), 3, "FastAPI, Flask and Django: {answers}");
    for (app, answered) in apps {
        for endpoint in ENDPOINTS {
            assert_eq!(
                answered[endpoint.path],
                serde_json::json!([200, expected_body(endpoint)]),
                "{app} {}",
                endpoint.path
            );
        }
        assert_eq!(
            answered[bad],
            serde_json::json!([400, r#"{"error":"n must be an integer from 0 to 14"}"#]),
            "{app} {bad}"
        );
    }
    // Every Python stack serves one of these apps.
    for f in FRAMEWORKS
        .iter()
        .filter(|f| f.language.as_str() == "python")
    {
        assert!(
            apps.keys().any(|app| f.id.starts_with(app.as_str())),
            "{}",
            f.id
        );
    }
}

#[test]
fn a_real_stack_starts_answers_takes_load_and_leaves_nothing_behind() {
    let Some(venv) = frameworks() else { return };
    let stacks = Stacks {
        venv_bin: venv.dir.join("bin"),
        python_dir: python_dir(),
        rust_server: "unused".into(),
    };
    let fastapi = framework("fastapi-uvicorn").unwrap();
    let port = server::free_port().unwrap();
    let log = tempfile::tempdir().unwrap();
    let mut server = Server::start(
        fastapi.id,
        (fastapi.command)(&stacks, port, 1),
        port,
        &[],
        &log.path().join("log"),
    )
    .unwrap();
    server.wait_ready("/json", Duration::from_secs(60)).unwrap();
    for endpoint in ENDPOINTS {
        let (status, body) = load::fetch(port, endpoint.path, Duration::from_secs(10)).unwrap();
        assert_eq!(
            (status, body),
            (200, expected_body(endpoint)),
            "{}",
            endpoint.path
        );
    }
    let report = load::run(&LoadSpec {
        port,
        path: "/io?ms=10".into(),
        connections: 16,
        duration: Duration::from_millis(800),
        load: Load::Open { rate: 200.0 },
    })
    .unwrap();
    assert_eq!(report.errors, 0);
    assert!(
        report.completed >= 150,
        "{} of 160 answered",
        report.completed
    );
    // Each request slept 10 ms, so none can have been faster.
    assert!(
        report.quantile_ms(0.01) >= 9.9,
        "{} ms",
        report.quantile_ms(0.01)
    );
    assert!(server.cpu_s() > 0.0);
    let pgid = server.process_group();
    assert!(!server::group_members(pgid).is_empty());
    drop(server);
    assert!(
        server::group_members(pgid).is_empty(),
        "a process outlived its server"
    );
}
