//! mdBook's own interface in a translated edition: the menu's buttons and their
//! tooltips, the theme names, the search bar, the keyboard-shortcut help, the
//! previous/next links, and what mdBook's scripts create later (the code blocks'
//! buttons, the line above the search results).
//!
//! mdBook 0.5 has no setting for these texts, so [`translate_edition`] rewrites
//! them in the built pages, and the page is Chinese before any script runs (for a
//! reader without JavaScript, a search engine, the PDF, a screen reader at first
//! paint). What mdBook's scripts create at run time is translated by
//! `book/theme/zh-ui.js`, whose table [`translate_edition`] writes into the built
//! copy from the same [`ZH_CN`]: one table, so the two cannot drift.
//! `booki18n editions` and `bookcheck browser` fail on any of its English left.

use std::path::Path;

/// One edition's interface texts.
pub struct Interface {
    /// English, exactly as mdBook 0.5.4 writes it (an attribute's value or an
    /// element's whole text), and its translation.
    pub texts: &'static [(&'static str, &'static str)],
    /// The keyboard-shortcut help's sentences, as HTML with their `<kbd>` keys.
    pub help: &'static [(&'static str, &'static str)],
    /// The line above the search results (written by mdBook's searcher.js at
    /// run time): `{n}` the count, `{q}` the query.
    pub results: &'static str,
    pub no_results: &'static str,
}

/// The Chinese edition's interface.
pub const ZH_CN: Interface = Interface {
    texts: &[
        ("Toggle Table of Contents", "显示或隐藏目录"),
        ("Table of contents", "目录"),
        ("Change theme", "更换主题"),
        ("Themes", "主题"),
        ("Auto", "自动"),
        ("Light", "浅色"),
        ("Coal", "炭黑"),
        ("Navy", "深蓝"),
        ("Search (`/`)", "搜索（快捷键 /）"),
        ("Toggle Searchbar", "显示或隐藏搜索栏"),
        ("Search this book ...", "搜索本书……"),
        ("Print this book", "打印本书"),
        ("Previous chapter", "上一章"),
        ("Next chapter", "下一章"),
        ("Page navigation", "翻页"),
        ("Keyboard shortcuts", "键盘快捷键"),
        // Created at run time by mdBook's scripts (zh-ui.js translates them).
        ("Search Result Teaser", "搜索结果摘要"),
        ("Copy to clipboard", "复制到剪贴板"),
        ("Copied!", "已复制！"),
        ("Show hidden lines", "显示隐藏的代码行"),
        ("Hide lines", "隐藏代码行"),
    ],
    help: &[
        (
            "Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters",
            "按 <kbd>←</kbd> 或 <kbd>→</kbd> 在章节之间翻页",
        ),
        (
            "Press <kbd>S</kbd> or <kbd>/</kbd> to search in the book",
            "按 <kbd>S</kbd> 或 <kbd>/</kbd> 在书中搜索",
        ),
        ("Press <kbd>?</kbd> to show this help", "按 <kbd>?</kbd> 显示本帮助"),
        ("Press <kbd>Esc</kbd> to hide this help", "按 <kbd>Esc</kbd> 隐藏本帮助"),
    ],
    results: "找到 {n} 个与“{q}”相关的结果：",
    no_results: "没有找到与“{q}”相关的结果。",
};

/// The interface of `lang`'s edition, if it is translated.
pub fn of(lang: &str) -> Option<&'static Interface> {
    match lang {
        "zh-CN" => Some(&ZH_CN),
        _ => None,
    }
}

/// Names of themes and keys that every edition writes the same.
pub const SAME_IN_EVERY_LANGUAGE: [&str; 3] = ["Rust", "Ayu", "Esc"];

/// The attributes whose values a reader hears or sees as interface text.
pub const ATTRIBUTES: [&str; 4] = ["title", "aria-label", "placeholder", "alt"];

/// The line of `book/theme/zh-ui.js` that the build replaces with the table.
pub const JS_TABLE_LINE: &str =
    "const UI = { texts: [], help: [] }; // nnlearn: the table (bookops)";

