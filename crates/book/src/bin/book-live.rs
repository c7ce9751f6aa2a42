//! `book-live <book-copy>`: writes every figure and listing output, as the code
//! produces them now, into a copy of the book folder (see `nnlearn_book::live`).
//! Run by `scripts/serve` after each change of the code; prints one line per
//! file written (`wrote <path>`) and per failure (`failed <what>: <why>`).
//!
//! `book-live --regen <book-folder>`: what `cargo run -- regen` does to `book/`,
//! done to another folder (`livebook verify` compares the two).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    if let [flag, dir] = args.as_slice()
        && flag == "--regen"
    {
        return match nnlearn_book::regen::regenerate(std::path::Path::new(dir)) {
            Ok(changes) => {
                println!("{} files written", changes.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let [dir] = args.as_slice() else {
        eprintln!("usage: book-live <copy of the book folder> | book-live --regen <book folder>");
        return ExitCode::from(2);
    };
    let update = nnlearn_book::live::write_into(std::path::Path::new(&dir));
    for path in &update.written {
        println!("wrote {path}");
    }
    for failure in &update.failures {
        println!("failed {}", failure.replace('\n', " "));
    }
    ExitCode::SUCCESS
}
