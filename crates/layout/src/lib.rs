//! Where things are in the book: the one statement of its folder layout.
//!
//! The book's code (`nnlearn-book`: `regen`, the live update `book-live`)
//! writes its files through these names, and the live server (`tools/livebook`)
//! reads the same names to know which folders of the book the code owns and
//! which saved source file is a listing, so that the two cannot drift apart.
//!
//! | path | what |
//! |---|---|
//! | `book/outputs/<listing>.txt` | what each listing prints |
//! | `book/figures/<figure>.svg` | every figure (English labels) |
//! | `book/figures/<lang>/<figure>.svg` | every figure, labelled for another edition (`zh-CN`) |
//! | `book/runs/<run>/` | the records of the training runs the book quotes |
//! | `book/bench/<table>.md` | the benchmark tables |
//! | `crates/book/src/<chapter>/listings/<name_with_underscores>.rs` | a listing's program |
#![forbid(unsafe_code)]

use std::path::Path;

#[cfg(feature = "events")]
pub mod events;

/// The book's source folder, relative to the repository.
pub const BOOK: &str = "book";
/// The folder of the listings' outputs, in the book folder.
pub const OUTPUTS: &str = "outputs";
/// The folder of the figures, in the book folder.
pub const FIGURES: &str = "figures";
/// The folder of the recorded runs, in the book folder.
pub const RUNS: &str = "runs";
/// The folder of the benchmark tables, in the book folder.
pub const BENCH: &str = "bench";
/// The folders of the book whose files the code writes (and that `regen`
/// and the live update rewrite): every other file of the book is written by hand.
pub const GENERATED: [&str; 2] = [OUTPUTS, FIGURES];

/// The folder of the book's code, relative to the repository: each chapter's
/// module is a folder in it, with its listings in `listings/`.
pub const BOOK_CODE: &str = "crates/book/src";
/// The name of a chapter's folder of listings.
pub const LISTINGS: &str = "listings";

/// The four MNIST files, as their publisher names them: training images,
/// training labels, test images, test labels (`NAME`, or `NAME.gz` gzipped).
/// Their one home: the `mnist` crate takes its names from here
/// (`mnist::FILES`, `mnist::TRAIN_IMAGES`...), and so can the live server,
/// which depends on nothing heavier than this crate.
pub const MNIST_FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// Where the served book keeps the shipped digits the widgets load
/// (`widgets/data/NAME.gz`), relative to the book folder.
pub const WIDGET_DATA: &str = "widgets/data";

/// A listing's output, relative to the book folder (as a chapter includes it).
pub fn output_file(listing: &str) -> String {
    format!("{OUTPUTS}/{listing}.txt")
}

/// A figure with English labels, relative to the book folder.
pub fn figure_file(figure: &str) -> String {
    format!("{FIGURES}/{figure}.svg")
}

/// A figure labelled in the language `lang` (`en`, `zh-CN`), relative to the
/// book folder: the English ones in `figures/`, the others in `figures/<lang>/`.
pub fn figure_file_in(figure: &str, lang: &str) -> String {
    match lang {
        "en" => figure_file(figure),
        other => format!("{FIGURES}/{other}/{figure}.svg"),
    }
}

/// Whether `path`, relative to the book folder, is a file the code generates.
pub fn is_generated(path: &Path) -> bool {
    GENERATED.iter().any(|g| path.starts_with(g))
}

/// The file name (without `.rs`) of a listing's program: its name with `_`
/// for `-` (`mse-two-predictions` is `mse_two_predictions.rs`).
pub fn listing_stem(listing: &str) -> String {
    listing.replace('-', "_")
}

/// The stem of the listing program at `path` (relative to the repository), if
/// it is one: `mse_two_predictions` for
/// `crates/book/src/loss_functions/listings/mse_two_predictions.rs`.
pub fn listing_of_source(path: &Path) -> Option<String> {
    let parent = path.parent()?;
    let in_listings = path.starts_with(BOOK_CODE) && parent.file_name()? == LISTINGS;
    let stem = path.file_stem()?.to_str()?;
    (in_listings && path.extension()? == "rs" && stem != "mod").then(|| stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paths_are_the_books() {
        assert_eq!(output_file("gradient-descent"), "outputs/gradient-descent.txt");
        assert_eq!(figure_file_in("secants", "en"), "figures/secants.svg");
        assert_eq!(figure_file_in("secants", "zh-CN"), "figures/zh-CN/secants.svg");
        assert!(is_generated(Path::new("figures/zh-CN/secants.svg")));
        assert!(is_generated(Path::new("outputs/a.txt")));
        assert!(!is_generated(Path::new("gradients.md")));
        assert!(!is_generated(Path::new("runs/full/run.txt")));
    }

    #[test]
    fn a_listing_is_found_by_its_source_file() {
        let of = |p: &str| listing_of_source(Path::new(p));
        let file = "crates/book/src/loss_functions/listings/mse_two_predictions.rs";
        assert_eq!(of(file).as_deref(), Some("mse_two_predictions"));
        assert_eq!(of(file), Some(listing_stem("mse-two-predictions")));
        assert_eq!(of("crates/book/src/loss_functions/listings/mod.rs"), None);
        assert_eq!(of("crates/book/src/loss_functions/figures.rs"), None);
        assert_eq!(of("src/listings/a.rs"), None);
        assert_eq!(of("crates/book/src/gradients/listings/notes.md"), None);
    }

    /// Every folder the layout names exists in the repository, with files in it
    /// (a rename on one side fails here).
    #[test]
    fn the_named_folders_exist() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for dir in [OUTPUTS, FIGURES, RUNS, BENCH] {
            let dir = repo.join(BOOK).join(dir);
            assert!(dir.read_dir().is_ok_and(|mut d| d.next().is_some()), "{}", dir.display());
        }
        let listings = repo.join(BOOK_CODE).join("gradients").join(LISTINGS);
        assert!(listings.join("gradient_descent.rs").is_file(), "{}", listings.display());
        for name in MNIST_FILES {
            let shipped = repo.join("data/mnist-subset").join(format!("{name}.gz"));
            assert!(shipped.is_file(), "{}", shipped.display());
        }
    }
}
