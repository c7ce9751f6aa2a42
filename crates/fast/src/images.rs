//! The images of a run, one per row: as numbers, or as the bytes the MNIST
//! files hold.
//!
//! A pixel of MNIST is a byte `b`, and the network sees `b / 255`. Kept as
//! bytes, the 60000 training images take 47 MB instead of 376 MB in `f64`: a
//! mini-batch's 100 random rows and an evaluation's 70000 images are an eighth
//! as much to read from memory, and loading the files does not have to write
//! 440 MB first. A mini-batch keeps its rows as bytes too. The matrix kernels
//! read the bytes as they are, each looked up in a table of the 256 numbers the
//! chapter's loader computes (`b as f64 / 255.0`, then converted to the float
//! type: [`Real::pixels`]), so the products are the same to the bit; nothing
//! writes the numbers of the images to memory.

use std::ops::Range;

use ndarray::{Array2, ArrayView2, Axis, Slice};

use crate::gemm::{Arch, Coded, Shape, product};
use crate::real::Real;

/// The images of a run, one per row.
#[derive(Clone, Copy)]
pub enum Images<'a, F: Real> {
    /// Each pixel as a number, as it is.
    Numbers(ArrayView2<'a, F>),
    /// Each pixel as a byte `b`, standing for [`pixel_value`]`(b)`.
    Bytes(ArrayView2<'a, u8>),
}

/// The number byte `b` stands for: `b / 255`, computed in `f64` as the
/// chapter's loader does, then converted to `F` (looked up in [`Real::pixels`]).
pub fn pixel_value<F: Real>(b: u8) -> F {
    F::pixels()[usize::from(b)]
}

/// `b / 255` for every byte `b`, computed as the chapter's loader computes it
/// (`b as f64 / 255.0`): the table behind [`Real::pixels`], computed by the
/// compiler (whose arithmetic is the processor's, rounded the same way; the
/// test `bytes_stand_for_b_over_255` checks every entry).
pub(crate) const fn pixel_table() -> [f64; 256] {
    let mut table = [0.0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b as f64 / 255.0;
        b += 1;
    }
    table
}

/// Images of one's own (a mini-batch), as numbers or as bytes.
pub enum OwnedImages<F: Real> {
    Numbers(Array2<F>),
    Bytes(Array2<u8>),
}

impl<F: Real> OwnedImages<F> {
    /// Room for `rows` images of the kind `images` are (numbers or bytes).
    pub fn like(images: Images<F>, rows: usize) -> Self {
        match images {
            Images::Numbers(x) => OwnedImages::Numbers(Array2::zeros((rows, x.ncols()))),
            Images::Bytes(x) => OwnedImages::Bytes(Array2::zeros((rows, x.ncols()))),
        }
    }

    pub fn view(&self) -> Images<'_, F> {
        match self {
            OwnedImages::Numbers(x) => Images::Numbers(x.view()),
            OwnedImages::Bytes(x) => Images::Bytes(x.view()),
        }
    }
}

/// `out[r] = x[rows[r]]` for every `r`.
///
/// Eight rows at a time, a piece of each in turn: the rows lie at random
/// places in memory, and asking for eight of them at once lets the processor
/// fetch them side by side instead of one after the other.
fn copy_rows<A: Copy>(x: ArrayView2<A>, rows: &[usize], out: &mut Array2<A>) {
    const GROUP: usize = 8;
    const PIECE: usize = 128;
    let width = x.ncols();
    assert_eq!(out.dim(), (rows.len(), width), "a row of `out` for each image");
    match (x.to_slice(), out.as_slice_mut()) {
        (Some(x), Some(out)) => {
            for (group, outs) in rows.chunks(GROUP).zip(out.chunks_mut(GROUP * width)) {
                for start in (0..width).step_by(PIECE) {
                    let end = (start + PIECE).min(width);
                    for (&k, out) in group.iter().zip(outs.chunks_mut(width)) {
                        out[start..end].copy_from_slice(&x[k * width..][start..end]);
                    }
                }
            }
        }
        _ => {
            for (mut out, &k) in out.rows_mut().into_iter().zip(rows) {
                out.assign(&x.row(k));
            }
        }
    }
}

impl<'a, F: Real> Images<'a, F> {
    /// The number of images.
    pub fn nrows(&self) -> usize {
        match self {
            Images::Numbers(x) => x.nrows(),
            Images::Bytes(x) => x.nrows(),
        }
    }

    /// The number of pixels of an image.
    pub fn ncols(&self) -> usize {
        match self {
            Images::Numbers(x) => x.ncols(),
            Images::Bytes(x) => x.ncols(),
        }
    }

