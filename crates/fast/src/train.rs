//! The training loop of chapter 5 with the work spread over both cores. Its
//! steps, and so its results, are those of [`nnlearn::train::train`]; see the
//! crate documentation for what differs in how they are computed.

use std::thread::ScopedJoinHandle;

use ndarray::{Array2, ArrayView2, Axis};
use nnlearn::checked::train::{TrainError, validate};
use nnlearn::train::{Data, Diverged, GradientMethod, TrainConfig, TrainLog};
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::batch::Sampler;
use crate::net::FastNet;
use crate::real::Real;

/// The data of a run, as views: training and test images (one per row) with
/// their one-hot targets.
#[derive(Clone, Copy)]
pub struct FastData<'a, F: Real> {
    pub x_train: ArrayView2<'a, F>,
    pub t_train: ArrayView2<'a, F>,
    pub x_test: ArrayView2<'a, F>,
    pub t_test: ArrayView2<'a, F>,
}

impl<'a> FastData<'a, f64> {
    /// The plain loop's data, without a copy.
    pub fn of(data: &'a Data) -> Self {
        FastData {
            x_train: data.x_train.view(),
            t_train: data.t_train.view(),
            x_test: data.x_test.view(),
            t_test: data.t_test.view(),
        }
    }
}

/// The data of a run in another float type (`f32`), owned.
pub struct Converted<F: Real>([Array2<F>; 4]);

impl<F: Real> Converted<F> {
    /// Training images and targets, test images and targets, as they are.
    pub fn new(
        x_train: Array2<F>,
        t_train: Array2<F>,
        x_test: Array2<F>,
        t_test: Array2<F>,
    ) -> Self {
        Converted([x_train, t_train, x_test, t_test])
    }

    /// The plain loop's data, converted.
    pub fn from(data: &Data) -> Self {
        let c = |a: &Array2<f64>| a.mapv(F::from_f64_lossy);
        Converted([c(&data.x_train), c(&data.t_train), c(&data.x_test), c(&data.t_test)])
    }

    pub fn view(&self) -> FastData<'_, F> {
        let [x_train, t_train, x_test, t_test] = &self.0;
        FastData {
            x_train: x_train.view(),
            t_train: t_train.view(),
            x_test: x_test.view(),
            t_test: t_test.view(),
        }
    }
}

/// One accuracy measurement, after the update of iteration `iteration` (from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub iteration: usize,
    pub train_acc: f64,
    pub test_acc: f64,
}

/// Something the loop reports while it runs (for a progress bar or a log).
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Iteration { done: usize, loss: f64 },
    Evaluated(Evaluation),
}

/// Trains a new 784-`hidden`-10 network on `data` with mini-batch SGD, as
/// [`nnlearn::train::train`] does; `progress` hears of every iteration and
/// evaluation. Backpropagation only: the numerical gradient is the plain loop's.
pub fn train<F: Real>(
    config: &TrainConfig,
    data: FastData<'_, F>,
    mut progress: impl FnMut(Progress),
) -> Result<(FastNet<F>, TrainLog), TrainError> {
    // Through the trait, so that the loop is compiled (and optimised) in this
    // crate for f64 and f32, not in each crate that calls it: in the debug
    // build of `cargo test`, which does not optimise the book's crate, the
    // loop compiled there ran about sixty times slower.
    F::train_here(config, data, &mut progress)
}

/// [`train`], for one type (called by [`Real::train_here`]).
pub(crate) fn train_in<F: Real>(
    config: &TrainConfig,
    data: FastData<'_, F>,
    mut progress: &mut dyn FnMut(Progress),
) -> Result<(FastNet<F>, TrainLog), TrainError> {
    let train_size = data.x_train.nrows();
    validate(config, train_size, data.x_test.nrows()).map_err(TrainError::Config)?;
    if config.method != GradientMethod::Backprop {
        return Err(TrainError::Config(
            "the fast path computes the gradient by backpropagation only".into(),
        ));
    }
    let iter_per_epoch = config.iter_per_epoch(train_size);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let plain = TwoLayerNet::new(784, config.hidden_size, 10, &mut rng);
    let mut network = FastNet::<F>::from_plain(&plain);
    let learning_rate = F::from_f64_lossy(config.learning_rate);
    let mut log = TrainLog::default();

    // ANCHOR: fast_loop
    std::thread::scope(|scope| {
        let batches = Sampler::spawn(
            scope,
            rng,
            data.x_train,
            data.t_train,
            config.batch_size,
            config.iters_num,
        );
        let mut evaluation: Option<ScopedJoinHandle<'_, Evaluation>> = None;
        for i in 0..config.iters_num {
            let batch = batches.next();
            let (x_batch, t_batch) = (batch.x.view(), batch.t.view());
            let grad = network.gradient(x_batch, t_batch);
            network.update(&grad, learning_rate);
            let loss = network.loss(x_batch, t_batch);
            batches.give_back(batch);
            if !loss.is_finite() {
                finish(evaluation.take(), &mut log, &mut progress);
                return Err(TrainError::Diverged(Diverged { iteration: i, loss }));
            }
            log.train_loss_list.push(loss);
            progress(Progress::Iteration { done: i + 1, loss });
            if i as f64 % iter_per_epoch == 0.0 {
                finish(evaluation.take(), &mut log, &mut progress);
                let snapshot = network.clone();
                evaluation = Some(scope.spawn(move || evaluate(&snapshot, i, data)));
            }
        }
        finish(evaluation.take(), &mut log, &mut progress);
        Ok(())
    })?;
    // ANCHOR_END: fast_loop
    Ok((network, log))
}

