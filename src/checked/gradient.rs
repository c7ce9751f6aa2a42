//! [`crate::gradient`] with its arguments checked: an empty array, a function that
//! returns NaN or an infinity (the element being moved and the side named), a
//! learning rate that is not a positive finite number; and a gradient descent
//! that stops, and says where, when the function stops giving finite values.

use std::cell::Cell;

use ndarray::{Array, Array1, Dimension, IntoDimension, indices_of};

use crate::gradient;

/// A value of `f` that was NaN or infinite, and where it was met.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    /// The element being moved, as `[i, j, ...]`.
    pub index: String,
    /// `"+h"` or `"-h"`: which side of the central difference.
    pub side: &'static str,
    /// What `f` returned.
    pub value: f64,
}

impl std::fmt::Display for NonFinite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "f returned {} with x{} moved by {}; its derivative there is not a number",
            self.value, self.index, self.side
        )
    }
}

/// [`gradient::numerical_gradient`], checked: panics if `x` is empty or if `f`
/// returns NaN or an infinity, naming the element and the side.
#[track_caller]
pub fn numerical_gradient<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
) -> Array<f64, D> {
    assert!(
        !x.is_empty(),
        "numerical_gradient: x has shape {:?}, which holds no elements: there is nothing to differentiate",
        x.shape()
    );
    try_numerical_gradient(f, x).unwrap_or_else(|e| panic!("numerical_gradient: {e}"))
}

/// [`gradient::numerical_gradient_1d`], checked: panics if `x` is empty or if
/// `f` returns NaN or an infinity, naming the element and the side.
#[track_caller]
pub fn numerical_gradient_1d(f: impl Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array1<f64> {
    assert!(
        !x.is_empty(),
        "numerical_gradient_1d: x has shape {:?}, which holds no elements: there is nothing to differentiate",
        x.shape()
    );
    counting_non_finite(f, x, |f, x| gradient::numerical_gradient_1d(f, x))
        .unwrap_or_else(|e| panic!("numerical_gradient_1d: {e}"))
}

/// [`gradient::numerical_gradient`], but the first NaN or infinite value of `f`
/// is returned as an error, with the element being moved and the side.
///
/// The plain function calls `f` in a fixed order, element by element in
/// row-major order, `+h` before `−h`; so the number of the call that gave the
/// first bad value says which element and which side it was.
pub fn try_numerical_gradient<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
) -> Result<Array<f64, D>, NonFinite> {
    counting_non_finite(f, x, |f, x| gradient::numerical_gradient(f, x))
}

/// Runs `gradient` (a plain numerical gradient, which calls `f` element by
/// element, `+h` before `−h`) on `f` and `x`, and returns the first NaN or
/// infinite value of `f` as an error, with the element and the side.
fn counting_non_finite<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
    gradient: impl FnOnce(&dyn Fn(&Array<f64, D>) -> f64, &Array<f64, D>) -> Array<f64, D>,
) -> Result<Array<f64, D>, NonFinite> {
    let calls = Cell::new(0);
    let first_bad = Cell::new(None);
    let counted = |x: &Array<f64, D>| {
        let value = f(x);
        if !value.is_finite() && first_bad.get().is_none() {
            first_bad.set(Some((calls.get(), value)));
        }
        calls.set(calls.get() + 1);
        value
    };
    let grad = gradient(&counted, x);
    match first_bad.get() {
        None => Ok(grad),
        Some((call, value)) => {
            let index =
                indices_of(x).into_iter().nth(call / 2).expect("f is called twice per element");
            Err(NonFinite {
                index: format!("{:?}", index.into_dimension().slice()),
                side: if call % 2 == 0 { "+h" } else { "-h" },
                value,
            })
        }
    }
}

/// The result of [`gradient_descent`].
#[derive(Debug, Clone, PartialEq)]
pub struct Descent {
    /// Where the descent ended: after `step_num` steps, or the last finite point.
    pub x: Array1<f64>,
    /// Every point visited: the start, then the point after each step.
    pub path: Vec<Array1<f64>>,
    /// The step at which `f` stopped giving finite values, if it did; the descent
    /// stopped there instead of filling the path with NaN.
    pub diverged_at: Option<(usize, NonFinite)>,
}

