//! The machine's ceiling for the products of the full run: one core's peak
//! (independent fused multiply-adds, nothing else) and the matrix products at the
//! run's shapes, by `matrixmultiply` (through ndarray's `dot`) and by the fast
//! path's kernels (`nnlearn_fast::gemm`), in f64 and f32.
//!
//! `cargo bench --bench gemm`; `cargo run -- bench-table` turns the results into
//! `book/bench/gemm.md`.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{Array2, Axis, Slice};
use nnlearn_fast::Real;
use nnlearn_fast::gemm::Arch;
use nnlearn_fast::gemm::{Coded, Shape, matmul, padded, peak_flops};

/// The shapes `m × k × n` of the run's large products: the forward pass of a
/// batch (`x W1`), the gradient of `W1` (`xᵀ δ`, with `x` read transposed) and a
/// chunk of the evaluation ([`nnlearn_fast::EVAL_CHUNK`] images).
const SHAPES: [(&str, usize, usize, usize, bool); 3] = [
    ("batch-forward-100x784x50", 100, 784, 50, false),
    ("batch-gradient-784x100x50", 784, 100, 50, true),
    ("evaluation-100x784x50", nnlearn_fast::EVAL_CHUNK, 784, 50, false),
];

// The evaluation's shape is named after the chunk: rename it (and its row in
// `bench-table`) if the chunk changes.
const _: () = assert!(nnlearn_fast::EVAL_CHUNK == 100);

fn numbers<F: Real>(rows: usize, cols: usize) -> Array2<F> {
    Array2::from_shape_fn((rows, cols), |(i, j)| {
        F::from_f64_lossy(((i * 31 + j * 17) % 97) as f64 / 97.0 - 0.5)
    })
}

fn products<F: Real>(c: &mut Criterion) {
    let arch = Arch::new();
    let mut group = c.benchmark_group(format!("gemm-{}", F::NAME));
    for (name, m, k, n, transposed) in SHAPES {
        group.throughput(Throughput::Elements((2 * m * k * n) as u64));
        // A as the run holds it: x is batch × 784, so for xᵀ δ it is read
        // transposed; the fast path reads the images' bytes, matrixmultiply
        // the numbers they stand for.
        let (rows, cols) = if transposed { (k, m) } else { (m, k) };
        let bytes = Array2::from_shape_fn((rows, cols), |(i, j)| ((i * 31 + j * 17) % 256) as u8);
        let a: Array2<F> = bytes.mapv(|b| F::pixels()[usize::from(b)]);
        let b: Array2<F> = numbers(k, n);
        group.bench_function(BenchmarkId::new("matrixmultiply", name), |bench| {
            bench.iter(|| if transposed { a.t().dot(&b) } else { a.dot(&b) })
        });
        let np = padded::<F>(n);
        let mut bp = Array2::<F>::zeros((k, np));
        bp.slice_axis_mut(Axis(1), Slice::from(..n)).assign(&b);
        let mut out = vec![F::zero(); m * np];
        let shape = Shape { m, k, n_padded: np, lda: a.ncols(), transposed };
        let (bytes, bp) =
            (bytes.as_slice().expect("contiguous"), bp.as_slice().expect("contiguous"));
        group.bench_function(BenchmarkId::new("fast", name), |bench| {
            bench.iter(|| matmul(arch, shape, Coded(bytes), bp, &mut out))
        });
    }
    group.finish();
}

/// One core's peak: `peak_flops` runs independent fused multiply-adds only.
fn peak<F: Real>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("peak-{}", F::NAME));
    let fmas = 1 << 24;
    group.throughput(Throughput::Elements(2 * fmas as u64));
    group.bench_function("one-core", |bench| bench.iter(|| peak_flops::<F>(Arch::new(), fmas)));
    group.finish();
}

fn all(c: &mut Criterion) {
    peak::<f64>(c);
    peak::<f32>(c);
    products::<f64>(c);
    products::<f32>(c);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = all
}
criterion_main!(benches);
