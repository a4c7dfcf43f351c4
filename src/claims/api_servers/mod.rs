//! Claim `api-servers`: "If your API handles 1000 requests per second and Python can do it
//! with two servers, the cost of those servers is less than the cost of writing and
//! maintaining Rust code", and the table's row "Web Frameworks: Django, FastAPI, Flask /
//! Actix, Axum". The pass ([`pass`]) serves the same endpoints from each framework under an
//! open-loop load; this module turns the measured throughput per core into servers needed
//! ([`servers_needed`]) and judges the article's sentence ([`verdict`]): can FastAPI serve
//! 1,000 requests/s on two servers, one of them a spare?

pub mod chart;
pub mod fleet_chart;
pub mod frameworks;
pub mod load;
pub mod panels;
pub mod pass;
pub mod section;
pub mod server;
pub mod settings;
pub mod steps;

use std::path::Path;

use serde_json::json;

use super::{Pass, Spec, not_measured};
use crate::error::Result;
use crate::render::View;
use crate::render::chart::{ChartFiles, render};
use crate::results::{ApiServers, Claim, EndpointRun, ResultsFile, ServerSizing, Status, Verdict};

pub const SPEC: Spec = Spec {
    id: "api-servers",
    article_says: "\"If your API handles 1000 requests per second and Python can do it with two servers, the cost of those servers is less than the cost of writing and maintaining Rust code\"; \"Web Frameworks: Django, FastAPI, Flask / Actix, Axum\"",
    measured_by: "FastAPI (uvicorn, granian), Flask and Django (gunicorn), axum and actix-web serve the same /json, /cpu and /io on one core, loaded from the other by an open-loop generator corrected for coordinated omission; the highest rate within the p99 objective, and the CPU per request, give the servers needed at 1k, 10k and 100k requests/s",
};

/// The framework the article's sentence is about, as it is usually served.
pub const ARTICLE_FRAMEWORK: &str = "fastapi-uvicorn";

/// The rate and fleet of the article's sentence.
pub const ARTICLE_RATE: f64 = 1_000.0;
pub const ARTICLE_SERVERS: u64 = 2;

/// Requests per second one server of `sizing` serves: one core's rate, plus each further
/// core's at the assumed scaling efficiency.
pub fn server_capacity(rps_per_core: f64, sizing: &ServerSizing) -> f64 {
    let further = f64::from(sizing.cores.saturating_sub(1));
    rps_per_core * (1.0 + further * sizing.scaling_efficiency)
}

/// Servers of `sizing` needed for `rate` requests/s: enough to carry it, plus the spares
/// (N+1), and never fewer than the minimum. `None` when nothing was sustained.
pub fn servers_needed(rate: f64, rps_per_core: f64, sizing: &ServerSizing) -> Option<u64> {
    let capacity = server_capacity(rps_per_core, sizing);
    if !(capacity > 0.0 && capacity.is_finite()) {
        return None;
    }
    let carrying = (rate / capacity).ceil() as u64;
    Some((carrying + u64::from(sizing.spares)).max(u64::from(sizing.minimum)))
}

/// The formula, in words, for the report.
pub fn formula(sizing: &ServerSizing) -> String {
    format!(
        "servers = max({min}, ⌈rate ÷ capacity⌉ + {spares}), capacity = rps per core × (1 + ({cores} − 1) × {eff}) for a {cores}-core server, assuming each core past the first adds {pct:.0}% of one core's throughput",
        min = sizing.minimum,
        spares = sizing.spares,
        cores = sizing.cores,
        eff = sizing.scaling_efficiency,
        pct = sizing.scaling_efficiency * 100.0,
    )
}

/// One framework's measured endpoint, if it ran.
pub fn endpoint<'a>(
    api: &'a ApiServers,
    framework: &str,
    endpoint: &str,
) -> Option<&'a EndpointRun> {
    api.frameworks
        .iter()
        .filter(|f| f.framework == framework && f.status == Status::Ok)
        .flat_map(|f| &f.endpoints)
        .find(|e| e.endpoint == endpoint)
}

