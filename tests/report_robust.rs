//! The report against data it must survive: degenerate figures (zero, subnormal, absurd,
//! negative, NaN) that must not hang or panic a chart nor print as garbage, a file of 10,000
//! results that must render at a bounded size, hostile strings that must not reach REPORT.md as
//! Markdown or HTML, and a file merged from quick and full runs, which must say so.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use pyrust_bench::render::chart::MAX_SIZE;
use pyrust_bench::results::{ResultsFile, Status, store};
use pyrust_bench::workload::{Mode, Variant};
use pyrust_bench::{claims, report};

/// A small file: seven workloads, two untimed entries, no pause or memory measurements.
fn small() -> ResultsFile {
    load("results_v1.json")
}

/// A full run of the suite (its pause samples thinned): every chart has something to draw.
fn full() -> ResultsFile {
    load("results_full_v1.json")
}

fn load(name: &str) -> ResultsFile {
    store::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// A fresh, private folder (mode 0700), removed when the value is dropped.
fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pyrust-robust-")
        .tempdir()
        .unwrap()
}

/// Saves `file` into `dir` and renders it with `pyrust-bench report`; returns REPORT.md.
fn report_of(file: &ResultsFile, dir: &Path) -> String {
    let path = dir.join("results.json");
    store::save(&path, file).unwrap();
    let out: Output = Command::new(env!("CARGO_BIN_EXE_pyrust-bench"))
        .args(["report", "--results", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.join("REPORT.md")).unwrap()
}

/// The width and height of a PNG, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    (info.width, info.height)
}

/// The cells of a table row: split on every `|` that no backslash escapes.
fn cells(row: &str) -> usize {
    let mut count = 0usize;
    let mut backslashes = 0;
    for c in row.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' if backslashes % 2 == 0 => {
                count += 1;
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    count.saturating_sub(1)
}

/// Asserts that every row of every table has as many cells as the table's header.
fn assert_tables_intact(report: &str) {
    let lines: Vec<&str> = report.lines().collect();
    let mut columns = None;
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with('|') {
            columns = None;
            continue;
        }
        match columns {
            None => columns = Some(cells(line)),
            Some(n) => assert_eq!(cells(line), n, "line {}: {line}", i + 1),
        }
    }
}

#[test]
fn degenerate_figures_never_hang_a_chart_nor_print_as_garbage() {
    // Load-time validation refuses such a file; the report of `cargo bench` is drawn from
    // memory, so the charts must cope on their own.
    let mut file = full();
    let bad = [0.0, 5e-324, 1e307, -53378613.9, f64::NAN, f64::INFINITY];
    let mut k = 0;
    for r in file.results.iter_mut().filter(|r| r.median_ns.is_some()) {
        let v = bad[k % bad.len()];
        k += 1;
        r.median_ns = Some(v);
        if k % 2 == 0 {
            (r.ci_low_ns, r.ci_high_ns) = (Some(v), Some(v));
        }
    }
    let boundary = file.boundary.as_mut().unwrap();
    for (p, v) in boundary.break_even.iter_mut().zip(bad.iter().cycle()) {
        p.hybrid_ns = *v;
    }
    for (p, v) in boundary.probes.iter_mut().zip(bad.iter().cycle()) {
        p.median_ns = *v;
    }
    for w in &mut file.pauses.as_mut().unwrap().workloads {
        for (q, v) in w.rust.quantiles_ns.iter_mut().zip(bad.iter().cycle()) {
            *q = *v;
        }
        w.python_gc_on.latency.quantiles_ns = vec![0.0, f64::NAN, 1e307];
    }
    file.environment.call_overhead_ns = Some(f64::NAN);

    let scratch_dir = scratch();
    let dir = scratch_dir.path().to_path_buf();
    let (done, finished) = mpsc::channel();
    let out = dir.clone();
    std::thread::spawn(move || {
        file.claims = claims::evaluate(&file);
        let written = report::write_all(&file, &out);
        let _ = done.send(written.map(|_| ()).map_err(|e| e.to_string()));
    });
    match finished.recv_timeout(Duration::from_secs(300)) {
        Ok(result) => result.unwrap(),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the report did not finish in 5 minutes"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the report panicked"),
    }
    for chart in std::fs::read_dir(dir.join("charts")).unwrap() {
        let path = chart.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            let (w, h) = png_size(&path);
            assert!(w <= MAX_SIZE.0 && h <= MAX_SIZE.1, "{}", path.display());
        }
    }
    let md = std::fs::read_to_string(dir.join("REPORT.md")).unwrap();
    // The tables print what they can: a dash for a figure that is not one, never NaN, inf,
    // a negative ratio or three hundred digits. (The claims' summaries, quoted in the first
    // two tables, are the claims' own sentences.)
    let sections = md.split("\n## `speed-10-100x`").nth(1).unwrap();
    let tables: String = sections
        .lines()
        .filter(|l| l.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    for garbage in ["NaN", "inf", "-53378613", "-0.00", "000000000000"] {
        assert!(!tables.contains(garbage), "{garbage} in\n{tables}");
    }
    assert!(tables.contains("1.0e298 s"), "{tables}");
}

