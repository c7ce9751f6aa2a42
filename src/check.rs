//! Argument checks shared by the public functions: they turn a bad input into a
//! panic message that names the function, the argument, the index and the value,
//! instead of a panic deep inside ndarray or a silent NaN.

use ndarray::{ArrayBase, Data, Dimension, IntoDimension};

/// Formats an ndarray index pattern such as `(1, 3)` as `[1, 3]`.
pub(crate) fn format_index<D: Dimension>(index: D::Pattern) -> String {
    format!("{:?}", index.into_dimension().slice())
}

/// Panics, naming `func`, `arg`, the index and the value, if any element is NaN or infinite.
#[track_caller]
pub(crate) fn assert_all_finite<S, D>(func: &str, arg: &str, a: &ArrayBase<S, D>)
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    if let Some((index, value)) = a.indexed_iter().find(|(_, v)| !v.is_finite()) {
        panic!(
            "{func}: {arg}{} = {value} is not a finite number",
            format_index::<D>(index)
        );
    }
}

/// Panics unless `y` and `t` have the same shape, naming both shapes.
#[track_caller]
pub(crate) fn assert_same_shape(func: &str, y: &[usize], t: &[usize]) {
    assert!(
        y == t,
        "{func}: y has shape {y:?} but t has shape {t:?}; they must be equal"
    );
}

/// Panics unless the array is 1-D (one sample) or 2-D (a batch, one sample per row).
#[track_caller]
pub(crate) fn assert_one_or_two_dims(func: &str, arg: &str, shape: &[usize]) {
    assert!(
        shape.len() == 1 || shape.len() == 2,
        "{func}: {arg} has shape {shape:?}; expected one sample (1-D) or a batch (2-D, one sample per row)"
    );
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
