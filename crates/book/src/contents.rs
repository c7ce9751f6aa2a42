//! The contents of the book that the code makes: every listing, figure and
//! exercise, chapter by chapter, in the order the chapters show them. The
//! command line, the regeneration of `book/` and the tests all start here.

use crate::appendix_reproducing;
use crate::exercise::Exercise;
use crate::figure::Figure;
use crate::listing::Listing;
use crate::numerical_differentiation;
use crate::{gradients, learning_algorithm, learning_from_data, loss_functions};

/// Every listing of the book.
pub fn listings() -> Vec<Listing> {
    [
        loss_functions::listings::LISTINGS,
        numerical_differentiation::listings::LISTINGS,
        gradients::listings::LISTINGS,
        learning_algorithm::listings::LISTINGS,
        appendix_reproducing::listings::LISTINGS,
    ]
    .concat()
}

/// Every figure of the book.
pub fn figures() -> Vec<Figure> {
    [
        learning_from_data::figures::figures(),
        loss_functions::figures::figures(),
        numerical_differentiation::figures::figures(),
        gradients::figures::figures(),
        learning_algorithm::figures::figures(),
        learning_algorithm::widget_figures::figures(),
    ]
    .concat()
}

/// Every exercise of the book.
pub fn exercises() -> Vec<Exercise> {
    [
        learning_from_data::exercises::EXERCISES,
        loss_functions::exercises::EXERCISES,
        numerical_differentiation::exercises::EXERCISES,
        gradients::exercises::EXERCISES,
        learning_algorithm::exercises::EXERCISES,
    ]
    .concat()
}

/// The listing called `name`.
pub fn listing(name: &str) -> Option<Listing> {
    listings().into_iter().find(|l| l.name == name)
}

/// The figure called `name`.
pub fn figure(name: &str) -> Option<Figure> {
    figures().into_iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::{Outcome, run, run_cli};

    #[test]
    fn listing_and_figure_names_are_unique() {
        for names in [
            listings().iter().map(|l| l.name).collect::<Vec<_>>(),
            figures().iter().map(|f| f.name).collect::<Vec<_>>(),
        ] {
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{names:?}");
        }
    }

    #[test]
    fn every_solution_passes_its_check() {
        let mut failures = Vec::new();
        for exercise in exercises() {
            match run(exercise.solution) {
                Outcome::Passed(_) => {}
                other => failures.push(format!("{}: {other:?}", exercise.id)),
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn three_or_more_per_chapter_and_ids_unique() {
        let exercises = exercises();
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
        for exercise in exercises() {
            let (chapter, n) = exercise.id.split_once('.').expect("an id `c.n`");
            let chapter: usize = chapter.parse().expect("a chapter number");
            assert_eq!(chapters[chapter - 1], exercise.chapter, "{}", exercise.id);
            assert!(n.parse::<usize>().is_ok_and(|n| n >= 1), "{}", exercise.id);
        }
    }

    #[test]
    fn every_file_exists() {
        for exercise in exercises() {
            let path = crate::layout::repository().join(exercise.file());
            assert!(path.is_file(), "{}", path.display());
        }
    }

    #[test]
    fn an_unknown_id_lists_the_valid_ones() {
        let err = run_cli(Some("9.9"), &exercises()).unwrap_err().to_string();
        assert!(err.contains("no exercise `9.9`") && err.contains("2.1"), "{err}");
    }
}
