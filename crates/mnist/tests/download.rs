//! `download` against a tiny HTTP/1.1 server on 127.0.0.1 (no other network):
//! synthetic gzipped IDX files, a manifest of their hashes, and servers that fail
//! in the ways real ones do.

mod mnist_support;

// The tests sit in a module named `mnist` so that `cargo test mnist` selects them.
mod mnist {
    use std::collections::HashMap;
    use std::fs;
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::{Duration, Instant};

    use mnist::{
        DownloadEvent, DownloadSource, LoadOptions, MnistError, TEST_IMAGES, TEST_LABELS,
        TRAIN_IMAGES, TRAIN_LABELS, download, load_mnist, sha256_hex,
    };

    use crate::mnist_support::{gzip, scratch_dir, valid_images, valid_labels};

    /// What the server answers for one path.
    #[derive(Clone)]
    struct Route {
        status: u16,
        body: Vec<u8>,
        /// Announce the whole body but close the connection after this many bytes.
        cut_after: Option<usize>,
    }

    impl Route {
        fn ok(body: Vec<u8>) -> Self {
            Route { status: 200, body, cut_after: None }
        }
    }

    /// A one-thread HTTP/1.1 server: each connection gets one answer, then is closed.
    struct Server {
        port: u16,
        routes: Arc<Mutex<HashMap<String, Route>>>,
        requests: Arc<Mutex<Vec<String>>>,
    }

    impl Server {
        fn start(routes: HashMap<String, Route>) -> Server {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = listener.local_addr().unwrap().port();
            let routes = Arc::new(Mutex::new(routes));
            let requests = Arc::new(Mutex::new(Vec::new()));
            let (r, q) = (routes.clone(), requests.clone());
            thread::spawn(move || {
                for stream in listener.incoming().flatten() {
                    let _ = answer(stream, &r, &q);
                }
            });
            Server { port, routes, requests }
        }

        fn base_url(&self) -> String {
            format!("http://127.0.0.1:{}/mnist/", self.port)
        }

        fn request_count(&self) -> usize {
            self.requests.lock().unwrap().len()
        }

        fn set(&self, path: &str, route: Route) {
            self.routes.lock().unwrap().insert(path.to_string(), route);
        }
    }

