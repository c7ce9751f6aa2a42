//! `nnlearn train`: load the data, train, print the accuracies as the original
//! does, and write the log and the figures. The fast path by default, with a
//! progress bar; `--loop plain` runs the chapter's own loop.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, anyhow, bail};
use nnlearn::checked::train::TrainError;
use nnlearn::train::{Data, GradientMethod, TrainConfig, TrainLog};
use nnlearn_fast::{FastData, Progress, Real};

use super::data::{data_dir, load, load_pixels, sizes};
use super::runs::{RunRecord, evaluation_line};
use crate::layout;
use crate::parse::{at_least_one, positive};
use crate::pyrepr::repr;

/// How to compute the gradient (numerical: about 80 000 loss evaluations per step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    Backprop,
    Numerical,
}

/// The floating-point type the network computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Precision {
    F64,
    F32,
}

/// Which loop trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LoopChoice {
    /// The chapter's loop (src/train.rs): one thread, f64, no progress bar.
    Plain,
    /// The fast path (crates/fast): the same results in f64, on both cores.
    Fast,
}

fn defaults() -> TrainConfig {
    TrainConfig::default()
}

/// The parameters of `train`; the defaults are the book's run (`TrainConfig::default()`).
#[derive(clap::Args, Debug, Clone)]
pub struct TrainArgs {
    /// Number of iterations (mini-batch updates).
    #[arg(long, default_value_t = defaults().iters_num)]
    pub iters: usize,
    /// Images per mini-batch (at least 1, at most the training images).
    #[arg(long, default_value_t = defaults().batch_size, value_parser = at_least_one)]
    pub batch_size: usize,
    /// Learning rate.
    #[arg(long = "lr", default_value_t = defaults().learning_rate, value_parser = positive, allow_hyphen_values = true)]
    pub learning_rate: f64,
    /// Neurons in the hidden layer (at least 1).
    #[arg(long, default_value_t = defaults().hidden_size, value_parser = at_least_one)]
    pub hidden: usize,
    /// Seed of the weights and of the mini-batch draws.
    #[arg(long, default_value_t = defaults().seed)]
    pub seed: u64,
    /// How to compute the gradient (numerical: about 80 000 loss evaluations per
    /// step; it runs in the chapter's loop).
    #[arg(long = "grad", value_enum, default_value_t = Method::Backprop)]
    pub method: Method,
    /// Floating-point precision of the arithmetic (f32: the fast path only).
    #[arg(long, value_enum, default_value_t = Precision::F64)]
    pub precision: Precision,
    /// Which training loop: the fast path, or the chapter's plain loop.
    #[arg(long = "loop", value_enum, default_value_t = LoopChoice::Fast)]
    pub which: LoopChoice,
    /// Use only the first N training images (the overfitting experiment uses 300).
    #[arg(long, value_parser = at_least_one)]
    pub train_size: Option<usize>,
    /// Evaluate every N iterations (default: once per epoch, as the original).
    #[arg(long, value_parser = at_least_one)]
    pub eval_every: Option<usize>,
    /// Keep the last N training images apart as validation data, and evaluate on
    /// them instead of the test images (to compare hyperparameters fairly).
    #[arg(long)]
    pub validation: Option<usize>,
    /// Folder of the four MNIST files (default: $MNIST_DIR, else data/mnist/).
    /// `--data-dir subset` uses the 5000 + 1000 images shipped in data/mnist-subset/.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Where to write the loss log, the accuracies and the figures
    /// (default: target/experiments/train/).
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}

