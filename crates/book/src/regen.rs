//! The files of the book that the code writes: every figure, in every language
//! (`book/figures/`, `book/figures/zh-CN/`), and the output of every listing
//! (`book/outputs/`), and the answers of the chapters' questions (`book/quiz/`).
//!
//! [`regenerate`] rewrites them (`cargo run -- regen`); [`stale`] lists those that
//! differ from what the code produces now (`cargo test` fails on any). The
//! served book (`scripts/serve`) writes the same files, from the same [`items`],
//! into its own copy of the book instead ([`crate::live`]).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::figure::Figure;
use crate::listing::Listing;
use crate::plot::Lang;
use crate::{contents, layout};

/// One generated file: its path relative to the book folder, and its content now.
pub struct Generated {
    pub path: String,
    pub content: String,
}

/// One file that the code generates for the book, not yet produced.
#[derive(Clone, Copy)]
pub enum Item {
    /// A figure, with the labels of one language.
    Figure(Figure, Lang),
    /// The numbers a figure draws, as CSV, named in one language.
    FigureData(Figure, Lang),
    Listing(Listing),
}

impl Item {
    /// Its path relative to the book folder.
    pub fn path(&self) -> String {
        match self {
            Item::Figure(f, lang) => layout::figure_file_in(f.name, *lang),
            Item::FigureData(f, lang) => layout::figure_data_file_in(f.name, *lang),
            Item::Listing(l) => layout::output_file(l.name),
        }
    }

    /// `figure <name>` or `listing <name>`, for messages.
    pub fn describe(&self) -> String {
        match self {
            Item::Figure(f, Lang::En) => format!("figure {}", f.name),
            Item::Figure(f, lang) => format!("figure {} ({})", f.name, lang.code()),
            Item::FigureData(f, Lang::En) => format!("the data of figure {}", f.name),
            Item::FigureData(f, lang) => format!("the data of figure {} ({})", f.name, lang.code()),
            Item::Listing(l) => format!("listing {}", l.name),
        }
    }

    /// Runs the code that produces it.
    pub fn produce(&self) -> Result<String> {
        match self {
            Item::Figure(f, lang) => f.draw_in(*lang),
            Item::FigureData(f, lang) => f.data_in(*lang),
            Item::Listing(l) => l.output(),
        }
    }
}

/// Every file the code generates for the book: the figures in every language,
/// then the listings' outputs.
pub fn items() -> Vec<Item> {
    let figures = contents::figures().into_iter().flat_map(|f| {
        let data = !crate::figure_data::DIAGRAMS.contains(&f.name);
        Lang::ALL.into_iter().flat_map(move |lang| {
            std::iter::once(Item::Figure(f, lang)).chain(data.then_some(Item::FigureData(f, lang)))
        })
    });
    figures.chain(contents::listings().into_iter().map(Item::Listing)).collect()
}

/// Everything the code generates for the book, freshly produced.
pub fn produce_all() -> Result<Vec<Generated>> {
    let mut out = Vec::new();
    for item in items() {
        let content = item.produce().with_context(|| item.describe())?;
        out.push(Generated { path: item.path(), content });
    }
    Ok(out)
}

/// What [`regenerate`] did to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Created(String),
    Updated(String),
}

/// Writes every generated file whose content changed; returns what it wrote.
/// The questions' answers (`book/quiz/`) are read from the outputs, so they are
/// written last, from the outputs just written.
pub fn regenerate(book: &Path) -> Result<Vec<Change>> {
    let mut changes = write_changed(book, produce_all()?)?;
    let quizzes = crate::quiz::produce_all(book)?;
    let quizzes = quizzes.into_iter().map(|(path, content)| Generated { path, content });
    changes.extend(write_changed(book, quizzes.collect())?);
    Ok(changes)
}

fn write_changed(book: &Path, generated: Vec<Generated>) -> Result<Vec<Change>> {
    let mut changes = Vec::new();
    for g in generated {
        let file = book.join(&g.path);
        let old = fs::read_to_string(&file).ok();
        if old.as_deref() == Some(g.content.as_str()) {
            continue;
        }
        crate::atomic_file::write_file(&file, &g.content)?;
        changes.push(match old {
            None => Change::Created(g.path),
            Some(_) => Change::Updated(g.path),
        });
    }
    Ok(changes)
}

/// The generated files that are missing from `book` or differ from what the code
/// produces now, each with a one-line reason.
pub fn stale(book: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let quizzes = crate::quiz::produce_all(book)?;
    let quizzes = quizzes.into_iter().map(|(path, content)| Generated { path, content });
    for g in produce_all()?.into_iter().chain(quizzes) {
        let file = book.join(&g.path);
        match fs::read_to_string(&file) {
            Err(_) => out.push(format!("book/{} is missing", g.path)),
            Ok(old) if old != g.content => out.push(format!(
                "book/{} differs from what the code produces now{}",
                g.path,
                first_difference(&old, &g.content)
            )),
            Ok(_) => {}
        }
    }
    Ok(out)
}

/// ": line N: committed `a`, now `b`" for the first differing line.
fn first_difference(old: &str, new: &str) -> String {
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    for n in 1.. {
        match (old_lines.next(), new_lines.next()) {
            (None, None) => return String::new(),
            (a, b) if a != b => {
                let cut = |s: Option<&str>| {
                    let s = s.unwrap_or("<end of file>");
                    s.chars().take(100).collect::<String>()
                };
                return format!(": line {n}: committed `{}`, now `{}`", cut(a), cut(b));
            }
            _ => {}
        }
    }
    unreachable!()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_difference_is_named() {
        assert_eq!(first_difference("a\nb\n", "a\nc\n"), ": line 2: committed `b`, now `c`");
        assert_eq!(
            first_difference("a\n", "a\nb\n"),
            ": line 2: committed `<end of file>`, now `b`"
        );
    }
}
