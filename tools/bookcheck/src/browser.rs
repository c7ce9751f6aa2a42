//! `bookcheck browser`: every page of the built book in headless Chromium.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Log, Network, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;

use crate::book::Book;
use crate::html::{self, Pages};
use crate::mathtext;
use crate::report::{Kind, Report};
use crate::server::Server;

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
}

pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// The Chromium binary: `$CHROMIUM`, else `$CHROME`, else /usr/bin/chromium. Its
/// absence is an error, never a reason to skip.
pub fn chromium_path() -> Result<PathBuf, String> {
    let (path, from) = match (std::env::var_os("CHROMIUM"), std::env::var_os("CHROME")) {
        (Some(p), _) if !p.is_empty() => (PathBuf::from(p), "$CHROMIUM"),
        (_, Some(p)) if !p.is_empty() => (PathBuf::from(p), "$CHROME"),
        _ => (PathBuf::from(DEFAULT_CHROMIUM), "the default path"),
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "Chromium not found at {} ({from}); install it with `apt-get install chromium` \
             (Debian) or point $CHROMIUM (or $CHROME) at a Chromium/Chrome binary. \
             The browser checks are never skipped.",
            path.display()
        ))
    }
}

/// What the DevTools events said while one page was open.
#[derive(Debug, Default)]
struct Events {
    requests: Vec<String>,
    responses: Vec<(String, u32)>,
    failed: Vec<(String, String)>,
    console: Vec<String>,
    ids: HashMap<String, String>,
}

fn remote_text(o: &Runtime::RemoteObject) -> String {
    match &o.value {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => o.description.clone().unwrap_or_default(),
    }
}

fn listen(tab: &Tab, events: &Arc<Mutex<Events>>, loads: &Arc<AtomicU64>) -> Result<()> {
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
                e.responses
                    .push((r.params.response.url.clone(), r.params.response.status));
            }
            Event::NetworkLoadingFailed(f) => {
                if f.params.canceled != Some(true) {
                    let url = e
                        .ids
                        .get(&f.params.request_id)
                        .cloned()
                        .unwrap_or_else(|| format!("(request {})", f.params.request_id));
                    e.failed.push((url, f.params.error_text.clone()));
                }
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
                let at = d.url.clone().unwrap_or_default();
                e.console.push(format!(
                    "uncaught exception: {what} ({at}:{}:{})",
                    d.line_number + 1,
                    d.column_number + 1
                ));
            }
            Event::LogEntryAdded(l) => {
                if l.params.entry.level == Log::LogEntryLevel::Error {
                    let url = l.params.entry.url.clone().unwrap_or_default();
                    e.console
                        .push(format!("log error: {} {url}", l.params.entry.text));
                }
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
fn eval_json(tab: &Tab, expression: &str) -> Result<Value> {
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
  const katex = top.map(e => ({ color: getComputedStyle(e).color, bg: bgOf(e), tex:
    (e.querySelector('annotation') || {}).textContent || '' }));
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
    width: Math.max(de.scrollWidth, document.body.scrollWidth),
    height: Math.max(de.scrollHeight, document.body.scrollHeight),
  });
})()"#;

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
    if let Some(w) = long
        .iter()
        .find(|w| others.iter().all(|o| !o.contains(w.as_str())))
        .or(long.first())
    {
        return Some((*w).clone());
    }
    let mut all = words(&text_of(page));
    all.extend(candidates);
    all.into_iter()
        .filter(|w| w.chars().count() >= 4)
        .max_by_key(|w| w.chars().count())
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(rgb: (u8, u8, u8)) -> f64 {
    let f = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
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
        Ok(Shot {
            width: info.width,
            height: info.height,
            channels,
            pixels: buf,
        })
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
        Some(if self.channels >= 3 {
            (p[0], p[1], p[2])
        } else {
            (p[0], p[0], p[0])
        })
    }
}

