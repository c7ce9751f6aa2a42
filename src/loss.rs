//! Loss functions (损失函数): how far a network's output `y` is from the target
//! `t`, the correct answer (DLfS's 监督数据). Chapter 2 of the book.
//!
//! The sums are taken in NumPy's order ([`numpy_sum`]), so that the chapter's
//! numbers come out bit for bit as the original prints them. These functions check
//! nothing; [`crate::checked::loss`] has the same functions with argument checks.

use ndarray::{Array1, Array2};

use crate::pairwise::numpy_sum;

/// The small number added inside the logarithm so that `ln 0 = −∞` never happens:
/// `ln(0 + 1e-7) ≈ −16.1`.
pub const DELTA: f64 = 1e-7;

// ANCHOR: mean_squared_error
/// Mean squared error (均方误差), formula (1): `E = ½ Σ_k (y_k − t_k)²`.
///
/// Despite its name it is *half the sum* of squares, not a mean: the ½ makes
/// its derivative simply `y − t`.
pub fn mean_squared_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    0.5 * numpy_sum(&(y - t).mapv(|d| d.powi(2)))
}
// ANCHOR_END: mean_squared_error

// ANCHOR: cross_entropy_error
/// Cross-entropy error (交叉熵误差), formula (2): `E = −Σ_k t_k ln(y_k + δ)`.
///
/// With a one-hot `t` only the correct class counts: the loss is `−ln` of the
/// probability the network gave to the right answer. `δ = 1e-7` keeps `ln 0`
/// away.
pub fn cross_entropy_error(y: &Array1<f64>, t: &Array1<f64>) -> f64 {
    -numpy_sum(&(t * &y.mapv(|p| (p + DELTA).ln())))
}
// ANCHOR_END: cross_entropy_error

// ANCHOR: cross_entropy_error_batch
/// Cross-entropy error of a mini-batch, formula (3):
/// `E = −(1/N) Σ_n Σ_k t_nk ln(y_nk + δ)`, one row of `y` and `t` per image.
pub fn cross_entropy_error_batch(y: &Array2<f64>, t: &Array2<f64>) -> f64 {
    let batch_size = y.nrows() as f64;
    -numpy_sum(&(t * &y.mapv(|p| (p + DELTA).ln()))) / batch_size
}
// ANCHOR_END: cross_entropy_error_batch

// ANCHOR: cross_entropy_error_labels
/// Cross-entropy error of a mini-batch whose targets are labels: `t[n]` is the
/// correct class of image `n` (for example `[2, 7, 0, 9, 4]`).
///
/// `E = −(1/N) Σ_n ln(y[n, t[n]] + δ)`
pub fn cross_entropy_error_labels(y: &Array2<f64>, t: &[usize]) -> f64 {
    let batch_size = y.nrows() as f64;
    // NumPy: y[np.arange(batch_size), t], the output of each row at its label
    let picked: Array1<f64> = y.rows().into_iter().zip(t).map(|(row, &k)| row[k]).collect();
    -numpy_sum(&picked.mapv(|p| (p + DELTA).ln())) / batch_size
}
// ANCHOR_END: cross_entropy_error_labels

// ANCHOR: one_hot
/// One-hot representation (one-hot表示): label `k` becomes a row of `classes`
/// zeros with a single 1 at index `k`.
pub fn one_hot(labels: &[usize], classes: usize) -> Array2<f64> {
    let mut t = Array2::zeros((labels.len(), classes));
    for (n, &k) in labels.iter().enumerate() {
        t[[n, k]] = 1.0;
    }
    t
}
// ANCHOR_END: one_hot

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Axis, array, stack};

    /// The chapter's two predictions for the target "2" (reference file, "Loss functions").
    pub(crate) fn y1() -> Array1<f64> {
        array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    }
    pub(crate) fn y2() -> Array1<f64> {
        array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]
    }
    pub(crate) fn t() -> Array1<f64> {
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
        assert_eq!(cross_entropy_error_batch(&y, &t2), 1.406704775046942);
        assert_eq!(cross_entropy_error_labels(&y, &[2, 2]), 1.406704775046942);
    }

    #[test]
    fn one_sample_is_a_batch_of_one() {
        let y = y1().insert_axis(Axis(0));
        let t1 = t().insert_axis(Axis(0));
        assert_eq!(cross_entropy_error_batch(&y, &t1), cross_entropy_error(&y1(), &t()));
        assert_eq!(cross_entropy_error_labels(&y, &[2]), cross_entropy_error(&y1(), &t()));
    }

    #[test]
    fn one_hot_rows_have_a_single_one() {
        assert_eq!(one_hot(&[2, 0], 3), array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]);
        assert_eq!(one_hot(&[2], 10).row(0), t());
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
}
