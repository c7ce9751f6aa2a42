//! Exercises of chapter 5, "The learning algorithm": a tanh hidden layer, the
//! accuracy, the whole training loop, two experiments to predict, and the
//! backward pass.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 5.1` (or 5.2 to 5.6). The solutions are at the bottom.

use ndarray::{Array1, Array2, array};
use nnlearn::train::{Data, TrainConfig};
use nnlearn::two_layer_net::{Params, TwoLayerNet};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::exercise::support::{arrays_close, close, digits};
use crate::exercise::{Check, Exercise, Failure, say, wrong};
use crate::plot::tr;
use crate::pyrepr::repr;

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "5.1",
        chapter: "learning-algorithm",
        title: "A tanh hidden layer",
        title_zh: "使用 tanh 的隐藏层",
        yours: || check_5_1(predict_tanh, tanh_grad),
        solution: || check_5_1(solution::predict_tanh, solution::tanh_grad),
    },
    Exercise {
        id: "5.2",
        chapter: "learning-algorithm",
        title: "The accuracy, from the outputs",
        title_zh: "由输出求识别精度",
        yours: || check_5_2(accuracy),
        solution: || check_5_2(solution::accuracy),
    },
    Exercise {
        id: "5.3",
        chapter: "learning-algorithm",
        title: "The training loop, from the four steps",
        title_zh: "由四个步骤写出训练循环",
        yours: || check_5_3(train_network),
        solution: || check_5_3(solution::train_network),
    },
    Exercise {
        id: "5.4",
        chapter: "learning-algorithm",
        title: "Predict, then run: three learning rates",
        title_zh: "先预测，再运行：三个学习率",
        yours: || check_5_4(ranking),
        solution: || check_5_4(solution::ranking),
    },
    Exercise {
        id: "5.5",
        chapter: "learning-algorithm",
        title: "The backward pass, checked by relative error",
        title_zh: "反向传播，用相对误差检查",
        yours: || check_5_5(gradient),
        solution: || check_5_5(solution::gradient),
    },
    Exercise {
        id: "5.6",
        chapter: "learning-algorithm",
        title: "Predict, then run: three starts",
        title_zh: "先预测，再运行：三种初始值",
        yours: || check_5_6(init_ranking),
        solution: || check_5_6(solution::init_ranking),
    },
];

// ANCHOR: ex_5_1
/// Exercise 5.1: the network with a tanh hidden layer in place of the sigmoid,
/// for a batch `x` (one image per row): `y = softmax(tanh(x W1 + b1) W2 + b2)`,
/// the softmax taken on each row (`softmax_batch` from `nnlearn::activation`;
/// `f64::tanh` is the tanh).
#[allow(unused_variables)] // until you write the body
pub fn predict_tanh(params: &Params, x: &Array2<f64>) -> Array2<f64> {
    todo!("a1 = x W1 + b1, z1 = tanh(a1), a2 = z1 W2 + b2, y = softmax of each row")
}

