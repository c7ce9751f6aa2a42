//! The operations on the book that `cargo xtask` (the README's commands) and
//! `livebook` (the live book) share, so that neither runs the other's scripts:
//!
//! - [`tools`]: the pinned mdBook, mdbook-katex and mdbook-i18n-helpers (their
//!   versions have their one home here), installed into `.tools/`;
//! - [`mdbook`]: one `mdbook build`, failing on what mdBook only logs (the log
//!   filter's one home);
//! - [`editions`]: the translated editions (the language list's one home) and how
//!   each is built;
//! - [`live`]: the live book's build of the book's code;
//! - [`widgets`]: the widgets' WebAssembly module and the files installed beside
//!   a built book.
#![forbid(unsafe_code)]

pub mod editions;
pub mod live;
pub mod mdbook;
pub mod tools;
pub mod widgets;

use std::path::{Path, PathBuf};

/// The repository that holds this crate (`tools/bookops/`).
pub fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().nth(2).expect("tools/bookops lies two folders below the root").to_path_buf()
}
