//! The message catalogue: what mdbook-xgettext extracts, less what both editions
//! share. mdbook-xgettext takes the comments and string literals of code blocks as
//! messages; this book's code is not translated (its comments stay English), so
//! those are dropped, and so are paragraphs made only of `{{#include}}` lines
//! (included tables and widgets are shared too).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;

use crate::po;

/// Whether a message consists of `{{#include ...}}` lines only.
fn is_include_only(msgid: &str) -> bool {
    let mut any = false;
    for w in msgid.split_whitespace() {
        any = true;
        if !(w.starts_with("{{#include") || w.ends_with("}}")) {
            return false;
        }
    }
    any && msgid.trim_start().starts_with("{{#include") && msgid.trim_end().ends_with("}}")
}

/// The line ranges (first, last, 1-based) of the fenced blocks of each file.
struct Fences {
    root: std::path::PathBuf,
    cache: HashMap<String, Vec<(usize, usize)>>,
}

impl Fences {
    fn ranges(&mut self, file: &str) -> anyhow::Result<&[(usize, usize)]> {
        if !self.cache.contains_key(file) {
            let path = self.root.join(file);
            let md = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let r = booksrc::fences(&md).iter().map(|f| (f.line, f.end_line)).collect();
            self.cache.insert(file.to_string(), r);
        }
        Ok(&self.cache[file])
    }

    /// Whether a `file:line` reference points inside a fenced block.
    fn in_code(&mut self, reference: &str) -> anyhow::Result<bool> {
        let Some((file, line)) = reference.rsplit_once(':') else { return Ok(false) };
        let Ok(line) = line.parse::<usize>() else { return Ok(false) };
        Ok(self.ranges(file)?.iter().any(|(a, b)| *a < line && line <= *b))
    }
}

/// What was kept and dropped.
pub struct Summary {
    pub kept: usize,
    pub code: usize,
    pub includes: usize,
}

/// Filters an extracted POT file (its `#:` references relative to `root`).
pub fn filter(pot: &str, root: &Path) -> anyhow::Result<(String, Summary)> {
    let entries = po::parse(pot)?;
    let mut fences = Fences { root: root.to_path_buf(), cache: HashMap::new() };
    let mut out = String::with_capacity(pot.len());
    let mut s = Summary { kept: 0, code: 0, includes: 0 };
    for e in &entries {
        if !e.msgid.is_empty() {
            if is_include_only(&e.msgid) {
                s.includes += 1;
                continue;
            }
            let mut all_code = !e.refs.is_empty();
            for r in &e.refs {
                all_code &= fences.in_code(r).with_context(|| format!("the reference {r}"))?;
            }
            if all_code {
                s.code += 1;
                continue;
            }
            s.kept += 1;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&e.raw);
    }
    Ok((out, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_lines_are_recognised() {
        assert!(is_include_only("{{#include bench/gradient.md}}"));
        assert!(is_include_only("{{#include widgets/a.html}}\n{{#include widgets/b.html}}"));
        assert!(!is_include_only("See {{#include x}} here"));
        assert!(!is_include_only("plain text"));
    }

    #[test]
    fn code_comments_are_dropped_and_prose_kept() {
        let dir = tempdir();
        std::fs::write(
            dir.join("c.md"),
            "Some prose.\n\n```rust\n// a comment\nlet x = 1;\n```\n\n{{#include t.md}}\n",
        )
        .unwrap();
        let pot = "msgid \"\"\nmsgstr \"\"\n\n#: c.md:1\nmsgid \"Some prose.\"\nmsgstr \"\"\n\n#: c.md:4\nmsgid \"// a comment\\n\"\nmsgstr \"\"\n\n#: c.md:8\nmsgid \"{{#include t.md}}\"\nmsgstr \"\"\n";
        let (out, s) = filter(pot, &dir).unwrap();
        assert_eq!((s.kept, s.code, s.includes), (1, 1, 1));
        assert!(out.contains("Some prose.") && !out.contains("a comment"), "{out}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempdir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("booki18n-test-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
