//! Chapter 3, "Numerical differentiation": its listings, figures (and the
//! experiments that draw them) and exercises.

pub mod exercises;
pub mod figures;
pub mod listings;
