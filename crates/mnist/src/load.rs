//! `load_mnist`: the four files as arrays ready for training, like the original
//! Python `load_mnist(normalize=True, flatten=True, one_hot_label=False)`.

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2, ArrayD, ArrayView2, Axis, IxDyn, Slice};

use super::error::MnistError;
use super::files::check_directory;
use super::idx::{CLASSES, COLS, IdxImages, IdxLabels, PIXELS, ROWS};
use super::idx_file::{read_idx_images, read_idx_labels};
use super::{TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS};

/// How [`load_mnist`] shapes the data; the fields are the arguments of the original
/// Python function, and [`Default`] gives its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Pixels as `value / 255`, in `0.0..=1.0` (`true`), or as `0.0..=255.0` (`false`).
    pub normalize: bool,
    /// Images as rows of 784 pixels, shape `[n, 784]` (`true`), or as
    /// `[n, 1, 28, 28]` (one channel of 28 rows of 28 pixels, `false`).
    pub flatten: bool,
    /// Labels as one-hot rows of 10 (`true`, [`Labels::OneHot`]) or as class
    /// numbers `0..=9` (`false`, [`Labels::Classes`]).
    pub one_hot_label: bool,
}

impl Default for LoadOptions {
    /// `normalize: true, flatten: true, one_hot_label: false`, as in the original.
    fn default() -> Self {
        LoadOptions { normalize: true, flatten: true, one_hot_label: false }
    }
}

/// The labels of a split, in the form [`LoadOptions::one_hot_label`] chose.
#[derive(Debug, Clone, PartialEq)]
pub enum Labels {
    /// The digit of each image, `0..=9`; shape `[n]`.
    Classes(Array1<usize>),
    /// One row per image with a 1 in the column of its digit and 0 elsewhere; shape `[n, 10]`.
    OneHot(Array2<f64>),
}

impl Labels {
    /// Number of labels.
    pub fn len(&self) -> usize {
        match self {
            Labels::Classes(c) => c.len(),
            Labels::OneHot(t) => t.nrows(),
        }
    }

    /// `true` if there are no labels.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The digit of each image, whatever the stored form (a one-hot row gives the
    /// column of its largest value).
    pub fn classes(&self) -> Array1<usize> {
        match self {
            Labels::Classes(c) => c.clone(),
            Labels::OneHot(t) => t.rows().into_iter().map(|row| largest(row.iter())).collect(),
        }
    }

    /// One-hot rows `[n, 10]`, whatever the stored form.
    ///
    /// # Panics
    /// If a stored class is not `0..=9`.
    pub fn one_hot(&self) -> Array2<f64> {
        match self {
            Labels::Classes(c) => one_hot(c.iter().copied()),
            Labels::OneHot(t) => t.clone(),
        }
    }

    fn first(&self, n: usize) -> Labels {
        let rows = Slice::from(..n);
        match self {
            Labels::Classes(c) => Labels::Classes(c.slice_axis(Axis(0), rows).to_owned()),
            Labels::OneHot(t) => Labels::OneHot(t.slice_axis(Axis(0), rows).to_owned()),
        }
    }

    fn select(&self, indices: &[usize]) -> Labels {
        match self {
            Labels::Classes(c) => Labels::Classes(c.select(Axis(0), indices)),
            Labels::OneHot(t) => Labels::OneHot(t.select(Axis(0), indices)),
        }
    }
}

/// The position of the largest value (the first of equal ones, like `np.argmax`).
fn largest<'a>(values: impl Iterator<Item = &'a f64>) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, &v) in values.enumerate() {
        if v > best.1 {
            best = (i, v);
        }
    }
    best.0
}

/// One-hot rows for the given classes.
fn one_hot(classes: impl ExactSizeIterator<Item = usize>) -> Array2<f64> {
    let mut t = Array2::zeros((classes.len(), CLASSES));
    for (n, k) in classes.enumerate() {
        assert!(k < CLASSES, "one_hot: class {k} of sample {n} is not a digit 0..=9");
        t[[n, k]] = 1.0;
    }
    t
}

/// A training or test split: images and their labels, sample `i` in row `i` of both.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// `[n, 784]` if flattened, else `[n, 1, 28, 28]`; pixels `0..=1` if normalized, else `0..=255`.
    pub images: ArrayD<f64>,
    /// The digit of each image.
    pub labels: Labels,
}

