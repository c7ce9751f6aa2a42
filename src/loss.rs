//! Loss functions (损失函数): how far a network's output `y` is from the supervised
//! target `t` (监督数据). Chapter 2 of the book.
//!
//! Every function here takes one sample (a 1-D array) or a mini-batch (a 2-D array,
//! one sample per row), like the original NumPy code, and sums in NumPy's order
//! (see [`crate::pairwise`]) so that the chapter's numbers come out bit for bit.
//!
//! # Bad input
//! These are mathematical functions on arrays, so a call that breaks their contract
//! panics with a message that names the function, the shapes, or the index and value
//! at fault (like ndarray's own shape checks): mismatched shapes, an empty batch, a
//! label out of range, a NaN or infinite value, a negative probability.

use ndarray::{ArrayBase, Axis, Data, Dimension, Ix2};

use crate::check;
use crate::pairwise::{pairwise_sum, pairwise_sum_array};

/// The small number added inside the logarithm so that `ln 0 = -∞` never happens:
/// `ln(0 + 1e-7) ≈ -16.1`.
pub const DELTA: f64 = 1e-7;

/// Mean squared error (均方误差), the chapter's formula (1):
///
/// `E = ½ Σ_k (y_k − t_k)²`
///
/// Despite its name it is *half the sum* of squares, not a mean: the ½ makes its
/// derivative simply `y − t`. A batch (2-D) is summed over all its elements, as
/// `0.5 * np.sum((y - t)**2)` does.
///
/// # Panics
/// If the shapes differ, the arrays are empty, or a value is NaN or infinite.
///
/// ```
/// use ndarray::array;
/// use nnlearn::loss::mean_squared_error;
/// let t = array![0.0, 1.0];
/// assert_eq!(mean_squared_error(&array![0.0, 0.5], &t), 0.125);
/// ```
// ANCHOR: mean_squared_error
#[track_caller]
pub fn mean_squared_error<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    const F: &str = "mean_squared_error";
    check::assert_same_shape(F, y.shape(), t.shape());
    check::assert_not_empty(F, "y", y.shape());
    check::assert_all_finite(F, "y", y);
    check::assert_all_finite(F, "t", t);
    let squares = (y - t).mapv(|d| d.powi(2));
    0.5 * pairwise_sum_array(&squares)
}
// ANCHOR_END: mean_squared_error

/// Cross-entropy error (交叉熵误差) with one-hot targets, formulas (2) and (3):
///
/// `E = −(1/N) Σ_n Σ_k t_nk ln(y_nk + δ)`, with `δ = 1e-7` ([`DELTA`])
///
/// One sample (1-D) is a batch of one (`N = 1`). Only the term of the correct class
/// counts, because the other `t_nk` are 0: the loss is `−ln` of the probability the
/// network gave to the right answer.
///
/// # Panics
/// If the shapes differ, the batch is empty, `y` has a negative, NaN or infinite
/// value, or `t` a NaN or infinite one.
///
/// ```
/// use ndarray::array;
/// use nnlearn::loss::cross_entropy_error;
/// let e = cross_entropy_error(&array![0.25, 0.75], &array![0.0, 1.0]);
/// assert!((e - -(0.75f64 + 1e-7).ln()).abs() < 1e-15);
/// ```
// ANCHOR: cross_entropy_error
#[track_caller]
pub fn cross_entropy_error<S, T, D>(y: &ArrayBase<S, D>, t: &ArrayBase<T, D>) -> f64
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    const F: &str = "cross_entropy_error";
    check_probabilities(F, y);
    check::assert_same_shape(F, y.shape(), t.shape());
    check::assert_all_finite(F, "t", t);
    let batch_size = batch_size(y.shape());
    let terms = t * &y.mapv(|p| (p + DELTA).ln());
    -pairwise_sum_array(&terms) / batch_size as f64
}
// ANCHOR_END: cross_entropy_error

