//! Bencher Metric Format: `{"<name>": {"latency": {"value", "lower_value", "upper_value"}}}`
//! in ns, one benchmark per timed entry, for `bencher run --adapter json`.

use serde_json::{Map, Value, json};

use super::Export;
use crate::results::ResultsFile;

pub struct Bmf;

impl Export for Bmf {
    fn id(&self) -> &'static str {
        "bmf"
    }

    fn describe(&self) -> &'static str {
        "Bencher Metric Format (JSON), for Bencher"
    }

    fn render(&self, file: &ResultsFile) -> String {
        let mut benchmarks = Map::new();
        for r in file.every_result() {
            let Some(t) = r.timing() else { continue };
            benchmarks.insert(
                r.name(),
                json!({ "latency": {
                    "value": t.median, "lower_value": t.low, "upper_value": t.high,
                } }),
            );
        }
        let mut text = serde_json::to_string_pretty(&Value::Object(benchmarks))
            .expect("a JSON value always serialises");
        text.push('\n');
        text
    }
}
