//! The learning algorithm of chapter 5: mini-batch stochastic gradient descent
//! (随机梯度下降法, SGD) on a [`TwoLayerNet`], faithful to the original loop:
//!
//! 1. **mini-batch**: draw `batch_size` training images at random (with replacement);
//! 2. **gradient**: the gradient of the loss on that batch (backprop or numerical);
//! 3. **update**: every parameter moves by `−lr ×` its gradient;
//! 4. **repeat**, `iters` times.
//!
//! After each update the loss is computed again on the same batch and logged; once
//! per epoch (when `i % iter_per_epoch == 0`, the first time after one update) the
//! accuracy on the full training and test sets is measured.

use std::fmt;

use std::thread::ScopedJoinHandle;

use ndarray::{ArrayView2, Axis};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::batch::Sampler;
use crate::real::Real;
use crate::two_layer_net::{Params, TwoLayerNet};

/// How the gradient is computed at step 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GradientMethod {
    /// Backpropagation: exact and fast.
    Backprop,
    /// Numerical differentiation: two forward passes per parameter; very slow.
    Numerical,
}

/// The hyperparameters of a run (超参数). `Default` is the book's run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub iters: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub hidden_size: usize,
    pub seed: u64,
    pub method: GradientMethod,
    /// Evaluate every this many iterations; `None`: once per epoch, as the original
    /// (`max(train_size / batch_size, 1)`, a float, compared with `i % ... == 0`).
    pub eval_every: Option<usize>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters: 10000,
            batch_size: 100,
            learning_rate: 0.1,
            hidden_size: 50,
            seed: 2026,
            method: GradientMethod::Backprop,
            eval_every: None,
        }
    }
}

/// The data of a run: training and test images (one per row, pixels in 0..=1)
/// with one-hot targets.
#[derive(Clone, Copy)]
pub struct Data<'a, F: Real> {
    pub x_train: ArrayView2<'a, F>,
    pub t_train: ArrayView2<'a, F>,
    pub x_test: ArrayView2<'a, F>,
    pub t_test: ArrayView2<'a, F>,
}

/// One accuracy measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    /// The iteration after whose update it was measured (0-based, as `i`).
    pub iteration: usize,
    pub train_acc: f64,
    pub test_acc: f64,
}

impl fmt::Display for Evaluation {
    /// The original's line: `train acc, test acc | 0.9474333333333333, 0.9454`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::pyrepr::repr;
        write!(
            f,
            "train acc, test acc | {}, {}",
            repr(self.train_acc),
            repr(self.test_acc)
        )
    }
}

/// What a run produced: the loss after every update and every evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainLog {
    pub losses: Vec<f64>,
    pub evaluations: Vec<Evaluation>,
}

/// Something the loop reports while it runs (for a progress bar or a log).
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Iteration { done: usize, loss: f64 },
    Evaluated(Evaluation),
}

/// Why a run could not start, or stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error(
        "the loss became {loss} at iteration {iteration}: training diverged (the learning rate {} is too large?); stopped there",
        crate::pyrepr::repr(*learning_rate)
    )]
    Diverged {
        iteration: usize,
        loss: f64,
        learning_rate: f64,
    },
}

impl TrainConfig {
    /// Checks the configuration against the data, naming what is wrong.
    pub fn validate(&self, train_size: usize, test_size: usize) -> Result<(), TrainError> {
        let bad = |m: String| Err(TrainError::Config(m));
        if train_size == 0 {
            return bad("the training set is empty".into());
        }
        if test_size == 0 {
            return bad("the test set is empty".into());
        }
        if self.batch_size == 0 {
            return bad("batch size 0: a mini-batch needs at least one image".into());
        }
        if self.batch_size > train_size {
            return bad(format!(
                "batch size {} is larger than the training set ({train_size} images)",
                self.batch_size
            ));
        }
        if self.hidden_size == 0 {
            return bad("hidden size 0: the hidden layer needs at least one neuron".into());
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return bad(format!(
                "learning rate {} must be a positive finite number",
                self.learning_rate
            ));
        }
        if self.eval_every == Some(0) {
            return bad("evaluating every 0 iterations is not possible".into());
        }
        Ok(())
    }

