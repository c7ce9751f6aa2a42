//! Appendix C, "Reproducing the original to the bit": its listings.

pub mod listings;
