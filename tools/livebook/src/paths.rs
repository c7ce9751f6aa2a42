//! Where the live book lives: everything under `target/serve/`, never in `book/`.
//!
//! | path | what |
//! |---|---|
//! | `target/serve/book/` | a copy of `book/`, whose `outputs/` and `figures/` the code rewrites |
//! | `target/serve/src`, `target/serve/crates`, `target/serve/po` | links to the repository's, for the chapters' `{{#include ../src/...}}` and the translations |
//! | `target/serve/book.toml` | a copy of `book.toml` |
//! | `target/serve/site-0/`, `site-1/` | two builds: one served, the next one being built |
//! | `target/serve/editions-0/zh-CN/`, `editions-1/zh-CN/` | the same for the Chinese edition, served at `/zh-CN/` |

use std::path::PathBuf;

#[derive(Clone)]
pub struct Paths {
    pub repo: PathBuf,
    /// `target/serve` (or another folder, for `livebook verify`).
    pub serve_dir: PathBuf,
}

impl Paths {
    /// The paths of the repository that holds this tool (`tools/livebook/`).
    pub fn of_repository() -> Paths {
        let repo = bookops::repo();
        Paths { serve_dir: repo.join("target").join("serve"), repo }
    }

    /// `book/` (the layout's one statement names it).
    pub fn book(&self) -> PathBuf {
        self.repo.join(nnlearn_layout::BOOK)
    }
    pub fn serve(&self) -> PathBuf {
        self.serve_dir.clone()
    }
    pub fn mirror(&self) -> PathBuf {
        self.serve().join(nnlearn_layout::BOOK)
    }
    pub fn site(&self, n: usize) -> PathBuf {
        self.serve().join(format!("site-{}", n % 2))
    }
    /// The folder of the translated editions' build number `n` (`<lang>/` in it).
    pub fn editions(&self, n: usize) -> PathBuf {
        self.serve().join(format!("editions-{}", n % 2))
    }
    /// The program that writes the live outputs and figures (built with the `live` profile).
    pub fn book_live(&self) -> PathBuf {
        self.repo.join("target").join("live").join("book-live")
    }
    /// The widgets' module (`cargo xtask build` builds it there too).
    pub fn wasm(&self) -> PathBuf {
        bookops::widgets::wasm(&self.repo)
    }
    /// The pinned mdbook, in `.tools/`.
    pub fn mdbook(&self) -> PathBuf {
        bookops::tools::mdbook(&self.repo)
    }
}
