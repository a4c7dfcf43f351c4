//! A table that prints two ways from one set of cells: as aligned plain text for a terminal
//! and as a GitHub table for Markdown (a report, a job summary), every cell escaped. The
//! commands that print tables (`compare`, `merge`) build them once and pick the form.

use std::fmt::Write;

use super::escape::text;

/// Rows of plain-text cells under a header; numeric columns are right-aligned.
#[derive(Debug, Clone, Default)]
pub struct Table {
    header: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these columns; a column whose name starts with `>` is right-aligned (the
    /// `>` is not printed).
    pub fn new(columns: &[&str]) -> Self {
        Table {
            header: columns
                .iter()
                .map(|c| c.trim_start_matches('>').to_string())
                .collect(),
            right: columns.iter().map(|c| c.starts_with('>')).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are empty and extra cells are dropped.
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Aligned columns separated by two spaces, with a rule under the header.
    pub fn to_text(&self) -> String {
        let width = |i: usize| {
            self.rows
                .iter()
                .map(|r| r[i].chars().count())
                .chain([self.header[i].chars().count()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..self.header.len()).map(width).collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(&self.right)
                .map(|((c, w), right)| match right {
                    true => format!("{c:>w$}"),
                    false => format!("{c:<w$}"),
                })
                .collect();
            padded.join("  ").trim_end().to_string()
        };
        let mut out = String::new();
        let _ = writeln!(out, "{}", line(&self.header));
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        let _ = writeln!(out, "{}", rule.join("  "));
        for row in &self.rows {
            let _ = writeln!(out, "{}", line(row));
        }
        out
    }

    /// A GitHub table, every cell escaped as Markdown text.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let cells = |cells: &[String]| {
            let escaped: Vec<String> = cells.iter().map(|c| text(c).to_string()).collect();
            format!("| {} |", escaped.join(" | "))
        };
        let _ = writeln!(out, "{}", cells(&self.header));
        let rule: Vec<&str> = self
            .right
            .iter()
            .map(|r| if *r { "---:" } else { "---" })
            .collect();
        let _ = writeln!(out, "|{}|", rule.join("|"));
        for row in &self.rows {
            let _ = writeln!(out, "{}", cells(row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_aligned_text_and_escaped_markdown() {
        let mut t = Table::new(&["name", ">time"]);
        t.row(vec!["nbody".into(), "1 ms".into()]);
        t.row(vec!["a|b".into(), "12 ms".into()]);
        assert_eq!(
            t.to_text(),
            "name    time\n-----  -----\nnbody   1 ms\na|b    12 ms\n"
        );
        assert_eq!(
            t.to_markdown(),
            "| name | time |\n|---|---:|\n| nbody | 1 ms |\n| a\\|b | 12 ms |\n"
        );
    }
}
