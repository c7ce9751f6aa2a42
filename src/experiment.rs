//! Training runs from the command line, and the record of a run that the book
//! quotes and draws: the loss after every iteration and every evaluation.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use ndarray::{Array2, ArrayView2, Axis, Slice};

use crate::cli::TrainArgs;
use crate::mnist::{LoadOptions, load_mnist, mnist_dir, subset_dir};
use crate::pyrepr::repr;
use crate::real::Real;
use crate::train::{Data, Evaluation, Progress, TrainConfig, TrainLog, train};

/// Training and test images (one per row, pixels in 0..=1) and one-hot targets.
pub struct Mnist<F: Real> {
    pub x_train: Array2<F>,
    pub t_train: Array2<F>,
    pub x_test: Array2<F>,
    pub t_test: Array2<F>,
}

impl<F: Real> Mnist<F> {
    /// Loads MNIST from `dir`, normalised, flattened, with one-hot labels.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let options = LoadOptions {
            normalize: true,
            flatten: true,
            one_hot_label: true,
        };
        let (train, test) = load_mnist::<F>(dir, options).map_err(|e| e.to_string())?;
        // Flattened images are already [n, 784]: take them as they are, without a copy.
        let rows = |split: crate::mnist::Split<F>| {
            let t = split.one_hot();
            let x = split
                .images
                .into_dimensionality::<ndarray::Ix2>()
                .expect("flattened: [n, 784]");
            (x, t)
        };
        let ((x_train, t_train), (x_test, t_test)) = (rows(train), rows(test));
        Ok(Mnist {
            x_train,
            t_train,
            x_test,
            t_test,
        })
    }

    /// The data as the training loop takes it, optionally only the first
    /// `train_size` training images.
    pub fn data<'a>(&'a self, train_size: Option<usize>) -> Data<'a, F> {
        let n = train_size
            .unwrap_or(self.x_train.nrows())
            .min(self.x_train.nrows());
        let first = |a: ArrayView2<'a, F>| a.slice_axis_move(Axis(0), Slice::from(0..n));
        Data {
            x_train: first(self.x_train.view()),
            t_train: first(self.t_train.view()),
            x_test: self.x_test.view(),
            t_test: self.t_test.view(),
        }
    }
}

/// The configuration a command line asks for.
pub fn config_of(args: &TrainArgs) -> TrainConfig {
    TrainConfig {
        iters: args.iters,
        batch_size: args.batch_size,
        learning_rate: args.learning_rate,
        hidden_size: args.hidden,
        seed: args.seed,
        method: args.method,
        eval_every: args.eval_every,
    }
}

/// `nnlearn train`: load the data, train with a progress bar (or plain lines when
/// the output is not a terminal), print the accuracies as the original does, and
/// write the log and the figures into the output folder.
pub fn train_command<F: Real>(args: &TrainArgs) -> Result<(), String> {
    let dir = match &args.data_dir {
        Some(d) if d.as_os_str() == "subset" => subset_dir(),
        other => mnist_dir(other.as_deref()),
    };
    let started = Instant::now();
    let mnist = Mnist::<F>::load(&dir)?;
    let data = mnist.data(args.train_size);
    let config = config_of(args);
    config.validate_data(&data).map_err(|e| e.to_string())?;
    eprintln!(
        "training 784-{}-10 ({}) on {} images of {}, testing on {}: {} iterations, batch {}, lr {}, seed {}",
        config.hidden_size,
        F::NAME,
        data.x_train.nrows(),
        dir.display(),
        data.x_test.nrows(),
        config.iters,
        config.batch_size,
        repr(config.learning_rate),
        config.seed
    );
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(config.iters as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} iterations, {msg} [{elapsed} < {eta}]",
            )
            .expect("a valid template"),
        );
        bar
    });
    let report_every = (config.iters / 10).max(1);
    let result = train(&config, data, |p| match p {
        Progress::Iteration { done, loss } => match &bar {
            Some(bar) => {
                bar.set_position(done as u64);
                bar.set_message(format!("loss {loss:.4}"));
            }
            None if done % report_every == 0 => {
                eprintln!("iteration {done}/{}: loss {loss:.6}", config.iters)
            }
            None => {}
        },
        Progress::Evaluated(e) => match &bar {
            Some(bar) => bar.println(e.to_string()),
            None => println!("{e}"),
        },
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (_, log) = result.map_err(|e| e.to_string())?;
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    let record = RunRecord::new(&config, F::NAME, data.x_train.nrows(), log);
    record.write_to(&args.out_dir, true)?;
    eprintln!("log and figures written to {}", args.out_dir.display());
    Ok(())
}

/// A finished run, as the book quotes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// One line describing the run (its command-line parameters).
    pub summary: String,
    pub log: TrainLog,
}

