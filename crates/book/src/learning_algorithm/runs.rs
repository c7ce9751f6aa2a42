//! The training runs the book quotes, and their records in `book/runs/<name>/`:
//! the loss after every iteration and the accuracies of every evaluation.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use mnist::weights::Weights;
use nnlearn::argmax::argmax;
use nnlearn::train::{Data, TrainConfig, TrainLog};
use nnlearn::two_layer_net::{Params, TwoLayerNet};

use super::data::{data_dir, load, load_pixels, sizes};
use super::train_command::memory_need;
use crate::atomic_file::write_file;
use crate::layout;
use crate::pyrepr::repr;

/// A finished run, as the book quotes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// One line describing the run (its parameters).
    pub summary: String,
    pub log: TrainLog,
    /// What the book keeps of the trained network, if anything (the full run).
    pub trained: Option<Trained>,
}

/// The trained network of a run, and its answers on the test images.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    /// The parameters at the end of the run.
    pub network: TwoLayerNet,
    /// For each test image, in order: its label and the network's answer.
    pub test_answers: Vec<(u8, u8)>,
}

impl Trained {
    /// The network and its answers on the test images of `data`.
    pub fn of(network: TwoLayerNet, data: &Data) -> Trained {
        let y = network.predict(&data.x_test);
        let digit = |k: usize| u8::try_from(k).expect("a digit");
        let rows = y.rows().into_iter().zip(data.t_test.rows());
        let test_answers = rows.map(|(y, t)| (digit(argmax(&t)), digit(argmax(&y)))).collect();
        Trained { network, test_answers }
    }

    /// The numbers of the test images the network gets wrong.
    pub fn mistakes(&self) -> Vec<usize> {
        let answers = self.test_answers.iter().enumerate();
        answers.filter(|(_, (label, answer))| label != answer).map(|(i, _)| i).collect()
    }
}

/// One evaluation line, as the original prints it:
/// `train acc, test acc | 0.9474333333333333, 0.9454`.
pub fn evaluation_line(train_acc: f64, test_acc: f64) -> String {
    format!("train acc, test acc | {}, {}", repr(train_acc), repr(test_acc))
}

impl RunRecord {
    pub fn new(config: &TrainConfig, precision: &str, train_size: usize, log: TrainLog) -> Self {
        let summary = format!(
            "784-{}-10 {precision}, {train_size} training images, {} iterations, batch {}, lr {}, seed {}, {:?}",
            config.hidden_size,
            config.iters_num,
            config.batch_size,
            repr(config.learning_rate),
            config.seed,
            config.method
        );
        RunRecord { summary, log, trained: None }
    }

    /// The evaluation lines, as the run printed them.
    pub fn evaluations_text(&self) -> String {
        let accuracies = self.log.train_acc_list.iter().zip(&self.log.test_acc_list);
        accuracies.map(|(&train, &test)| evaluation_line(train, test) + "\n").collect()
    }

    /// The loss after each iteration, one per line, in full precision.
    pub fn losses_text(&self) -> String {
        let losses = self.log.train_loss_list.iter();
        losses.map(|&l| format!("{}\n", repr(l))).collect()
    }

    /// Writes the record: `run.txt` (summary and evaluations) and `losses.txt`;
    /// with a trained network, also `weights.txt` and `test-answers.txt`.
    pub fn write_to(&self, dir: &Path) -> anyhow::Result<()> {
        let run = format!("# {}\n{}", self.summary, self.evaluations_text());
        write_file(&dir.join("run.txt"), &run)?;
        write_file(&dir.join("losses.txt"), &self.losses_text())?;
        if let Some(trained) = &self.trained {
            write_file(&dir.join("weights.txt"), &weights_text(&trained.network.params))?;
            let answers: String =
                trained.test_answers.iter().map(|(l, a)| format!("{l} {a}\n")).collect();
            write_file(&dir.join("test-answers.txt"), &answers)?;
        }
        Ok(())
    }

