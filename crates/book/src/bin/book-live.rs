//! `book-live <book-copy> --events <file>`: writes every figure and listing
//! output, as the code produces them now, into a copy of the book folder (see
//! `nnlearn_book::live`). Run by the live server (`tools/livebook`) after each
//! change of the code. It tells the server what happens through `<file>`: one
//! `nnlearn_layout::events::Event` per line of JSON, appended as it happens
//! (an item started, the file it wrote or why it failed, the item finished),
//! so that the server can stop an item that runs too long and name it. What
//! the program prints is not read as a message.
//!
//! `book-live <book-copy> --events <file> --listings a_b,c_d`: only the
//! listings of those files (after an edit of listing files only; see
//! `nnlearn_book::live::affected`).
//!
//! `book-live --regen <book-folder>`: what `cargo run -- regen` does to `book/`,
//! done to another folder (`livebook verify` compares the two).

use std::fs::OpenOptions;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Mutex;

use nnlearn_layout::events::EVENTS_OPTION;

const USAGE: &str = "usage: book-live <copy of the book folder> --events <file> [--listings <file stems>] | book-live --regen <book folder>";

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    if let [flag, dir] = args.as_slice()
        && flag == "--regen"
    {
        return match nnlearn_book::regen::regenerate(Path::new(dir)) {
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
    let (dir, events, items) = match args.as_slice() {
        [dir, flag, events] if flag == EVENTS_OPTION => (dir, events, nnlearn_book::regen::items()),
        [dir, flag, events, only, stems] if flag == EVENTS_OPTION && only == "--listings" => {
            let stems: Vec<String> =
                stems.to_string_lossy().split(',').map(str::to_string).collect();
            (dir, events, nnlearn_book::live::affected(&stems))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    // Appended to, one whole line per write: the two workers' events never mix.
    let file = match OpenOptions::new().create(true).append(true).open(events) {
        Ok(file) => Mutex::new(file),
        Err(e) => {
            eprintln!("error: {}: {e}", Path::new(events).display());
            return ExitCode::FAILURE;
        }
    };
    let failed_to_tell = Mutex::new(None);
    nnlearn_book::live::write_items_reporting(Path::new(dir), items, &|event| {
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = event.write_to(&mut *file) {
            failed_to_tell.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
        }
    });
    // The server learns everything through the events: one it could not get is a failure.
    if let Some(e) = failed_to_tell.into_inner().unwrap_or_else(|e| e.into_inner()) {
        eprintln!("error: writing the events to {}: {e}", Path::new(events).display());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
