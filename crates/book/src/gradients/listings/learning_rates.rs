//! Listing: gradient descent with a learning rate too large and one too small.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::array;
use nnlearn::gradient::{function_2, gradient_descent};

fn main() {
    let init_x = array![-3.0, 4.0];
    for lr in [10.0, 1e-10] {
        let (x, _) = gradient_descent(function_2, &init_x, lr, 100);
        println!("lr = {lr:e}: {:?}", x.to_vec());
    }
}
// ANCHOR_END: listing

listing!("learning-rates");

#[cfg(test)]
mod tests {
    /// Reference file, "Gradient descent", lr = 10 and lr = 1e-10.
    #[test]
    fn prints_the_reference_values() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "lr = 1e1: [-25898374737328.363, -1295248616896.5398]\n\
             lr = 1e-10: [-2.999999939999995, 3.9999999199999934]\n"
        );
    }
}
