//! The two large matrix products of every step, `x W1` (forward) and `xᵀ δ`
//! (the gradient of `W1`), without `matrixmultiply`'s copies.
//!
//! For small matrices like these (a batch of 100 rows, 50 hidden neurons),
//! `matrixmultiply` spends a third of its time copying ("packing") both operands
//! into its own layout before it multiplies. Here the weights are kept in a layout
//! the vector instructions can read as they are (each row padded to a whole number
//! of 64-byte vectors), so nothing is copied.
//!
//! **The same bits.** `matrixmultiply` computes every element of `C = A B` as a
//! chain of fused multiply-adds along `k`, in blocks of 256: within a block
//! `acc ← a_ik · b_kj + acc` from `acc = 0`, then `c ← acc` after the first block
//! and `c ← c + acc` after each further one. The kernels below do exactly these
//! operations in exactly this order, only with other elements computed side by
//! side, so in `f64` they give its results to the bit (tested against ndarray's
//! `dot` below, and by the whole training run against the plain loop).

pub use pulp::Arch;
use std::ops::Range;

use pulp::{Simd, WithSimd};

use crate::real::Real;

/// The length of `matrixmultiply`'s blocks along `k` (its `KC`, the same for
/// `f64` and `f32`).
pub const K_BLOCK: usize = 256;

/// Rows computed together: each vector of `B` read is used for this many rows
/// (six rows of four vectors: 24 sums, with the four vectors of `B` and the
/// broadcast value of `A`, in the 32 vector registers of AVX-512).
const ROWS: usize = 6;
/// Vectors of columns computed together (at most).
const PANEL: usize = 4;

/// The number of columns a row of a padded matrix holds: `n` rounded up to a
/// whole number of 64-byte vectors (8 `f64` or 16 `f32`).
pub fn padded<F: Real>(n: usize) -> usize {
    let per_line = 64 / std::mem::size_of::<F>();
    n.div_ceil(per_line) * per_line
}

/// The left operand `A` of a product, read one number at a time (each is
/// broadcast to a whole vector): numbers as they are, or [`Coded`] bytes.
pub trait Left<F: Real>: Copy {
    /// How many numbers it holds.
    fn count(self) -> usize;
    /// Numbers `start..start + len`.
    fn piece(self, start: usize, len: usize) -> Self;
    /// Number `i`.
    fn at(self, i: usize) -> F;
}

impl<F: Real> Left<F> for &[F] {
    #[inline(always)]
    fn count(self) -> usize {
        self.len()
    }
    #[inline(always)]
    fn piece(self, start: usize, len: usize) -> Self {
        &self[start..][..len]
    }
    #[inline(always)]
    fn at(self, i: usize) -> F {
        self[i]
    }
}

/// Bytes, each standing for the number [`Real::pixels`]`()[b]`: the images as
/// the MNIST files hold them ([`crate::images`]), multiplied without being
/// decoded into an array first. Looking a byte up is one more load per number
/// of `A` (measured: `f64` products a tenth to a fifth slower than on numbers),
/// but decoding the images first, eight bytes written for every byte read,
/// cost the whole run more.
#[derive(Clone, Copy)]
pub struct Coded<'a>(pub &'a [u8]);

impl<F: Real> Left<F> for Coded<'_> {
    #[inline(always)]
    fn count(self) -> usize {
        self.0.len()
    }
    #[inline(always)]
    fn piece(self, start: usize, len: usize) -> Self {
        Coded(&self.0[start..][..len])
    }
    #[inline(always)]
    fn at(self, i: usize) -> F {
        F::pixels()[usize::from(self.0[i])]
    }
}

/// The shapes of one product `C = A B`; `B` and `C` are row-major with rows of
/// `n_padded` columns. `transposed` says that `A` is given as its transpose `Aᵀ`
/// (row-major `k × m`, row length `lda`), which is how `xᵀ δ` reads `x`.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub m: usize,
    pub k: usize,
    pub n_padded: usize,
    pub lda: usize,
    pub transposed: bool,
}

/// `C = A B`, as `matrixmultiply` computes it (see the module documentation).
/// `a` holds `A` (or `Aᵀ`), `b` is `k × n_padded` and `c` is `m × n_padded`,
/// all row-major; every column of `C`, padding included, is written.
pub fn matmul<F: Real>(arch: Arch, shape: Shape, a: impl Left<F>, b: &[F], c: &mut [F]) {
    product(arch, shape, a, b, c, None);
}

