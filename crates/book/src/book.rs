//! The chapters of the book, compiled as doctests: `cargo test` runs every Rust
//! block of every chapter (merged into one test binary, as edition 2024 does).
//!
//! A failing block is reported with its chapter file and line, for example
//! `crates/book/src/../../../book/loss-functions.md - book::loss_functions (line 57)`. To test one
//! chapter only: `cargo test --doc loss-functions.md`.

#[doc = include_str!("../../../book/introduction.md")]
pub mod introduction {}

#[doc = include_str!("../../../book/rust-and-ndarray.md")]
pub mod rust_and_ndarray {}

#[doc = include_str!("../../../book/learning-from-data.md")]
pub mod learning_from_data {}

#[doc = include_str!("../../../book/loss-functions.md")]
pub mod loss_functions {}

#[doc = include_str!("../../../book/numerical-differentiation.md")]
pub mod numerical_differentiation {}

#[doc = include_str!("../../../book/gradients.md")]
pub mod gradients {}

#[doc = include_str!("../../../book/learning-algorithm.md")]
pub mod learning_algorithm {}

#[doc = include_str!("../../../book/summary.md")]
pub mod summary {}

#[doc = include_str!("../../../book/appendix-mnist.md")]
pub mod appendix_mnist {}

#[doc = include_str!("../../../book/appendix-fast.md")]
pub mod appendix_fast {}

#[doc = include_str!("../../../book/appendix-reproducing.md")]
pub mod appendix_reproducing {}

#[doc = include_str!("../../../book/glossary.md")]
pub mod glossary {}
