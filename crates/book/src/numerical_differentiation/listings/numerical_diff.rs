//! Listing: the numerical derivative of 0.01x² + 0.1x at 5 and 10.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::{function_1, numerical_diff};

fn main() {
    println!("{:?}", numerical_diff(function_1, 5.0));
    println!("{:?}", numerical_diff(function_1, 10.0));
}
// ANCHOR_END: listing

listing!("numerical-diff");

#[cfg(test)]
mod tests {
    /// Reference file, "Numerical differentiation".
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(super::LISTING.output().unwrap(), "0.1999999999990898\n0.2999999999986347\n");
    }
}
