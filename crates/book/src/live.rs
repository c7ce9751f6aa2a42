//! The live book of `scripts/serve`: every figure and listing output, produced
//! by the code as it is now, written into the server's own copy of the book
//! (under `target/`), never into `book/`. `scripts/serve` runs this through the
//! `book-live` program after each change of the code, then builds that copy
//! with mdBook; `scripts/regen` remains the way to accept a change into `book/`.
//!
//! Unlike [`crate::regen::regenerate`], one failing item does not stop the
//! others: a listing that panics or returns an error is reported with the
//! file and line of the panic, its previous output stays, and everything else
//! is brought up to date.

use std::cell::RefCell;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::atomic_file::write_file;
use crate::regen::{Item, items};

/// What one live update did.
#[derive(Debug, Default)]
pub struct Update {
    /// The files rewritten because their content changed (relative to the book folder).
    pub written: Vec<String>,
    /// One line per item that failed: what, and why (with the panic's place).
    pub failures: Vec<String>,
}

thread_local! {
    /// The last panic's message and place on this thread, kept by the hook
    /// [`write_into`] installs.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// How many items are produced at once (the machine the book is written on
/// has two cores; a listing's capture of `println!` is per thread).
const WORKERS: usize = 2;

/// The items to produce after a change of the listing files named `stems`
/// (`mse_two_predictions` is the file of listing `mse-two-predictions`): only
/// those listings, since no figure and no other listing depends on them. If a
/// file is not a listing's (or `stems` is empty), every item.
pub fn affected(stems: &[String]) -> Vec<Item> {
    let all = items();
    let of = |stem: &String| {
        all.iter()
            .copied()
            .find(|i| matches!(i, Item::Listing(l) if crate::layout::listing_stem(l.name) == *stem))
    };
    let only: Option<Vec<Item>> = stems.iter().map(of).collect();
    match only {
        Some(only) if !only.is_empty() => only,
        _ => all,
    }
}

/// Produces every item and writes those that changed into `book` (a copy of
/// the book folder).
pub fn write_into(book: &Path) -> Update {
    write_items_into(book, items())
}

/// Produces `items` and writes those that changed into `book`.
pub fn write_items_into(book: &Path, items: Vec<Item>) -> Update {
    write_items_reporting(book, items, &|_| {})
}

/// What [`write_items_reporting`] says as it goes: each item's start, the
/// file it wrote or its failure, and its end. An item that never finishes (an
/// endless loop) is the one started and not finished: `book-live` sends these
/// events to the live server (one type on both sides), which stops it and names it.
pub use nnlearn_layout::events::Event;

/// [`write_items_into`], each item's file written as soon as it is produced
/// (so a process stopped halfway has written the others), and `report` told
/// when each item starts and finishes.
pub fn write_items_reporting(
    book: &Path,
    items: Vec<Item>,
    report: &(dyn Fn(&Event) + Sync),
) -> Update {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        let place = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()));
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panicked{place}: {message}")));
    }));
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, Outcome)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        let Some(item) = items.get(i) else { break done };
                        let what = item.describe();
                        let named = || what.clone();
                        report(&Event::Started { item: named() });
                        let outcome = match produce(item) {
                            Ok(content) => {
                                let file = book.join(item.path());
                                if fs::read_to_string(&file).ok().as_deref()
                                    == Some(content.as_str())
                                {
                                    Outcome::Same
                                } else {
                                    match write_file(&file, &content) {
                                        Ok(()) => Outcome::Written(item.path()),
                                        Err(e) => Outcome::Failed(format!("{e:#}")),
                                    }
                                }
                            }
                            Err(why) => Outcome::Failed(format!("{why:#}")),
                        };
                        match &outcome {
                            Outcome::Same => {}
                            Outcome::Written(path) => {
                                report(&Event::Wrote { item: named(), path: path.clone() })
                            }
                            Outcome::Failed(why) => {
                                report(&Event::Failed { item: named(), why: why.clone() })
                            }
                        }
                        report(&Event::Finished { item: named() });
                        done.push((i, outcome));
                    }
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("a worker catches its panics")).collect()
    });
    results.sort_by_key(|(i, _)| *i);
    let mut update = Update::default();
    for (i, outcome) in results {
        match outcome {
            Outcome::Same => {}
            Outcome::Written(path) => update.written.push(path),
            Outcome::Failed(why) => update.failures.push(format!("{}: {why}", items[i].describe())),
        }
    }
    std::panic::set_hook(previous_hook);
    update
}

/// What became of one item.
enum Outcome {
    Same,
    Written(String),
    Failed(String),
}

/// Runs one item, turning a panic into an error that says where it happened.
fn produce(item: &Item) -> anyhow::Result<String> {
    match catch_unwind(AssertUnwindSafe(|| item.produce())) {
        Ok(result) => result,
        Err(_) => Err(anyhow::Error::msg(
            LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "panicked".to_string()),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Into an empty folder, the live update writes exactly what `regen`
    /// would write into `book/`, and a second update writes nothing.
    #[test]
    fn writes_what_regen_writes() {
        let dir = std::env::temp_dir().join(format!("nnlearn-live-{}", std::process::id()));
        let update = write_into(&dir);
        assert!(update.failures.is_empty(), "{:?}", update.failures);
        let all = crate::regen::produce_all().unwrap();
        assert_eq!(update.written.len(), all.len());
        for g in &all {
            assert_eq!(fs::read_to_string(dir.join(&g.path)).unwrap(), g.content, "{}", g.path);
        }
        assert!(write_into(&dir).written.is_empty());
        fs::remove_dir_all(&dir).ok();
    }

    /// What `book-live` sends the live server, in order: the item's start, the
    /// file it wrote (only when its content changed), its end.
    #[test]
    fn each_item_is_reported_as_it_goes() {
        let dir = tempfile::tempdir().unwrap();
        let run = || {
            let events = std::sync::Mutex::new(Vec::new());
            let items = affected(&["gradient_descent".to_string()]);
            write_items_reporting(dir.path(), items, &|e| events.lock().unwrap().push(e.clone()));
            events.into_inner().unwrap()
        };
        let item = || "listing gradient-descent".to_string();
        let path = "outputs/gradient-descent.txt".to_string();
        assert_eq!(
            run(),
            [
                Event::Started { item: item() },
                Event::Wrote { item: item(), path: path.clone() },
                Event::Finished { item: item() }
            ]
        );
        assert!(dir.path().join(&path).is_file());
        // Unchanged: nothing written, nothing said of a file.
        assert_eq!(run(), [Event::Started { item: item() }, Event::Finished { item: item() }]);
    }

    #[test]
    fn a_listing_edit_affects_that_listing_only() {
        let one = affected(&["mse_two_predictions".to_string()]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].path(), "outputs/mse-two-predictions.txt");
        assert_eq!(affected(&["mod".to_string()]).len(), items().len());
        assert_eq!(affected(&[]).len(), items().len());
    }

    #[test]
    fn a_panic_is_reported_with_its_place() {
        fn boom() -> anyhow::Result<()> {
            let v: Vec<u8> = Vec::new();
            let _ = v[3];
            Ok(())
        }
        let item = Item::Listing(crate::listing::Listing::new("boom", boom));
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| {
            let place =
                info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("panicked at {place}")));
        }));
        let err = produce(&item).unwrap_err().to_string();
        std::panic::set_hook(previous);
        assert!(err.starts_with("panicked at crates/book/src/live.rs:"), "{err}");
    }
}
