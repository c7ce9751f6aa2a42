//! The listings of chapter 4, each a small program in its own file.

use crate::listing::Listing;

pub mod critical_points;
pub mod first_order;
pub mod gradient_descent;
pub mod learning_rates;
pub mod numerical_gradient;
pub mod simple_net;
pub mod steepest_direction;
pub mod where_the_descent_freezes;
pub mod why_lr_10_stops;

/// In the order the chapter shows them.
pub const LISTINGS: &[Listing] = &[
    numerical_gradient::LISTING,
    first_order::LISTING,
    steepest_direction::LISTING,
    gradient_descent::LISTING,
    learning_rates::LISTING,
    why_lr_10_stops::LISTING,
    where_the_descent_freezes::LISTING,
    critical_points::LISTING,
    simple_net::LISTING,
];
