//! Exercises of chapter 2, "Loss functions": predicting a cross-entropy, the
//! batch mean squared error, a softmax that overflows, and the slope of softmax
//! plus cross-entropy over a batch.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 2.1` (or 2.2 ...). The solutions are at the bottom.

use ndarray::{Array1, Array2, array};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::listings::softmax_slopes::scores;
use crate::exercise::support::{arrays_close, close};
use crate::exercise::{Check, Exercise, say, wrong};
use crate::plot::tr;
use crate::pyrepr::{repr, repr_list};
use nnlearn::activation::{softmax, softmax_batch};
use nnlearn::gradient::numerical_gradient;
use nnlearn::loss::{cross_entropy_error, cross_entropy_error_batch, mean_squared_error, one_hot};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "2.1",
        chapter: "loss-functions",
        title: "Predict the loss of a confident answer",
        title_zh: "预测一个自信答案的损失",
        yours: || check_2_1(predicted_loss),
        solution: || check_2_1(solution::predicted_loss),
    },
    Exercise {
        id: "2.2",
        chapter: "loss-functions",
        title: "The mean squared error of a batch",
        title_zh: "一个批次的均方误差",
        yours: || check_2_2(batch_mean_squared_error),
        solution: || check_2_2(solution::batch_mean_squared_error),
    },
    Exercise {
        id: "2.3",
        chapter: "loss-functions",
        title: "A softmax without the maximum",
        title_zh: "不减最大值的 softmax",
        yours: || check_2_3(naive_softmax),
        solution: || check_2_3(solution::naive_softmax),
    },
    Exercise {
        id: "2.4",
        chapter: "loss-functions",
        title: "The slope of softmax + cross-entropy",
        title_zh: "softmax 函数加交叉熵误差的斜率",
        yours: || check_2_4(cross_entropy_slope_batch),
        solution: || check_2_4(solution::cross_entropy_slope_batch),
    },
];

// ANCHOR: ex_2_1
/// Exercise 2.1: the output `y1` of the chapter gives the right digit "2" the
/// probability 0.6, and its cross-entropy error is 0.51. A more confident network
/// gives "2" the probability 0.9 (the other nine digits share the remaining 0.1).
/// Predict its cross-entropy error, without running anything: return your
/// prediction (two decimals are enough).
pub fn predicted_loss() -> f64 {
    todo!("your prediction, a number such as 0.5")
}
// ANCHOR_END: ex_2_1

// ANCHOR: ex_2_2
/// Exercise 2.2: the mean squared error of a batch, averaged over its `N` rows
/// (one output per row, one one-hot target per row of `t`):
///
/// `E = (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²`
#[allow(unused_variables)] // until you write the body
pub fn batch_mean_squared_error(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
    todo!("half the sum of the squared differences, divided by the number of rows")
}
// ANCHOR_END: ex_2_2

// ANCHOR: ex_2_3
/// Exercise 2.3: the softmax straight from its formula, *without* subtracting
/// the largest score first:
///
/// `y_k = exp(a_k) / Σ_i exp(a_i)`
///
/// The check compares it with the crate's `softmax` on small scores, then shows
/// what it does with the scores `[1010, 1000, 990]`.
#[allow(unused_variables)] // until you write the body
pub fn naive_softmax(a: &Array1<f64>) -> Array1<f64> {
    todo!("exp of every score, divided by the sum of those exps")
}
// ANCHOR_END: ex_2_3

// ANCHOR: ex_2_4
/// Exercise 2.4: the slope of the batch cross-entropy after a softmax with
/// respect to the scores `a` (one row of scores per image, one one-hot row of
/// `t` per image):
///
/// `E(a) = −(1/N) Σ_n Σ_k t_nk ln y_nk`, with `y = softmax_batch(a)`.
///
/// Return `∂E/∂a`, an array of the shape of `a`. Derive it from the one-image
/// slope `y − t` of the section "Why cross-entropy".
#[allow(unused_variables)] // until you write the body
pub fn cross_entropy_slope_batch(a: &Array2<f64>, t: &Array2<f64>) -> Array2<f64> {
    todo!("the slope of each row's loss, and what the average over the N rows does to it")
}
// ANCHOR_END: ex_2_4

/// The target of the chapter's running example: the digit "2".
fn target_two() -> Array1<f64> {
    array![0., 0., 1., 0., 0., 0., 0., 0., 0., 0.]
}

/// A batch of `rows` softmax outputs over `classes`, from random scores.
fn random_outputs(rows: usize, classes: usize, seed: u64) -> Array2<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scores = Array2::from_shape_simple_fn((rows, classes), || {
        let z: f64 = StandardNormal.sample(&mut rng);
        2.0 * z
    });
    softmax_batch(&scores)
}

