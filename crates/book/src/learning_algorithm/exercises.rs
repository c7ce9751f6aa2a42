//! Exercises of chapter 5, "The learning algorithm": the forward pass, the
//! accuracy, the whole training loop, and an experiment to predict.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 5.1` (or 5.2, 5.3, 5.4). The solutions are at the bottom.

use ndarray::{Array1, Array2, array};
use nnlearn::train::{Data, TrainConfig};
use nnlearn::two_layer_net::{Params, TwoLayerNet};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::exercise::Exercise;
use crate::exercise::support::{arrays_close, close, digits};
use crate::pyrepr::repr;

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "5.1",
        chapter: "learning-algorithm",
        title: "The forward pass",
        yours: || check_5_1(predict),
        solution: || check_5_1(solution::predict),
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
        title: "The training loop, from the four steps",
        yours: || check_5_3(train_network),
        solution: || check_5_3(solution::train_network),
    },
    Exercise {
        id: "5.4",
        chapter: "learning-algorithm",
        title: "Predict, then run: three learning rates",
        yours: || check_5_4(ranking),
        solution: || check_5_4(solution::ranking),
    },
];

// ANCHOR: ex_5_1
/// Exercise 5.1: the network's output for a batch `x` (one image per row):
/// `y = softmax(sigmoid(x W1 + b1) W2 + b2)`, the softmax taken on each row.
/// You may use `sigmoid` and `softmax_batch` from `nnlearn::activation`.
#[allow(unused_variables)] // until you write the body
pub fn predict(params: &Params, x: &Array2<f64>) -> Array2<f64> {
    todo!("a1 = x W1 + b1, z1 = sigmoid(a1), a2 = z1 W2 + b2, y = softmax of each row")
}
// ANCHOR_END: ex_5_1

// ANCHOR: ex_5_2
/// Exercise 5.2: the recognition accuracy of the outputs `y` (one row of ten
/// probabilities per image) against the one-hot targets `t`: the share of rows
/// whose largest output is at the column where `t` has its 1. (If a row has
/// several equal largest values, take the first, as `np.argmax` does.)
#[allow(unused_variables)] // until you write the body
pub fn accuracy(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
    todo!("compare the argmax of each row of y with the argmax of the row of t")
}
// ANCHOR_END: ex_5_2

// ANCHOR: ex_5_3
/// Exercise 5.3: train a network on `x_train` and `t_train` (5000 real digits,
/// one-hot targets) and return it: the four steps of the chapter, in your own
/// loop. Choose the hyperparameters yourself. The check measures the network
/// on the 1000 test images it has never seen, and wants at least 90% right.
#[allow(unused_variables)] // until you write the body
pub fn train_network(x_train: &Array2<f64>, t_train: &Array2<f64>) -> TwoLayerNet {
    todo!("a network, then a loop: mini-batch, gradient, update")
}
// ANCHOR_END: ex_5_3

// ANCHOR: ex_5_4
/// Exercise 5.4: three runs on the shipped subset differ only in the learning
/// rate: 0.01, 0.5 and 5.0 (1000 iterations of batch 100 each, on 4000 training
/// images, judged on the other 1000 as validation data). Before you run them,
/// predict the order of their final validation accuracies: return the three
/// learning rates, the one that ends highest first.
pub fn ranking() -> [f64; 3] {
    todo!("for example [0.01, 0.5, 5.0]")
}
// ANCHOR_END: ex_5_4

/// A network whose biases are not 0, so that a forward pass without them shows,
/// and the first 100 training images.
fn network_and_batch() -> Result<(TwoLayerNet, Array2<f64>, Array2<f64>), String> {
    let digits = digits()?;
    let batch = digits.train.first(100);
    let mut net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(2026));
    net.params.b1 = Array1::linspace(-1.0, 1.0, 50);
    net.params.b2 = Array1::linspace(0.5, -0.5, 10);
    net.params.w2 *= 30.0; // outputs far from uniform
    Ok((net, batch.images_2d().to_owned(), batch.one_hot()))
}

