//! Just enough of the gettext PO format: entries with their references, flags,
//! msgid and msgstr (no plurals or contexts, which mdbook-xgettext never writes).

/// One entry of a PO or POT file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `#: file:line` references.
    pub refs: Vec<String>,
    /// `#, ...` flags (`fuzzy`).
    pub flags: Vec<String>,
    pub msgid: String,
    pub msgstr: String,
    /// A `#~` entry: no longer in the catalogue, kept by msgmerge.
    pub obsolete: bool,
    /// The entry's text as it stands in the file.
    pub raw: String,
}

impl Entry {
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    /// Where the message comes from, for messages naming it.
    pub fn place(&self) -> String {
        self.refs.first().cloned().unwrap_or_else(|| "(no reference)".to_string())
    }

    /// The first line of the msgid, shortened: how a report names a message.
    pub fn short(&self) -> String {
        let first = self.msgid.lines().next().unwrap_or("");
        let mut s: String = first.chars().take(70).collect();
        if s.len() < self.msgid.len() {
            s.push('…');
        }
        s
    }
}

/// What is wrong in a PO file, and on which line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct ParseError {
    /// 1-based.
    pub line: usize,
    pub problem: Problem,
}

/// What the parser cannot read (each holds the text in question).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// After `msgid `, `msgstr ` or on a continuation line: not `"..."`.
    #[error("expected a quoted string, found `{0}`")]
    NotQuoted(String),
    /// A backslash before a character PO strings do not escape here.
    #[error("unknown escape `\\{0}` in a string (known: \\n, \\t, \\\" and \\\\)")]
    UnknownEscape(char),
    /// `"...\"`: the last quote is escaped, so the string never closes.
    #[error("a string that never closes (its last quote is escaped): `{0}`")]
    Unclosed(String),
    /// A `"..."` line that continues neither a msgid nor a msgstr.
    #[error("a string outside msgid/msgstr: `{0}`")]
    StrayString(String),
    /// A line of no kind this parser knows.
    #[error("cannot read `{0}` (msgctxt and plurals are not used)")]
    Unreadable(String),
}

