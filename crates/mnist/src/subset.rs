//! The small real subset shipped with the crate in `data/mnist-subset/`: the first
//! 5000 training and first 1000 test images of MNIST with their labels, so that the
//! book's pages run without a download. [`write_subset`] made it, reproducibly.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::{Compression, GzBuilder};

use super::error::MnistError;
use super::files::{check_directory, check_replaceable};
use super::hash::sha256_hex;
use super::load::{find_file, read_pair};
use super::part_file::PartFile;
use super::{TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS};

/// The directory of the shipped subset: `data/mnist-subset/` in the crate.
pub fn subset_dir() -> PathBuf {
    crate::repository().join("data").join("mnist-subset")
}

/// One file written by [`write_subset`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubsetFile {
    /// Where it was written (`NAME.gz`).
    pub path: PathBuf,
    /// Number of images or labels in it.
    pub samples: usize,
    /// Size of the gzip file in bytes.
    pub bytes: usize,
    /// SHA-256 of the gzip file.
    pub sha256: String,
    /// SHA-256 of its decompressed content (the IDX file).
    pub content_sha256: String,
}

/// Writes the first `n_train` training and first `n_test` test samples of the MNIST
/// files in `from_dir` to `to_dir` (created if needed) as four gzipped IDX files
/// named like the originals plus `.gz`, each written atomically.
///
/// The output is byte-for-byte reproducible: the gzip header carries no file name
/// and no time stamp (`mtime` 0, operating system 255 "unknown"), and the level is
/// fixed at 9 (best). The compressed bytes depend on the deflate implementation
/// (flate2's default, miniz_oxide); the content hashes do not.
///
/// # Errors
/// Any error of reading the sources, [`MnistError::SubsetSize`] if `n_train` or
/// `n_test` is 0 or more than the source holds, or an I/O error writing.
// ANCHOR: write_subset
pub fn write_subset(
    from_dir: &Path,
    to_dir: &Path,
    n_train: usize,
    n_test: usize,
) -> Result<Vec<SubsetFile>, MnistError> {
    check_directory(to_dir)?;
    for name in [TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS] {
        check_replaceable(&to_dir.join(format!("{name}.gz")))?;
    }
    std::fs::create_dir_all(to_dir)
        .map_err(|e| MnistError::io(to_dir, "cannot create directory", e))?;
    let mut written = Vec::new();
    for (images_name, labels_name, n) in
        [(TRAIN_IMAGES, TRAIN_LABELS, n_train), (TEST_IMAGES, TEST_LABELS, n_test)]
    {
        let images_path = find_file(from_dir, images_name)?;
        let (images, labels) = read_pair(&images_path, &find_file(from_dir, labels_name)?)?;
        if n == 0 || n > images.len() {
            return Err(MnistError::SubsetSize {
                path: images_path,
                wanted: n,
                available: images.len(),
            });
        }
        for (name, idx) in [
            (images_name, images.first(n).to_idx_bytes()),
            (labels_name, labels.first(n).to_idx_bytes()),
        ] {
            let path = to_dir.join(format!("{name}.gz"));
            let gz = gzip_reproducibly(&idx);
            let mut part = PartFile::create(&path)?;
            part.write_all(&gz)?;
            part.sync()?;
            part.persist(&path)?;
            written.push(SubsetFile {
                path,
                samples: n,
                bytes: gz.len(),
                sha256: sha256_hex(&gz),
                content_sha256: sha256_hex(&idx),
            });
        }
    }
    Ok(written)
}
// ANCHOR_END: write_subset

/// Gzip with a fixed level and a header without name or time stamp.
pub(crate) fn gzip_reproducibly(data: &[u8]) -> Vec<u8> {
    let mut encoder =
        GzBuilder::new().mtime(0).operating_system(255).write(Vec::new(), Compression::best());
    encoder.write_all(data).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_output_has_no_name_and_no_time_stamp() {
        let a = gzip_reproducibly(b"the same bytes");
        assert_eq!(a, gzip_reproducibly(b"the same bytes"));
        // ID1 ID2 CM=deflate FLG=0 (no name, no comment) MTIME=0 XFL=2 (best) OS=255
        assert_eq!(&a[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
    }
}
