//! The exercises at the end of each chapter, one file per chapter.
//!
//! Each exercise is a function for you to write (the *starter*, a `todo!()` until
//! you do), a *check* that runs your function on real inputs and compares the
//! result with what the crate computes, and a *solution* in the `solution` module
//! at the bottom of the same file. The book shows the starter and, folded, the
//! solution, both included from that one file.
//!
//! `cargo run -- exercise` lists the exercises and the state of yours;
//! `cargo run -- exercise 2.1` checks your answer to one. `cargo test` checks
//! that every solution passes its check.

use std::fmt::Write as _;

mod outcome;
pub mod support;

pub use outcome::{Outcome, run};

/// One exercise of the book.
#[derive(Clone, Copy)]
pub struct Exercise {
    /// Its number in the book, `"<chapter>.<n>"`, for example `"2.1"`.
    pub id: &'static str,
    /// The chapter's file name without `.md`, for example `"loss-functions"`.
    pub chapter: &'static str,
    pub title: &'static str,
    /// The check run on your function (the starter, until you edit it).
    pub yours: fn() -> Result<String, String>,
    /// The same check run on the solution.
    pub solution: fn() -> Result<String, String>,
}

impl Exercise {
    /// The file you edit for this exercise, for example
    /// `crates/book/src/loss_functions/exercises.rs`.
    pub fn file(&self) -> String {
        format!("crates/book/src/{}/exercises.rs", self.chapter.replace('-', "_"))
    }
}

/// `cargo run -- exercise [id]`: without an id, lists every exercise with the
/// state of your answer; with one, checks your answer to it. `Err` (a non-zero
/// exit) when the answer is not right yet.
pub fn run_cli(id: Option<&str>, all: &[Exercise]) -> Result<(), String> {
    let Some(id) = id else {
        print!("{}", listing(all));
        return Ok(());
    };
    let exercise = all.iter().find(|e| e.id == id).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|e| e.id).collect();
        format!(
            "no exercise `{id}`; the exercises are {} (`cargo run -- exercise` lists them with their titles)",
            ids.join(", ")
        )
    })?;
    let name = format!("exercise {} ({})", exercise.id, exercise.title);
    match run(exercise.yours) {
        Outcome::Passed(message) => {
            println!("{name}: correct!\n{message}");
            Ok(())
        }
        Outcome::Failed(message) => Err(format!("{name}: not yet right.\n{message}")),
        Outcome::NotStarted => {
            Err(format!("{name} is not started yet: replace the todo!() in {}", exercise.file()))
        }
        Outcome::Panicked { message, location } => Err(format!(
            "{name}: the code panicked{}: {message}",
            location.map(|l| format!(" at {l}")).unwrap_or_default()
        )),
    }
}

/// The list of exercises with the state of each of your answers (this runs
/// every check).
fn listing(exercises: &[Exercise]) -> String {
    let mut text = String::new();
    let mut done = 0;
    let mut chapter = "";
    for exercise in exercises {
        if exercise.chapter != chapter {
            chapter = exercise.chapter;
            let _ = writeln!(text, "{} ({}):", chapter, exercise.file());
        }
        let outcome = run(exercise.yours);
        done += usize::from(matches!(outcome, Outcome::Passed(_)));
        let _ = writeln!(text, "  {:<4} {:<44} {}", exercise.id, exercise.title, outcome.state());
    }
    let _ = writeln!(
        text,
        "{done} of {} done. Check one with `cargo run -- exercise <id>`.",
        exercises.len()
    );
    text
}
