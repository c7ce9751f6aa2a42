//! The smallest network with a gradient: one 2×3 weight matrix `W`, no bias, a
//! softmax output and the cross-entropy loss (the original's `simpleNet`).
//! Chapter 4, "the gradient of a neural network" (神经网络的梯度).

use ndarray::{Array1, Array2, array};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use crate::activation::softmax;
use crate::gradient::numerical_gradient;
use crate::loss::cross_entropy_error;

// ANCHOR: simple_net
/// A network with a single 2×3 weight matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct SimpleNet {
    pub w: Array2<f64>,
}

impl SimpleNet {
    /// Weights drawn from the standard normal distribution with a seeded,
    /// portable generator (the original uses `np.random.randn(2, 3)`).
    pub fn new(seed: u64) -> SimpleNet {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let w = Array2::from_shape_simple_fn((2, 3), || StandardNormal.sample(&mut rng));
        SimpleNet { w }
    }

    /// The network's scores for input `x`: `x · W`.
    #[track_caller]
    pub fn predict(&self, x: &Array1<f64>) -> Array1<f64> {
        self.check("predict", x, None);
        predict_with(&self.w, x)
    }

    /// The loss for input `x` and one-hot target `t`: cross-entropy of softmax(x · W).
    #[track_caller]
    pub fn loss(&self, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        self.check("loss", x, Some(t));
        loss_with(&self.w, x, t)
    }

    /// The gradient of the loss with respect to `W`, a 2×3 matrix, numerically.
    #[track_caller]
    pub fn gradient(&self, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        self.check("gradient", x, Some(t));
        // f receives the perturbed weights: the loss as a function of W alone.
        let f = |w: &Array2<f64>| loss_with(w, x, t);
        numerical_gradient(f, &self.w)
    }
}

impl SimpleNet {
    /// Panics, naming the shapes, unless `x` has one value per row of `W` and `t`
    /// one per column.
    #[track_caller]
    fn check(&self, method: &str, x: &Array1<f64>, t: Option<&Array1<f64>>) {
        let (inputs, outputs) = self.w.dim();
        assert!(
            x.len() == inputs,
            "SimpleNet::{method}: x has {} values, but W has shape [{inputs}, {outputs}]: x needs {inputs}",
            x.len()
        );
        if let Some(t) = t {
            assert!(
                t.len() == outputs,
                "SimpleNet::{method}: t has {} values, but W has shape [{inputs}, {outputs}]: t needs {outputs} (one-hot)",
                t.len()
            );
        }
    }
}

fn predict_with(w: &Array2<f64>, x: &Array1<f64>) -> Array1<f64> {
    x.dot(w)
}

fn loss_with(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
    let z = predict_with(w, x);
    let y = softmax(&z);
    cross_entropy_error(&y, t)
}
// ANCHOR_END: simple_net

/// The fixed weights printed in the book, so that its numbers can be reproduced
/// (the original draws them at random).
pub fn book_weights() -> Array2<f64> {
    array![
        [0.47355232, 0.9977393, 0.84668094],
        [0.85557411, 0.03563661, 0.69422093]
    ]
}

/// The gradient of the loss with respect to `W`, analytically:
/// `∂L/∂W = xᵀ (softmax(x · W) − t)`, the outer product of the input and the
/// output error (chapter 5 derives it; here it checks the numerical gradient).
pub fn analytic_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    let error = softmax(&predict_with(w, x)) - t;
    let column = x.view().insert_axis(ndarray::Axis(1));
    let row = error.view().insert_axis(ndarray::Axis(0));
    column.dot(&row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (SimpleNet, Array1<f64>, Array1<f64>) {
        (
            SimpleNet { w: book_weights() },
            array![0.6, 0.9],
            array![0.0, 0.0, 1.0],
        )
    }

    /// Reference file, "Gradient of a simple network".
    #[test]
    fn reference_prediction_and_softmax() {
        let (net, x, _) = example();
        let p = net.predict(&x);
        for (a, b) in p.iter().zip([1.05414809, 0.63071653, 1.1328074]) {
            assert!((a - b).abs() < 5e-9, "{p}");
        }
        let y = softmax(&p);
        for (a, b) in y.iter().zip([0.36541271, 0.23927078, 0.39531651]) {
            assert!((a - b).abs() < 5e-9, "{y}");
        }
    }

    #[test]
    fn reference_loss() {
        let (net, x, t) = example();
        // With the 1e-7 delta and these 8-decimal weights (reference file).
        assert_eq!(net.loss(&x, &t), 0.928_068_285_786_407_5);
        // The printed book shows 0.92806853663411326: no delta, more decimals of W.
        assert!((net.loss(&x, &t) - 0.928_068_536_634_113_3).abs() < 1e-6);
    }

    #[test]
    fn gradient_matches_the_book_within_1e_6() {
        let (net, x, t) = example();
        let dw = net.gradient(&x, &t);
        let book = array![
            [0.21924763, 0.14356247, -0.36281009],
            [0.32887144, 0.2153437, -0.54421514]
        ];
        for (a, b) in dw.iter().zip(book.iter()) {
            assert!((a - b).abs() < 1e-6, "dW = {dw}");
        }
    }

    #[test]
    fn gradient_matches_the_analytic_one() {
        let (net, x, t) = example();
        let numeric = net.gradient(&x, &t);
        let analytic = analytic_gradient(&net.w, &x, &t);
        // They differ by about 1e-7: the loss takes ln(y + 1e-7), whose slope
        // 1/(y + 1e-7) is not quite the 1/y of the analytic formula.
        for (a, b) in numeric.iter().zip(analytic.iter()) {
            assert!((a - b).abs() < 1e-6);
        }
    }

    #[test]
    #[should_panic(
        expected = "SimpleNet::loss: t has 2 values, but W has shape [2, 3]: t needs 3 (one-hot)"
    )]
    fn a_target_of_the_wrong_length_is_named() {
        let (net, x, _) = example();
        net.loss(&x, &array![0.0, 1.0]);
    }

    #[test]
    #[should_panic(
        expected = "SimpleNet::predict: x has 3 values, but W has shape [2, 3]: x needs 2"
    )]
    fn an_input_of_the_wrong_length_is_named() {
        let (net, _, _) = example();
        net.predict(&array![0.6, 0.9, 0.1]);
    }

    #[test]
    fn seeded_weights_are_reproducible() {
        assert_eq!(SimpleNet::new(7), SimpleNet::new(7));
        assert_ne!(SimpleNet::new(7), SimpleNet::new(8));
    }
}
