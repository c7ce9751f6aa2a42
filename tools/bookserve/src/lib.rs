//! The one HTTP server of the book's tools, on 127.0.0.1 only: the live book
//! (`livebook serve`, which adds its own routes and the live script) and the
//! browser check (`bookcheck browser`, which records every request answered).
//!
//! What matters is which file a request names ([`resolve`]: percent-decoded
//! with percent-encoding, never outside the folder served) and how it is
//! labelled ([`content_type`], from mime_guess); both tools go through these,
//! so that they cannot drift apart again. The HTTP is the few lines both
//! copies had: a thread per connection, one request per connection.
//!
//! Why not tiny_http (0.12, the latest): measured, Chromium's page loads under
//! `bookcheck browser` stall with it ("index.html did not finish loading in
//! 30 s", 2 runs of 2; the same site passes with this loop). Its server hands
//! each connection to a pool thread that keeps it for as long as the browser
//! keeps it alive, and the pool counts a thread as idle until the thread it
//! woke has taken its task: two connections opened together can go to one
//! idle thread, and the second then waits in the queue until some connection
//! closes. Chromium opens up to 6 keep-alive connections per page and closes
//! none. Connections opened at once to a new tiny_http server, one request
//! each, 20 tries: with six, 20 of the 120 were unanswered after 3 s; with
//! five, 8 of 100; with four or fewer, none (the pool starts four threads).
//! Its response cannot ask to close the connection (it drops a `Connection`
//! header), which would avoid it.
#![forbid(unsafe_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

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

/// A server on `127.0.0.1`, answering each connection on a thread of its own
/// (the live book's pages hold a request open while they wait for a build),
/// one request per connection (`Connection: close`). Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    log: Option<Arc<Mutex<Vec<Served>>>>,
    stop: Arc<AtomicBool>,
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
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let log = record.then(|| Arc::new(Mutex::new(Vec::new())));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log2, stop2) = (log.clone(), Arc::clone(&stop));
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (handler, log) = (Arc::clone(&handler), log2.clone());
                thread::spawn(move || {
                    let _ = answer(stream, &*handler, log.as_deref());
                });
            }
        });
        Ok(Server { addr, log, stop, thread: Some(thread) })
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
        // The accept loop sees the flag on its next connection: this one.
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads one request (its line and headers; the methods served have no body),
/// answers it and closes the connection.
fn answer(
    stream: TcpStream,
    handler: &Handler,
    log: Option<&Mutex<Vec<Served>>>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let url = parts.next().unwrap_or("/");
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let path = path.split('#').next().unwrap_or("");
    let reply = if method == "GET" || method == "HEAD" {
        handler(&Request { method, path, query })
    } else {
        Reply::text(405, "method not allowed\n")
    };
    if let Some(log) = log {
        let shown = percent_decode_str(path).decode_utf8().map(|p| p.into_owned());
        let served =
            Served { path: shown.unwrap_or_else(|_| path.to_string()), status: reply.status };
        log.lock().expect("log lock").push(served);
    }
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&reply.body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests;
