//! Listing: why the printed gradient of simpleNet differs from ours.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::{Array2, array};
use nnlearn::activation::softmax;
use nnlearn::gradient::numerical_gradient;
use nnlearn::loss::DELTA;
use nnlearn::simple_net::{SimpleNet, book_weights};

fn main() {
    let net = SimpleNet { w: book_weights() }; // the eight decimals the book prints
    let (x, t) = (array![0.6, 0.9], array![0.0, 0.0, 1.0]);
    let printed = array![
        [0.21924763, 0.14356247, -0.36281009], // dL/dW, as the book prints it
        [0.32887144, 0.2153437, -0.54421514],
    ];

    // The loss the printed book used: -ln y₂ (class 2 is correct), without δ.
    let without_delta = |w: &Array2<f64>| -softmax(&x.dot(w))[2].ln();
    println!("loss, ours (with δ):  {:?}", net.loss(&x, &t));
    println!("loss, without δ:      {:?}", without_delta(&net.w));
    let printed_loss = 0.928_068_536_634_113_3; // as the book prints it
    println!("loss, printed:        {printed_loss:.17}");
    println!("without δ - printed:  {:.1e}", without_delta(&net.w) - printed_loss);

    let ours = net.gradient(&x, &t);
    let plain = numerical_gradient(without_delta, &net.w);
    let largest = |d: Array2<f64>| d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    println!("largest |dW, ours - printed|:      {:.1e}", largest(&ours - &printed));
    println!("largest |dW, without δ - printed|: {:.1e}", largest(&plain - &printed));

    let y2 = softmax(&net.predict(&x))[2];
    println!("1 - ours / without δ, each element: {:.4e}", 1.0 - &ours / &plain);
    println!("1 - y₂ / (y₂ + δ):                  {:.4e}", 1.0 - y2 / (y2 + DELTA));
}
// ANCHOR_END: listing

listing!("printed-gradient");

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (Array2<f64>, Array2<f64>, Array2<f64>, f64) {
        let net = SimpleNet { w: book_weights() };
        let (x, t) = (array![0.6, 0.9], array![0.0, 0.0, 1.0]);
        let without_delta = |w: &Array2<f64>| -softmax(&x.dot(w))[2].ln();
        let printed =
            array![[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]];
        let y2 = softmax(&net.predict(&x))[2];
        (net.gradient(&x, &t), numerical_gradient(without_delta, &net.w), printed, y2)
    }

    /// Reference file, "Gradient of a simple network": the loss without δ on
    /// the eight-decimal W, and the printed loss, which it does not reach.
    #[test]
    fn the_loss_without_delta_is_the_reference_value_not_the_printed_one() {
        let x = array![0.6, 0.9];
        let loss = -softmax(&x.dot(&book_weights()))[2].ln();
        assert!((loss - 0.928_068_538_748_235_1).abs() < 1e-15, "{loss}");
        // 2.1e-9 apart: more than rounding, less than W's ninth decimal can move it.
        let gap = loss - 0.928_068_536_634_113_3;
        assert!((1e-9..1e-8).contains(&gap), "{gap}");
    }

    /// Without δ, the gradient on the printed W is the printed gradient, up to
    /// the printed eighth decimal; with δ (ours) it is not.
    #[test]
    fn only_delta_separates_the_printed_gradient_from_ours() {
        let (ours, plain, printed, _) = example();
        let largest = |d: Array2<f64>| d.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert!(largest(&plain - &printed) < 5e-9, "{}", largest(&plain - &printed));
        assert!(largest(&ours - &printed) > 1e-7, "{}", largest(&ours - &printed));
        // The analytic gradient xᵀ(softmax(xW) − t) has no δ: the same agreement.
        let analytic = nnlearn::simple_net::analytic_gradient(
            &book_weights(),
            &array![0.6, 0.9],
            &array![0.0, 0.0, 1.0],
        );
        assert!(largest(&analytic - &printed) < 5e-9);
    }

    /// The derivation: d/dw of −ln(y₂ + δ) is y₂/(y₂ + δ) times d/dw of −ln y₂,
    /// the same factor for every element.
    #[test]
    fn ours_is_the_plain_gradient_times_y2_over_y2_plus_delta() {
        let (ours, plain, _, y2) = example();
        let factor = y2 / (y2 + DELTA);
        assert!((1.0 - factor - 2.53e-7).abs() < 1e-9, "{factor}");
        for (a, b) in ours.iter().zip(&plain) {
            let ratio = a / b;
            assert!((ratio - factor).abs() < 1e-9, "{ratio} against {factor}");
        }
    }
}
