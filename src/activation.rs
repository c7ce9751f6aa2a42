//! Activation functions: the step function, the sigmoid and the softmax.
//!
//! Chapter 2 ("Loss functions") uses the step function and the sigmoid to show why
//! accuracy cannot be the loss; the networks of chapters 4 and 5 use the sigmoid in
//! the hidden layer and the softmax at the output.

use ndarray::{Array1, Array2};

// ANCHOR: step_function
/// The step function (阶跃函数): `h(x) = 1` if `x > 0`, else `0`.
///
/// Its slope is 0 everywhere except at 0, where it jumps.
pub fn step_function(x: f64) -> f64 {
    if x > 0.0 { 1.0 } else { 0.0 }
}
// ANCHOR_END: step_function

// ANCHOR: sigmoid
/// The sigmoid function: `σ(x) = 1 / (1 + exp(−x))`.
///
/// Smooth and strictly increasing: in exact arithmetic its slope is never 0.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The slope of the sigmoid: `σ'(x) = (1 − σ(x)) σ(x)`, at most 0.25 (at `x = 0`).
pub fn sigmoid_grad(x: f64) -> f64 {
    (1.0 - sigmoid(x)) * sigmoid(x)
}
// ANCHOR_END: sigmoid

// ANCHOR: softmax
/// The softmax of a score vector `a`:
///
/// `y_k = exp(a_k − c) / Σ_i exp(a_i − c)`, with `c = max_i a_i`.
///
/// Subtracting the largest score changes nothing mathematically (it cancels in
/// the fraction), but keeps `exp` from overflowing: `exp(1000)` is infinite in
/// f64, `exp(1000 − 1000)` is 1.
pub fn softmax(a: &Array1<f64>) -> Array1<f64> {
    let c = a.fold(f64::NEG_INFINITY, |max, &v| max.max(v));
    let exp_a = a.mapv(|v| (v - c).exp());
    let sum_exp_a = exp_a.sum();
    exp_a / sum_exp_a
}

/// The softmax of each row of a batch (one row of scores per image).
pub fn softmax_batch(a: &Array2<f64>) -> Array2<f64> {
    let mut y = Array2::zeros(a.raw_dim());
    for (row, mut y_row) in a.rows().into_iter().zip(y.rows_mut()) {
        y_row.assign(&softmax(&row.to_owned()));
    }
    y
}
// ANCHOR_END: softmax

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn step_function_jumps_at_zero() {
        assert_eq!(step_function(0.5), 1.0);
        assert_eq!(step_function(-0.5), 0.0);
        assert_eq!(step_function(0.0), 0.0);
        assert_eq!(step_function(1e-300), 1.0);
    }

    #[test]
    fn sigmoid_is_symmetric_and_saturates_without_nan() {
        assert_eq!(sigmoid(0.0), 0.5);
        for x in [-3.0, -0.5, 0.0, 0.7, 4.0] {
            assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-15);
        }
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid_grad(0.0), 0.25);
        // In f64 the slope does reach 0: σ(1000) rounds to exactly 1.
        assert_eq!(sigmoid_grad(1000.0), 0.0);
    }

    #[test]
    fn sigmoid_grad_matches_a_central_difference() {
        for x in [-2.0, 0.3, 1.5] {
            let h = 1e-5;
            let numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2.0 * h);
            assert!((numeric - sigmoid_grad(x)).abs() < 1e-9);
        }
    }

    #[test]
    fn softmax_of_huge_logits_is_finite_and_sums_to_one() {
        let y = softmax(&array![1010.0, 1000.0, 990.0]);
        assert!((y.sum() - 1.0).abs() < 1e-15);
        assert!(y[0] > 0.99);
        let y = softmax_batch(&array![[1e300, 0.0, -1e300], [1000.0, 1000.0, 1000.0]]);
        assert_eq!(y.row(0).to_vec(), vec![1.0, 0.0, 0.0]);
        for p in y.row(1) {
            assert!((p - 1.0 / 3.0).abs() < 1e-15);
        }
    }

    #[test]
    fn batch_rows_are_the_softmax_of_each_row() {
        let batch = softmax_batch(&array![[0.3, 2.9, 4.0], [1.0, 1.0, 1.0]]);
        assert_eq!(batch.row(0), softmax(&array![0.3, 2.9, 4.0]));
        assert_eq!(batch.row(1), softmax(&array![1.0, 1.0, 1.0]));
    }
}
