//! Listing: the cross-entropy of a mini-batch of two, with one-hot and label targets.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Axis, array, stack};
use nnlearn::loss::{cross_entropy_error_batch, cross_entropy_error_labels, one_hot};

fn main() {
    let y1 = array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    let y2 = array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
    // A mini-batch of two outputs: one row per image, shape (2, 10).
    let y = stack![Axis(0), y1, y2];

    // Targets as one-hot rows ...
    let t = one_hot(&[2, 2], 10);
    println!("one-hot: {:?}", cross_entropy_error_batch(&y, &t));
    // ... or as labels: the same loss.
    println!("labels:  {:?}", cross_entropy_error_labels(&y, &[2, 2]));
}
// ANCHOR_END: listing

listing!("batch-cross-entropy");

#[cfg(test)]
mod tests {
    /// The value printed by the original NumPy code (reference file), both ways.
    #[test]
    fn prints_the_reference_value_twice() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "one-hot: 1.406704775046942\nlabels:  1.406704775046942\n"
        );
    }
}
