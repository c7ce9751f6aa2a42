//! Mini-batches (chapter 2, step 1 of chapter 5): rows drawn at random, *with
//! replacement*, like the original's `np.random.choice(train_size, batch_size)`.
//!
//! Copying 100 random rows out of 60000 is slow work for the processor's memory
//! (each row is far from the last), and it does not depend on the network. So
//! the second core draws the batches ([`Draws`]), a few ahead of the training
//! loop, between its other work ([`crate::losses`]). It uses the same generator
//! in the same order, so the batches are exactly those the loop would have
//! drawn itself.

use ndarray::{Array2, ArrayView2};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::images::{Images, OwnedImages};
use crate::real::Real;

/// One mini-batch: images `x` (one per row, numbers or bytes like the run's)
/// and their one-hot targets `t`.
pub struct Batch<F: Real> {
    pub x: OwnedImages<F>,
    pub t: Array2<F>,
}

// ANCHOR: fill
impl<F: Real> Batch<F> {
    /// Fills the batch with `batch_size` rows drawn uniformly, with replacement.
    pub fn fill(&mut self, rng: &mut ChaCha8Rng, x: Images<F>, t: ArrayView2<F>) {
        let train_size = x.nrows();
        let rows: Vec<usize> =
            (0..self.t.nrows()).map(|_| rng.random_range(0..train_size)).collect();
        x.copy_rows(&rows, &mut self.x);
        for (row, &k) in rows.iter().enumerate() {
            self.t.row_mut(row).assign(&t.row(k));
        }
    }
}
// ANCHOR_END: fill

/// The batches of a run still to draw, with the generator, and the empty
/// batches to draw them into (a few, used again and again).
pub struct Draws<'env, F: Real> {
    rng: ChaCha8Rng,
    x: Images<'env, F>,
    t: ArrayView2<'env, F>,
    left: usize,
    empty: Vec<Batch<F>>,
}

/// How many batches are in flight: one in the gradient, one in the loss, two
/// drawn ahead.
pub const IN_FLIGHT: usize = 4;

impl<'env, F: Real> Draws<'env, F> {
    /// `count` batches of `batch_size` rows of `x` and `t`, drawn with `rng`.
    pub fn new(
        rng: ChaCha8Rng,
        x: Images<'env, F>,
        t: ArrayView2<'env, F>,
        batch_size: usize,
        count: usize,
    ) -> Self {
        let empty = (0..IN_FLIGHT)
            .map(|_| Batch {
                x: OwnedImages::like(x, batch_size),
                t: Array2::zeros((batch_size, t.ncols())),
            })
            .collect();
        Draws { rng, x, t, left: count, empty }
    }

    /// The next batch, in order; `None` once all are drawn, or while every
    /// batch is in use.
    pub fn draw(&mut self) -> Option<Batch<F>> {
        if self.left == 0 {
            return None;
        }
        let mut batch = self.empty.pop()?;
        batch.fill(&mut self.rng, self.x, self.t);
        self.left -= 1;
        Some(batch)
    }

    /// Takes a used batch back, to draw into again.
    pub fn give_back(&mut self, batch: Batch<F>) {
        self.empty.push(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// Batches drawn into used arrays are exactly those drawn into new ones,
    /// from the same seed; drawing stops after `count`, and waits for a batch
    /// back when all are in use.
    #[test]
    fn draws_are_those_drawn_in_line() {
        let x = Array2::from_shape_fn((50, 3), |(i, j)| (i * 3 + j) as f64);
        let t = Array2::from_shape_fn((50, 2), |(i, j)| ((i + j) % 2) as f64);
        let (images, t) = (Images::Numbers(x.view()), t.view());
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut draws = Draws::new(ChaCha8Rng::seed_from_u64(9), images, t, 4, 7);
        let mut held = Vec::new();
        for i in 0..7 {
            let mut fresh = Batch { x: OwnedImages::like(images, 4), t: Array2::zeros((4, 2)) };
            fresh.fill(&mut rng, images, t);
            if held.len() == IN_FLIGHT {
                assert!(draws.draw().is_none(), "every batch is in use");
                draws.give_back(held.remove(0));
            }
            let b = draws.draw().expect("a batch");
            let mut buffers = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
            let got = b.x.view().rows(0..4, &mut buffers.0).to_owned();
            assert_eq!(got, fresh.x.view().rows(0..4, &mut buffers.1), "batch {i}");
            assert_eq!(b.t, fresh.t, "batch {i}");
            held.push(b);
        }
        draws.give_back(held.remove(0));
        assert!(draws.draw().is_none(), "7 batches were asked for");
    }
}