/// `C = P + α (A B)`: [`matmul`], then each element `c ← p + α · c` (rounded
/// twice, as the plain loop's `p − lr · g` is) while the tile is still in the
/// processor's fastest cache. The gradient of `W1` becomes the new `W1`
/// without being stored first. `p` is `m × n_padded`, like `c`.
pub fn matmul_step<F: Real>(
    arch: Arch,
    shape: Shape,
    a: impl Left<F>,
    b: &[F],
    (p, alpha): (&[F], F),
    c: &mut [F],
) {
    product(arch, shape, a, b, c, Some((p, alpha)));
}

/// [`matmul`] (`step` is `None`) or [`matmul_step`] (`step` is `Some((p, α))`).
pub fn product<F: Real, A: Left<F>>(
    arch: Arch,
    shape: Shape,
    a: A,
    b: &[F],
    c: &mut [F],
    step: Option<(&[F], F)>,
) {
    assert_eq!(shape.n_padded, padded::<F>(shape.n_padded), "rows are whole vectors");
    if let Some((p, _)) = step {
        assert!(p.len() >= shape.m * shape.n_padded, "P is m × n_padded");
    }
    assert!(b.len() >= shape.k * shape.n_padded && c.len() >= shape.m * shape.n_padded);
    let (outer, inner) = if shape.transposed { (shape.k, shape.m) } else { (shape.m, shape.k) };
    assert!(inner <= shape.lda && (outer == 0 || a.count() >= (outer - 1) * shape.lda + inner));
    arch.dispatch(Product { shape, a, b, c, step });
}

struct Product<'a, F, A> {
    shape: Shape,
    a: A,
    b: &'a [F],
    c: &'a mut [F],
    step: Option<(&'a [F], F)>,
}

impl<F: Real, A: Left<F>> WithSimd for Product<'_, F, A> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        let Product { shape, a, b, c, step } = self;
        let lanes = F::lanes::<S>();
        let vectors = shape.n_padded / lanes;
        let mut row = 0;
        while row < shape.m {
            let left = shape.m - row;
            let rows = if left >= ROWS {
                ROWS
            } else if left >= 4 {
                4
            } else {
                1
            };
            let mut first = 0;
            while first < vectors {
                let panel = (vectors - first).min(PANEL);
                let col = first * lanes;
                match (rows, panel) {
                    (ROWS, 4) => tile::<F, A, S, ROWS, 4>(s, shape, a, b, c, step, (row, col)),
                    (ROWS, 3) => tile::<F, A, S, ROWS, 3>(s, shape, a, b, c, step, (row, col)),
                    (ROWS, 2) => tile::<F, A, S, ROWS, 2>(s, shape, a, b, c, step, (row, col)),
                    (ROWS, _) => tile::<F, A, S, ROWS, 1>(s, shape, a, b, c, step, (row, col)),
                    (4, 4) => tile::<F, A, S, 4, 4>(s, shape, a, b, c, step, (row, col)),
                    (4, 3) => tile::<F, A, S, 4, 3>(s, shape, a, b, c, step, (row, col)),
                    (4, 2) => tile::<F, A, S, 4, 2>(s, shape, a, b, c, step, (row, col)),
                    (4, _) => tile::<F, A, S, 4, 1>(s, shape, a, b, c, step, (row, col)),
                    (_, 4) => tile::<F, A, S, 1, 4>(s, shape, a, b, c, step, (row, col)),
                    (_, 3) => tile::<F, A, S, 1, 3>(s, shape, a, b, c, step, (row, col)),
                    (_, 2) => tile::<F, A, S, 1, 2>(s, shape, a, b, c, step, (row, col)),
                    (_, _) => tile::<F, A, S, 1, 1>(s, shape, a, b, c, step, (row, col)),
                }
                first += panel;
            }
            row += rows;
        }
    }
}

/// Rows `row..row + R`, columns `col..col + NV` vectors of `C`, over all of `k`
/// block by block, with the block sums added as `matrixmultiply` adds them.
#[inline(always)]
fn tile<F: Real, A: Left<F>, S: Simd, const R: usize, const NV: usize>(
    s: S,
    shape: Shape,
    a: A,
    b: &[F],
    c: &mut [F],
    step: Option<(&[F], F)>,
    (row, col): (usize, usize),
) {
    // ANCHOR: blocks
    let width = NV * F::lanes::<S>();
    let mut start = 0;
    while start < shape.k {
        let ks = start..(start + K_BLOCK).min(shape.k);
        let sums = if shape.transposed {
            block_transposed::<F, A, S, R, NV>(s, shape, a, b, row, col, ks.clone())
        } else {
            block::<F, A, S, R, NV>(s, shape, a, b, row, col, ks.clone())
        };
        for (r, sums) in sums.iter().enumerate() {
            let out = F::vectors_mut::<S>(&mut c[(row + r) * shape.n_padded + col..][..width]);
            for (c, &sum) in out.iter_mut().zip(sums) {
                // The first block's sums as they are; each later block's added, once.
                *c = if start == 0 { sum } else { F::add_v(s, *c, sum) };
            }
        }
        start = ks.end;
    }
    // ANCHOR_END: blocks
    if let Some((p, alpha)) = step {
        let alpha = F::splat(s, alpha);
        for r in 0..R {
            let at = (row + r) * shape.n_padded + col;
            let p = F::vectors::<S>(&p[at..][..width]);
            let out = F::vectors_mut::<S>(&mut c[at..][..width]);
            for (c, &p) in out.iter_mut().zip(p) {
                *c = F::add_v(s, p, F::mul_v(s, alpha, *c));
            }
        }
    }
}

