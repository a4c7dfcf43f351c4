//! The report section of `rust-tools-10-100x`: the input and the tools' versions, one row per
//! comparison (wall, CPU and single-thread ratios, agreement), where the DataFrame gain comes
//! from, and every tool's own times.

use std::fmt::Write;

use super::{RULE, figures, short_name};
use crate::render::escape::{code, text};
use crate::render::table::Table;
use crate::render::{View, format_duration, format_fixed, format_ratio};
use crate::timing::median;

pub fn write(w: &mut String, view: &View) {
    let _ = writeln!(
        w,
        "\n## `rust-tools-10-100x`: Ruff and Polars against the Python tools\n"
    );
    let _ = writeln!(
        w,
        "The article: Ruff and Polars \"are 10-100x faster than pure Python alternatives because the performance-critical code is Rust\". Each tool runs as a whole process, as a user runs it, on input no one here wrote: a sample of the interpreter's own standard library for the linters and formatters, and TPC-H tables from `tpchgen-cli` for the DataFrame libraries. Every pair is checked for doing the same work before it is timed. Rule: {RULE}\n"
    );
    let Some(tools) = &view.file.rust_tools else {
        let _ = writeln!(
            w,
            "Not measured: the pass `rust-tools` has not run into this results file (`cargo bench -- rust-tools`)."
        );
        return;
    };
    if let Some(why) = &tools.unavailable {
        let _ = writeln!(w, "Not measured: {}", text(why));
        return;
    }
    if let Some(c) = &tools.corpus {
        let _ = writeln!(
            w,
            "**Input.** The standard library at `{}` (Python {}): {} `.py` files, of which {} are deliberately broken test data that every linter excludes and {} did not compile here; the linters read every {}th of the rest in path order ({} files, {} of {} lines), the formatters every {}th ({} files, {} lines), each formatter on a copy it had formatted itself.",
            text(&c.stdlib),
            c.python,
            c.candidates,
            c.excluded_broken,
            c.excluded_unparseable.len(),
            c.lint.stride,
            c.lint.files,
            c.lint.lines,
            c.lint.of_lines,
            c.format.stride,
            c.format.files,
            c.format.lines,
        );
    }
    if let Some(t) = &tools.tpch {
        let rows: Vec<String> = t.rows.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            w,
            " TPC-H at scale {} ({} rows), converted once to float64, plain strings and timestamps.",
            t.scale,
            rows.join(", ")
        );
    }
    let versions: Vec<String> = tools
        .versions
        .iter()
        .map(|(k, v)| format!("{} {}", text(k), text(v)))
        .collect();
    let _ = writeln!(
        w,
        "\n**Versions** (pinned in `python/requirements/rust-tools.txt`): {}. Each tool ran {} times after a warm-up run, the tools of a comparison by turns.\n",
        versions.join(", "),
        tools.runs
    );
    let mut table = Table::new(&[
        "comparison",
        "input",
        ">wall: Python ÷ Rust",
        ">per round",
        ">query alone",
        ">CPU",
        ">1 thread, CPU",
        ">agreement",
        "counted",
    ]);
    for c in &tools.comparisons {
        match figures(c) {
            Some(f) => table.row(vec![
                format!(
                    "{} ({} against {})",
                    short_name(&f),
                    text(&f.python_tool),
                    text(&f.rust_tool)
                ),
                text(&f.input).to_string(),
                format_ratio(f.wall_ratio),
                format!(
                    "{} – {}",
                    format_ratio(f.wall_low),
                    format_ratio(f.wall_high)
                ),
                f.query_ratio.map_or("–".to_string(), format_ratio),
                format_ratio(f.cpu_ratio),
                format_ratio(f.single_thread_ratio),
                f.agreement.map_or("results equal".to_string(), |a| {
                    format!("{}%", format_fixed(a * 100.0, 1))
                }),
                if f.counted { "yes" } else { "no" }.to_string(),
            ]),
            None => table.row(vec![
                text(&c.id).to_string(),
                text(&c.input).to_string(),
                format!(
                    "{}: {}",
                    c.status.id(),
                    text(c.message.as_deref().unwrap_or(""))
                ),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "no".to_string(),
            ]),
        }
    }
    let _ = write!(w, "{}", table.to_markdown());
    let _ = writeln!(
        w,
        "\n*wall* is what a user waits; *query alone* is pandas ÷ Polars on the query's own time, which each query process measures after importing its library (reading the tables included); *CPU* (user + system, from `wait4`, children included) is what the machine spends, so CPU ÷ CPU removes the cores the Rust tool adds; *1 thread* is the Rust tool with `RAYON_NUM_THREADS=1` (Ruff) or Polars' eager API with `POLARS_MAX_THREADS=1`, the part of the gain the language explains. *Agreement*: findings as (file, line, code), intersection over union, on the codes both tools implement; for formatters, the share of the lines of Black's output that `ruff format` leaves as they are."
    );
    let disagreements: Vec<String> = tools
        .comparisons
        .iter()
        .filter_map(|c| {
            let a = c.agreement.as_ref()?;
            (!a.largest_differences.is_empty()).then(|| {
                let files = match (a.files, a.files_differing) {
                    (Some(files), Some(differing)) => {
                        format!(" ({differing} of {files} files formatted differently)")
                    }
                    _ => String::new(),
                };
                let excluded = match a.excluded_files {
                    0 => String::new(),
                    n => format!("; {n} file(s) left out on both sides because a tool could not parse them"),
                };
                let list: Vec<String> = a
                    .largest_differences
                    .iter()
                    .map(|(what, n)| format!("{} {n}", code(what)))
                    .collect();
                format!(
                    "{}: {} {} alike, {} only from the Rust tool, {} only from the Python tool{files}{excluded}; most differences: {}",
                    c.id, a.common, a.items, a.only_rust, a.only_python, list.join(", ")
                )
            })
        })
        .collect();
    if !disagreements.is_empty() {
        let _ = writeln!(w, "\nWhere the tools differ:\n");
        for d in disagreements {
            let _ = writeln!(w, "- {d}");
        }
    }
    let attributed: Vec<_> = tools
        .comparisons
        .iter()
        .filter_map(|c| Some((c, figures(c)?.attribution?)))
        .collect();
    if !attributed.is_empty() {
        let _ = writeln!(
            w,
            "\n**Where Polars' gain comes from** (on the query alone, imports excluded; the three factors multiply to the whole):\n"
        );
        let mut t = Table::new(&[
            "query",
            ">kernels: pandas ÷ eager, 1 thread",
            ">optimizer: eager ÷ lazy, 1 thread",
            ">parallelism: 1 thread ÷ every thread",
            ">whole",
        ]);
        for (c, [kernels, optimizer, parallelism]) in attributed {
            t.row(vec![
                text(&c.input).to_string(),
                format_ratio(kernels),
                format!("{}×", format_fixed(optimizer, 2)),
                format!("{}×", format_fixed(parallelism, 2)),
                format_ratio(kernels * optimizer * parallelism),
            ]);
        }
        let _ = write!(w, "{}", t.to_markdown());
    }
    let _ = writeln!(w, "\n| comparison | command | wall, median | CPU, median |");
    let _ = writeln!(w, "|---|---|---:|---:|");
    for c in &tools.comparisons {
        for t in c.tools.iter().filter(|t| !t.wall_ns.is_empty()) {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} |",
                text(&c.id),
                code(&t.command),
                format_duration(median(&t.wall_ns)),
                format_duration(median(&t.cpu_ns))
            );
        }
    }
    let _ = writeln!(
        w,
        "\nThe whole process is timed, as users run these tools, so start-up and imports are in every figure: on small input they are a large share of Polars' and pandas' time."
    );
}