/// The page's chrome and its `<main>` (the chapter), as byte ranges: the
/// interface is everything but the chapter.
pub fn main_range(html: &str) -> std::ops::Range<usize> {
    match (html.find("<main>"), html.rfind("</main>")) {
        (Some(a), Some(b)) if b >= a => a..b,
        _ => html.len()..html.len(),
    }
}

/// `html` with the interface translated outside `<main>`.
pub fn translate_page(html: &str, ui: &Interface) -> String {
    let m = main_range(html);
    let chrome = |s: &str| {
        let mut s = s.to_string();
        for (en, zh) in ui.texts {
            for a in ATTRIBUTES {
                s = s.replace(&format!("{a}=\"{en}\""), &format!("{a}=\"{zh}\""));
            }
            s = s.replace(&format!(">{en}<"), &format!(">{zh}<"));
        }
        for (en, zh) in ui.help {
            s = s.replace(&format!("<p>{en}</p>"), &format!("<p>{zh}</p>"));
        }
        s
    };
    format!("{}{}{}", chrome(&html[..m.start]), &html[m.clone()], chrome(&html[m.end..]))
}

/// A JSON string.
fn json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The table as the JavaScript line that replaces [`JS_TABLE_LINE`].
pub fn js_table(ui: &Interface) -> String {
    let pairs = |t: &[(&str, &str)]| {
        t.iter()
            .map(|(en, zh)| format!("[{}, {}]", json(en), json(zh)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "const UI = {{ texts: [{}], help: [{}], results: {}, noResults: {} }}; // from tools/bookops/src/interface.rs",
        pairs(ui.texts),
        pairs(ui.help),
        json(ui.results),
        json(ui.no_results)
    )
}

/// Translates the interface of every page of the edition built in `dir` and
/// writes the table into its `theme/zh-ui.js`; returns how many pages changed.
/// Does nothing for an edition without a table (the English, the identity test).
pub fn translate_edition(dir: &Path, lang: &str) -> std::io::Result<usize> {
    use crate::at;
    let Some(ui) = of(lang) else { return Ok(0) };
    let mut changed = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| at(dir, "listing", e))? {
        let path = entry.map_err(|e| at(dir, "listing", e))?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).map_err(|e| at(&path, "reading", e))?;
            let out = translate_page(&html, ui);
            if out != html {
                std::fs::write(&path, out).map_err(|e| at(&path, "writing", e))?;
                changed += 1;
            }
        }
    }
    let js = dir.join("theme").join("zh-ui.js");
    let text = std::fs::read_to_string(&js).map_err(|e| at(&js, "reading", e))?;
    if !text.contains(JS_TABLE_LINE) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: no line `{JS_TABLE_LINE}` to put the table in", js.display()),
        ));
    }
    let with_table = text.replace(JS_TABLE_LINE, &js_table(ui));
    std::fs::write(&js, with_table).map_err(|e| at(&js, "writing", e))?;
    Ok(changed)
}

/// The interface texts of a page of `lang`'s edition left untranslated: every
/// English text of the table, and any attribute of [`ATTRIBUTES`] or text outside
/// `<main>`, `<script>`, `<style>`, `<svg>` and `<kbd>` that has Latin words and
/// no Han (a text mdBook may add in a later version).
pub fn english_left(html: &str, lang: &str) -> Vec<String> {
    let Some(ui) = of(lang) else { return Vec::new() };
    let m = main_range(html);
    let raw_chrome = format!("{}{}", &html[..m.start], &html[m.end..]);
    let chrome = without_elements(&raw_chrome, &["script", "style", "svg", "kbd", "template"]);
    let mut found = Vec::new();
    let han =
        |s: &str| s.chars().any(|c| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'));
    let latin_word = |s: &str| {
        s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 2)
            && !SAME_IN_EVERY_LANGUAGE.contains(&s.trim())
    };
    for a in ATTRIBUTES {
        let needle = format!(" {a}=\"");
        for (i, _) in chrome.match_indices(&needle) {
            let v = &chrome[i + needle.len()..];
            let v = &v[..v.find('"').unwrap_or(v.len())];
            if latin_word(v) && !han(v) {
                found.push(format!("{a}=\"{v}\""));
            }
        }
    }
    for piece in chrome.split('<').skip(1) {
        let text = piece.split_once('>').map_or("", |(_, t)| t).trim();
        if !text.is_empty() && latin_word(text) && !han(text) && !text.starts_with("!--") {
            found.push(text.to_string());
        }
    }
    for (en, _) in ui.help {
        if raw_chrome.contains(en) {
            found.push(format!("help: {en}"));
        }
    }
    found.sort();
    found.dedup();
    found
}

