//! The learning algorithm of chapter 5: mini-batch stochastic gradient descent
//! (随机梯度下降法, SGD) on a [`TwoLayerNet`], the original's training loop:
//!
//! 1. **mini-batch**: draw `batch_size` training images at random (with replacement);
//! 2. **gradient**: the gradient of the loss on that batch;
//! 3. **update**: every parameter moves by `−lr ×` its gradient;
//! 4. **repeat**, `iters_num` times.
//!
//! After each update the loss on the same batch is recorded; once per epoch the
//! accuracy on all the training and test data.
//!
//! [`train`] checks nothing; [`crate::checked::train`] checks the configuration
//! and the data first. The machinery around it (a progress bar, threads, `f32`)
//! lives in the book's other crates, never here.

use ndarray::{Array2, Axis};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::two_layer_net::TwoLayerNet;

/// The training and test images (one per row, pixels in 0..=1) with their
/// one-hot targets: the original's `(x_train, t_train), (x_test, t_test)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub x_train: Array2<f64>,
    pub t_train: Array2<f64>,
    pub x_test: Array2<f64>,
    pub t_test: Array2<f64>,
}

// ANCHOR: validation_split
/// Keeps the last `validation_size` training images apart as validation data
/// (验证数据): the returned data trains on the others, and its "test" images are
/// the validation images, on which hyperparameters are judged. The real test
/// data are left out, untouched until the very end.
pub fn validation_split(data: &Data, validation_size: usize) -> Data {
    let n = data.x_train.nrows() - validation_size;
    let rows = |a: &Array2<f64>, range: std::ops::Range<usize>| {
        a.select(Axis(0), &range.collect::<Vec<usize>>())
    };
    Data {
        x_train: rows(&data.x_train, 0..n),
        t_train: rows(&data.t_train, 0..n),
        x_test: rows(&data.x_train, n..data.x_train.nrows()),
        t_test: rows(&data.t_train, n..data.x_train.nrows()),
    }
}
// ANCHOR_END: validation_split

/// How the gradient is computed at step 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradientMethod {
    /// Backpropagation: exact and fast.
    Backprop,
    /// Numerical differentiation: two forward passes per parameter; very slow.
    Numerical,
}

/// The hyperparameters of a run (超参数). `Default` is the book's run, the
/// original's script with a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub iters_num: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    pub hidden_size: usize,
    /// The seed of the weights and of the mini-batch draws.
    pub seed: u64,
    pub method: GradientMethod,
    /// Evaluate every this many iterations; `None`: once per epoch, as the original.
    pub eval_every: Option<usize>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            iters_num: 10000,
            batch_size: 100,
            learning_rate: 0.1,
            hidden_size: 50,
            seed: 2026,
            method: GradientMethod::Backprop,
            eval_every: None,
        }
    }
}

impl TrainConfig {
    /// How many iterations an evaluation comes after, as a float like the
    /// original's `max(train_size / batch_size, 1)`: an evaluation follows
    /// iteration `i` when `i % iter_per_epoch == 0`.
    pub fn iter_per_epoch(&self, train_size: usize) -> f64 {
        match self.eval_every {
            Some(n) => n as f64,
            None => (train_size as f64 / self.batch_size as f64).max(1.0),
        }
    }
}

/// What a run recorded, under the original's names: the loss after every
/// update, and the accuracies of every evaluation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainLog {
    pub train_loss_list: Vec<f64>,
    pub train_acc_list: Vec<f64>,
    pub test_acc_list: Vec<f64>,
}

/// The loss stopped being a number: the learning rate is too large. ([`train`]
/// goes on to the end, NaN in, NaN out, like the original; the checked
/// [`crate::checked::train::train`] and the fast path report this instead.)
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("the loss became {loss} at iteration {iteration}: training diverged; stopped there")]
pub struct Diverged {
    pub iteration: usize,
    pub loss: f64,
}

