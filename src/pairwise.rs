//! How NumPy adds numbers up, so that our sums round exactly like the original's.
//!
//! Floating-point addition is not associative: `(a + b) + c` and `a + (b + c)` can
//! differ in the last bit. The book's reference values were printed by NumPy, whose
//! `np.sum` does not add left to right. It uses *pairwise summation*: blocks of eight
//! running sums, combined as a balanced tree, and recursive halving for long arrays.
//! Pairwise summation is also more accurate (its rounding error grows like
//! `log n` instead of `n`).
//!
//! The difference is visible in chapter 2: for the prediction `y2`, a left-to-right
//! sum gives `0.5974999999999999`, NumPy (and [`pairwise_sum`]) gives `0.5975`.
//!
//! ```
//! use nnlearn::pairwise::pairwise_sum;
//! let y2 = [0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0];
//! let t = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
//! let squares: Vec<f64> = y2.iter().zip(&t).map(|(y, t)| (y - t) * (y - t)).collect();
//! let left_to_right: f64 = squares.iter().sum();
//! assert_eq!(0.5 * left_to_right, 0.5974999999999999);
//! assert_eq!(0.5 * pairwise_sum(&squares), 0.5975);
//! ```

use ndarray::{Array, Dimension};

/// NumPy's block size: below it, eight accumulators; above it, split in two.
const BLOCK: usize = 128;

/// Sums `values` in the same order as NumPy's `np.sum` on a contiguous f64 array.
///
/// * fewer than 8 values: left to right;
/// * up to 128 values: eight running sums `r[0..8]` (value `i` goes to `r[i % 8]`),
///   combined as `((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`, then the
///   leftover tail (`n % 8` values) added left to right;
/// * more: split at half (rounded down to a multiple of 8) and add the two halves.
///
/// Like NumPy's reduction, the result starts from `0.0`, so an all-`-0.0` input sums to `0.0`.
// ANCHOR: pairwise_sum
pub fn pairwise_sum(values: &[f64]) -> f64 {
    0.0 + pairwise(values)
}

fn pairwise(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        a.iter().fold(-0.0, |sum, &v| sum + v)
    } else if n <= BLOCK {
        let mut r = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]];
        let whole_blocks = n - n % 8;
        for block in a[8..whole_blocks].chunks_exact(8) {
            for (acc, &v) in r.iter_mut().zip(block) {
                *acc += v;
            }
        }
        let mut sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &a[whole_blocks..] {
            sum += v;
        }
        sum
    } else {
        let half = n / 2;
        let half = half - half % 8;
        pairwise(&a[..half]) + pairwise(&a[half..])
    }
}
// ANCHOR_END: pairwise_sum

/// `np.sum(a)`: [`pairwise_sum`] over the elements of an array of any shape, in
/// row-major order, the order NumPy uses on a C-contiguous array.
///
/// ```
/// use ndarray::array;
/// use nnlearn::pairwise::numpy_sum;
/// assert_eq!(numpy_sum(&array![[1.0, 2.0], [3.0, 4.0]]), 10.0);
/// ```
pub fn numpy_sum<D: Dimension>(a: &Array<f64, D>) -> f64 {
    match a.as_slice() {
        Some(values) => pairwise_sum(values),
        None => pairwise_sum(&a.iter().copied().collect::<Vec<f64>>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sums printed by NumPy 2.4 (`np.sum(np.array(v))`, shown with `repr`):
    /// the values were chosen so that left-to-right summation rounds differently.
    #[test]
    fn matches_numpy_on_the_chapter_2_squares() {
        let y2_squares = [
            0.010000000000000002,
            0.0025000000000000005,
            0.81,
            0.0,
            0.0025000000000000005,
            0.010000000000000002,
            0.0,
            0.36,
            0.0,
            0.0,
        ];
        assert_eq!(0.5 * pairwise_sum(&y2_squares), 0.5975);
        let left_to_right: f64 = y2_squares.iter().sum();
        assert_ne!(0.5 * left_to_right, 0.5975, "the order must matter here");
    }

    #[test]
    fn small_inputs_add_left_to_right() {
        assert_eq!(pairwise_sum(&[]), 0.0);
        assert_eq!(pairwise_sum(&[1.5]), 1.5);
        assert_eq!(pairwise_sum(&[0.1, 0.2, 0.3]), (0.1 + 0.2) + 0.3);
    }

    #[test]
    fn negative_zeros_sum_to_positive_zero_like_numpy() {
        assert!(pairwise_sum(&[-0.0; 3]).is_sign_positive());
        assert!(pairwise_sum(&[-0.0; 9]).is_sign_positive());
    }

    /// `np.sum(1.0 / np.arange(1, n + 1))` printed by NumPy 2.4, for sizes that
    /// exercise each branch (and where left-to-right differs for n = 129, 1000, 4097).
    #[test]
    fn harmonic_sums_match_numpy() {
        for (n, numpy) in [
            (10, 2.9289682539682538),
            (100, 5.187377517639621),
            (129, 5.440899030573669),
            (1000, 7.485470860550345),
            (4097, 8.895347978001228),
        ] {
            let a: Vec<f64> = (1..=n).map(|i| 1.0 / i as f64).collect();
            assert_eq!(pairwise_sum(&a), numpy, "n = {n}");
        }
    }

    #[test]
    fn array_sum_uses_row_major_order() {
        let a = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
        assert_eq!(numpy_sum(&a), 10.0);
        assert_eq!(numpy_sum(&a.t().to_owned()), 10.0);
        assert_eq!(numpy_sum(&a.reversed_axes()), 10.0);
    }
}