/// How close a prediction must be.
const PREDICTION_TOLERANCE: f64 = 0.005;

/// Checks the prediction against `cross_entropy_error` on two outputs that give
/// "2" the probability 0.9 and share the rest differently.
fn check_2_1(predicted_loss: fn() -> f64) -> Check {
    let t = target_two();
    let spread = array![0.02, 0.01, 0.9, 0.01, 0.01, 0.02, 0.01, 0.01, 0.005, 0.005];
    let one_rival = array![0.0, 0.0, 0.9, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0];
    let truth = cross_entropy_error(&spread, &t);
    let other = cross_entropy_error(&one_rival, &t);
    debug_assert_eq!(truth, other, "only the right class counts");
    let before =
        cross_entropy_error(&array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0], &t);
    let prediction = predicted_loss();
    close(
        tr(
            "the cross-entropy error when \"2\" has probability 0.9",
            "“2”的概率为 0.9 时的交叉熵误差",
        ),
        prediction,
        truth,
        PREDICTION_TOLERANCE,
    )
    .map_err(|e| {
        wrong!(
            "{e}.\nThe loss is −ln of the probability of the right class, plus 1e-7.",
            "{e}。\n损失是正确类别的概率加上 1e-7 后取 −ln。"
        )
    })?;
    Ok(say!(
        "you predicted {}; cross_entropy_error gives {} = −ln(0.9 + 1e-7), however the other \
         nine digits share the 0.1: only the right class counts. From 0.6 to 0.9 the loss fell \
         from {:.2} to {:.2}.",
        "你预测的是 {}；cross_entropy_error 给出 {} = −ln(0.9 + 1e-7)，不管其余九个数字\
         怎样分摊 0.1：只有正确类别起作用。概率从 0.6 升到 0.9，损失从 {:.2} 降到 {:.2}。",
        repr(prediction),
        repr(truth),
        before,
        truth
    ))
}

/// Checks the batch mean squared error against `mean_squared_error` row by row.
fn check_2_2(batch_mse: fn(&Array2<f64>, &Array2<f64>) -> f64) -> Check {
    let y1 = array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    let y2 = array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
    let chapter = (
        ndarray::stack![ndarray::Axis(0), y1, y2],
        ndarray::stack![ndarray::Axis(0), target_two(), target_two()],
    );
    let random = (random_outputs(5, 10, 1), one_hot(&[3, 1, 4, 1, 5], 10));
    let mut results = Vec::new();
    let names = [
        tr("the chapter's two outputs", "本章的两个输出"),
        tr("5 random outputs", "随机的 5 个输出"),
    ];
    for (name, (y, t)) in names.into_iter().zip([chapter, random]) {
        let rows = y.nrows() as f64;
        let expected: f64 = y
            .rows()
            .into_iter()
            .zip(t.rows())
            .map(|(y, t)| mean_squared_error(&y.to_owned(), &t.to_owned()))
            .sum::<f64>()
            / rows;
        let got = batch_mse(&y, &t);
        close(&say!("on {name}", "在{name}上"), got, expected, 1e-12).map_err(|e| {
            if (got - expected * rows).abs() < 1e-9 {
                wrong!(
                    "{e}: {rows} times too large; divide by the number of rows N = {rows}",
                    "{e}：是正确值的 {rows} 倍；请除以行数 N = {rows}"
                )
            } else {
                e
            }
        })?;
        results.push(say!("{} on {name}", "在{name}上为 {}", repr(got)));
    }
    Ok(results.join(tr(", ", "，")))
}

/// Checks the naive softmax on small scores, then shows it overflow on big ones.
fn check_2_3(naive_softmax: fn(&Array1<f64>) -> Array1<f64>) -> Check {
    for a in [array![0.3, 2.9, 4.0], array![-1.0, 0.0, 1.0, 2.0, -3.5]] {
        let what = format!("naive_softmax({})", repr_list(&a));
        arrays_close(&what, &naive_softmax(&a), &softmax(&a), 1e-12)?;
    }
    let big = array![1010.0, 1000.0, 990.0];
    let y = naive_softmax(&big);
    if y.iter().all(|p| p.is_finite()) {
        return Err(wrong!(
            "naive_softmax([1010.0, 1000.0, 990.0]) = {}, which is finite: did you subtract the \
             largest score? This exercise asks for the formula without it, to see why the crate's \
             softmax subtracts it",
            "naive_softmax([1010.0, 1000.0, 990.0]) = {}，是有限的：你是不是减去了最大得分？\
             这道练习要的是不减最大值的公式，好看清库里的 softmax 为什么要减去它",
            repr_list(&y)
        ));
    }
    Ok(say!(
        "equal to softmax on small scores; but naive_softmax([1010.0, 1000.0, 990.0]) = {}, \
         because exp(1010) = {} in f64 and inf / inf is NaN. softmax gives {}.",
        "得分较小时与 softmax 相等；但 naive_softmax([1010.0, 1000.0, 990.0]) = {}，\
         因为在 f64 中 exp(1010) = {}，而 inf / inf 是 NaN。softmax 给出 {}。",
        repr_list(&y),
        repr(1010f64.exp()),
        repr_list(&softmax(&big))
    ))
}