impl Split {
    /// Builds a split from the two IDX files' contents.
    fn from_idx(images: &IdxImages, labels: &IdxLabels, options: LoadOptions) -> Self {
        debug_assert_eq!(images.len(), labels.len());
        let n = images.len();
        let shape = if options.flatten { vec![n, PIXELS] } else { vec![n, 1, ROWS, COLS] };
        let pixels = pixels_to_real(images.pixels(), options.normalize);
        let images = ArrayD::from_shape_vec(IxDyn(&shape), pixels).expect("n * 784 pixels");
        let classes = labels.labels().iter().map(|&k| usize::from(k));
        let labels = if options.one_hot_label {
            Labels::OneHot(one_hot(classes))
        } else {
            Labels::Classes(classes.collect())
        };
        Split { images, labels }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// `true` if the split has no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The images as a 2-D view, one flattened image (784 pixels) per row, whether
    /// they are stored `[n, 784]` or `[n, 1, 28, 28]` (no copy).
    ///
    /// # Panics
    /// If `images` was replaced by an array that is not in standard (row-major)
    /// layout; `images.as_standard_layout()` makes one that is.
    pub fn images_2d(&self) -> ArrayView2<'_, f64> {
        let n = self.images.shape().first().copied().unwrap_or(0);
        let per_image = self.images.len().checked_div(n).unwrap_or(PIXELS);
        self.images.view().into_shape_with_order((n, per_image)).unwrap_or_else(|_| {
            panic!(
                "Split::images_2d: images of shape {:?} are not in standard (row-major) layout; \
                     store `images.as_standard_layout().into_owned()` instead",
                self.images.shape()
            )
        })
    }

    /// The digit of each image, `[n]`, whatever the stored form of the labels.
    pub fn classes(&self) -> Array1<usize> {
        self.labels.classes()
    }

    /// One-hot labels, `[n, 10]`, whatever the stored form of the labels.
    pub fn one_hot(&self) -> Array2<f64> {
        self.labels.one_hot()
    }

    /// The first `n` samples, or all of them if there are fewer (like NumPy's `x[:n]`).
    ///
    /// ```
    /// use mnist::{LoadOptions, load_mnist, subset_dir};
    /// let (train, _) = load_mnist(&subset_dir(), LoadOptions::default())?;
    /// let small = train.first(300);
    /// assert_eq!(small.len(), 300);
    /// assert_eq!(small.images.shape(), &[300, 784]);
    /// # Ok::<(), mnist::MnistError>(())
    /// ```
    pub fn first(&self, n: usize) -> Split {
        let n = n.min(self.len());
        Split {
            images: self.images.slice_axis(Axis(0), Slice::from(..n)).to_owned(),
            labels: self.labels.first(n),
        }
    }

    /// The samples at `indices`, in that order (repeats allowed), like NumPy's
    /// `x[batch_mask]`: this is how a random mini-batch is drawn.
    ///
    /// # Panics
    /// If an index is `>= len()`.
    ///
    /// ```
    /// use mnist::{LoadOptions, load_mnist, subset_dir};
    /// let (_, test) = load_mnist(&subset_dir(), LoadOptions::default())?;
    /// let batch = test.select(&[7, 0, 7]);
    /// assert_eq!(batch.classes().to_vec(), vec![9, 7, 9]);
    /// # Ok::<(), mnist::MnistError>(())
    /// ```
    pub fn select(&self, indices: &[usize]) -> Split {
        if let Some((i, &k)) = indices.iter().enumerate().find(|(_, k)| **k >= self.len()) {
            panic!(
                "Split::select: indices[{i}] = {k} is out of range for a split of {} samples",
                self.len()
            );
        }
        Split { images: self.images.select(Axis(0), indices), labels: self.labels.select(indices) }
    }
}

// ANCHOR: pixels_to_real
/// Converts pixel bytes (0 to 255) to `f64`, divided by 255 if `normalize`,
/// as the original's `x_train.astype(np.float32) / 255.0` (here in `f64`).
fn pixels_to_real(pixels: &[u8], normalize: bool) -> Vec<f64> {
    let scale = if normalize { 255.0 } else { 1.0 };
    pixels.iter().map(|&p| f64::from(p) / scale).collect()
}
// ANCHOR_END: pixels_to_real

/// Finds `name` or else `name.gz` in `dir` (a raw file wins when both are there,
/// since it loads faster). Whatever is there under that name is found, so that a
/// directory or a named pipe in place of the file is reported as what it is when
/// it is read, not as missing.
///
/// # Errors
/// [`MnistError::NotFound`] if neither exists, [`MnistError::NotADirectory`] if
/// `dir` is not a directory.
pub fn find_file(dir: &Path, name: &str) -> Result<PathBuf, MnistError> {
    check_directory(dir)?;
    [name.to_string(), format!("{name}.gz")]
        .into_iter()
        .map(|file| dir.join(file))
        .find(|path| path.symlink_metadata().is_ok())
        .ok_or_else(|| MnistError::NotFound { dir: dir.to_path_buf(), name: name.to_string() })
}

/// Reads an image file and a label file and checks that they hold as many samples.
pub fn read_pair(
    images_path: &Path,
    labels_path: &Path,
) -> Result<(IdxImages, IdxLabels), MnistError> {
    let images = read_idx_images(images_path)?;
    let labels = read_idx_labels(labels_path)?;
    if images.len() != labels.len() {
        return Err(MnistError::CountMismatch {
            images_path: images_path.to_path_buf(),
            labels_path: labels_path.to_path_buf(),
            images: images.len(),
            labels: labels.len(),
        });
    }
    Ok((images, labels))
}

