//! Listing: why a step of 1e-50 gives a derivative of exactly 0.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::{function_1, numerical_diff_bad};

fn main() {
    // In f32, 1e-50 is below the smallest representable number: it becomes 0.
    println!("1e-50 as f32: {:?}", 1e-50_f32);
    // In f64 it exists, but next to 5 it is far below the last digit of 5.0:
    let (x, h) = (5.0_f64, 1e-50);
    println!("5 + 1e-50 == 5: {}", x + h == x);
    // So f(x + h) - f(x) is exactly 0, and so is the "derivative".
    println!("numerical_diff_bad(f, 5) = {:?}", numerical_diff_bad(function_1, 5.0));
}
// ANCHOR_END: listing

listing!("rounding-trap");

#[cfg(test)]
mod tests {
    #[test]
    fn the_bad_difference_is_exactly_zero() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "1e-50 as f32: 0.0\n5 + 1e-50 == 5: true\nnumerical_diff_bad(f, 5) = 0.0\n"
        );
    }
}
