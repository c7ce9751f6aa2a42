//! Numerical gradient against backpropagation: one gradient of the 784-50-10
//! network on a batch of 100 real MNIST images (the shipped subset), by each
//! method. Chapter 5 shows the result as a table (`cargo run -- bench-table`).
//!
//! Run: `cargo bench --bench gradient` (the numerical gradient takes about a
//! minute per sample, so this benchmark takes several minutes).

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use nnlearn::two_layer_net::TwoLayerNet;
use nnlearn_book::learning_algorithm::data::load;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn gradient_methods(c: &mut Criterion) {
    let data = load(&mnist::subset_dir(), Some(100)).expect("the shipped MNIST subset");
    let (x, t) = (&data.x_train, &data.t_train);
    let net = TwoLayerNet::new(784, 50, 10, &mut ChaCha8Rng::seed_from_u64(0));
    let mut group = c.benchmark_group("gradient");
    group.sample_size(10);
    group.bench_function("backprop", |b| b.iter(|| net.gradient(x, t)));
    group.warm_up_time(Duration::from_millis(1));
    group.measurement_time(Duration::from_secs(1));
    group.bench_function("numerical", |b| b.iter(|| net.numerical_gradient(x, t)));
    group.finish();
}

criterion_group!(benches, gradient_methods);
criterion_main!(benches);
