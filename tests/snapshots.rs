//! Snapshots (insta) of the chapter 4 experiments, kept in `snapshots/`.
//!
//! The values are rounded to six significant digits, and `-0` is written `0`, so
//! that a different CPU or libm cannot change a snapshot; the exact, bit-level
//! values are asserted separately, in the unit tests of `src/gradient.rs`.
//! After an intended change: `scripts/regen` (or `INSTA_UPDATE=always cargo test`).

use ndarray::{Array1, Array2, array};
use nnlearn::gradient::{function_2, gradient_descent, numerical_gradient_rows};

/// The grid of the gradient field of chapter 4: `np.arange(-2, 2.5, 0.25)` in
/// both directions, one point (x0, x1) per row, x0 varying fastest.
fn field_points() -> Array2<f64> {
    let axis: Vec<f64> = (0..18).map(|i| -2.0 + i as f64 * 0.25).collect();
    let mut points = Array2::zeros((axis.len() * axis.len(), 2));
    for (i, &x1) in axis.iter().enumerate() {
        for (j, &x0) in axis.iter().enumerate() {
            points.row_mut(i * axis.len() + j).assign(&array![x0, x1]);
        }
    }
    points
}

/// Six significant digits, and no negative zero.
fn rounded(x: f64) -> String {
    if x == 0.0 { "0".to_string() } else { format!("{x:.5e}") }
}

fn point(x: &Array1<f64>) -> String {
    format!("({}, {})", rounded(x[0]), rounded(x[1]))
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        });
    };
}

#[test]
fn descent_ends_near_the_minimum() {
    let (x, _) = gradient_descent(function_2, &array![-3.0, 4.0], 0.1, 100);
    snapshot!("descent_lr_0.1_100_steps", point(&x));
}

#[test]
fn descent_paths_for_three_learning_rates() {
    let mut text = String::new();
    for lr in [10.0, 0.1, 1e-10] {
        let (_, x_history) = gradient_descent(function_2, &array![-3.0, 4.0], lr, 100);
        text.push_str(&format!("lr = {lr:e}\n"));
        for (step, x) in x_history.iter().enumerate() {
            text.push_str(&format!("{step:>3} {}\n", point(x)));
        }
    }
    snapshot!("descent_paths", text);
}

#[test]
fn gradient_field_sample() {
    let points = field_points();
    let grad = numerical_gradient_rows(function_2, &points);
    let mut text = String::new();
    // Every 7th point of the 18 x 18 grid: 47 arrows, from both halves and the axes.
    for (p, g) in points.rows().into_iter().zip(grad.rows()).step_by(7) {
        text.push_str(&format!("at {} gradient {}\n", point(&p.to_owned()), point(&g.to_owned())));
    }
    snapshot!("gradient_field_sample", text);
}
