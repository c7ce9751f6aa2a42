//! `bookcheck pdf-check`: each edition's PDF checked with poppler's tools
//! (Debian's poppler-utils: pdfinfo, pdffonts, pdftotext, pdftohtml, pdfimages)
//! against what the edition's print page (`print.html`) holds.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use anyhow::{Result, anyhow};
use scraper::{ElementRef, Html, Node, Selector};

use super::Edition;

/// The properties checked; a self-test break names the one it must make fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Property {
    /// A4 pages, their number in the range the book's length allows.
    Pages,
    /// A tagged PDF (its structure tree).
    Tagged,
    /// A bookmark for every chapter (the built table of contents) and every section.
    Outline,
    /// Every font embedded.
    Fonts,
    /// Every chapter's text extractable.
    Text,
    /// The Chinese edition holds the notes' terms.
    Terms,
    /// The formulas are text in KaTeX's fonts (not blank boxes, not pictures).
    Math,
    /// The figures stay vector (no raster image the print page does not hold).
    Figures,
    /// No element id twice in the print page, every `#fragment` link has its target.
    Ids,
    /// Nothing wider than the printed page (measured in the browser before printing).
    Layout,
}

impl Property {
    pub fn name(self) -> &'static str {
        match self {
            Property::Pages => "pages",
            Property::Tagged => "tagged",
            Property::Outline => "outline",
            Property::Fonts => "fonts",
            Property::Text => "text",
            Property::Terms => "terms",
            Property::Math => "math",
            Property::Figures => "figures",
            Property::Ids => "ids",
            Property::Layout => "layout",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub property: Property,
    pub message: String,
}

/// The terms of the notes that the Chinese PDF must contain (issue 23).
pub const ZH_TERMS: [&str; 3] = ["梯度", "损失函数", "过拟合"];

/// A4 in PDF points (1/72 in), as `pdfinfo` prints it, rounded.
const A4_POINTS: (f64, f64) = (595.0, 842.0);

/// The fraction of a chapter's sample phrases that must be found in the PDF's text,
/// and of the formulas' characters that must be set in KaTeX's fonts. Not 1: a page
/// break (and its page number) can fall inside a phrase, and a few characters of a
/// formula are drawn (a fraction bar, a square root) rather than set in a font.
const FOUND: f64 = 0.9;

/// A chapter of the print page.
#[derive(Debug, Default)]
pub struct Chapter {
    pub title: String,
    /// Phrases from the start of its paragraphs, white space removed.
    pub phrases: Vec<String>,
}

/// What the print page says the PDF must hold.
#[derive(Debug, Default)]
pub struct Expected {
    /// The chapters' titles in the built table of contents (`toc.html`).
    pub toc: Vec<String>,
    pub chapters: Vec<Chapter>,
    /// Every heading of the print page, in order, with its level (1 to 6).
    pub headings: Vec<(usize, String)>,
    /// Characters of the formulas as KaTeX renders them (its HTML, not its MathML).
    pub formula_chars: usize,
    /// `<img>` that are not SVG (each may become a raster image in the PDF).
    pub raster_images: usize,
    /// The non-white-space characters of the print page's text.
    pub text_chars: usize,
    pub id_problems: Vec<String>,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// White space collapsed to single spaces, trimmed (headings, bookmarks).
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with every white space removed and the ligatures a PDF may keep undone:
/// what is compared, since line breaks fall in different places in the PDF.
pub fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            // White space, and the zero-width characters KaTeX and browsers insert.
            c if c.is_whitespace()
                || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Elements whose text is not printed: scripts, the widgets (hidden in print, their
/// figures stand beside them), KaTeX's MathML copy (for screen readers, not shown).
fn unprinted(e: &ElementRef<'_>) -> bool {
    let v = e.value();
    matches!(v.name(), "script" | "style" | "noscript" | "template" | "input")
        || v.has_class("nn-widget", scraper::CaseSensitivity::CaseSensitive)
        || v.has_class("katex-mathml", scraper::CaseSensitivity::CaseSensitive)
        || v.attr("hidden").is_some()
}

/// The printed text under `e`.
fn printed_text(e: ElementRef<'_>, out: &mut String) {
    for child in e.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child)
                    && !unprinted(&c)
                {
                    printed_text(c, out);
                }
            }
            _ => {}
        }
    }
}

