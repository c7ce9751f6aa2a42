//! The images of a run, one per row: as numbers, or as the bytes the MNIST
//! files hold.
//!
//! A pixel of MNIST is a byte `b`, and the network sees `b / 255`. Kept as
//! bytes, the 60000 training images take 47 MB instead of 376 MB in `f64`: a
//! mini-batch's 100 random rows and an evaluation's 70000 images are an eighth
//! as much to read from memory, and loading the files does not have to write
//! 440 MB first. Each byte becomes its number only when a row is used,
//! computed as the chapter's loader computes it (`b as f64 / 255.0`, then
//! converted to the float type), so the numbers are the same to the bit.

use std::ops::Range;

use ndarray::{Array2, ArrayView2, ArrayViewMut1, Axis, Slice};

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
/// chapter's loader does, then converted to `F`.
pub fn pixel_value<F: Real>(b: u8) -> F {
    F::from_f64_lossy(f64::from(b) / 255.0)
}

/// The number each byte stands for: `pixel_values()[b] == pixel_value(b)`.
pub fn pixel_values<F: Real>() -> [F; 256] {
    std::array::from_fn(|b| pixel_value(b as u8))
}

/// `out[i] = pixel_value(bytes[i])` for every `i`, in the processor's vector
/// instructions.
///
/// Not by dividing: a vector division is slow (on an Intel Xeon it was 14 % of
/// the CPU time of the f64 run). `b / 255` is `b · (1/255)` corrected once: the
/// product `q` is within a rounding of the quotient, `b − 255 q` is then
/// computed exactly by a fused multiply-add, and `q + (b − 255 q) · (1/255)`
/// rounds to the quotient. That this gives the division's bits is checked for
/// all 256 bytes (`bytes_stand_for_b_over_255`); a fused multiply-add is
/// rounded once on every machine, so the check holds everywhere.
fn decode<F: Real>(bytes: &[u8], out: &mut [F]) {
    const INV_255: f64 = 1.0 / 255.0;
    crate::gemm::Arch::new().dispatch(
        #[inline(always)]
        || {
            for (o, &b) in out.iter_mut().zip(bytes) {
                let x = f64::from(b);
                let q = x * INV_255;
                let rest = (-q).mul_add(255.0, x);
                *o = F::from_f64_lossy(rest.mul_add(INV_255, q));
            }
        },
    )
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

    /// Copies images `rows` into the rows of `out`, as numbers.
    ///
    /// Bytes are decoded eight rows at a time, a piece of each in turn: the
    /// rows lie at random places in memory, and asking for eight of them at
    /// once lets the processor fetch them side by side instead of one after
    /// the other (it took a quarter less time than row by row).
    pub fn copy_rows(&self, rows: &[usize], out: &mut Array2<F>) {
        const GROUP: usize = 8;
        const PIECE: usize = 128;
        let width = self.ncols();
        assert_eq!(out.dim(), (rows.len(), width), "a row of `out` for each image");
        match (self, out.as_slice_mut()) {
            (Images::Bytes(x), Some(out)) if x.is_standard_layout() => {
                let bytes = x.as_slice().expect("standard layout");
                for (group, outs) in rows.chunks(GROUP).zip(out.chunks_mut(GROUP * width)) {
                    for start in (0..width).step_by(PIECE) {
                        let end = (start + PIECE).min(width);
                        for (&k, out) in group.iter().zip(outs.chunks_mut(width)) {
                            decode(&bytes[k * width..][start..end], &mut out[start..end]);
                        }
                    }
                }
            }
            _ => {
                for (r, &k) in rows.iter().enumerate() {
                    self.copy_row(k, out.row_mut(r));
                }
            }
        }
    }

    /// Copies image `k` into `out`, as numbers.
    pub fn copy_row(&self, k: usize, mut out: ArrayViewMut1<F>) {
        match self {
            Images::Numbers(x) => out.assign(&x.row(k)),
            Images::Bytes(x) => match (out.as_slice_mut(), x.row(k).to_slice()) {
                // Both rows in one piece (as always in a run): a tight loop.
                (Some(out), Some(row)) => decode(row, out),
                _ => out.zip_mut_with(&x.row(k), |o, &b| *o = pixel_value(b)),
            },
        }
    }

    /// Images `rows` as bytes standing for `values` ([`pixel_values`]), for the
    /// kernels to read as they are; `None` for numbers (and for bytes not in
    /// one piece).
    pub fn coded<'b>(
        &'b self,
        rows: Range<usize>,
        values: &'b [F; 256],
    ) -> Option<crate::gemm::Coded<'b, F>> {
        match self {
            Images::Bytes(x) => {
                let bytes = x.slice_axis(Axis(0), Slice::from(rows)).to_slice()?;
                Some(crate::gemm::Coded { bytes, values })
            }
            Images::Numbers(_) => None,
        }
    }

    /// Images `rows` as numbers: a view of them, or, for bytes, their numbers
    /// written into `buffer` (reused from call to call, grown as needed).
    pub fn rows<'b>(&'b self, rows: Range<usize>, buffer: &'b mut Array2<F>) -> ArrayView2<'b, F> {
        match self {
            Images::Numbers(x) => x.slice_axis(Axis(0), Slice::from(rows)),
            Images::Bytes(x) => {
                let bytes = x.slice_axis(Axis(0), Slice::from(rows));
                if buffer.dim() != bytes.dim() || !buffer.is_standard_layout() {
                    *buffer = Array2::zeros(bytes.dim());
                }
                match (buffer.as_slice_mut(), bytes.to_slice()) {
                    (Some(out), Some(bytes)) => decode(bytes, out),
                    _ => buffer.zip_mut_with(&bytes, |o, &b| *o = pixel_value(b)),
                }
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
        let bytes: Vec<u8> = (0..=255).collect();
        let (mut v64, mut v32) = (vec![f64::NAN; 256], vec![f32::NAN; 256]);
        decode(&bytes, &mut v64);
        decode(&bytes, &mut v32);
        for b in 0..=255u8 {
            let want = f64::from(b) / 255.0;
            assert_eq!(v64[usize::from(b)].to_bits(), want.to_bits());
            assert_eq!(v32[usize::from(b)].to_bits(), (want as f32).to_bits());
            assert_eq!(pixel_value::<f64>(b).to_bits(), want.to_bits());
            assert_eq!(pixel_values::<f64>()[usize::from(b)].to_bits(), want.to_bits());
            assert_eq!(pixel_values::<f32>()[usize::from(b)].to_bits(), (want as f32).to_bits());
        }
    }

    #[test]
    fn rows_of_bytes_are_their_numbers() {
        let bytes = Array2::from_shape_fn((5, 3), |(i, j)| (i * 50 + j) as u8);
        let numbers = bytes.mapv(|b| f64::from(b) / 255.0);
        let (as_bytes, as_numbers) = (Images::Bytes(bytes.view()), Images::Numbers(numbers.view()));
        let (mut buffer, mut unused) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        assert_eq!(as_bytes.rows(1..4, &mut buffer), as_numbers.rows(1..4, &mut unused));
        assert_eq!(unused.len(), 0, "a view needs no buffer");
        // Rows in any order, repeated, in groups that do not fill the last one.
        let rows = [4, 0, 4, 2, 1, 3, 3, 0, 2, 1, 4];
        let (mut from_bytes, mut from_numbers) = (Array2::zeros((11, 3)), Array2::zeros((11, 3)));
        as_bytes.copy_rows(&rows, &mut from_bytes);
        as_numbers.copy_rows(&rows, &mut from_numbers);
        assert_eq!(from_bytes, numbers.select(Axis(0), &rows));
        assert_eq!(from_numbers, from_bytes);
        let mut row = ndarray::Array1::zeros(3);
        as_bytes.copy_row(4, row.view_mut());
        assert_eq!(row, numbers.row(4));
        assert_eq!((as_bytes.nrows(), as_bytes.ncols()), (5, 3));
    }
}
