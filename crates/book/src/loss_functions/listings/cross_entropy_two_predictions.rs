//! Listing: the cross-entropy error of the chapter's two outputs.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::loss::cross_entropy_error;

fn main() {
    let t = array![0., 0., 1., 0., 0., 0., 0., 0., 0., 0.];
    let y1 = array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    let y2 = array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];

    println!("{:?}", cross_entropy_error(&y1, &t));
    println!("{:?}", cross_entropy_error(&y2, &t));
    // Without the 1e-7 inside the logarithm, for comparison:
    println!("{:?} {:?}", -(0.6f64).ln(), -(0.1f64).ln());
}
// ANCHOR_END: listing

listing!("cross-entropy-two-predictions");

#[cfg(test)]
mod tests {
    /// The values printed by the original NumPy code (reference file).
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "0.510825457099338\n2.302584092994546\n0.5108256237659907 2.3025850929940455\n"
        );
    }
}
