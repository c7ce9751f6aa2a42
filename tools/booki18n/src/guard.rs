//! Keeps every formula's TeX intact through gettext.
//!
//! mdbook-xgettext and mdbook-gettext read a chapter as CommonMark and write it back
//! with pulldown-cmark-to-cmark. TeX does not survive that: `\\` becomes `\`, `\{`
//! becomes `{`, `_` and `*` come back as `\_` and `\*`, and mdbook-katex, which reads
//! the raw text, then renders something else (or fails). So before gettext,
//! [`protect`] hides each formula where CommonMark leaves text alone, and after
//! gettext, [`restore`] gives mdbook-katex back the `$...$` it expects:
//!
//! - an inline formula `$x_1$` becomes the code span `` `$x_1$` `` (what the
//!   catalogue shows the translator, TeX and all);
//! - a display formula, `$$` on a line of its own, its TeX, `$$` on a line of its
//!   own, becomes a fenced block of the info string [`DISPLAY`] (not a message:
//!   display formulas are the same in every language).
//!
//! Formulas are found exactly as mdbook-katex 0.10 finds them (see
//! `booksrc::formulas`). An inline formula that spans lines comes back on one line
//! (CommonMark turns a code span's line ends into spaces): the same formula for TeX.

/// The info string of a fenced block that holds a display formula between the two
/// preprocessors.
pub const DISPLAY: &str = "nnlearn-display-math";

/// A formula of a chapter: byte range of the whole `$...$` or `$$...$$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub display: bool,
}

/// A chapter the guard cannot protect: the line of the formula (or code span) and
/// what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct GuardError {
    /// 1-based, in the chapter as mdBook hands it over.
    pub line: usize,
    pub problem: Problem,
}

/// What stops the guard (each is also what would break the formula in mdbook-katex
/// or in gettext's round trip).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// A `$` or `$$` without its closing one.
    #[error("a {} that never closes", if *.display { "$$" } else { "$" })]
    Unclosed { display: bool },
    /// A code span that `restore` would turn into math (its text, as written).
    #[error(
        "the code span `{0}` starts and ends with `$`, which the Chinese edition's math guard reserves for formulas"
    )]
    ReservedCodeSpan(String),
    #[error("a display formula must have its `$$` lines to itself")]
    DisplayNotAlone,
    #[error("``` inside a display formula")]
    FenceInDisplay,
    #[error("a backtick inside a formula")]
    BacktickInFormula,
    /// An inline formula whose next line starts like a block (its first characters).
    #[error(
        "a formula continues on a line that starts like a markdown block (`{0}`): rewrap the paragraph"
    )]
    ContinuesLikeBlock(String),
}

/// The formulas of a markdown text, found as mdbook-katex 0.10 finds them
/// (`booksrc::formulas`).
pub fn spans(markdown: &str) -> Result<Vec<Span>, GuardError> {
    let formulas = booksrc::formulas(markdown).map_err(|e| GuardError {
        line: e.line,
        problem: Problem::Unclosed { display: e.display },
    })?;
    Ok(formulas
        .into_iter()
        .map(|f| Span { start: f.span.start, end: f.span.end, display: f.display })
        .collect())
}

/// Whether the text of a code span (between its backticks, trimmed as CommonMark
/// does) is a protected inline formula.
fn is_protected(code: &str) -> bool {
    code.len() >= 2 && code.starts_with('$') && code.ends_with('$')
}

