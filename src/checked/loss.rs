//! [`crate::loss`] with its arguments checked: mismatched shapes (both named), an
//! empty batch, a label out of range (index and value), a label count that is not
//! the batch's, a NaN or infinite value (index and value), a negative probability.

use ndarray::{Array, Array1, Array2, Dimension};

use super::{assert_all_finite, assert_not_empty, assert_same_shape, format_index};
use crate::loss;

/// [`loss::mean_squared_error`], checked.
#[track_caller]
pub fn mean_squared_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    const F: &str = "mean_squared_error";
    assert_same_shape(F, y.shape(), t.shape());
    assert_not_empty(F, "y", y.shape());
    assert_all_finite(F, "y", y);
    assert_all_finite(F, "t", t);
    loss::mean_squared_error(y, t)
}

/// [`loss::cross_entropy_error`], checked.
#[track_caller]
pub fn cross_entropy_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    const F: &str = "cross_entropy_error";
    check_probabilities(F, y);
    assert_same_shape(F, y.shape(), t.shape());
    assert_all_finite(F, "t", t);
    loss::cross_entropy_error(y, t)
}

/// [`loss::cross_entropy_error_batch`], checked.
#[track_caller]
pub fn cross_entropy_error_batch(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
    const F: &str = "cross_entropy_error_batch";
    check_probabilities(F, y);
    assert_same_shape(F, y.shape(), t.shape());
    assert_all_finite(F, "t", t);
    loss::cross_entropy_error_batch(y, t)
}

/// [`loss::cross_entropy_error_labels`], checked.
#[track_caller]
pub fn cross_entropy_error_labels(y: &Array2<f64>, t: &[usize]) -> f64 {
    const F: &str = "cross_entropy_error_labels";
    check_probabilities(F, y);
    let (batch_size, classes) = y.dim();
    assert!(
        t.len() == batch_size,
        "{F}: {} labels for a batch of {batch_size} rows (y has shape {:?}); give one label per row",
        t.len(),
        y.shape()
    );
    check_labels(F, t, classes);
    loss::cross_entropy_error_labels(y, t)
}

/// [`loss::one_hot`], checked.
#[track_caller]
pub fn one_hot(labels: &[usize], classes: usize) -> Array2<f64> {
    if let Some((n, &k)) = labels.iter().enumerate().find(|(_, k)| **k >= classes) {
        panic!("one_hot: labels[{n}] = {k} is out of range for {classes} classes");
    }
    loss::one_hot(labels, classes)
}

/// Panics, naming the first label that is not a class of `classes`.
#[track_caller]
fn check_labels(func: &str, t: &[usize], classes: usize) {
    if let Some((n, &k)) = t.iter().enumerate().find(|(_, k)| **k >= classes) {
        panic!(
            "{func}: labels[{n}] = {k} is out of range for {classes} classes (0..={})",
            classes - 1
        );
    }
}

/// `y` must hold probabilities (softmax outputs): not empty, finite, and not
/// negative (a negative value would make the logarithm NaN).
#[track_caller]
fn check_probabilities<D: Dimension>(func: &str, y: &Array<f64, D>) {
    assert_not_empty(func, "y", y.shape());
    assert_all_finite(func, "y", y);
    if let Some((index, value)) = y.indexed_iter().find(|(_, p)| **p < 0.0) {
        panic!(
            "{func}: y{} = {value} is negative, but y must hold probabilities (softmax outputs)",
            format_index::<D>(index)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Axis, array, stack};

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
    fn good_arguments_give_the_plain_functions_numbers() {
        assert_eq!(mean_squared_error(&y2(), &t()), 0.5975);
        assert_eq!(cross_entropy_error(&y1(), &t()), 0.510825457099338);
        let y = stack![Axis(0), y1(), y2()];
        let t2 = stack![Axis(0), t(), t()];
        assert_eq!(cross_entropy_error_batch(&y, &t2), 1.406704775046942);
        assert_eq!(cross_entropy_error_labels(&y, &[2, 2]), 1.406704775046942);
        assert_eq!(one_hot(&[2], 10).row(0), t());
    }

    #[test]
    #[should_panic(expected = "one_hot: labels[1] = 3 is out of range for 3 classes")]
    fn one_hot_names_a_label_out_of_range() {
        one_hot(&[0, 3], 3);
    }

    #[test]
    #[should_panic(
        expected = "mean_squared_error: y has shape [10] but t has shape [9]; they must be equal"
    )]
    fn mse_names_mismatched_shapes() {
        mean_squared_error(&y1(), &Array1::zeros(9));
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_batch: y has shape [2, 10] but t has shape [2, 3]"
    )]
    fn cross_entropy_names_mismatched_batch_shapes() {
        cross_entropy_error_batch(&Array2::zeros((2, 10)), &Array2::zeros((2, 3)));
    }

    #[test]
    #[should_panic(expected = "cross_entropy_error: y has shape [10] but t has shape [3]")]
    fn cross_entropy_names_mismatched_shapes() {
        cross_entropy_error(&y1(), &Array1::zeros(3));
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
        expected = "cross_entropy_error_batch: y has shape [0, 10], which holds no elements (an empty batch?)"
    )]
    fn empty_batch_is_rejected() {
        cross_entropy_error_batch(&Array2::zeros((0, 10)), &Array2::zeros((0, 10)));
    }

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_labels: y has shape [0, 10], which holds no elements"
    )]
    fn empty_label_batch_is_rejected() {
        cross_entropy_error_labels(&Array2::zeros((0, 10)), &[]);
    }

    #[test]
    #[should_panic(expected = "mean_squared_error: y has shape [0], which holds no elements")]
    fn empty_mse_is_rejected() {
        mean_squared_error(&Array1::zeros(0), &Array1::zeros(0));
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

    #[test]
    #[should_panic(
        expected = "cross_entropy_error_batch: y[1, 0] = -0.5 is negative, but y must hold probabilities"
    )]
    fn a_negative_probability_in_a_batch_is_named_with_row_and_column() {
        cross_entropy_error_batch(
            &array![[0.5, 0.5], [-0.5, 1.5]],
            &array![[0.0, 1.0], [0.0, 1.0]],
        );
    }
}
