//! Chapter 4, "Gradients": its listings, figures (and the experiments that draw
//! them), exercises, and the `simple-net` command.

pub mod contour;
pub mod exercises;
pub mod figures;
pub mod listings;

use nnlearn::checked::simple_net::{gradient, loss};
use nnlearn::simple_net::{SimpleNet, book_weights};

/// Chapter 4: the 2×3 network's loss and numerical gradient, with random weights.
#[derive(clap::Args, Debug, Clone)]
pub struct SimpleNetArgs {
    /// Seed of the random weights (omit it for the book's fixed weights).
    #[arg(long)]
    pub seed: Option<u64>,
}

impl SimpleNetArgs {
    /// Prints the weights, the loss and the numerical gradient (it cannot fail).
    pub fn run(&self) {
        let net = match self.seed {
            Some(seed) => SimpleNet::new(seed),
            None => SimpleNet { w: book_weights() },
        };
        let x = ndarray::array![0.6, 0.9];
        let t = ndarray::array![0.0, 0.0, 1.0];
        println!("W =\n{:.8}", net.w);
        println!("loss = {:?}", loss(&net, &x, &t));
        println!("dW =\n{:.8}", gradient(&net, &x, &t));
    }
}
