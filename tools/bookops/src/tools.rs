//! The book tools, pinned: mdBook and the two preprocessors `book.toml` runs from
//! outside this repository. They are installed with `cargo install --locked` into
//! `.tools/` of the repository (ignored by git), so that an mdbook of another
//! version that the learner may have is neither used nor replaced. These
//! constants are the versions' one home (`booki18n`'s hint for `mdbook serve`
//! reads them too).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One package installed with `cargo install`, and the programs it brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    pub package: &'static str,
    pub version: &'static str,
    pub binaries: &'static [&'static str],
}

pub const MDBOOK: Tool = Tool { package: "mdbook", version: "0.5.4", binaries: &["mdbook"] };
pub const MDBOOK_KATEX: Tool =
    Tool { package: "mdbook-katex", version: "0.10.0", binaries: &["mdbook-katex"] };
/// mdbook-gettext and mdbook-xgettext, for the Chinese edition (book.toml runs
/// mdbook-gettext in every build; it changes nothing in the English one).
pub const MDBOOK_I18N_HELPERS: Tool = Tool {
    package: "mdbook-i18n-helpers",
    version: "0.4.0",
    binaries: &["mdbook-gettext", "mdbook-xgettext"],
};

/// Every pinned tool, in the order they are installed.
pub const BOOK_TOOLS: [Tool; 3] = [MDBOOK, MDBOOK_KATEX, MDBOOK_I18N_HELPERS];

/// `.tools/` of the repository: `cargo install --root` there.
pub fn root(repo: &Path) -> PathBuf {
    repo.join(".tools")
}

/// `.tools/bin/`, where the pinned programs are.
pub fn bin(repo: &Path) -> PathBuf {
    root(repo).join("bin")
}

/// The pinned mdbook.
pub fn mdbook(repo: &Path) -> PathBuf {
    bin(repo).join(format!("mdbook{}", std::env::consts::EXE_SUFFIX))
}

/// `PATH` with `.tools/bin` first: mdBook finds the pinned preprocessors there.
pub fn path_with_tools(repo: &Path) -> OsString {
    let mut dirs = vec![bin(repo)];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| bin(repo).into_os_string())
}

/// The line `cargo install --list` prints for `tool`: `mdbook v0.5.4:`.
pub fn list_line(tool: &Tool) -> String {
    format!("{} v{}:", tool.package, tool.version)
}

/// The pinned tools not installed in `.tools/` at their version, given the
/// output of `cargo install --list --root .tools` and whether a program is there.
pub fn missing_from(listed: &str, has_binary: &dyn Fn(&str) -> bool) -> Vec<Tool> {
    BOOK_TOOLS
        .into_iter()
        .filter(|t| {
            !listed.lines().any(|l| l.trim() == list_line(t))
                || !t.binaries.iter().all(|b| has_binary(b))
        })
        .collect()
}

/// The pinned tools that are missing from `.tools/` (or there at another version).
pub fn missing(repo: &Path) -> Vec<Tool> {
    let listed = Command::new("cargo")
        .args(["install", "--list", "--root"])
        .arg(root(repo))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let has = |b: &str| bin(repo).join(format!("{b}{}", std::env::consts::EXE_SUFFIX)).is_file();
    missing_from(&listed, &has)
}

/// The release profile the tools are installed with: cargo's release profile
/// made cheaper to compile, through the variables that override a manifest's
/// `[profile.release]` (mdbook-katex's asks for fat LTO and `opt-level = "z"`,
/// whose LTO alone is a long step on one core). The preprocessors built so
/// (mdbook-katex and mdbook-gettext) made the same book as the default
/// profile's, byte for byte, both editions, in the same time (2026-12-03; the
/// README's first `cargo xtask serve`); mdbook itself was not compared.
pub const INSTALL_PROFILE: [(&str, &str); 5] = [
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_DEBUG", "0"),
    ("CARGO_PROFILE_RELEASE_INCREMENTAL", "false"),
];

/// The command that installs `tool` into `.tools/`: one per tool, so that the
/// three compile at the same time (one `cargo install` of several packages
/// builds them one after the other, each ending on a single core).
pub fn install_command(repo: &Path, tool: &Tool) -> Command {
    let mut command = Command::new("cargo");
    command
        .args(["install", "--locked", "--quiet", "--root"])
        .arg(root(repo))
        .arg(format!("{}@{}", tool.package, tool.version))
        .envs(INSTALL_PROFILE);
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_is_missing_unless_listed_at_its_version_with_its_programs() {
        let all = "mdbook v0.5.4:\n    mdbook\nmdbook-katex v0.10.0:\n    mdbook-katex\n\
                   mdbook-i18n-helpers v0.4.0:\n    mdbook-gettext\n    mdbook-xgettext\n";
        assert_eq!(missing_from(all, &|_| true), Vec::<Tool>::new());
        // Another version of mdbook is not the pinned one.
        let other = all.replace("mdbook v0.5.4:", "mdbook v0.4.40:");
        assert_eq!(missing_from(&other, &|_| true), vec![MDBOOK]);
        // Listed, but a program deleted.
        assert_eq!(missing_from(all, &|b| b != "mdbook-xgettext"), vec![MDBOOK_I18N_HELPERS]);
        assert_eq!(missing_from("", &|_| false), BOOK_TOOLS.to_vec());
    }

    #[test]
    fn the_install_command_pins_the_version_and_the_cheaper_profile() {
        let command = install_command(Path::new("/repo"), &MDBOOK_KATEX);
        let args: Vec<String> =
            command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert_eq!(
            args,
            [
                "install",
                "--locked",
                "--quiet",
                "--root",
                &root(Path::new("/repo")).to_string_lossy(),
                "mdbook-katex@0.10.0",
            ]
        );
        let envs: Vec<(String, String)> = command
            .get_envs()
            .map(|(k, v)| {
                (k.to_string_lossy().into_owned(), v.unwrap_or_default().to_string_lossy().into())
            })
            .collect();
        assert!(envs.contains(&("CARGO_PROFILE_RELEASE_LTO".into(), "false".into())), "{envs:?}");
        assert_eq!(envs.len(), INSTALL_PROFILE.len());
    }
}
