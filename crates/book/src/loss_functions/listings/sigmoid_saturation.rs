//! Listing: where the sigmoid's slope becomes exactly 0 in f64.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::activation::{sigmoid, sigmoid_grad};

fn main() {
    println!("     x   sigmoid(x)               slope");
    for x in [0.0, 5.0, 20.0, 36.0, 37.0, -36.0, -700.0, -710.0] {
        println!("{x:>6} {:<24?} {:?}", sigmoid(x), sigmoid_grad(x));
    }
}
// ANCHOR_END: listing

listing!("sigmoid-saturation");

#[cfg(test)]
mod tests {
    use nnlearn::activation::{sigmoid, sigmoid_grad};

    /// What the chapter says: from x = 37 on, σ(x) rounds to exactly 1 and the
    /// slope is exactly 0; below x = −709.8, exp(−x) overflows, σ(x) is 0 and so
    /// is the slope; in between the slope is tiny but not 0.
    #[test]
    fn the_slope_is_exactly_zero_where_the_sigmoid_saturates() {
        assert!(sigmoid_grad(36.0) > 0.0);
        assert_eq!(sigmoid(37.0), 1.0);
        assert_eq!(sigmoid_grad(37.0), 0.0);
        assert!(sigmoid_grad(-700.0) > 0.0);
        assert_eq!(sigmoid(-710.0), 0.0);
        assert_eq!(sigmoid_grad(-710.0), 0.0);
        let text = super::LISTING.output().unwrap();
        assert_eq!(text.lines().count(), 9, "{text}");
    }
}
