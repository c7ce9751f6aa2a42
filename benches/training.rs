//! The full training run of chapter 5 (10000 iterations of batch 100 and 17
//! evaluations on all 70000 images): the fast path in f64 and f32, and the
//! chapter's plain loop. Compare with the NumPy script `benches/numpy_full_run.py`
//! (see benches/README.md).
//!
//! Needs the full MNIST: `MNIST_DIR=/path/to/mnist cargo bench --bench training`.

use criterion::{Criterion, criterion_group, criterion_main};
use nnlearn::train::TrainConfig;
use nnlearn_book::learning_algorithm::data::{data_dir, load};
use nnlearn_fast::{Converted, FastData};

fn training(c: &mut Criterion) {
    let dir = data_dir(None);
    let Ok(data) = load(&dir, None) else {
        eprintln!(
            "skipping the training benchmark: no full MNIST in {} (set MNIST_DIR)",
            dir.display()
        );
        return;
    };
    let config = TrainConfig::default();
    // Criterion stores the results in target/criterion/full-run_<name>/.
    c.bench_function("full-run/f64", |b| {
        b.iter(|| nnlearn_fast::train(&config, FastData::of(&data), |_| {}).expect("training runs"))
    });
    let data32 = Converted::<f32>::from(&data);
    c.bench_function("full-run/f32", |b| {
        b.iter(|| nnlearn_fast::train(&config, data32.view(), |_| {}).expect("training runs"))
    });
    c.bench_function("full-run/plain", |b| b.iter(|| nnlearn::train::train(&config, &data)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = training
}
criterion_main!(benches);
