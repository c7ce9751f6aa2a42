//! The loss after each step (the third of the three large products of a step),
//! computed on the second core while the first computes the next step.
//!
//! The loss of step `i` is that of the weights *after* update `i`, on batch `i`;
//! the gradient of step `i + 1` reads the same weights. Both only read them, so
//! they can run at the same time: the training thread hands the new weights and
//! the batch over and goes on, and picks the loss up one step later.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::Scope;

use crate::batch::Batch;
use crate::net::FastNet;
use crate::real::Real;

/// A thread that computes losses, in the order they were asked for.
pub struct Losses<F: Real> {
    jobs: SyncSender<(Arc<FastNet<F>>, Batch<F>)>,
    results: Receiver<(f64, Batch<F>)>,
}

impl<F: Real> Losses<F> {
    // ANCHOR: spawn
    /// Starts the thread; it stops when the `Losses` is dropped.
    pub fn spawn<'scope>(scope: &'scope Scope<'scope, '_>) -> Self {
        let (jobs, jobs_rx) = sync_channel::<(Arc<FastNet<F>>, Batch<F>)>(1);
        let (results_tx, results) = sync_channel(1);
        scope.spawn(move || {
            for (network, batch) in jobs_rx {
                let loss = network.loss(batch.x.view(), batch.t.view());
                // Let go of the weights before answering: once nobody holds
                // them, the training thread writes later weights into them.
                drop(network);
                if results_tx.send((loss, batch)).is_err() {
                    return;
                }
            }
        });
        Losses { jobs, results }
    }
    // ANCHOR_END: spawn

    /// Asks for the loss of `network` on `batch`.
    pub fn start(&self, network: Arc<FastNet<F>>, batch: Batch<F>) {
        self.jobs.send((network, batch)).expect("the loss thread runs until dropped");
    }

    /// The loss asked for first of those not yet picked up, with its batch back.
    pub fn next(&self) -> (f64, Batch<F>) {
        self.results.recv().expect("the loss thread runs until dropped")
    }
}
