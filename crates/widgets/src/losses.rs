//! Chapter 2's widget: the network's output for the running example (the
//! correct class is "2"), with the probability of the correct class dragged by
//! the reader, the two losses of that output, and the slope of each loss with
//! respect to the score of the correct class when the output is a softmax.
#![forbid(unsafe_code)]

use ndarray::Array1;
use nnlearn::activation::softmax;
use nnlearn::loss::{cross_entropy_error, mean_squared_error};
use nnlearn::numerical_diff::numerical_diff;

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

/// Scores whose softmax is the output for `p`: `a = ln y` (any constant added
/// to all ten gives the same softmax). A probability of 0 is a score of −∞.
pub fn scores(p: f64) -> Array1<f64> {
    output(p).mapv(f64::ln)
}

/// The slopes of both losses with respect to `a₂`, the score of the correct
/// class, when `y = softmax(a)`:
/// `[cross-entropy: y₂ − t₂, squared error: (Jᵀ(y − t))₂, cross-entropy
/// numerically, squared error numerically]`.
///
/// The first two are the formulas: `∂yₖ/∂a₂ = yₖ(δₖ₂ − y₂)` (the softmax's
/// Jacobian `J`), so the squared error's slope is `Σₖ yₖ(δₖ₂ − y₂)(yₖ − tₖ)`,
/// and the cross-entropy's `−(1/y₂)·y₂(1 − y₂) = y₂ − 1`. The last two move `a₂`
/// by `±h` in the crate's `softmax`, take the crate's losses and their central
/// difference (`numerical_diff`); `NaN` at `p = 0`, where `a₂` is −∞ and cannot move.
pub fn slopes(p: f64) -> [f64; 4] {
    let (y, t) = (output(p), target());
    let c = CORRECT;
    let cross = y[c] - t[c];
    let squared: f64 = (0..10)
        .map(|k| {
            let dy_da = y[k] * (if k == c { 1.0 } else { 0.0 } - y[c]);
            dy_da * (y[k] - t[k])
        })
        .sum();
    let a = scores(p);
    let moved = |loss: fn(&Array1<f64>, &Array1<f64>) -> f64| {
        let a = a.clone();
        let t = t.clone();
        move |a2: f64| {
            let mut a = a.clone();
            a[c] = a2;
            loss(&softmax(&a), &t)
        }
    };
    let (numeric_cross, numeric_squared) = if a[c].is_finite() {
        (
            numerical_diff(moved(cross_entropy_error), a[c]),
            numerical_diff(moved(mean_squared_error), a[c]),
        )
    } else {
        (f64::NAN, f64::NAN)
    };
    [cross, squared, numeric_cross, numeric_squared]
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

    /// The formulas agree with the numerical slopes of the crate's losses, and
    /// with the slopes worked by hand at y₁: cross-entropy 0.6 − 1 = −0.4;
    /// squared error 0.6·(2·0.6 − 1 − Σy²) with Σy² = 0.395, that is −0.117.
    #[test]
    fn the_slopes_are_the_formulas_and_the_numerical_derivatives() {
        let s = slopes(0.6);
        assert!((s[0] + 0.4).abs() < 1e-15 && (s[1] + 0.117).abs() < 1e-12, "{s:?}");
        for i in 1..=1000 {
            let p = f64::from(i) / 1000.0;
            let [ce, se, nce, nse] = slopes(p);
            // The crate's cross-entropy is −ln(y₂ + δ): its slope is (y₂ − 1)·y₂/(y₂ + δ).
            let delta = 1e-7;
            assert!((nce - ce * p / (p + delta)).abs() < 1e-6, "{p}: {ce} {nce}");
            assert!((nse - se).abs() < 1e-7, "{p}: {se} {nse}");
        }
        assert!(slopes(0.0)[2].is_nan());
    }

    /// Confidently wrong (y₂ small), the squared error's slope vanishes while
    /// the cross-entropy's stays near −1; confidently right, both vanish. By
    /// hand, as y₂ → 0 the other nine are y₁'s divided by 0.4, so Σy² → 0.21875
    /// and the squared error's slope y₂(2y₂ − 1 − Σy²) → −1.21875·y₂.
    #[test]
    fn confidently_wrong_only_cross_entropy_still_pushes() {
        let wrong = slopes(0.001);
        assert!((wrong[0] + 0.999).abs() < 1e-12);
        assert!((wrong[1] + 1.21875 * 0.001).abs() < 1e-5, "{wrong:?}");
        let right = slopes(1.0);
        assert_eq!([right[0], right[1]], [0.0, 0.0]);
    }
}
