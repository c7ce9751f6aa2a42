//! The translated editions (see po/README.md): `po/<lang>.po`, built beside the
//! English into `<lang>/` of the site. [`TRANSLATIONS`] is the language list's
//! one home.

use std::path::{Path, PathBuf};

use crate::mdbook::{Build, BuildError};

/// Each translation, as the name of its `po/<lang>.po` and of its folder.
pub const TRANSLATIONS: [&str; 1] = ["zh-CN"];

/// The edition's title and description (`book.toml` holds the English ones), as
/// mdBook's environment configuration.
pub fn edition_config(lang: &str) -> Vec<(String, String)> {
    let (title, description) = match lang {
        "zh-CN" => (
            "神经网络如何学习：用 Rust 实现",
            "《深度学习入门》中“神经网络的学习”一章，用 Rust 重写：每段代码都由 cargo test 编译运行，每个数字和每张图都由代码生成。",
        ),
        _ => return Vec::new(),
    };
    vec![
        ("MDBOOK_BOOK__TITLE".into(), title.into()),
        ("MDBOOK_BOOK__DESCRIPTION".into(), description.into()),
    ]
}

/// How to build an edition.
pub struct Translation<'a> {
    pub repo: &'a Path,
    /// The folder of the `book.toml` to build (the repository, or the live book's copy).
    pub book_root: &'a Path,
    pub lang: &'a str,
    /// Where its pages go (`target/site/<lang>`).
    pub dest: &'a Path,
    /// Where its logs go (`<lang>-html.log`, `<lang>-md.log`).
    pub logs: &'a Path,
    /// Also its translated markdown, into this folder (the sources that
    /// bookcheck compares the pages with); the live book needs only the pages.
    pub markdown: Option<PathBuf>,
}

impl Translation<'_> {
    /// mdBook's configuration of this edition's pages.
    pub fn html_env(&self) -> Vec<(String, String)> {
        let mut env = vec![("MDBOOK_BOOK__LANGUAGE".to_string(), self.lang.to_string())];
        env.extend(edition_config(self.lang));
        env.push(("MDBOOK_OUTPUT__HTML__SITE_URL".into(), format!("/{}/", self.lang)));
        env.push(("MDBOOK_OUTPUT__HTML__SEARCH__USE_BOOLEAN_AND".into(), "true".into()));
        env
    }

    /// Builds the pages, then (if asked) the translated markdown with the
    /// English `SUMMARY.md` beside it.
    pub fn build(&self) -> Result<(), BuildError> {
        Build {
            repo: self.repo,
            book_root: self.book_root,
            dest: self.dest,
            env: self.html_env(),
            log_file: Some(self.logs.join(format!("{}-html.log", self.lang))),
        }
        .run()?;
        // mdBook's own interface (menu, search bar, help, navigation) in the
        // edition's language, in the HTML itself (interface.rs).
        crate::interface::translate_edition(self.dest, self.lang).map_err(|e| BuildError {
            summary: format!("translating mdBook's interface: {e}"),
            problems: vec![],
            log: String::new(),
            log_file: None,
            pages_built: true,
        })?;
        let Some(md) = &self.markdown else { return Ok(()) };
        let _ = std::fs::remove_dir_all(md);
        Build {
            repo: self.repo,
            book_root: self.book_root,
            dest: md,
            env: vec![
                ("MDBOOK_BOOK__LANGUAGE".into(), self.lang.into()),
                ("MDBOOK_OUTPUT".into(), r#"{"markdown": {}}"#.into()),
            ],
            log_file: Some(self.logs.join(format!("{}-md.log", self.lang))),
        }
        .run()?;
        let summary = self.book_root.join("book").join("SUMMARY.md");
        std::fs::copy(&summary, md.join("SUMMARY.md")).map_err(|e| BuildError {
            summary: format!("copying {}: {e}", summary.display()),
            problems: vec![],
            log: String::new(),
            log_file: None,
            pages_built: false,
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_translation_has_a_catalogue_and_a_title() {
        for lang in TRANSLATIONS {
            assert!(crate::repo().join("po").join(format!("{lang}.po")).is_file(), "{lang}");
            assert_eq!(edition_config(lang).len(), 2, "{lang}");
        }
        assert!(edition_config("xx").is_empty());
    }

    #[test]
    fn an_edition_is_published_under_its_language() {
        let t = Translation {
            repo: Path::new("r"),
            book_root: Path::new("r"),
            lang: "zh-CN",
            dest: Path::new("d"),
            logs: Path::new("l"),
            markdown: None,
        };
        let env = t.html_env();
        assert!(env.contains(&("MDBOOK_OUTPUT__HTML__SITE_URL".into(), "/zh-CN/".into())));
        assert!(env.contains(&("MDBOOK_BOOK__LANGUAGE".into(), "zh-CN".into())));
    }
}
