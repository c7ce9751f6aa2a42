//! `load_mnist` on the shipped subset (and on the full files when `MNIST_DIR` is
//! set): the options change shapes and values as documented.

mod mnist_support;

// In a module named `mnist` so that `cargo test mnist` selects these tests.
mod mnist {
    use std::fs;
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use mnist::{
        Labels, LoadOptions, MnistError, Split, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES,
        TRAIN_LABELS, load_mnist, load_split, mnist_dir, subset_dir,
    };
    use ndarray::Axis;

    use crate::mnist_support::{gzip, scratch_dir, valid_images, valid_labels};

    fn all_options() -> Vec<LoadOptions> {
        (0..8)
            .map(|bits| LoadOptions {
                normalize: bits & 1 != 0,
                flatten: bits & 2 != 0,
                one_hot_label: bits & 4 != 0,
            })
            .collect()
    }

    /// The checks every loaded split must pass, whatever the options.
    fn check_split(split: &Split, n: usize, options: LoadOptions) {
        let shape: &[usize] = if options.flatten { &[n, 784] } else { &[n, 1, 28, 28] };
        assert_eq!(split.images.shape(), shape, "{options:?}");
        assert_eq!(split.len(), n);
        assert_eq!(split.images_2d().dim(), (n, 784));
        let max = if options.normalize { 1.0 } else { 255.0 };
        let largest = split.images.iter().fold(0.0f64, |m, &p| m.max(p));
        assert_eq!(largest, max, "{options:?}");
        assert!(split.images.iter().all(|&p| (0.0..=max).contains(&p)));
        // Every pixel is k or k/255 for an integer k.
        let scale = if options.normalize { 255.0 } else { 1.0 };
        assert!(split.images.iter().all(|&p| (p * scale - (p * scale).round()).abs() < 1e-9));

        match (&split.labels, options.one_hot_label) {
            (Labels::Classes(c), false) => assert_eq!(c.len(), n),
            (Labels::OneHot(t), true) => {
                assert_eq!(t.dim(), (n, 10));
                assert!(t.iter().all(|&v| v == 0.0 || v == 1.0));
                assert!(t.sum_axis(Axis(1)).iter().all(|&s| s == 1.0));
            }
            (labels, _) => panic!("{options:?} gave {labels:?}"),
        }
        let classes = split.classes();
        assert!(classes.iter().all(|&k| k <= 9));
        let one_hot = split.one_hot();
        for (row, &k) in one_hot.rows().into_iter().zip(&classes) {
            assert_eq!(row[k], 1.0);
        }
    }

    #[test]
    fn mnist_subset_loads_with_every_option() {
        let reference = load_mnist(&subset_dir(), LoadOptions::default()).unwrap();
        for options in all_options() {
            let (train, test) = load_mnist(&subset_dir(), options).unwrap();
            check_split(&train, 5000, options);
            check_split(&test, 1000, options);
            // Same samples, same order, whatever the options.
            assert_eq!(train.classes(), reference.0.classes());
            let scale = if options.normalize { 1.0 } else { 255.0 };
            let expected = reference.1.images_2d().mapv(|p| p * scale);
            let got = test.images_2d();
            assert!(got.iter().zip(&expected).all(|(a, b)| (a - b).abs() < 1e-9), "{options:?}");
        }
    }

