//! The benchmark tables of the book, written from criterion's results.
//!
//! `cargo bench` leaves each benchmark's estimates in
//! `target/criterion/<group>/<name>/new/estimates.json`; `cargo run -- bench-table`
//! turns them into the markdown tables that chapter 5 and the appendix include
//! from `book/bench/`. Timings depend on the machine, so they are measured, not
//! tested: `cargo test` only checks that the tables are well formed.

use std::path::{Path, PathBuf};

/// The mean time of one benchmark, in seconds, with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

/// Reads `target/criterion/<id>/new/estimates.json` (criterion stores nanoseconds).
pub fn read_estimate(criterion_dir: &Path, id: &str) -> Result<Estimate, String> {
    let path = criterion_dir.join(id).join("new").join("estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!("{}: {e} (run the benchmark first: see benches/README.md)", path.display())
    })?;
    // The file is small and regular: {"mean":{"confidence_interval":{...,"lower_bound":L,"upper_bound":U},"point_estimate":P,...},...}
    let mean =
        text.split("\"mean\":").nth(1).ok_or_else(|| format!("{}: no \"mean\"", path.display()))?;
    let number = |key: &str| -> Result<f64, String> {
        let after = mean
            .split(&format!("\"{key}\":"))
            .nth(1)
            .ok_or_else(|| format!("{}: no {key} in mean", path.display()))?;
        let digits: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            .collect();
        digits
            .parse::<f64>()
            .map(|ns| ns * 1e-9)
            .map_err(|_| format!("{}: {key} is not a number", path.display()))
    };
    Ok(Estimate {
        mean: number("point_estimate")?,
        low: number("lower_bound")?,
        high: number("upper_bound")?,
    })
}

