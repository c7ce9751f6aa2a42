//! Chapter 1, "Learning from data": its figures and exercises (its overfitting
//! run is chapter 5's code, recorded in `book/runs/overfit/`).

pub mod exercises;
pub mod figures;

#[cfg(test)]
mod tests {
    use crate::learning_algorithm::runs::book_run;

    /// What the chapter says of the recorded 300-image run: training accuracy
    /// 1.0 at the end, test accuracy 0.779, its best 0.781, and between two
    /// evaluations it never drops by more than 0.002 (it levels off, it does not
    /// fall): the overfitting there is a gap, not a decline.
    #[test]
    fn the_overfitting_run_levels_off_instead_of_falling() {
        let record = book_run("overfit").unwrap().record().unwrap();
        let test = &record.log.test_acc_list;
        assert_eq!(*record.log.train_acc_list.last().unwrap(), 1.0);
        assert_eq!(*test.last().unwrap(), 0.779);
        assert_eq!(test.iter().copied().fold(0.0, f64::max), 0.781);
        for pair in test.windows(2) {
            assert!(pair[0] - pair[1] <= 0.002 + 1e-12, "{pair:?}");
        }
    }
}
