//! What the checks of the exercises share: comparing numbers and arrays with a
//! message that says what differs, and the MNIST subset, loaded once.

use std::sync::OnceLock;

use ndarray::{ArrayBase, Data, Dimension};

use crate::exercise::{Failure, say, wrong};
use crate::pyrepr::repr;
use mnist::{LoadOptions, Split, load_mnist, subset_dir};

/// `Ok` if `|got − expected| <= tolerance`, else a message naming both values.
pub(crate) fn close(what: &str, got: f64, expected: f64, tolerance: f64) -> Result<(), Failure> {
    let difference = (got - expected).abs();
    if difference <= tolerance {
        Ok(())
    } else {
        Err(wrong!(
            "{what}: expected {} (within {}), got {}",
            "{what}：期望 {}（容差 {}），得到 {}",
            repr(expected),
            repr(tolerance),
            repr(got)
        ))
    }
}

/// `Ok` if the arrays have the same shape and every element of `got` is within
/// `tolerance` of `expected`; else a message naming the shapes, or the first
/// element that differs.
pub(crate) fn arrays_close<S, T, D>(
    what: &str,
    got: &ArrayBase<S, D>,
    expected: &ArrayBase<T, D>,
    tolerance: f64,
) -> Result<(), Failure>
where
    S: Data<Elem = f64>,
    T: Data<Elem = f64>,
    D: Dimension,
{
    if got.shape() != expected.shape() {
        return Err(wrong!(
            "{what}: expected shape {:?}, got shape {:?}",
            "{what}：期望形状 {:?}，得到形状 {:?}",
            expected.shape(),
            got.shape()
        ));
    }
    let pairs = got.indexed_iter().zip(expected.iter());
    for ((index, &g), &e) in pairs {
        let difference = (g - e).abs();
        if difference.is_nan() || difference > tolerance {
            let index = nnlearn::checked::format_index::<D>(index);
            return Err(wrong!(
                "{what}{index}: expected {} (within {}), got {}",
                "{what}{index}：期望 {}（容差 {}），得到 {}",
                repr(e),
                repr(tolerance),
                repr(g)
            ));
        }
    }
    Ok(())
}

/// The MNIST subset shipped with the crate (5000 training and 1000 test images,
/// pixels in 0..=1, labels as digits), loaded on first use.
pub(crate) struct Digits {
    pub train: Split,
    pub test: Split,
}

/// The shipped subset, loaded once per program (the checks of several exercises use it).
pub(crate) fn digits() -> Result<&'static Digits, Failure> {
    // The failure is kept as (folder, cause) and put into words at each call, in
    // the language of that call.
    static DIGITS: OnceLock<Result<Digits, (String, String)>> = OnceLock::new();
    DIGITS
        .get_or_init(|| {
            let dir = subset_dir();
            load_mnist(&dir, LoadOptions::default())
                .map(|(train, test)| Digits { train, test })
                .map_err(|e| (dir.display().to_string(), e.to_string()))
        })
        .as_ref()
        .map_err(|(dir, e)| {
            Failure::CannotRun(say!(
                "cannot load the MNIST subset from {dir}: {e}",
                "无法从 {dir} 读取 MNIST 子集：{e}"
            ))
        })
}