// ANCHOR: train
/// Trains a new network on `data` with mini-batch SGD; returns it and its log.
pub fn train(config: &TrainConfig, data: &Data) -> (TwoLayerNet, TrainLog) {
    let train_size = data.x_train.nrows();
    let iter_per_epoch = config.iter_per_epoch(train_size);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let mut network = TwoLayerNet::new(784, config.hidden_size, 10, &mut rng);
    let mut log = TrainLog::default();
    for i in 0..config.iters_num {
        // 1. a mini-batch: batch_mask = np.random.choice(train_size, batch_size)
        let batch_mask: Vec<usize> =
            (0..config.batch_size).map(|_| rng.random_range(0..train_size)).collect();
        let x_batch = data.x_train.select(Axis(0), &batch_mask); // x_train[batch_mask]
        let t_batch = data.t_train.select(Axis(0), &batch_mask);
        // 2. the gradient, 3. the update
        let grad = match config.method {
            GradientMethod::Backprop => network.gradient(&x_batch, &t_batch),
            GradientMethod::Numerical => network.numerical_gradient(&x_batch, &t_batch),
        };
        network.params.update(&grad, config.learning_rate);
        // the loss on the same batch, after the update
        log.train_loss_list.push(network.loss(&x_batch, &t_batch));
        if i as f64 % iter_per_epoch == 0.0 {
            // once per epoch: the accuracy on all the data
            log.train_acc_list.push(network.accuracy(&data.x_train, &data.t_train));
            log.test_acc_list.push(network.accuracy(&data.x_test, &data.t_test));
        }
    }
    (network, log)
}
// ANCHOR_END: train

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::one_hot;

    /// A tiny separable problem of 784-pixel "images": class = which half is brighter.
    pub(crate) fn toy(n: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut x = Array2::zeros((n, 784));
        let mut labels = Vec::new();
        for i in 0..n {
            let class = i % 10;
            for j in 0..784 {
                let bright = j / 79 == class;
                x[[i, j]] = if bright { 0.7 } else { 0.1 } + rng.random_range(0.0..0.2);
            }
            labels.push(class);
        }
        (x, one_hot(&labels, 10))
    }

    pub(crate) fn toy_data(train: usize, test: usize) -> Data {
        let ((x_train, t_train), (x_test, t_test)) = (toy(train, 1), toy(test, 2));
        Data { x_train, t_train, x_test, t_test }
    }

    #[test]
    fn learns_a_toy_problem_and_logs_like_the_original() {
        let data = toy_data(200, 100);
        let config = TrainConfig {
            iters_num: 300,
            batch_size: 20,
            learning_rate: 2.0,
            hidden_size: 5,
            ..TrainConfig::default()
        };
        let (net, log) = train(&config, &data);
        assert_eq!(log.train_loss_list.len(), 300);
        // iter_per_epoch = 200 / 20 = 10: evaluations after iterations 0, 10, ..., 290.
        assert_eq!(log.train_acc_list.len(), 30);
        assert_eq!(log.test_acc_list.len(), 30);
        assert!(log.test_acc_list[29] > 0.95, "{log:?}");
        assert_eq!(log.test_acc_list[29], net.accuracy(&data.x_test, &data.t_test));
        assert!(log.train_loss_list[299] < log.train_loss_list[0]);
    }

    #[test]
    fn a_validation_split_leaves_the_test_data_out() {
        let data = toy_data(50, 20);
        let split = validation_split(&data, 10);
        assert_eq!(split.x_train.nrows(), 40);
        assert_eq!(split.x_test.nrows(), 10);
        assert_eq!(split.x_test.row(0), data.x_train.row(40));
        assert_eq!(split.t_test.row(9), data.t_train.row(49));
        assert!(
            split.x_test.rows().into_iter().all(|r| data.x_test.rows().into_iter().all(|s| s != r))
        );
    }

    #[test]
    fn runs_are_reproducible() {
        let data = toy_data(60, 20);
        let config =
            TrainConfig { iters_num: 30, batch_size: 10, hidden_size: 3, ..TrainConfig::default() };
        assert_eq!(train(&config, &data), train(&config, &data));
    }

    #[test]
    fn a_float_epoch_length_evaluates_like_python() {
        // 1000 / 300 = 3.333...: i % 3.333 == 0 only at i = 0 (and never again).
        let config = TrainConfig { batch_size: 300, ..TrainConfig::default() };
        let per_epoch = config.iter_per_epoch(1000);
        let evaluated: Vec<usize> = (0..100).filter(|&i| i as f64 % per_epoch == 0.0).collect();
        assert_eq!(evaluated, vec![0]);
        let every_7 = TrainConfig { eval_every: Some(7), ..config };
        let per = every_7.iter_per_epoch(1000);
        let evaluated: Vec<usize> = (0..20).filter(|&i| i as f64 % per == 0.0).collect();
        assert_eq!(evaluated, vec![0, 7, 14]);
    }

    #[test]
    fn a_diverging_run_goes_on_with_nan_like_the_original() {
        let data = toy_data(50, 10);
        // The largest finite learning rate: the first update sends the weights to
        // about 1e306, the next to infinity, and the loss becomes NaN.
        let config = TrainConfig {
            iters_num: 20,
            batch_size: 10,
            learning_rate: f64::MAX,
            hidden_size: 4,
            ..TrainConfig::default()
        };
        let (_, log) = train(&config, &data);
        assert_eq!(log.train_loss_list.len(), 20);
        let first_nan = log.train_loss_list.iter().position(|l| !l.is_finite());
        assert!(first_nan.is_some_and(|i| i < 10), "{log:?}");
    }

    #[test]
    fn the_numerical_method_gives_the_backprop_run_closely() {
        let data = toy_data(20, 10);
        let config =
            TrainConfig { iters_num: 2, batch_size: 5, hidden_size: 2, ..TrainConfig::default() };
        let numerical = TrainConfig { method: GradientMethod::Numerical, ..config.clone() };
        let (a, _) = train(&config, &data);
        let (b, _) = train(&numerical, &data);
        let difference = (&a.params.w1 - &b.params.w1).mapv(f64::abs);
        assert!(difference.iter().all(|&d| d < 1e-8));
    }
}
