//! Listing: where the divergent descent with lr = 10 stops, and why.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, gradient_descent, numerical_gradient};

fn main() {
    let (_, x_history) = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
    // Each step multiplies x by 1 - 2 * 10 = -19 ... until the numerical gradient dies:
    for step in [1, 2, 8, 9, 10, 11, 100] {
        let x = &x_history[step];
        let grad = numerical_gradient(function_2, x);
        println!("step {step:>3}: x = {:?}, gradient = {:?}", x.to_vec(), grad.to_vec());
    }
}
// ANCHOR_END: listing

listing!("why-lr-10-stops");

#[cfg(test)]
mod tests {
    #[test]
    fn the_gradient_is_zero_at_the_end() {
        let text = super::LISTING.output().unwrap();
        let last = text.lines().last().unwrap();
        assert!(last.starts_with("step 100:"), "{text}");
        assert!(last.ends_with("gradient = [0.0, 0.0]"), "{text}");
    }
}
