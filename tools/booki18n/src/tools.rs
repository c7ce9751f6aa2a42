//! Whether the book's pinned mdBook preprocessors can run. `book.toml` runs
//! `mdbook-gettext` and `mdbook-katex` after this crate's `protect`; a reader who
//! types `mdbook serve` (as mdBook's documentation teaches) without them on `PATH`
//! would get mdBook's bare "command wasn't found". `protect` runs first, so it
//! checks and names what to run instead. The pinned versions have one home,
//! `scripts/tools.sh`; this reads them from there.

use std::ffi::OsStr;
use std::path::Path;

/// The preprocessors `book.toml` needs from outside this repository, with the
/// variable of `scripts/tools.sh` that pins each one's package.
const NEEDED: [(&str, &str, &str); 2] = [
    ("mdbook-gettext", "mdbook-i18n-helpers", "MDBOOK_I18N_HELPERS_VERSION"),
    ("mdbook-katex", "mdbook-katex", "MDBOOK_KATEX_VERSION"),
];

/// Whether `name` is an executable file in one of the folders of `path` (the value
/// of `PATH`), with `.exe` on Windows.
fn on_path(name: &str, path: &OsStr) -> bool {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(path).any(|dir| dir.join(&file).is_file())
}

/// The value of `NAME=value` in `scripts/tools.sh`.
fn pinned(tools_sh: &str, variable: &str) -> Option<String> {
    tools_sh
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{variable}=")).map(str::to_string))
}

/// `None` when every needed preprocessor is on `path`; else the message that says
/// which is missing and what to run.
pub fn missing(path: &OsStr, tools_sh: &str, repo: &Path) -> Option<String> {
    let missing: Vec<String> = NEEDED
        .iter()
        .filter(|(cmd, _, _)| !on_path(cmd, path))
        .map(|(cmd, package, var)| {
            let version = pinned(tools_sh, var).unwrap_or_else(|| "?".to_string());
            format!("`{cmd}` (from {package} {version})")
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let mdbook = pinned(tools_sh, "MDBOOK_VERSION").unwrap_or_else(|| "?".to_string());
    let installed = repo.join(".tools").join("bin");
    Some(format!(
        "the book needs the mdBook preprocessor(s) {} on PATH, and they are not there.\n  \
         `scripts/serve` installs the pinned mdbook {mdbook}, mdbook-katex and mdbook-i18n-helpers into \
         .tools/ and serves the book (http://localhost:3000), rebuilding it as you edit: run that instead of `mdbook serve`.\n  \
         To use `mdbook serve` itself, put them on PATH once they are installed: {}{}",
        missing.join(" and "),
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

    const TOOLS_SH: &str =
        "MDBOOK_VERSION=0.5.4\nMDBOOK_KATEX_VERSION=0.10.0\nMDBOOK_I18N_HELPERS_VERSION=0.4.0\n";

    #[test]
    fn names_what_is_missing_and_what_to_run() {
        let dir = std::env::temp_dir().join(format!("booki18n-tools-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let exe = |n: &str| dir.join(format!("{n}{}", std::env::consts::EXE_SUFFIX));
        std::fs::write(exe("mdbook-gettext"), "").unwrap();
        let path = std::env::join_paths([dir.clone()]).unwrap();
        let message = missing(&path, TOOLS_SH, Path::new("/repo")).expect("katex is missing");
        assert!(message.contains("`mdbook-katex` (from mdbook-katex 0.10.0)"), "{message}");
        assert!(!message.contains("mdbook-gettext`"), "{message}");
        assert!(message.contains("scripts/serve") && message.contains("mdbook 0.5.4"), "{message}");
        std::fs::write(exe("mdbook-katex"), "").unwrap();
        assert_eq!(missing(&path, TOOLS_SH, Path::new("/repo")), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_versions_come_from_tools_sh() {
        let real = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/tools.sh"),
        )
        .unwrap();
        for (_, _, var) in NEEDED {
            assert!(
                pinned(&real, var).is_some_and(|v| !v.is_empty()),
                "{var} not in scripts/tools.sh"
            );
        }
        assert!(pinned(&real, "MDBOOK_VERSION").is_some());
    }
}