/// A full-page PNG: the document size, captured beyond the viewport.
fn full_page_png(tab: &Tab, width: f64, height: f64) -> Result<Vec<u8>> {
    use base64::Engine as _;
    let height = height.clamp(1.0, 16000.0);
    let width = width.clamp(1.0, 4000.0);
    let data = tab
        .call_method(Page::CaptureScreenshot {
            format: Some(Page::CaptureScreenshotFormatOption::Png),
            quality: None,
            clip: Some(Page::Viewport {
                x: 0.0,
                y: 0.0,
                width,
                height,
                scale: 1.0,
            }),
            from_surface: Some(true),
            capture_beyond_viewport: Some(true),
            optimize_for_speed: None,
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

struct Run<'a> {
    tab: Arc<Tab>,
    server: Server,
    events: Arc<Mutex<Events>>,
    loads: Arc<AtomicU64>,
    opts: &'a Options,
    book: &'a Book,
    pages: Pages,
    expected: BTreeMap<String, Option<crate::book::FormulaCount>>,
    links: LinkCache,
    /// URLs fetched by the checker itself (not the page): not the page's requests.
    own_fetches: HashSet<String>,
}

fn split_fragment(u: &str) -> (String, Option<String>) {
    match u.split_once('#') {
        Some((a, f)) => (a.to_string(), Some(f.to_string())),
        None => (u.to_string(), None),
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

impl Run<'_> {
    fn url_of(&self, page: &str, theme: &str) -> String {
        format!("{}{page}?bookcheck-theme={theme}", self.server.base())
    }

    /// Opens a page and waits for its `load` event.
    fn load(&self, page: &str, theme: &str) -> Result<()> {
        let before = self.loads.load(Ordering::SeqCst);
        let url = self.url_of(page, theme);
        self.tab.navigate_to(&url)?;
        let t = Instant::now();
        while self.loads.load(Ordering::SeqCst) == before {
            if t.elapsed() > Duration::from_secs(15) {
                return Err(anyhow!("{url} did not finish loading in 15 s"));
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
        self.events.lock().expect("events").requests.clear();

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
        lap("light theme + screenshot");
        self.check_links(page, &state, report)?;
        lap("links");
        if self.book.is_chapter(page) && page != "index.html" {
            self.check_search(page, report)?;
            lap("search");
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
        self.load(page, &self.opts.dark_theme.clone())?;
        lap("dark load");
        self.check_theme(page, &self.opts.dark_theme.clone(), report)?;
        lap("dark theme + screenshot");

        std::thread::sleep(Duration::from_millis(150));
        let events = std::mem::take(&mut *self.events.lock().expect("events"));
        let served = self.server.take_log();

        if !events
            .requests
            .iter()
            .any(|u| u.starts_with(&format!("{base}{page}")))
        {
            report.error(
                Kind::Checker,
                page,
                "no request for the page itself was recorded: the network checks are blind",
            );
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
            if *s >= 400 && !self.own_fetches.contains(u) {
                failures.entry(u.clone()).or_default().insert(format!("HTTP {s}"));
            }
        }
        for (u, err) in &events.failed {
            if !self.own_fetches.contains(u) {
                failures.entry(u.clone()).or_default().insert(err.clone());
            }
        }
        for s in served {
            let u = format!("{origin}{}", if s.path.starts_with('/') { s.path.clone() } else { format!("/{}", s.path) });
            if s.status >= 400 && !self.own_fetches.contains(&u) {
                failures
                    .entry(u)
                    .or_default()
                    .insert(format!("served with {}", s.status));
            }
        }
        for (u, why) in failures {
            let why: Vec<String> = why.into_iter().collect();
            report.error(
                Kind::Network,
                page,
                format!("request failed: {u} ({})", why.join(", ")),
            );
        }
        Ok(())
    }

    fn check_formulas(&self, page: &str, state: &Value, report: &mut Report) {
        let got = state["katex"].as_u64().unwrap_or(0) as usize;
        let display = state["display"].as_u64().unwrap_or(0) as usize;
        if let Some(Some(want)) = self.expected.get(page) {
            if got != want.total() || display != want.display {
                report.error(
                    Kind::Math,
                    page,
                    format!(
                        "{got} formulas rendered ({display} display) in the browser, the source has {} ({} display)",
                        want.total(),
                        want.display
                    ),
                );
            }
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
            let loaded = i["complete"].as_bool() == Some(true) && i["width"].as_u64().unwrap_or(0) > 0;
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
                report.error(Kind::Image, page, format!("image <img src=\"{src}\"> has no alt text"));
            }
        }
    }

    fn check_theme(&self, page: &str, theme: &str, report: &mut Report) -> Result<()> {
        let t = eval_json(&self.tab, &js(THEME_JS))?;
        if std::env::var_os("BOOKCHECK_DEBUG").is_some() {
            eprintln!("{page} {theme}: {}", t["svgs"]);
        }
        let classes: Vec<&str> = t["classes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !classes.contains(&theme) {
            report.error(
                Kind::Checker,
                page,
                format!("could not switch mdBook to the `{theme}` theme (html classes: {classes:?})"),
            );
        }
        let width = t["width"].as_f64().unwrap_or(1280.0);
        let height = t["height"].as_f64().unwrap_or(900.0);
        let png_bytes = full_page_png(&self.tab, width, height).context("screenshot")?;
        if let Some(dir) = &self.opts.screenshots {
            let name = format!(
                "{}.{theme}.png",
                page.trim_end_matches(".html").replace('/', "__")
            );
            std::fs::write(dir.join(&name), &png_bytes)
                .with_context(|| format!("writing {}", dir.join(&name).display()))?;
        }
        let shot = Shot::decode(&png_bytes).context("decoding the screenshot")?;

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
                    format!("cannot read the colours of a formula in the {theme} theme: `{c}` on `{b}`"),
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

        // SVG figures: a light background behind them (computed style and pixels).
        for s in t["svgs"].as_array().into_iter().flatten() {
            let src = s["src"].as_str().unwrap_or("");
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
                report.error(Kind::Image, page, format!("figure {src} is not displayed ({w}x{h} px) in the {theme} theme"));
                continue;
            }
            let d = 6.0_f64.min(w / 4.0).min(h / 4.0);
            let corners = [
                (x + d, y + d),
                (x + w - 1.0 - d, y + d),
                (x + d, y + h - 1.0 - d),
                (x + w - 1.0 - d, y + h - 1.0 - d),
            ];
            let samples: Vec<Option<(u8, u8, u8)>> =
                corners.iter().map(|(cx, cy)| shot.pixel(*cx, *cy)).collect();
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
                            "figure {src} has a dark background in the {theme} theme: corner pixels {} (img background-color {bg})",
                            dark.join(", ")
                        ),
                    );
                }
            } else if !own_bg_light {
                report.error(
                    Kind::Contrast,
                    page,
                    format!("figure {src}: not in the screenshot and its background-color is {bg}, not light, in the {theme} theme"),
                );
            }
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
        let here = format!("{}{page}", self.server.base());
        let mut to_fetch: Vec<String> = Vec::new();
        for l in &links {
            let (doc, _) = split_fragment(l);
            let doc = doc.split('?').next().unwrap_or("").to_string();
            if !self.links.docs.contains_key(&doc) && !to_fetch.contains(&doc) {
                to_fetch.push(doc);
            }
        }
        if !to_fetch.is_empty() {
            for u in &to_fetch {
                self.own_fetches.insert(u.clone());
            }
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
            let shown = l.strip_prefix(&self.server.base()).unwrap_or(l);
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
            let fragment = percent_decode(&fragment);
            let on_this_page = doc == here;
            let found = ids.as_ref().is_some_and(|ids| ids.contains(&fragment))
                || (on_this_page && live_ids.contains(&fragment));
            if ids.is_some() && !found && reported.insert(l.clone()) {
                report.error(
                    Kind::Link,
                    page,
                    format!("internal link {shown}: no element with id `{fragment}` on the target page"),
                );
            }
        }
        Ok(())
    }

    fn check_search(&mut self, page: &str, report: &mut Report) -> Result<()> {
        let Some(word) = search_word(&self.pages, self.book, page) else {
            report.error(
                Kind::Search,
                page,
                "no word of 4 letters or more in the page to search for",
            );
            return Ok(());
        };
        self.tab.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur && document.activeElement.blur(); 0", false)?;
        self.tab.press_key("s")?;
        std::thread::sleep(Duration::from_millis(100));
        // Type the word: all but its last letter as text, the last one as a real key
        // press (mdBook searches on `keyup`).
        let split = word.char_indices().last().map_or(0, |(i, _)| i);
        if split > 0 {
            self.tab.send_character(&word[..split])?;
        }
        self.tab.type_str(&word[split..])?;
        let r = eval_json(&self.tab, SEARCH_RESULTS_JS)?;
        if let Some(e) = r["error"].as_str() {
            report.error(Kind::Search, page, format!("search: {e}"));
            return Ok(());
        }
        let target = format!("{}{page}", self.server.base());
        let hrefs: Vec<&str> = r["hrefs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let hit = hrefs.iter().any(|h| {
            let doc = h.split(['#', '?']).next().unwrap_or("");
            doc == target
        });
        if !hit {
            report.error(
                Kind::Search,
                page,
                format!(
                    "searching for `{word}` (typed after pressing `s`; search bar open: {}, value `{}`) gives {} result(s), none linking to this page; header: \"{}\"",
                    r["open"],
                    r["value"].as_str().unwrap_or(""),
                    hrefs.len(),
                    r["header"].as_str().unwrap_or("").trim()
                ),
            );
        } else {
            report
                .notes
                .push(format!("search `{word}` finds {page} ({} results)", hrefs.len()));
        }
        Ok(())
    }
}

