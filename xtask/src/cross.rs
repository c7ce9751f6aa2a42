//! Other systems: the workspace cross-checked for Windows and macOS, and the
//! learner's tests built for Windows and run under Wine.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{cargo, run, works};

pub const CROSS_TARGETS: [&str; 2] = ["x86_64-pc-windows-gnu", "aarch64-apple-darwin"];

/// The cross builds have a build folder of their own (target/cross), so that
/// they never wait on the lock of the host's, which the other steps use.
fn target_dir(repo: &Path) -> PathBuf {
    repo.join("target").join("cross")
}

/// `cargo check` of every crate and target (tests, benches, tools) for each
/// cross target. For macOS the formula test (tools/booktex) is checked without
/// its feature `katex`: the katex crate's QuickJS is C, and this machine has no
/// C compiler for macOS (a Mac's own clang builds it).
pub fn check(repo: &Path) -> Result<()> {
    let dir = target_dir(repo);
    let check = |args: &[&str]| {
        let mut command = cargo(repo, &["check", "--all-targets", "--quiet"]);
        run(command.args(args).env("CARGO_TARGET_DIR", &dir))
    };
    println!("    x86_64-pc-windows-gnu");
    check(&["--workspace", "--target", "x86_64-pc-windows-gnu"])?;
    println!("    aarch64-apple-darwin (tools/booktex without its feature katex)");
    check(&["--workspace", "--target", "aarch64-apple-darwin", "--exclude", "booktex"])?;
    check(&["-p", "booktex", "--target", "aarch64-apple-darwin", "--no-default-features"])
}

/// The Wine prefix (created on first use), with a bcryptprimitives.dll where
/// Wine has none (Wine 8; see scripts/wine/bcryptprimitives.c), built with mingw-w64.
fn ensure_wine(repo: &Path) -> Result<()> {
    let prefix = match std::env::var_os("WINEPREFIX") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".wine"),
    };
    let system32 = prefix.join("drive_c/windows/system32");
    if !system32.is_dir() {
        println!("    creating the Wine prefix {}", prefix.display());
        let _ = Command::new("wineboot").arg("-i").env("WINEDEBUG", "-all").output();
        let _ = Command::new("wineserver").arg("-w").env("WINEDEBUG", "-all").status();
    }
    let dll = system32.join("bcryptprimitives.dll");
    if !dll.exists() {
        println!("    adding bcryptprimitives.dll (ProcessPrng) to the Wine prefix");
        run(Command::new("x86_64-w64-mingw32-gcc")
            .args(["-O2", "-shared", "-o"])
            .arg(&dll)
            .arg(repo.join("scripts/wine/bcryptprimitives.c"))
            .arg("-ladvapi32"))?;
    }
    Ok(())
}

/// The learner's tests (the concept crate, the MNIST reader, the book's
/// listings and exercises' checks) built for Windows and run under Wine. Not
/// the byte-wise comparison of the committed outputs and figures
/// (crates/book/tests/generated.rs): under Wine three of them come out
/// differently, because Wine's C library differs from glibc in the last bit of
/// some functions (its pow(10, -2) is 0.010000000000000002); see the README,
/// "On Windows and macOS". On Linux only (where the check installs Wine);
/// elsewhere `cargo test` above ran them natively.
pub fn windows_tests(repo: &Path) -> Result<()> {
    if !cfg!(target_os = "linux") {
        println!("    skipped: Wine runs them on Linux; here `cargo test` ran them natively");
        return Ok(());
    }
    ensure_wine(repo)?;
    let test = |args: &[&str]| {
        let mut command = cargo(repo, &["test", "--quiet", "--target", "x86_64-pc-windows-gnu"]);
        run(command
            .args(args)
            .env("CARGO_TARGET_DIR", target_dir(repo))
            .env("WINEDEBUG", "-all")
            .env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER", "wine"))
    };
    // One Wine server for all the test binaries, stopped at the end: by default
    // it exits a few seconds after its last program, and a test binary that
    // starts in that moment fails with "wine client error: recvmsg: Connection
    // reset by peer" (seen here between two binaries of the mnist crate).
    // (`wineserver -p` puts itself in the background and returns.)
    run(Command::new("wineserver").arg("-p").env("WINEDEBUG", "-all"))?;
    let result = test(&["-p", "nnlearn", "-p", "mnist", "--lib", "--tests"])
        .and_then(|()| test(&["-p", "nnlearn-book", "--lib", "--test", "generated"]));
    let _ = works("wineserver", &["-k"]);
    result
}
