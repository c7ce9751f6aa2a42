//! The command line of the book, `nnlearn`: run any listing, redraw any figure,
//! re-run any experiment with other parameters.
//!
//! `cargo run -- --help` lists the commands; `cargo run -- <command> --help`
//! explains each one's parameters. The book's lint parses every command the
//! chapters show with [`Cli::try_parse_args`], so none of them can go stale.

use std::path::PathBuf;

use crate::{figures, generated, listings};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "nnlearn",
    version,
    about = "How Neural Networks Learn, in Rust: the book's experiments"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Redraw every figure and rewrite every listing output of the book (after an
    /// intended change; `cargo test` checks they are up to date).
    Regen,
    /// Run one listing of the book and print what it writes (no name: list them).
    Listing {
        /// The listing's name, as in `book/outputs/<name>.txt`.
        name: Option<String>,
    },
    /// Chapter 3: the tangent of f(x) = 0.01x² + 0.1x at each x given, drawn with f.
    Tangent {
        /// Where to draw a tangent (repeat for several).
        #[arg(long = "at", default_values_t = [5.0, 10.0], allow_hyphen_values = true)]
        at: Vec<f64>,
        #[command(flatten)]
        out: OutFile,
    },
    /// Chapter 3: error of the forward and central differences of x³ against the step h.
    DiffError {
        /// The point where the derivative of x³ is estimated (true value 3x²).
        #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
        x: f64,
        #[command(flatten)]
        out: OutFile,
    },
    /// Chapter 4: the field of negative gradients of x0² + x1² as arrows.
    Field {
        /// Spacing of the grid of arrows (the book: 0.25; at least 0.05).
        #[arg(long, default_value_t = 0.25, value_parser = grid_step)]
        step: f64,
        #[command(flatten)]
        out: OutFile,
    },
    /// Chapter 4: gradient descent on x0² + x1², drawn step by step.
    Descent {
        /// Learning rate η (the book: 0.1).
        #[arg(long, default_value_t = 0.1, value_parser = positive, allow_hyphen_values = true)]
        lr: f64,
        /// Number of steps.
        #[arg(long, default_value_t = 20, value_parser = descent_steps)]
        steps: usize,
        /// Start point x0,x1.
        #[arg(long, default_value = "-3,4", value_parser = point, allow_hyphen_values = true)]
        start: [f64; 2],
        #[command(flatten)]
        out: OutFile,
    },
    /// Chapter 4: distance to the minimum against the step, for several learning rates.
    LearningRates {
        /// Learning rates to compare (repeat the flag; the book: 10, 0.1, 1e-10).
        #[arg(long = "lr", default_values_t = [10.0, 0.1, 1e-10], value_parser = positive, allow_hyphen_values = true)]
        rates: Vec<f64>,
        /// Number of steps.
        #[arg(long, default_value_t = 100, value_parser = descent_steps)]
        steps: usize,
        /// Start point x0,x1.
        #[arg(long, default_value = "-3,4", value_parser = point, allow_hyphen_values = true)]
        start: [f64; 2],
        #[command(flatten)]
        out: OutFile,
    },
    /// Chapter 4: the 2×3 network's loss and numerical gradient, with random weights.
    SimpleNet {
        /// Seed of the random weights (omit it for the book's fixed weights).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Chapter 5: train the two-layer network on MNIST with mini-batch SGD.
    Train(TrainArgs),
    /// Re-run a training run that the book quotes (`full`: the original's run on
    /// the full MNIST; `overfit`: 300 images) and record it in book/runs/<name>/,
    /// or, with --check, compare it with the record.
    BookRun {
        /// `full` or `overfit`.
        name: String,
        /// Compare with the committed record instead of overwriting it.
        #[arg(long)]
        check: bool,
    },
    /// Download the full MNIST (four files, verified against pinned sha256 hashes;
    /// files already present and good are not downloaded again).
    Download {
        /// Where to put the files (default: $MNIST_DIR, else data/mnist/).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Base URL of the mirror.
        #[arg(long, default_value = crate::mnist::OSSCI_MIRROR)]
        mirror: String,
    },
    /// Rewrite data/mnist-subset/ (the first 5000 training and 1000 test images,
    /// gzipped reproducibly) from the full MNIST files in --from.
    MnistSubset {
        /// Folder of the four full MNIST files.
        #[arg(long)]
        from: PathBuf,
    },
    /// Write the benchmark tables the book shows (book/bench/*.md) from the last
    /// `cargo bench` results in target/criterion/.
    BenchTable,
    /// Check your answer to an exercise (no id: list the exercises and their state).
    Exercise {
        /// The exercise, as numbered in the book, for example `2.1`.
        id: Option<String>,
    },
    /// Draw one figure of the book as it appears there (no name: list them).
    Figure {
        /// The figure's name, as in `book/figures/<name>.svg`.
        name: Option<String>,
        /// Where to write the SVG (default: `<name>.svg` in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

impl Cli {
    /// Parses a command line (`argv[0]` is the program name), or says why not.
    /// `Ok(None)` means the line asks for `--help` or `--version`.
    pub fn try_parse_args<I, T>(argv: I) -> Result<Option<Cli>, String>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::error::ErrorKind;
        match Cli::try_parse_from(argv) {
            Ok(cli) => Ok(Some(cli)),
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
                Ok(None)
            }
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The parameters of `train`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainArgs {
    /// Number of iterations (mini-batch updates).
    #[arg(long, default_value_t = 10000)]
    pub iters: usize,
    /// Images per mini-batch.
    #[arg(long, default_value_t = 100)]
    pub batch_size: usize,
    /// Learning rate.
    #[arg(long = "lr", default_value_t = 0.1, value_parser = positive, allow_hyphen_values = true)]
    pub learning_rate: f64,
    /// Neurons in the hidden layer.
    #[arg(long, default_value_t = 50)]
    pub hidden: usize,
    /// Seed of the weights and of the mini-batch draws.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// How to compute the gradient (numerical: about 80 000 loss evaluations per step).
    #[arg(long = "grad", value_enum, default_value_t = crate::train::GradientMethod::Backprop)]
    pub method: crate::train::GradientMethod,
    /// Floating-point precision of the arithmetic.
    #[arg(long, value_enum, default_value_t = Precision::F64)]
    pub precision: Precision,
    /// Use only the first N training images (the overfitting experiment uses 300).
    #[arg(long)]
    pub train_size: Option<usize>,
    /// Evaluate every N iterations (default: once per epoch, as the original).
    #[arg(long)]
    pub eval_every: Option<usize>,
    /// Folder of the four MNIST files (default: $MNIST_DIR, else data/mnist/).
    /// `--data-dir subset` uses the 5000 + 1000 images shipped in data/mnist-subset/.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Where to write the loss log, the accuracies and the figures.
    #[arg(long, default_value = "target/experiments/train")]
    pub out_dir: PathBuf,
}

/// The floating-point type the network computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Precision {
    F64,
    F32,
}

/// Where an experiment writes its figure.
#[derive(clap::Args, Debug, Clone)]
pub struct OutFile {
    /// Where to write the figure (SVG). Default: target/experiments/<command>.svg
    #[arg(long = "out")]
    pub path: Option<PathBuf>,
}

impl OutFile {
    /// Writes `svg` to the chosen path (creating its folder) and says where.
    fn write(
        &self,
        default_name: &str,
        svg: Result<String, crate::plot::PlotError>,
    ) -> Result<(), String> {
        let svg = svg.map_err(|e| e.to_string())?;
        let path = self.path.clone().unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/experiments"))
                .join(format!("{default_name}.svg"))
        });
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, svg).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("figure written to {}", path.display());
        Ok(())
    }
}

