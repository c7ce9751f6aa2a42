//! The HTTP server of the live book, on 127.0.0.1 only: the files of the
//! current build, each HTML page with one script added (`/__live/live.js`),
//! which waits for the next build (`/__live/wait`), reloads the page after
//! it, and shows the notices of a failed build at the top of the page.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use bookserve::Reply;

use crate::build::Notice;

/// What the pages are told: the build served, and what went wrong.
#[derive(Default)]
pub struct State {
    /// The folder served (`None` until a first build succeeds).
    pub site: Option<PathBuf>,
    /// Bumped when `site` is rebuilt: the pages reload.
    pub site_version: u64,
    /// How many builds of the English book were served (not bumped by the
    /// editions' or the widgets' builds): what `examples/save_to_page` times.
    pub builds: u64,
    /// Bumped on every change of `site` or `notices`: the pages hear of it.
    pub stamp: u64,
    pub notices: Vec<Notice>,
    /// What went wrong in the last build of the widgets' module (kept apart:
    /// it is built beside the pages, and cleared only by its own next build).
    pub widget_notices: Vec<Notice>,
    /// The folder of the translated editions served (`zh-CN/` in it), built
    /// after each build of the English; `None` until the first one is.
    pub editions: Option<PathBuf>,
    /// What went wrong in the last build of the translated editions.
    pub edition_notices: Vec<Notice>,
}

/// The state, shared with the builder, and the signal of its changes.
pub type Shared = Arc<(Mutex<State>, Condvar)>;

/// The line added to every HTML page, before `</body>`.
pub const INJECTED: &str = "<script src=\"/__live/live.js\"></script>";

const LIVE_JS: &str = include_str!("live.js");

/// Changes the state and wakes the waiting pages.
pub fn update(shared: &Shared, change: impl FnOnce(&mut State)) {
    let (lock, signal) = &**shared;
    let mut state = lock.lock().expect("state lock");
    change(&mut state);
    state.stamp += 1;
    signal.notify_all();
}

/// Serves on `127.0.0.1:port` (through [`bookserve`]) while the server returned lives.
pub fn serve(port: u16, shared: Shared) -> std::io::Result<bookserve::Server> {
    bookserve::Server::start(port, false, move |request| answer(request, &shared))
}

fn answer(request: &bookserve::Request, shared: &Shared) -> Reply {
    let path = request.path;
    if path == "/__live/live.js" {
        return Reply::new(200, "text/javascript; charset=utf-8", LIVE_JS);
    }
    if path == "/__live/wait" {
        let since =
            request.query.strip_prefix("stamp=").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1);
        return Reply::new(200, "application/json", wait(shared, since));
    }
    let (site, editions) = {
        let state = shared.0.lock().expect("state lock");
        (state.site.clone(), state.editions.clone())
    };
    let translated = translated(path);
    match (site, editions) {
        (_, Some(editions)) if translated => file(&editions, path),
        (None, _) => Reply::new(200, "text/html; charset=utf-8", waiting_page()),
        (Some(_), None) if translated => {
            Reply::new(200, "text/html; charset=utf-8", waiting_page())
        }
        (Some(site), _) => file(&site, path),
    }
}

/// Waits (at most 25 s) until the state differs from `since`, then describes it.
fn wait(shared: &Shared, since: i64) -> String {
    let (lock, signal) = &**shared;
    let mut state = lock.lock().expect("state lock");
    if state.stamp as i64 == since {
        state = signal
            .wait_timeout_while(state, Duration::from_secs(25), |s| s.stamp as i64 == since)
            .expect("state lock")
            .0;
    }
    // The same compile error of the concept crate comes from the book's build
    // and from the widgets' build: shown once.
    let mut seen = std::collections::HashSet::new();
    let notices: Vec<String> = state
        .notices
        .iter()
        .chain(&state.widget_notices)
        .chain(&state.edition_notices)
        .filter(|n| seen.insert(&n.summary))
        .map(|n| format!("{{\"summary\":{},\"detail\":{}}}", json(&n.summary), json(&n.detail)))
        .collect();
    format!(
        "{{\"stamp\":{},\"site\":{},\"builds\":{},\"notices\":[{}]}}",
        state.stamp,
        state.site_version,
        state.builds,
        notices.join(",")
    )
}

/// A JSON string.
pub fn json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn waiting_page() -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>The book is being built</title></head><body><p>The book is not built yet; see the terminal of scripts/serve.</p>{INJECTED}</body></html>"
    )
}

/// A file of the build, never outside it; HTML pages get the live script,
/// and a missing one the book's own 404 page.
fn file(site: &Path, path: &str) -> Reply {
    let mut reply = bookserve::file(site, path);
    if reply.status == 404
        && let Ok(page) = std::fs::read(site.join("404.html"))
    {
        reply = Reply::new(404, "text/html; charset=utf-8", page);
    }
    if reply.is_html() {
        reply.body = inject(reply.body);
    }
    reply
}

/// Whether `path` is a page of a translated edition (`/zh-CN/...`), served
/// from the editions' folder rather than the English build.
fn translated(path: &str) -> bool {
    crate::build::TRANSLATIONS.iter().any(|lang| {
        path.strip_prefix('/')
            .and_then(|p| p.strip_prefix(lang))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Adds [`INJECTED`] before the last `</body>`, or at the end.
pub fn inject(page: Vec<u8>) -> Vec<u8> {
    let needle = b"</body>";
    let at = page.windows(needle.len()).rposition(|w| w == needle).unwrap_or(page.len());
    [&page[..at], INJECTED.as_bytes(), &page[at..]].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = b"<html><body>a</body></html>".to_vec();
        assert_eq!(inject(page), format!("<html><body>a{INJECTED}</body></html>").into_bytes());
        assert!(inject(b"x".to_vec()).ends_with(INJECTED.as_bytes()));
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
    }

    #[test]
    fn the_chinese_pages_are_the_editions() {
        assert!(translated("/zh-CN/"));
        assert!(translated("/zh-CN"));
        assert!(translated("/zh-CN/gradients.html"));
        assert!(!translated("/gradients.html"));
        assert!(!translated("/zh-CNx/gradients.html"));
        assert!(!translated("/figures/zh-CN/secants.svg"));
    }

    #[test]
    fn no_path_leaves_the_site() {
        let site = Path::new("/nonexistent-site");
        assert_eq!(file(site, "/../etc/passwd").status, 400);
        assert_eq!(file(site, "/%2e%2e/etc/passwd").status, 400);
    }

    #[test]
    fn pages_get_the_live_script_and_missing_ones_the_books_404() {
        let site = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(site.path().join("a.html"), "<body>a</body>").unwrap();
        std::fs::write(site.path().join("a.css"), "</body>").unwrap();
        let got = file(site.path(), "/a.html");
        assert_eq!(got.body, format!("<body>a{INJECTED}</body>").into_bytes());
        assert_eq!(file(site.path(), "/a.css").body, b"</body>", "only HTML is touched");
        assert_eq!(file(site.path(), "/b.html").status, 404);
        std::fs::write(site.path().join("404.html"), "<body>lost</body>").unwrap();
        let got = file(site.path(), "/b.html");
        assert_eq!(
            (got.status, got.body),
            (404, format!("<body>lost{INJECTED}</body>").into_bytes())
        );
    }
}
