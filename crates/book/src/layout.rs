//! Where things are in `book/`: the one module of this crate that knows the
//! book's folder layout. Everything the code writes for the book goes through
//! these paths. The names themselves are `nnlearn-layout`'s (`crates/layout`),
//! which the live server shares, so that both agree on which folders the code
//! writes and which source files are listings.
//!
//! | folder | what the code writes there |
//! |---|---|
//! | `book/outputs/<listing>.txt` | what each listing prints |
//! | `book/figures/<figure>.svg` | every figure |
//! | `book/figures/<figure>.csv` | the numbers each figure draws (both editions link it) |
//! | `book/figures/zh-CN/<figure>.svg` | every figure, with Chinese labels (the Chinese edition) |
//! | `book/runs/<run>/` | the records of the training runs the book quotes |
//! | `book/bench/<table>.md` | the benchmark tables |

use std::path::{Path, PathBuf};

/// The repository's root (this crate is `crates/book/` in it).
pub fn repository() -> PathBuf {
    let this_crate = Path::new(env!("CARGO_MANIFEST_DIR"));
    this_crate.ancestors().nth(2).expect("crates/book lies two folders below the root").into()
}

pub use nnlearn_layout::{figure_file, listing_stem, output_file};

/// The book's source folder, `book/`.
pub fn book_dir() -> PathBuf {
    repository().join(nnlearn_layout::BOOK)
}

/// The numbers a figure draws, as CSV beside it (see [`crate::figure_data`]).
pub fn figure_data_file(figure: &str) -> String {
    format!("figures/{figure}.csv")
}

/// The CSV of a figure drawn in `lang`: beside the figure of that language.
pub fn figure_data_file_in(figure: &str, lang: crate::plot::Lang) -> String {
    match lang {
        crate::plot::Lang::En => figure_data_file(figure),
        other => format!("figures/{}/{figure}.csv", other.code()),
    }
}

/// A figure drawn in `lang`, relative to the book folder: the English ones in
/// `figures/`, the others in `figures/<lang>/` (where the translation points).
pub fn figure_file_in(figure: &str, lang: crate::plot::Lang) -> String {
    nnlearn_layout::figure_file_in(figure, lang.code())
}

/// The folder of a recorded run.
pub fn run_dir(run: &str) -> PathBuf {
    book_dir().join(nnlearn_layout::RUNS).join(run)
}

/// The folder of the benchmark tables.
pub fn bench_dir() -> PathBuf {
    book_dir().join(nnlearn_layout::BENCH)
}

/// Where experiments write their figures and logs by default (ignored by git).
pub fn experiments_dir() -> PathBuf {
    repository().join("target").join("experiments")
}

/// Where criterion and the NumPy script leave their measurements.
pub fn target_dir() -> PathBuf {
    repository().join("target")
}
