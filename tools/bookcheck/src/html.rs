//! `bookcheck html`: static checks of the built HTML, CSS and JavaScript.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

use crate::assets::{self, Target};
use crate::book::{Book, FormulaCount};
use crate::mathtext;
use crate::report::{Kind, Report};

/// Every file of the build dir, relative to it, `/`-separated, sorted.
pub fn walk(build: &Path) -> std::io::Result<Vec<String>> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                go(root, &path, out)?;
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    go(build, build, &mut out)?;
    out.sort();
    Ok(out)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

fn has_class(e: &ElementRef<'_>, class: &str) -> bool {
    e.value().classes().any(|c| c == class)
}

/// The 1-based line of the first occurrence of `needle` in `raw`.
pub fn line_of(raw: &str, needle: &str) -> Option<usize> {
    raw.find(needle).map(|at| raw[..at].bytes().filter(|b| *b == b'\n').count() + 1)
}

fn at_line(raw: &str, needle: &str) -> String {
    line_of(raw, needle).map_or(String::new(), |l| format!(" (line {l})"))
}

/// The KaTeX formulas rendered in a page: top-level `.katex` elements (a `.katex`
/// inside another is part of it), display ones being children of `.katex-display`.
pub fn rendered_formulas(doc: &Html) -> FormulaCount {
    let mut count = FormulaCount::default();
    for e in doc.select(&sel(".katex")) {
        let nested = e.ancestors().filter_map(ElementRef::wrap).any(|a| has_class(&a, "katex"));
        if nested {
            continue;
        }
        let display =
            e.parent().and_then(ElementRef::wrap).is_some_and(|p| has_class(&p, "katex-display"));
        if display {
            count.display += 1;
        } else {
            count.inline += 1;
        }
    }
    count
}

/// The top-level KaTeX formulas of a page that have no MathML (`<math>` inside):
/// the HTML alone is drawn for the eye, and a screen reader reads nothing of it.
/// Each is given by the start of its visible text.
pub fn formulas_without_mathml(doc: &Html) -> Vec<String> {
    let math = sel("math");
    doc.select(&sel(".katex"))
        .filter(|e| !e.ancestors().filter_map(ElementRef::wrap).any(|a| has_class(&a, "katex")))
        .filter(|e| e.select(&math).next().is_none())
        .map(|e| e.text().collect::<String>().chars().take(40).collect())
        .collect()
}

/// The ids a page's fragments can point to (`id` attributes and `<a name>`).
pub fn ids_of(doc: &Html) -> HashSet<String> {
    let mut ids = HashSet::new();
    for e in doc.select(&sel("[id]")) {
        ids.insert(e.value().attr("id").unwrap_or_default().to_string());
    }
    for e in doc.select(&sel("a[name]")) {
        ids.insert(e.value().attr("name").unwrap_or_default().to_string());
    }
    ids
}

/// Elements whose text is not prose: code, scripts, KaTeX's own output...
fn is_excluded(e: &ElementRef<'_>) -> bool {
    matches!(
        e.value().name(),
        "code"
            | "pre"
            | "script"
            | "style"
            | "kbd"
            | "samp"
            | "template"
            | "textarea"
            | "svg"
            | "math"
            | "head"
            | "noscript"
    ) || e.value().classes().any(|c| c == "katex" || c == "katex-display" || c == "katex-error")
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "blockquote"
            | "section"
            | "nav"
            | "main"
            | "header"
            | "footer"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
            | "br"
            | "hr"
            | "details"
            | "summary"
            | "aside"
            | "article"
            | "form"
            | "button"
            | "body"
            | "caption"
    )
}

