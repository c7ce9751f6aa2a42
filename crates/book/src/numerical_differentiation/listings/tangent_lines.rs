//! Listing: the tangents of 0.01x² + 0.1x at 5 and 10.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::{function_1, tangent_line};

fn main() {
    for x in [5.0, 10.0] {
        let (slope, intercept) = tangent_line(function_1, x);
        let y = function_1(x);
        println!("at x = {x}: f(x) = {y:?}, slope {slope:?}, intercept {intercept:?}");
    }
}
// ANCHOR_END: listing

listing!("tangent-lines");

#[cfg(test)]
mod tests {
    /// Reference file, "Numerical differentiation": the tangents.
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "at x = 5: f(x) = 0.75, slope 0.1999999999990898, intercept -0.24999999999544897\n\
             at x = 10: f(x) = 2.0, slope 0.2999999999986347, intercept -0.9999999999863469\n"
        );
    }
}
