//! `bookcheck browser`: every page of the built book in headless Chromium.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use headless_chrome::protocol::cdp::Target::CreateTarget;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use crate::book::Book;
use crate::html::{self, Pages};
use crate::mathtext;
use crate::report::{Kind, Report};
use bookserve::Server;

/// How `bookcheck browser` runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub build: PathBuf,
    /// Where the PNGs go (`None`: no files are written, the checks still run).
    pub screenshots: Option<PathBuf>,
    /// The dark mdBook theme to check (`navy` or `coal`).
    pub dark_theme: String,
    /// Only these pages (the self-test); `None`: index, every chapter, print.
    pub only: Option<Vec<String>>,
    /// How many pages are checked at once (each in its own window of the one browser).
    pub jobs: usize,
    /// The folder the server serves, when the book is one edition inside a larger
    /// site (the Chinese edition in `zh-CN/`, its language switch pointing to the
    /// English at `../`); `None`: the build dir itself.
    pub site: Option<PathBuf>,
    /// Searches typed on `index.html`, each with the pages its results must include.
    pub queries: Vec<(String, Vec<String>)>,
}

/// Parses `--search QUERY=PAGE[,PAGE...]`.
pub fn parse_query(arg: &str) -> Result<(String, Vec<String>)> {
    let (q, pages) = arg
        .split_once('=')
        .with_context(|| format!("--search `{arg}`: expected QUERY=PAGE[,PAGE...]"))?;
    let pages: Vec<String> =
        pages.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect();
    if q.trim().is_empty() || pages.is_empty() {
        bail!("--search `{arg}`: expected QUERY=PAGE[,PAGE...]");
    }
    Ok((q.trim().to_string(), pages))
}

/// The build dir's place in the served site, as a URL path prefix (`zh-CN/`).
fn site_prefix(opts: &Options) -> Result<String> {
    let Some(site) = &opts.site else { return Ok(String::new()) };
    let (site, build) = (site.canonicalize()?, opts.build.canonicalize()?);
    let rel = build.strip_prefix(&site).map_err(|_| {
        anyhow!("--site {} does not contain the build dir {}", site.display(), build.display())
    })?;
    let mut prefix: String = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    if !prefix.is_empty() {
        prefix.push('/');
    }
    Ok(prefix)
}

pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The Chromium binary: `$CHROMIUM`, else `$CHROME`, else /usr/bin/chromium. Its
/// absence is an error, never a reason to skip.
pub fn chromium_path() -> Result<PathBuf> {
    let (path, from) = match (std::env::var_os("CHROMIUM"), std::env::var_os("CHROME")) {
        (Some(p), _) if !p.is_empty() => (PathBuf::from(p), "$CHROMIUM"),
        (_, Some(p)) if !p.is_empty() => (PathBuf::from(p), "$CHROME"),
        _ => (PathBuf::from(DEFAULT_CHROMIUM), "the default"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        bail!(
            "Chromium not found at {}; install it with `apt-get install chromium` (Debian), \
             or set $CHROMIUM (or $CHROME) to a Chromium or Chrome binary (this path is {from}). \
             The browser checks are never skipped.",
            path.display()
        )
    }
}

/// What the DevTools events said while one page was open.
#[derive(Debug, Default)]
pub(crate) struct Events {
    pub(crate) requests: Vec<String>,
    pub(crate) responses: Vec<(String, u32)>,
    pub(crate) failed: Vec<(String, String)>,
    pub(crate) console: Vec<String>,
    ids: HashMap<String, String>,
}

fn remote_text(o: &Runtime::RemoteObject) -> String {
    match &o.value {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => o.description.clone().unwrap_or_default(),
    }
}

pub(crate) fn listen(tab: &Tab, events: &Arc<Mutex<Events>>, loads: &Arc<AtomicU64>) -> Result<()> {
    let ev = Arc::clone(events);
    let loads = Arc::clone(loads);
    tab.add_event_listener(Arc::new(move |event: &Event| {
        if let Event::PageLoadEventFired(_) = event {
            loads.fetch_add(1, Ordering::SeqCst);
            return;
        }
        let Ok(mut e) = ev.lock() else { return };
        match event {
            Event::NetworkRequestWillBeSent(r) => {
                let url = r.params.request.url.clone();
                e.ids.insert(r.params.request_id.clone(), url.clone());
                e.requests.push(url);
            }
            Event::NetworkResponseReceived(r) => {
                e.responses.push((r.params.response.url.clone(), r.params.response.status));
            }
            Event::NetworkLoadingFailed(f) if f.params.canceled != Some(true) => {
                let url = e
                    .ids
                    .get(&f.params.request_id)
                    .cloned()
                    .unwrap_or_else(|| format!("(request {})", f.params.request_id));
                e.failed.push((url, f.params.error_text.clone()));
            }
            Event::RuntimeConsoleAPICalled(c) => {
                use Runtime::ConsoleAPICalledEventTypeOption as T;
                if matches!(c.params.Type, T::Error | T::Assert) {
                    let text: Vec<String> = c.params.args.iter().map(remote_text).collect();
                    e.console.push(format!("console.error: {}", text.join(" ")));
                }
            }
            Event::RuntimeExceptionThrown(x) => {
                let d = &x.params.exception_details;
                let what = d
                    .exception
                    .as_ref()
                    .and_then(|o| o.description.clone())
                    .unwrap_or_else(|| d.text.clone());
                // The first line (the stack follows), and the page without the theme query.
                let what = what.lines().next().unwrap_or("").to_string();
                let at = d.url.clone().unwrap_or_default();
                let at = at.split('?').next().unwrap_or("").to_string();
                e.console.push(format!(
                    "uncaught exception: {what} ({at}:{}:{})",
                    d.line_number + 1,
                    d.column_number + 1
                ));
            }
            Event::LogEntryAdded(l) if l.params.entry.level == Log::LogEntryLevel::Error => {
                let url = l.params.entry.url.clone().unwrap_or_default();
                e.console.push(format!("log error: {} {url}", l.params.entry.text));
            }
            _ => {}
        }
    }))?;
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })?;
    tab.enable_runtime()?;
    tab.enable_log()?;
    Ok(())
}

/// Evaluates an async expression that resolves to `JSON.stringify(...)`.
pub(crate) fn eval_json(tab: &Tab, expression: &str) -> Result<Value> {
    let r = tab.evaluate(expression, true)?;
    match r.value {
        Some(Value::String(s)) => Ok(serde_json::from_str(&s)?),
        _ => Err(anyhow!(
            "script failed: {}",
            r.description.unwrap_or_else(|| format!("{:?}", r.Type))
        )),
    }
}

/// Sets the mdBook theme from `?bookcheck-theme=` before the page's own scripts run.
const THEME_PRELOAD: &str = r#"(() => {
  try {
    const t = new URLSearchParams(location.search).get('bookcheck-theme');
    if (t) localStorage.setItem('mdbook-theme', t);
  } catch (e) {}
})();"#;

