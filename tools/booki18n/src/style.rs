//! What a translation must not do although gettext and mdBook accept it: an
//! emphasis marker that CommonMark cannot open or close next to a Han character
//! (the reader sees the `_` or `*` on the page), and a term that `po/README.md`'s
//! table of terms names as not to be written.

use booksrc::pulldown_cmark::Event;

use crate::po::Entry;

/// A Han character or CJK punctuation: beside one of these, `_` never opens or
/// closes an emphasis (CommonMark counts Han as letters, so `_` is intraword), and
/// `*` fails beside the full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    crate::compare::is_cjk(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// The emphasis markers of `text` that CommonMark leaves as literal characters next
/// to Han: each with a few characters of context. An escaped `\_` or `\*` is meant
/// literally and not reported.
pub fn literal_emphasis(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (range, _) in booksrc::texts(text) {
        let source = &text[range.clone()];
        for (i, c) in source.char_indices() {
            if c != '_' && c != '*' {
                continue;
            }
            let at = range.start + i;
            let before = text[..at].chars().next_back();
            let after = text[at + 1..].chars().next();
            if before == Some('\\') {
                continue;
            }
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                let from = text[..at].char_indices().rev().nth(5).map_or(0, |(j, _)| j);
                let to = text[at..].char_indices().nth(6).map_or(text.len(), |(j, _)| at + j);
                found.push(text[from..to].to_string());
            }
        }
    }
    found
}

/// One row of the table of terms: the concept, the term to write, and the
/// forms not to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub concept: String,
    pub write: String,
    pub not: Vec<String>,
}

/// The table under the heading `## One term per concept` of `po/README.md`:
/// `| concept | write | not |`, the forms not to write separated by ` / `.
pub fn terms(readme: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut on = false;
    for line in readme.lines() {
        if line.starts_with("## ") {
            on = line.trim() == "## One term per concept";
            continue;
        }
        let Some(row) = line.trim().strip_prefix('|') else { continue };
        if !on {
            continue;
        }
        let cells: Vec<&str> = row.trim_end_matches('|').split('|').map(str::trim).collect();
        if cells.len() < 3 || cells[0] == "concept" || cells[0].starts_with("---") {
            continue;
        }
        let not: Vec<String> = cells[2]
            .split(" / ")
            .map(|s| s.trim().trim_matches('`').to_string())
            .filter(|s| !s.is_empty() && s != "—")
            .collect();
        if !not.is_empty() {
            out.push(Term { concept: cells[0].to_string(), write: cells[1].to_string(), not });
        }
    }
    out
}

/// The prose of a message: its code spans (formulas, code) left out, where a term
/// may legitimately stand in English or as code.
fn prose(text: &str) -> String {
    let mut out = String::new();
    for (event, _) in booksrc::events(text) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// One line per problem of style in the translations of `po`.
pub fn check(po: &[Entry], terms: &[Term]) -> Vec<String> {
    let mut problems = Vec::new();
    for e in po.iter().filter(|e| !e.obsolete && !e.msgid.is_empty() && !e.msgstr.is_empty()) {
        let name = format!("{}: \"{}\"", e.place(), e.short());
        for context in literal_emphasis(&e.msgstr) {
            problems.push(format!(
                "emphasis that cannot render next to Han (the reader sees the marker; write **…** or *…* away from full-width punctuation): {name}: …{context}…"
            ));
        }
        // The glossary (book/glossary.md) names the other books' terms on purpose.
        let glossary =
            !e.refs.is_empty() && e.refs.iter().all(|r| r.starts_with("book/glossary.md"));
        let text = prose(&e.msgstr);
        for term in terms.iter().filter(|_| !glossary) {
            for not in &term.not {
                if text.contains(not.as_str()) {
                    problems.push(format!(
                        "term: write {} for {}, not {not}: {name}",
                        term.write, term.concept
                    ));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscores_next_to_han_are_literal_and_reported() {
        let found = literal_emphasis("这段代码_现在_的输出");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|c| c.contains("_现在_")), "{found:?}");
        assert!(literal_emphasis("这段代码*现在*的输出").is_empty());
        assert!(literal_emphasis("这段代码**现在**的输出").is_empty());
        assert!(literal_emphasis("an _emphasis_ in English").is_empty());
        assert!(literal_emphasis("代码 `a_b` 和 \\_ 号").is_empty());
        // `**` before full-width punctuation after a Han character cannot open.
        assert_eq!(literal_emphasis("称为**“梯度”**的").len(), 2);
    }

    #[test]
    fn terms_come_from_the_readme_table_and_are_enforced() {
        let readme = "# x\n## One term per concept\n\n| concept | write | not |\n|---|---|---|\n| gradient check | 梯度确认 | 梯度检验 |\n| loader | 读取程序 | 加载器 / 载入器 |\n| x | y | — |\n\n## Other\n| a | b | c |\n";
        let t = terms(readme);
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].not, vec!["加载器", "载入器"]);
        let po = crate::po::parse(
            "#: book/x.md:1\nmsgid \"A\"\nmsgstr \"用梯度检验，`加载器` 不算\"\n\n#: book/x.md:2\nmsgid \"B\"\nmsgstr \"数值_微分_\"\n",
        )
        .unwrap();
        let p = check(&po, &t).join("\n");
        assert!(p.contains("write 梯度确认 for gradient check, not 梯度检验"), "{p}");
        assert!(!p.contains("加载器"), "a code span is not prose: {p}");
        assert!(
            p.contains("emphasis that cannot render next to Han") && p.contains("book/x.md:2"),
            "{p}"
        );
    }
}
