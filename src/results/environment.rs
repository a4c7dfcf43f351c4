//! The environment every figure carries: CPU, cores, OS, toolchain, build profile, the
//! runtime Python, and the PyO3 and Criterion versions (rule 6 of DESIGN.md), with the
//! machine in detail ([`super::machine`]).

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

use super::schema::Environment;
use crate::error::Result;
use crate::py;

/// Describes this machine, this build and the embedded interpreter.
pub fn collect() -> Result<Environment> {
    Ok(Environment {
        cpu: cpu_model(),
        cores: crate::workload::available_cores(),
        os: os_description(),
        rustc: env!("PYRUST_RUSTC_VERSION").to_string(),
        profile: build_profile(),
        python: py::interpreter_info()?,
        pyo3: env!("PYRUST_PYO3_VERSION").to_string(),
        criterion: env!("PYRUST_CRITERION_VERSION").to_string(),
        c_compiler: format!("{} -O2", env!("PYRUST_C_COMPILER")),
        call_overhead_ns: None,
        suite_seconds: None,
        machine: Some(super::machine::collect()),
        calibration: None,
    })
}

/// The profile the harness (and so every Rust variant) was compiled with.
pub fn build_profile() -> serde_json::Value {
    let rustflags = env!("PYRUST_RUSTFLAGS");
    json!({
        "name": env!("PYRUST_PROFILE"),
        "opt_level": env!("PYRUST_OPT_LEVEL"),
        "debug": env!("PYRUST_DEBUG"),
        "target": env!("PYRUST_TARGET"),
        "rustflags": rustflags,
        "target_cpu_native": rustflags.contains("target-cpu=native"),
        "debug_assertions": cfg!(debug_assertions),
    })
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string())
}

fn os_description() -> String {
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_string())
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| format!(", kernel {}", k.trim()))
        .unwrap_or_default();
    format!(
        "{} ({}{kernel})",
        pretty.unwrap_or_else(|| std::env::consts::OS.to_string()),
        std::env::consts::ARCH
    )
}

/// Now, as an RFC 3339 UTC timestamp.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Formats seconds since the Unix epoch as `YYYY-MM-DDThh:mm:ssZ`.
fn rfc3339(secs: u64) -> String {
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil-from-days (Howard Hinnant's algorithm), for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
    }
}