    /// Checks the data as well: matching shapes, and no NaN or infinite value
    /// (which would otherwise turn every loss into NaN, silently).
    pub fn validate_data<F: Real>(&self, data: &Data<'_, F>) -> Result<(), TrainError> {
        self.validate(data.x_train.nrows(), data.x_test.nrows())?;
        let bad = |m: String| Err(TrainError::Config(m));
        for (name, x, t) in [
            ("training", data.x_train, data.t_train),
            ("test", data.x_test, data.t_test),
        ] {
            if x.nrows() != t.nrows() {
                return bad(format!(
                    "the {name} set has {} images but {} targets",
                    x.nrows(),
                    t.nrows()
                ));
            }
            if x.ncols() != data.x_train.ncols() || t.ncols() != data.t_train.ncols() {
                return bad(format!(
                    "the {name} set has images of {} values and targets of {}, the training set {} and {}",
                    x.ncols(),
                    t.ncols(),
                    data.x_train.ncols(),
                    data.t_train.ncols()
                ));
            }
            for (what, a) in [("image", x), ("target", t)] {
                // (iter() walks row by row, so the position gives row and column)
                if let Some(p) = a.iter().position(|v| !v.is_finite()) {
                    let (row, col) = (p / a.ncols(), p % a.ncols());
                    let v = a[[row, col]];
                    return bad(format!("{name} {what} {row} holds {v} at position {col}"));
                }
            }
        }
        Ok(())
    }

    /// Whether iteration `i` ends with an evaluation.
    fn evaluates_at(&self, i: usize, train_size: usize) -> bool {
        match self.eval_every {
            Some(n) => i.is_multiple_of(n),
            None => {
                // Python: iter_per_epoch = max(train_size / batch_size, 1); i % iter_per_epoch == 0
                let iter_per_epoch = (train_size as f64 / self.batch_size as f64).max(1.0);
                (i as f64) % iter_per_epoch == 0.0
            }
        }
    }
}

// ANCHOR: train
/// Trains a new 784-`hidden`-10 network on `data` with mini-batch SGD and
/// returns it with its log. `progress` hears of every iteration and evaluation.
///
/// Two kinds of work run beside the loop, on other threads, without changing
/// any result: the mini-batches are drawn a few ahead ([`Sampler`]), and each
/// evaluation measures a copy of the parameters while the next updates run.
pub fn train<F: Real>(
    config: &TrainConfig,
    data: Data<'_, F>,
    mut progress: impl FnMut(Progress),
) -> Result<(TwoLayerNet<F>, TrainLog), TrainError> {
    let train_size = data.x_train.nrows();
    config.validate_data(&data)?;
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let (input_size, output_size) = (data.x_train.ncols(), data.t_train.ncols());
    let mut network = TwoLayerNet::<F>::new(input_size, config.hidden_size, output_size, &mut rng);
    let learning_rate = F::from_f64_lossy(config.learning_rate);
    let mut log = TrainLog {
        losses: Vec::with_capacity(config.iters),
        evaluations: Vec::new(),
    };

    std::thread::scope(|scope| {
        let batches = Sampler::spawn(
            scope,
            rng,
            data.x_train,
            data.t_train,
            config.batch_size,
            config.iters,
        );
        let mut evaluation: Option<ScopedJoinHandle<'_, Evaluation>> = None;
        for i in 0..config.iters {
            // 1. mini-batch: np.random.choice(train_size, batch_size), with replacement
            let batch = batches.next();
            let (x_batch, t_batch) = (batch.x.view(), batch.t.view());
            // 2. gradient
            let grads = match config.method {
                GradientMethod::Backprop => network.gradient(x_batch, t_batch),
                GradientMethod::Numerical => network.numerical_gradient(x_batch, t_batch),
            };
            // 3. update
            network.params.descend(&grads, learning_rate);
            // the loss on the same batch, after the update
            let loss = network.loss(x_batch, t_batch).to_f64_lossless();
            batches.give_back(batch);
            if !loss.is_finite() {
                finish_evaluation(evaluation.take(), &mut log, &mut progress);
                return Err(TrainError::Diverged {
                    iteration: i,
                    loss,
                    learning_rate: config.learning_rate,
                });
            }
            log.losses.push(loss);
            progress(Progress::Iteration { done: i + 1, loss });
            // once per epoch: accuracy on all the training and test data
            if config.evaluates_at(i, train_size) {
                finish_evaluation(evaluation.take(), &mut log, &mut progress);
                let snapshot = TwoLayerNet {
                    params: network.params.clone(),
                };
                evaluation = Some(scope.spawn(move || evaluate(&snapshot, i, data)));
            }
        }
        finish_evaluation(evaluation.take(), &mut log, &mut progress);
        Ok(())
    })?;
    Ok((network, log))
}
// ANCHOR_END: train

