//! `pyrust-serve <axum|actix> --port N [--workers W]`: one of the Rust web servers of the
//! pass `api-servers`, on 127.0.0.1 only, with W worker threads (one per server core), no
//! access log, keep-alive on. Both serve [`bodies`]' answers on `/json`, `/cpu?n=N` and
//! `/io?ms=M`; only the framework differs.

mod bodies;

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

/// The parsed command line.
struct Args {
    framework: String,
    port: u16,
    workers: usize,
}

const USAGE: &str = "usage: pyrust-serve <axum|actix> --port N [--workers W]";

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let framework = args.next().ok_or(USAGE)?;
    if framework != "axum" && framework != "actix" {
        return Err(format!("unknown framework `{framework}`; {USAGE}"));
    }
    let (mut port, mut workers) = (None, 1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or(format!("{flag} needs a value; {USAGE}"))?;
        let number = |what: &str| {
            value
                .parse::<usize>()
                .map_err(|_| format!("{what} must be a number, not `{value}`"))
        };
        match flag.as_str() {
            "--port" => port = Some(u16::try_from(number("--port")?).map_err(|e| e.to_string())?),
            "--workers" => workers = number("--workers")?.max(1),
            _ => return Err(format!("unknown flag `{flag}`; {USAGE}")),
        }
    }
    Ok(Args {
        framework,
        port: port.ok_or(format!("--port is required; {USAGE}"))?,
        workers,
    })
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("pyrust-serve: {message}");
            return ExitCode::from(2);
        }
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let served = match args.framework.as_str() {
        "axum" => axum_server::serve(address, args.workers),
        _ => actix_server::serve(address, args.workers),
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pyrust-serve: cannot bind {address}: {e}");
            ExitCode::from(1)
        }
    }
}

fn io_sleep(ms: u64) -> Duration {
    Duration::from_millis(ms)
}

mod axum_server {
    //! axum on a tokio multi-thread runtime with one worker thread per server core.

    use std::net::SocketAddr;

    use axum::Router;
    use axum::extract::RawQuery;
    use axum::http::{StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;

    use crate::bodies::{self, Answer};

    fn respond((status, body): Answer) -> Response {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }

    async fn json() -> Response {
        respond(bodies::json())
    }

    async fn cpu(RawQuery(query): RawQuery) -> Response {
        respond(bodies::cpu(query.as_deref().unwrap_or("")))
    }

    async fn io(RawQuery(query): RawQuery) -> Response {
        match bodies::io_millis(query.as_deref().unwrap_or("")) {
            Ok(ms) => {
                tokio::time::sleep(crate::io_sleep(ms)).await;
                respond(bodies::slept(ms))
            }
            Err(answer) => respond(answer),
        }
    }

    pub fn serve(address: SocketAddr, workers: usize) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()?;
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind(address).await?;
            eprintln!("listening on {address}");
            let app = Router::new()
                .route("/json", get(json))
                .route("/cpu", get(cpu))
                .route("/io", get(io));
            axum::serve(listener, app).await
        })
    }
}

mod actix_server {
    //! actix-web's own server with one worker per server core.

    use std::net::SocketAddr;

    use actix_web::http::StatusCode;
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};

    use crate::bodies::{self, Answer};

    fn respond((status, body): Answer) -> HttpResponse {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status)
            .content_type("application/json")
            .body(body)
    }

    async fn json() -> HttpResponse {
        respond(bodies::json())
    }

    async fn cpu(request: HttpRequest) -> HttpResponse {
        respond(bodies::cpu(request.query_string()))
    }

    async fn io(request: HttpRequest) -> HttpResponse {
        match bodies::io_millis(request.query_string()) {
            Ok(ms) => {
                actix_web::rt::time::sleep(crate::io_sleep(ms)).await;
                respond(bodies::slept(ms))
            }
            Err(answer) => respond(answer),
        }
    }

    pub fn serve(address: SocketAddr, workers: usize) -> std::io::Result<()> {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(|| {
                App::new()
                    .route("/json", web::get().to(json))
                    .route("/cpu", web::get().to(cpu))
                    .route("/io", web::get().to(io))
            })
            .workers(workers)
            .disable_signals()
            .bind(address)?;
            eprintln!("listening on {address}");
            server.run().await
        })
    }
}
