//! Which file a request names, how it is labelled, and what the server
//! answers over a real connection: the one place these are tested.

use super::*;
use std::io::{Read, Write};
use std::net::TcpStream;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/index.html"), "<p>sub</p>").unwrap();
    std::fs::write(dir.path().join("a b.html"), "<p>spaced</p>").unwrap();
    std::fs::write(dir.path().join("数.html"), "<p>han</p>").unwrap();
    std::fs::write(dir.path().join("index.html"), "<p>home</p>").unwrap();
    dir
}

#[test]
fn paths_are_percent_decoded_and_folders_mean_their_index() {
    let s = site();
    let root = s.path();
    assert_eq!(resolve(root, "/a%20b.html"), Ok(root.join("a b.html")));
    assert_eq!(resolve(root, "/%E6%95%B0.html"), Ok(root.join("数.html")));
    assert_eq!(resolve(root, "/sub/"), Ok(root.join("sub").join("index.html")));
    assert_eq!(resolve(root, "/sub"), Ok(root.join("sub").join("index.html")));
    assert_eq!(resolve(root, "/"), Ok(root.join("index.html")));
    assert_eq!(resolve(root, "/./sub//index.html"), Ok(root.join("sub").join("index.html")));
    // Not an escape: a lone `%` stays itself (a file that is not there: 404).
    assert_eq!(resolve(root, "/100%.html"), Ok(root.join("100%.html")));
    assert_eq!(resolve(root, "/%FF.html"), Err(BadPath::NotUtf8));
}

#[test]
fn no_path_leaves_the_folder() {
    let root = Path::new("/nonexistent-site");
    for bad in [
        "/../etc/passwd",
        "/sub/../../etc/passwd",
        "/%2e%2e/etc/passwd",
        "/%2E%2E%2fetc/passwd",
        "/..%5c..%5csecret",
        "/sub\\..\\..\\secret",
        "/C:/Windows/win.ini",
        "/a%00b",
    ] {
        assert!(matches!(resolve(root, bad), Err(BadPath::Escapes(_))), "{bad} was not refused");
        assert_eq!(file(root, bad).status, 400, "{bad}");
    }
}

#[test]
fn files_are_labelled_by_their_kind() {
    let t = |name: &str| content_type(Path::new(name));
    assert_eq!(t("a.html"), "text/html; charset=utf-8");
    assert_eq!(t("A.HTM"), "text/html; charset=utf-8");
    assert_eq!(t("a.css"), "text/css; charset=utf-8");
    assert_eq!(t("a.js"), "text/javascript; charset=utf-8");
    assert_eq!(t("a.mjs"), "text/javascript; charset=utf-8");
    assert_eq!(t("a.json"), "application/json");
    assert_eq!(t("a.wasm"), "application/wasm");
    assert_eq!(t("a.svg"), "image/svg+xml");
    assert_eq!(t("a.png"), "image/png");
    assert_eq!(t("a.jpg"), "image/jpeg");
    assert_eq!(t("a.woff2"), "font/woff2");
    assert_eq!(t("a.woff"), "font/woff");
    assert_eq!(t("a.ttf"), "font/ttf");
    assert_eq!(t("a.rs"), "text/plain; charset=utf-8");
    assert_eq!(t("a.md"), "text/plain; charset=utf-8");
    assert_eq!(t("a.txt"), "text/plain; charset=utf-8");
    assert_eq!(t("a.unknown-kind"), "application/octet-stream");
    assert_eq!(t("no-extension"), "application/octet-stream");
}

#[test]
fn missing_files_are_404() {
    let s = site();
    assert_eq!(file(s.path(), "/missing.html"), Reply::text(404, "not found\n"));
    assert_eq!(
        file(s.path(), "/a%20b.html"),
        Reply::new(200, "text/html; charset=utf-8", "<p>spaced</p>")
    );
}

/// One raw HTTP/1.0 exchange: the status line and the body.
fn exchange(server: &Server, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(server.addr()).expect("connect");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (head.to_string(), body.to_string())
}

#[test]
fn the_server_answers_and_records_over_http() {
    let s = site();
    let server = Server::files(s.path()).expect("a server");
    assert!(server.base().starts_with("http://127.0.0.1:"));
    let (head, body) = exchange(&server, "GET /a%20b.html?x=1 HTTP/1.0\r\n\r\n");
    assert!(head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/html; charset=utf-8"), "{head}");
    assert!(head.contains("Cache-Control: no-store"), "{head}");
    assert_eq!(body, "<p>spaced</p>");
    let (head, body) = exchange(&server, "HEAD /index.html HTTP/1.0\r\n\r\n");
    assert!(head.contains(" 200 "), "{head}");
    assert_eq!(body, "", "HEAD has no body");
    let (head, _) = exchange(&server, "GET /missing.html HTTP/1.0\r\n\r\n");
    assert!(head.contains(" 404 "), "{head}");
    let (head, _) = exchange(&server, "GET /../secret HTTP/1.0\r\n\r\n");
    assert!(head.contains(" 400 "), "{head}");
    let (head, _) = exchange(&server, "POST /index.html HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
    assert!(head.contains(" 405 "), "{head}");
    let log = server.take_log();
    let got: Vec<(&str, u16)> = log.iter().map(|s| (s.path.as_str(), s.status)).collect();
    assert_eq!(
        got,
        [
            ("/a b.html", 200),
            ("/index.html", 200),
            ("/missing.html", 404),
            ("/../secret", 400),
            ("/index.html", 405)
        ]
    );
    assert!(server.take_log().is_empty(), "the log is taken");
}

#[test]
fn handlers_see_the_path_and_query() {
    let server = Server::start(0, false, |r| {
        Reply::text(200, &format!("{} {} {}", r.method, r.path, r.query))
    })
    .expect("a server");
    let (_, body) = exchange(&server, "GET /__live/wait?stamp=3 HTTP/1.0\r\n\r\n");
    assert_eq!(body, "GET /__live/wait stamp=3");
    assert!(server.take_log().is_empty(), "not recording");
}
