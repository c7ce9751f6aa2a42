//! The two-layer network of chapter 5 (the original's `TwoLayerNet`): a sigmoid
//! hidden layer, a softmax output, the cross-entropy loss, and two ways to get
//! the gradient: numerically (chapter 4) and by backpropagation (fast).
//!
//! `F` is the floating-point type, `f64` by default (the book's numbers), or
//! `f32` for speed.

use ndarray::{Array1, Array2, ArrayView2, Axis, Zip};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::activation::{sigmoid_in_place, softmax_rows_in_place};
use crate::argmax::argmax;
use crate::gradient::H;
use crate::real::Real;

// ANCHOR: params
/// The parameters of the network, or their gradients: the original keeps both in
/// dictionaries, `params['W1']` ... and `grads['W1']` ...; here they are fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Params<F: Real = f64> {
    /// Weights of layer 1, `input × hidden`.
    pub w1: Array2<F>,
    /// Biases of layer 1, `hidden`.
    pub b1: Array1<F>,
    /// Weights of layer 2, `hidden × output`.
    pub w2: Array2<F>,
    /// Biases of layer 2, `output`.
    pub b2: Array1<F>,
}
// ANCHOR_END: params

/// A network `input → hidden (sigmoid) → output (softmax)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLayerNet<F: Real = f64> {
    pub params: Params<F>,
}