#[test]
fn ten_thousand_results_render_at_a_bounded_size() {
    let mut file = full();
    let base = file.results.clone();
    let lines = file.source_lines.clone();
    let mut copy = 1;
    while file.results.len() < 10_000 {
        for r in &base {
            let mut r = r.clone();
            r.workload = format!("{}_{copy:04}", r.workload);
            file.results.push(r);
        }
        for (name, l) in &lines {
            file.source_lines.insert(format!("{name}_{copy:04}"), *l);
        }
        copy += 1;
    }
    file.results.truncate(10_000);
    let pauses = file.pauses.as_mut().unwrap();
    let probes = pauses.workloads.clone();
    for copy in 1..10 {
        pauses.workloads.extend(probes.iter().cloned().map(|mut w| {
            w.workload = format!("{}_{copy}", w.workload);
            w
        }));
    }

    let scratch_dir = scratch();
    let dir = scratch_dir.path().to_path_buf();
    let md = report_of(&file, &dir);
    let mut charts = 0;
    for chart in std::fs::read_dir(dir.join("charts")).unwrap() {
        let path = chart.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                charts += 1;
                let (w, h) = png_size(&path);
                assert!(
                    w <= MAX_SIZE.0 && h <= MAX_SIZE.1,
                    "{} is {w}×{h}",
                    path.display()
                );
            }
            Some("svg") => {
                let svg = std::fs::read_to_string(&path).unwrap();
                assert!(
                    svg.len() < 4 << 20,
                    "{} is {} bytes",
                    path.display(),
                    svg.len()
                );
            }
            _ => {}
        }
    }
    assert_eq!(charts, 11);
    // A capped chart says what it left out, and the report keeps every result.
    for chart in ["speedup", "tiers", "times", "memory", "scaling", "latency"] {
        let svg = std::fs::read_to_string(dir.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.contains("REPORT.md lists them all"), "{chart}.svg");
    }
    let every = md.split("## Every result").nth(1).unwrap();
    let every = every.split("\n#").next().unwrap();
    let rows = every.lines().filter(|l| l.starts_with("| ")).count();
    assert_eq!(rows, 10_000 + 1, "every result, and the header");
    assert_tables_intact(&md);
}

