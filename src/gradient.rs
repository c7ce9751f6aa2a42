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
/// near −1.09, a hill near 0.21 and a shallower valley near 0.88. Its gradient is
/// 0 at the nine combinations: two global minima (±1, −1.09), two local minima
/// (±1, 0.88), four saddle points (0, −1.09), (0, 0.88) and (±1, 0.21), and a
/// local maximum (0, 0.21), a hill in both directions.
pub fn landscape(x: &Array1<f64>) -> f64 {
    let (x0, x1) = (x[0], x[1]);
    (x0.powi(4) / 4.0 - x0.powi(2) / 2.0) + (x1.powi(4) / 4.0 - x1.powi(2) / 2.0 + x1 / 5.0)
}
// ANCHOR_END: landscape

// ANCHOR: elongated_bowl
/// An elongated bowl, `f(x) = x0² + 10·x1²`: ten times steeper along `x1` than
/// along `x0`. Its lowest point is the origin, as for `function_2`.
pub fn elongated_bowl(x: &Array1<f64>) -> f64 {
    x[0].powi(2) + 10.0 * x[1].powi(2)
}
// ANCHOR_END: elongated_bowl

// ANCHOR: numerical_gradient_1d
/// The numerical gradient of `f` at the vector `x`: for each element in turn, the
/// central difference `(f(x + h) − f(x − h)) / 2h` with `h = 1e-4`, the other
/// elements held where they are.
pub fn numerical_gradient_1d(f: impl Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array1<f64> {
    let h = 1e-4; // 0.0001
    let mut x = x.clone(); // nudge a copy: the caller's x stays as it is
    let mut grad = Array1::zeros(x.len());
    for i in 0..x.len() {
        let tmp_val = x[i];
        x[i] = tmp_val + h;
        let fxh1 = f(&x); // f(x + h)
        x[i] = tmp_val - h;
        let fxh2 = f(&x); // f(x - h)
        grad[i] = (fxh1 - fxh2) / (2.0 * h);
        x[i] = tmp_val; // put the value back
    }
    grad
}
// ANCHOR_END: numerical_gradient_1d

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
/// the numerical gradient. Returns where it ended and every point on the way,
/// from the start to the end (the original's `gradient_method.py` keeps each
/// point before its step, so without the end).
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

// ANCHOR: hessian
/// The matrix of second derivatives of `f` at `x`, numerically: row `i` is the
/// numerical gradient of the partial derivative `∂f/∂x_i`.
pub fn hessian(f: impl Fn(&Array1<f64>) -> f64, x: &Array1<f64>) -> Array2<f64> {
    let mut rows = Array2::zeros((x.len(), x.len()));
    for i in 0..x.len() {
        let partial_i = |y: &Array1<f64>| numerical_gradient(&f, y)[i];
        rows.row_mut(i).assign(&numerical_gradient(partial_i, x));
    }
    rows
}
// ANCHOR_END: hessian

// ANCHOR: critical_point
/// A point where the gradient of `f` (of two variables) is 0, found by Newton's
/// method from `start`: 50 steps `x ← x − H⁻¹ ∇f(x)`, with the numerical gradient
/// and Hessian. It finds the nearest point with ∇f = 0 of any kind: a minimum,
/// a maximum or a saddle point.
pub fn critical_point(f: impl Fn(&Array1<f64>) -> f64, start: &Array1<f64>) -> Array1<f64> {
    let mut x = start.clone();
    for _ in 0..50 {
        let (g, h) = (numerical_gradient(&f, &x), hessian(&f, &x));
        let det = h[[0, 0]] * h[[1, 1]] - h[[0, 1]] * h[[1, 0]];
        // H⁻¹ g for a 2×2 H, by the formula of the inverse
        let step = [
            (h[[1, 1]] * g[0] - h[[0, 1]] * g[1]) / det,
            (h[[0, 0]] * g[1] - h[[1, 0]] * g[0]) / det,
        ];
        x = &x - &Array1::from(step.to_vec());
    }
    x
}
// ANCHOR_END: critical_point

// ANCHOR: eigenvalues_2x2
/// The two eigenvalues of a symmetric 2×2 matrix, the smaller first: the
/// curvatures of `f` along its two principal directions.
pub fn eigenvalues_2x2(h: &Array2<f64>) -> (f64, f64) {
    let b = (h[[0, 1]] + h[[1, 0]]) / 2.0; // symmetric up to rounding
    let mean = (h[[0, 0]] + h[[1, 1]]) / 2.0;
    let radius = (((h[[0, 0]] - h[[1, 1]]) / 2.0).powi(2) + b * b).sqrt();
    (mean - radius, mean + radius)
}
// ANCHOR_END: eigenvalues_2x2

/// What a point where the gradient is 0 is, from the signs of the Hessian's
/// eigenvalues: both positive, a minimum (the function curves up in every
/// direction); both negative, a maximum; one of each, a saddle point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CriticalKind {
    Minimum,
    SaddlePoint,
    Maximum,
}

impl CriticalKind {
    /// Classifies by the Hessian's eigenvalues (a zero eigenvalue is taken as a
    /// saddle: the test cannot decide there).
    pub fn of(eigenvalues: (f64, f64)) -> CriticalKind {
        match eigenvalues {
            (lo, _) if lo > 0.0 => CriticalKind::Minimum,
            (_, hi) if hi < 0.0 => CriticalKind::Maximum,
            _ => CriticalKind::SaddlePoint,
        }
    }
}