    /// Reads back what [`RunRecord::write_to`] wrote; an error names the file,
    /// and the line at fault.
    pub fn read_from(dir: &Path) -> Result<Self> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))
        };
        let at = |name: &str| dir.join(name).display().to_string();
        let run = read("run.txt")?;
        let mut lines = run.lines();
        let Some(summary) = lines.next().and_then(|l| l.strip_prefix("# ")) else {
            bail!("{}: the first line must be `# <summary>`", at("run.txt"));
        };
        let mut log = TrainLog::default();
        for (i, line) in lines.enumerate() {
            let Some((train, test)) = parse_evaluation(line) else {
                bail!("{}: line {}: `{line}`", at("run.txt"), i + 2);
            };
            log.train_acc_list.push(train);
            log.test_acc_list.push(test);
        }
        for (i, l) in read("losses.txt")?.lines().enumerate() {
            let Ok(loss) = l.parse::<f64>() else {
                bail!("{}: line {}: `{l}`", at("losses.txt"), i + 1);
            };
            log.train_loss_list.push(loss);
        }
        let trained = if dir.join("weights.txt").exists() {
            let params = parse_weights(&read("weights.txt")?).context(at("weights.txt"))?;
            let test_answers =
                parse_answers(&read("test-answers.txt")?).context(at("test-answers.txt"))?;
            Some(Trained { network: TwoLayerNet { params }, test_answers })
        } else {
            None
        };
        Ok(RunRecord { summary: summary.to_string(), log, trained })
    }
}

/// The four parameters as `weights.txt` holds them (the format is the MNIST
/// crate's: [`mnist::weights`]), each value in full precision (Python's `repr`).
fn weights_text(params: &Params) -> String {
    let Params { w1, b1, w2, b2 } = params.clone();
    mnist::weights::weights_text(&Weights { w1, b1, w2, b2 }, repr)
}

/// Reads what [`weights_text`] wrote.
fn parse_weights(text: &str) -> Result<Params> {
    let Weights { w1, b1, w2, b2 } = mnist::weights::parse_weights(text)?;
    Ok(Params { w1, b1, w2, b2 })
}

/// Reads `label answer` lines.
fn parse_answers(text: &str) -> Result<Vec<(u8, u8)>> {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            let pair =
                line.split_once(' ').and_then(|(l, a)| Some((l.parse().ok()?, a.parse().ok()?)));
            pair.filter(|&(l, a): &(u8, u8)| l < 10 && a < 10)
                .ok_or_else(|| anyhow!("line {}: `{line}`", i + 1))
        })
        .collect()
}

/// Parses `train acc, test acc | 0.1, 0.2`.
fn parse_evaluation(line: &str) -> Option<(f64, f64)> {
    let (train, test) = line.strip_prefix("train acc, test acc | ")?.split_once(", ")?;
    Some((train.parse().ok()?, test.parse().ok()?))
}

/// A run whose record the book keeps in `book/runs/<name>/` and quotes.
pub struct BookRun {
    pub name: &'static str,
    /// What the run shows.
    pub about: &'static str,
    pub config: TrainConfig,
    /// Only the first N training images (`None`: all).
    pub train_size: Option<usize>,
    /// `true`: the full MNIST (from `MNIST_DIR` or data/mnist/); `false`: the
    /// subset shipped in data/mnist-subset/.
    pub full_mnist: bool,
    /// Whether the record keeps the trained network and its test answers.
    pub keep_network: bool,
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
            keep_network: true,
        },
        BookRun {
            name: "overfit",
            about: "overfitting: the same network on only 300 training images, tested on 1000",
            config: TrainConfig { iters_num: 2000, eval_every: Some(50), ..TrainConfig::default() },
            train_size: Some(300),
            full_mnist: false,
            keep_network: false,
        },
    ]
}

/// The book run called `name`.
pub fn book_run(name: &str) -> Result<BookRun> {
    let runs = book_runs();
    let names: Vec<&str> = runs.iter().map(|r| r.name).collect();
    runs.into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| anyhow!("no book run called `{name}`; the runs are {names:?}"))
}

/// Which training loop computes a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loop {
    /// The chapter's loop, [`nnlearn::train::train`].
    Plain,
    /// The fast path, [`nnlearn_fast::train`], in `f64`.
    Fast,
}

impl BookRun {
    /// Where the book keeps this run's record.
    pub fn dir(&self) -> PathBuf {
        layout::run_dir(self.name)
    }

    /// The data folder of this run.
    pub fn data_dir(&self) -> PathBuf {
        if self.full_mnist { data_dir(None) } else { mnist::subset_dir() }
    }