/// A duration for a table: `1.23 ms`, `4.56 s`.
pub fn human(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

fn criterion_dir() -> PathBuf {
    crate::layout::target_dir().join("criterion")
}

/// The table of chapter 5: one gradient by each method, and the ratio.
pub fn gradient_table(dir: &Path) -> Result<String, String> {
    let backprop = read_estimate(dir, "gradient/backprop")?;
    let numerical = read_estimate(dir, "gradient/numerical")?;
    Ok(format!(
        "| one gradient of 784-50-10, batch 100 (f64) | time (95% interval) |\n\
         |---|---|\n\
         | backpropagation (`gradient`) | {} ({} to {}) |\n\
         | numerical differentiation (`numerical_gradient`) | {} ({} to {}) |\n\
         | **ratio** | **numerical is {:.0} times slower** |\n",
        human(backprop.mean),
        human(backprop.low),
        human(backprop.high),
        human(numerical.mean),
        human(numerical.low),
        human(numerical.high),
        numerical.mean / backprop.mean
    ))
}

/// The NumPy times written by `benches/numpy_full_run.py --json`: their mean
/// and the NumPy version.
pub fn read_numpy(path: &Path) -> Result<(f64, String), String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!("{}: {e} (run benches/numpy_full_run.py with --json first)", path.display())
    })?;
    let version = text
        .split("\"numpy\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or_else(|| format!("{}: no numpy version", path.display()))?
        .to_string();
    let list = text
        .split("\"seconds\": [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .ok_or_else(|| format!("{}: no seconds", path.display()))?;
    let times: Vec<f64> = list
        .split(',')
        .map(|t| {
            t.trim().parse::<f64>().map_err(|_| format!("{}: `{t}` is not a time", path.display()))
        })
        .collect::<Result<_, _>>()?;
    if times.is_empty() {
        return Err(format!("{}: no times", path.display()));
    }
    Ok((times.iter().sum::<f64>() / times.len() as f64, version))
}

/// The table of the appendix: the full run in NumPy (on both cores, and on one
/// when `numpy_one_core_json` exists), and in Rust f64 and f32.
pub fn training_table(
    dir: &Path,
    numpy_json: &Path,
    numpy_one_core_json: &Path,
) -> Result<String, String> {
    let f64_run = read_estimate(dir, "full-run_f64")?;
    let f32_run = read_estimate(dir, "full-run_f32")?;
    let (numpy, version) = read_numpy(numpy_json)?;
    let mut table = format!(
        "| the full run (10000 iterations, 17 evaluations) | time | speed-up over NumPy |\n\
         |---|---|---|\n\
         | NumPy {version}, f64, OpenBLAS on both cores (`benches/numpy_full_run.py`) | {} | 1.0 × |\n",
        human(numpy)
    );
    if let Ok((one_core, _)) = read_numpy(numpy_one_core_json) {
        table += &format!(
            "| NumPy {version}, f64, one core (`OPENBLAS_NUM_THREADS=1`) | {} | {:.1} × |\n",
            human(one_core),
            numpy / one_core
        );
    }
    table += &format!(
        "| nnlearn, f64 (`--precision f64`, the book's numbers) | {} | {:.1} × |\n\
         | nnlearn, f32 (`--precision f32`) | {} | {:.1} × |\n",
        human(f64_run.mean),
        numpy / f64_run.mean,
        human(f32_run.mean),
        numpy / f32_run.mean
    );
    Ok(table)
}

/// Writes `book/bench/gradient.md` and `book/bench/training.md` from the results
/// that are available, and says which are missing.
pub fn write_tables() -> Result<(), String> {
    let out = crate::layout::bench_dir();
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let target = crate::layout::target_dir();
    let tables = [
        ("gradient.md", gradient_table(&criterion_dir())),
        (
            "training.md",
            training_table(
                &criterion_dir(),
                &target.join("numpy-full-run.json"),
                &target.join("numpy-full-run-1thread.json"),
            ),
        ),
    ];
    let mut wrote = 0;
    for (name, table) in tables {
        match table {
            Ok(table) => {
                let path = out.join(name);
                std::fs::write(&path, table).map_err(|e| format!("{}: {e}", path.display()))?;
                println!("wrote {}", path.display());
                wrote += 1;
            }
            Err(e) => eprintln!("skipped {name}: {e}"),
        }
    }
    if wrote == 0 {
        return Err("no benchmark results found: see benches/README.md".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_estimates() {
        let dir = std::env::temp_dir().join(format!("nnlearn-bench-{}", std::process::id()));
        for (id, ns) in [("gradient/backprop", 1.5e6), ("gradient/numerical", 3.0e10)] {
            let d = dir.join(id).join("new");
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(
                d.join("estimates.json"),
                format!(
                    r#"{{"mean":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{ns},"standard_error":1.0}},"median":{{"point_estimate":1}}}}"#,
                    ns * 0.9,
                    ns * 1.1
                ),
            )
            .unwrap();
        }
        let table = gradient_table(&dir).unwrap();
        assert!(
            table.contains("| backpropagation (`gradient`) | 1.50 ms (1.35 ms to 1.65 ms) |"),
            "{table}"
        );
        assert!(table.contains("numerical is 20000 times slower"), "{table}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_the_numpy_times() {
        let path = std::env::temp_dir().join(format!("nnlearn-numpy-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"numpy": "2.4.6", "seconds": [30.0, 28.0, 29.0]}"#).unwrap();
        assert_eq!(read_numpy(&path).unwrap(), (29.0, "2.4.6".to_string()));
        std::fs::remove_file(&path).unwrap();
    }

    /// The tables the book includes exist and are well-formed markdown tables
    /// (their numbers are measurements, so only their shape is tested).
    #[test]
    fn the_committed_tables_are_tables() {
        for name in ["gradient.md", "training.md"] {
            let path = crate::layout::bench_dir().join(name);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let rows: Vec<&str> = text.lines().collect();
            assert!(rows.len() >= 4, "{text}");
            assert!(rows.iter().all(|r| r.starts_with('|') && r.ends_with('|')), "{text}");
            assert!(rows[1].starts_with("|---"), "{text}");
        }
    }

    #[test]
    fn a_missing_benchmark_says_what_to_run() {
        let err = read_estimate(Path::new("/nonexistent"), "gradient/backprop").unwrap_err();
        assert!(err.contains("run the benchmark first"), "{err}");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(2.345), "2.35 s");
        assert_eq!(human(0.00123), "1.23 ms");
        assert_eq!(human(4.5e-6), "4.5 µs");
    }
}
