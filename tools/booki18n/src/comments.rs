//! The comments of the Rust a reader sees, translated like the prose: one source.
//!
//! The code of the book is the crate's code, included into the chapters by
//! `{{#include}}` after translation, so gettext never sees it. This module finds, in
//! each Rust block of a chapter with its includes expanded, every comment a reader
//! sees (a run of `//`, `///` or `//!` lines with the same indentation, or the
//! comment at the end of a line of code) and the message of every `todo!("…")` of
//! an exercise's starter. [`messages`] gives them to the catalogue (so that
//! `scripts/i18n-update` names a changed comment as fuzzy and `booki18n check`
//! fails on one left untranslated), and [`translate_chapter`] puts their
//! translations into the Chinese pages at build time (the `comments` preprocessor,
//! after `links`). Lines hidden from the reader (`# ` in a Rust block) are left
//! alone.

use std::collections::HashMap;

use anyhow::Context;

/// One thing a reader sees in a Rust block that is words, not code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// First and last line of the block that it spans (0-based, inclusive).
    pub first: usize,
    pub last: usize,
    /// The text, its lines joined with single spaces: the message.
    pub text: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Whole lines: `indent` `marker` ` text`.
    Lines { indent: String, marker: &'static str, width: usize },
    /// The end of one line of code, after its `//`.
    Trailing,
    /// The message of `todo!("…")` on one line, between bytes `from` and `to`.
    Todo { from: usize, to: usize },
}

/// Where a `//` comment starts in a line of Rust, outside string and character
/// literals (raw strings included).
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => return Some(i),
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'r' if (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'))
                && matches!(b.get(i + 1), Some(b'"') | Some(b'#')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let from = i + 2 + hashes;
                match line[from..].find(&close) {
                    Some(k) => i = from + k + close.len() - 1,
                    None => return None,
                }
            }
            b'\'' => {
                // A character literal ('x', '\n', '\''), or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    if let Some(k) = line[i + 2..].find('\'') {
                        i += 2 + k;
                    }
                } else if let Some(c) = line[i + 1..].chars().next()
                    && line[i + 1 + c.len_utf8()..].starts_with('\'')
                {
                    i += c.len_utf8() + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether mdBook hides this line of a Rust block from the reader (`# code`).
fn hidden(line: &str) -> bool {
    let t = line.trim_start();
    t == "#" || t.starts_with("# ")
}

/// The marker and text of a whole-line comment.
fn line_comment(line: &str) -> Option<(String, &'static str, &str)> {
    let t = line.trim_start();
    let indent = line[..line.len() - t.len()].to_string();
    for marker in ["///", "//!", "//"] {
        if let Some(rest) = t.strip_prefix(marker) {
            if marker == "//" && rest.starts_with('/') {
                continue;
            }
            return Some((indent, marker, rest.strip_prefix(' ').unwrap_or(rest)));
        }
    }
    None
}

/// The `todo!("…")` message of a line: its byte range.
fn todo_message(line: &str) -> Option<(usize, usize)> {
    let p = line.find("todo!(\"")?;
    let from = p + "todo!(\"".len();
    let b = line.as_bytes();
    let mut i = from;
    while i < b.len() && b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    (i < b.len() && i > from).then_some((from, i))
}

/// A Rust block without its comments and `todo!` messages: the code itself, which
/// both editions share.
pub fn code_only(code: &str) -> String {
    let mut out = Vec::new();
    for line in code.lines() {
        if line_comment(line).is_some() {
            continue;
        }
        let mut l = line.to_string();
        if let Some((from, to)) = todo_message(&l) {
            l.replace_range(from..to, "…");
        }
        if let Some(at) = comment_start(&l) {
            l.truncate(at);
        }
        if !l.trim().is_empty() {
            out.push(l.trim_end().to_string());
        }
    }
    out.join("\n")
}

/// Whether a comment is words for the reader, to be translated, rather than code
/// (`np.zeros((2, 3))`, `x.shape`, the NumPy a line stands for): at least two
/// words of letters outside backticks.
pub fn is_prose(text: &str) -> bool {
    let (mut in_code, mut words, mut code) = (false, 0, 0);
    for token in text.split_whitespace() {
        let ticks = token.matches('`').count();
        let was = in_code;
        if ticks % 2 == 1 {
            in_code = !in_code;
        }
        if was || ticks > 0 {
            continue;
        }
        let word = token.trim_matches(|c: char| {
            matches!(c, ',' | '.' | ';' | ':' | '?' | '!' | '(' | ')' | '"')
        });
        // Python's keywords are code (`for n, k in enumerate(t):` shows the NumPy a
        // line stands for); English prose has enough other words to pass.
        const PYTHON: &[&str] = &[
            "for", "in", "class", "def", "return", "if", "else", "import", "lambda", "while", "is",
            "not", "None",
        ];
        if PYTHON.contains(&word) {
            code += 1;
        } else if word.chars().count() >= 2
            && word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            words += 1;
        } else if word.chars().count() > 1 || !word.chars().all(char::is_alphabetic) {
            code += 1; // an operator, a number, a path, a call
        }
    }
    words >= 2 && words > code
}

