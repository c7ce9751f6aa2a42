//! The command line of the book, `nnlearn`: run any listing, redraw any figure,
//! re-run any experiment with other parameters.
//!
//! `cargo run -- --help` lists the commands; `cargo run -- <command> --help`
//! explains each one's parameters. The book's lint parses every command the
//! chapters show with [`Cli::try_parse_args`], so none of them can go stale.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use crate::{figures, generated, listings};

#[derive(Parser)]
#[command(name = "nnlearn", version, about = "How Neural Networks Learn, in Rust: the book's experiments")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Redraw every figure and rewrite every listing output of the book (after an
    /// intended change; `cargo test` checks they are up to date).
    Regen,
    /// Run one listing of the book and print what it writes (no name: list them).
    Listing {
        /// The listing's name, as in `book/outputs/<name>.txt`.
        name: Option<String>,
    },
    /// Draw one figure of the book as it appears there (no name: list them).
    Figure {
        /// The figure's name, as in `book/figures/<name>.svg`.
        name: Option<String>,
        /// Where to write the SVG (default: `<name>.svg` in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

impl Cli {
    /// Parses a command line (`argv[0]` is the program name), or says why not.
    pub fn try_parse_args<I, T>(argv: I) -> Result<Cli, String>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Cli::try_parse_from(argv).map_err(|e| e.to_string())
    }
}

/// Runs a parsed command; the error is a message for the terminal.
pub fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Regen => {
            let changes = generated::regenerate(&generated::book_dir())?;
            if changes.is_empty() {
                println!("every figure and listing output is up to date");
            }
            for change in changes {
                println!("{change:?}");
            }
            Ok(())
        }
        Command::Listing { name: None } => {
            for l in listings::all() {
                println!("{}", l.name);
            }
            Ok(())
        }
        Command::Listing { name: Some(name) } => {
            let listing = listings::find(&name).ok_or_else(|| {
                format!("no listing called `{name}`; `cargo run -- listing` lists them")
            })?;
            print!("{}", listing.output().map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Figure { name: None, .. } => {
            for f in figures::all() {
                println!("{:<24} {}", f.name, f.command);
            }
            Ok(())
        }
        Command::Figure {
            name: Some(name),
            out,
        } => {
            let figure = figures::find(&name).ok_or_else(|| {
                format!("no figure called `{name}`; `cargo run -- figure` lists them")
            })?;
            let svg = (figure.draw)().map_err(|e| e.to_string())?;
            let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.svg")));
            std::fs::write(&out, svg).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("wrote {}", out.display());
            Ok(())
        }
    }
}
