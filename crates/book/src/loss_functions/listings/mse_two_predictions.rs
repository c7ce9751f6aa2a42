//! Listing: the mean squared error of the chapter's two outputs.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::loss::mean_squared_error;

fn main() {
    // The correct answer is "2" (one-hot: a 1 at index 2).
    let t = array![0., 0., 1., 0., 0., 0., 0., 0., 0., 0.];
    // y1: the network thinks "2" is most likely (0.6).
    let y1 = array![0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0];
    // y2: the network thinks "7" is most likely (0.6).
    let y2 = array![0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];

    println!("{:?}", mean_squared_error(&y1, &t));
    println!("{:?}", mean_squared_error(&y2, &t));
}
// ANCHOR_END: listing

listing!("mse-two-predictions");

#[cfg(test)]
mod tests {
    /// The values printed by the original NumPy code (reference file).
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(super::LISTING.output().unwrap(), "0.09750000000000003\n0.5975\n");
    }
}
