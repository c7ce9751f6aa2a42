//! Chapter 1, "Learning from data": its figures and exercises (its overfitting
//! run is chapter 5's code, recorded in `book/runs/overfit/`).

pub mod exercises;
pub mod figures;
