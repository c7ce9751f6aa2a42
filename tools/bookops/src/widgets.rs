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

/// The full run's network as the digit widget fetches it (in `WIDGET_DATA`):
/// written from `book/runs/full/weights.txt` by [`weights_bin`].
pub const WEIGHTS_BIN: &str = "weights.bin";

/// The record of the network the digit widget loads.
pub fn weights_txt(repo: &Path) -> PathBuf {
    repo.join(nnlearn_layout::BOOK).join(nnlearn_layout::RUNS).join("full").join("weights.txt")
}

/// The magic number that starts [`weights_bin`]'s output.
pub const WEIGHTS_MAGIC: &[u8; 4] = b"NNW1";

/// `weights.txt` (sections `W1 784 n`, `b1 n`, `W2 n 10`, `b2 10`, each value
/// on its own line: `mnist::weights`) as the digit widget fetches it, 38 % of
/// the text's size: [`WEIGHTS_MAGIC`], the rows of `W1`, its columns and `W2`'s
/// columns as `u32` little-endian, then every value in the text's order as the
/// 8 bytes of its `f64`, little-endian. A decimal that Rust printed reads back
/// as the same `f64`, so these are the bits of the trained network
/// (`nnlearn-widgets`' `network::parse_weights_bin` reads them, and its tests
/// compare with the record). Only the layout is checked here; the widget
/// checks the shapes.
pub fn weights_bin(text: &str) -> Result<Vec<u8>, String> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let mut out = WEIGHTS_MAGIC.to_vec();
    let mut values = Vec::new();
    let mut sizes = Vec::new();
    for (name, dims) in [("W1", 2), ("b1", 1), ("W2", 2), ("b2", 1)] {
        let (line, header) = lines.next().ok_or(format!("weights: no `{name}` section"))?;
        let bad =
            || format!("weights: line {line}: `{header}`, expected `{name}` and {dims} sizes");
        let mut words = header.split(' ');
        if words.next() != Some(name) {
            return Err(bad());
        }
        let shape: Vec<u32> =
            words.map(|w| w.parse().map_err(|_| bad())).collect::<Result<_, _>>()?;
        let count =
            shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d as usize)).ok_or_else(bad)?;
        if shape.len() != dims || count > text.len() {
            return Err(bad());
        }
        for _ in 0..count {
            let (line, value) =
                lines.next().ok_or(format!("weights: the file ends inside `{name}`"))?;
            match value.parse::<f64>() {
                Ok(v) if v.is_finite() => values.extend_from_slice(&v.to_le_bytes()),
                _ => return Err(format!("weights: line {line}: `{value}` is not a finite number")),
            }
        }
        sizes.push(shape);
    }
    if let Some((line, text)) = lines.find(|(_, l)| !l.is_empty()) {
        return Err(format!("weights: line {line}: `{text}` follows the last section (`b2`)"));
    }
    // W1's rows and columns, W2's columns: the rest follows from them.
    for size in [sizes[0][0], sizes[0][1], sizes[2][1]] {
        out.extend_from_slice(&size.to_le_bytes());
    }
    out.extend(values);
    Ok(out)
}

/// The cargo folder of the widgets' build (`target/widgets`: a folder of its
/// own, so that it never waits on the lock of the book's build).
pub fn target_dir(repo: &Path) -> PathBuf {
    repo.join("target").join("widgets")
}

/// The cargo profile of the module: `[profile.widgets]` of the root
/// `Cargo.toml` (release, made small for the page).
pub const PROFILE: &str = "widgets";

/// The compiled module.
pub fn wasm(repo: &Path) -> PathBuf {
    target_dir(repo).join(WASM_TARGET).join(PROFILE).join("nnlearn_widgets.wasm")
}

/// `cargo build` of the module (WebAssembly, in [`PROFILE`]).
pub fn build_command(repo: &Path) -> Command {
    let mut command = Command::new("cargo");
    command
        .current_dir(repo)
        .args(["build", "--profile", PROFILE, "--target", WASM_TARGET, "-p", "nnlearn-widgets"])
        .arg("--target-dir")
        .arg(target_dir(repo));
    command
}

/// Puts the module, the shipped digits and the full run's network ([`weights_bin`])
/// into `site` (`widgets/` in it). (`widgets.js` and the HTML are in `book/`,
/// copied by mdBook.) A module not built yet is an error of kind `NotFound` that
/// says how to build it; a broken network record one of kind `InvalidData`.
pub fn install(repo: &Path, site: &Path) -> io::Result<()> {
    copy(&wasm(repo), &site.join("widgets/nnlearn_widgets.wasm")).map_err(|e| {
        io::Error::new(e.kind(), format!("{e} (build it with `cargo xtask build`)"))
    })?;
    let data = repo.join("data/mnist-subset");
    for name in digit_files() {
        copy(&data.join(&name), &site.join(nnlearn_layout::WIDGET_DATA).join(&name))?;
    }
    let record = weights_txt(repo);
    let text = std::fs::read_to_string(&record).map_err(|e| at(&record, "reading", e))?;
    let bin = weights_bin(&text)
        .map_err(|e| at(&record, "reading", io::Error::new(io::ErrorKind::InvalidData, e)))?;
    let to = site.join(nnlearn_layout::WIDGET_DATA).join(WEIGHTS_BIN);
    std::fs::write(&to, bin).map_err(|e| at(&to, "writing", e))
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
    fn the_weights_become_their_bits_with_their_sizes() {
        let text = "W1 2 1\n0.1\n-2.5e-300\nb1 1\n0\nW2 1 2\n1\n-1\nb2 2\n3\n4\n";
        let bin = weights_bin(text).unwrap();
        let mut expected = b"NNW1".to_vec();
        for size in [2u32, 1, 2] {
            expected.extend(size.to_le_bytes());
        }
        for v in [0.1f64, -2.5e-300, 0.0, 1.0, -1.0, 3.0, 4.0] {
            expected.extend(v.to_bits().to_le_bytes());
        }
        assert_eq!(bin, expected);
        assert_eq!(bin.len(), 4 + 3 * 4 + 7 * 8);
    }

    #[test]
    fn a_broken_weights_file_is_named() {
        let good = "W1 1 1\n1\nb1 1\n0\nW2 1 1\n1\nb2 1\n0\n";
        assert!(weights_bin(good).is_ok());
        let broken = |from: &str, to: &str| weights_bin(&good.replacen(from, to, 1)).unwrap_err();
        assert!(broken("W1 1 1", "W1 1").contains("line 1: `W1 1`"));
        assert!(broken("b1 1\n0", "b1 1\nNaN").contains("line 4: `NaN` is not a finite"));
        assert!(broken("b2 1\n0\n", "b2 1\n").contains("ends inside `b2`"));
        assert!(broken("W2", "w2").contains("expected `W2`"));
        assert!(broken("b2 1\n0\n", "b2 1\n0\n7\n").contains("line 9: `7` follows"));
        assert!(weights_bin("").unwrap_err().contains("no `W1` section"));
        // A forged size does not make it allocate or overflow.
        assert!(broken("W1 1 1", "W1 4294967295 4294967295").contains("line 1"));
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
