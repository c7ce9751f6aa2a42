//! Listing: where the forward and the central difference become exactly 0.
use crate::capture::println;
use crate::listing::listing;

// ANCHOR: listing
use nnlearn::numerical_diff::{central_difference, cube, forward_difference};

fn main() {
    // The nearest f64s to 1: 2.2e-16 above it, only half that below it.
    println!("gap above 1: {:.3e}", 1f64.next_up() - 1.0);
    println!("gap below 1: {:.3e}", 1.0 - 1f64.next_down());

    println!("h        1 + h == 1  1 - h == 1  forward  central");
    for h in [2e-16, 1e-16, 6e-17, 5e-17] {
        let forward = forward_difference(cube, 1.0, h);
        let central = central_difference(cube, 1.0, h);
        let (up, down) = (1.0 + h == 1.0, 1.0 - h == 1.0);
        println!("{h:<8e} {up:<11} {down:<11} {forward:<8.4} {central:.4}");
    }
}
// ANCHOR_END: listing

listing!("exactly-zero");

#[cfg(test)]
mod tests {
    use nnlearn::numerical_diff::{central_difference, cube, forward_difference};

    /// The gaps are 2⁻⁵² and 2⁻⁵³ (f64 has 52 fraction bits), and a sum rounds to
    /// the nearer f64: 1 + h is 1 below 2⁻⁵³ ≈ 1.1e-16, 1 − h below 2⁻⁵⁴ ≈ 5.6e-17.
    #[test]
    fn the_gaps_and_the_thresholds_are_powers_of_two() {
        assert_eq!(1f64.next_up() - 1.0, 2f64.powi(-52));
        assert_eq!(1.0 - 1f64.next_down(), 2f64.powi(-53));
        let one = std::hint::black_box(1.0_f64); // computed at run time, as in the listing
        assert_eq!(one + 1.1e-16, 1.0);
        assert!(one + 1.12e-16 > 1.0);
        assert_eq!(one - 5.5e-17, 1.0);
        assert!(one - 5.6e-17 < 1.0);
    }

    /// At h = 1e-16 the forward difference is exactly 0, the central one is not:
    /// 1 − h rounds to 1 − 2⁻⁵³, whose cube rounds to 1 − 3·2⁻⁵³, so the central
    /// difference is 3·2⁻⁵³ / 2e-16 ≈ 1.665 (an error of 1.335).
    #[test]
    fn at_1e_16_only_the_forward_difference_is_0() {
        assert_eq!(forward_difference(cube, 1.0, 1e-16), 0.0);
        let central = central_difference(cube, 1.0, 1e-16);
        assert_eq!(central, 3.0 * 2f64.powi(-53) / 2e-16);
        assert!((central - 1.665).abs() < 1e-3, "{central}");
        assert_eq!(central_difference(cube, 1.0, 5e-17), 0.0);
        assert!(central_difference(cube, 1.0, 6e-17) > 0.0);
    }
}