    #[test]
    fn mnist_subset_starts_with_the_well_known_digits() {
        let (train, test) = load_mnist(&subset_dir(), LoadOptions::default()).unwrap();
        assert_eq!(
            train.classes().slice(ndarray::s![..10]).to_vec(),
            [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
        );
        assert_eq!(
            test.classes().slice(ndarray::s![..10]).to_vec(),
            [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
        );
        // The first training image, a 5, has ink in its middle and none in its corners.
        let five = train.images_2d().row(0).to_owned().into_shape_with_order((28, 28)).unwrap();
        assert_eq!(five[[0, 0]], 0.0);
        assert!(five.slice(ndarray::s![10..18, 10..18]).iter().any(|&p| p > 0.9));
        // Pixel 152 of image 0 is 3: normalized it is exactly 3 / 255.
        assert_eq!(train.images[[0, 152]], 3.0 / 255.0);
    }

    #[test]
    fn mnist_first_makes_the_overfitting_demo_split() {
        let (train, _) = load_mnist(
            &subset_dir(),
            LoadOptions { one_hot_label: true, flatten: false, ..Default::default() },
        )
        .unwrap();
        let small = train.first(300);
        assert_eq!(small.images.shape(), &[300, 1, 28, 28]);
        assert_eq!(small.one_hot().dim(), (300, 10));
        assert_eq!(small.images_2d().row(299), train.images_2d().row(299));
        assert_eq!(train.first(1_000_000).len(), 5000);
    }

    #[test]
    fn mnist_full_files_load_when_mnist_dir_is_set() {
        let Some(dir) = std::env::var_os("MNIST_DIR").map(PathBuf::from) else {
            eprintln!("MNIST_DIR is not set: skipped");
            return;
        };
        let start = Instant::now();
        let (train, test) = load_mnist(&dir, LoadOptions::default()).unwrap();
        eprintln!("loaded the full MNIST in {:?} (this build's profile)", start.elapsed());
        assert_eq!(train.images.shape(), &[60000, 784]);
        assert_eq!(test.images.shape(), &[10000, 784]);
        let counts = train.classes().iter().fold([0usize; 10], |mut c, &k| {
            c[k] += 1;
            c
        });
        // The well-known class counts of the MNIST training set.
        assert_eq!(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
        let subset = load_mnist(&subset_dir(), LoadOptions::default()).unwrap();
        assert_eq!(subset.0, train.first(5000));
        assert_eq!(subset.1, test.first(1000));
    }

    #[test]
    fn mnist_dir_prefers_the_explicit_path() {
        assert_eq!(mnist_dir(Some(Path::new("/x/y"))), Path::new("/x/y"));
        let dir = mnist_dir(None);
        match std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty()) {
            Some(env) => assert_eq!(dir, PathBuf::from(env)),
            None => assert!(dir.ends_with("data/mnist"), "{}", dir.display()),
        }
    }

    #[test]
    fn mnist_missing_files_are_named_with_the_fix() {
        let dir = scratch_dir("load-missing");
        fs::write(dir.join(format!("{TRAIN_IMAGES}.gz")), gzip(&valid_images(1))).unwrap();
        let e = load_mnist(&dir, LoadOptions::default()).unwrap_err();
        assert!(matches!(e, MnistError::NotFound { .. }), "{e}");
        let message = e.to_string();
        assert!(
            message.starts_with(&format!("{}: not found", dir.join(TRAIN_LABELS).display())),
            "{message}"
        );
        assert!(message.contains("cargo run --release -- download"), "{message}");
        assert!(message.contains("MNIST_DIR"), "{message}");
    }

    #[test]
    fn mnist_raw_and_gzip_files_mix() {
        let dir = scratch_dir("load-mixed");
        fs::write(dir.join(TRAIN_IMAGES), valid_images(4)).unwrap();
        fs::write(dir.join(format!("{TRAIN_LABELS}.gz")), gzip(&valid_labels(4))).unwrap();
        // A gzip file without the .gz name and a raw file with it are recognised by content.
        fs::write(dir.join(TEST_IMAGES), gzip(&valid_images(2))).unwrap();
        fs::write(dir.join(format!("{TEST_LABELS}.gz")), valid_labels(2)).unwrap();
        let (train, test) = load_mnist(&dir, LoadOptions::default()).unwrap();
        assert_eq!((train.len(), test.len()), (4, 2));
        // valid_images(n) numbers its pixels from the start, so the first two images agree.
        assert_eq!(train.images_2d().slice(ndarray::s![..2, ..]), test.images_2d());
    }

    #[test]
    fn mnist_split_counts_must_agree() {
        let dir = scratch_dir("load-mismatch");
        let (images, labels) = (dir.join("images"), dir.join("labels"));
        fs::write(&images, valid_images(3)).unwrap();
        fs::write(&labels, gzip(&valid_labels(2))).unwrap();
        let e = load_split(&images, &labels, LoadOptions::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: holds 3 images but {} holds 2 labels; a split needs exactly one label per image",
                images.display(),
                labels.display()
            )
        );
    }
}