impl<F: Real> TwoLayerNet<F> {
    // ANCHOR: new
    /// Weights `0.01 ×` standard normal, biases 0, drawn from `rng` (a seeded,
    /// portable generator makes the network reproducible on every machine).
    ///
    /// # Panics
    /// If a size is 0: a layer without neurons cannot compute anything.
    #[track_caller]
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        rng: &mut impl Rng,
    ) -> Self {
        for (name, size) in [
            ("input_size", input_size),
            ("hidden_size", hidden_size),
            ("output_size", output_size),
        ] {
            assert!(
                size > 0,
                "TwoLayerNet::new: {name} = 0; every layer needs at least one neuron"
            );
        }
        let weight_init_std = F::from_f64_lossy(0.01);
        let mut gaussian = |rows, cols| {
            Array2::from_shape_simple_fn((rows, cols), || {
                let z: f64 = StandardNormal.sample(rng);
                weight_init_std * F::from_f64_lossy(z)
            })
        };
        let w1 = gaussian(input_size, hidden_size);
        let w2 = gaussian(hidden_size, output_size);
        TwoLayerNet {
            params: Params {
                w1,
                b1: Array1::zeros(hidden_size),
                w2,
                b2: Array1::zeros(output_size),
            },
        }
    }
    // ANCHOR_END: new

    // ANCHOR: predict
    /// The output probabilities for a batch `x` (one image per row):
    /// `softmax(sigmoid(x W1 + b1) W2 + b2)`.
    #[track_caller]
    pub fn predict(&self, x: ArrayView2<F>) -> Array2<F> {
        self.check_batch("predict", x, None);
        self.forward(x).y
    }

    /// The loss: cross-entropy between `predict(x)` and the one-hot targets `t`.
    #[track_caller]
    pub fn loss(&self, x: ArrayView2<F>, t: ArrayView2<F>) -> F {
        self.check_batch("loss", x, Some(t));
        cross_entropy(&self.forward(x).y, t)
    }

    /// The share of rows of `x` whose most probable class is the one `t` marks.
    #[track_caller]
    pub fn accuracy(&self, x: ArrayView2<F>, t: ArrayView2<F>) -> f64 {
        self.correct_count(x, t) as f64 / x.nrows() as f64
    }

    /// How many rows of `x` the network recognises: its most probable class is
    /// the one `t` marks.
    #[track_caller]
    pub fn correct_count(&self, x: ArrayView2<F>, t: ArrayView2<F>) -> usize {
        self.check_batch("accuracy", x, Some(t));
        let scores = self.scores(x);
        Zip::from(scores.rows())
            .and(t.rows())
            .fold(0, |n, y, t| n + usize::from(argmax(y) == argmax(t)))
    }
    // ANCHOR_END: predict

    /// Panics, naming the method and the shapes, unless `x` is a non-empty batch
    /// of rows as wide as the input layer and `t` (if given) has one row per row
    /// of `x`, as wide as the output layer. (Values are not checked here: NaN in,
    /// NaN out; training checks its data once, before it starts.)
    #[track_caller]
    fn check_batch(&self, method: &str, x: ArrayView2<F>, t: Option<ArrayView2<F>>) {
        let (input, output) = (self.params.w1.nrows(), self.params.w2.ncols());
        assert!(
            x.nrows() > 0,
            "TwoLayerNet::{method}: x has shape {:?}: an empty batch",
            x.shape()
        );
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

    /// The layer values of one forward pass, kept for backpropagation.
    fn forward(&self, x: ArrayView2<F>) -> Forward<F> {
        let p = &self.params;
        let mut z1 = x.dot(&p.w1) + &p.b1; // a1 = x W1 + b1
        sigmoid_in_place(&mut z1); //         z1 = sigmoid(a1)
        let mut y = z1.dot(&p.w2) + &p.b2; //  a2 = z1 W2 + b2
        softmax_rows_in_place(&mut y); //       y = softmax(a2)
        Forward { z1, y }
    }

    /// The output layer before the softmax, `a2`: enough for the accuracy, since
    /// the softmax does not change which class scores highest.
    fn scores(&self, x: ArrayView2<F>) -> Array2<F> {
        let p = &self.params;
        let mut z1 = x.dot(&p.w1) + &p.b1;
        sigmoid_in_place(&mut z1);
        z1.dot(&p.w2) + &p.b2
    }

    // ANCHOR: gradient
    /// The gradient of the loss by backpropagation (the chain rule, layer by
    /// layer from the output back): exact, and as cheap as two forward passes.
    #[track_caller]
    pub fn gradient(&self, x: ArrayView2<F>, t: ArrayView2<F>) -> Params<F> {
        self.check_batch("gradient", x, Some(t));
        let batch_num = F::from_usize(x.nrows()).expect("a batch size fits a float");
        let Forward { z1, y } = self.forward(x);

        let dy = (y - t) / batch_num; //                   ∂L/∂a2
        let w2 = z1.t().dot(&dy); //                        ∂L/∂W2 = z1ᵀ dy
        let b2 = dy.sum_axis(Axis(0)); //                   ∂L/∂b2
        let dz1 = dy.dot(&self.params.w2.t()); //          ∂L/∂z1 = dy W2ᵀ
        let da1 = (z1.mapv(|s| F::one() - s) * &z1) * dz1; // ∂L/∂a1 = σ'(a1) ∂L/∂z1
        let w1 = x.t().dot(&da1); //                        ∂L/∂W1 = xᵀ da1
        let b1 = da1.sum_axis(Axis(0)); //                  ∂L/∂b1
        Params { w1, b1, w2, b2 }
    }
    // ANCHOR_END: gradient

    // ANCHOR: numerical_gradient
    /// The gradient of the loss by numerical differentiation: one central
    /// difference per parameter, so two full forward passes per parameter
    /// (39 760 parameters for 784-50-10: 79 520 forward passes). Simple, and very slow.
    #[track_caller]
    pub fn numerical_gradient(&self, x: ArrayView2<F>, t: ArrayView2<F>) -> Params<F> {
        self.check_batch("numerical_gradient", x, Some(t));
        let mut net = self.clone();
        let h = F::from_f64_lossy(H);
        let two_h = h + h;
        // For each element of each parameter: nudge it by ±h, evaluate the loss,
        // put it back exactly (the original's numerical_gradient, on a copy).
        let mut slope = |pick: fn(&mut Params<F>) -> &mut [F], i: usize| {
            let tmp_val = pick(&mut net.params)[i];
            pick(&mut net.params)[i] = tmp_val + h;
            let fxh1 = net.loss(x, t);
            pick(&mut net.params)[i] = tmp_val - h;
            let fxh2 = net.loss(x, t);
            pick(&mut net.params)[i] = tmp_val;
            (fxh1 - fxh2) / two_h
        };
        let mut grads = Params::zeros_like(&self.params);
        for (pick, grad) in Params::slices(&mut grads) {
            for (i, g) in grad.iter_mut().enumerate() {
                *g = slope(pick, i);
            }
        }
        grads
    }
    // ANCHOR_END: numerical_gradient
}