/// Decodes a PO string literal's contents (`\n`, `\t`, `\"`, `\\`).
fn unquote(s: &str, line: usize) -> Result<String, ParseError> {
    let s = s.trim();
    let at = |problem| ParseError { line, problem };
    let inner = s
        .strip_prefix('"')
        .and_then(|x| x.strip_suffix('"'))
        .ok_or_else(|| at(Problem::NotQuoted(s.to_string())))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => return Err(at(Problem::UnknownEscape(other))),
                None => return Err(at(Problem::Unclosed(s.to_string()))),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Encodes a string as the PO literal(s) of `keyword`, one line per `\n` as
/// msgmerge writes them.
pub fn quote(keyword: &str, s: &str) -> String {
    let esc = |x: &str| x.replace('\\', "\\\\").replace('"', "\\\"").replace('\t', "\\t");
    let parts: Vec<&str> = s.split_inclusive('\n').collect();
    if parts.len() <= 1 && !s.contains('\n') {
        return format!("{keyword} \"{}\"\n", esc(s));
    }
    let mut out = format!("{keyword} \"\"\n");
    for p in parts {
        out.push_str(&format!("\"{}\"\n", esc(p).replace('\n', "\\n")));
    }
    out
}

/// Parses a PO or POT file. The header (empty msgid) is returned like any entry.
pub fn parse(text: &str) -> Result<Vec<Entry>, ParseError> {
    let mut entries = Vec::new();
    let mut cur = Entry::default();
    let mut field: Option<&'static str> = None;
    let mut started = false;
    let finish = |cur: &mut Entry, entries: &mut Vec<Entry>, started: &mut bool| {
        if *started {
            entries.push(std::mem::take(cur));
        }
        *started = false;
    };
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if line.trim().is_empty() {
            finish(&mut cur, &mut entries, &mut started);
            field = None;
            continue;
        }
        started = true;
        cur.raw.push_str(line);
        cur.raw.push('\n');
        // Errors quote the line as it stands in the file.
        let whole = line;
        let (line, obsolete) = match line.strip_prefix("#~") {
            Some(rest) => (rest.trim_start(), true),
            None => (line, false),
        };
        if obsolete {
            cur.obsolete = true;
        }
        if let Some(r) = line.strip_prefix("#:") {
            cur.refs.extend(r.split_whitespace().map(str::to_string));
        } else if let Some(f) = line.strip_prefix("#,") {
            cur.flags.extend(f.split(',').map(|x| x.trim().to_string()));
        } else if line.starts_with('#') {
            // translator, extracted or previous-msgid comments
        } else if let Some(rest) = line.strip_prefix("msgid ") {
            field = Some("msgid");
            cur.msgid = unquote(rest, n)?;
        } else if let Some(rest) = line.strip_prefix("msgstr ") {
            field = Some("msgstr");
            cur.msgstr = unquote(rest, n)?;
        } else if line.trim_start().starts_with('"') {
            let s = unquote(line, n)?;
            match field {
                Some("msgid") => cur.msgid.push_str(&s),
                Some("msgstr") => cur.msgstr.push_str(&s),
                _ => {
                    let problem = Problem::StrayString(whole.to_string());
                    return Err(ParseError { line: n, problem });
                }
            }
        } else {
            let problem = Problem::Unreadable(whole.to_string());
            return Err(ParseError { line: n, problem });
        }
    }
    finish(&mut cur, &mut entries, &mut started);
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_refs_flags_and_multiline_strings() {
        let po = "msgid \"\"\nmsgstr \"Language: zh-CN\\n\"\n\n#: book/a.md:3\n#, fuzzy\nmsgid \"\"\n\"two \\\"quoted\\\"\\n\"\n\"lines\"\nmsgstr \"两行\"\n\n#~ msgid \"old\"\n#~ msgstr \"旧\"\n";
        let e = parse(po).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[1].refs, vec!["book/a.md:3"]);
        assert!(e[1].is_fuzzy());
        assert_eq!(e[1].msgid, "two \"quoted\"\nlines");
        assert_eq!(e[1].msgstr, "两行");
        assert!(e[2].obsolete && e[2].msgid == "old");
    }

    #[test]
    fn quote_round_trips() {
        for s in ["one line", "a\nb\n", "tab\there \"q\" \\ back", "a\nb"] {
            let text = format!("{}{}", quote("msgid", s), quote("msgstr", ""));
            let e = parse(&text).unwrap();
            assert_eq!(e[0].msgid, s);
        }
    }

    /// Each kind of mistake is named with its line and the text in question.
    #[test]
    fn a_bad_line_is_named() {
        let header = "msgid \"\"\nmsgstr \"\"\n\n";
        let cases = [
            ("msgid \"a\"\nmsgstr \"b\"\nnonsense\n", 6, Problem::Unreadable("nonsense".into())),
            ("msgctxt \"c\"\nmsgid \"a\"\n", 4, Problem::Unreadable("msgctxt \"c\"".into())),
            ("msgid a\n", 4, Problem::NotQuoted("a".into())),
            ("msgid \"a\"\nmsgstr \"b\"\n\"c\n", 6, Problem::NotQuoted("\"c".into())),
            ("msgid \"a\\rb\"\n", 4, Problem::UnknownEscape('r')),
            ("msgid \"a\"\nmsgstr \"b\\\"\n", 5, Problem::Unclosed("\"b\\\"".into())),
            ("#, fuzzy\n\"c\"\n", 5, Problem::StrayString("\"c\"".into())),
            ("#~ msgid \"old\"\n#~ nonsense\n", 5, Problem::Unreadable("#~ nonsense".into())),
        ];
        for (entry, line, problem) in cases {
            let e = parse(&format!("{header}{entry}")).unwrap_err();
            assert_eq!(e, ParseError { line, problem }, "{entry}");
        }
        let e = parse("msgid \"a\\rb\"\n").unwrap_err().to_string();
        assert_eq!(e, r#"line 1: unknown escape `\r` in a string (known: \n, \t, \" and \\)"#);
        let e = parse("msgid \"a\"\nmsgstr \"b\"\nnonsense\n").unwrap_err().to_string();
        assert_eq!(e, "line 3: cannot read `nonsense` (msgctxt and plurals are not used)");
    }
}
