//! `bookcheck self-test`: breaks a copy of the built book on purpose and checks
//! that the checkers notice every break.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use crate::book::Book;
use crate::browser;
use crate::html;
use crate::report::{Kind, Problem, Report, Severity};

/// One deliberate break.
#[derive(Debug, Clone)]
pub struct Break {
    pub label: &'static str,
    pub page: String,
    /// What was done to the page.
    pub how: String,
    /// Findings of these kinds on that page count as detecting it.
    pub kinds: Vec<Kind>,
    /// Whether the static check must detect it (it cannot see what only a browser does).
    pub html: bool,
    /// Whether the browser check must detect it too.
    pub browser: bool,
}

pub(crate) use bookops::copy_dir;

/// The end of the `<span ...>` element that starts at `start` (after its `</span>`).
fn span_end(raw: &str, start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let open = raw[i..].find("<span").map(|k| i + k);
        let close = raw[i..].find("</span>").map(|k| i + k);
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                i = o + 5;
            }
            (_, Some(c)) => {
                depth = depth.checked_sub(1)?;
                i = c + 7;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => return None,
        }
    }
}

/// Where to insert something visible in a page: just after `<main>`.
fn after_main(raw: &str) -> Option<usize> {
    raw.find("<main>").map(|k| k + "<main>".len())
}

fn insert_after_main(raw: &mut String, what: &str) -> Result<()> {
    let at = after_main(raw).ok_or_else(|| anyhow!("no <main> in the page"))?;
    raw.insert_str(at, what);
    Ok(())
}

/// (e) A page declared Chinese whose interface stays English: the script that
/// translates mdBook's interface (book/theme/zh-ui.js) no longer loaded.
fn break_interface(raw: &mut String) -> Result<String> {
    let tag = raw
        .find("theme/zh-ui.js")
        .and_then(|k| raw[..k].rfind("<script").map(|a| (a, k)))
        .and_then(|(a, k)| raw[k..].find("</script>").map(|e| (a, k + e + "</script>".len())))
        .ok_or_else(|| anyhow!("no theme/zh-ui.js script in the page"))?;
    raw.replace_range(tag.0..tag.1, "");
    let html = raw.find("<html").ok_or_else(|| anyhow!("no <html> in the page"))?;
    let lang = raw[html..].find("lang=\"").map(|k| html + k + "lang=\"".len());
    let lang = lang.ok_or_else(|| anyhow!("no lang on <html>"))?;
    let end = raw[lang..].find('"').map(|k| lang + k).ok_or_else(|| anyhow!("bad lang"))?;
    raw.replace_range(lang..end, "zh-CN");
    Ok("declared zh-CN, theme/zh-ui.js not loaded".to_string())
}

/// (a) A rendered formula replaced by raw TeX.
fn break_formula(raw: &mut String) -> Result<String> {
    const RAW: &str = "$\\frac{1}{2}$";
    if let Some(k) = raw.find("<span class=\"katex\">") {
        let display = "<span class=\"katex-display\">";
        let start = if raw[..k].ends_with(display) { k - display.len() } else { k };
        let end = span_end(raw, start).ok_or_else(|| anyhow!("unbalanced KaTeX span"))?;
        raw.replace_range(start..end, RAW);
        Ok(format!("replaced a rendered .katex formula by the text {RAW}"))
    } else {
        insert_after_main(raw, &format!("<p>Half is {RAW}.</p>"))?;
        Ok(format!("no rendered formula in the book yet: inserted the text {RAW} into the page"))
    }
}

/// (b) An image pointing to a missing file.
fn break_image(raw: &mut String) -> Result<String> {
    const MISSING: &str = "figures/bookcheck-missing.svg";
    if let Some(k) = raw.find("<img src=\"") {
        let start = k + "<img src=\"".len();
        let end = start + raw[start..].find('"').ok_or_else(|| anyhow!("unclosed src"))?;
        let old = raw[start..end].to_string();
        raw.replace_range(start..end, MISSING);
        Ok(format!("changed <img src=\"{old}\"> to {MISSING}"))
    } else {
        insert_after_main(raw, &format!("<p><img src=\"{MISSING}\" alt=\"a figure\"></p>"))?;
        Ok(format!("no image in the book yet: inserted <img src=\"{MISSING}\" alt=\"a figure\">"))
    }
}

