//! Gradients (梯度) and the gradient method (梯度法). Chapter 4 of the book.
//!
//! The gradient of `f(x0, x1, ...)` is the vector of its partial derivatives
//! (偏导数) `(∂f/∂x0, ∂f/∂x1, ...)`. Its negative points in the direction in which
//! `f` decreases most at that point, which gradient descent (梯度下降法) follows
//! step by step: `x ← x − η ∇f(x)` (formula (7); `η` is the learning rate, 学习率).
//!
//! These functions check nothing; [`crate::checked::gradient`] has the same
//! functions with argument checks, and a descent that stops where `f` overflows.

use ndarray::{Array, Array1, Array2, Dimension, IntoDimension, indices_of};

use crate::pairwise::numpy_sum;

// ANCHOR: function_2
/// The chapter's function of two (or more) variables, formula (6):
/// `f(x) = x0² + x1² + ...`, the sum of the squares (`np.sum(x**2)`).
pub fn function_2(x: &Array1<f64>) -> f64 {
    numpy_sum(&x.mapv(|v| v.powi(2)))
}
// ANCHOR_END: function_2

// ANCHOR: landscape
/// A function of two variables with more than one valley, where gradient
/// descent can end somewhere other than the lowest point:
///
/// `f(x0, x1) = (x0⁴/4 − x0²/2) + (x1⁴/4 − x1²/2 + x1/5)`
///
/// Along `x0`, two equal valleys at ±1 and a hill at 0; along `x1`, a deep valley
/// near −1.09, a hill near 0.21 and a shallower valley near 0.88. So its lowest
/// points (global minima) are near (±1, −1.09), its local minima near
/// (±1, 0.88), and its saddle points, where the gradient is 0 too, near
/// (0, −1.09) and (0, 0.88).
pub fn landscape(x: &Array1<f64>) -> f64 {
    let (x0, x1) = (x[0], x[1]);
    (x0.powi(4) / 4.0 - x0.powi(2) / 2.0) + (x1.powi(4) / 4.0 - x1.powi(2) / 2.0 + x1 / 5.0)
}
// ANCHOR_END: landscape

// ANCHOR: numerical_gradient
/// The numerical gradient of `f` at `x`, an array of any shape: for each element
/// in turn, the central difference `(f(x + h) − f(x − h)) / 2h` with `h = 1e-4`,
/// all other elements held where they are.
pub fn numerical_gradient<D: Dimension>(
    f: impl Fn(&Array<f64, D>) -> f64,
    x: &Array<f64, D>,
) -> Array<f64, D> {
    let h = 1e-4; // 0.0001
    let mut x = x.clone(); // nudge a copy: the caller's x stays as it is
    let mut grad = Array::zeros(x.raw_dim());
    for idx in indices_of(&x) {
        let idx = idx.into_dimension(); // one element's position, such as [1, 2]
        let tmp_val = x[idx.clone()];
        x[idx.clone()] = tmp_val + h;
        let fxh1 = f(&x); // f(x + h)
        x[idx.clone()] = tmp_val - h;
        let fxh2 = f(&x); // f(x - h)
        grad[idx.clone()] = (fxh1 - fxh2) / (2.0 * h);
        x[idx] = tmp_val; // put the value back
    }
    grad
}
// ANCHOR_END: numerical_gradient

// ANCHOR: numerical_gradient_rows
/// The numerical gradient of `f` at each row of `points` (one point per row), as
/// the original does when it is given a 2-D array: a whole field of gradients.
pub fn numerical_gradient_rows(
    f: impl Fn(&Array1<f64>) -> f64,
    points: &Array2<f64>,
) -> Array2<f64> {
    let mut grad = Array2::zeros(points.raw_dim());
    for (point, mut g) in points.rows().into_iter().zip(grad.rows_mut()) {
        g.assign(&numerical_gradient(&f, &point.to_owned()));
    }
    grad
}
// ANCHOR_END: numerical_gradient_rows