/// Cross-entropy error with *label* targets: `labels[n]` is the correct class of
/// sample `n` (for example `[2, 7, 0, 9, 4]`), instead of a one-hot row.
///
/// `E = −(1/N) Σ_n ln(y[n, labels[n]] + δ)`
///
/// NumPy writes the pick as `y[np.arange(batch_size), t]` (fancy indexing: row `n`,
/// column `t[n]`). In Rust it is an explicit walk over the rows, each row paired with
/// its label: `y.rows().zip(labels).map(|(row, &k)| row[k])`.
///
/// # Panics
/// If the batch is empty, the number of labels differs from the number of rows, a
/// label is not a valid column of `y`, or `y` has a negative, NaN or infinite value.
///
/// ```
/// use ndarray::array;
/// use nnlearn::loss::cross_entropy_error_labels;
/// let y = array![[0.25, 0.75], [0.5, 0.5]];
/// let e = cross_entropy_error_labels(&y, &[1, 0]);
/// let expected = -((0.75f64 + 1e-7).ln() + (0.5f64 + 1e-7).ln()) / 2.0;
/// assert!((e - expected).abs() < 1e-15);
/// ```
// ANCHOR: cross_entropy_error_labels
#[track_caller]
pub fn cross_entropy_error_labels<S, D>(y: &ArrayBase<S, D>, labels: &[usize]) -> f64
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    const F: &str = "cross_entropy_error_labels";
    check_probabilities(F, y);
    let y = as_batch(y);
    let (batch_size, classes) = y.dim();
    assert!(
        labels.len() == batch_size,
        "{F}: {} labels for a batch of {batch_size} rows (y has shape {:?}); give one label per row",
        labels.len(),
        y.shape()
    );
    let picked: Vec<f64> = y
        .rows()
        .into_iter()
        .zip(labels)
        .enumerate()
        .map(|(n, (row, &k))| {
            assert!(
                k < classes,
                "{F}: labels[{n}] = {k} is out of range for {classes} classes (0..={})",
                classes - 1
            );
            (row[k] + DELTA).ln()
        })
        .collect();
    -pairwise_sum(&picked) / batch_size as f64
}
// ANCHOR_END: cross_entropy_error_labels

/// One-hot representation (one-hot表示): label `k` becomes a row of `classes`
/// zeros with a single 1 at index `k`.
///
/// # Panics
/// If a label is not below `classes` (the message names it).
///
/// ```
/// use ndarray::array;
/// use nnlearn::loss::one_hot;
/// assert_eq!(one_hot(&[2, 0], 3), array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
/// ```
// ANCHOR: one_hot
#[track_caller]
pub fn one_hot(labels: &[usize], classes: usize) -> ndarray::Array2<f64> {
    let mut t = ndarray::Array2::zeros((labels.len(), classes));
    for (n, &k) in labels.iter().enumerate() {
        assert!(
            k < classes,
            "one_hot: labels[{n}] = {k} is out of range for {classes} classes"
        );
        t[[n, k]] = 1.0;
    }
    t
}
// ANCHOR_END: one_hot

/// The batch size of a 1-D sample (1) or a 2-D batch (its number of rows).
fn batch_size(shape: &[usize]) -> usize {
    if shape.len() == 1 { 1 } else { shape[0] }
}

/// Views a 1-D sample as a batch of one row, like NumPy's `y.reshape(1, y.size)`.
fn as_batch<S, D>(y: &ArrayBase<S, D>) -> ndarray::ArrayView2<'_, f64>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    let view = y.view().into_dyn();
    match view.ndim() {
        1 => view.insert_axis(Axis(0)).into_dimensionality::<Ix2>(),
        _ => view.into_dimensionality::<Ix2>(),
    }
    .expect("checked: 1-D or 2-D")
}

