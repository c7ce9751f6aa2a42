//! Chapter 4's widget: gradient descent from a start the reader clicks, with the
//! crate's `gradient_descent` (the checked one, which `cargo run -- descent`
//! runs too: it stops where the function stops being finite).
#![forbid(unsafe_code)]

use ndarray::{Array1, array};
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::{function_2, landscape, numerical_gradient};

/// The elongated bowl `f(x) = x0² + 10·x1²`: ten times steeper across `x1` than
/// along `x0`, so that the gradient does not point at the minimum and a
/// learning rate that suits one direction overshoots in the other.
pub fn elongated_bowl(x: &Array1<f64>) -> f64 {
    x[0].powi(2) + 10.0 * x[1].powi(2)
}

/// The function the descent runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `x0² + x1²`, the chapter's bowl.
    Bowl,
    /// `gradient::landscape`: two valleys, a local minimum and saddle points.
    Landscape,
    /// [`elongated_bowl`], `x0² + 10·x1²`.
    Elongated,
}

impl Surface {
    /// The surface numbered as the JavaScript numbers it (0: bowl, 1: landscape,
    /// 2: elongated bowl).
    pub fn from_number(n: u32) -> Option<Surface> {
        match n {
            0 => Some(Surface::Bowl),
            1 => Some(Surface::Landscape),
            2 => Some(Surface::Elongated),
            _ => None,
        }
    }

    /// The function itself.
    pub fn function(self) -> fn(&Array1<f64>) -> f64 {
        match self {
            Surface::Bowl => function_2,
            Surface::Landscape => landscape,
            Surface::Elongated => elongated_bowl,
        }
    }

    pub fn value(self, x0: f64, x1: f64) -> f64 {
        (self.function())(&array![x0, x1])
    }

    /// For the two bowls (quadratics, whose second derivatives are the same
    /// everywhere): the curvatures `λ0 = ∂²f/∂x0²` and `λ1 = ∂²f/∂x1²`, each the
    /// numerical gradient of one component of the numerical gradient, at the
    /// minimum (the mixed derivatives are 0: the bowls' axes are `x0` and `x1`).
    /// `None` for the landscape, whose curvature changes from point to point.
    pub fn curvatures(self) -> Option<[f64; 2]> {
        if self == Surface::Landscape {
            return None;
        }
        let f = self.function();
        let slope = |i: usize| move |x: &Array1<f64>| numerical_gradient(f, x)[i];
        let at = array![0.0, 0.0];
        Some([numerical_gradient(slope(0), &at)[0], numerical_gradient(slope(1), &at)[1]])
    }
}

/// What one step does on a bowl, with learning rate `lr`: `[λ0, λ1, 2/λmax,
/// 1 − lr·λ0, 1 − lr·λ1]`. Along each axis the gradient is `λ·x`, so a step
/// `x ← x − lr·λ·x` multiplies that coordinate by `1 − lr·λ`: below 0 it jumps
/// across the valley (zig-zag), below −1 (`lr > 2/λ`) it lands farther out than
/// it started (divergence). `None` for the landscape.
pub fn step_factors(surface: Surface, lr: f64) -> Option<[f64; 5]> {
    let [l0, l1] = surface.curvatures()?;
    Some([l0, l1, 2.0 / l0.max(l1), 1.0 - lr * l0, 1.0 - lr * l1])
}

/// The largest number of steps the widget runs (the command line's limit too).
pub const MAX_STEPS: usize = 100_000;

