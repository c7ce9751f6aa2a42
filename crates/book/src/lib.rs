//! # nnlearn-book: the machinery of the book
//!
//! Everything the book needs besides its ideas (which are the `nnlearn` crate):
//! its listings, figures, exercises and recorded runs, grouped by chapter under
//! the chapters' names, the regeneration of what the book shows, and the
//! `nnlearn` command line. Dependencies point one way: from here down to
//! `nnlearn` (the concepts), `nnlearn-fast` (the fast path) and `mnist` (the data).
//!
//! | module | what |
//! |---|---|
//! | [`learning_from_data`], [`loss_functions`], [`numerical_differentiation`], [`gradients`], [`learning_algorithm`], [`appendix_fast`], [`appendix_reproducing`] | each chapter's listings, figures, exercises and commands |
//! | [`contents`] | every listing, figure and exercise of the book, in order |
//! | [`listing`], [`capture`] | listings: small programs whose printed lines the book shows |
//! | [`figure`], [`experiment`], [`plot`] | figures: one definition each, drawn by the crate |
//! | [`atomic_file`] | every file the code writes, written whole or not at all |
//! | [`exercise`] | the exercises' type, and checking an answer safely |
//! | [`regen`], [`layout`] | what the code writes into `book/`, and where (the one module that knows) |
//! | [`live`] | the same, written into the served copy of the book (`scripts/serve`) |
//! | [`cli`], [`parse`], [`limits`] | the command line, its values, and what it can carry out |
#![forbid(unsafe_code)]

pub mod appendix_fast;
pub mod appendix_reproducing;
pub mod atomic_file;
pub mod capture;
pub mod cli;
pub mod cli_zh;
pub mod contents;
pub mod exercise;
pub mod experiment;
pub mod figure;
pub mod figure_data;
pub mod gradients;
pub mod layout;
pub mod learning_algorithm;
pub mod learning_from_data;
pub mod limits;
pub mod listing;
pub mod live;
pub mod loss_functions;
pub mod numerical_differentiation;
pub mod parse;
pub mod plot;
pub mod pyrepr;
pub mod quiz;
pub mod regen;

#[cfg(doctest)]
pub mod book;