type Pick<F> = fn(&mut Params<F>) -> &mut [F];

impl<F: Real> Params<F> {
    /// Zeros of the same shapes.
    pub fn zeros_like(p: &Params<F>) -> Params<F> {
        Params {
            w1: Array2::zeros(p.w1.raw_dim()),
            b1: Array1::zeros(p.b1.raw_dim()),
            w2: Array2::zeros(p.w2.raw_dim()),
            b2: Array1::zeros(p.b2.raw_dim()),
        }
    }

    /// Each parameter as a flat slice of `grads`, with the function that picks the
    /// same parameter out of another `Params` (for the numerical gradient).
    fn slices(grads: &mut Params<F>) -> [(Pick<F>, &mut [F]); 4] {
        fn flat<F, D: ndarray::Dimension>(a: &mut ndarray::Array<F, D>) -> &mut [F] {
            a.as_slice_mut().expect("parameters are contiguous")
        }
        [
            ((|p| flat(&mut p.w1)) as Pick<F>, flat(&mut grads.w1)),
            ((|p| flat(&mut p.b1)) as Pick<F>, flat(&mut grads.b1)),
            ((|p| flat(&mut p.w2)) as Pick<F>, flat(&mut grads.w2)),
            ((|p| flat(&mut p.b2)) as Pick<F>, flat(&mut grads.b2)),
        ]
    }

    /// The four parameters with their names, as the original's dictionary keys.
    pub fn named(&self) -> [(&'static str, ndarray::ArrayViewD<'_, F>); 4] {
        [
            ("W1", self.w1.view().into_dyn()),
            ("b1", self.b1.view().into_dyn()),
            ("W2", self.w2.view().into_dyn()),
            ("b2", self.b2.view().into_dyn()),
        ]
    }

    // ANCHOR: update
    /// One step of gradient descent on every parameter: `p ← p − lr · grad`.
    pub fn descend(&mut self, grads: &Params<F>, learning_rate: F) {
        self.w1.scaled_add(-learning_rate, &grads.w1);
        self.b1.scaled_add(-learning_rate, &grads.b1);
        self.w2.scaled_add(-learning_rate, &grads.w2);
        self.b2.scaled_add(-learning_rate, &grads.b2);
    }
    // ANCHOR_END: update

    /// Whether every parameter is a finite number.
    pub fn all_finite(&self) -> bool {
        self.named()
            .iter()
            .all(|(_, a)| a.iter().all(|v| v.is_finite()))
    }
}

struct Forward<F: Real> {
    z1: Array2<F>,
    y: Array2<F>,
}

