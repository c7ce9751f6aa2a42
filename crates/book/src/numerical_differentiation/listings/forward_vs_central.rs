//! Listing: the error of the forward and central differences against the step.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::difference_errors;

fn main() {
    // The derivative of x³ at x = 1 is exactly 3: how far off is each estimate?
    println!("h        forward error   central error");
    let steps = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-16, 1e-50];
    for (h, forward, central) in difference_errors(1.0, &steps) {
        println!("{h:<8e} {forward:<15.3e} {central:.3e}");
    }
}
// ANCHOR_END: listing

listing!("forward-vs-central");

#[cfg(test)]
mod tests {
    use nnlearn::numerical_diff::difference_errors;

    /// What the chapter says of this table: the central difference is best at
    /// h = 1e-6, and the book's h = 1e-4 is about 400 times worse there.
    #[test]
    fn the_best_step_is_1e_6_and_1e_4_is_400_times_worse() {
        let steps = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12, 1e-16, 1e-50];
        let errors = difference_errors(1.0, &steps);
        let best = errors.iter().min_by(|a, b| a.2.total_cmp(&b.2)).unwrap();
        assert_eq!(best.0, 1e-6);
        let at = |h: f64| errors.iter().find(|e| e.0 == h).unwrap().2;
        let ratio = at(1e-4) / at(1e-6);
        assert!((350.0..450.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn one_row_per_step_after_the_header() {
        let text = super::LISTING.output().unwrap();
        assert_eq!(text.lines().count(), 12, "{text}");
        assert!(text.lines().last().unwrap().starts_with("1e-50"), "{text}");
    }
}
