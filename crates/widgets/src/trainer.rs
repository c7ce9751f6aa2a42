//! Chapter 5's training widget: the loop of `nnlearn::train::train`, one
//! iteration per call, so that the page can draw between iterations and stop
//! when the reader says. The accuracy of an evaluation is counted a slice of
//! images at a time, for the same reason. Run to the end, it gives the log
//! that `train` gives, bit for bit (tested below).
#![forbid(unsafe_code)]

use ndarray::{ArrayView2, Axis, Slice};
use nnlearn::argmax::argmax;
use nnlearn::train::{Data, TrainConfig, TrainLog};
use nnlearn::two_layer_net::TwoLayerNet;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A training run in progress.
pub struct Trainer {
    config: TrainConfig,
    data: Data,
    rng: ChaCha8Rng,
    pub network: TwoLayerNet,
    pub log: TrainLog,
    /// Iterations done.
    pub iteration: usize,
    /// An evaluation under way: how many rows of the training, then the test
    /// data are counted, and how many of them were right.
    evaluation: Option<Evaluation>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Evaluation {
    rows_done: usize,
    train_correct: usize,
    test_correct: usize,
}

impl Trainer {
    /// A new network, drawn as `train` draws it, for the run `config` on `data`.
    /// (`config.iters_num` is not used: the reader stops the run.)
    pub fn new(config: TrainConfig, data: Data) -> Trainer {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        let network = TwoLayerNet::new(784, config.hidden_size, 10, &mut rng);
        let log = TrainLog::default();
        Trainer { config, data, rng, network, log, iteration: 0, evaluation: None }
    }

    /// Whether an evaluation is waiting for [`Trainer::evaluate`].
    pub fn evaluating(&self) -> bool {
        self.evaluation.is_some()
    }

    /// One iteration of `train`'s loop: a mini-batch, its gradient, the update,
    /// the loss after it; starts an evaluation once per epoch. Does nothing
    /// while an evaluation is under way.
    pub fn step(&mut self) {
        if self.evaluating() {
            return;
        }
        let train_size = self.data.x_train.nrows();
        let iter_per_epoch = self.config.iter_per_epoch(train_size);
        let batch_mask: Vec<usize> =
            (0..self.config.batch_size).map(|_| self.rng.random_range(0..train_size)).collect();
        let x_batch = self.data.x_train.select(Axis(0), &batch_mask);
        let t_batch = self.data.t_train.select(Axis(0), &batch_mask);
        let grad = self.network.gradient(&x_batch, &t_batch);
        self.network.params.update(&grad, self.config.learning_rate);
        self.log.train_loss_list.push(self.network.loss(&x_batch, &t_batch));
        if self.iteration as f64 % iter_per_epoch == 0.0 {
            self.evaluation = Some(Evaluation::default());
        }
        self.iteration += 1;
    }

    /// Counts up to `rows` more images of the evaluation under way (the
    /// training images, then the test images); when all are counted, records
    /// both accuracies as `accuracy` computes them. Returns the rows left.
    pub fn evaluate(&mut self, rows: usize) -> usize {
        let Some(mut e) = self.evaluation else { return 0 };
        let (n_train, n_test) = (self.data.x_train.nrows(), self.data.x_test.nrows());
        let mut budget = rows.max(1);
        while budget > 0 && e.rows_done < n_train + n_test {
            let (x, t, start, correct) = if e.rows_done < n_train {
                (&self.data.x_train, &self.data.t_train, e.rows_done, &mut e.train_correct)
            } else {
                (&self.data.x_test, &self.data.t_test, e.rows_done - n_train, &mut e.test_correct)
            };
            let end = (start + budget).min(x.nrows());
            let rows = Slice::from(start..end);
            let (x, t) = (x.slice_axis(Axis(0), rows), t.slice_axis(Axis(0), rows));
            *correct += count_correct(&self.network, x, t);
            e.rows_done += end - start;
            budget -= end - start;
        }
        if e.rows_done == n_train + n_test {
            self.log.train_acc_list.push(e.train_correct as f64 / n_train as f64);
            self.log.test_acc_list.push(e.test_correct as f64 / n_test as f64);
            self.evaluation = None;
            0
        } else {
            self.evaluation = Some(e);
            n_train + n_test - e.rows_done
        }
    }
}

/// How many rows `TwoLayerNet::accuracy` counts as right.
fn count_correct(network: &TwoLayerNet, x: ArrayView2<f64>, t: ArrayView2<f64>) -> usize {
    let y = network.predict(&x.to_owned());
    let rows = y.rows().into_iter().zip(t.rows());
    rows.filter(|(y, t)| argmax(y) == argmax(t)).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use nnlearn::loss::one_hot;

    fn toy(n: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let x = Array2::from_shape_simple_fn((n, 784), || rng.random_range(0.0..1.0));
        let labels: Vec<usize> = (0..n).map(|i| i % 10).collect();
        (x, one_hot(&labels, 10))
    }

    /// Stepping and counting in slices of 7 rows gives `train`'s log exactly.
    #[test]
    fn stepping_gives_the_log_of_train() {
        let ((x_train, t_train), (x_test, t_test)) = (toy(60, 1), toy(25, 2));
        let data = Data { x_train, t_train, x_test, t_test };
        let config = TrainConfig {
            iters_num: 40,
            batch_size: 20,
            learning_rate: 0.5,
            hidden_size: 8,
            ..TrainConfig::default()
        };
        let (network, log) = nnlearn::train::train(&config, &data);
        let mut trainer = Trainer::new(config, data);
        while trainer.iteration < 40 || trainer.evaluating() {
            while trainer.evaluate(7) > 0 {}
            if trainer.iteration < 40 {
                trainer.step();
            }
        }
        assert_eq!(trainer.log, log);
        assert_eq!(trainer.network, network);
        assert_eq!(log.train_acc_list.len(), 14, "60 / 20 = 3 iterations per epoch");
    }

    #[test]
    fn no_step_while_an_evaluation_is_under_way() {
        let ((x_train, t_train), (x_test, t_test)) = (toy(10, 1), toy(10, 2));
        let data = Data { x_train, t_train, x_test, t_test };
        let config = TrainConfig { batch_size: 5, hidden_size: 3, ..TrainConfig::default() };
        let mut trainer = Trainer::new(config, data);
        trainer.step();
        assert!(trainer.evaluating());
        trainer.step();
        assert_eq!(trainer.iteration, 1);
        assert_eq!(trainer.evaluate(15), 5);
        assert_eq!(trainer.evaluate(15), 0);
        assert_eq!(trainer.log.train_acc_list.len(), 1);
    }
}
