//! Writing a file so that it is either complete or absent: the bytes go to a
//! temporary `.NAME.part` file in the same directory, which is flushed to disk
//! (`fsync`) and then renamed over the destination in one step. If anything fails
//! before the rename, or the program panics, the temporary file is removed.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::MnistError;

/// A temporary file that becomes `dest` on [`PartFile::persist`] and is removed if
/// dropped before.
#[derive(Debug)]
pub(crate) struct PartFile {
    path: PathBuf,
    file: File,
    persisted: bool,
}

impl PartFile {
    /// Creates `.NAME.part` next to `dest`, in place of a stale one that an
    /// interrupted run left (removed first, so that a FIFO or a symbolic link of
    /// that name is neither waited on nor followed).
    pub(crate) fn create(dest: &Path) -> Result<Self, MnistError> {
        remove_stale(dest)?;
        let path = part_path(dest);
        let file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| MnistError::io(&path, "cannot create", e))?;
        Ok(PartFile { path, file, persisted: false })
    }

    /// The temporary file's path.
    #[cfg_attr(not(feature = "download"), allow(dead_code))]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `bytes`.
    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> Result<(), MnistError> {
        self.file.write_all(bytes).map_err(|e| MnistError::io(&self.path, "cannot write", e))
    }

    /// Flushes the data to disk, so that the rename never exposes a file whose
    /// bytes are not written yet.
    pub(crate) fn sync(&mut self) -> Result<(), MnistError> {
        self.file.sync_all().map_err(|e| MnistError::io(&self.path, "cannot flush to disk", e))
    }

    /// Renames the (synced) temporary file to `dest`, replacing any file there.
    pub(crate) fn persist(mut self, dest: &Path) -> Result<(), MnistError> {
        fs::rename(&self.path, dest)
            .map_err(|e| MnistError::io(dest, "cannot rename the downloaded file into place", e))?;
        self.persisted = true;
        // Make the rename itself durable (best effort: not every platform can open a directory).
        if let Some(dir) = dest.parent()
            && let Ok(dir) = File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Removes the `.NAME.part` of `dest` that an interrupted run may have left.
pub(crate) fn remove_stale(dest: &Path) -> Result<(), MnistError> {
    let path = part_path(dest);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(MnistError::io(&path, "cannot remove the stale temporary file", e))
        }
        _ => Ok(()),
    }
}

/// `dir/.NAME.part` for `dir/NAME`.
pub(crate) fn part_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    dest.with_file_name(format!(".{name}.part"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_part_file_is_hidden_next_to_its_destination() {
        assert_eq!(
            part_path(Path::new("data/mnist/train-images-idx3-ubyte.gz")),
            Path::new("data/mnist/.train-images-idx3-ubyte.gz.part")
        );
    }

    #[test]
    fn a_dropped_part_file_leaves_nothing_and_a_persisted_one_is_complete() {
        let dir = std::env::temp_dir().join(format!("nnlearn-part-file-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let dest = dir.join("f");
        let mut part = PartFile::create(&dest).unwrap();
        part.write_all(b"half").unwrap();
        drop(part);
        assert!(!part_path(&dest).exists() && !dest.exists());

        let mut part = PartFile::create(&dest).unwrap();
        part.write_all(b"whole").unwrap();
        part.sync().unwrap();
        part.persist(&dest).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"whole");
        assert!(!part_path(&dest).exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
