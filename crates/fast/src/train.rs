//! The training loop of chapter 5 with the work spread over both cores. Its
//! steps, and so its results, are those of [`nnlearn::train::train`]; see the
//! crate documentation for what differs in how they are computed.

use std::sync::Arc;

use ndarray::{Array2, ArrayView2};
use nnlearn::checked::train::{ConfigError, TrainError, validate};
use nnlearn::train::{Data, Diverged, GradientMethod, TrainConfig, TrainLog};
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::batch::Draws;
use crate::evaluation::Job;
use crate::images::Images;
use crate::losses::Losses;
use crate::net::FastNet;
use crate::real::Real;

/// The data of a run, as views: training and test images (one per row) with
/// their one-hot targets.
#[derive(Clone, Copy)]
pub struct FastData<'a, F: Real> {
    pub x_train: Images<'a, F>,
    pub t_train: ArrayView2<'a, F>,
    pub x_test: Images<'a, F>,
    pub t_test: ArrayView2<'a, F>,
}

impl<'a> FastData<'a, f64> {
    /// The plain loop's data, without a copy.
    pub fn of(data: &'a Data) -> Self {
        FastData {
            x_train: Images::Numbers(data.x_train.view()),
            t_train: data.t_train.view(),
            x_test: Images::Numbers(data.x_test.view()),
            t_test: data.t_test.view(),
        }
    }
}

/// The data of a run in another float type (`f32`), owned.
pub struct Converted<F: Real>([Array2<F>; 4]);

impl<F: Real> Converted<F> {
    /// The plain loop's data, converted.
    pub fn from(data: &Data) -> Self {
        let c = |a: &Array2<f64>| a.mapv(F::from_f64_lossy);
        Converted([c(&data.x_train), c(&data.t_train), c(&data.x_test), c(&data.t_test)])
    }

    pub fn view(&self) -> FastData<'_, F> {
        let [x_train, t_train, x_test, t_test] = &self.0;
        FastData {
            x_train: Images::Numbers(x_train.view()),
            t_train: t_train.view(),
            x_test: Images::Numbers(x_test.view()),
            t_test: t_test.view(),
        }
    }
}

/// The data of a run with the images as the MNIST files hold them, one byte per
/// pixel (see [`crate::images`]), owned.
pub struct PixelData<F: Real> {
    x_train: Array2<u8>,
    t_train: Array2<F>,
    x_test: Array2<u8>,
    t_test: Array2<F>,
}

impl<F: Real> PixelData<F> {
    /// Training images and one-hot targets, test images and one-hot targets.
    pub fn new(
        x_train: Array2<u8>,
        t_train: Array2<F>,
        x_test: Array2<u8>,
        t_test: Array2<F>,
    ) -> Self {
        PixelData { x_train, t_train, x_test, t_test }
    }

    pub fn view(&self) -> FastData<'_, F> {
        FastData {
            x_train: Images::Bytes(self.x_train.view()),
            t_train: self.t_train.view(),
            x_test: Images::Bytes(self.x_test.view()),
            t_test: self.t_test.view(),
        }
    }
}

pub use crate::evaluation::Evaluation;

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
    progress: &mut dyn FnMut(Progress),
) -> Result<(FastNet<F>, TrainLog), TrainError> {
    let train_size = data.x_train.nrows();
    validate(config, train_size, data.x_test.nrows())?;
    if config.method != GradientMethod::Backprop {
        return Err(ConfigError::BackpropagationOnly { path: "fast path" }.into());
    }
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let plain = TwoLayerNet::new(784, config.hidden_size, 10, &mut rng);
    let mut network = Arc::new(FastNet::<F>::from_plain(&plain));
    let learning_rate = F::from_f64_lossy(config.learning_rate);
    let iters = config.iters_num;

    // ANCHOR: fast_loop
    std::thread::scope(|scope| {
        let draws = Draws::new(rng, data.x_train, data.t_train, config.batch_size, iters);
        let losses = Losses::spawn(scope, draws);
        let mut log = Log::new(config.iter_per_epoch(train_size), progress);
        let mut spare = None;
        for i in 0..iters {
            let batch = losses.next_batch();
            // The new weights go into a spare network: the loss thread still
            // reads the current ones (and an evaluation perhaps).
            let mut next = spare.take().unwrap_or_else(|| FastNet::clone(&network));
            network.step_into(batch.x.view(), batch.t.view(), learning_rate, &mut next);
            // Meanwhile the other core computed the loss of the step before;
            // until it is there, this thread helps with the evaluation.
            if i > 0 {
                let loss = losses.next(|| log.help());
                log.step(&losses, i - 1, loss, &network, data)?;
            }
            let old = std::mem::replace(&mut network, Arc::new(next));
            losses.start(Arc::clone(&network), batch);
            spare = Arc::into_inner(old);
        }
        if iters > 0 {
            let loss = losses.next(|| log.help());
            log.step(&losses, iters - 1, loss, &network, data)?;
        }
        Ok(log.finish())
    })
    // ANCHOR_END: fast_loop
    .map(|log| (Arc::unwrap_or_clone(network), log))
}

