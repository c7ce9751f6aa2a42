//! The live book's build of the book's code (`book-live`, in the `live` profile
//! of the root `Cargo.toml`), shared by `livebook`, which runs it on every save
//! of the code, and by `cargo xtask serve`, which starts it at once the first
//! time (at low priority, while the book tools install), so that livebook's
//! first compile finds it done. The same arguments on both sides: another
//! would be another build.

/// `cargo` and these arguments compile `book-live` into `target/live/`.
pub const BUILD_ARGS: [&str; 7] =
    ["build", "-p", "nnlearn-book", "--bin", "book-live", "--profile", "live"];
