//! The pinned book tools (their versions: `bookops::tools`) and the Rust
//! targets the tasks need, installed when missing.

use std::path::Path;
use std::process::Child;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use bookops::tools::{self, Tool};

use crate::run::{run, show};
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
    println!("==> installing {} into .tools/, side by side", names.join(", "));
    println!(
        "    (the first time only: the three compile at once, in a profile cheaper to compile; a few minutes)"
    );
    let started = Instant::now();
    // One `cargo install` per tool, all at once: each has its own build folder,
    // and the three fill the cores where one alone ends on a single crate.
    let children: Vec<(Tool, Result<Child>)> = missing
        .iter()
        .map(|tool| {
            let mut command = tools::install_command(repo, tool);
            (*tool, command.spawn().with_context(|| format!("cannot run `{}`", show(&command))))
        })
        .collect();
    let mut failed = Vec::new();
    for (tool, child) in children {
        match child.and_then(|mut c| c.wait().context("cargo install")) {
            Ok(status) if status.success() => println!(
                "    {} {} installed ({:.0} s)",
                tool.package,
                tool.version,
                started.elapsed().as_secs_f64()
            ),
            Ok(status) => failed.push(format!("{} {} ({status})", tool.package, tool.version)),
            Err(e) => failed.push(format!("{} {}: {e:#}", tool.package, tool.version)),
        }
    }
    if !failed.is_empty() {
        bail!("`cargo install` failed for {} (its messages are above)", failed.join(", "));
    }
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
