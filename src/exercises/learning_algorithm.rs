//! Exercises of chapter 5, "The learning algorithm": one step of SGD, the
//! accuracy, and how often a run evaluates.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 5.1` (or 5.2, 5.3). The solutions are at the bottom.

use ndarray::{Array2, ArrayView2, array};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::Exercise;
use super::support::{arrays_close, close, digits};
use crate::argmax::argmax;
use crate::pyrepr::repr;
use crate::train::{Data, TrainConfig, train};
use crate::two_layer_net::TwoLayerNet;

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "5.1",
        chapter: "learning-algorithm",
        title: "One step of stochastic gradient descent",
        yours: || check_5_1(sgd_step),
        solution: || check_5_1(solution::sgd_step),
    },
    Exercise {
        id: "5.2",
        chapter: "learning-algorithm",
        title: "The accuracy, from the outputs",
        yours: || check_5_2(accuracy),
        solution: || check_5_2(solution::accuracy),
    },
    Exercise {
        id: "5.3",
        chapter: "learning-algorithm",
        title: "How many evaluations a run makes",
        yours: || check_5_3(evaluation_count),
        solution: || check_5_3(solution::evaluation_count),
    },
];

// ANCHOR: ex_5_1
/// Exercise 5.1: one step of learning on a mini-batch: the gradient of the loss
/// on `(x_batch, t_batch)` (by backpropagation, `net.gradient`), then every
/// parameter moves by `−learning_rate ×` its gradient. Return the loss on the
/// same batch after the update, as the training loop logs it.
#[allow(unused_variables)] // until you write the body
pub fn sgd_step(
    net: &mut TwoLayerNet,
    x_batch: ArrayView2<f64>,
    t_batch: ArrayView2<f64>,
    learning_rate: f64,
) -> f64 {
    todo!("gradient, update, then the loss after the update")
}
// ANCHOR_END: ex_5_1

// ANCHOR: ex_5_2
/// Exercise 5.2: the recognition accuracy of the outputs `y` (one row of ten
/// probabilities per image) against the one-hot targets `t`: the share of rows
/// whose largest output is at the column where `t` has its 1. (If a row has
/// several equal largest values, take the first, as `np.argmax` does.)
#[allow(unused_variables)] // until you write the body
pub fn accuracy(y: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
    todo!("compare the argmax of each row of y with the argmax of the row of t")
}
// ANCHOR_END: ex_5_2

// ANCHOR: ex_5_3
/// Exercise 5.3: how many times a run evaluates the accuracy, with the
/// original's rule: `iter_per_epoch = max(train_size / batch_size, 1)` computed
/// in floating point (Python's `/`), and an evaluation after iteration `i`
/// (counted from 0) whenever `i % iter_per_epoch == 0`.
#[allow(unused_variables)] // until you write the body
pub fn evaluation_count(train_size: usize, batch_size: usize, iters: usize) -> usize {
    todo!("count the i in 0..iters for which (i as f64) % iter_per_epoch == 0.0")
}
// ANCHOR_END: ex_5_3

/// The network and the mini-batch of the checks: a fresh 784-50-10 network and
/// the first 100 training images of the shipped subset.
fn network_and_batch() -> Result<(TwoLayerNet, Array2<f64>, Array2<f64>), String> {
    let digits = digits()?;
    let batch = digits.train.first(100);
    let net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(2026));
    Ok((net, batch.images_2d().to_owned(), batch.one_hot()))
}

/// Checks three steps against the crate's `gradient` and `descend`.
fn check_5_1(
    sgd_step: fn(&mut TwoLayerNet, ArrayView2<f64>, ArrayView2<f64>, f64) -> f64,
) -> Result<String, String> {
    let (net, x, t) = network_and_batch()?;
    let (mut yours, mut expected) = (net.clone(), net);
    let first_loss = expected.loss(x.view(), t.view());
    let mut losses = vec![first_loss];
    for step in 1..=3 {
        let before = expected.loss(x.view(), t.view());
        let grads = expected.gradient(x.view(), t.view());
        expected.params.descend(&grads, 0.1);
        let after = expected.loss(x.view(), t.view());
        let returned = sgd_step(&mut yours, x.view(), t.view(), 0.1);
        for ((name, got), (_, want)) in yours
            .params
            .named()
            .into_iter()
            .zip(expected.params.named())
        {
            arrays_close(&format!("after step {step}, {name}"), &got, &want, 1e-12)?;
        }
        close(
            &format!("the loss returned by step {step}"),
            returned,
            after,
            1e-12,
        )?;
        if after >= before {
            return Err(format!(
                "step {step}: the loss went from {before} to {after}, it should fall"
            ));
        }
        losses.push(after);
    }
    let losses: Vec<String> = losses.iter().map(|l| format!("{l:.6}")).collect();
    Ok(format!(
        "the same parameters as the crate's gradient + descend; the loss on the batch of 100 \
         falls step by step: {}",
        losses.join(" → ")
    ))
}

