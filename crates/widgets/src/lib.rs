//! # nnlearn-widgets: the book's interactive figures
//!
//! Each widget of the served book calls the concept crate `nnlearn`, the very
//! code the chapters show, compiled to WebAssembly (`wasm32-unknown-unknown`).
//! This crate only adapts it to the page: it keeps the state a widget needs
//! between two calls and hands numbers in and out through flat buffers.
//!
//! | module | widget | calls |
//! |---|---|---|
//! | [`losses`] | chapter 2: the probability of the correct class, and each loss's slope | `loss::cross_entropy_error`, `loss::mean_squared_error`, `activation::softmax`, `numerical_diff::numerical_diff` |
//! | [`secants`] | chapter 3: x and the step h | `numerical_diff::{tangent_line, forward_difference, central_difference}` |
//! | [`descent`] | chapter 4: a descent from a clicked start | `checked::gradient::gradient_descent` on `function_2`, `landscape` or the elongated bowl `x0² + 10·x1²`; `gradient::numerical_gradient` for the bowls' curvatures |
//! | [`digits`], [`network`] | chapter 5: a drawn digit and the full run's network | `TwoLayerNet::predict` |
//! | [`trainer`] | chapter 5: training in the page | the loop of `train::train`, one iteration per call |
//! | [`exports`] | the functions the JavaScript calls | |
//!
//! The JavaScript is `book/widgets/widgets.js`; `cargo xtask build` and the live
//! book build the module (`tools/bookops/src/widgets.rs`).
//!
//! Every module but [`exports`] forbids unsafe code. A WebAssembly module names
//! its functions with `#[unsafe(no_mangle)]`, which the `unsafe_code` lint counts,
//! so [`exports`] alone allows that attribute; it has no `unsafe` block.
#![deny(unsafe_code)]

pub mod descent;
pub mod digits;
#[allow(unsafe_code)]
pub mod exports;
pub mod losses;
pub mod network;
pub mod own_function;
pub mod secants;
pub mod trainer;