/// The prose of a page as lines (one per block), each with the heading it is under.
pub fn prose_lines(doc: &Html) -> Vec<(String, String)> {
    struct Walker {
        section: String,
        line: String,
        out: Vec<(String, String)>,
    }
    impl Walker {
        fn flush(&mut self) {
            let t = self.line.trim();
            if !t.is_empty() {
                self.out.push((self.section.clone(), t.to_string()));
            }
            self.line.clear();
        }
        fn walk(&mut self, node: NodeRef<'_, Node>) {
            match node.value() {
                Node::Text(t) => self.line.push_str(t),
                Node::Element(_) => {
                    let e = ElementRef::wrap(node).expect("element");
                    if is_excluded(&e) {
                        self.line.push(' ');
                        return;
                    }
                    let name = e.value().name();
                    let block = is_block(name);
                    if block {
                        self.flush();
                    }
                    for c in node.children() {
                        self.walk(c);
                    }
                    if block {
                        self.flush();
                    }
                    if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                        self.section = match e.value().attr("id") {
                            Some(id) => format!("#{id}"),
                            None => e.text().collect::<String>().trim().to_string(),
                        };
                    }
                }
                _ => {
                    for c in node.children() {
                        self.walk(c);
                    }
                }
            }
        }
    }
    let mut w = Walker { section: String::new(), line: String::new(), out: Vec::new() };
    if let Some(body) = doc.select(&sel("body")).next() {
        w.walk(*body);
    }
    w.flush();
    w.out
}

/// How an element's URL attribute is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// A link a reader follows (`<a href>`, `<area href>`).
    Navigate,
    /// Something the browser fetches when the page loads.
    Fetch,
}

/// The URL attributes of an element, with how each is used.
fn urls_of(e: &ElementRef<'_>) -> Vec<(&'static str, String, Use)> {
    let el = e.value();
    let name = el.name();
    let mut out = Vec::new();
    for (attr, value) in el.attrs() {
        let usage = match (name, attr) {
            ("a" | "area", "href") => Use::Navigate,
            ("base", _) | ("form", _) => continue,
            (_, "href") => Use::Fetch, // <link>, SVG <use>/<image>
            (_, "src" | "poster" | "background") => Use::Fetch,
            ("object", "data") => Use::Fetch,
            (_, "srcset") => {
                for u in assets::srcset_urls(value) {
                    out.push(("srcset", u, Use::Fetch));
                }
                continue;
            }
            _ => continue,
        };
        let attr: &'static str = match attr {
            "href" => "href",
            "src" => "src",
            "poster" => "poster",
            "background" => "background",
            _ => "data",
        };
        out.push((attr, value.to_string(), usage));
    }
    out
}

/// The parsed HTML files of the build dir, for fragment lookups.
pub struct Pages {
    pub build: PathBuf,
    docs: BTreeMap<String, (String, Html)>,
    ids: BTreeMap<String, HashSet<String>>,
}

impl Pages {
    pub fn load(build: &Path, files: &[String]) -> Pages {
        let mut docs = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for f in files.iter().filter(|f| f.ends_with(".html") || f.ends_with(".htm")) {
            if let Ok(raw) = std::fs::read_to_string(build.join(f)) {
                let doc = Html::parse_document(&raw);
                ids.insert(f.clone(), ids_of(&doc));
                docs.insert(f.clone(), (raw, doc));
            }
        }
        Pages { build: build.to_path_buf(), docs, ids }
    }

    pub fn doc(&self, page: &str) -> Option<&Html> {
        self.docs.get(page).map(|(_, d)| d)
    }

    pub fn ids(&self, page: &str) -> Option<&HashSet<String>> {
        self.ids.get(page)
    }
}

/// Checks one local target (file exists; fragment names an element of an HTML page).
fn check_local(
    pages: &Pages,
    report: &mut Report,
    page: &str,
    what: &str,
    path: &str,
    fragment: Option<&str>,
) {
    let file = assets::file_of(&pages.build, path);
    if !file.is_file() {
        report.error(
            Kind::Link,
            page,
            format!(
                "{what}: {} does not exist in the build dir",
                file.strip_prefix(&pages.build).unwrap_or(&file).display()
            ),
        );
        return;
    }
    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
        return;
    };
    let rel = file.strip_prefix(&pages.build).unwrap_or(&file).to_string_lossy().replace('\\', "/");
    if let Some(ids) = pages.ids(&rel)
        && !ids.contains(fragment)
    {
        report.error(Kind::Link, page, format!("{what}: no element with id `{fragment}` in {rel}"));
    }
}

