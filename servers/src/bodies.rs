//! What both servers answer, built here once so that axum and actix-web cannot drift: the
//! same status and byte-identical JSON bodies as the Python apps (`python/pyrust_servers`).

use serde::Serialize;

/// The largest `n` of `/cpu` and `ms` of `/io`.
pub const MAX_N: u32 = 14;
pub const MAX_MS: u64 = 1000;

/// An answer: its HTTP status and its JSON body.
pub type Answer = (u16, String);

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

#[derive(Serialize)]
struct Solutions {
    n: u32,
    solutions: u64,
}

#[derive(Serialize)]
struct Slept {
    slept_ms: u64,
}

#[derive(Serialize)]
struct Problem {
    error: String,
}

fn ok(body: &impl Serialize) -> Answer {
    (
        200,
        serde_json::to_string(body).expect("plain structs serialize"),
    )
}

fn bad(error: String) -> Answer {
    (
        400,
        serde_json::to_string(&Problem { error }).expect("plain structs serialize"),
    )
}

/// `/json`: a small object, serialized per request (the TechEmpower JSON test).
pub fn json() -> Answer {
    ok(&Message {
        message: "Hello, World!",
    })
}

/// `/cpu?n=N`: the number of N-queens solutions, computed per request.
pub fn cpu(query: &str) -> Answer {
    match param(query, "n").and_then(|n| n.parse::<u32>().ok()) {
        Some(n) if n <= MAX_N => ok(&Solutions {
            n,
            solutions: nqueens(std::hint::black_box(n)),
        }),
        _ => bad(format!("n must be an integer from 0 to {MAX_N}")),
    }
}

/// `/io?ms=M`: how long to sleep before [`slept`] answers, or the 400 answer.
pub fn io_millis(query: &str) -> Result<u64, Answer> {
    match param(query, "ms").and_then(|m| m.parse::<u64>().ok()) {
        Some(ms) if ms <= MAX_MS => Ok(ms),
        _ => Err(bad(format!("ms must be an integer from 0 to {MAX_MS}"))),
    }
}

/// `/io`'s answer after its sleep.
pub fn slept(ms: u64) -> Answer {
    ok(&Slept { slept_ms: ms })
}

/// The value of `key` in a query string such as `n=8&x=1`.
fn param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// N-queens by backtracking over bit masks, row by row, no symmetry: the algorithm of the
/// workload `nqueens` (`src/workload/nqueens.rs`) and of the Python apps.
pub fn nqueens(n: u32) -> u64 {
    if n == 0 {
        return 1;
    }
    let all = (1u64 << n) - 1;
    solve(all, 0, 0, 0)
}

fn solve(all: u64, cols: u64, left: u64, right: u64) -> u64 {
    let mut count = 0;
    let mut avail = all & !(cols | left | right);
    while avail != 0 {
        let bit = avail & avail.wrapping_neg();
        avail ^= bit;
        let c = cols | bit;
        if c == all {
            count += 1;
        } else {
            count += solve(all, c, ((left | bit) << 1) & all, (right | bit) >> 1);
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nqueens_matches_oeis_a000170() {
        let known = [1, 1, 0, 0, 2, 10, 4, 40, 92, 352, 724];
        for (n, count) in known.iter().enumerate() {
            assert_eq!(nqueens(n as u32), *count, "n = {n}");
        }
    }

    #[test]
    fn bodies_are_compact_json_as_the_python_apps_write_it() {
        assert_eq!(json(), (200, r#"{"message":"Hello, World!"}"#.into()));
        assert_eq!(cpu("n=8"), (200, r#"{"n":8,"solutions":92}"#.into()));
        assert_eq!(io_millis("ms=10"), Ok(10));
        assert_eq!(slept(10), (200, r#"{"slept_ms":10}"#.into()));
        assert_eq!(
            cpu("n=99"),
            (
                400,
                r#"{"error":"n must be an integer from 0 to 14"}"#.into()
            )
        );
        assert_eq!(cpu("").0, 400);
        assert_eq!(io_millis("ms=-1").unwrap_err().0, 400);
    }
}
