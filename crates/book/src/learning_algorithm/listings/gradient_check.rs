//! Listing: the numerical gradient against backpropagation, on three images.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use mnist::{LoadOptions, MnistError, load_mnist, subset_dir};
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), MnistError> {
    let options = LoadOptions { one_hot_label: true, ..LoadOptions::default() };
    let (train, _) = load_mnist(&subset_dir(), options)?;
    let batch = train.first(3); // three images, as the original's gradient check
    let (x, t) = (batch.images_2d().to_owned(), batch.one_hot());
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::new(784, 10, 10, &mut rng);

    let numerical = net.numerical_gradient(&x, &t);
    let backprop = net.gradient(&x, &t);
    for ((name, n), (_, b)) in numerical.named().into_iter().zip(backprop.named()) {
        let mean_difference = (&n - &b).mapv(f64::abs).mean().unwrap_or(0.0);
        println!("{name}: mean |numerical - backprop| = {mean_difference:.1e}");
    }
    Ok(())
}
// ANCHOR_END: listing

listing!("gradient-check");

#[cfg(test)]
mod tests {
    #[test]
    fn the_gradients_agree() {
        let text = super::LISTING.output().unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        for line in text.lines() {
            let value: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
            // Not 0: the loss takes ln(y + 1e-7), backprop differentiates ln y
            // (a relative difference of about 1e-7 / y, y ≈ 0.1 here).
            assert!(value < 1e-6, "{line}");
        }
    }
}