impl RunRecord {
    pub fn new(config: &TrainConfig, precision: &str, train_size: usize, log: TrainLog) -> Self {
        let summary = format!(
            "784-{}-10 {precision}, {train_size} training images, {} iterations, batch {}, lr {}, seed {}, {:?}",
            config.hidden_size,
            config.iters,
            config.batch_size,
            repr(config.learning_rate),
            config.seed,
            config.method
        );
        RunRecord { summary, log }
    }

    /// The evaluation lines, as the run printed them.
    pub fn evaluations_text(&self) -> String {
        self.log
            .evaluations
            .iter()
            .map(|e| format!("{e}\n"))
            .collect()
    }

    /// The loss after each iteration, one per line, in full precision.
    pub fn losses_text(&self) -> String {
        self.log
            .losses
            .iter()
            .map(|&l| format!("{}\n", repr(l)))
            .collect()
    }

    /// Writes the record: `run.txt` (summary and evaluations) and `losses.txt`;
    /// with `figures`, also `loss.svg`, `loss-zoom.svg` and `accuracy.svg`.
    pub fn write_to(&self, dir: &Path, figures: bool) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let write = |name: &str, text: String| {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
        };
        write(
            "run.txt",
            format!("# {}\n{}", self.summary, self.evaluations_text()),
        )?;
        write("losses.txt", self.losses_text())?;
        if figures {
            let svgs =
                crate::figures::learning_algorithm::run_figures(self).map_err(|e| e.to_string())?;
            for (name, svg) in svgs {
                write(&format!("{name}.svg"), svg)?;
            }
        }
        Ok(())
    }

    /// Reads back what [`RunRecord::write_to`] wrote.
    pub fn read_from(dir: &Path) -> Result<Self, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let run = read("run.txt")?;
        let mut lines = run.lines();
        let summary = lines
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .ok_or_else(|| {
                format!(
                    "{}: the first line must be `# <summary>`",
                    dir.join("run.txt").display()
                )
            })?
            .to_string();
        let evaluations = lines
            .enumerate()
            .map(|(i, line)| {
                parse_evaluation(line).ok_or_else(|| format!("run.txt line {}: `{line}`", i + 2))
            })
            .collect::<Result<Vec<Evaluation>, String>>()?;
        let losses = read("losses.txt")?
            .lines()
            .enumerate()
            .map(|(i, l)| {
                l.parse::<f64>()
                    .map_err(|_| format!("losses.txt line {}: `{l}`", i + 1))
            })
            .collect::<Result<Vec<f64>, String>>()?;
        Ok(RunRecord {
            summary,
            log: TrainLog {
                losses,
                evaluations,
            },
        })
    }
}

/// Parses `train acc, test acc | 0.1, 0.2`; the iteration is not printed, so it
/// is left 0 here.
fn parse_evaluation(line: &str) -> Option<Evaluation> {
    let (train, test) = line
        .strip_prefix("train acc, test acc | ")?
        .split_once(", ")?;
    Some(Evaluation {
        iteration: 0,
        train_acc: train.parse().ok()?,
        test_acc: test.parse().ok()?,
    })
}