/// The points of the descent, flattened (`x0, x1` of the start, then of each
/// step), and the step at which it stopped early, if it did. `None` when `lr`
/// is not a positive finite number or the steps exceed [`MAX_STEPS`] (the
/// checked function would panic; the page then shows why instead).
pub fn path(
    surface: Surface,
    start: [f64; 2],
    lr: f64,
    steps: usize,
) -> Option<(Vec<f64>, Option<usize>)> {
    if !(lr.is_finite() && lr > 0.0) || steps > MAX_STEPS || !start.iter().all(|v| v.is_finite()) {
        return None;
    }
    let init = array![start[0], start[1]];
    let d = gradient_descent(surface.function(), &init, lr, steps);
    let flat = d.path.iter().flat_map(|x| [x[0], x[1]]).collect();
    Some((flat, d.diverged_at.map(|(step, _)| step)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chapter's descents end where the reference says, bit for bit.
    #[test]
    fn the_chapters_descents() {
        let end = |lr, steps| {
            let (p, stop) = path(Surface::Bowl, [-3.0, 4.0], lr, steps).unwrap();
            assert_eq!(stop, None);
            assert_eq!(p.len(), 2 * (steps + 1));
            [p[p.len() - 2], p[p.len() - 1]]
        };
        assert_eq!(end(0.1, 100), [-6.111107928998789e-10, 8.148143905314271e-10]);
        assert_eq!(end(10.0, 100), [-25898374737328.363, -1295248616896.5398]);
        assert_eq!(end(1e-10, 100), [-2.999999939999995, 3.9999999199999934]);
    }

    #[test]
    fn bad_parameters_give_none_and_an_overflow_stops_early() {
        assert!(path(Surface::Bowl, [1.0, 1.0], 0.0, 10).is_none());
        assert!(path(Surface::Bowl, [1.0, 1.0], f64::NAN, 10).is_none());
        assert!(path(Surface::Bowl, [1.0, 1.0], 0.1, MAX_STEPS + 1).is_none());
        let (p, stop) = path(Surface::Bowl, [1e200, 1.0], 1.0, 10).unwrap();
        assert_eq!(stop, Some(0), "(1e200)² overflows at once");
        assert_eq!(p, vec![1e200, 1.0]);
    }

    /// The curvatures of `x0² + x1²` and `x0² + 10·x1²` are, by hand, 2, 2 and 2,
    /// 20; the mixed derivatives 0.
    #[test]
    fn the_bowls_curvatures_are_the_derivatives_by_hand() {
        let close = |a: [f64; 2], b: [f64; 2]| (0..2).all(|i| (a[i] - b[i]).abs() < 1e-6);
        assert!(close(Surface::Bowl.curvatures().unwrap(), [2.0, 2.0]));
        let [l0, l1] = Surface::Elongated.curvatures().unwrap();
        assert!(close([l0, l1], [2.0, 20.0]), "{l0} {l1}");
        assert!(Surface::Landscape.curvatures().is_none());
        for s in [Surface::Bowl, Surface::Elongated] {
            let f = s.function();
            let mixed = numerical_gradient(|x| numerical_gradient(f, x)[0], &array![0.5, -1.5])[1];
            assert!(mixed.abs() < 1e-6, "{mixed}");
        }
        assert_eq!(Surface::Elongated.value(3.0, 4.0), 9.0 + 160.0);
        let cap = step_factors(Surface::Elongated, 0.1).unwrap()[2];
        assert!((cap - 0.1).abs() < 1e-8, "{cap}");
    }

    /// On the elongated bowl, `x1` is multiplied at each step by about
    /// `1 − 20·lr`: −0.8 at lr 0.09 (a zig-zag that closes in), −1.2 at lr 0.11
    /// (a zig-zag that opens out); `x0` by `1 − 2·lr`.
    #[test]
    fn on_the_elongated_bowl_the_path_follows_the_factors() {
        for (lr, f1) in [(0.09, -0.8), (0.11, -1.2)] {
            let [.., g0, g1] = step_factors(Surface::Elongated, lr).unwrap();
            assert!((g1 - f1).abs() < 1e-6 && (g0 - (1.0 - 2.0 * lr)).abs() < 1e-6);
            // 15 steps: later, at lr 0.11, f is so large (x1 grows) that the rounding
            // of the numerical gradient, about 1e-16·f/h, shows in the small x0.
            let (p, stop) = path(Surface::Elongated, [-3.0, 4.0], lr, 15).unwrap();
            assert_eq!(stop, None);
            for k in 0..15 {
                let (r0, r1) = (p[2 * k + 2] / p[2 * k], p[2 * k + 3] / p[2 * k + 1]);
                assert!((r0 - g0).abs() < 1e-6 && (r1 - g1).abs() < 1e-6, "{lr} {k}: {r0} {r1}");
            }
        }
        // lr = 10 multiplies x1 by about −199 a step until x1 is so large that
        // x1 ± h rounds to x1: the numerical gradient is then 0 and the path
        // freezes far out, as the round bowl's does (the chapter's lr = 10).
        let (p, stop) = path(Surface::Elongated, [-3.0, 4.0], 10.0, 100).unwrap();
        assert_eq!(stop, None);
        let end = [p[p.len() - 2], p[p.len() - 1]];
        assert!(end[1].abs() > 1e12 && p[p.len() - 3] == end[1], "{end:?}");
    }

    #[test]
    fn on_the_landscape_a_start_on_x0_0_ends_at_a_saddle() {
        let (p, _) = path(Surface::Landscape, [0.0, 2.0], 0.1, 300).unwrap();
        let end = [p[p.len() - 2], p[p.len() - 1]];
        assert_eq!(end[0], 0.0);
        assert!((end[1] - 0.879).abs() < 1e-3, "{end:?}");
    }
}
