//! `booki18n`: the Chinese edition's machinery (see po/README.md).
//!
//! - `booki18n protect` / `booki18n restore`: the two mdBook preprocessors around
//!   mdbook-gettext that keep every formula's TeX intact (see `guard.rs`); restore
//!   also translates the few labels that sit in HTML blocks (`labels.rs`) and, in
//!   a translation, gives back the `*` emphasis that gettext writes as `_`
//!   (`han_emphasis.rs`);
//! - `booki18n catalogue <extracted.pot> <messages.pot>`: the message catalogue,
//!   without the code that mdbook-xgettext extracts from code blocks;
//! - `booki18n check <messages.pot> <lang.po>`: the counts, and a failure naming
//!   every untranslated, fuzzy, left-over or damaged message;
//! - `booki18n identity <messages.pot> <out.po>`: the translation that changes
//!   nothing (msgstr = msgid), to test the build pipeline with;
//! - `booki18n same-pages <dir> <dir>` and `booki18n editions <en-dir> <zh-dir>`:
//!   comparisons of built books (see `compare.rs`).
#![forbid(unsafe_code)]

mod catalogue;
mod check;
mod comments;
mod compare;
mod guard;
mod han_emphasis;
mod labels;
mod po;
mod preprocess;
mod style;
mod tools;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

/// The command line (clap): book.toml and `cargo xtask` (xtask/src/i18n.rs) call it.
#[derive(Parser, Debug, PartialEq)]
#[command(
    name = "booki18n",
    about = "The Chinese edition's machinery (see po/README.md)",
    after_help = "Paths in the catalogue's references are relative to the current directory (the\n\
                  repository root). Exit status: 0 fine, 1 problems found (each one named), 2 bad usage."
)]
enum Cli {
    /// mdBook preprocessor: formulas' TeX kept out of reach of gettext (see book.toml)
    Protect {
        #[command(subcommand)]
        supports: Option<Supports>,
    },
    /// mdBook preprocessor: the TeX put back, and the labels of HTML blocks translated
    Restore {
        #[command(subcommand)]
        supports: Option<Supports>,
    },
    /// mdBook preprocessor: the comments of the shown code translated
    Comments {
        #[command(subcommand)]
        supports: Option<Supports>,
    },
    /// The message catalogue, without the code that mdbook-xgettext extracts
    Catalogue {
        #[arg(value_name = "extracted.pot")]
        extracted: String,
        #[arg(value_name = "messages.pot")]
        out: String,
    },
    /// The counts, and a failure naming every untranslated, fuzzy, left-over or damaged message
    Check {
        #[arg(value_name = "messages.pot")]
        pot: String,
        #[arg(value_name = "lang.po")]
        po: String,
    },
    /// The translation that changes nothing (msgstr = msgid)
    Identity {
        #[arg(value_name = "messages.pot")]
        pot: String,
        #[arg(value_name = "out.po")]
        out: String,
    },
    /// Every page of the first build is in the second, the same up to white space
    SamePages {
        #[arg(value_name = "build-dir")]
        a: String,
        #[arg(value_name = "build-dir")]
        b: String,
    },
    /// The translated edition checked against the English one, page by page
    Editions {
        #[arg(value_name = "english-build-dir")]
        english: String,
        #[arg(value_name = "translated-build-dir")]
        translated: String,
    },
}

/// mdBook's question to a preprocessor: `<cmd> supports <renderer>`.
#[derive(clap::Subcommand, Debug, PartialEq)]
enum Supports {
    Supports { renderer: String },
}

fn read(path: &str) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {path}"))
}

/// The entries of the PO or POT file at `path`; a mistake in it is named with
/// the file and the line (`po::ParseError`).
fn read_po(path: &str) -> anyhow::Result<Vec<po::Entry>> {
    po::parse(&read(path)?).with_context(|| path.to_string())
}

fn write(path: &str, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = Path::new(path).parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {path}"))
}

/// Prints the problems; `Ok(false)` if there were any.
fn report(what: &str, problems: &[String]) -> bool {
    for p in problems {
        eprintln!("error: {p}");
    }
    if problems.is_empty() {
        true
    } else {
        eprintln!("{what}: {} problem(s)", problems.len());
        false
    }
}

