//! Whether a translation is complete and sound: every message of the catalogue
//! translated, none fuzzy, none left over from an older catalogue, and every
//! translation keeping its message's formulas, code and links.

use std::collections::{BTreeMap, HashMap};

use crate::guard;
use crate::po::Entry;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub translated: usize,
    pub untranslated: usize,
    pub fuzzy: usize,
}

/// The parts of a message that a translation must keep: formulas (protected code
/// spans), other code spans, and link targets (an image `figures/x.svg` becomes
/// `figures/zh-CN/x.svg`, the figure drawn with Chinese labels).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Kept {
    pub formulas: BTreeMap<String, usize>,
    pub code: BTreeMap<String, usize>,
    pub links: BTreeMap<String, usize>,
}

/// What a message (or its translation) holds that must be kept.
pub fn kept(text: &str, translation: bool) -> Kept {
    let mut k = Kept::default();
    for span in booksrc::code_spans(text) {
        let code = text[span.inner].trim().to_string();
        let map = if code.len() >= 2 && code.starts_with('$') && code.ends_with('$') {
            &mut k.formulas
        } else {
            &mut k.code
        };
        *map.entry(code).or_default() += 1;
    }
    for link in booksrc::links(text) {
        let mut target = link.target;
        if link.is_image
            && !translation
            && let Some(name) = target.strip_prefix("figures/")
        {
            target = format!("figures/zh-CN/{name}");
        }
        *k.links.entry(target).or_default() += 1;
    }
    k
}

fn diff(what: &str, a: &BTreeMap<String, usize>, b: &BTreeMap<String, usize>) -> Option<String> {
    if a == b {
        return None;
    }
    let missing: Vec<&str> =
        a.iter().filter(|(k, n)| b.get(*k) < Some(n)).map(|(k, _)| k.as_str()).collect();
    let extra: Vec<&str> =
        b.iter().filter(|(k, n)| a.get(*k) < Some(n)).map(|(k, _)| k.as_str()).collect();
    Some(format!("{what}: missing {missing:?}, not in the English {extra:?}"))
}

/// Checks a translation against the catalogue: counts, and one line per problem.
pub fn check(pot: &[Entry], po: &[Entry]) -> (Counts, Vec<String>) {
    let mut problems = Vec::new();
    let mut counts = Counts::default();
    let translations: HashMap<&str, &Entry> = po
        .iter()
        .filter(|e| !e.obsolete && !e.msgid.is_empty())
        .map(|e| (e.msgid.as_str(), e))
        .collect();
    for m in pot.iter().filter(|e| !e.msgid.is_empty()) {
        let name = format!("{}: \"{}\"", m.place(), m.short());
        match translations.get(m.msgid.as_str()) {
            None => {
                counts.untranslated += 1;
                problems.push(format!("untranslated (not in the .po file): {name}"));
            }
            Some(t) if t.is_fuzzy() => {
                counts.fuzzy += 1;
                problems.push(format!("fuzzy: {name}"));
            }
            Some(t) if t.msgstr.trim().is_empty() => {
                counts.untranslated += 1;
                problems.push(format!("untranslated: {name}"));
            }
            Some(t) => {
                counts.translated += 1;
                let (a, b) = (kept(&m.msgid, false), kept(&t.msgstr, true));
                for d in [
                    diff("formulas", &a.formulas, &b.formulas),
                    diff("code", &a.code, &b.code),
                    diff("links", &a.links, &b.links),
                ]
                .into_iter()
                .flatten()
                {
                    problems.push(format!("changed in translation: {name}: {d}"));
                }
                if t.msgstr.contains(guard::DISPLAY) {
                    problems
                        .push(format!("changed in translation: {name}: holds a display formula"));
                }
            }
        }
    }
    let in_pot: std::collections::HashSet<&str> = pot.iter().map(|e| e.msgid.as_str()).collect();
    for e in po.iter().filter(|e| !e.obsolete && !e.msgid.is_empty()) {
        if !in_pot.contains(e.msgid.as_str()) {
            problems.push(format!(
                "no longer in the book (run scripts/i18n-update): \"{}\"",
                e.short()
            ));
        }
    }
    (counts, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::po::parse;

    fn entries(pairs: &[(&str, &str, bool)]) -> Vec<Entry> {
        let mut text = String::new();
        for (id, s, fuzzy) in pairs {
            text.push_str("#: book/x.md:1\n");
            if *fuzzy {
                text.push_str("#, fuzzy\n");
            }
            text.push_str(&crate::po::quote("msgid", id));
            text.push_str(&crate::po::quote("msgstr", s));
            text.push('\n');
        }
        parse(&text).unwrap()
    }

    #[test]
    fn counts_and_names_every_problem() {
        let pot =
            entries(&[("A", "", false), ("B", "", false), ("C", "", false), ("D", "", false)]);
        let po = entries(&[
            ("A", "甲", false),
            ("B", "乙", true),
            ("C", "", false),
            ("Old", "旧", false),
        ]);
        let (c, p) = check(&pot, &po);
        assert_eq!(c, Counts { translated: 1, untranslated: 2, fuzzy: 1 });
        let all = p.join("\n");
        assert!(all.contains("fuzzy: book/x.md:1: \"B\""), "{all}");
        assert!(all.contains("untranslated: book/x.md:1: \"C\""), "{all}");
        assert!(all.contains("not in the .po file): book/x.md:1: \"D\""), "{all}");
        assert!(all.contains("no longer in the book") && all.contains("Old"), "{all}");
    }

    #[test]
    fn formulas_code_and_links_must_be_kept() {
        let id = "The loss `$E$` of `cross_entropy` ([chapter 2](loss-functions.md#x)) ![A plot](figures/a.svg)";
        let good = "损失 `$E$`（`cross_entropy`，[第 2 章](loss-functions.md#x)）![图](figures/zh-CN/a.svg)";
        let bad = "损失 `$F$`（`cross`，[第 2 章](loss-functions.md)）![图](figures/a.svg)";
        let pot = entries(&[(id, "", false)]);
        assert!(check(&pot, &entries(&[(id, good, false)])).1.is_empty());
        let (_, p) = check(&pot, &entries(&[(id, bad, false)]));
        let all = p.join("\n");
        assert!(all.contains("formulas") && all.contains("code") && all.contains("links"), "{all}");
    }

    #[test]
    fn links_are_read_as_commonmark_reads_them() {
        // An image's title is words, translated; a link in a code span is code.
        let id = "![A plot](figures/a.svg \"The loss\") and `[x](y)`";
        let good = "![图](figures/zh-CN/a.svg \"损失\") 和 `[x](y)`";
        let pot = entries(&[(id, "", false)]);
        let (_, p) = check(&pot, &entries(&[(id, good, false)]));
        assert!(p.is_empty(), "{p:?}");
        let k = kept(id, false);
        assert_eq!(k.links.keys().collect::<Vec<_>>(), ["figures/zh-CN/a.svg"]);
        assert_eq!(k.code.keys().collect::<Vec<_>>(), ["[x](y)"]);
    }
}