/// The verdict on the article's sentence, from FastAPI's servers needed at 1,000 requests/s:
/// `holds` if two servers (one a spare) carry every endpoint, `partly` if they carry `/json`
/// and `/io` (what most APIs do) but not `/cpu`, `fails` if they do not carry `/json` or
/// `/io`. `None` when FastAPI was not measured on both.
pub fn verdict(api: &ApiServers) -> Option<Verdict> {
    let needed = |id: &str| {
        endpoint(api, ARTICLE_FRAMEWORK, id)
            .map(|e| servers_needed(ARTICLE_RATE, e.rps_per_core, &api.sizing).unwrap_or(u64::MAX))
    };
    let fits = |n: u64| n <= ARTICLE_SERVERS;
    let (json, io) = (needed("json")?, needed("io")?);
    if !fits(json) || !fits(io) {
        return Some(Verdict::Fails);
    }
    match needed("cpu") {
        Some(cpu) if fits(cpu) => Some(Verdict::Holds),
        Some(_) => Some(Verdict::Partly),
        None => Some(Verdict::Holds),
    }
}

fn count(n: Option<u64>) -> String {
    n.map_or("–".to_string(), |n| n.to_string())
}

/// The claim, from what the pass measured.
pub fn claim(api: Option<&ApiServers>) -> Claim {
    let Some(api) = api else {
        return not_measured(
            &SPEC,
            &format!(
                "the pass {} did not run; `cargo bench -- {}` runs it",
                pass::NAME,
                pass::NAME
            ),
        );
    };
    if let Some(why) = &api.unavailable {
        return not_measured(&SPEC, why.trim_end_matches('.'));
    }
    let Some(verdict) = verdict(api) else {
        let why = api
            .frameworks
            .iter()
            .find(|f| f.framework == ARTICLE_FRAMEWORK)
            .and_then(|f| f.message.clone())
            .unwrap_or_else(|| format!("{ARTICLE_FRAMEWORK} was not measured"));
        return not_measured(
            &SPEC,
            &format!("FastAPI gave no figures: {}", why.trim_end_matches('.')),
        );
    };
    let sizing = &api.sizing;
    let fleet = |framework: &str, id: &str| -> Vec<Option<u64>> {
        sizing
            .rates
            .iter()
            .map(|&rate| {
                endpoint(api, framework, id)
                    .and_then(|e| servers_needed(rate, e.rps_per_core, sizing))
            })
            .collect()
    };
    let picture = |id: &str| {
        let fast = fleet(ARTICLE_FRAMEWORK, id);
        let rust = fleet(best_rust(api, id).unwrap_or("axum"), id);
        let pairs: Vec<String> = sizing
            .rates
            .iter()
            .zip(fast.iter().zip(&rust))
            .map(|(rate, (p, r))| format!("{}/{} at {}", count(*p), count(*r), rate_label(*rate)))
            .collect();
        format!("/{id} {}", pairs.join(", "))
    };
    let rps = |id: &str| endpoint(api, ARTICLE_FRAMEWORK, id).map_or(0.0, |e| e.rps_per_core);
    let summary = format!(
        "FastAPI on uvicorn sustained {:.0} requests/s per core on /json, {:.0} on /io and {:.0} on /cpu within the p99 objective, so at 1,000 requests/s it needs {} {}-core servers on /json (N+1, at least 2: the article's two servers {}). Servers needed, FastAPI/best Rust: {}; {}; {}. The cost of writing and maintaining code is not measured.",
        rps("json"),
        rps("io"),
        rps("cpu"),
        count(
            endpoint(api, ARTICLE_FRAMEWORK, "json").and_then(|e| servers_needed(
                ARTICLE_RATE,
                e.rps_per_core,
                sizing
            ))
        ),
        sizing.cores,
        match verdict {
            Verdict::Fails => "are not enough",
            _ => "are enough",
        },
        picture("json"),
        picture("io"),
        picture("cpu"),
    );
    let frameworks: Vec<_> = api
        .frameworks
        .iter()
        .flat_map(|f| {
            f.endpoints.iter().map(move |e| {
                json!({
                    "framework": f.framework,
                    "endpoint": e.endpoint,
                    "rps_per_core": e.rps_per_core,
                    "cpu_us_per_request": e.cpu_us_per_request,
                    "p99_ms": e.p99_ms,
                    "generator_limited": e.generator_limited,
                })
            })
        })
        .collect();
    let servers: Vec<_> = api
        .frameworks
        .iter()
        .flat_map(|f| {
            f.endpoints.iter().map(move |e| {
                let at: serde_json::Map<String, serde_json::Value> = sizing
                    .rates
                    .iter()
                    .map(|&rate| {
                        (
                            format!("{rate:.0}"),
                            json!(servers_needed(rate, e.rps_per_core, sizing)),
                        )
                    })
                    .collect();
                json!({ "framework": f.framework, "endpoint": e.endpoint, "servers": at })
            })
        })
        .collect();
    Claim {
        id: SPEC.id.to_string(),
        verdict,
        summary,
        evidence: json!({
            "frameworks": frameworks,
            "servers_needed": servers,
            "formula": formula(sizing),
            "server_cores": sizing.cores,
            "scaling_efficiency": sizing.scaling_efficiency,
            "objectives_ms": api.objectives_ms,
            "not_measured": "the cost of writing and maintaining code",
            "quick_comparison": named_figures(api),
        }),
    }
}

