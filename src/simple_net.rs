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
    /// portable generator (the original: `np.random.randn(2, 3)`).
    pub fn new(seed: u64) -> SimpleNet {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let w = Array2::from_shape_simple_fn((2, 3), || StandardNormal.sample(&mut rng));
        SimpleNet { w }
    }

    /// The network's scores for the input `x`: `x · W`.
    pub fn predict(&self, x: &Array1<f64>) -> Array1<f64> {
        x.dot(&self.w)
    }

    /// The loss for the input `x` and the one-hot target `t`.
    pub fn loss(&self, x: &Array1<f64>, t: &Array1<f64>) -> f64 {
        let z = self.predict(x);
        let y = softmax(&z);
        cross_entropy_error(&y, t)
    }

    /// The gradient of the loss with respect to `W`, numerically: `f` is the
    /// loss of a network whose weights are the (nudged) `w` it is given.
    pub fn gradient(&self, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
        let f = |w: &Array2<f64>| SimpleNet { w: w.clone() }.loss(x, t);
        numerical_gradient(f, &self.w)
    }
}
// ANCHOR_END: simple_net

/// The weights printed in the book, so that its numbers can be reproduced (the
/// original draws them at random).
pub fn book_weights() -> Array2<f64> {
    array![[0.47355232, 0.9977393, 0.84668094], [0.85557411, 0.03563661, 0.69422093]]
}

/// The gradient of the loss with respect to `W` by its formula,
/// `∂L/∂W = xᵀ (softmax(x · W) − t)`: the outer product of the input and the
/// output error (chapter 5 derives it; here it checks the numerical gradient).
pub fn analytic_gradient(w: &Array2<f64>, x: &Array1<f64>, t: &Array1<f64>) -> Array2<f64> {
    let error = softmax(&x.dot(w)) - t;
    let column = x.view().insert_axis(ndarray::Axis(1));
    let row = error.view().insert_axis(ndarray::Axis(0));
    column.dot(&row)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (SimpleNet, Array1<f64>, Array1<f64>) {
        (SimpleNet { w: book_weights() }, array![0.6, 0.9], array![0.0, 0.0, 1.0])
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
        let book =
            array![[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]];
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
    fn seeded_weights_are_reproducible() {
        assert_eq!(SimpleNet::new(7), SimpleNet::new(7));
        assert_ne!(SimpleNet::new(7), SimpleNet::new(8));
    }
}
