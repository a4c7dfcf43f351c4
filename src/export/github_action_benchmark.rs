//! github-action-benchmark's `customSmallerIsBetter` input: an array of `{name, unit, value,
//! range, extra}`, with the median in ns as `value`, the half-width of the 95% interval as
//! `range`, and in `extra` the interpreter, the ratio to rust and the run mode, which the
//! action's charts show beside each point.

use serde_json::{Value, json};

use super::{Export, interpreter, ratio_to_rust};
use crate::render::format_fixed;
use crate::results::{Index, ResultsFile};
use crate::workload::Variant;

pub struct GithubActionBenchmark;

impl Export for GithubActionBenchmark {
    fn id(&self) -> &'static str {
        "github-action-benchmark"
    }

    fn describe(&self) -> &'static str {
        "github-action-benchmark's customSmallerIsBetter (JSON)"
    }

    fn render(&self, file: &ResultsFile) -> String {
        let rust = Index::new(&file.results);
        let entries: Vec<Value> = file
            .every_result()
            .filter_map(|r| {
                let t = r.timing()?;
                let ratio = match (r.variant, ratio_to_rust(&rust, r)) {
                    (Variant::Rust, _) if r.interpreter.is_none() => "the rust reference".into(),
                    (_, Some(x)) => format!("{}× rust", format_fixed(x, 2)),
                    (_, None) => "no rust timing at this n".into(),
                };
                Some(json!({
                    "name": r.name(),
                    "unit": "ns",
                    "value": t.median,
                    "range": format!("± {}", format_fixed((t.high - t.low) / 2.0, 1)),
                    "extra": format!(
                        "{}; {ratio}; {} mode",
                        interpreter(file, r),
                        r.mode.unwrap_or(file.mode)
                    ),
                }))
            })
            .collect();
        let mut text =
            serde_json::to_string_pretty(&entries).expect("a JSON value always serialises");
        text.push('\n');
        text
    }
}
