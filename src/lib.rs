//! # nnlearn: How Neural Networks Learn, in Rust
//!
//! The ideas of the book, one per file, in plain `f64` Rust: the code the
//! chapters show is this crate's source, included by anchors.
//!
//! | chapter | files |
//! |---|---|
//! | 1 Learning from data | (the data: the `mnist` crate beside this one) |
//! | 2 Loss functions | [`loss`], [`activation`], [`pairwise`] |
//! | 3 Numerical differentiation | [`numerical_diff`], and [`gradient::function_2`] |
//! | 4 Gradients | [`gradient`], [`simple_net`] |
//! | 5 The learning algorithm | [`two_layer_net`], [`train`], [`argmax`] |
//! | (every chapter) | [`checked`]: the same functions with their arguments checked |
//!
//! Nothing here prints, draws, reads files or starts a thread. The listings,
//! figures, exercises and the command line of the book are in `crates/book`,
//! the MNIST reader in `crates/mnist`, and the fast training path (threads,
//! `f32`, AVX-512 matrix kernels) in `crates/fast`, which is tested to give this
//! crate's results bit for bit.
#![forbid(unsafe_code)]

// Chapter 2: loss functions
pub mod activation;
pub mod loss;
pub mod pairwise;

// Chapter 3: numerical differentiation
pub mod numerical_diff;

// Chapter 4: gradients
pub mod gradient;
pub mod simple_net;

// Chapter 5: the learning algorithm
pub mod argmax;
pub mod train;
pub mod two_layer_net;

// Every chapter: the same functions, with their arguments checked.
pub mod checked;