    /// Runs it with `which` loop (release mode recommended for the full run).
    pub fn run(&self, which: Loop) -> Result<RunRecord> {
        let (full_train, test) = sizes(&self.data_dir())?;
        let train = self.train_size.map_or(full_train, |n| n.min(full_train));
        memory_need(&self.config, which == Loop::Plain, (full_train, train, test)).check()?;
        let dir = self.data_dir();
        // The fast path reads the images as bytes, as `train` does.
        let (network, log, data) = match which {
            Loop::Plain => {
                let data = load(&dir, self.train_size)?;
                let (network, log) = nnlearn::checked::train::train(&self.config, &data)?;
                (network, log, Some(data))
            }
            Loop::Fast => {
                let pixels = load_pixels::<f64>(&dir, self.train_size)?;
                let (network, log) = nnlearn_fast::train(&self.config, pixels.view(), |_| {})?;
                (network.to_plain(), log, None)
            }
        };
        let mut record = RunRecord::new(&self.config, "f64", train, log);
        if self.keep_network {
            let data = match data {
                Some(data) => data,
                None => load(&dir, self.train_size)?,
            };
            record.trained = Some(Trained::of(network, &data));
        }
        Ok(record)
    }

    /// The committed record.
    pub fn record(&self) -> Result<RunRecord> {
        RunRecord::read_from(&self.dir())
    }
}

/// How far a fresh run may drift from the committed record and still count as
/// the same run: identical on the machine that recorded it; a processor with
/// other vector instructions rounds the matrix products differently, and over
/// thousands of updates those last bits grow.
pub const ACCURACY_TOLERANCE: f64 = 0.003;

/// Compares a fresh run with the committed record; `Ok` says how close they are.
pub fn compare(fresh: &RunRecord, committed: &RunRecord) -> Result<String> {
    if fresh.summary != committed.summary {
        bail!("different runs: `{}` against the committed `{}`", fresh.summary, committed.summary);
    }
    let (a, b) = (&fresh.log, &committed.log);
    if a.train_loss_list.len() != b.train_loss_list.len()
        || a.train_acc_list.len() != b.train_acc_list.len()
    {
        bail!(
            "{} losses and {} evaluations, the record has {} and {}",
            a.train_loss_list.len(),
            a.train_acc_list.len(),
            b.train_loss_list.len(),
            b.train_acc_list.len()
        );
    }
    let mut worst = 0.0f64;
    for (what, x, y) in [
        ("train", &a.train_acc_list, &b.train_acc_list),
        ("test", &a.test_acc_list, &b.test_acc_list),
    ] {
        for (i, (x, y)) in x.iter().zip(y).enumerate() {
            let d = (x - y).abs();
            worst = worst.max(d);
            if d > ACCURACY_TOLERANCE {
                bail!(
                    "evaluation {i}: {what} accuracy {} against the recorded {} (more than {ACCURACY_TOLERANCE} apart)",
                    repr(*x),
                    repr(*y)
                );
            }
        }
    }
    match (&fresh.trained, &committed.trained) {
        (Some(a), Some(b)) if a.network != b.network => {
            bail!("the trained network's weights differ from the recorded ones");
        }
        (Some(a), Some(b)) if a.test_answers != b.test_answers => {
            bail!("the trained network's test answers differ from the recorded ones");
        }
        (Some(_), None) | (None, Some(_)) => {
            bail!("one record keeps the trained network, the other does not");
        }
        _ => {}
    }
    Ok(if fresh == committed {
        "identical to the record, bit for bit".to_string()
    } else {
        format!("within tolerance of the record (largest accuracy difference {worst})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(3);
        let network = TwoLayerNet::new(784, 3, 10, &mut rng);
        let record = RunRecord {
            summary: "a test".into(),
            log: TrainLog {
                train_loss_list: vec![2.3, 0.5, 1e-5],
                train_acc_list: vec![0.1, 1.0],
                test_acc_list: vec![0.0625, 0.9454],
            },
            trained: Some(Trained { network, test_answers: vec![(7, 7), (2, 1), (0, 9)] }),
        };
        let dir = std::env::temp_dir().join(format!("nnlearn-record-{}", std::process::id()));
        record.write_to(&dir).unwrap();
        assert_eq!(RunRecord::read_from(&dir).unwrap(), record);
        assert_eq!(compare(&record, &record).unwrap(), "identical to the record, bit for bit");
        assert_eq!(record.trained.as_ref().unwrap().mistakes(), vec![1, 2]);
        let mut other = record.clone();
        other.trained.as_mut().unwrap().network.params.b2[3] += 1e-12;
        assert!(compare(&other, &record).unwrap_err().to_string().contains("weights differ"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn evaluations_print_like_python() {
        assert_eq!(
            evaluation_line(0.9474333333333333, 0.9454),
            "train acc, test acc | 0.9474333333333333, 0.9454"
        );
        assert_eq!(evaluation_line(1.0, 0.779), "train acc, test acc | 1.0, 0.779");
    }
}
