//! The network of the book's full run, as recorded in `book/runs/full/weights.txt`
//! (`W1 784 50`, then its values one per line, then `b1`, `W2`, `b2`), and its
//! answer for one image.
#![forbid(unsafe_code)]

use mnist::weights::{Weights, parse_weights as parse};
use ndarray::Array2;
use nnlearn::two_layer_net::{Params, TwoLayerNet};

/// Reads the weights file (with the MNIST crate's parser, the one the book's
/// records use) and checks that it is a 784-n-10 network; errors start with
/// `weights:` and name the line.
pub fn parse_weights(text: &str) -> Result<TwoLayerNet, String> {
    let Weights { w1, b1, w2, b2 } = parse(text).map_err(|e| format!("weights: {e}"))?;
    if w1.nrows() != mnist::PIXELS || b2.len() != mnist::CLASSES {
        return Err(format!(
            "weights: shapes W1 {:?}, b1 {}, W2 {:?}, b2 {} do not make a 784-n-10 network",
            w1.shape(),
            b1.len(),
            w2.shape(),
            b2.len()
        ));
    }
    Ok(TwoLayerNet { params: Params { w1, b1, w2, b2 } })
}

/// The ten probabilities the network gives one image of 784 pixels in `0..=1`.
pub fn probabilities(network: &TwoLayerNet, pixels: &[f64]) -> Option<Vec<f64>> {
    let x = Array2::from_shape_vec((1, 784), pixels.to_vec()).ok()?;
    Some(network.predict(&x).row(0).to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_are_named() {
        assert!(parse_weights("").unwrap_err().contains("no `W1` section"));
        assert!(parse_weights("W1 784\n").unwrap_err().contains("line 1: `W1 784`"));
        assert!(parse_weights("W1 1 1\nx\n").unwrap_err().contains("line 2: `x` is not"));
        assert!(parse_weights("W1 1 1\nNaN\n").unwrap_err().contains("line 2: `NaN` is not"));
        assert!(parse_weights("W1 1 1\n1\n").unwrap_err().contains("no `b1`"));
        let tiny = "W1 1 1\n1\nb1 1\n0\nW2 1 1\n1\nb2 1\n0\n";
        assert!(parse_weights(tiny).unwrap_err().contains("784-n-10"));
        let unchained = "W1 1 2\n1\n1\nb1 1\n0\nW2 1 1\n1\nb2 1\n0\n";
        assert!(parse_weights(unchained).unwrap_err().contains("do not fit together"));
    }
}