/// Loads one split from an image file and a label file (raw or gzip).
///
/// # Errors
/// Any error of [`read_idx_images`] or [`read_idx_labels`], or
/// [`MnistError::CountMismatch`] if the two files hold different numbers of samples.
pub fn load_split(
    images_path: &Path,
    labels_path: &Path,
    options: LoadOptions,
) -> Result<Split, MnistError> {
    let (images, labels) = read_pair(images_path, labels_path)?;
    Ok(Split::from_idx(&images, &labels, options))
}

/// Loads MNIST from `dir` (see [`mnist_dir`](super::mnist_dir)): the training split
/// (60 000 images) and the test split (10 000), shaped by `options`. Each file is
/// `name` or `name.gz`; all four are looked for before any is read.
///
/// ```
/// use mnist::{Labels, LoadOptions, load_mnist, subset_dir};
/// // The 5000 + 1000 real MNIST images shipped with the crate:
/// let (train, test) = load_mnist(&subset_dir(), LoadOptions::default())?;
/// assert_eq!(train.images.shape(), &[5000, 784]);
/// assert_eq!(test.len(), 1000);
/// assert!(train.images.iter().all(|&p| (0.0..=1.0).contains(&p)));
/// let Labels::Classes(t) = &train.labels else { unreachable!() };
/// assert_eq!(t[0], 5);
/// # Ok::<(), mnist::MnistError>(())
/// ```
///
/// # Errors
/// [`MnistError`] naming the first file that is missing or broken.
// ANCHOR: load_mnist
pub fn load_mnist(dir: &Path, options: LoadOptions) -> Result<(Split, Split), MnistError> {
    let [train_images, train_labels, test_images, test_labels] =
        [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS].map(|name| find_file(dir, name));
    let train = load_split(&train_images?, &train_labels?, options)?;
    let test = load_split(&test_images?, &test_labels?, options)?;
    Ok((train, test))
}
// ANCHOR_END: load_mnist

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn split(options: LoadOptions) -> Split {
        let mut pixels = vec![0u8; 2 * PIXELS];
        pixels[0] = 255;
        pixels[PIXELS + 783] = 51;
        let images = IdxImages::from_pixels(pixels);
        Split::from_idx(&images, &IdxLabels::from_labels(vec![3, 9]), options)
    }

    #[test]
    fn default_options_are_the_originals() {
        let o = LoadOptions::default();
        assert!(o.normalize && o.flatten && !o.one_hot_label);
    }

    #[test]
    fn options_shape_the_arrays() {
        let s = split(LoadOptions::default());
        assert_eq!(s.images.shape(), &[2, 784]);
        assert_eq!((s.images[[0, 0]], s.images[[1, 783]]), (1.0, 0.2));
        assert_eq!(s.labels, Labels::Classes(array![3, 9]));

        let raw = split(LoadOptions { normalize: false, flatten: false, one_hot_label: true });
        assert_eq!(raw.images.shape(), &[2, 1, 28, 28]);
        assert_eq!((raw.images[[0, 0, 0, 0]], raw.images[[1, 0, 27, 27]]), (255.0, 51.0));
        assert_eq!(raw.one_hot().row(1).to_vec(), [0., 0., 0., 0., 0., 0., 0., 0., 0., 1.]);
        assert_eq!(raw.classes(), array![3, 9]);
        assert_eq!(
            raw.images_2d(),
            split(LoadOptions { normalize: false, ..Default::default() }).images_2d()
        );
    }

    #[test]
    fn normalizing_divides_by_255() {
        let v = pixels_to_real(&[0, 1, 128, 255], true);
        assert_eq!(v, [0.0, 1.0 / 255.0, 128.0 / 255.0, 1.0]);
    }

    #[test]
    fn first_and_select_keep_images_and_labels_together() {
        let s = split(LoadOptions { one_hot_label: true, ..Default::default() });
        assert_eq!(s.first(1).classes(), array![3]);
        assert_eq!(s.first(10).len(), 2);
        let b = s.select(&[1, 1, 0]);
        assert_eq!(b.classes(), array![9, 9, 3]);
        assert_eq!(b.images_2d().row(2), s.images_2d().row(0));
    }

    #[test]
    #[should_panic(
        expected = "Split::select: indices[1] = 2 is out of range for a split of 2 samples"
    )]
    fn select_names_a_bad_index() {
        split(LoadOptions::default()).select(&[0, 2]);
    }

    #[test]
    fn missing_files_are_named() {
        let e = find_file(Path::new("/nonexistent"), TRAIN_LABELS).unwrap_err();
        let path = Path::new("/nonexistent").join(TRAIN_LABELS);
        assert!(e.to_string().starts_with(&format!("{}: not found", path.display())), "{e}");
    }
}
