//! `argmax`: which class a row of scores or probabilities picks.

use ndarray::ArrayView1;

use crate::real::Real;

// ANCHOR: argmax
/// The index of the largest value of `row`; the first one if several are equal,
/// like `np.argmax`. An empty row gives 0.
///
/// ```
/// use ndarray::array;
/// use nnlearn::argmax::argmax;
/// assert_eq!(argmax(array![0.1, 0.7, 0.2].view()), 1);
/// assert_eq!(argmax(array![0.5, 0.5].view()), 0);
/// ```
pub fn argmax<F: Real>(row: ArrayView1<'_, F>) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}
// ANCHOR_END: argmax