/// Checks the slope against the crate's numerical gradient of the crate's batch
/// cross-entropy after `softmax_batch`, and names the usual slips.
fn check_2_4(slope: fn(&Array2<f64>, &Array2<f64>) -> Array2<f64>) -> Check {
    // Scores of a standard normal: no probability is tiny, so the 1e-7 inside the
    // crate's logarithm moves the numerical slope by less than 1e-5.
    let mut rng = ChaCha8Rng::seed_from_u64(4);
    let a = Array2::from_shape_simple_fn((5, 10), || StandardNormal.sample(&mut rng));
    let t = one_hot(&[2, 7, 0, 9, 4], 10);
    let n = a.nrows() as f64;
    let numerical =
        numerical_gradient(|a: &Array2<f64>| cross_entropy_error_batch(&softmax_batch(a), &t), &a);
    let got = slope(&a, &t);
    let what = tr(
        "the slope on 5 rows of random scores, labels [2, 7, 0, 9, 4]",
        "5 行随机得分（标签 [2, 7, 0, 9, 4]）上的斜率",
    );
    if let Err(e) = arrays_close(what, &got, &numerical, 1e-5) {
        let near = |b: &Array2<f64>| arrays_close("", &got, b, 1e-5).is_ok();
        let hint = if near(&(&numerical * n)) {
            tr(
                "it is N = 5 times too large: E is the average over the rows, so each row's slope \
                 y − t is divided by N",
                "它是正确值的 N = 5 倍：E 是对各行取平均，所以每行的斜率 y − t 要除以 N",
            )
        } else if near(&(-&numerical)) {
            tr(
                "it has the wrong sign: the slope is y − t, which points uphill (gradient descent \
                 then steps against it)",
                "符号反了：斜率是 y − t，它指向上坡方向（梯度下降法再沿它的反方向走）",
            )
        } else if near(&((&a - &t) / n)) || near(&(&a - &t)) {
            tr(
                "you used the scores a where the slope needs the probabilities y = softmax_batch(a)",
                "你用了得分 a，而斜率需要的是概率 y = softmax_batch(a)",
            )
        } else {
            tr(
                "each row's slope is y − t with y = softmax_batch(a); E averages over the N rows",
                "每行的斜率是 y − t，其中 y = softmax_batch(a)；E 是对 N 行取平均",
            )
        };
        return Err(wrong!("{e}.\n{hint}", "{e}。\n{hint}"));
    }
    // The confidently wrong and the confidently right rows of "Why cross-entropy".
    let rows = ndarray::stack![ndarray::Axis(0), scores(-8.0), scores(8.0)];
    let g = slope(&rows, &one_hot(&[2, 2], 10));
    Ok(say!(
        "matches the numerical gradient. On the chapter's two rows (a of \"2\" at -8, then 8; \
         N = 2) the slope at \"2\" is {:.6} for the confidently wrong row and {:.6} for the \
         confident right one: the wrong answer gets the strongest push, (0 − 1)/N.",
        "与数值梯度一致。在本章的两行上（“2”的得分 a 先是 -8，再是 8；N = 2），“2”处的斜率\
         在自信地答错的那一行是 {:.6}，在自信地答对的那一行是 {:.6}：错误的答案得到最大的\
         推动，(0 − 1)/N。",
        g[[0, 2]],
        g[[1, 2]]
    ))
}

pub mod solution {
    use ndarray::{Array1, Array2};
    use nnlearn::activation::softmax_batch;

    // ANCHOR: ex_2_1_solution
    /// Exercise 2.1: only the probability of the right class counts: −ln 0.9 ≈ 0.105.
    pub fn predicted_loss() -> f64 {
        0.105
    }
    // ANCHOR_END: ex_2_1_solution

    // ANCHOR: ex_2_2_solution
    /// Exercise 2.2: the mean squared error of a batch, averaged over its rows.
    pub fn batch_mean_squared_error(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let n = y.nrows() as f64;
        let squares = (y - t).mapv(|d| d * d);
        0.5 * squares.sum() / n
    }
    // ANCHOR_END: ex_2_2_solution