impl TrainArgs {
    /// The configuration the command line asks for.
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            iters_num: self.iters,
            batch_size: self.batch_size,
            learning_rate: self.learning_rate,
            hidden_size: self.hidden,
            seed: self.seed,
            method: match self.method {
                Method::Backprop => GradientMethod::Backprop,
                Method::Numerical => GradientMethod::Numerical,
            },
            eval_every: self.eval_every,
        }
    }

    pub fn run(&self) -> Result<()> {
        let config = self.config();
        let plain = self.which == LoopChoice::Plain || config.method == GradientMethod::Numerical;
        if plain && self.precision == Precision::F32 {
            bail!(
                "the chapter's loop (--loop plain, or --grad numerical) computes in f64 only; drop --precision f32"
            );
        }
        let dir = data_dir(self.data_dir.as_deref());
        let out = self.out_dir.clone().unwrap_or_else(|| layout::experiments_dir().join("train"));
        check_out_dir(&out)?;
        // What the run will hold in memory, weighed before anything is loaded.
        let (full_train, test) = sizes(&dir)?;
        let train = self.train_size.map_or(full_train, |n| n.min(full_train));
        memory_need(&config, plain, (full_train, train, test)).check()?;
        let started = Instant::now();
        if let Some(n) = self.validation {
            eprintln!(
                "validation: the last {n} training images are kept apart; `test acc` below is the accuracy on them, not on the test images"
            );
        }
        let (train_size, log) = if !plain && self.validation.is_none() {
            // The fast path reads the images as the files hold them, one byte per
            // pixel (always a number in 0..=1 once divided by 255).
            nnlearn::checked::train::validate(&config, train, test)?;
            let log = match self.precision {
                Precision::F64 => self.train_pixels::<f64>(&config, &dir, train)?,
                Precision::F32 => self.train_pixels::<f32>(&config, &dir, train)?,
            };
            (train, log)
        } else {
            let mut data = load(&dir, self.train_size)?;
            if let Some(n) = self.validation {
                data = nnlearn::checked::train::validation_split(&data, n)?;
            }
            nnlearn::checked::train::validate_data(&config, &data)?;
            self.announce(&config, (data.x_train.nrows(), data.x_test.nrows()), &dir);
            let log = if plain {
                train_plain(&config, &data)?
            } else if self.precision == Precision::F32 {
                train_fast(&config, nnlearn_fast::Converted::<f32>::from(&data).view())?
            } else {
                train_fast(&config, FastData::of(&data))?
            };
            (data.x_train.nrows(), log)
        };
        eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
        let record = RunRecord::new(&config, self.precision_name(), train_size, log);
        record.write_to(&out)?;
        for (name, svg) in super::figures::run_figures(&record)? {
            crate::atomic_file::write_file(&out.join(format!("{name}.svg")), &svg)?;
        }
        eprintln!("log and figures written to {}", out.display());
        Ok(())
    }

    /// The fast path on the first `train` images of `dir`, read as bytes.
    fn train_pixels<F: Real>(
        &self,
        config: &TrainConfig,
        dir: &Path,
        train: usize,
    ) -> Result<TrainLog> {
        let data = load_pixels::<F>(dir, Some(train))?;
        let data = data.view();
        self.announce(config, (data.x_train.nrows(), data.x_test.nrows()), dir);
        train_fast(config, data)
    }

    fn precision_name(&self) -> &'static str {
        match self.precision {
            Precision::F64 => "f64",
            Precision::F32 => "f32",
        }
    }

    /// Says on stderr what is about to run.
    fn announce(&self, config: &TrainConfig, (train, test): (usize, usize), dir: &Path) {
        let plain = self.which == LoopChoice::Plain || config.method == GradientMethod::Numerical;
        eprintln!(
            "training 784-{}-10 ({}, {} loop) on {train} images of {}, testing on {test}: {} iterations, batch {}, lr {}, seed {}",
            config.hidden_size,
            self.precision_name(),
            if plain { "the chapter's" } else { "the fast" },
            dir.display(),
            config.iters_num,
            config.batch_size,
            repr(config.learning_rate),
            config.seed
        );
    }
}

/// The output folder must be one (or not exist yet): checked before a run, not
/// after it.
fn check_out_dir(out: &Path) -> Result<()> {
    match std::fs::metadata(out) {
        Ok(m) if !m.is_dir() => Err(anyhow!(
            "{}: is {}, not a directory (--out-dir)",
            out.display(),
            crate::atomic_file::what_it_is(&m)
        )),
        _ => Ok(()),
    }
}

/// Bytes per iteration that the log of a run takes: the loss (8 bytes, in a
/// vector that may double), its line in `losses.txt` (up to 25 characters, in a
/// string that may double) and its point in the loss figure (its SVG text and
/// plotters' coordinates), as if all were alive at once: an upper bound. (A run
/// of 1 000 000 iterations peaked 18 MB above one of 1000: 18 bytes each.)
const LOG_BYTES_PER_ITERATION: u64 = 200;

/// The memory a run takes, part by part, as an upper bound in bytes (every
/// number counted as 8 bytes; each array with the copies the loops make of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryNeed {
    /// (which options make it, what it is, bytes)
    pub parts: Vec<(String, &'static str, u64)>,
}