/// `y` must be a sample or a batch of probabilities: 1-D or 2-D, not empty,
/// finite and non-negative (a negative value would make the logarithm NaN).
#[track_caller]
fn check_probabilities<S, D>(func: &str, y: &ArrayBase<S, D>)
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    check::assert_one_or_two_dims(func, "y", y.shape());
    check::assert_not_empty(func, "y", y.shape());
    check::assert_all_finite(func, "y", y);
    if let Some((index, value)) = y.indexed_iter().find(|(_, p)| **p < 0.0) {
        panic!(
            "{func}: y{} = {value} is negative, but y must hold probabilities (softmax outputs)",
            check::format_index::<D>(index)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, array, stack};

    /// The chapter's two predictions for the target "2" (reference file, "Loss functions").
    fn y1() -> Array1<f64> {
        array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    }
    fn y2() -> Array1<f64> {
        array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    }
    fn t() -> Array1<f64> {
        array![0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    }

    #[test]
    fn reference_values_bit_for_bit() {
        assert_eq!(mean_squared_error(&y1(), &t()), 0.09750000000000003);
        assert_eq!(mean_squared_error(&y2(), &t()), 0.5975);
        assert_eq!(cross_entropy_error(&y1(), &t()), 0.510825457099338);
        assert_eq!(cross_entropy_error(&y2(), &t()), 2.302584092994546);
        let y = stack![Axis(0), y1(), y2()];
        let t2 = stack![Axis(0), t(), t()];
        assert_eq!(cross_entropy_error(&y, &t2), 1.406704775046942);
        assert_eq!(cross_entropy_error_labels(&y, &[2, 2]), 1.406704775046942);
    }

    #[test]
    #[should_panic(expected = "one_hot: labels[1] = 3 is out of range for 3 classes")]
    fn one_hot_names_a_label_out_of_range() {
        one_hot(&[0, 3], 3);
    }

    #[test]
    fn one_sample_is_a_batch_of_one() {
        assert_eq!(
            cross_entropy_error_labels(&y1(), &[2]),
            cross_entropy_error(&y1(), &t())
        );
    }

    #[test]
    fn without_delta_the_loss_of_a_zero_probability_would_be_infinite() {
        let y = array![1.0, 0.0];
        let t = array![0.0, 1.0];
        assert_eq!((0.0f64).ln(), f64::NEG_INFINITY);
        let e = cross_entropy_error(&y, &t);
        assert!(e.is_finite());
        assert!((e - -(1e-7f64).ln()).abs() < 1e-12);
    }

    #[test]
    fn loss_shrinks_as_the_right_class_gets_more_probable() {
        let losses: Vec<f64> = [0.1, 0.5, 0.9, 1.0]
            .iter()
            .map(|&p| cross_entropy_error(&array![1.0 - p, p], &array![0.0, 1.0]))
            .collect();
        assert!(losses.windows(2).all(|w| w[0] > w[1]), "{losses:?}");
    }

    #[test]
    #[should_panic(
        expected = "mean_squared_error: y has shape [10] but t has shape [9]; they must be equal"
    )]
    fn mse_names_mismatched_shapes() {
        mean_squared_error(&y1(), &Array1::zeros(9));
    }

    #[test]
    #[should_panic(expected = "cross_entropy_error: y has shape [2, 10] but t has shape [2, 3]")]
    fn cross_entropy_names_mismatched_batch_shapes() {
        cross_entropy_error(&Array2::<f64>::zeros((2, 10)), &Array2::zeros((2, 3)));
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_labels: labels[1] = 10 is out of range for 10 classes (0..=9)"
    )]
    fn label_out_of_range_is_named() {
        let y = stack![Axis(0), y1(), y2()];
        cross_entropy_error_labels(&y, &[2, 10]);
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_labels: 3 labels for a batch of 2 rows (y has shape [2, 10])"
    )]
    fn label_count_must_match_rows() {
        let y = stack![Axis(0), y1(), y2()];
        cross_entropy_error_labels(&y, &[2, 2, 2]);
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error: y has shape [0, 10], which holds no elements (an empty batch?)"
    )]
    fn empty_batch_is_rejected() {
        cross_entropy_error(&Array2::<f64>::zeros((0, 10)), &Array2::zeros((0, 10)));
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_labels: y has shape [0, 10], which holds no elements"
    )]
    fn empty_label_batch_is_rejected() {
        cross_entropy_error_labels(&Array2::<f64>::zeros((0, 10)), &[]);
    }

    #[test]
    #[should_panic(expected = "mean_squared_error: y has shape [0], which holds no elements")]
    fn empty_mse_is_rejected() {
        mean_squared_error(&Array1::<f64>::zeros(0), &Array1::zeros(0));
    }

    #[test]
    #[should_panic(expected = "cross_entropy_error: y[3] = NaN is not a finite number")]
    fn nan_probability_is_named() {
        let mut y = y1();
        y[3] = f64::NAN;
        cross_entropy_error(&y, &t());
    }

    #[test]
    #[should_panic(expected = "mean_squared_error: t[0] = inf is not a finite number")]
    fn infinite_target_is_named() {
        let mut t = t();
        t[0] = f64::INFINITY;
        mean_squared_error(&y1(), &t);
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error: y[1] = -0.5 is negative, but y must hold probabilities"
    )]
    fn negative_probability_is_named() {
        cross_entropy_error(&array![1.0, -0.5], &array![0.0, 1.0]);
    }
}