/// The slope of tanh at `a`, written with `a.tanh()` alone (as the sigmoid's
/// is `σ(a) (1 − σ(a))`): what the backward pass of this network would use.
#[allow(unused_variables)] // until you write the body
pub fn tanh_grad(a: f64) -> f64 {
    todo!("differentiate tanh a = (e^a − e^−a) / (e^a + e^−a)")
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
/// Exercise 5.3: train a network on `x_train` and `t_train` (4000 real digits,
/// one-hot targets) and return it: the four steps of the chapter, in your own
/// loop. Choose the hyperparameters yourself. The check measures the network
/// on 1000 validation images it has never seen (the last 1000 of the 5000
/// shipped training images) and wants at least 90% right; only then does it
/// measure the test images, once.
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

// ANCHOR: ex_5_5
/// Exercise 5.5: the gradient of the loss with respect to every parameter, by
/// backpropagation: the forward pass of `predict`, then the backward pass of
/// the chapter (dy, dW2, db2, dz1, da1, dW1, db1), for a batch `x` with
/// one-hot targets `t`. You may use `sigmoid` and `softmax_batch`.
#[allow(unused_variables)] // until you write the body
pub fn gradient(params: &Params, x: &Array2<f64>, t: &Array2<f64>) -> Params {
    todo!("forward: a1, z1, a2, y; backward: dy = (y − t) / N, then back layer by layer")
}
// ANCHOR_END: ex_5_5

// ANCHOR: ex_5_6
/// Exercise 5.6: the three starts of Listing 5-14: all weights 0, weights of
/// standard deviation 1.0 (`"std 1.0"`), and the book's 0.01 (`"std 0.01"`),
/// each trained for 1000 iterations. Before you run anything, predict the
/// order of their validation accuracies: return the three names, the start
/// that ends highest first.
pub fn init_ranking() -> [&'static str; 3] {
    todo!(r#"for example ["all zero", "std 1.0", "std 0.01"]"#)
}
// ANCHOR_END: ex_5_6

/// A network whose biases are not 0, so that a forward pass without them shows,
/// and the first 100 training images.
fn network_and_batch() -> Result<(TwoLayerNet, Array2<f64>, Array2<f64>), Failure> {
    let digits = digits()?;
    let batch = digits.train.first(100);
    let mut net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(2026));
    net.params.b1 = Array1::linspace(-1.0, 1.0, 50);
    net.params.b2 = Array1::linspace(0.5, -0.5, 10);
    net.params.w2 *= 30.0; // outputs far from uniform
    Ok((net, batch.images_2d().to_owned(), batch.one_hot()))
}

/// The tanh network's output computed here, for the check: the chapter's
/// forward pass with `f64::tanh` in place of the sigmoid.
fn tanh_network(p: &Params, x: &Array2<f64>, activation: fn(f64) -> f64) -> Array2<f64> {
    let z1 = (x.dot(&p.w1) + &p.b1).mapv(activation);
    nnlearn::activation::softmax_batch(&(z1.dot(&p.w2) + &p.b2))
}

/// Compares the tanh network's output with the one computed here, and the
/// slope with a central difference of `f64::tanh`; recognises the usual slips:
/// the sigmoid kept, a missing bias, no softmax; the sigmoid's slope, or
/// `1 − tanh` without the square.
fn check_5_1(
    predict_tanh: fn(&Params, &Array2<f64>) -> Array2<f64>,
    tanh_grad: fn(f64) -> f64,
) -> Check {
    let (net, x, _) = network_and_batch()?;
    let got = predict_tanh(&net.params, &x);
    let expected = tanh_network(&net.params, &x, f64::tanh);
    if got.dim() != expected.dim() {
        return Err(wrong!(
            "the output has shape {:?}; it should have one row of 10 per image, {:?}",
            "输出的形状是 {:?}；它应该每张图像一行、每行 10 个数，即 {:?}",
            got.shape(),
            expected.shape()
        ));
    }
    let p = &net.params;
    let same = |other: &Array2<f64>| (other - &got).iter().all(|d| d.abs() < 1e-12);
    let hint = if !got.rows().into_iter().all(|r| (r.sum() - 1.0).abs() < 1e-9) {
        Some(tr(
            "the rows do not sum to 1: is the softmax missing, or taken over the columns instead of each row?",
            "各行之和不是 1：是漏了 softmax，还是按列而不是按行计算了 softmax？",
        ))
    } else if same(&net.predict(&x)) {
        Some(tr(
            "it is the output of the sigmoid network: use tanh in the hidden layer",
            "这是使用 sigmoid 函数的网络的输出：隐藏层要用 tanh",
        ))
    } else if same(&tanh_network(&Params { b1: Array1::zeros(50), ..p.clone() }, &x, f64::tanh)) {
        Some(tr(
            "it is the output without b1: add the bias of layer 1",
            "这是没有 b1 的输出：请加上第 1 层的偏置",
        ))
    } else if same(&tanh_network(&Params { b2: Array1::zeros(10), ..p.clone() }, &x, f64::tanh)) {
        Some(tr(
            "it is the output without b2: add the bias of layer 2",
            "这是没有 b2 的输出：请加上第 2 层的偏置",
        ))
    } else {
        None
    };
    if let Some(hint) = hint {
        return Err(wrong!(
            "not the tanh network's output: {hint}",
            "不是使用 tanh 的网络的输出：{hint}"
        ));
    }
    arrays_close("y", &got, &expected, 1e-12)?;
    // The slope, against a central difference of tanh (chapter 3), at points
    // from the steep middle to the flat ends.
    let h = 1e-5f64;
    for a in [-3.0f64, -1.0, -0.2, 0.0, 0.5, 2.0] {
        let numerical = ((a + h).tanh() - (a - h).tanh()) / (2.0 * h);
        let slope = tanh_grad(a);
        if (slope - numerical).abs() > 1e-8 {
            let z: f64 = a.tanh();
            let hint = if (slope - nnlearn::activation::sigmoid_grad(a)).abs() < 1e-12 {
                tr(
                    ": that is the slope of the sigmoid, not of tanh",
                    "：这是 sigmoid 函数的斜率，不是 tanh 的",
                )
            } else if (slope - (1.0 - z)).abs() < 1e-12 {
                tr(": 1 − tanh a is missing a square", "：1 − tanh a 少了一个平方")
            } else if (slope - z * (1.0 - z)).abs() < 1e-12 {
                tr(
                    ": tanh a (1 − tanh a) is the sigmoid's pattern; tanh's is different",
                    "：tanh a (1 − tanh a) 是 sigmoid 函数的形式，tanh 的不一样",
                )
            } else {
                ""
            };
            return Err(wrong!(
                "tanh_grad({a}) = {}, but the slope of tanh there is {} (a central difference){hint}",
                "tanh_grad({a}) = {}，但 tanh 在这里的斜率是 {}（用中心差分求得）{hint}",
                repr(slope),
                repr(numerical)
            ));
        }
    }
    Ok(say!(
        "the tanh network's 100 × 10 probabilities are right, and its slope: tanh_grad(0) = {}, four times the sigmoid's 0.25",
        "使用 tanh 的网络输出的 100 × 10 个概率都对，斜率也对：tanh_grad(0) = {}，是 sigmoid 函数的 0.25 的四倍",
        repr(tanh_grad(0.0))
    ))
}

/// Checks the accuracy on hand-made rows (with a tie) and on a network's outputs
/// for the 1000 test images, against the crate.
fn check_5_2(accuracy: fn(&Array2<f64>, &Array2<f64>) -> f64) -> Check {
    // Row 0 right, row 1 wrong, row 2 a tie between columns 0 and 2 (the first wins).
    let y = array![[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.4, 0.2, 0.4]];
    let t = array![[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]];
    close(
        tr(
            "on three hand-made rows (the last a tie: the first maximum wins)",
            "在手工构造的三行上（最后一行有并列的最大值：取第一个）",
        ),
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
    let what = tr(
        "on the 1000 test images, with a network trained for 20 steps",
        "在 1000 张测试图像上，用训练了 20 步的网络",
    );
    close(what, got, expected, 0.0)?;
    Ok(say!(
        "{} on the test images, as TwoLayerNet::accuracy says",
        "在测试图像上为 {}，与 TwoLayerNet::accuracy 给出的一致",
        repr(got)
    ))
}

/// The accuracy a trained network must reach on the validation images in 5.3.
const TARGET_5_3: f64 = 0.90;

/// Trains with the learner's loop on the first 4000 shipped training images,
/// measures the network on the other 1000 (validation data), hints at the
/// usual slips; once it passes, measures the 1000 test images, once.
fn check_5_3(train_network: fn(&Array2<f64>, &Array2<f64>) -> TwoLayerNet) -> Check {
    let digits = digits()?;
    let (x_all, t_all) = (digits.train.images_2d().to_owned(), digits.train.one_hot());
    let data = Data {
        x_train: x_all,
        t_train: t_all,
        x_test: Array2::zeros((0, 784)),
        t_test: Array2::zeros((0, 10)),
    };
    let Data { x_train, t_train, x_test: x_val, t_test: t_val } =
        nnlearn::train::validation_split(&data, 1000);
    let net = train_network(&x_train, &t_train);
    let p = &net.params;
    if p.w1.dim() != (784, p.b1.len()) || p.w2.dim() != (p.b1.len(), 10) || p.b2.len() != 10 {
        return Err(wrong!(
            "the network has W1 {:?}, b1 {:?}, W2 {:?}, b2 {:?}: it must take 784 pixels and give 10 outputs",
            "网络的形状是 W1 {:?}、b1 {:?}、W2 {:?}、b2 {:?}：它必须输入 784 个像素，输出 10 个值",
            p.w1.shape(),
            p.b1.shape(),
            p.w2.shape(),
            p.b2.shape()
        ));
    }
    let fresh = TwoLayerNet::new(784, p.b1.len(), 10, &mut ChaCha8Rng::seed_from_u64(0));
    let loss = net.loss(&x_train, &t_train);
    let start = fresh.loss(&x_train, &t_train);
    let val_acc = net.accuracy(&x_val, &t_val);
    let train_acc = net.accuracy(&x_train, &t_train);
    let story = say!(
        "loss on the training images {} (an untrained network: about {}), accuracy {} on them and {} on the validation images",
        "训练图像上的损失为 {}（未经训练的网络：约 {}），识别精度在训练图像上为 {}，在验证数据上为 {}",
        repr(loss),
        repr(start),
        repr(train_acc),
        repr(val_acc)
    );
    if !loss.is_finite() {
        return Err(wrong!(
            "{story}: the loss is not a number. A learning rate too large makes the weights overflow; try 0.1 to 1",
            "{story}：损失不是一个数。学习率过大会让权重溢出；试试 0.1 到 1"
        ));
    }
    if loss >= start {
        return Err(wrong!(
            "{story}: the loss did not fall. Is the update p ← p − lr · grad (minus, not plus), \
             and is it applied to the network you return?",
            "{story}：损失没有下降。更新是 p ← p − lr · grad 吗（是减，不是加）？\
             它更新的是你返回的那个网络吗？"
        ));
    }
    if val_acc < TARGET_5_3 {
        return Err(wrong!(
            "{story}: below {TARGET_5_3} on the validation images. Draw a new mini-batch in every \
             iteration, and give it more iterations or a larger learning rate",
            "{story}：在验证数据上低于 {TARGET_5_3}。每次迭代都要重新抽取一个 mini-batch，\
             并增加迭代次数或加大学习率"
        ));
    }
    // Chosen on validation data; now, once, the test images.
    let (x_test, t_test) = (digits.test.images_2d().to_owned(), digits.test.one_hot());
    let test_acc = net.accuracy(&x_test, &t_test);
    Ok(say!(
        "{story}; and, measured once now that you are done, {} on the 1000 test images",
        "{story}；既然已经完成，最后在 1000 张测试图像上测一次：{}",
        repr(test_acc)
    ))
}

/// The three learning rates of 5.4.
const RATES_5_4: [f64; 3] = [0.01, 0.5, 5.0];

/// The final validation accuracy of a run with learning rate `lr`: what
/// `cargo run --release -- train --data-dir subset --validation 1000 --iters 1000 --lr <lr>`
/// prints on its last line. The chapter's plain loop, which gives the fast
/// path's numbers bit for bit (and, unlike the fast path, is quick in the
/// debug build that `cargo test` runs).
fn final_validation_accuracy(data: &Data, lr: f64) -> Result<f64, Failure> {
    let config = TrainConfig { iters_num: 1000, learning_rate: lr, ..TrainConfig::default() };
    let (_, log) = nnlearn::train::train(&config, data);
    log.test_acc_list.last().copied().ok_or_else(|| {
        Failure::CannotRun(tr("the run made no evaluation", "这次训练没有做过评估").into())
    })
}

/// The three runs of 5.4 (the fast path, as `cargo run -- train` does), run once
/// per program: `(learning rate, final validation accuracy)`.
fn runs_5_4() -> Result<Vec<(f64, f64)>, Failure> {
    static RUNS: std::sync::OnceLock<Result<Vec<(f64, f64)>, Failure>> = std::sync::OnceLock::new();
    RUNS.get_or_init(|| {
        let data = crate::learning_algorithm::data::load(&mnist::subset_dir(), None)?;
        let data = nnlearn::checked::train::validation_split(&data, 1000)?;
        RATES_5_4.iter().map(|&lr| Ok((lr, final_validation_accuracy(&data, lr)?))).collect()
    })
    .clone()
}

/// Runs the three runs and compares their order with the prediction.
fn check_5_4(ranking: fn() -> [f64; 3]) -> Check {
    let predicted = ranking();
    let mut sorted = predicted;
    sorted.sort_by(f64::total_cmp);
    if sorted != RATES_5_4 {
        return Err(wrong!(
            "return the three learning rates {RATES_5_4:?} in some order; you returned {predicted:?}",
            "请按某种顺序返回这三个学习率 {RATES_5_4:?}；你返回的是 {predicted:?}"
        ));
    }
    let results = runs_5_4()?;
    let mut actual = results.clone();
    actual.sort_by(|a, b| b.1.total_cmp(&a.1));
    let table: Vec<String> = results
        .iter()
        .map(|(lr, acc)| {
            say!(
                "  lr {lr}: validation accuracy {} (cargo run --release -- train --data-dir subset --validation 1000 --iters 1000 --lr {lr})",
                "  lr {lr}：验证数据上的识别精度 {}（cargo run --release -- train --data-dir subset --validation 1000 --iters 1000 --lr {lr}）",
                repr(*acc)
            )
        })
        .collect();
    let order: Vec<f64> = actual.iter().map(|(lr, _)| *lr).collect();
    let story = say!("the runs ended:\n{}", "各次训练的结果：\n{}", table.join("\n"));
    if order != predicted {
        return Err(wrong!(
            "you predicted {predicted:?}, the order is {order:?}; {story}\n\
             Too small a rate moves the weights too little in 1000 steps; too large a one \
             overshoots. Run the commands and look at the loss curves in target/experiments/train/.",
            "你预测的是 {predicted:?}，实际顺序是 {order:?}；{story}\n\
             学习率过小，1000 步里权重几乎不动；学习率过大，则会迈过头。\
             运行这些命令，再看看 target/experiments/train/ 里的损失曲线。"
        ));
    }
    Ok(story)
}

/// A 784-10-10 network whose hidden units are not all near their steepest
/// point (W1 ten times the book's, b1 from −1 to 1), so that a slope left out
/// or taken at the wrong place shows, and three training images.
fn network_for_5_5() -> Result<(TwoLayerNet, Array2<f64>, Array2<f64>), Failure> {
    let digits = digits()?;
    let batch = digits.train.first(3);
    let mut net = TwoLayerNet::new(784, 10, 10, &mut ChaCha8Rng::seed_from_u64(5));
    net.params.w1 *= 10.0;
    net.params.b1 = Array1::linspace(-1.0, 1.0, 10);
    Ok((net, batch.images_2d().to_owned(), batch.one_hot()))
}

/// The relative error of two arrays, `‖a − b‖ / (‖a‖ + ‖b‖)`.
fn relative_error(a: ndarray::ArrayViewD<f64>, b: ndarray::ArrayViewD<f64>) -> f64 {
    let norm = |v: ndarray::ArrayViewD<f64>| v.mapv(|x| x * x).sum().sqrt();
    let sum = norm(a.view()) + norm(b.view());
    if sum == 0.0 { 0.0 } else { norm((&a - &b).view()) / sum }
}

/// The largest relative error 5.5 accepts: the loss's δ = 1e-7 alone makes
/// about 5e-7 (Listing 5-10), a slip makes 1e-2 or more.
const TOLERANCE_5_5: f64 = 1e-5;

/// A gradient check of the learner's backward pass against the numerical
/// gradient (chapter 4's, independent of backpropagation), by relative error,
/// parameter by parameter; says where a mistake is.
fn check_5_5(gradient: fn(&Params, &Array2<f64>, &Array2<f64>) -> Params) -> Check {
    let (net, x, t) = network_for_5_5()?;
    let ours = gradient(&net.params, &x, &t);
    let numerical = net.numerical_gradient(&x, &t);
    let mut lines = Vec::new();
    let mut wrong = Vec::new();
    for ((name, n), (_, g)) in numerical.named().into_iter().zip(ours.named()) {
        if n.shape() != g.shape() {
            return Err(wrong!(
                "d{name} has shape {:?}; it must have the shape of {name}, {:?}",
                "d{name} 的形状是 {:?}；它必须与 {name} 的形状 {:?} 相同",
                g.shape(),
                n.shape()
            ));
        }
        let error = relative_error(n.view(), g.view());
        lines
            .push(say!("  d{name}: relative error {error:.1e}", "  d{name}：相对误差 {error:.1e}"));
        if error.is_nan() || error > TOLERANCE_5_5 {
            wrong.push(name);
        }
    }
    let table = lines.join("\n");
    if wrong.is_empty() {
        return Ok(say!(
            "your gradient passes the gradient check:\n{table}",
            "你的梯度通过了梯度确认：\n{table}"
        ));
    }
    let ratio = |a: &ndarray::Array1<f64>, b: &ndarray::Array1<f64>| {
        a.mapv(f64::abs).sum() / b.mapv(f64::abs).sum()
    };
    let hint = if (ratio(&ours.b2, &numerical.b2) - x.nrows() as f64).abs() < 1e-3 {
        tr(
            "dy is N times too large: divide y − t by the batch size N",
            "dy 是正确值的 N 倍：请把 y − t 除以批大小 N",
        )
    } else if wrong.iter().all(|n| *n == "W1" || *n == "b1") {
        tr(
            "layer 2 is right, layer 1 is not: look at dz1 = dy W2ᵀ, and at da1 = dz1 ⊙ σ′(a1), \
             where σ′(a1) = z1 (1 − z1) (σ′ of z1 itself, sigmoid_grad(z1), is a different number)",
            "第 2 层对了，第 1 层不对：检查 dz1 = dy W2ᵀ，以及 da1 = dz1 ⊙ σ′(a1)，\
             其中 σ′(a1) = z1 (1 − z1)（直接对 z1 求 σ′，即 sigmoid_grad(z1)，是另一个数）",
        )
    } else {
        tr(
            "start from the output: dy = (y − t) / N, dW2 = z1ᵀ dy, db2 = the column sums of dy",
            "从输出开始：dy = (y − t) / N，dW2 = z1ᵀ dy，db2 = dy 各列之和",
        )
    };
    Err(wrong!(
        "the gradient of {} differs from the numerical gradient (relative error above {TOLERANCE_5_5:e}):\n{table}\n{hint}",
        "{} 的梯度与数值梯度不一致（相对误差超过 {TOLERANCE_5_5:e}）：\n{table}\n{hint}",
        wrong.join(", ")
    ))
}

/// The three starts of 5.6, with the scale of the book's weights that makes each.
const STARTS_5_6: [(&str, f64); 3] = [("all zero", 0.0), ("std 1.0", 100.0), ("std 0.01", 1.0)];

/// The three runs of Listing 5-14, run once per program: `(start, its outcome)`.
fn runs_5_6()
-> Result<Vec<(&'static str, crate::learning_algorithm::listings::init_experiment::Start)>, Failure>
{
    use crate::learning_algorithm::listings::init_experiment::{Start, try_start};
    static RUNS: std::sync::OnceLock<Result<Vec<(&'static str, Start)>, Failure>> =
        std::sync::OnceLock::new();
    RUNS.get_or_init(|| {
        let data = crate::learning_algorithm::data::load(&mnist::subset_dir(), None)?;
        let data = nnlearn::checked::train::validation_split(&data, 1000)?;
        Ok(STARTS_5_6.iter().map(|&(name, scale)| (name, try_start(scale, &data))).collect())
    })
    .clone()
}

/// Runs the three starts and compares their order with the prediction.
fn check_5_6(init_ranking: fn() -> [&'static str; 3]) -> Check {
    let predicted = init_ranking();
    let mut sorted = predicted;
    sorted.sort();
    let mut names = STARTS_5_6.map(|(name, _)| name);
    names.sort();
    if sorted != names {
        return Err(wrong!(
            "return the three starts {:?} in some order; you returned {predicted:?}",
            "请按某种顺序返回这三种初始值 {:?}；你返回的是 {predicted:?}",
            STARTS_5_6.map(|(name, _)| name)
        ));
    }
    let results = runs_5_6()?;
    let table: Vec<String> = results
        .iter()
        .map(|(name, s)| {
            say!(
                "  {name}: validation accuracy {:.3}; mean σ′ {:.4} at the start; hidden units unlike unit 0: {} of 49",
                "  {name}：验证数据上的识别精度 {:.3}；开始时 σ′ 的平均值 {:.4}；与 0 号单元不同的隐藏层单元：49 个中有 {} 个",
                s.accuracy,
                s.slope_before,
                s.unlike
            )
        })
        .collect();
    let mut actual = results.clone();
    actual.sort_by(|a, b| b.1.accuracy.total_cmp(&a.1.accuracy));
    let order: Vec<&str> = actual.iter().map(|(name, _)| *name).collect();
    let story = say!("the runs ended:\n{}", "各次训练的结果：\n{}", table.join("\n"));
    if order != predicted {
        return Err(wrong!(
            "you predicted {predicted:?}, the order is {order:?}; {story}\n\
             Look at the symptoms: identical hidden units are one unit; a mean slope far below \
             0.25 is a saturated layer.",
            "你预测的是 {predicted:?}，实际顺序是 {order:?}；{story}\n\
             看看症状：完全相同的隐藏层单元只相当于一个单元；平均斜率远低于 0.25，\
             说明这一层已经饱和。"
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
    /// Exercise 5.1: the forward pass with tanh in the hidden layer.
    pub fn predict_tanh(params: &Params, x: &Array2<f64>) -> Array2<f64> {
        let a1 = x.dot(&params.w1) + &params.b1;
        let z1 = a1.mapv(f64::tanh);
        let a2 = z1.dot(&params.w2) + &params.b2;
        softmax_batch(&a2)
    }

    /// The slope of tanh: `1 − tanh²`.
    pub fn tanh_grad(a: f64) -> f64 {
        let z = a.tanh();
        1.0 - z * z
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

    // ANCHOR: ex_5_5_solution
    /// Exercise 5.5: the forward pass, then the backward pass, one formula a line.
    pub fn gradient(params: &Params, x: &Array2<f64>, t: &Array2<f64>) -> Params {
        let Params { w1, b1, w2, b2 } = params;
        let a1 = x.dot(w1) + b1;
        let z1 = a1.mapv(sigmoid);
        let y = softmax_batch(&(z1.dot(w2) + b2));
        let dy = (y - t) / x.nrows() as f64;
        let dz1 = dy.dot(&w2.t());
        let da1 = dz1 * z1.mapv(|z| z * (1.0 - z));
        Params {
            w1: x.t().dot(&da1),
            b1: da1.sum_axis(Axis(0)),
            w2: z1.t().dot(&dy),
            b2: dy.sum_axis(Axis(0)),
        }
    }
    // ANCHOR_END: ex_5_5_solution

    // ANCHOR: ex_5_6_solution
    /// Exercise 5.6: the small random start learns best; the large one learns,
    /// slowly, through saturated sigmoids; the all-zero one has one hidden unit.
    pub fn init_ranking() -> [&'static str; 3] {
        ["std 0.01", "std 1.0", "all zero"]
    }
    // ANCHOR_END: ex_5_6_solution
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Axis;

    #[test]
    fn solution_5_1_passes() {
        let message = check_5_1(solution::predict_tanh, solution::tanh_grad).unwrap();
        assert!(message.contains("tanh_grad(0) = 1.0"), "{message}");
    }

    #[test]
    fn the_sigmoid_network_is_named() {
        let err =
            check_5_1(|p, x| TwoLayerNet { params: p.clone() }.predict(x), solution::tanh_grad)
                .unwrap_err()
                .to_string();
        assert!(err.contains("use tanh"), "{err}");
    }

    #[test]
    fn a_forward_pass_without_b1_or_the_softmax_is_named() {
        let without_b1 = |p: &Params, x: &Array2<f64>| {
            let z1 = x.dot(&p.w1).mapv(f64::tanh);
            nnlearn::activation::softmax_batch(&(z1.dot(&p.w2) + &p.b2))
        };
        let err = check_5_1(without_b1, solution::tanh_grad).unwrap_err().to_string();
        assert!(err.contains("without b1"), "{err}");
        let no_softmax =
            |p: &Params, x: &Array2<f64>| (x.dot(&p.w1) + &p.b1).mapv(f64::tanh).dot(&p.w2) + &p.b2;
        let err = check_5_1(no_softmax, solution::tanh_grad).unwrap_err().to_string();
        assert!(err.contains("softmax"), "{err}");
    }

    #[test]
    fn wrong_slopes_are_named() {
        let err = check_5_1(solution::predict_tanh, nnlearn::activation::sigmoid_grad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("slope of the sigmoid"), "{err}");
        let err = check_5_1(solution::predict_tanh, |a| 1.0 - a.tanh()).unwrap_err().to_string();
        assert!(err.contains("missing a square"), "{err}");
        let err = check_5_1(solution::predict_tanh, |a| a.tanh() * (1.0 - a.tanh()))
            .unwrap_err()
            .to_string();
        assert!(err.contains("sigmoid's pattern"), "{err}");
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
        .unwrap_err()
        .to_string();
        assert!(err.contains("a tie"), "{err}");
    }

    #[test]
    fn solution_5_3_passes() {
        let message = check_5_3(solution::train_network).unwrap();
        eprintln!("{message}");
        assert!(message.contains("on the validation images"), "{message}");
        assert!(message.contains("on the 1000 test images"), "{message}");
    }

    /// 5.3 hands the learner's function the first 4000 training images only:
    /// neither the validation nor the test images.
    #[test]
    fn the_5_3_function_sees_only_the_4000_training_images() {
        let err = check_5_3(|x, _| {
            assert_eq!(x.nrows(), 4000);
            let first = digits().unwrap().train.images_2d().to_owned();
            assert_eq!(x.row(3999), first.row(3999));
            TwoLayerNet::new(784, 10, 10, &mut ChaCha8Rng::seed_from_u64(1))
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("validation images"), "{err}");
        assert!(!err.contains("test images"), "no test accuracy before it passes: {err}");
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
        .unwrap_err()
        .to_string();
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
        .unwrap_err()
        .to_string();
        assert!(err.contains("below 0.9 on the validation images"), "{err}");
    }

    #[test]
    fn the_5_4_solution_is_the_measured_order() {
        let message = check_5_4(solution::ranking).unwrap();
        assert!(message.contains("lr 0.5"), "{message}");
        let wrong = check_5_4(|| [0.01, 0.5, 5.0]).unwrap_err().to_string();
        assert!(wrong.contains("the order is"), "{wrong}");
    }

    #[test]
    fn solution_5_5_passes() {
        let message = check_5_5(solution::gradient).unwrap();
        eprintln!("{message}");
        assert!(message.contains("dW1: relative error"), "{message}");
    }

    /// The chapter's own `gradient` passes the same check: the check is not
    /// tuned to the solution.
    #[test]
    fn the_crates_gradient_passes_5_5() {
        check_5_5(|p, x, t| TwoLayerNet { params: p.clone() }.gradient(x, t)).unwrap();
    }

    /// `solution::gradient` with one slip: `slip` rewrites its `da1` or `dy`.
    fn with_slip(
        p: &Params,
        x: &Array2<f64>,
        t: &Array2<f64>,
        n_factor: f64,
        slope: fn(f64, f64) -> f64,
    ) -> Params {
        let a1 = x.dot(&p.w1) + &p.b1;
        let z1 = a1.mapv(nnlearn::activation::sigmoid);
        let y = nnlearn::activation::softmax_batch(&(z1.dot(&p.w2) + &p.b2));
        let dy = (y - t) / (x.nrows() as f64 / n_factor);
        let dz1 = dy.dot(&p.w2.t());
        let slopes = ndarray::Zip::from(&a1).and(&z1).map_collect(|&a, &z| slope(a, z));
        let da1 = dz1 * slopes;
        Params {
            w1: x.t().dot(&da1),
            b1: da1.sum_axis(Axis(0)),
            w2: z1.t().dot(&dy),
            b2: dy.sum_axis(Axis(0)),
        }
    }

    #[test]
    fn slips_in_the_backward_pass_are_found_and_located() {
        fn right(_a: f64, z: f64) -> f64 {
            z * (1.0 - z)
        }
        // Forgetting to divide by N.
        let err = check_5_5(|p, x, t| with_slip(p, x, t, x.nrows() as f64, right))
            .unwrap_err()
            .to_string();
        assert!(err.contains("divide y − t by the batch size"), "{err}");
        // The sigmoid's slope taken of z1 instead of a1.
        let err = check_5_5(|p, x, t| {
            with_slip(p, x, t, 1.0, |_a, z| nnlearn::activation::sigmoid_grad(z))
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("layer 2 is right, layer 1 is not"), "{err}");
        // The slope left out.
        let err =
            check_5_5(|p, x, t| with_slip(p, x, t, 1.0, |_a, _z| 1.0)).unwrap_err().to_string();
        assert!(err.contains("W1, b1"), "{err}");
    }

    #[test]
    fn a_gradient_of_the_wrong_shape_is_named() {
        let err = check_5_5(|p, x, t| {
            let mut g = solution::gradient(p, x, t);
            g.w1 = g.w1.t().to_owned();
            g
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("dW1 has shape [10, 784]"), "{err}");
    }

    #[test]
    fn the_5_6_solution_is_the_measured_order() {
        let message = check_5_6(solution::init_ranking).unwrap();
        eprintln!("{message}");
        assert!(message.contains("all zero: validation accuracy"), "{message}");
        let wrong = check_5_6(|| ["all zero", "std 1.0", "std 0.01"]).unwrap_err().to_string();
        assert!(wrong.contains("the order is"), "{wrong}");
        let not_names = check_5_6(|| ["zero", "std 1.0", "std 0.01"]).unwrap_err().to_string();
        assert!(not_names.contains("in some order"), "{not_names}");
    }

    #[test]
    fn the_mistakes_are_named_in_chinese_too() {
        use crate::exercise::chinese_twin;
        let sigmoid_net =
            |p: &Params, x: &Array2<f64>| TwoLayerNet { params: p.clone() }.predict(x);
        let err = chinese_twin(|| check_5_1(sigmoid_net, solution::tanh_grad));
        assert!(err.contains("隐藏层要用 tanh"), "{err}");
        let err = chinese_twin(|| check_5_1(solution::predict_tanh, |a| 1.0 - a.tanh()));
        assert!(err.contains("少了一个平方"), "{err}");
        let err = chinese_twin(|| check_5_2(|_, _| 0.5));
        assert!(err.contains("在手工构造的三行上"), "{err}");
        let err = chinese_twin(|| check_5_4(|| [0.01, 0.5, 5.0]));
        assert!(err.contains("实际顺序是 [0.5, 5.0, 0.01]"), "{err}");
        let err = chinese_twin(|| check_5_6(|| ["zero", "std 1.0", "std 0.01"]));
        assert!(err.contains("三种初始值"), "{err}");
    }
}
