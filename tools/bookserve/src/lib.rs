//! The one HTTP server of the book's tools, on 127.0.0.1 only: the live book
//! (`livebook serve`, which adds its own routes and the live script) and the
//! browser check (`bookcheck browser`, which records every request answered).
//!
//! What matters is which file a request names ([`resolve`]: percent-decoded
//! with percent-encoding, never outside the folder served) and how it is
//! labelled ([`content_type`], from mime_guess); both tools go through these,
//! so that they cannot drift apart again. The HTTP is the few lines both
//! copies had (one request per connection): tiny_http was tried and Chromium's
//! page loads under bookcheck never finished with it (not understood yet).
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use percent_encoding::percent_decode_str;

/// An answer: status, `Content-Type` and body (never sent for `HEAD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type: content_type.to_string(), body: body.into() }
    }

    /// A plain-text answer, such as `404 not found`.
    pub fn text(status: u16, body: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body)
    }

    pub fn is_html(&self) -> bool {
        self.content_type.starts_with("text/html")
    }
}

/// What a handler is asked: the method and the URL split at `?` (the path
/// still percent-encoded, as sent; the fragment never reaches a server).
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
}

/// Why a path names no file of the folder.
#[derive(Debug, PartialEq, Eq)]
pub enum BadPath {
    /// Its percent-escapes do not decode to UTF-8.
    NotUtf8,
    /// A part of it climbs out of the folder (`..`), or would on some system
    /// (a backslash, a drive letter, a NUL byte).
    Escapes(String),
}

/// The file under `root` that the URL path `path` names (`/a/b%20c.html`),
/// or why it names none. A folder means its `index.html`. Whether the file
/// exists is the caller's to find out (a 404).
pub fn resolve(root: &Path, path: &str) -> Result<PathBuf, BadPath> {
    let decoded = percent_decode_str(path).decode_utf8().map_err(|_| BadPath::NotUtf8)?;
    let mut file = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            // A backslash is a separator on Windows (`..\..\secret`), a colon
            // starts a drive (`C:`): refused on every system alike, so that
            // what is served does not depend on where the tools run.
            p if p.contains(['\\', ':', '\0']) => return Err(BadPath::Escapes(p.to_string())),
            p if !matches!(Path::new(p).components().next(), Some(Component::Normal(_))) => {
                return Err(BadPath::Escapes(p.to_string()));
            }
            p => file.push(p),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Ok(file)
}

/// The `Content-Type` of a file, by its extension (mime_guess), text in UTF-8.
pub fn content_type(file: &Path) -> String {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    // The book's sources shown as they are, not offered as downloads.
    if matches!(ext.as_str(), "rs" | "md" | "toml" | "txt" | "po" | "pot") {
        return "text/plain; charset=utf-8".to_string();
    }
    // mime_guess still has the pre-RFC 8081 `application/font-woff`.
    if ext == "woff" {
        return "font/woff".to_string();
    }
    let mime = mime_guess::from_ext(&ext).first_or_octet_stream();
    match (mime.type_().as_str(), mime.subtype().as_str()) {
        // RFC 9239: JavaScript is text/javascript.
        ("application", "javascript") => "text/javascript; charset=utf-8".to_string(),
        ("text", _) => format!("{mime}; charset=utf-8"),
        _ => mime.to_string(),
    }
}

/// A file of the folder, as served: 200 with its type, 404, or 400 for a path
/// that names no file of it.
pub fn file(root: &Path, path: &str) -> Reply {
    match resolve(root, path) {
        Err(_) => Reply::text(400, "bad path\n"),
        Ok(file) => match std::fs::read(&file) {
            Ok(body) => Reply::new(200, &content_type(&file), body),
            Err(_) => Reply::text(404, "not found\n"),
        },
    }
}

/// One request answered, as the server recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    /// The path, percent-decoded where it decodes (as the browser shows it).
    pub path: String,
    pub status: u16,
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// A server on `127.0.0.1` (tiny_http), answering each request on a thread of
/// its own (the live book's pages hold a request open while they wait for a
/// build). Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    log: Option<Arc<Mutex<Vec<Served>>>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    /// Serves on `127.0.0.1:port` (0: a free port) with `handler`; `record`:
    /// keep every request answered, for [`Server::take_log`]. Only `GET` and
    /// `HEAD` reach the handler; anything else is answered 405.
    pub fn start(
        port: u16,
        record: bool,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Server> {
        let http = tiny_http::Server::http(("127.0.0.1", port)).map_err(std::io::Error::other)?;
        let addr = http.server_addr().to_ip().ok_or_else(|| std::io::Error::other("not on IP"))?;
        let http = Arc::new(http);
        let log = record.then(|| Arc::new(Mutex::new(Vec::new())));
        let handler: Arc<Handler> = Arc::new(handler);
        let (incoming, log2) = (Arc::clone(&http), log.clone());
        let thread = thread::spawn(move || {
            for request in incoming.incoming_requests() {
                let (handler, log) = (Arc::clone(&handler), log2.clone());
                thread::spawn(move || answer(request, &*handler, log.as_deref()));
            }
        });
        Ok(Server { addr, http, log, thread: Some(thread) })
    }

    /// A server of the files of `root` (nothing else), on a free port,
    /// recording every request.
    pub fn files(root: &Path) -> std::io::Result<Server> {
        let root = root.to_path_buf();
        Server::start(0, true, move |r| file(&root, r.path))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The requests answered since the last call (none unless recording).
    pub fn take_log(&self) -> Vec<Served> {
        self.log
            .as_ref()
            .map(|l| std::mem::take(&mut *l.lock().expect("log lock")))
            .unwrap_or_default()
    }

    /// Serves until the process ends.
    pub fn run_forever(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers one request with the handler's reply.
fn answer(request: tiny_http::Request, handler: &Handler, log: Option<&Mutex<Vec<Served>>>) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path.split('#').next().unwrap_or("");
    let method = request.method().as_str().to_string();
    let reply = if method == "GET" || method == "HEAD" {
        handler(&Request { method: &method, path, query })
    } else {
        Reply::text(405, "method not allowed\n")
    };
    if let Some(log) = log {
        let shown = percent_decode_str(path).decode_utf8().map(|p| p.into_owned());
        let served =
            Served { path: shown.unwrap_or_else(|_| path.to_string()), status: reply.status };
        log.lock().expect("log lock").push(served);
    }
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
    };
    // tiny_http leaves the body out of an answer to HEAD by itself.
    let response = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(header("Content-Type", &reply.content_type))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

#[cfg(test)]
mod tests;
