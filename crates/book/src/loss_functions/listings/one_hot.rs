//! Listing: labels as one-hot rows.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::loss::one_hot;

fn main() {
    // Labels of three images: a "2", a "7" and a "0".
    let labels = [2, 7, 0];
    let t = one_hot(&labels, 10);
    println!("{t}");
}
// ANCHOR_END: listing

listing!("one-hot");

#[cfg(test)]
mod tests {
    #[test]
    fn each_row_has_its_one_at_the_label() {
        let text = super::LISTING.output().unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows.len(), 3, "{text}");
        assert!(rows[0].starts_with("[[0, 0, 1, 0"), "{text}");
        assert!(rows[2].trim_start().starts_with("[1, 0"), "{text}");
    }
}
