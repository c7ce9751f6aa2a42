//! Gradients (梯度) and gradient descent (梯度法). Chapter 4 of the book.
//!
//! The gradient of `f(x0, x1, ...)` is the vector of its partial derivatives
//! (偏导数) `(∂f/∂x0, ∂f/∂x1, ...)`. Its negative points in the direction in which
//! `f` decreases most at that point, which gradient descent follows step by step:
//!
//! `x ← x − η ∇f(x)` (formula (7); `η` is the learning rate, 学习率)

use ndarray::{Array, Array1, Array2, ArrayBase, Axis, Data, Dimension, IntoDimension};

/// The step of every numerical derivative, as in the original.
pub const H: f64 = 1e-4;

// ANCHOR: function_2
/// The chapter's example function of two (or more) variables, formula (6):
/// `f(x) = x0² + x1² + ...`, the sum of the squares (`np.sum(x**2)`).
pub fn function_2(x: &Array1<f64>) -> f64 {
    crate::pairwise::pairwise_sum_array(&x.mapv(|v| v.powi(2)))
}
// ANCHOR_END: function_2

/// A value of `f` that was NaN or infinite, where it was met.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    /// The element being perturbed, as `[i, j, ...]`.
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

// ANCHOR: numerical_gradient
/// The numerical gradient of `f` at `x`, an array of any shape: for each element
/// in turn, a central difference with `h = 1e-4` while all other elements stay fixed.
///
/// # Panics
/// If `x` holds no elements, or `f` returns NaN or an infinity (the message names
/// the element and the side).
#[track_caller]
pub fn numerical_gradient<S, D>(
    f: impl FnMut(&Array<f64, D>) -> f64,
    x: &ArrayBase<S, D>,
) -> Array<f64, D>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    assert!(
        !x.is_empty(),
        "numerical_gradient: x has shape {:?}, which holds no elements: there is nothing to differentiate",
        x.shape()
    );
    try_numerical_gradient(f, x).unwrap_or_else(|e| panic!("numerical_gradient: {e}"))
}

/// [`numerical_gradient`], but a NaN or infinite value of `f` is returned as an
/// error instead of a panic (gradient descent uses it to stop cleanly).
pub fn try_numerical_gradient<S, D>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    x: &ArrayBase<S, D>,
) -> Result<Array<f64, D>, NonFinite>
where
    S: Data<Elem = f64>,
    D: Dimension,
{
    // The original perturbs the caller's array in place and puts each element back;
    // we perturb a private copy the same way, so the caller's x is never touched.
    let mut x = x.to_owned();
    let mut grad = Array::zeros(x.raw_dim());
    for (index, g) in grad.indexed_iter_mut() {
        let index = index.into_dimension();
        let tmp_val = x[index.clone()];
        x[index.clone()] = tmp_val + H;
        let fxh1 = finite(f(&x), &index, "+h")?;
        x[index.clone()] = tmp_val - H;
        let fxh2 = finite(f(&x), &index, "-h")?;
        *g = (fxh1 - fxh2) / (2.0 * H);
        x[index] = tmp_val; // restore exactly
    }
    Ok(grad)
}
// ANCHOR_END: numerical_gradient

fn finite<D: Dimension>(value: f64, index: &D, side: &'static str) -> Result<f64, NonFinite> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NonFinite {
            index: format!("{:?}", index.slice()),
            side,
            value,
        })
    }
}

// ANCHOR: numerical_gradient_rows
/// The numerical gradient of `f` at each row of `points` (one point per row): the
/// batch form of the original, used to draw a whole field of gradients at once.
#[track_caller]
pub fn numerical_gradient_rows(
    mut f: impl FnMut(&Array1<f64>) -> f64,
    points: &Array2<f64>,
) -> Array2<f64> {
    let mut grad = Array2::zeros(points.raw_dim());
    for (point, mut g) in points.axis_iter(Axis(0)).zip(grad.axis_iter_mut(Axis(0))) {
        g.assign(&numerical_gradient(&mut f, &point));
    }
    grad
}
// ANCHOR_END: numerical_gradient_rows