const SETTLE_JS: &str = r#"
  if (document.readyState !== 'complete') {
    await new Promise(r => window.addEventListener('load', r, { once: true }));
  }
  await document.fonts.ready;
  // The interactive figures (book/widgets) mount once their module has loaded, which
  // moves what is below them: wait until each has mounted (or failed, which is reported).
  const started = Date.now();
  const pending = () => [...document.querySelectorAll('[data-widget]')]
    .some(w => w.dataset.mounted !== 'yes' && w.dataset.mounted !== 'failed');
  while (pending() && Date.now() - started < 15000) await new Promise(r => setTimeout(r, 50));
  const imgs = [...document.images];
  await Promise.race([
    Promise.all(imgs.map(i => i.decode().catch(() => null))),
    new Promise(r => setTimeout(r, 3000)),
  ]);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
"#;

/// What a loaded page shows (light theme pass).
const STATE_JS: &str = r#"(async () => {
  SETTLE
  const top = [...document.querySelectorAll('.katex')]
    .filter(e => !(e.parentElement && e.parentElement.closest('.katex')));
  const display = top.filter(e => e.parentElement && e.parentElement.classList.contains('katex-display')).length;
  const main = document.querySelector('#mdbook-content main') || document.querySelector('main') || document.body;
  const hide = document.createElement('style');
  hide.textContent = 'pre, code, kbd, samp, script, style, .katex-mathml { display: none !important; }';
  document.head.appendChild(hide);
  const text = main.innerText;
  hide.remove();
  const origin = location.origin + '/';
  const links = [...document.querySelectorAll('a[href]')]
    .map(a => a.href)
    .filter(h => h.startsWith(origin));
  const images = [...document.images].map(i => ({
    src: i.getAttribute('src') || '',
    url: i.currentSrc || i.src,
    alt: i.getAttribute('alt'),
    complete: i.complete,
    width: i.naturalWidth,
  }));
  const resources = performance.getEntriesByType('resource')
    .concat(performance.getEntriesByType('navigation'))
    .map(e => ({ url: e.name, status: e.responseStatus || 0 }));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id)
    .concat([...document.querySelectorAll('a[name]')].map(a => a.name));
  return JSON.stringify({ katex: top.length, display, text, links, images, resources, ids });
})()"#;

/// Colours of formulas and SVG figures against what is behind them, the theme in
/// force, and the document size (for the full-page screenshot).
const THEME_JS: &str = r#"(async () => {
  SETTLE
  const opaque = c => c && c !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(c);
  const bgOf = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  window.scrollTo(0, 0);
  const top = [...document.querySelectorAll('.katex')]
    .filter(e => !(e.parentElement && e.parentElement.closest('.katex')));
  const katex = top.map(e => ({ color: getComputedStyle(e).color, bg: bgOf(e),
    tex: (e.textContent || '').trim().slice(0, 40) }));
  const svgs = [...document.images]
    .filter(i => /\.svg([?#].*)?$/i.test(i.getAttribute('src') || ''))
    .map(i => {
      const r = i.getBoundingClientRect();
      return { src: i.getAttribute('src'), shown: i.checkVisibility(), bg: getComputedStyle(i).backgroundColor,
               behind: bgOf(i.parentElement), x: r.left + scrollX, y: r.top + scrollY,
               w: r.width, h: r.height };
    });
  const de = document.documentElement;
  return JSON.stringify({
    classes: [...de.classList], stored: localStorage.getItem('mdbook-theme'), katex, svgs,
    width: Math.max(de.scrollWidth, document.body.scrollWidth, innerWidth),
    height: Math.max(de.scrollHeight, document.body.scrollHeight, innerHeight),
    innerWidth, innerHeight,
  });
})()"#;

/// The book's language switch (`book/theme/language-switch.js`), aimed as a reader
/// would aim it: after following a link to the page's first section (its `#id` in
/// the address, the section at the top of the window), and again after reading on to
/// the last section with that stale `#id` still in the address: its target URLs, and
/// the sections read (the heading at the top of the window).
const LANGUAGE_SWITCH_JS: &str = r#"(() => {
  const a = document.querySelector('a.nnlearn-language');
  if (!a) return JSON.stringify({ missing: true });
  const heads = [...document.querySelectorAll('main h2[id], main h3[id], main h4[id]')];
  const h = document.querySelector('main h2[id]');
  const before = location.href;
  const at = (e) => scrollTo(0, e.getBoundingClientRect().top + scrollY - 10);
  const reading = () => {
    let id = null;
    for (const e of heads) { if (e.getBoundingClientRect().top > 80) break; id = e.id; }
    return id;
  };
  if (h) { history.replaceState(null, '', '#' + h.id); at(h); }
  a.dispatchEvent(new Event('focus'));
  const out = { href: a.href, text: a.textContent, id: h ? h.id : null };
  const last = [...document.querySelectorAll('main h2[id]')].pop();
  if (h && last && last !== h) {
    at(last);
    a.dispatchEvent(new Event('focus'));
    out.href2 = a.href;
    out.id2 = reading();
  }
  scrollTo(0, 0);
  history.replaceState(null, '', before);
  return JSON.stringify(out);
})()"#;

/// On a Chinese page: mdBook's interface texts still in English, as the page
/// stands once its scripts ran (the menu's tooltips and labels, the theme names, the
/// search bar, the help popup, the page navigation, the code blocks' buttons): the
/// English of the table that translated them (tools/bookops/src/interface.rs; the
/// build in the HTML, `book/theme/zh-ui.js` what mdBook's scripts create), and any
/// title, label or placeholder outside the chapter with Latin words and no Han
/// (unless marked `lang="en"`).
const UI_ENGLISH_JS: &str = r#"(() => {
  if (document.documentElement.lang !== 'zh-CN') return JSON.stringify({ zh: false, english: [] });
  const EN = ENGLISH_TEXTS;
  const SAME = SAME_TEXTS;
  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  const main = document.querySelector('main');
  const found = new Set();
  for (const el of document.querySelectorAll('*')) {
    // Outside the chapter; not an element marked as another language on purpose
    // (the language switch's link to the English page is `lang="en"`).
    const chrome = !(main && main.contains(el)) && !el.closest('svg, script, style, kbd')
      && (el.closest('[lang]')?.lang || '').startsWith('zh');
    for (const a of ['title', 'aria-label', 'placeholder']) {
      const v = el.getAttribute(a);
      if (v && (EN.includes(v) || (chrome && /[A-Za-z]{2}/.test(v) && !HAN.test(v) && !SAME.includes(v)))) found.add(a + '="' + v + '"');
    }
    if (el.children.length === 0 && EN.includes(el.textContent.trim())) found.add(el.tagName.toLowerCase() + ': ' + el.textContent.trim());
  }
  for (const p of document.querySelectorAll('#mdbook-help-popup p, #mdbook-help-popup h2'))
    if (/\b(Press|navigate|search in the book|this help)\b/.test(p.textContent)) found.add('help: ' + p.textContent.trim());
  const header = document.getElementById('mdbook-searchresults-header');
  if (header && /search results?\b/i.test(header.textContent)) found.add('search header: ' + header.textContent.trim());
  return JSON.stringify({ zh: true, english: [...found] });
})()"#;

/// [`UI_ENGLISH_JS`] with the table's English texts.
fn ui_english_js() -> String {
    let list = |v: Vec<&str>| serde_json::to_string(&v).expect("strings serialize");
    let ui = &bookops::interface::ZH_CN;
    UI_ENGLISH_JS
        .replace("ENGLISH_TEXTS", &list(ui.texts.iter().map(|(en, _)| *en).collect()))
        .replace("SAME_TEXTS", &list(bookops::interface::SAME_IN_EVERY_LANGUAGE.to_vec()))
}

