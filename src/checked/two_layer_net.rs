//! [`TwoLayerNet`]'s methods with their arguments checked: a layer of size 0, an
//! input of the wrong width, targets of the wrong shape or an empty batch panic,
//! naming the method and the shapes. (Values are not checked: NaN in, NaN out;
//! the training loop reports a diverging run instead.)

use ndarray::Array2;
use rand_chacha::ChaCha8Rng;

use crate::two_layer_net::{Params, TwoLayerNet};

/// [`TwoLayerNet::new`], checked: every layer needs at least one neuron.
#[track_caller]
pub fn new(
    input_size: usize,
    hidden_size: usize,
    output_size: usize,
    rng: &mut ChaCha8Rng,
) -> TwoLayerNet {
    for (name, size) in
        [("input_size", input_size), ("hidden_size", hidden_size), ("output_size", output_size)]
    {
        assert!(size > 0, "TwoLayerNet::new: {name} = 0; every layer needs at least one neuron");
    }
    TwoLayerNet::new(input_size, hidden_size, output_size, rng)
}

/// [`TwoLayerNet::predict`], checked.
#[track_caller]
pub fn predict(net: &TwoLayerNet, x: &Array2<f64>) -> Array2<f64> {
    check_batch(net, "predict", x, None);
    net.predict(x)
}

/// [`TwoLayerNet::loss`], checked.
#[track_caller]
pub fn loss(net: &TwoLayerNet, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
    check_batch(net, "loss", x, Some(t));
    net.loss(x, t)
}

/// [`TwoLayerNet::accuracy`], checked.
#[track_caller]
pub fn accuracy(net: &TwoLayerNet, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
    check_batch(net, "accuracy", x, Some(t));
    net.accuracy(x, t)
}

/// [`TwoLayerNet::gradient`], checked.
#[track_caller]
pub fn gradient(net: &TwoLayerNet, x: &Array2<f64>, t: &Array2<f64>) -> Params {
    check_batch(net, "gradient", x, Some(t));
    net.gradient(x, t)
}

/// [`TwoLayerNet::numerical_gradient`], checked.
#[track_caller]
pub fn numerical_gradient(net: &TwoLayerNet, x: &Array2<f64>, t: &Array2<f64>) -> Params {
    check_batch(net, "numerical_gradient", x, Some(t));
    net.numerical_gradient(x, t)
}

/// Panics, naming the method and the shapes, unless `x` is a non-empty batch of
/// rows as wide as the input layer and `t` (if given) has one row per row of
/// `x`, as wide as the output layer.
#[track_caller]
pub(crate) fn check_batch(
    net: &TwoLayerNet,
    method: &str,
    x: &Array2<f64>,
    t: Option<&Array2<f64>>,
) {
    let (input, output) = (net.params.w1.nrows(), net.params.w2.ncols());
    assert!(x.nrows() > 0, "TwoLayerNet::{method}: x has shape {:?}: an empty batch", x.shape());
    assert!(
        x.ncols() == input,
        "TwoLayerNet::{method}: x has shape {:?}, but the network takes rows of {input} values (one image per row)",
        x.shape()
    );
    if let Some(t) = t {
        assert!(
            t.shape() == [x.nrows(), output],
            "TwoLayerNet::{method}: t has shape {:?}, but x has shape {:?}: t needs one one-hot row of {output} per image, [{}, {output}]",
            t.shape(),
            x.shape(),
            x.nrows()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn net() -> TwoLayerNet {
        new(6, 4, 3, &mut ChaCha8Rng::seed_from_u64(1))
    }

    #[test]
    fn good_arguments_give_the_plain_numbers() {
        let x = Array2::from_shape_fn((5, 6), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 10.0);
        let t = crate::loss::one_hot(&[0, 2, 1, 2, 0], 3);
        let net = net();
        assert_eq!(loss(&net, &x, &t), net.loss(&x, &t));
        assert_eq!(gradient(&net, &x, &t), net.gradient(&x, &t));
        assert_eq!(accuracy(&net, &x, &t), net.accuracy(&x, &t));
        assert_eq!(predict(&net, &x), net.predict(&x));
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::predict: x has shape [2, 5], but the network takes rows of 6 values"
    )]
    fn a_batch_of_the_wrong_width_is_named() {
        predict(&net(), &Array2::zeros((2, 5)));
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::gradient: t has shape [5, 2], but x has shape [5, 6]: t needs one one-hot row of 3 per image, [5, 3]"
    )]
    fn targets_of_the_wrong_shape_are_named() {
        gradient(&net(), &Array2::zeros((5, 6)), &Array2::zeros((5, 2)));
    }

    #[test]
    #[should_panic(expected = "TwoLayerNet::loss: x has shape [0, 6]: an empty batch")]
    fn an_empty_batch_is_named() {
        loss(&net(), &Array2::zeros((0, 6)), &Array2::zeros((0, 3)));
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::new: hidden_size = 0; every layer needs at least one neuron"
    )]
    fn hidden_size_zero_is_rejected() {
        new(784, 0, 10, &mut ChaCha8Rng::seed_from_u64(0));
    }
}
