//! The two floating-point types the networks can train in: `f64` (the book's
//! default, bit-faithful to the original NumPy code) and `f32` (half the memory
//! traffic, faster matrix products, about seven significant digits).

use std::fmt::{Debug, Display};

use nnlearn::checked::train::TrainError;
use nnlearn::train::{TrainConfig, TrainLog};
use pulp::Simd;

use crate::net::FastNet;
use crate::train::{FastData, Progress};

/// A floating-point element type for arrays that ndarray can multiply with GEMM,
/// and that the vector instructions of [`crate::gemm`] hold.
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

    /// [`crate::train`] for this type: a method of the trait, so that the loop
    /// is compiled in this crate, with its optimisation, for f64 and f32.
    #[doc(hidden)]
    fn train_here(
        config: &TrainConfig,
        data: FastData<'_, Self>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(FastNet<Self>, TrainLog), TrainError>;

    /// A vector of this type for the instruction set `S`.
    type V<S: Simd>: Copy;
    /// How many numbers one vector holds.
    fn lanes<S: Simd>() -> usize;
    /// A vector of `x` in every lane.
    fn splat<S: Simd>(s: S, x: Self) -> Self::V<S>;
    /// `a · b + c`, rounded once (a fused multiply-add).
    fn mul_add_v<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>, c: Self::V<S>) -> Self::V<S>;
    /// `a + b`.
    fn add_v<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// `a · b`.
    fn mul_v<S: Simd>(s: S, a: Self::V<S>, b: Self::V<S>) -> Self::V<S>;
    /// The number each byte of an image stands for, `b / 255` as the chapter's
    /// loader computes it ([`crate::images::pixel_value`]), by byte.
    fn pixels() -> &'static [Self; 256];

    /// A slice whose length is a multiple of [`Real::lanes`], as vectors.
    fn vectors<S: Simd>(x: &[Self]) -> &[Self::V<S>];
    /// The same, to write.
    fn vectors_mut<S: Simd>(x: &mut [Self]) -> &mut [Self::V<S>];
}

impl Real for f64 {
    fn train_here(
        config: &TrainConfig,
        data: FastData<'_, Self>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(FastNet<Self>, TrainLog), TrainError> {
        crate::train::train_in(config, data, progress)
    }
    fn from_f64_lossy(x: f64) -> Self {
        x
    }
    fn to_f64_lossless(self) -> f64 {
        self
    }
    const NAME: &'static str = "f64";
    #[inline(always)]
    fn pixels() -> &'static [f64; 256] {
        static PIXELS: [f64; 256] = crate::images::pixel_table();
        &PIXELS
    }

    type V<S: Simd> = S::f64s;
    #[inline(always)]
    fn lanes<S: Simd>() -> usize {
        S::F64_LANES
    }
    #[inline(always)]
    fn splat<S: Simd>(s: S, x: Self) -> S::f64s {
        s.splat_f64s(x)
    }
    #[inline(always)]
    fn mul_add_v<S: Simd>(s: S, a: S::f64s, b: S::f64s, c: S::f64s) -> S::f64s {
        s.mul_add_f64s(a, b, c)
    }
    #[inline(always)]
    fn add_v<S: Simd>(s: S, a: S::f64s, b: S::f64s) -> S::f64s {
        s.add_f64s(a, b)
    }
    #[inline(always)]
    fn mul_v<S: Simd>(s: S, a: S::f64s, b: S::f64s) -> S::f64s {
        s.mul_f64s(a, b)
    }
    #[inline(always)]
    fn vectors<S: Simd>(x: &[Self]) -> &[S::f64s] {
        S::as_simd_f64s(x).0
    }
    #[inline(always)]
    fn vectors_mut<S: Simd>(x: &mut [Self]) -> &mut [S::f64s] {
        S::as_mut_simd_f64s(x).0
    }
}

impl Real for f32 {
    fn train_here(
        config: &TrainConfig,
        data: FastData<'_, Self>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(FastNet<Self>, TrainLog), TrainError> {
        crate::train::train_in(config, data, progress)
    }
    fn from_f64_lossy(x: f64) -> Self {
        x as f32
    }
    fn to_f64_lossless(self) -> f64 {
        f64::from(self)
    }
    const NAME: &'static str = "f32";
    #[inline(always)]
    fn pixels() -> &'static [f32; 256] {
        static PIXELS: [f32; 256] = {
            let wide = crate::images::pixel_table();
            let mut narrow = [0.0; 256];
            let mut b = 0;
            while b < 256 {
                narrow[b] = wide[b] as f32;
                b += 1;
            }
            narrow
        };
        &PIXELS
    }

    type V<S: Simd> = S::f32s;
    #[inline(always)]
    fn lanes<S: Simd>() -> usize {
        S::F32_LANES
    }
    #[inline(always)]
    fn splat<S: Simd>(s: S, x: Self) -> S::f32s {
        s.splat_f32s(x)
    }
    #[inline(always)]
    fn mul_add_v<S: Simd>(s: S, a: S::f32s, b: S::f32s, c: S::f32s) -> S::f32s {
        s.mul_add_f32s(a, b, c)
    }
    #[inline(always)]
    fn add_v<S: Simd>(s: S, a: S::f32s, b: S::f32s) -> S::f32s {
        s.add_f32s(a, b)
    }
    #[inline(always)]
    fn mul_v<S: Simd>(s: S, a: S::f32s, b: S::f32s) -> S::f32s {
        s.mul_f32s(a, b)
    }
    #[inline(always)]
    fn vectors<S: Simd>(x: &[Self]) -> &[S::f32s] {
        S::as_simd_f32s(x).0
    }
    #[inline(always)]
    fn vectors_mut<S: Simd>(x: &mut [Self]) -> &mut [S::f32s] {
        S::as_mut_simd_f32s(x).0
    }
}