/// The start of a paragraph's own text, up to its first formula or link (a formula's
/// text comes out of a PDF in layout order, and the print stylesheet writes an
/// external link's address after it): `None` when that start is too short to be
/// a telling sample.
fn phrase(p: ElementRef<'_>) -> Option<String> {
    let mut text = String::new();
    for child in p.children() {
        match child.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(el) => {
                let e = ElementRef::wrap(child)?;
                if el.name() == "a" || el.classes().any(|c| c.starts_with("katex")) || unprinted(&e)
                {
                    break;
                }
                printed_text(e, &mut text);
            }
            _ => {}
        }
        if squeeze(&text).chars().count() >= 40 {
            break;
        }
    }
    let s: String = squeeze(&text).chars().take(30).collect();
    (s.chars().count() >= 12).then_some(s)
}

impl Expected {
    /// Reads an edition's `print.html` and `toc.html`.
    pub fn load(dir: &Path) -> Result<Expected> {
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name))
                .map_err(|e| anyhow!("cannot read {}: {e}", dir.join(name).display()))
        };
        let print = Html::parse_document(&read("print.html")?);
        let toc = Html::parse_document(&read("toc.html")?);
        let mut x = Expected::from_print(&print);
        // The table of contents: the chapter links of SUMMARY.md, as built (translated).
        x.toc = toc
            .select(&sel("ol.chapter li.chapter-item a"))
            .filter(|a| a.value().attr("href").is_some_and(|h| h.ends_with(".html")))
            .map(|a| {
                // mdBook numbers the numbered chapters ("1. Learning from data"): the
                // number is in a <strong> of its own, not part of the heading.
                let mut t = String::new();
                for c in a.children() {
                    match c.value() {
                        Node::Text(s) => t.push_str(s),
                        Node::Element(el) if el.name() != "strong" => {
                            if let Some(e) = ElementRef::wrap(c) {
                                printed_text(e, &mut t);
                            }
                        }
                        _ => {}
                    }
                }
                collapse(&t)
            })
            .collect();
        Ok(x)
    }

    pub fn from_print(doc: &Html) -> Expected {
        let mut x = Expected::default();
        let Some(main) = doc.select(&sel("main")).next() else {
            x.id_problems.push("print.html has no <main>".to_string());
            return x;
        };
        let mut whole = String::new();
        printed_text(main, &mut whole);
        x.text_chars = squeeze(&whole).chars().count();
        for h in main.select(&sel("h1, h2, h3, h4, h5, h6")) {
            if h.ancestors().filter_map(ElementRef::wrap).any(|a| unprinted(&a)) {
                continue;
            }
            let level = h.value().name()[1..].parse().unwrap_or(6);
            let mut t = String::new();
            printed_text(h, &mut t);
            x.headings.push((level, collapse(&t)));
            if level == 1 {
                x.chapters.push(Chapter { title: collapse(&t), phrases: Vec::new() });
            }
        }
        // Each paragraph's phrase goes to the chapter of the last <h1> before it.
        let mut chapter = None::<usize>;
        for e in main.descendants().filter_map(ElementRef::wrap) {
            match e.value().name() {
                "h1" => chapter = Some(chapter.map_or(0, |c| c + 1)),
                "p" => {
                    if let (Some(c), Some(p)) = (chapter, phrase(e))
                        && let Some(ch) = x.chapters.get_mut(c)
                    {
                        ch.phrases.push(p);
                    }
                }
                _ => {}
            }
        }
        for k in main.select(&sel(".katex-html")) {
            let mut t = String::new();
            printed_text(k, &mut t);
            x.formula_chars += squeeze(&t).chars().count();
        }
        x.raster_images = main
            .select(&sel("img"))
            .filter(|i| {
                !i.value()
                    .attr("src")
                    .unwrap_or("")
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("")
                    .ends_with(".svg")
            })
            .count();
        // Ids in the whole page, and the fragment links of the book's text.
        let mut ids = BTreeSet::new();
        for e in doc.select(&sel("[id]")) {
            let id = e.value().attr("id").unwrap_or("");
            if !ids.insert(id.to_string()) {
                x.id_problems.push(format!("the id `{id}` is used more than once"));
            }
        }
        for a in main.select(&sel("a[href^='#']")) {
            let frag = &a.value().attr("href").unwrap_or("#")[1..];
            if !frag.is_empty() && !ids.contains(frag) {
                x.id_problems.push(format!("the link to #{frag} has no target"));
            }
        }
        x.id_problems.dedup();
        x
    }
}

