//! The two-layer network of chapter 5 (the original's `TwoLayerNet`): a sigmoid
//! hidden layer, a softmax output, the cross-entropy loss, and two ways to get
//! the gradient: numerically (chapter 4) and by backpropagation (fast).
//!
//! These methods check nothing; [`crate::checked::two_layer_net`] has the same
//! methods with shape checks that name the method and the shapes.

use ndarray::{Array1, Array2, Axis};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::activation::{sigmoid, sigmoid_grad, softmax_batch};
use crate::argmax::argmax;
use crate::gradient::numerical_gradient;
use crate::loss::cross_entropy_error_batch;

// ANCHOR: params
/// The parameters of the network, or their gradients: the original keeps both
/// in dictionaries, `params['W1']` ... and `grads['W1']` ...; here they are fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Weights of layer 1, `input × hidden`.
    pub w1: Array2<f64>,
    /// Biases of layer 1, `hidden`.
    pub b1: Array1<f64>,
    /// Weights of layer 2, `hidden × output`.
    pub w2: Array2<f64>,
    /// Biases of layer 2, `output`.
    pub b2: Array1<f64>,
}
// ANCHOR_END: params

/// A network `input → hidden (sigmoid) → output (softmax)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLayerNet {
    pub params: Params,
}

impl TwoLayerNet {
    // ANCHOR: new
    /// Weights `0.01 ×` standard normal, biases 0, drawn from `rng` (a seeded,
    /// portable generator makes the network the same on every machine).
    pub fn new(
        input_size: usize,
        hidden_size: usize,
        output_size: usize,
        rng: &mut ChaCha8Rng,
    ) -> TwoLayerNet {
        let weight_init_std = 0.01;
        let mut randn = |rows, cols| {
            Array2::from_shape_simple_fn((rows, cols), || {
                let z: f64 = StandardNormal.sample(rng);
                weight_init_std * z
            })
        };
        let w1 = randn(input_size, hidden_size);
        let w2 = randn(hidden_size, output_size);
        let (b1, b2) = (Array1::zeros(hidden_size), Array1::zeros(output_size));
        TwoLayerNet { params: Params { w1, b1, w2, b2 } }
    }
    // ANCHOR_END: new

    // ANCHOR: predict
    /// Recognition (推理): the output probabilities for a batch `x`, one image
    /// per row: `y = softmax(sigmoid(x W1 + b1) W2 + b2)`.
    pub fn predict(&self, x: &Array2<f64>) -> Array2<f64> {
        let Params { w1, b1, w2, b2 } = &self.params;
        let a1 = x.dot(w1) + b1;
        let z1 = a1.mapv(sigmoid);
        let a2 = z1.dot(w2) + b2;
        softmax_batch(&a2)
    }

    /// The loss: the cross-entropy of `predict(x)` against the one-hot targets `t`.
    pub fn loss(&self, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let y = self.predict(x);
        cross_entropy_error_batch(&y, t)
    }

    /// The recognition accuracy (识别精度): the share of the rows of `x` whose
    /// most probable class is the one `t` marks.
    pub fn accuracy(&self, x: &Array2<f64>, t: &Array2<f64>) -> f64 {
        let y = self.predict(x);
        let rows = y.rows().into_iter().zip(t.rows());
        let correct = rows.filter(|(y, t)| argmax(y) == argmax(t)).count();
        correct as f64 / x.nrows() as f64
    }
    // ANCHOR_END: predict

    // ANCHOR: numerical_gradient
    /// The gradient of the loss by numerical differentiation: chapter 4's
    /// `numerical_gradient`, once for each parameter array. `loss_w` is the loss
    /// of a copy of the network with one array replaced by the (nudged) one it
    /// is given.
    pub fn numerical_gradient(&self, x: &Array2<f64>, t: &Array2<f64>) -> Params {
        let p = &self.params;
        let loss_w = |params: Params| TwoLayerNet { params }.loss(x, t);
        Params {
            w1: numerical_gradient(|w1| loss_w(Params { w1: w1.clone(), ..p.clone() }), &p.w1),
            b1: numerical_gradient(|b1| loss_w(Params { b1: b1.clone(), ..p.clone() }), &p.b1),
            w2: numerical_gradient(|w2| loss_w(Params { w2: w2.clone(), ..p.clone() }), &p.w2),
            b2: numerical_gradient(|b2| loss_w(Params { b2: b2.clone(), ..p.clone() }), &p.b2),
        }
    }
    // ANCHOR_END: numerical_gradient