/// Fetches pages (from the page, same origin) and lists their ids.
const FETCH_JS: &str = r#"(async (urls) => {
  const out = {};
  for (const u of urls) {
    try {
      const r = await fetch(u, { cache: 'no-store' });
      let ids = null;
      if (r.ok && (r.headers.get('content-type') || '').includes('html')) {
        const d = new DOMParser().parseFromString(await r.text(), 'text/html');
        ids = [...d.querySelectorAll('[id]')].map(e => e.id)
          .concat([...d.querySelectorAll('a[name]')].map(a => a.name));
      }
      out[u] = { status: r.status, ids };
    } catch (e) {
      out[u] = { status: 0, error: String(e), ids: null };
    }
  }
  return JSON.stringify(out);
})(URLS)"#;

/// Empties the search bar and its results, if the bar is open (then focused): the
/// next query starts afresh. Returns whether it was open.
const RESET_SEARCH_JS: &str = r#"(() => {
  const wrap = document.getElementById('mdbook-search-wrapper');
  const bar = document.getElementById('mdbook-searchbar');
  if (!wrap || !bar || wrap.classList.contains('hidden')) return false;
  bar.value = '';
  const list = document.getElementById('mdbook-searchresults');
  if (list) list.innerHTML = '';
  const header = document.getElementById('mdbook-searchresults-header');
  if (header) header.innerText = '';
  bar.focus();
  return true;
})()"#;

/// Waits for the search results after the word was typed.
const SEARCH_RESULTS_JS: &str = r#"(async () => {
  const bar = document.getElementById('mdbook-searchbar');
  const list = document.getElementById('mdbook-searchresults');
  const wrap = document.getElementById('mdbook-search-wrapper');
  if (!bar || !list) return JSON.stringify({ error: 'no #mdbook-searchbar / #mdbook-searchresults in the page' });
  const t0 = Date.now();
  while (Date.now() - t0 < 5000) {
    if (list.querySelector('a')) break;
    const header = document.getElementById('mdbook-searchresults-header');
    if (header && /no search results/i.test(header.innerText)) break;
    await new Promise(r => setTimeout(r, 50));
  }
  return JSON.stringify({
    open: wrap ? !wrap.classList.contains('hidden') : null,
    value: bar.value,
    header: (document.getElementById('mdbook-searchresults-header') || {}).innerText || '',
    hrefs: [...list.querySelectorAll('a')].map(a => a.href),
    teasers: [...list.querySelectorAll('li')].map(li => ({
      text: (li.querySelector('span.teaser') || {}).innerText || '', marked: li.querySelectorAll('em').length })),
  });
})()"#;

/// Checks that the DevTools events arrive (console, exceptions, requests,
/// responses): without them the page checks would pass blindly.
const CANARY_JS: &str = r#"(async () => {
  console.error('bookcheck-canary-console');
  setTimeout(() => { throw new Error('bookcheck-canary-exception'); }, 0);
  try { await fetch('/bookcheck-canary-missing', { cache: 'no-store' }); } catch (e) {}
  await new Promise(r => setTimeout(r, 200));
  return JSON.stringify({ ok: true });
})()"#;

fn js(template: &str) -> String {
    template.replace("SETTLE", SETTLE_JS)
}

/// A distinctive word of a chapter for the search check: a word of at least 8
/// letters from its first heading or first paragraph, preferring one that no other
/// chapter uses; else the longest word of the page.
pub fn search_word(pages: &Pages, book: &Book, page: &str) -> Option<String> {
    let main = scraper::Selector::parse("main").expect("static selector");
    let first = scraper::Selector::parse("main h1, main h2, main p").expect("static selector");
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let text_of = |p: &str| -> String {
        pages
            .doc(p)
            .and_then(|d| d.select(&main).next())
            .map(|m| m.text().collect::<String>())
            .unwrap_or_default()
    };
    let doc = pages.doc(page)?;
    let mut candidates = Vec::new();
    let mut heading_done = false;
    let mut para_done = false;
    for e in doc.select(&first) {
        let is_heading = e.value().name() != "p";
        if (is_heading && heading_done) || (!is_heading && para_done) {
            continue;
        }
        candidates.extend(words(&e.text().collect::<String>()));
        if is_heading {
            heading_done = true;
        } else {
            para_done = true;
        }
        if heading_done && para_done {
            break;
        }
    }
    let others: Vec<HashSet<String>> = book
        .chapters
        .iter()
        .filter(|c| c.page != page)
        .map(|c| words(&text_of(&c.page)).into_iter().collect())
        .collect();
    let long: Vec<&String> = candidates.iter().filter(|w| w.chars().count() >= 8).collect();
    if let Some(w) =
        long.iter().find(|w| others.iter().all(|o| !o.contains(w.as_str()))).or(long.first())
    {
        return Some((*w).clone());
    }
    let mut all = words(&text_of(page));
    all.extend(candidates);
    all.into_iter().filter(|w| w.chars().count() >= 4).max_by_key(|w| w.chars().count())
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(rgb: (u8, u8, u8)) -> f64 {
    let f = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * f(rgb.0) + 0.7152 * f(rgb.1) + 0.0722 * f(rgb.2)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Parses a computed CSS colour `rgb(r, g, b)` / `rgba(r, g, b, a)` (alpha ignored).
pub fn parse_rgb(s: &str) -> Option<(u8, u8, u8)> {
    let inner = s
        .trim()
        .strip_prefix("rgba(")
        .or_else(|| s.trim().strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    if parts.len() < 3 {
        return None;
    }
    let c = |v: f64| v.round().clamp(0.0, 255.0) as u8;
    Some((c(parts[0]), c(parts[1]), c(parts[2])))
}

/// A decoded screenshot.
struct Shot {
    width: u32,
    height: u32,
    channels: usize,
    pixels: Vec<u8>,
}

impl Shot {
    fn decode(png_bytes: &[u8]) -> Result<Shot> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info()?;
        let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let info = reader.next_frame(&mut buf)?;
        let channels = match info.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Indexed => return Err(anyhow!("indexed PNG after expansion")),
        };
        buf.truncate(info.buffer_size());
        Ok(Shot { width: info.width, height: info.height, channels, pixels: buf })
    }

    fn pixel(&self, x: f64, y: f64) -> Option<(u8, u8, u8)> {
        if x < 0.0 || y < 0.0 {
            return None;
        }
        let (x, y) = (x as u32, y as u32);
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * self.channels;
        let p = &self.pixels[i..i + self.channels];
        Some(if self.channels >= 3 { (p[0], p[1], p[2]) } else { (p[0], p[0], p[0]) })
    }
}

/// The tallest full-page screenshot taken; figures further down are captured alone.
const MAX_SHOT_HEIGHT: f64 = 16000.0;

/// A full-page PNG: the document size, captured beyond the viewport when it is larger.
fn full_page_png(tab: &Tab, width: f64, height: f64, viewport: (f64, f64)) -> Result<Vec<u8>> {
    let beyond = width > viewport.0 || height > viewport.1;
    clip_png(tab, 0.0, 0.0, width.clamp(1.0, 4000.0), height.clamp(1.0, MAX_SHOT_HEIGHT), beyond)
}

/// A PNG of a rectangle of the document (CSS pixels, scale 1); unless `beyond`, the
/// rectangle must be in the viewport.
pub(crate) fn clip_png(
    tab: &Tab,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
    beyond: bool,
) -> Result<Vec<u8>> {
    use base64::Engine as _;
    let data = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport { x, y, width, height, scale: 1.0 }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(beyond),
            optimize_for_speed: Some(true),
        })?
        .data;
    Ok(base64::prelude::BASE64_STANDARD.decode(data)?)
}

