//! Chapter 3's widget: at a point `x` of `f(x) = 0.01x² + 0.1x`, the book's
//! tangent (its slope from `numerical_diff`, `h = 1e-4`) and the forward and
//! central secants for a step `h` of the reader's choice, with their errors.
#![forbid(unsafe_code)]

use nnlearn::numerical_diff::{central_difference, forward_difference, function_1, tangent_line};

/// The true derivative of `function_1`: `0.02x + 0.1`.
pub fn exact_slope(x: f64) -> f64 {
    0.02 * x + 0.1
}

/// `[f(x), tangent slope, tangent intercept, forward slope, central slope,
/// forward error, central error, true slope, f(x − h), f(x + h)]`.
pub fn values(x: f64, h: f64) -> Vec<f64> {
    let (slope, intercept) = tangent_line(function_1, x);
    let forward = forward_difference(function_1, x, h);
    let central = central_difference(function_1, x, h);
    let exact = exact_slope(x);
    vec![
        function_1(x),
        slope,
        intercept,
        forward,
        central,
        (forward - exact).abs(),
        (central - exact).abs(),
        exact,
        function_1(x - h),
        function_1(x + h),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At x = 5 the tangent is the chapter's (its reference values), and at
    /// h = 1e-4 the central slope is `numerical_diff`'s.
    #[test]
    fn the_chapters_tangent_and_numerical_derivative() {
        let v = values(5.0, 1e-4);
        assert_eq!((v[1], v[2]), (0.1999999999990898, -0.24999999999544897));
        assert_eq!(v[4], 0.1999999999990898);
    }

    #[test]
    fn the_forward_error_is_about_h_times_0_01_and_a_tiny_h_gives_zero() {
        let v = values(5.0, 0.1);
        assert!((v[5] - 0.001).abs() < 1e-9, "{}", v[5]);
        assert!(v[6] < 1e-12);
        let tiny = values(5.0, 1e-50);
        assert_eq!((tiny[3], tiny[4]), (0.0, 0.0), "the rounding trap");
    }
}