    // ANCHOR: ex_2_3_solution
    /// Exercise 2.3: the softmax without subtracting the largest score.
    pub fn naive_softmax(a: &Array1<f64>) -> Array1<f64> {
        let exps = a.mapv(f64::exp);
        let sum = exps.sum();
        exps / sum
    }
    // ANCHOR_END: ex_2_3_solution

    // ANCHOR: ex_2_4_solution
    /// Exercise 2.4: each row's slope is y − t; the average over N rows divides it by N.
    pub fn cross_entropy_slope_batch(a: &Array2<f64>, t: &Array2<f64>) -> Array2<f64> {
        let n = a.nrows() as f64;
        (softmax_batch(a) - t) / n
    }
    // ANCHOR_END: ex_2_4_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_2_1_passes() {
        check_2_1(solution::predicted_loss).unwrap();
    }

    #[test]
    fn a_wrong_prediction_is_rejected() {
        assert!(check_2_1(|| 0.51).is_err());
    }

    #[test]
    fn solution_2_2_passes() {
        check_2_2(solution::batch_mean_squared_error).unwrap();
    }

    #[test]
    fn forgetting_to_divide_by_n_is_named() {
        let sum_of_all = |y: &Array2<f64>, t: &Array2<f64>| 0.5 * (y - t).mapv(|d| d * d).sum();
        let err = check_2_2(sum_of_all).unwrap_err().to_string();
        assert!(err.contains("2 times too large"), "{err}");
    }

    #[test]
    fn solution_2_3_passes() {
        let message = check_2_3(solution::naive_softmax).unwrap();
        assert!(message.contains("[nan, nan, nan]"), "{message}");
    }

    #[test]
    fn the_safe_softmax_is_not_what_2_3_asks_for() {
        let err = check_2_3(softmax).unwrap_err().to_string();
        assert!(err.contains("did you subtract"), "{err}");
    }

    #[test]
    fn solution_2_4_passes() {
        let message = check_2_4(solution::cross_entropy_slope_batch).unwrap();
        assert!(message.contains("-0.499999"), "{message}");
    }

    /// The solution against an independent formula: for one row, the slope of
    /// −ln y_k at score j is y_j − 1 for j = k and y_j otherwise.
    #[test]
    fn solution_2_4_is_y_minus_t_over_n() {
        let a = array![[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]];
        let g = solution::cross_entropy_slope_batch(&a, &one_hot(&[0, 2], 3));
        let e = [1f64.exp(), 2f64.exp(), 3f64.exp()];
        let sum: f64 = e.iter().sum();
        assert!((g[[0, 0]] - (e[0] / sum - 1.0) / 2.0).abs() < 1e-15);
        assert!((g[[0, 2]] - (e[2] / sum) / 2.0).abs() < 1e-15);
        assert!((g[[1, 2]] - (1.0 / 3.0 - 1.0) / 2.0).abs() < 1e-15);
    }

    #[test]
    fn forgetting_to_divide_the_slope_by_n_is_named() {
        let err = check_2_4(|a, t| softmax_batch(a) - t).unwrap_err().to_string();
        assert!(err.contains("N = 5 times too large"), "{err}");
    }

    #[test]
    fn the_wrong_sign_is_named() {
        let err =
            check_2_4(|a, t| (t - &softmax_batch(a)) / a.nrows() as f64).unwrap_err().to_string();
        assert!(err.contains("wrong sign"), "{err}");
    }

    #[test]
    fn forgetting_the_softmax_is_named() {
        let err = check_2_4(|a, t| (a - t) / a.nrows() as f64).unwrap_err().to_string();
        assert!(err.contains("softmax_batch(a)"), "{err}");
    }

    #[test]
    fn the_mistakes_are_named_in_chinese_too() {
        use crate::exercise::chinese_twin;
        let err = chinese_twin(|| check_2_1(|| 0.51));
        assert!(err.contains("取 −ln"), "{err}");
        let sum_of_all = |y: &Array2<f64>, t: &Array2<f64>| 0.5 * (y - t).mapv(|d| d * d).sum();
        assert!(chinese_twin(|| check_2_2(sum_of_all)).contains("是正确值的 2 倍"));
        assert!(chinese_twin(|| check_2_3(softmax)).contains("减去了最大得分"));
        let err = chinese_twin(|| check_2_4(|a, t| softmax_batch(a) - t));
        assert!(err.contains("N = 5 倍"), "{err}");
        let err = chinese_twin(|| check_2_4(|a, t| (t - &softmax_batch(a)) / a.nrows() as f64));
        assert!(err.contains("符号反了"), "{err}");
        let err = chinese_twin(|| check_2_4(|a, t| (a - t) / a.nrows() as f64));
        assert!(err.contains("你用了得分 a"), "{err}");
    }
}
