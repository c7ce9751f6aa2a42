//! The book's listings that print something, one file per chapter.
//!
//! A listing is a function that writes its results to `out`. The chapter shows
//! the function's source with `{{#include ../src/listings/<chapter>.rs:<anchor>}}`
//! and what it writes with `{{#include outputs/<name>.txt}}`. Those output files
//! are written by `cargo run -- regen` and compared with a fresh run by
//! `cargo test` (tests/outputs.rs), so the text under a listing is always what the
//! code prints now. Run one yourself with `cargo run -- listing <name>`.

use std::io::{self, Write};

pub mod gradients;
pub mod learning_algorithm;
pub mod loss_functions;
pub mod numerical_differentiation;

/// One listing: its name (also the name of its output file) and the code to run.
#[derive(Clone, Copy)]
pub struct Listing {
    pub name: &'static str,
    pub run: fn(&mut dyn Write) -> io::Result<()>,
}

impl Listing {
    /// Runs the listing and returns what it writes.
    pub fn output(&self) -> io::Result<String> {
        let mut out = Vec::new();
        (self.run)(&mut out)?;
        String::from_utf8(out).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Where the book keeps this listing's output, relative to the book folder.
    pub fn output_path(&self) -> String {
        format!("outputs/{}.txt", self.name)
    }
}

/// What a listing function writes (for the tests beside each listing).
#[cfg(test)]
pub(crate) fn output_of(run: fn(&mut dyn Write) -> io::Result<()>) -> String {
    Listing { name: "test", run }
        .output()
        .expect("the listing runs")
}

/// Every listing of the book, chapter by chapter.
pub fn all() -> Vec<Listing> {
    [
        loss_functions::LISTINGS,
        numerical_differentiation::LISTINGS,
        gradients::LISTINGS,
        learning_algorithm::LISTINGS,
    ]
    .concat()
}

/// The listing called `name`.
pub fn find(name: &str) -> Option<Listing> {
    all().into_iter().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = super::all().iter().map(|l| l.name).collect();
        let n = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
