//! MNIST: 70 000 handwritten digits of 28x28 pixels with their labels, the data set
//! the book's networks learn from (appendix "The MNIST format and loader").
//!
//! # The four files
//!
//! | file | contents | raw size | `.gz` size |
//! |---|---|---:|---:|
//! | `train-images-idx3-ubyte` | 60 000 training images | 47 040 016 | 9 912 422 |
//! | `train-labels-idx1-ubyte` | their 60 000 labels | 60 008 | 28 881 |
//! | `t10k-images-idx3-ubyte` | 10 000 test images | 7 840 016 | 1 648 877 |
//! | `t10k-labels-idx1-ubyte` | their 10 000 labels | 10 008 | 4 542 |
//!
//! # The IDX format
//!
//! Each file is a header of big-endian 32-bit unsigned integers followed by the
//! payload, one unsigned byte per pixel or label, with nothing after it.
//!
//! | offset | image file | label file |
//! |---:|---|---|
//! | 0 | magic number 2051 (`00 00 08 03`) | magic number 2049 (`00 00 08 01`) |
//! | 4 | number of images `n` | number of labels `n` |
//! | 8 | rows: 28 | (labels start here) |
//! | 12 | columns: 28 | |
//! | 16 | `n × 28 × 28` pixels: image after image, row after row, 0 (background) to 255 (ink) | |
//!
//! In the magic number, `08` means "unsigned byte" and the last byte is the number
//! of dimensions (3 for `n × rows × columns`, 1 for `n`). A label is a digit `0..=9`.
//!
//! [`read_idx_images`] and [`read_idx_labels`] read a file raw or gzipped (they look
//! at the first bytes, `1f 8b` for gzip, not at the name) and check everything: the
//! magic number (and say so if it is the other kind's), a complete header, 28x28
//! images, at least one sample, exactly the promised payload (neither truncated nor
//! followed by trailing bytes), labels that are digits; [`load_split`] also checks
//! that the images and labels of a split are as many. A header is never trusted with
//! memory: what it claims is checked against what the file really holds first.
//! Every error is an [`MnistError`] whose message starts with the file's path.
//!
//! # Where the data is looked for
//!
//! [`mnist_dir`] picks the directory: the one given explicitly (a command-line
//! option), else the environment variable `MNIST_DIR`, else `data/mnist/` in the
//! crate. In it, each file is `NAME` or `NAME.gz`. [`load_mnist`] then gives the
//! training and test [`Split`]s as arrays, like the original Python
//! `load_mnist(normalize=True, flatten=True, one_hot_label=False)`.
//!
//! The crate also ships a real subset in `data/mnist-subset/` ([`subset_dir`]): the
//! first 5000 training and first 1000 test images, gzipped, made by
//! [`write_subset`]. It needs no download.
//!
//! ```
//! # #[cfg(feature = "fs")] {
//! use mnist::{LoadOptions, load_mnist, subset_dir};
//! let (train, test) = load_mnist(&subset_dir(), LoadOptions::default())?;
//! assert_eq!((train.len(), test.len()), (5000, 1000));
//! assert_eq!(train.images_2d().ncols(), 784);
//! # }
//! # Ok::<(), mnist::MnistError>(())
//! ```
//!
//! # Downloading
//!
//! [`download`] fetches the four `.gz` files from a mirror ([`OSSCI_MIRROR`] by
//! default, [`GOOGLE_MIRROR`] as an alternative), checks the SHA-256 of each one's
//! decompressed content against [`MNIST_SHA256`], and writes it atomically (a
//! temporary `.NAME.gz.part`, flushed, verified, renamed). A file already present
//! whose content verifies is not downloaded again; one that fails is replaced only
//! once a verified download exists.
//!
//! # Features
//!
//! | feature | what it adds |
//! |---|---|
//! | (none) | the format: [`parse_idx_images`], [`parse_idx_labels`], [`IdxImages`], [`IdxLabels`], the file names ([`FILES`]), `weights.txt` ([`weights`]); no file system, so it builds for `wasm32-unknown-unknown` (the widgets use it) |
//! | `fs` (default) | files: [`read_idx_images`], [`load_mnist`], [`mnist_dir`], the subset, gzip |
//! | `download` (default) | [`download`], over HTTPS |

#[cfg(feature = "download")]
mod download;
mod error;
#[cfg(feature = "fs")]
mod files;
mod format;
#[cfg(feature = "fs")]
mod hash;
mod idx;
#[cfg(feature = "fs")]
mod idx_file;
#[cfg(feature = "fs")]
mod load;
#[cfg(feature = "fs")]
mod part_file;
#[cfg(feature = "fs")]
mod subset;
pub mod weights;

#[cfg(feature = "fs")]
use std::path::{Path, PathBuf};

#[cfg(feature = "download")]
pub use download::{
    DownloadEvent, DownloadReport, DownloadSource, GOOGLE_MIRROR, MAX_DOWNLOAD, MNIST_SHA256,
    OSSCI_MIRROR, download,
};
pub use error::MnistError;
#[cfg(feature = "fs")]
pub use files::what_it_is;
#[cfg(feature = "fs")]
pub use hash::sha256_hex;
pub use idx::{
    CLASSES, COLS, IdxImages, IdxKind, IdxLabels, PIXELS, ROWS, parse_idx_images, parse_idx_labels,
};
#[cfg(feature = "fs")]
pub use idx_file::{read_idx_count, read_idx_images, read_idx_labels};
#[cfg(feature = "fs")]
pub use load::{Labels, LoadOptions, Split, find_file, load_mnist, load_split, read_pair};
#[cfg(feature = "fs")]
pub use subset::{SubsetFile, subset_dir, write_subset};

/// The repository's root (this crate is `crates/mnist/` in it).
#[cfg(feature = "fs")]
pub(crate) fn repository() -> PathBuf {
    let this_crate = Path::new(env!("CARGO_MANIFEST_DIR"));
    this_crate.ancestors().nth(2).expect("crates/mnist lies two folders below the root").into()
}

/// The four files, in this order: training images and labels, test images and
/// labels. The names have one home, the book's layout (`nnlearn-layout`, which
/// the live server shares); the loader, the download, the subset and the
/// widgets take them from here.
pub const FILES: [&str; 4] = nnlearn_layout::MNIST_FILES;
/// The training images file (60 000 images): `train-images-idx3-ubyte`.
pub const TRAIN_IMAGES: &str = FILES[0];
/// The training labels file: `train-labels-idx1-ubyte`.
pub const TRAIN_LABELS: &str = FILES[1];
/// The test images file (10 000 images): `t10k-images-idx3-ubyte`.
pub const TEST_IMAGES: &str = FILES[2];
/// The test labels file: `t10k-labels-idx1-ubyte`.
pub const TEST_LABELS: &str = FILES[3];

/// The directory that holds (or will hold) the full MNIST files: `explicit` if
/// given, else the environment variable `MNIST_DIR` if set and not empty, else
/// `data/mnist/` in the crate's directory.
///
/// ```
/// use std::path::Path;
/// use mnist::mnist_dir;
/// assert_eq!(mnist_dir(Some(Path::new("/tmp/m"))), Path::new("/tmp/m"));
/// ```
#[cfg(feature = "fs")]
pub fn mnist_dir(explicit: Option<&Path>) -> PathBuf {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_dir)
}

/// `data/mnist/` in the crate's directory, where `download` puts the files by default.
#[cfg(feature = "fs")]
pub fn default_dir() -> PathBuf {
    repository().join("data").join("mnist")
}
