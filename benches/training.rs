//! The full training run of chapter 5 (10000 iterations of batch 100 and 17
//! evaluations on all 70000 images), in f64 and in f32. Compare with the NumPy
//! script `benches/numpy_full_run.py` (see benches/README.md).
//!
//! Needs the full MNIST: `MNIST_DIR=/path/to/mnist cargo bench --bench training`.

use criterion::{Criterion, criterion_group, criterion_main};
use nnlearn::experiment::Mnist;
use nnlearn::mnist::mnist_dir;
use nnlearn::real::Real;
use nnlearn::train::{TrainConfig, train};

fn full_run<F: Real>(c: &mut Criterion, mnist: &Mnist<F>) {
    let config = TrainConfig::default();
    let data = mnist.data(None);
    // Criterion stores the result in target/criterion/full-run_<precision>/.
    c.bench_function(&format!("full-run/{}", F::NAME), |b| {
        b.iter(|| train(&config, data, |_| {}).expect("training runs"))
    });
}

fn training(c: &mut Criterion) {
    let dir = mnist_dir(None);
    let (Ok(m64), Ok(m32)) = (Mnist::<f64>::load(&dir), Mnist::<f32>::load(&dir)) else {
        eprintln!(
            "skipping the training benchmark: no full MNIST in {} (set MNIST_DIR)",
            dir.display()
        );
        return;
    };
    full_run(c, &m64);
    full_run(c, &m32);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = training
}
criterion_main!(benches);