/// What a run of `config` takes, on `full_train` training images of which it
/// uses `train`, and `test` test images; `plain`: the chapter's loop (which
/// evaluates all the images at once; the fast path does
/// [`nnlearn_fast::EVAL_CHUNK`] at a time).
pub fn memory_need(
    config: &TrainConfig,
    plain: bool,
    (full_train, train, test): (usize, usize, usize),
) -> MemoryNeed {
    use crate::limits::{product, sum};
    let [h, b, n, full, t, iters] =
        [config.hidden_size, config.batch_size, train, full_train, test, config.iters_num]
            .map(|v| v as u64);
    let params = sum(&[product(&[784 + 1 + 10, h]), 10]);
    let evaluated = if plain { n.max(t) } else { n.max(t).min(nnlearn_fast::EVAL_CHUNK as u64) };
    let parts = vec![
        (
            format!("the data ({full} training and {t} test images)"),
            "the images and their targets, as loaded",
            // The bytes of the files, the numbers (8 bytes), and a copy of the
            // training set when only its first images are kept.
            product(&[sum(&[full, t, full]), 1 + 8 * (784 + 10)]),
        ),
        (
            format!("--hidden {h}"),
            "the network's weights, gradients and their copies",
            product(&[params, 8, 8]),
        ),
        (
            format!("--batch-size {b} with --hidden {h}"),
            "a mini-batch and its activations",
            product(&[b, sum(&[794, product(&[4, h]), 40]), 8, 4]),
        ),
        (
            format!("--hidden {h} on {evaluated} images at once"),
            "the activations of an evaluation",
            product(&[evaluated, sum(&[h, 10]), 8, 3]),
        ),
        (
            format!("--iters {iters}"),
            "the loss log, its text and its figures",
            product(&[iters, LOG_BYTES_PER_ITERATION]),
        ),
    ];
    MemoryNeed { parts }
}

impl MemoryNeed {
    pub fn total(&self) -> u64 {
        crate::limits::sum(&self.parts.iter().map(|p| p.2).collect::<Vec<_>>())
    }

    /// `Ok` if it fits; the error names the options of the largest part.
    pub fn check(&self) -> Result<(), crate::limits::TooMuchMemory> {
        let (options, what, _) = self.parts.iter().max_by_key(|p| p.2).expect("parts");
        crate::limits::check(options, what, self.total())
    }
}

/// The chapter's loop, through its checked twin (which reports a divergence);
/// it prints the evaluations when it is done.
fn train_plain(config: &TrainConfig, data: &Data) -> Result<TrainLog> {
    eprintln!("(the chapter's loop reports nothing until it ends)");
    let (_, log) = match nnlearn::checked::train::train(config, data) {
        Ok(run) => run,
        Err(TrainError::Diverged(e)) => bail!(diverged(&e, config)),
        Err(e) => return Err(e.into()),
    };
    for (&train, &test) in log.train_acc_list.iter().zip(&log.test_acc_list) {
        println!("{}", evaluation_line(train, test));
    }
    Ok(log)
}

/// The message of a run that diverged, with its learning rate.
fn diverged(e: &nnlearn::train::Diverged, config: &TrainConfig) -> String {
    format!(
        "the loss became {} at iteration {}: training diverged (the learning rate {} is too large?); stopped there",
        e.loss,
        e.iteration,
        repr(config.learning_rate)
    )
}

/// The fast path, with a progress bar on a terminal (plain lines otherwise).
fn train_fast<F: Real>(config: &TrainConfig, data: FastData<'_, F>) -> Result<TrainLog> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(config.iters_num as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} iterations, {msg} [{elapsed} < {eta}]",
            )
            .expect("a valid template"),
        );
        bar
    });
    let report_every = (config.iters_num / 10).max(1);
    let result = nnlearn_fast::train(config, data, |p| match p {
        Progress::Iteration { done, loss } => match &bar {
            Some(bar) => {
                bar.set_position(done as u64);
                bar.set_message(format!("loss {loss:.4}"));
            }
            None if done % report_every == 0 => {
                eprintln!("iteration {done}/{}: loss {loss:.6}", config.iters_num)
            }
            None => {}
        },
        Progress::Evaluated(e) => {
            let line = evaluation_line(e.train_acc, e.test_acc);
            match &bar {
                Some(bar) => bar.println(line),
                None => println!("{line}"),
            }
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok((_, log)) => Ok(log),
        Err(TrainError::Diverged(e)) => bail!(diverged(&e, config)),
        Err(e) => Err(e.into()),
    }
}