/// The result of [`gradient_descent`].
#[derive(Debug, Clone, PartialEq)]
pub struct Descent<D: Dimension> {
    /// Where the descent ended: after `step_num` steps, or the last finite point.
    pub x: Array<f64, D>,
    /// Every point visited: the start, then the point after each step.
    pub path: Vec<Array<f64, D>>,
    /// The step at which `f` stopped giving finite values, if it did; the descent
    /// stopped there instead of filling the path with NaN.
    pub diverged_at: Option<(usize, NonFinite)>,
}

// ANCHOR: gradient_descent
/// Gradient descent from `init`: `step_num` times, `x ← x − lr · ∇f(x)`, with the
/// numerical gradient.
///
/// `init` is borrowed and never changed. (The original updates the array it is
/// given in place, so a second call with the same `init_x` would start where the
/// first one ended: the original re-creates `init_x` before each call. Here the
/// descent works on its own copy.)
///
/// # Panics
/// If `lr` is not a positive finite number, or `init` is empty.
#[track_caller]
pub fn gradient_descent<D: Dimension>(
    mut f: impl FnMut(&Array<f64, D>) -> f64,
    init: &Array<f64, D>,
    lr: f64,
    step_num: usize,
) -> Descent<D> {
    assert!(
        lr.is_finite() && lr > 0.0,
        "gradient_descent: learning rate lr = {lr} must be a positive finite number"
    );
    assert!(
        !init.is_empty(),
        "gradient_descent: init has shape {:?}, which holds no elements",
        init.shape()
    );
    let mut x = init.clone();
    let mut path = vec![x.clone()];
    for step in 0..step_num {
        let grad = match try_numerical_gradient(&mut f, &x) {
            Ok(grad) => grad,
            Err(e) => {
                return Descent {
                    x,
                    path,
                    diverged_at: Some((step, e)),
                };
            }
        };
        x = x - lr * grad;
        path.push(x.clone());
    }
    Descent {
        x,
        path,
        diverged_at: None,
    }
}
// ANCHOR_END: gradient_descent

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Reference file, "Gradient".
    #[test]
    fn reference_gradients_bit_for_bit() {
        assert_eq!(
            numerical_gradient(function_2, &array![3.0, 4.0]).to_vec(),
            vec![6.00000000000378, 7.999999999999119]
        );
        assert_eq!(
            numerical_gradient(function_2, &array![0.0, 2.0]).to_vec(),
            vec![0.0, 4.000000000004]
        );
        assert_eq!(
            numerical_gradient(function_2, &array![3.0, 0.0]).to_vec(),
            vec![6.000000000012662, 0.0]
        );
    }

    /// Reference file, "Gradient descent": start (-3, 4), 100 steps.
    #[test]
    fn reference_descents_bit_for_bit() {
        let init = array![-3.0, 4.0];
        let run = |lr: f64| gradient_descent(function_2, &init, lr, 100).x.to_vec();
        assert_eq!(
            run(0.1),
            vec![-6.111107928998789e-10, 8.148143905314271e-10]
        );
        assert_eq!(run(10.0), vec![-25898374737328.363, -1295248616896.5398]);
        assert_eq!(run(1e-10), vec![-2.999999939999995, 3.9999999199999934]);
        assert_eq!(init, array![-3.0, 4.0], "the start is never changed");
    }

    #[test]
    fn descent_at_lr_0_1_matches_the_analytic_solution() {
        // x ← x − 0.1 · 2x = 0.8 x, so after 100 steps x = 0.8^100 · (−3, 4).
        let x = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 100).x;
        let analytic = [-6.111107929003493e-10, 8.14814390533799e-10];
        for (a, b) in x.iter().zip(analytic) {
            assert!((a - b).abs() < 1e-20);
        }
    }

    #[test]
    fn the_path_holds_the_start_and_every_step() {
        let d = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 20);
        assert_eq!(d.path.len(), 21);
        assert_eq!(d.path[0], array![-3.0, 4.0]);
        assert_eq!(d.path[20], d.x);
        assert!(d.diverged_at.is_none());
    }

    #[test]
    fn works_on_any_dimension_in_row_major_order() {
        let w = array![[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]];
        let g = numerical_gradient(|w: &Array2<f64>| w.iter().map(|v| v * v).sum(), &w);
        for (gi, wi) in g.iter().zip(w.iter()) {
            assert!((gi - 2.0 * wi).abs() < 1e-9);
        }
        let rows = numerical_gradient_rows(function_2, &w);
        assert_eq!(
            rows.row(1),
            numerical_gradient(function_2, &w.row(1).to_owned())
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