/// (c) An internal link whose fragment names no element.
fn break_fragment(raw: &mut String) -> Result<String> {
    const NO_ID: &str = "bookcheck-no-such-id";
    let main = after_main(raw).unwrap_or(0);
    let end_main = raw.find("</main>").unwrap_or(raw.len());
    let region = &raw[main..end_main];
    // Prefer a link to another page with a fragment, else a same-page anchor.
    let mut found = None;
    let mut rest = 0;
    while let Some(k) = region[rest..].find("href=\"") {
        let start = rest + k + "href=\"".len();
        let Some(len) = region[start..].find('"') else {
            break;
        };
        let value = &region[start..start + len];
        if !value.contains("://") && value.contains('#') {
            let cross = !value.starts_with('#');
            if found.is_none() || cross {
                found = Some((main + start, value.to_string()));
            }
            if cross {
                break;
            }
        }
        rest = start + len;
    }
    if let Some((at, old)) = found {
        let doc = old.split('#').next().unwrap_or("").to_string();
        let new = format!("{doc}#{NO_ID}");
        raw.replace_range(at..at + old.len(), &new);
        Ok(format!("changed the link href=\"{old}\" to \"{new}\""))
    } else {
        insert_after_main(raw, &format!("<p><a href=\"#{NO_ID}\">see above</a></p>"))?;
        Ok(format!("no link with a fragment: inserted <a href=\"#{NO_ID}\">"))
    }
}

/// (f) A formula whose MathML was dropped (KaTeX's `html` output instead of
/// `htmlAndMathml`): it looks the same, and a screen reader reads nothing.
fn break_mathml(raw: &mut String) -> Result<String> {
    const MATHML: &str = "<span class=\"katex-mathml\">";
    let start = raw.find(MATHML).ok_or_else(|| anyhow!("no KaTeX MathML in the page"))?;
    let end = span_end(raw, start).ok_or_else(|| anyhow!("unbalanced katex-mathml span"))?;
    raw.replace_range(start..end, "");
    Ok("removed the <span class=\"katex-mathml\"> of a formula".to_string())
}

/// (g) A text field without a label: a screen reader announces a field and not
/// what it is for; axe-core (in the browser check) must say so.
fn break_label(raw: &mut String) -> Result<String> {
    insert_after_main(raw, "<p><input type=\"text\" id=\"bookcheck-unlabelled\"></p>")?;
    Ok("inserted a text field without a label".to_string())
}

/// (d) An include left unexpanded.
fn break_include(raw: &mut String) -> Result<String> {
    insert_after_main(raw, "<p>{{#include x}}</p>")?;
    Ok("inserted the text {{#include x}}".to_string())
}

/// Breaks `copy` (a copy of the build dir) and says what was broken where.
pub fn make_breaks(copy: &Path, book: &Book) -> Result<Vec<Break>> {
    let chapters: Vec<&str> = book
        .chapters
        .iter()
        .map(|c| c.page.as_str())
        .filter(|p| copy.join(p).is_file() && *p != "index.html")
        .collect();
    if chapters.is_empty() {
        return Err(anyhow!("no chapter page in the build dir to break"));
    }
    // (a) goes to the first chapter page that has a rendered formula, if any.
    let with_katex = chapters.iter().position(|p| {
        std::fs::read_to_string(copy.join(p)).is_ok_and(|r| r.contains("<span class=\"katex\">"))
    });
    // (f) goes to another page with KaTeX's MathML (a page takes one break).
    let with_mathml = chapters.iter().enumerate().position(|(i, p)| {
        Some(i) != with_katex
            && std::fs::read_to_string(copy.join(p))
                .is_ok_and(|r| r.contains("<span class=\"katex-mathml\">"))
    });
    let with_img = chapters.iter().position(|p| {
        std::fs::read_to_string(copy.join(p)).is_ok_and(|r| r.contains("<img src=\""))
    });
    let mut used = HashSet::new();
    let mut pick = |preferred: Option<usize>| -> String {
        if let Some(i) = preferred.filter(|i| !used.contains(i)) {
            used.insert(i);
            return chapters[i].to_string();
        }
        let i =
            (0..chapters.len()).find(|i| !used.contains(i)).unwrap_or(used.len() % chapters.len());
        used.insert(i);
        chapters[i].to_string()
    };
    type Breaker = fn(&mut String) -> Result<String>;
    /// Label, preferred page, how to break it, the kinds that detect it, whether
    /// the static check must, whether the browser check must.
    type Step = (&'static str, Option<usize>, Breaker, Vec<Kind>, bool, bool);
    let plan: [Step; 7] = [
        ("(a) formula", with_katex, break_formula, vec![Kind::Math], true, true),
        (
            "(b) image path",
            with_img,
            break_image,
            vec![Kind::Image, Kind::Link, Kind::Network],
            true,
            true,
        ),
        ("(c) link fragment", None, break_fragment, vec![Kind::Link], true, true),
        ("(d) include leftover", None, break_include, vec![Kind::Include], true, false),
        (
            "(e) Chinese page, English interface",
            None,
            break_interface,
            vec![Kind::Link],
            true,
            true,
        ),
        (
            "(f) formula without MathML",
            with_mathml,
            break_mathml,
            vec![Kind::Accessibility],
            true,
            false,
        ),
        (
            "(g) text field without a label",
            None,
            break_label,
            vec![Kind::Accessibility],
            false,
            true,
        ),
    ];
    let mut breaks = Vec::new();
    for (label, preferred, breaker, kinds, in_html, in_browser) in plan {
        let page = pick(preferred);
        let file = copy.join(&page);
        let mut raw = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let how = breaker(&mut raw)?;
        std::fs::write(&file, raw)?;
        breaks.push(Break { label, page, how, kinds, html: in_html, browser: in_browser });
    }
    Ok(breaks)
}

fn new_errors<'a>(before: &Report, after: &'a Report) -> Vec<&'a Problem> {
    after
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error && !before.problems.contains(p))
        .collect()
}