/// `html` without the elements named (their contents too) and without comments.
fn without_elements(html: &str, names: &[&str]) -> String {
    let mut s = html.to_string();
    while let Some(a) = s.find("<!--") {
        let end = s[a..].find("-->").map_or(s.len(), |e| a + e + 3);
        s.replace_range(a..end, "");
    }
    for name in names {
        let (open, close) = (format!("<{name}"), format!("</{name}>"));
        let mut from = 0;
        while let Some(a) = s[from..].find(&open).map(|k| from + k) {
            // `<svg` but not `<svgfoo`; `<kbd>`, `<script src=...>`.
            let next = s[a + open.len()..].chars().next();
            if !matches!(next, Some(' ' | '>' | '\n')) {
                from = a + open.len();
                continue;
            }
            let end = s[a..].find(&close).map_or(s.len(), |e| a + e + close.len());
            s.replace_range(a..end, "");
            from = a;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chrome of a page as mdBook 0.5.4 writes it (shortened from a built page).
    const PAGE: &str = r#"<!DOCTYPE HTML>
<html lang="zh-CN" class="light sidebar-visible" dir="ltr">
<head><meta name="viewport" content="width=device-width, initial-scale=1"><script>const x = "Light";</script></head>
<body>
<div id="mdbook-help-container">
  <h2 class="mdbook-help-title">Keyboard shortcuts</h2>
  <div>
    <p>Press <kbd>←</kbd> or <kbd>→</kbd> to navigate between chapters</p>
    <p>Press <kbd>S</kbd> or <kbd>/</kbd> to search in the book</p>
    <p>Press <kbd>?</kbd> to show this help</p>
    <p>Press <kbd>Esc</kbd> to hide this help</p>
  </div>
</div>
<nav id="mdbook-sidebar" class="sidebar" aria-label="Table of contents"></nav>
<label id="mdbook-sidebar-toggle" class="icon-button" for="x" title="Toggle Table of Contents" aria-label="Toggle Table of Contents" aria-controls="mdbook-sidebar">
  <span class=fa-svg><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 448 512"><!--! Font Awesome Free 6.2.0 --><path d="M0 96"/></svg></span>
</label>
<button id="mdbook-theme-toggle" class="icon-button" type="button" title="Change theme" aria-label="Change theme" aria-haspopup="true"></button>
<ul id="mdbook-theme-list" class="theme-popup" aria-label="Themes" role="menu">
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-default_theme">Auto</button></li>
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-light">Light</button></li>
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-rust">Rust</button></li>
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-coal">Coal</button></li>
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-navy">Navy</button></li>
  <li role="none"><button role="menuitem" class="theme" id="mdbook-theme-ayu">Ayu</button></li>
</ul>
<button id="mdbook-search-toggle" class="icon-button" type="button" title="Search (`/`)" aria-label="Toggle Searchbar" aria-expanded="false"></button>
<h1 class="menu-title">神经网络如何学习：用 Rust 实现</h1>
<a href="print.html" title="Print this book" aria-label="Print this book"></a>
<input type="search" id="mdbook-searchbar" name="searchbar" placeholder="Search this book ..." aria-controls="x">
<main><p>Light, and a Next chapter of English prose, left alone: <a title="Next chapter">x</a></p></main>
<nav class="nav-wrapper" aria-label="Page navigation">
  <a rel="prev" href="a.html" class="mobile-nav-chapters previous" title="Previous chapter" aria-label="Previous chapter" aria-keyshortcuts="Left"></a>
  <a rel="next prefetch" href="b.html" class="mobile-nav-chapters next" title="Next chapter" aria-label="Next chapter" aria-keyshortcuts="Right"></a>
</nav>
</body></html>"#;

    #[test]
    fn the_built_chrome_is_translated_and_the_chapter_left_alone() {
        assert!(english_left(PAGE, "zh-CN").len() > 20, "{:?}", english_left(PAGE, "zh-CN"));
        let zh = translate_page(PAGE, &ZH_CN);
        assert_eq!(english_left(&zh, "zh-CN"), Vec::<String>::new());
        assert!(zh.contains("<p>按 <kbd>Esc</kbd> 隐藏本帮助</p>"));
        assert!(zh.contains(r#"placeholder="搜索本书……""#));
        assert!(zh.contains(">深蓝</button>") && zh.contains(">Rust</button>"));
        assert!(zh.contains(r#"const x = "Light";"#), "scripts are not interface");
        let main = |s: &str| s[main_range(s)].to_string();
        assert_eq!(main(&zh), main(PAGE), "the chapter is translated by the catalogue");
        assert_eq!(translate_page(&zh, &ZH_CN), zh, "idempotent");
    }

    /// The check can fail: each kind of English left is named.
    #[test]
    fn english_left_in_the_chrome_is_named() {
        let zh = translate_page(PAGE, &ZH_CN);
        let cases = [
            (r#"title="下一章""#, r#"title="Next chapter""#, r#"title="Next chapter""#),
            (">深蓝<", ">Navy<", "Navy"),
            (
                "<p>按 <kbd>?</kbd> 显示本帮助</p>",
                "<p>Press <kbd>?</kbd> to show this help</p>",
                "help: Press",
            ),
            // A text of a later mdBook, not in the table.
            (
                "</nav>\n</body>",
                "<a title=\"Suggest an edit\"></a></nav>\n</body>",
                "Suggest an edit",
            ),
        ];
        for (zh_text, en_text, named) in cases {
            let broken = zh.replacen(zh_text, en_text, 1);
            assert_ne!(broken, zh, "{zh_text}");
            let left = english_left(&broken, "zh-CN");
            assert!(left.iter().any(|l| l.contains(named)), "{named}: {left:?}");
        }
        assert!(english_left(PAGE, "en").is_empty(), "the English edition is English");
    }

    /// The built edition's pages and its `theme/zh-ui.js` are rewritten; a script
    /// without the line the table replaces, or no script, is an error naming it.
    #[test]
    fn an_edition_is_translated_and_a_script_without_the_line_named() {
        let dir = std::env::temp_dir().join(format!("bookops-edition-{}", std::process::id()));
        let js = dir.join("theme").join("zh-ui.js");
        std::fs::create_dir_all(js.parent().unwrap()).unwrap();
        std::fs::write(dir.join("a.html"), PAGE).unwrap();
        let e = translate_edition(&dir, "zh-CN").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
        assert!(e.to_string().starts_with(&format!("reading {}: ", js.display())), "{e}");

        std::fs::write(&js, "// the table's line is gone\n").unwrap();
        let e = translate_edition(&dir, "zh-CN").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        let expected = format!("{}: no line `{JS_TABLE_LINE}` to put the table in", js.display());
        assert_eq!(e.to_string(), expected);

        std::fs::write(&js, format!("a\n{JS_TABLE_LINE}\nb\n")).unwrap();
        std::fs::write(dir.join("a.html"), PAGE).unwrap();
        assert_eq!(translate_edition(&dir, "zh-CN").unwrap(), 1);
        let page = std::fs::read_to_string(dir.join("a.html")).unwrap();
        assert_eq!(english_left(&page, "zh-CN"), Vec::<String>::new());
        let script = std::fs::read_to_string(&js).unwrap();
        assert_eq!(script, format!("a\n{}\nb\n", js_table(&ZH_CN)));
        assert_eq!(translate_edition(&dir, "en").unwrap(), 0, "the English is left alone");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_js_table_is_the_same_table() {
        let line = js_table(&ZH_CN);
        for (en, zh) in ZH_CN.texts.iter().chain(ZH_CN.help) {
            assert!(line.contains(&json(en)) && line.contains(&json(zh)), "{en}");
        }
        assert_eq!(json("a\"b\\c\n"), r#""a\"b\\c\u000a""#);
        let js = std::fs::read_to_string(crate::repo().join("book/theme/zh-ui.js")).unwrap();
        assert!(js.contains(JS_TABLE_LINE), "book/theme/zh-ui.js has the line the build replaces");
        assert!(!line.contains('\n'));
    }
}
