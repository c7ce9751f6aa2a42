//! The book lint: what `mdbook build` lets through silently (it exits 0 on a
//! missing include, a wrong anchor, bad TeX or a missing image), this test does not.
//!
//! Each test collects every problem of its kind across the whole book and reports
//! them all at once as `book/<chapter>.md:<line>: <problem>`. (Bad TeX is
//! tools/booktex's: rendering every formula with the `katex` crate needs QuickJS,
//! which takes a minute to compile, so it runs in scripts/check, not here.)

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use booksrc::{Fence, UnclosedFormula};

fn book_dir() -> PathBuf {
    nnlearn_book::layout::book_dir()
}

/// (file name relative to book/, markdown) of every chapter in SUMMARY.md.
fn chapters() -> Vec<(String, String)> {
    let summary = fs::read_to_string(book_dir().join("SUMMARY.md")).expect("book/SUMMARY.md");
    booksrc::summary_chapters(&summary)
        .into_iter()
        .map(|c| {
            let name = c.path.to_string_lossy().into_owned();
            let text = fs::read_to_string(book_dir().join(&c.path)).unwrap_or_else(|e| {
                panic!("book/SUMMARY.md lists {name}, which cannot be read: {e}")
            });
            (name, text)
        })
        .collect()
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "\n{} problem(s) in the book:\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
}

#[test]
fn summary_and_chapter_files_agree() {
    let listed: BTreeSet<String> = chapters().into_iter().map(|(name, _)| name).collect();
    let mut problems = Vec::new();
    for entry in fs::read_dir(book_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "SUMMARY.md" && !listed.contains(&name) {
            problems.push(format!("book/{name} is not listed in book/SUMMARY.md"));
        }
    }
    report(problems);
}

#[test]
fn every_chapter_is_compiled_as_doctests() {
    let book_rs =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/book.rs")).unwrap();
    // src/book.rs is crates/book/src/book.rs; the chapters are three folders up.
    let problems = chapters()
        .into_iter()
        .filter(|(name, _)| !book_rs.contains(&format!("include_str!(\"../../../book/{name}\")")))
        .map(|(name, _)| {
            format!("book/{name} is not in crates/book/src/book.rs, so cargo test would not run its listings")
        })
        .collect();
    report(problems);
}

/// The code-fence languages a chapter may use: Rust (tested) and text that is
/// not code: program output (`text`), commands to type (`console`), and the
/// original's Python quoted beside a listing (`python`, only folded under
/// `<summary>The original Python</summary>`: see the test below).
const ALLOWED_LANGUAGES: &[&str] = &["rust", "text", "console", "python"];

/// The summary under which the original's Python is quoted beside a listing.
const PYTHON_SUMMARY: &str = "<summary>The original Python</summary>";

fn python_problems(name: &str, md: &str) -> Vec<String> {
    // The `<summary>` of the `<details>` each line is in (None outside one).
    let mut summary_at: Vec<Option<&str>> = Vec::new();
    let mut current: Option<&str> = None;
    let mut open = false;
    for line in md.lines() {
        let t = line.trim();
        if t == "<details>" {
            open = true;
            current = Some("");
        } else if t == "</details>" {
            open = false;
            current = None;
        } else if open && t.starts_with("<summary>") {
            current = Some(t);
        }
        summary_at.push(current);
    }
    booksrc::fences(md)
        .iter()
        .filter(|f| f.language() == "python")
        .filter(|f| summary_at.get(f.line - 1).copied().flatten() != Some(PYTHON_SUMMARY))
        .map(|f| {
            format!(
                "book/{name}:{}: a `python` block is not the original quoted under `{PYTHON_SUMMARY}` in a `<details>` (Python is never tested: only the original's may be shown)",
                f.line
            )
        })
        .collect()
}

#[test]
fn python_is_only_the_original_quoted_beside_a_listing() {
    let problems = chapters().iter().flat_map(|(name, md)| python_problems(name, md)).collect();
    report(problems);
}

