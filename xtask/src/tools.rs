//! The pinned book tools (their versions: `bookops::tools`) and the Rust
//! targets the tasks need, installed when missing.

use std::path::Path;

use anyhow::{Context, Result, bail};
use bookops::tools;

use crate::run::run;
use crate::system::{self, Needs};

/// Installs the pinned mdbook, mdbook-katex and mdbook-i18n-helpers into
/// `.tools/` unless they are there at their versions.
pub fn ensure_book_tools(repo: &Path) -> Result<()> {
    let missing = tools::missing(repo);
    if missing.is_empty() {
        return Ok(());
    }
    // mdbook-katex compiles QuickJS, in C.
    system::ensure(Needs::Tools)?;
    let names: Vec<String> =
        missing.iter().map(|t| format!("{} {}", t.package, t.version)).collect();
    println!("==> installing {} into .tools/", names.join(", "));
    println!(
        "    (the first time only; all three took 7 minutes on 2 cores, crates downloaded included)"
    );
    run(&mut tools::install_command(repo, &missing))?;
    let still = tools::missing(repo);
    if !still.is_empty() {
        bail!("after cargo install, .tools/ still lacks {still:?} at the pinned versions");
    }
    Ok(())
}

/// Adds the Rust standard libraries of `targets` (rustup) if missing.
pub fn ensure_targets(targets: &[&str]) -> Result<()> {
    let out = std::process::Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("cannot run rustup (the tasks need Rust installed through rustup)")?;
    let installed = String::from_utf8_lossy(&out.stdout);
    let missing: Vec<&str> =
        targets.iter().copied().filter(|t| !installed.lines().any(|l| l.trim() == *t)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("==> installing the Rust target(s) {} (once)", missing.join(", "));
    run(std::process::Command::new("rustup").args(["target", "add"]).args(&missing))
}
