//! The second core's work: the loss after each step (the third of the three
//! large products of a step), and, in between, the next mini-batches and
//! chunks of the evaluations.
//!
//! The loss of step `i` is that of the weights *after* update `i`, on batch `i`;
//! the gradient of step `i + 1` reads the same weights. Both only read them, so
//! they can run at the same time: the training thread hands the new weights and
//! the batch over and goes on, and picks the loss up one step later.
//!
//! A loss takes about half as long as a step, so this thread would wait half of
//! the time. It fills the wait with drawing the next mini-batches (two ahead:
//! [`crate::batch`]), then with the evaluation under way, if there is one, one
//! chunk at a time ([`crate::evaluation`]), and looks for a new loss to compute
//! between two pieces of work. One thread per core: the system has nothing
//! to share out between them.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, TrySendError, sync_channel};
use std::thread::Scope;

use crate::batch::{Batch, Draws, IN_FLIGHT};
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

/// How many times a thread looks for what it waits for before it sleeps.
const SPINS: usize = 2000;

/// The next message of `rx`, looked for [`SPINS`] times before sleeping.
fn receive<T>(rx: &Receiver<T>) -> Option<T> {
    for _ in 0..SPINS {
        match rx.try_recv() {
            Ok(message) => return Some(message),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => std::hint::spin_loop(),
        }
    }
    rx.recv().ok()
}

/// What the loss thread does between two losses.
struct SpareWork<'env, F: Real> {
    draws: Draws<'env, F>,
    /// A batch drawn that the training thread has no room for yet.
    ready: Option<Batch<F>>,
    batches: SyncSender<Batch<F>>,
    evaluation: Option<Arc<Job<'env, F>>>,
}

impl<F: Real> SpareWork<'_, F> {
    /// One piece of spare work: the next batch, if there is room for it, or
    /// else a chunk of the evaluation under way; `false` if there is none.
    fn do_one(&mut self) -> bool {
        if self.ready.is_none() {
            self.ready = self.draws.draw();
        }
        if let Some(batch) = self.ready.take() {
            match self.batches.try_send(batch) {
                Ok(()) => return true,
                Err(TrySendError::Full(batch)) => self.ready = Some(batch),
                // The training thread has stopped: the batch is not needed.
                Err(TrySendError::Disconnected(_)) => {}
            }
        }
        if self.evaluation.as_ref().is_some_and(|job| job.work()) {
            return true;
        }
        self.evaluation = None;
        false
    }
}

/// A thread that computes losses, in the order they were asked for, and helps
/// with evaluations in between.
pub struct Losses<'env, F: Real> {
    jobs: SyncSender<Message<'env, F>>,
    results: Receiver<f64>,
    batches: Receiver<Batch<F>>,
}

impl<'env, F: Real> Losses<'env, F> {
    // ANCHOR: spawn
    /// Starts the thread, which draws `draws`; it stops when the `Losses` is
    /// dropped.
    pub fn spawn<'scope>(scope: &'scope Scope<'scope, 'env>, draws: Draws<'env, F>) -> Self {
        let (jobs, jobs_rx) = sync_channel::<Message<F>>(2);
        let (results_tx, results) = sync_channel(1);
        let (batches_tx, batches) = sync_channel(IN_FLIGHT - 2);
        scope.spawn(move || {
            let mut spare = SpareWork { draws, ready: None, batches: batches_tx, evaluation: None };
            loop {
                // A loss if one is asked for; else a piece of spare work; else wait.
                let message = match jobs_rx.try_recv() {
                    Ok(message) => message,
                    Err(TryRecvError::Disconnected) => return,
                    Err(TryRecvError::Empty) if spare.do_one() => continue,
                    Err(TryRecvError::Empty) => match receive(&jobs_rx) {
                        Some(message) => message,
                        None => return,
                    },
                };
                match message {
                    Message::Loss(network, batch) => {
                        let loss = network.loss(batch.x.view(), batch.t.view());
                        // Let go of the weights before answering: once nobody
                        // holds them, the training thread writes later weights
                        // into them.
                        drop(network);
                        if results_tx.send(loss).is_err() {
                            return;
                        }
                        spare.draws.give_back(batch);
                    }
                    Message::Evaluate(job) => spare.evaluation = Some(job),
                }
            }
        });
        Losses { jobs, results, batches }
    }
    // ANCHOR_END: spawn

    /// The next mini-batch, in order.
    ///
    /// # Panics
    /// If more batches are asked for than the thread was started to draw.
    pub fn next_batch(&self) -> Batch<F> {
        receive(&self.batches).expect("asked for more batches than were drawn")
    }

    /// Asks for the loss of `network` on `batch` (which stays with the thread,
    /// to draw a later batch into).
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

    /// The loss asked for first of those not yet picked up. Until it is there,
    /// `meanwhile` is called, as long as it returns `true` (it does a piece of
    /// other work, or says there is none).
    pub fn next(&self, mut meanwhile: impl FnMut() -> bool) -> f64 {
        loop {
            match self.results.try_recv() {
                Ok(result) => return result,
                Err(TryRecvError::Empty) if meanwhile() => {}
                Err(_) => {
                    return receive(&self.results).expect("the loss thread runs until dropped");
                }
            }
        }
    }
}
