//! Listing: a hundred steps of gradient descent from (-3, 4).
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, gradient_descent};

fn main() {
    let init_x = array![-3.0, 4.0];
    let (x, _) = gradient_descent(function_2, &init_x, 0.1, 100);
    println!("{:?}", x.to_vec());
}
// ANCHOR_END: listing

listing!("gradient-descent");

#[cfg(test)]
mod tests {
    /// Reference file, "Gradient descent", lr = 0.1.
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "[-6.111107928998789e-10, 8.148143905314271e-10]\n"
        );
    }
}
