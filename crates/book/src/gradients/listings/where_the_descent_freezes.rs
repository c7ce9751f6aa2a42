//! Listing: where the divergent descent (lr = 10) freezes, coordinate by coordinate.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, gradient_descent, numerical_gradient};

fn main() {
    let h = 1e-4;
    // Near x, f64 numbers are x.next_up() - x apart; once that is more than 2h,
    // x + h and x - h both round back to x.
    for x in [2f64.powi(39), 2f64.powi(40), 1.1e12, 1.3e12] {
        let (up, down) = (x + h == x, x - h == x);
        println!(
            "x = {x:.4e}: spacing {:.2e}, x + h == x: {up}, x - h == x: {down}",
            x.next_up() - x
        );
    }
    let (_, x_history) = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
    for (step, x) in x_history.iter().enumerate().skip(7).take(5) {
        let grad = numerical_gradient(function_2, x);
        let frozen = x.mapv(|v| v + h == v && v - h == v);
        println!("step {step:>2}: x = {x:.4e}, frozen {frozen}");
        println!("         gradient {grad:.4e}, true gradient 2x = {:.4e}", 2.0 * x);
    }
}
// ANCHOR_END: listing

listing!("where-the-descent-freezes");

#[cfg(test)]
mod tests {
    use ndarray::array;
    use nnlearn::gradient::{function_2, gradient_descent, numerical_gradient};

    /// What the chapter says: x ± 1e-4 rounds back to x for |x| > 2^40 (about
    /// 1.1e12); x1 freezes first, near 1.3e12, x0 a step later; and the
    /// gradient is already wrong before either freezes.
    #[test]
    fn each_coordinate_freezes_past_2_to_the_40() {
        let h = 1e-4;
        let frozen = |v: f64| v + h == v && v - h == v;
        assert!(!frozen(2f64.powi(39)) && !frozen(2f64.powi(40)));
        assert!(frozen(2f64.powi(40).next_up()) && frozen(2f64.powi(41)));
        let (_, history) = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
        let first_frozen = |i: usize| history.iter().position(|x| frozen(x[i])).unwrap();
        let (step0, step1) = (first_frozen(0), first_frozen(1));
        assert_eq!(step0, step1 + 1);
        assert!((1.2e12..1.4e12).contains(&history[step1][1].abs()), "{}", history[step1][1]);
        // From the step where x1 freezes on, nothing moves x1 again.
        assert!(history[step1..].iter().all(|x| x[1] == history[step1][1]));
        // Before x0 freezes its gradient is already wrong: 2% off two steps before,
        // 42% off the step before, which throws x0 to 2.6e13 instead of 1.7e13.
        let error = |step: usize| {
            let x = &history[step];
            numerical_gradient(function_2, x)[0] / (2.0 * x[0]) - 1.0
        };
        assert!(error(step0 - 2).abs() > 0.01, "{}", error(step0 - 2));
        assert!(error(step0 - 1).abs() > 0.3, "{}", error(step0 - 1));
        let text = super::LISTING.output().unwrap();
        assert!(text.contains("frozen [false, true]"), "{text}");
    }
}
