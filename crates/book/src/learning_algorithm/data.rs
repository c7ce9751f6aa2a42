//! The MNIST data as the training loop takes it: images as rows of 784 pixels in
//! 0..=1, labels as one-hot rows of 10 (the original's
//! `load_mnist(normalize=True, one_hot_label=True)`).

use std::path::{Path, PathBuf};

use mnist::{
    IdxKind, LoadOptions, MnistError, Split, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS,
    find_file, load_mnist, mnist_dir, read_idx_count, read_pair, subset_dir,
};
use ndarray::{Array2, Ix2};
use nnlearn::train::Data;
use nnlearn_fast::{PixelData, Real};

/// Loads MNIST from `dir`; with `train_size`, only the first that many
/// training images (the overfitting experiment takes 300).
pub fn load(dir: &Path, train_size: Option<usize>) -> Result<Data, MnistError> {
    let options = LoadOptions { normalize: true, flatten: true, one_hot_label: true };
    let (train, test) = load_mnist(dir, options)?;
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

/// MNIST for the fast path, read straight from the files: the images as their
/// bytes (each standing for `byte / 255`, the numbers [`load`] makes of them),
/// the one-hot targets in the float type `F`.
pub fn load_pixels<F: Real>(
    dir: &Path,
    train_size: Option<usize>,
) -> Result<PixelData<F>, MnistError> {
    let read = |images: &str, labels: &str, first: Option<usize>| {
        let (images, labels) = read_pair(&find_file(dir, images)?, &find_file(dir, labels)?)?;
        let n = first.unwrap_or(images.len()).min(images.len());
        let mut pixels = images.into_pixels();
        pixels.truncate(n * mnist::PIXELS);
        let x = Array2::from_shape_vec((n, mnist::PIXELS), pixels).expect("n rows of 784 pixels");
        let mut t = Array2::zeros((n, mnist::CLASSES));
        for (row, &label) in labels.labels()[..n].iter().enumerate() {
            t[[row, usize::from(label)]] = F::one();
        }
        Ok::<_, MnistError>((x, t))
    };
    let (x_train, t_train) = read(TRAIN_IMAGES, TRAIN_LABELS, train_size)?;
    let (x_test, t_test) = read(TEST_IMAGES, TEST_LABELS, None)?;
    Ok(PixelData::new(x_train, t_train, x_test, t_test))
}

/// The number of training and test images in `dir`, from the files' headers
/// alone (what loading them will take is weighed before they are loaded).
pub fn sizes(dir: &Path) -> Result<(usize, usize), MnistError> {
    let count = |name: &str| -> Result<usize, MnistError> {
        let n = read_idx_count(&find_file(dir, name)?, IdxKind::Images)?;
        Ok(n as usize)
    };
    Ok((count(TRAIN_IMAGES)?, count(TEST_IMAGES)?))
}

/// The folder a `--data-dir` option names: `subset` is the 5000 + 1000 images
/// shipped in `data/mnist-subset/`; nothing is `$MNIST_DIR`, else `data/mnist/`.
pub fn data_dir(option: Option<&Path>) -> PathBuf {
    match option {
        Some(d) if d.as_os_str() == "subset" => subset_dir(),
        other => mnist_dir(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnlearn_fast::FastData;

    /// The fast path's bytes stand for exactly the numbers the chapter's loader
    /// makes of the files (checked on the shipped subset, every pixel).
    #[test]
    fn the_bytes_are_the_loaders_numbers() {
        let dir = data_dir(Some(Path::new("subset")));
        let numbers = load(&dir, Some(700)).unwrap();
        let pixels = load_pixels::<f64>(&dir, Some(700)).unwrap();
        let (bytes, numbers) = (pixels.view(), FastData::of(&numbers));
        for (b, n) in [(bytes.x_train, numbers.x_train), (bytes.x_test, numbers.x_test)] {
            let rows = 0..n.nrows();
            let (mut buffer, mut unused) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
            assert_eq!(b.rows(rows.clone(), &mut buffer), n.rows(rows, &mut unused));
        }
        assert_eq!((bytes.t_train, bytes.t_test), (numbers.t_train, numbers.t_test));
        let f32s = load_pixels::<f32>(&dir, Some(700)).unwrap();
        let converted = nnlearn_fast::Converted::<f32>::from(&load(&dir, Some(700)).unwrap());
        let (f32s, converted) = (f32s.view(), converted.view());
        let (mut a, mut b) = (Array2::zeros((0, 0)), Array2::zeros((0, 0)));
        assert_eq!(f32s.x_train.rows(0..700, &mut a), converted.x_train.rows(0..700, &mut b));
    }
}
