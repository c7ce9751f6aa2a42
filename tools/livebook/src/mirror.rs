//! The served copy of the book (`target/serve/book/`): the chapters and every
//! other file of `book/` as they are, except the files the code generates
//! (`outputs/`, `figures/`), which `book-live` rewrites from the code. Their
//! committed versions are copied only where the code has not written one yet
//! (the first build, or an item whose code fails).

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::paths::Paths;

/// The folders of the book whose files the code writes (the layout's one
/// statement, shared with the book's code).
pub use nnlearn_layout::GENERATED;

/// A symbolic link at `link` to the folder `target`.
#[cfg(unix)]
fn link_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

/// A symbolic link at `link` to the folder `target` (on Windows this needs
/// Developer Mode or an administrator; the error says so).
#[cfg(windows)]
fn link_dir(target: &Path, link: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}

/// Prepares `target/serve/` (book.toml, the links to src/, crates/ and po/) and
/// brings the copy up to date with `book/`. Returns the files it changed.
pub fn sync(paths: &Paths) -> io::Result<Vec<String>> {
    let serve = paths.serve();
    fs::create_dir_all(&serve)?;
    copy_if_changed(&paths.repo.join("book.toml"), &serve.join("book.toml"))?;
    for dir in ["src", "crates", "po"] {
        let link = serve.join(dir);
        if fs::read_link(&link).is_err() {
            let _ = fs::remove_file(&link);
            link_dir(&paths.repo.join(dir), &link)?;
        }
    }
    let (book, mirror) = (paths.book(), paths.mirror());
    let mut changed = Vec::new();
    let sources: BTreeSet<PathBuf> = files(&book)?.into_iter().collect();
    for rel in &sources {
        let generated = nnlearn_layout::is_generated(rel);
        let target = mirror.join(rel);
        let copy = if generated { !target.exists() } else { true };
        if copy && copy_if_changed(&book.join(rel), &target)? {
            changed.push(rel.display().to_string());
        }
    }
    // Files removed from book/ go from the copy too (the generated ones stay:
    // the code decides about those).
    for rel in files(&mirror)? {
        let generated = nnlearn_layout::is_generated(&rel);
        if !generated && !sources.contains(&rel) {
            fs::remove_file(mirror.join(&rel))?;
            changed.push(format!("{} (removed)", rel.display()));
        }
    }
    Ok(changed)
}

/// Copies `from` to `to` unless `to` already holds the same bytes; says whether it copied.
fn copy_if_changed(from: &Path, to: &Path) -> io::Result<bool> {
    let new = fs::read(from)?;
    if fs::read(to).ok().as_deref() == Some(new.as_slice()) {
        return Ok(false);
    }
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(to, new)?;
    Ok(true)
}

/// Every file under `root`, relative to it, sorted (none if `root` is missing).
pub fn files(root: &Path) -> io::Result<Vec<PathBuf>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if root.is_dir() {
        walk(root, root, &mut out)?;
    }
    out.sort();
    Ok(out)
}
