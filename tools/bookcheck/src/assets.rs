//! URLs in HTML attributes, CSS and JavaScript, and where they point.

use std::path::{Path, PathBuf};

use url::Url;

/// The host relative URLs are resolved against (never contacted).
pub const BOOK_HOST: &str = "book.invalid";

/// Where a URL found in the book points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `data:`, `mailto:`, `javascript:`, `about:`, an empty URL: nothing to check.
    Skip,
    /// Another host: `http:`, `https:`, `//host`, or any other network scheme.
    External(String),
    /// A file of the build dir (path relative to it, `/`-separated, percent-decoded)
    /// and an optional `#fragment` (percent-decoded).
    Local { path: String, fragment: Option<String> },
}

/// The URL a page at `page` (relative to the build dir) resolves relative URLs against,
/// honouring a `<base href>` when there is one.
pub fn base_url(page: &str, base_href: Option<&str>) -> Url {
    let root = Url::parse(&format!("http://{BOOK_HOST}/")).expect("static URL");
    let page_url = root.join(page).unwrap_or_else(|_| root.clone());
    let mut url = match base_href {
        Some(b) => page_url.join(b).unwrap_or(page_url),
        None => page_url,
    };
    // Remember the page itself, for same-page anchors.
    url.set_query(None);
    url.query_pairs_mut().append_pair("page", page);
    url
}

/// Percent-decodes a URL path or fragment.
pub fn decode(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page a base URL was made for (see [`base_url`]).
fn base_url_page(base: &Url) -> String {
    base.query_pairs()
        .find(|(k, _)| k == "page")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| decode(base.path().trim_start_matches('/')))
}

/// Classifies a URL found in a file that resolves relative URLs against `base`.
pub fn classify(raw: &str, base: &Url) -> Target {
    let raw = raw.trim();
    if raw.is_empty() {
        return Target::Skip;
    }
    if raw.starts_with("//") {
        return Target::External(raw.to_string());
    }
    if let Some(fragment) = raw.strip_prefix('#') {
        // A same-page anchor. (Under a `<base href>`, as in mdBook's 404.html, a browser
        // would resolve it against the base; mdBook means the page itself.)
        let page = base_url_page(base);
        return Target::Local { path: page, fragment: Some(decode(fragment)) };
    }
    if let Some((scheme, _)) = raw.split_once(':') {
        let is_scheme = !scheme.is_empty()
            && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.');
        if is_scheme {
            return match scheme.to_ascii_lowercase().as_str() {
                "data" | "mailto" | "tel" | "javascript" | "about" | "blob" => Target::Skip,
                _ => Target::External(raw.to_string()),
            };
        }
    }
    let Ok(url) = base.join(raw) else {
        return Target::Local { path: raw.to_string(), fragment: None };
    };
    if url.host_str() != Some(BOOK_HOST) {
        return Target::External(raw.to_string());
    }
    Target::Local {
        path: decode(url.path().trim_start_matches('/')),
        fragment: url.fragment().map(decode),
    }
}

/// The file a local path names: a directory (or an empty path) means its `index.html`.
pub fn file_of(build: &Path, path: &str) -> PathBuf {
    let mut f = build.join(path);
    if path.is_empty() || path.ends_with('/') || f.is_dir() {
        f = f.join("index.html");
    }
    f
}

/// A `url(...)` or `@import` found in CSS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    pub line: usize,
    pub url: String,
    pub import: bool,
}

/// The `url(...)`s and `@import`s of a stylesheet (comments skipped).
pub fn css_urls(css: &str) -> Vec<CssUrl> {
    let b = css.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let line_at = |i: usize| b[..i].iter().filter(|c| **c == b'\n').count() + 1;
    let starts_ci = |i: usize, word: &str| {
        b.len() >= i + word.len() && b[i..i + word.len()].eq_ignore_ascii_case(word.as_bytes())
    };
    // Reads a quoted string or a bare url(...) argument starting at `j`.
    let read_arg = |mut j: usize, bare_until: u8| -> (String, usize) {
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
            let q = b[j];
            let start = j + 1;
            let mut k = start;
            while k < b.len() && b[k] != q {
                if b[k] == b'\\' {
                    k += 1;
                }
                k += 1;
            }
            let end = k.min(b.len());
            (css[start..end].to_string(), end + 1)
        } else {
            let start = j;
            let mut k = start;
            while k < b.len() && b[k] != bare_until && !b[k].is_ascii_whitespace() {
                k += 1;
            }
            (css[start..k].to_string(), k)
        }
    };
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i = css[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 2);
            continue;
        }
        if b[i] == b'"' || b[i] == b'\'' {
            // A string outside url()/@import (e.g. `content: "..."`): skip it.
            let q = b[i];
            i += 1;
            while i < b.len() && b[i] != q {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if starts_ci(i, "url(") && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'-')
        {
            let (u, next) = read_arg(i + 4, b')');
            out.push(CssUrl { line: line_at(i), url: u, import: false });
            i = next.max(i + 4);
            continue;
        }
        if starts_ci(i, "@import") {
            let mut j = i + 7;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if starts_ci(j, "url(") {
                let (u, next) = read_arg(j + 4, b')');
                out.push(CssUrl { line: line_at(i), url: u, import: true });
                i = next.max(j + 4);
            } else {
                let (u, next) = read_arg(j, b';');
                out.push(CssUrl { line: line_at(i), url: u, import: true });
                i = next.max(j + 1);
            }
            continue;
        }
        i += 1;
    }
    out
}