/// Everything the run learned about link targets, shared by all pages.
#[derive(Default)]
struct LinkCache {
    /// Document URL (no fragment) -> HTTP status and ids (for HTML pages).
    docs: HashMap<String, (u32, Option<HashSet<String>>)>,
}

/// What all the workers share.
struct Shared<'a> {
    opts: &'a Options,
    /// The build dir's URL path in the served site (`zh-CN/`, or empty).
    prefix: String,
    /// The Chinese pages whose interface was found all Chinese.
    interface_checked: AtomicU64,
    /// Whether every page must have the language switch (the book's theme has one).
    switch_expected: bool,
    /// How many pages' switches were followed to their section.
    switches: AtomicU64,
    book: &'a Book,
    expected: BTreeMap<String, Option<crate::book::FormulaCount>>,
    /// The word searched for in each chapter (computed up front from the static HTML).
    words: HashMap<String, Option<String>>,
    /// The SVG figures whose background was checked, with the theme.
    figures_checked: Mutex<HashSet<(String, String)>>,
    /// The pages still to check, with their place in the list.
    queue: Mutex<std::collections::VecDeque<(usize, String)>>,
}

/// One window of the browser, with its own local server, checking pages in turn.
struct Run<'a> {
    tab: Arc<Tab>,
    server: Server,
    events: Arc<Mutex<Events>>,
    loads: Arc<AtomicU64>,
    shared: &'a Shared<'a>,
    links: LinkCache,
    /// The requests the server answered for the current page (not the checker's own).
    served: Vec<bookserve::Served>,
    /// Every URL the current page requested, for `requests.txt`.
    request_log: String,
}

/// The findings on one page.
struct PageResult {
    index: usize,
    page: String,
    report: Report,
    requests: String,
    seconds: f64,
}

fn split_fragment(u: &str) -> (String, Option<String>) {
    match u.split_once('#') {
        Some((a, f)) => (a.to_string(), Some(f.to_string())),
        None => (u.to_string(), None),
    }
}

