//! The benchmark tables of the book, written from criterion's results.
//!
//! `cargo bench` leaves each benchmark's estimates in
//! `target/criterion/<group>/<name>/new/estimates.json`; `cargo run -- bench-table`
//! turns them into the markdown tables that chapter 5 and the appendix include
//! from `book/bench/`. Timings depend on the machine, so they are measured, not
//! tested: `cargo test` only checks that the tables are well formed. Both JSON
//! files are read with serde_json into the few fields the tables use (the
//! others are ignored, so a newer criterion or another contender in
//! `compare.json` does not break the reader).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::atomic_file::write_file;

/// The mean time of one benchmark, in seconds, with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

/// The part of criterion's `estimates.json` that the tables use:
/// `{"mean": {"confidence_interval": {"lower_bound": L, "upper_bound": U, ...},
/// "point_estimate": P, ...}, ...}`, in nanoseconds.
#[derive(Deserialize)]
struct Estimates {
    mean: MeanEstimate,
}

#[derive(Deserialize)]
struct MeanEstimate {
    confidence_interval: ConfidenceInterval,
    point_estimate: f64,
}

#[derive(Deserialize)]
struct ConfidenceInterval {
    lower_bound: f64,
    upper_bound: f64,
}

/// Reads `target/criterion/<id>/new/estimates.json` (criterion stores nanoseconds).
pub fn read_estimate(criterion_dir: &Path, id: &str) -> Result<Estimate> {
    let path = criterion_dir.join(id).join("new").join("estimates.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!("{}: run the benchmark first: see benches/README.md", path.display())
    })?;
    let e: Estimates = serde_json::from_str(&text)
        .with_context(|| format!("{}: not criterion's estimates", path.display()))?;
    let (mean, interval) = (e.mean.point_estimate, e.mean.confidence_interval);
    let times = [mean, interval.lower_bound, interval.upper_bound];
    if !times.iter().all(|t| t.is_finite() && *t > 0.0) {
        bail!("{}: the times {times:?} are not positive numbers", path.display());
    }
    let [mean, low, high] = times.map(|ns| ns * 1e-9);
    Ok(Estimate { mean, low, high })
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
pub fn gradient_table(dir: &Path) -> Result<String> {
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

/// The floating-point operations of the full run's matrix products: per
/// iteration the forward pass twice (the gradient's and the loss after the
/// update) and the two products of backpropagation per layer; 17 evaluations on
/// 70000 images. (`2 m k n` for an `m × k` by `k × n` product.)
pub fn full_run_flops() -> f64 {
    let (batch, input, hidden, output) = (100.0, 784.0, 50.0, 10.0);
    let layer1 = 2.0 * batch * input * hidden;
    let layer2 = 2.0 * batch * hidden * output;
    let iteration = 3.0 * layer1 + 4.0 * layer2;
    let evaluation = 70000.0 * 2.0 * (input * hidden + hidden * output);
    10000.0 * iteration + 17.0 * evaluation
}

/// One core's peak in floating-point operations per second, from the `peak-<type>`
/// benchmark of `benches/gemm.rs` (2²⁴ fused multiply-adds, 2 operations each).
pub fn peak(dir: &Path, float: &str) -> Result<f64> {
    let e = read_estimate(dir, &format!("peak-{float}/one-core"))?;
    Ok(2.0 * f64::from(1u32 << 24) / e.mean)
}

/// The whole-process times that `benches/compare.sh` writes to
/// `target/compare.json`: for each contender, its time in every kept round,
/// the load average before and after each round, and what ran where.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub numpy_version: String,
    /// The BLAS kernel NumPy ran, as threadpoolctl reported it.
    pub kernel: String,
    pub candle_version: String,
    pub cpu: String,
    pub cores: u32,
    /// The day of the measurement (UTC, `YYYY-MM-DD`).
    pub date: String,
    /// The times of each round, in the order of [`CONTENDERS`].
    pub pairs: Vec<[f64; 6]>,
    /// The one-minute load average before and after each round.
    pub loads: Vec<[f64; 2]>,
    /// Whether compilers ran on the machine during the rounds (`BUSY_OK=1`).
    pub busy: bool,
}