/// Compares the forward pass with the network's own, and recognises the usual
/// slips: a missing bias, a missing sigmoid, no softmax or one over the columns.
fn check_5_1(predict: fn(&Params, &Array2<f64>) -> Array2<f64>) -> Result<String, String> {
    let (net, x, _) = network_and_batch()?;
    let got = predict(&net.params, &x);
    let expected = net.predict(&x);
    if got.dim() != expected.dim() {
        return Err(format!(
            "the output has shape {:?}; it should have one row of 10 per image, {:?}",
            got.shape(),
            expected.shape()
        ));
    }
    let p = &net.params;
    let differs = |other: &Params| TwoLayerNet { params: other.clone() }.predict(&x) != got;
    let hint = if !got.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-9) {
        Some(
            "the rows do not sum to 1: is the softmax missing, or taken over the columns instead of each row?",
        )
    } else if !differs(&Params { b1: Array1::zeros(50), ..p.clone() }) {
        Some("it is the output without b1: add the bias of layer 1")
    } else if !differs(&Params { b2: Array1::zeros(10), ..p.clone() }) {
        Some("it is the output without b2: add the bias of layer 2")
    } else {
        let no_sigmoid =
            nnlearn::activation::softmax_batch(&((x.dot(&p.w1) + &p.b1).dot(&p.w2) + &p.b2));
        (got == no_sigmoid).then_some("it is the output without the sigmoid of the hidden layer")
    };
    if let Some(hint) = hint {
        return Err(format!("not the network's output: {hint}"));
    }
    arrays_close("y", &got, &expected, 1e-12)?;
    Ok(format!(
        "the same 100 × 10 probabilities as TwoLayerNet::predict; the first row is {:.4}",
        got.row(0)
    ))
}

/// Checks the accuracy on hand-made rows (with a tie) and on a network's outputs
/// for the 1000 test images, against the crate.
fn check_5_2(accuracy: fn(&Array2<f64>, &Array2<f64>) -> f64) -> Result<String, String> {
    // Row 0 right, row 1 wrong, row 2 a tie between columns 0 and 2 (the first wins).
    let y = array![[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.4, 0.2, 0.4]];
    let t = array![[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]];
    close(
        "on three hand-made rows (the last a tie: the first maximum wins)",
        accuracy(&y, &t),
        2.0 / 3.0,
        0.0,
    )?;

    // A network trained for a few steps, on the 1000 test images.
    let (mut net, x, t) = network_and_batch()?;
    for _ in 0..20 {
        let grad = net.gradient(&x, &t);
        net.params.update(&grad, 0.5);
    }
    let digits = digits()?;
    let (x_test, t_test) = (digits.test.images_2d().to_owned(), digits.test.one_hot());
    let expected = net.accuracy(&x_test, &t_test);
    let got = accuracy(&net.predict(&x_test), &t_test);
    close("on the 1000 test images, with a network trained for 20 steps", got, expected, 0.0)?;
    Ok(format!("{} on the test images, as TwoLayerNet::accuracy says", repr(got)))
}

/// The accuracy a trained network must reach on the test images in 5.3.
const TARGET_5_3: f64 = 0.90;

/// Trains with the learner's loop on the 5000 shipped training images, then
/// measures the network on the 1000 test images; hints at the usual slips.
fn check_5_3(
    train_network: fn(&Array2<f64>, &Array2<f64>) -> TwoLayerNet,
) -> Result<String, String> {
    let digits = digits()?;
    let (x_train, t_train) = (digits.train.images_2d().to_owned(), digits.train.one_hot());
    let (x_test, t_test) = (digits.test.images_2d().to_owned(), digits.test.one_hot());
    let net = train_network(&x_train, &t_train);
    let p = &net.params;
    if p.w1.dim() != (784, p.b1.len()) || p.w2.dim() != (p.b1.len(), 10) || p.b2.len() != 10 {
        return Err(format!(
            "the network has W1 {:?}, b1 {:?}, W2 {:?}, b2 {:?}: it must take 784 pixels and give 10 outputs",
            p.w1.shape(),
            p.b1.shape(),
            p.w2.shape(),
            p.b2.shape()
        ));
    }
    let fresh = TwoLayerNet::new(784, p.b1.len(), 10, &mut ChaCha8Rng::seed_from_u64(0));
    let loss = net.loss(&x_train, &t_train);
    let start = fresh.loss(&x_train, &t_train);
    let test_acc = net.accuracy(&x_test, &t_test);
    let train_acc = net.accuracy(&x_train, &t_train);
    let story = format!(
        "loss on the training images {} (an untrained network: about {}), accuracy {} on them and {} on the test images",
        repr(loss),
        repr(start),
        repr(train_acc),
        repr(test_acc)
    );
    if !loss.is_finite() {
        return Err(format!(
            "{story}: the loss is not a number. A learning rate too large makes the weights overflow; try 0.1 to 1"
        ));
    }
    if loss >= start {
        return Err(format!(
            "{story}: the loss did not fall. Is the update p ← p − lr · grad (minus, not plus), \
             and is it applied to the network you return?"
        ));
    }
    if test_acc < TARGET_5_3 {
        return Err(format!(
            "{story}: below {TARGET_5_3} on the test images. Draw a new mini-batch in every \
             iteration, and give it more iterations or a larger learning rate"
        ));
    }
    Ok(story)
}

