//! Comparisons of built editions (plain string scans of mdBook's regular HTML).
//!
//! - [`same_pages`]: two builds of the same text (the English, and the English put
//!   through the whole translation pipeline with msgstr = msgid) give the same
//!   pages, up to white space: the proof that the preprocessor order loses nothing.
//! - [`editions`]: the Chinese pages have the English pages' sections (the same
//!   heading ids, so that links and the language switch land on the same section;
//!   a chapter's title, its `#` heading, is left out: it shares its message with the
//!   table of contents, where an id would show),
//!   the same code and outputs, as many formulas, and the Chinese figures.

use std::path::Path;

use anyhow::{Context, bail};

fn html_pages(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let listing = || format!("listing {}", dir.display());
    for e in std::fs::read_dir(dir).with_context(listing)? {
        let name = e.with_context(listing)?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".html") {
            out.push(name);
        }
    }
    out.sort();
    if out.is_empty() {
        bail!("{} holds no .html page: build the book first", dir.display());
    }
    Ok(out)
}

fn read(dir: &Path, page: &str) -> anyhow::Result<String> {
    let p = dir.join(page);
    std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))
}

/// White space collapsed, the search index's content hash left out.
fn normalised(html: &str) -> String {
    let mut s = html.split_whitespace().collect::<Vec<_>>().join(" ");
    while let Some(p) = s.find("searchindex-") {
        let end = s[p + 12..].find(".js").map_or(s.len(), |e| p + 12 + e);
        s.replace_range(p..end, "searchindex");
        if s[p + 11..].find("searchindex-").is_none() {
            break;
        }
    }
    s
}

/// Every page of `a` is in `b`, the same up to white space.
pub fn same_pages(a: &Path, b: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    for page in html_pages(a)? {
        let (x, y) = (normalised(&read(a, &page)?), normalised(&read(b, &page)?));
        if x != y {
            let i = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
            let ctx = |s: &str| -> String {
                let lo = s.floor_char_boundary(i.saturating_sub(80));
                let hi = s.ceil_char_boundary((i + 80).min(s.len()));
                s[lo..hi].to_string()
            };
            problems.push(format!(
                "{page}: differs at byte {i}:\n    {}\n    {}",
                ctx(&x),
                ctx(&y)
            ));
        }
    }
    Ok(problems)
}

/// The values of `attr="..."` in the tags that start with `tag`.
fn attrs(html: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let needle = format!("{attr}=\"");
    let mut rest = html;
    while let Some(p) = rest.find(tag) {
        let t = &rest[p..];
        let end = t.find('>').unwrap_or(t.len());
        if let Some(a) = t[..end].find(&needle) {
            let v = &t[a + needle.len()..end];
            out.push(v[..v.find('"').unwrap_or(v.len())].to_string());
        }
        rest = &t[1..];
    }
    out
}

/// The contents of every `<pre>` (code and listing outputs).
fn pres(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(p) = rest.find("<pre") {
        let t = &rest[p..];
        let end = t.find("</pre>").unwrap_or(t.len());
        out.push(&t[..end]);
        rest = &t[end..];
    }
    out
}