// ANCHOR: block
/// The sums over one block `ks` of `k`, for `R` rows and `NV` vectors of
/// columns: `acc ← a_ik · b_k + acc` from 0, `k` in order, every product fused
/// with its addition. Each vector of `b` read serves `R` rows.
#[inline(always)]
fn block<F: Real, A: Left<F>, S: Simd, const R: usize, const NV: usize>(
    s: S,
    shape: Shape,
    a: A,
    b: &[F],
    row: usize,
    col: usize,
    ks: Range<usize>,
) -> [[F::V<S>; NV]; R] {
    let width = NV * F::lanes::<S>();
    let a_rows: [A; R] =
        std::array::from_fn(|r| a.piece((row + r) * shape.lda + ks.start, ks.len()));
    let mut acc = [[F::splat(s, F::zero()); NV]; R];
    for (i, k) in ks.enumerate() {
        let b_k = F::vectors::<S>(&b[k * shape.n_padded + col..][..width]);
        let b_k: &[F::V<S>; NV] = b_k.try_into().expect("NV vectors");
        for r in 0..R {
            let a_ik = F::splat(s, a_rows[r].at(i));
            for v in 0..NV {
                acc[r][v] = F::mul_add_v(s, a_ik, b_k[v], acc[r][v]);
            }
        }
    }
    acc
}
// ANCHOR_END: block

/// [`block`] with `A` given transposed: the `R` values of one `k` are side by side.
#[inline(always)]
fn block_transposed<F: Real, A: Left<F>, S: Simd, const R: usize, const NV: usize>(
    s: S,
    shape: Shape,
    a: A,
    b: &[F],
    row: usize,
    col: usize,
    ks: Range<usize>,
) -> [[F::V<S>; NV]; R] {
    let width = NV * F::lanes::<S>();
    let mut acc = [[F::splat(s, F::zero()); NV]; R];
    for k in ks {
        let a_k = a.piece(k * shape.lda + row, R);
        let b_k = F::vectors::<S>(&b[k * shape.n_padded + col..][..width]);
        let b_k: &[F::V<S>; NV] = b_k.try_into().expect("NV vectors");
        for (r, acc) in acc.iter_mut().enumerate() {
            let a_ik = F::splat(s, a_k.at(r));
            for v in 0..NV {
                acc[v] = F::mul_add_v(s, a_ik, b_k[v], acc[v]);
            }
        }
    }
    acc
}

/// The machine's ceiling: `count` fused multiply-adds (about: rounded to whole
/// vectors) in independent chains, nothing else; returns their sum so that none
/// can be skipped. The benchmark `benches/gemm.rs` times it.
pub fn peak_flops<F: Real>(arch: Arch, count: usize) -> F {
    arch.dispatch(Peak::<F> { count, x: F::from_f64_lossy(0.999_999) })
}

struct Peak<F> {
    count: usize,
    x: F,
}

impl<F: Real> WithSimd for Peak<F> {
    type Output = F;

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> F {
        // 16 chains: enough to cover the latency of every FMA unit.
        const CHAINS: usize = 16;
        let x = F::splat(s, self.x);
        let y = F::splat(s, F::from_f64_lossy(1e-9));
        let mut acc = [F::splat(s, F::one()); CHAINS];
        for _ in 0..self.count / (CHAINS * F::lanes::<S>()) {
            for a in &mut acc {
                *a = F::mul_add_v(s, *a, x, y);
            }
        }
        let mut sum = [F::zero(); 64];
        let lanes = F::lanes::<S>();
        for a in &acc {
            let out = F::vectors_mut::<S>(&mut sum[..lanes]);
            out[0] = F::add_v(s, out[0], *a);
        }
        sum[..lanes].iter().fold(F::zero(), |t, &v| t + v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, Axis, Slice};

    fn first_cols<A>(a: &Array2<A>, n: usize) -> ndarray::ArrayView2<'_, A> {
        a.slice_axis(Axis(1), Slice::from(..n))
    }

    fn numbers(rows: usize, cols: usize, seed: usize) -> Array2<f64> {
        Array2::from_shape_fn((rows, cols), |(i, j)| {
            let h = (i * 7919 + j * 104_729 + seed * 31) % 1009;
            (h as f64 / 1009.0 - 0.5) * 1.37
        })
    }

