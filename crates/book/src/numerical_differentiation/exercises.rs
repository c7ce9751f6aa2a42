//! Exercises of chapter 3, "Numerical differentiation": the error of the forward
//! and central differences, the best step, and a partial derivative by hand.
//!
//! Edit the functions between the `ANCHOR` lines, then run
//! `cargo run -- exercise 3.1` (or 3.2, 3.3). The solutions are at the bottom.

use ndarray::Array1;

use crate::exercise::support::close;
use crate::exercise::{Check, Exercise, say, wrong};
use crate::plot::tr;
use crate::pyrepr::repr;
use nnlearn::gradient::numerical_gradient;
use nnlearn::numerical_diff::difference_errors;
use nnlearn::numerical_diff::{central_difference, forward_difference, function_1, numerical_diff};

pub const EXERCISES: &[Exercise] = &[
    Exercise {
        id: "3.1",
        chapter: "numerical-differentiation",
        title: "Predict the forward and central errors",
        title_zh: "预测前向差分和中心差分的误差",
        yours: || check_3_1(predicted_errors),
        solution: || check_3_1(solution::predicted_errors),
    },
    Exercise {
        id: "3.2",
        chapter: "numerical-differentiation",
        title: "Find the best step h",
        title_zh: "找出最好的步长 h",
        yours: || check_3_2(best_central_step),
        solution: || check_3_2(solution::best_central_step),
    },
    Exercise {
        id: "3.3",
        chapter: "numerical-differentiation",
        title: "A partial derivative of any function",
        title_zh: "任意函数的偏导数",
        yours: || check_3_3(|f, point, i| partial_derivative(f, point, i)),
        solution: || check_3_3(|f, point, i| solution::partial_derivative(f, point, i)),
    },
];

// ANCHOR: ex_3_1
/// Exercise 3.1: estimate the derivative of `f(x) = 0.01x² + 0.1x` at `x = 5`
/// (exactly 0.2) with the step `h = 1e-2`, by the forward difference
/// `(f(x + h) − f(x)) / h` and by the central difference
/// `(f(x + h) − f(x − h)) / 2h`. Predict the two errors `|estimate − 0.2|` and
/// return them as `(forward_error, central_error)`.
///
/// Hint: expand `f(x + h) − f(x)` by hand; it is a short computation.
pub fn predicted_errors() -> (f64, f64) {
    todo!("your prediction: (forward error, central error)")
}
// ANCHOR_END: ex_3_1

// ANCHOR: ex_3_2
/// Exercise 3.2: of the steps `h = 1e-1, 1e-2, ..., 1e-12`, which one gives the
/// central difference of `x³` at `x = 1` (exactly 3) the smallest error? Return
/// it. A guess from the figure of the chapter may be off by one step: compute
/// the errors with `nnlearn::numerical_diff::central_difference(|x| x * x * x, 1.0, h)`.
pub fn best_central_step() -> f64 {
    todo!("a step such as 1e-3")
}
// ANCHOR_END: ex_3_2

// ANCHOR: ex_3_3
/// Exercise 3.3: the partial derivative `∂f/∂x_i` at `point`, numerically: move
/// only element `i` of the point by `±h` (h = 1e-4), keep all the others fixed,
/// and take the central difference `(f(x + h) − f(x − h)) / 2h`.
#[allow(unused_variables)] // until you write the body
pub fn partial_derivative(f: impl Fn(&[f64]) -> f64, point: &[f64], i: usize) -> f64 {
    todo!("copy the point, move element i by +h and by -h, take the central difference")
}
// ANCHOR_END: ex_3_3

/// Checks both predictions against the crate's `forward_difference` and
/// `central_difference`.
fn check_3_1(predicted_errors: fn() -> (f64, f64)) -> Check {
    let (x, h, exact) = (5.0, 1e-2, 0.2);
    let forward = (forward_difference(function_1, x, h) - exact).abs();
    let central = (central_difference(function_1, x, h) - exact).abs();
    let (your_forward, your_central) = predicted_errors();
    close(tr("the forward difference's error", "前向差分的误差"), your_forward, forward, 1e-6)?;
    close(tr("the central difference's error", "中心差分的误差"), your_central, central, 1e-9)?;
    Ok(say!(
        "forward error {} (that is 0.01 h: (f(x + h) − f(x)) / h = 0.02x + 0.1 + 0.01h exactly), \
         central error {} (only rounding: for a quadratic the h terms cancel)",
        "前向差分的误差为 {}（即 0.01 h：(f(x + h) − f(x)) / h 恰好等于 0.02x + 0.1 + 0.01h），\
         中心差分的误差为 {}（只有舍入误差：对二次函数，含 h 的项互相抵消）",
        repr(forward),
        repr(central)
    ))
}

