//! `book-live <book-copy>`: writes every figure and listing output, as the code
//! produces them now, into a copy of the book folder (see `nnlearn_book::live`).
//! Run by `scripts/serve` after each change of the code; prints one line per
//! file written (`wrote <path>`) and per failure (`failed <what>: <why>`), and
//! one as each item starts and finishes (`started <what>`, `finished <what>`).
//!
//! `book-live <book-copy> --listings a_b,c_d`: only the listings of those files
//! (after an edit of listing files only; see `nnlearn_book::live::affected`).
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
    let (dir, items) = match args.as_slice() {
        [dir] => (dir, nnlearn_book::regen::items()),
        [dir, flag, stems] if flag == "--listings" => {
            let stems: Vec<String> =
                stems.to_string_lossy().split(',').map(str::to_string).collect();
            (dir, nnlearn_book::live::affected(&stems))
        }
        _ => {
            eprintln!(
                "usage: book-live <copy of the book folder> [--listings <file stems>] | book-live --regen <book folder>"
            );
            return ExitCode::from(2);
        }
    };
    // `started <item>` and `finished <item>` as each item starts and ends (the
    // server stops an item that takes too long, and names it), and each file as
    // soon as it is written: a process stopped halfway has written the others.
    let update =
        nnlearn_book::live::write_items_reporting(std::path::Path::new(dir), items, &|event| {
            match event {
                nnlearn_book::live::Event::Started(what) => println!("started {what}"),
                nnlearn_book::live::Event::Finished(what) => println!("finished {what}"),
            }
        });
    for path in &update.written {
        println!("wrote {path}");
    }
    for failure in &update.failures {
        println!("failed {}", failure.replace('\n', " "));
    }
    ExitCode::SUCCESS
}
