//! Listing: the shapes of the parameters of a 784-100-10 network.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::new(784, 100, 10, &mut rng);
    println!("W1 {:?}", net.params.w1.shape());
    println!("b1 {:?}", net.params.b1.shape());
    println!("W2 {:?}", net.params.w2.shape());
    println!("b2 {:?}", net.params.b2.shape());
}
// ANCHOR_END: listing

listing!("two-layer-net-shapes");

#[cfg(test)]
mod tests {
    /// The shapes of the original book's example, with 100 hidden neurons.
    #[test]
    fn shapes_match_the_book() {
        assert_eq!(
            super::LISTING.output().unwrap(),
            "W1 [784, 100]\nb1 [100]\nW2 [100, 10]\nb2 [10]\n"
        );
    }
}
