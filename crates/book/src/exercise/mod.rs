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

/// Every exercise, chapter by chapter.
pub fn all() -> Vec<Exercise> {
    [
        crate::learning_from_data::exercises::EXERCISES,
        crate::loss_functions::exercises::EXERCISES,
        crate::numerical_differentiation::exercises::EXERCISES,
        crate::gradients::exercises::EXERCISES,
        crate::learning_algorithm::exercises::EXERCISES,
    ]
    .concat()
}

/// The exercise numbered `id`.
pub fn find(id: &str) -> Option<Exercise> {
    all().into_iter().find(|e| e.id == id)
}

/// `cargo run -- exercise [id]`: without an id, lists every exercise with the
/// state of your answer; with one, checks your answer to it. `Err` (a non-zero
/// exit) when the answer is not right yet.
pub fn run_cli(id: Option<&str>) -> Result<(), String> {
    let Some(id) = id else {
        print!("{}", listing());
        return Ok(());
    };
    let exercise = find(id).ok_or_else(|| {
        let ids: Vec<&str> = all().iter().map(|e| e.id).collect();
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
fn listing() -> String {
    let exercises = all();
    let mut text = String::new();
    let mut done = 0;
    let mut chapter = "";
    for exercise in &exercises {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_solution_passes_its_check() {
        let mut failures = Vec::new();
        for exercise in all() {
            match run(exercise.solution) {
                Outcome::Passed(_) => {}
                other => failures.push(format!("{}: {other:?}", exercise.id)),
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn three_or_more_per_chapter_and_ids_unique() {
        let exercises = all();
        for chapter in [
            "learning-from-data",
            "loss-functions",
            "numerical-differentiation",
            "gradients",
            "learning-algorithm",
        ] {
            let n = exercises.iter().filter(|e| e.chapter == chapter).count();
            assert!(n >= 3, "{chapter} has {n} exercises");
        }
        let mut ids: Vec<&str> = exercises.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), exercises.len(), "duplicate ids");
    }

    #[test]
    fn ids_are_chapter_dot_number_in_order() {
        let chapters = [
            "learning-from-data",
            "loss-functions",
            "numerical-differentiation",
            "gradients",
            "learning-algorithm",
        ];
        for exercise in all() {
            let (chapter, n) = exercise.id.split_once('.').expect("an id `c.n`");
            let chapter: usize = chapter.parse().expect("a chapter number");
            assert_eq!(chapters[chapter - 1], exercise.chapter, "{}", exercise.id);
            assert!(n.parse::<usize>().is_ok_and(|n| n >= 1), "{}", exercise.id);
        }
    }

    #[test]
    fn every_file_exists() {
        for exercise in all() {
            let path = crate::layout::repository().join(exercise.file());
            assert!(path.is_file(), "{}", path.display());
        }
    }

    #[test]
    fn an_unknown_id_lists_the_valid_ones() {
        let err = run_cli(Some("9.9")).unwrap_err();
        assert!(err.contains("no exercise `9.9`") && err.contains("2.1"), "{err}");
    }
}
