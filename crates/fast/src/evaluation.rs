//! The accuracy on the full training and test sets, measured in chunks that
//! either core computes when it has nothing else to do.
//!
//! An evaluation (70000 images) is as much work as about 160 steps of training,
//! and the steps form a chain: the thread that trains must not wait for it. The
//! thread that computes the losses has time to spare between two losses, and the
//! thread that trains has some while it waits for a loss; an [`Evaluation`] is
//! cut into chunks of [`EVAL_CHUNK`] rows, and whichever of the two is free takes
//! the next one. Each chunk adds the number of rows it recognised to the count:
//! whichever thread computed which chunk, the counts, and so the accuracies, are
//! the same.

use std::any::TypeId;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use ndarray::{Array2, ArrayView2, Axis, Slice};

use crate::images::Images;
use crate::net::FastNet;
use crate::real::Real;
use crate::screen::Screen;
use crate::train::FastData;

/// The rows of a chunk. Small enough that a loss asked for while the loss
/// thread computes a chunk is not kept waiting long, and that the chunk's
/// hidden layer stays in the processor's cache: with 100 rows the full run was
/// faster, in alternating runs, than with 250 or 500 (and 2000, as at first,
/// ran a tenth slower still).
pub const EVAL_CHUNK: usize = 100;

/// One accuracy measurement, after the update of iteration `iteration` (from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub iteration: usize,
    pub train_acc: f64,
    pub test_acc: f64,
}

/// An evaluation under way: the weights it measures, and the chunks taken and
/// finished so far.
pub struct Job<'env, F: Real> {
    network: Arc<FastNet<F>>,
    iteration: usize,
    data: FastData<'env, F>,
    /// In `f64`, the `f32` copy of the network that decides most images.
    screen: Option<Screen>,
    /// The chunks of the training set, then those of the test set.
    train_chunks: usize,
    chunks: usize,
    /// The next chunk to take.
    next: AtomicUsize,
    tally: Mutex<Tally>,
    finished: Condvar,
}

#[derive(Default)]
struct Tally {
    /// The images recognised, in the training set and in the test set.
    correct: [usize; 2],
    chunks_done: usize,
    /// A chunk panicked: the evaluation will never be complete.
    failed: bool,
}

impl<'env, F: Real> Job<'env, F> {
    /// The evaluation of `network`, the weights after update `iteration`.
    pub fn new(network: Arc<FastNet<F>>, iteration: usize, data: FastData<'env, F>) -> Self {
        let train_chunks = data.x_train.nrows().div_ceil(EVAL_CHUNK);
        let chunks = train_chunks + data.x_test.nrows().div_ceil(EVAL_CHUNK);
        // The screen reads bytes: images given as numbers are measured in F.
        let bytes = [data.x_train, data.x_test].iter().any(|x| matches!(x, Images::Bytes(_)));
        let wide = TypeId::of::<F>() == TypeId::of::<f64>();
        let screen = (wide && bytes).then(|| Screen::new(&network.to_plain()));
        Job {
            network,
            screen,
            iteration,
            data,
            train_chunks,
            chunks,
            next: AtomicUsize::new(0),
            tally: Mutex::new(Tally::default()),
            finished: Condvar::new(),
        }
    }

    /// Computes the next chunk nobody has taken yet; `false` if every chunk
    /// was taken already.
    pub fn work(&self) -> bool {
        let chunk = self.next.fetch_add(1, Ordering::Relaxed);
        if chunk >= self.chunks {
            return false;
        }
        let _on_panic = PanicGuard(self);
        let (set, chunk_in_set) =
            if chunk < self.train_chunks { (0, chunk) } else { (1, chunk - self.train_chunks) };
        let FastData { x_train, t_train, x_test, t_test } = self.data;
        let (x, t) = [(x_train, t_train), (x_test, t_test)][set];
        let correct = self.correct_in_chunk(x, t, chunk_in_set);
        let mut tally = self.tally.lock().expect("no chunk panics holding the lock");
        tally.correct[set] += correct;
        tally.chunks_done += 1;
        if tally.chunks_done == self.chunks {
            self.finished.notify_all();
        }
        true
    }

    /// Computes the chunks left, waits for those the other thread is computing,
    /// and gives the accuracies.
    ///
    /// # Panics
    /// If a chunk panicked on the other thread.
    pub fn finish(&self) -> Evaluation {
        while self.work() {}
        let mut tally = self.tally.lock().expect("no chunk panics holding the lock");
        while tally.chunks_done < self.chunks {
            assert!(!tally.failed, "an evaluation chunk panicked on the other thread");
            tally = self.finished.wait(tally).expect("no chunk panics holding the lock");
        }
        Evaluation {
            iteration: self.iteration,
            train_acc: tally.correct[0] as f64 / self.data.x_train.nrows() as f64,
            test_acc: tally.correct[1] as f64 / self.data.x_test.nrows() as f64,
        }
    }
}

