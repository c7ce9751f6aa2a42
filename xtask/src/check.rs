//! `cargo xtask check`: every check of the book and its crates, in this order:
//! formatting and lints, every test and every listing of the book (cargo test),
//! the command line against hostile input with the release binary, the
//! workspace cross-checked for Windows and macOS and the learner's tests run on
//! Windows under Wine, the publishable site built (both editions, the widgets)
//! and its Chinese catalogue checked, the widgets checked against the native
//! crate, the live book against `regen` + `mdbook build`, the site's HTML
//! checked statically and, served by a plain static file server, in headless
//! Chromium (both editions, the language switch, search), the checker's own
//! self-test, and, when MNIST_DIR points to the full MNIST files, the full
//! training run that the book quotes.
//!
//! On a fresh machine it first installs what is missing (see [`crate::system`]).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::run::{cargo, run, step};
use crate::system::{self, Needs};
use crate::{cross, i18n, site, tools};

/// `bookcheck <args>` (release), driving `browser`.
fn bookcheck(repo: &Path, browser: &Path, args: &[&str]) -> Result<()> {
    let mut command = cargo(repo, &["run", "--quiet", "--release", "-p", "bookcheck", "--"]);
    run(command.args(args).env("CHROMIUM", browser))
}

pub fn run_all(repo: &Path) -> Result<()> {
    // Before anything is compiled: a missing browser is found in seconds, not after minutes.
    system::ensure(Needs::Check)?;
    let browser = system::browser().map_err(|e| anyhow::anyhow!("no browser: {e:?}"))?;
    println!("==> the browser of the checks: {}", browser.display());
    tools::ensure_targets(&cross::CROSS_TARGETS)?;

    step("formatting (cargo fmt --check)");
    run(&mut cargo(repo, &["fmt", "--all", "--check"]))?;

    step("lints (cargo clippy -D warnings)");
    run(&mut cargo(
        repo,
        &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"],
    ))?;

    step("tests, and every listing of the book (cargo test)");
    run(&mut cargo(repo, &["test", "--workspace", "--quiet"]))?;

    step("the command line against hostile input, with the release binary");
    run(&mut cargo(repo, &["build", "--quiet", "--release", "-p", "nnlearn-book"]))?;
    let release =
        repo.join("target/release").join(format!("nnlearn{}", std::env::consts::EXE_SUFFIX));
    run(cargo(
        repo,
        &[
            "test",
            "--quiet",
            "-p",
            "nnlearn-book",
            "--test",
            "cli_errors",
            "--test",
            "cli_properties",
        ],
    )
    .args(["--test", "cli_interrupt"])
    .env("NNLEARN_BIN", &release))?;

    step("cross-checking every crate for Windows and macOS (cargo check --target)");
    cross::check(repo)?;

    step("the learner's tests on Windows (x86_64-pc-windows-gnu), run under Wine");
    cross::windows_tests(repo)?;

    step("building the publishable site (target/site), as `cargo xtask build` does");
    let site = site::build(repo, "/")?;
    let zh = site.join("zh-CN");

    // ---- The Chinese edition (po/README.md), checked like the English.
    step(
        "the Chinese edition: the catalogue, and po/zh-CN.po complete (no untranslated or fuzzy message)",
    );
    i18n::extract_catalogue(repo)?;
    i18n::check_translations(repo)?;
    step(
        "the Chinese edition: the English through the whole translation pipeline is the English (preprocessor order)",
    );
    i18n::identity_test(repo, &site)?;
    step("the Chinese edition beside the English (booki18n editions)");
    i18n::booki18n(repo, &["editions", &site.to_string_lossy(), &zh.to_string_lossy()])?;

    // ---- The live book and its widgets.
    step("checking every widget in headless Chromium against the native crate");
    bookcheck(repo, &browser, &["widgets", &site.to_string_lossy()])?;
    step("checking the chapters' questions in both editions (right, wrong and malformed answers)");
    bookcheck(repo, &browser, &["quiz", &site.to_string_lossy(), "--screenshots", "target/quiz"])?;
    step("checking that the served book is what `regen` + mdbook build make (livebook verify)");
    run(&mut cargo(repo, &["build", "--quiet", "-p", "livebook"]))?;
    let livebook =
        repo.join("target/debug").join(format!("livebook{}", std::env::consts::EXE_SUFFIX));
    run(Command::new(&livebook).arg("verify").current_dir(repo)).context("livebook verify")?;

    // ---- The site served by a plain static file server (bookcheck's), both editions.
    let zh_md = site::i18n_dir(repo).join("zh-CN-md");
    step("checking the Chinese edition's HTML");
    bookcheck(
        repo,
        &browser,
        &[
            "html",
            &zh.to_string_lossy(),
            "--book-src",
            &zh_md.to_string_lossy(),
            "--site-url",
            "/zh-CN/",
        ],
    )?;
    step("checking every Chinese page of the site in headless Chromium, and Chinese search");
    let shots = repo.join("target/bookcheck");
    bookcheck(
        repo,
        &browser,
        &[
            "browser",
            &zh.to_string_lossy(),
            "--site",
            &site.to_string_lossy(),
            "--book-src",
            &zh_md.to_string_lossy(),
            "--screenshots",
            &shots.join("zh-CN").to_string_lossy(),
            "--search",
            "梯度=gradients.html",
            "--search",
            "损失函数=loss-functions.html",
            "--search",
            "过拟合=learning-from-data.html",
        ],
    )?;

    step("checking the site's HTML");
    bookcheck(repo, &browser, &["html", &site.to_string_lossy()])?;
    step(
        "checking the site published under a sub-path (/nnlearn/, a GitHub project page): its 404 pages",
    );
    let sub = site::published_copy(repo, &site, "/nnlearn/")?;
    bookcheck(repo, &browser, &["html", &sub.to_string_lossy(), "--site-url", "/nnlearn/"])?;
    bookcheck(
        repo,
        &browser,
        &[
            "html",
            &sub.join("zh-CN").to_string_lossy(),
            "--book-src",
            &zh_md.to_string_lossy(),
            "--site-url",
            "/nnlearn/zh-CN/",
        ],
    )?;
    std::fs::remove_dir_all(&sub).with_context(|| format!("removing {}", sub.display()))?;
    step("checking every page of the site in headless Chromium");
    bookcheck(
        repo,
        &browser,
        &["browser", &site.to_string_lossy(), "--screenshots", &shots.to_string_lossy()],
    )?;
    step("checking that the checker catches a broken formula, image, link and include");
    bookcheck(repo, &browser, &["self-test", &site.to_string_lossy()])?;

    step("checking the PDF of each edition with poppler's tools (outline, fonts, text, formulas)");
    let pdfs = repo.join("target").join("pdf");
    bookcheck(
        repo,
        &browser,
        &["pdf-check", &pdfs.to_string_lossy(), "--build", &site.to_string_lossy()],
    )?;
    step("checking that pdf-check catches a PDF broken on purpose");
    bookcheck(repo, &browser, &["pdf-self-test", &site.to_string_lossy()])?;

    match std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => {
            step(&format!(
                "reproducing the full MNIST training run quoted by the book (MNIST_DIR={})",
                dir.to_string_lossy()
            ));
            run(&mut cargo(
                repo,
                &["run", "--quiet", "--release", "--", "book-run", "full", "--check"],
            ))?;
        }
        None => step(
            "skipping the full MNIST run: set MNIST_DIR to the folder of the four MNIST files to include it",
        ),
    }
    println!("\nall checks passed");
    Ok(())
}
