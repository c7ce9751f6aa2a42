//! The two-layer network of chapter 5, computed in place and generic over the
//! float type. Every operation is the one [`nnlearn::two_layer_net::TwoLayerNet`]
//! does, in the same order, so in `f64` the results are the same to the bit;
//! only the memory is reused and, for the accuracy, the softmax is skipped.

use ndarray::{Array1, Array2, ArrayView2, Axis, Slice, Zip};
use nnlearn::two_layer_net::{Params, TwoLayerNet};

use crate::gemm::{Shape, padded};
use crate::images::Images;
use crate::real::Real;

/// The parameters `W1, b1, W2, b2` (or their gradients) in `F`.
///
/// `W1` and `b1` are kept with their hidden dimension padded with zeros to a
/// whole number of 64-byte vectors (56 columns for 50 neurons in `f64`), the
/// layout [`crate::gemm`] multiplies without copying; the padding stays zero.
#[derive(Debug, Clone, PartialEq)]
pub struct FastNet<F: Real> {
    w1: Array2<F>,
    b1: Array1<F>,
    w2: Array2<F>,
    b2: Array1<F>,
}

/// The layer values of one forward pass, kept for backpropagation.
struct Forward<F: Real> {
    z1: Array2<F>,
    y: Array2<F>,
}

/// The first `n` columns of `a`.
fn columns<F>(a: &Array2<F>, n: usize) -> ArrayView2<'_, F> {
    a.slice_axis(Axis(1), Slice::from(..n))
}

/// `a` with its columns padded with zeros to `width`.
fn pad_columns<F: Real>(a: ArrayView2<F>, width: usize) -> Array2<F> {
    let mut out = Array2::zeros((a.nrows(), width));
    out.slice_axis_mut(Axis(1), Slice::from(..a.ncols())).assign(&a);
    out
}

impl<F: Real> FastNet<F> {
    /// The network of the plain code, converted to `F` (for `f64`, the same numbers).
    pub fn from_plain(net: &TwoLayerNet) -> Self {
        let p = &net.params;
        let hidden = padded::<F>(p.b1.len());
        let mut b1 = Array1::zeros(hidden);
        b1.slice_axis_mut(Axis(0), Slice::from(..p.b1.len())).assign(&p.b1.mapv(F::from_f64_lossy));
        FastNet {
            w1: pad_columns(p.w1.mapv(F::from_f64_lossy).view(), hidden),
            b1,
            w2: p.w2.mapv(F::from_f64_lossy),
            b2: p.b2.mapv(F::from_f64_lossy),
        }
    }

    /// Back to the plain network, in `f64`.
    pub fn to_plain(&self) -> TwoLayerNet {
        let h = self.hidden_size();
        TwoLayerNet {
            params: Params {
                w1: columns(&self.w1, h).mapv(F::to_f64_lossless),
                b1: self.b1.slice_axis(Axis(0), Slice::from(..h)).mapv(F::to_f64_lossless),
                w2: self.w2.mapv(F::to_f64_lossless),
                b2: self.b2.mapv(F::to_f64_lossless),
            },
        }
    }

    /// The number of hidden neurons (without the padding).
    pub fn hidden_size(&self) -> usize {
        self.w2.nrows()
    }

    // ANCHOR: in_place
    /// `z1 = sigmoid(x W1 + b1)` for images `x` (their numbers, or their bytes),
    /// in place; the padding columns of `z1` hold zeros and are never read.
    fn hidden(&self, x: Images<F>) -> Array2<F> {
        let mut z1 = Array2::zeros((x.nrows(), self.w1.ncols()));
        let (k, n_padded) = self.w1.dim();
        let shape = Shape { m: x.nrows(), k, n_padded, lda: k, transposed: false };
        x.times(shape, slice(&self.w1), z1.as_slice_mut().expect("owned"), None);
        // Row by row, the bias added and the sigmoid taken in one pass.
        let b1 = &self.b1.as_slice().expect("owned")[..self.hidden_size()];
        for row in z1.as_slice_mut().expect("owned").chunks_mut(self.w1.ncols()) {
            for (a, &b) in row.iter_mut().zip(b1) {
                *a = F::one() / (F::one() + (-(*a + b)).exp());
            }
        }
        z1
    }

