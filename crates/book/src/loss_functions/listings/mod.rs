//! The listings of chapter 2, each a small program in its own file.

use crate::listing::Listing;

pub mod accuracy_vs_loss;
pub mod batch_cross_entropy;
pub mod cross_entropy_two_predictions;
pub mod fancy_indexing;
pub mod mini_batch_indices;
pub mod mse_two_predictions;
pub mod one_hot;
pub mod sigmoid_saturation;
pub mod softmax_slopes;

/// In the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    one_hot::LISTING,
    mse_two_predictions::LISTING,
    cross_entropy_two_predictions::LISTING,
    softmax_slopes::LISTING,
    mini_batch_indices::LISTING,
    batch_cross_entropy::LISTING,
    fancy_indexing::LISTING,
    sigmoid_saturation::LISTING,
    accuracy_vs_loss::LISTING,
];
