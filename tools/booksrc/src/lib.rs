//! Reads the book's markdown sources the way mdBook 0.5 and mdbook-katex 0.10 do,
//! so that tests can check what `mdbook build` silently lets through: code fences,
//! `{{#include}}`s and their anchors, `$`/`$$` formulas, images and links.
//!
//! One markdown model: fences, code spans, links and text are read with
//! pulldown-cmark, the parser mdBook itself uses, with mdBook's options ([`events`]).
//! Two scanners stay hand-written because the tools they stand for do not parse
//! markdown: mdBook's `links` preprocessor finds `{{#include}}` by pattern in the
//! raw text (inside fenced blocks too), and mdbook-katex finds `$` byte by byte.
//!
//! Everything here works on plain strings and reports 1-based line numbers.
#![forbid(unsafe_code)]

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use pulldown_cmark;
use pulldown_cmark::{CodeBlockKind, Event, OffsetIter, Options, Parser, Tag, TagEnd};

/// One entry of `SUMMARY.md`: a chapter title and its file, relative to the book folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChapterRef {
    pub title: String,
    pub path: PathBuf,
}

/// The chapters listed in `SUMMARY.md` (`[Title](file.md)` links), in order.
pub fn summary_chapters(summary: &str) -> Vec<ChapterRef> {
    links(summary)
        .into_iter()
        .filter(|l| l.target.ends_with(".md"))
        .map(|l| ChapterRef { title: l.text, path: PathBuf::from(l.target) })
        .collect()
}

/// The options mdBook 0.5 parses a chapter with (`mdbook-markdown`'s
/// `new_cmark_parser`: tables, footnotes, strikethrough, task lists, heading
/// attributes, definition lists, admonitions, smart punctuation).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The markdown as mdBook reads it: pulldown-cmark's events, each with the byte
/// range of the source it comes from. Every other reader of this crate but the
/// include and formula scanners is built on this one.
pub fn events(markdown: &str) -> OffsetIter<'_> {
    Parser::new_ext(markdown, options()).into_offset_iter()
}

/// The 1-based line of a byte offset.
pub fn line_of(markdown: &str, offset: usize) -> usize {
    markdown.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() + 1
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// Line of the opening fence (1-based), as rustdoc reports doctests.
    pub line: usize,
    /// Line of the closing fence (1-based), or the block's last line if unclosed.
    pub end_line: usize,
    /// The info string, e.g. `rust,ignore` or `text` (empty for an unlabeled fence).
    pub info: String,
    /// The lines between the fences, as CommonMark reads them: a fence indented
    /// by n spaces loses up to n spaces of each line, a list item's or a block
    /// quote's markers are not part of them.
    pub body: String,
    /// Whether the closing fence was found.
    pub closed: bool,
    /// The bytes of the block, from its opening fence to the end of its closing one.
    pub span: Range<usize>,
}

impl Fence {
    /// The language: the first word of the info string (`rust` for `rust,ignore`).
    pub fn language(&self) -> &str {
        self.info.split(|c: char| c == ',' || c.is_whitespace()).next().unwrap_or("")
    }

    /// The attributes after the language (`["ignore"]` for `rust,ignore`).
    pub fn attributes(&self) -> Vec<&str> {
        self.info
            .split(|c: char| c == ',' || c.is_whitespace())
            .skip(1)
            .filter(|a| !a.is_empty())
            .collect()
    }

    /// Whether rustdoc compiles this block as Rust: unlabeled blocks are Rust for
    /// rustdoc (but plain text for mdBook), and so is `rust` with any attributes.
    pub fn is_rust_for_rustdoc(&self) -> bool {
        matches!(self.language(), "" | "rust")
    }
}