    fn forward(&self, x: Images<F>) -> Forward<F> {
        let z1 = self.hidden(x);
        let mut y = self.output(&z1);
        for mut row in y.axis_iter_mut(Axis(0)) {
            let c = row.fold(F::neg_infinity(), |m, &v| m.max(v));
            row.mapv_inplace(|v| (v - c).exp());
            let sum = row.sum();
            row.mapv_inplace(|v| v / sum);
        }
        Forward { z1, y }
    }
    // ANCHOR_END: in_place

    /// The cross-entropy of the batch, summed in NumPy's order as chapter 2 does
    /// (the terms widened to `f64` for the sum: exact for `f64`).
    pub fn loss(&self, x: Images<F>, t: ArrayView2<F>) -> f64 {
        let y = self.forward(x).y;
        let delta = F::from_f64_lossy(nnlearn::loss::DELTA);
        let terms: Vec<f64> = Zip::from(t)
            .and(&y)
            .map_collect(|&t, &y| (t * (y + delta).ln()).to_f64_lossless())
            .into_iter()
            .collect();
        -nnlearn::pairwise::pairwise_sum(&terms) / x.nrows() as f64
    }

    /// How many rows of `x` the network recognises: the largest score is at the
    /// class `t` marks. (The softmax keeps the order of the scores, so the scores
    /// before it are enough.)
    pub fn correct_count(&self, x: Images<F>, t: ArrayView2<F>) -> usize {
        let scores = self.scores(x);
        Zip::from(scores.rows())
            .and(t.rows())
            .fold(0, |n, y, t| n + usize::from(argmax(y) == argmax(t)))
    }

    /// The scores of images `x` before the softmax: `sigmoid(x W1 + b1) W2 + b2`.
    pub fn scores(&self, x: Images<F>) -> Array2<F> {
        self.output(&self.hidden(x))
    }

    /// The scores from the hidden layer `z1`: `z1 W2 + b2`.
    fn output(&self, z1: &Array2<F>) -> Array2<F> {
        columns(z1, self.hidden_size()).dot(&self.w2) + &self.b2
    }

    /// The gradient by backpropagation, as [`TwoLayerNet::gradient`] computes it.
    pub fn gradient(&self, x: Images<F>, t: ArrayView2<F>) -> FastNet<F> {
        let Backprop { b1, w2, b2, delta } = self.backprop(x, t);
        let mut w1 = Array2::zeros(self.w1.raw_dim());
        let out = w1.as_slice_mut().expect("owned");
        x.times(xt_delta(x, &delta), slice(&delta), out, None);
        FastNet { w1, b1, w2, b2 }
    }

    /// One step of gradient descent on the batch `x, t`, written into `next` (a
    /// network of this shape, reused from step to step): every parameter
    /// `p − lr · grad`, computed as `p + (−lr) · grad` (the same bits). The
    /// gradient of `W1` goes straight into the new `W1`, without being stored.
    /// `self` stays as it is, for the other threads that still read it.
    pub fn step_into(
        &self,
        x: Images<F>,
        t: ArrayView2<F>,
        learning_rate: F,
        next: &mut FastNet<F>,
    ) {
        let alpha = -learning_rate;
        let grad = self.backprop(x, t);
        let delta = &grad.delta;
        let next_w1 = next.w1.as_slice_mut().expect("owned");
        x.times(xt_delta(x, delta), slice(delta), next_w1, Some((slice(&self.w1), alpha)));
        let step = |p: &F, g: &F| *p + alpha * *g;
        Zip::from(&mut next.b1).and(&self.b1).and(&grad.b1).for_each(|n, p, g| *n = step(p, g));
        Zip::from(&mut next.w2).and(&self.w2).and(&grad.w2).for_each(|n, p, g| *n = step(p, g));
        Zip::from(&mut next.b2).and(&self.b2).and(&grad.b2).for_each(|n, p, g| *n = step(p, g));
    }

