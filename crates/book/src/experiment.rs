//! An experiment: a command of `nnlearn` that prints a few numbers and draws a
//! figure, with parameters the reader can change (`cargo run -- descent --lr 0.9`).
//! The book's figure of the same name is the experiment with the book's
//! parameters (see [`crate::figure`]).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process;

use crate::layout;
use crate::plot::PlotError;

/// A command-line experiment; its parameters are the fields of the type, parsed
/// by clap.
pub trait Experiment: clap::Parser {
    /// The command's name, as in `cargo run -- <command>`.
    const COMMAND: &'static str;
    /// What it prints. It runs first, so it also refuses what its arguments
    /// cannot say one by one: too many curves for one figure, or values whose
    /// results overflow (an error naming the option, instead of NaN or a figure
    /// that cannot be drawn).
    fn report(&self) -> Result<String, String>;
    /// What it draws.
    fn figure(&self) -> Result<String, PlotError>;
    /// Where to write the figure, if the command line says (`--out`).
    fn out(&self) -> Option<&PathBuf>;

    /// Runs it: prints the report, writes the figure (by default to
    /// `target/experiments/<command>.svg`) and says where.
    fn run(&self) -> Result<(), String> {
        print!("{}", self.report()?);
        let svg = self.figure().map_err(|e| e.to_string())?;
        let path = self
            .out()
            .cloned()
            .unwrap_or_else(|| layout::experiments_dir().join(format!("{}.svg", Self::COMMAND)));
        write_file(&path, &svg)?;
        eprintln!("figure written to {}", path.display());
        Ok(())
    }
}

/// Writes `text` to `path`, creating its folder, so that the file is always
/// either the old one or the new one, never half-written, even if the program
/// is killed (Ctrl-C, SIGKILL) while it writes: the text goes to a temporary
/// `.NAME.part-PID` beside the file, is flushed to disk, and then renamed over
/// it in one step. The error names the path; a directory, a named pipe or a
/// device in place of the file is named as what it is and left alone.
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let shown = path.display();
    // A symbolic link is written through: the file it points to is replaced.
    let path = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|e| format!("{shown}: {e}"))?
        }
        _ => path.to_path_buf(),
    };
    if let Ok(metadata) = fs::metadata(&path)
        && !metadata.is_file()
    {
        return Err(format!("{shown}: is {}, not a regular file", what_it_is(&metadata)));
    }
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            if let Ok(metadata) = fs::metadata(dir)
                && !metadata.is_dir()
            {
                return Err(format!(
                    "{}: is {}, not a directory (writing {shown})",
                    dir.display(),
                    what_it_is(&metadata)
                ));
            }
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            dir.to_path_buf()
        }
        None => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| format!("{shown}: not a file name"))?;
    remove_stale_parts(&dir, &name.to_string_lossy());
    let part = TempFile(dir.join(format!(".{}.part-{}", name.to_string_lossy(), process::id())));
    let write = || -> std::io::Result<()> {
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&part.0)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|e| format!("{}: {e}", part.0.display()))?;
    fs::rename(&part.0, &path).map_err(|e| format!("{shown}: {e}"))?;
    Ok(())
}

/// A temporary file, removed when dropped unless it was renamed away.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Removes the `.NAME.part-PID` files that writers of `NAME` killed before
/// their rename left behind (where the system says which processes are gone:
/// Linux, through `/proc`; elsewhere they are left in place, harmless beside
/// the file).
fn remove_stale_parts(dir: &Path, name: &str) {
    let prefix = format!(".{name}.part-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let gone = pid.parse::<u32>().is_ok_and(|pid| {
            Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
        });
        if gone {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// What a file system entry is, in words: "a directory", "a named pipe (FIFO)"...
/// (the MNIST reader's wording, so that every message names it alike).
pub use mnist::what_it_is;

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nnlearn-write-{name}-{}", process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
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
        let e = write_file(&dir, "x").unwrap_err();
        assert!(e.ends_with("is a directory, not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = write_file(Path::new("/dev/null"), "x").unwrap_err();
            assert_eq!(e, "/dev/null: is a character device, not a regular file");
        }
        fs::write(dir.join("file"), "keep").unwrap();
        let e = write_file(&dir.join("file").join("x.svg"), "x").unwrap_err();
        assert!(e.contains("file: is a regular file, not a directory"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("file")).unwrap(), "keep");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_stale_part_of_a_dead_process_is_removed_and_a_live_ones_kept() {
        let dir = scratch("stale");
        // No process has the largest pid; process 1 (init) is always alive.
        let dead = dir.join(format!(".a.txt.part-{}", u32::MAX));
        let alive = dir.join(".a.txt.part-1");
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
