//! Every formula of the book renders with KaTeX, with the options of book.toml's
//! `[preprocessor.katex]` (`throw-on-error`): the part of the book lint
//! (crates/book/tests/book_lint.rs) that needs the `katex` crate, whose QuickJS
//! takes a minute to compile. Here it stays out of a plain `cargo test` and runs
//! in scripts/check (`cargo test --workspace`), before the book is built.
//!
//! Problems are reported as `book/<chapter>.md:<line>: <problem>`, all at once.
//!
//! Compiled with the feature `katex` only (on by default; off in the cross-check
//! for macOS, which this machine cannot compile QuickJS for).
#![cfg(feature = "katex")]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn book_dir() -> PathBuf {
    // tools/booktex lies two folders below the repository's root.
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book")
}

fn katex_opts(display: bool) -> katex::Opts {
    // The options of book.toml's [preprocessor.katex].
    katex::Opts::builder()
        .display_mode(display)
        .throw_on_error(true)
        .build()
        .expect("valid KaTeX options")
}

#[test]
fn every_formula_renders_with_katex() {
    let summary = fs::read_to_string(book_dir().join("SUMMARY.md")).expect("book/SUMMARY.md");
    let mut problems = Vec::new();
    let mut count = 0;
    for chapter in booksrc::summary_chapters(&summary) {
        let name = chapter.path.to_string_lossy().into_owned();
        let text = fs::read_to_string(book_dir().join(&chapter.path))
            .unwrap_or_else(|e| panic!("book/{name}: {e}"));
        // The formulas as mdbook-katex sees them: after the includes are expanded.
        // (Unresolved includes and unclosed formulas are the book lint's to report.)
        let Ok(expanded) = booksrc::expand_includes(&book_dir(), &text) else { continue };
        let Ok(raw) = booksrc::formulas(&text) else { continue };
        let lines: HashMap<String, usize> = raw.into_iter().map(|f| (f.tex, f.line)).collect();
        for formula in booksrc::formulas(&expanded).unwrap_or_default() {
            count += 1;
            let line = lines.get(&formula.tex).copied().unwrap_or(0);
            if let Err(e) = katex::render_with_opts(&formula.tex, katex_opts(formula.display)) {
                problems.push(format!(
                    "book/{name}:{line}: KaTeX cannot render `{}`: {e}",
                    formula.tex.trim()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "\n{} problem(s) in the book:\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
    assert!(count > 0, "no formula found in the book");
    eprintln!("{count} formulas render");
}
