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
//! - the mini-batches are drawn on a second thread a few iterations ahead
//!   ([`batch::Sampler`]), with the same random numbers in the same order;
//! - each evaluation of the accuracy runs on the second core on a copy of the
//!   parameters, while training goes on;
//! - the layers are computed in place, without a new array per step, and the
//!   accuracy compares the scores before the softmax (the softmax keeps their order);
//! - the two large products of every step (`x W1` and `xᵀ δ`, and `x W1` of the
//!   evaluations) use this crate's own kernels ([`gemm`]), which do not copy
//!   their operands first and do `matrixmultiply`'s operations in its order
//!   (the same bits); the small ones use `matrixmultiply`'s AVX-512 kernels (the
//!   `avx512` feature in this crate's `Cargo.toml`). Both are chosen at run
//!   time, for the processor at hand.
//!
//! The book's appendix, "Making it fast", explains each of these.
#![forbid(unsafe_code)]

pub mod batch;
pub mod gemm;
pub mod images;
pub mod losses;
pub mod net;
pub mod real;
pub mod train;

pub use images::{Images, PixelValues};
pub use net::FastNet;
pub use real::Real;
pub use train::{Converted, Evaluation, FastData, PixelData, Progress, train};
