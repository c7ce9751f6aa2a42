//! The operations on the book that `cargo xtask` (the README's commands) and
//! `livebook` (the live book) share, so that neither runs the other's scripts:
//!
//! - [`tools`]: the pinned mdBook, mdbook-katex and mdbook-i18n-helpers (their
//!   versions have their one home here), installed into `.tools/`;
//! - [`mdbook`]: one `mdbook build`, failing on what mdBook only logs (the log
//!   filter's one home);
//! - [`editions`]: the translated editions (the language list's one home) and how
//!   each is built;
//! - [`interface`]: mdBook's own interface texts in a translated edition (their
//!   one table, for the built pages and for `book/theme/zh-ui.js`);
//! - [`live`]: the live book's build of the book's code;
//! - [`widgets`]: the widgets' WebAssembly module and the files installed beside
//!   a built book.
#![forbid(unsafe_code)]

pub mod editions;
pub mod interface;
pub mod live;
pub mod mdbook;
pub mod tools;
pub mod widgets;

use std::io;
use std::path::{Path, PathBuf};

/// An error of a file operation, its kind kept, its message naming the file
/// (std's `io::Error` does not): what this crate's file operations return.
/// `io::Error` rather than an error type of its own: every failure here is a file
/// operation's, no caller needs more than its kind and its message, and it goes
/// into `anyhow` (xtask, livebook) as it is.
pub(crate) fn at(path: &Path, what: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

/// The repository that holds this crate (`tools/bookops/`).
pub fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).expect("tools/bookops lies two folders below the root").to_path_buf()
}

/// A copy of a folder and everything in it (a built site, to publish under a
/// sub-path or to break on purpose in a self-test).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
