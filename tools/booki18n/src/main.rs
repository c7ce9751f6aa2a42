//! `booki18n`: the Chinese edition's machinery (see po/README.md).
//!
//! - `booki18n protect` / `booki18n restore`: the two mdBook preprocessors around
//!   mdbook-gettext that keep every formula's TeX intact (see `guard.rs`);
//! - `booki18n catalogue <extracted.pot> <messages.pot>`: the message catalogue,
//!   without the code mdbook-xgettext extracts from code blocks;
//! - `booki18n check <messages.pot> <lang.po>`: fails on any untranslated, fuzzy or
//!   damaged message, naming each one.
#![forbid(unsafe_code)]

mod guard;
mod preprocess;

use std::process::ExitCode;

const USAGE: &str = "\
usage:
  booki18n protect | restore             (mdBook preprocessors, see book.toml)
  booki18n catalogue <extracted.pot> <messages.pot> [--book-src DIR]
  booki18n check <messages.pot> <lang.po>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("protect") => preprocess::run(&args[1..], &guard::protect),
        Some("restore") => preprocess::run(&args[1..], &|md| Ok(guard::restore(md))),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("booki18n: {e}");
            ExitCode::from(1)
        }
    }
}
