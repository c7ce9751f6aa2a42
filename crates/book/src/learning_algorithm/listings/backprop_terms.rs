//! Listing: every term of the backward pass of the two-layer network, computed
//! on a real mini-batch, with its shape, and the whole checked against `gradient`.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use mnist::{LoadOptions, MnistError, load_mnist, subset_dir};
use ndarray::Axis;
use nnlearn::activation::{sigmoid, softmax_batch};
use nnlearn::two_layer_net::{Params, TwoLayerNet};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() -> Result<(), MnistError> {
    let options = LoadOptions { one_hot_label: true, ..LoadOptions::default() };
    let (train, _) = load_mnist(&subset_dir(), options)?;
    let batch = train.first(100); // N = 100 real digits
    let (x, t) = (batch.images_2d().to_owned(), batch.one_hot());
    let net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(0));
    let Params { w1, b1, w2, b2 } = &net.params;
    // forward
    let a1 = x.dot(w1) + b1;
    let z1 = a1.mapv(sigmoid);
    let y = softmax_batch(&(z1.dot(w2) + b2));
    // backward: one line per formula of the text
    let dy = (&y - &t) / x.nrows() as f64; //   ∂L/∂a2
    let dw2 = z1.t().dot(&dy); //                z1ᵀ · dy
    let db2 = dy.sum_axis(Axis(0)); //           column sums of dy
    let dz1 = dy.dot(&w2.t()); //                dy · W2ᵀ
    let da1 = &dz1 * &z1.mapv(|z| z * (1.0 - z)); // dz1 ⊙ σ′(a1)
    let dw1 = x.t().dot(&da1); //                xᵀ · da1
    let db1 = da1.sum_axis(Axis(0)); //          column sums of da1
    println!("x {:?}, z1 {:?}, dy {:?}", x.shape(), z1.shape(), dy.shape());
    println!("dW2 {:?}, db2 {:?}", dw2.shape(), db2.shape());
    println!("dz1 {:?}, da1 {:?}", dz1.shape(), da1.shape());
    println!("dW1 {:?}, db1 {:?}", dw1.shape(), db1.shape());
    let ours = Params { w1: dw1, b1: db1, w2: dw2, b2: db2 };
    println!("the same as net.gradient(&x, &t): {}", ours == net.gradient(&x, &t));
    Ok(())
}
// ANCHOR_END: listing

listing!("backprop-terms");

#[cfg(test)]
mod tests {
    /// Every shape is the one the text derives (N = 100, 784-50-10), and the
    /// terms put together are `gradient`, which `nnlearn`'s own tests check
    /// against the numerical gradient.
    #[test]
    fn the_shapes_are_the_derived_ones_and_the_terms_are_gradient() {
        let text = super::LISTING.output().unwrap();
        let expected = [
            "x [100, 784], z1 [100, 50], dy [100, 10]",
            "dW2 [50, 10], db2 [10]",
            "dz1 [100, 50], da1 [100, 50]",
            "dW1 [784, 50], db1 [50]",
            "the same as net.gradient(&x, &t): true",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");
    }
}
