//! Whether the book's pinned mdBook preprocessors can run. `book.toml` runs
//! `mdbook-gettext` and `mdbook-katex` after this crate's `protect`; a reader who
//! types `mdbook serve` (as mdBook's documentation teaches) without them on `PATH`
//! would get mdBook's bare "command wasn't found". `protect` runs first, so it
//! checks and names what to run instead. The pinned versions have one home,
//! `bookops::tools`; this reads them from there.

use std::ffi::OsStr;
use std::path::Path;

use bookops::tools::{MDBOOK, MDBOOK_I18N_HELPERS, MDBOOK_KATEX, Tool};

/// The preprocessors `book.toml` needs from outside this repository, with the
/// package that brings each one.
const NEEDED: [(&str, Tool); 2] =
    [("mdbook-gettext", MDBOOK_I18N_HELPERS), ("mdbook-katex", MDBOOK_KATEX)];

/// Whether `name` is an executable file in one of the folders of `path` (the value
/// of `PATH`), with `.exe` on Windows.
fn on_path(name: &str, path: &OsStr) -> bool {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path).any(|dir| dir.join(&file).is_file())
}

/// `None` when every needed preprocessor is on `path`; else the message that says
/// which is missing and what to run.
pub fn missing(path: &OsStr, repo: &Path) -> Option<String> {
    let missing: Vec<String> = NEEDED
        .iter()
        .filter(|(cmd, _)| !on_path(cmd, path))
        .map(|(cmd, tool)| format!("`{cmd}` (from {} {})", tool.package, tool.version))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let installed = bookops::tools::bin(repo);
    Some(format!(
        "the book needs the mdBook preprocessor(s) {} on PATH, and they are not there.\n  \
         `cargo xtask serve` installs the pinned mdbook {}, mdbook-katex and mdbook-i18n-helpers into \
         .tools/ and serves the book (http://localhost:3000), rebuilding it as you edit: run that instead of `mdbook serve`.\n  \
         To use `mdbook serve` itself, put them on PATH once they are installed: {}{}",
        missing.join(" and "),
        MDBOOK.version,
        installed.display(),
        if cfg!(windows) {
            " (set PATH=%CD%\\.tools\\bin;%PATH%)"
        } else {
            " (export PATH=\"$PWD/.tools/bin:$PATH\")"
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_missing_and_what_to_run() {
        let dir = std::env::temp_dir().join(format!("booki18n-tools-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = |n: &str| dir.join(format!("{n}{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(exe("mdbook-gettext"), "").unwrap();
        let path = std::env::join_paths([dir.clone()]).unwrap();
        let message = missing(&path, Path::new("/repo")).expect("katex is missing");
        let katex = format!("`mdbook-katex` (from mdbook-katex {})", MDBOOK_KATEX.version);
        assert!(message.contains(&katex), "{message}");
        assert!(!message.contains("mdbook-gettext`"), "{message}");
        assert!(
            message.contains("cargo xtask serve")
                && message.contains(&format!("mdbook {}", MDBOOK.version)),
            "{message}"
        );
        std::fs::write(exe("mdbook-katex"), "").unwrap();
        assert_eq!(missing(&path, Path::new("/repo")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
