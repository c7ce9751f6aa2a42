//! Listing: how many different images one epoch of the book's run sees.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use std::collections::HashSet;

use nnlearn::two_layer_net::TwoLayerNet;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    // The random numbers of the book's run: its seed, and the network drawn first.
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let _network = TwoLayerNet::new(784, 50, 10, &mut rng);
    let (train_size, batch_size, iter_per_epoch) = (60000, 100, 600);
    // The mini-batches of the first epoch, as the training loop draws them.
    let mut seen = HashSet::new();
    for _ in 0..iter_per_epoch * batch_size {
        seen.insert(rng.random_range(0..train_size));
    }
    let share = seen.len() as f64 / train_size as f64;
    println!(
        "draws: {}, distinct images: {} ({:.2}%)",
        iter_per_epoch * batch_size,
        seen.len(),
        100.0 * share
    );
    let expected = 1.0 - (1.0 - 1.0 / train_size as f64).powi(train_size);
    println!(
        "expected: 1 - (1 - 1/60000)^60000 = {expected:.4}, about 1 - 1/e = {:.4}",
        1.0 - (-1f64).exp()
    );
}
// ANCHOR_END: listing

listing!("distinct-per-epoch");

#[cfg(test)]
mod tests {
    use nnlearn::train::{Data, TrainConfig};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The listing draws the very batches of the training loop: after
    /// `TwoLayerNet::new`, the loop's first draws are the listing's. Checked on a
    /// tiny run whose training images are all different, by the rows it picked:
    /// a run of one iteration with learning rate 0 would not move, so the loss
    /// after it is the loss on exactly the drawn batch.
    #[test]
    fn the_draws_are_the_training_loops() {
        let n = 50;
        let labels: Vec<usize> = (0..n).map(|i| i % 10).collect();
        let x = ndarray::Array2::from_shape_fn((n, 784), |(i, j)| {
            ((i * 31 + j * 7) % 17) as f64 / 17.0
        });
        let t = nnlearn::loss::one_hot(&labels, 10);
        let data =
            Data { x_train: x.clone(), t_train: t.clone(), x_test: x.clone(), t_test: t.clone() };
        let config = TrainConfig {
            iters_num: 1,
            batch_size: 7,
            learning_rate: 1e-300,
            hidden_size: 3,
            seed: 2026,
            ..TrainConfig::default()
        };
        let (net, log) = nnlearn::train::train(&config, &data);
        let mut rng = ChaCha8Rng::seed_from_u64(2026);
        let _ = nnlearn::two_layer_net::TwoLayerNet::new(784, 3, 10, &mut rng);
        let mask: Vec<usize> = (0..7).map(|_| rng.random_range(0..n)).collect();
        let batch = |a: &ndarray::Array2<f64>| a.select(ndarray::Axis(0), &mask);
        assert_eq!(log.train_loss_list[0], net.loss(&batch(&x), &batch(&t)));
    }

    #[test]
    fn an_epoch_sees_about_63_percent_of_the_images() {
        let text = super::LISTING.output().unwrap();
        let share: f64 =
            text.split('(').nth(1).unwrap().split('%').next().unwrap().parse().unwrap();
        assert!((62.5..64.0).contains(&share), "{text}");
    }
}
