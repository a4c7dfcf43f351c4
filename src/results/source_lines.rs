//! Lines of code per workload, the proxy behind claim `dev-speed`: non-blank, non-comment
//! lines of the Rust implementation (without its tests and the `impl Workload` glue that
//! only the harness needs) and of the Python module (without docstrings and the
//! `__main__` block).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::workload::Workload;

/// The line counts of one workload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLines {
    pub rust: usize,
    pub python: usize,
}

/// Counts the lines of every workload whose sources are readable from this checkout.
pub fn count(workloads: &[&dyn Workload]) -> BTreeMap<String, SourceLines> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python_dir = crate::py::python_dir().join(crate::py::PACKAGE);
    workloads
        .iter()
        .filter_map(|w| {
            let rust =
                std::fs::read_to_string(root.join(format!("src/workload/{}.rs", w.name()))).ok()?;
            let python =
                std::fs::read_to_string(python_dir.join(format!("{}.py", w.name()))).ok()?;
            Some((
                w.name().to_string(),
                SourceLines {
                    rust: rust_lines(&rust),
                    python: python_lines(&python),
                },
            ))
        })
        .collect()
}

/// Non-blank, non-comment lines before `#[cfg(test)]`, outside `impl Workload for` blocks.
pub fn rust_lines(source: &str) -> usize {
    let mut count = 0;
    let mut glue_depth: Option<i32> = None;
    for line in source.lines().map(str::trim) {
        if line.starts_with("#[cfg(test)]") {
            break;
        }
        if let Some(depth) = glue_depth.as_mut() {
            *depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if *depth <= 0 {
                glue_depth = None;
            }
            continue;
        }
        if line.starts_with("impl Workload for") {
            let depth = line.matches('{').count() as i32 - line.matches('}').count() as i32;
            glue_depth = (depth > 0).then_some(depth);
            continue;
        }
        if !line.is_empty() && !line.starts_with("//") {
            count += 1;
        }
    }
    count
}

/// Non-blank, non-comment lines outside docstrings, before `if __name__ == "__main__":`.
pub fn python_lines(source: &str) -> usize {
    let mut count = 0;
    let mut in_docstring = false;
    for line in source.lines().map(str::trim) {
        if in_docstring {
            in_docstring = !line.contains("\"\"\"");
            continue;
        }
        if line.starts_with("if __name__") {
            break;
        }
        if let Some(rest) = line.strip_prefix("\"\"\"") {
            in_docstring = !rest.contains("\"\"\"");
            continue;
        }
        if !line.is_empty() && !line.starts_with('#') {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_counts_code_only() {
        let source = "//! doc\nuse x;\n\nimpl Workload for W {\n    fn a() {\n    }\n}\n/// f\nfn f() {\n    1 // c\n}\n#[cfg(test)]\nmod tests {}\n";
        assert_eq!(rust_lines(source), 4);
    }

    #[test]
    fn python_counts_code_only() {
        let source = "\"\"\"Module.\n\nMore.\n\"\"\"\n\nimport x\n\n\ndef f(n):\n    \"\"\"One line.\"\"\"\n    # comment\n    return n\n\n\nif __name__ == \"__main__\":\n    print(f(1))\n";
        assert_eq!(python_lines(source), 3);
    }
}
