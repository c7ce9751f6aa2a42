//! The listings of chapter 3, "Numerical differentiation".

use std::io::{self, Write};

use crate::diff::{function_1, numerical_diff, numerical_diff_bad, tangent_line};
use crate::figures::numerical_differentiation::difference_errors;
use crate::pyrepr::repr;

use super::Listing;

/// The listings of this chapter, in the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    Listing {
        name: "rounding-trap",
        run: rounding_trap,
    },
    Listing {
        name: "numerical-diff",
        run: derivative_of_function_1,
    },
    Listing {
        name: "tangent-lines",
        run: tangent_lines,
    },
    Listing {
        name: "forward-vs-central",
        run: forward_versus_central,
    },
    Listing {
        name: "partial-derivatives",
        run: partial_derivatives,
    },
];

// ANCHOR: rounding_trap
pub fn rounding_trap(out: &mut dyn Write) -> io::Result<()> {
    // In f32, 1e-50 is below the smallest representable number: it becomes 0.
    writeln!(out, "1e-50 as f32: {:?}", 1e-50_f32)?;
    // In f64 it exists, but next to 5 it is far below the last digit of 5.0:
    let (x, h) = (5.0_f64, 1e-50);
    writeln!(out, "5 + 1e-50 == 5: {}", x + h == x)?;
    // So f(x + h) - f(x) is exactly 0, and so is the "derivative".
    writeln!(
        out,
        "numerical_diff_bad(f, 5) = {}",
        repr(numerical_diff_bad(function_1, 5.0))
    )?;
    Ok(())
}
// ANCHOR_END: rounding_trap

// ANCHOR: derivative
pub fn derivative_of_function_1(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", repr(numerical_diff(function_1, 5.0)))?;
    writeln!(out, "{}", repr(numerical_diff(function_1, 10.0)))?;
    Ok(())
}
// ANCHOR_END: derivative

// ANCHOR: tangent_lines
pub fn tangent_lines(out: &mut dyn Write) -> io::Result<()> {
    for x in [5.0, 10.0] {
        let (slope, intercept) = tangent_line(function_1, x);
        let f = repr(function_1(x));
        let (slope, intercept) = (repr(slope), repr(intercept));
        writeln!(
            out,
            "at x = {x}: f(x) = {f}, slope {slope}, intercept {intercept}"
        )?;
    }
    Ok(())
}
// ANCHOR_END: tangent_lines

// ANCHOR: forward_vs_central
pub fn forward_versus_central(out: &mut dyn Write) -> io::Result<()> {
    // The derivative of x³ at x = 1 is exactly 3: how far off is each estimate?
    writeln!(out, "h        forward error   central error")?;
    let steps = [
        1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-16, 1e-50,
    ];
    for (h, forward, central) in difference_errors(1.0, &steps) {
        writeln!(out, "{h:<8e} {forward:<15.3e} {central:.3e}")?;
    }
    Ok(())
}
// ANCHOR_END: forward_vs_central

// ANCHOR: partial_derivatives
pub fn partial_derivatives(out: &mut dyn Write) -> io::Result<()> {
    // ∂f/∂x0 at (3, 4): fix x1 = 4 and differentiate in x0 alone.
    let function_tmp1 = |x0: f64| x0 * x0 + 4.0f64.powi(2);
    // ∂f/∂x1 at (3, 4): fix x0 = 3 and differentiate in x1 alone.
    let function_tmp2 = |x1: f64| 3.0f64.powi(2) + x1 * x1;

    writeln!(out, "{}", repr(numerical_diff(function_tmp1, 3.0)))?;
    writeln!(out, "{}", repr(numerical_diff(function_tmp2, 4.0)))?;
    Ok(())
}
// ANCHOR_END: partial_derivatives

#[cfg(test)]
mod tests {
    use super::*;

    use crate::listings::output_of as run;

    /// Reference file, "Numerical differentiation".
    #[test]
    fn the_chapter_prints_the_reference_values() {
        assert_eq!(
            run(derivative_of_function_1),
            "0.1999999999990898\n0.2999999999986347\n"
        );
        assert_eq!(
            run(partial_derivatives),
            "6.00000000000378\n7.999999999999119\n"
        );
        assert_eq!(
            run(tangent_lines),
            "at x = 5: f(x) = 0.75, slope 0.1999999999990898, intercept -0.24999999999544897\n\
             at x = 10: f(x) = 2.0, slope 0.2999999999986347, intercept -0.9999999999863469\n"
        );
        assert_eq!(
            run(rounding_trap),
            "1e-50 as f32: 0.0\n5 + 1e-50 == 5: true\nnumerical_diff_bad(f, 5) = 0.0\n"
        );
    }

    #[test]
    fn the_table_shows_the_error_minimum_in_the_middle() {
        let errors = difference_errors(1.0, &[1e-1, 1e-5, 1e-12]);
        // Central: large at 1e-1 (truncation), smallest near 1e-5, larger at 1e-12 (rounding).
        assert!(errors[1].2 < errors[0].2 && errors[1].2 < errors[2].2);
    }
}
