//! [`crate::activation`] with its arguments checked: the softmax of an empty
//! vector or batch, or of scores with a NaN or an infinity, panics and names them.
//!
//! A softmax of three or more dimensions cannot even be written: the functions
//! take a vector or a batch of rows, and anything else does not compile.
//!
//! ```compile_fail
//! use nnlearn::checked::activation::softmax_batch;
//! softmax_batch(&ndarray::Array3::<f64>::zeros((1, 1, 3)));
//! ```

use ndarray::{Array1, Array2};

use super::{assert_all_finite, assert_not_empty};
use crate::activation;

/// [`activation::softmax`], checked.
#[track_caller]
pub fn softmax(a: &Array1<f64>) -> Array1<f64> {
    assert_not_empty("softmax", "a", a.shape());
    assert_all_finite("softmax", "a", a);
    activation::softmax(a)
}

/// [`activation::softmax_batch`], checked.
#[track_caller]
pub fn softmax_batch(a: &Array2<f64>) -> Array2<f64> {
    assert_not_empty("softmax_batch", "a", a.shape());
    assert_all_finite("softmax_batch", "a", a);
    activation::softmax_batch(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn good_scores_give_the_plain_softmax() {
        let a = array![[0.3, 2.9, 4.0], [-1.0, 5.0, 1.0]];
        assert_eq!(softmax_batch(&a), activation::softmax_batch(&a));
        let y = softmax(&array![1010.0, 1000.0, 990.0]);
        assert!((y.sum() - 1.0).abs() < 1e-15);
    }

    #[test]
    #[should_panic(expected = "softmax: a[1] = NaN is not a finite number")]
    fn softmax_rejects_nan() {
        softmax(&array![0.0, f64::NAN]);
    }

    #[test]
    #[should_panic(expected = "softmax_batch: a[0, 2] = inf is not a finite number")]
    fn softmax_rejects_infinity() {
        softmax_batch(&array![[0.0, 1.0, f64::INFINITY]]);
    }

    #[test]
    #[should_panic(expected = "softmax_batch: a has shape [0, 10], which holds no elements")]
    fn softmax_rejects_an_empty_batch() {
        softmax_batch(&Array2::zeros((0, 10)));
    }

    #[test]
    #[should_panic(expected = "softmax: a has shape [0], which holds no elements")]
    fn softmax_rejects_an_empty_vector() {
        softmax(&Array1::zeros(0));
    }
}
