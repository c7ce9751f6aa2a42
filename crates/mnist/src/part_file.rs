//! Writing a file so that it is either complete or absent: the bytes go to a
//! temporary `.NAME.part` file in the same directory (tempfile's
//! `NamedTempFile`, under that fixed name so that an interrupted run's leftover
//! is found and replaced), which is flushed to disk (`fsync`) and then renamed
//! over the destination in one step (`persist`). If anything fails before the
//! rename, or the program panics, the temporary file is removed.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::error::MnistError;

/// A temporary file that becomes `dest` on [`PartFile::persist`] and is removed if
/// dropped before.
#[derive(Debug)]
pub(crate) struct PartFile {
    file: NamedTempFile,
}

impl PartFile {
    /// Creates `.NAME.part` next to `dest`, in place of a stale one that an
    /// interrupted run left (removed first, so that a FIFO or a symbolic link of
    /// that name is neither waited on nor followed: the file is created new).
    pub(crate) fn create(dest: &Path) -> Result<Self, MnistError> {
        remove_stale(dest)?;
        let path = part_path(dest);
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().expect("a part file has a name");
        let mut builder = tempfile::Builder::new();
        builder.prefix(name).rand_bytes(0);
        // An ordinary file once in place (0666 less the umask), not a private one.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let file =
            builder.tempfile_in(dir).map_err(|e| MnistError::io(&path, "cannot create", e))?;
        Ok(PartFile { file })
    }

    /// The temporary file's path.
    #[cfg_attr(not(feature = "download"), allow(dead_code))]
    pub(crate) fn path(&self) -> &Path {
        self.file.path()
    }

    /// Appends `bytes`.
    pub(crate) fn write_all(&mut self, bytes: &[u8]) -> Result<(), MnistError> {
        let path = self.file.path().to_path_buf();
        self.file.write_all(bytes).map_err(|e| MnistError::io(&path, "cannot write", e))
    }

    /// Flushes the data to disk, so that the rename never exposes a file whose
    /// bytes are not written yet.
    pub(crate) fn sync(&mut self) -> Result<(), MnistError> {
        let file = self.file.as_file();
        file.sync_all().map_err(|e| MnistError::io(self.file.path(), "cannot flush to disk", e))
    }

    /// Renames the (synced) temporary file to `dest`, replacing any file there.
    pub(crate) fn persist(self, dest: &Path) -> Result<(), MnistError> {
        self.file.persist(dest).map_err(|e| {
            MnistError::io(dest, "cannot rename the downloaded file into place", e.error)
        })?;
        // Make the rename itself durable (best effort: not every platform can open a directory).
        if let Some(dir) = dest.parent()
            && let Ok(dir) = File::open(dir)
        {
            let _ = dir.sync_all();
        }
        Ok(())
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
        assert_eq!(part.path(), part_path(&dest));
        part.persist(&dest).unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"whole");
        assert!(!part_path(&dest).exists());
        // As readable as a file `fs::write` makes, not private as a temporary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::write(dir.join("plain"), "x").unwrap();
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dest), mode(&dir.join("plain")));
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
