//! # nnlearn-fast: the book's training run, fast
//!
//! The training loop of chapter 5 ([`nnlearn::train::train`]) is written to be
//! read: one thread, `f64`, a fresh array for every intermediate result. This
//! crate runs the same algorithm as fast as this machine allows, and is tested to
//! give the plain loop's results bit for bit in `f64` (the loss after every
//! update, every accuracy, the final weights):
//!
//! - the arithmetic is generic over [`Real`]: `f64`, or `f32` for half the memory
//!   traffic and twice the numbers per vector instruction;
//! - the images are kept as the files' bytes ([`images`]: 47 MB instead of
//!   376 MB), in the mini-batches too, and the matrix kernels read them through
//!   a table of the 256 numbers they stand for (the loader's numbers, to the bit);
//! - the loss after each update ([`losses`]) runs on the second core, on the new
//!   weights (shared, not copied), while training goes on; between two losses
//!   the second core draws the next mini-batches ([`batch::Draws`], with the same
//!   random numbers in the same order); the evaluations of the accuracy are cut
//!   into chunks that either core computes when it has nothing else to do
//!   ([`evaluation`]);
//! - in `f64`, an evaluation computes the scores in `f32`, and keeps their
//!   answer wherever a proven bound on the difference from the `f64` scores
//!   decides it; the few other images are computed in `f64` ([`screen`]);
//! - the layers are computed in place, the new weights written into a spare
//!   set, and the accuracy compares the scores before the softmax (the softmax
//!   keeps their order);
//! - the two large products of every step (`x W1` and `xᵀ δ`, and `x W1` of the
//!   evaluations) use this crate's own kernels ([`gemm`]), which do not copy
//!   their operands first and do `matrixmultiply`'s operations in its order
//!   (the same bits), and which turn the gradient of `W1` into the new `W1`
//!   without storing it; the small ones use `matrixmultiply`'s AVX-512 kernels
//!   (the `avx512` feature in this crate's `Cargo.toml`). Both are chosen at
//!   run time, for the processor at hand.
//!
//! The book's appendix, "Making it fast", explains each of these.
#![forbid(unsafe_code)]

pub mod batch;
pub mod evaluation;
pub mod gemm;
pub mod images;
pub mod losses;
pub mod net;
pub mod real;
pub mod screen;
pub mod train;

pub use evaluation::{EVAL_CHUNK, Evaluation};
pub use images::{Images, pixel_value};
pub use net::FastNet;
pub use real::Real;
pub use train::{Converted, FastData, PixelData, Progress, train};
