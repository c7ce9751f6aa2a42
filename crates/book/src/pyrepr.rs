//! Numbers printed the way Python prints them (`repr`), so that the book's
//! outputs can be compared with the original's at a glance: `0.0` rather than
//! Rust's `0`, `6.111107928998789e-10` rather than `0.0000000006111107928998789`.
//!
//! Both languages print the *shortest* text that reads back as the same `f64`;
//! they differ only in layout: Python switches to an exponent below `1e-4` and
//! from `1e16` on, and always shows a decimal point or an exponent.

// ANCHOR: repr
/// `repr(x)` as Python 3 prints a float.
///
/// ```
/// use nnlearn_book::pyrepr::repr;
/// assert_eq!(repr(0.0), "0.0");
/// assert_eq!(repr(2.0), "2.0");
/// assert_eq!(repr(-6.111107928998789e-10), "-6.111107928998789e-10");
/// assert_eq!(repr(-25898374737328.363), "-25898374737328.363");
/// assert_eq!(repr(1e-5), "1e-05");
/// assert_eq!(repr(1e16), "1e+16");
/// ```
pub fn repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "6.111107928998789e-10".
    let scientific = format!("{x:e}");
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("an integer exponent");
    if (-4..16).contains(&exponent) {
        let positional = format!("{x}");
        if positional.contains('.') { positional } else { positional + ".0" }
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// A list of floats as Python prints a list: `[6.00000000000378, 0.0]`.
pub fn repr_list<'a>(values: impl IntoIterator<Item = &'a f64>) -> String {
    let items: Vec<String> = values.into_iter().map(|&v| repr(v)).collect();
    format!("[{}]", items.join(", "))
}
// ANCHOR_END: repr

#[cfg(test)]
mod tests {
    use super::*;

    /// Printed by CPython 3.11 (`repr(x)`).
    #[test]
    fn matches_python() {
        for (x, python) in [
            (0.09750000000000003, "0.09750000000000003"),
            (-0.0, "-0.0"),
            (1e-4, "0.0001"),
            (0.00012345, "0.00012345"),
            (1.5e-5, "1.5e-05"),
            (9999999999999998.0, "9999999999999998.0"),
            (1e22, "1e+22"),
            (-2.999999939999995, "-2.999999939999995"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (123.0, "123.0"),
            (1.5e300, "1.5e+300"),
        ] {
            assert_eq!(repr(x), python, "{x:e}");
        }
        assert_eq!(repr_list(&[0.0, 4.000000000004]), "[0.0, 4.000000000004]");
    }
}
