//! The MNIST data as the training loop takes it: images as rows of 784 pixels in
//! 0..=1, labels as one-hot rows of 10 (the original's
//! `load_mnist(normalize=True, one_hot_label=True)`).

use std::path::{Path, PathBuf};

use mnist::{LoadOptions, Split, load_mnist, mnist_dir, subset_dir};
use ndarray::{Array2, Ix2};
use nnlearn::train::Data;

/// Loads MNIST from `dir`; with `train_size`, only the first that many
/// training images (the overfitting experiment takes 300).
pub fn load(dir: &Path, train_size: Option<usize>) -> Result<Data, String> {
    let options = LoadOptions { normalize: true, flatten: true, one_hot_label: true };
    let (train, test) = load_mnist(dir, options).map_err(|e| e.to_string())?;
    let train = match train_size {
        Some(n) => train.first(n),
        None => train,
    };
    let ((x_train, t_train), (x_test, t_test)) = (rows(train), rows(test));
    Ok(Data { x_train, t_train, x_test, t_test })
}

/// The images `[n, 784]` (taken as they are, without a copy) and one-hot targets.
fn rows(split: Split) -> (Array2<f64>, Array2<f64>) {
    let t = split.one_hot();
    let x = split.images.into_dimensionality::<Ix2>().expect("flattened images are [n, 784]");
    (x, t)
}

/// The folder a `--data-dir` option names: `subset` is the 5000 + 1000 images
/// shipped in `data/mnist-subset/`; nothing is `$MNIST_DIR`, else `data/mnist/`.
pub fn data_dir(option: Option<&Path>) -> PathBuf {
    match option {
        Some(d) if d.as_os_str() == "subset" => subset_dir(),
        other => mnist_dir(other),
    }
}
