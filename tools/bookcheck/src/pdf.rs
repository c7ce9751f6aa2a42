//! `bookcheck pdf`: a PDF of each edition, printed from mdBook's print page
//! (`print.html`) by the headless Chromium the other checks drive, with a document
//! outline (the PDF's bookmarks, from the headings) and tags (a tagged PDF, which
//! screen readers and text extraction follow).
//!
//! `pdf/check.rs` checks the PDFs with poppler's tools (`bookcheck pdf-check`);
//! `pdf/selftest.rs` breaks each property on purpose and sees the check fail.

pub mod check;
pub mod selftest;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use headless_chrome::protocol::cdp::{Emulation, Network, Page};
use headless_chrome::{Browser, Tab};
use serde_json::Value;

use crate::browser;
use bookserve::Server;

/// One edition of the book: where its pages are built and the PDF printed from them.
#[derive(Debug, Clone)]
pub struct Edition {
    /// `en` or `zh-CN`.
    pub lang: &'static str,
    /// The edition's folder inside the build dir (`""` or `zh-CN`).
    pub folder: &'static str,
    /// The PDF's file name.
    pub file: &'static str,
}

/// Both editions: English at the root of the build dir, Chinese in `zh-CN/`.
pub const EDITIONS: [Edition; 2] = [
    Edition { lang: "en", folder: "", file: "how-neural-networks-learn.pdf" },
    Edition { lang: "zh-CN", folder: "zh-CN", file: "how-neural-networks-learn.zh-CN.pdf" },
];

impl Edition {
    /// The edition's build dir (`target/book` or `target/book/zh-CN`).
    pub fn dir(&self, build: &Path) -> PathBuf {
        if self.folder.is_empty() { build.to_path_buf() } else { build.join(self.folder) }
    }
}

/// A4, in inches (the unit of `Page.printToPDF`): the paper of both editions.
const PAPER: (f64, f64) = (8.27, 11.69);
/// Margins in inches: top, bottom (room for the page number), left/right.
const MARGINS: (f64, f64, f64) = (0.6, 0.7, 0.6);

/// The page number in the bottom margin. Chromium renders the templates with a
/// default font size of 0, hence the explicit size.
const FOOTER: &str = "<div style=\"font-size:8pt;width:100%;text-align:center;\
font-family:sans-serif;color:#555\"><span class=\"pageNumber\"></span></div>";

/// How one PDF is printed: everything on for the book; the self-test turns
/// properties off (or breaks the page) to see `pdf-check` notice.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub outline: bool,
    pub tagged: bool,
    /// Requests blocked before the page loads (Network.setBlockedURLs patterns).
    pub blocked: Vec<String>,
    /// A script run on the laid-out page just before printing.
    pub tamper: Option<String>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions { outline: true, tagged: true, blocked: Vec::new(), tamper: None }
    }
}

/// The width of the printed text, in CSS pixels (96 a inch): A4 less the margins.
const TEXT_WIDTH: f64 = (PAPER.0 - 2.0 * MARGINS.2) * 96.0;

/// Waits, in print layout, for what the PDF must show: the web fonts (KaTeX's,
/// the book's) that the print layout uses, and every image decoded. Returns what
/// is not right: images that did not load, fonts that failed, element ids used
/// twice (a fragment link, and the PDF's internal link, would go to the first), and
/// what the printed text width would cut (a code line, a table, a formula wider
/// than the page: printing clips it).
const READY: &str = r#"(async () => {
  await document.fonts.ready;
  const images = [...document.images];
  await Promise.all(images.map((i) => i.decode().catch(() => null)));
  await document.fonts.ready;
  const broken = images.filter((i) => !i.complete || i.naturalWidth === 0)
    .map((i) => i.getAttribute('src'));
  const failedFonts = [...document.fonts].filter((f) => f.status === 'error')
    .map((f) => f.family);
  const seen = new Set(), duplicates = new Set();
  for (const e of document.querySelectorAll('[id]')) {
    if (seen.has(e.id)) duplicates.add(e.id);
    seen.add(e.id);
  }
  const main = document.querySelector('main');
  const right = main ? main.getBoundingClientRect().right : innerWidth;
  const cut = [];
  for (const e of document.querySelectorAll('main pre, main pre > code, main table, main .katex-display, main img, main p')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0) continue;
    if (e.scrollWidth > e.clientWidth + 1 || box.right > right + 1) {
      const h = [...document.querySelectorAll('main h1, main h2')].filter((x) =>
        x.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      cut.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') +
        ' under "' + (h ? h.textContent.trim() : '') + '": ' + Math.round(Math.max(e.scrollWidth, box.width)) +
        ' px wide, the text ' + Math.round(main.clientWidth) + ' px');
    }
  }
  return JSON.stringify({ broken, failedFonts: [...new Set(failedFonts)],
    duplicates: [...duplicates], cut, formulas: document.querySelectorAll('.katex').length });
})()"#;