// ANCHOR: gradient_descent
/// Gradient descent from `init_x`: `step_num` times, `x ← x − lr · ∇f(x)`, with
/// the numerical gradient. Returns where it ended and every point on the way
/// (the start first), as the original's `gradient_method.py` does.
pub fn gradient_descent(
    f: impl Fn(&Array1<f64>) -> f64,
    init_x: &Array1<f64>,
    lr: f64,
    step_num: usize,
) -> (Array1<f64>, Vec<Array1<f64>>) {
    let mut x = init_x.clone(); // a copy: init_x is only borrowed
    let mut x_history = vec![x.clone()];
    for _ in 0..step_num {
        let grad = numerical_gradient(&f, &x);
        x = x - lr * grad;
        x_history.push(x.clone());
    }
    (x, x_history)
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
        let run = |lr: f64| gradient_descent(function_2, &init, lr, 100).0.to_vec();
        assert_eq!(run(0.1), vec![-6.111107928998789e-10, 8.148143905314271e-10]);
        assert_eq!(run(10.0), vec![-25898374737328.363, -1295248616896.5398]);
        assert_eq!(run(1e-10), vec![-2.999999939999995, 3.9999999199999934]);
        assert_eq!(init, array![-3.0, 4.0], "the start is never changed");
    }

    #[test]
    fn descent_at_lr_0_1_matches_the_analytic_solution() {
        // x ← x − 0.1 · 2x = 0.8 x, so after 100 steps x = 0.8^100 · (−3, 4).
        let (x, _) = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 100);
        let analytic = [-6.111107929003493e-10, 8.14814390533799e-10];
        for (a, b) in x.iter().zip(analytic) {
            assert!((a - b).abs() < 1e-20);
        }
    }

    #[test]
    fn the_history_holds_the_start_and_every_step() {
        let (x, history) = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 20);
        assert_eq!(history.len(), 21);
        assert_eq!(history[0], array![-3.0, 4.0]);
        assert_eq!(history[20], x);
    }

    #[test]
    fn works_on_any_dimension_in_row_major_order() {
        let w = array![[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]];
        let g = numerical_gradient(|w: &Array2<f64>| w.iter().map(|v| v * v).sum(), &w);
        for (gi, wi) in g.iter().zip(w.iter()) {
            assert!((gi - 2.0 * wi).abs() < 1e-9);
        }
        let rows = numerical_gradient_rows(function_2, &w);
        assert_eq!(rows.row(1), numerical_gradient(function_2, &w.row(1).to_owned()));
    }

    /// The landscape's critical points, and where descents from three starts end:
    /// the global minimum, a local minimum, and a saddle point (x0 = 0 stays 0).
    #[test]
    fn descents_on_the_landscape_end_in_three_different_places() {
        let end = |start: [f64; 2]| gradient_descent(landscape, &array![start[0], start[1]], 0.1, 300).0;
        let global = end([0.5, -2.0]);
        let local = end([0.5, 2.0]);
        let saddle = end([0.0, 2.0]);
        assert!((global[0] - 1.0).abs() < 1e-6 && (global[1] + 1.088).abs() < 1e-3, "{global}");
        assert!((local[0] - 1.0).abs() < 1e-6 && (local[1] - 0.879).abs() < 1e-3, "{local}");
        assert_eq!(saddle[0], 0.0, "{saddle}");
        assert!((saddle[1] - 0.879).abs() < 1e-3, "{saddle}");
        assert!(landscape(&global) < landscape(&local));
        // At the saddle the numerical gradient is (all but) zero, yet x0 = 0 is the top of a hill:
        let g = numerical_gradient(landscape, &saddle);
        assert!(g.iter().all(|v| v.abs() < 1e-6), "{g}");
        assert!(landscape(&array![0.1, saddle[1]]) < landscape(&saddle));
    }

    #[test]
    fn the_order_of_the_elements_is_row_major_like_np_nditer() {
        use std::cell::RefCell;
        let order = RefCell::new(Vec::new());
        let x = Array2::<f64>::zeros((2, 3));
        numerical_gradient(
            |w: &Array2<f64>| {
                let moved = w.iter().position(|&v| v > 0.0);
                if let Some(i) = moved {
                    order.borrow_mut().push(i);
                }
                0.0
            },
            &x,
        );
        assert_eq!(order.into_inner(), vec![0, 1, 2, 3, 4, 5]);
    }
}
