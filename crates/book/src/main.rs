//! `nnlearn`: the book's listings, figures, experiments and exercises from the
//! command line (see [`nnlearn_book::cli`]).

use std::process::ExitCode;

use clap::Parser;
use nnlearn_book::cli::{Cli, run};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