/// Marks the evaluation as failed if the chunk being computed panics, so that
/// [`Job::finish`] does not wait for it forever.
struct PanicGuard<'j, 'env, F: Real>(&'j Job<'env, F>);

impl<F: Real> Drop for PanicGuard<'_, '_, F> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Ok(mut tally) = self.0.tally.lock() {
                tally.failed = true;
            }
            self.0.finished.notify_all();
        }
    }
}

impl<F: Real> Job<'_, F> {
    /// The number of rows the network recognises in chunk `chunk` of `x`, `t`.
    fn correct_in_chunk(&self, x: Images<F>, t: ArrayView2<F>, chunk: usize) -> usize {
        let start = chunk * EVAL_CHUNK;
        let rows = start..(start + EVAL_CHUNK).min(x.nrows());
        let t = t.slice_axis(Axis(0), Slice::from(rows.clone()));
        match (&self.screen, x.slice(rows)) {
            (Some(screen), Images::Bytes(x)) => self.correct_screened(screen, x, t),
            (_, x) => self.network.correct_count(x, t),
        }
    }

    /// [`FastNet::correct_count`] in `f32` where the screen proves the class
    /// ([`crate::screen`]), and in `f64` where it does not, with the softmax, as
    /// the chapter's loop computes it.
    fn correct_screened(&self, screen: &Screen, x: ArrayView2<u8>, t: ArrayView2<F>) -> usize {
        let classes = screen.classes(x);
        let unsure: Vec<usize> = (0..classes.len()).filter(|&r| classes[r].is_none()).collect();
        let again = if unsure.is_empty() {
            Array2::zeros((0, 0))
        } else {
            self.network.scores(Images::Bytes(x.select(Axis(0), &unsure).view()))
        };
        let mut again = again.rows().into_iter();
        let mut correct = 0;
        for (class, t) in classes.into_iter().zip(t.rows()) {
            let class = class.unwrap_or_else(|| {
                let scores = again.next().expect("a row for each unsure image");
                let y = nnlearn::activation::softmax(&scores.mapv(F::to_f64_lossless));
                nnlearn::argmax::argmax(&y.view())
            });
            correct += usize::from(class == crate::net::argmax(t));
        }
        correct
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnlearn::two_layer_net::TwoLayerNet;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Shared between two threads in any way, an evaluation gives the plain
    /// network's accuracies, and every chunk is computed once: with a network
    /// whose images the `f32` screen decides, and with one whose images it
    /// leaves to `f64` (two classes tie, and the chapter's loop picks the first).
    #[test]
    fn two_threads_give_the_plain_accuracies() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let plain = TwoLayerNet::new(784, 9, 10, &mut rng);
        let mut tied = plain.clone();
        let column = tied.params.w2.column(3).to_owned();
        tied.params.w2.column_mut(7).assign(&column);
        tied.params.b2[3] += 10.0;
        tied.params.b2[7] = tied.params.b2[3];
        let image = |i: usize, j: usize| ((i * 31 + j * 7) % 256) as u8;
        let bytes = |n: usize| Array2::from_shape_fn((n, 784), |(i, j)| image(i, j));
        let labels = |n: usize| -> Vec<usize> { (0..n).map(|i| (i * 7) % 10).collect() };
        let (x_train, x_test) = (bytes(1234), bytes(260));
        let (t_train, t_test) =
            (nnlearn::loss::one_hot(&labels(1234), 10), nnlearn::loss::one_hot(&labels(260), 10));
        let numbers = |x: &Array2<u8>| x.mapv(|b| f64::from(b) / 255.0);
        let pixels =
            crate::PixelData::new(x_train.clone(), t_train.clone(), x_test.clone(), t_test.clone());
        for (net, screened) in [(&plain, true), (&tied, false)] {
            let want_train = net.accuracy(&numbers(&x_train), &t_train);
            let want_test = net.accuracy(&numbers(&x_test), &t_test);
            let network = Arc::new(FastNet::<f64>::from_plain(net));
            let screen = Screen::new(net);
            let decided = screen.classes(x_train.view()).iter().filter(|c| c.is_some()).count();
            assert_eq!(decided > 1000, screened, "{decided} of 1234 decided in f32");
            for helper_chunks in [0, 1, 3, usize::MAX] {
                let job = Job::new(Arc::clone(&network), 7, pixels.view());
                let got = std::thread::scope(|scope| {
                    scope.spawn(|| {
                        for _ in 0..helper_chunks {
                            if !job.work() {
                                break;
                            }
                        }
                    });
                    job.finish()
                });
                let want = Evaluation { iteration: 7, train_acc: want_train, test_acc: want_test };
                assert_eq!(got, want);
                let chunks = 1234_usize.div_ceil(EVAL_CHUNK) + 260_usize.div_ceil(EVAL_CHUNK);
                assert_eq!(job.tally.lock().unwrap().chunks_done, chunks);
            }
        }
    }
}
