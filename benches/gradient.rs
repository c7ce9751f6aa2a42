//! Numerical gradient against backpropagation: one gradient of the 784-50-10
//! network on a batch of 100 real MNIST images (the shipped subset), by each
//! method. Chapter 5 shows the result as a table (`cargo run -- bench-table`).
//!
//! Run: `cargo bench --bench gradient` (the numerical gradient takes about a
//! minute per sample, so this benchmark takes several minutes).

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use nnlearn::experiment::Mnist;
use nnlearn::mnist::subset_dir;
use nnlearn::train::{GradientMethod, one_gradient};

fn gradient_methods(c: &mut Criterion) {
    let mnist = Mnist::<f64>::load(&subset_dir()).expect("the shipped MNIST subset");
    let data = mnist.data(Some(100));
    let mut group = c.benchmark_group("gradient");
    group.sample_size(10);
    group.bench_function("backprop", |b| {
        b.iter(|| one_gradient(GradientMethod::Backprop, data.x_train, data.t_train, 50))
    });
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));
    group.bench_function("numerical", |b| {
        b.iter(|| one_gradient(GradientMethod::Numerical, data.x_train, data.t_train, 50))
    });
    group.finish();
}

criterion_group!(benches, gradient_methods);
criterion_main!(benches);