#[test]
fn python_outside_the_original_s_fold_is_caught() {
    let good = "<details>\n<summary>The original Python</summary>\n\n```python\nx = 1\n```\n\n</details>\n";
    assert!(python_problems("x.md", good).is_empty());
    let with_text = "<details>\n<summary>The original Python</summary>\n\nFrom the original:\n\n```python\nx = 1\n```\n\n</details>\n";
    assert!(python_problems("x.md", with_text).is_empty());
    let after = "<details>\n<summary>The original Python</summary>\n\n</details>\n\n```python\nx = 1\n```\n";
    assert_eq!(python_problems("x.md", after).len(), 1);
    let bare = "Some text.\n\n```python\nx = 1\n```\n";
    assert_eq!(python_problems("x.md", bare).len(), 1);
    let other = "<details>\n<summary>Solution</summary>\n\n```python\nx = 1\n```\n\n</details>\n";
    assert_eq!(python_problems("x.md", other).len(), 1);
}

fn fence_problems(name: &str, fence: &Fence) -> Vec<String> {
    let at = format!("book/{name}:{}", fence.line);
    let mut problems = Vec::new();
    if !fence.closed {
        problems.push(format!("{at}: code block is never closed"));
    }
    if fence.info.is_empty() {
        problems.push(format!(
            "{at}: unlabeled code block: rustdoc compiles it as Rust, mdBook shows it as text; label it `rust` or `text`"
        ));
        return problems;
    }
    if !ALLOWED_LANGUAGES.contains(&fence.language()) {
        problems.push(format!(
            "{at}: `{}` block: no test runs it; make it a Rust doctest, an include of crate code, or `text`",
            fence.language()
        ));
    }
    if !fence.is_rust_for_rustdoc() {
        return problems;
    }
    let attributes = fence.attributes();
    for attribute in &attributes {
        if *attribute == "no_run" {
            problems.push(format!(
                "{at}: `{attribute}`: every Rust block of the book runs as it is shown"
            ));
        }
    }
    let include_lines: Vec<&str> = fence.body.lines().filter(|l| !l.trim().is_empty()).collect();
    if attributes.contains(&"ignore") {
        // rustdoc skips it, so it must be crate code that is compiled and tested.
        for line in &include_lines {
            let includes = booksrc::includes(line);
            let is_crate_code = includes.len() == 1
                && line.trim() == includes[0].directive
                && (includes[0].path.starts_with("../src/")
                    || includes[0].path.starts_with("../crates/"))
                && includes[0].selector.is_some();
            if !is_crate_code {
                problems.push(format!(
                    "{at}: a `rust,ignore` block may only hold `{{{{#include ../src/...:anchor}}}}` or `../crates/...:anchor` lines (crate code, which is tested); found `{}`",
                    line.trim()
                ));
            }
        }
        if include_lines.is_empty() {
            problems.push(format!("{at}: empty `rust,ignore` block"));
        }
    } else if fence.body.contains("{{#") {
        problems.push(format!(
            "{at}: a doctest cannot hold an {{{{#include}}}} (rustdoc sees the raw text); mark the block `rust,ignore`"
        ));
    }
    problems
}

#[test]
fn every_rust_block_is_a_doctest_or_an_include_of_crate_code() {
    let mut problems = Vec::new();
    let mut doctests = 0;
    let mut includes = 0;
    for (name, text) in chapters() {
        for fence in booksrc::fences(&text) {
            problems.extend(fence_problems(&name, &fence));
            if fence.is_rust_for_rustdoc() {
                if fence.attributes().contains(&"ignore") {
                    includes += 1;
                } else {
                    doctests += 1;
                }
            }
        }
    }
    report(problems);
    eprintln!("the book has {doctests} Rust doctests and {includes} includes of crate code");
}