/// The three learning rates of 5.4.
const RATES_5_4: [f64; 3] = [0.01, 0.5, 5.0];

/// The final validation accuracy of a run with learning rate `lr`: what
/// `cargo run --release -- train --data-dir subset --validation 1000 --iters 1000 --lr <lr>`
/// prints on its last line. The chapter's plain loop, which gives the fast
/// path's numbers bit for bit (and, unlike the fast path, is quick in the
/// debug build that `cargo test` runs).
fn final_validation_accuracy(data: &Data, lr: f64) -> Result<f64, String> {
    let config = TrainConfig { iters_num: 1000, learning_rate: lr, ..TrainConfig::default() };
    let (_, log) = nnlearn::train::train(&config, data);
    log.test_acc_list.last().copied().ok_or_else(|| "the run made no evaluation".to_string())
}

/// The three runs of 5.4 (the fast path, as `cargo run -- train` does), run once
/// per program: `(learning rate, final validation accuracy)`.
fn runs_5_4() -> Result<Vec<(f64, f64)>, String> {
    static RUNS: std::sync::OnceLock<Result<Vec<(f64, f64)>, String>> = std::sync::OnceLock::new();
    RUNS.get_or_init(|| {
        let data = crate::learning_algorithm::data::load(&mnist::subset_dir(), None)?;
        let data = nnlearn::checked::train::validation_split(&data, 1000)?;
        RATES_5_4.iter().map(|&lr| Ok((lr, final_validation_accuracy(&data, lr)?))).collect()
    })
    .clone()
}

/// Runs the three runs and compares their order with the prediction.
fn check_5_4(ranking: fn() -> [f64; 3]) -> Result<String, String> {
    let predicted = ranking();
    let mut sorted = predicted;
    sorted.sort_by(f64::total_cmp);
    if sorted != RATES_5_4 {
        return Err(format!(
            "return the three learning rates {RATES_5_4:?} in some order; you returned {predicted:?}"
        ));
    }
    let results = runs_5_4()?;
    let mut actual = results.clone();
    actual.sort_by(|a, b| b.1.total_cmp(&a.1));
    let table: Vec<String> = results
        .iter()
        .map(|(lr, acc)| {
            format!(
                "  lr {lr}: validation accuracy {} (cargo run --release -- train --data-dir subset --validation 1000 --iters 1000 --lr {lr})",
                repr(*acc)
            )
        })
        .collect();
    let order: Vec<f64> = actual.iter().map(|(lr, _)| *lr).collect();
    let story = format!("the runs ended:\n{}", table.join("\n"));
    if order != predicted {
        return Err(format!(
            "you predicted {predicted:?}, the order is {order:?}; {story}\n\
             Too small a rate moves the weights too little in 1000 steps; too large a one \
             overshoots. Run the commands and look at the loss curves in target/experiments/train/."
        ));
    }
    Ok(story)
}

pub mod solution {
    use ndarray::{Array2, Axis};
    use nnlearn::activation::{sigmoid, softmax_batch};
    use nnlearn::two_layer_net::{Params, TwoLayerNet};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    // ANCHOR: ex_5_1_solution
    /// Exercise 5.1: the forward pass, layer by layer.
    pub fn predict(params: &Params, x: &Array2<f64>) -> Array2<f64> {
        let a1 = x.dot(&params.w1) + &params.b1;
        let z1 = a1.mapv(sigmoid);
        let a2 = z1.dot(&params.w2) + &params.b2;
        softmax_batch(&a2)
    }
    // ANCHOR_END: ex_5_1_solution

    // ANCHOR: ex_5_2_solution
    /// Exercise 5.2: the share of rows whose largest output is the right class.
    pub fn accuracy(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
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
        let right =
            y.rows().into_iter().zip(t.rows()).filter(|(y, t)| argmax(*y) == argmax(*t)).count();
        right as f64 / y.nrows() as f64
    }
    // ANCHOR_END: ex_5_2_solution