/// Waits for a running evaluation, then logs and reports its result.
fn finish_evaluation(
    evaluation: Option<ScopedJoinHandle<'_, Evaluation>>,
    log: &mut TrainLog,
    progress: &mut impl FnMut(Progress),
) {
    if let Some(handle) = evaluation {
        let result = handle.join().expect("the evaluation thread panicked");
        log.evaluations.push(result);
        progress(Progress::Evaluated(result));
    }
}

/// Accuracy on the full training and test sets, in chunks of rows so that the
/// hidden layer of a chunk stays in the processor's cache.
fn evaluate<F: Real>(network: &TwoLayerNet<F>, iteration: usize, data: Data<'_, F>) -> Evaluation {
    let accuracy = |x: ArrayView2<F>, t: ArrayView2<F>| {
        const CHUNK: usize = 2000;
        let correct: usize = x
            .axis_chunks_iter(Axis(0), CHUNK)
            .zip(t.axis_chunks_iter(Axis(0), CHUNK))
            .map(|(x, t)| network.correct_count(x, t))
            .sum();
        correct as f64 / x.nrows() as f64
    };
    Evaluation {
        iteration,
        train_acc: accuracy(data.x_train, data.t_train),
        test_acc: accuracy(data.x_test, data.t_test),
    }
}

