//! The listings of chapter 4, "Gradients".

use std::io::{self, Write};

use ndarray::array;

use crate::activation::softmax;
use crate::argmax::argmax;
use crate::gradient::{function_2, gradient_descent, numerical_gradient};
use crate::pyrepr::{repr, repr_list};
use crate::simple_net::{SimpleNet, book_weights};

use super::Listing;

/// The listings of this chapter, in the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    Listing {
        name: "numerical-gradient",
        run: gradients_at_three_points,
    },
    Listing {
        name: "gradient-descent",
        run: descent_from_minus_3_4,
    },
    Listing {
        name: "learning-rates",
        run: learning_rates_too_large_and_too_small,
    },
    Listing {
        name: "why-lr-10-stops",
        run: why_lr_10_stops,
    },
    Listing {
        name: "simple-net",
        run: simple_net_gradient,
    },
];

// ANCHOR: gradients
pub fn gradients_at_three_points(out: &mut dyn Write) -> io::Result<()> {
    for point in [array![3.0, 4.0], array![0.0, 2.0], array![3.0, 0.0]] {
        writeln!(
            out,
            "{}",
            repr_list(&numerical_gradient(function_2, &point))
        )?;
    }
    Ok(())
}
// ANCHOR_END: gradients

// ANCHOR: descent
pub fn descent_from_minus_3_4(out: &mut dyn Write) -> io::Result<()> {
    let init_x = array![-3.0, 4.0];
    let descent = gradient_descent(function_2, &init_x, 0.1, 100);
    writeln!(out, "{}", repr_list(&descent.x))?;
    Ok(())
}
// ANCHOR_END: descent

// ANCHOR: learning_rates
pub fn learning_rates_too_large_and_too_small(out: &mut dyn Write) -> io::Result<()> {
    let init_x = array![-3.0, 4.0];
    for lr in [10.0, 1e-10] {
        let descent = gradient_descent(function_2, &init_x, lr, 100);
        writeln!(out, "lr = {lr:e}: {}", repr_list(&descent.x))?;
    }
    Ok(())
}
// ANCHOR_END: learning_rates

// ANCHOR: why_lr_10_stops
pub fn why_lr_10_stops(out: &mut dyn Write) -> io::Result<()> {
    let descent = gradient_descent(function_2, &array![-3.0, 4.0], 10.0, 100);
    // Each step multiplies x by 1 - 2 * 10 = -19 ... until the numerical gradient dies:
    for step in [1, 2, 8, 9, 10, 11, 100] {
        let x = &descent.path[step];
        let grad = numerical_gradient(function_2, x);
        writeln!(
            out,
            "step {step:>3}: x = {}, gradient = {}",
            repr_list(x),
            repr_list(&grad)
        )?;
    }
    Ok(())
}
// ANCHOR_END: why_lr_10_stops

// ANCHOR: simple_net_demo
pub fn simple_net_gradient(out: &mut dyn Write) -> io::Result<()> {
    let net = SimpleNet { w: book_weights() }; // the weights printed in the book
    let x = array![0.6, 0.9];
    let t = array![0.0, 0.0, 1.0]; // the correct class is 2

    let p = net.predict(&x);
    writeln!(out, "p = {p:.8}")?;
    writeln!(out, "argmax = {}", argmax(p.view()))?;
    writeln!(out, "softmax(p) = {:.8}", softmax(&p))?;
    writeln!(out, "loss = {}", repr(net.loss(&x, &t)))?;
    writeln!(out, "dW =\n{:.8}", net.gradient(&x, &t))?;
    Ok(())
}

// ANCHOR_END: simple_net_demo

#[cfg(test)]
mod tests {
    use super::*;

    use crate::listings::output_of as run;

    /// The exact values are asserted in src/gradient.rs; here, that the listings
    /// print them in full, as Python's repr does.
    #[test]
    fn the_chapter_prints_the_reference_values() {
        assert_eq!(
            run(gradients_at_three_points),
            "[6.00000000000378, 7.999999999999119]\n[0.0, 4.000000000004]\n[6.000000000012662, 0.0]\n"
        );
        assert_eq!(
            run(descent_from_minus_3_4),
            "[-6.111107928998789e-10, 8.148143905314271e-10]\n"
        );
        assert_eq!(
            run(learning_rates_too_large_and_too_small),
            "lr = 1e1: [-25898374737328.363, -1295248616896.5398]\n\
             lr = 1e-10: [-2.999999939999995, 3.9999999199999934]\n"
        );
    }

    #[test]
    fn the_simple_net_prints_the_book_values() {
        let text = run(simple_net_gradient);
        assert!(text.contains("argmax = 2"), "{text}");
        assert!(
            text.contains("p = [1.05414809, 0.63071653, 1.13280740]"),
            "{text}"
        );
        assert!(text.contains("loss = 0.9280682857864075"), "{text}");
    }
}