/// The row that says a table was measured on a busy machine.
pub const BUSY_ROW: &str = "| *measured while other programs compiled on the same two cores: every time is longer than on a quiet machine, and not by the same factor* |";

/// The contenders of a round, in the order `compare.sh` runs them.
pub const CONTENDERS: [&str; 6] =
    ["nnlearn_f64", "numpy_f64", "candle_f64", "nnlearn_f32", "numpy_f32", "candle_f32"];

/// `target/compare.json` as `compare.sh` writes it (other fields are ignored).
#[derive(Deserialize)]
struct ComparisonFile {
    numpy: String,
    kernel: String,
    candle: String,
    cpu: String,
    cores: u32,
    date: String,
    pairs: Vec<Round>,
    #[serde(default)]
    busy: bool,
}

/// One round of runs: each contender's whole-process time, in seconds (the
/// fields in the order of [`CONTENDERS`]), and the load average before and after.
#[derive(Deserialize)]
struct Round {
    nnlearn_f64: f64,
    numpy_f64: f64,
    candle_f64: f64,
    nnlearn_f32: f64,
    numpy_f32: f64,
    candle_f32: f64,
    load: [f64; 2],
}

/// Reads `target/compare.json` (written by `benches/compare.sh`).
pub fn read_comparison(path: &Path) -> Result<Comparison> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: run benches/compare.sh first", path.display()))?;
    let file: ComparisonFile = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: not the comparison compare.sh writes (run benches/compare.sh again)",
            path.display()
        )
    })?;
    if file.pairs.is_empty() {
        bail!("{}: no pairs", path.display());
    }
    let pairs: Vec<[f64; 6]> = file
        .pairs
        .iter()
        .map(|r| {
            [r.nnlearn_f64, r.numpy_f64, r.candle_f64, r.nnlearn_f32, r.numpy_f32, r.candle_f32]
        })
        .collect();
    if let Some(pair) = pairs.iter().find(|p| !p.iter().all(|t| t.is_finite() && *t > 0.0)) {
        bail!("{}: the round {pair:?} holds a time that is not a positive number", path.display());
    }
    let loads = file.pairs.iter().map(|r| r.load).collect();
    Ok(Comparison {
        numpy_version: file.numpy,
        kernel: file.kernel,
        candle_version: file.candle,
        cpu: file.cpu,
        cores: file.cores,
        date: file.date,
        pairs,
        loads,
        busy: file.busy,
    })
}

/// The median of some numbers (the mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// The table of the appendix: the whole process of the full run, nnlearn,
/// NumPy and candle, medians over alternating rounds; the ratio of nnlearn's
/// time to each peer's in the same round (its median over the rounds); the
/// share of the two cores' peak that the run's products reach (when the peak
/// benchmark has run); and a last row naming the processor, NumPy's kernel,
/// the day and the load.
pub fn training_table(comparison: &Comparison, peaks: Option<(f64, f64)>) -> String {
    let c = comparison;
    let column = |i: usize| c.pairs.iter().map(|p| p[i]).collect::<Vec<f64>>();
    let ratio = |rust: usize, peer: usize| {
        median(&c.pairs.iter().map(|p| p[rust] / p[peer]).collect::<Vec<f64>>())
    };
    let share = |time: f64, peak: Option<f64>| match peak {
        Some(peak) => format!("{:.0} %", 100.0 * full_run_flops() / time / (2.0 * peak)),
        None => "(run `cargo bench --bench gemm`)".into(),
    };
    let (peak64, peak32) = match peaks {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let mut table = format!(
        "| the full run, whole process: loading, 10000 iterations, 17 evaluations (median of {} rounds) | time | nnlearn's time / NumPy's | nnlearn's time / candle's | share of the two cores' peak |\n\
         |---|---|---|---|---|\n",
        c.pairs.len()
    );
    let (numpy, candle) = (&c.numpy_version, &c.candle_version);
    let rows = [
        (format!("NumPy {numpy}, float64 (`benches/numpy_full_run.py`)"), 1, None, peak64),
        (format!("candle {candle}, f64 (`benches/candle`: candle-nn, autograd)"), 2, None, peak64),
        ("nnlearn, f64 (`train`, the book's numbers)".to_string(), 0, Some((1, 2)), peak64),
        (format!("NumPy {numpy}, float32 throughout (`--float32`)"), 4, None, peak32),
        (format!("candle {candle}, f32 (`--float32`)"), 5, None, peak32),
        ("nnlearn, f32 (`train --precision f32`)".to_string(), 3, Some((4, 5)), peak32),
    ];
    for (name, i, peers, peak) in rows {
        let time = median(&column(i));
        let against = match peers {
            Some((numpy, candle)) => {
                format!("**{:.2}** | **{:.2}**", ratio(i, numpy), ratio(i, candle))
            }
            None => " | ".into(),
        };
        table += &format!("| {name} | {} | {against} | {} |\n", human(time), share(time, peak));
    }
    let loads: Vec<f64> = c.loads.iter().flatten().copied().collect();
    let (low, high) =
        loads.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| (l.min(x), h.max(x)));
    table += &format!(
        "| *{}, {} cores, {}; NumPy's kernel: {}; load average {low:.1} to {high:.1} around the rounds* |  |  |  |  |\n",
        c.cpu, c.cores, c.date, c.kernel
    );
    if c.busy {
        table += &format!("{BUSY_ROW}  |  |  |  |\n");
    }
    table
}

