//! CSV (RFC 4180): one row per entry, timed or not, with the run's environment on every row,
//! so that rows from many files can be concatenated and still be told apart.

use super::{Export, interpreter, ratio_to_rust};
use crate::results::{Index, ResultsFile};

pub struct Csv;

const COLUMNS: &[&str] = &[
    "name",
    "workload",
    "category",
    "variant",
    "workers",
    "n",
    "interpreter",
    "status",
    "median_ns",
    "ci_low_ns",
    "ci_high_ns",
    "ratio_to_rust",
    "mode",
    "generated_at",
    "cpu",
    "cores",
    "os",
    "rustc",
    "python",
];

impl Export for Csv {
    fn id(&self) -> &'static str {
        "csv"
    }

    fn describe(&self) -> &'static str {
        "CSV, one row per result with the environment's columns"
    }

    fn render(&self, file: &ResultsFile) -> String {
        let rust = Index::new(&file.results);
        let env = &file.environment;
        let number = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
        let mut out = row(COLUMNS.iter().map(|c| c.to_string()));
        for r in file.every_result() {
            let t = r.timing();
            out.push_str(&row([
                r.name(),
                r.workload.clone(),
                r.category.id().to_string(),
                r.variant.id().to_string(),
                r.workers.map_or(String::new(), |w| w.to_string()),
                r.n.to_string(),
                interpreter(file, r),
                r.status.id().to_string(),
                number(t.map(|t| t.median)),
                number(t.map(|t| t.low)),
                number(t.map(|t| t.high)),
                number(ratio_to_rust(&rust, r)),
                r.mode.unwrap_or(file.mode).to_string(),
                file.generated_at.clone(),
                env.cpu.clone(),
                env.cores.to_string(),
                env.os.clone(),
                env.rustc.clone(),
                format!("{} {}", env.python.implementation, env.python.version),
            ]));
        }
        out
    }
}

/// One CSV line: a field with a comma, a quote or a line break is quoted, its quotes doubled.
fn row(fields: impl IntoIterator<Item = String>) -> String {
    let quoted: Vec<String> = fields
        .into_iter()
        .map(|f| match f.contains([',', '"', '\n', '\r']) {
            true => format!("\"{}\"", f.replace('"', "\"\"")),
            false => f,
        })
        .collect();
    format!("{}\r\n", quoted.join(","))
}

#[cfg(test)]
mod tests {
    use super::row;

    #[test]
    fn fields_are_quoted_only_where_needed() {
        assert_eq!(
            row(["a".into(), "b,c".into(), "say \"hi\"".into()]),
            "a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
        );
    }
}