/// The frameworks the article names, each at its best stack: requests/s per core on
/// `/json` and `/cpu`, for the Quick Comparison's "Web Frameworks" row.
pub fn named_figures(api: &ApiServers) -> String {
    let best = |named: &str, id: &str| {
        frameworks::FRAMEWORKS
            .iter()
            .filter(|f| f.framework == named)
            .filter_map(|f| endpoint(api, f.id, id))
            .max_by(|a, b| a.rps_per_core.total_cmp(&b.rps_per_core))
    };
    let figure = |e: Option<&EndpointRun>| match e {
        Some(e) if e.generator_limited => format!("≥ {:.0}", e.rps_per_core),
        Some(e) => format!("{:.0}", e.rps_per_core),
        None => "–".into(),
    };
    let named: Vec<String> = ["Django", "FastAPI", "Flask", "Actix", "Axum"]
        .iter()
        .map(|n| format!("{n} {}/{}", figure(best(n, "json")), figure(best(n, "cpu"))))
        .collect();
    format!(
        "requests/s per server core within the p99 objective, /json and /cpu: {}",
        named.join(", ")
    )
}

/// The Rust framework with the highest throughput per core on `endpoint`.
pub fn best_rust<'a>(api: &'a ApiServers, endpoint: &str) -> Option<&'a str> {
    api.frameworks
        .iter()
        .filter(|f| f.language == "rust" && f.status == Status::Ok)
        .filter_map(|f| {
            Some((
                f.framework.as_str(),
                self::endpoint(api, &f.framework, endpoint)?.rps_per_core,
            ))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name)
}

/// `1k`, `10k`, `100k`.
pub fn rate_label(rate: f64) -> String {
    if rate >= 1000.0 && (rate / 1000.0).fract() == 0.0 {
        format!("{:.0}k/s", rate / 1000.0)
    } else {
        format!("{rate:.0}/s")
    }
}

/// The claim in the registry.
pub struct ApiServersClaim;

impl super::Claim for ApiServersClaim {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn verdict(&self, file: &ResultsFile) -> Claim {
        claim(file.api_servers.as_ref())
    }

