//! What changed: the files of `book/`, `src/`, `crates/` and `po/` (and
//! `book.toml`, `Cargo.toml`) that were written, created, removed or renamed,
//! as the system reports them (notify), in batches: the events of one save
//! (an editor's temporary file and rename, several files at once) arrive
//! together once 50 ms have passed without another (notify-debouncer-full).
//! Editors' and cargo's own folders (`.*`, `target`) are not the book's, and
//! reading a file is no change (the build reads them all).

use anyhow::Context;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders watched, relative to the repository.
const FOLDERS: [&str; 4] = ["book", "src", "crates", "po"];
/// The files of the repository's own folder watched.
const FILES: [&str; 2] = ["book.toml", "Cargo.toml"];
/// How long a file stays quiet before its change is told.
const QUIET: Duration = Duration::from_millis(50);
/// After a batch, how long to wait for another one of the same save.
const GRACE: Duration = Duration::from_millis(20);

/// The watch on the repository, while it lives.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    batches: Receiver<Vec<PathBuf>>,
    /// Changes received but not yet taken (see [`Watcher::code_saved`]).
    held: Mutex<Vec<PathBuf>>,
}

impl Watcher {
    /// Starts watching `repo`.
    pub fn start(repo: &Path) -> anyhow::Result<Watcher> {
        // The system reports real paths (on macOS, /private/var for /var).
        let repo = repo.canonicalize().with_context(|| repo.display().to_string())?;
        let (send, batches) = channel();
        let root = repo.clone();
        let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
            match result {
                Ok(events) => {
                    // Opening and reading are no change: the build itself reads every file.
                    let mut changed: Vec<PathBuf> = events
                        .iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.paths.iter().filter_map(|p| watched(&root, p)))
                        .collect();
                    changed.sort();
                    changed.dedup();
                    if !changed.is_empty() {
                        let _ = send.send(changed);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("livebook: watching the files: {e}");
                    }
                }
            }
        })
        .context("watching the files")?;
        for folder in FOLDERS {
            let path = repo.join(folder);
            if path.is_dir() {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .with_context(|| format!("watching {}", path.display()))?;
            }
        }
        // The two files through their folder: an editor that saves by renaming
        // a new file over the old one would end a watch on the file itself.
        debouncer
            .watch(&repo, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", repo.display()))?;
        Ok(Watcher { _debouncer: debouncer, batches, held: Mutex::new(Vec::new()) })
    }

    /// The files changed, relative to the repository, sorted: waits at most
    /// `timeout` for a first batch (empty if none came), then takes the
    /// batches that follow it closely.
    pub fn changes(&self, timeout: Duration) -> Vec<PathBuf> {
        let mut changed = std::mem::take(&mut *self.held.lock().expect("watch lock"));
        if changed.is_empty() {
            match self.batches.recv_timeout(timeout) {
                Ok(batch) => changed = batch,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return changed,
            }
        }
        while let Ok(batch) = self.batches.recv_timeout(GRACE) {
            changed.extend(batch);
        }
        changed.sort();
        changed.dedup();
        changed
    }

    /// Whether the book's code changed since the last [`Watcher::changes`]
    /// (the changes stay to be taken by the next one).
    pub fn code_saved(&self) -> bool {
        let mut held = self.held.lock().expect("watch lock");
        held.extend(self.batches.try_iter().flatten());
        needs(&held).code
    }
}

/// `path` relative to `repo` if it is one the book is made of.
fn watched(repo: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(repo).ok()?;
    let mut parts = rel.components();
    let Some(Component::Normal(top)) = parts.next() else { return None };
    let top = top.to_str()?;
    let in_folder = FOLDERS.contains(&top) && parts.clone().next().is_some();
    let file = FILES.contains(&top) && parts.clone().next().is_none();
    let hidden = rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name == "target" || name.starts_with('.')
    });
    ((in_folder || file) && !hidden).then(|| rel.to_path_buf())
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
                l.push(nnlearn_layout::listing_of_source(p)?);
                Some(l)
            });
        }
    }
    n.listings = listings.filter(|l| n.code && !l.is_empty());
    n
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

    #[test]
    fn what_is_watched() {
        let repo = Path::new("/repo");
        let w =
            |p: &str| watched(repo, &repo.join(p)).map(|p| p.to_string_lossy().replace('\\', "/"));
        assert_eq!(w("book/gradients.md").as_deref(), Some("book/gradients.md"));
        assert_eq!(w("crates/book/src/lib.rs").as_deref(), Some("crates/book/src/lib.rs"));
        assert_eq!(w("po/zh-CN.po").as_deref(), Some("po/zh-CN.po"));
        assert_eq!(w("book.toml").as_deref(), Some("book.toml"));
        assert_eq!(w("Cargo.toml").as_deref(), Some("Cargo.toml"));
        for not in [
            "Cargo.lock",
            "README.md",
            "target/serve/book/gradients.md",
            "crates/widgets/target/x.rs",
            "book/.gradients.md.swp",
            "src/.idea/workspace.xml",
            "tools/livebook/src/main.rs",
            "book",
        ] {
            assert_eq!(w(not), None, "{not}");
        }
        assert_eq!(watched(repo, Path::new("/elsewhere/book/a.md")), None);
    }

    /// Real files, real events: a write is told, in one batch with the other
    /// files of the same save; reads and ignored folders are not.
    #[test]
    fn saves_are_seen_and_reads_are_not() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let repo = dir.path();
        for d in ["book/.hidden", "src", "crates/book/src/x/listings", "po", "target"] {
            std::fs::create_dir_all(repo.join(d)).unwrap();
        }
        std::fs::write(repo.join("book/a.md"), "a").unwrap();
        let watcher = Watcher::start(repo).expect("a watch");
        let long = Duration::from_secs(10);
        let quiet = Duration::from_millis(400);
        std::fs::read(repo.join("book/a.md")).unwrap();
        std::fs::write(repo.join("book/.hidden/b.md"), "b").unwrap();
        std::fs::write(repo.join("target/c.rs"), "c").unwrap();
        std::fs::write(repo.join("README.md"), "r").unwrap();
        assert_eq!(watcher.changes(quiet), Vec::<PathBuf>::new(), "nothing of the book changed");
        std::fs::write(repo.join("book/a.md"), "a2").unwrap();
        std::fs::write(repo.join("po/zh-CN.po"), "p").unwrap();
        let got = watcher.changes(long);
        assert_eq!(got, [Path::new("book/a.md"), Path::new("po/zh-CN.po")], "one batch");
        assert!(!watcher.code_saved());
        let listing = Path::new("crates/book/src/x/listings/one.rs");
        std::fs::write(repo.join(listing), "fn main() {}").unwrap();
        let waited = std::time::Instant::now();
        while !watcher.code_saved() {
            assert!(waited.elapsed() < long, "the save of the code was never seen");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert_eq!(watcher.changes(long), [listing], "kept for the next batch");
        std::fs::remove_file(repo.join("book/a.md")).unwrap();
        assert_eq!(watcher.changes(long), [Path::new("book/a.md")], "a removal is a change");
    }
}