/// Checks the accuracy on hand-made rows (with a tie) and on a network's outputs
/// for the 1000 test images, against the crate.
fn check_5_2(accuracy: fn(ArrayView2<f64>, ArrayView2<f64>) -> f64) -> Result<String, String> {
    // Row 0 right, row 1 wrong, row 2 a tie between columns 0 and 2 (the first wins).
    let y = array![[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.4, 0.2, 0.4]];
    let t = array![[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]];
    let right = y
        .rows()
        .into_iter()
        .zip(t.rows())
        .filter(|(y, t)| argmax(*y) == argmax(*t))
        .count();
    let expected = right as f64 / y.nrows() as f64;
    close(
        "on three hand-made rows (the last a tie: the first maximum wins)",
        accuracy(y.view(), t.view()),
        expected,
        0.0,
    )?;

    // A network trained for a few steps, on the 1000 test images.
    let (mut net, x, t) = network_and_batch()?;
    for _ in 0..20 {
        let grads = net.gradient(x.view(), t.view());
        net.params.descend(&grads, 0.5);
    }
    let digits = digits()?;
    let (x_test, t_test) = (digits.test.images_2d(), digits.test.one_hot());
    let expected = net.accuracy(x_test, t_test.view());
    let got = accuracy(net.predict(x_test).view(), t_test.view());
    close(
        "on the 1000 test images, with a network trained for 20 steps",
        got,
        expected,
        0.0,
    )?;
    Ok(format!(
        "{} on the test images, as TwoLayerNet::accuracy says",
        repr(got)
    ))
}

/// The cases of 5.3 run here: the overfitting run's 300 images (shortened), a
/// float epoch, ten iterations per epoch, and an epoch of a single iteration.
const CASES_5_3: [(usize, usize, usize); 4] = [
    (300, 100, 20),
    (1000, 300, 100),
    (200, 20, 300),
    (100, 100, 5),
];

/// How many evaluations the crate's training loop really makes: it runs, on a
/// training set of the given size made of zeros (nothing to learn, so it is fast).
fn evaluations_of_a_run(
    train_size: usize,
    batch_size: usize,
    iters: usize,
) -> Result<usize, String> {
    let x_train = Array2::zeros((train_size, 1));
    let t_train = crate::loss::one_hot(&vec![0; train_size], 2);
    let (x_test, t_test) = (Array2::zeros((1, 1)), crate::loss::one_hot(&[0], 2));
    let data = Data {
        x_train: x_train.view(),
        t_train: t_train.view(),
        x_test: x_test.view(),
        t_test: t_test.view(),
    };
    let config = TrainConfig {
        iters,
        batch_size,
        hidden_size: 1,
        ..TrainConfig::default()
    };
    let (_, log) = train(&config, data, |_| {}).map_err(|e| e.to_string())?;
    Ok(log.evaluations.len())
}

/// The book's full run (60000 images), as recorded in `book/runs/full/`:
/// `(train_size, batch_size, iters)` and how many evaluations it made. Too long
/// to re-run for a check in a debug build, so the record answers.
fn the_book_run() -> Result<((usize, usize, usize), usize), String> {
    let runs = crate::experiment::book_runs();
    let full = runs
        .iter()
        .find(|r| r.name == "full")
        .ok_or("the book run `full` is missing")?;
    let record = full.record()?;
    if !record.summary.contains("60000 training images") {
        return Err(format!(
            "book/runs/full: expected a run on 60000 images, the record says `{}`",
            record.summary
        ));
    }
    let case = (60000, full.config.batch_size, full.config.iters);
    Ok((case, record.log.evaluations.len()))
}