/// The comments (and `todo!` messages) of a Rust block that are words for the
/// reader ([`is_prose`]), in order.
pub fn comments(code: &str) -> Vec<Comment> {
    let mut all = all_comments(code);
    all.retain(|c| is_prose(&c.text));
    all
}

fn all_comments(code: &str) -> Vec<Comment> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out: Vec<Comment> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if hidden(line) {
            continue;
        }
        if let Some((indent, marker, text)) = line_comment(line) {
            let width = line.chars().count();
            if let Some(Comment {
                last,
                text: joined,
                kind: Kind::Lines { indent: i, marker: m, width: w },
                ..
            }) = out.last_mut()
                && *last + 1 == n
                && *i == indent
                && *m == marker
                && !text.trim().is_empty()
                && !joined.is_empty()
            {
                *last = n;
                joined.push(' ');
                joined.push_str(text.trim());
                *w = (*w).max(width);
                continue;
            }
            if text.trim().is_empty() {
                continue; // an empty comment line separates paragraphs
            }
            out.push(Comment {
                first: n,
                last: n,
                text: text.trim().to_string(),
                kind: Kind::Lines { indent, marker, width },
            });
            continue;
        }
        if let Some(at) = comment_start(line) {
            let text = line[at + 2..].trim();
            if !text.is_empty() {
                out.push(Comment {
                    first: n,
                    last: n,
                    text: text.to_string(),
                    kind: Kind::Trailing,
                });
            }
        }
        if let Some((from, to)) = todo_message(line) {
            out.push(Comment {
                first: n,
                last: n,
                text: unescape(&line[from..to]),
                kind: Kind::Todo { from, to },
            });
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("\\\"", "\"").replace("\\\\", "\\")
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// How many columns a character takes in a monospaced code block (Han and
/// full-width forms take two).
fn columns(c: char) -> usize {
    if matches!(c, '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}')
    {
        2
    } else {
        1
    }
}

/// Characters that may not begin a line in Chinese typesetting.
fn no_break_before(c: char) -> bool {
    "，。、；：？！）」』》”’,.;:?!)]%".contains(c)
}

/// Splits `text` into lines of at most `width` columns: between two Han
/// characters, or at a space; never inside a Latin word or a code span, and never
/// before closing punctuation.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    // Units that stay whole: a code span, a Latin word, or one other character.
    let mut units: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            let mut u = String::from(c);
            for d in chars.by_ref() {
                u.push(d);
                if d == '`' {
                    break;
                }
            }
            units.push(u);
        } else if c.is_ascii_graphic() {
            let mut u = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_ascii_graphic() && d != '`' {
                    u.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            units.push(u);
        } else {
            units.push(c.to_string());
        }
    }
    // Closing punctuation sticks to what comes before it.
    let mut glued: Vec<String> = Vec::new();
    for u in units {
        let first = u.chars().next().unwrap_or(' ');
        match glued.last_mut() {
            Some(prev) if no_break_before(first) && first != ' ' => prev.push_str(&u),
            _ => glued.push(u),
        }
    }
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cols = 0;
    for u in glued {
        let w: usize = u.chars().map(columns).sum();
        if u == " " {
            if !cur.is_empty() {
                cur.push(' ');
                cols += 1;
            }
            continue;
        }
        if cols + w > width && !cur.trim().is_empty() {
            lines.push(cur.trim_end().to_string());
            cur.clear();
            cols = 0;
        }
        cur.push_str(&u);
        cols += w;
    }
    if !cur.trim().is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    lines
}

