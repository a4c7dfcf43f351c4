//! The kernels of `pyrust_kernels`, called from Python in the embedded interpreter: bad
//! arguments (wrong types, negative or huge sizes, text that is not DNA or JSON, empty or
//! ragged matrices) raise `TypeError` or `ValueError` with a message that names the problem,
//! never a `PanicException`; edge cases (empty inputs, `n = 0`) return a value; and the long
//! kernels let other Python threads run. Calls that once aborted the process, panicked or
//! returned a wrong value (huge or lying lengths, lists that an element's `__float__`
//! resizes, float64 buffers of the other byte order, empty or not aligned) run each in a
//! child process, so that an abort fails its test rather than killing this binary. That
//! every kernel computes what the `rust` variant computes is checked by `harness.rs`,
//! through the `hybrid` variants.

use std::ffi::CString;
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::panic::PanicException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Globals with `pyrust_kernels` imported as `k`.
fn globals(py: Python<'_>) -> Bound<'_, PyDict> {
    let globals = PyDict::new(py);
    let kernels = py
        .import("pyrust_kernels")
        .expect("pyrust_kernels is importable in the embedded interpreter");
    globals.set_item("k", kernels).expect("a dict item");
    globals
}

/// Evaluates the Python expression `expr` (with `pyrust_kernels` as `k`).
fn eval<'py>(py: Python<'py>, expr: &str) -> PyResult<Bound<'py, PyAny>> {
    let code = CString::new(expr).expect("no NUL in the expression");
    py.eval(&code, Some(&globals(py)), None)
}

