//! Listing: the slope of each loss with respect to the scores `a`, after a
//! softmax, as the network grows confidently wrong.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Array1, array};
use nnlearn::activation::softmax;

/// Cross-entropy after a softmax: the slope with respect to the scores is `y − t`.
pub fn cross_entropy_slope(a: &Array1<f64>, t: &Array1<f64>) -> Array1<f64> {
    softmax(a) - t
}

/// Mean squared error after a softmax: the slope is `Jᵀ (y − t)`, where
/// `J[k][j] = y_k (δ_kj − y_j)`; row `j` of `Jᵀ (y − t)` is `y_j (d_j − Σ_k y_k d_k)`.
pub fn squared_error_slope(a: &Array1<f64>, t: &Array1<f64>) -> Array1<f64> {
    let y = softmax(a);
    let d = &y - t; // the slope with respect to y
    let weighted = y.dot(&d); // Σ_k y_k d_k
    &y * &(d - weighted)
}

/// The scores of the running example: "7" at 5, "2" at `score`, the rest at 0.
pub fn scores(score: f64) -> Array1<f64> {
    let mut a = Array1::zeros(10);
    a[7] = 5.0;
    a[2] = score;
    a
}

fn main() {
    let t = array![0., 0., 1., 0., 0., 0., 0., 0., 0., 0.]; // the answer is "2"
    println!("a of \"2\"  y of \"2\"   slope at \"2\": cross-entropy  squared error");
    for score in [-8.0, -4.0, 0.0, 4.0, 8.0] {
        let a = scores(score);
        let (ce, se) = (cross_entropy_slope(&a, &t), squared_error_slope(&a, &t));
        println!("{score:6.1}   {:8.2e}   {:>22.6}   {:>13.6}", softmax(&a)[2], ce[2], se[2]);
    }
}
// ANCHOR_END: listing

listing!("softmax-slopes");

#[cfg(test)]
mod tests {
    use super::*;
    use nnlearn::gradient::numerical_gradient;
    use nnlearn::loss::{cross_entropy_error, mean_squared_error};

    fn t() -> Array1<f64> {
        array![0., 0., 1., 0., 0., 0., 0., 0., 0., 0.]
    }

    fn sweep() -> impl Iterator<Item = f64> {
        (-40..=40).map(|i| f64::from(i) * 0.25)
    }

    /// Both analytic slopes against central differences of the crate's losses,
    /// composed with the crate's softmax.
    #[test]
    fn analytic_slopes_match_the_numerical_gradient() {
        for score in sweep() {
            let a = scores(score);
            let se = numerical_gradient(|a| mean_squared_error(&softmax(a), &t()), &a);
            let diff = (&squared_error_slope(&a, &t()) - &se).mapv(f64::abs);
            assert!(diff.iter().all(|&d| d < 1e-8), "squared error at {score}: {diff}");
            // The loss −ln y_2 itself (formula (2) without δ), at every score.
            let exact = numerical_gradient(|a| -softmax(a)[2].ln(), &a);
            let diff = (&cross_entropy_slope(&a, &t()) - &exact).mapv(f64::abs);
            assert!(diff.iter().all(|&d| d < 1e-8), "cross-entropy at {score}: {diff}");
            // The crate's loss adds δ = 1e-7 inside the logarithm, which scales
            // the slope by y_2 / (y_2 + δ): invisible while y_2 is not tiny.
            if softmax(&a)[2] > 1e-2 {
                let ce = numerical_gradient(|a| cross_entropy_error(&softmax(a), &t()), &a);
                let diff = (&cross_entropy_slope(&a, &t()) - &ce).mapv(f64::abs);
                assert!(diff.iter().all(|&d| d < 1e-5), "crate's loss at {score}: {diff}");
            }
        }
    }

    /// Confidently wrong: the squared error's slope at the right score vanishes
    /// (it carries the factor y_2), the cross-entropy's is close to −1; over all
    /// ten scores the squared error's slope stays under a twentieth.
    #[test]
    fn the_squared_error_slope_vanishes_when_confidently_wrong() {
        let a = scores(-8.0);
        assert!(softmax(&a)[2] < 1e-5 && softmax(&a)[7] > 0.9);
        assert!(cross_entropy_slope(&a, &t())[2] < -0.99);
        assert!(squared_error_slope(&a, &t())[2].abs() < 1e-5);
        assert!(squared_error_slope(&a, &t()).iter().all(|g| g.abs() < 0.05));
    }
}
