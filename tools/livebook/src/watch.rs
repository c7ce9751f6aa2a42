//! What changed since the last look: the modification times and sizes of the
//! files of `book/`, `src/`, `crates/` and `po/` (and `book.toml`, `Cargo.toml`),
//! polled a few times a second. Polling needs nothing installed and sees
//! every editor's way of saving.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The watched files, each with its modification time and size.
pub type Snapshot = BTreeMap<PathBuf, (SystemTime, u64)>;

/// The folders and files watched, relative to the repository.
const WATCHED: [&str; 6] = ["book", "src", "crates", "po", "book.toml", "Cargo.toml"];

pub fn snapshot(repo: &Path) -> Snapshot {
    let mut out = Snapshot::new();
    for top in WATCHED {
        walk(repo, &repo.join(top), &mut out);
    }
    out
}

fn walk(repo: &Path, path: &Path, out: &mut Snapshot) {
    let Ok(meta) = std::fs::metadata(path) else { return };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            // Editors' and cargo's own folders are not the book's.
            if name == "target" || name.to_string_lossy().starts_with('.') {
                continue;
            }
            walk(repo, &entry.path(), out);
        }
    } else {
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let rel = path.strip_prefix(repo).unwrap_or(path).to_path_buf();
        out.insert(rel, (modified, meta.len()));
    }
}

/// The files added, removed or changed between two snapshots.
pub fn changed(old: &Snapshot, new: &Snapshot) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> =
        new.iter().filter(|(p, v)| old.get(*p) != Some(v)).map(|(p, _)| p.clone()).collect();
    out.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    out.sort();
    out
}

/// What a set of changed files asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// The book's code changed: compile and run `book-live` again.
    pub code: bool,
    /// The code the widgets run changed: compile the WebAssembly module again.
    pub widgets: bool,
    /// Anything at all: build the pages again.
    pub pages: bool,
    /// When the code that changed is listing files only: their names
    /// (`mse_two_predictions`), so that only those listings run again.
    pub listings: Option<Vec<String>>,
}

pub fn needs(changed: &[PathBuf]) -> Needs {
    let mut n = Needs::default();
    let mut listings = Some(Vec::new());
    for p in changed {
        let rust = matches!(p.extension().and_then(|e| e.to_str()), Some("rs" | "toml"));
        let under = |dir: &str| p.starts_with(dir);
        n.pages = true;
        if rust && (under("src") || under("crates") || p == Path::new("Cargo.toml")) {
            // The widgets' crate is not part of the book's program; the concept crate is in both.
            n.code |= !under("crates/widgets");
            n.widgets |= under("src") || under("crates/widgets") || p == Path::new("Cargo.toml");
            listings = listings.and_then(|mut l| {
                l.push(listing_file(p)?);
                Some(l)
            });
        }
    }
    n.listings = listings.filter(|l| n.code && !l.is_empty());
    n
}

/// `mse_two_predictions` for `crates/book/src/loss_functions/listings/mse_two_predictions.rs`.
fn listing_file(p: &Path) -> Option<String> {
    let parent = p.parent()?;
    let in_listings = p.starts_with("crates/book/src") && parent.file_name()? == "listings";
    let stem = p.file_stem()?.to_str()?;
    (in_listings && p.extension()? == "rs" && stem != "mod").then(|| stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_change_asks_for() {
        let p = |s: &str| vec![PathBuf::from(s)];
        let n = |code, widgets, listings: Option<&[&str]>| Needs {
            code,
            widgets,
            pages: true,
            listings: listings.map(|l| l.iter().map(|s| s.to_string()).collect()),
        };
        assert_eq!(needs(&p("book/gradients.md")), n(false, false, None));
        assert_eq!(needs(&p("src/loss.rs")), n(true, true, None));
        let listing = "crates/book/src/gradients/listings/learning_rates.rs";
        assert_eq!(needs(&p(listing)), n(true, false, Some(&["learning_rates"])));
        let both = [PathBuf::from(listing), PathBuf::from("src/loss.rs")];
        assert_eq!(needs(&both), n(true, true, None));
        assert_eq!(needs(&p("crates/book/src/gradients/listings/mod.rs")), n(true, false, None));
        assert_eq!(needs(&p("crates/widgets/src/descent.rs")), n(false, true, None));
        assert_eq!(needs(&[]), Needs::default());
    }
}
