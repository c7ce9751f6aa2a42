//! Activation functions: the step function, the sigmoid and the softmax.
//!
//! Chapter 2 ("Loss functions") uses the step function and the sigmoid to show why
//! accuracy cannot be the loss; the networks of chapters 4 and 5 use the sigmoid in
//! the hidden layer and the softmax at the output.

use ndarray::{Array, ArrayBase, ArrayViewMut1, Axis, Data, Dimension, Ix1, Ix2};

use crate::check;
use crate::pairwise::pairwise_sum;
use crate::real::Real;

/// The step function (阶跃函数): `h(x) = 1` if `x > 0`, else `0`.
///
/// Its slope is 0 everywhere except at 0, where it jumps.
///
/// ```
/// use nnlearn::activation::step_function;
/// assert_eq!(step_function(0.5), 1.0);
/// assert_eq!(step_function(-0.5), 0.0);
/// ```
// ANCHOR: step_function
pub fn step_function(x: f64) -> f64 {
    if x > 0.0 { 1.0 } else { 0.0 }
}
// ANCHOR_END: step_function

/// The sigmoid function: `σ(x) = 1 / (1 + exp(-x))`.
///
/// Smooth and strictly increasing, so its slope is never 0: a small change of a
/// weight always changes the output a little. Saturates without overflow:
/// `σ(-1000) = 0`, `σ(1000) = 1`. A NaN input gives a NaN output (IEEE arithmetic);
/// the loss functions reject NaN values with a message.
///
/// ```
/// use nnlearn::activation::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(-1000.0), 0.0);
/// ```
// ANCHOR: sigmoid
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The slope of the sigmoid: `σ'(x) = (1 - σ(x)) σ(x)`, at most 0.25 (at `x = 0`).
///
/// ```
/// use nnlearn::activation::sigmoid_slope;
/// assert_eq!(sigmoid_slope(0.0), 0.25);
/// ```
pub fn sigmoid_slope(x: f64) -> f64 {
    let s = sigmoid(x);
    (1.0 - s) * s
}
// ANCHOR_END: sigmoid

/// The sigmoid of every element, in the precision of the array (used by the networks).
pub(crate) fn sigmoid_in_place<F: Real, D: Dimension>(a: &mut Array<F, D>) {
    a.mapv_inplace(|x| F::one() / (F::one() + (-x).exp()));
}

/// The softmax of one score vector (1-D) or of each row of a batch (2-D):
///
/// `y_k = exp(a_k - c) / Σ_i exp(a_i - c)`, with `c = max_i a_i`.
///
/// Subtracting the maximum changes nothing mathematically (it cancels in the
/// fraction) but keeps `exp` from overflowing: `exp(1000)` is infinite in f64,
/// `exp(1000 - 1000)` is 1.
///
/// # Panics
/// If `a` is not 1-D or 2-D, has no elements, or holds a NaN or infinite value
/// (the message names the index and the value).
///
/// ```
/// use ndarray::array;
/// use nnlearn::activation::softmax;
/// let y = softmax(&array![1010.0, 1000.0, 990.0]);
/// assert!((y.sum() - 1.0).abs() < 1e-15);
/// assert!(y[0] > 0.99);
/// ```
// ANCHOR: softmax
#[track_caller]
pub fn softmax<S, D>(a: &ArrayBase<S, D>) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check::assert_one_or_two_dims("softmax", "a", a.shape());
    check::assert_not_empty("softmax", "a", a.shape());
    check::assert_all_finite("softmax", "a", a);
    let mut y = a.to_owned();
    match y.view_mut().into_dimensionality::<Ix2>() {
        Ok(mut rows) => rows.rows_mut().into_iter().for_each(softmax_row_in_place),
        Err(_) => softmax_row_in_place(
            y.view_mut()
                .into_dimensionality::<Ix1>()
                .expect("checked: 1-D or 2-D"),
        ),
    }
    y
}

fn softmax_row_in_place(mut row: ArrayViewMut1<f64>) {
    let c = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    row.mapv_inplace(|v| (v - c).exp());
    let sum = match row.as_slice() {
        Some(values) => pairwise_sum(values),
        None => pairwise_sum(&row.to_vec()),
    };
    row.mapv_inplace(|v| v / sum);
}
// ANCHOR_END: softmax

/// Softmax of each row, in place, without the argument checks (used by the
/// networks in their inner loop, where a non-finite value is caught by the
/// training loop's divergence check instead).
pub(crate) fn softmax_rows_in_place<F: Real>(a: &mut Array<F, Ix2>) {
    for mut row in a.axis_iter_mut(Axis(0)) {
        let c = row.fold(F::neg_infinity(), |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - c).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn step_function_jumps_at_zero() {
        assert_eq!(step_function(0.0), 0.0);
        assert_eq!(step_function(1e-300), 1.0);
    }

    #[test]
    fn sigmoid_is_symmetric_and_saturates_without_nan() {
        for x in [-3.0, -0.5, 0.0, 0.7, 4.0] {
            assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-15);
        }
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid_slope(1000.0), 0.0);
    }

    #[test]
    fn sigmoid_slope_matches_a_central_difference() {
        for x in [-2.0, 0.3, 1.5] {
            let h = 1e-5;
            let numeric = (sigmoid(x + h) - sigmoid(x - h)) / (2.0 * h);
            assert!((numeric - sigmoid_slope(x)).abs() < 1e-9);
        }
    }

    #[test]
    fn softmax_of_huge_logits_is_finite_and_sums_to_one() {
        let y = softmax(&array![[1e300, 0.0, -1e300], [1000.0, 1000.0, 1000.0]]);
        assert_eq!(y.row(0).to_vec(), vec![1.0, 0.0, 0.0]);
        for p in y.row(1) {
            assert!((p - 1.0 / 3.0).abs() < 1e-15);
        }
    }

    #[test]
    fn softmax_rows_are_independent() {
        let batch = softmax(&array![[0.3, 2.9, 4.0], [1.0, 1.0, 1.0]]);
        let single = softmax(&array![0.3, 2.9, 4.0]);
        assert_eq!(batch.row(0), single);
    }

    #[test]
    fn unchecked_rows_agree_with_the_checked_softmax() {
        let a = array![[0.3, 2.9, 4.0], [-1.0, 5.0, 1.0]];
        let mut b = a.clone();
        softmax_rows_in_place(&mut b);
        let checked = softmax(&a);
        for (x, y) in b.iter().zip(checked.iter()) {
            assert!((x - y).abs() < 1e-16);
        }
    }

    #[test]
    #[should_panic(expected = "softmax: a[1] = NaN is not a finite number")]
    fn softmax_rejects_nan() {
        softmax(&array![0.0, f64::NAN]);
    }

    #[test]
    #[should_panic(expected = "softmax: a[0, 2] = inf is not a finite number")]
    fn softmax_rejects_infinity() {
        softmax(&array![[0.0, 1.0, f64::INFINITY]]);
    }

    #[test]
    #[should_panic(expected = "softmax: a has shape [0, 10], which holds no elements")]
    fn softmax_rejects_an_empty_batch() {
        softmax(&ndarray::Array2::<f64>::zeros((0, 10)));
    }

    #[test]
    #[should_panic(
        expected = "softmax: a has shape [1, 1, 3]; expected one sample (1-D) or a batch"
    )]
    fn softmax_rejects_three_dimensions() {
        softmax(&ndarray::Array3::<f64>::zeros((1, 1, 3)));
    }
}