/// [`gradient::gradient_descent`], checked: panics unless `lr` is a positive
/// finite number and `init_x` holds values; stops at the first step where `f`
/// is not finite, and says so in [`Descent::diverged_at`].
#[track_caller]
pub fn gradient_descent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> Descent {
    assert!(
        lr.is_finite() && lr > 0.0,
        "gradient_descent: learning rate lr = {lr} must be a positive finite number"
    );
    assert!(
        !init_x.is_empty(),
        "gradient_descent: init_x has shape {:?}, which holds no elements",
        init_x.shape()
    );
    let mut x = init_x.clone();
    let mut path = vec![x.clone()];
    for step in 0..step_num {
        match try_numerical_gradient(&f, &x) {
            Ok(grad) => x = x - lr * grad,
            Err(e) => {
                let diverged_at = Some((step, e));
                return Descent { x, path, diverged_at };
            }
        }
        path.push(x.clone());
    }
    Descent { x, path, diverged_at: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gradient::function_2;
    use ndarray::{Array2, array};

    #[test]
    fn good_arguments_give_the_plain_descent() {
        let (x, history) = gradient::gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
        let checked = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
        assert_eq!(checked.x, x);
        assert_eq!(checked.path, history);
        assert!(checked.diverged_at.is_none());
        assert_eq!(
            numerical_gradient(function_2, &array![3.0, 4.0]).to_vec(),
            vec![6.00000000000378, 7.999999999999119]
        );
    }

    #[test]
    #[should_panic(expected = "numerical_gradient_1d: f returned NaN with x[1] moved by -h")]
    fn the_1d_gradient_names_the_element_and_side_of_a_nan() {
        numerical_gradient_1d(|x| if x[1] < 1.0 { f64::NAN } else { 0.0 }, &array![0.0, 1.0]);
    }

    #[test]
    #[should_panic(expected = "numerical_gradient_1d: x has shape [0], which holds no elements")]
    fn the_1d_gradient_of_nothing_panics() {
        numerical_gradient_1d(function_2, &Array1::<f64>::zeros(0));
    }

    #[test]
    fn the_checked_1d_gradient_is_the_plain_one() {
        let x = array![3.0, -4.0, 0.5];
        assert_eq!(
            numerical_gradient_1d(function_2, &x),
            gradient::numerical_gradient_1d(function_2, &x)
        );
    }

    #[test]
    #[should_panic(expected = "numerical_gradient: x has shape [0], which holds no elements")]
    fn empty_input_is_rejected() {
        numerical_gradient(function_2, &Array1::<f64>::zeros(0));
    }

    #[test]
    #[should_panic(expected = "numerical_gradient: f returned NaN with x[1] moved by +h")]
    fn nan_from_f_is_named() {
        numerical_gradient(
            |x: &Array1<f64>| if x[1] > 4.0 { f64::NAN } else { 0.0 },
            &array![3.0, 4.0],
        );
    }

    #[test]
    fn the_element_and_side_are_named_in_a_matrix_too() {
        let w = Array2::<f64>::zeros((2, 3));
        let e = try_numerical_gradient(
            |w: &Array2<f64>| if w[[1, 0]] < 0.0 { f64::INFINITY } else { 1.0 },
            &w,
        )
        .unwrap_err();
        assert_eq!((e.index.as_str(), e.side), ("[1, 0]", "-h"));
        assert_eq!(e.value, f64::INFINITY);
    }

    #[test]
    #[should_panic(
        expected = "gradient_descent: learning rate lr = -0.1 must be a positive finite number"
    )]
    fn negative_learning_rate_is_rejected() {
        gradient_descent(function_2, &array![1.0], -0.1, 1);
    }

    #[test]
    #[should_panic(
        expected = "gradient_descent: learning rate lr = NaN must be a positive finite number"
    )]
    fn nan_learning_rate_is_rejected() {
        gradient_descent(function_2, &array![1.0], f64::NAN, 1);
    }

    #[test]
    #[should_panic(
        expected = "gradient_descent: learning rate lr = 0 must be a positive finite number"
    )]
    fn zero_learning_rate_is_rejected() {
        gradient_descent(function_2, &array![1.0], 0.0, 1);
    }

    #[test]
    #[should_panic(
        expected = "gradient_descent: learning rate lr = inf must be a positive finite number"
    )]
    fn infinite_learning_rate_is_rejected() {
        gradient_descent(function_2, &array![1.0], f64::INFINITY, 1);
    }

    #[test]
    #[should_panic(expected = "gradient_descent: init_x has shape [0], which holds no elements")]
    fn an_empty_start_is_rejected() {
        gradient_descent(function_2, &Array1::zeros(0), 0.1, 1);
    }

    #[test]
    fn a_descent_that_overflows_stops_and_says_where() {
        // With lr = 1e200 the first step lands near 6e200, whose square overflows.
        let d = gradient_descent(function_2, &array![-3.0, 4.0], 1e200, 100);
        let (step, why) = d.diverged_at.expect("must diverge");
        assert_eq!(step, 1);
        assert_eq!(why.value, f64::INFINITY);
        assert_eq!(d.path.len(), step + 1);
        assert!(d.x.iter().all(|v| v.is_finite()));
    }
}
