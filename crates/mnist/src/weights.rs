//! `weights.txt`: the trained network of a recorded run (`book/runs/full/`),
//! read by the book's records and by the digit widget in the page.
//!
//! Four sections, `W1`, `b1`, `W2`, `b2`, each a header line `name rows
//! [columns]` and then its values one per line, row after row:
//!
//! ```text
//! W1 784 50
//! -0.0123...
//! ...
//! b1 50
//! ...
//! ```
//!
//! Pure text to arrays, no file system: it runs in WebAssembly too.

use ndarray::{Array1, Array2};

/// The four parameters of a two-layer network, as the file holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// Layer 1's weights, `input × hidden`.
    pub w1: Array2<f64>,
    /// Layer 1's biases, `hidden`.
    pub b1: Array1<f64>,
    /// Layer 2's weights, `hidden × output`.
    pub w2: Array2<f64>,
    /// Layer 2's biases, `output`.
    pub b2: Array1<f64>,
}

/// What is wrong with a weights file; lines are numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WeightsError {
    /// The file ends before the section `name` starts.
    #[error("no `{name}` section")]
    MissingSection { name: &'static str },
    /// A header line that is not `name` and its sizes.
    #[error("line {line}: `{text}`, expected `{name}` and {dims} sizes")]
    BadHeader { line: usize, text: String, name: &'static str, dims: usize },
    /// The file ends inside the section `name`.
    #[error("the file ends early, inside `{name}`")]
    EndsEarly { name: &'static str },
    /// A value that is not a finite number.
    #[error("line {line}: `{text}` is not a finite number")]
    NotANumber { line: usize, text: String },
    /// The four shapes do not make a network.
    #[error("shapes W1 {w1:?}, b1 {b1}, W2 {w2:?}, b2 {b2} do not fit together")]
    Shapes { w1: [usize; 2], b1: usize, w2: [usize; 2], b2: usize },
    /// Something follows the last section.
    #[error("line {line}: `{text}` follows the last section (`b2`)")]
    Trailing { line: usize, text: String },
}

/// Reads a weights file. Every value must be finite and the shapes must chain
/// (`W1`'s columns = `b1` = `W2`'s rows, `W2`'s columns = `b2`); the sizes
/// themselves are the caller's to check.
pub fn parse_weights(text: &str) -> Result<Weights, WeightsError> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let mut section =
        |name: &'static str, dims: usize| -> Result<(Vec<usize>, Vec<f64>), WeightsError> {
            let (line, header) = lines.next().ok_or(WeightsError::MissingSection { name })?;
            let bad = || WeightsError::BadHeader { line, text: header.to_string(), name, dims };
            let mut words = header.split(' ');
            if words.next() != Some(name) {
                return Err(bad());
            }
            let shape: Vec<usize> =
                words.map(|w| w.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
            // The count is checked, not trusted: a forged header must not overflow.
            let count = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d)).ok_or_else(bad)?;
            if shape.len() != dims || count > text.len() {
                return Err(bad());
            }
            let values = (0..count)
                .map(|_| {
                    let (line, value) = lines.next().ok_or(WeightsError::EndsEarly { name })?;
                    match value.parse::<f64>() {
                        Ok(v) if v.is_finite() => Ok(v),
                        _ => Err(WeightsError::NotANumber { line, text: value.to_string() }),
                    }
                })
                .collect::<Result<Vec<f64>, _>>()?;
            Ok((shape, values))
        };
    let matrix = |(shape, values): (Vec<usize>, Vec<f64>)| {
        Array2::from_shape_vec((shape[0], shape[1]), values).expect("rows × columns values")
    };
    let w1 = matrix(section("W1", 2)?);
    let b1 = Array1::from(section("b1", 1)?.1);
    let w2 = matrix(section("W2", 2)?);
    let b2 = Array1::from(section("b2", 1)?.1);
    if let Some((line, text)) = lines.next() {
        return Err(WeightsError::Trailing { line, text: text.to_string() });
    }
    if !(w1.ncols() == b1.len() && b1.len() == w2.nrows() && w2.ncols() == b2.len()) {
        let shape = |a: &Array2<f64>| [a.nrows(), a.ncols()];
        return Err(WeightsError::Shapes {
            w1: shape(&w1),
            b1: b1.len(),
            w2: shape(&w2),
            b2: b2.len(),
        });
    }
    Ok(Weights { w1, b1, w2, b2 })
}