/// The ceiling of the products: one core's peak, and each product of the run
/// by `matrixmultiply` and by the fast path's kernels, in billions of
/// floating-point operations per second and as a share of the peak.
pub fn gemm_table(dir: &Path, busy: bool) -> Result<String> {
    let mut table = String::from(
        "| one core | f64: GFLOP/s | share of the peak | f32: GFLOP/s | share of the peak |\n\
         |---|---|---|---|---|\n",
    );
    let (peak64, peak32) = (peak(dir, "f64")?, peak(dir, "f32")?);
    table += &format!(
        "| peak: independent fused multiply-adds only | {:.0} | 100 % | {:.0} | 100 % |\n",
        peak64 * 1e-9,
        peak32 * 1e-9
    );
    let shapes = [
        ("batch-forward-100x784x50", "`x W1`, a batch: 100 × 784 by 784 × 50"),
        ("batch-gradient-784x100x50", "`xᵀ δ`, a batch: 784 × 100 by 100 × 50"),
        ("evaluation-100x784x50", "`x W1`, a chunk of an evaluation: 100 × 784 by 784 × 50"),
    ];
    for (id, what) in shapes {
        for (who, name) in
            [("matrixmultiply", "matrixmultiply"), ("fast", "the fast path's kernels")]
        {
            let flops = |float: &str| -> Result<f64> {
                let e = read_estimate(dir, &format!("gemm-{float}/{who}/{id}"))?;
                let dims: Vec<f64> = id
                    .rsplit('-')
                    .next()
                    .unwrap_or("")
                    .split('x')
                    .filter_map(|d| d.parse().ok())
                    .collect();
                Ok(2.0 * dims.iter().product::<f64>() / e.mean)
            };
            let (f64_rate, f32_rate) = (flops("f64")?, flops("f32")?);
            table += &format!(
                "| {what}, {name} | {:.0} | {:.0} % | {:.0} | {:.0} % |\n",
                f64_rate * 1e-9,
                100.0 * f64_rate / peak64,
                f32_rate * 1e-9,
                100.0 * f32_rate / peak32
            );
        }
    }
    if busy {
        table += &format!("{BUSY_ROW}  |  |  |  |\n");
    }
    Ok(table)
}

