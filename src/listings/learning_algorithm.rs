//! The listings of chapter 5, "The learning algorithm" (and the overfitting
//! result quoted in chapter 1).

use std::io::{self, Write};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::experiment::{Mnist, book_runs};
use crate::mnist::subset_dir;
use crate::pyrepr::repr;
use crate::two_layer_net::TwoLayerNet;

use super::Listing;

/// The listings of this chapter, in the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    Listing {
        name: "two-layer-net-shapes",
        run: shapes,
    },
    Listing {
        name: "first-loss",
        run: first_loss,
    },
    Listing {
        name: "gradient-check",
        run: gradient_check,
    },
    Listing {
        name: "full-run-summary",
        run: full_run_summary,
    },
    Listing {
        name: "overfit-summary",
        run: overfit_summary,
    },
];

// ANCHOR: shapes
pub fn shapes(out: &mut dyn Write) -> io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::<f64>::new(784, 100, 10, &mut rng);
    for (name, p) in net.params.named() {
        writeln!(out, "{name} {:?}", p.shape())?;
    }
    Ok(())
}
// ANCHOR_END: shapes

// ANCHOR: first_loss
pub fn first_loss(out: &mut dyn Write) -> io::Result<()> {
    // The real digits shipped with the crate; the first 100 training images.
    let mnist = Mnist::<f64>::load(&subset_dir()).map_err(io::Error::other)?;
    let data = mnist.data(Some(100));
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::<f64>::new(784, 50, 10, &mut rng);

    let loss = net.loss(data.x_train, data.t_train);
    writeln!(
        out,
        "loss before learning: {loss:.6} (ln 10 = {:.6})",
        10f64.ln()
    )?;
    writeln!(
        out,
        "accuracy before learning: {}",
        net.accuracy(data.x_train, data.t_train)
    )?;
    Ok(())
}
// ANCHOR_END: first_loss

// ANCHOR: gradient_check
pub fn gradient_check(out: &mut dyn Write) -> io::Result<()> {
    let mnist = Mnist::<f64>::load(&subset_dir()).map_err(io::Error::other)?;
    let data = mnist.data(Some(3)); // three images, as the original's gradient check
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let net = TwoLayerNet::<f64>::new(784, 10, 10, &mut rng);

    let numerical = net.numerical_gradient(data.x_train, data.t_train);
    let backprop = net.gradient(data.x_train, data.t_train);
    for ((name, n), (_, b)) in numerical.named().into_iter().zip(backprop.named()) {
        let mean_difference = (&n - &b).mapv(f64::abs).mean().unwrap_or(0.0);
        writeln!(
            out,
            "{name}: mean |numerical - backprop| = {mean_difference:.1e}"
        )?;
    }
    Ok(())
}
// ANCHOR_END: gradient_check

/// The evaluations of a run the book keeps: first, second and last, and the gap.
fn summarise(out: &mut dyn Write, run: &str) -> io::Result<()> {
    let run = book_runs()
        .into_iter()
        .find(|r| r.name == run)
        .expect("a book run");
    let record = run.record().map_err(io::Error::other)?;
    let e = &record.log.evaluations;
    let last = e.last().expect("a run evaluates at least once");
    writeln!(out, "{}", record.summary)?;
    writeln!(out, "first evaluation:  {}", e[0])?;
    writeln!(out, "second evaluation: {}", e[1])?;
    writeln!(out, "last evaluation:   {last}")?;
    writeln!(out, "train - test: {:.4}", last.train_acc - last.test_acc)?;
    writeln!(
        out,
        "final loss: {}",
        repr(*record.log.losses.last().expect("losses"))
    )?;
    Ok(())
}

pub fn full_run_summary(out: &mut dyn Write) -> io::Result<()> {
    summarise(out, "full")
}

pub fn overfit_summary(out: &mut dyn Write) -> io::Result<()> {
    summarise(out, "overfit")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::listings::output_of as run;

    /// The shapes of the notes' example with 100 hidden neurons.
    #[test]
    fn shapes_match_the_notes() {
        assert_eq!(
            run(shapes),
            "W1 [784, 100]\nb1 [100]\nW2 [100, 10]\nb2 [10]\n"
        );
    }

    #[test]
    fn the_gradients_agree() {
        let text = run(gradient_check);
        for line in text.lines() {
            let value: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
            // Not 0: the loss takes ln(y + 1e-7), backprop differentiates ln y
            // (a relative difference of about 1e-7 / y, y ≈ 0.1 here).
            assert!(value < 1e-6, "{line}");
        }
    }

    /// The book's full run ends where the issue pins it: train and test accuracy in
    /// [0.93, 0.96], within 0.015 of each other.
    #[test]
    fn the_recorded_full_run_is_in_range() {
        let record = book_runs()
            .into_iter()
            .find(|r| r.name == "full")
            .unwrap()
            .record()
            .unwrap();
        assert_eq!(record.log.losses.len(), 10000);
        assert_eq!(record.log.evaluations.len(), 17);
        let last = record.log.evaluations.last().unwrap();
        for acc in [last.train_acc, last.test_acc] {
            assert!((0.93..=0.96).contains(&acc), "{last}");
        }
        assert!((last.train_acc - last.test_acc).abs() <= 0.015);
        assert!((record.log.losses[0] - 10f64.ln()).abs() < 0.05);
    }
}
