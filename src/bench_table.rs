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
        format!(
            "{}: {e} (run the benchmark first: see benches/README.md)",
            path.display()
        )
    })?;
    // The file is small and regular: {"mean":{"confidence_interval":{...,"lower_bound":L,"upper_bound":U},"point_estimate":P,...},...}
    let mean = text
        .split("\"mean\":")
        .nth(1)
        .ok_or_else(|| format!("{}: no \"mean\"", path.display()))?;
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
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/criterion"))
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

/// Writes `book/bench/gradient.md` (and `training.md` when that benchmark ran).
pub fn write_tables() -> Result<(), String> {
    let out = crate::generated::book_dir().join("bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let table = gradient_table(&criterion_dir())?;
    let path = out.join("gradient.md");
    std::fs::write(&path, table).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
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