/// Checks the count against the book's recorded run and real (tiny) runs of the
/// crate's training loop.
fn check_5_3(evaluation_count: fn(usize, usize, usize) -> usize) -> Result<String, String> {
    let mut lines = Vec::new();
    let (book_case, book_count) = the_book_run()?;
    let mut cases = vec![(
        book_case,
        book_count,
        "the book's run (book/runs/full) evaluated",
    )];
    for (n, b, i) in CASES_5_3 {
        cases.push((
            (n, b, i),
            evaluations_of_a_run(n, b, i)?,
            "the training loop evaluates",
        ));
    }
    for ((train_size, batch_size, iters), expected, source) in cases {
        let got = evaluation_count(train_size, batch_size, iters);
        let case = format!("train_size {train_size}, batch_size {batch_size}, iters {iters}");
        if got != expected {
            return Err(format!("{case}: {source} {expected} times, you said {got}"));
        }
        lines.push(format!("{case}: {got}"));
    }
    Ok(format!(
        "{}\n(1000 / 300 = 3.33...: i % 3.33... is 0 only at i = 0, so that run evaluates once.)",
        lines.join("\n")
    ))
}

pub mod solution {
    use ndarray::ArrayView2;

    use crate::two_layer_net::TwoLayerNet;

    // ANCHOR: ex_5_1_solution
    /// Exercise 5.1: one step of learning on a mini-batch.
    pub fn sgd_step(
        net: &mut TwoLayerNet,
        x_batch: ArrayView2<f64>,
        t_batch: ArrayView2<f64>,
        learning_rate: f64,
    ) -> f64 {
        let grads = net.gradient(x_batch, t_batch); // 2. gradient
        net.params.descend(&grads, learning_rate); // 3. update
        net.loss(x_batch, t_batch) // the loss after the update
    }
    // ANCHOR_END: ex_5_1_solution

    // ANCHOR: ex_5_2_solution
    /// Exercise 5.2: the share of rows whose largest output is the right class.
    pub fn accuracy(y: ArrayView2<f64>, t: ArrayView2<f64>) -> f64 {
        // The index of the first largest value, as np.argmax.
        let argmax = |row: ndarray::ArrayView1<f64>| {
            let mut best = 0;
            for (i, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = i;
                }
            }
            best
        };
        let right = y
            .rows()
            .into_iter()
            .zip(t.rows())
            .filter(|(y, t)| argmax(*y) == argmax(*t))
            .count();
        right as f64 / y.nrows() as f64
    }
    // ANCHOR_END: ex_5_2_solution

    // ANCHOR: ex_5_3_solution
    /// Exercise 5.3: the original's rule, with Python's float division and `%`.
    pub fn evaluation_count(train_size: usize, batch_size: usize, iters: usize) -> usize {
        let iter_per_epoch = (train_size as f64 / batch_size as f64).max(1.0);
        (0..iters)
            .filter(|&i| i as f64 % iter_per_epoch == 0.0)
            .count()
    }
    // ANCHOR_END: ex_5_3_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_5_1_passes() {
        check_5_1(solution::sgd_step).unwrap();
    }

    #[test]
    fn a_step_with_the_wrong_sign_is_rejected() {
        let err = check_5_1(|net, x, t, lr| {
            let grads = net.gradient(x, t);
            net.params.descend(&grads, -lr);
            net.loss(x, t)
        })
        .unwrap_err();
        assert!(err.contains("after step 1, W1"), "{err}");
    }

    #[test]
    fn solution_5_2_passes() {
        check_5_2(solution::accuracy).unwrap();
    }

    #[test]
    fn the_last_maximum_loses_the_tie() {
        let err = check_5_2(|y, t| {
            let last_max = |row: ndarray::ArrayView1<f64>| {
                (0..row.len())
                    .max_by(|&a, &b| row[a].total_cmp(&row[b]))
                    .unwrap_or(0)
            };
            let right = y
                .rows()
                .into_iter()
                .zip(t.rows())
                .filter(|(y, t)| last_max(*y) == last_max(*t))
                .count();
            right as f64 / y.nrows() as f64
        })
        .unwrap_err();
        assert!(err.contains("a tie"), "{err}");
    }

    #[test]
    fn solution_5_3_passes() {
        let message = check_5_3(solution::evaluation_count).unwrap();
        assert!(message.contains("iters 10000: 17"), "{message}");
    }

    #[test]
    fn integer_division_is_rejected() {
        let err = check_5_3(|train, batch, iters| {
            (0..iters)
                .filter(|i| i % (train / batch).max(1) == 0)
                .count()
        })
        .unwrap_err();
        assert!(err.contains("batch_size 300"), "{err}");
    }
}
