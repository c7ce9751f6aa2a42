//! Listing: the first-order prediction ΔL ≈ −η‖∇f‖² against the actual change of
//! f, for growing learning rates, at one point.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, numerical_gradient};

fn main() {
    let x = array![-3.0, 4.0];
    let grad = numerical_gradient(function_2, &x); // (-6, 8)
    let squared_length = grad.dot(&grad); // ‖∇f‖² = 100
    for lr in [0.001, 0.01, 0.1, 0.5, 1.0, 10.0] {
        let predicted = -lr * squared_length; // ∇f · Δx, with Δx = -lr ∇f
        let step = &x - lr * &grad; // one step of gradient descent
        let actual = function_2(&step) - function_2(&x);
        println!("lr = {lr:<5}  predicted {predicted:>9.3}  actual {actual:>9.3}");
    }
}
// ANCHOR_END: listing

listing!("first-order");

#[cfg(test)]
mod tests {
    /// Exactly, f(x − η∇f) − f(x) = 25((1 − 2η)² − 1) = −100η + 100η² at (−3, 4):
    /// the prediction −100η misses the term 100η², negligible only for small η.
    #[test]
    fn prints_the_prediction_and_the_exact_change() {
        let text = super::LISTING.output().unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text}");
        for (line, lr) in lines.iter().zip([0.001, 0.01, 0.1, 0.5, 1.0, 10.0]) {
            let numbers: Vec<f64> =
                line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
            let (predicted, actual) = (numbers[1], numbers[2]);
            assert!((predicted + 100.0 * lr).abs() < 1e-3, "{line}");
            assert!((actual - (-100.0 * lr + 100.0 * lr * lr)).abs() < 1e-3, "{line}");
        }
        assert!(lines[5].ends_with("9000.000"), "lr = 10 raises f by 9000: {text}");
    }
}