    /// Backpropagation, but for the last product: see [`Backprop`].
    fn backprop(&self, x: Images<F>, t: ArrayView2<F>) -> Backprop<F> {
        let batch_num = F::from_usize(x.nrows()).expect("a batch size fits a float");
        let Forward { z1, y } = self.forward(x);
        let z1 = columns(&z1, self.hidden_size());
        let dy = (y - t) / batch_num;
        let dz1 = dy.dot(&self.w2.t());
        let da1 = (z1.mapv(|s| F::one() - s) * z1) * dz1;
        let mut b1 = Array1::zeros(self.b1.len());
        b1.slice_axis_mut(Axis(0), Slice::from(..da1.ncols())).assign(&da1.sum_axis(Axis(0)));
        Backprop {
            b1,
            w2: z1.t().dot(&dy),
            b2: dy.sum_axis(Axis(0)),
            delta: pad_columns(da1.view(), self.w1.ncols()),
        }
    }
}

/// What backpropagation gives before its last product: the gradients of `b1`,
/// `W2` and `b2`, and `δ`, the gradient of the hidden layer's input (padded
/// like `W1`), from which `xᵀ δ` is the gradient of `W1`.
struct Backprop<F> {
    b1: Array1<F>,
    w2: Array2<F>,
    b2: Array1<F>,
    delta: Array2<F>,
}

/// The shape of the product `xᵀ δ` (the gradient of `W1`), with `x` read as it
/// is, transposed by the kernel.
fn xt_delta<F: Real>(x: Images<F>, delta: &Array2<F>) -> Shape {
    Shape { m: x.ncols(), k: x.nrows(), n_padded: delta.ncols(), lda: x.ncols(), transposed: true }
}

/// The numbers of an array in one piece, in order.
fn slice<F>(a: &Array2<F>) -> &[F] {
    a.as_slice().expect("an array in one piece")
}

/// The index of the first largest value, as `np.argmax`.
pub(crate) fn argmax<F: Real>(row: ndarray::ArrayView1<F>) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn example() -> (TwoLayerNet, Array2<f64>, Array2<f64>) {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let net = TwoLayerNet::new(784, 7, 10, &mut rng);
        let x = Array2::from_shape_fn((13, 784), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 10.0);
        let labels: Vec<usize> = (0..13).map(|i| (i * 3) % 10).collect();
        (net, x, nnlearn::loss::one_hot(&labels, 10))
    }

    /// Every method gives the plain network's result to the bit, in f64.
    #[test]
    fn f64_is_the_plain_network_bit_for_bit() {
        let (plain, x, t) = example();
        let fast = FastNet::<f64>::from_plain(&plain);
        assert_eq!(fast.to_plain(), plain);
        let xs = Images::Numbers(x.view());
        assert_eq!(fast.loss(xs, t.view()), plain.loss(&x, &t));
        let correct = fast.correct_count(xs, t.view());
        assert_eq!(correct as f64 / 13.0, plain.accuracy(&x, &t));
        let grad = fast.gradient(xs, t.view());
        assert_eq!(grad.to_plain().params, plain.gradient(&x, &t));
        let mut next = FastNet::<f64>::from_plain(&plain);
        fast.step_into(xs, t.view(), 0.1, &mut next);
        let fast = next;
        let mut plain = plain;
        plain.params.update(&grad.to_plain().params, 0.1);
        assert_eq!(fast.to_plain(), plain);
    }

    #[test]
    fn f32_is_close() {
        let (plain, x, t) = example();
        let fast = FastNet::<f32>::from_plain(&plain);
        let (x32, t32) = (x.mapv(|v| v as f32), t.mapv(|v| v as f32));
        assert!(
            (fast.loss(Images::Numbers(x32.view()), t32.view()) - plain.loss(&x, &t)).abs() < 1e-5
        );
    }
}