fn run(cli: Cli) -> anyhow::Result<bool> {
    match cli {
        Cli::Protect { supports } => {
            // The first preprocessor of every build: if the pinned ones that follow
            // are not on PATH (a reader's own `mdbook serve`), say what to run.
            if supports.is_none() {
                let path = std::env::var_os("PATH").unwrap_or_default();
                let repo = std::env::current_dir().unwrap_or_default();
                if let Some(message) = tools::missing(&path, &repo) {
                    anyhow::bail!(message);
                }
            }
            preprocess::run(supports.is_some(), &|md, _| Ok(guard::protect(md)?)).map(|()| true)
        }
        Cli::Comments { supports } => {
            // After `links`: the chapter's code is there, and its comments are
            // translated from the edition's catalogue (the English is left as it is).
            let table = std::cell::OnceCell::new();
            let translate = |md: &str, lang: &str| -> anyhow::Result<String> {
                if lang == "en" {
                    return Ok(md.to_string());
                }
                let table = match table.get() {
                    Some(t) => t,
                    None => {
                        let entries = read_po(&format!("po/{lang}.po"))?;
                        let t: std::collections::HashMap<String, String> = entries
                            .into_iter()
                            .filter(|e| !e.obsolete && !e.is_fuzzy())
                            .map(|e| (e.msgid, e.msgstr))
                            .collect();
                        table.get_or_init(|| t)
                    }
                };
                Ok(comments::translate_chapter(md, table))
            };
            preprocess::run(supports.is_some(), &translate).map(|()| true)
        }
        Cli::Restore { supports } => {
            // The Chinese edition's emphasis back to `*` first, while the formulas
            // are still code spans (han_emphasis.rs).
            let restore = |md: &str, lang: &str| {
                let md = if lang == "en" { md.to_string() } else { han_emphasis::stars(md) };
                Ok(labels::translate(&guard::restore(&md), lang))
            };
            preprocess::run(supports.is_some(), &restore).map(|()| true)
        }
        Cli::Catalogue { extracted, out: path } => {
            let (mut out, s) = catalogue::filter(&read(&extracted)?, Path::new("."))
                .with_context(|| format!("filtering {extracted}"))?;
            // The comments of the shown code, which mdbook-xgettext never sees (the
            // includes are expanded after translation).
            let known = po::parse(&out)
                .context("the filtered catalogue")?
                .into_iter()
                .map(|e| e.msgid)
                .collect();
            let code = comments::catalogue_entries(Path::new("."), &known)?;
            let n = code.matches("\nmsgid ").count();
            out.push_str(&code);
            write(&path, &out)?;
            println!("{path}: {n} comments of the code shown");
            println!(
                "{path}: {} messages ({} code comments or strings and {} include lines left out: shared by both editions)",
                s.kept, s.code, s.includes
            );
            Ok(true)
        }
        Cli::Check { pot: pot_path, po: po_path } => {
            let (pot, po) = (read_po(&pot_path)?, read_po(&po_path)?);
            let (c, mut problems) = check::check(&pot, &po);
            // The table of terms lives beside the catalogue, in its README.
            let readme = std::path::Path::new(&po_path).with_file_name("README.md");
            let terms = style::terms(&read(readme.to_str().unwrap_or("README.md"))?);
            problems.extend(style::check(&po, &terms));
            println!(
                "{po_path}: {} translated, {} untranslated, {} fuzzy",
                c.translated, c.untranslated, c.fuzzy
            );
            Ok(report(&po_path, &problems))
        }
        Cli::Identity { pot, out: path } => {
            let pot = read_po(&pot)?;
            let mut out = String::new();
            if let Some(header) = pot.iter().find(|e| e.msgid.is_empty()) {
                out.push_str(&header.raw);
                out.push('\n');
            }
            for e in pot.iter().filter(|e| !e.msgid.is_empty()) {
                out.push_str(&po::quote("msgid", &e.msgid));
                out.push_str(&po::quote("msgstr", &e.msgid));
                out.push('\n');
            }
            write(&path, &out)?;
            Ok(true)
        }
        Cli::SamePages { a, b } => {
            let problems = compare::same_pages(Path::new(&a), Path::new(&b))?;
            Ok(report("same-pages", &problems))
        }
        Cli::Editions { english, translated } => {
            let problems = compare::editions(Path::new(&english), Path::new(&translated))?;
            Ok(report("editions", &problems))
        }
    }
}

fn main() -> ExitCode {
    // A bad command line: clap names what is wrong, with the usage, and exits with 2.
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // The whole chain on one line: the file or chapter, then the line and
            // what is wrong in it (mdBook shows it as the preprocessor's failure).
            eprintln!("booki18n: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn cli(line: &str) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(line.split(' '))
    }

    /// What book.toml, mdBook and `cargo xtask` send, word for word.
    #[test]
    fn the_callers_command_lines_parse() {
        Cli::command().debug_assert();
        assert_eq!(cli("booki18n protect").unwrap(), Cli::Protect { supports: None });
        let supports = Some(Supports::Supports { renderer: "html".to_string() });
        assert_eq!(cli("booki18n protect supports html").unwrap(), Cli::Protect { supports });
        assert_eq!(cli("booki18n restore").unwrap(), Cli::Restore { supports: None });
        assert_eq!(cli("booki18n comments").unwrap(), Cli::Comments { supports: None });
        assert_eq!(
            cli("booki18n catalogue a.pot b.pot").unwrap(),
            Cli::Catalogue { extracted: "a.pot".into(), out: "b.pot".into() }
        );
        assert_eq!(
            cli("booki18n check m.pot po/zh-CN.po").unwrap(),
            Cli::Check { pot: "m.pot".into(), po: "po/zh-CN.po".into() }
        );
        assert_eq!(
            cli("booki18n identity m.pot en.po").unwrap(),
            Cli::Identity { pot: "m.pot".into(), out: "en.po".into() }
        );
        assert_eq!(
            cli("booki18n same-pages a b").unwrap(),
            Cli::SamePages { a: "a".into(), b: "b".into() }
        );
        assert_eq!(
            cli("booki18n editions a b").unwrap(),
            Cli::Editions { english: "a".into(), translated: "b".into() }
        );
        for bad in [
            "booki18n",
            "booki18n translate",
            "booki18n check m.pot",
            "booki18n protect supports",
            "booki18n editions a b c",
        ] {
            assert_eq!(cli(bad).expect_err(bad).exit_code(), 2, "{bad}");
        }
    }
}
