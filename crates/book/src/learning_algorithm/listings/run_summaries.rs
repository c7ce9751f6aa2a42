//! The summaries of the recorded runs that the book shows (their source is not
//! shown: they only read the records of `book/runs/`).
use anyhow::{Context, Result};

use crate::capture::println;
use crate::learning_algorithm::runs::{book_run, evaluation_line};
use crate::listing::{Listing, run_main};
use crate::pyrepr::repr;

/// The evaluations of a run the book keeps: first, second and last, and the gap.
fn summarise(name: &str) -> Result<()> {
    let record = book_run(name)?.record()?;
    let log = &record.log;
    let evaluation = |i: usize| evaluation_line(log.train_acc_list[i], log.test_acc_list[i]);
    let last = log.train_acc_list.len() - 1;
    println!("{}", record.summary);
    println!("first evaluation:  {}", evaluation(0));
    println!("second evaluation: {}", evaluation(1));
    println!("last evaluation:   {}", evaluation(last));
    let gap = log.train_acc_list[last] - log.test_acc_list[last];
    println!("train - test: {gap:.4}");
    println!("final loss: {}", repr(*log.train_loss_list.last().context("no losses")?));
    Ok(())
}

pub const FULL: Listing = Listing::new("full-run-summary", || run_main(|| summarise("full")));

/// The full run's trained network on the test images: when the last evaluation
/// came, how many test images the network gets right at the end, and how many
/// of the 1000 shipped ones (those the mistakes figure draws from) it gets wrong.
fn full_run_mistakes() -> Result<()> {
    let run = book_run("full")?;
    let record = run.record()?;
    let trained = record.trained.context("book/runs/full keeps no network")?;
    let iter_per_epoch = run.config.iter_per_epoch(60000);
    let last = (0..run.config.iters_num).rev().find(|&i| i as f64 % iter_per_epoch == 0.0);
    let test_acc = record.log.test_acc_list.last().context("no evaluations")?;
    println!(
        "last evaluation: after iteration {}, test acc {test_acc}",
        last.context("no evaluation")?
    );
    let total = trained.test_answers.len();
    let right = total - trained.mistakes().len();
    let last_iteration = run.config.iters_num - 1;
    println!(
        "after the last iteration ({last_iteration}): {right} of the {total} test images right"
    );
    let shipped = trained.mistakes().into_iter().filter(|&i| i < 1000).count();
    println!(
        "among the first 1000 test images: {shipped} wrong; the figure shows the first {}",
        shipped.min(MISTAKES_SHOWN)
    );
    Ok(())
}

/// How many mistakes the mistakes figure draws.
pub const MISTAKES_SHOWN: usize = 24;

pub const FULL_MISTAKES: Listing =
    Listing::new("full-run-mistakes", || run_main(full_run_mistakes));
pub const OVERFIT: Listing = Listing::new("overfit-summary", || run_main(|| summarise("overfit")));

#[cfg(test)]
mod tests {
    use super::*;

    /// The book's full run ends where the issue pins it: train and test accuracy
    /// in [0.93, 0.96], within 0.015 of each other.
    #[test]
    fn the_recorded_full_run_is_in_range() {
        let record = book_run("full").unwrap().record().unwrap();
        let log = &record.log;
        assert_eq!(log.train_loss_list.len(), 10000);
        assert_eq!(log.train_acc_list.len(), 17);
        let (train, test) = (log.train_acc_list[16], log.test_acc_list[16]);
        for acc in [train, test] {
            assert!((0.93..=0.96).contains(&acc), "{train} {test}");
        }
        assert!((train - test).abs() <= 0.015);
        assert!((log.train_loss_list[0] - 10f64.ln()).abs() < 0.05);
    }

    /// What the chapter says of the mistakes, counted independently from the
    /// record: the test answers (label, answer) of the first 1000 test images,
    /// and the evaluations every 600 iterations, the 17th after iteration 9600.
    #[test]
    fn the_mistakes_are_counted_as_the_chapter_says() {
        let record = book_run("full").unwrap().record().unwrap();
        let answers = record.trained.unwrap().test_answers;
        let wrong = answers[..1000].iter().filter(|(l, a)| l != a).count();
        let right = answers.iter().filter(|(l, a)| l == a).count();
        assert_eq!((wrong, right), (62, 9457));
        assert_eq!(record.log.test_acc_list.len(), 17);
        let text = FULL_MISTAKES.output().unwrap();
        assert!(text.contains("after iteration 9600, test acc 0.9452"), "{text}");
        assert!(text.contains("(9999): 9457 of the 10000"), "{text}");
        assert!(text.contains("62 wrong; the figure shows the first 24"), "{text}");
    }
}