/// Waits for a running evaluation, then logs and reports its result.
fn finish(
    evaluation: Option<ScopedJoinHandle<'_, Evaluation>>,
    log: &mut TrainLog,
    progress: &mut dyn FnMut(Progress),
) {
    if let Some(handle) = evaluation {
        let result = handle.join().expect("the evaluation thread panicked");
        log.train_acc_list.push(result.train_acc);
        log.test_acc_list.push(result.test_acc);
        progress(Progress::Evaluated(result));
    }
}

/// Accuracy on the full training and test sets, in chunks of rows so that the
/// hidden layer of a chunk stays in the processor's cache.
fn evaluate<F: Real>(network: &FastNet<F>, iteration: usize, data: FastData<'_, F>) -> Evaluation {
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn toy_data(train: usize, test: usize) -> Data {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut make = |n: usize| {
            let labels: Vec<usize> = (0..n).map(|i| i % 10).collect();
            let x = Array2::from_shape_fn((n, 784), |(i, j)| {
                let bright = j / 79 == labels[i];
                (if bright { 0.7 } else { 0.1 }) + rng.random_range(0.0..0.2)
            });
            (x, nnlearn::loss::one_hot(&labels, 10))
        };
        let ((x_train, t_train), (x_test, t_test)) = (make(train), make(test));
        Data { x_train, t_train, x_test, t_test }
    }

    /// The fast loop gives the plain loop's run exactly: every loss, every
    /// accuracy, the final weights.
    #[test]
    fn the_fast_f64_run_is_the_plain_run_bit_for_bit() {
        let data = toy_data(120, 40);
        let config = TrainConfig {
            iters_num: 60,
            batch_size: 20,
            learning_rate: 1.0,
            hidden_size: 6,
            ..TrainConfig::default()
        };
        let (plain_net, plain_log) = nnlearn::train::train(&config, &data);
        let mut seen = 0;
        let (fast_net, fast_log) = train(&config, FastData::of(&data), |p| {
            if let Progress::Iteration { .. } = p {
                seen += 1;
            }
        })
        .unwrap();
        assert_eq!(seen, 60);
        assert_eq!(fast_log, plain_log);
        assert_eq!(fast_net.to_plain(), plain_net);
    }

    #[test]
    fn divergence_is_reported_like_the_plain_loop() {
        let data = toy_data(50, 10);
        let config = TrainConfig {
            iters_num: 1000,
            batch_size: 10,
            learning_rate: f64::MAX,
            hidden_size: 4,
            ..TrainConfig::default()
        };
        let TrainError::Diverged(plain) =
            nnlearn::checked::train::train(&config, &data).unwrap_err()
        else {
            panic!("the chapter's loop must diverge")
        };
        let TrainError::Diverged(fast) = train(&config, FastData::of(&data), |_| {}).unwrap_err()
        else {
            panic!("the fast loop must diverge too")
        };
        assert_eq!(fast.iteration, plain.iteration);
        assert_eq!(fast.loss.to_bits(), plain.loss.to_bits());
    }

    #[test]
    fn bad_configurations_are_refused() {
        let data = toy_data(20, 10);
        let config = TrainConfig { batch_size: 21, ..TrainConfig::default() };
        let err = train(&config, FastData::of(&data), |_| {}).unwrap_err();
        assert!(err.to_string().contains("batch size 21"), "{err}");
    }

    #[test]
    fn f32_follows_f64_closely() {
        let data = toy_data(100, 20);
        let config = TrainConfig {
            iters_num: 50,
            batch_size: 10,
            learning_rate: 0.5,
            hidden_size: 8,
            ..TrainConfig::default()
        };
        let converted = Converted::<f32>::from(&data);
        let (_, log32) = train(&config, converted.view(), |_| {}).unwrap();
        let (_, log64) = train(&config, FastData::of(&data), |_| {}).unwrap();
        for (a, b) in log32.train_loss_list.iter().zip(&log64.train_loss_list) {
            assert!((a - b).abs() < 1e-4, "{a} {b}");
        }
    }
}
