//! Listing: the two partial derivatives of x0² + x1² at (3, 4).
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::numerical_diff;

fn main() {
    // ∂f/∂x0 at (3, 4): fix x1 = 4 and differentiate in x0 alone.
    let function_tmp1 = |x0: f64| x0 * x0 + 4.0f64.powi(2);
    // ∂f/∂x1 at (3, 4): fix x0 = 3 and differentiate in x1 alone.
    let function_tmp2 = |x1: f64| 3.0f64.powi(2) + x1 * x1;

    println!("{:?}", numerical_diff(function_tmp1, 3.0));
    println!("{:?}", numerical_diff(function_tmp2, 4.0));
}
// ANCHOR_END: listing

listing!("partial-derivatives");

#[cfg(test)]
mod tests {
    /// Reference file, "Partial derivatives".
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(super::LISTING.output().unwrap(), "6.00000000000378\n7.999999999999119\n");
    }
}