    fn answer(
        stream: TcpStream,
        routes: &Mutex<HashMap<String, Route>>,
        requests: &Mutex<Vec<String>>,
    ) -> std::io::Result<()> {
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        reader.read_line(&mut request_line)?;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("").to_string();
        requests.lock().unwrap().push(path.clone());
        let route = routes.lock().unwrap().get(&path).cloned().unwrap_or(Route {
            status: 404,
            body: b"not here".to_vec(),
            cut_after: None,
        });
        let reason = if route.status == 200 { "OK" } else { "Not Found" };
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {} {reason}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            route.status,
            route.body.len()
        )?;
        let sent = route.cut_after.unwrap_or(route.body.len()).min(route.body.len());
        stream.write_all(&route.body[..sent])?;
        stream.flush()?;
        stream.shutdown(std::net::Shutdown::Both)
    }

    /// Four small valid MNIST-like files (3 training, 2 test samples): their raw bytes.
    fn files() -> Vec<(&'static str, Vec<u8>)> {
        vec![
            (TRAIN_IMAGES, valid_images(3)),
            (TRAIN_LABELS, valid_labels(3)),
            (TEST_IMAGES, valid_images(2)),
            (TEST_LABELS, valid_labels(2)),
        ]
    }

    /// A server with the four files gzipped, and the source with their pinned hashes.
    fn setup() -> (Server, DownloadSource) {
        let routes = files()
            .into_iter()
            .map(|(name, raw)| (format!("/mnist/{name}.gz"), Route::ok(gzip(&raw))))
            .collect();
        let server = Server::start(routes);
        let source = DownloadSource {
            base_url: server.base_url(),
            files: files()
                .into_iter()
                .map(|(name, raw)| (name.to_string(), sha256_hex(&raw)))
                .collect(),
            timeout: Duration::from_secs(5),
        };
        (server, source)
    }

    /// The names of the files in `dir`, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn gz_names() -> Vec<String> {
        let mut names: Vec<String> = files().iter().map(|(n, _)| format!("{n}.gz")).collect();
        names.sort();
        names
    }

    #[test]
    fn download_fetches_verifies_and_then_skips() {
        let (server, source) = setup();
        let dir = scratch_dir("download-happy");
        let mut events = Vec::new();
        let report = download(&dir, &source, |e| {
            events.push(match e {
                DownloadEvent::Skipped { .. } => "skipped",
                DownloadEvent::Invalid { .. } => "invalid",
                DownloadEvent::Started { .. } => "started",
                DownloadEvent::Progress { .. } => "progress",
                DownloadEvent::Saved { .. } => "saved",
                _ => "other",
            })
        })
        .unwrap();
        assert_eq!(report.downloaded.len(), 4);
        assert!(report.skipped.is_empty() && report.replaced.is_empty());
        assert_eq!(server.request_count(), 4);
        assert_eq!(listing(&dir), gz_names(), "no temporary file may be left");
        assert_eq!(events.iter().filter(|e| **e == "saved").count(), 4);
        assert!(events.contains(&"progress"));

        let (train, test) = load_mnist(&dir, LoadOptions::default()).unwrap();
        assert_eq!((train.len(), test.len()), (3, 2));
        assert_eq!(train.classes().to_vec(), vec![0, 1, 2]);

        // Second run: everything verifies, nothing is requested.
        let again = download(&dir, &source, |_| {}).unwrap();
        assert!(again.downloaded.is_empty());
        assert_eq!(again.skipped.len(), 4);
        assert_eq!(again.bytes, 0);
        assert_eq!(server.request_count(), 4, "a verified file must not be downloaded again");
    }

    #[test]
    fn download_rejects_a_corrupt_file_and_leaves_nothing() {
        let (server, source) = setup();
        let name = TEST_IMAGES;
        let wrong = valid_images(1);
        server.set(&format!("/mnist/{name}.gz"), Route::ok(gzip(&wrong)));
        let dir = scratch_dir("download-corrupt");
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        let expected = sha256_hex(&valid_images(2));
        let actual = sha256_hex(&wrong);
        assert!(matches!(e, MnistError::HashMismatch { .. }), "{e}");
        let message = e.to_string();
        for needle in [name, &expected, &actual] {
            assert!(message.contains(needle), "{message:?} should contain {needle:?}");
        }
        // The two training files came before and are complete; nothing else exists.
        assert_eq!(listing(&dir), [format!("{TRAIN_IMAGES}.gz"), format!("{TRAIN_LABELS}.gz")]);
    }

    #[test]
    fn download_of_a_body_cut_short_leaves_no_partial_file() {
        let (server, source) = setup();
        let body = gzip(&valid_images(3));
        let half = body.len() / 2;
        server.set(
            &format!("/mnist/{TRAIN_IMAGES}.gz"),
            Route { status: 200, body, cut_after: Some(half) },
        );
        let dir = scratch_dir("download-cut");
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        assert!(matches!(e, MnistError::Interrupted { .. }), "{e}");
        assert!(e.to_string().contains(TRAIN_IMAGES), "{e}");
        assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
    }

    #[test]
    fn download_of_a_body_that_is_not_gzip_is_rejected() {
        let (server, source) = setup();
        server
            .set(&format!("/mnist/{TRAIN_LABELS}.gz"), Route::ok(vec![0x1f, 0x8b, 8, 0, 1, 2, 3]));
        let dir = scratch_dir("download-bad-gzip");
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        assert!(matches!(e, MnistError::Gzip { .. }), "{e}");
        assert!(e.to_string().contains(TRAIN_LABELS), "{e}");
        assert_eq!(listing(&dir), [format!("{TRAIN_IMAGES}.gz")]);
    }

    #[test]
    fn download_names_the_url_of_a_404() {
        let (server, source) = setup();
        server.routes.lock().unwrap().remove(&format!("/mnist/{TRAIN_LABELS}.gz"));
        let dir = scratch_dir("download-404");
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        let url = format!("{}{TRAIN_LABELS}.gz", server.base_url());
        assert!(matches!(e, MnistError::HttpStatus { status: 404, .. }), "{e}");
        assert!(e.to_string().contains(&url), "{e}");
        assert!(e.to_string().contains("answered HTTP 404 Not Found"), "{e}");
        assert_eq!(listing(&dir), [format!("{TRAIN_IMAGES}.gz")]);
    }

    #[test]
    fn download_keeps_a_good_file_already_there() {
        let (server, source) = setup();
        let dir = scratch_dir("download-keep");
        // The user has the raw (uncompressed) training images already.
        let raw_path = dir.join(TRAIN_IMAGES);
        fs::write(&raw_path, valid_images(3)).unwrap();
        let report = download(&dir, &source, |_| {}).unwrap();
        assert_eq!(report.skipped, std::slice::from_ref(&raw_path));
        assert_eq!(report.downloaded.len(), 3);
        assert_eq!(server.request_count(), 3);
        assert!(!server.requests.lock().unwrap().iter().any(|p| p.contains(TRAIN_IMAGES)));
        assert_eq!(fs::read(&raw_path).unwrap(), valid_images(3));
    }

    #[test]
    fn download_replaces_a_bad_file_only_with_a_verified_one() {
        let (server, source) = setup();
        let dir = scratch_dir("download-replace");
        let bad: PathBuf = dir.join(TEST_LABELS);
        fs::write(&bad, valid_labels(5)).unwrap();

        // The mirror is broken too: the user's file must survive.
        let path = format!("/mnist/{TEST_LABELS}.gz");
        server.set(&path, Route::ok(gzip(&valid_labels(4))));
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        assert!(matches!(e, MnistError::HashMismatch { .. }), "{e}");
        assert_eq!(fs::read(&bad).unwrap(), valid_labels(5), "the user's file was touched");

        // Once the mirror serves the right file, the bad one is replaced.
        server.set(&path, Route::ok(gzip(&valid_labels(2))));
        let mut invalid = Vec::new();
        let report = download(&dir, &source, |e| {
            if let DownloadEvent::Invalid { path, error, .. } = e {
                invalid.push((path.to_path_buf(), error.to_string()));
            }
        })
        .unwrap();
        assert_eq!(report.replaced, std::slice::from_ref(&bad));
        assert_eq!(invalid.len(), 1);
        assert!(invalid[0].1.contains("sha256"), "{:?}", invalid[0]);
        assert!(!bad.exists(), "the raw bad file would shadow the good .gz");
        assert_eq!(listing(&dir), gz_names());
        load_mnist(&dir, LoadOptions::default()).unwrap();
    }

    #[test]
    fn download_times_out_on_a_silent_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                held.push(stream); // accept, never answer
            }
        });
        let (_, mut source) = setup();
        source.base_url = format!("http://127.0.0.1:{port}/");
        source.timeout = Duration::from_millis(300);
        let dir = scratch_dir("download-timeout");
        let start = Instant::now();
        let e = download(&dir, &source, |_| {}).unwrap_err();
        eprintln!("{e}");
        assert!(start.elapsed() < Duration::from_secs(10), "{:?}", start.elapsed());
        assert!(matches!(e, MnistError::Http { .. }), "{e}");
        assert!(e.to_string().contains(TRAIN_IMAGES), "{e}");
        assert!(listing(&dir).is_empty());
    }

    #[test]
    fn download_pins_the_hashes_of_the_real_files() {
        let Some(dir) = std::env::var_os("MNIST_DIR").filter(|d| !d.is_empty()).map(PathBuf::from)
        else {
            eprintln!("MNIST_DIR is not set: skipped");
            return;
        };
        // The real manifest, but a mirror that refuses connections: only a file that
        // fails verification would try to reach it.
        let source =
            DownloadSource { base_url: "http://127.0.0.1:9/".into(), ..DownloadSource::default() };
        let report = download(&dir, &source, |_| {}).unwrap();
        assert_eq!(report.skipped.len(), 4);
        assert!(report.downloaded.is_empty());
    }
}
