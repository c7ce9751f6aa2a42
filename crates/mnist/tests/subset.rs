//! The shipped subset `data/mnist-subset/`: it loads, it is the first 5000 + 1000
//! samples of the real MNIST (checked when `MNIST_DIR` points at the full files),
//! and `write_subset` reproduces it byte for byte.
//!
//! To regenerate it: `cargo run -- mnist-subset --from /path/to/mnist`.

mod mnist_support;

// In a module named `mnist` so that `cargo test mnist` selects these tests.
mod mnist {
    use std::fs;
    use std::path::PathBuf;

    use mnist::{
        MnistError, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, find_file,
        read_idx_images, read_idx_labels, sha256_hex, subset_dir, write_subset,
    };

    use crate::mnist_support::{scratch_dir, valid_images, valid_labels};

    const NAMES: [&str; 4] = [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS];

    /// The directory of the full MNIST files, if `MNIST_DIR` is set.
    fn full_mnist() -> Option<PathBuf> {
        let dir = std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty()).map(PathBuf::from);
        if dir.is_none() {
            eprintln!("MNIST_DIR is not set: the comparison with the full MNIST files is skipped");
        }
        dir
    }

    #[test]
    fn mnist_subset_holds_5000_and_1000_samples() {
        let dir = subset_dir();
        for (images, labels, n) in
            [(TRAIN_IMAGES, TRAIN_LABELS, 5000), (TEST_IMAGES, TEST_LABELS, 1000)]
        {
            let images = read_idx_images(dir.join(format!("{images}.gz"))).unwrap();
            let labels = read_idx_labels(dir.join(format!("{labels}.gz"))).unwrap();
            assert_eq!((images.len(), labels.len()), (n, n));
            assert!(labels.labels().iter().all(|&k| k <= 9));
            // Every digit is there, in roughly MNIST's proportions (each 7% to 14%).
            for digit in 0..10 {
                let share =
                    labels.labels().iter().filter(|&&k| k == digit).count() as f64 / n as f64;
                assert!((0.07..0.14).contains(&share), "digit {digit}: {share}");
            }
        }
    }

    #[test]
    fn mnist_subset_is_the_start_of_the_full_files() {
        let Some(full) = full_mnist() else { return };
        let subset = subset_dir();
        for (name, n) in [(TRAIN_IMAGES, 5000), (TEST_IMAGES, 1000)] {
            let all = read_idx_images(find_file(&full, name).unwrap()).unwrap();
            let part = read_idx_images(subset.join(format!("{name}.gz"))).unwrap();
            assert_eq!(part, all.first(n), "{name}");
        }
        for (name, n) in [(TRAIN_LABELS, 5000), (TEST_LABELS, 1000)] {
            let all = read_idx_labels(find_file(&full, name).unwrap()).unwrap();
            let part = read_idx_labels(subset.join(format!("{name}.gz"))).unwrap();
            assert_eq!(part, all.first(n), "{name}");
        }
    }

    #[test]
    fn mnist_subset_is_reproduced_byte_for_byte() {
        let Some(full) = full_mnist() else { return };
        let out = scratch_dir("subset-again");
        let written = write_subset(&full, &out, 5000, 1000).unwrap();
        assert_eq!(written.len(), 4);
        for name in NAMES {
            let file = format!("{name}.gz");
            assert_eq!(
                fs::read(out.join(&file)).unwrap(),
                fs::read(subset_dir().join(&file)).unwrap(),
                "{file}"
            );
        }
        fs::remove_dir_all(out).unwrap();
    }

    #[test]
    fn mnist_write_subset_is_deterministic_and_checks_its_sizes() {
        let source = scratch_dir("subset-source");
        for (name, bytes) in [
            (TRAIN_IMAGES, valid_images(4)),
            (TRAIN_LABELS, valid_labels(4)),
            (TEST_IMAGES, valid_images(3)),
            (TEST_LABELS, valid_labels(3)),
        ] {
            fs::write(source.join(name), bytes).unwrap();
        }
        let (a, b) = (scratch_dir("subset-a"), scratch_dir("subset-b"));
        let written = write_subset(&source, &a, 2, 1).unwrap();
        write_subset(&source, &b, 2, 1).unwrap();
        for (file, name) in written.iter().zip(NAMES) {
            let bytes = fs::read(&file.path).unwrap();
            assert_eq!(bytes, fs::read(b.join(format!("{name}.gz"))).unwrap());
            assert_eq!(file.sha256, sha256_hex(&bytes));
            assert_eq!(&bytes[3..8], &[0, 0, 0, 0, 0], "no file name, no time stamp");
        }
        assert_eq!(read_idx_images(a.join(format!("{TRAIN_IMAGES}.gz"))).unwrap().len(), 2);
        assert_eq!(read_idx_labels(a.join(format!("{TEST_LABELS}.gz"))).unwrap().labels(), &[0]);

        for (n_train, n_test) in [(0, 1), (5, 1), (1, 4)] {
            let e = write_subset(&source, &a, n_train, n_test).unwrap_err();
            assert!(matches!(e, MnistError::SubsetSize { .. }), "{e}");
            assert!(e.to_string().contains("cannot take the first"), "{e}");
        }
    }
}
