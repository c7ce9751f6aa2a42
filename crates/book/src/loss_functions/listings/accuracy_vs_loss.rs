//! Listing: a one-weight classifier nudged a little at a time: its accuracy does
//! not move, its loss does. (The chapter's figure draws the same two functions.)
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Array1, Axis, stack};
use nnlearn::activation::sigmoid;
use nnlearn::loss::cross_entropy_error_labels;

/// Accuracy and loss of a classifier with one weight `w` on twenty points `x`
/// evenly spaced on [-1, 1], of class 1 when `x > 0.3`. It gives class 1 the
/// probability `sigmoid(10 (x - w))`, so `w` is where it changes its mind.
pub fn accuracy_and_loss(w: f64) -> (f64, f64) {
    let x = Array1::linspace(-1.0, 1.0, 20);
    let t: Vec<usize> = x.iter().map(|&x| usize::from(x > 0.3)).collect();
    let p1 = x.mapv(|x| sigmoid(10.0 * (x - w)));
    let y = stack![Axis(1), p1.mapv(|p| 1.0 - p), p1]; // one row (p0, p1) per point
    let predicted = p1.iter().map(|&p| usize::from(p > 0.5));
    let correct = predicted.zip(&t).filter(|(p, t)| p == *t).count();
    (correct as f64 / 20.0, cross_entropy_error_labels(&y, &t))
}

fn main() {
    println!("   w    accuracy   loss");
    for w in [0.0, 0.01, 0.02, 0.03, 0.04] {
        let (accuracy, loss) = accuracy_and_loss(w);
        println!("{w:.2}    {accuracy:.2}      {loss:.6}");
    }
}
// ANCHOR_END: listing

listing!("accuracy-vs-loss");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accuracy_is_flat_where_the_loss_moves() {
        let (a0, l0) = accuracy_and_loss(0.0);
        let (a1, l1) = accuracy_and_loss(0.04);
        assert_eq!(a0, a1, "accuracy does not react to the small change");
        assert!(l1 < l0, "the loss does, and falls towards the true threshold 0.3");
        assert_eq!(accuracy_and_loss(0.3).0, 1.0);
    }
}