/// A string literal of JavaScript that holds a URL to another host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsUrl {
    pub line: usize,
    pub url: String,
}

/// The URLs to other hosts (`http://`, `https://`, `//host.tld`) inside the string
/// literals of a script; comments and regular expression literals are skipped.
pub fn js_urls(js: &str) -> Vec<JsUrl> {
    let b = js.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    // The last significant byte of code, to tell a regex literal from a division.
    let mut prev: u8 = b'(';
    let mut prev_word = String::new();
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = js[i + 2..].find("*/").map_or(b.len(), |k| i + 2 + k + 2);
            line += b[i..end].iter().filter(|x| **x == b'\n').count();
            i = end;
            continue;
        }
        if c == b'"' || c == b'\'' || c == b'`' {
            let start_line = line;
            let mut j = i + 1;
            while j < b.len() && b[j] != c {
                if b[j] == b'\\' {
                    j += 1;
                } else if b[j] == b'\n' {
                    line += 1;
                    if c != b'`' {
                        break;
                    }
                }
                j += 1;
            }
            let end = j.min(b.len());
            let lit = &js[i + 1..end];
            for u in urls_in_literal(lit) {
                out.push(JsUrl { line: start_line, url: u });
            }
            i = end + 1;
            prev = b'"';
            prev_word.clear();
            continue;
        }
        let regex_allowed = b"(,=:[!&|?{};+-*%<>~^".contains(&prev)
            || matches!(
                prev_word.as_str(),
                "return" | "typeof" | "case" | "do" | "else" | "in" | "of" | "void" | "throw"
            );
        if c == b'/' && regex_allowed {
            let mut j = i + 1;
            let mut in_class = false;
            while j < b.len() && b[j] != b'\n' {
                match b[j] {
                    b'\\' => j += 1,
                    b'[' => in_class = true,
                    b']' => in_class = false,
                    b'/' if !in_class => break,
                    _ => {}
                }
                j += 1;
            }
            i = j + 1;
            prev = b'"';
            prev_word.clear();
            continue;
        }
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$') {
                i += 1;
            }
            prev_word = js[start..i].to_string();
            prev = b'a';
            continue;
        }
        prev = c;
        prev_word.clear();
        i += 1;
    }
    out
}

fn urls_in_literal(lit: &str) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["http://", "https://"] {
        let mut rest = lit;
        while let Some(k) = rest.find(scheme) {
            let after = &rest[k + scheme.len()..];
            if after.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
                let end = after
                    .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '`')
                    .unwrap_or(after.len());
                out.push(format!("{scheme}{}", &after[..end]));
            }
            rest = after;
        }
    }
    if let Some(host) = lit.strip_prefix("//") {
        let name: String = host
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
            .collect();
        if name.contains('.') && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push(lit.to_string());
        }
    }
    out
}

/// The URLs of a `srcset` attribute.
pub fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset.split(',').filter_map(|c| c.split_whitespace().next()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls() {
        let base = base_url("a/page.html", None);
        assert_eq!(
            classify("../x.html#Sec%20one", &base),
            Target::Local { path: "x.html".into(), fragment: Some("Sec one".into()) }
        );
        assert_eq!(
            classify("#top", &base),
            Target::Local { path: "a/page.html".into(), fragment: Some("top".into()) }
        );
        assert!(matches!(classify("https://x.org", &base), Target::External(_)));
        assert!(matches!(classify("//cdn.x.org/a.css", &base), Target::External(_)));
        assert_eq!(classify("data:image/png;base64,AA", &base), Target::Skip);
        assert_eq!(classify("mailto:a@b", &base), Target::Skip);
        let root = base_url("404.html", Some("/"));
        assert_eq!(
            classify("#x", &root),
            Target::Local { path: "404.html".into(), fragment: Some("x".into()) }
        );
        assert_eq!(
            classify("css/a.css", &root),
            Target::Local { path: "css/a.css".into(), fragment: None }
        );
    }

    #[test]
    fn finds_css_urls() {
        let css = "/* url(http://no) */ @import \"x.css\";\n@import url('https://f.io/a.css');\na{background:url( fonts/a.woff2 )} b{content:\"url(no)\"}";
        let u = css_urls(css);
        assert_eq!(
            u.iter().map(|u| u.url.as_str()).collect::<Vec<_>>(),
            vec!["x.css", "https://f.io/a.css", "fonts/a.woff2"]
        );
        assert!(u[0].import && u[1].import && !u[2].import);
        assert_eq!(u[1].line, 2);
    }

    #[test]
    fn finds_js_urls_in_strings_only() {
        let js = "// see https://comment.example\nconst r = /\\/\\/x.org/; let a = 1 / 2 / 3;\nfetch('https://api.example.com/x'); const s = \"//cdn.example.com/y.js\"; /* https://c2 */";
        let u = js_urls(js);
        assert_eq!(
            u.iter().map(|u| u.url.as_str()).collect::<Vec<_>>(),
            vec!["https://api.example.com/x", "//cdn.example.com/y.js"]
        );
        assert_eq!(u[0].line, 3);
    }
}
