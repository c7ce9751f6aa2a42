//! The network of the book's full run, as recorded in `book/runs/full/weights.txt`
//! (`W1 784 50`, then its values one per line, then `b1`, `W2`, `b2`), and its
//! answer for one image.
#![forbid(unsafe_code)]

use ndarray::{Array1, Array2};
use nnlearn::two_layer_net::{Params, TwoLayerNet};

/// Reads the weights file; the error names the line.
pub fn parse_weights(text: &str) -> Result<TwoLayerNet, String> {
    let mut lines = text.lines().enumerate();
    let mut section = |name: &str, dims: usize| -> Result<(Vec<usize>, Vec<f64>), String> {
        let (i, header) = lines.next().ok_or_else(|| format!("weights: no `{name}` section"))?;
        let bad =
            || format!("weights: line {}: `{header}`, expected `{name}` and {dims} sizes", i + 1);
        let mut words = header.split(' ');
        if words.next() != Some(name) {
            return Err(bad());
        }
        let shape: Vec<usize> =
            words.map(|w| w.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
        if shape.len() != dims {
            return Err(bad());
        }
        let values = (0..shape.iter().product())
            .map(|_| {
                let (i, line) = lines.next().ok_or("weights: the file ends early")?;
                match line.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(format!("weights: line {}: `{line}` is not a finite number", i + 1)),
                }
            })
            .collect::<Result<Vec<f64>, String>>()?;
        Ok((shape, values))
    };
    let matrix = |(shape, values): (Vec<usize>, Vec<f64>)| {
        Array2::from_shape_vec((shape[0], shape[1]), values).map_err(|e| e.to_string())
    };
    let w1 = matrix(section("W1", 2)?)?;
    let b1 = Array1::from(section("b1", 1)?.1);
    let w2 = matrix(section("W2", 2)?)?;
    let b2 = Array1::from(section("b2", 1)?.1);
    let fits = w1.nrows() == 784 && b1.len() == w1.ncols() && w2.nrows() == b1.len();
    if !(fits && w2.ncols() == 10 && b2.len() == 10) {
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
    }
}
