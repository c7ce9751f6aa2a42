//! The book's listings that print something: small programs, one file each,
//! grouped by chapter (`<chapter>/listings/<name>.rs`).
//!
//! A chapter shows a listing's source with
//! `{{#include ../crates/book/src/<chapter>/listings/<name>.rs:listing}}` and what
//! it prints with `{{#include outputs/<name>.txt}}`. `cargo run -- regen` writes
//! those output files, and `cargo test` runs every listing again and compares, so
//! the text under a listing is always what the code prints now. Run one yourself
//! with `cargo run -- listing <name>`.

use anyhow::Result;

use crate::capture;

/// One listing: its name (also the name of its output file) and its program.
#[derive(Clone, Copy)]
pub struct Listing {
    pub name: &'static str,
    program: fn() -> Result<()>,
}

impl Listing {
    pub const fn new(name: &'static str, program: fn() -> Result<()>) -> Self {
        Listing { name, program }
    }

    /// Runs the listing and returns what it prints.
    pub fn output(&self) -> Result<String> {
        let (result, text) = capture::run(self.program);
        result.map(|()| text)
    }

    /// Runs the listing, printing to the terminal.
    pub fn run(&self) -> Result<()> {
        (self.program)()
    }
}

/// What a listing's `main` returns: nothing, or a `Result` whose error is shown
/// with its causes (a typed error, or an `anyhow::Error` with its context).
pub trait Outcome {
    fn into_result(self) -> Result<()>;
}

impl Outcome for () {
    fn into_result(self) -> Result<()> {
        Ok(())
    }
}

impl<E: Into<anyhow::Error>> Outcome for Result<(), E> {
    fn into_result(self) -> Result<()> {
        self.map_err(Into::into)
    }
}

/// Runs a listing's `main`, whatever it returns.
pub fn run_main<T: Outcome>(main: fn() -> T) -> Result<()> {
    main().into_result()
}

/// `listing!("name")` in a listing's file defines its `LISTING`: the file's
/// `main`, whose output the book keeps in `book/outputs/<name>.txt`.
macro_rules! listing {
    ($name:literal) => {
        pub const LISTING: $crate::listing::Listing =
            $crate::listing::Listing::new($name, || $crate::listing::run_main(main));
    };
}
pub(crate) use listing;
