//! Exercises of chapter 4, "Gradients": a learning rate that diverges, the
//! largest one that converges, and the gradient of the small network by formula.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 4.1` (or 4.2, 4.3). The solutions are at the bottom.

use ndarray::{Array1, Array2, array};

use crate::exercise::Exercise;
use crate::exercise::support::arrays_close;
use crate::pyrepr::{repr, repr_list};
use nnlearn::checked::gradient::gradient_descent;
use nnlearn::gradient::function_2;
use nnlearn::simple_net::{SimpleNet, book_weights};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "4.1",
        chapter: "gradients",
        title: "A learning rate that diverges",
        yours: || check_4_1(diverging_learning_rate),
        solution: || check_4_1(solution::diverging_learning_rate),
    },
    Exercise {
        id: "4.2",
        chapter: "gradients",
        title: "The largest learning rate that converges",
        yours: || check_4_2(largest_converging_learning_rate),
        solution: || check_4_2(solution::largest_converging_learning_rate),
    },
    Exercise {
        id: "4.3",
        chapter: "gradients",
        title: "The gradient of the network, by formula",
        yours: || check_4_3(simple_net_gradient),
        solution: || check_4_3(solution::simple_net_gradient),
    },
];

// ANCHOR: ex_4_1
/// Exercise 4.1: a learning rate with which gradient descent on `x0² + x1²`,
/// from `(-3, 4)`, ends farther from the minimum after 100 steps than it started
/// (the check asks for a distance above 6; the start is at 5).
pub fn diverging_learning_rate() -> f64 {
    todo!("a learning rate, such as 0.1 (which converges)")
}
// ANCHOR_END: ex_4_1

// ANCHOR: ex_4_2
/// Exercise 4.2: the largest learning rate with which gradient descent on
/// `x0² + x1²` still converges to the minimum. Work it out from what one step
/// does: the gradient of `x0² + x1²` is `(2x0, 2x1)`. Answers from 0.95 up to
/// (not including) the exact limit count as right.
pub fn largest_converging_learning_rate() -> f64 {
    todo!("a learning rate, from what one step x ← x − lr · 2x does")
}
// ANCHOR_END: ex_4_2

// ANCHOR: ex_4_3
/// Exercise 4.3: the gradient of the loss of the 2×3 network of the chapter,
/// `L = cross_entropy_error(softmax(x W), t)`, by its formula instead of
/// numerically:
///
/// `∂L/∂W = xᵀ (softmax(x W) − t)`, the 2×3 outer product of `x` and `y − t`.
#[allow(unused_variables)] // until you write the body
pub fn simple_net_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    todo!("y = softmax(x · W); then element [i, j] is x[i] · (y[j] − t[j])")
}
// ANCHOR_END: ex_4_3

/// The start of the chapter's descents, 5 from the minimum.
fn start() -> Array1<f64> {
    array![-3.0, 4.0]
}

/// The distance from the origin.
fn norm(x: &Array1<f64>) -> f64 {
    x.dot(x).sqrt()
}

/// Checks that a learning rate is one `gradient_descent` accepts.
fn positive(lr: f64) -> Result<f64, String> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(format!("a learning rate must be a positive finite number; got {}", repr(lr)))
    }
}

/// Runs the descent with the learning rate chosen and measures the distance.
fn check_4_1(diverging_learning_rate: fn() -> f64) -> Result<String, String> {
    let lr = positive(diverging_learning_rate())?;
    let descent = gradient_descent(function_2, &start(), lr, 100);
    let distance = norm(&descent.x);
    let stopped = match &descent.diverged_at {
        Some((step, why)) => format!(" (stopped at step {step}: {why})"),
        None => String::new(),
    };
    let story = format!(
        "with lr = {}, after 100 steps from (-3, 4) the point is {}, at distance {} from the \
         minimum{stopped}",
        repr(lr),
        repr_list(&descent.x),
        repr(distance)
    );
    if distance <= 6.0 {
        return Err(format!(
            "{story}: it did not diverge. Each step multiplies x by 1 − 2·lr = {}; for the point to \
             go away, that factor must be larger than 1 in size",
            repr(1.0 - 2.0 * lr)
        ));
    }
    Ok(format!(
        "{story}. Each step multiplies x by 1 − 2·lr = {}, larger than 1 in size.",
        repr(1.0 - 2.0 * lr)
    ))
}

/// The range of answers accepted for 4.2.
const ACCEPTED: std::ops::Range<f64> = 0.95..1.0;