    /// Copies images `rows` into the rows of `out`, of the kind these images
    /// are (numbers or bytes; `out` is made so if it is not: [`OwnedImages::like`]).
    pub fn copy_rows(&self, rows: &[usize], out: &mut OwnedImages<F>) {
        match (self, &mut *out) {
            (Images::Numbers(x), OwnedImages::Numbers(out)) => copy_rows(*x, rows, out),
            (Images::Bytes(x), OwnedImages::Bytes(out)) => copy_rows(*x, rows, out),
            _ => {
                *out = OwnedImages::like(*self, rows.len());
                self.copy_rows(rows, out);
            }
        }
    }

    /// `C = X B` (`matmul`) or `C = P + α (X B)` (`matmul_step`) with these
    /// images as `X` (or `Xᵀ`, if `shape` says so): their numbers, or their
    /// bytes looked up by the kernels ([`Coded`]).
    pub fn times(&self, shape: Shape, b: &[F], c: &mut [F], step: Option<(&[F], F)>) {
        let arch = Arch::new();
        match self {
            Images::Numbers(x) => {
                let x = x.as_standard_layout();
                product(arch, shape, x.as_slice().expect("standard layout"), b, c, step);
            }
            Images::Bytes(x) => {
                let x = x.as_standard_layout();
                product(arch, shape, Coded(x.as_slice().expect("standard layout")), b, c, step);
            }
        }
    }

    /// Images `rows`.
    pub fn slice(self, rows: Range<usize>) -> Images<'a, F> {
        match self {
            Images::Numbers(x) => Images::Numbers(x.slice_axis_move(Axis(0), Slice::from(rows))),
            Images::Bytes(x) => Images::Bytes(x.slice_axis_move(Axis(0), Slice::from(rows))),
        }
    }

    /// Images `rows` as numbers: a view of them, or, for bytes, their numbers
    /// written into `buffer` (reused from call to call, grown as needed). The
    /// run itself never needs this (the kernels read the bytes); it is there to
    /// look at the numbers, and to test them.
    pub fn rows<'b>(&'b self, rows: Range<usize>, buffer: &'b mut Array2<F>) -> ArrayView2<'b, F> {
        match self {
            Images::Numbers(x) => x.slice_axis(Axis(0), Slice::from(rows)),
            Images::Bytes(x) => {
                let bytes = x.slice_axis(Axis(0), Slice::from(rows));
                if buffer.dim() != bytes.dim() || !buffer.is_standard_layout() {
                    *buffer = Array2::zeros(bytes.dim());
                }
                buffer.zip_mut_with(&bytes, |o, &b| *o = pixel_value(b));
                buffer.view()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes stand for the numbers the chapter's loader makes of them
    /// (`f64::from(b) / 255.0`; the book's crate checks that on the files).
    #[test]
    fn bytes_stand_for_b_over_255() {
        for b in 0..=255u8 {
            let want = f64::from(b) / 255.0;
            assert_eq!(pixel_value::<f64>(b).to_bits(), want.to_bits());
            assert_eq!(pixel_value::<f32>(b).to_bits(), (want as f32).to_bits());
        }
    }

    #[test]
    fn rows_of_bytes_are_their_numbers() {
        let bytes = Array2::from_shape_fn((5, 3), |(i, j)| (i * 50 + j) as u8);
        let numbers = bytes.mapv(|b| f64::from(b) / 255.0);
        let (as_bytes, as_numbers) =
            (Images::<f64>::Bytes(bytes.view()), Images::Numbers(numbers.view()));
        let (mut buffer, mut unused) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        assert_eq!(as_bytes.rows(1..4, &mut buffer), as_numbers.rows(1..4, &mut unused));
        assert_eq!(unused.len(), 0, "a view needs no buffer");
        assert_eq!((as_bytes.nrows(), as_bytes.ncols()), (5, 3));
        // Rows in any order, repeated; each kind copied as it is.
        let rows = [4, 0, 4, 2, 1, 3, 3, 0, 2, 1, 4];
        let (mut from_bytes, mut from_numbers) =
            (OwnedImages::like(as_bytes, 11), OwnedImages::like(as_numbers, 11));
        as_bytes.copy_rows(&rows, &mut from_bytes);
        as_numbers.copy_rows(&rows, &mut from_numbers);
        let (OwnedImages::Bytes(b), OwnedImages::Numbers(n)) = (&from_bytes, &from_numbers) else {
            panic!("each kind copies into its own kind")
        };
        assert_eq!(b, bytes.select(Axis(0), &rows));
        assert_eq!(n, numbers.select(Axis(0), &rows));
        // Into room of the other kind: the room is remade of the images' kind.
        let mut other = OwnedImages::like(as_numbers, 2);
        as_bytes.copy_rows(&rows, &mut other);
        assert!(matches!(&other, OwnedImages::Bytes(b) if b == bytes.select(Axis(0), &rows)));
        let (mut c, mut buffer) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        assert_eq!(
            from_bytes.view().rows(0..11, &mut c),
            from_numbers.view().rows(0..11, &mut buffer)
        );
    }
}
