//! Listing: three starts for the same network, trained the same way: all
//! weights 0, weights of standard deviation 1.0, and the book's 0.01.
use crate::capture::println;
use crate::listing::listing;

use nnlearn::train::Data;
use rand::Rng;

// ANCHOR: listing
use ndarray::Axis;
use nnlearn::checked::train::validation_split;
use nnlearn::two_layer_net::TwoLayerNet;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::plateau::hidden_layer;
use crate::learning_algorithm::data::load;

fn main() -> anyhow::Result<()> {
    // 4000 shipped training images to learn from, 1000 kept apart to judge on.
    let data = validation_split(&load(&mnist::subset_dir(), None)?, 1000)?;
    // The book's weights (0.01 × standard normal) times 0, times 100, times 1.
    for (start, scale) in [("all zero", 0.0), ("std 1.0", 100.0), ("std 0.01", 1.0)] {
        let s = try_start(scale, &data);
        println!("{start}: validation accuracy {:.3}, loss {:.3}", s.accuracy, s.loss);
        println!(
            "  mean σ′ {:.4} at the start, {:.4} at the end; hidden units unlike unit 0: {} of 49",
            s.slope_before, s.slope, s.unlike
        );
    }
    Ok(())
}

/// The book's network with its weights scaled by `scale`, trained for 1000
/// iterations, then measured on the validation images.
pub fn try_start(scale: f64, data: &Data) -> Start {
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut net = TwoLayerNet::new(784, 50, 10, &mut rng);
    net.params.w1 *= scale;
    net.params.w2 *= scale;
    let (slope_before, _) = hidden_layer(&net, &data.x_test);
    train_from(&mut net, data, 1000, &mut rng); // batch 100, lr 0.1
    let (slope, _) = hidden_layer(&net, &data.x_test);
    let w1 = &net.params.w1;
    let unlike = w1.columns().into_iter().filter(|c| *c != w1.column(0)).count();
    let (x, t) = (&data.x_test, &data.t_test);
    Start { accuracy: net.accuracy(x, t), loss: net.loss(x, t), slope_before, slope, unlike }
}
// ANCHOR_END: listing

listing!("init-experiment");

/// What [`try_start`] measures: the validation accuracy and loss after
/// training, the mean slope σ′ of the hidden units on the validation images
/// before and after, and how many hidden units have weights (columns of W1)
/// unlike the first unit's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    pub accuracy: f64,
    pub loss: f64,
    pub slope_before: f64,
    pub slope: f64,
    pub unlike: usize,
}

/// The chapter's loop (`nnlearn::train::train`) from a given network: `iters` mini-batches
/// of 100 drawn with `rng`, learning rate 0.1.
pub fn train_from(net: &mut TwoLayerNet, data: &Data, iters: usize, rng: &mut ChaCha8Rng) {
    let train_size = data.x_train.nrows();
    for _ in 0..iters {
        let batch_mask: Vec<usize> = (0..100).map(|_| rng.random_range(0..train_size)).collect();
        let x_batch = data.x_train.select(Axis(0), &batch_mask);
        let t_batch = data.t_train.select(Axis(0), &batch_mask);
        let grad = net.gradient(&x_batch, &t_batch);
        net.params.update(&grad, 0.1);
    }
}

#[cfg(test)]
mod tests {
    /// What the chapter says of the three starts: the book's learns best, the
    /// large start learns with sigmoids whose mean slope is a fifth of the
    /// maximum or less, and the all-zero start keeps its hidden units identical
    /// (every unit the same as unit 0) and learns least.
    #[test]
    fn the_three_starts_behave_as_the_chapter_says() {
        let text = super::LISTING.output().unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 6, "{text}");
        let number = |line: &str, after: &str| -> f64 {
            let rest = &line[line.find(after).unwrap() + after.len()..];
            rest.trim_start().split([',', ' ']).next().unwrap().parse().unwrap()
        };
        let accuracy: Vec<f64> =
            (0..3).map(|k| number(lines[2 * k], "validation accuracy")).collect();
        assert!(accuracy[2] > accuracy[1] && accuracy[1] > accuracy[0], "{text}");
        assert!(lines[1].ends_with("unlike unit 0: 0 of 49"), "{text}");
        assert!(lines[3].ends_with("49 of 49") && lines[5].ends_with("49 of 49"), "{text}");
        assert!(number(lines[3], "mean σ′") < 0.05, "{text}");
        assert!(number(lines[5], "mean σ′") > 0.24 && number(lines[1], "mean σ′") == 0.25);
    }
}