fn detected<'a>(b: &Break, found: &[&'a Problem]) -> Vec<&'a Problem> {
    found.iter().filter(|p| p.page == b.page && b.kinds.contains(&p.kind)).copied().collect()
}

/// Prints whether `checker` detected each break; `false` if one went unnoticed.
fn verdict(checker: &str, breaks: &[&Break], found: &[&Problem]) -> bool {
    let mut ok = true;
    for b in breaks {
        let hits = detected(b, found);
        if hits.is_empty() {
            ok = false;
            println!("  {} NOT DETECTED by {checker}", b.label);
        } else {
            println!("  {} detected by {checker}:", b.label);
            for p in hits {
                println!("      {p}");
            }
        }
    }
    ok
}

/// Runs the self-test; `Ok(true)` when every break was detected.
pub fn run(build: &Path, book_src: &Path) -> Result<bool> {
    let mut load_report = Report::default();
    let book = Book::load(book_src, &mut load_report);
    if book.chapters.is_empty() {
        load_report.print("self-test");
        return Err(anyhow!("cannot read the book's chapters"));
    }
    let scratch = tempfile::Builder::new().prefix("bookcheck-selftest-").tempdir()?;
    let copy: PathBuf = scratch.path().join("book");
    copy_dir(build, &copy).with_context(|| format!("copying {}", build.display()))?;
    println!("self-test: copied {} to {}", build.display(), copy.display());
    let breaks = make_breaks(&copy, &book)?;
    for b in &breaks {
        println!("  {} in {}: {}", b.label, b.page, b.how);
    }

    let mut ok = true;

    // Static checks: the intact build, then the broken copy.
    let mut before = Report::default();
    html::check(build, &book, &mut before);
    let mut after = Report::default();
    html::check(&copy, &book, &mut after);
    let found = new_errors(&before, &after);
    println!("html: {} new error(s) in the broken copy", found.len());
    let in_html: Vec<&Break> = breaks.iter().filter(|b| b.html).collect();
    ok &= verdict("html", &in_html, &found);

    // Browser checks on the broken pages only (intact build first, for the baseline).
    let pages: Vec<String> = {
        let mut v: Vec<String> =
            breaks.iter().filter(|b| b.browser).map(|b| b.page.clone()).collect();
        v.dedup();
        v
    };
    let opts = |dir: &Path| browser::Options {
        build: dir.to_path_buf(),
        screenshots: None,
        dark_theme: "navy".to_string(),
        only: Some(pages.clone()),
        jobs: 2,
        site: None,
        queries: Vec::new(),
    };
    let mut before = Report::default();
    browser::check(&opts(build), &book, &mut before)?;
    let mut after = Report::default();
    browser::check(&opts(&copy), &book, &mut after)?;
    let found = new_errors(&before, &after);
    println!("browser: {} new error(s) in the broken copy", found.len());
    let in_browser: Vec<&Break> = breaks.iter().filter(|b| b.browser).collect();
    ok &= verdict("browser", &in_browser, &found);
    // The keyboard's checks of the widgets, on a copy of its own (a site with the
    // widgets' module: the English arrow keys and the Chinese live region broken).
    if build.join("widgets").join("widgets.js").is_file() {
        println!("keyboard: the widgets' keys and live regions, both editions");
        ok &= crate::keyboard::self_test(build)?;
    } else {
        println!("keyboard: NOT RUN, {} has no widgets/widgets.js", build.display());
        ok = false;
    }
    if ok {
        println!("self-test: every break was detected");
    } else {
        println!("self-test: FAILED, some breaks went unnoticed");
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_a_katex_span_whole() {
        let mut raw = "<main><p>a <span class=\"katex\"><span class=\"katex-mathml\"><math><mi>x</mi></math></span><span class=\"katex-html\"><span>x</span></span></span> b</p></main>".to_string();
        break_formula(&mut raw).unwrap();
        assert_eq!(raw, "<main><p>a $\\frac{1}{2}$ b</p></main>");
        let mut raw = "<main><span class=\"katex-display\"><span class=\"katex\"><span>y</span></span></span></main>".to_string();
        break_formula(&mut raw).unwrap();
        assert_eq!(raw, "<main>$\\frac{1}{2}$</main>");
    }

    #[test]
    fn breaks_a_fragment() {
        let mut raw = "<main><h1 id=\"t\"><a class=\"header\" href=\"#t\">T</a></h1><a href=\"x.html#y\">x</a></main>".to_string();
        break_fragment(&mut raw).unwrap();
        assert!(raw.contains("href=\"x.html#bookcheck-no-such-id\""));
        assert!(raw.contains("href=\"#t\""));
    }
}