/// The fenced code blocks of a markdown text (``` or ~~~, anywhere CommonMark
/// finds them: in list items and block quotes too).
pub fn fences(markdown: &str) -> Vec<Fence> {
    let mut out = Vec::new();
    let mut open: Option<Fence> = None;
    for (event, range) in events(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = line_of(markdown, range.start);
                let closed = is_closed(&markdown[range.clone()]);
                open = Some(Fence {
                    line,
                    end_line: line_of(markdown, range.end),
                    info: info.trim().to_string(),
                    body: String::new(),
                    closed,
                    span: range,
                });
            }
            Event::Text(text) => {
                if let Some(fence) = &mut open {
                    fence.body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// Whether a fenced block's source (from its opening fence on) ends with a
/// closing fence: a line of the opening's character, at least as many, after
/// at most the indentation and block-quote markers of its container.
fn is_closed(block: &str) -> bool {
    let c = block.chars().next().unwrap_or('`');
    let run = block.chars().take_while(|x| *x == c).count();
    let Some((_, last)) = block.trim_end().rsplit_once('\n') else { return false };
    let last = last.trim_start_matches([' ', '\t', '>']);
    last.len() >= run && last.chars().all(|x| x == c)
}

/// An inline code span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpan {
    pub line: usize,
    /// The bytes of the span, its backticks included.
    pub span: Range<usize>,
    /// The bytes between its backtick runs, as written.
    pub inner: Range<usize>,
    /// Its code as CommonMark reads it (line ends as spaces, one space stripped
    /// from both ends if both have one).
    pub code: String,
}

/// The inline code spans of a markdown text (never inside a code block).
pub fn code_spans(markdown: &str) -> Vec<CodeSpan> {
    events(markdown)
        .filter_map(|(event, range)| {
            let Event::Code(code) = event else { return None };
            let run = markdown[range.clone()].bytes().take_while(|b| *b == b'`').count();
            Some(CodeSpan {
                line: line_of(markdown, range.start),
                inner: range.start + run..range.end - run,
                span: range,
                code: code.to_string(),
            })
        })
        .collect()
}

/// The pieces of plain text of a markdown text outside code (code blocks, code
/// spans, HTML, link targets), with their byte ranges: where an emphasis marker
/// that CommonMark did not take as emphasis is left as a character.
pub fn texts(markdown: &str) -> Vec<(Range<usize>, String)> {
    let mut in_code_block = false;
    let mut out = Vec::new();
    for (event, range) in events(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if !in_code_block => out.push((range, text.to_string())),
            _ => {}
        }
    }
    out
}

/// An `{{#include path}}`, `{{#include path:anchor}}` or `{{#include path:a:b}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub line: usize,
    /// The whole `{{#...}}` text, to be replaced by the included content.
    pub directive: String,
    pub path: String,
    /// What follows the path: an anchor name, a line range, or nothing.
    pub selector: Option<String>,
}

/// The `{{#include}}` and `{{#rustdoc_include}}` directives of a markdown text,
/// outside inline code spans (mdBook expands them inside fenced blocks too).
pub fn includes(markdown: &str) -> Vec<Include> {
    let mut out = Vec::new();
    for (i, line) in markdown.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let after = &rest[start..];
            let Some(end) = after.find("}}") else { break };
            let directive = &after[..end + 2];
            let inner = directive[3..directive.len() - 2].trim();
            let (kind, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            if kind == "include" || kind == "rustdoc_include" {
                let arg = arg.trim();
                let (path, selector) = match arg.split_once(':') {
                    Some((p, s)) => (p.to_string(), Some(s.to_string())),
                    None => (arg.to_string(), None),
                };
                out.push(Include { line: i + 1, directive: directive.to_string(), path, selector });
            }
            rest = &after[end + 2..];
        }
    }
    out
}

/// Why an include cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncludeError {
    MissingFile(PathBuf),
    MissingAnchor { file: PathBuf, anchor: String },
    EmptyAnchor { file: PathBuf, anchor: String },
    LineRange { file: PathBuf, range: String },
}

impl std::fmt::Display for IncludeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IncludeError::MissingFile(p) => {
                write!(f, "included file {} does not exist", p.display())
            }
            IncludeError::MissingAnchor { file, anchor } => write!(
                f,
                "anchor `{anchor}` not found in {} (expected `ANCHOR: {anchor}` ... `ANCHOR_END: {anchor}`)",
                file.display()
            ),
            IncludeError::EmptyAnchor { file, anchor } => {
                write!(f, "anchor `{anchor}` in {} includes nothing", file.display())
            }
            IncludeError::LineRange { file, range } => write!(
                f,
                "line range `{range}` of {}: use an anchor (`ANCHOR: name`), line numbers shift when the code changes",
                file.display()
            ),
        }
    }
}

