//! The chapters of the book, compiled as doctests.
#[doc = include_str!("../book/loss-functions.md")]
pub struct LossFunctions;
