//! How noisy a run was, as the report shows it: the machine in detail, the calibration
//! kernels' drift beside the environment, a warning in the header when the drift exceeds 5%,
//! and the per-round ratios of a run timed in rounds. Rendered from the fixture of a full run.

use std::path::Path;

use pyrust_bench::results::{Calibration, ResultsFile, machine, store};
use pyrust_bench::workload::Variant;
use pyrust_bench::{claims, report};

fn full() -> ResultsFile {
    store::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/results_full_v1.json"))
        .unwrap()
}

/// REPORT.md of `file`.
fn render(mut file: ResultsFile) -> String {
    let dir = tempfile::tempdir().unwrap();
    file.claims = claims::evaluate(&file);
    report::write_all(&file, dir.path()).unwrap();
    std::fs::read_to_string(dir.path().join("REPORT.md")).unwrap()
}

fn calibrated(python_end_ns: f64) -> ResultsFile {
    let mut file = full();
    file.environment.machine = Some(machine::Machine {
        vendor: "AuthenticAMD".into(),
        family: "25".into(),
        model: "17".into(),
        stepping: "1".into(),
        model_name: "AMD EPYC".into(),
        mhz: Some(2596.1),
        l2_kib: Some(1024),
        l3_kib: Some(32768),
        kernel: "6.1.0".into(),
        governor: None,
        load_start: Some([0.5, 0.6, 0.7]),
        load_end: Some([1.5, 1.0, 0.8]),
    });
    file.environment.calibration = Some(Calibration {
        rust_start_ns: 1_000_000.0,
        python_start_ns: 20_000_000.0,
        rust_end_ns: Some(1_010_000.0),
        python_end_ns: Some(python_end_ns),
    });
    file
}

#[test]
fn a_drift_above_five_percent_is_a_warning_and_below_it_a_figure() {
    // Python 8% slower at the end: a warning in the header, and the figure beside the
    // environment.
    let noisy = render(calibrated(21_600_000.0));
    let header = noisy.split("## Verdicts").next().unwrap();
    assert!(
        header.contains("**Noise:**")
            && header.contains("+8.0% (Python)")
            && header.contains("changed by"),
        "{header}"
    );
    assert!(
        noisy.contains("drift Rust +1.0%, Python +8.0%: noise 8.0%"),
        "{noisy}"
    );
    assert!(noisy.contains(
        "AuthenticAMD family 25 model 17 stepping 1, 2596 MHz, L2 1024 KiB, L3 32768 KiB"
    ));
    assert!(noisy.contains("0.50 / 0.60 / 0.70 at the start, 1.50 / 1.00 / 0.80 at the end"));

    // 2% is below the threshold: the figure, no warning.
    let calm = render(calibrated(20_400_000.0));
    assert!(!calm.contains("**Noise:**"));
    assert!(calm.contains("noise 2.0%"), "{calm}");

    // A file without a calibration (older runs) says nothing of it.
    assert!(!render(full()).contains("calibration kernels"));
}

#[test]
fn per_round_ratios_appear_beside_the_interval() {
    let mut file = full();
    for r in file
        .results
        .iter_mut()
        .filter(|r| r.workload == "nbody" && r.workers.is_none())
    {
        let m = r.median_ns.unwrap();
        r.rounds_ns = Some(match r.variant {
            Variant::Python => vec![m * 0.9, m, m * 1.2],
            _ => vec![m, m, m],
        });
    }
    let report = render(file);
    let row = report
        .lines()
        .find(|l| l.starts_with("| nbody |") && l.contains("interpreter-bound"))
        .unwrap();
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    // The per-round column lists three ratios.
    assert_eq!(cells[10].split(" · ").count(), 3, "{row}");
    assert!(
        report.contains("interleaved rounds"),
        "the report says how ratios are computed"
    );
}