/// Writes `book/bench/gradient.md` and `book/bench/training.md` from the results
/// that are available, and says which are missing.
pub fn write_tables() -> Result<()> {
    let out = crate::layout::bench_dir();
    let target = crate::layout::target_dir();
    let dir = criterion_dir();
    let peaks = peak(&dir, "f64").and_then(|a| Ok((a, peak(&dir, "f32")?))).ok();
    let comparison = read_comparison(&target.join("compare.json"));
    let busy = comparison.as_ref().is_ok_and(|c| c.busy);
    let tables = [
        ("gradient.md", gradient_table(&dir)),
        ("training.md", comparison.map(|c| training_table(&c, peaks))),
        ("gemm.md", gemm_table(&dir, busy)),
    ];
    let mut wrote = 0;
    for (name, table) in tables {
        match table {
            Ok(table) => {
                let path = out.join(name);
                write_file(&path, &table)?;
                println!("wrote {}", path.display());
                wrote += 1;
            }
            Err(e) => eprintln!("skipped {name}: {e:#}"),
        }
    }
    if wrote == 0 {
        bail!("no benchmark results found: see benches/README.md");
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
    fn reads_the_comparison_and_takes_medians() {
        let path =
            std::env::temp_dir().join(format!("nnlearn-compare-{}.json", std::process::id()));
        std::fs::write(
            &path,
            r#"{"numpy": "2.4.6", "kernel": "openblas 0.3.31 SkylakeX kernels, 2 threads", "candle": "0.9.1",
 "cpu": "AMD EPYC", "cores": 2, "date": "2026-12-03", "busy": false, "pairs": [
{"nnlearn_f64": 3.0, "numpy_f64": 12.0, "candle_f64": 15.0, "nnlearn_f32": 2.0, "numpy_f32": 6.0, "candle_f32": 10.0, "load": [2.5, 3.25]},
{"nnlearn_f64": 5.0, "numpy_f64": 10.0, "candle_f64": 30.0, "nnlearn_f32": 2.5, "numpy_f32": 5.0, "candle_f32": 8.0, "load": [1.75, 2.0]},
{"nnlearn_f64": 4.0, "numpy_f64": 20.0, "candle_f64": 12.0, "nnlearn_f32": 1.0, "numpy_f32": 8.0, "candle_f32": 9.0, "load": [4.0, 6.5]}
]}"#,
        )
        .unwrap();
        let c = read_comparison(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(c.numpy_version, "2.4.6");
        assert_eq!(c.candle_version, "0.9.1");
        assert_eq!((c.cores, c.date.as_str()), (2, "2026-12-03"));
        assert_eq!(c.pairs.len(), 3);
        assert_eq!(c.pairs[1], [5.0, 10.0, 30.0, 2.5, 5.0, 8.0]);
        assert_eq!(c.loads[2], [4.0, 6.5]);
        assert!(!c.busy);
        let table = training_table(&c, Some((80e9, 160e9)));
        // Medians: nnlearn f64 4 s, NumPy 12 s; the ratios to NumPy 0.25, 0.5, 0.2
        // have median 0.25; to candle 0.2, 1/6, 1/3: median 0.2.
        assert!(
            table.contains(
                "| nnlearn, f64 (`train`, the book's numbers) | 4.00 s | **0.25** | **0.20** | 52 % |"
            ),
            "{table}"
        );
        assert!(
            table
                .contains("| NumPy 2.4.6, float64 (`benches/numpy_full_run.py`) | 12.00 s |  |  |"),
            "{table}"
        );
        assert!(
            table.contains(
                "| candle 0.9.1, f64 (`benches/candle`: candle-nn, autograd) | 15.00 s |  |  |"
            ),
            "{table}"
        );
        // float32: the ratios to NumPy 1/3, 0.5, 0.125: median 1/3; to candle
        // 0.2, 0.3125, 1/9: median 0.2.
        assert!(table.contains("| 2.00 s | **0.33** | **0.20** |"), "{table}");
        // 333.7 GFLOP in 4 s on two cores of 80 GFLOP/s: 52 %.
        // The machine, the kernel, the day and the range of the loads.
        assert!(
            table.contains("| *AMD EPYC, 2 cores, 2026-12-03; NumPy's kernel: openblas 0.3.31 SkylakeX kernels, 2 threads; load average 1.8 to 6.5 around the rounds* |"),
            "{table}"
        );
        let rows: Vec<&str> = table.lines().collect();
        let columns = |row: &str| row.matches('|').count();
        assert!(rows.iter().all(|r| columns(r) == columns(rows[0])), "{table}");
    }

    /// A comparison from before candle and the kernel were recorded is
    /// refused with what to do, not read as zeros.
    #[test]
    fn an_old_comparison_says_to_run_again() {
        let path =
            std::env::temp_dir().join(format!("nnlearn-old-compare-{}.json", std::process::id()));
        std::fs::write(
            &path,
            r#"{"numpy": "2.4.6", "cpu": "AMD EPYC", "cores": 2, "busy": false, "pairs": [
{"nnlearn_f64": 3.0, "numpy_f64": 12.0, "nnlearn_f32": 2.0, "numpy_f32": 6.0, "load": [1.0, 1.0]}
]}"#,
        )
        .unwrap();
        let err = format!("{:#}", read_comparison(&path).unwrap_err());
        std::fs::remove_file(&path).unwrap();
        assert!(err.contains("run benches/compare.sh again"), "{err}");
        assert!(err.contains("missing field `candle_f64`"), "{err}");
    }

    /// What is not the file it should be is refused with its path and the
    /// field at fault, not read as some other number.
    #[test]
    fn malformed_json_is_named() {
        let dir = std::env::temp_dir().join(format!("nnlearn-bad-json-{}", std::process::id()));
        let write = |id: &str, text: &str| {
            let d = dir.join(id).join("new");
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("estimates.json"), text).unwrap();
        };
        let error = |id: &str| format!("{:#}", read_estimate(&dir, id).unwrap_err());
        write("no-mean", r#"{"median":{"point_estimate":1}}"#);
        let e = error("no-mean");
        assert!(e.contains("no-mean") && e.contains("missing field `mean`"), "{e}");
        write("cut", r#"{"mean":{"confidence_interval":{"lower_bound":1,"#);
        assert!(error("cut").contains("not criterion's estimates"));
        let interval = r#""confidence_interval":{"lower_bound":1,"upper_bound":2}"#;
        write("text", &format!(r#"{{"mean":{{{interval},"point_estimate":"fast"}}}}"#));
        assert!(error("text").contains("invalid type: string"), "{}", error("text"));
        write("negative", &format!(r#"{{"mean":{{{interval},"point_estimate":-1.0}}}}"#));
        assert!(error("negative").contains("not positive numbers"), "{}", error("negative"));

        let path = dir.join("compare.json");
        let compare = |text: &str| {
            std::fs::write(&path, text).unwrap();
            format!("{:#}", read_comparison(&path).unwrap_err())
        };
        let head = r#""numpy": "2.4.6", "kernel": "SkylakeX", "candle": "0.9.2", "cpu": "x", "cores": 2, "date": "2026-12-03""#;
        let e = compare(&format!(
            r#"{{{head}, "pairs": [{{"nnlearn_f64": 3.0, "numpy_f64": 12.0, "candle_f64": 9.0, "nnlearn_f32": 2.0, "candle_f32": 5.0, "load": [1, 1]}}]}}"#
        ));
        assert!(e.contains("compare.json") && e.contains("missing field `numpy_f32`"), "{e}");
        assert!(compare(&format!(r#"{{{head}, "pairs": []}}"#)).ends_with("no pairs"));
        let e = compare(&format!(
            r#"{{{head}, "pairs": [{{"nnlearn_f64": 0, "numpy_f64": 1, "candle_f64": 1, "nnlearn_f32": 1, "numpy_f32": 1, "candle_f32": 1, "load": [1, 1]}}]}}"#
        ));
        assert!(e.contains("not a positive number"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_run_is_about_330_gflop() {
        assert_eq!(full_run_flops(), 333.686e9);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn a_missing_comparison_says_what_to_run() {
        let err =
            format!("{:#}", read_comparison(Path::new("/nonexistent/compare.json")).unwrap_err());
        assert!(err.contains("run benches/compare.sh first"), "{err}");
    }

    /// The tables the book includes exist and are well-formed markdown tables
    /// (their numbers are measurements, so only their shape is tested).
    #[test]
    fn the_committed_tables_are_tables() {
        for name in ["gradient.md", "training.md", "gemm.md", "widget.md", "page-weight.md"] {
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
        let err = format!(
            "{:#}",
            read_estimate(Path::new("/nonexistent"), "gradient/backprop").unwrap_err()
        );
        assert!(err.contains("run the benchmark first"), "{err}");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human(2.345), "2.35 s");
        assert_eq!(human(0.00123), "1.23 ms");
        assert_eq!(human(4.5e-6), "4.5 µs");
    }
}
