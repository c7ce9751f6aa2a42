//! A real training run on the real MNIST digits shipped in `data/mnist-subset/`:
//! the overfitting experiment of chapters 1 and 5 (300 training images), whose
//! record the book quotes from `book/runs/overfit/`. The chapter's loop must
//! reproduce the record, and the fast path the chapter's loop, bit for bit.

use nnlearn_book::learning_algorithm::runs::{Loop, book_run, compare};

fn rounded(x: f64) -> String {
    format!("{x:.4}")
}

#[test]
fn the_overfitting_run_reproduces_its_record_and_overfits() {
    let run = book_run("overfit").expect("the overfit run");
    let fresh = run.run(Loop::Plain).expect("the shipped subset trains");
    let committed = run.record().expect("book/runs/overfit is committed");
    match compare(&fresh, &committed) {
        Ok(verdict) => eprintln!("book/runs/overfit: {verdict}"),
        Err(why) => panic!(
            "book/runs/overfit no longer matches the code: {why}\nAfter an intended change: `cargo run --release -- book-run overfit` then `scripts/regen`."
        ),
    }
    // What the book says of it: training accuracy far above test accuracy.
    let log = &fresh.log;
    let (train, test) = (*log.train_acc_list.last().unwrap(), *log.test_acc_list.last().unwrap());
    assert!(train >= 0.99, "train accuracy {train}");
    assert!(test < 0.85, "test accuracy {test}");
    assert!(train - test > 0.15);
    // The first loss is about ln 10: ten classes, equally likely at the start.
    let first = log.train_loss_list[0];
    assert!((first - 10f64.ln()).abs() < 0.1, "{first}");

    // The loss curve, pinned: every 100th loss to four decimals.
    let curve: String = log
        .train_loss_list
        .iter()
        .enumerate()
        .step_by(100)
        .map(|(i, &l)| format!("{i:>5} {}\n", rounded(l)))
        .collect();
    insta::with_settings!({snapshot_path => "../../../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("overfit_loss_curve", curve);
    });
}

/// The fast path gives the chapter's loop's run to the bit: every loss, every
/// accuracy (`scripts/check` does the same on the full run with `book-run full --check`).
#[test]
fn the_fast_path_gives_the_chapters_run_bit_for_bit() {
    let run = book_run("overfit").expect("the overfit run");
    let plain = run.run(Loop::Plain).expect("the chapter's loop trains");
    let fast = run.run(Loop::Fast).expect("the fast path trains");
    let (a, b) = (&plain.log, &fast.log);
    assert_eq!(a.train_loss_list.len(), b.train_loss_list.len());
    for (i, (x, y)) in a.train_loss_list.iter().zip(&b.train_loss_list).enumerate() {
        assert_eq!(x.to_bits(), y.to_bits(), "loss {i}: {x} against {y}");
    }
    assert_eq!(a.train_acc_list, b.train_acc_list);
    assert_eq!(a.test_acc_list, b.test_acc_list);
    assert_eq!(plain, fast);
}

/// The appendix's claim about f32: on the overfitting run, the f32 loss stays
/// within 1e-5 of the (recorded) f64 loss at every iteration.
#[test]
fn f32_follows_f64_closely() {
    let run = book_run("overfit").expect("the overfit run");
    let data =
        nnlearn_book::learning_algorithm::data::load(&run.data_dir(), run.train_size).unwrap();
    let converted = nnlearn_fast::Converted::<f32>::from(&data);
    let (_, log) = nnlearn_fast::train(&run.config, converted.view(), |_| {}).expect("f32 trains");
    let recorded = run.record().expect("book/runs/overfit is committed").log.train_loss_list;
    assert_eq!(log.train_loss_list.len(), recorded.len());
    let worst =
        log.train_loss_list.iter().zip(&recorded).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(worst < 1e-5, "the f32 loss differs from the f64 loss by up to {worst:e}");
    eprintln!("f32 against f64: largest loss difference {worst:e}");
}

/// A learning rate far too large (10) on real digits: the run must end with
/// finite losses and accuracies (the sigmoid saturates and the 1e-7 of the loss
/// caps it near 16), or stop with a report of the iteration where it diverged;
/// never print NaN.
#[test]
fn a_learning_rate_of_10_gives_finite_results_or_a_clear_report() {
    use nnlearn::checked::train::{TrainError, train};
    use nnlearn::train::TrainConfig;
    let data =
        nnlearn_book::learning_algorithm::data::load(&mnist::subset_dir(), Some(1000)).unwrap();
    let config = TrainConfig {
        iters_num: 300,
        learning_rate: 10.0,
        eval_every: Some(100),
        ..TrainConfig::default()
    };
    match train(&config, &data) {
        Ok((_, log)) => {
            assert!(log.train_loss_list.iter().all(|l| l.is_finite()));
            let accuracies = log.train_acc_list.iter().chain(&log.test_acc_list);
            assert!(accuracies.into_iter().all(|a| (0.0..=1.0).contains(a)));
        }
        Err(TrainError::Diverged(d)) => assert!(d.iteration < 300),
        Err(e) => panic!("unexpected error: {e}"),
    }
}
