//! The book's widgets: `crates/widgets` compiled to WebAssembly (only the
//! rustup target is needed: no wasm-bindgen, no wasm-pack), and the files they
//! load that mdBook does not copy from `book/` (the module and the shipped
//! digits), put beside a built book.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::at;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The shipped digits the widgets read (5000 training and 1000 test images):
/// the four MNIST files, gzipped, by the names of their one home
/// (`nnlearn_layout::MNIST_FILES`).
pub fn digit_files() -> impl Iterator<Item = String> {
    nnlearn_layout::MNIST_FILES.iter().map(|name| format!("{name}.gz"))
}

/// The cargo folder of the widgets' build (`target/widgets`: a folder of its
/// own, so that it never waits on the lock of the book's build).
pub fn target_dir(repo: &Path) -> PathBuf {
    repo.join("target").join("widgets")
}

/// The compiled module.
pub fn wasm(repo: &Path) -> PathBuf {
    target_dir(repo).join(WASM_TARGET).join("release").join("nnlearn_widgets.wasm")
}

/// `cargo build` of the module (release, WebAssembly).
pub fn build_command(repo: &Path) -> Command {
    let mut command = Command::new("cargo");
    command
        .current_dir(repo)
        .args(["build", "--release", "--target", WASM_TARGET, "-p", "nnlearn-widgets"])
        .arg("--target-dir")
        .arg(target_dir(repo));
    command
}

/// Puts the module and the shipped digits into `site` (`widgets/` in it).
/// (`widgets.js`, the HTML and the network's weights are in `book/`, copied by mdBook.)
/// A module not built yet is an error of kind `NotFound` that says how to build it.
pub fn install(repo: &Path, site: &Path) -> io::Result<()> {
    copy(&wasm(repo), &site.join("widgets/nnlearn_widgets.wasm")).map_err(|e| {
        io::Error::new(e.kind(), format!("{e} (build it with `cargo xtask build`)"))
    })?;
    let data = repo.join("data/mnist-subset");
    for name in digit_files() {
        copy(&data.join(&name), &site.join(nnlearn_layout::WIDGET_DATA).join(&name))?;
    }
    Ok(())
}

/// Copies a file into a folder made if need be.
fn copy(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir).map_err(|e| at(dir, "creating", e))?;
    }
    std::fs::copy(from, to).map(drop).map_err(|e| at(from, "copying", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_digits_are_in_the_repository() {
        for name in digit_files() {
            assert!(crate::repo().join("data/mnist-subset").join(&name).is_file(), "{name}");
        }
    }

    #[test]
    fn installing_without_a_module_says_how_to_build_it() {
        let empty = std::env::temp_dir().join(format!("bookops-widgets-{}", std::process::id()));
        let e = install(&empty, &empty.join("site")).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        let e = e.to_string();
        let module = wasm(&empty).display().to_string();
        assert!(e.starts_with(&format!("copying {module}: ")), "{e}");
        assert!(e.ends_with(" (build it with `cargo xtask build`)"), "{e}");
        let _ = std::fs::remove_dir_all(&empty);
    }
}