/// A run whose record the book keeps in `book/runs/<name>/` and quotes.
pub struct BookRun {
    pub name: &'static str,
    /// What the run shows.
    pub about: &'static str,
    /// The configuration.
    pub config: TrainConfig,
    /// Only the first N training images (`None`: all).
    pub train_size: Option<usize>,
    /// `true`: the full MNIST (from `MNIST_DIR` or data/mnist/); `false`: the
    /// subset shipped in data/mnist-subset/.
    pub full_mnist: bool,
}

/// The runs the book quotes: the original's full run, and the overfitting
/// experiment of chapter 1 on 300 images.
pub fn book_runs() -> Vec<BookRun> {
    vec![
        BookRun {
            name: "full",
            about: "the original's run: 784-50-10, 60000 images, 10000 iterations of batch 100, lr 0.1",
            config: TrainConfig::default(),
            train_size: None,
            full_mnist: true,
        },
        BookRun {
            name: "overfit",
            about: "overfitting: the same network on only 300 training images, tested on 1000",
            config: TrainConfig {
                iters: 2000,
                eval_every: Some(50),
                ..TrainConfig::default()
            },
            train_size: Some(300),
            full_mnist: false,
        },
    ]
}

impl BookRun {
    /// Where the book keeps this run's record.
    pub fn dir(&self) -> std::path::PathBuf {
        crate::generated::book_dir().join("runs").join(self.name)
    }

    /// The data folder of this run.
    pub fn data_dir(&self) -> std::path::PathBuf {
        if self.full_mnist {
            mnist_dir(None)
        } else {
            subset_dir()
        }
    }

    /// Runs it (release mode recommended for the full run: seconds instead of minutes).
    pub fn run(&self) -> Result<RunRecord, String> {
        let mnist = Mnist::<f64>::load(&self.data_dir())?;
        let data = mnist.data(self.train_size);
        let (_, log) = train(&self.config, data, |_| {}).map_err(|e| e.to_string())?;
        Ok(RunRecord::new(
            &self.config,
            "f64",
            data.x_train.nrows(),
            log,
        ))
    }

    /// The committed record.
    pub fn record(&self) -> Result<RunRecord, String> {
        RunRecord::read_from(&self.dir())
    }
}

/// How far a fresh run may drift from the committed record and still count as the
/// same run (identical on the machine that recorded it; a processor with other
/// vector instructions rounds the matrix products differently, and over thousands
/// of updates those last bits grow).
pub const ACCURACY_TOLERANCE: f64 = 0.003;

/// Compares a fresh run with the committed record; `Ok` says how close they are.
pub fn compare(fresh: &RunRecord, committed: &RunRecord) -> Result<String, String> {
    if fresh.summary != committed.summary {
        return Err(format!(
            "different runs: `{}` against the committed `{}`",
            fresh.summary, committed.summary
        ));
    }
    if fresh.log.losses.len() != committed.log.losses.len()
        || fresh.log.evaluations.len() != committed.log.evaluations.len()
    {
        return Err(format!(
            "{} losses and {} evaluations, the record has {} and {}",
            fresh.log.losses.len(),
            fresh.log.evaluations.len(),
            committed.log.losses.len(),
            committed.log.evaluations.len()
        ));
    }
    let same_losses = fresh.log.losses == committed.log.losses;
    let pairs = fresh.log.evaluations.iter().zip(&committed.log.evaluations);
    let mut worst = 0.0f64;
    for (i, (a, b)) in pairs.enumerate() {
        for (x, y, what) in [
            (a.train_acc, b.train_acc, "train"),
            (a.test_acc, b.test_acc, "test"),
        ] {
            let d = (x - y).abs();
            worst = worst.max(d);
            if d > ACCURACY_TOLERANCE {
                return Err(format!(
                    "evaluation {i}: {what} accuracy {} against the recorded {} (more than {ACCURACY_TOLERANCE} apart)",
                    repr(x),
                    repr(y)
                ));
            }
        }
    }
    Ok(if same_losses && worst == 0.0 {
        "identical to the record, bit for bit".to_string()
    } else {
        format!("within tolerance of the record (largest accuracy difference {worst})")
    })
}