    fn pad(b: &Array2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((b.nrows(), padded::<f64>(b.ncols())));
        out.slice_axis_mut(Axis(1), Slice::from(..b.ncols())).assign(b);
        out
    }

    /// Every shape the book's runs use, and awkward ones (a partial block of
    /// `k`, rows not a multiple of 4, several panels): ndarray's `dot`, to the bit.
    #[test]
    fn products_are_ndarrays_to_the_bit() {
        for (m, k, n) in [(100, 784, 50), (13, 784, 7), (5, 300, 70), (1, 9, 1), (20, 100, 8)] {
            let a = numbers(m, k, 1);
            let b = numbers(k, n, 2);
            let expected = a.dot(&b);
            let bp = pad(&b);
            let np = bp.ncols();
            let mut c = vec![f64::NAN; m * np];
            let shape = Shape { m, k, n_padded: np, lda: k, transposed: false };
            matmul(Arch::new(), shape, a.as_slice().unwrap(), bp.as_slice().unwrap(), &mut c);
            let got = Array2::from_shape_vec((m, np), c).unwrap();
            assert_eq!(first_cols(&got, n), expected, "{m}x{k}x{n}");
            // The transposed form: Aᵀ given row-major.
            let at = a.t().as_standard_layout().to_owned();
            let mut c = vec![f64::NAN; m * np];
            let shape = Shape { m, k, n_padded: np, lda: m, transposed: true };
            matmul(Arch::new(), shape, at.as_slice().unwrap(), bp.as_slice().unwrap(), &mut c);
            let got = Array2::from_shape_vec((m, np), c).unwrap();
            assert_eq!(first_cols(&got, n), a.t().t().dot(&b), "transposed {m}x{k}x{n}");
            // With the step: P + α (A B), as ndarray computes `p + α · g`.
            let p = numbers(m, np, 3);
            let mut c = vec![f64::NAN; m * np];
            let shape = Shape { m, k, n_padded: np, lda: k, transposed: false };
            let (a_s, b_s, p_s) =
                (a.as_slice().unwrap(), bp.as_slice().unwrap(), p.as_slice().unwrap());
            matmul_step(Arch::new(), shape, a_s, b_s, (p_s, -0.1), &mut c);
            let got = Array2::from_shape_vec((m, np), c).unwrap();
            let want = &first_cols(&p, n) + &(-0.1 * &expected);
            assert_eq!(first_cols(&got, n), want, "step {m}x{k}x{n}");
        }
    }

    /// Bytes looked up in their table multiply as the numbers they stand for.
    #[test]
    fn coded_bytes_multiply_as_their_numbers() {
        let values = f64::pixels();
        for (m, k, n, transposed) in
            [(250, 784, 50, false), (7, 784, 9, false), (784, 100, 50, true)]
        {
            let rows = if transposed { k } else { m };
            let cols = if transposed { m } else { k };
            let bytes =
                Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 37 + j * 11) % 256) as u8);
            let a = bytes.mapv(|b| values[usize::from(b)]);
            let bp = pad(&numbers(k, n, 5));
            let np = bp.ncols();
            let shape = Shape { m, k, n_padded: np, lda: cols, transposed };
            let (mut from_numbers, mut from_bytes) = (vec![f64::NAN; m * np], vec![0.0; m * np]);
            let bp = bp.as_slice().unwrap();
            matmul(Arch::new(), shape, a.as_slice().unwrap(), bp, &mut from_numbers);
            let coded = Coded(bytes.as_slice().unwrap());
            matmul(Arch::new(), shape, coded, bp, &mut from_bytes);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&from_bytes), bits(&from_numbers), "{m}x{k}x{n}");
        }
    }

    #[test]
    fn f32_products_are_close() {
        let a = numbers(12, 784, 3).mapv(|v| v as f32);
        let b = numbers(784, 50, 4).mapv(|v| v as f32);
        let expected = a.dot(&b);
        let mut bp = Array2::<f32>::zeros((784, padded::<f32>(50)));
        bp.slice_axis_mut(Axis(1), Slice::from(..50)).assign(&b);
        let mut c = vec![0.0f32; 12 * bp.ncols()];
        let shape = Shape { m: 12, k: 784, n_padded: bp.ncols(), lda: 784, transposed: false };
        matmul(Arch::new(), shape, a.as_slice().unwrap(), bp.as_slice().unwrap(), &mut c);
        let got = Array2::from_shape_vec((12, bp.ncols()), c).unwrap();
        for (g, e) in first_cols(&got, 50).iter().zip(&expected) {
            assert!((g - e).abs() < 1e-4, "{g} {e}");
        }
    }
}