#[test]
fn every_include_resolves_to_a_non_empty_anchor() {
    let mut problems = Vec::new();
    for (name, text) in chapters() {
        for include in booksrc::includes(&text) {
            if let Err(e) = booksrc::resolve_include(&book_dir(), &include) {
                problems.push(format!("book/{name}:{}: {e}", include.line));
            }
        }
    }
    report(problems);
}

#[test]
fn every_formula_is_closed() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (name, text) in chapters() {
        // The formulas as mdbook-katex sees them: after the includes are expanded.
        let Ok(expanded) = booksrc::expand_includes(&book_dir(), &text) else {
            continue; // reported by every_include_resolves_to_a_non_empty_anchor
        };
        // Scan the raw chapter for line numbers, and the expanded one for what is rendered.
        if let Err(UnclosedFormula { line, display }) = booksrc::formulas(&text) {
            let delimiter = if display { "$$" } else { "$" };
            problems.push(format!(
                "book/{name}:{line}: `{delimiter}` opens a formula that is never closed (write \\$ for a dollar sign)"
            ));
            continue;
        }
        let formulas = booksrc::formulas(&expanded).unwrap_or_default();
        let lines: HashMap<String, usize> = booksrc::formulas(&text)
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.tex, f.line))
            .collect();
        for formula in formulas {
            count += 1;
            let line = lines.get(&formula.tex).copied().unwrap_or(0);
            if !formula.display && formula.tex.contains("\n\n") {
                problems.push(format!(
                    "book/{name}:{line}: inline formula spans a blank line (an unescaped `$`?)"
                ));
                continue;
            }
        }
    }
    report(problems);
    // That each one renders with KaTeX is checked by tools/booktex/tests/formulas.rs
    // (which scripts/check runs), so that `cargo test` does not compile QuickJS.
    eprintln!("{count} formulas are closed");
}

#[test]
fn every_image_exists_and_has_alt_text() {
    let mut problems = Vec::new();
    for (name, text) in chapters() {
        for link in booksrc::links(&text).into_iter().filter(|l| l.is_image) {
            let at = format!("book/{name}:{}", link.line);
            if link.text.trim().is_empty() {
                problems.push(format!("{at}: image {} has no alt text", link.target));
            }
            if booksrc::is_external(&link.target) {
                problems.push(format!(
                    "{at}: image {} is on another host; the book must work offline",
                    link.target
                ));
            } else if !book_dir().join(&link.target).is_file() {
                problems.push(format!("{at}: image {} does not exist", link.target));
            }
        }
    }
    report(problems);
}

