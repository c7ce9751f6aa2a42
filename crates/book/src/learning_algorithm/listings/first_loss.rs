//! Listing: the loss and accuracy of a network that has not learned yet.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use mnist::{LoadOptions, MnistError, load_mnist, subset_dir};
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), MnistError> {
    // The real digits shipped with the book; the first 100 training images.
    let options = LoadOptions { one_hot_label: true, ..LoadOptions::default() };
    let (train, _) = load_mnist(&subset_dir(), options)?;
    let batch = train.first(100);
    let (x, t) = (batch.images_2d().to_owned(), batch.one_hot());

    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::new(784, 50, 10, &mut rng);
    println!("loss before learning: {:.6} (ln 10 = {:.6})", net.loss(&x, &t), 10f64.ln());
    println!("accuracy before learning: {:?}", net.accuracy(&x, &t));
    Ok(())
}
// ANCHOR_END: listing

listing!("first-loss");

#[cfg(test)]
mod tests {
    #[test]
    fn the_loss_is_about_ln_10_and_the_accuracy_about_a_tenth() {
        let text = super::LISTING.output().unwrap();
        let first = text.lines().next().unwrap();
        let loss: f64 = first.split(' ').nth(3).unwrap().parse().unwrap();
        assert!((loss - 10f64.ln()).abs() < 0.05, "{text}");
        let accuracy: f64 =
            text.lines().nth(1).unwrap().rsplit(' ').next().unwrap().parse().unwrap();
        assert!(accuracy < 0.3, "{text}");
    }
}