/// Writes what [`parse_weights`] reads, each value as `number` writes it (the
/// book writes Python's `repr`, the shortest text that reads back to the same
/// `f64`).
pub fn weights_text(weights: &Weights, number: impl Fn(f64) -> String) -> String {
    let mut text = String::new();
    let mut section = |name: &str, shape: &[usize], values: &mut dyn Iterator<Item = &f64>| {
        let sizes: Vec<String> = shape.iter().map(usize::to_string).collect();
        text += &format!("{name} {}\n", sizes.join(" "));
        for &v in values {
            text += &number(v);
            text.push('\n');
        }
    };
    let w = weights;
    section("W1", w.w1.shape(), &mut w.w1.iter());
    section("b1", w.b1.shape(), &mut w.b1.iter());
    section("W2", w.w2.shape(), &mut w.w2.iter());
    section("b2", w.b2.shape(), &mut w.b2.iter());
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = "W1 2 1\n0.5\n-1\nb1 1\n0\nW2 1 2\n1e-3\n2\nb2 2\n0.25\n-0.25\n";

    #[test]
    fn a_file_round_trips() {
        let w = parse_weights(TINY).unwrap();
        assert_eq!(w.w1, ndarray::array![[0.5], [-1.0]]);
        assert_eq!(w.b2, ndarray::array![0.25, -0.25]);
        let text = weights_text(&w, |v| format!("{v:?}"));
        assert_eq!(text, "W1 2 1\n0.5\n-1.0\nb1 1\n0.0\nW2 1 2\n0.001\n2.0\nb2 2\n0.25\n-0.25\n");
        assert_eq!(parse_weights(&text).unwrap(), w);
    }

    #[test]
    fn every_fault_is_named_with_its_line() {
        let error = |text: &str| parse_weights(text).unwrap_err().to_string();
        assert_eq!(error(""), "no `W1` section");
        assert_eq!(error("W1 784\n"), "line 1: `W1 784`, expected `W1` and 2 sizes");
        assert_eq!(error("b1 1 1\n"), "line 1: `b1 1 1`, expected `W1` and 2 sizes");
        assert_eq!(error("W1 1 x\n"), "line 1: `W1 1 x`, expected `W1` and 2 sizes");
        assert_eq!(error("W1 1 1\nx\n"), "line 2: `x` is not a finite number");
        assert_eq!(error("W1 1 1\nNaN\n"), "line 2: `NaN` is not a finite number");
        assert_eq!(error("W1 1 1\ninf\n"), "line 2: `inf` is not a finite number");
        assert_eq!(error("W1 1 2\n1\n"), "the file ends early, inside `W1`");
        assert_eq!(error("W1 1 1\n1\n"), "no `b1` section");
        let wide = TINY.replace("b1 1\n0\n", "b1 2\n0\n0\n");
        assert_eq!(error(&wide), "shapes W1 [2, 1], b1 2, W2 [1, 2], b2 2 do not fit together");
        assert_eq!(error(&format!("{TINY}1\n")), "line 12: `1` follows the last section (`b2`)");
    }

    /// A header whose sizes multiply past `usize` (or past what the text could
    /// hold) is refused at once, neither overflowing nor allocating.
    #[test]
    fn a_forged_header_is_refused() {
        let forged = format!("W1 {} 2\n", usize::MAX / 2 + 1);
        assert!(parse_weights(&forged).unwrap_err().to_string().starts_with("line 1: `W1 "));
        let huge = "W1 100000 100000\n1\n";
        assert!(parse_weights(huge).unwrap_err().to_string().starts_with("line 1: `W1 "));
    }
}
