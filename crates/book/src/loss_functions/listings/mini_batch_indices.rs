//! Listing: ten indices of a random mini-batch.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    let train_size = 60000; // MNIST has 60000 training images
    let batch_size = 10;
    // A seeded, portable generator: the same indices on every machine.
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    // Like np.random.choice(train_size, batch_size): uniform, with replacement.
    let batch_mask: Vec<usize> = (0..batch_size).map(|_| rng.random_range(0..train_size)).collect();
    println!("{batch_mask:?}");
}
// ANCHOR_END: listing

listing!("mini-batch-indices");

#[cfg(test)]
mod tests {
    #[test]
    fn indices_are_in_range_and_seeded() {
        let text = super::LISTING.output().unwrap();
        assert_eq!(text, super::LISTING.output().unwrap());
        let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
        let indices: Vec<usize> = inner.split(", ").map(|s| s.parse().unwrap()).collect();
        assert_eq!(indices.len(), 10);
        assert!(indices.iter().all(|&i| i < 60000));
    }
}
