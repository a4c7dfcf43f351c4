//! Reads Criterion's estimates back from `target/criterion`: the medians and confidence
//! intervals that go into the results file. These files are Criterion's private details
//! (pinned at 0.8), so they are read defensively and every gap is a readable error.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::schema::Timing;
use crate::error::{Error, Result};

/// The file Criterion writes for `group/function/value` under `criterion_dir`.
pub fn estimates_path(criterion_dir: &Path, group: &str, function: &str, value: &str) -> PathBuf {
    criterion_dir
        .join(group)
        .join(function)
        .join(value)
        .join("new")
        .join("estimates.json")
}

/// The file of Criterion's raw samples for `group/function/value` under `criterion_dir`.
pub fn samples_path(criterion_dir: &Path, group: &str, function: &str, value: &str) -> PathBuf {
    estimates_path(criterion_dir, group, function, value).with_file_name("sample.json")
}

/// The time per iteration of every sample in a `sample.json`, in ns (each sample's time over
/// its iterations, as Criterion computes its estimates from).
pub fn read_samples(path: &Path) -> Result<Vec<f64>> {
    let bad = |reason: &str| Error::Results {
        path: path.to_path_buf(),
        reason: format!("{reason} (Criterion's samples file; was Criterion upgraded?)"),
    };
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let value: Value = serde_json::from_str(&text).map_err(|_| bad("not valid JSON"))?;
    let numbers = |key: &str| -> Result<Vec<f64>> {
        value
            .get(key)
            .and_then(Value::as_array)
            .ok_or_else(|| bad(&format!("no {key}")))?
            .iter()
            .map(|v| {
                v.as_f64()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad("a sample is not a number"))
            })
            .collect()
    };
    let (iters, times) = (numbers("iters")?, numbers("times")?);
    if iters.len() != times.len() || iters.iter().any(|i| *i <= 0.0) {
        return Err(bad("iters and times do not pair up"));
    }
    Ok(times.iter().zip(&iters).map(|(t, i)| t / i).collect())
}

/// The median per iteration and its confidence interval, in ns.
pub fn read_median(path: &Path) -> Result<Timing> {
    let bad = |reason: &str| Error::Results {
        path: path.to_path_buf(),
        reason: format!("{reason} (Criterion's estimates file; was Criterion upgraded?)"),
    };
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let value: Value = serde_json::from_str(&text).map_err(|_| bad("not valid JSON"))?;
    let median = value
        .get("median")
        .ok_or_else(|| bad("no median estimate"))?;
    let number = |v: Option<&Value>| v.and_then(Value::as_f64).filter(|x| x.is_finite());
    let ci = median.get("confidence_interval");
    Ok(Timing {
        median: number(median.get("point_estimate"))
            .ok_or_else(|| bad("no median point estimate"))?,
        low: number(ci.and_then(|c| c.get("lower_bound"))).ok_or_else(|| bad("no lower bound"))?,
        high: number(ci.and_then(|c| c.get("upper_bound"))).ok_or_else(|| bad("no upper bound"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_median_and_interval_and_rejects_gaps() {
        let dir = tempfile::tempdir().unwrap();
        let path = estimates_path(dir.path(), "nbody", "rust", "1000");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            r#"{"mean":{},"median":{"point_estimate":12.5,"standard_error":0.1,
               "confidence_interval":{"confidence_level":0.95,"lower_bound":12.0,"upper_bound":13.0}}}"#,
        )
        .unwrap();
        let t = read_median(&path).unwrap();
        assert_eq!((t.median, t.low, t.high), (12.5, 12.0, 13.0));
        let samples = samples_path(dir.path(), "nbody", "rust", "1000");
        std::fs::write(
            &samples,
            r#"{"sampling_mode":"Flat","iters":[2.0,4.0],"times":[10.0,30.0]}"#,
        )
        .unwrap();
        assert_eq!(read_samples(&samples).unwrap(), [5.0, 7.5]);
        std::fs::write(&samples, r#"{"iters":[1.0],"times":[]}"#).unwrap();
        assert!(read_samples(&samples).is_err());
        std::fs::write(&path, r#"{"mean":{}}"#).unwrap();
        assert!(
            read_median(&path)
                .unwrap_err()
                .to_string()
                .contains("no median")
        );
    }
}
