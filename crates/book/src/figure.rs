//! Every figure of the book, drawn by the crate, each defined once.
//!
//! A figure is either fixed (`cargo run -- figure <name>` redraws it) or the
//! drawing of an experiment with the book's parameters: then the book shows the
//! experiment's command line, and that same command line is what draws the
//! figure, for the book and for you (with other parameters if you like).

use anyhow::Result;

use crate::experiment::Experiment;
use crate::plot::{Lang, PlotError, in_lang};

/// How a figure is drawn.
#[derive(Clone, Copy)]
pub enum Redraw {
    /// Drawn as it is: `cargo run -- figure <name>`.
    Fixed(fn() -> Result<String, PlotError>),
    /// Drawn by an experiment: `cargo run -- <command> <args>`.
    Experiment { command: &'static str, args: &'static str, draw: fn(&str) -> Result<String> },
}

/// One figure of the book: `book/figures/<name>.svg`.
#[derive(Clone, Copy)]
pub struct Figure {
    pub name: &'static str,
    pub redraw: Redraw,
}

impl Figure {
    pub const fn fixed(name: &'static str, draw: fn() -> Result<String, PlotError>) -> Self {
        Figure { name, redraw: Redraw::Fixed(draw) }
    }

    /// The figure that the experiment `E` draws with the arguments `args`.
    pub fn experiment<E: Experiment>(name: &'static str, args: &'static str) -> Self {
        Figure {
            name,
            redraw: Redraw::Experiment {
                command: E::COMMAND,
                args,
                draw: |args| {
                    let argv = std::iter::once(E::COMMAND).chain(args.split_whitespace());
                    let experiment = E::try_parse_from(argv)?;
                    Ok(experiment.figure()?)
                },
            },
        }
    }

    /// The command that redraws it, as the book shows it under the figure.
    pub fn command(&self) -> String {
        match self.redraw {
            Redraw::Fixed(_) => format!("cargo run -- figure {}", self.name),
            Redraw::Experiment { command, args, .. } => format!("cargo run -- {command} {args}"),
        }
    }

    /// Draws it as the book shows it.
    pub fn draw(&self) -> Result<String> {
        match self.redraw {
            Redraw::Fixed(draw) => Ok(draw()?),
            Redraw::Experiment { args, draw, .. } => draw(args),
        }
    }

    /// The numbers it draws, as CSV (the same drawing, its series recorded).
    pub fn data(&self) -> Result<String> {
        self.data_in(Lang::En)
    }

    /// The numbers it draws, as CSV, with the header and series names of `lang`.
    pub fn data_in(&self, lang: Lang) -> Result<String> {
        let (drawn, csv) = in_lang(lang, || crate::figure_data::capture(|| self.draw()));
        drawn.map(|_| csv)
    }

    /// Draws it as the edition of `lang` shows it.
    pub fn draw_in(&self, lang: Lang) -> Result<String> {
        in_lang(lang, || self.draw())
    }
}
