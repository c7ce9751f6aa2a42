//! `nnlearn`: the book's experiments from the command line (see [`nnlearn::cli`]).

use std::process::ExitCode;

use clap::Parser;
use nnlearn::cli::{Cli, run};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
