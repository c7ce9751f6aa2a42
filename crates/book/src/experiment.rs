//! An experiment: a command of `nnlearn` that prints a few numbers and draws a
//! figure, with parameters the reader can change (`cargo run -- descent --lr 0.9`).
//! The book's figure of the same name is the experiment with the book's
//! parameters (see [`crate::figure`]).

use std::path::PathBuf;

use crate::layout;
use crate::plot::PlotError;

/// A command-line experiment; its parameters are the fields of the type, parsed
/// by clap.
pub trait Experiment: clap::Parser {
    /// The command's name, as in `cargo run -- <command>`.
    const COMMAND: &'static str;
    /// What it prints.
    fn report(&self) -> Result<String, String>;
    /// What it draws.
    fn figure(&self) -> Result<String, PlotError>;
    /// Where to write the figure, if the command line says (`--out`).
    fn out(&self) -> Option<&PathBuf>;

    /// Runs it: prints the report, writes the figure (by default to
    /// `target/experiments/<command>.svg`) and says where.
    fn run(&self) -> Result<(), String> {
        print!("{}", self.report()?);
        let svg = self.figure().map_err(|e| e.to_string())?;
        let path = self
            .out()
            .cloned()
            .unwrap_or_else(|| layout::experiments_dir().join(format!("{}.svg", Self::COMMAND)));
        write_file(&path, &svg)?;
        eprintln!("figure written to {}", path.display());
        Ok(())
    }
}

/// Writes `text` to `path`, creating its folder; the error names the path.
pub fn write_file(path: &std::path::Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
