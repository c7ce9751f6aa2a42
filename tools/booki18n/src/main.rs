//! `booki18n`: the Chinese edition's machinery (see po/README.md).
//!
//! - `booki18n protect` / `booki18n restore`: the two mdBook preprocessors around
//!   mdbook-gettext that keep every formula's TeX intact (see `guard.rs`); restore
//!   also translates the few labels that sit in HTML blocks (`labels.rs`);
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
mod labels;
mod po;
mod preprocess;
mod style;
mod tools;

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  booki18n protect | restore | comments      (mdBook preprocessors, see book.toml)
  booki18n catalogue <extracted.pot> <messages.pot>
  booki18n check <messages.pot> <lang.po>
  booki18n identity <messages.pot> <out.po>
  booki18n same-pages <build-dir> <build-dir>
  booki18n editions <english-build-dir> <translated-build-dir>

Paths in the catalogue's references are relative to the current directory (the
repository root). Exit status: 0 fine, 1 problems found (each one named), 2 bad usage.";

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, text: &str) -> Result<(), String> {
    if let Some(dir) = Path::new(path).parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{path}: {e}"))
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

fn run(args: &[String]) -> Result<bool, String> {
    let arg = |i: usize| args.get(i).map(String::as_str).ok_or_else(|| USAGE.to_string());
    match arg(0)? {
        "protect" => {
            // The first preprocessor of every build: if the pinned ones that follow
            // are not on PATH (a reader's own `mdbook serve`), say what to run.
            if args.get(1).map(String::as_str) != Some("supports") {
                let path = std::env::var_os("PATH").unwrap_or_default();
                let repo = std::env::current_dir().unwrap_or_default();
                if let Some(message) = tools::missing(&path, &repo) {
                    return Err(message);
                }
            }
            preprocess::run(&args[1..], &|md, _| guard::protect(md)).map(|()| true)
        }
        "comments" => {
            // After `links`: the chapter's code is there, and its comments are
            // translated from the edition's catalogue (the English is left as it is).
            let table = std::cell::OnceCell::new();
            let translate = |md: &str, lang: &str| -> Result<String, String> {
                if lang == "en" {
                    return Ok(md.to_string());
                }
                let table = match table.get() {
                    Some(t) => t,
                    None => {
                        let path = format!("po/{lang}.po");
                        let entries = po::parse(&read(&path)?)?;
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
            preprocess::run(&args[1..], &translate).map(|()| true)
        }
        "restore" => {
            let restore = |md: &str, lang: &str| Ok(labels::translate(&guard::restore(md), lang));
            preprocess::run(&args[1..], &restore).map(|()| true)
        }
        "catalogue" => {
            let (mut out, s) = catalogue::filter(&read(arg(1)?)?, Path::new("."))?;
            // The comments of the shown code, which mdbook-xgettext never sees (the
            // includes are expanded after translation).
            let known = po::parse(&out)?.into_iter().map(|e| e.msgid).collect();
            let code = comments::catalogue_entries(Path::new("."), &known)?;
            let n = code.matches("\nmsgid ").count();
            out.push_str(&code);
            write(arg(2)?, &out)?;
            println!("{}: {n} comments of the code shown", arg(2)?);
            println!(
                "{}: {} messages ({} code comments or strings and {} include lines left out: shared by both editions)",
                arg(2)?,
                s.kept,
                s.code,
                s.includes
            );
            Ok(true)
        }
        "check" => {
            let pot =
                po::parse(&read(arg(1)?)?).map_err(|e| format!("{}: {e}", arg(1).unwrap_or("")))?;
            let po =
                po::parse(&read(arg(2)?)?).map_err(|e| format!("{}: {e}", arg(2).unwrap_or("")))?;
            let (c, mut problems) = check::check(&pot, &po);
            // The table of terms lives beside the catalogue, in its README.
            let readme = std::path::Path::new(arg(2)?).with_file_name("README.md");
            let terms = style::terms(&read(readme.to_str().unwrap_or("README.md"))?);
            problems.extend(style::check(&po, &terms));
            println!(
                "{}: {} translated, {} untranslated, {} fuzzy",
                arg(2)?,
                c.translated,
                c.untranslated,
                c.fuzzy
            );
            Ok(report(arg(2)?, &problems))
        }
        "identity" => {
            let pot = po::parse(&read(arg(1)?)?)?;
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
            write(arg(2)?, &out)?;
            Ok(true)
        }
        "same-pages" => {
            let problems = compare::same_pages(Path::new(arg(1)?), Path::new(arg(2)?))?;
            Ok(report("same-pages", &problems))
        }
        "editions" => {
            let problems = compare::editions(Path::new(arg(1)?), Path::new(arg(2)?))?;
            Ok(report("editions", &problems))
        }
        other => Err(format!("unknown subcommand `{other}`\n{USAGE}")),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("booki18n: {e}");
            ExitCode::from(2)
        }
    }
}
