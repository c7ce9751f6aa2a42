//! Listing: what the hidden layer looks like during the first 300 iterations of
//! the book's run, re-run with its seed on the shipped images: the measurements
//! behind the section on the flat start of the loss.
use crate::capture::println;
use crate::listing::listing;

use nnlearn::train::{Data, TrainConfig};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

// ANCHOR: listing
use ndarray::{Array2, Axis};
use nnlearn::activation::sigmoid;
use nnlearn::two_layer_net::TwoLayerNet;

use crate::learning_algorithm::{data::load, runs::book_run};

/// The hidden layer on a batch `x`: the mean slope σ′ of its units, and how
/// much their outputs differ from image to image (the standard deviation of
/// each unit's output over the images, averaged over the units).
pub fn hidden_layer(net: &TwoLayerNet, x: &Array2<f64>) -> (f64, f64) {
    let z1 = (x.dot(&net.params.w1) + &net.params.b1).mapv(sigmoid);
    let slope = z1.mapv(|z| z * (1.0 - z)).mean().unwrap_or(0.0);
    let spread = z1.std_axis(Axis(0), 0.0).mean().unwrap_or(0.0);
    (slope, spread)
}

fn main() -> anyhow::Result<()> {
    let data = load(&mnist::subset_dir(), None)?; // the 5000 shipped training images
    let trace = plateau(&data, 301); // the book's run, its seed, the chapter's loop
    println!("iteration   loss   mean σ′  spread of z1   ‖W2‖");
    for (i, step) in trace.iter().enumerate().step_by(50) {
        println!(
            "{i:>9}  {:.3}   {:.4}      {:.4}      {:.3}",
            step.loss, step.slope, step.spread, step.norm_w2
        );
    }
    let full = book_run("full")?.record()?.log.train_loss_list; // the recorded run
    let mean = full[100..=150].iter().sum::<f64>() / 51.0;
    println!("the recorded full run, mean loss over iterations 100 to 150: {mean:.3}");
    Ok(())
}
// ANCHOR_END: listing

listing!("plateau");

/// One iteration of [`plateau`]: the loss on the mini-batch after the update
/// (what the training loop logs), and, before the update, [`hidden_layer`] on
/// the mini-batch and the size of W2 (the square root of the sum of its squares).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub loss: f64,
    pub slope: f64,
    pub spread: f64,
    pub norm_w2: f64,
}

/// The chapter's training loop (`nnlearn::train::train`) with the book's
/// hyperparameters, step for step, for `iters` iterations on `data`, measured at
/// every iteration.
pub fn plateau(data: &Data, iters: usize) -> Vec<Step> {
    let config = TrainConfig::default();
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let train_size = data.x_train.nrows();
    let mut net = TwoLayerNet::new(784, config.hidden_size, 10, &mut rng);
    let mut trace = Vec::with_capacity(iters);
    for _ in 0..iters {
        let batch_mask: Vec<usize> =
            (0..config.batch_size).map(|_| rng.random_range(0..train_size)).collect();
        let x = data.x_train.select(Axis(0), &batch_mask);
        let t = data.t_train.select(Axis(0), &batch_mask);
        let (slope, spread) = hidden_layer(&net, &x);
        let norm_w2 = net.params.w2.mapv(|w| w * w).sum().sqrt();
        let grad = net.gradient(&x, &t);
        net.params.update(&grad, config.learning_rate);
        trace.push(Step { loss: net.loss(&x, &t), slope, spread, norm_w2 });
    }
    trace
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subset() -> Data {
        load(&mnist::subset_dir(), None).unwrap()
    }

    /// The measured loop is the chapter's loop: the same losses, bit for bit, as
    /// `train` with the book's configuration on the same data.
    #[test]
    fn the_measured_loop_is_the_chapters() {
        let data = subset();
        let config = TrainConfig { iters_num: 40, ..TrainConfig::default() };
        let (_, log) = nnlearn::train::train(&config, &data);
        let losses: Vec<f64> = plateau(&data, 40).iter().map(|s| s.loss).collect();
        assert_eq!(losses, log.train_loss_list);
    }

    /// The measurements, checked independently: σ′ of a unit whose input is 0
    /// is 1/4 and its output 1/2 for every image, so a network with W1 = 0 and
    /// b1 = 0 has mean slope 0.25 and spread 0; with b1 = ln 3 every output is
    /// 3/4, slope 3/16.
    #[test]
    fn hidden_layer_measures_what_it_says() {
        let data = subset();
        let x = data.x_train.select(Axis(0), &[0, 1, 2, 3]);
        let mut net = TwoLayerNet::new(784, 5, 10, &mut ChaCha8Rng::seed_from_u64(1));
        net.params.w1.fill(0.0);
        assert_eq!(hidden_layer(&net, &x), (0.25, 0.0));
        net.params.b1.fill(3f64.ln());
        let (slope, spread) = hidden_layer(&net, &x);
        assert!((slope - 3.0 / 16.0).abs() < 1e-12 && spread < 1e-12, "{slope} {spread}");
    }

    /// What the chapter says of the plateau, on this run: the loss stays near
    /// ln 10 for the first 100 iterations while the mean σ′ stays near its
    /// maximum 0.25 (nothing saturates), the hidden outputs barely differ from
    /// image to image, and ‖W2‖ starts near 0.01·√500 ≈ 0.22 and grows; by
    /// iteration 300 the loss has left the plateau.
    #[test]
    fn the_plateau_is_not_saturation() {
        let trace = plateau(&subset(), 301);
        for step in &trace[..100] {
            assert!(step.loss > 2.1, "{step:?}");
            assert!(step.slope > 0.24, "{step:?}");
            assert!(step.spread < 0.1, "{step:?}");
        }
        assert!((trace[0].norm_w2 - 0.01 * 500f64.sqrt()).abs() < 0.03, "{:?}", trace[0]);
        assert!(trace[300].norm_w2 > 3.0 * trace[0].norm_w2, "{:?}", trace[300]);
        assert!(trace[300].loss < 1.8, "{:?}", trace[300]);
    }
}
