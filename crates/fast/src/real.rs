//! The two floating-point types the networks can train in: `f64` (the book's
//! default, bit-faithful to the original NumPy code) and `f32` (half the memory
//! traffic, faster matrix products, about seven significant digits).

use std::fmt::{Debug, Display};

/// A floating-point element type for arrays that ndarray can multiply with GEMM.
pub trait Real:
    num_traits::Float
    + num_traits::FromPrimitive
    + ndarray::LinalgScalar
    + ndarray::ScalarOperand
    + std::iter::Sum
    + std::ops::AddAssign
    + std::ops::SubAssign
    + std::ops::MulAssign
    + Send
    + Sync
    + Debug
    + Display
    + Default
    + 'static
{
    /// Converts an `f64` constant (such as `1e-7` or a learning rate) to this type.
    fn from_f64_lossy(x: f64) -> Self;
    /// Widens to `f64`, for logging and printing.
    fn to_f64_lossless(self) -> f64;
    /// The name shown in reports: `"f64"` or `"f32"`.
    const NAME: &'static str;
}

impl Real for f64 {
    fn from_f64_lossy(x: f64) -> Self {
        x
    }
    fn to_f64_lossless(self) -> f64 {
        self
    }
    const NAME: &'static str = "f64";
}

impl Real for f32 {
    fn from_f64_lossy(x: f64) -> Self {
        x as f32
    }
    fn to_f64_lossless(self) -> f64 {
        f64::from(self)
    }
    const NAME: &'static str = "f32";
}
