//! JSON round trip: parse a JSON document into a generic value tree, then serialize that tree
//! back to text, as every web service does with its requests and responses. The input (built
//! untimed by [`document`], byte for byte the text that the Python module builds) is a
//! compact JSON array of `n` records drawn with the shared generator: objects whose keys come
//! from a fixed, sorted vocabulary, arrays, strings (lowercase words with some escapes and
//! non-ASCII letters), integers, floats with up to 3 decimals, booleans and null, nested up to
//! 4 levels; about 1 MB in full mode. Keys are written in sorted order because
//! `serde_json::Map` (without the `preserve_order` feature, which this crate does not enable)
//! iterates its keys sorted, while Python's dict keeps document order: this way both orders
//! are the same. Floats are short decimals that `serde_json`'s default parser reads exactly
//! and that both serializers write back in the same shortest form, so serializing the parsed
//! document gives back the input text exactly, in every variant.
//!
//! Timed: `serde_json::from_str::<Value>`, then `serde_json::to_string` (compact, UTF-8; the
//! Python variants call `dumps` with the same format). The output is
//! `"<digest> <length of the serialized text in bytes>"`, where the digest is FNV-1a over
//! 64-bit words of a canonical traversal of the parsed structure (a tag per value, integers
//! and float bits, strings as length and UTF-8 bytes, arrays and objects as length and items,
//! object keys in order). Both sides compute it untimed: Python in `canonical`, Rust when the
//! kernel is asked to finish ([`RustKernel::staged`]).
//!
//! Python variants: `python_c` is the `json` module as everyone uses it, accelerated by its C
//! helper `_json`; `python` is the standard library's own pure-Python implementation of the
//! same module (`_json` blocked, as CPython's test suite loads it), which still leans on `re`
//! to scan strings, numbers and whitespace. The idiomatic Python spends its time in C, so the
//! workload is library-bound.

use std::fmt::Write;

use serde_json::Value;

use super::data::Lcg;
use super::{Category, Fnv1aWords, Output, RustKernel, Sizes, Variant, Workload};

/// The JSON round-trip workload: `n` is the number of records in the document.
pub struct JsonRoundtrip;

impl Workload for JsonRoundtrip {
    fn name(&self) -> &'static str {
        "json_roundtrip"
    }

    fn category(&self) -> Category {
        Category::LibraryBound
    }

    fn description(&self) -> &'static str {
        "json_roundtrip: parsing and serializing a 1 MB JSON document (allocation, strings)"
    }

    fn sizes(&self) -> Sizes {
        Sizes {
            verify: 40,
            quick: 250,
            full: 1_700,
        }
    }

    fn variants(&self) -> &'static [Variant] {
        &[
            Variant::Rust,
            Variant::Python,
            Variant::PythonC,
            Variant::Hybrid,
        ]
    }

    fn rust(&self, n: u64) -> RustKernel {
        let text = document(n);
        // The digest, like Python's `canonical`, is not part of the timed work.
        RustKernel::staged(move |finish| {
            let text = std::hint::black_box(text.as_str());
            let (parsed, serialized) = std::hint::black_box(round_trip(text));
            finish.then(|| Output::Text(format!("{:016x} {}", digest(&parsed), serialized.len())))
        })
    }
}

/// Parses `text` and serializes the parsed value back to compact text.
pub fn round_trip(text: &str) -> (Value, String) {
    try_round_trip(text).expect("the document is valid JSON")
}

/// [`round_trip`] of any text: an error if it is not valid JSON (or nests deeper than
/// `serde_json`'s limit of 128 levels).
pub fn try_round_trip(text: &str) -> Result<(Value, String), serde_json::Error> {
    let parsed: Value = serde_json::from_str(text)?;
    let serialized = serde_json::to_string(&parsed).expect("a Value always serializes");
    Ok((parsed, serialized))
}

/// Object keys: every object uses a subset of these, in this (sorted) order.
const KEYS: [&str; 30] = [
    "active", "address", "amount", "balance", "city", "code", "comment", "count", "created",
    "data", "email", "enabled", "id", "items", "label", "level", "name", "note", "owner", "price",
    "rating", "score", "status", "tags", "title", "type", "updated", "value", "version", "weight",
];
const LETTERS: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";
/// Characters other than letters, as they appear in the JSON text.
const SPECIALS: [&str; 8] = ["é", "ü", "ß", "€", "\\n", "\\\"", "\\\\", "\\t"];
const MAX_DEPTH: u32 = 4;

/// The JSON text of `n` records: a compact array of objects.
pub fn document(n: u64) -> String {
    let mut w = Writer {
        lcg: Lcg::default(),
        out: String::new(),
    };
    w.out.push('[');
    for i in 0..n {
        if i > 0 {
            w.out.push(',');
        }
        w.object(1, 3);
    }
    w.out.push(']');
    w.out
}

/// Appends JSON text drawn from the generator; the twin of `_Writer` in the Python module.
struct Writer {
    lcg: Lcg,
    out: String,
}

impl Writer {
    /// A value in `0..k` from the generator's next state (its high part).
    fn below(&mut self, k: u32) -> u32 {
        u32::try_from(self.lcg.below(u64::from(k))).expect("below k")
    }

    fn value(&mut self, depth: u32) {
        let kind = if depth < MAX_DEPTH { self.below(16) } else { 0 };
        match kind {
            0..12 => self.scalar(),
            12..14 => self.array(depth + 1),
            _ => self.object(depth + 1, 6),
        }
    }