/// A `<base href>` (mdBook's 404 page has one: its `site-url`) that is not
/// within the site's address `site_url`: published there, the page's links (to
/// its stylesheets, scripts and chapters) would all lead outside the book.
fn base_outside_site(base_href: Option<&str>, site_url: &str) -> Option<String> {
    let b = base_href?;
    (!b.starts_with(site_url)).then(|| {
        format!(
            "<base href=\"{b}\"> is outside the site's address {site_url}: published there, \
             every link of the page leads outside the book (set mdBook's site-url: \
             `cargo xtask build --site-url {site_url}`)"
        )
    })
}

/// Runs every static check on the build dir.
pub fn check(build: &Path, book: &Book, report: &mut Report) {
    check_at(build, "/", book, report);
}

/// [`check`] for a book published at `site_url` (mdBook's `site-url`, which its
/// 404 page uses as `<base href>`): `/zh-CN/` for the Chinese edition.
pub fn check_at(build: &Path, site_url: &str, book: &Book, report: &mut Report) {
    let files = match walk(build) {
        Ok(f) => f,
        Err(e) => {
            report.error(
                Kind::Checker,
                build.display().to_string(),
                format!("cannot read the build dir: {e} (run `mdbook build` first)"),
            );
            return;
        }
    };
    let pages = Pages::load(build, &files);
    if pages.docs.is_empty() {
        report.error(
            Kind::Checker,
            build.display().to_string(),
            "no HTML page in the build dir (run `mdbook build` first)",
        );
        return;
    }

    // Formula counts, page by page, against the sources.
    let mut rendered_total = 0;
    for (page, expected) in book.expected_formulas() {
        let Some(doc) = pages.doc(&page) else {
            report.error(Kind::Link, &page, "listed in SUMMARY.md but not in the build dir");
            continue;
        };
        let got = rendered_formulas(doc);
        rendered_total += got.total();
        if let Some(want) = expected
            && got != want
        {
            let source = book
                .source_of(&page)
                .map_or("the sources of all chapters".to_string(), |p| p.display().to_string());
            report.error(
                Kind::Math,
                &page,
                format!(
                    "{} formulas rendered by KaTeX ({} inline, {} display) \
                     but {source} has {} ({} inline, {} display)",
                    got.total(),
                    got.inline,
                    got.display,
                    want.total(),
                    want.inline,
                    want.display
                ),
            );
        }
    }
    report.notes.push(format!(
        "{} HTML pages checked, {} rendered formulas in the SUMMARY pages (print.html counts \
         them again)",
        pages.docs.len(),
        rendered_total
    ));

    let katex_error = sel(".katex-error");
    let img = sel("img");
    let playground = sel(".playground");
    let style = sel("style");
    let inline_script = sel("script:not([src])");
    let base = sel("base[href]");
    let all = sel("*");

    let html_tag = sel("html");
    let scripts = sel("script[src]");
    for (page, (raw, doc)) in &pages.docs {
        // A Chinese page loads the script that puts mdBook's own interface (its
        // menu, search bar, help and navigation) into Chinese: without it they stay
        // English (book/theme/zh-ui.js).
        let chinese =
            doc.select(&html_tag).next().and_then(|h| h.value().attr("lang")) == Some("zh-CN");
        let translated_ui = doc
            .select(&scripts)
            .any(|s| s.value().attr("src").is_some_and(|src| src.ends_with("theme/zh-ui.js")));
        if chinese && !translated_ui && page.ends_with(".html") {
            report.error(
                Kind::Link,
                page,
                "a Chinese page without theme/zh-ui.js: mdBook's interface would stay English",
            );
        }

        // Unexpanded includes (in code blocks too).
        for (n, line) in raw.lines().enumerate() {
            if let Some(at) = line.find("{{#") {
                let rest = &line[at..];
                let end = rest.find("}}").map_or(rest.len(), |k| k + 2);
                let snippet: String = rest[..end].chars().take(80).collect();
                report.error(
                    Kind::Include,
                    page,
                    format!("unexpanded `{snippet}` (line {})", n + 1),
                );
            }
        }

        // Unrendered math in the prose, and KaTeX's errors.
        for (section, line) in prose_lines(doc) {
            for snippet in mathtext::raw_math(&line) {
                let place =
                    if section.is_empty() { String::new() } else { format!(" (under {section})") };
                report.error(
                    Kind::Math,
                    page,
                    format!("unrendered math in the text: \"{snippet}\"{place}"),
                );
            }
        }
        // Every formula readable by a screen reader: KaTeX's MathML beside its HTML
        // (book.toml: `output = "htmlAndMathml"`).
        let silent = formulas_without_mathml(doc);
        if !silent.is_empty() {
            report.error(
                Kind::Accessibility,
                page,
                format!(
                    "{} formula(s) without MathML (a screen reader reads nothing), e.g. `{}`: \
                     book.toml's [preprocessor.katex] needs output = \"htmlAndMathml\"",
                    silent.len(),
                    silent[0].trim()
                ),
            );
        }
        for e in doc.select(&katex_error) {
            let tex: String = e.text().collect();
            report.error(
                Kind::Math,
                page,
                format!(
                    "katex-error element: {} for `{}`",
                    e.value().attr("title").unwrap_or("(no message)"),
                    tex.trim()
                ),
            );
        }

        // Images.
        for e in doc.select(&img) {
            let src = e.value().attr("src").unwrap_or("");
            if src.trim().is_empty() {
                report.error(Kind::Image, page, "<img> without src");
            }
            if e.value().attr("alt").is_none_or(|a| a.trim().is_empty()) {
                report.error(
                    Kind::Image,
                    page,
                    format!("<img src=\"{src}\"> has no alt text{}", at_line(raw, src)),
                );
            }
        }

        if doc.select(&playground).next().is_some() {
            report.error(
                Kind::External,
                page,
                "has runnable `.playground` code blocks: mdBook's book.js then sends them to \
                 play.rust-lang.org",
            );
        }

        // URLs in attributes.
        let base_href = doc.select(&base).next().and_then(|b| b.value().attr("href"));
        if let Some(problem) = base_outside_site(base_href, site_url) {
            report.error(Kind::Link, page, problem);
        }
        // The site URL is the build dir's root.
        let base_href =
            base_href.map(|b| b.strip_prefix(site_url).map_or(b.to_string(), |r| format!("/{r}")));
        let base_url = assets::base_url(page, base_href.as_deref());
        for e in doc.select(&all) {
            let tag = e.value().name();
            for (attr, value, usage) in urls_of(&e) {
                let what = format!("<{tag} {attr}=\"{value}\">{}", at_line(raw, &value));
                match assets::classify(&value, &base_url) {
                    Target::Skip => {}
                    Target::External(u) => match usage {
                        Use::Navigate => report.warning(
                            Kind::ExternalLink,
                            page,
                            format!("link to another host: {u}"),
                        ),
                        Use::Fetch => report.error(
                            Kind::External,
                            page,
                            format!("{what} loads a resource from another host"),
                        ),
                    },
                    Target::Local { path, fragment } => {
                        check_local(&pages, report, page, &what, &path, fragment.as_deref());
                    }
                }
            }
            if let Some(css) = e.value().attr("style") {
                check_css(
                    &pages,
                    report,
                    page,
                    &base_url,
                    css,
                    raw,
                    &format!("style attribute of <{tag}>"),
                );
            }
        }
        for s in doc.select(&style) {
            let css: String = s.text().collect();
            check_css(&pages, report, page, &base_url, &css, raw, "<style>");
        }
        for s in doc.select(&inline_script) {
            let js: String = s.text().collect();
            for u in assets::js_urls(&js) {
                report.warning(
                    Kind::External,
                    page,
                    format!(
                        "inline <script> holds the URL {} (a string, not loaded by itself: the \
                         browser check records every real request){}",
                        u.url,
                        at_line(raw, &u.url)
                    ),
                );
            }
        }
    }

    // Stylesheets and scripts.
    for f in &files {
        if f.ends_with(".css") {
            let Ok(css) = std::fs::read_to_string(build.join(f)) else {
                continue;
            };
            let base_url = assets::base_url(f, None);
            for u in assets::css_urls(&css) {
                let what = format!(
                    "{} {} (line {})",
                    if u.import { "@import" } else { "url()" },
                    u.url,
                    u.line
                );
                match assets::classify(&u.url, &base_url) {
                    Target::Skip => {}
                    Target::External(_) => report.error(
                        Kind::External,
                        f,
                        format!("{what} loads a resource from another host"),
                    ),
                    Target::Local { path, .. } if u.url.starts_with('#') => {
                        let _ = path; // an SVG reference inside the document
                    }
                    Target::Local { path, .. } => {
                        check_local(&pages, report, f, &what, &path, None);
                    }
                }
            }
        } else if f.ends_with(".js") || f.ends_with(".mjs") {
            let Ok(js) = std::fs::read_to_string(build.join(f)) else {
                continue;
            };
            for u in assets::js_urls(&js) {
                report.warning(
                    Kind::External,
                    f,
                    format!(
                        "string literal holds the URL {} (line {}): loaded only if that code \
                         runs; the browser check records every real request",
                        u.url, u.line
                    ),
                );
            }
        }
    }
}