/// The text an include brings in, resolved relative to `chapter_dir`, with
/// mdBook 0.5's semantics: an anchor takes the lines between `ANCHOR: name` and
/// `ANCHOR_END: name`, drops every line that holds an anchor marker, and keeps the
/// indentation as it is. Where mdBook would silently include nothing (a missing
/// file or anchor, an empty anchor), this is an error.
pub fn resolve_include(chapter_dir: &Path, include: &Include) -> Result<String, IncludeError> {
    let file = chapter_dir.join(&include.path);
    let content =
        std::fs::read_to_string(&file).map_err(|_| IncludeError::MissingFile(file.clone()))?;
    let Some(selector) = &include.selector else {
        return Ok(content);
    };
    if selector.chars().next().is_some_and(|c| c.is_ascii_digit() || c == ':') {
        // Line ranges silently shift when the code changes; the book uses anchors.
        return Err(IncludeError::LineRange { file, range: selector.clone() });
    }
    let anchor = selector.as_str();
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    for line in content.lines() {
        if !inside {
            if marker_name(line, "ANCHOR:") == Some(anchor) {
                inside = true;
                found = true;
            }
            continue;
        }
        if marker_name(line, "ANCHOR_END:") == Some(anchor) {
            inside = false;
            break;
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            out.push(line);
        }
    }
    if !found || inside {
        return Err(IncludeError::MissingAnchor { file, anchor: anchor.to_string() });
    }
    if out.iter().all(|l| l.trim().is_empty()) {
        return Err(IncludeError::EmptyAnchor { file, anchor: anchor.to_string() });
    }
    Ok(out.join("\n"))
}

/// The name after `ANCHOR:` or `ANCHOR_END:` on a line, if that marker is there.
fn marker_name<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    if marker == "ANCHOR:" && at >= 4 && line[..at].ends_with("_END") {
        return None;
    }
    line[at + marker.len()..].split_whitespace().next()
}

/// The markdown with every include replaced by its content (as mdBook's `links`
/// preprocessor does before mdbook-katex runs), or the list of failures.
pub fn expand_includes(
    chapter_dir: &Path,
    markdown: &str,
) -> Result<String, Vec<(usize, IncludeError)>> {
    let mut out = markdown.to_string();
    let mut errors = Vec::new();
    for include in includes(markdown) {
        match resolve_include(chapter_dir, &include) {
            Ok(text) => out = out.replacen(&include.directive, text.trim_end_matches('\n'), 1),
            Err(e) => errors.push((include.line, e)),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// A formula found by the scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub line: usize,
    /// The bytes of the whole formula, its `$` or `$$` delimiters included.
    pub span: Range<usize>,
    pub display: bool,
    pub tex: String,
}

/// A `$` or `$$` that opens a formula which never closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclosedFormula {
    pub line: usize,
    pub display: bool,
}

/// Finds the formulas exactly as mdbook-katex 0.10 scans a chapter: byte by byte,
/// `\` skips the next byte, a backtick run skips to the matching run (inline code
/// and fenced blocks), `$$` opens a display formula and `$` an inline one, each
/// closed by the next unescaped delimiter of the same kind.
///
/// mdbook-katex silently keeps an unclosed delimiter as text (and everything after
/// it is no longer scanned); here it is an error.
pub fn formulas(markdown: &str) -> Result<Vec<Formula>, UnclosedFormula> {
    let bytes = markdown.as_bytes();
    let line_of = |index: usize| line_of(markdown, index);
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
                let ticks = "`".repeat(run);
                let mut j = i + run;
                loop {
                    match markdown[j..].find(&ticks) {
                        Some(k) => {
                            j += k + run;
                            if bytes.get(j) == Some(&b'`') {
                                while bytes.get(j) == Some(&b'`') {
                                    j += 1;
                                }
                            } else {
                                break;
                            }
                        }
                        None => return Ok(out), // mdbook-katex stops scanning here
                    }
                }
                i = j;
            }
            b'$' => {
                let display = bytes.get(i + 1) == Some(&b'$');
                let delim = if display { "$$" } else { "$" };
                let start = i + delim.len();
                let mut j = start;
                loop {
                    let Some(k) = markdown[j..].find(delim) else {
                        return Err(UnclosedFormula { line: line_of(i), display });
                    };
                    let at = j + k;
                    let backslashes = bytes[..at].iter().rev().take_while(|b| **b == b'\\').count();
                    if backslashes % 2 == 0 {
                        out.push(Formula {
                            line: line_of(i),
                            span: i..at + delim.len(),
                            display,
                            tex: markdown[start..at].to_string(),
                        });
                        i = at + delim.len();
                        break;
                    }
                    j = at + delim.len();
                }
            }
            _ => i += 1,
        }
    }
    Ok(out)
}

/// A heading (`#` or underlined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: usize,
    /// Its words as the reader sees them (code spans' code included, markers not).
    pub text: String,
    /// The id it sets itself (`{#id}`), if any.
    pub id: Option<String>,
}

