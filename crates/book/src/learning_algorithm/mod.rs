//! Chapter 5, "The learning algorithm": its listings, figures and exercises, the
//! data as the training loop takes it, the recorded runs, and `nnlearn train`.

pub mod data;
pub mod exercises;
pub mod figures;
pub mod listings;
pub mod runs;
pub mod train_command;
pub mod widget_figures;