/// Runs the browser checks. An `Err` means the checks could not run at all.
pub fn check(opts: &Options, book: &Book, report: &mut Report) -> Result<()> {
    let started = Instant::now();
    let chromium = chromium_path().map_err(|e| anyhow!(e))?;
    if !opts.build.join("index.html").is_file() {
        return Err(anyhow!(
            "{} has no index.html: run `mdbook build` first",
            opts.build.display()
        ));
    }
    if let Some(dir) = &opts.screenshots {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    let files = html::walk(&opts.build)?;
    let pages = Pages::load(&opts.build, &files);
    let server = Server::start(&opts.build).context("starting the local HTTP server")?;

    let profile = tempfile::Builder::new()
        .prefix("bookcheck-chromium-")
        .tempdir()?;
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
    let launch = LaunchOptions::default_builder()
        .path(Some(chromium.clone()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(args)
        .build()
        .map_err(|e| anyhow!("launch options: {e}"))?;
    let browser = Browser::new(launch)
        .with_context(|| format!("starting {}", chromium.display()))?;
    let tab = browser.new_tab()?;
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
    let launched = started.elapsed();

    let mut run = Run {
        tab,
        server,
        events,
        loads,
        opts,
        book,
        pages,
        expected: book.expected_formulas(),
        links: LinkCache::default(),
        own_fetches: HashSet::new(),
    };
    run.canary(report)?;
    let list = opts.only.clone().unwrap_or_else(|| book.pages());
    let mut timings = Vec::new();
    for page in &list {
        let t = Instant::now();
        if let Err(e) = run.check_page(page, report) {
            report.error(Kind::Checker, page, format!("browser check failed: {e:#}"));
        }
        timings.push(format!("{page} {:.1}s", t.elapsed().as_secs_f64()));
    }
    drop(run);
    drop(browser);
    report.notes.push(format!(
        "browser: {} pages in {:.1}s (Chromium start {:.1}s; {})",
        list.len(),
        started.elapsed().as_secs_f64(),
        launched.as_secs_f64(),
        timings.join(", ")
    ));
    if let Some(dir) = &opts.screenshots {
        report.notes.push(format!(
            "screenshots (light and {}) in {}",
            opts.dark_theme,
            dir.display()
        ));
    }
    Ok(())
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