/// The candidate steps, 1e-1 to 1e-12, parsed from decimal text like the figure's.
fn candidate_steps() -> Vec<f64> {
    (1..=12).map(|k| format!("1e-{k}").parse().expect("a decimal number")).collect()
}

/// Checks the chosen step against the errors that the chapter's figure plots.
fn check_3_2(best_central_step: fn() -> f64) -> Check {
    let errors = difference_errors(1.0, &candidate_steps());
    let (best, _, best_error) =
        errors.iter().copied().min_by(|a, b| a.2.total_cmp(&b.2)).expect("twelve steps");
    let table: Vec<String> = errors
        .iter()
        .map(|(h, _, e)| say!("h = {h:e}: error {e:.1e}", "h = {h:e}：误差 {e:.1e}"))
        .collect();
    let answer = best_central_step();
    let same_step = (answer / best - 1.0).abs() <= 1e-9; // false for a NaN too
    if !same_step {
        return Err(wrong!(
            "expected h = {best:e}, got {answer:e}. The central difference's errors for x³ at 1:\n  {}",
            "期望 h = {best:e}，得到 {answer:e}。x³ 在 1 处的中心差分误差：\n  {}",
            table.join("\n  ")
        ));
    }
    Ok(say!(
        "h = {best:e}, error {best_error:.1e}: larger steps have more truncation error (h² here), \
         smaller ones more rounding error (about 1e-16 / h).\n  {}",
        "h = {best:e}，误差 {best_error:.1e}：步长更大，截断误差（这里与 h² 成正比）就更大；\
         步长更小，舍入误差（约 1e-16 / h）就更大。\n  {}",
        table.join("\n  ")
    ))
}

/// A partial derivative, as the check calls it.
type Partial = fn(&dyn Fn(&[f64]) -> f64, &[f64], usize) -> f64;

/// Checks the partial derivatives of `x0² + x1²` at (3, 4) against the chapter's
/// values, then of a function of three variables against `numerical_gradient`.
fn check_3_3(partial_derivative: Partial) -> Check {
    let f2 = |x: &[f64]| x[0] * x[0] + x[1] * x[1];
    // The chapter's way: fix the other variable, differentiate a function of one.
    let chapter = [
        numerical_diff(|x0| x0 * x0 + 4.0f64.powf(2.0), 3.0),
        numerical_diff(|x1| 3.0f64.powf(2.0) + x1 * x1, 4.0),
    ];
    let point = [3.0, 4.0];
    let mut exact = true;
    for (i, expected) in chapter.into_iter().enumerate() {
        let got = partial_derivative(&f2, &point, i);
        let what = say!("∂f/∂x{i} of x0² + x1² at (3, 4)", "x0² + x1² 在 (3, 4) 处的 ∂f/∂x{i}");
        close(&what, got, expected, 1e-6)?;
        exact &= got == expected;
    }
    let g = |x: &[f64]| x[0] * x[1] * x[1] + (x[2] / 2.0).exp();
    let at = Array1::from(vec![1.5, -2.0, 0.5]);
    let expected = numerical_gradient(|x: &Array1<f64>| g(x.as_slice().expect("contiguous")), &at);
    let slice = at.as_slice().expect("contiguous");
    for (i, &e) in expected.iter().enumerate() {
        let got = partial_derivative(&g, slice, i);
        let what = say!(
            "∂g/∂x{i} of g = x0 x1² + exp(x2 / 2) at (1.5, -2, 0.5)",
            "g = x0 x1² + exp(x2 / 2) 在 (1.5, -2, 0.5) 处的 ∂g/∂x{i}"
        );
        close(&what, got, e, 1e-6)?;
        exact &= got == e;
    }
    Ok(say!(
        "∂f/∂x0 = {}, ∂f/∂x1 = {} at (3, 4){}",
        "在 (3, 4) 处 ∂f/∂x0 = {}，∂f/∂x1 = {}{}",
        repr(chapter[0]),
        repr(chapter[1]),
        if exact {
            tr(", bit for bit as in the chapter", "，与本章的结果逐位相同")
        } else {
            tr(
                " (close; the chapter's h = 1e-4 gives the same bits)",
                "（很接近；用本章的 h = 1e-4 会得到逐位相同的结果）",
            )
        }
    ))
}