/// A Rust block with its comments translated by `lookup` (a comment without a
/// translation stays as it is), and the texts that had none.
pub fn translate(code: &str, lookup: &dyn Fn(&str) -> Option<String>) -> (String, Vec<String>) {
    let lines: Vec<&str> = code.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut missing = Vec::new();
    // From the last to the first, so that a comment's new line count does not move
    // the ones before it.
    for c in comments(code).into_iter().rev() {
        let Some(t) = lookup(&c.text) else {
            missing.push(c.text.clone());
            continue;
        };
        match c.kind {
            Kind::Lines { indent, marker, width } => {
                let room = width.max(60).saturating_sub(indent.chars().count() + marker.len() + 1);
                let new: Vec<String> = wrap(&t, room.max(20))
                    .into_iter()
                    .map(|l| format!("{indent}{marker} {l}"))
                    .collect();
                out.splice(c.first..=c.last, new);
            }
            Kind::Trailing => {
                // Found again in the line as it now stands (a `todo!` before it may
                // have been translated already).
                let cur = out[c.first].clone();
                if let Some(at) = comment_start(&cur) {
                    out[c.first] = format!("{}// {t}", &cur[..at]);
                }
            }
            Kind::Todo { from, to } => {
                let l = lines[c.first];
                out[c.first] = format!("{}{}{}", &l[..from], escape(&t), &l[to..]);
            }
        }
    }
    let mut s = out.join("\n");
    if code.ends_with('\n') {
        s.push('\n');
    }
    (s, missing)
}

/// The Rust blocks of a chapter (its includes expanded): (line of the opening
/// fence, 1-based; the block's text, as CommonMark reads it).
fn rust_blocks(markdown: &str) -> Vec<(usize, String)> {
    booksrc::fences(markdown)
        .into_iter()
        .filter(|f| f.language() == "rust" && f.closed)
        .map(|f| (f.line, f.body))
        .collect()
}

/// The messages of a chapter's shown code: (text, line of the block's fence).
pub fn messages(markdown: &str) -> Vec<(String, usize)> {
    rust_blocks(markdown)
        .into_iter()
        .flat_map(|(line, body)| comments(&body).into_iter().map(move |c| (c.text, line)))
        .collect()
}