    // ANCHOR: gradient
    /// The gradient of the loss by backpropagation (误差反向传播法): the chain
    /// rule, layer by layer from the output back. Exact, and about as cheap as
    /// two forward passes.
    pub fn gradient(&self, x: &Array2<f64>, t: &Array2<f64>) -> Params {
        let Params { w1, b1, w2, b2 } = &self.params;
        let batch_num = x.nrows() as f64;
        // forward
        let a1 = x.dot(w1) + b1;
        let z1 = a1.mapv(sigmoid);
        let a2 = z1.dot(w2) + b2;
        let y = softmax_batch(&a2);
        // backward
        let dy = (y - t) / batch_num; // ∂L/∂a2 (chapter 5 derives it)
        let dz1 = dy.dot(&w2.t()); //    ∂L/∂z1
        let da1 = a1.mapv(sigmoid_grad) * dz1; // ∂L/∂a1
        Params {
            w1: x.t().dot(&da1),
            b1: da1.sum_axis(Axis(0)),
            w2: z1.t().dot(&dy),
            b2: dy.sum_axis(Axis(0)),
        }
    }
    // ANCHOR_END: gradient
}

impl Params {
    // ANCHOR: update
    /// One step of gradient descent on every parameter, formula (7):
    /// `p ← p − lr · ∂L/∂p`.
    pub fn update(&mut self, grad: &Params, learning_rate: f64) {
        self.w1 -= &(learning_rate * &grad.w1);
        self.b1 -= &(learning_rate * &grad.b1);
        self.w2 -= &(learning_rate * &grad.w2);
        self.b2 -= &(learning_rate * &grad.b2);
    }
    // ANCHOR_END: update

    /// The four parameters with their names, as the original's dictionary keys.
    pub fn named(&self) -> [(&'static str, ndarray::ArrayViewD<'_, f64>); 4] {
        [
            ("W1", self.w1.view().into_dyn()),
            ("b1", self.b1.view().into_dyn()),
            ("W2", self.w2.view().into_dyn()),
            ("b2", self.b2.view().into_dyn()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    pub(crate) fn small_net_and_batch() -> (TwoLayerNet, Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut net = TwoLayerNet::new(6, 4, 3, &mut rng);
        net.params.b1.assign(&ndarray::array![0.1, -0.2, 0.3, 0.0]);
        let x = Array2::from_shape_fn((5, 6), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 10.0);
        let t = crate::loss::one_hot(&[0, 2, 1, 2, 0], 3);
        (net, x, t)
    }

    /// Backpropagation and the numerical gradient agree: max relative difference
    /// `|n − b| / max(|n|, |b|)` below 1e-6 on every parameter of a small seeded net
    /// (weights as initialised: 0.01 × standard normal).
    #[test]
    fn gradient_check() {
        let (net, x, t) = small_net_and_batch();
        let numeric = net.numerical_gradient(&x, &t);
        let backprop = net.gradient(&x, &t);
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

    /// The numerical gradient of the network is chapter 4's, one array at a time:
    /// exactly what `numerical_gradient` gives for the loss as a function of W2.
    #[test]
    fn the_numerical_gradient_is_chapter_4s() {
        let (net, x, t) = small_net_and_batch();
        let by_hand = numerical_gradient(
            |w2: &Array2<f64>| {
                let mut copy = net.clone();
                copy.params.w2 = w2.clone();
                copy.loss(&x, &t)
            },
            &net.params.w2,
        );
        assert_eq!(net.numerical_gradient(&x, &t).w2, by_hand);
    }

    #[test]
    fn loss_of_a_fresh_net_is_about_ln_10() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let net = TwoLayerNet::new(784, 50, 10, &mut rng);
        let x = Array2::from_elem((3, 784), 0.5);
        let t = crate::loss::one_hot(&[1, 2, 3], 10);
        assert!((net.loss(&x, &t) - 10f64.ln()).abs() < 0.05);
    }

    #[test]
    fn predict_rows_are_probabilities() {
        let (net, x, _) = small_net_and_batch();
        for row in net.predict(&x).rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn an_update_lowers_the_loss() {
        let (mut net, x, t) = small_net_and_batch();
        let before = net.loss(&x, &t);
        let grad = net.gradient(&x, &t);
        net.params.update(&grad, 0.1);
        assert!(net.loss(&x, &t) < before);
    }

    #[test]
    fn the_update_is_p_minus_lr_times_grad_exactly() {
        let (mut net, x, t) = small_net_and_batch();
        let grad = net.gradient(&x, &t);
        let expected = &net.params.w1 - &(0.1 * &grad.w1);
        net.params.update(&grad, 0.1);
        assert_eq!(net.params.w1, expected);
    }

    #[test]
    fn accuracy_counts_matching_argmax() {
        let (net, x, _) = small_net_and_batch();
        let y = net.predict(&x);
        let labels: Vec<usize> = y.rows().into_iter().map(|r| argmax(&r)).collect();
        let t = crate::loss::one_hot(&labels, 3);
        assert_eq!(net.accuracy(&x, &t), 1.0);
        let wrong: Vec<usize> = labels.iter().map(|k| (k + 1) % 3).collect();
        assert_eq!(net.accuracy(&x, &crate::loss::one_hot(&wrong, 3)), 0.0);
    }
}
