//! Numerical differentiation (数值微分): a derivative from two values of the
//! function. Chapter 3 of the book.
//!
//! The derivative of `f` at `x`, formula (4) of the notes, is the limit
//!
//! `df/dx = lim_{h→0} (f(x + h) − f(x)) / h`
//!
//! A computer cannot take the limit, so it picks a small `h`. This module has the
//! tempting wrong way (a tiny `h` and a forward difference) and the right one (a
//! moderate `h = 1e-4` and a central difference, 中心差分).

// ANCHOR: numerical_diff_bad
/// The notes' "bad implementation" (不好的实现示例): a forward difference with a
/// tiny `h`. Do not use it; chapter 3 shows why it returns 0.
pub fn numerical_diff_bad(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-50;
    (f(x + h) - f(x)) / h
}
// ANCHOR_END: numerical_diff_bad

/// The forward difference `(f(x + h) − f(x)) / h` with a step of your choice
/// (for the error plot of chapter 3 and its exercises).
///
/// ```
/// use nnlearn::numerical_diff::forward_difference;
/// let slope = forward_difference(|x| x * x, 3.0, 1e-2);
/// assert!((slope - 6.01).abs() < 1e-9); // 2x + h: the error is h
/// ```
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// The central difference `(f(x + h) − f(x − h)) / 2h` with a step of your choice.
///
/// ```
/// use nnlearn::numerical_diff::central_difference;
/// let slope = central_difference(|x| x * x, 3.0, 1e-2);
/// assert!((slope - 6.0).abs() < 1e-9); // exact for a parabola, up to rounding
/// ```
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

// ANCHOR: numerical_diff
/// The numerical derivative of `f` at `x`: a central difference with `h = 1e-4`,
///
/// `f'(x) ≈ (f(x + h) − f(x − h)) / 2h`
///
/// exactly as the original (`h = 1e-4`, the same operations in the same order),
/// so it returns the same `f64` to the last bit.
///
/// ```
/// use nnlearn::numerical_diff::{function_1, numerical_diff};
/// assert_eq!(numerical_diff(function_1, 5.0), 0.1999999999990898);
/// ```
pub fn numerical_diff(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-4; // 0.0001
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: numerical_diff

// ANCHOR: function_1
/// The chapter's example function `f(x) = 0.01x² + 0.1x`, whose true derivative is
/// `f'(x) = 0.02x + 0.1` (0.2 at 5, 0.3 at 10).
pub fn function_1(x: f64) -> f64 {
    0.01 * x.powi(2) + 0.1 * x
}
// ANCHOR_END: function_1

// ANCHOR: tangent_line
/// The tangent of `f` at `x`, with the slope from [`numerical_diff`]: returns
/// `(slope, intercept)` of the line `y = slope · t + intercept`, where
/// `intercept = f(x) − slope · x` (the original's `tangent_line`).
pub fn tangent_line(f: impl Fn(f64) -> f64, x: f64) -> (f64, f64) {
    let slope = numerical_diff(&f, x);
    let intercept = f(x) - slope * x;
    (slope, intercept)
}
// ANCHOR_END: tangent_line

// ANCHOR: difference_errors
/// The function whose derivative the error measurement estimates: `x³`, with
/// the known derivative `3x²`. Only `×`, so it rounds the same on every machine.
pub fn cube(x: f64) -> f64 {
    x * x * x
}

/// How far the forward and the central difference of `x³` at `x` are from the
/// true derivative, for each step `h`: `(h, forward error, central error)`.
pub fn difference_errors(x: f64, steps: &[f64]) -> Vec<(f64, f64, f64)> {
    let exact = 3.0 * x * x;
    let error = |estimate: f64| (estimate - exact).abs();
    steps
        .iter()
        .map(|&h| {
            let forward = forward_difference(cube, x, h);
            let central = central_difference(cube, x, h);
            (h, error(forward), error(central))
        })
        .collect()
}
// ANCHOR_END: difference_errors

#[cfg(test)]
mod tests {
    use super::*;

    /// The values printed by the original code (reference file, "Numerical differentiation").
    #[test]
    fn reference_derivatives_bit_for_bit() {
        assert_eq!(numerical_diff(function_1, 5.0), 0.1999999999990898);
        assert_eq!(numerical_diff(function_1, 10.0), 0.2999999999986347);
        assert_eq!(function_1(5.0), 0.75);
        assert_eq!(function_1(10.0), 2.0);
    }

    #[test]
    fn reference_tangents_bit_for_bit() {
        assert_eq!(tangent_line(function_1, 5.0), (0.1999999999990898, -0.24999999999544897));
        assert_eq!(tangent_line(function_1, 10.0), (0.2999999999986347, -0.9999999999863469));
    }

    #[test]
    fn reference_partial_derivatives_bit_for_bit() {
        // ∂f/∂x0 at (3, 4): fix x1 = 4 (function_tmp1 of the original).
        let function_tmp1 = |x0: f64| x0 * x0 + 4.0f64.powf(2.0);
        // ∂f/∂x1 at (3, 4): fix x0 = 3 (function_tmp2).
        let function_tmp2 = |x1: f64| 3.0f64.powf(2.0) + x1 * x1;
        assert_eq!(numerical_diff(function_tmp1, 3.0), 6.00000000000378);
        assert_eq!(numerical_diff(function_tmp2, 4.0), 7.999999999999119);
    }

    #[test]
    fn the_bad_difference_is_exactly_zero() {
        // 1e-50 is below f32's smallest number: it rounds to 0.
        assert_eq!(1e-50_f32, 0.0);
        // In f64 it exists, but 5 + 1e-50 rounds back to 5: f(x + h) - f(x) = 0.
        assert_eq!(5.0 + 1e-50, 5.0);
        assert_eq!(numerical_diff_bad(function_1, 5.0), 0.0);
        // The original writes h = 10e-50, which is 1e-49: no better.
        assert_eq!(5.0 + 10e-50, 5.0);
    }

    #[test]
    fn central_beats_forward_at_the_same_step() {
        let exact = 0.2;
        let forward = forward_difference(function_1, 5.0, 1e-2);
        let central = central_difference(function_1, 5.0, 1e-2);
        assert!((central - exact).abs() < (forward - exact).abs() / 100.0);
        assert_eq!(central_difference(function_1, 5.0, 1e-4), numerical_diff(function_1, 5.0));
    }

    /// Chapter 3's Taylor constants: the forward difference is off by about
    /// f''/2 · h, the central one by about f'''/6 · h².
    #[test]
    fn truncation_errors_have_the_taylor_constants() {
        // function_1: f'' = 0.02, f''' = 0, so the forward difference is off by 0.01 h.
        for h in [1e-1, 1e-2, 1e-3] {
            let error = forward_difference(function_1, 5.0, h) - 0.2;
            assert!((error / h - 0.01).abs() < 1e-9, "{h}: {error}");
        }
        // x³ at 1: f''/2 = 3 and f'''/6 = 1, errors 3h (+ h²) and h².
        for (h, forward, central) in difference_errors(1.0, &[1e-2, 1e-3]) {
            assert!((forward / h - 3.0).abs() <= 1.01 * h, "{h}: {forward}");
            assert!((central / (h * h) - 1.0).abs() < 1e-6, "{h}: {central}");
        }
    }

    #[test]
    fn the_central_error_is_smallest_in_the_middle() {
        let errors = difference_errors(1.0, &[1e-1, 1e-6, 1e-12]);
        // Large at 1e-1 (truncation), small at 1e-6, larger again at 1e-12 (rounding).
        assert!(errors[1].2 < errors[0].2 && errors[1].2 < errors[2].2);
    }
}
