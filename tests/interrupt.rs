//! Ctrl-C keeps what was measured. This test binary runs itself again as a child that times
//! three workloads through a `Keeper` and then hangs in a fourth; the parent interrupts it
//! and checks what `latest.json` kept.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;

use common::{OneShot, Probe, scratch};
use pyrust_bench::interrupt::{EXIT_INTERRUPTED, Keeper};
use pyrust_bench::results::{BenchResult, Status, environment, store};
use pyrust_bench::suite;
use pyrust_bench::workload::{self, Mode, Variant, Workload};

/// Set in the child: the results folder to save into.
const CHILD_DIR: &str = "PYRUST_TEST_INTERRUPTED_CHILD_DIR";

const HANGS: Probe = Probe {
    name: "probe_hangs",
    variants: &[Variant::Rust, Variant::Python],
    rust_output: 1,
    // `signal` (which multiprocessing imports) installs Python's SIGINT handler when it is
    // first imported: Ctrl-C must still reach the keeper.
    python_source: "import multiprocessing  # noqa: F401\nimport signal  # noqa: F401\nimport time\n\n\ndef python(n):\n    time.sleep(600)\n    return 1\n",
};

const FINISHED: [&str; 3] = ["nbody", "fasta", "nqueens"];

/// The child's run; does nothing unless the parent started it.
#[test]
fn interrupted_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let keeper = Keeper::install(Mode::Quick, environment::collect().unwrap(), dir.into()).unwrap();
    let mut workloads: Vec<&dyn Workload> = FINISHED
        .iter()
        .map(|name| workload::find(name).unwrap())
        .collect();
    workloads.push(&HANGS);
    for w in workloads {
        keeper.add(suite::run_workload(w, Mode::Quick, &[1], &mut OneShot));
        eprintln!("finished {}", w.name());
    }
    panic!("the hanging workload returned");
}

fn old_entry() -> BenchResult {
    BenchResult {
        workload: HANGS.name.into(),
        category: workload::Category::InterpreterBound,
        variant: Variant::Rust,
        n: 3,
        status: Status::Ok,
        message: None,
        median_ns: Some(123.0),
        ci_low_ns: Some(120.0),
        ci_high_ns: Some(126.0),
        output: Some("1".into()),
        mode: Some(Mode::Quick),
        peak_bytes: None,
        workers: None,
        rounds_ns: None,
        interpreter: None,
        first_call_ns: None,
        warmup_calls: None,
    }
}

#[test]
fn ctrl_c_keeps_the_finished_workloads_and_the_old_entry_of_the_interrupted_one() {
    let scratch = scratch();
    let dir = scratch.path();
    let env = environment::collect().unwrap();
    suite::finish(vec![old_entry()].into(), Mode::Quick, env, dir).unwrap();

    let mut child = common::rerun_self("interrupted_child")
        .env(CHILD_DIR, dir)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut seen = Vec::new();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let last = format!("finished {}", FINISHED[2]);
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line == last {
            break;
        }
    }
    assert!(
        seen.contains(&last),
        "the child never got that far:\n{seen:#?}"
    );
    // It is now verifying the hanging workload.
    std::thread::sleep(Duration::from_millis(500));
    let interrupted = Instant::now();
    // SAFETY: sends a signal to our own child, whose pid we hold.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let status = child.wait().unwrap();
    eprintln!(
        "the child exited {:.1} s after the interrupt",
        interrupted.elapsed().as_secs_f64()
    );
    assert_eq!(status.code(), Some(EXIT_INTERRUPTED), "{rest:#?}");
    assert!(
        rest.iter().any(|l| l.contains("interrupted: keeping")),
        "{rest:#?}"
    );

    let saved = store::load(&dir.join(store::LATEST)).unwrap();
    for name in FINISHED {
        assert!(
            saved
                .results
                .iter()
                .any(|r| r.workload == name && r.status == Status::Ok),
            "{name} was measured before the interrupt and must be kept"
        );
    }
    let hangs: Vec<&BenchResult> = saved
        .results
        .iter()
        .filter(|r| r.workload == HANGS.name)
        .collect();
    assert_eq!(
        hangs,
        [&old_entry()],
        "the interrupted workload keeps its old entry"
    );
    assert!(dir.join("REPORT.md").is_file());
}
