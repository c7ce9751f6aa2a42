//! Listing: NumPy's fancy indexing `y[np.arange(5), t]`, in Rust.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use ndarray::Array2;

fn main() {
    // Five outputs; output n gives probability (n + 1) / 10 to its correct class.
    let t = [2, 7, 0, 9, 4];
    let mut y = Array2::<f64>::zeros((5, 10));
    for (n, &k) in t.iter().enumerate() {
        y[[n, k]] = (n + 1) as f64 / 10.0;
    }
    // NumPy: y[np.arange(5), t] -> [y[0,2], y[1,7], y[2,0], y[3,9], y[4,4]]
    let picked: Vec<f64> = y.rows().into_iter().zip(&t).map(|(row, &k)| row[k]).collect();
    println!("{picked:?}");
}
// ANCHOR_END: listing

listing!("fancy-indexing");

#[cfg(test)]
mod tests {
    #[test]
    fn picks_the_correct_class_of_each_row() {
        assert_eq!(super::LISTING.output().unwrap(), "[0.1, 0.2, 0.3, 0.4, 0.5]\n");
    }
}