/// Parses a learning rate or a step: a positive finite number.
fn positive(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(format!("{text} must be a positive finite number"))
    }
}

/// Parses the spacing of the gradient field: 0.05 or more (a finer grid would
/// draw hundreds of thousands of arrows, too many to see).
fn grid_step(text: &str) -> Result<f64, String> {
    let step = positive(text)?;
    if step < 0.05 {
        return Err(format!(
            "a grid step of {text} would draw too many arrows; use 0.05 or more"
        ));
    }
    Ok(step)
}

/// Parses a number of descent steps: at most 100000 (every point is kept and drawn).
fn descent_steps(text: &str) -> Result<usize, String> {
    let steps: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if steps > 100_000 {
        return Err(format!(
            "{steps} steps: use at most 100000 (every point is kept and drawn)"
        ));
    }
    Ok(steps)
}

/// Parses a point `x0,x1`.
fn point(text: &str) -> Result<[f64; 2], String> {
    let parts: Vec<&str> = text.split(',').collect();
    let [a, b] = parts.as_slice() else {
        return Err(format!(
            "`{text}` is not a point: write x0,x1 (for example -3,4)"
        ));
    };
    let parse = |s: &str| {
        s.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("`{s}` in `{text}` is not a finite number"))
    };
    Ok([parse(a)?, parse(b)?])
}

