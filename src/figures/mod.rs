//! Every figure of the book, drawn by the crate.
//!
//! Each figure is an SVG file under `book/figures/`, drawn by a function of this
//! module (one file per chapter). `cargo run -- regen` redraws them all, and
//! `cargo test` (tests/figures.rs) fails when a committed file differs from what
//! the code draws now. The chapter shows, under each figure, the command that
//! redraws it, usually with parameters you can change.

use crate::plot::PlotError;

pub mod gradients;
pub mod learning_algorithm;
pub mod learning_from_data;
pub mod loss_functions;
pub mod numerical_differentiation;

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
    use gradients as g;
    use learning_algorithm as la;
    use numerical_differentiation as nd;
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
        Figure {
            name: "tangents",
            command: "cargo run -- tangent --at 5 --at 10",
            draw: || nd::tangents(&[5.0, 10.0]),
        },
        Figure {
            name: "difference-error",
            command: "cargo run -- diff-error --x 1",
            draw: || nd::difference_error(1.0),
        },
        Figure {
            name: "surface",
            command: "cargo run -- figure surface",
            draw: g::surface,
        },
        Figure {
            name: "gradient-field",
            command: "cargo run -- field --step 0.25",
            draw: || g::gradient_field(0.25),
        },
        Figure {
            name: "descent-path",
            command: "cargo run -- descent --lr 0.1 --steps 20 --start -3,4",
            draw: || g::descent_path([-3.0, 4.0], 0.1, 20),
        },
        Figure {
            name: "learning-rates",
            command: "cargo run -- learning-rates --lr 10 --lr 0.1 --lr 1e-10 --steps 100",
            draw: || g::learning_rates([-3.0, 4.0], &[10.0, 0.1, 1e-10], 100),
        },
        Figure {
            name: "full-run-loss",
            command: "cargo run -- figure full-run-loss",
            draw: || from_run("full", |r| la::loss_curve(r, None)),
        },
        Figure {
            name: "full-run-loss-zoom",
            command: "cargo run -- figure full-run-loss-zoom",
            draw: || from_run("full", |r| la::loss_curve(r, Some(1000))),
        },
        Figure {
            name: "full-run-accuracy",
            command: "cargo run -- figure full-run-accuracy",
            draw: || from_run("full", |r| la::accuracy_curve(r, None)),
        },
        Figure {
            name: "overfit-accuracy",
            command: "cargo run -- figure overfit-accuracy",
            draw: || from_run("overfit", |r| la::accuracy_curve(r, Some(50))),
        },
    ]
}

/// A figure of a run the book keeps in `book/runs/<run>/`.
fn from_run(
    run: &str,
    draw: fn(&crate::experiment::RunRecord) -> Result<String, PlotError>,
) -> Result<String, PlotError> {
    let record = crate::experiment::RunRecord::read_from(
        &crate::generated::book_dir().join("runs").join(run),
    )
    .map_err(PlotError)?;
    draw(&record)
}

/// The figure called `name`.
pub fn find(name: &str) -> Option<Figure> {
    all().into_iter().find(|f| f.name == name)
}
