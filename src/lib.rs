//! # nnlearn: How Neural Networks Learn, in Rust
//!
//! The crate behind the book. Each module is one idea of the book, named after it,
//! and readable top to bottom:
//!
//! | chapter | module |
//! |---|---|
//! | 2 Loss functions | [`loss`], [`activation`], [`pairwise`] |
//!
//! Every listing of the book is either a doctest of this crate (the chapters are
//! compiled as doctests, see [`book`]) or an `{{#include}}` of this source, so
//! `cargo test` runs them all.
#![forbid(unsafe_code)]

pub mod activation;
pub mod argmax;
pub mod batch;
pub mod bench_table;
#[cfg(doctest)]
pub mod book;
mod check;
pub mod cli;
pub mod diff;
pub mod exercises;
pub mod experiment;
pub mod figures;
pub mod generated;
pub mod gradient;
pub mod listings;
pub mod loss;
pub mod mnist;
pub mod pairwise;
pub mod plot;
pub mod pyrepr;
pub mod real;
pub mod simple_net;
pub mod train;
pub mod two_layer_net;