    // ANCHOR: ex_5_3_solution
    /// Exercise 5.3: the chapter's loop, with a larger learning rate for a
    /// shorter run.
    pub fn train_network(x_train: &Array2<f64>, t_train: &Array2<f64>) -> TwoLayerNet {
        let (iters_num, batch_size, learning_rate) = (1500, 100, 0.5);
        let train_size = x_train.nrows();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut network = TwoLayerNet::new(784, 50, 10, &mut rng);
        for _ in 0..iters_num {
            // 1. a mini-batch
            let batch_mask: Vec<usize> =
                (0..batch_size).map(|_| rng.random_range(0..train_size)).collect();
            let x_batch = x_train.select(Axis(0), &batch_mask);
            let t_batch = t_train.select(Axis(0), &batch_mask);
            // 2. the gradient, 3. the update
            let grad = network.gradient(&x_batch, &t_batch);
            network.params.update(&grad, learning_rate);
        }
        network
    }
    // ANCHOR_END: ex_5_3_solution

    // ANCHOR: ex_5_4_solution
    /// Exercise 5.4: 0.5 learns fastest; 0.01 has barely started after 1000
    /// steps; 5.0 overshoots, and the sigmoids of the hidden layer saturate.
    pub fn ranking() -> [f64; 3] {
        [0.5, 5.0, 0.01]
    }
    // ANCHOR_END: ex_5_4_solution
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Axis;

    #[test]
    fn solution_5_1_passes() {
        check_5_1(solution::predict).unwrap();
    }

    #[test]
    fn a_forward_pass_without_b1_is_named() {
        let err = check_5_1(|p, x| {
            let z1 = x.dot(&p.w1).mapv(nnlearn::activation::sigmoid);
            nnlearn::activation::softmax_batch(&(z1.dot(&p.w2) + &p.b2))
        })
        .unwrap_err();
        assert!(err.contains("without b1"), "{err}");
    }

    #[test]
    fn a_forward_pass_without_the_softmax_is_named() {
        let err = check_5_1(|p, x| {
            let z1 = (x.dot(&p.w1) + &p.b1).mapv(nnlearn::activation::sigmoid);
            z1.dot(&p.w2) + &p.b2
        })
        .unwrap_err();
        assert!(err.contains("softmax"), "{err}");
    }

    #[test]
    fn a_forward_pass_without_the_sigmoid_is_named() {
        let err = check_5_1(|p, x| {
            nnlearn::activation::softmax_batch(&((x.dot(&p.w1) + &p.b1).dot(&p.w2) + &p.b2))
        })
        .unwrap_err();
        assert!(err.contains("without the sigmoid"), "{err}");
    }

    #[test]
    fn solution_5_2_passes() {
        check_5_2(solution::accuracy).unwrap();
    }

    #[test]
    fn the_last_maximum_loses_the_tie() {
        let err = check_5_2(|y, t| {
            let last_max = |row: ndarray::ArrayView1<f64>| {
                (0..row.len()).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap_or(0)
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
        let message = check_5_3(solution::train_network).unwrap();
        assert!(message.contains("on the test images"), "{message}");
    }

    #[test]
    fn an_update_with_the_wrong_sign_is_named() {
        let err = check_5_3(|x, t| {
            let mut net = TwoLayerNet::new(784, 10, 10, &mut ChaCha8Rng::seed_from_u64(1));
            for _ in 0..20 {
                let grad = net.gradient(x, t);
                net.params.update(&grad, -0.5);
            }
            net
        })
        .unwrap_err();
        assert!(err.contains("minus, not plus"), "{err}");
    }

    #[test]
    fn a_network_trained_on_one_batch_only_falls_short() {
        let err = check_5_3(|x, t| {
            let mut net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(1));
            let first: Vec<usize> = (0..100).collect();
            let (xb, tb) = (x.select(Axis(0), &first), t.select(Axis(0), &first));
            for _ in 0..100 {
                let grad = net.gradient(&xb, &tb);
                net.params.update(&grad, 0.5);
            }
            net
        })
        .unwrap_err();
        assert!(err.contains("below 0.9"), "{err}");
    }

    #[test]
    fn the_5_4_solution_is_the_measured_order() {
        let message = check_5_4(solution::ranking).unwrap();
        assert!(message.contains("lr 0.5"), "{message}");
        let wrong = check_5_4(|| [0.01, 0.5, 5.0]).unwrap_err();
        assert!(wrong.contains("the order is"), "{wrong}");
    }
}