/// Runs a parsed command; the error is a message for the terminal.
pub fn run(cli: Cli) -> Result<(), String> {
    use crate::figures::{gradients as g, numerical_differentiation as nd};
    use crate::pyrepr::{repr, repr_list};
    match cli.command {
        Command::Tangent { at, out } => {
            for &x in &at {
                let (slope, intercept) = crate::diff::tangent_line(crate::diff::function_1, x);
                println!(
                    "tangent at x = {x}: y = {} t + {}",
                    repr(slope),
                    repr(intercept)
                );
            }
            out.write("tangent", nd::tangents(&at))
        }
        Command::DiffError { x, out } => {
            println!(
                "h        forward error   central error   (true derivative {})",
                repr(3.0 * x * x)
            );
            for (h, f, c) in nd::difference_errors(x, &nd::error_plot_steps()) {
                println!("{h:<8e} {f:<15.3e} {c:.3e}");
            }
            out.write("diff-error", nd::difference_error(x))
        }
        Command::Field { step, out } => {
            println!(
                "{} arrows on a grid of spacing {step}",
                g::field_points(step).nrows()
            );
            out.write("field", g::gradient_field(step))
        }
        Command::Descent {
            lr,
            steps,
            start,
            out,
        } => {
            let d = crate::gradient::gradient_descent(
                crate::gradient::function_2,
                &ndarray::array![start[0], start[1]],
                lr,
                steps,
            );
            println!("after {} steps: {}", d.path.len() - 1, repr_list(&d.x));
            if let Some((step, why)) = &d.diverged_at {
                println!("stopped at step {step}: {why}");
            }
            out.write("descent", g::descent_path(start, lr, steps))
        }
        Command::LearningRates {
            rates,
            steps,
            start,
            out,
        } => {
            for &lr in &rates {
                let d = crate::gradient::gradient_descent(
                    crate::gradient::function_2,
                    &ndarray::array![start[0], start[1]],
                    lr,
                    steps,
                );
                println!("lr = {lr:e}: {}", repr_list(&d.x));
            }
            out.write("learning-rates", g::learning_rates(start, &rates, steps))
        }
        Command::Train(args) => match args.precision {
            Precision::F64 => crate::experiment::train_command::<f64>(&args),
            Precision::F32 => crate::experiment::train_command::<f32>(&args),
        },
        Command::BookRun { name, check } => {
            let runs = crate::experiment::book_runs();
            let run = runs.iter().find(|r| r.name == name).ok_or_else(|| {
                let names: Vec<_> = runs.iter().map(|r| r.name).collect();
                format!("no book run called `{name}`; the runs are {names:?}")
            })?;
            eprintln!(
                "running `{}`: {} (data: {})",
                run.name,
                run.about,
                run.data_dir().display()
            );
            let started = std::time::Instant::now();
            let fresh = run.run()?;
            eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
            print!("{}", fresh.evaluations_text());
            if check {
                let verdict = crate::experiment::compare(&fresh, &run.record()?)?;
                println!("book/runs/{}: {verdict}", run.name);
                Ok(())
            } else {
                // The figures of a book run are drawn by `regen` into book/figures/.
                fresh.write_to(&run.dir(), false)?;
                println!(
                    "recorded in {}; now run `cargo run -- regen`",
                    run.dir().display()
                );
                Ok(())
            }
        }
        Command::Download { dir, mirror } => {
            use crate::mnist::{DownloadEvent, DownloadSource, download, mnist_dir};
            let dir = mnist_dir(dir.as_deref());
            let report = download(&dir, &DownloadSource::mnist(&mirror), |event| match event {
                DownloadEvent::Skipped { name, .. } => {
                    eprintln!("{name}: present and verified, kept")
                }
                DownloadEvent::Invalid { name, error, .. } => {
                    eprintln!("{name}: present but not valid ({error}); downloading a replacement")
                }
                DownloadEvent::Started { url, total, .. } => match total {
                    Some(n) => eprintln!("downloading {url} ({n} bytes)"),
                    None => eprintln!("downloading {url}"),
                },
                DownloadEvent::Saved { name, path } => {
                    eprintln!("{name}: verified, saved as {}", path.display())
                }
                _ => {}
            })
            .map_err(|e| e.to_string())?;
            println!(
                "{}: {} downloaded, {} already there ({} bytes received)",
                dir.display(),
                report.downloaded.len(),
                report.skipped.len(),
                report.bytes
            );
            Ok(())
        }
        Command::MnistSubset { from } => {
            let files = crate::mnist::write_subset(&from, &crate::mnist::subset_dir(), 5000, 1000)
                .map_err(|e| e.to_string())?;
            for file in files {
                println!(
                    "{}: {} samples, {} bytes, sha256 {} (content {})",
                    file.path.display(),
                    file.samples,
                    file.bytes,
                    file.sha256,
                    file.content_sha256
                );
            }
            Ok(())
        }
        Command::BenchTable => crate::bench_table::write_tables(),
        Command::Exercise { id } => crate::exercises::run_cli(id.as_deref()),
        Command::SimpleNet { seed } => {
            let net = match seed {
                Some(seed) => crate::simple_net::SimpleNet::new(seed),
                None => crate::simple_net::SimpleNet {
                    w: crate::simple_net::book_weights(),
                },
            };
            let x = ndarray::array![0.6, 0.9];
            let t = ndarray::array![0.0, 0.0, 1.0];
            println!("W =\n{:.8}", net.w);
            println!("loss = {}", repr(net.loss(&x, &t)));
            println!("dW =\n{:.8}", net.gradient(&x, &t));
            Ok(())
        }
        Command::Regen => {
            let changes = generated::regenerate(&generated::book_dir())?;
            if changes.is_empty() {
                println!("every figure and listing output is up to date");
            }
            for change in changes {
                println!("{change:?}");
            }
            Ok(())
        }
        Command::Listing { name: None } => {
            for l in listings::all() {
                println!("{}", l.name);
            }
            Ok(())
        }
        Command::Listing { name: Some(name) } => {
            let listing = listings::find(&name).ok_or_else(|| {
                format!("no listing called `{name}`; `cargo run -- listing` lists them")
            })?;
            print!("{}", listing.output().map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Figure { name: None, .. } => {
            for f in figures::all() {
                println!("{:<24} {}", f.name, f.command);
            }
            Ok(())
        }
        Command::Figure {
            name: Some(name),
            out,
        } => {
            let figure = figures::find(&name).ok_or_else(|| {
                format!("no figure called `{name}`; `cargo run -- figure` lists them")
            })?;
            let svg = (figure.draw)().map_err(|e| e.to_string())?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.svg")));
            std::fs::write(&out, svg).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("wrote {}", out.display());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> String {
        Cli::try_parse_args(line.split_whitespace())
            .err()
            .unwrap_or_default()
    }

    #[test]
    fn bad_parameters_are_named() {
        assert!(
            error_of("nnlearn descent --lr -1").contains("-1 must be a positive finite number")
        );
        assert!(
            error_of("nnlearn descent --lr nan").contains("nan must be a positive finite number")
        );
        assert!(error_of("nnlearn descent --start 1,2,3").contains("is not a point: write x0,x1"));
        assert!(
            error_of("nnlearn descent --start 1,x").contains("`x` in `1,x` is not a finite number")
        );
        assert!(error_of("nnlearn descent --steps 1000000000").contains("use at most 100000"));
        assert!(error_of("nnlearn field --step 0.001").contains("use 0.05 or more"));
        assert!(error_of("nnlearn train --lr 0").contains("0 must be a positive finite number"));
        assert!(error_of("nnlearn train --grad magic").contains("invalid value 'magic'"));
    }

    #[test]
    fn a_negative_start_point_parses() {
        assert!(Cli::try_parse_args("nnlearn descent --start -3,4".split_whitespace()).is_ok());
    }
}
