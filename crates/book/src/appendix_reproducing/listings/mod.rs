//! The listings of appendix C, each a small program in its own file.

use crate::listing::Listing;

pub mod printed_gradient;

/// In the order the appendix shows them.
pub const LISTINGS: &[Listing] = &[printed_gradient::LISTING];
