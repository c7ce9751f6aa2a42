//! The listings of chapter 5, each a small program in its own file, and the
//! summaries of the recorded runs.

use crate::listing::Listing;

pub mod backprop_terms;
pub mod distinct_per_epoch;
pub mod first_loss;
pub mod gradient_check;
pub mod init_experiment;
pub mod plateau;
pub mod run_summaries;
pub mod shapes;
pub mod softmax_loss_gradient;

/// In the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    shapes::LISTING,
    first_loss::LISTING,
    softmax_loss_gradient::LISTING,
    backprop_terms::LISTING,
    gradient_check::LISTING,
    plateau::LISTING,
    init_experiment::LISTING,
    distinct_per_epoch::LISTING,
    run_summaries::FULL,
    run_summaries::FULL_MISTAKES,
    run_summaries::OVERFIT,
];
