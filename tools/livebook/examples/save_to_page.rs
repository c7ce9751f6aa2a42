//! Measures the live book's save-to-page time (issue 25): with `cargo xtask
//! serve` (or `livebook serve`) running on `--port` and its first build of the
//! code done, saves an edit of a listing (`gradient_descent.rs`: 100 steps
//! become 101, so its output changes) and of a concept file (`src/loss.rs`: a
//! comment line, which recompiles the concept crate and runs every listing and
//! figure again), and times each from the save to the moment the server
//! serves the new build of the English book (the count of builds
//! `/__live/wait` reports; the open pages reload then); the listing's page is
//! checked to hold the new output.
//! Each edit is undone the same way (timed too), and the kinds alternate, so
//! that a machine whose load drifts weighs on both alike.
//!
//! `cargo run -p livebook --example save_to_page -- [port] [rounds]`
//! (defaults 3000 and 5). Prints each time, then the medians and the load average.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("livebook serve is running");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer.split_once("\r\n\r\n").map_or(answer.clone(), |(_, body)| body.to_string())
}

/// `(stamp, English builds served)` from the server's wait answer.
fn state(body: &str) -> (u64, u64) {
    let number = |key: &str| {
        let rest = &body[body.find(key).expect(key) + key.len()..];
        rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
    };
    (number("\"stamp\":"), number("\"builds\":"))
}

/// Writes `text` into `file` and waits until the server serves a build newer
/// than the one it served before: the seconds from the save to then.
fn save_and_wait(port: u16, file: &Path, text: &str) -> f64 {
    let (mut stamp, site) = state(&get(port, "/__live/wait?stamp=-1"));
    std::fs::write(file, text).unwrap();
    let saved = Instant::now();
    loop {
        let (s, v) = state(&get(port, &format!("/__live/wait?stamp={stamp}")));
        if v > site {
            return saved.elapsed().as_secs_f64();
        }
        stamp = s;
        assert!(saved.elapsed() < Duration::from_secs(300), "no new build in 5 minutes");
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port: u16 = args.first().map_or(3000, |p| p.parse().expect("a port"));
    let rounds: usize = args.get(1).map_or(5, |r| r.parse().expect("a number of rounds"));
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let listing = repo.join("crates/book/src/gradients/listings/gradient_descent.rs");
    let concept = repo.join("src/loss.rs");
    let (listing_text, concept_text) =
        (std::fs::read_to_string(&listing).unwrap(), std::fs::read_to_string(&concept).unwrap());
    let edited_listing = listing_text.replacen("0.1, 100)", "0.1, 101)", 1);
    assert_ne!(edited_listing, listing_text, "the listing's line to edit is not there");
    let edited_concept = format!("{concept_text}// edited by save_to_page\n");
    let (mut listings, mut concepts) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let page_before = get(port, "/gradients.html");
        let t = save_and_wait(port, &listing, &edited_listing);
        let page_after = get(port, "/gradients.html");
        assert_ne!(page_before, page_after, "the listing's page did not change");
        let u = save_and_wait(port, &listing, &listing_text);
        assert_eq!(get(port, "/gradients.html"), page_before, "the page did not come back");
        let c = save_and_wait(port, &concept, &edited_concept);
        let d = save_and_wait(port, &concept, &concept_text);
        println!("round {round}: listing {t:.2} s, {u:.2} s; concept {c:.2} s, {d:.2} s");
        listings.extend([t, u]);
        concepts.extend([c, d]);
    }
    // Linux's load average; elsewhere there is no /proc, and it says so.
    let load = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_else(|_| "unknown (no /proc/loadavg)".into());
    println!(
        "median: listing edit {:.2} s, concept edit {:.2} s ({} each); load average {}",
        median(&mut listings),
        median(&mut concepts),
        listings.len(),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
}