/// Which error `expr` must raise, and a fragment its message must contain.
enum Expect {
    Type(&'static str),
    Value(&'static str),
}

/// Runs every `(expression, expected error)` case and reports all failures at once.
fn check_errors(cases: &[(&str, Expect)]) {
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let mut failures = Vec::new();
        for (expr, expect) in cases {
            let err = match eval(py, expr) {
                Ok(value) => {
                    failures.push(format!("{expr}: returned {value}, expected an error"));
                    continue;
                }
                Err(err) => err,
            };
            let message = err.value(py).to_string();
            let kind = err
                .get_type(py)
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            if err.is_instance_of::<PanicException>(py) {
                failures.push(format!("{expr}: panicked: {message}"));
                continue;
            }
            let (ok_type, fragment) = match expect {
                Expect::Type(f) => (err.is_instance_of::<PyTypeError>(py), f),
                Expect::Value(f) => (err.is_instance_of::<PyValueError>(py), f),
            };
            if !ok_type || !message.contains(fragment) {
                failures.push(format!(
                    "{expr}: raised {kind}: {message:?}; expected {} containing {fragment:?}",
                    match expect {
                        Expect::Type(_) => "TypeError",
                        Expect::Value(_) => "ValueError",
                    }
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    });
}

/// The kernels whose argument is a size `n`, with their caps.
const SIZED: [(&str, u64); 8] = [
    ("nbody", pyrust_bench::hybrid::kernels::MAX_NBODY),
    (
        "spectral_norm",
        pyrust_bench::hybrid::kernels::MAX_SPECTRAL_NORM,
    ),
    (
        "fannkuch_redux",
        pyrust_bench::hybrid::kernels::MAX_FANNKUCH_REDUX,
    ),
    ("mandelbrot", pyrust_bench::hybrid::kernels::MAX_MANDELBROT),
    (
        "binary_trees",
        pyrust_bench::hybrid::kernels::MAX_BINARY_TREES,
    ),
    ("fasta", pyrust_bench::hybrid::kernels::MAX_FASTA),
    ("nqueens", pyrust_bench::hybrid::kernels::MAX_NQUEENS),
    ("pidigits", pyrust_bench::hybrid::kernels::MAX_PIDIGITS),
];

#[test]
fn sizes_must_be_ints_from_zero_to_the_cap() {
    let mut exprs = Vec::new();
    for (name, max) in SIZED {
        let too_large = max + 1;
        exprs.extend([
            (
                format!("k.{name}(-1)"),
                format!("{name}: n must be >= 0, got -1"),
            ),
            (
                format!("k.{name}({too_large})"),
                format!("{name}: n must be <= {max}, got {too_large}"),
            ),
            (
                format!("k.{name}(10**30)"),
                format!("{name}: n must be <= {max}, got 1000000000000000000000000000000"),
            ),
            (
                format!("k.{name}(-10**30)"),
                format!("{name}: n must be >= 0"),
            ),
            (
                format!("k.{name}(1.5)"),
                format!("{name}: n must be an int, got float"),
            ),
            (
                format!("k.{name}('10')"),
                format!("{name}: n must be an int, got str"),
            ),
            (
                format!("k.{name}(None)"),
                format!("{name}: n must be an int, got NoneType"),
            ),
            (
                format!("k.{name}()"),
                "missing 1 required positional argument".into(),
            ),
        ]);
    }
    let cases: Vec<(&str, Expect)> = exprs
        .iter()
        .map(|(expr, fragment)| {
            let fragment: &'static str = Box::leak(fragment.clone().into_boxed_str());
            let expect = if fragment.contains("an int") || fragment.contains("missing") {
                Expect::Type(fragment)
            } else {
                Expect::Value(fragment)
            };
            (expr.as_str(), expect)
        })
        .collect();
    check_errors(&cases);
}

#[test]
fn text_and_bytes_kernels_reject_the_wrong_types() {
    use Expect::*;
    check_errors(&[
        (
            "k.k_nucleotide(b'ACGT')",
            Type("k_nucleotide: sequence must be a str, got bytes"),
        ),
        (
            "k.k_nucleotide(42)",
            Type("k_nucleotide: sequence must be a str, got int"),
        ),
        (
            "k.reverse_complement('>a\\nACGT\\n')",
            Type("reverse_complement: data must be bytes, got str"),
        ),
        (
            "k.reverse_complement(bytearray(b'>a\\nACGT\\n'))",
            Type("reverse_complement: data must be bytes, got bytearray"),
        ),
        (
            "k.reverse_complement(None)",
            Type("reverse_complement: data must be bytes, got NoneType"),
        ),
        (
            "k.regex_redux(b'>a\\nacgt\\n')",
            Type("regex_redux: text must be a str, got bytes"),
        ),
        (
            "k.regex_redux(['acgt'])",
            Type("regex_redux: text must be a str, got list"),
        ),
        (
            "k.json_roundtrip(b'[]')",
            Type("json_roundtrip: text must be a str, got bytes"),
        ),
        (
            "k.json_roundtrip({})",
            Type("json_roundtrip: text must be a str, got dict"),
        ),
        (
            "k.word_frequency(b'a b a')",
            Type("word_frequency: text must be a str, got bytes"),
        ),
        (
            "k.word_frequency(['a', 'b'])",
            Type("word_frequency: text must be a str, got list"),
        ),
        (
            "k.sha256('abc')",
            Type("sha256: data must be bytes, got str"),
        ),
        ("k.sha256(42)", Type("sha256: data must be bytes, got int")),
        ("k.sha256()", Type("missing 1 required positional argument")),
        ("k.sha256(b'a', b'b')", Type("takes 1 positional argument")),
        // A str with a lone surrogate has no UTF-8 form: UnicodeEncodeError, a ValueError.
        (
            "k.regex_redux('acgt\\ud800')",
            Value("surrogates not allowed"),
        ),
        (
            "k.word_frequency('a \\udcff b')",
            Value("surrogates not allowed"),
        ),
    ]);
}

#[test]
fn k_nucleotide_accepts_only_uppercase_acgt() {
    use Expect::*;
    check_errors(&[
        (
            "k.k_nucleotide('ACGX')",
            Value("k_nucleotide: the sequence may hold only A, C, G and T, found 'X' at index 3"),
        ),
        ("k.k_nucleotide('acgt')", Value("found 'a' at index 0")),
        (
            "k.k_nucleotide('ACGT\\nACGT')",
            Value("found '\\n' at index 4"),
        ),
        (
            "k.k_nucleotide('AC\u{e9}GT')",
            Value("found 'é' at index 2"),
        ),
    ]);
}

#[test]
fn json_roundtrip_rejects_invalid_json_as_value_error() {
    use Expect::*;
    check_errors(&[
        (
            "k.json_roundtrip('')",
            Value("json_roundtrip: invalid JSON"),
        ),
        (
            "k.json_roundtrip('{')",
            Value("json_roundtrip: invalid JSON"),
        ),
        (
            "k.json_roundtrip('[1, 2,]')",
            Value("json_roundtrip: invalid JSON"),
        ),
        (
            "k.json_roundtrip('NaN')",
            Value("json_roundtrip: invalid JSON"),
        ),
        // Deeper than serde_json's limit: an error, not a stack overflow.
        ("k.json_roundtrip('[' * 100000)", Value("recursion limit")),
    ]);
}

#[test]
fn sort_needs_a_list_of_floats_and_a_list_of_str() {
    use Expect::*;
    check_errors(&[
        (
            "k.sort([1.0, 'a'], [])",
            Type("sort: floats[1] must be a float, got str"),
        ),
        (
            "k.sort('abc', [])",
            Type("sort: floats must be a list of float, got str"),
        ),
        (
            "k.sort(1.0, [])",
            Type("sort: floats must be a list of float, got float"),
        ),
        (
            "k.sort([], [1])",
            Type("sort: strings[0] must be a str, got int"),
        ),
        (
            "k.sort([], 'abc')",
            Type("sort: strings must be a list of str, got str"),
        ),
        (
            "k.sort([], ['a', b'a'])",
            Type("sort: strings[1] must be a str, got bytes"),
        ),
        ("k.sort([])", Type("missing 1 required positional argument")),
        (
            "k.sort([], ['a', '\\ud800'])",
            Value("surrogates not allowed"),
        ),
    ]);
}

#[test]
fn matmul_needs_two_non_empty_square_matrices_of_one_size() {
    use Expect::*;
    check_errors(&[
        (
            "k.matmul([], [])",
            Value("matmul: a must be a non-empty square matrix, got an empty list"),
        ),
        (
            "k.matmul([[1.0]], [])",
            Value("matmul: b must be a non-empty square matrix, got an empty list"),
        ),
        (
            "k.matmul([[1.0, 2.0], [3.0]], [[1.0, 0.0], [0.0, 1.0]])",
            Value("matmul: a must be square: it has 2 rows but row 1 has 1 entries"),
        ),
        (
            "k.matmul([[1.0, 0.0], [0.0, 1.0]], [[1.0, 2.0], [3.0, 4.0, 5.0]])",
            Value("matmul: b must be square: it has 2 rows but row 1 has 3 entries"),
        ),
        (
            "k.matmul([[1.0, 2.0]], [[1.0, 2.0]])",
            Value("matmul: a must be square: it has 1 rows but row 0 has 2 entries"),
        ),
        (
            "k.matmul([[1.0]], [[1.0, 2.0], [3.0, 4.0]])",
            Value("matmul: a is 1 x 1 but b has 2 rows; both must be n x n"),
        ),
        (
            "k.matmul([[]], [[]])",
            Value("matmul: a must be square: it has 1 rows but row 0 has 0 entries"),
        ),
        (
            "k.matmul([['x']], [[1.0]])",
            Type("matmul: a[0][0] must be a float, got str"),
        ),
        (
            "k.matmul([[1.0]], [[None]])",
            Type("matmul: b[0][0] must be a float, got NoneType"),
        ),
        (
            "k.matmul([1.0], [[1.0]])",
            Type("matmul: a[0] must be a list of float, got float"),
        ),
        (
            "k.matmul(1.0, [[1.0]])",
            Type("matmul: a must be a list of lists of float, got float"),
        ),
        (
            "k.matmul([[1.0]], 'x')",
            Type("matmul: b must be a list of lists of float, got str"),
        ),
        (
            "k.matmul(['ab'], [[1.0]])",
            Type("matmul: a[0] must be a list of float, got str"),
        ),
    ]);
}

/// Evaluates each expression and compares the `repr` of its value.
fn check_values(cases: &[(&str, &str)]) {
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let mut failures = Vec::new();
        for (expr, expected) in cases {
            match eval(py, expr).and_then(|v| v.repr().map(|r| r.to_string())) {
                Ok(repr) if repr == *expected => {}
                Ok(repr) => failures.push(format!("{expr}: {repr}, expected {expected}")),
                Err(e) => failures.push(format!("{expr}: raised {e}")),
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    });
}

#[test]
fn edge_cases_return_values_of_the_python_types() {
    check_values(&[
        ("round(k.nbody(0), 9)", "-0.169075164"),
        ("k.fannkuch_redux(0)", "'0\\nPfannkuchen(1) = 0'"),
        ("k.mandelbrot(0)", "b'P4\\n0 0\\n'"),
        ("k.mandelbrot(1)", "b'P4\\n1 1\\n\\x00'"),
        ("k.binary_trees(0) == k.binary_trees(6)", "True"),
        (
            "k.fasta(0)",
            "'>ONE Homo sapiens alu\\n>TWO IUB ambiguity codes\\n>THREE Homo sapiens frequency\\n'",
        ),
        ("k.nqueens(0), k.nqueens(8)", "(1, 92)"),
        ("k.pidigits(0), k.pidigits(3)", "('', '314       \\t:3\\n')"),
        ("k.spectral_norm(True) == k.spectral_norm(1)", "True"),
        (
            "k.k_nucleotide('').splitlines()[-1]",
            "'0\\tGGTATTTTAATTTATAGT'",
        ),
        ("k.reverse_complement(b'')", "b''"),
        (
            "k.reverse_complement(b'>a b\\nacgtn\\n')",
            "b'>a b\\nNACGT\\n'",
        ),
        ("k.regex_redux('').splitlines()[-3:]", "['0', '0', '0']"),
        (
            "k.json_roundtrip('{\"b\": [1, 2.5, \"x\", null, true], \"a\": -3}')",
            "({'a': -3, 'b': [1, 2.5, 'x', None, True]}, '{\"a\":-3,\"b\":[1,2.5,\"x\",null,true]}')",
        ),
        (
            "k.json_roundtrip('18446744073709551615')",
            "(18446744073709551615, '18446744073709551615')",
        ),
        ("k.sort([], [])", "([], [])"),
        (
            "k.sort([2.5, -1.0, 2], ['b', 'a', 'é'])",
            "([-1.0, 2.0, 2.5], ['a', 'b', 'é'])",
        ),
        ("k.word_frequency('')", "''"),
        ("k.word_frequency('b a c\\nb a\\n')", "'a 2\\nb 2\\nc 1\\n'"),
        ("k.matmul([[2.0]], [[3.0]])", "6.0"),
        ("k.matmul([[1, 2], [3, 4]], [[5, 6], [7, 8]])", "134.0"),
        (
            "k.sha256(b'abc')",
            "'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'",
        ),
    ]);
}

#[test]
fn long_kernels_let_other_python_threads_run() {
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let code = c"
import threading, time
ticks = 0
worker = threading.Thread(target=k.nbody, args=(2_000_000,))
worker.start()
while worker.is_alive():
    ticks += 1
    time.sleep(0.001)
";
        let globals = globals(py);
        py.run(code, Some(&globals), None).expect("the thread runs");
        let ticks: u64 = globals
            .get_item("ticks")
            .expect("a dict lookup")
            .expect("ticks is set")
            .extract()
            .expect("an int");
        // With the GIL held for the whole kernel, this thread could not tick while it ran.
        assert!(
            ticks >= 3,
            "only {ticks} ticks while nbody ran in another thread"
        );
    });
}

// Calls that used to abort the process, raise `PanicException` or return a wrong value. Each
// runs in a child process (this test binary, re-run on its own test), so that an abort fails
// its test instead of killing the test binary.

/// What a call run in a child process must do.
enum Outcome {
    /// Return a value with this `repr`.
    Returns(&'static str),
    /// Raise exactly this built-in exception, with a message that contains the fragment.
    Raises(&'static str, &'static str),
}

/// A call to run in a child process.
struct Case {
    /// Python statements run first with the same globals, e.g. to define a class.
    setup: &'static str,
    /// The expression, with `pyrust_kernels` as `k`.
    expr: &'static str,
    expect: Outcome,
    /// Run with numpy imported as `numpy`, or skipped with a note when `import numpy` fails.
    numpy: bool,
}

/// A case whose `expr` must raise `kind` with a message that contains `fragment`.
const fn raises(expr: &'static str, kind: &'static str, fragment: &'static str) -> Case {
    Case {
        setup: "",
        expr,
        expect: Outcome::Raises(kind, fragment),
        numpy: false,
    }
}

/// A case whose `expr` must return a value whose `repr` is `repr`.
const fn returns(expr: &'static str, repr: &'static str) -> Case {
    Case {
        setup: "",
        expr,
        expect: Outcome::Returns(repr),
        numpy: false,
    }
}

impl Case {
    /// The case with `setup` run before `expr`.
    const fn after(self, setup: &'static str) -> Case {
        Case { setup, ..self }
    }

    /// The case with numpy imported as `numpy`, skipped where it cannot be.
    const fn with_numpy(self) -> Case {
        Case {
            numpy: true,
            ..self
        }
    }
}

/// Run in every child before its case: `HugeLen`, a sequence whose `__len__` claims 2**62
/// items, and `LyingList`, a list that claims the same; numbers whose `__float__` clears
/// (`Shrink`), pops from (`Pop`) or appends to (`Grow`, up to a bound, so that a kernel that
/// reads on as the list grows still ends) a list, or raises (`Fails`); and the 2 x 2
/// `identity`.
const PRELUDE: &str = "
class HugeLen:
    def __len__(self):
        return 2**62
    def __getitem__(self, i):
        raise IndexError(i)

class LyingList(list):
    def __len__(self):
        return 2**62

class Shrink:
    def __init__(self, items):
        self.items = items
    def __float__(self):
        self.items.clear()
        return 1.0

class Pop:
    def __init__(self, items):
        self.items = items
    def __float__(self):
        self.items.pop()
        return 1.0

class Grow:
    def __init__(self, items):
        self.items = items
    def __float__(self):
        if len(self.items) < 10**5:
            self.items.append(self)
        return 1.0

class Fails:
    def __float__(self):
        raise ZeroDivisionError('from __float__')

identity = [[1.0, 0.0], [0.0, 1.0]]
";

/// Set in a child process to the index of the case it must run.
const CASE_VARIABLE: &str = "PYRUST_HYBRID_CASE";
/// Starts the child's one line of outcome on its stdout.
const OUTCOME_MARK: &str = "hybrid-case-outcome: ";
/// How long a child may run before it is killed and its case fails.
const CHILD_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs every case of the test `test` (which must be the test that calls this) in a child
/// process of its own, and reports all failures at once. In the child, runs the one case
/// it was started for and prints its outcome.
fn check_isolated(test: &str, cases: &[Case]) {
    if let Ok(index) = std::env::var(CASE_VARIABLE) {
        let index: usize = index.parse().expect("a case index");
        println!("{OUTCOME_MARK}{}", run_case(&cases[index]));
        return;
    }
    let mut failures = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let expr = case.expr;
        let outcome = match run_child(test, index) {
            Ok(outcome) => outcome,
            Err(failure) => {
                failures.push(format!("{expr}: {failure}"));
                continue;
            }
        };
        let field = |key: &str| outcome[key].as_str().unwrap_or_default().to_string();
        match (field("outcome").as_str(), &case.expect) {
            ("skipped", _) => eprintln!("note: skipped {expr}: {}", field("reason")),
            ("returned", Outcome::Returns(repr)) if field("repr") == *repr => {}
            ("raised", Outcome::Raises(kind, fragment))
                if field("type") == *kind && field("message").contains(fragment) => {}
            (got, expected) => {
                let got = match got {
                    "returned" => format!("returned {}", field("repr")),
                    "raised" => format!("raised {}: {:?}", field("type"), field("message")),
                    other => format!("gave {other:?}"),
                };
                let expected = match expected {
                    Outcome::Returns(repr) => format!("expected {repr}"),
                    Outcome::Raises(kind, fragment) => {
                        format!("expected {kind} containing {fragment:?}")
                    }
                };
                failures.push(format!("{expr}: {got}; {expected}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// In the child: runs `case` in the embedded interpreter and describes what it did.
fn run_case(case: &Case) -> serde_json::Value {
    pyrust_bench::py::start().expect("the interpreter starts");
    Python::attach(|py| {
        let globals = globals(py);
        if case.numpy {
            match py.import("numpy") {
                Ok(numpy) => globals.set_item("numpy", numpy).expect("a dict item"),
                Err(e) => {
                    let reason = format!("it needs numpy, and `import numpy` failed: {e}");
                    return serde_json::json!({"outcome": "skipped", "reason": reason});
                }
            }
        }
        let setup =
            CString::new(format!("{PRELUDE}\n{}", case.setup)).expect("no NUL in the setup");
        let result = py
            .run(&setup, Some(&globals), None)
            .and_then(|()| {
                let code = CString::new(case.expr).expect("no NUL in the expression");
                py.eval(&code, Some(&globals), None)
            })
            .and_then(|value| value.repr().map(|r| r.to_string()));
        match result {
            Ok(repr) => serde_json::json!({"outcome": "returned", "repr": repr}),
            Err(err) => serde_json::json!({
                "outcome": "raised",
                "type": err.get_type(py).name().map(|n| n.to_string()).unwrap_or_default(),
                "message": err.value(py).to_string(),
            }),
        }
    })
}

/// Runs case `index` of `test` in a child process: its outcome, or why there is none (an
/// abort, a signal, a time-out), with the child's stderr.
fn run_child(test: &str, index: usize) -> Result<serde_json::Value, String> {
    let mut child = common::rerun_self(test)
        .env(CASE_VARIABLE, index.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("the child process did not start: {e}"))?;
    // Read both pipes while waiting, so that a chatty child cannot block on a full one.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = reader(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = reader(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < CHILD_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    let outcome = stdout
        .lines()
        // libtest may have started the line with `test <name> ... `.
        .find_map(|line| line.split_once(OUTCOME_MARK))
        .map(|(_, json)| serde_json::from_str::<serde_json::Value>(json));
    match (status, outcome) {
        (Some(status), Some(Ok(outcome))) if status.success() => Ok(outcome),
        (None, _) => Err(format!(
            "still running after {CHILD_TIMEOUT:?}, killed; stderr:\n{stderr}"
        )),
        (Some(status), _) => Err(format!(
            "the child process ended with {status} and no outcome; stderr:\n{}",
            stderr.lines().take(12).collect::<Vec<_>>().join("\n")
        )),
    }
}

#[test]
fn float_lists_come_only_from_lists_and_tuples() {
    check_isolated(
        "float_lists_come_only_from_lists_and_tuples",
        &[
            // Once reserved 8 TB from len() and aborted.
            raises(
                "k.sum_floats(range(10**12))",
                "TypeError",
                "sum_floats: values must be a list of float, got range",
            ),
            raises(
                "k.sum_of_squares(range(10**12))",
                "TypeError",
                "sum_of_squares: values must be a list of float, got range",
            ),
            // Once a PanicException: capacity overflow.
            raises(
                "k.sum_floats(HugeLen())",
                "TypeError",
                "sum_floats: values must be a list of float, got HugeLen",
            ),
            raises(
                "k.sum_of_squares(HugeLen())",
                "TypeError",
                "sum_of_squares: values must be a list of float, got HugeLen",
            ),
            raises(
                "k.sort(HugeLen(), [])",
                "TypeError",
                "sort: floats must be a list of float, got HugeLen",
            ),
            // A list is as long as it really is, whatever its __len__ says.
            returns("k.sum_floats(LyingList([1.0, 2.0, 3]))", "6.0"),
            returns("k.sum_of_squares(LyingList([1.0, 2.0]))", "5.0"),
            returns(
                "k.sort(LyingList([2.0, 1.0]), LyingList(['b', 'a']))",
                "([1.0, 2.0], ['a', 'b'])",
            ),
            returns("k.matmul(LyingList([[2.0]]), [LyingList([3.0])])", "6.0"),
            returns("k.sum_floats((1.0, 2)), k.sum_floats([])", "(3.0, 0.0)"),
            raises(
                "k.sum_floats([1.0, 'a'])",
                "TypeError",
                "sum_floats: values[1] must be a float, got str",
            ),
            raises(
                "k.sum_of_squares('abc')",
                "TypeError",
                "sum_of_squares: values must be a list of float, got str",
            ),
            raises(
                "k.sum_floats([1.0, 10**400])",
                "OverflowError",
                "sum_floats: values[1] is too large for a float",
            ),
            raises(
                "k.sort([10**400], [])",
                "OverflowError",
                "sort: floats[0] is too large for a float",
            ),
        ],
    );
}

#[test]
fn lists_that_change_size_while_read_are_value_errors() {
    check_isolated(
        "lists_that_change_size_while_read_are_value_errors",
        &[
            // Once a PanicException: the matrix had fewer than n x n entries.
            raises(
                "k.matmul(a, identity)",
                "ValueError",
                "matmul: a changed size while it was being read",
            )
            .after("a = [[0.0, 0.0], [0.0, 0.0]]\na[0][0] = Shrink(a)\n"),
            raises(
                "k.matmul(identity, b)",
                "ValueError",
                "matmul: b changed size while it was being read",
            )
            .after("b = [[0.0, 0.0], [0.0, 0.0]]\nb[0][1] = Shrink(b)\n"),
            raises(
                "k.matmul(a, identity)",
                "ValueError",
                "matmul: a changed size while it was being read",
            )
            .after("a = [[0.0, 0.0], [0.0, 0.0]]\na[1][1] = Grow(a)\n"),
            raises(
                "k.matmul(a, identity)",
                "ValueError",
                "matmul: a[0] changed size while it was being read",
            )
            .after("a = [[0.0, 0.0], [0.0, 0.0]]\na[0][0] = Pop(a[0])\n"),
            raises(
                "k.sum_floats(xs)",
                "ValueError",
                "sum_floats: values changed size while it was being read",
            )
            .after("xs = [0.0, 0.0, 0.0]\nxs[0] = Shrink(xs)\n"),
            raises(
                "k.sum_of_squares(xs)",
                "ValueError",
                "sum_of_squares: values changed size while it was being read",
            )
            .after("xs = [0.0, 0.0]\nxs[1] = Grow(xs)\n"),
            raises(
                "k.sort(xs, [])",
                "ValueError",
                "sort: floats changed size while it was being read",
            )
            .after("xs = [0.0, 0.0]\nxs[0] = Pop(xs)\n"),
            // A __float__ may change other lists; what it raises propagates.
            returns("k.matmul(a, identity), other", "(1.0, [1])")
                .after("other = [1, 2]\na = [[0.0, 0.0], [0.0, 0.0]]\na[0][0] = Pop(other)\n"),
            raises(
                "k.sum_floats([1.0, Fails()])",
                "ZeroDivisionError",
                "from __float__",
            ),
            raises(
                "k.matmul([[Fails()]], [[1.0]])",
                "ZeroDivisionError",
                "from __float__",
            ),
        ],
    );
}

#[test]
fn buffer_sum_reads_float64_of_either_byte_order() {
    check_isolated(
        "buffer_sum_reads_float64_of_either_byte_order",
        &[
            // Once summed the bytes as if native: 3.35e-319.
            returns("k.buffer_sum(numpy.arange(5.0).astype('>f8'))", "10.0")
                .with_numpy(),
            returns("k.buffer_sum(numpy.arange(5.0).astype('<f8'))", "10.0")
                .with_numpy(),
            returns("k.buffer_sum(numpy.arange(6.0).reshape(2, 3))", "15.0")
                .with_numpy(),
            // The same without numpy: ctypes arrays export '>d' and '<d'.
            returns("k.buffer_sum(big)", "10.0")
                .after("import ctypes\nbig = (ctypes.c_double.__ctype_be__ * 5)(*range(5))"),
            returns("k.buffer_sum(little)", "10.0").after(
                "import ctypes\nlittle = (ctypes.c_double.__ctype_le__ * 5)(*range(5))",
            ),
            // Native float64 that is not 8-byte aligned.
            returns("k.buffer_sum(unaligned)", "6.0").after(
                "import struct\nunaligned = memoryview(bytearray(struct.pack('=x3d', 1, 2, 3)))[1:].cast('d')",
            ),
        ],
    );
}

#[test]
fn buffer_sum_of_an_empty_buffer_is_zero() {
    check_isolated(
        "buffer_sum_of_an_empty_buffer_is_zero",
        &[
            // Once "buffer contents are insufficiently aligned for f64".
            returns("k.buffer_sum(array.array('d'))", "0.0").after("import array"),
            returns("k.buffer_sum(memoryview(b'').cast('d'))", "0.0"),
            returns("k.buffer_sum(numpy.empty(0))", "0.0").with_numpy(),
            raises(
                "k.buffer_sum(array.array('f'))",
                "TypeError",
                "buffer_sum: buffer must hold float64, got format 'f'",
            )
            .after("import array"),
        ],
    );
}

#[test]
fn buffer_sum_needs_a_contiguous_float64_buffer_it_can_copy() {
    check_isolated(
        "buffer_sum_needs_a_contiguous_float64_buffer_it_can_copy",
        &[
            raises(
                "k.buffer_sum([1.0, 2.0])",
                "TypeError",
                "buffer_sum: buffer must be a buffer of float64 (e.g. a numpy array), got list",
            ),
            raises(
                "k.buffer_sum(b'abcdefgh')",
                "TypeError",
                "buffer_sum: buffer must hold float64, got format 'B'",
            ),
            raises(
                "k.buffer_sum(array.array('q', [1]))",
                "TypeError",
                "buffer_sum: buffer must hold float64, got format 'q'",
            )
            .after("import array"),
            raises(
                "k.buffer_sum(numpy.arange(10.0)[::2])",
                "ValueError",
                "buffer_sum: buffer must be C-contiguous",
            )
            .with_numpy(),
            // 4 EiB (more than any address space) that the caller does not hold: once an abort.
            raises(
                "k.buffer_sum(huge)",
                "MemoryError",
                "buffer_sum: cannot allocate 4611686018427387904 bytes to copy buffer",
            )
            .after(
                "huge = numpy.lib.stride_tricks.as_strided(numpy.zeros(1), shape=(2**59,), strides=(8,))",
            )
            .with_numpy(),
            raises(
                "k.buffer_sum(huge)",
                "MemoryError",
                "buffer_sum: cannot allocate 4611686018427387904 bytes to copy buffer",
            )
            .after(
                "import ctypes\nhuge = (ctypes.c_double * 2**59).from_address(id(identity))",
            ),
        ],
    );
}

#[test]
fn matmul_caps_the_matrices_it_copies() {
    check_isolated(
        "matmul_caps_the_matrices_it_copies",
        &[
            // 1.6 MB of lists whose rows alias: once an abort reserving 80 GB.
            raises(
                "k.matmul([row] * 10**5, [row] * 10**5)",
                "ValueError",
                "matmul: a must have at most",
            )
            .after("row = [0.0] * 10**5"),
            returns("k.matmul([row] * 3, [row] * 3)", "27.0").after("row = [1.0] * 3"),
        ],
    );
}

#[test]
fn probes_name_themselves_in_errors() {
    check_isolated(
        "probes_name_themselves_in_errors",
        &[
            returns("k.add(2, 3), k.add(True, -1), k.noop()", "(5, 0, None)"),
            raises(
                "k.add('1', 2)",
                "TypeError",
                "add: a must be an int, got str",
            ),
            raises(
                "k.add(1, 2**64)",
                "OverflowError",
                "add: b must fit in 64 bits, got 18446744073709551616",
            ),
            returns("k.bytes_checksum(b'\\x01\\xff')", "256"),
            raises(
                "k.bytes_checksum('abc')",
                "TypeError",
                "bytes_checksum: data must be bytes, got str",
            ),
        ],
    );
}
