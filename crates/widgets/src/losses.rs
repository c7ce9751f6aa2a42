//! Chapter 2's widget: the network's output for the running example (the
//! correct class is "2"), with the probability of the correct class dragged by
//! the reader, and the two losses of that output.
#![forbid(unsafe_code)]

use ndarray::Array1;
use nnlearn::loss::{cross_entropy_error, mean_squared_error};

/// The chapter's good answer `y1`: 0.6 for the correct class 2.
pub const Y1: [f64; 10] = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
/// The correct class of the running example.
pub const CORRECT: usize = 2;

/// The output with probability `p` for the correct class: the other nine share
/// `1 − p` in the proportions of `y1` (so `p = 0.6` gives `y1` itself).
pub fn output(p: f64) -> Array1<f64> {
    let p = p.clamp(0.0, 1.0);
    let rest = 1.0 - Y1[CORRECT];
    Array1::from_iter(
        Y1.iter().enumerate().map(|(k, &y)| if k == CORRECT { p } else { y / rest * (1.0 - p) }),
    )
}

/// The one-hot target: 1 at the correct class.
pub fn target() -> Array1<f64> {
    Array1::from_iter((0..10).map(|k| if k == CORRECT { 1.0 } else { 0.0 }))
}

/// `[cross-entropy, squared error, y_0, ..., y_9]` for probability `p`.
pub fn values(p: f64) -> Vec<f64> {
    let (y, t) = (output(p), target());
    let mut out = vec![cross_entropy_error(&y, &t), mean_squared_error(&y, &t)];
    out.extend(y.iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At 0.6 the widget shows the chapter's numbers for `y1`, bit for bit.
    #[test]
    fn at_0_6_the_output_is_y1_and_the_losses_are_the_chapters() {
        let v = values(0.6);
        assert_eq!(v[2..], Y1);
        assert_eq!(v[0], 0.510825457099338);
        assert_eq!(v[1], 0.09750000000000003);
    }

    #[test]
    fn the_output_sums_to_one_and_the_losses_fall_as_p_rises() {
        for p in [0.0, 0.05, 0.3, 0.9, 1.0] {
            assert!((output(p).sum() - 1.0).abs() < 1e-12, "{p}");
        }
        let (low, high) = (values(0.1), values(0.9));
        assert!(low[0] > high[0] && low[1] > high[1]);
        // p = 0: ln(0 + δ) = −16.1, finite.
        assert!((values(0.0)[0] - 16.11809565095832).abs() < 1e-12);
    }
}