/// A chapter (its includes expanded) with the comments of its Rust blocks
/// translated by `table` (msgid → msgstr).
pub fn translate_chapter(markdown: &str, table: &HashMap<String, String>) -> String {
    let lookup = |t: &str| table.get(t).filter(|s| !s.is_empty()).cloned();
    let mut lines: Vec<String> = markdown.lines().map(str::to_string).collect();
    for (line, body) in rust_blocks(markdown).into_iter().rev() {
        let n = body.lines().count();
        // What the block's container puts before each line of code (a list item's
        // indentation, a block quote's `>`), from its first line that has code.
        let prefix = body
            .lines()
            .zip(&lines[line..line + n])
            .find(|(code, _)| !code.is_empty())
            .and_then(|(code, source)| source.strip_suffix(code))
            .unwrap_or("")
            .to_string();
        let (new, _) = translate(&body, &lookup);
        let new =
            new.lines().map(|l| if l.is_empty() { String::new() } else { format!("{prefix}{l}") });
        lines.splice(line..line + n, new.collect::<Vec<_>>());
    }
    let mut s = lines.join("\n");
    if markdown.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The comment messages of the book's chapters (`book/SUMMARY.md`'s, their includes
/// expanded), as catalogue entries, leaving out the texts in `known` (a message of
/// the prose already): each with the places of the blocks that show it.
pub fn catalogue_entries(
    root: &std::path::Path,
    known: &std::collections::HashSet<String>,
) -> anyhow::Result<String> {
    let book = root.join("book");
    let reading = |path: &std::path::Path| format!("reading {}", path.display());
    let summary_path = book.join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).with_context(|| reading(&summary_path))?;
    let mut order: Vec<String> = Vec::new();
    let mut places: HashMap<String, Vec<String>> = HashMap::new();
    for chapter in booksrc::summary_chapters(&summary) {
        let path = book.join(&chapter.path);
        let md = std::fs::read_to_string(&path).with_context(|| reading(&path))?;
        let dir = path.parent().unwrap_or(&book);
        let expanded = booksrc::expand_includes(dir, &md).map_err(|errors| {
            let each: Vec<String> =
                errors.iter().map(|(line, e)| format!("line {line}: {e}")).collect();
            anyhow::anyhow!(
                "{}: {} include(s) cannot be resolved: {}",
                path.display(),
                errors.len(),
                each.join("; ")
            )
        })?;
        for (text, line) in messages(&expanded) {
            if known.contains(&text) {
                continue;
            }
            let place = format!("book/{}:{line}", chapter.path.display());
            let list = places.entry(text.clone()).or_insert_with(|| {
                order.push(text.clone());
                Vec::new()
            });
            if !list.contains(&place) {
                list.push(place);
            }
        }
    }
    let mut out = String::new();
    for text in order {
        out.push('\n');
        out.push_str("#. a comment in the code the chapter shows\n");
        out.push_str(&format!("#: {}\n", places[&text].join(" ")));
        out.push_str(&crate::po::quote("msgid", &text));
        out.push_str(&crate::po::quote("msgstr", ""));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "/// The loss of one output\n/// against its target.\npub fn f(x: &str) -> usize {\n    // count every \"//\" in the text x\n    let n = x.matches(\"//\").count(); // every one\n    //\n    # // hidden\n    let c = '/'; // a char literal\n    todo!(\"write the \\\"loss\\\"\")\n}\n";

    #[test]
    fn finds_every_comment_a_reader_sees() {
        let texts: Vec<String> = comments(CODE).into_iter().map(|c| c.text).collect();
        assert_eq!(
            texts,
            vec![
                "The loss of one output against its target.",
                "count every \"//\" in the text x",
                "every one",
                "a char literal",
                "write the \"loss\"",
            ]
        );
    }

    #[test]
    fn code_in_a_comment_is_not_a_message() {
        let code = [
            "np.zeros((2, 3))",
            "x.shape",
            "y[2]",
            "np.sum(a)",
            "`a.sum()`",
            "w -= lr * grad",
            "for n, k in enumerate(t):",
            "class simpleNet:",
        ];
        for c in code {
            assert!(!is_prose(c), "{c}");
        }
        let words = [
            "a is borrowed, still ours",
            "one row: shape (1, 2)",
            "x.shape[0]: in the book, the batch size",
            "the rest as in p",
            "may fail: ?",
        ];
        for w in words {
            assert!(is_prose(w), "{w}");
        }
    }

    #[test]
    fn translates_and_wraps_and_keeps_the_code() {
        let zh: HashMap<&str, &str> = [
            ("The loss of one output against its target.", "一个输出相对于其监督数据的损失。"),
            ("count every \"//\" in the text x", "数出 x 中的 \"//\""),
            ("every one", "每一个"),
            ("write the \"loss\"", "写出“损失”"),
        ]
        .into_iter()
        .collect();
        let lookup = |t: &str| zh.get(t).map(|s| s.to_string());
        let (out, missing) = translate(CODE, &lookup);
        assert_eq!(missing, vec!["a char literal"]);
        assert!(out.starts_with("/// 一个输出相对于其监督数据的损失。\npub fn f"), "{out}");
        assert!(out.contains("    // 数出 x 中的 \"//\"\n"), "{out}");
        assert!(out.contains("let n = x.matches(\"//\").count(); // 每一个\n"), "{out}");
        assert!(
            out.contains("# // hidden") && out.contains("let c = '/'; // a char literal"),
            "{out}"
        );
        assert!(out.contains("todo!(\"写出“损失”\")"), "{out}");
    }

    #[test]
    fn wraps_han_by_columns_without_splitting_words_or_code() {
        let lines = wrap("把 `numerical_gradient` 的每个元素都算一遍，然后返回梯度。", 20);
        assert!(lines.iter().all(|l| l.chars().map(columns).sum::<usize>() <= 22), "{lines:?}");
        assert!(lines.concat().contains("`numerical_gradient`"), "{lines:?}");
        assert!(lines.iter().all(|l| !l.starts_with('，') && !l.starts_with('。')), "{lines:?}");
    }

    /// The catalogue names each include of a chapter that cannot be expanded.
    #[test]
    fn an_unresolved_include_is_named_with_its_line() {
        let root = std::env::temp_dir().join(format!("booki18n-includes-{}", std::process::id()));
        std::fs::create_dir_all(root.join("book")).unwrap();
        std::fs::write(root.join("book/SUMMARY.md"), "- [A](a.md)\n").unwrap();
        std::fs::write(root.join("book/a.md"), "# A\n\n{{#include gone.rs}}\n").unwrap();
        let e = catalogue_entries(&root, &Default::default()).unwrap_err().to_string();
        let (a, gone) = (root.join("book/a.md"), root.join("book/gone.rs"));
        assert_eq!(
            e,
            format!(
                "{}: 1 include(s) cannot be resolved: line 3: included file {} does not exist",
                a.display(),
                gone.display()
            )
        );
        std::fs::write(root.join("book/gone.rs"), "// a short comment\n").unwrap();
        assert!(catalogue_entries(&root, &Default::default()).is_ok());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_chapter_is_translated_in_its_rust_blocks_only() {
        let md = "Prose // not code.\n\n```rust\n// a short comment\nlet x = 1;\n```\n\n```text\n// output\n```\n";
        let table: HashMap<String, String> =
            [("a short comment".to_string(), "一条注释".to_string())].into_iter().collect();
        let out = translate_chapter(md, &table);
        assert_eq!(
            out,
            "Prose // not code.\n\n```rust\n// 一条注释\nlet x = 1;\n```\n\n```text\n// output\n```\n"
        );
        assert_eq!(messages(md), vec![("a short comment".to_string(), 3)]);
    }

    #[test]
    fn a_block_in_a_list_item_is_translated_and_keeps_its_indentation() {
        // The hand scanner did not see a fence indented four spaces as a fence.
        let md = "1. Run it:\n\n    ```rust\n    // a short comment\n    let x = 1;\n    ```\n";
        let table: HashMap<String, String> =
            [("a short comment".to_string(), "一条注释".to_string())].into_iter().collect();
        assert_eq!(messages(md), vec![("a short comment".to_string(), 3)]);
        assert_eq!(
            translate_chapter(md, &table),
            "1. Run it:\n\n    ```rust\n    // 一条注释\n    let x = 1;\n    ```\n"
        );
    }
}