/// Checks the answer with the crate's descent: it must converge, and be close to
/// the limit, where the descent stops converging.
fn check_4_2(largest_converging_learning_rate: fn() -> f64) -> Result<String, String> {
    let lr = positive(largest_converging_learning_rate())?;
    let steps = 1000;
    let distance = |lr: f64| norm(&gradient_descent(function_2, &start(), lr, steps).x);
    let at_limit = gradient_descent(function_2, &start(), 1.0, 2);
    let oscillation = format!(
        "at lr = 1 each step multiplies x by 1 − 2 = −1: the descent goes {} → {} → {} and so \
         on, forever at distance 5 (after {steps} steps: {})",
        repr_list(&at_limit.path[0]),
        repr_list(&at_limit.path[1]),
        repr_list(&at_limit.path[2]),
        repr(distance(1.0))
    );
    if lr >= ACCEPTED.end {
        return Err(format!(
            "lr = {} does not converge: after {steps} steps the distance is {}. The step is \
             x ← (1 − 2 lr) x, which shrinks x only while |1 − 2 lr| < 1; {oscillation}",
            repr(lr),
            repr(distance(lr))
        ));
    }
    let reached = distance(lr);
    if lr < ACCEPTED.start {
        return Err(format!(
            "lr = {} converges (after {steps} steps the distance is {}), but larger rates do too. \
             The step is x ← (1 − 2 lr) x: find where |1 − 2 lr| reaches 1",
            repr(lr),
            repr(reached)
        ));
    }
    Ok(format!(
        "lr = {} converges (after {steps} steps the distance is {}): the step x ← (1 − 2 lr) x \
         shrinks x while |1 − 2 lr| < 1, that is for 0 < lr < 1. The limit itself does not \
         converge: {oscillation}",
        repr(lr),
        repr(reached)
    ))
}

/// A gradient of the network's loss: `(W, x, t) → ∂L/∂W`.
type Gradient = fn(&Array2<f64>, &Array1<f64>, &Array1<f64>) -> Array2<f64>;

/// Checks the formula against the numerical gradient of `SimpleNet`.
fn check_4_3(simple_net_gradient: Gradient) -> Result<String, String> {
    let cases = [
        (
            "the book's weights",
            SimpleNet { w: book_weights() },
            array![0.6, 0.9],
            array![0.0, 0.0, 1.0],
        ),
        ("weights of seed 1", SimpleNet::new(1), array![0.6, 0.9], array![0.0, 0.0, 1.0]),
        ("weights of seed 2", SimpleNet::new(2), array![-1.2, 0.4], array![1.0, 0.0, 0.0]),
    ];
    let mut worst = 0.0f64;
    for (name, net, x, t) in cases {
        let numerical = net.gradient(&x, &t);
        let yours = simple_net_gradient(&net.w, &x, &t);
        let what = format!("∂L/∂W with {name}, x = {}, t = {}", repr_list(&x), repr_list(&t));
        arrays_close(&what, &yours, &numerical, 1e-6)?;
        worst = yours.iter().zip(&numerical).fold(worst, |m, (a, b)| m.max((a - b).abs()));
    }
    Ok(format!(
        "within {worst:.1e} of the numerical gradient, never exactly equal: the loss takes \
         ln(y + 1e-7), whose slope 1/(y + 1e-7) is not quite the 1/y of the formula, and the \
         central difference rounds"
    ))
}

pub mod solution {
    use ndarray::{Array1, Array2, Axis};

    use nnlearn::activation::softmax;

    // ANCHOR: ex_4_1_solution
    /// Exercise 4.1: each step multiplies x by `1 − 2·lr`; with `lr = 10` that is
    /// −19, and the point flies away.
    pub fn diverging_learning_rate() -> f64 {
        10.0
    }
    // ANCHOR_END: ex_4_1_solution

    // ANCHOR: ex_4_2_solution
    /// Exercise 4.2: `x ← x − lr · 2x = (1 − 2 lr) x` shrinks `x` while
    /// `|1 − 2 lr| < 1`, that is `0 < lr < 1`. At `lr = 1` it flips `x` forever.
    pub fn largest_converging_learning_rate() -> f64 {
        0.99
    }
    // ANCHOR_END: ex_4_2_solution

    // ANCHOR: ex_4_3_solution
    /// Exercise 4.3: `∂L/∂W = xᵀ (softmax(x W) − t)`.
    pub fn simple_net_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        let error = softmax(&x.dot(w)) - t; // y − t, one per output
        let column = x.view().insert_axis(Axis(1)); // x as a 2×1 matrix
        let row = error.view().insert_axis(Axis(0)); // y − t as a 1×3 matrix
        column.dot(&row) // 2×1 times 1×3: the 2×3 outer product
    }
    // ANCHOR_END: ex_4_3_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_4_1_passes() {
        check_4_1(solution::diverging_learning_rate).unwrap();
    }

    #[test]
    fn a_converging_rate_is_rejected() {
        let err = check_4_1(|| 0.1).unwrap_err();
        assert!(err.contains("did not diverge"), "{err}");
        assert!(check_4_1(|| 1.0).is_err(), "lr = 1 oscillates at distance 5");
        assert!(check_4_1(|| -1.0).unwrap_err().contains("positive"));
    }

    #[test]
    fn solution_4_2_passes() {
        check_4_2(solution::largest_converging_learning_rate).unwrap();
    }

    #[test]
    fn the_limit_itself_and_small_rates_are_rejected() {
        let err = check_4_2(|| 1.0).unwrap_err();
        assert!(err.contains("does not converge"), "{err}");
        let err = check_4_2(|| 0.5).unwrap_err();
        assert!(err.contains("larger rates do too"), "{err}");
    }

    #[test]
    fn solution_4_3_passes() {
        check_4_3(solution::simple_net_gradient).unwrap();
    }

    #[test]
    fn a_gradient_without_t_is_rejected() {
        let err = check_4_3(|w, x, _| {
            let y = nnlearn::activation::softmax(&x.dot(w));
            Array2::from_shape_fn((2, 3), |(i, j)| x[i] * y[j])
        })
        .unwrap_err();
        assert!(err.contains("∂L/∂W with the book's weights"), "{err}");
    }
}
