//! The summaries of the recorded runs that the book shows (their source is not
//! shown: they only read the records of `book/runs/`).
use crate::capture::println;
use crate::learning_algorithm::runs::{book_run, evaluation_line};
use crate::listing::Listing;
use crate::pyrepr::repr;

/// The evaluations of a run the book keeps: first, second and last, and the gap.
fn summarise(name: &str) -> Result<(), String> {
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
    println!("final loss: {}", repr(*log.train_loss_list.last().ok_or("no losses")?));
    Ok(())
}

pub const FULL: Listing = Listing::new("full-run-summary", || summarise("full"));
pub const OVERFIT: Listing = Listing::new("overfit-summary", || summarise("overfit"));

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
}
