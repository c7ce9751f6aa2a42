//! Listing: the gradient of softmax + cross-entropy with respect to the scores is
//! (y - t) / N, checked with chapter 4's numerical gradient.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Array2, array};
use nnlearn::activation::softmax_batch;
use nnlearn::gradient::numerical_gradient;
use nnlearn::loss::{cross_entropy_error_batch, one_hot};

fn main() {
    // The scores a2 of a batch of three images, and their one-hot targets.
    let a2 = array![[0.3, 2.9, 4.0], [-1.0, 0.5, 0.2], [2.0, 1.0, 0.1]];
    let t = one_hot(&[2, 1, 0], 3);
    let batch_size = a2.nrows() as f64;
    // The loss as a function of the scores alone: softmax, then cross-entropy.
    let loss = |a: &Array2<f64>| cross_entropy_error_batch(&softmax_batch(a), &t);

    let numerical = numerical_gradient(loss, &a2);
    let formula = (softmax_batch(&a2) - &t) / batch_size;
    println!("numerical:\n{numerical:.6}");
    println!("(y - t) / N:\n{formula:.6}");
    let largest = (&numerical - &formula).mapv(f64::abs).fold(0.0, |m: f64, &d| m.max(d));
    println!("largest difference: {largest:.1e}");
}
// ANCHOR_END: listing

listing!("softmax-loss-gradient");

#[cfg(test)]
mod tests {
    #[test]
    fn the_formula_agrees_with_the_numerical_gradient() {
        let text = super::LISTING.output().unwrap();
        let last = text.lines().last().unwrap();
        let difference: f64 = last.rsplit(' ').next().unwrap().parse().unwrap();
        assert!(difference < 1e-6, "{text}");
        assert!(difference > 0.0, "the 1e-7 of the loss makes them differ a little: {text}");
    }
}
