//! Writing a file whole or not at all: every file the book's code writes
//! (outputs, figures, run records, benchmark tables, experiments' figures) goes
//! through [`write_file`].
//!
//! The text goes to a temporary file beside the target (tempfile's
//! `NamedTempFile`, named `.NAME.part-PID-XXXXXX`), is flushed to disk, and is
//! then renamed over the target in one step (`persist`), so that a reader, or a
//! run killed mid-write (Ctrl-C, SIGKILL, a full disk), sees either the old file
//! or the new one, never half of one. A temporary file is removed when the write
//! fails; one that a killed process left behind is removed by the next write of
//! the same file where the system says which processes are gone (Linux, through
//! `/proc`); elsewhere it stays, harmless, beside the file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process;

use anyhow::{Context, Result, bail};

/// What a file system entry is, in words: "a directory", "a named pipe (FIFO)"...
/// (the MNIST reader's wording, so that every message names it alike).
pub use mnist::what_it_is;

/// Writes `text` to `path`, creating its folder, atomically (see the module).
/// The error names the path; a directory, a named pipe or a device in place of
/// the file is named as what it is and left alone. A symbolic link is written
/// through: the file it points to is replaced.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    let shown = path.display();
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).with_context(|| shown.to_string())?
        }
        _ => path.to_path_buf(),
    };
    if let Ok(metadata) = fs::metadata(&path)
        && !metadata.is_file()
    {
        bail!("{shown}: is {}, not a regular file", what_it_is(&metadata));
    }
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            if let Ok(metadata) = fs::metadata(dir)
                && !metadata.is_dir()
            {
                bail!(
                    "{}: is {}, not a directory (writing {shown})",
                    dir.display(),
                    what_it_is(&metadata)
                );
            }
            fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            dir.to_path_buf()
        }
        None => PathBuf::from("."),
    };
    let name = path.file_name().with_context(|| format!("{shown}: not a file name"))?;
    let name = name.to_string_lossy();
    remove_stale_parts(&dir, &name);
    let prefix = format!(".{name}.part-{}-", process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // tempfile makes private files (0600); the book's files are ordinary ones,
    // created as `fs::write` creates them (0666 less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut part = builder
        .tempfile_in(&dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    let shown_part = part.path().display().to_string();
    part.write_all(text.as_bytes()).with_context(|| shown_part.clone())?;
    part.as_file().sync_all().with_context(|| shown_part.clone())?;
    part.persist(&path).map_err(|e| e.error).with_context(|| shown.to_string())?;
    Ok(())
}

/// Removes the `.NAME.part-PID-...` files that writers of `NAME` killed before
/// their rename left behind (see the module: Linux only, elsewhere kept).
fn remove_stale_parts(dir: &Path, name: &str) {
    let prefix = format!(".{name}.part-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        let gone = pid.parse::<u32>().is_ok_and(|pid| {
            Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
        });
        if gone {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nnlearn-write-{name}-{}", process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn message(e: anyhow::Error) -> String {
        format!("{e:#}")
    }

    #[test]
    fn a_file_is_replaced_whole_and_nothing_is_left_beside_it() {
        let dir = scratch("whole");
        let file = dir.join("sub").join("a.txt");
        write_file(&file, "old\n").unwrap();
        write_file(&file, "new\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
        let names: Vec<_> = fs::read_dir(dir.join("sub")).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn special_files_are_named_and_left_alone() {
        let dir = scratch("special");
        let e = message(write_file(&dir, "x").unwrap_err());
        assert!(e.ends_with("is a directory, not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = message(write_file(Path::new("/dev/null"), "x").unwrap_err());
            assert_eq!(e, "/dev/null: is a character device, not a regular file");
        }
        fs::write(dir.join("file"), "keep").unwrap();
        let e = message(write_file(&dir.join("file").join("x.svg"), "x").unwrap_err());
        assert!(e.contains("file: is a regular file, not a directory"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("file")).unwrap(), "keep");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A folder that cannot hold the temporary file: the error names it, and
    /// the target is untouched (portable: a path below a regular file).
    #[test]
    fn a_failed_write_names_the_path_and_leaves_the_old_file() {
        let dir = scratch("failed");
        fs::write(dir.join("a.txt"), "old").unwrap();
        let e = message(write_file(&dir.join("a.txt").join("b").join("c.txt"), "x").unwrap_err());
        assert!(e.contains("a.txt"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "old");
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The file is as readable as one `fs::write` makes, not private as a
    /// temporary file is.
    #[cfg(unix)]
    #[test]
    fn the_file_has_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        fs::write(dir.join("plain.txt"), "x").unwrap();
        write_file(&dir.join("atomic.txt"), "x").unwrap();
        let mode = |f: &str| fs::metadata(dir.join(f)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("atomic.txt"), mode("plain.txt"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_stale_part_of_a_dead_process_is_removed_and_a_live_ones_kept() {
        let dir = scratch("stale");
        // No process has the largest pid; process 1 (init) is always alive.
        let dead = dir.join(format!(".a.txt.part-{}-Xy12Ab", u32::MAX));
        let alive = dir.join(".a.txt.part-1-Zz34Cd");
        fs::write(&dead, "half").unwrap();
        fs::write(&alive, "being written").unwrap();
        write_file(&dir.join("a.txt"), "whole").unwrap();
        assert!(!dead.exists());
        assert_eq!(fs::read_to_string(&alive).unwrap(), "being written");
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "whole");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through() {
        let dir = scratch("link");
        fs::write(dir.join("real.txt"), "old").unwrap();
        std::os::unix::fs::symlink(dir.join("real.txt"), dir.join("link.txt")).unwrap();
        write_file(&dir.join("link.txt"), "new").unwrap();
        assert_eq!(fs::read_to_string(dir.join("real.txt")).unwrap(), "new");
        assert!(fs::symlink_metadata(dir.join("link.txt")).unwrap().file_type().is_symlink());
        fs::remove_dir_all(&dir).unwrap();
    }
}
