//! Listing: the numerical gradient of x0² + x1² at three points.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, numerical_gradient};

fn main() {
    for point in [array![3.0, 4.0], array![0.0, 2.0], array![3.0, 0.0]] {
        let grad = numerical_gradient(function_2, &point);
        println!("{:?}", grad.to_vec());
    }
}
// ANCHOR_END: listing

listing!("numerical-gradient");

#[cfg(test)]
mod tests {
    /// Reference file, "Gradient": the values in full, as Python's repr prints them.
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "[6.00000000000378, 7.999999999999119]\n[0.0, 4.000000000004]\n[6.000000000012662, 0.0]\n"
        );
    }
}