/// The gradient of a fresh 784-`hidden`-10 network by `method`, on the first
/// `batch` rows of `x`: what the benchmark of chapter 5 times.
pub fn one_gradient<F: Real>(
    method: GradientMethod,
    x: ArrayView2<F>,
    t: ArrayView2<F>,
    hidden: usize,
) -> Params<F> {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::<F>::new(x.ncols(), hidden, t.ncols(), &mut rng);
    match method {
        GradientMethod::Backprop => net.gradient(x, t),
        GradientMethod::Numerical => net.numerical_gradient(x, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::one_hot;
    use ndarray::Array2;
    use rand::Rng;

    /// A tiny separable problem: class = which half of the input is brighter.
    fn toy(n: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut x = Array2::zeros((n, 8));
        let mut labels = Vec::new();
        for i in 0..n {
            let class = i % 2;
            for j in 0..8 {
                let bright = (j < 4) == (class == 0);
                x[[i, j]] = if bright { 0.7 } else { 0.1 } + rng.random_range(0.0..0.2);
            }
            labels.push(class);
        }
        (x, one_hot(&labels, 2))
    }

    fn data<'a>(
        train: &'a (Array2<f64>, Array2<f64>),
        test: &'a (Array2<f64>, Array2<f64>),
    ) -> Data<'a, f64> {
        Data {
            x_train: train.0.view(),
            t_train: train.1.view(),
            x_test: test.0.view(),
            t_test: test.1.view(),
        }
    }

    #[test]
    fn learns_a_toy_problem_and_logs_like_the_original() {
        let (train_set, test_set) = (toy(200, 1), toy(100, 2));
        let config = TrainConfig {
            iters: 300,
            batch_size: 20,
            learning_rate: 2.0,
            hidden_size: 5,
            ..TrainConfig::default()
        };
        let mut seen = 0;
        let (_, log) = train(&config, data(&train_set, &test_set), |p| {
            if let Progress::Iteration { .. } = p {
                seen += 1;
            }
        })
        .unwrap();
        assert_eq!(seen, 300);
        assert_eq!(log.losses.len(), 300);
        // iter_per_epoch = 200 / 20 = 10: evaluations after iterations 0, 10, ..., 290.
        assert_eq!(log.evaluations.len(), 30);
        assert_eq!(log.evaluations[0].iteration, 0);
        assert_eq!(log.evaluations[1].iteration, 10);
        let last = log.evaluations.last().unwrap();
        assert!(last.test_acc > 0.95, "{last}");
        assert!(log.losses[299] < log.losses[0]);
    }

    #[test]
    fn runs_are_reproducible() {
        let (train_set, test_set) = (toy(60, 1), toy(20, 2));
        let config = TrainConfig {
            iters: 30,
            batch_size: 10,
            hidden_size: 3,
            ..TrainConfig::default()
        };
        let one = train(&config, data(&train_set, &test_set), |_| {})
            .unwrap()
            .1;
        let two = train(&config, data(&train_set, &test_set), |_| {})
            .unwrap()
            .1;
        assert_eq!(one, two);
    }

    #[test]
    fn evaluation_prints_like_python() {
        let e = Evaluation {
            iteration: 0,
            train_acc: 0.9474333333333333,
            test_acc: 0.9454,
        };
        assert_eq!(
            e.to_string(),
            "train acc, test acc | 0.9474333333333333, 0.9454"
        );
    }

    #[test]
    fn a_float_epoch_length_evaluates_like_python() {
        // 1000 / 300 = 3.333...: i % 3.333 == 0 only at i = 0 (and never again).
        let config = TrainConfig {
            batch_size: 300,
            ..TrainConfig::default()
        };
        let evaluated: Vec<usize> = (0..100).filter(|&i| config.evaluates_at(i, 1000)).collect();
        assert_eq!(evaluated, vec![0]);
    }

    #[test]
    fn bad_configurations_are_named() {
        let (train_set, test_set) = (toy(50, 1), toy(10, 2));
        let base = TrainConfig {
            batch_size: 10,
            ..TrainConfig::default()
        };
        let cases = [
            (
                TrainConfig {
                    batch_size: 51,
                    ..base.clone()
                },
                "batch size 51 is larger than the training set (50 images)",
            ),
            (
                TrainConfig {
                    hidden_size: 0,
                    ..base.clone()
                },
                "hidden size 0",
            ),
            (
                TrainConfig {
                    learning_rate: -1.0,
                    ..base.clone()
                },
                "learning rate -1 must be a positive finite number",
            ),
            (
                TrainConfig {
                    learning_rate: f64::NAN,
                    ..base.clone()
                },
                "learning rate NaN",
            ),
            (
                TrainConfig {
                    learning_rate: f64::INFINITY,
                    ..base.clone()
                },
                "learning rate inf",
            ),
            (
                TrainConfig {
                    batch_size: 0,
                    ..base.clone()
                },
                "batch size 0",
            ),
            (
                TrainConfig {
                    eval_every: Some(0),
                    ..base.clone()
                },
                "every 0 iterations",
            ),
        ];
        for (config, expected) in cases {
            let err = train(&config, data(&train_set, &test_set), |_| {}).unwrap_err();
            assert!(err.to_string().contains(expected), "{err}");
        }
    }

    #[test]
    fn data_with_nan_or_mismatched_shapes_is_rejected_before_training() {
        let (mut train_set, test_set) = (toy(50, 1), toy(10, 2));
        let config = TrainConfig {
            batch_size: 10,
            iters: 5,
            ..TrainConfig::default()
        };
        train_set.0[[7, 3]] = f64::NAN;
        let err = train(&config, data(&train_set, &test_set), |_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid configuration: training image 7 holds NaN at position 3"
        );
        let (train_set, short_test) = (toy(50, 1), (toy(10, 2).0, toy(9, 2).1));
        let err = train(&config, data(&train_set, &short_test), |_| {}).unwrap_err();
        assert!(
            err.to_string()
                .contains("the test set has 10 images but 9 targets"),
            "{err}"
        );
    }

    #[test]
    fn divergence_is_reported_with_its_iteration() {
        let (train_set, test_set) = (toy(50, 1), toy(10, 2));
        // The largest finite learning rate: the first update sends the weights to
        // about 1e306, the next to infinity, and the loss becomes NaN.
        let config = TrainConfig {
            iters: 1000,
            batch_size: 10,
            learning_rate: f64::MAX,
            hidden_size: 4,
            ..TrainConfig::default()
        };
        let err = train(&config, data(&train_set, &test_set), |_| {}).unwrap_err();
        let TrainError::Diverged {
            iteration, loss, ..
        } = err
        else {
            panic!("{err}")
        };
        assert!(iteration < 10, "{iteration}");
        assert!(!loss.is_finite());
        assert!(err.to_string().starts_with("the loss became"), "{err}");
        assert!(
            err.to_string()
                .contains("(the learning rate 1.7976931348623157e+308 is too large?)"),
            "{err}"
        );
    }
}