    fn scalar(&mut self) {
        match self.below(10) {
            0 => self.out.push_str("null"),
            1 => self.out.push_str("true"),
            2 => self.out.push_str("false"),
            3..5 => {
                let int = if self.below(3) == 0 {
                    i64::from(self.below(2000)) - 1000
                } else {
                    let a = i64::from(self.lcg.next_raw());
                    let b = i64::from(self.lcg.next_raw());
                    a * b - 5_000_000_000
                };
                write!(self.out, "{int}").expect("writing to a String");
            }
            5..7 => {
                let sign = if self.below(4) == 0 { "-" } else { "" };
                let whole = if self.below(2) == 0 {
                    self.below(100_000)
                } else {
                    self.below(10)
                };
                let frac = format!("{:03}", 1 + self.below(999));
                let frac = frac.trim_end_matches('0');
                write!(self.out, "{sign}{whole}.{frac}").expect("writing to a String");
            }
            _ => self.string(),
        }
    }

    fn string(&mut self) {
        self.out.push('"');
        for w in 0..1 + self.below(4) {
            if w > 0 {
                self.out.push(' ');
            }
            for _ in 0..2 + self.below(9) {
                let c = self.below(128);
                if c < 120 {
                    self.out.push(char::from(LETTERS[(c % 26) as usize]));
                } else {
                    self.out.push_str(SPECIALS[(c - 120) as usize]);
                }
            }
        }
        self.out.push('"');
    }

    fn array(&mut self, depth: u32) {
        self.out.push('[');
        for i in 0..self.below(6) {
            if i > 0 {
                self.out.push(',');
            }
            self.value(depth);
        }
        self.out.push(']');
    }

    fn object(&mut self, depth: u32, one_in: u32) {
        self.out.push('{');
        let mut first = true;
        for key in KEYS {
            if self.below(one_in) == 0 {
                if !first {
                    self.out.push(',');
                }
                first = false;
                write!(self.out, "\"{key}\":").expect("writing to a String");
                self.value(depth);
            }
        }
        self.out.push('}');
    }
}

// Tags of the canonical traversal, one 64-bit word each (as in the Python module).
const NULL: u64 = 0;
const TRUE: u64 = 1;
const FALSE: u64 = 2;
const INT: u64 = 3;
const FLOAT: u64 = 4;
const STRING: u64 = 5;
const ARRAY: u64 = 6;
const OBJECT: u64 = 7;

/// The digest of the canonical traversal of `value` (see the module documentation).
pub fn digest(value: &Value) -> u64 {
    let mut h = Fnv1aWords::new();
    traverse(value, &mut h);
    h.finish()
}

fn traverse(value: &Value, h: &mut Fnv1aWords) {
    match value {
        Value::Null => h.word(NULL),
        Value::Bool(b) => h.word(if *b { TRUE } else { FALSE }),
        Value::Number(x) if x.is_f64() => {
            h.word(FLOAT);
            h.word(x.as_f64().expect("a float").to_bits());
        }
        Value::Number(x) => {
            h.word(INT);
            let i = x.as_i64().expect("the document's integers fit in an i64");
            h.word(u64::from_le_bytes(i.to_le_bytes()));
        }
        Value::String(s) => {
            h.word(STRING);
            h.bytes(s.as_bytes());
        }
        Value::Array(items) => {
            h.word(ARRAY);
            h.word(items.len() as u64);
            for item in items {
                traverse(item, h);
            }
        }
        Value::Object(map) => {
            h.word(OBJECT);
            h.word(map.len() as u64);
            for (key, item) in map {
                h.word(STRING);
                h.bytes(key.as_bytes());
                traverse(item, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fnv1a;
    use super::*;

    #[test]
    fn document_is_the_python_modules_text() {
        // From python/pyrust_workloads/json_roundtrip.py: len and fnv1a of document(n).encode().
        let text = document(40);
        assert_eq!(text.len(), 24_565);
        assert_eq!(fnv1a(text.as_bytes()), 0x11db_6f4a_4c6d_a960);
        let text = document(250);
        assert_eq!(text.len(), 145_372);
        assert_eq!(fnv1a(text.as_bytes()), 0x6311_6149_9b0d_bf99);
    }

    #[test]
    fn round_trip_gives_back_the_input_text() {
        let text = document(250);
        let (parsed, serialized) = round_trip(&text);
        assert_eq!(serialized, text);
        assert_eq!(parsed.as_array().map(Vec::len), Some(250));
    }

    #[test]
    fn document_has_every_kind_of_value() {
        let text = document(40);
        for needle in [
            "null", "true", "false", "\\n", "\\\"", "€", "[[", "{\"", "-",
        ] {
            assert!(text.contains(needle), "{needle}");
        }
    }

    #[test]
    fn kernel_output_is_the_python_digest() {
        // From python/pyrust_workloads/json_roundtrip.py: canonical(python_c(document(n))).
        let mut kernel = JsonRoundtrip.rust(40);
        assert_eq!(kernel.run(), Output::Text("61d90206e34f4565 24565".into()));
        let mut kernel = JsonRoundtrip.rust(250);
        assert_eq!(kernel.run(), Output::Text("701c6938b42d9ddb 145372".into()));
    }

    #[test]
    fn digest_sees_a_single_change() {
        let a: Value = serde_json::from_str(r#"{"a":[1,2.5,"x"]}"#).expect("JSON");
        let b: Value = serde_json::from_str(r#"{"a":[1,2.5,"y"]}"#).expect("JSON");
        let c: Value = serde_json::from_str(r#"{"a":[1.0,2.5,"x"]}"#).expect("JSON");
        assert_ne!(digest(&a), digest(&b));
        assert_ne!(digest(&a), digest(&c));
    }
}