/// The headings of a markdown text.
pub fn headings(markdown: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut open: Option<Heading> = None;
    for (event, range) in events(markdown) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                open = Some(Heading {
                    line: line_of(markdown, range.start),
                    level: level as usize,
                    text: String::new(),
                    id: id.map(|i| i.to_string()),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = &mut open {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// A markdown link `[text](target)` or image `![alt](target)` (inline or by
/// reference, and autolinks `<https://...>`), outside code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub line: usize,
    /// The text between the brackets, as written.
    pub text: String,
    /// The destination, without its title.
    pub target: String,
    pub is_image: bool,
    /// The bytes of the whole link.
    pub span: Range<usize>,
}

/// The links and images of a markdown text, outside code.
pub fn links(markdown: &str) -> Vec<Link> {
    let mut out = Vec::new();
    // The links being read (an image's alt may hold a link): link, start of its text.
    let mut open: Vec<(Link, Option<Range<usize>>)> = Vec::new();
    for (event, range) in events(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let is_image = markdown[range.clone()].starts_with('!');
                open.push((
                    Link {
                        line: line_of(markdown, range.start),
                        text: String::new(),
                        target: dest_url.to_string(),
                        is_image,
                        span: range,
                    },
                    None,
                ));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((mut link, text)) = open.pop() {
                    link.text = text.map_or(String::new(), |t| markdown[t].to_string());
                    out.push(link);
                }
            }
            _ => {
                // Every event inside a link is part of its text: its extent is theirs.
                for (_, text) in &mut open {
                    let t = text.get_or_insert(range.clone());
                    t.start = t.start.min(range.start);
                    t.end = t.end.max(range.end);
                }
            }
        }
    }
    out.sort_by_key(|l| l.span.start);
    out
}

/// Whether a link target points to another host (or a protocol other than a
/// relative path): `http:`, `https:`, `//host`, `mailto:` ...
pub fn is_external(target: &str) -> bool {
    target.starts_with("//")
        || target.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_report_their_opening_line_and_info() {
        let md = "text\n```rust,ignore\n{{#include a.rs:x}}\n```\n\n~~~text\n$5\n~~~\n";
        let f = fences(md);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].line, 2);
        assert_eq!(f[0].language(), "rust");
        assert_eq!(f[0].attributes(), vec!["ignore"]);
        assert_eq!(f[1].body, "$5\n");
        assert!(f.iter().all(|f| f.closed));
    }

    #[test]
    fn unlabeled_fences_are_rust_for_rustdoc() {
        let f = &fences("```\nlet x = 1;\n```\n")[0];
        assert!(f.is_rust_for_rustdoc());
    }

    #[test]
    fn includes_with_and_without_anchor() {
        let inc = includes("a {{#include ../src/loss.rs:mse}} b {{#include outputs/x.txt}}\n");
        assert_eq!(inc.len(), 2);
        assert_eq!(inc[0].path, "../src/loss.rs");
        assert_eq!(inc[0].selector.as_deref(), Some("mse"));
        assert_eq!(inc[1].selector, None);
    }

    #[test]
    fn anchors_follow_mdbook() {
        let dir = std::env::temp_dir().join(format!("booksrc-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a.rs"),
            "x\n    // ANCHOR: f\n    fn f() {\n        // ANCHOR: inner\n        1\n        // ANCHOR_END: inner\n    }\n    // ANCHOR_END: f\n// ANCHOR: empty\n// ANCHOR_END: empty\n",
        )
        .unwrap();
        let inc = |sel: &str| Include {
            line: 1,
            directive: String::new(),
            path: "a.rs".into(),
            selector: Some(sel.into()),
        };
        assert_eq!(resolve_include(&dir, &inc("f")).unwrap(), "    fn f() {\n        1\n    }");
        assert_eq!(resolve_include(&dir, &inc("inner")).unwrap(), "        1");
        assert!(matches!(
            resolve_include(&dir, &inc("nope")),
            Err(IncludeError::MissingAnchor { .. })
        ));
        assert!(matches!(
            resolve_include(&dir, &inc("empty")),
            Err(IncludeError::EmptyAnchor { .. })
        ));
        assert!(matches!(resolve_include(&dir, &inc("2:3")), Err(IncludeError::LineRange { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn formulas_like_mdbook_katex() {
        let md = "Let $x$ be `$not math$` and \\$5, then\n$$\ny = 2x\n$$\n```\n$ code\n```\n";
        let f = formulas(md).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0], Formula { line: 1, span: 4..7, display: false, tex: "x".into() });
        assert!(f[1].display);
        assert_eq!(f[1].line, 2);
    }

    #[test]
    fn an_unclosed_dollar_is_an_error_with_its_line() {
        let e = formulas("fine $a$\nbroken $b\nrest\n").unwrap_err();
        assert_eq!(e, UnclosedFormula { line: 2, display: false });
    }

    #[test]
    fn links_and_images_outside_code() {
        let md = "See [the loss](loss-functions.md#mse) and ![a plot](figures/ln.svg \"t\").\n`[not](a link)`\n```\n[no](pe)\n```\n";
        let l = links(md);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].target, "loss-functions.md#mse");
        assert!(l[1].is_image);
        assert_eq!(l[1].text, "a plot");
        assert_eq!(l[1].target, "figures/ln.svg");
    }

    #[test]
    fn fences_where_commonmark_finds_them() {
        // In a list item (indented four spaces) and in a block quote: the hand
        // scanner found neither; the list item's indentation is not the code's.
        let md = "1. Run it:\n\n    ```rust\n    let x = 1;\n      y();\n    ```\n\n> ```text\n> out\n> ```\n";
        let f = fences(md);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].line, f[0].end_line, f[0].language()), (3, 6, "rust"));
        assert_eq!(f[0].body, "let x = 1;\n  y();\n");
        assert_eq!((f[1].line, f[1].body.as_str(), f[1].closed), (8, "out\n", true));
        // A longer fence holds a shorter one; an unclosed fence runs to the end.
        let f = fences("````md\n```rust\nx\n```\n````\n\n~~~\nopen\n```\n");
        assert_eq!(f[0].body, "```rust\nx\n```\n");
        assert!(f[0].closed && !f[1].closed, "{f:?}");
        // Inside an HTML block a ``` line is HTML, as mdBook renders it.
        assert!(fences("<div>\n```\nx\n```\n</div>\n").is_empty());
    }

    #[test]
    fn code_spans_with_their_bytes() {
        let md = "a `` x`y `` b\n\n```\n`not`\n```\n\n    `indented code`\n";
        let c = code_spans(md);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!((&md[c[0].span.clone()], &md[c[0].inner.clone()]), ("`` x`y ``", " x`y "));
        assert_eq!(c[0].code, "x`y");
    }

    #[test]
    fn links_as_commonmark_reads_them() {
        // Text over two lines, code in the text, a reference link; none in an
        // indented code block. The hand scanner missed the first three and found
        // the last.
        let md = "See [the printed\ngradient](#g), [`src/loss.rs`](#where) and [the ref][r].\n\n    [code](not.md)\n\n[r]: ref.md \"Title\"\n";
        let found = links(md);
        let l: Vec<(usize, &str, &str)> =
            found.iter().map(|l| (l.line, l.text.as_str(), l.target.as_str())).collect();
        assert_eq!(
            l,
            [
                (1, "the printed\ngradient", "#g"),
                (2, "`src/loss.rs`", "#where"),
                (2, "the ref", "ref.md")
            ]
        );
    }

    #[test]
    fn texts_leave_out_code() {
        let md = "a_b `c_d`\n\n```\ne_f\n```\n";
        let t: Vec<String> = texts(md).into_iter().map(|(r, _)| md[r].to_string()).collect();
        assert_eq!(t, ["a_b "]);
    }

    #[test]
    fn headings_with_their_ids() {
        let md = "# The `loss` {#loss}\n\n```\n# not one\n```\n\nSecond *one*\n---\n";
        let h = headings(md);
        assert_eq!(h.len(), 2, "{h:?}");
        assert_eq!(
            (h[0].line, h[0].text.as_str(), h[0].id.as_deref()),
            (1, "The loss", Some("loss"))
        );
        assert_eq!(
            (h[1].line, h[1].level, h[1].text.as_str(), h[1].id.as_deref()),
            (7, 2, "Second one", None)
        );
    }

    #[test]
    fn external_targets() {
        assert!(is_external("https://example.com"));
        assert!(is_external("//cdn.example.com/x.css"));
        assert!(!is_external("figures/x.svg"));
        assert!(!is_external("loss-functions.md#a"));
    }

    #[test]
    fn summary_lists_chapter_files() {
        let s = "# Summary\n\n[Intro](introduction.md)\n\n- [Loss](loss-functions.md)\n";
        let c = summary_chapters(s);
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].path, PathBuf::from("loss-functions.md"));
    }
}