/// Hides every formula of a chapter from CommonMark (see the module comment).
pub fn protect(markdown: &str) -> Result<String, GuardError> {
    let line_of = |i: usize| markdown[..i].matches('\n').count() + 1;
    let at = |i: usize, problem| GuardError { line: line_of(i), problem };
    // A code span that already looks like a protected formula would be turned into
    // math by `restore`.
    for span in booksrc::code_spans(markdown) {
        let code = &markdown[span.inner];
        if is_protected(code.trim()) {
            let problem = Problem::ReservedCodeSpan(code.to_string());
            return Err(GuardError { line: span.line, problem });
        }
    }
    let mut out = String::with_capacity(markdown.len() + 1024);
    let mut last = 0;
    for s in spans(markdown)? {
        out.push_str(&markdown[last..s.start]);
        let whole = &markdown[s.start..s.end];
        if s.display {
            let tex = &whole[2..whole.len() - 2];
            let line_start = markdown[..s.start].rfind('\n').map_or(0, |p| p + 1);
            let indent = &markdown[line_start..s.start];
            let after = &markdown[s.end..];
            let alone = indent.trim().is_empty()
                && tex.starts_with('\n')
                && tex.ends_with('\n')
                && after.split('\n').next().is_some_and(|rest| rest.trim().is_empty());
            if !alone {
                return Err(at(s.start, Problem::DisplayNotAlone));
            }
            if tex.contains("```") {
                return Err(at(s.start, Problem::FenceInDisplay));
            }
            out.push_str("```");
            out.push_str(DISPLAY);
            out.push_str(&tex[..tex.len() - 1]);
            out.push('\n');
            out.push_str(indent);
            out.push_str("```");
        } else {
            if whole.contains('`') {
                return Err(at(s.start, Problem::BacktickInFormula));
            }
            // A formula over two lines stays on two lines, so that line numbers (the
            // catalogue's references) stay those of the chapter; the second line must
            // not look like the start of a block, or CommonMark would end the span.
            for next in whole.split('\n').skip(1) {
                let t = next.trim_start();
                let starts_block = t.starts_with(['-', '+', '*', '>', '#', '|', '<', '`', '~'])
                    || t.split_once(['.', ')']).is_some_and(|(n, rest)| {
                        !n.is_empty()
                            && n.len() < 10
                            && n.bytes().all(|b| b.is_ascii_digit())
                            && (rest.is_empty() || rest.starts_with(' '))
                    });
                if starts_block {
                    let start = t.chars().take(10).collect();
                    return Err(at(s.start, Problem::ContinuesLikeBlock(start)));
                }
            }
            out.push('`');
            out.push_str(whole);
            out.push('`');
        }
        last = s.end;
    }
    out.push_str(&markdown[last..]);
    Ok(out)
}