/// mdBook's heading ids: lowercase, spaces to `-`, other punctuation dropped.
fn heading_id(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn heading_ids(markdown: &str) -> BTreeSet<String> {
    booksrc::headings(markdown)
        .into_iter()
        .map(|h| h.id.unwrap_or_else(|| heading_id(&h.text)))
        .collect()
}

/// The ids mdBook 0.5.4 gave these headings of the book (read from the built
/// pages): code spans count with their code, as the reader sees it. Blanking the
/// code (the hand scanner) gave `errors----------and`.
#[test]
fn heading_ids_are_mdbooks() {
    let md = "## Errors: `Result` and `?`\n\n### Where `(y - t) / N` comes from\n\n```\n# x\n```\n\n## Mine {#own-id}\n";
    let ids: Vec<String> = heading_ids(md).into_iter().collect();
    assert_eq!(ids, ["errors-result-and-", "own-id", "where-y---t--n-comes-from"]);
}

#[test]
fn every_link_resolves_and_stays_in_the_book() {
    let chapters = chapters();
    let ids: HashMap<String, BTreeSet<String>> =
        chapters.iter().map(|(name, text)| (name.clone(), heading_ids(text))).collect();
    let mut problems = Vec::new();
    for (name, text) in &chapters {
        for link in booksrc::links(text).into_iter().filter(|l| !l.is_image) {
            let at = format!("book/{name}:{}", link.line);
            if booksrc::is_external(&link.target) {
                problems.push(format!(
                    "{at}: link to another host ({}): the book works offline; cite the source in the text",
                    link.target
                ));
                continue;
            }
            let (file, fragment) = link.target.split_once('#').unwrap_or((&link.target, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            if !book_dir().join(file).exists() {
                problems.push(format!("{at}: link to {file}, which does not exist"));
            } else if !fragment.is_empty() {
                match ids.get(file) {
                    Some(known) if known.contains(fragment) => {}
                    Some(_) => {
                        problems.push(format!("{at}: {file} has no heading with id `{fragment}`"))
                    }
                    None => {}
                }
            }
        }
    }
    report(problems);
}

#[test]
fn every_listing_output_and_figure_is_shown_and_every_shown_one_exists() {
    let mut problems = Vec::new();
    let all_text: String = chapters().into_iter().map(|(_, t)| t).collect::<Vec<_>>().join("\n");
    for listing in nnlearn_book::contents::listings() {
        if !all_text.contains(&format!(
            "{{{{#include {}}}}}",
            nnlearn_book::layout::output_file(listing.name)
        )) {
            problems.push(format!(
                "listing `{}`: its output {} is not shown in any chapter",
                listing.name,
                nnlearn_book::layout::output_file(listing.name)
            ));
        }
    }
    for figure in nnlearn_book::contents::figures() {
        if !all_text.contains(&format!("]({})", nnlearn_book::layout::figure_file(figure.name))) {
            problems.push(format!(
                "figure `{}`: {} is not shown in any chapter",
                figure.name,
                nnlearn_book::layout::figure_file(figure.name)
            ));
        }
    }
    let known_outputs: BTreeSet<String> = nnlearn_book::contents::listings()
        .iter()
        .map(|l| nnlearn_book::layout::output_file(l.name))
        .collect();
    for (name, text) in chapters() {
        for include in booksrc::includes(&text) {
            if include.path.starts_with("outputs/")
                && !known_outputs.contains(&include.path)
                && !include.path.starts_with("outputs/full-run")
            {
                problems.push(format!(
                    "book/{name}:{}: {} is not the output of any listing of crates/book (so nothing regenerates or checks it)",
                    include.line, include.path
                ));
            }
        }
    }
    report(problems);
}

#[test]
fn every_figure_names_the_command_that_redraws_it() {
    let commands: HashMap<String, String> = nnlearn_book::contents::figures()
        .iter()
        .map(|f| (nnlearn_book::layout::figure_file(f.name), f.command()))
        .collect();
    let mut problems = Vec::new();
    for (name, text) in chapters() {
        let lines: Vec<&str> = text.lines().collect();
        for image in booksrc::links(&text)
            .into_iter()
            .filter(|l| l.is_image && l.target.starts_with("figures/"))
        {
            let after = lines[image.line.min(lines.len())..]
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            match commands.get(&image.target) {
                Some(command) if after.contains(command.as_str()) => {}
                Some(command) => problems.push(format!(
                    "book/{name}:{}: figure {} must be followed (within 3 lines) by its command `{command}`",
                    image.line, image.target
                )),
                None if after.contains("cargo run") => {}
                None => problems.push(format!(
                    "book/{name}:{}: figure {} is not drawn by the crate (not in nnlearn_book::contents::figures) and names no command",
                    image.line, image.target
                )),
            }
        }
    }
    report(problems);
}

#[test]
fn every_command_shown_in_the_book_parses() {
    let mut problems = Vec::new();
    for (name, text) in chapters() {
        for fence in booksrc::fences(&text).into_iter().filter(|f| f.language() == "console") {
            for (i, line) in fence.body.lines().enumerate() {
                let command = line.trim().trim_start_matches("$ ");
                let Some(args) = command
                    .strip_prefix("cargo run --release -- ")
                    .or_else(|| command.strip_prefix("cargo run -- "))
                else {
                    continue;
                };
                let argv = std::iter::once("nnlearn").chain(args.split_whitespace());
                if let Err(e) = nnlearn_book::cli::Cli::try_parse_args(argv) {
                    problems.push(format!(
                        "book/{name}:{}: `{command}` is not a valid command: {}",
                        fence.line + 1 + i,
                        e.to_string().lines().next().unwrap_or_default()
                    ));
                }
            }
        }
        // Commands quoted inline in the text: `cargo run -- ...` or <code>cargo run -- ...</code>
        for (i, line) in text.lines().enumerate() {
            let in_backticks = line.split('`').skip(1).step_by(2);
            let in_code_tags = line
                .split("<code>")
                .skip(1)
                .filter_map(|rest| rest.split_once("</code>").map(|(code, _)| code));
            for piece in in_backticks.chain(in_code_tags) {
                let Some(args) = piece
                    .strip_prefix("cargo run --release -- ")
                    .or_else(|| piece.strip_prefix("cargo run -- "))
                else {
                    continue;
                };
                let argv = std::iter::once("nnlearn").chain(args.split_whitespace());
                if let Err(e) = nnlearn_book::cli::Cli::try_parse_args(argv) {
                    problems.push(format!(
                        "book/{name}:{}: `{piece}` is not a valid command: {}",
                        i + 1,
                        e.to_string().lines().next().unwrap_or_default()
                    ));
                }
            }
        }
    }
    report(problems);
}

/// The id of each chapter's listings, from `SUMMARY.md`: the number of a
/// numbered chapter (`- [..](..)`), the letter of an appendix (`Appendix A: ..`),
/// else the first letter of the title (`Rust and ndarray ..` gives `R`).
fn listing_ids() -> HashMap<String, String> {
    let summary = fs::read_to_string(book_dir().join("SUMMARY.md")).unwrap();
    let mut number = 0;
    let mut ids = HashMap::new();
    for line in summary.lines() {
        let Some(link) = booksrc::links(line).into_iter().find(|l| l.target.ends_with(".md"))
        else {
            continue;
        };
        let id = if line.trim_start().starts_with("- [") {
            number += 1;
            number.to_string()
        } else if let Some(rest) = link.text.strip_prefix("Appendix ") {
            rest.chars().next().unwrap_or('?').to_string()
        } else {
            link.text.chars().next().unwrap_or('?').to_string()
        };
        ids.insert(link.target.clone(), id);
    }
    ids
}

/// Every Rust block of a chapter, outside its exercises, is a listing: the line
/// before it is its caption, `**Listing <id>-<n>.** <what>, in `<file>`.`, with
/// the listings of a chapter numbered 1, 2, 3 ... in order, and the caption of an
/// included listing naming the file it comes from.
#[test]
fn every_listing_is_numbered_and_captioned_in_order() {
    let ids = listing_ids();
    let mut problems = Vec::new();
    for (name, text) in chapters() {
        let id = &ids[&name];
        let lines: Vec<&str> = text.lines().collect();
        let exercises_start =
            lines.iter().position(|l| l.trim() == "## Exercises").unwrap_or(lines.len());
        let mut expected = 1;
        for fence in booksrc::fences(&text).into_iter().filter(|f| f.language() == "rust") {
            if fence.line > exercises_start {
                continue;
            }
            let at = format!("book/{name}:{}", fence.line);
            let caption = lines[..fence.line - 1]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .copied()
                .unwrap_or("");
            let prefix = format!("**Listing {id}-{expected}.** ");
            let Some(what) = caption.strip_prefix(&prefix) else {
                problems.push(format!("{at}: the line before this Rust block must be its caption, starting `{prefix}`; found `{caption}`"));
                expected += 1;
                continue;
            };
            for include in booksrc::includes(&fence.body) {
                let file = include.path.trim_start_matches("../");
                if !what.contains(&format!("`{file}`")) {
                    problems.push(format!(
                        "{at}: the caption of Listing {id}-{expected} must name its file `{file}`"
                    ));
                }
            }
            expected += 1;
        }
    }
    report(problems);
}
