//! Listing: the nine points where the landscape's gradient is 0, and their kinds.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::gradient::{eigenvalues_2x2, hessian, landscape, landscape_critical_points};

fn main() {
    for (x, kind) in landscape_critical_points() {
        let (low, high) = eigenvalues_2x2(&hessian(landscape, &x));
        println!(
            "({:>6.3}, {:>6.3})  f = {:>6.3}  curvatures {low:>6.3}, {high:>6.3}: {kind:?}",
            x[0],
            x[1],
            landscape(&x)
        );
    }
}
// ANCHOR_END: listing

listing!("critical-points");

#[cfg(test)]
mod tests {
    /// The kinds against the exact Hessian diag(3x0² − 1, 3x1² − 1): the test
    /// beside `landscape_critical_points` checks the points; here, the printed
    /// table: 2 global and 2 local minima, 4 saddles, 1 maximum, and the values
    /// f = −0.709 (global) and −0.311 (local) that the review recomputed.
    #[test]
    fn prints_nine_points_of_the_right_kinds() {
        let text = super::LISTING.output().unwrap();
        let count = |kind: &str| text.lines().filter(|l| l.ends_with(kind)).count();
        assert_eq!((count("Minimum"), count("SaddlePoint"), count("Maximum")), (4, 4, 1), "{text}");
        assert_eq!(text.matches("f = -0.709").count(), 2, "{text}");
        assert_eq!(text.matches("f = -0.311").count(), 2, "{text}");
        let max = text.lines().find(|l| l.ends_with("Maximum")).unwrap();
        assert!(max.starts_with("( 0.000,  0.209)"), "{text}");
    }
}
