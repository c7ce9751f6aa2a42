//! The listings of chapter 3, each a small program in its own file.

use crate::listing::Listing;

pub mod exactly_zero;
pub mod forward_vs_central;
pub mod numerical_diff;
pub mod partial_derivatives;
pub mod rounding_trap;
pub mod tangent_lines;

/// In the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    rounding_trap::LISTING,
    numerical_diff::LISTING,
    tangent_lines::LISTING,
    forward_vs_central::LISTING,
    exactly_zero::LISTING,
    partial_derivatives::LISTING,
];
