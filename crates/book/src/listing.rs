//! The book's listings that print something: small programs, one file each,
//! grouped by chapter (`<chapter>/listings/<name>.rs`).
//!
//! A chapter shows a listing's source with
//! `{{#include ../crates/book/src/<chapter>/listings/<name>.rs:listing}}` and what
//! it prints with `{{#include outputs/<name>.txt}}`. `cargo run -- regen` writes
//! those output files, and `cargo test` runs every listing again and compares, so
//! the text under a listing is always what the code prints now. Run one yourself
//! with `cargo run -- listing <name>`.

use crate::capture;

/// One listing: its name (also the name of its output file) and its program.
#[derive(Clone, Copy)]
pub struct Listing {
    pub name: &'static str,
    program: fn() -> Result<(), String>,
}

impl Listing {
    pub const fn new(name: &'static str, program: fn() -> Result<(), String>) -> Self {
        Listing { name, program }
    }

    /// Runs the listing and returns what it prints.
    pub fn output(&self) -> Result<String, String> {
        let (result, text) = capture::run(self.program);
        result.map(|()| text)
    }

    /// Runs the listing, printing to the terminal.
    pub fn run(&self) -> Result<(), String> {
        (self.program)()
    }
}

/// Every listing of the book, chapter by chapter.
pub fn all() -> Vec<Listing> {
    [
        crate::loss_functions::listings::LISTINGS,
        crate::numerical_differentiation::listings::LISTINGS,
        crate::gradients::listings::LISTINGS,
        crate::learning_algorithm::listings::LISTINGS,
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
