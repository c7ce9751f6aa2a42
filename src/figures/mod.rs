//! Every figure of the book, drawn by the crate.
//!
//! Each figure is an SVG file under `book/figures/`, drawn by a function of this
//! module (one file per chapter). `cargo run -- regen` redraws them all, and
//! `cargo test` (tests/figures.rs) fails when a committed file differs from what
//! the code draws now. The chapter shows, under each figure, the command that
//! redraws it, usually with parameters you can change.

use crate::plot::PlotError;

pub mod learning_from_data;
pub mod loss_functions;

/// One figure of the book.
#[derive(Clone, Copy)]
pub struct Figure {
    /// The file, relative to the book folder: `figures/<name>.svg`.
    pub name: &'static str,
    /// The command that redraws it (the chapter shows it under the figure).
    pub command: &'static str,
    /// Draws the figure as the book shows it.
    pub draw: fn() -> Result<String, PlotError>,
}

impl Figure {
    /// Where the book keeps the figure, relative to the book folder.
    pub fn path(&self) -> String {
        format!("figures/{}.svg", self.name)
    }
}

/// Every figure of the book whose drawing needs nothing but the crate itself.
pub fn all() -> Vec<Figure> {
    vec![
        Figure {
            name: "three-approaches",
            command: "cargo run -- figure three-approaches",
            draw: learning_from_data::three_approaches,
        },
        Figure {
            name: "natural-log",
            command: "cargo run -- figure natural-log",
            draw: loss_functions::natural_log,
        },
        Figure {
            name: "step-vs-sigmoid",
            command: "cargo run -- figure step-vs-sigmoid",
            draw: loss_functions::step_versus_sigmoid,
        },
        Figure {
            name: "accuracy-vs-loss",
            command: "cargo run -- figure accuracy-vs-loss",
            draw: loss_functions::accuracy_versus_loss,
        },
    ]
}

/// The figure called `name`.
pub fn find(name: &str) -> Option<Figure> {
    all().into_iter().find(|f| f.name == name)
}
