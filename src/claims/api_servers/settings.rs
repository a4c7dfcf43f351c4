//! What a user may set for the pass `api-servers`, from the environment: the p99 objective
//! of each endpoint and the server the fleet is counted in ([`ServerSizing`]). A bad value
//! is an error that names the variable and what it must be.

use std::collections::BTreeMap;

use super::frameworks::ENDPOINTS;
use crate::error::{Error, Result};
use crate::results::ServerSizing;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
