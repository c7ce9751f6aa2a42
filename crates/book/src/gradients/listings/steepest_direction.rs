//! Listing: on the elongated bowl at (1, 1), the slope along the negative gradient
//! and along the direction to the minimum.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Array1, array};
use nnlearn::gradient::{elongated_bowl, numerical_gradient};

fn main() {
    let x = array![1.0, 1.0];
    let grad = numerical_gradient(elongated_bowl, &x);
    println!("gradient at (1, 1): {:?}", grad.to_vec());
    let unit = |d: Array1<f64>| &d / d.dot(&d).sqrt(); // length 1
    let directions =
        [("towards the minimum", unit(array![-1.0, -1.0])), ("along -gradient", unit(-&grad))];
    for (name, d) in directions {
        let s = 1e-6; // a short step of length s along d
        let slope = (elongated_bowl(&(&x + s * &d)) - elongated_bowl(&x)) / s;
        println!("{name:<19} d = [{:>7.4}, {:>7.4}]  f changes by {slope:.3} per unit", d[0], d[1]);
    }
}
// ANCHOR_END: listing

listing!("steepest-direction");

#[cfg(test)]
mod tests {
    /// ∇f(1, 1) = (2, 20); the slope along a unit d is ∇f · d: −22/√2 ≈ −15.556
    /// towards the origin, −‖∇f‖ = −√404 ≈ −20.100 along −∇f.
    #[test]
    fn the_negative_gradient_is_steeper_than_the_way_to_the_minimum() {
        let text = super::LISTING.output().unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("gradient at (1, 1): [2.0000000000"), "{text}");
        let towards = format!("{:.3} per unit", -22.0 / 2f64.sqrt());
        let steepest = format!("{:.3} per unit", -(404f64.sqrt()));
        assert!(lines[1].ends_with(&towards), "{text} {towards}");
        assert!(lines[2].ends_with(&steepest), "{text} {steepest}");
    }
}