/// What the loop logs and reports: the loss of every step, in order, and the
/// accuracies, measured by both threads in their spare time while training
/// goes on ([`crate::evaluation`]).
struct Log<'env, 'p, F: Real> {
    log: TrainLog,
    iter_per_epoch: f64,
    progress: &'p mut dyn FnMut(Progress),
    evaluation: Option<Arc<Job<'env, F>>>,
}

impl<'env, 'p, F: Real> Log<'env, 'p, F> {
    fn new(iter_per_epoch: f64, progress: &'p mut dyn FnMut(Progress)) -> Self {
        let log = TrainLog::default();
        Log { log, iter_per_epoch, progress, evaluation: None }
    }

    /// Computes a chunk of the evaluation under way; `false` if there is none left.
    fn help(&mut self) -> bool {
        self.evaluation.as_ref().is_some_and(|job| job.work())
    }

    /// Logs the loss of step `i`, computed with `network`, the weights after its
    /// update; at the end of an epoch, starts measuring their accuracy, with the
    /// help of the loss thread. A loss that is not finite ends the run, as in the
    /// plain loop.
    fn step(
        &mut self,
        losses: &Losses<'env, F>,
        i: usize,
        loss: f64,
        network: &Arc<FastNet<F>>,
        data: FastData<'env, F>,
    ) -> Result<(), TrainError> {
        if !loss.is_finite() {
            self.wait_for_evaluation();
            return Err(TrainError::Diverged(Diverged { iteration: i, loss }));
        }
        self.log.train_loss_list.push(loss);
        (self.progress)(Progress::Iteration { done: i + 1, loss });
        if i as f64 % self.iter_per_epoch == 0.0 {
            self.wait_for_evaluation();
            let job = Arc::new(Job::new(Arc::clone(network), i, data));
            losses.help_with(Arc::clone(&job));
            self.evaluation = Some(job);
        }
        Ok(())
    }

    /// Finishes the evaluation under way, then logs and reports its result.
    fn wait_for_evaluation(&mut self) {
        if let Some(job) = self.evaluation.take() {
            let result = job.finish();
            self.log.train_acc_list.push(result.train_acc);
            self.log.test_acc_list.push(result.test_acc);
            (self.progress)(Progress::Evaluated(result));
        }
    }

    fn finish(mut self) -> TrainLog {
        self.wait_for_evaluation();
        self.log
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

    /// Images given as bytes train exactly as the same images given as numbers.
    #[test]
    fn bytes_train_as_their_numbers() {
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let mut make = |n: usize| {
            let labels: Vec<usize> = (0..n).map(|i| i % 10).collect();
            let x = Array2::from_shape_fn((n, 784), |(i, j)| {
                if j / 79 == labels[i] {
                    rng.random_range(150..=255)
                } else {
                    rng.random_range(0..60)
                }
            });
            (x, nnlearn::loss::one_hot(&labels, 10))
        };
        let ((x_train, t_train), (x_test, t_test)) = (make(90), make(30));
        let numbers = |x: &Array2<u8>| x.mapv(|b| f64::from(b) / 255.0);
        let data = Data {
            x_train: numbers(&x_train),
            t_train: t_train.clone(),
            x_test: numbers(&x_test),
            t_test: t_test.clone(),
        };
        let config = TrainConfig {
            iters_num: 40,
            batch_size: 15,
            learning_rate: 0.5,
            hidden_size: 9,
            ..TrainConfig::default()
        };
        let bytes = PixelData::new(x_train, t_train, x_test, t_test);
        let (net_bytes, log_bytes) = train(&config, bytes.view(), |_| {}).unwrap();
        let (net_numbers, log_numbers) = train(&config, FastData::of(&data), |_| {}).unwrap();
        assert_eq!(log_bytes, log_numbers);
        assert_eq!(net_bytes, net_numbers);
        assert_eq!(log_numbers, nnlearn::train::train(&config, &data).1);
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