/// Cross-entropy of probabilities `y` against one-hot rows `t`, averaged over the
/// batch, with the `1e-7` of chapter 2 (the network's own copy, generic over `F`,
/// without the argument checks: training checks the loss for divergence instead).
fn cross_entropy<F: Real>(y: &Array2<F>, t: ArrayView2<F>) -> F {
    let delta = F::from_f64_lossy(crate::loss::DELTA);
    let total = Zip::from(y)
        .and(t)
        .fold(F::zero(), |sum, &y, &t| sum + t * (y + delta).ln());
    -total / F::from_usize(y.nrows()).expect("a batch size fits a float")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn small_net_and_batch() -> (TwoLayerNet<f64>, Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut net = TwoLayerNet::new(6, 4, 3, &mut rng);
        net.params.b1.assign(&ndarray::array![0.1, -0.2, 0.3, 0.0]);
        let x = Array2::from_shape_fn((5, 6), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 10.0);
        let t = crate::loss::one_hot(&[0, 2, 1, 2, 0], 3);
        (net, x, t)
    }

    /// Backpropagation and the numerical gradient agree: max relative difference
    /// `|n - b| / max(|n|, |b|)` below 1e-6 on every parameter of a small seeded net
    /// (weights as initialised: 0.01 × standard normal).
    #[test]
    fn gradient_check() {
        let (net, x, t) = small_net_and_batch();
        let numeric = net.numerical_gradient(x.view(), t.view());
        let backprop = net.gradient(x.view(), t.view());
        let mut worst = 0.0f64;
        for ((name, n), (_, b)) in numeric.named().into_iter().zip(backprop.named()) {
            for (n, b) in n.iter().zip(b.iter()) {
                let relative = (n - b).abs() / n.abs().max(b.abs());
                worst = worst.max(relative);
                assert!(
                    relative < 1e-6,
                    "{name}: numerical {n} vs backprop {b} (relative {relative:e})"
                );
            }
        }
        eprintln!("gradient check: max relative difference {worst:e}");
    }

    #[test]
    fn loss_of_a_fresh_net_is_about_ln_10() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let net = TwoLayerNet::<f64>::new(784, 50, 10, &mut rng);
        let x = Array2::from_elem((3, 784), 0.5);
        let t = crate::loss::one_hot(&[1, 2, 3], 10);
        assert!((net.loss(x.view(), t.view()) - 10f64.ln()).abs() < 0.05);
    }

    #[test]
    fn loss_agrees_with_the_chapter_2_function() {
        let (net, x, t) = small_net_and_batch();
        let y = net.predict(x.view());
        let reference = crate::loss::cross_entropy_error(&y, &t);
        assert!((net.loss(x.view(), t.view()) - reference).abs() < 1e-15);
    }

    #[test]
    fn predict_rows_are_probabilities() {
        let (net, x, _) = small_net_and_batch();
        for row in net.predict(x.view()).rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn a_descent_step_lowers_the_loss() {
        let (mut net, x, t) = small_net_and_batch();
        let before = net.loss(x.view(), t.view());
        let grads = net.gradient(x.view(), t.view());
        net.params.descend(&grads, 0.1);
        assert!(net.loss(x.view(), t.view()) < before);
    }

    #[test]
    fn accuracy_counts_matching_argmax() {
        let (net, x, _) = small_net_and_batch();
        let y = net.predict(x.view());
        let labels: Vec<usize> = y.rows().into_iter().map(argmax).collect();
        let t = crate::loss::one_hot(&labels, 3);
        assert_eq!(net.accuracy(x.view(), t.view()), 1.0);
    }

    #[test]
    fn f32_and_f64_nets_agree_roughly() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let net64 = TwoLayerNet::<f64>::new(6, 4, 3, &mut rng);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let net32 = TwoLayerNet::<f32>::new(6, 4, 3, &mut rng);
        let (_, x, t) = small_net_and_batch();
        let l64 = net64.loss(x.view(), t.view());
        let l32 = net32.loss(x.mapv(|v| v as f32).view(), t.mapv(|v| v as f32).view());
        assert!((l64 - f64::from(l32)).abs() < 1e-5);
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::predict: x has shape [2, 5], but the network takes rows of 6 values"
    )]
    fn a_batch_of_the_wrong_width_is_named() {
        let (net, _, _) = small_net_and_batch();
        net.predict(Array2::zeros((2, 5)).view());
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::gradient: t has shape [5, 2], but x has shape [5, 6]: t needs one one-hot row of 3 per image, [5, 3]"
    )]
    fn targets_of_the_wrong_shape_are_named() {
        let (net, x, _) = small_net_and_batch();
        net.gradient(x.view(), Array2::zeros((5, 2)).view());
    }

    #[test]
    #[should_panic(expected = "TwoLayerNet::loss: x has shape [0, 6]: an empty batch")]
    fn an_empty_batch_is_named() {
        let (net, _, _) = small_net_and_batch();
        net.loss(Array2::zeros((0, 6)).view(), Array2::zeros((0, 3)).view());
    }

    #[test]
    #[should_panic(
        expected = "TwoLayerNet::new: hidden_size = 0; every layer needs at least one neuron"
    )]
    fn hidden_size_zero_is_rejected() {
        TwoLayerNet::<f64>::new(784, 0, 10, &mut ChaCha8Rng::seed_from_u64(0));
    }
}