/// What the page said just before printing.
#[derive(Debug, Default)]
pub struct Readiness {
    pub problems: Vec<check::Finding>,
    pub formulas: u64,
}

fn readiness(state: &Value) -> Readiness {
    use check::{Finding, Property};
    let list = |k: &str| -> Vec<String> {
        state[k]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let mut add = |property, message| problems.push(Finding { property, message });
    for src in list("broken") {
        add(Property::Figures, format!("the image {src} did not load"));
    }
    for family in list("failedFonts") {
        add(Property::Fonts, format!("the font {family} did not load"));
    }
    for id in list("duplicates") {
        add(Property::Ids, format!("the id `{id}` is used twice on the print page"));
    }
    for what in list("cut") {
        add(Property::Layout, format!("wider than the printed page, cut: {what}"));
    }
    Readiness { problems, formulas: state["formulas"].as_u64().unwrap_or(0) }
}

/// Loads `url` as a new document (a query of its own each time) and waits until it
/// is loaded, by asking the page: `wait_until_navigated` can miss a load that ends
/// before it starts waiting, and then waits forever.
fn load(tab: &Tab, url: &str) -> Result<()> {
    static LOADS: AtomicU64 = AtomicU64::new(0);
    let url = format!("{url}?print={}", LOADS.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    tab.navigate_to(&url)?;
    let loaded = Value::String(format!("{url} complete"));
    let deadline = std::time::Instant::now() + LOAD_TIMEOUT;
    loop {
        if let Ok(r) = tab.evaluate("location.href + ' ' + document.readyState", false)
            && r.value.as_ref() == Some(&loaded)
        {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(anyhow!("{url} did not load in {} s", LOAD_TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The whole book is one page: its load, layout and printing take a while, on 2
/// cores shared with other work.
const LOAD_TIMEOUT: Duration = Duration::from_secs(180);

/// Prints `url` (a print page) to PDF bytes in `tab`.
pub fn print(tab: &Arc<Tab>, url: &str, opts: &PrintOptions) -> Result<(Vec<u8>, Readiness)> {
    tab.call_method(Network::SetBlockedURLs { urls: opts.blocked.clone() })?;
    // mdBook's print page calls window.print() once loaded: a no-op without a printer
    // dialog, but it is not wanted here (the PDF is made below).
    tab.call_method(Page::AddScriptToEvaluateOnNewDocument {
        source: "window.print = () => {};".to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })?;
    load(tab, url)?;
    // Lay the page out as it will be printed (the print stylesheet, the text's
    // width), so that the fonts and images waited for are the ones printed, and
    // what is too wide is measured.
    tab.call_method(Emulation::SetEmulatedMedia {
        media: Some("print".to_string()),
        features: None,
    })?;
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width: TEXT_WIDTH.round() as u32,
        height: 1000,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })?;
    if let Some(script) = &opts.tamper {
        tab.evaluate(script, true)?;
    }
    let state = browser::eval_json(tab, READY).context("waiting for fonts and images")?;
    let ready = readiness(&state);
    tab.call_method(Emulation::ClearDeviceMetricsOverride(None))?;
    let pdf = tab
        .call_method(Page::PrintToPDF {
            landscape: Some(false),
            display_header_footer: Some(true),
            print_background: Some(true),
            scale: None,
            paper_width: Some(PAPER.0),
            paper_height: Some(PAPER.1),
            margin_top: Some(MARGINS.0),
            margin_bottom: Some(MARGINS.1),
            margin_left: Some(MARGINS.2),
            margin_right: Some(MARGINS.2),
            page_ranges: None,
            header_template: Some("<span></span>".to_string()),
            footer_template: Some(FOOTER.to_string()),
            prefer_css_page_size: Some(false),
            transfer_mode: None,
            generate_tagged_pdf: Some(opts.tagged),
            generate_document_outline: Some(opts.outline),
        })
        .context("Page.printToPDF")?
        .data;
    use base64::Engine as _;
    let bytes = base64::prelude::BASE64_STANDARD.decode(pdf)?;
    Ok((bytes, ready))
}

/// The browser, and a server over the build dir.
pub struct Printer {
    browser: Option<Browser>,
    pub server: Server,
    profile: tempfile::TempDir,
}

impl Printer {
    pub fn start(root: &Path) -> Result<Printer> {
        let profile = tempfile::Builder::new().prefix("bookcheck-pdf-").tempdir()?;
        let server = Server::files(root).context("starting the local HTTP server")?;
        let mut p = Printer { browser: None, server, profile };
        p.relaunch()?;
        Ok(p)
    }

    fn relaunch(&mut self) -> Result<()> {
        if let Some(b) = self.browser.take() {
            browser::close(b, self.profile.path());
        }
        let chromium = browser::chromium_path()?;
        std::fs::create_dir_all(self.profile.path())?;
        // The browser stays connected while the book prints, and while pdf-self-test
        // checks a PDF between two prints (poppler's tools take a while).
        self.browser =
            Some(browser::launch_with_idle(&chromium, self.profile.path(), LOAD_TIMEOUT)?);
        Ok(())
    }

    /// Prints `url` in a window of its own, closed after (a tab that had printed the
    /// whole book was seen never to finish loading it again). When the browser's
    /// connection was lost (seen on 2 cores shared by several browsers), once more
    /// in a new browser.
    pub fn print(&mut self, url: &str, opts: &PrintOptions) -> Result<(Vec<u8>, Readiness)> {
        match self.print_once(url, opts) {
            Ok(r) => Ok(r),
            Err(e) => {
                eprintln!("bookcheck pdf: printing failed ({e:#}); once more in a new browser");
                self.relaunch()?;
                self.print_once(url, opts)
            }
        }
    }

    fn print_once(&self, url: &str, opts: &PrintOptions) -> Result<(Vec<u8>, Readiness)> {
        let b = self.browser.as_ref().ok_or_else(|| anyhow!("the browser is closed"))?;
        let tab = browser::visible_tab(b, 1280, 900)?;
        tab.set_default_timeout(LOAD_TIMEOUT);
        // Listening keeps the DevTools events drained; what fails to load shows in
        // the page's state (an image, a font) or in the PDF (pdf-check).
        let events = Arc::new(Mutex::new(browser::Events::default()));
        browser::listen(&tab, &events, &Arc::new(AtomicU64::new(0)))?;
        let printed = print(&tab, url, opts);
        let _ = tab.close(false);
        printed
    }

    /// The URL of an edition's print page.
    pub fn url(&self, edition: &Edition) -> String {
        let folder =
            if edition.folder.is_empty() { String::new() } else { format!("{}/", edition.folder) };
        format!("{}{folder}print.html", self.server.base())
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        if let Some(b) = self.browser.take() {
            browser::close(b, self.profile.path());
        }
    }
}

/// `bookcheck pdf`: prints both editions into `out`. `Ok(false)`: a PDF was
/// written but the page was not right when printed (reported).
pub fn run(build: &Path, out: &Path) -> Result<bool> {
    for e in &EDITIONS {
        let print_page = e.dir(build).join("print.html");
        if !print_page.is_file() {
            return Err(anyhow!(
                "{} does not exist: build the {} edition first",
                print_page.display(),
                e.lang
            ));
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut printer = Printer::start(build)?;
    let mut ok = true;
    for e in &EDITIONS {
        let t = std::time::Instant::now();
        let (bytes, ready) = printer
            .print(&printer.url(e), &PrintOptions::default())
            .with_context(|| format!("printing the {} edition", e.lang))?;
        let path = out.join(e.file);
        // Written whole or not at all: a half-written PDF is never left behind
        // (a file beside it, then renamed; with the folder's usual permissions).
        let part = out.join(format!("{}.part", e.file));
        std::fs::write(&part, &bytes).with_context(|| format!("writing {}", part.display()))?;
        std::fs::rename(&part, &path).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "pdf: {} ({} bytes, {} formulas, {:.1} s)",
            path.display(),
            bytes.len(),
            ready.formulas,
            t.elapsed().as_secs_f64()
        );
        for p in &ready.problems {
            println!("error[pdf-{}] {}: {}", p.property.name(), e.file, p.message);
            ok = false;
        }
    }
    Ok(ok)
}

/// The `pdf`, `pdf-check` and `pdf-self-test` subcommands. `dir` is the build dir
/// (the PDF dir for `pdf-check`); `other` is `--out` (pdf) or `--build` (pdf-check).
pub fn main(command: &str, dir: &Path, other: Option<&Path>) -> std::process::ExitCode {
    use std::process::ExitCode;
    let result = match command {
        "pdf" => run(dir, other.unwrap_or(Path::new("target/pdf"))),
        "pdf-check" => check::run(dir, other.unwrap_or(Path::new("target/book"))).map(|found| {
            for (file, f) in &found {
                println!("error[pdf-{}] {file}: {}", f.property.name(), f.message);
            }
            println!("bookcheck pdf-check: {} error(s)", found.len());
            found.is_empty()
        }),
        _ => selftest::run(dir),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("bookcheck {command}: could not run: {e:#}");
            ExitCode::from(2)
        }
    }
}