fn check_css(
    pages: &Pages,
    report: &mut Report,
    page: &str,
    base_url: &url::Url,
    css: &str,
    raw: &str,
    place: &str,
) {
    for u in assets::css_urls(css) {
        let what = format!("url({}) in {place}{}", u.url, at_line(raw, &u.url));
        match assets::classify(&u.url, base_url) {
            Target::Skip => {}
            Target::External(_) => report.error(
                Kind::External,
                page,
                format!("{what} loads a resource from another host"),
            ),
            Target::Local { .. } if u.url.starts_with('#') => {}
            Target::Local { path, .. } => check_local(pages, report, page, &what, &path, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 404 page of a site published under /nnlearn/ must have its base
    /// there: mdBook's default, `/`, is caught; the edition's own address passes.
    #[test]
    fn a_base_outside_the_site_is_caught() {
        assert_eq!(base_outside_site(None, "/nnlearn/"), None);
        assert_eq!(base_outside_site(Some("/nnlearn/"), "/nnlearn/"), None);
        assert_eq!(base_outside_site(Some("/nnlearn/zh-CN/"), "/nnlearn/zh-CN/"), None);
        let e = base_outside_site(Some("/"), "/nnlearn/").unwrap();
        assert!(e.contains("<base href=\"/\"> is outside the site's address /nnlearn/"), "{e}");
        assert!(base_outside_site(Some("/zh-CN/"), "/nnlearn/zh-CN/").is_some());
    }

    #[test]
    fn counts_top_level_formulas() {
        let doc = Html::parse_document(
            r#"<p><span class="katex"><span class="katex"></span></span> and
               <span class="katex-display"><span class="katex"></span></span></p>"#,
        );
        assert_eq!(rendered_formulas(&doc), FormulaCount { inline: 1, display: 1 });
    }

    #[test]
    fn finds_formulas_without_mathml() {
        let doc = Html::parse_document(
            r#"<p><span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span>
               <span class="katex-html">x</span></span> and
               <span class="katex"><span class="katex-html">y²</span></span></p>"#,
        );
        assert_eq!(formulas_without_mathml(&doc), vec!["y²".to_string()]);
    }

    #[test]
    fn prose_skips_code_and_katex() {
        let doc = Html::parse_document(
            r#"<body><h2 id="s">S</h2><p>a <code>$x$</code> <span class="katex">\frac</span> $y <em>z</em>$</p><pre>$q$</pre></body>"#,
        );
        let lines = prose_lines(&doc);
        let raw: Vec<String> = lines.iter().flat_map(|(_, l)| mathtext::raw_math(l)).collect();
        assert_eq!(raw.len(), 1, "{lines:?}");
        assert!(raw[0].contains("$y z$"));
        assert_eq!(lines.last().unwrap().0, "#s");
    }
}