pub mod solution {
    use nnlearn::numerical_diff::central_difference;

    // ANCHOR: ex_3_1_solution
    /// Exercise 3.1: `(f(x + h) − f(x)) / h = 0.02x + 0.1 + 0.01h`, so the forward
    /// error is `0.01h = 1e-4`; in the central difference the `h` terms cancel.
    pub fn predicted_errors() -> (f64, f64) {
        (1e-4, 0.0)
    }
    // ANCHOR_END: ex_3_1_solution

    // ANCHOR: ex_3_2_solution
    /// Exercise 3.2: computed rather than guessed. Truncation error (`h²`) and
    /// rounding error (about `1e-16 / h`) balance near `h³ ≈ 1e-16`, between
    /// `1e-5` and `1e-6`; which of the two wins is decided by rounding.
    pub fn best_central_step() -> f64 {
        let error = |h: f64| (central_difference(|x| x * x * x, 1.0, h) - 3.0).abs();
        let steps = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12];
        steps.into_iter().min_by(|&a, &b| error(a).total_cmp(&error(b))).expect("twelve steps")
    }
    // ANCHOR_END: ex_3_2_solution

    // ANCHOR: ex_3_3_solution
    /// Exercise 3.3: the partial derivative `∂f/∂x_i` at `point`, numerically.
    pub fn partial_derivative(f: impl Fn(&[f64]) -> f64, point: &[f64], i: usize) -> f64 {
        let h = 1e-4;
        let mut x = point.to_vec();
        x[i] = point[i] + h;
        let fxh1 = f(&x);
        x[i] = point[i] - h;
        let fxh2 = f(&x);
        (fxh1 - fxh2) / (2.0 * h)
    }
    // ANCHOR_END: ex_3_3_solution
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solution_3_1_passes() {
        check_3_1(solution::predicted_errors).unwrap();
    }

    #[test]
    fn a_forward_error_of_h_is_rejected() {
        let err = check_3_1(|| (1e-2, 0.0)).unwrap_err().to_string();
        assert!(err.contains("forward"), "{err}");
    }

    #[test]
    fn solution_3_2_passes() {
        check_3_2(solution::best_central_step).unwrap();
    }

    #[test]
    fn the_smallest_step_is_not_the_best() {
        let err = check_3_2(|| 1e-12).unwrap_err().to_string();
        assert!(err.contains("h = 1e-12"), "{err}");
        assert!(check_3_2(|| f64::NAN).is_err());
    }

    #[test]
    fn solution_3_3_passes() {
        let message = check_3_3(|f, p, i| solution::partial_derivative(f, p, i)).unwrap();
        assert!(message.contains("bit for bit"), "{message}");
    }

    #[test]
    fn a_partial_derivative_that_ignores_i_is_rejected() {
        let err =
            check_3_3(|f, p, _| solution::partial_derivative(f, p, 0)).unwrap_err().to_string();
        assert!(err.contains("∂f/∂x1"), "{err}");
    }

    #[test]
    fn the_mistakes_are_named_in_chinese_too() {
        use crate::exercise::chinese_twin;
        let err = chinese_twin(|| check_3_1(|| (1e-2, 0.0)));
        assert!(err.starts_with("前向差分的误差：期望"), "{err}");
        let err = chinese_twin(|| check_3_2(|| 1e-3));
        assert!(err.contains("中心差分误差：\n  h = 1e-1：误差"), "{err}");
        let err = chinese_twin(|| check_3_3(|_, _, _| 0.0));
        assert!(err.starts_with("x0² + x1² 在 (3, 4) 处的 ∂f/∂x0：期望"), "{err}");
    }
}
