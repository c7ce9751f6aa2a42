//! `cargo xtask`: the README's commands, in Rust, so that they run wherever
//! Rust runs (the alias is in `.cargo/config.toml`; `scripts/*` are one-line
//! wrappers of these).
//!
//! - `serve`: the live book at <http://localhost:3000> (tools/livebook);
//! - `check`: every check (see [`check`]), the one CI runs;
//! - `build`: the publishable site in `target/site/` (see [`site`]);
//! - `regen`: after an intended change, every figure, output and snapshot anew;
//! - `i18n-update`: the Chinese catalogue merged with the changed English.
#![forbid(unsafe_code)]

mod check;
mod cross;
mod i18n;
mod run;
mod site;
mod system;
mod tools;

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::run::{cargo, run};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "The book's commands: serve it live, check everything, build the site"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Serve the book at http://localhost:3000 (and its Chinese edition at /zh-CN/),
    /// rebuilding it when a file of book/, src/ or crates/ changes. The first time,
    /// installs the pinned mdBook tools into .tools/ and the WebAssembly target.
    Serve {
        /// The port on 127.0.0.1 (default: $PORT, else 3000).
        #[arg(long, env = "PORT", default_value_t = 3000)]
        port: u16,
    },
    /// Run every check of the book and its crates (what CI runs; ~15 minutes).
    /// Set MNIST_DIR to the folder of the four MNIST files to include the full training run.
    Check,
    /// Build the publishable site into target/site/: both editions, the widgets, the figures.
    Build {
        /// The address the site is published at (mdBook's site-url, the base of the 404
        /// pages): `/` for a host's root, `/<repo>/` for a GitHub project page.
        #[arg(long, default_value = "/")]
        site_url: String,
    },
    /// After an intended change: redraw every figure, rewrite every listing output and
    /// accept every changed insta snapshot; review the result with `git diff`.
    Regen,
    /// After the English chapters changed: merge the new catalogue into po/*.po
    /// (msgmerge) and name every message that needs translating.
    I18nUpdate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let repo = bookops::repo();
    let result = match cli.task {
        Task::Serve { port } => serve(&repo, port),
        Task::Check => check::run_all(&repo),
        Task::Build { site_url } => site::build(&repo, &site_url).map(|_| ()),
        Task::Regen => regen(&repo),
        Task::I18nUpdate => tools::ensure_book_tools(&repo).and_then(|()| i18n::update(&repo)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The live book: the pinned tools and the WebAssembly target first (the book
/// is served as soon as they are there, while the book's code and the widgets'
/// module compile in the background), then livebook. The first time, other
/// builds share the cores while the tools install: livebook's own and the
/// book's preprocessors (booki18n; both needed for the first page), and the
/// book's code at low priority (needed for the outputs and figures from the
/// code: livebook's first compile of it then finds it done, or nearly).
fn serve(repo: &Path, port: u16) -> Result<()> {
    tools::ensure_targets(&[bookops::widgets::WASM_TARGET])?;
    let mut code = cargo(repo, &bookops::live::BUILD_ARGS);
    code.arg("--quiet");
    // Its errors are livebook's to show, when it compiles the same code.
    let code = run::nice(code).stdout(Stdio::null()).stderr(Stdio::null()).spawn().ok();
    let mut livebook = cargo(repo, &["build", "--quiet", "-p", "livebook"]).spawn()?;
    // The preprocessors of book.toml (`cargo run --release -p booki18n`): built
    // now, the first mdBook build does not wait for their compilation.
    let mut booki18n = cargo(repo, &["build", "--quiet", "--release", "-p", "booki18n"]).spawn()?;
    let tools = tools::ensure_book_tools(repo);
    let built = livebook.wait()?;
    // Its errors, if any, are mdBook's to show when it runs them.
    let _ = booki18n.wait();
    tools?;
    if !built.success() {
        anyhow::bail!("`cargo build -p livebook` failed ({built})");
    }
    // Reaped when it ends, whatever livebook does meanwhile.
    if let Some(mut code) = code {
        std::thread::spawn(move || code.wait());
    }
    // Run directly, not through `cargo run`, whose variables (CARGO_PKG_*...)
    // would make the cargo that livebook runs see a changed environment and
    // rebuild. (Those of this cargo run are removed for the same reason.)
    let livebook =
        repo.join("target/debug").join(format!("livebook{}", std::env::consts::EXE_SUFFIX));
    let mut command = Command::new(livebook);
    command.current_dir(repo).args(["serve", "--port", &port.to_string()]);
    run::without_cargo_run_env(&mut command);
    run(&mut command)
}

/// Every figure, output and snapshot anew, then what still fails, and what changed.
fn regen(repo: &Path) -> Result<()> {
    run(&mut cargo(repo, &["run", "--quiet", "--", "regen"]))?;
    // insta writes changed snapshots directly with INSTA_UPDATE=always (no cargo-insta needed);
    // what still fails is reported by the run after it.
    let _ = cargo(repo, &["test", "--quiet", "--no-fail-fast"])
        .env("INSTA_UPDATE", "always")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    run(&mut cargo(repo, &["test", "--quiet"]))?;
    run(Command::new("git").current_dir(repo).args([
        "status",
        "--short",
        "--",
        "book/figures",
        "book/outputs",
        "snapshots",
    ]))
}