/// Gives mdbook-katex its `$...$` back after gettext (see the module comment):
/// the fences of each display block become `$$` lines (their indentation kept),
/// and each protected code span its formula.
pub fn restore(markdown: &str) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
    for fence in booksrc::fences(markdown).into_iter().filter(|f| f.info == DISPLAY) {
        // The opening fence's line up to its end, and the closing fence itself.
        let open_end = markdown[fence.span.start..]
            .find('\n')
            .map_or(markdown.len(), |p| fence.span.start + p);
        edits.push((fence.span.start..open_end, "$$"));
        if fence.closed {
            let close_start = markdown[..fence.span.end]
                .rfind(['`', '~'])
                .map_or(0, |p| markdown[..=p].trim_end_matches(['`', '~']).len());
            edits.push((close_start..fence.span.end, "$$"));
        }
    }
    for span in booksrc::code_spans(markdown) {
        let formula = strip_one_space(&markdown[span.inner.clone()]);
        if is_protected(formula) {
            edits.push((span.span, formula));
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for (range, text) in edits {
        out.push_str(&markdown[last..range.start]);
        out.push_str(text);
        last = range.end;
    }
    out.push_str(&markdown[last..]);
    out
}

/// CommonMark strips one space from both ends of a code span that has both.
fn strip_one_space(code: &str) -> &str {
    if code.len() >= 2 && code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty() {
        &code[1..code.len() - 1]
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display_formulas_round_trip() {
        let md = "A $x_1 * y_{k^*}$ and `code` and $\\{a\\}$.\n\n$$\nW = \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$\n\nEnd $[-1, 1]$.\n";
        let p = protect(md).unwrap();
        assert!(p.contains("`$x_1 * y_{k^*}$`"), "{p}");
        assert!(p.contains(&format!("```{DISPLAY}\nW =")), "{p}");
        assert!(!p.contains("$$"), "{p}");
        assert_eq!(restore(&p), md);
    }

    #[test]
    fn a_formula_over_two_lines_keeps_its_lines() {
        let md = "so $a +\nb$ holds\n";
        let p = protect(md).unwrap();
        assert_eq!(p.lines().count(), md.lines().count());
        assert_eq!(restore(&p), md);
        // As gettext writes it back: on one line.
        assert_eq!(restore("so `$a + b$` holds\n"), "so $a + b$ holds\n");
        let e = protect("so $a\n- b$ holds\n").unwrap_err();
        assert_eq!(e, GuardError { line: 1, problem: Problem::ContinuesLikeBlock("- b$".into()) });
    }

    #[test]
    fn code_is_left_alone() {
        let md = "`$MNIST_DIR` and\n\n```console\n$ cargo test\n```\n";
        assert_eq!(protect(md).unwrap(), md);
        assert_eq!(restore(md), md);
    }

    /// Each refusal names the line of the formula (or code span) and what is wrong.
    #[test]
    fn what_the_guard_refuses_is_named_with_its_line() {
        let cases = [
            ("see `$x$` here\n", 1, Problem::ReservedCodeSpan("$x$".into())),
            ("a\n\nsee `` $x$ `` here\n", 3, Problem::ReservedCodeSpan(" $x$ ".into())),
            ("text $$x$$ more\n", 1, Problem::DisplayNotAlone),
            ("a\n\n$$\nx\n$$ more\n", 3, Problem::DisplayNotAlone),
            ("$$\nx ``` y\n$$\n", 1, Problem::FenceInDisplay),
            ("a\nb $x` + y$\n", 2, Problem::BacktickInFormula),
            ("a\nso $a\n1. b$ holds\n", 2, Problem::ContinuesLikeBlock("1. b$".into())),
            ("a\nb $x + y\n", 2, Problem::Unclosed { display: false }),
            ("a\n\n$$\nx\n", 3, Problem::Unclosed { display: true }),
        ];
        for (md, line, problem) in cases {
            assert_eq!(protect(md).unwrap_err(), GuardError { line, problem }, "{md}");
        }
        assert_eq!(
            protect("a\n\n$$\nx\n").unwrap_err().to_string(),
            "line 3: a $$ that never closes"
        );
        assert_eq!(
            protect("see `$x$` here\n").unwrap_err().to_string(),
            "line 1: the code span `$x$` starts and ends with `$`, which the Chinese \
             edition's math guard reserves for formulas"
        );
    }

    #[test]
    fn gettext_spacing_of_code_spans_is_undone() {
        assert_eq!(restore("a `` $x`y$ `` b"), "a $x`y$ b");
    }

    #[test]
    fn every_chapter_survives_protect_and_restore() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book");
        let mut n = 0;
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                let md = std::fs::read_to_string(&p).unwrap();
                n += spans(&md).unwrap().len();
                let protected = protect(&md).unwrap();
                // Every formula is hidden from mdbook-katex's scan (in code), ...
                assert_eq!(spans(&protected).unwrap(), vec![], "{}", p.display());
                // ... line for line, and comes back as it was.
                assert_eq!(protected.lines().count(), md.lines().count(), "{}", p.display());
                assert_eq!(restore(&protected), md, "{}", p.display());
            }
        }
        assert!(n > 100, "only {n} formulas found");
    }

    #[test]
    fn code_blocks_of_every_kind_are_left_alone() {
        // An indented code block or a fence in a block quote is code: a code span
        // in it is not a protected formula (the hand scanner took the first one's).
        for code in ["para\n\n    let s = `$x$`;\n", "> ```text\n> `$x$` stays\n> ```\n"] {
            assert_eq!(restore(code), code);
        }
    }
}
