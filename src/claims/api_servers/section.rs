//! The report section of `api-servers`: how the servers were run and loaded, one table per
//! endpoint (throughput per core within the objective, CPU per request, p99 and servers
//! needed at each rate), the formula and what it assumes, and the stacks that failed.

use std::fmt::Write;

use super::frameworks::{self, ENDPOINTS};
use super::{formula, pass, rate_label, servers_needed};
use crate::render::View;
use crate::render::escape::text;
use crate::render::table::Table;
use crate::results::Status;

pub fn write(w: &mut String, view: &View) {
    let _ = writeln!(w, "\n## `api-servers`: the web frameworks under load\n");
    let _ = writeln!(
        w,
        "The article: \"If your API handles 1000 requests per second and Python can do it with two servers, the cost of those servers is less than the cost of writing and maintaining Rust code\", and its table's row \"Web Frameworks: Django, FastAPI, Flask / Actix, Axum\". Each framework serves the same three endpoints with the same bodies, checked before any load; the server runs on one core and the load generator (open loop, tokio and hyper, latency counted from when each request was due, as wrk2 does) on the other. Rule: FastAPI (uvicorn) must carry 1,000 requests/s on two servers, one of them a spare: `holds` on every endpoint, `partly` on `/json` and `/io` but not `/cpu`, `fails` otherwise. The cost of writing and maintaining code is not measured.\n"
    );
    let Some(api) = &view.file.api_servers else {
        let _ = writeln!(
            w,
            "Not measured: the pass `{0}` has not run into this results file (`cargo bench -- {0}`).",
            pass::NAME
        );
        return;
    };
    if let Some(why) = &api.unavailable {
        let _ = writeln!(w, "Not measured: {}", text(why));
        return;
    }
    let versions: Vec<String> = api
        .versions
        .iter()
        .map(|(k, v)| format!("{} {}", text(k), text(v)))
        .collect();
    let objectives: Vec<String> = api
        .objectives_ms
        .iter()
        .map(|(k, v)| format!("`/{k}` {v} ms"))
        .collect();
    let _ = writeln!(
        w,
        "**How.** Server on core {:?}, generator on core {:?}. Per endpoint: a closed-loop warm-up, a closed loop for the maximum and the server's CPU per request (every process of the server, from `/proc/<pid>/stat`), then open-loop steps of {:.1} s (each after a warm-up at its rate) upward until one misses the p99 objective ({}), has an error, or answers under 99% of what was offered. One worker per server core; Flask and Django on gunicorn's gthread worker with {} threads. **Versions:** {}.\n",
        api.server_cores,
        api.generator_cores,
        api.step_s,
        objectives.join(", "),
        frameworks::GUNICORN_THREADS,
        versions.join(", ")
    );
    let sizing = &api.sizing;
    for endpoint in ENDPOINTS {
        let mut columns = vec![
            "framework".to_string(),
            "requests/s per core".to_string(),
            "CPU per request".to_string(),
            "p99 there".to_string(),
            "closed-loop max".to_string(),
        ];
        columns.extend(
            sizing
                .rates
                .iter()
                .map(|r| format!("servers at {}", rate_label(*r))),
        );
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = Table::new(&columns);
        for run in api.frameworks.iter().filter(|f| f.status == Status::Ok) {
            let Some(e) = run.endpoints.iter().find(|e| e.endpoint == endpoint.id) else {
                continue;
            };
            let label =
                frameworks::framework(&run.framework).map_or(run.framework.as_str(), |f| f.label);
            let at_least = if e.generator_limited { "≥ " } else { "" };
            let mut cells = vec![
                label.to_string(),
                format!("{at_least}{:.0}", e.rps_per_core),
                format!("{:.1} µs", e.cpu_us_per_request),
                e.p99_ms.map_or("–".into(), |p| format!("{p:.2} ms")),
                format!("{at_least}{:.0}/s", e.closed.achieved_rps),
            ];
            cells.extend(sizing.rates.iter().map(|&rate| {
                servers_needed(rate, e.rps_per_core, sizing).map_or("–".into(), |n| match sizing
                    .core_month_price
                {
                    Some(price) => format!(
                        "{n} ({:.0}/month)",
                        price * (n * u64::from(sizing.cores)) as f64
                    ),
                    None => n.to_string(),
                })
            }));
            table.row(cells);
        }
        let _ = writeln!(w, "**`{}`**: {}.\n", endpoint.path, endpoint.stands_for);
        if table.is_empty() {
            let _ = writeln!(w, "No framework finished this endpoint.\n");
        } else {
            let _ = writeln!(w, "{}", table.to_markdown());
        }
    }
    let _ = writeln!(
        w,
        "**Servers needed.** {}. \"≥\" marks a server that kept up with the generator: the generator's core ran out first, so its throughput is a lower bound and its capacity comes from its CPU per request instead. One 2-core machine cannot measure scaling across cores, so the efficiency is assumed (`PYRUST_API_SCALING`); the server size is `PYRUST_API_SERVER_CORES`, the objectives `PYRUST_API_P99_MS` and `PYRUST_API_IO_P99_MS`, a price per core-month `PYRUST_API_CORE_MONTH_PRICE`. The cost of writing and maintaining the code is not measured here.\n",
        formula(sizing)
    );
    for run in api.frameworks.iter().filter(|f| f.status != Status::Ok) {
        let _ = writeln!(
            w,
            "- **{}** ({}): {}",
            text(&run.framework),
            format!("{:?}", run.status).to_lowercase(),
            text(run.message.as_deref().unwrap_or("no message"))
        );
    }
}
