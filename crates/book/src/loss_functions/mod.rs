//! Chapter 2, "Loss functions": its listings, figures and exercises.

pub mod exercises;
pub mod figures;
pub mod listings;
