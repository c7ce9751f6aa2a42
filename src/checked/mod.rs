//! The book's functions with their arguments checked.
//!
//! The functions the chapters show check nothing, like the original: given a
//! wrong shape they panic deep inside ndarray, given a NaN they answer NaN. Each
//! module here mirrors one of them, under the same names: it checks every
//! argument, panics with a message that names the function, the argument, the
//! shapes or the index and value at fault, and then calls the plain function.
//! `#[track_caller]` points the panic at your line.
//!
//! ```
//! use ndarray::array;
//! use nnlearn::checked::loss::cross_entropy_error;
//! let t = array![0.0, 1.0];
//! let e = cross_entropy_error(&array![0.25, 0.75], &t); // the same number as the plain one
//! assert_eq!(e, nnlearn::loss::cross_entropy_error(&array![0.25, 0.75], &t));
//! ```
//!
//! ```should_panic
//! use ndarray::array;
//! use nnlearn::checked::loss::cross_entropy_error;
//! // panics: "cross_entropy_error: y[1] = NaN is not a finite number"
//! cross_entropy_error(&array![0.5, f64::NAN], &array![0.0, 1.0]);
//! ```
//!
//! The networks' own code (and so the training loop) calls the plain functions:
//! there a NaN is not a mistake of the caller but a sign that training diverged,
//! which the training loop reports with the iteration where it happened.

pub mod activation;
pub mod gradient;
pub mod loss;
pub mod simple_net;
pub mod train;
pub mod two_layer_net;

use ndarray::{Array, Dimension, IntoDimension};

/// Formats an ndarray index pattern such as `(1, 3)` as `[1, 3]`.
pub fn format_index<D: Dimension>(index: D::Pattern) -> String {
    format!("{:?}", index.into_dimension().slice())
}

/// Panics, naming `func`, `arg`, the index and the value, if any element is NaN or infinite.
#[track_caller]
pub(crate) fn assert_all_finite<D: Dimension>(func: &str, arg: &str, a: &Array<f64, D>) {
    if let Some((index, value)) = a.indexed_iter().find(|(_, v)| !v.is_finite()) {
        panic!("{func}: {arg}{} = {value} is not a finite number", format_index::<D>(index));
    }
}

/// Panics unless `y` and `t` have the same shape, naming both shapes.
#[track_caller]
pub(crate) fn assert_same_shape(func: &str, y: &[usize], t: &[usize]) {
    assert!(y == t, "{func}: y has shape {y:?} but t has shape {t:?}; they must be equal");
}

/// Panics if the array has no elements, naming its shape.
#[track_caller]
pub(crate) fn assert_not_empty(func: &str, arg: &str, shape: &[usize]) {
    assert!(
        shape.iter().all(|&n| n > 0),
        "{func}: {arg} has shape {shape:?}, which holds no elements (an empty batch?)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Ix1, Ix2, IxDyn, array};

    #[test]
    fn indexes_are_printed_like_numpy() {
        assert_eq!(format_index::<Ix1>(3), "[3]");
        assert_eq!(format_index::<Ix2>((1, 3)), "[1, 3]");
        assert_eq!(format_index::<IxDyn>(IxDyn(&[2, 0, 1])), "[2, 0, 1]");
    }

    #[test]
    #[should_panic(expected = "f: y[1, 0] = NaN is not a finite number")]
    fn a_nan_is_named_with_its_index() {
        assert_all_finite("f", "y", &array![[1.0, 2.0], [f64::NAN, 0.0]]);
    }
}
