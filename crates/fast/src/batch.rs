//! Mini-batches (chapter 2, step 1 of chapter 5): rows drawn at random, *with
//! replacement*, like the original's `np.random.choice(train_size, batch_size)`.
//!
//! Copying 100 random rows out of 60000 is slow work for the processor's memory
//! (each row is far from the last), and it does not depend on the network. So a
//! [`Sampler`] draws the batches on a thread of its own, a few ahead of the
//! training loop. It uses the same generator in the same order, so the batches
//! are exactly those the loop would have drawn itself.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::Scope;

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

/// Batches drawn ahead of time on their own thread; see the module documentation.
pub struct Sampler<F: Real> {
    full: Receiver<Batch<F>>,
    empty: SyncSender<Batch<F>>,
}

/// How many batches are in flight: one in the gradient, one in the loss, one
/// ready, one being filled.
const IN_FLIGHT: usize = 4;

impl<F: Real> Sampler<F> {
    /// Starts drawing `count` batches of `batch_size` rows of `x` and `t` from `rng`.
    /// The thread stops after `count` batches, or as soon as the sampler is dropped.
    pub fn spawn<'scope, 'env>(
        scope: &'scope Scope<'scope, 'env>,
        mut rng: ChaCha8Rng,
        x: Images<'env, F>,
        t: ArrayView2<'env, F>,
        batch_size: usize,
        count: usize,
    ) -> Self {
        let (full_tx, full) = sync_channel(IN_FLIGHT);
        let (empty, empty_rx) = sync_channel::<Batch<F>>(IN_FLIGHT);
        for _ in 0..IN_FLIGHT {
            let batch = Batch {
                x: OwnedImages::like(x, batch_size),
                t: Array2::zeros((batch_size, t.ncols())),
            };
            empty.send(batch).expect("the channel has room for every batch");
        }
        scope.spawn(move || {
            for _ in 0..count {
                let Ok(mut batch) = empty_rx.recv() else {
                    return;
                };
                batch.fill(&mut rng, x, t);
                if full_tx.send(batch).is_err() {
                    return;
                }
            }
        });
        Sampler { full, empty }
    }

    /// The next batch, in order.
    ///
    /// # Panics
    /// If more batches are asked for than the sampler was started with.
    pub fn next(&self) -> Batch<F> {
        self.full.recv().expect("asked for more batches than were drawn")
    }

    /// Hands a used batch back, to be filled again.
    pub fn give_back(&self, batch: Batch<F>) {
        // If the sampler thread has finished, the batch is simply dropped.
        let _ = self.empty.send(batch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The batches from the thread are exactly those drawn in line from the same seed.
    #[test]
    fn the_thread_draws_what_the_loop_would_draw() {
        let x = Array2::from_shape_fn((50, 3), |(i, j)| (i * 3 + j) as f64);
        let t = Array2::from_shape_fn((50, 2), |(i, j)| ((i + j) % 2) as f64);
        let mut in_line = Vec::new();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..7 {
            let x = Images::Numbers(x.view());
            let mut b = Batch { x: OwnedImages::like(x, 4), t: Array2::zeros((4, 2)) };
            b.fill(&mut rng, x, t.view());
            in_line.push(b);
        }
        std::thread::scope(|scope| {
            let sampler = Sampler::spawn(
                scope,
                ChaCha8Rng::seed_from_u64(9),
                Images::Numbers(x.view()),
                t.view(),
                4,
                7,
            );
            for expected in &in_line {
                let b = sampler.next();
                let mut buffers = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
                let got = b.x.view().rows(0..4, &mut buffers.0).to_owned();
                assert_eq!(got, expected.x.view().rows(0..4, &mut buffers.1));
                assert_eq!(b.t, expected.t);
                sampler.give_back(b);
            }
        });
    }

    #[test]
    fn dropping_the_sampler_early_stops_its_thread() {
        let x = Array2::<f64>::zeros((10, 2));
        std::thread::scope(|scope| {
            let sampler = Sampler::spawn(
                scope,
                ChaCha8Rng::seed_from_u64(1),
                Images::Numbers(x.view()),
                x.view(),
                2,
                1_000_000,
            );
            let _ = sampler.next();
        }); // returns: the thread noticed and stopped
    }
}
