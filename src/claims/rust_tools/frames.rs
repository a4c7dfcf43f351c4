//! Whether two engines returned the same query result. Each query process writes its frame
//! as JSON (`{"columns": [...], "rows": [[...], ...]}`); two frames are equal when their
//! columns match and, with the rows sorted, every cell does: text and integers exactly,
//! floats at a relative tolerance of 1e-9 (Polars and pandas sum in different orders).

use std::cmp::Ordering;

use serde::Deserialize;
use serde_json::Value;

/// The relative tolerance of float cells, as for the workloads' outputs.
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// A query's result.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Frame {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Frame {
    /// Parses a frame a query process wrote.
    pub fn parse(text: &str) -> Result<Frame, String> {
        serde_json::from_str(text).map_err(|e| format!("not a frame: {e}"))
    }
}

/// `None` when `a` and `b` are equal (see the module documentation), else the first
/// difference in words.
pub fn difference(a: &Frame, b: &Frame) -> Option<String> {
    if a.columns != b.columns {
        return Some(format!("columns {:?} against {:?}", a.columns, b.columns));
    }
    if a.rows.len() != b.rows.len() {
        return Some(format!("{} rows against {}", a.rows.len(), b.rows.len()));
    }
    let (a_rows, b_rows) = (sorted(&a.rows), sorted(&b.rows));
    for (ra, rb) in a_rows.iter().zip(&b_rows) {
        if ra.len() != rb.len() {
            return Some(format!("a row of {} cells against {}", ra.len(), rb.len()));
        }
        for ((column, x), y) in a.columns.iter().zip(ra.iter()).zip(rb.iter()) {
            if !cells_equal(x, y) {
                return Some(format!(
                    "{column}: {x} against {y} (rows {ra:?} and {rb:?})"
                ));
            }
        }
    }
    None
}

fn cells_equal(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            match (a.as_f64(), b.as_f64()) {
                (Some(a), Some(b)) => {
                    a == b || (a - b).abs() <= RELATIVE_TOLERANCE * a.abs().max(b.abs())
                }
                _ => false,
            }
        }
        _ => x == y,
    }
}

/// The rows in a canonical order: by their exact cells first (text, integers), then by the
/// floats, so that float noise cannot reorder rows that exact cells tell apart.
fn sorted(rows: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| {
        let exact = |r: &Vec<Value>| -> Vec<String> {
            r.iter()
                .filter(|v| !v.as_number().is_some_and(|n| n.is_f64()))
                .map(|v| v.to_string())
                .collect()
        };
        let floats = |r: &Vec<Value>| -> Vec<f64> {
            r.iter()
                .filter_map(|v| v.as_number().filter(|n| n.is_f64())?.as_f64())
                .collect()
        };
        exact(a)
            .cmp(&exact(b))
            .then_with(|| floats(a).partial_cmp(&floats(b)).unwrap_or(Ordering::Equal))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(text: &str) -> Frame {
        Frame::parse(text).unwrap()
    }

    const Q1: &str = r#"{"columns": ["flag", "sum", "count"],
        "rows": [["A", 27356549949.99, 739276], ["N", 723782156.17, 19544]]}"#;

    #[test]
    fn equal_frames_and_reordered_rows_are_equal() {
        assert_eq!(difference(&frame(Q1), &frame(Q1)), None);
        let reordered = r#"{"columns": ["flag", "sum", "count"],
            "rows": [["N", 723782156.17, 19544], ["A", 27356549949.99, 739276]]}"#;
        assert_eq!(difference(&frame(Q1), &frame(reordered)), None);
    }

    #[test]
    fn floats_agree_within_the_tolerance_and_not_beyond() {
        // Summed in another order: 27356549949.990032 is 1.2e-15 away, relatively.
        let close = r#"{"columns": ["flag", "sum", "count"],
            "rows": [["A", 27356549949.990032, 739276], ["N", 723782156.1700001, 19544]]}"#;
        assert_eq!(difference(&frame(Q1), &frame(close)), None);
        // 1e-8 relatively: a different answer.
        let off = r#"{"columns": ["flag", "sum", "count"],
            "rows": [["A", 27356550223.55, 739276], ["N", 723782156.17, 19544]]}"#;
        let d = difference(&frame(Q1), &frame(off)).expect("a difference");
        assert!(d.starts_with("sum: "), "{d}");
    }

    #[test]
    fn integers_text_columns_and_row_counts_must_match_exactly() {
        let count = r#"{"columns": ["flag", "sum", "count"],
            "rows": [["A", 27356549949.99, 739277], ["N", 723782156.17, 19544]]}"#;
        assert!(difference(&frame(Q1), &frame(count)).is_some());
        let columns = r#"{"columns": ["flag", "total", "count"],
            "rows": [["A", 27356549949.99, 739276], ["N", 723782156.17, 19544]]}"#;
        assert!(
            difference(&frame(Q1), &frame(columns))
                .unwrap()
                .starts_with("columns")
        );
        let fewer =
            r#"{"columns": ["flag", "sum", "count"], "rows": [["A", 27356549949.99, 739276]]}"#;
        assert_eq!(
            difference(&frame(Q1), &frame(fewer)).unwrap(),
            "2 rows against 1"
        );
        assert!(Frame::parse("[1, 2]").is_err());
    }
}
