//! Files named as what they are. Before a file is opened it is looked at: a
//! directory, a named pipe (FIFO), a device or a socket in place of an MNIST
//! file is reported as such, instead of "not found", a hang (opening a FIFO
//! waits for a writer) or an endless read (`/dev/zero`).

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

use super::error::MnistError;

/// What a file system entry is, in words: "a directory", "a named pipe (FIFO)"...
pub fn what_it_is(metadata: &Metadata) -> &'static str {
    let kind = metadata.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    if kind.is_file() {
        return "a regular file";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Opens `path` for reading if it is a readable regular file (following symbolic
/// links); errors name `shown_as` (the file the user knows, when `path` is a
/// temporary file) and say what is there instead.
pub(crate) fn open_regular(path: &Path, shown_as: &Path) -> Result<File, MnistError> {
    let metadata = std::fs::metadata(path).map_err(|e| open_error(shown_as, e))?;
    if !metadata.is_file() {
        return Err(not_a_file(shown_as, &metadata));
    }
    let file = File::open(path).map_err(|e| open_error(shown_as, e))?;
    // Looked at again once open, in case the entry was replaced in between.
    let metadata = file.metadata().map_err(|e| MnistError::io(shown_as, "cannot read", e))?;
    if !metadata.is_file() {
        return Err(not_a_file(shown_as, &metadata));
    }
    Ok(file)
}

/// Checks that `dir` is a directory if it exists (a missing one is for the caller).
pub(crate) fn check_directory(dir: &Path) -> Result<(), MnistError> {
    match std::fs::metadata(dir) {
        Ok(metadata) if !metadata.is_dir() => {
            Err(MnistError::NotADirectory { path: dir.to_path_buf(), what: what_it_is(&metadata) })
        }
        _ => Ok(()),
    }
}

/// Checks that `path`, a file about to be written (replaced by a rename), is a
/// regular file if it exists: a directory, a FIFO or a device is not replaced.
pub(crate) fn check_replaceable(path: &Path) -> Result<(), MnistError> {
    match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => Err(not_a_file(path, &metadata)),
        _ => Ok(()),
    }
}

fn not_a_file(path: &Path, metadata: &Metadata) -> MnistError {
    MnistError::NotAFile { path: path.to_path_buf(), what: what_it_is(metadata) }
}

fn open_error(path: &Path, e: io::Error) -> MnistError {
    if e.kind() == io::ErrorKind::PermissionDenied {
        MnistError::Unreadable { path: path.to_path_buf(), source: e }
    } else {
        MnistError::io(path, "cannot open", e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_named_as_one() {
        let e = open_regular(Path::new("/"), Path::new("/")).unwrap_err();
        assert_eq!(e.to_string(), "/: is a directory, not a regular file");
        let dir = std::env::temp_dir().join(format!("mnist-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a-file");
        std::fs::write(&file, "x").unwrap();
        let e = check_directory(&file).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{}: is a regular file, not a directory", file.display())
        );
        let e = check_replaceable(&dir).unwrap_err();
        assert_eq!(e.to_string(), format!("{}: is a directory, not a regular file", dir.display()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_named_as_one() {
        let e = check_directory(Path::new("/dev/null")).unwrap_err();
        assert_eq!(e.to_string(), "/dev/null: is a character device, not a directory");
        let e = check_replaceable(Path::new("/dev/null")).unwrap_err();
        assert_eq!(e.to_string(), "/dev/null: is a character device, not a regular file");
    }
}