/// The text a reader sees in a `<pre>`: without the lines mdBook hides (`# ` lines,
/// kept in `<span class="boring">`), the tags, and the HTML escapes.
fn pre_text(pre: &str) -> String {
    let mut s = pre.to_string();
    while let Some(a) = s.find("<span class=\"boring\">") {
        let end = s[a..].find("</span>").map_or(s.len(), |e| a + e + "</span>".len());
        s.replace_range(a..end, "");
    }
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `<main>` of a page: what the chapter holds, without the menus and sidebar.
fn main_of(html: &str) -> &str {
    let a = html.find("<main>").unwrap_or(0);
    let b = html.rfind("</main>").unwrap_or(html.len());
    &html[a..b.max(a)]
}

/// Checks the Chinese edition `zh` against the English one `en`, page by page.
pub fn editions(en: &Path, zh: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = interface(zh)?;
    for page in html_pages(en)? {
        if page == "toc.html" || page == "404.html" {
            continue;
        }
        let (e, z) = (read(en, &page)?, read(zh, &page)?);
        let (e, z) = (main_of(&e), main_of(&z));
        let heading_ids = |h: &str| -> Vec<String> {
            (2..=6).flat_map(|n| attrs(h, &format!("<h{n} "), "id")).collect::<Vec<_>>()
        };
        let (mut he, mut hz) = (heading_ids(e), heading_ids(z));
        he.sort();
        hz.sort();
        if he != hz {
            let missing: Vec<&String> = he.iter().filter(|i| !hz.contains(i)).collect();
            let extra: Vec<&String> = hz.iter().filter(|i| !he.contains(i)).collect();
            problems.push(format!(
                "{page}: the sections differ: English ids not in Chinese {missing:?}, \
                 Chinese ids not in English {extra:?} (give a translated heading its \
                 English id: `标题 {{#english-id}}`)"
            ));
        }
        // The code is shared; only its comments are translated (comments.rs).
        let (pe, pz) = (pres(e), pres(z));
        let (pe, pz): (Vec<String>, Vec<String>) = (
            pe.iter().map(|p| crate::comments::code_only(&pre_text(p))).collect(),
            pz.iter().map(|p| crate::comments::code_only(&pre_text(p))).collect(),
        );
        for p in pres(z).iter().filter(|p| p.contains("language-rust")) {
            for c in crate::comments::comments(&pre_text(p)) {
                if !c.text.chars().any(is_cjk) {
                    problems.push(format!(
                        "{page}: a comment of the code shown is not translated: \"{}\" (scripts/i18n-update names it)",
                        c.text
                    ));
                }
            }
        }
        if pe != pz {
            let n = pe.iter().zip(&pz).take_while(|(a, b)| a == b).count();
            problems.push(format!(
                "{page}: code block {} differs between the editions ({} blocks in English, \
                 {} in Chinese): code and outputs are shared, not translated",
                n + 1,
                pe.len(),
                pz.len()
            ));
        }
        let katex = |h: &str| h.matches("<span class=\"katex\">").count();
        if katex(e) != katex(z) {
            problems.push(format!(
                "{page}: {} formulas in English, {} in Chinese",
                katex(e),
                katex(z)
            ));
        }
        let (ie, iz) = (attrs(e, "<img ", "src"), attrs(z, "<img ", "src"));
        let expected: Vec<String> =
            ie.iter().map(|s| s.replacen("figures/", "figures/zh-CN/", 1)).collect();
        if expected != iz {
            problems
                .push(format!("{page}: images {iz:?}, expected the Chinese figures {expected:?}"));
        }
        for (what, open) in [
            ("a figure's command label", "<p class=\"figure-command\">"),
            ("a <summary>", "<summary>"),
        ] {
            for (i, _) in z.match_indices(open) {
                let text = &z[i + open.len()..];
                let text = &text[..text.find('<').unwrap_or(text.len())];
                if !text.chars().any(is_cjk) {
                    problems.push(format!(
                        "{page}: {what} is not translated: \"{text}\" (add it to tools/booki18n/src/labels.rs)"
                    ));
                }
            }
        }
        for m in crate::han_emphasis::literal_markers(z) {
            problems.push(format!(
                "{page}: an emphasis marker shows as a character next to Han: \"{m}\" \
                 (write *…* in the translation; han_emphasis.rs)"
            ));
        }
        for alt in attrs(z, "<img ", "alt") {
            if !alt.chars().any(is_cjk) {
                problems.push(format!("{page}: an image's alt text is not translated: \"{alt}\""));
            }
        }
    }
    Ok(problems)
}

/// mdBook's interface on every page of the edition in `dir` (the print page, the
/// table of contents and the 404 page too), in the HTML as built: no English left
/// (the table and its translation: tools/bookops/src/interface.rs).
pub fn interface(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    for page in html_pages(dir)? {
        let html = read(dir, &page)?;
        let lang = attrs(&html, "<html ", "lang").into_iter().next().unwrap_or_default();
        let left = bookops::interface::english_left(&html, &lang);
        if !left.is_empty() {
            problems.push(format!(
                "{page}: mdBook's interface is in English in the built HTML: {left:?} \
                 (the table of tools/bookops/src/interface.rs)"
            ));
        }
    }
    Ok(problems)
}

pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_attributes_and_pre_blocks() {
        let h = "<main><h2 id=\"a\"><a>A</a></h2><pre><code>x</code></pre><img src=\"figures/f.svg\" alt=\"图\"></main>";
        assert_eq!(attrs(h, "<h2 ", "id"), vec!["a"]);
        assert_eq!(pres(h), vec!["<pre><code>x</code>"]);
        assert_eq!(attrs(h, "<img ", "src"), vec!["figures/f.svg"]);
    }

    #[test]
    fn code_is_compared_without_its_comments_and_hidden_lines() {
        let en = "<pre><code class=\"language-rust\"><span class=\"boring\">// hidden\n</span>// the loss\nlet s = &quot;a//b&quot;; // one\n</code>";
        let zh = "<pre><code class=\"language-rust\"><span class=\"boring\">// hidden\n</span>// 损失\nlet s = &quot;a//b&quot;; // 一个\n</code>";
        assert_eq!(pre_text(en), "// the loss\nlet s = \"a//b\"; // one\n");
        let code = |p: &str| crate::comments::code_only(&pre_text(p));
        assert_eq!(code(en), code(zh));
        assert_eq!(code(en), "let s = \"a//b\";");
        assert_ne!(code(en), code(&zh.replace("a//b", "a//c")));
    }

    /// `editions` fails on a Chinese page whose interface is left English, and
    /// passes it once the build has translated it (the table: bookops).
    #[test]
    fn an_english_interface_on_a_chinese_page_is_named() {
        let dir = std::env::temp_dir().join(format!("booki18n-interface-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = "<html lang=\"zh-CN\"><body><button title=\"Change theme\"></button>\
                    <ul><li><button>Navy</button></li></ul><main><p>正文 English prose</p></main></body></html>";
        std::fs::write(dir.join("a.html"), page).unwrap();
        std::fs::write(dir.join("en.html"), page.replace("zh-CN", "en")).unwrap();
        let problems = interface(&dir).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("a.html: ") && problems[0].contains("Change theme"));
        assert!(problems[0].contains("Navy") && !problems[0].contains("prose"));
        let zh = bookops::interface::translate_page(page, &bookops::interface::ZH_CN);
        std::fs::write(dir.join("a.html"), zh).unwrap();
        assert_eq!(interface(&dir).unwrap(), Vec::<String>::new());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn white_space_and_index_hash_do_not_count() {
        assert_eq!(
            normalised("<p>a\n  b</p><script src=\"searchindex-12ab.js\">"),
            normalised("<p>a b</p><script src=\"searchindex-ffff.js\">")
        );
        assert_ne!(normalised("<p>a b</p>"), normalised("<p>a c</p>"));
    }
}
