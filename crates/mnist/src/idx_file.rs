//! Reading the IDX files from disk (feature `fs`): a file is read raw or
//! gzip-compressed, recognised by its first two bytes (`1f 8b` starts every gzip
//! stream, while an IDX file starts with `00 00 08`), not by its name; a regular
//! file only. The bytes are parsed and checked by [`super::idx`].

use std::io::{BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::error::MnistError;
use super::files::open_regular;
pub(crate) use super::format::GZIP_MAGIC;
use super::idx::{
    Encoding, IdxImages, IdxKind, IdxLabels, check_labels, read_header, read_idx_from, read_up_to,
};

/// Reads an IDX image file, raw or gzip-compressed, checking that it holds at least
/// one 28x28 image and exactly the bytes its header promises.
///
/// # Errors
/// [`MnistError`] naming `path` and the problem: cannot open or read, corrupt gzip,
/// wrong magic number, truncated header, images not 28x28, zero images, truncated
/// payload, trailing bytes.
///
/// ```
/// use mnist::{read_idx_images, subset_dir};
/// let images = read_idx_images(subset_dir().join("t10k-images-idx3-ubyte.gz"))?;
/// assert_eq!(images.len(), 1000);
/// assert_eq!(images.image(0).len(), 784);
/// # Ok::<(), mnist::MnistError>(())
/// ```
pub fn read_idx_images(path: impl AsRef<Path>) -> Result<IdxImages, MnistError> {
    let pixels = read_idx(path.as_ref(), IdxKind::Images)?;
    Ok(IdxImages { pixels })
}

/// Reads an IDX label file, raw or gzip-compressed, checking that it holds at least
/// one label, exactly the bytes its header promises, and only digits `0..=9`.
///
/// # Errors
/// As [`read_idx_images`], plus a label that is not a digit.
///
/// ```
/// use mnist::{read_idx_labels, subset_dir};
/// let labels = read_idx_labels(subset_dir().join("train-labels-idx1-ubyte.gz"))?;
/// assert_eq!(labels.len(), 5000);
/// assert_eq!(&labels.labels()[..5], &[5, 0, 4, 1, 9]);
/// # Ok::<(), mnist::MnistError>(())
/// ```
pub fn read_idx_labels(path: impl AsRef<Path>) -> Result<IdxLabels, MnistError> {
    let path = path.as_ref();
    check_labels(path, read_idx(path, IdxKind::Labels)?)
}

/// Opens `path`, looks at its first two bytes to choose raw or gzip, and returns the
/// checked payload (the bytes after the header).
fn read_idx(path: &Path, kind: IdxKind) -> Result<Vec<u8>, MnistError> {
    // A regular file only: a FIFO would block, a device such as /dev/zero never end.
    let mut file = open_regular(path, path)?;
    let metadata = file.metadata().map_err(|e| MnistError::io(path, "cannot read metadata", e))?;
    let mut start = [0u8; 2];
    let n =
        read_up_to(&mut file, &mut start).map_err(|e| MnistError::io(path, "cannot read", e))?;
    let rest = (&start[..n]).chain(file);
    if start[..n] == GZIP_MAGIC {
        let decoder = MultiGzDecoder::new(BufReader::new(rest));
        read_idx_from(path, kind, decoder, None, Encoding::Gzip)
    } else {
        // The length of a raw file is known before reading it.
        read_idx_from(path, kind, rest, Some(metadata.len()), Encoding::Raw)
    }
}

/// Reads and checks only the header of the IDX file at `path` (raw or gzip) and
/// returns the number of samples it promises, without reading the payload: what
/// loading the file would take can then be weighed before it is loaded.
///
/// ```
/// use mnist::{IdxKind, read_idx_count, subset_dir};
/// let n = read_idx_count(subset_dir().join("t10k-images-idx3-ubyte.gz"), IdxKind::Images)?;
/// assert_eq!(n, 1000);
/// # Ok::<(), mnist::MnistError>(())
/// ```
///
/// # Errors
/// As [`read_idx_images`], for what the header alone can show.
pub fn read_idx_count(path: impl AsRef<Path>, kind: IdxKind) -> Result<u32, MnistError> {
    let path = path.as_ref();
    let mut file = open_regular(path, path)?;
    let mut start = [0u8; 2];
    let n =
        read_up_to(&mut file, &mut start).map_err(|e| MnistError::io(path, "cannot read", e))?;
    let mut rest = (&start[..n]).chain(file);
    if start[..n] == GZIP_MAGIC {
        read_header(path, kind, &mut MultiGzDecoder::new(BufReader::new(rest)), Encoding::Gzip)
    } else {
        read_header(path, kind, &mut rest, Encoding::Raw)
    }
}
