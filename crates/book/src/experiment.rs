//! An experiment: a command of `nnlearn` that prints a few numbers and draws a
//! figure, with parameters the reader can change (`cargo run -- descent --lr 0.9`).
//! The book's figure of the same name is the experiment with the book's
//! parameters (see [`crate::figure`]).

use std::path::PathBuf;

use crate::atomic_file::write_file;
use crate::layout;
use crate::plot::PlotError;

/// A command-line experiment; its parameters are the fields of the type, parsed
/// by clap.
pub trait Experiment: clap::Parser {
    /// The command's name, as in `cargo run -- <command>`.
    const COMMAND: &'static str;
    /// What it prints. It runs first, so it also refuses what its arguments
    /// cannot say one by one: too many curves for one figure, or values whose
    /// results overflow (an error naming the option, instead of NaN or a figure
    /// that cannot be drawn).
    fn report(&self) -> anyhow::Result<String>;
    /// What it draws.
    fn figure(&self) -> Result<String, PlotError>;
    /// Where to write the figure, if the command line says (`--out`).
    fn out(&self) -> Option<&PathBuf>;

    /// Runs it: prints the report, writes the figure (by default to
    /// `target/experiments/<command>.svg`) and says where.
    fn run(&self) -> anyhow::Result<()> {
        print!("{}", self.report()?);
        let svg = self.figure()?;
        let path = self
            .out()
            .cloned()
            .unwrap_or_else(|| layout::experiments_dir().join(format!("{}.svg", Self::COMMAND)));
        write_file(&path, &svg)?;
        eprintln!("figure written to {}", path.display());
        Ok(())
    }
}
