//! The second core's work: the loss after each step (the third of the three
//! large products of a step), and, in between, chunks of the evaluations.
//!
//! The loss of step `i` is that of the weights *after* update `i`, on batch `i`;
//! the gradient of step `i + 1` reads the same weights. Both only read them, so
//! they can run at the same time: the training thread hands the new weights and
//! the batch over and goes on, and picks the loss up one step later.
//!
//! A loss takes about half as long as a step, so this thread would wait half of
//! the time. It fills the wait with the evaluation under way, if there is one,
//! one chunk at a time ([`crate::evaluation`]), and looks for a new loss to
//! compute between two chunks.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};
use std::thread::Scope;

use crate::batch::Batch;
use crate::evaluation::Job;
use crate::net::FastNet;
use crate::real::Real;

/// What the training thread asks of the second core.
enum Message<'env, F: Real> {
    /// The loss of these weights on this batch.
    Loss(Arc<FastNet<F>>, Batch<F>),
    /// Help with this evaluation when there is no loss to compute.
    Evaluate(Arc<Job<'env, F>>),
}

/// A thread that computes losses, in the order they were asked for, and helps
/// with evaluations in between.
pub struct Losses<'env, F: Real> {
    jobs: SyncSender<Message<'env, F>>,
    results: Receiver<(f64, Batch<F>)>,
}

impl<'env, F: Real> Losses<'env, F> {
    // ANCHOR: spawn
    /// Starts the thread; it stops when the `Losses` is dropped.
    pub fn spawn<'scope>(scope: &'scope Scope<'scope, 'env>) -> Self {
        let (jobs, jobs_rx) = sync_channel::<Message<F>>(2);
        let (results_tx, results) = sync_channel(1);
        scope.spawn(move || {
            let mut evaluation: Option<Arc<Job<F>>> = None;
            loop {
                let message = match jobs_rx.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Disconnected) => return,
                    // Nothing asked: a chunk of the evaluation, or wait.
                    Err(TryRecvError::Empty) => {
                        if evaluation.as_ref().is_some_and(|job| job.work()) {
                            continue;
                        }
                        evaluation = None;
                        match jobs_rx.recv() {
                            Ok(message) => message,
                            Err(_) => return,
                        }
                    }
                };
                match message {
                    Message::Loss(network, batch) => {
                        let loss = network.loss(batch.x.view(), batch.t.view());
                        // Let go of the weights before answering: once nobody
                        // holds them, the training thread writes later weights
                        // into them.
                        drop(network);
                        if results_tx.send((loss, batch)).is_err() {
                            return;
                        }
                    }
                    Message::Evaluate(job) => evaluation = Some(job),
                }
            }
        });
        Losses { jobs, results }
    }
    // ANCHOR_END: spawn

    /// Asks for the loss of `network` on `batch`.
    pub fn start(&self, network: Arc<FastNet<F>>, batch: Batch<F>) {
        self.send(Message::Loss(network, batch));
    }

    /// Asks the thread to compute chunks of `job` whenever it has no loss to compute.
    pub fn help_with(&self, job: Arc<Job<'env, F>>) {
        self.send(Message::Evaluate(job));
    }

    fn send(&self, message: Message<'env, F>) {
        self.jobs.send(message).expect("the loss thread runs until dropped");
    }

    /// The loss asked for first of those not yet picked up, with its batch back.
    /// Until it is there, `meanwhile` is called, as long as it returns `true`
    /// (it does a piece of other work, or says there is none).
    pub fn next(&self, mut meanwhile: impl FnMut() -> bool) -> (f64, Batch<F>) {
        loop {
            match self.results.try_recv() {
                Ok(result) => return result,
                Err(TryRecvError::Empty) if meanwhile() => {}
                Err(_) => return self.results.recv().expect("the loss thread runs until dropped"),
            }
        }
    }
}
