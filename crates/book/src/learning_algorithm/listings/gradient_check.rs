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
    let norm = |a: ndarray::ArrayViewD<f64>| a.mapv(|v| v * v).sum().sqrt();
    for ((name, n), (_, b)) in numerical.named().into_iter().zip(backprop.named()) {
        // The size of the difference, relative to the size of the gradients.
        let size = n.mapv(f64::abs).mean().unwrap_or(0.0);
        let relative = norm((&n - &b).view()) / (norm(n) + norm(b));
        println!("{name}: relative error {relative:.1e} (mean |gradient| {size:.1e})");
    }
    Ok(())
}
// ANCHOR_END: listing

listing!("gradient-check");

#[cfg(test)]
mod tests {
    /// Every relative error is small, and none is 0: the loss takes
    /// ln(y + 1e-7) and backpropagation differentiates ln y, a relative
    /// difference of about 1e-7 / y with y ≈ 0.1, so about 1e-6 over the two
    /// norms, 5e-7 each.
    #[test]
    fn the_gradients_agree() {
        let text = super::LISTING.output().unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        for line in text.lines() {
            let value: f64 = line.split(' ').nth(3).unwrap().parse().unwrap();
            assert!(value < 1e-5 && value > 1e-8, "{line}");
        }
    }
}
