//! `argmax`: which class a row of scores or probabilities picks (`np.argmax`).

use ndarray::ArrayView1;

// ANCHOR: argmax
/// The index of the largest value of `row`; the first one if several are equal,
/// like `np.argmax`.
pub fn argmax(row: &ArrayView1<f64>) -> usize {
    let mut best = 0;
    for (i, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = i;
        }
    }
    best
}
// ANCHOR_END: argmax

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_first_of_equal_maxima_wins_like_numpy() {
        assert_eq!(argmax(&array![0.1, 0.7, 0.2].view()), 1);
        assert_eq!(argmax(&array![0.5, 0.5].view()), 0);
        assert_eq!(argmax(&array![-3.0].view()), 0);
    }
}