/// Runs one of poppler's tools; its absence is an error naming the package.
fn poppler(tool: &str, args: &[&std::ffi::OsStr]) -> Result<String> {
    let out = Command::new(tool).args(args).output().map_err(|e| {
        anyhow!(
            "cannot run {tool} ({e}): install poppler's tools (Debian/Ubuntu: \
             apt-get install poppler-utils)"
        )
    })?;
    if !out.status.success() {
        return Err(anyhow!("{tool} failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// One bookmark of the PDF's outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub depth: usize,
    pub page: usize,
    pub title: String,
}

/// Decodes the XML entities pdftohtml writes.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Removes the `<b>`, `<i>`, `<a ...>` markup of a pdftohtml text run.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The value of `name="..."` in a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// What `pdftohtml -xml` says: the outline, and how many characters are set in
/// each font family.
#[derive(Debug, Default)]
pub struct Layout {
    pub outline: Vec<Bookmark>,
    pub chars_by_font: HashMap<String, usize>,
}

/// Reads `pdftohtml -xml`'s output (one element per line, as poppler writes it).
pub fn parse_layout(xml: &str) -> Layout {
    let mut l = Layout::default();
    let mut fonts: HashMap<String, String> = HashMap::new();
    let mut depth = 0usize;
    for line in xml.lines() {
        let line = line.trim();
        if line.starts_with("<fontspec ") {
            if let (Some(id), Some(family)) = (attr(line, "id"), attr(line, "family")) {
                // "FAAAAA+KaTeX_Main-Regular": the subset prefix off.
                let family = family.split_once('+').map_or(family, |(_, f)| f);
                fonts.insert(id.to_string(), family.to_string());
            }
        } else if line.starts_with("<text ") {
            let font = attr(line, "font").and_then(|f| fonts.get(f)).cloned().unwrap_or_default();
            let body = line.split_once('>').map_or("", |(_, b)| b);
            let body = body.strip_suffix("</text>").unwrap_or(body);
            *l.chars_by_font.entry(font).or_default() += squeeze(&strip_tags(body)).chars().count();
        } else if line == "<outline>" {
            depth += 1;
        } else if line == "</outline>" {
            depth = depth.saturating_sub(1);
        } else if line.starts_with("<item") {
            let page = attr(line, "page").and_then(|p| p.parse().ok()).unwrap_or(0);
            let body = line.split_once('>').map_or("", |(_, b)| b);
            let body = body.strip_suffix("</item>").unwrap_or(body);
            l.outline.push(Bookmark { depth, page, title: collapse(&strip_tags(body)) });
        }
    }
    l
}

/// The field of `pdfinfo`'s output named `key`.
fn info_field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
}

/// The fonts `pdffonts` lists as not embedded (its `emb` column is `no`).
pub fn unembedded_fonts(listing: &str) -> Vec<String> {
    let mut lines = listing.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    // The columns are fixed-width, under the header; "emb" is the first of three yes/no.
    let Some(emb) = header.find("emb") else { return vec!["(pdffonts printed no header)".into()] };
    lines
        .skip(1)
        .filter(|l| l.get(emb..emb + 3).is_some_and(|v| v.trim() == "no"))
        .map(|l| l.get(..emb).unwrap_or(l).split_whitespace().next().unwrap_or("?").to_string())
        .collect()
}

/// The number of raster images `pdfimages -list` lists (after its two header lines).
fn raster_images(listing: &str) -> usize {
    listing.lines().skip(2).filter(|l| !l.trim().is_empty()).count()
}

/// The inclusive range of page counts accepted for a print page of `chars`
/// characters and `chapters` chapters. An A4 page in the print layout holds at
/// most about 6000 characters (about 60 lines of 100 in the code's small type; a
/// page of prose, fewer); each chapter starts a page. At the other end, an average
/// of less than 700 characters a page would mean pages left blank or type far too
/// large: this book's figures and listings take room, but not that much.
pub fn page_range(chars: usize, chapters: usize) -> (usize, usize) {
    (chapters.max(chars / 6000), (chars / 700).max(chapters) + chapters)
}

/// Checks one edition's PDF against its print page.
pub fn check(pdf: &Path, edition: &Edition, x: &Expected) -> Result<Vec<Finding>> {
    let mut found = Vec::new();
    let mut fail = |property, message: String| found.push(Finding { property, message });
    let p = pdf.as_os_str();
    let os = std::ffi::OsStr::new;

    for problem in &x.id_problems {
        fail(Property::Ids, format!("print.html: {problem}"));
    }

    let info = poppler("pdfinfo", &[p])?;
    let pages: usize = info_field(&info, "Pages").and_then(|v| v.parse().ok()).unwrap_or(0);
    let (lo, hi) = page_range(x.text_chars, x.toc.len());
    if !(lo..=hi).contains(&pages) {
        fail(
            Property::Pages,
            format!(
                "{pages} pages, outside {lo}..={hi} (for {} characters in {} chapters)",
                x.text_chars,
                x.toc.len()
            ),
        );
    }
    // "Page size:       595.22 x 841.92 pts (A4)"
    let size = info_field(&info, "Page size").unwrap_or("");
    let dims: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).take(2).collect();
    if dims.len() != 2 || (dims[0] - A4_POINTS.0).abs() > 2.0 || (dims[1] - A4_POINTS.1).abs() > 2.0
    {
        fail(Property::Pages, format!("the page size is `{size}`, not A4"));
    }
    if info_field(&info, "Tagged") != Some("yes") {
        fail(Property::Tagged, "not a tagged PDF (pdfinfo: Tagged: no)".to_string());
    }

    for font in unembedded_fonts(&poppler("pdffonts", &[p])?) {
        fail(Property::Fonts, format!("the font {font} is not embedded"));
    }

    let images = raster_images(&poppler("pdfimages", &[os("-list"), p])?);
    if images > x.raster_images {
        fail(
            Property::Figures,
            format!(
                "{images} raster image(s), while the print page has {} raster <img>: \
                 a figure (SVG) or formula was turned into pixels",
                x.raster_images
            ),
        );
    }

    let layout =
        parse_layout(&poppler("pdftohtml", &[os("-xml"), os("-i"), os("-stdout"), os("-q"), p])?);
    check_outline(&layout.outline, x, &mut fail);

    let katex: usize =
        layout.chars_by_font.iter().filter(|(f, _)| f.starts_with("KaTeX_")).map(|(_, n)| n).sum();
    if (katex as f64) < FOUND * x.formula_chars as f64 {
        fail(
            Property::Math,
            format!(
                "{katex} characters set in KaTeX's fonts, for {} in the formulas of the \
                 print page: formulas missing, or set in another font (KaTeX's fonts not loaded)",
                x.formula_chars
            ),
        );
    }

    let text = squeeze(&poppler("pdftotext", &[os("-raw"), os("-enc"), os("UTF-8"), p, os("-")])?);
    for c in &x.chapters {
        let n = c.phrases.iter().filter(|ph| text.contains(ph.as_str())).count();
        if c.phrases.is_empty() || (n as f64) < FOUND * c.phrases.len() as f64 {
            let missing: Vec<&String> =
                c.phrases.iter().filter(|ph| !text.contains(ph.as_str())).take(3).collect();
            fail(
                Property::Text,
                format!(
                    "chapter `{}`: {n} of its {} paragraphs' openings found in the PDF's \
                     text (missing, e.g.: {missing:?})",
                    c.title,
                    c.phrases.len()
                ),
            );
        }
    }
    if edition.lang == "zh-CN" {
        for term in ZH_TERMS {
            if !text.contains(term) {
                fail(Property::Terms, format!("the text does not contain {term}"));
            }
        }
    }
    Ok(found)
}

/// The outline: its top level the table of contents' chapters, and all of it the
/// print page's headings, in order.
fn check_outline(outline: &[Bookmark], x: &Expected, fail: &mut impl FnMut(Property, String)) {
    if outline.is_empty() {
        fail(Property::Outline, "the PDF has no outline (no bookmarks)".to_string());
        return;
    }
    // Compared without white space: Chromium drops the space where a heading wraps
    // ("format and loader" over two lines becomes the bookmark "format andloader").
    let top: Vec<String> =
        outline.iter().filter(|b| b.depth == 1).map(|b| squeeze(&b.title)).collect();
    let toc: Vec<String> = x.toc.iter().map(|t| squeeze(t)).collect();
    if top != toc {
        fail(
            Property::Outline,
            format!("the outline's chapters {top:?} are not the table of contents' {toc:?}"),
        );
    }
    let all: Vec<String> = outline.iter().map(|b| squeeze(&b.title)).collect();
    let headings: Vec<String> = x.headings.iter().map(|(_, t)| squeeze(t)).collect();
    if all != headings {
        let at = all.iter().zip(&headings).take_while(|(a, b)| a == b).count();
        fail(
            Property::Outline,
            format!(
                "{} bookmarks for {} headings; the first difference at #{}: bookmark {:?}, heading {:?}",
                all.len(),
                headings.len(),
                at + 1,
                all.get(at),
                headings.get(at)
            ),
        );
    }
    // Nesting: a bookmark's depth follows its heading's level (h1 at 1; a section
    // one deeper than the heading it is under).
    let mut levels: Vec<usize> = Vec::new();
    for (b, (level, title)) in outline.iter().zip(&x.headings) {
        while levels.last().is_some_and(|l| l >= level) {
            levels.pop();
        }
        levels.push(*level);
        if b.depth != levels.len() {
            fail(
                Property::Outline,
                format!(
                    "the bookmark {title:?} is at depth {}, its heading at {}",
                    b.depth,
                    levels.len()
                ),
            );
            break;
        }
    }
}

/// `bookcheck pdf-check`: both editions' PDFs in `dir`, against the build `build`.
pub fn run(dir: &Path, build: &Path) -> Result<Vec<(String, Finding)>> {
    let mut all = Vec::new();
    for e in &super::EDITIONS {
        let pdf = dir.join(e.file);
        if !pdf.is_file() {
            return Err(anyhow!("{} does not exist: run `bookcheck pdf` first", pdf.display()));
        }
        let x = Expected::load(&e.dir(build))?;
        let info = poppler("pdfinfo", &[pdf.as_os_str()])?;
        println!(
            "pdf-check: {}: {} pages, {} bytes; {} bookmarks expected, {} chapters",
            e.file,
            info_field(&info, "Pages").unwrap_or("?"),
            std::fs::metadata(&pdf)?.len(),
            x.headings.len(),
            x.chapters.len()
        );
        for f in check(&pdf, e, &x)? {
            all.push((e.file.to_string(), f));
        }
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_outline_and_the_fonts_of_pdftohtml() {
        let xml = "<pdf2xml>\n<page number=\"1\">\n\
            <fontspec id=\"0\" size=\"15\" family=\"BAAAAA+OpenSans\" color=\"#000000\"/>\n\
            <fontspec id=\"1\" size=\"15\" family=\"FAAAAA+KaTeX_Main-Regular\" color=\"#000000\"/>\n\
            <text top=\"1\" left=\"1\" width=\"9\" height=\"9\" font=\"0\"><b>Loss &amp; gain</b></text>\n\
            <text top=\"1\" left=\"1\" width=\"9\" height=\"9\" font=\"1\">x + y</text>\n\
            </page>\n<outline>\n<item page=\"1\">A &amp; B</item>\n<outline>\n\
            <item page=\"2\">a</item>\n</outline>\n<item page=\"3\">C</item>\n</outline>\n</pdf2xml>\n";
        let l = parse_layout(xml);
        assert_eq!(l.chars_by_font["OpenSans"], 9); // "Loss&gain"
        assert_eq!(l.chars_by_font["KaTeX_Main-Regular"], 3);
        let titles: Vec<(usize, usize, &str)> =
            l.outline.iter().map(|b| (b.depth, b.page, b.title.as_str())).collect();
        assert_eq!(titles, [(1, 1, "A & B"), (2, 2, "a"), (1, 3, "C")]);
    }

    #[test]
    fn finds_fonts_not_embedded() {
        // The layout of poppler 22's pdffonts.
        let listing = "\
name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
AAAAAA+OpenSans-Bold                 CID TrueType      Identity-H       yes yes yes      4  0
Helvetica                            Type 1            WinAnsi          no  no  no       9  0
[none]                               Type 3            Custom           yes no  yes     10  0
";
        assert_eq!(unembedded_fonts(listing), ["Helvetica"]);
    }

    #[test]
    fn phrases_stop_at_formulas_and_links() {
        let doc = Html::parse_document(
            "<main><h1 id=\"a\">A</h1><p>The loss of the network is small <span class=\"katex\">x</span></p>\
             <p>Short <a href=\"https://x\">link</a></p></main>",
        );
        let x = Expected::from_print(&doc);
        assert_eq!(x.chapters.len(), 1);
        assert_eq!(x.chapters[0].phrases, ["Thelossofthenetworkissmall"]);
        assert_eq!(x.headings, [(1, "A".to_string())]);
    }

    #[test]
    fn finds_duplicate_ids_and_dangling_fragments() {
        let doc = Html::parse_document(
            "<main><h1 id=\"a\">A</h1><h2 id=\"a\">B</h2><a href=\"#b\">b</a><a href=\"#a\">a</a></main>",
        );
        let x = Expected::from_print(&doc);
        assert_eq!(
            x.id_problems,
            ["the id `a` is used more than once", "the link to #b has no target"]
        );
    }

    #[test]
    fn the_page_range_grows_with_the_text() {
        assert_eq!(page_range(0, 12), (12, 24));
        assert_eq!(page_range(600_000, 12), (100, 869));
    }
}