impl Run<'_> {
    /// The URL of the book's root: the server's, or the edition's folder in the site.
    fn base(&self) -> String {
        format!("{}{}", self.server.base(), self.shared.prefix)
    }

    fn url_of(&self, page: &str, theme: &str) -> String {
        format!("{}{page}?bookcheck-theme={theme}", self.base())
    }

    /// Opens a page and waits for its `load` event.
    fn load(&self, page: &str, theme: &str) -> Result<()> {
        let before = self.loads.load(Ordering::SeqCst);
        let url = self.url_of(page, theme);
        self.tab.navigate_to(&url)?;
        let t = Instant::now();
        while self.loads.load(Ordering::SeqCst) == before {
            // print.html holds every chapter, each formula with its MathML (1.4 MB):
            // on a loaded machine it can take more than 15 s.
            if t.elapsed() > Duration::from_secs(30) {
                return Err(anyhow!("{url} did not finish loading in 30 s"));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        Ok(())
    }

    fn canary(&mut self, report: &mut Report) -> Result<()> {
        self.load("index.html", "light")?;
        eval_json(&self.tab, CANARY_JS)?;
        std::thread::sleep(Duration::from_millis(300));
        let e = std::mem::take(&mut *self.events.lock().expect("events"));
        self.server.take_log();
        let missing = format!("{}bookcheck-canary-missing", self.server.base());
        let mut blind = Vec::new();
        if !e.console.iter().any(|c| c.contains("bookcheck-canary-console")) {
            blind.push("console.error (Runtime.consoleAPICalled)");
        }
        if !e.console.iter().any(|c| c.contains("bookcheck-canary-exception")) {
            blind.push("uncaught exceptions (Runtime.exceptionThrown)");
        }
        if !e.requests.iter().any(|u| u == &missing) {
            blind.push("requests (Network.requestWillBeSent)");
        }
        if !e.responses.iter().any(|(u, s)| u == &missing && *s == 404) {
            blind.push("HTTP statuses (Network.responseReceived)");
        }
        if !e.console.iter().any(|c| c.starts_with("log error:")) {
            blind.push("browser log errors (Log.entryAdded)");
        }
        for b in blind {
            report.error(
                Kind::Checker,
                "(browser)",
                format!("DevTools events for {b} do not arrive: that check would be blind"),
            );
        }
        Ok(())
    }

    fn check_page(&mut self, page: &str, report: &mut Report) -> Result<()> {
        let base = self.server.base();
        let origin = base.trim_end_matches('/').to_string();
        // Anything that arrived since the last page was drained belongs to no page.
        *self.events.lock().expect("events") = Events::default();
        self.server.take_log();

        // Light theme: what the page shows.
        let debug = std::env::var_os("BOOKCHECK_DEBUG").is_some();
        let t0 = Instant::now();
        let lap = |what: &str| {
            if debug {
                eprintln!("  {page}: {what} at {:.2}s", t0.elapsed().as_secs_f64());
            }
        };
        self.load(page, "light")?;
        lap("light load");
        let state = eval_json(&self.tab, &js(STATE_JS))?;
        lap("state");
        self.check_formulas(page, &state, report);
        self.check_images(page, &state, report);
        self.check_theme(page, "light", report)?;
        self.check_interface_language(page, "light theme", report)?;
        lap("light theme + screenshot");
        crate::axe::report(page, "light", &crate::axe::run(&self.tab, page)?, report);
        lap("axe, light");
        // The link check fetches pages from within the page: those requests are the
        // checker's, not the page's, so what happens meanwhile is set aside.
        let kept = self.server.take_log();
        self.served.extend(kept);
        let mark = {
            let e = self.events.lock().expect("events");
            (e.requests.len(), e.responses.len(), e.failed.len(), e.console.len())
        };
        self.check_links(page, &state, report)?;
        self.check_language_switch(page, report)?;
        {
            let mut e = self.events.lock().expect("events");
            e.requests.truncate(mark.0);
            e.responses.truncate(mark.1);
            e.failed.truncate(mark.2);
            e.console.truncate(mark.3);
        }
        self.server.take_log();
        lap("links");
        if self.shared.book.is_chapter(page) && page != "index.html" {
            self.check_search(page, report)?;
            lap("search");
        }
        if page == "index.html" && !self.shared.opts.queries.is_empty() {
            self.check_queries(page, report)?;
            lap("queries");
        }
        for r in state["resources"].as_array().into_iter().flatten() {
            let url = r["url"].as_str().unwrap_or("").to_string();
            let status = r["status"].as_u64().unwrap_or(0) as u32;
            let mut e = self.events.lock().expect("events");
            e.requests.push(url.clone());
            if status >= 400 {
                e.responses.push((url, status));
            }
        }

        // Dark theme.
        let dark = self.shared.opts.dark_theme.clone();
        self.load(page, &dark)?;
        lap("dark load");
        self.check_theme(page, &dark, report)?;
        self.check_interface_language(page, &format!("{dark} theme"), report)?;
        lap("dark theme + screenshot");
        crate::axe::report(page, &dark, &crate::axe::run(&self.tab, page)?, report);
        lap("axe, dark");
        // The other themes mdBook offers: axe only (the page and its links are the
        // same; what a theme changes is colour, and axe's contrast rules see it).
        for theme in crate::axe::THEMES.iter().filter(|t| **t != "light" && **t != dark) {
            self.load(page, theme)?;
            let classes = eval_json(
                &self.tab,
                "JSON.stringify(document.documentElement.className.split(/\\s+/))",
            )?;
            if !classes.as_array().is_some_and(|c| c.iter().any(|c| c == theme)) {
                report.error(
                    Kind::Checker,
                    page,
                    format!(
                        "could not switch mdBook to the `{theme}` theme (html classes: {classes})"
                    ),
                );
            }
            crate::axe::report(page, theme, &crate::axe::run(&self.tab, page)?, report);
            lap(&format!("axe, {theme}"));
        }

        std::thread::sleep(Duration::from_millis(50));
        let events = std::mem::take(&mut *self.events.lock().expect("events"));
        let mut served = std::mem::take(&mut self.served);
        served.extend(self.server.take_log());

        let page_url = format!("{}{page}", self.base());
        if !events.requests.iter().any(|u| u.starts_with(&page_url)) {
            report.error(
                Kind::Checker,
                page,
                "no request for the page itself was recorded: the network checks are blind",
            );
        }
        let all: BTreeSet<&String> = events.requests.iter().collect();
        self.request_log = format!("{page}: {} requests\n", all.len());
        for u in all {
            let shown: String = if u.starts_with("data:") {
                u.chars().take(40).chain("…".chars()).collect()
            } else {
                u.replace(&base, "/")
            };
            self.request_log.push_str(&format!("  {shown}\n"));
        }
        for c in events.console {
            report.error(Kind::Console, page, c);
        }
        let mut external = BTreeSet::new();
        for u in &events.requests {
            if u.starts_with(&base) || u == &origin {
                continue;
            }
            let scheme = u.split(':').next().unwrap_or("");
            if matches!(scheme, "data" | "about" | "blob") {
                continue;
            }
            external.insert(u.clone());
        }
        for u in external {
            report.error(
                Kind::External,
                page,
                format!("request to another host than the local server: {u}"),
            );
        }
        let mut failures: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (u, s) in &events.responses {
            if *s >= 400 {
                failures.entry(u.clone()).or_default().insert(format!("HTTP {s}"));
            }
        }
        for (u, err) in &events.failed {
            failures.entry(u.clone()).or_default().insert(err.clone());
        }
        for s in served {
            let u = format!(
                "{origin}{}",
                if s.path.starts_with('/') { s.path.clone() } else { format!("/{}", s.path) }
            );
            if s.status >= 400 {
                failures.entry(u).or_default().insert(format!("served with {}", s.status));
            }
        }
        for (u, why) in failures {
            let why: Vec<String> = why.into_iter().collect();
            report.error(Kind::Network, page, format!("request failed: {u} ({})", why.join(", ")));
        }
        Ok(())
    }

    fn check_formulas(&self, page: &str, state: &Value, report: &mut Report) {
        let got = state["katex"].as_u64().unwrap_or(0) as usize;
        let display = state["display"].as_u64().unwrap_or(0) as usize;
        if let Some(Some(want)) = self.shared.expected.get(page)
            && (got != want.total() || display != want.display)
        {
            report.error(
                Kind::Math,
                page,
                format!(
                    "{got} formulas rendered ({display} display) in the browser, the source has \
                     {} ({} display)",
                    want.total(),
                    want.display
                ),
            );
        }
        let text = state["text"].as_str().unwrap_or("");
        for snippet in mathtext::raw_math(text) {
            report.error(
                Kind::Math,
                page,
                format!("the visible text shows raw TeX: \"{snippet}\""),
            );
        }
    }

    fn check_images(&self, page: &str, state: &Value, report: &mut Report) {
        for i in state["images"].as_array().into_iter().flatten() {
            let src = i["src"].as_str().unwrap_or("");
            let loaded =
                i["complete"].as_bool() == Some(true) && i["width"].as_u64().unwrap_or(0) > 0;
            if !loaded {
                report.error(
                    Kind::Image,
                    page,
                    format!(
                        "image <img src=\"{src}\"> did not load ({})",
                        i["url"].as_str().unwrap_or("")
                    ),
                );
            }
            if i["alt"].as_str().is_none_or(|a| a.trim().is_empty()) {
                report.error(
                    Kind::Image,
                    page,
                    format!("image <img src=\"{src}\"> has no alt text"),
                );
            }
        }
    }

    fn check_theme(&mut self, page: &str, theme: &str, report: &mut Report) -> Result<()> {
        let t = eval_json(&self.tab, &js(THEME_JS))?;
        let classes: Vec<&str> =
            t["classes"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !classes.contains(&theme) {
            report.error(
                Kind::Checker,
                page,
                format!(
                    "could not switch mdBook to the `{theme}` theme (html classes: {classes:?})"
                ),
            );
        }
        let width = t["width"].as_f64().unwrap_or(1280.0);
        let height = t["height"].as_f64().unwrap_or(900.0);
        let viewport =
            (t["innerWidth"].as_f64().unwrap_or(0.0), t["innerHeight"].as_f64().unwrap_or(0.0));
        let png_bytes = full_page_png(&self.tab, width, height, viewport).context("screenshot")?;
        if let Some(dir) = &self.shared.opts.screenshots {
            let name = format!("{}.{theme}.png", page.trim_end_matches(".html").replace('/', "__"));
            std::fs::write(dir.join(&name), &png_bytes)
                .with_context(|| format!("writing {}", dir.join(&name).display()))?;
        }

        // Formulas: their colour against what is behind them.
        let mut bad: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for k in t["katex"].as_array().into_iter().flatten() {
            let (c, b) = (k["color"].as_str().unwrap_or(""), k["bg"].as_str().unwrap_or(""));
            match (parse_rgb(c), parse_rgb(b)) {
                (Some(fg), Some(bg)) => {
                    let ratio = contrast(fg, bg);
                    if ratio < 4.5 {
                        let e = bad
                            .entry(format!("{c} on {b} (contrast {ratio:.1}:1, needs 4.5)"))
                            .or_insert((0, String::new()));
                        e.0 += 1;
                        if e.1.is_empty() {
                            e.1 = k["tex"].as_str().unwrap_or("").chars().take(40).collect();
                        }
                    }
                }
                _ => report.error(
                    Kind::Checker,
                    page,
                    format!(
                        "cannot read the colours of a formula in the {theme} theme: `{c}` on `{b}`"
                    ),
                ),
            }
        }
        for (what, (n, tex)) in bad {
            report.error(
                Kind::Contrast,
                page,
                format!("{n} formula(s) unreadable in the {theme} theme: {what}, e.g. `{tex}`"),
            );
        }

        // SVG figures, in the dark theme: a light background behind them (pixels of the
        // screenshot, else the computed style). In the light theme the page is light.
        // print.html repeats the chapters' figures, already checked on their pages.
        let figures: Vec<&Value> = if theme == "light" {
            Vec::new()
        } else {
            t["svgs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| {
                    let key = (s["src"].as_str().unwrap_or("").to_string(), theme.to_string());
                    page != "print.html"
                        || !self.shared.figures_checked.lock().expect("figures").contains(&key)
                })
                .collect()
        };
        let shot = if figures.is_empty() {
            None
        } else {
            Some(Shot::decode(&png_bytes).context("decoding the screenshot")?)
        };
        for s in figures {
            let src = s["src"].as_str().unwrap_or("");
            self.shared
                .figures_checked
                .lock()
                .expect("figures")
                .insert((src.to_string(), theme.to_string()));
            let (x, y) = (s["x"].as_f64().unwrap_or(0.0), s["y"].as_f64().unwrap_or(0.0));
            let (w, h) = (s["w"].as_f64().unwrap_or(0.0), s["h"].as_f64().unwrap_or(0.0));
            let bg = s["bg"].as_str().unwrap_or("");
            let own_bg_light = parse_rgb(bg)
                .filter(|_| !bg.starts_with("rgba") || !bg.ends_with(", 0)"))
                .is_some_and(|c| luminance(c) >= 0.7);
            if s["shown"].as_bool() == Some(false) {
                continue; // e.g. the copy mdBook keeps for its click-to-zoom view
            }
            if w < 2.0 || h < 2.0 {
                report.error(
                    Kind::Image,
                    page,
                    format!("figure {src} is not displayed ({w}x{h} px) in the {theme} theme"),
                );
                continue;
            }
            let d = 6.0_f64.min(w / 4.0).min(h / 4.0);
            let corners = [
                (x + d, y + d),
                (x + w - 1.0 - d, y + d),
                (x + d, y + h - 1.0 - d),
                (x + w - 1.0 - d, y + h - 1.0 - d),
            ];
            let mut samples: Vec<Option<(u8, u8, u8)>> = corners
                .iter()
                .map(|(cx, cy)| shot.as_ref().and_then(|s| s.pixel(*cx, *cy)))
                .collect();
            if !samples.iter().all(Option::is_some) {
                // Below the full-page screenshot: scroll to the figure and capture it alone.
                self.tab
                    .evaluate(&format!("window.scrollTo(0, {}); 0", (y - 60.0).max(0.0)), false)?;
                let alone = clip_png(&self.tab, x, y, w, h, false)
                    .and_then(|png| Shot::decode(&png))
                    .with_context(|| format!("screenshot of {src}"))?;
                samples = corners.iter().map(|(cx, cy)| alone.pixel(cx - x, cy - y)).collect();
            }
            if samples.iter().all(Option::is_some) {
                let dark: Vec<String> = samples
                    .iter()
                    .flatten()
                    .filter(|c| luminance(**c) < 0.7)
                    .map(|c| format!("rgb({}, {}, {})", c.0, c.1, c.2))
                    .collect();
                if !dark.is_empty() {
                    report.error(
                        Kind::Contrast,
                        page,
                        format!(
                            "figure {src} has a dark background in the {theme} theme: \
                             corner pixels {} (img background-color {bg})",
                            dark.join(", ")
                        ),
                    );
                }
            } else if !own_bg_light {
                report.error(
                    Kind::Contrast,
                    page,
                    format!(
                        "figure {src}: its corners could not be sampled and its \
                         background-color is {bg}, not light, in the {theme} theme"
                    ),
                );
            }
        }
        Ok(())
    }

    /// The language switch opens the same page of the other edition, at the same
    /// section (checked where the book has a switch: its edition's pages all must).
    fn check_language_switch(&mut self, page: &str, report: &mut Report) -> Result<()> {
        let r = eval_json(&self.tab, LANGUAGE_SWITCH_JS)?;
        if r["missing"].as_bool() == Some(true) {
            if self.shared.switch_expected {
                report.error(
                    Kind::Link,
                    page,
                    "no language switch (a.nnlearn-language) in the menu bar",
                );
            }
            return Ok(());
        }
        let href = r["href"].as_str().unwrap_or("");
        let (doc, fragment) = split_fragment(href);
        let want = r["id"].as_str().map(str::to_string);
        if fragment != want {
            report.error(
                Kind::Link,
                page,
                format!("the language switch, read at section {want:?}, opens {href} instead of that section"),
            );
        }
        if let Some(href2) = r["href2"].as_str() {
            let want2 = r["id2"].as_str().map(str::to_string);
            if split_fragment(href2).1 != want2 {
                report.error(
                    Kind::Link,
                    page,
                    format!("the language switch, read at section {want2:?} with {want:?} still in the address, opens {href2} instead of the section being read"),
                );
            }
        }
        let page_name = page.rsplit('/').next().unwrap_or(page);
        if !doc.ends_with(&format!("/{page_name}")) {
            report.error(
                Kind::Link,
                page,
                format!("the language switch opens {href}, another page"),
            );
        }
        let expr = FETCH_JS.replace("URLS", &serde_json::to_string(&[&doc])?);
        let got = eval_json(&self.tab, &expr)?;
        let target = &got[doc.as_str()];
        let status = target["status"].as_u64().unwrap_or(0);
        let has_section = want.as_ref().is_none_or(|id| {
            target["ids"].as_array().into_iter().flatten().any(|v| v.as_str() == Some(id))
        });
        if status != 200 || !has_section {
            report.error(
                Kind::Link,
                page,
                format!(
                    "the language switch opens {href}: status {status}{}",
                    if has_section { "" } else { ", and that page has no such section" }
                ),
            );
        } else {
            self.shared.switches.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    fn check_links(&mut self, page: &str, state: &Value, report: &mut Report) -> Result<()> {
        let links: Vec<String> = state["links"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let here = format!("{}{page}", self.base());
        let mut to_fetch: Vec<String> = Vec::new();
        for l in &links {
            let (doc, _) = split_fragment(l);
            let doc = doc.split('?').next().unwrap_or("").to_string();
            if !self.links.docs.contains_key(&doc) && !to_fetch.contains(&doc) {
                to_fetch.push(doc);
            }
        }
        if !to_fetch.is_empty() {
            let expr = FETCH_JS.replace("URLS", &serde_json::to_string(&to_fetch)?);
            let got = eval_json(&self.tab, &expr)?;
            for u in &to_fetch {
                let r = &got[u.as_str()];
                let status = r["status"].as_u64().unwrap_or(0) as u32;
                let ids = r["ids"].as_array().map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect::<HashSet<String>>()
                });
                self.links.docs.insert(u.clone(), (status, ids));
            }
        }
        let live_ids: HashSet<String> = state["ids"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let mut reported = HashSet::new();
        for l in &links {
            let (doc, fragment) = split_fragment(l);
            let doc = doc.split('?').next().unwrap_or("").to_string();
            let Some((status, ids)) = self.links.docs.get(&doc) else {
                continue;
            };
            let shown = l.strip_prefix(&self.base()).unwrap_or(l);
            let shown = match shown.split_once('#') {
                Some((d, f)) => format!("{}#{f}", d.split('?').next().unwrap_or(d)),
                None => shown.split('?').next().unwrap_or(shown).to_string(),
            };
            if *status != 200 {
                if reported.insert(doc.clone()) {
                    report.error(
                        Kind::Link,
                        page,
                        format!("internal link {shown}: the target is served with HTTP {status}"),
                    );
                }
                continue;
            }
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let fragment = crate::assets::decode(&fragment);
            let on_this_page = doc == here;
            let found = ids.as_ref().is_some_and(|ids| ids.contains(&fragment))
                || (on_this_page && live_ids.contains(&fragment));
            if ids.is_some() && !found && reported.insert(l.clone()) {
                report.error(
                    Kind::Link,
                    page,
                    format!(
                        "internal link {shown}: no element with id `{fragment}` on the target page"
                    ),
                );
            }
        }
        Ok(())
    }

    /// Types `word` into the search bar (opened with `s` the first time) and returns
    /// what the results show: an `error`, or `open`, `value`, `header` and `hrefs`.
    fn search(&mut self, word: &str) -> Result<Value> {
        let open = self.tab.evaluate(RESET_SEARCH_JS, false)?.value;
        if open != Some(Value::Bool(true)) {
            self.tab.evaluate(
                "window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur(); 0",
                false,
            )?;
            self.tab.press_key("s")?;
            std::thread::sleep(Duration::from_millis(100));
        }
        // Type the word: all but its last letter as text, the last one as a real key
        // press (mdBook searches on `keyup`). A last letter that no key types (a
        // Chinese character) goes in as text too, and `End` gives the keyup.
        let split = word.char_indices().last().map_or(0, |(i, _)| i);
        if word[split..].is_ascii() {
            if split > 0 {
                self.tab.send_character(&word[..split])?;
            }
            self.tab.type_str(&word[split..])?;
        } else {
            self.tab.send_character(word)?;
            self.tab.press_key("End")?;
        }
        eval_json(&self.tab, SEARCH_RESULTS_JS)
    }

    fn check_search(&mut self, page: &str, report: &mut Report) -> Result<()> {
        let Some(word) = self.shared.words.get(page).cloned().flatten() else {
            report.error(
                Kind::Search,
                page,
                "no word of 4 letters or more in the page to search for",
            );
            return Ok(());
        };
        let r = self.search(&word)?;
        if let Some(e) = r["error"].as_str() {
            report.error(Kind::Search, page, format!("search: {e}"));
            return Ok(());
        }
        let target = format!("{}{page}", self.base());
        let hrefs: Vec<&str> =
            r["hrefs"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let hit = hrefs.iter().any(|h| {
            let doc = h.split(['#', '?']).next().unwrap_or("");
            doc == target
        });
        if !hit {
            report.error(
                Kind::Search,
                page,
                format!(
                    "searching for `{word}` (typed after pressing `s`; search bar open: {}, \
                     value `{}`) gives {} result(s), none linking to this page; header: \"{}\"",
                    r["open"],
                    r["value"].as_str().unwrap_or(""),
                    hrefs.len(),
                    r["header"].as_str().unwrap_or("").trim()
                ),
            );
        } else {
            report.notes.push(format!("search `{word}` finds {page} ({} results)", hrefs.len()));
        }
        // The results and the line above them are mdBook's too (created now).
        self.check_interface_language(page, "search results shown", report)
    }

    /// On the Chinese edition's pages, no text of mdBook's interface is left in
    /// English (in either theme, and with search results shown): `when` says which.
    fn check_interface_language(
        &mut self,
        page: &str,
        when: &str,
        report: &mut Report,
    ) -> Result<()> {
        let r = eval_json(&self.tab, &ui_english_js())?;
        let english: Vec<&str> =
            r["english"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !english.is_empty() {
            report.error(
                Kind::Link,
                page,
                format!("mdBook's interface is in English on a Chinese page ({when}): {english:?} (tools/bookops/src/interface.rs, book/theme/zh-ui.js)"),
            );
        } else if r["zh"].as_bool() == Some(true) && when == "light theme" {
            self.shared.interface_checked.fetch_add(1, Ordering::SeqCst);
        }
        Ok(())
    }

    /// The `--search` queries, typed one after the other: each must find its pages.
    fn check_queries(&mut self, page: &str, report: &mut Report) -> Result<()> {
        for (query, want) in &self.shared.opts.queries {
            let r = self.search(query)?;
            if let Some(e) = r["error"].as_str() {
                report.error(Kind::Search, page, format!("search `{query}`: {e}"));
                continue;
            }
            let base = self.base();
            let mut found: Vec<String> = Vec::new();
            for h in r["hrefs"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                let doc = h.split(['#', '?']).next().unwrap_or("");
                let doc = doc.strip_prefix(&base).unwrap_or(doc).to_string();
                if !found.contains(&doc) {
                    found.push(doc);
                }
            }
            // A Chinese query: the line above the results in Chinese, and short
            // teasers with the query marked (book/theme/zh-ui.js).
            if query.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                let header = r["header"].as_str().unwrap_or("");
                if !header.contains('找') && !header.contains("没有找到") {
                    report.error(
                        Kind::Search,
                        page,
                        format!("search `{query}`: the line above the results is not Chinese: \"{header}\""),
                    );
                }
                let teasers: Vec<&Value> = r["teasers"].as_array().into_iter().flatten().collect();
                let long = teasers
                    .iter()
                    .filter(|t| t["text"].as_str().unwrap_or("").chars().count() > 100)
                    .count();
                let marked =
                    teasers.iter().filter(|t| t["marked"].as_u64().unwrap_or(0) > 0).count();
                if long > 0 || marked < teasers.len() {
                    report.error(
                        Kind::Search,
                        page,
                        format!(
                            "search `{query}`: {long} of {} teasers longer than 100 characters, {marked} results with the query marked in their heading or teaser (all must be)",
                            teasers.len()
                        ),
                    );
                }
            }
            let missing: Vec<&String> = want.iter().filter(|w| !found.contains(w)).collect();
            if missing.is_empty() {
                report.notes.push(format!(
                    "search `{query}`: {} results, on the pages {}",
                    r["hrefs"].as_array().map_or(0, Vec::len),
                    found.join(", ")
                ));
            } else {
                report.error(
                    Kind::Search,
                    page,
                    format!(
                        "searching for `{query}` finds no section of {missing:?} (results on {found:?}; \
                         header: \"{}\")",
                        r["header"].as_str().unwrap_or("").trim()
                    ),
                );
            }
        }
        Ok(())
    }
}

/// Runs the browser checks. An `Err` means the checks could not run at all.
pub fn check(opts: &Options, book: &Book, report: &mut Report) -> Result<()> {
    let started = Instant::now();
    let chromium = chromium_path()?;
    if !opts.build.join("index.html").is_file() {
        return Err(anyhow!(
            "{} has no index.html: run `mdbook build` first",
            opts.build.display()
        ));
    }
    if let Some(dir) = &opts.screenshots {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let files = html::walk(&opts.build)?;
    let pages = Pages::load(&opts.build, &files);
    let list = opts.only.clone().unwrap_or_else(|| book.pages());
    let words = list
        .iter()
        .filter(|p| book.is_chapter(p))
        .map(|p| (p.clone(), search_word(&pages, book, p)))
        .collect();
    drop(pages);
    let shared = Shared {
        opts,
        prefix: site_prefix(opts)?,
        switch_expected: opts.build.join("theme/language-switch.js").is_file(),
        switches: AtomicU64::new(0),
        interface_checked: AtomicU64::new(0),
        book,
        expected: book.expected_formulas(),
        words,
        figures_checked: Mutex::new(HashSet::new()),
        queue: Mutex::new(list.iter().cloned().enumerate().collect()),
    };

    let profile = tempfile::Builder::new().prefix("bookcheck-chromium-").tempdir()?;
    let browser = launch(&chromium, profile.path())?;
    let launched = started.elapsed();

    let jobs = opts.jobs.clamp(1, list.len().max(1));
    let outcomes: Vec<Result<(Report, Vec<PageResult>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..jobs).map(|_| scope.spawn(|| work(&browser, &shared))).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(anyhow!("a browser worker panicked"))))
            .collect()
    });
    close(browser, profile.path());

    let mut results = Vec::new();
    for outcome in outcomes {
        let (canary, pages) = outcome?;
        report.problems.extend(canary.problems);
        results.extend(pages);
    }
    results.sort_by_key(|r| r.index);
    let mut requests = String::new();
    let mut timings = Vec::new();
    for r in results {
        for p in r.report.problems {
            if !report.problems.contains(&p) {
                report.problems.push(p);
            }
        }
        report.notes.extend(r.report.notes);
        requests.push_str(&r.requests);
        timings.push(format!("{} {:.1}s", r.page, r.seconds));
    }
    if let Some(dir) = &opts.screenshots {
        let log = dir.join("requests.txt");
        std::fs::write(&log, &requests).with_context(|| format!("writing {}", log.display()))?;
    }
    if shared.switch_expected {
        report.notes.push(format!(
            "language switch: followed from {} page(s) to the same section of the other edition",
            shared.switches.load(Ordering::SeqCst)
        ));
    }
    let zh_pages = shared.interface_checked.load(Ordering::SeqCst);
    if zh_pages > 0 {
        report
            .notes
            .push(format!("mdBook's interface in Chinese on {zh_pages} page(s), both themes"));
    }
    report.notes.push(format!(
        "browser: {} pages in {:.1}s, {jobs} at a time (Chromium start {:.1}s; {})",
        list.len(),
        started.elapsed().as_secs_f64(),
        launched.as_secs_f64(),
        timings.join(", ")
    ));
    if let Some(dir) = &opts.screenshots {
        report.notes.push(format!(
            "screenshots (light and {}) and the requests of every page (requests.txt) in {}",
            opts.dark_theme,
            dir.display()
        ));
    }
    Ok(())
}

/// Starts headless Chromium with a profile of its own in `profile`.
/// A blank tab in a window of its own, `width` × `height`, in the foreground: a
/// visible page paints and runs its animation frames at full speed.
pub(crate) fn visible_tab(browser: &Browser, width: u32, height: u32) -> Result<Arc<Tab>> {
    browser.new_tab_with_options(CreateTarget {
        url: "about:blank".to_string(),
        left: None,
        top: None,
        width: Some(width),
        height: Some(height),
        window_state: None,
        browser_context_id: None,
        enable_begin_frame_control: None,
        new_window: Some(true),
        background: Some(false),
        for_tab: None,
        hidden: None,
    })
}

pub(crate) fn launch(chromium: &std::path::Path, profile: &std::path::Path) -> Result<Browser> {
    // Long enough for axe-core (crate::axe) on a long chapter of a loaded machine.
    launch_with_idle(chromium, profile, Duration::from_secs(90))
}

/// As [`launch`], closing the connection after `idle` without a message from the
/// browser (printing the whole book to PDF is one long silent call).
pub(crate) fn launch_with_idle(
    chromium: &std::path::Path,
    profile: &std::path::Path,
    idle: Duration,
) -> Result<Browser> {
    let args: Vec<&std::ffi::OsStr> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--mute-audio",
        "--lang=en-US",
    ]
    .iter()
    .map(std::ffi::OsStr::new)
    .collect();
    // Chromium's own temporary files (its singleton socket...) go inside the profile's
    // folder, removed with it, rather than into /tmp.
    let chromium_tmp = profile.join("tmp");
    std::fs::create_dir_all(&chromium_tmp)?;
    let envs = std::collections::HashMap::from([(
        "TMPDIR".to_string(),
        chromium_tmp.to_string_lossy().into_owned(),
    )]);
    let launch = LaunchOptions::default_builder()
        .process_envs(Some(envs))
        .path(Some(chromium.to_path_buf()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(profile.to_path_buf()))
        .idle_browser_timeout(idle)
        .args(args)
        .build()
        .map_err(|e| anyhow!("launch options: {e}"))?;
    Browser::new(launch).with_context(|| format!("starting {}", chromium.display()))
}

/// Closes Chromium the way a user would (`Browser.close`), so that it ends its own
/// child processes, then removes its profile (retrying while Chromium lets go of it).
pub(crate) fn close(browser: Browser, profile: &std::path::Path) {
    let pid = browser.get_process_id();
    if let Ok(tab) = browser.new_tab() {
        let closed = tab.call_method(headless_chrome::protocol::cdp::Browser::Close(None));
        if std::env::var_os("BOOKCHECK_DEBUG").is_some() {
            eprintln!("Browser.close: {closed:?} (pid {pid:?})");
        }
    }
    drop(browser);
    for _ in 0..20 {
        if std::fs::remove_dir_all(profile).is_ok() || !profile.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// One worker: a window of its own and a server of its own, taking pages from the queue.
/// An `Err` means the worker could not start; a page that fails is reported and skipped.
fn work(browser: &Browser, shared: &Shared<'_>) -> Result<(Report, Vec<PageResult>)> {
    let root = shared.opts.site.as_ref().unwrap_or(&shared.opts.build);
    let server = Server::files(root).context("starting the local HTTP server")?;
    // A window each, so that every page is visible and renders at full speed.
    let tab = visible_tab(browser, 1280, 900)?;
    tab.set_default_timeout(Duration::from_secs(15));
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: THEME_PRELOAD.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })?;
    let events = Arc::new(Mutex::new(Events::default()));
    let loads = Arc::new(AtomicU64::new(0));
    listen(&tab, &events, &loads)?;
    let mut run = Run {
        tab,
        server,
        events,
        loads,
        shared,
        links: LinkCache::default(),
        served: Vec::new(),
        request_log: String::new(),
    };
    let base = run.server.base();
    let mut canary = Report::default();
    run.canary(&mut canary)?;
    let mut results = Vec::new();
    loop {
        let next = shared.queue.lock().expect("queue").pop_front();
        let Some((index, page)) = next else { break };
        let t = Instant::now();
        let mut report = Report::default();
        run.request_log.clear();
        if let Err(e) = run.check_page(&page, &mut report) {
            report.error(Kind::Checker, &page, format!("browser check failed: {e:#}"));
        }
        // Messages name pages relative to the server, whose port changes from run to run.
        for p in &mut report.problems {
            p.message = p.message.replace(&base, "/");
        }
        results.push(PageResult {
            index,
            page,
            report,
            requests: std::mem::take(&mut run.request_log),
            seconds: t.elapsed().as_secs_f64(),
        });
    }
    let _ = run.tab.close(false);
    Ok((canary, results))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_contrast() {
        assert_eq!(parse_rgb("rgb(255, 255, 255)"), Some((255, 255, 255)));
        assert_eq!(parse_rgb("rgba(0, 0, 0, 0)"), Some((0, 0, 0)));
        assert_eq!(parse_rgb("rgb(10 20 30 / 0.5)"), Some((10, 20, 30)));
        assert!(parse_rgb("color(srgb 1 1 1)").is_none());
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!(contrast((51, 51, 51), (21, 27, 36)) < 4.5);
    }
}
