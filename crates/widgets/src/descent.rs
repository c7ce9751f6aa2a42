//! Chapter 4's widget: gradient descent from a start the reader clicks, with the
//! crate's `gradient_descent` (the checked one, which `cargo run -- descent`
//! runs too: it stops where the function stops being finite).
#![forbid(unsafe_code)]

use ndarray::array;
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::{function_2, landscape};

/// The function the descent runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `x0² + x1²`, the chapter's bowl.
    Bowl,
    /// `gradient::landscape`: two valleys, a local minimum and saddle points.
    Landscape,
}

impl Surface {
    /// The surface numbered as the JavaScript numbers it (0: bowl, 1: landscape).
    pub fn from_number(n: u32) -> Option<Surface> {
        match n {
            0 => Some(Surface::Bowl),
            1 => Some(Surface::Landscape),
            _ => None,
        }
    }

    pub fn value(self, x0: f64, x1: f64) -> f64 {
        match self {
            Surface::Bowl => function_2(&array![x0, x1]),
            Surface::Landscape => landscape(&array![x0, x1]),
        }
    }
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
    let d = match surface {
        Surface::Bowl => gradient_descent(function_2, &init, lr, steps),
        Surface::Landscape => gradient_descent(landscape, &init, lr, steps),
    };
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

    #[test]
    fn on_the_landscape_a_start_on_x0_0_ends_at_a_saddle() {
        let (p, _) = path(Surface::Landscape, [0.0, 2.0], 0.1, 300).unwrap();
        let end = [p[p.len() - 2], p[p.len() - 1]];
        assert_eq!(end[0], 0.0);
        assert!((end[1] - 0.879).abs() < 1e-3, "{end:?}");
    }
}
