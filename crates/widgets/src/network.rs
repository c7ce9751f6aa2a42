//! The network of the book's full run, as recorded in `book/runs/full/weights.txt`
//! (`W1 784 50`, then its values one per line, then `b1`, `W2`, `b2`) and as the
//! page fetches it (`weights.bin`, the same bits in 38 % of the bytes), and its
//! answer for one image.
#![forbid(unsafe_code)]

use mnist::weights::{Weights, parse_weights as parse};
use ndarray::{Array1, Array2};
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

/// Reads the network as the digit widget fetches it, `weights.bin`: `NNW1`, the
/// rows of `W1`, its columns and `W2`'s columns as `u32` little-endian, then
/// `W1`, `b1`, `W2`, `b2` row after row, each value the 8 bytes of its `f64`,
/// little-endian (written from `weights.txt` by `bookops::widgets::weights_bin`).
/// It must be a 784-n-10 network of finite values, of exactly that length.
pub fn parse_weights_bin(bytes: &[u8]) -> Result<TwoLayerNet, String> {
    let rest = bytes.strip_prefix(b"NNW1").ok_or("weights.bin: does not start with `NNW1`")?;
    if rest.len() < 12 {
        return Err(format!("weights.bin: {} bytes, too short for its sizes", bytes.len()));
    }
    let size = |k: usize| {
        let b: [u8; 4] = rest[4 * k..4 * k + 4].try_into().expect("4 bytes");
        u32::from_le_bytes(b) as usize
    };
    let (inputs, hidden, outputs) = (size(0), size(1), size(2));
    if inputs != mnist::PIXELS || outputs != mnist::CLASSES || hidden == 0 {
        return Err(format!(
            "weights.bin: sizes {inputs}-{hidden}-{outputs} do not make a 784-n-10 network"
        ));
    }
    let values = &rest[12..];
    // (hidden is at most 2^32: the product cannot overflow a 64-bit usize, and
    // on a 32-bit one the length check below fails first for a forged size.)
    let count = hidden.saturating_mul(inputs + 1 + outputs).saturating_add(outputs);
    if values.len() != count.saturating_mul(8) {
        return Err(format!(
            "weights.bin: {} bytes of values, expected {} for a 784-{hidden}-10 network",
            values.len(),
            count.saturating_mul(8)
        ));
    }
    let mut numbers =
        values.chunks_exact(8).map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")));
    let mut take = |n: usize| -> Result<Vec<f64>, String> {
        let v: Vec<f64> = numbers.by_ref().take(n).collect();
        match v.iter().position(|x| !x.is_finite()) {
            Some(k) => Err(format!("weights.bin: a value is not finite ({})", v[k])),
            None => Ok(v),
        }
    };
    let shape = |r, c, v| Array2::from_shape_vec((r, c), v).map_err(|e| e.to_string());
    let w1 = shape(inputs, hidden, take(inputs * hidden)?)?;
    let b1 = Array1::from_vec(take(hidden)?);
    let w2 = shape(hidden, outputs, take(hidden * outputs)?)?;
    let b2 = Array1::from_vec(take(outputs)?);
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

    /// A 784-1-10 network's file, its values `0, 1, 2...`.
    fn small_bin() -> Vec<u8> {
        let mut bytes = b"NNW1".to_vec();
        for size in [784u32, 1, 10] {
            bytes.extend(size.to_le_bytes());
        }
        for k in 0..(784 + 1 + 10 + 10) {
            bytes.extend(f64::from(k).to_le_bytes());
        }
        bytes
    }

    #[test]
    fn the_binary_network_is_read_in_its_order() {
        let net = parse_weights_bin(&small_bin()).unwrap();
        let p = &net.params;
        assert_eq!((p.w1.dim(), p.b1.len(), p.w2.dim(), p.b2.len()), ((784, 1), 1, (1, 10), 10));
        assert_eq!(
            (p.w1[[783, 0]], p.b1[0], p.w2[[0, 9]], p.b2[0], p.b2[9]),
            (783.0, 784.0, 794.0, 795.0, 804.0)
        );
    }

    #[test]
    fn bad_binary_files_are_named() {
        let good = small_bin();
        let e = |bytes: &[u8]| parse_weights_bin(bytes).unwrap_err();
        assert!(e(b"W1 784 50\n").contains("does not start with `NNW1`"));
        assert!(e(&good[..10]).contains("too short"));
        assert!(e(&good[..good.len() - 1]).contains("expected 6440"));
        let mut longer = good.clone();
        longer.push(0);
        assert!(e(&longer).contains("6441 bytes of values"));
        let mut sizes = good.clone();
        sizes[12] = 9;
        assert!(e(&sizes).contains("784-1-9 do not make"));
        sizes[12] = 10;
        sizes[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(e(&sizes).contains("784-4294967295-10"));
        let mut nan = good.clone();
        let at = nan.len() - 8;
        nan[at..].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(e(&nan).contains("not finite (NaN)"));
    }
}
