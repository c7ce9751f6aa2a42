//! A real training run on the real MNIST digits shipped in `data/mnist-subset/`:
//! the overfitting experiment of chapters 1 and 5 (300 training images), whose
//! record the book quotes from `book/runs/overfit/`.

use nnlearn::experiment::{book_runs, compare};

fn rounded(x: f64) -> String {
    format!("{x:.4}")
}

#[test]
fn the_overfitting_run_reproduces_its_record_and_overfits() {
    let run = book_runs()
        .into_iter()
        .find(|r| r.name == "overfit")
        .expect("the overfit run");
    let fresh = run.run().expect("the shipped subset trains");
    let committed = run.record().expect("book/runs/overfit is committed");
    match compare(&fresh, &committed) {
        Ok(verdict) => eprintln!("book/runs/overfit: {verdict}"),
        Err(why) => panic!(
            "book/runs/overfit no longer matches the code: {why}\nAfter an intended change: `cargo run --release -- book-run overfit` then `scripts/regen`."
        ),
    }
    // What the book says of it: training accuracy far above test accuracy.
    let last = fresh.log.evaluations.last().expect("evaluations");
    assert!(last.train_acc >= 0.99, "train accuracy {}", last.train_acc);
    assert!(last.test_acc < 0.85, "test accuracy {}", last.test_acc);
    assert!(last.train_acc - last.test_acc > 0.15);
    // The first loss is about ln 10: ten classes, equally likely at the start.
    assert!(
        (fresh.log.losses[0] - 10f64.ln()).abs() < 0.1,
        "{}",
        fresh.log.losses[0]
    );

    // The loss curve, pinned: every 100th loss to four decimals.
    let curve: String = fresh
        .log
        .losses
        .iter()
        .enumerate()
        .step_by(100)
        .map(|(i, &l)| format!("{i:>5} {}\n", rounded(l)))
        .collect();
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("overfit_loss_curve", curve);
    });
}

/// The appendix's claim about f32: on the overfitting run, the f32 loss stays
/// within 1e-5 of the (recorded) f64 loss at every iteration.
#[test]
fn f32_follows_f64_closely() {
    use nnlearn::experiment::Mnist;
    use nnlearn::train::train;
    let run = book_runs()
        .into_iter()
        .find(|r| r.name == "overfit")
        .expect("the overfit run");
    let mnist = Mnist::<f32>::load(&run.data_dir()).expect("the shipped subset");
    let (_, log) = train(&run.config, mnist.data(run.train_size), |_| {}).expect("f32 trains");
    let recorded = run
        .record()
        .expect("book/runs/overfit is committed")
        .log
        .losses;
    assert_eq!(log.losses.len(), recorded.len());
    let worst = log
        .losses
        .iter()
        .zip(&recorded)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        worst < 1e-5,
        "the f32 loss differs from the f64 loss by up to {worst:e}"
    );
    eprintln!("f32 against f64: largest loss difference {worst:e}");
}

/// A learning rate far too large (10) on real digits: the run must end with
/// finite losses and accuracies (the sigmoid saturates and the 1e-7 of the loss
/// caps it near 16), or stop with a report of the iteration where it diverged;
/// never print NaN.
#[test]
fn a_learning_rate_of_10_gives_finite_results_or_a_clear_report() {
    use nnlearn::experiment::Mnist;
    use nnlearn::train::{TrainConfig, TrainError, train};
    let mnist = Mnist::<f64>::load(&nnlearn::mnist::subset_dir()).expect("the shipped subset");
    let config = TrainConfig {
        iters: 300,
        learning_rate: 10.0,
        eval_every: Some(100),
        ..TrainConfig::default()
    };
    match train(&config, mnist.data(Some(1000)), |_| {}) {
        Ok((_, log)) => {
            assert!(log.losses.iter().all(|l| l.is_finite()));
            assert!(
                log.evaluations.iter().all(
                    |e| (0.0..=1.0).contains(&e.train_acc) && (0.0..=1.0).contains(&e.test_acc)
                )
            );
        }
        Err(TrainError::Diverged { iteration, .. }) => assert!(iteration < 300),
        Err(e) => panic!("unexpected error: {e}"),
    }
}