    fn pass(&self) -> Option<&'static dyn Pass> {
        Some(&pass::ApiServersPass)
    }

    fn section(&self, w: &mut String, view: &View) {
        section::write(w, view)
    }

    fn charts(&self, view: &View, dir: &Path) -> Result<Vec<ChartFiles>> {
        Ok(vec![
            render(&chart::LatencyLoadChart, view, dir)?,
            render(&fleet_chart::FleetChart, view, dir)?,
        ])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::results::{FrameworkRun, LoadStep};

    fn step() -> LoadStep {
        LoadStep {
            offered_rps: None,
            achieved_rps: 0.0,
            completed: 0,
            errors: 0,
            unsent: 0,
            p50_ms: 1.0,
            p99_ms: 2.0,
            p999_ms: 3.0,
            max_ms: 4.0,
            server_cpu: 1.0,
            generator_cpu: 0.3,
            met: true,
        }
    }

    /// A results entry with FastAPI's throughput per core on json, io and cpu.
    pub(crate) fn fixture(json: f64, io: f64, cpu: f64) -> ApiServers {
        let endpoint = |id: &str, rps: f64| EndpointRun {
            endpoint: id.into(),
            path: format!("/{id}"),
            connections: 8,
            closed: step(),
            cpu_us_per_request: 1e6 / rps.max(1.0),
            steps: vec![step()],
            sustained_rps: rps,
            p99_ms: Some(2.0),
            generator_limited: false,
            rps_per_core: rps,
        };
        let run = |framework: &str, language: &str, scale: f64| FrameworkRun {
            framework: framework.into(),
            language: language.into(),
            server: "test".into(),
            status: Status::Ok,
            message: None,
            startup_s: 1.0,
            endpoints: vec![
                endpoint("json", json * scale),
                endpoint("cpu", cpu * scale),
                endpoint("io", io * scale),
            ],
        };
        ApiServers {
            frameworks: vec![
                run(ARTICLE_FRAMEWORK, "python", 1.0),
                run("axum", "rust", 20.0),
            ],
            ..ApiServers::default()
        }
    }

    #[test]
    fn servers_needed_is_n_plus_one_and_at_least_two() {
        let sizing = ServerSizing::default();
        // 4 cores at 80%: 3.4 cores' worth.
        assert!((server_capacity(1000.0, &sizing) - 3400.0).abs() < 1e-9);
        assert_eq!(servers_needed(1_000.0, 1000.0, &sizing), Some(2));
        assert_eq!(servers_needed(10_000.0, 1000.0, &sizing), Some(4));
        assert_eq!(servers_needed(100_000.0, 1000.0, &sizing), Some(31));
        assert_eq!(servers_needed(100.0, 1e9, &sizing), Some(2));
        assert_eq!(servers_needed(1_000.0, 0.0, &sizing), None);
        let one_core = ServerSizing {
            cores: 1,
            ..ServerSizing::default()
        };
        assert_eq!(servers_needed(1_000.0, 400.0, &one_core), Some(4));
    }

    #[test]
    fn the_verdict_holds_is_partly_and_fails_as_the_figures_say() {
        assert_eq!(
            verdict(&fixture(5000.0, 3000.0, 1500.0)),
            Some(Verdict::Holds)
        );
        // /cpu at 200/s per core: 680 per server, so 1,000/s needs 2 + 1.
        assert_eq!(
            verdict(&fixture(5000.0, 3000.0, 200.0)),
            Some(Verdict::Partly)
        );
        assert_eq!(
            verdict(&fixture(100.0, 3000.0, 1500.0)),
            Some(Verdict::Fails)
        );
        assert_eq!(verdict(&fixture(5000.0, 0.0, 1500.0)), Some(Verdict::Fails));
        assert_eq!(verdict(&ApiServers::default()), None);
        assert_eq!(
            claim(Some(&fixture(5000.0, 3000.0, 200.0))).verdict,
            Verdict::Partly
        );
    }

    #[test]
    fn the_summary_gives_the_larger_rates_and_says_what_is_not_measured() {
        let c = claim(Some(&fixture(5000.0, 3000.0, 1500.0)));
        assert!(c.summary.contains("100k/s"), "{}", c.summary);
        assert!(c.summary.contains("/cpu"), "{}", c.summary);
        assert!(c.summary.contains("not measured"), "{}", c.summary);
        assert_eq!(c.evidence["servers_needed"].as_array().unwrap().len(), 6);
    }

    #[test]
    fn a_failed_install_or_a_missing_pass_is_not_measured() {
        assert_eq!(claim(None).verdict, Verdict::NotMeasured);
        let offline = ApiServers {
            unavailable: Some("pip could not reach the index".into()),
            ..ApiServers::default()
        };
        let c = claim(Some(&offline));
        assert_eq!(c.verdict, Verdict::NotMeasured);
        assert!(c.summary.contains("pip could not reach"), "{}", c.summary);
    }
}