// ANCHOR: landscape_critical_points
/// Every point where the gradient of the landscape is 0, found by Newton's method
/// from each point of the grid {−2, −1, 0, 1, 2}², without repeats, in the order
/// (x0, x1): the nine critical points, with their kinds.
pub fn landscape_critical_points() -> Vec<(Array1<f64>, CriticalKind)> {
    let mut found: Vec<(Array1<f64>, CriticalKind)> = Vec::new();
    for x0 in [-2.0, -1.0, 0.0, 1.0, 2.0] {
        for x1 in [-2.0, -1.0, 0.0, 1.0, 2.0] {
            let x = critical_point(landscape, &Array1::from(vec![x0, x1]));
            let near =
                |(y, _): &(Array1<f64>, CriticalKind)| (&x - y).iter().all(|d| d.abs() < 1e-6);
            if !found.iter().any(near) {
                let kind = CriticalKind::of(eigenvalues_2x2(&hessian(landscape, &x)));
                found.push((x, kind));
            }
        }
    }
    // In the order (x0, x1), to 6 decimals (Newton's answers differ in the last digits).
    let key = |x: &Array1<f64>| ((x[0] * 1e6).round() as i64, (x[1] * 1e6).round() as i64);
    found.sort_by_key(|(x, _)| key(x));
    found
}
// ANCHOR_END: landscape_critical_points

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
        let end =
            |start: [f64; 2]| gradient_descent(landscape, &array![start[0], start[1]], 0.1, 300).0;
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
    fn the_vector_loop_is_the_general_one_bit_for_bit() {
        for x in [array![3.0, 4.0], array![0.0, 2.0], array![3.0, 0.0], array![-0.3, 1e3, 7.0]] {
            assert_eq!(numerical_gradient_1d(function_2, &x), numerical_gradient(function_2, &x));
            let two = array![x[0], x[1]];
            assert_eq!(numerical_gradient_1d(landscape, &two), numerical_gradient(landscape, &two));
        }
        // and the reference values
        assert_eq!(
            numerical_gradient_1d(function_2, &array![3.0, 4.0]).to_vec(),
            vec![6.00000000000378, 7.999999999999119]
        );
    }

    /// Against the exact derivatives: ∇f = (x0³ − x0, x1³ − x1 + 1/5) is 0 where
    /// x0 ∈ {−1, 0, 1} and x1 is a root of x³ − x + 1/5; the Hessian is
    /// diag(3x0² − 1, 3x1² − 1).
    #[test]
    fn the_landscape_has_nine_critical_points_of_three_kinds() {
        // The roots of x³ − x + 1/5, by bisection on the exact polynomial (an
        // independent computation: no numerical derivative involved).
        let cubic = |x: f64| x * x * x - x + 0.2;
        let root = |mut a: f64, mut b: f64| {
            for _ in 0..200 {
                let m = (a + b) / 2.0;
                if (cubic(a) < 0.0) == (cubic(m) < 0.0) { a = m } else { b = m }
            }
            a
        };
        let roots = [root(-2.0, -0.6), root(-0.5, 0.5), root(0.6, 2.0)];
        assert!((roots[0] + 1.0880).abs() < 1e-4 && (roots[1] - 0.2091).abs() < 1e-4);
        assert!((roots[2] - 0.8789).abs() < 1e-4, "{roots:?}");
        let points = landscape_critical_points();
        assert_eq!(points.len(), 9, "{points:?}");
        let mut k = 0;
        for x0 in [-1.0, 0.0, 1.0] {
            for x1 in roots {
                let (p, kind) = &points[k];
                assert!(
                    (p[0] - x0).abs() < 1e-7 && (p[1] - x1).abs() < 1e-7,
                    "{p} vs ({x0}, {x1})"
                );
                // exact curvatures 3x0² − 1 and 3x1² − 1, and the kind from their signs
                let (c0, c1) = (3.0 * x0 * x0 - 1.0, 3.0 * x1 * x1 - 1.0);
                let (lo, hi) = eigenvalues_2x2(&hessian(landscape, p));
                assert!((lo - c0.min(c1)).abs() < 1e-5 && (hi - c0.max(c1)).abs() < 1e-5);
                let expected = match (c0 > 0.0, c1 > 0.0) {
                    (true, true) => CriticalKind::Minimum,
                    (false, false) => CriticalKind::Maximum,
                    _ => CriticalKind::SaddlePoint,
                };
                assert_eq!(*kind, expected, "at {p}");
                k += 1;
            }
        }
        let maxima: Vec<_> = points.iter().filter(|(_, k)| *k == CriticalKind::Maximum).collect();
        assert_eq!(maxima.len(), 1);
        assert!(maxima[0].0[0].abs() < 1e-7 && (maxima[0].0[1] - roots[1]).abs() < 1e-7);
    }

    #[test]
    fn the_elongated_bowl_gradient_does_not_point_at_the_minimum() {
        let g = numerical_gradient(elongated_bowl, &array![1.0, 1.0]);
        assert!((g[0] - 2.0).abs() < 1e-9 && (g[1] - 20.0).abs() < 1e-9, "{g}");
        // −∇f = (−2, −20) against the direction to the origin, (−1, −1): not parallel
        assert!((-g[0] * -1.0 - -g[1] * -1.0).abs() > 1.0);
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
