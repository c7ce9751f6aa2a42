//! What the book's sources say each built page should hold: which markdown file a
//! page comes from and how many formulas mdbook-katex renders in it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::report::{Kind, Report};

/// The formulas the sources of one page hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FormulaCount {
    pub inline: usize,
    pub display: usize,
}

impl FormulaCount {
    pub fn total(self) -> usize {
        self.inline + self.display
    }
}

impl std::ops::AddAssign for FormulaCount {
    fn add_assign(&mut self, o: Self) {
        self.inline += o.inline;
        self.display += o.display;
    }
}

/// A chapter of `SUMMARY.md` and the page built from it.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The markdown file, relative to the source folder (`loss-functions.md`).
    pub source: PathBuf,
    /// The built page, relative to the build dir, with `/` (`loss-functions.html`).
    pub page: String,
    /// `None` when the source could not be read or scanned (reported).
    pub formulas: Option<FormulaCount>,
}

/// The book as its sources describe it.
#[derive(Debug, Clone)]
pub struct Book {
    pub src: PathBuf,
    pub chapters: Vec<Chapter>,
}

/// The page mdBook builds from a chapter file: `a/b.md` -> `a/b.html`,
/// `README.md` -> `index.html`.
pub fn page_of(source: &Path) -> String {
    let mut p = source.to_path_buf();
    if p.file_name().is_some_and(|n| n == "README.md") {
        p.set_file_name("index.md");
    }
    p.set_extension("html");
    p.to_string_lossy().replace('\\', "/")
}

impl Book {
    /// Reads `SUMMARY.md` and every chapter under `src`, counting each chapter's
    /// formulas after its includes are expanded (what mdbook-katex sees).
    pub fn load(src: &Path, report: &mut Report) -> Book {
        let summary_path = src.join("SUMMARY.md");
        let summary = match std::fs::read_to_string(&summary_path) {
            Ok(s) => s,
            Err(e) => {
                report.error(
                    Kind::Source,
                    summary_path.display().to_string(),
                    format!("cannot read the book's SUMMARY.md ({e}); pass --book-src DIR"),
                );
                return Book { src: src.to_path_buf(), chapters: Vec::new() };
            }
        };
        let mut chapters = Vec::new();
        for c in booksrc::summary_chapters(&summary) {
            let file = src.join(&c.path);
            let shown = file.display().to_string();
            let formulas = match std::fs::read_to_string(&file) {
                Err(e) => {
                    report.error(Kind::Source, &shown, format!("cannot read: {e}"));
                    None
                }
                Ok(md) => {
                    let dir = file.parent().unwrap_or(src);
                    match booksrc::expand_includes(dir, &md) {
                        Err(errors) => {
                            for (line, e) in errors {
                                report.error(
                                    Kind::Source,
                                    format!("{shown}:{line}"),
                                    e.to_string(),
                                );
                            }
                            None
                        }
                        Ok(expanded) => match booksrc::formulas(&expanded) {
                            Err(u) => {
                                report.error(
                                    Kind::Source,
                                    &shown,
                                    format!(
                                        "unclosed {} on line {} of the expanded chapter: \
                                         mdbook-katex leaves it, and the rest of the page, \
                                         unrendered",
                                        if u.display { "$$" } else { "$" },
                                        u.line
                                    ),
                                );
                                None
                            }
                            Ok(fs) => {
                                let display = fs.iter().filter(|f| f.display).count();
                                Some(FormulaCount { inline: fs.len() - display, display })
                            }
                        },
                    }
                }
            };
            chapters.push(Chapter { page: page_of(&c.path), source: c.path, formulas });
        }
        if chapters.is_empty() {
            report.error(
                Kind::Source,
                summary_path.display().to_string(),
                "SUMMARY.md lists no chapter",
            );
        }
        Book { src: src.to_path_buf(), chapters }
    }

    /// The formulas each page should show: every chapter page, `index.html` (a copy
    /// of the first chapter, unless a chapter is `README.md`) and `print.html` (all
    /// chapters). `None` where a source could not be scanned.
    pub fn expected_formulas(&self) -> BTreeMap<String, Option<FormulaCount>> {
        let mut out = BTreeMap::new();
        for c in &self.chapters {
            out.insert(c.page.clone(), c.formulas);
        }
        if let Some(first) = self.chapters.first() {
            out.entry("index.html".to_string()).or_insert(first.formulas);
        }
        let mut all = Some(FormulaCount::default());
        for c in &self.chapters {
            all = match (all, c.formulas) {
                (Some(mut a), Some(f)) => {
                    a += f;
                    Some(a)
                }
                _ => None,
            };
        }
        out.insert("print.html".to_string(), all);
        out
    }

    /// The pages the browser visits: `index.html`, every chapter, `print.html`.
    pub fn pages(&self) -> Vec<String> {
        let mut pages = vec!["index.html".to_string()];
        for c in &self.chapters {
            if !pages.contains(&c.page) {
                pages.push(c.page.clone());
            }
        }
        pages.push("print.html".to_string());
        pages
    }

    /// The source file a page is built from (`index.html` is the first chapter).
    pub fn source_of(&self, page: &str) -> Option<PathBuf> {
        self.chapters
            .iter()
            .find(|c| c.page == page)
            .or_else(|| self.chapters.first().filter(|_| page == "index.html"))
            .map(|c| self.src.join(&c.source))
    }

    /// Whether a page is a chapter (not the index copy nor the print page).
    pub fn is_chapter(&self, page: &str) -> bool {
        self.chapters.iter().any(|c| c.page == page)
    }
}

#[cfg(test)]
mod tests {
    use super::page_of;
    use std::path::Path;

    #[test]
    fn pages_of_chapters() {
        assert_eq!(page_of(Path::new("loss-functions.md")), "loss-functions.html");
        assert_eq!(page_of(Path::new("a/b.md")), "a/b.html");
        assert_eq!(page_of(Path::new("README.md")), "index.html");
    }
}