#[test]
fn strings_from_the_results_file_reach_the_report_as_text_only() {
    const NAME: &str = "nbody\n# heading <script>alert(1)</script> | x";
    const LOSER: &str = "matmul <img src=x onerror=alert(1)>";
    let mut file = full();
    for r in &mut file.results {
        match r.workload.as_str() {
            "nbody" => r.workload = NAME.into(),
            "matmul" => r.workload = LOSER.into(),
            _ => {}
        }
    }
    let lines = file.source_lines.remove("nbody").unwrap();
    file.source_lines.insert(NAME.into(), lines);
    let failed = file
        .results
        .iter_mut()
        .find(|r| r.workload == "fasta" && r.variant == Variant::Python)
        .unwrap();
    failed.status = Status::Error;
    (failed.median_ns, failed.ci_low_ns, failed.ci_high_ns) = (None, None, None);
    failed.message = Some("boom\n# heading | <img src=x onerror=alert(1)> <!-- unclosed".into());
    file.results[1].output = Some("<!-- | `tick` **bold** [link](javascript:alert(1))".into());
    let env = &mut file.environment;
    env.cpu = "CPU <script>cpu()</script>\n# heading".into();
    env.os = "Linux <!-- os".into();
    env.rustc = "rustc | 1.95 <b>bold</b>".into();
    env.c_compiler = "cc <script>cc()</script>".into();
    env.python.version = "3.11 <img src=x onerror=alert(1)>".into();
    env.python.executable = "/usr/bin/python\n## injected".into();
    env.python.warning = Some("<script>warn()</script>\n# heading".into());
    file.generated_at = "2026-01-01 <!--".into();
    let footprint = file.footprint.as_mut().unwrap();
    footprint.startup[0].command = "echo `date` | wc -l".into();
    footprint.per_element[0].structure = "list <b>".into();
    let pause = &mut file.pauses.as_mut().unwrap().workloads[0];
    pause.workload = "trees\n# heading <script>".into();
    pause.operation = "op | <!--".into();
    file.multicore.as_mut().unwrap().startup[0].kind = "threads <script>".into();

    let md = report_of(&file, scratch().path());
    for raw in ["<script", "<img", "<!--", "<b>", "[link]("] {
        assert!(!md.contains(raw), "{raw} reached the report:\n{md}");
    }
    for line in md.lines() {
        assert!(
            !(line.starts_with('#') && (line.contains("heading") || line.contains("injected"))),
            "data started a heading: {line}"
        );
    }
    assert_tables_intact(&md);
    // The data is still there, to be read as text.
    assert!(
        md.contains("| nbody # heading &lt;script&gt;alert(1)&lt;/script&gt; \\| x |"),
        "{md}"
    );
    assert!(
        md.contains("matmul &lt;img src=x onerror=alert(1)&gt;"),
        "{md}"
    );
    assert!(md.contains("``echo `date` \\| wc -l``"), "{md}");
    assert!(
        md.contains("&lt;!-- \\| \\`tick\\` \\*\\*bold\\*\\*"),
        "{md}"
    );
    assert!(
        md.contains("> **Warning:** &lt;script&gt;warn()&lt;/script&gt; # heading"),
        "{md}"
    );
}

#[test]
fn a_merged_file_of_quick_and_full_runs_marks_its_quick_entries() {
    let mut file = small();
    for r in &mut file.results {
        r.mode = Some(match r.workload.as_str() {
            "nbody" => Mode::Quick,
            _ => Mode::Full,
        });
    }
    file.mode = Mode::Quick;
    let scratch_dir = scratch();
    let dir = scratch_dir.path().to_path_buf();
    let md = report_of(&file, &dir);
    assert!(
        md.contains("(mixed modes; the most recent run was in quick mode, written"),
        "{md}"
    );
    assert!(
        md.contains("**Mixed modes:** of the 14 entries, 11 from full runs, 3 from quick runs (marked *quick* below)."),
        "{md}"
    );
    // The speed table, the c-like table and every result mark nbody, and nothing else.
    assert!(
        md.contains("| nbody *quick* | interpreter-bound | "),
        "{md}"
    );
    assert!(md.contains("| fasta | interpreter-bound | "), "{md}");
    assert!(md.contains("| nbody *quick* | 10000 | "), "{md}");
    for variant in ["rust", "python", "c"] {
        assert!(
            md.contains(&format!("| nbody *quick* | {variant} |")),
            "{md}"
        );
    }
    assert_eq!(md.matches("*quick*").count(), 1 + 3 + 1 + 1, "{md}");
    let svg = std::fs::read_to_string(dir.join("charts/speedup.svg")).unwrap();
    assert!(svg.contains("nbody (quick)") && svg.contains("mixed modes"));

    // One mode throughout: no marks, and the header names it.
    for r in &mut file.results {
        r.mode = Some(Mode::Full);
    }
    let md = report_of(&file, scratch().path());
    assert!(
        !md.contains("*quick*") && !md.contains("Mixed modes"),
        "{md}"
    );
    assert!(
        md.contains("(full mode; the most recent run was in quick mode, written"),
        "{md}"
    );
    file.mode = Mode::Full;
    let md = report_of(&file, scratch().path());
    assert!(md.contains("(full mode, written"), "{md}");
}
